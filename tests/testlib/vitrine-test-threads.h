/* vitrine-test-threads.h: which threads a test started, and at what
 * priority they ran (Linux, from /proc/self/task)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char *name;   /* "comm" */
  int   nice;
} VitrineTestThread;

typedef struct _VitrineTestThreadWatch VitrineTestThreadWatch;

/* Samples every thread each 20 ms on the default main context (keep it
 * turning) until vitrine_test_thread_watch_stop(). */
VitrineTestThreadWatch *vitrine_test_thread_watch_start (void);
/* The threads born since the start, or renamed (GStreamer names a
 * streaming thread after its pad), by thread id (a string), each as last
 * seen: a thread that lowers its own priority as it starts may be caught
 * before it does in one sample, not in the last. Threads that were there
 * before and kept their names are left out: GLib's shared pool keeps idle
 * threads, with the last name GStreamer gave them, for GIO's and
 * gst_element_call_async()'s short jobs. So is the main thread. Frees
 * @watch. */
GHashTable             *vitrine_test_thread_watch_stop  (VitrineTestThreadWatch *watch);

G_END_DECLS
