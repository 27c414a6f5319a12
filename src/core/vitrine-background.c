/* vitrine-background.c: work that yields to the window
 *
 * Preparing photos, hashing them for an upload, checking a web photo,
 * copying a job's photos, rendering: seconds to minutes of CPU that must
 * never make the window wait for a core (issue 12: the main loop does not
 * stall while four providers' jobs are prepared and uploaded). In GLib's
 * shared pool (g_task_run_in_thread()) such work runs at the process's
 * priority and takes the cores on equal terms with the main thread and,
 * under software GL, the threads that draw the window.
 *
 * Here it runs in threads that are VITRINE_BACKGROUND_NICENESS nicer than
 * the main thread (on Linux a nice value is a thread's own). A thread
 * cannot raise its priority back without privileges, so these threads are
 * never lent out: the pool is exclusive, one thread a core, and what is
 * pushed beyond that waits in its queue. A task run here must not wait
 * for another task run here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vitrine-background.h"

#include <errno.h>

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

/* The calling thread, and the threads it starts afterwards, yield to the
 * rest of the process: VITRINE_BACKGROUND_NICENESS nicer than the main
 * thread, once (a thread started by a background thread is so already). */
void
vitrine_background_lower_priority (void)
{
#ifdef __linux__
  pid_t tid = (pid_t) syscall (SYS_gettid);
  int main_nice, nice, target;

  errno = 0;
  main_nice = getpriority (PRIO_PROCESS, getpid ());
  nice = getpriority (PRIO_PROCESS, tid);
  target = MIN (main_nice + VITRINE_BACKGROUND_NICENESS, 19);
  if (errno == 0 && nice < target && setpriority (PRIO_PROCESS, tid, target) != 0)
    g_debug ("Cannot lower a background thread's priority: %s", g_strerror (errno));
#endif
}

typedef struct {
  GTask *task;
  GTaskThreadFunc func;
  guint seq;        /* the order it came in */
} Work;

/* What waits goes by the task's priority (g_task_set_priority(), a lower
 * value first), as in GLib's own pool, then in the order it came: starting
 * or ending a render does not wait behind a batch of photos. */
static int
work_compare (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const Work *wa = a, *wb = b;
  int pa = g_task_get_priority (wa->task), pb = g_task_get_priority (wb->task);

  if (pa != pb)
    return pa < pb ? -1 : 1;
  return (int) (wa->seq - wb->seq);   /* wraps around after 2^32 tasks */
}

static void
background_thread (gpointer data,
                   gpointer user_data)
{
  Work *work = data;

  /* cheap after the first time: the thread is nice already */
  vitrine_background_lower_priority ();
  work->func (work->task, g_task_get_source_object (work->task), g_task_get_task_data (work->task),
              g_task_get_cancellable (work->task));
  g_object_unref (work->task);
  g_free (work);
}

void
vitrine_background_run (GTask           *task,
                        GTaskThreadFunc  func)
{
  static GThreadPool *pool;
  static int seq;
  Work *work;

  if (g_once_init_enter (&pool))
    {
      GThreadPool *new_pool = g_thread_pool_new (background_thread, NULL,
                                                 MAX (1, (int) g_get_num_processors ()),
                                                 TRUE, NULL);

      g_thread_pool_set_sort_function (new_pool, work_compare, NULL);
      g_once_init_leave (&pool, new_pool);
    }
  work = g_new (Work, 1);
  *work = (Work) { g_object_ref (task), func, (guint) g_atomic_int_add (&seq, 1) };
  g_thread_pool_push (pool, work, NULL);
}
