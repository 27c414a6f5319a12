/* vitrine-application.c
 *
 * The application owns the job list (the store) and the monitor that drives
 * its unfinished jobs, so videos carry on being made when the last window
 * closes: the application holds itself while any job of the store is
 * unfinished and quits once none is and no window is open. When a job ends
 * while no window of Vitrine has the focus, a notification says so; its
 * action (app.show-job) opens the window on that job.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vitrine-application.h"
#include "vitrine-bench.h"
#include "vitrine-config.h"
#include "vitrine-confirm.h"
#include "vitrine-job-row.h"
#include "vitrine-media-host.h"
#include "vitrine-preferences-window.h"
#include "vitrine-provider.h"
#include "vitrine-window.h"

struct _VitrineApplication
{
  AdwApplication     parent_instance;

  VitrineJobStore   *store;
  VitrineJobMonitor *monitor;
  GHashTable        *unfinished;   /* VitrineJob (owned) → its notify::state handler */
  gboolean           holding;
  guint              cleanup_id;     /* looks again while a provider ends a job's work */
  gint64             cleanup_until;  /* monotonic µs: how long that may hold */
  GtkWidget         *quit_dialog;  /* weak: the question Quit asks while a video is made */
};

/* How long the last job's end-of-job work (its uploaded copies deleted)
 * may keep Vitrine after its window closed. */
#define CLEANUP_HOLD_S 60

G_DEFINE_FINAL_TYPE (VitrineApplication, vitrine_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  JOB_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Unfinished jobs: the hold, the notifications */

static gboolean
vitrine_application_has_focus (VitrineApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (gtk_widget_get_visible (l->data) && gtk_window_is_active (l->data))
        return TRUE;
    }
  return FALSE;
}

static char *
notification_id (VitrineJob *job)
{
  return g_strconcat ("job-", vitrine_job_get_id (job), NULL);
}

static void
vitrine_application_notify_job (VitrineApplication *self,
                                VitrineJob         *job)
{
  VitrineJobState state = vitrine_job_get_state (job);
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  g_autofree char *id = notification_id (job);
  const char *name = vitrine_job_get_name (job) ? vitrine_job_get_name (job) : "";

  if (state == VITRINE_JOB_STATE_COMPLETED)
    {
      VitrineProvider *provider = vitrine_provider_lookup (vitrine_job_get_provider_id (job));
      double length = vitrine_job_row_get_length (job);
      const char *made_by = provider ? vitrine_provider_get_display_name (provider)
                                     : vitrine_job_get_provider_id (job);

      /* Translators: a notification; %s is the listing name */
      title = g_strdup_printf (_("Video ready: %s"), name);
      if (length > 0)
        {
          g_autofree char *duration = vitrine_job_row_format_length (length);

          /* Translators: the body of "Video ready": who made it and its
           * length, "This computer · 0:36" */
          body = g_strdup_printf (_("%s · %s"), made_by, duration);
        }
      else
        body = g_strdup (made_by);
    }
  else if (state == VITRINE_JOB_STATE_FAILED || state == VITRINE_JOB_STATE_INTERRUPTED)
    {
      const char *reason = vitrine_job_get_error_message (job);

      /* Translators: a notification; %s is the listing name */
      title = g_strdup_printf (_("Video failed: %s"), name);
      body = g_strdup (reason != NULL && *reason != '\0' ? reason
                                                         : vitrine_job_state_get_label (state));
    }
  else
    return; /* cancelled: the person did it */

  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_notification_set_default_action_and_target (notification, "app.show-job", "s",
                                                vitrine_job_get_id (job));
  if (state != VITRINE_JOB_STATE_COMPLETED)
    g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
  g_application_send_notification (G_APPLICATION (self), id, notification);
}

static void vitrine_application_update_hold (VitrineApplication *self);

static gboolean
vitrine_application_cleanup_cb (gpointer user_data)
{
  VitrineApplication *self = user_data;

  self->cleanup_id = 0;
  vitrine_application_update_hold (self);
  return G_SOURCE_REMOVE;
}

/* Held while a job is unfinished, and after the last one while a provider
 * ends its work, looked at every 250 ms (a window closed earlier let
 * Vitrine quit with the copies of the photos still in the bucket): the
 * first look comes after the provider has heard of the end. */
static void
vitrine_application_update_hold (VitrineApplication *self)
{
  gboolean jobs = g_hash_table_size (self->unfinished) > 0;
  gboolean busy = jobs;
  gint64 now = g_get_monotonic_time ();

  if (jobs)
    self->cleanup_until = 0;
  else if (self->holding && self->cleanup_until == 0)
    {
      self->cleanup_until = now + CLEANUP_HOLD_S * G_USEC_PER_SEC;
      busy = TRUE;
    }
  else if (self->cleanup_until != 0)
    busy = now < self->cleanup_until && self->monitor != NULL &&
           vitrine_job_monitor_is_busy (self->monitor);
  if (busy && !jobs && self->cleanup_id == 0)
    self->cleanup_id = g_timeout_add (250, vitrine_application_cleanup_cb, self);
  if (busy == self->holding)
    return;
  self->holding = busy;
  /* Closing the last window never stops a video being made. */
  if (busy)
    g_application_hold (G_APPLICATION (self));
  else
    g_application_release (G_APPLICATION (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void vitrine_application_job_state_cb (VitrineJob         *job,
                                              GParamSpec         *pspec,
                                              VitrineApplication *self);

static void
vitrine_application_untrack (VitrineApplication *self,
                             VitrineJob         *job)
{
  gpointer handler;

  if (g_hash_table_lookup_extended (self->unfinished, job, NULL, &handler))
    {
      g_signal_handler_disconnect (job, GPOINTER_TO_SIZE (handler));
      g_hash_table_remove (self->unfinished, job);
    }
}

static gboolean vitrine_application_renders_here (VitrineApplication *self);

/* Quit's question goes once its reason has: the render ended, the answer
 * came (it still asked "Quit while a video is being made?" beside the
 * finished video). */
static void
vitrine_application_review_quit_dialog (VitrineApplication *self)
{
  if (self->quit_dialog == NULL || vitrine_application_renders_here (self) ||
      (self->monitor != NULL && vitrine_job_monitor_awaits_start (self->monitor) != NULL))
    return;
  gtk_window_close (GTK_WINDOW (self->quit_dialog));
}

static void
vitrine_application_job_state_cb (VitrineJob         *job,
                                  GParamSpec         *pspec,
                                  VitrineApplication *self)
{
  g_autoptr(VitrineJob) ref = NULL;

  if (!vitrine_job_is_finished (job))
    {
      vitrine_application_review_quit_dialog (self);
      return;
    }

  ref = g_object_ref (job);
  vitrine_application_untrack (self, job);
  vitrine_application_review_quit_dialog (self);
  g_signal_emit (self, signals[JOB_FINISHED], 0, job);
  if (!vitrine_application_has_focus (self))
    vitrine_application_notify_job (self, job);
  vitrine_application_update_hold (self);
}

static void
vitrine_application_jobs_changed_cb (VitrineApplication *self,
                                     guint               position,
                                     guint               removed,
                                     guint               added,
                                     GListModel         *model)
{
  /* Jobs that left the list (removed here or by another process). */
  if (removed > 0 && g_hash_table_size (self->unfinished) > 0)
    {
      g_autoptr(GPtrArray) gone = g_ptr_array_new ();
      GHashTableIter iter;
      VitrineJob *job;

      g_hash_table_iter_init (&iter, self->unfinished);
      while (g_hash_table_iter_next (&iter, (gpointer *) &job, NULL))
        {
          if (vitrine_job_store_lookup (self->store, vitrine_job_get_id (job)) != job)
            g_ptr_array_add (gone, job);
        }
      for (guint i = 0; i < gone->len; i++)
        vitrine_application_untrack (self, g_ptr_array_index (gone, i));
    }

  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(VitrineJob) job = g_list_model_get_item (model, i);
      gulong handler;

      if (vitrine_job_is_finished (job) || g_hash_table_contains (self->unfinished, job))
        continue;
      handler = g_signal_connect (job, "notify::state",
                                  G_CALLBACK (vitrine_application_job_state_cb), self);
      g_hash_table_insert (self->unfinished, g_object_ref (job), GSIZE_TO_POINTER (handler));
    }

  vitrine_application_update_hold (self);
}

static void
vitrine_application_untrack_all (VitrineApplication *self)
{
  GHashTableIter iter;
  VitrineJob *job;
  gpointer handler;

  if (self->unfinished == NULL)
    return;
  g_hash_table_iter_init (&iter, self->unfinished);
  while (g_hash_table_iter_next (&iter, (gpointer *) &job, &handler))
    {
      g_signal_handler_disconnect (job, GPOINTER_TO_SIZE (handler));
      g_hash_table_iter_remove (&iter);
    }
}

static VitrineWindow *
vitrine_application_ensure_window (VitrineApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (VITRINE_IS_WINDOW (window))
    return VITRINE_WINDOW (window);
  vitrine_bench_mark ("window-new");
  window = GTK_WINDOW (vitrine_window_new (self));
  /* VITRINE_BENCH=1: the launch and scroll benchmarks (tests/bench/jobs). */
  if (g_getenv ("VITRINE_BENCH") != NULL)
    vitrine_bench_attach (VITRINE_WINDOW (window));
  return VITRINE_WINDOW (window);
}

static void
vitrine_application_activate (GApplication *application)
{
  VitrineWindow *window = vitrine_application_ensure_window (VITRINE_APPLICATION (application));

  gtk_window_present (GTK_WINDOW (window));
}

/* `vitrine PHOTO… FOLDER…` opens them in the photo grid. */
static void
vitrine_application_open (GApplication  *application,
                          GFile        **files,
                          int            n_files,
                          const char    *hint)
{
  VitrineWindow *window = vitrine_application_ensure_window (VITRINE_APPLICATION (application));
  GSList *list = NULL;

  for (int i = n_files; i > 0; i--)
    list = g_slist_prepend (list, files[i - 1]);
  vitrine_photo_grid_add_files (vitrine_window_get_photo_grid (window), list);
  g_slist_free (list);

  gtk_window_present (GTK_WINDOW (window));
}

/* From a notification: the window, on that job, playing it. */
static void
vitrine_application_show_job_action (GSimpleAction *action,
                                     GVariant      *param,
                                     gpointer       user_data)
{
  VitrineApplication *self = user_data;
  VitrineWindow *window = vitrine_application_ensure_window (self);
  const char *id = g_variant_get_string (param, NULL);
  VitrineJob *job = self->store ? vitrine_job_store_lookup (self->store, id) : NULL;
  g_autofree char *notification = g_strconcat ("job-", id, NULL);

  gtk_window_present (GTK_WINDOW (window));
  if (job != NULL)
    vitrine_window_select_job (window, job);
  else
    vitrine_window_add_toast (window, _("That video is no longer in the list"));
  g_application_withdraw_notification (G_APPLICATION (self), notification);
}

static gboolean
vitrine_application_renders_here (VitrineApplication *self)
{
  GHashTableIter iter;
  VitrineJob *job;

  g_hash_table_iter_init (&iter, self->unfinished);
  while (g_hash_table_iter_next (&iter, (gpointer *) &job, NULL))
    {
      VitrineProvider *provider = vitrine_provider_lookup (vitrine_job_get_provider_id (job));

      if (provider != NULL && !vitrine_provider_is_cloud (provider))
        return TRUE;
    }
  return FALSE;
}

static void
vitrine_application_quit_now (VitrineApplication *self)
{
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Closing saves the window size; then nothing keeps the application. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_application_quit (G_APPLICATION (self));
}

static gboolean
vitrine_application_quit_idle (gpointer user_data)
{
  vitrine_application_quit_now (user_data);
  return G_SOURCE_REMOVE;
}

/* Quit once the question has gone: closing its window under it, from its
 * own answer, left the question unhooking itself from a freed window. */
static void
vitrine_application_quit_response_cb (AdwMessageDialog   *dialog,
                                      const char         *response,
                                      VitrineApplication *self)
{
  if (g_strcmp0 (response, "quit") == 0)
    g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, vitrine_application_quit_idle,
                     g_object_ref (self), g_object_unref);
}

static void
vitrine_application_quit_action (GSimpleAction *action,
                                 GVariant      *param,
                                 gpointer       user_data)
{
  VitrineApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  VitrineJob *sending = self->monitor != NULL ? vitrine_job_monitor_awaits_start (self->monitor)
                                              : NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  /* Closing the window leaves videos being made; quitting stops a render
   * on this computer (it starts again with Vitrine), so ask first. Remote
   * jobs carry on at the provider's and are picked up again at start,
   * but for one whose paid request waits for its answer: lost, it could
   * not be looked for, and the video would be paid for and never seen. */
  if (parent == NULL || (sending == NULL && !vitrine_application_renders_here (self)))
    {
      vitrine_application_quit_now (self);
      return;
    }

  if (sending != NULL)
    {
      VitrineProvider *provider = vitrine_provider_lookup (vitrine_job_get_provider_id (sending));

      body = g_strdup_printf (_("%s has not answered yet for “%s”. Quit now, and the video may "
                                "be made and paid for without Vitrine ever knowing it. Close "
                                "the window instead to let Vitrine wait for the answer."),
                              vitrine_provider_get_display_name (provider),
                              vitrine_job_get_name (sending));
      dialog = adw_message_dialog_new (parent, _("Quit While a Video Is Being Sent?"), body);
    }
  else
    dialog = adw_message_dialog_new (parent, _("Quit While a Video Is Being Made?"),
                                     _("The video being made on this computer stops now and "
                                       "starts again the next time you open Vitrine. Close the "
                                       "window instead to let it finish."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep Working"),
                                    "quit", _("_Quit"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "quit",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (vitrine_application_quit_response_cb),
                           self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  g_set_weak_pointer (&self->quit_dialog, dialog);
}

static void
vitrine_application_about_action (GSimpleAction *action,
                                  GVariant      *param,
                                  gpointer       user_data)
{
  VitrineApplication *self = user_data;
  const char *team = _("The Vitrine developers");
  const char *developers[] = { team, NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autofree char *copyright = NULL;
  GtkWidget *about;

  /* Translators: the About window's copyright line; %s is "The Vitrine developers" */
  copyright = g_strdup_printf (_("© 2025–2026 %s"), team);

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "modal", TRUE,
                        "application-name", _("Vitrine"),
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "comments", _("Turn a listing’s photos into a presentation video"),
                        "website", PACKAGE_URL,
                        "issue-url", PACKAGE_BUGREPORT,
                        "developer-name", team,
                        "developers", developers,
                        "copyright", copyright,
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "translator-credits", _("translator-credits"),
                        NULL);
  /* Said in general: the services are declared by the providers, and no
   * file of the window names one. */
  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about), _("Online Services"), NULL,
                                      GTK_LICENSE_CUSTOM,
                                      _("Vitrine is not affiliated with, endorsed or sponsored "
                                        "by the video services it connects to. Their names and "
                                        "trademarks belong to their owners."));
  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_actions[] = {
  { "quit", vitrine_application_quit_action },
  { "about", vitrine_application_about_action },
  { "show-job", vitrine_application_show_job_action, "s" },
};

static void
vitrine_application_swept_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  guint count = vitrine_media_host_sweep_from_settings_finish (result, &error);

  if (error != NULL)
    g_debug ("Media host not swept: %s", error->message);
  else if (count > 0)
    g_debug ("Media host: %u old uploads deleted", count);
}

static void
vitrine_application_startup (GApplication *application)
{
  VitrineApplication *self = VITRINE_APPLICATION (application);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };
  static const char *add_accels[] = { "<Control>o", NULL };
  static const char *save_accels[] = { "<Control><Shift>s", NULL };

  /* main.c does this too; tests create the application without it. */
  vitrine_config_bind_textdomain ();

  G_APPLICATION_CLASS (vitrine_application_parent_class)->startup (application);

  g_set_application_name (_("Vitrine"));
  gtk_window_set_default_icon_name (APP_ID);
  /* Photo copies kept past the keep-days setting leave the media host. */
  vitrine_media_host_sweep_from_settings_async (NULL, vitrine_application_swept_cb, NULL);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  /* app.preferences (Ctrl+comma), app.provider-key, app.buy-credits */
  vitrine_preferences_window_add_app_actions (GTK_APPLICATION (self));
  vitrine_confirm_add_app_actions (GTK_APPLICATION (self));
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  /* GtkWindow's own action: closing the window leaves videos being made */
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.add-photos", add_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.save-as", save_accels);

  /* The user's job list (SQLite), shared with vitrine-cli. From now on the
   * monitor drives every unfinished job of the store (jobs interrupted by a
   * restart resume) and every job added to it. */
  vitrine_bench_mark ("store-open");
  self->store = vitrine_job_store_new_default ();
  vitrine_bench_mark ("store-loaded");
  self->monitor = vitrine_job_monitor_new (self->store);

  /* Watched for their end, jobs started by vitrine-cli included (the store
   * reads them within a second). */
  g_signal_connect_object (self->store, "items-changed",
                           G_CALLBACK (vitrine_application_jobs_changed_cb), self,
                           G_CONNECT_SWAPPED);
  vitrine_application_jobs_changed_cb (self, 0, 0,
                                       g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                                       G_LIST_MODEL (self->store));
}

/* The jobs, the store and the monitor, at shutdown (or dispose, for an
 * application never run). */
static void
vitrine_application_let_go (VitrineApplication *self)
{
  vitrine_application_untrack_all (self);
  g_clear_handle_id (&self->cleanup_id, g_source_remove);
  g_clear_weak_pointer (&self->quit_dialog);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->monitor);
  g_clear_object (&self->store);
}

static void
vitrine_application_shutdown (GApplication *application)
{
  VitrineApplication *self = VITRINE_APPLICATION (application);

  G_APPLICATION_CLASS (vitrine_application_parent_class)->shutdown (application);

  vitrine_application_let_go (self);
}

static void
vitrine_application_dispose (GObject *object)
{
  VitrineApplication *self = VITRINE_APPLICATION (object);

  vitrine_application_let_go (self);

  G_OBJECT_CLASS (vitrine_application_parent_class)->dispose (object);
}

static void
vitrine_application_finalize (GObject *object)
{
  VitrineApplication *self = VITRINE_APPLICATION (object);

  g_clear_pointer (&self->unfinished, g_hash_table_unref);

  G_OBJECT_CLASS (vitrine_application_parent_class)->finalize (object);
}

static void
vitrine_application_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  VitrineApplication *self = VITRINE_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->holding);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_application_class_init (VitrineApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = vitrine_application_dispose;
  object_class->finalize = vitrine_application_finalize;
  object_class->get_property = vitrine_application_get_property;

  app_class->startup = vitrine_application_startup;
  app_class->shutdown = vitrine_application_shutdown;
  app_class->activate = vitrine_application_activate;
  app_class->open = vitrine_application_open;

  /* TRUE while a job of the store is unfinished: the application holds
   * itself and outlives its windows. */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VitrineApplication::job-finished:
   * A job of the store reached a finished state (completed, failed,
   * cancelled or interrupted) while this process watched it.
   */
  signals[JOB_FINISHED] =
    g_signal_new ("job-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, VITRINE_TYPE_JOB);
}

static void
vitrine_application_init (VitrineApplication *self)
{
  self->unfinished = g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref, NULL);
}

VitrineApplication *
vitrine_application_new (void)
{
  return g_object_new (VITRINE_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/vitrine/Vitrine",
                       NULL);
}

VitrineJobStore *
vitrine_application_get_store (VitrineApplication *self)
{
  g_return_val_if_fail (VITRINE_IS_APPLICATION (self), NULL);
  return self->store;
}

VitrineJobMonitor *
vitrine_application_get_monitor (VitrineApplication *self)
{
  g_return_val_if_fail (VITRINE_IS_APPLICATION (self), NULL);
  return self->monitor;
}

gboolean
vitrine_application_get_busy (VitrineApplication *self)
{
  g_return_val_if_fail (VITRINE_IS_APPLICATION (self), FALSE);
  return self->holding;
}
