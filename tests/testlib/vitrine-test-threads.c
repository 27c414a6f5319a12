/* vitrine-test-threads.c: which threads a test started, and at what
 * priority they ran
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vitrine-test-threads.h"

#include <string.h>
#include <unistd.h>

struct _VitrineTestThreadWatch {
  GHashTable *before;  /* tid → VitrineTestThread, at the start */
  GHashTable *last;    /* tid → VitrineTestThread, as last seen */
  guint       source;
};

static void
thread_free (gpointer data)
{
  VitrineTestThread *t = data;

  g_free (t->name);
  g_free (t);
}

/* Each of this process's threads but the main one, by thread id. */
static GHashTable *
threads_now (void)
{
  GHashTable *threads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, thread_free);
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  g_autofree char *main_tid = g_strdup_printf ("%d", (int) getpid ());
  const char *tid;

  while (dir != NULL && (tid = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc/self/task", tid, "stat", NULL);
      g_autofree char *stat = NULL;
      g_auto(GStrv) fields = NULL;
      const char *open, *close;
      VitrineTestThread *t;

      /* "tid (comm) state …": the nice value is the 19th field */
      if (g_str_equal (tid, main_tid) || !g_file_get_contents (path, &stat, NULL, NULL) ||
          (open = strchr (stat, '(')) == NULL || (close = strrchr (stat, ')')) == NULL)
        continue;
      fields = g_strsplit (close + 2, " ", -1);
      if (g_strv_length (fields) <= 16)
        continue;
      t = g_new (VitrineTestThread, 1);
      t->name = g_strndup (open + 1, close - open - 1);
      t->nice = (int) g_ascii_strtoll (fields[16], NULL, 10);
      g_hash_table_insert (threads, g_strdup (tid), t);
    }
  return threads;
}

static gboolean
sample_cb (gpointer data)
{
  VitrineTestThreadWatch *watch = data;
  g_autoptr(GHashTable) now = threads_now ();
  GHashTableIter iter;
  gpointer tid, t;

  g_hash_table_iter_init (&iter, now);
  while (g_hash_table_iter_next (&iter, &tid, &t))
    {
      g_hash_table_iter_steal (&iter);
      g_hash_table_replace (watch->last, tid, t);
    }
  return G_SOURCE_CONTINUE;
}

VitrineTestThreadWatch *
vitrine_test_thread_watch_start (void)
{
  VitrineTestThreadWatch *watch = g_new0 (VitrineTestThreadWatch, 1);

  watch->before = threads_now ();
  watch->last = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, thread_free);
  watch->source = g_timeout_add (20, sample_cb, watch);
  return watch;
}

GHashTable *
vitrine_test_thread_watch_stop (VitrineTestThreadWatch *watch)
{
  GHashTable *started = g_steal_pointer (&watch->last);
  GHashTableIter iter;
  gpointer tid, value;

  sample_cb (&(VitrineTestThreadWatch) { .last = started });
  g_source_remove (watch->source);
  g_hash_table_iter_init (&iter, started);
  while (g_hash_table_iter_next (&iter, &tid, &value))
    {
      VitrineTestThread *t = value, *then = g_hash_table_lookup (watch->before, tid);

      if (then != NULL && g_str_equal (then->name, t->name))
        g_hash_table_iter_remove (&iter);
    }
  g_hash_table_unref (watch->before);
  g_free (watch);
  return started;
}
