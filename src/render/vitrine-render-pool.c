/* vitrine-render-pool.c: the render's threads, behind the window's
 *
 * A render keeps every core busy for minutes: its own threads (frames,
 * photo decoding, soundtrack) and GStreamer's streaming threads, in which
 * x264 encodes and starts its own workers. All of them run at a lower
 * priority than the rest of the process (vitrine_background_lower_priority()),
 * so the main loop, and the drawing of the window, get a core first when
 * they need one (issue 12: the window never stalls while the
 * local render runs beside the uploads).
 *
 * GStreamer's streaming threads come from GLib's shared thread pool by
 * default, and a thread's priority cannot be raised back once lowered
 * (without privileges), so this task pool gives every streaming task a
 * thread of its own, lowered at its start and ended with the task: no
 * other work ever inherits the lower priority.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vitrine-background.h"
#include "vitrine-render-pool.h"

struct _VitrineRenderPool
{
  GstTaskPool parent_instance;
};

G_DEFINE_FINAL_TYPE (VitrineRenderPool, vitrine_render_pool, GST_TYPE_TASK_POOL)

typedef struct {
  GstTaskPoolFunction func;
  gpointer user_data;
} Start;

static gpointer
vitrine_render_pool_thread (gpointer data)
{
  Start *start = data;

  vitrine_background_lower_priority ();
  start->func (start->user_data);
  g_free (start);
  return NULL;
}

static void
vitrine_render_pool_prepare (GstTaskPool  *pool,
                             GError      **error)
{
}

static void
vitrine_render_pool_cleanup (GstTaskPool *pool)
{
}

/* A thread for each task; its handle is the GThread. */
static gpointer
vitrine_render_pool_push (GstTaskPool          *pool,
                          GstTaskPoolFunction   func,
                          gpointer              user_data,
                          GError              **error)
{
  Start *start = g_new (Start, 1);
  GThread *thread;

  *start = (Start) { func, user_data };
  thread = g_thread_try_new ("vitrine-stream", vitrine_render_pool_thread, start, error);
  if (thread == NULL)
    g_free (start);
  return thread;
}

static void
vitrine_render_pool_join (GstTaskPool *pool,
                          gpointer     id)
{
  g_thread_join (id);
}

static void
vitrine_render_pool_dispose_handle (GstTaskPool *pool,
                                    gpointer     id)
{
  g_thread_unref (id);
}

static void
vitrine_render_pool_class_init (VitrineRenderPoolClass *klass)
{
  GstTaskPoolClass *pool_class = GST_TASK_POOL_CLASS (klass);

  pool_class->prepare = vitrine_render_pool_prepare;
  pool_class->cleanup = vitrine_render_pool_cleanup;
  pool_class->push = vitrine_render_pool_push;
  pool_class->join = vitrine_render_pool_join;
  pool_class->dispose_handle = vitrine_render_pool_dispose_handle;
}

static void
vitrine_render_pool_init (VitrineRenderPool *self)
{
}

static GstTaskPool *
vitrine_render_pool_new (void)
{
  return g_object_new (VITRINE_TYPE_RENDER_POOL, NULL);
}

/* Each streaming task is given the pool as it is made (in the thread that
 * makes it: a bus sync handler). */
static GstBusSyncReply
vitrine_render_pool_stream_status_cb (GstBus     *bus,
                                      GstMessage *msg,
                                      gpointer    pool)
{
  GstStreamStatusType type;
  GstElement *owner;
  const GValue *value;

  if (GST_MESSAGE_TYPE (msg) != GST_MESSAGE_STREAM_STATUS)
    return GST_BUS_PASS;
  gst_message_parse_stream_status (msg, &type, &owner);
  value = gst_message_get_stream_status_object (msg);
  if (type == GST_STREAM_STATUS_TYPE_CREATE && value != NULL && G_VALUE_HOLDS (value, GST_TYPE_TASK))
    gst_task_set_pool (g_value_get_object (value), pool);
  return GST_BUS_PASS;
}

/* Before @pipeline starts: its streaming threads come from a pool of
 * these, as long as the pipeline lives. */
void
vitrine_render_pool_use (GstElement *pipeline)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);

  gst_bus_set_sync_handler (bus, vitrine_render_pool_stream_status_cb, vitrine_render_pool_new (),
                            gst_object_unref);
}
