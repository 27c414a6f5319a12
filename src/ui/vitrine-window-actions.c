/* vitrine-window-actions.c: what the window's buttons and keys do
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>

#include "vitrine-music-player.h"
#include "vitrine-file-chooser.h"
#include "vitrine-account-check.h"
#include "vitrine-confirm.h"
#include "vitrine-preferences-window.h"
#include "vitrine-provider.h"
#include "vitrine-widget-actions.h"
#include "vitrine-window-private.h"

/* Create */

void
_vitrine_window_submit (VitrineWindow *self,
                        VitrineJob    *job)
{
  /* The provider makes the output folder when it needs it. */
  _vitrine_window_mark_created_here (job);
  vitrine_job_store_add (self->store, job);
  /* Its listing is saved: another listing name may offer its own. */
  vitrine_listing_group_mark_saved (self->listing_group);

  /* The new job is at the top of the list. */
  gtk_widget_activate_action (GTK_WIDGET (self->job_list), "list.scroll-to-item", "u", 0);
}

static void
vitrine_window_confirm_paid_cb (VitrineConfirm *dialog,
                                const char     *response,
                                VitrineWindow  *self)
{
  GPtrArray *jobs = vitrine_confirm_get_jobs (dialog);

  self->confirming = FALSE;
  vitrine_window_update_actions (self);
  /* Every job of the question (several when comparing providers). */
  for (guint i = 0; g_strcmp0 (response, VITRINE_CONFIRM_RESPONSE_PAY) == 0 && i < jobs->len; i++)
    _vitrine_window_submit (self, jobs->pdata[i]);
}

/* Asks once for @dialog's jobs (Create is off meanwhile, so a double click
 * never makes them twice); Pay adds them to the list. */
void
_vitrine_window_confirm (VitrineWindow *self,
                         GtkWidget     *dialog)
{
  self->confirming = TRUE;
  vitrine_window_update_actions (self);
  g_signal_connect_object (dialog, "response", G_CALLBACK (vitrine_window_confirm_paid_cb),
                           self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
vitrine_window_create_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *param)
{
  VitrineWindow *self = VITRINE_WINDOW (widget);
  g_auto(GStrv) photos = vitrine_photo_grid_dup_usable_paths (self->photo_grid);
  g_autofree char *provider_id = g_settings_get_string (self->settings, "provider");
  VitrineProvider *provider;
  g_autoptr(VitrineJob) job = NULL;

  g_return_if_fail (self->store != NULL);

  if (photos == NULL || photos[0] == NULL)
    {
      vitrine_window_add_toast (self, _("Add some photos first"));
      return;
    }
  if (_vitrine_window_compare_create (self, (const char * const *) photos))
    return;

  provider = vitrine_provider_lookup (provider_id);
  if (provider == NULL)
    provider = vitrine_provider_get_default ();
  g_return_if_fail (provider != NULL);

  if ((job = _vitrine_window_new_job (self, provider, (const char * const *) photos)) != NULL)
    _vitrine_window_start_job (self, job);
}

/* Photos from the web as @provider takes them (VITRINE_JOB_OPTION_PHOTO_SOURCES
 * says how the job keeps them), after the provider's options, which match
 * the grid's photos by their grid paths (the crop). FALSE while a copy it
 * needs is still on its way. */
static gboolean
vitrine_window_resolve_web_photos (VitrineWindow   *self,
                                   VitrineJob      *job,
                                   VitrineProvider *provider)
{
  gboolean as_urls = vitrine_provider_get_capabilities (provider)->needs_urls;
  g_auto(GStrv) photos = NULL;
  g_auto(GStrv) sources = NULL;

  if (!vitrine_photo_grid_resolve_photos (self->photo_grid, vitrine_job_get_photos (job),
                                          as_urls, &photos, &sources))
    {
      vitrine_window_add_toast (self, _("Some photos from the web are still downloading"));
      return FALSE;
    }
  vitrine_job_set_photos (job, (const char * const *) photos);
  if (sources != NULL)
    {
      g_autofree char *joined = g_strjoinv ("\n", sources);

      vitrine_job_set_option (job, VITRINE_JOB_OPTION_PHOTO_SOURCES, joined);
    }
  return TRUE;
}

/* A job for @provider from the window's choices: @photos, the listing,
 * shapes and agent, the provider's own inputs. NULL when one is refused or
 * missing: it is highlighted (a toast says why), and no job. */
VitrineJob *
_vitrine_window_new_job (VitrineWindow      *self,
                         VitrineProvider    *provider,
                         const char * const *photos)
{
  g_autofree char *music = g_settings_get_string (self->settings, "music");
  g_autofree char *output_dir = g_settings_get_string (self->settings, "output-folder");
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  g_autofree char *title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_row))));
  g_autoptr(VitrineJob) job = NULL;
  const VitrineListing *listing;

  if (*output_dir == '\0')
    {
      g_free (output_dir);
      output_dir = vitrine_default_output_dir ();
    }

  job = vitrine_job_new (vitrine_provider_get_id (provider));
  vitrine_job_set_name (job, *name != '\0' ? name : self->default_name);
  vitrine_job_set_photos (job, photos);
  vitrine_job_set_music (job, *music != '\0' ? music : NULL);
  vitrine_job_set_seconds_per_photo (job, gtk_spin_button_get_value (self->seconds_spin));
  vitrine_job_set_title (job, *title != '\0' ? title : NULL);
  vitrine_job_set_output_dir (job, output_dir);
  /* The listing, shapes and agent; the provider's own inputs. A refused or
   * missing one is highlighted, and no job. */
  if (!_vitrine_window_apply_listing (self, job) ||
      !vitrine_provider_options_apply (self->provider_options, job) ||
      !vitrine_window_resolve_web_photos (self, job, provider))
    return NULL;
  /* The made-up name (the day's date, every job's that day) gives way to
   * the address: the list and the files were told apart by nothing. */
  listing = vitrine_job_get_listing (job);
  if ((*name == '\0' || g_str_equal (name, self->default_name)) &&
      listing != NULL && listing->address != NULL)
    vitrine_job_set_name (job, listing->address);
  return g_steal_pointer (&job);
}

/* Money: the estimate first, and a yes (vitrine-confirm.c); Create is off
 * meanwhile, so a double click never makes two paid jobs. */
static void
vitrine_window_send_job (VitrineWindow   *self,
                         VitrineProvider *provider,
                         VitrineJob      *job)
{
  if (vitrine_confirm_is_needed (provider, job))
    {
      _vitrine_window_confirm (self, vitrine_confirm_new (GTK_WINDOW (self), provider, job));
      return;
    }
  if (vitrine_confirm_is_free_preview (provider, job))
    {
      g_autofree char *free_preview = vitrine_confirm_dup_free_preview (provider);

      vitrine_window_add_toast (self, free_preview);
    }

  _vitrine_window_submit (self, job);
}

static void
vitrine_window_account_checked_cb (GObject      *object,
                                   GAsyncResult *result,
                                   gpointer      user_data)
{
  g_autoptr(VitrineJob) job = user_data;
  g_autoptr(VitrineWindow) self = g_object_steal_data (G_OBJECT (job), "vitrine-window");
  VitrineProvider *provider = vitrine_provider_lookup (vitrine_job_get_provider_id (job));
  g_autoptr(GError) error = NULL;

  self->confirming = FALSE;
  vitrine_window_update_actions (self);
  if (!vitrine_account_check_finish (result, &error))
    {
      AdwToast *toast = adw_toast_new (error->message);

      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      adw_toast_set_button_label (toast, _("Open _Preferences"));
      if (g_error_matches (error, VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_AUTH))
        {
          adw_toast_set_action_name (toast, VITRINE_PREFERENCES_ACTION_PROVIDER_KEY);
          adw_toast_set_action_target (toast, "s", vitrine_job_get_provider_id (job));
        }
      else
        adw_toast_set_action_name (toast, "app.preferences");
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
      return;
    }
  if (provider != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    vitrine_window_send_job (self, provider, job);
}

/* Checks @job with its provider, asks first when it costs money, and adds
 * it to the list, where the monitor picks it up (Create and Retry). */
void
_vitrine_window_start_job (VitrineWindow *self,
                           VitrineJob    *job)
{
  g_autoptr(GError) error = NULL;
  VitrineProvider *provider = vitrine_provider_lookup_for_job (job, &error);

  if (provider == NULL)
    {
      vitrine_window_add_toast (self, error->message);
      return;
    }

  /* Refused before anything happens; the photos and choices stay. */
  if (!vitrine_provider_validate (provider, job, &error))
    {
      vitrine_window_add_toast (self, error->message);
      return;
    }
  if (!vitrine_provider_is_cloud (provider))
    {
      vitrine_window_send_job (self, provider, job);
      return;
    }

  /* A key, a media host: what is missing is said before any price is
   * asked (the job was paid for, then failed for it); Create is off. */
  self->confirming = TRUE;
  vitrine_window_update_actions (self);
  g_object_set_data_full (G_OBJECT (job), "vitrine-window", g_object_ref (self), g_object_unref);
  vitrine_account_check_async (provider, job, NULL, vitrine_window_account_checked_cb,
                               g_object_ref (job));
}

/* Shows @dialog, a question about @job: "keep" answers by default,
 * @close_response when it is closed; @response_cb (AdwMessageDialog,
 * response, VitrineWindow) finds the job as the dialog's "vitrine-job". */
static void
vitrine_window_present_job_dialog (VitrineWindow    *self,
                                   AdwMessageDialog *dialog,
                                   VitrineJob       *job,
                                   const char       *close_response,
                                   GCallback         response_cb)
{
  adw_message_dialog_set_default_response (dialog, "keep");
  adw_message_dialog_set_close_response (dialog, close_response);
  g_object_set_data_full (G_OBJECT (dialog), "vitrine-job", g_object_ref (job), g_object_unref);
  g_signal_connect_object (dialog, "response", response_cb, self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A question about @job with two answers: "keep" (@keep_label), and
 * @response (@label, in @appearance). */
static void
vitrine_window_ask_job (VitrineWindow         *self,
                        VitrineJob            *job,
                        const char            *heading,
                        const char            *body,
                        const char            *keep_label,
                        const char            *response,
                        const char            *label,
                        AdwResponseAppearance  appearance,
                        GCallback              response_cb)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                                         heading, body));

  adw_message_dialog_add_responses (dialog, "keep", keep_label, response, label, NULL);
  adw_message_dialog_set_response_appearance (dialog, response, appearance);
  vitrine_window_present_job_dialog (self, dialog, job, "keep", response_cb);
}

static void
vitrine_window_stop_waiting_cb (AdwMessageDialog *dialog,
                                const char       *response,
                                VitrineWindow    *self)
{
  VitrineJob *job = g_object_get_data (G_OBJECT (dialog), "vitrine-job");

  /* "Stop Waiting": the job is kept, remote id and all, as not followed;
   * Follow Again polls and downloads it. */
  if (g_strcmp0 (response, "stop") == 0 && job != NULL && !vitrine_job_is_finished (job))
    vitrine_job_set_followed (job, FALSE);
}

/* After its paid request left, a provider without a cancel call cannot
 * stop the video or its charge: say so, and offer to stop waiting. */
static void
vitrine_window_ask_stop_waiting (VitrineWindow *self,
                                 VitrineJob    *job)
{
  /* Translators: %s is the provider's name */
  g_autofree char *body = g_strdup_printf (_("%s cannot stop a video it has started. It will "
                                             "still be charged. Stop waiting for it?"),
                                           vitrine_provider_name_for_job (job));

  vitrine_window_ask_job (self, job, _("The Video Cannot Be Stopped"), body, _("_Keep Waiting"),
                          "stop", _("_Stop Waiting"), ADW_RESPONSE_DEFAULT,
                          G_CALLBACK (vitrine_window_stop_waiting_cb));
}

static void
vitrine_window_cancel_job_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *param)
{
  VitrineWindow *self = VITRINE_WINDOW (widget);
  VitrineJob *job;

  g_return_if_fail (self->store != NULL);

  job = vitrine_job_store_lookup (self->store, g_variant_get_string (param, NULL));
  if (job == NULL || vitrine_job_is_finished (job))
    return;
  if (vitrine_job_monitor_can_stop (self->monitor, job))
    vitrine_job_monitor_cancel_job (self->monitor, job);
  else
    vitrine_window_ask_stop_waiting (self, job);
}

static void
vitrine_window_follow_job_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *param)
{
  VitrineWindow *self = VITRINE_WINDOW (widget);
  VitrineJob *job = vitrine_job_store_lookup (self->store, g_variant_get_string (param, NULL));

  if (job != NULL && !vitrine_job_is_finished (job))
    vitrine_job_monitor_follow_job (self->monitor, job);
}

/* Add Photos, and the Undo of the toast that says photos were removed. */
static void
vitrine_window_photos_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *param)
{
  VitrineWindow *self = VITRINE_WINDOW (widget);

  if (g_str_equal (action_name, "win.add-photos"))
    vitrine_photo_grid_choose_files (self->photo_grid);
  else
    {
      vitrine_photo_grid_undo_remove (self->photo_grid);
      if (self->undo_toast != NULL)
        adw_toast_dismiss (self->undo_toast);
    }
}

/* Music */

void
_vitrine_window_stop_music (VitrineWindow *self)
{
  if (self->music_player != NULL)
    vitrine_music_player_stop (self->music_player);
}

void
_vitrine_window_update_music (VitrineWindow *self)
{
  g_autofree char *music = g_settings_get_string (self->settings, "music");
  gboolean has_music = *music != '\0';

  _vitrine_window_stop_music (self);

  if (has_music)
    {
      g_autofree char *name = g_filename_display_basename (music);
      g_autofree char *escaped = g_markup_escape_text (name, -1);

      adw_action_row_set_subtitle (self->music_row, escaped);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->music_row), music);
    }
  else
    {
      adw_action_row_set_subtitle (self->music_row, _("None"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->music_row), NULL);
    }

  gtk_widget_set_visible (self->music_clear_button, has_music);
  gtk_widget_set_visible (GTK_WIDGET (self->music_play_button), has_music);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.play-music", has_music);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.clear-music", has_music);
}

static void
vitrine_window_play_music_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *param)
{
  VitrineWindow *self = VITRINE_WINDOW (widget);
  g_autofree char *music = NULL;

  if (vitrine_music_player_is_playing (self->music_player))
    {
      vitrine_music_player_stop (self->music_player);
      return;
    }

  music = g_settings_get_string (self->settings, "music");
  if (*music != '\0')
    {
      g_autoptr(GFile) file = g_file_new_for_path (music);

      vitrine_music_player_play (self->music_player, file);
    }
}

static void
vitrine_window_music_chooser_cb (VitrineWindow        *self,
                                 int                   response,
                                 GtkFileChooserNative *chooser)
{
  if (!vitrine_file_chooser_store_path (chooser, response, self->settings, "music"))
    vitrine_window_add_toast (self, _("Choose a music file on this computer"));
  vitrine_file_chooser_clear (&self->music_chooser);
}

static void
vitrine_window_choose_music_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *param)
{
  static const char * const music_types[] = { "audio/*" };
  VitrineWindow *self = VITRINE_WINDOW (widget);

  if (self->music_chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->music_chooser));
      return;
    }

  _vitrine_window_stop_music (self);

  self->music_chooser = vitrine_file_chooser_new (widget, _("Choose Music"),
                                                  GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"),
                                                  _("Music"), music_types,
                                                  G_N_ELEMENTS (music_types));
  g_signal_connect_object (self->music_chooser, "response",
                           G_CALLBACK (vitrine_window_music_chooser_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->music_chooser));
}

static void
vitrine_window_clear_music_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param)
{
  VitrineWindow *self = VITRINE_WINDOW (widget);

  g_settings_set_string (self->settings, "music", "");
}

/* The finished video: Open Folder, Save As */

/* What gtk_show_uri_full() opens, for the toast when it cannot. */
typedef enum {
  VITRINE_SHOWN_FOLDER,
  VITRINE_SHOWN_LINK,
} VitrineShown;

/* @object is the window: gtk_show_uri_full() keeps it until it answers. */
static void
vitrine_window_show_uri_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  VitrineShown shown = GPOINTER_TO_INT (user_data);
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *message = shown == VITRINE_SHOWN_FOLDER
        ? g_strdup_printf (_("Cannot open the folder: %s"), error->message)
        : g_strdup_printf (_("Cannot open the link: %s"), error->message);

      vitrine_window_add_toast (VITRINE_WINDOW (object), message);
    }
}

static void
vitrine_window_show_uri (VitrineWindow *self,
                         const char    *uri,
                         VitrineShown   shown)
{
  gtk_show_uri_full (GTK_WINDOW (self), uri, GDK_CURRENT_TIME, NULL,
                     vitrine_window_show_uri_cb, GINT_TO_POINTER (shown));
}

static void
vitrine_window_open_folder_uri (VitrineWindow *self,
                                const char    *folder)
{
  g_autoptr(GFile) file = g_file_new_for_path (folder);
  g_autofree char *uri = g_file_get_uri (file);

  vitrine_window_show_uri (self, uri, VITRINE_SHOWN_FOLDER);
}

static void
vitrine_window_show_items_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  g_autoptr(VitrineWindow) self = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_object_steal_data (G_OBJECT (self), "vitrine-show-item");

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (reply == NULL && path != NULL)
    {
      g_autofree char *folder = g_path_get_dirname (path);

      /* No file manager on the bus (or a sandbox without the permission):
       * open the folder instead. */
      g_debug ("FileManager1.ShowItems: %s", error->message);
      vitrine_window_open_folder_uri (self, folder);
    }
}

static void
vitrine_window_show_item (VitrineWindow *self,
                          const char    *path)
{
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  GDBusConnection *bus = app ? g_application_get_dbus_connection (app) : NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *uri = NULL;
  const char *uris[2] = { NULL, NULL };

  if (bus == NULL)
    {
      g_autofree char *folder = g_path_get_dirname (path);

      vitrine_window_open_folder_uri (self, folder);
      return;
    }

  /* Shows the folder with the video selected, as Files does for "Show in
   * Folder"; falls back to just opening the folder. */
  file = g_file_new_for_path (path);
  uri = g_file_get_uri (file);
  uris[0] = uri;
  g_object_set_data_full (G_OBJECT (self), "vitrine-show-item", g_strdup (path), g_free);
  g_dbus_connection_call (bus,
                          "org.freedesktop.FileManager1",
                          "/org/freedesktop/FileManager1",
                          "org.freedesktop.FileManager1",
                          "ShowItems",
                          g_variant_new ("(^ass)", uris, ""),
                          NULL, G_DBUS_CALL_FLAGS_NONE, 5000, NULL,
                          vitrine_window_show_items_cb, g_object_ref (self));
}

static void vitrine_window_locate (VitrineWindow *self,
                                   const char    *path,
                                   gboolean       folder);

static void
vitrine_window_locate_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(VitrineWindow) self = user_data;
  gboolean folder = GPOINTER_TO_INT (g_object_get_data (object, "vitrine-folder"));
  g_autoptr(GFileInfo) info = g_file_query_info_finish (G_FILE (object), result, NULL);
  g_autofree char *path = g_file_get_path (G_FILE (object));

  if (info != NULL && folder)
    vitrine_window_open_folder_uri (self, path);
  else if (info != NULL)
    vitrine_window_show_item (self, path);
  else if (!folder)
    {
      /* The video is gone (moved or deleted outside Vitrine): its folder. */
      g_autofree char *parent = g_path_get_dirname (path);

      vitrine_window_locate (self, parent, TRUE);
    }
  else
    {
      g_autofree char *name = g_filename_display_name (path);
      g_autofree char *message = g_strdup_printf (_("The folder “%s” is no longer there"), name);

      vitrine_window_add_toast (self, message);
    }
}

/* The file manager on @path: a @folder opened, a video selected in its
 * folder. What is no longer there is said, or its folder opened. */
static void
vitrine_window_locate (VitrineWindow *self,
                       const char    *path,
                       gboolean       folder)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_object_set_data (G_OBJECT (file), "vitrine-folder", GINT_TO_POINTER (folder));
  g_file_query_info_async (file, G_FILE_ATTRIBUTE_STANDARD_TYPE, G_FILE_QUERY_INFO_NONE,
                           G_PRIORITY_DEFAULT, NULL, vitrine_window_locate_cb,
                           g_object_ref (self));
}

static void
vitrine_window_open_folder_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param)
{
  VitrineWindow *self = VITRINE_WINDOW (widget);
  VitrineJobOutput *output = _vitrine_window_get_shown_output (self);

  if (output != NULL && output->path != NULL && *output->path != '\0')
    vitrine_window_locate (self, output->path, FALSE);
}

static void
vitrine_window_open_output_folder_action (GtkWidget  *widget,
                                          const char *action_name,
                                          GVariant   *param)
{
  VitrineWindow *self = VITRINE_WINDOW (widget);
  g_autofree char *folder = g_settings_get_string (self->settings, "output-folder");

  if (*folder == '\0')
    {
      g_free (folder);
      folder = vitrine_default_output_dir ();
    }
  if (g_mkdir_with_parents (folder, 0755) != 0)
    {
      int saved_errno = errno;
      g_autofree char *message = g_strdup_printf (_("Cannot create the folder “%s”: %s"),
                                                  folder, g_strerror (saved_errno));

      vitrine_window_add_toast (self, message);
      return;
    }
  vitrine_window_open_folder_uri (self, folder);
}

static void
vitrine_window_copy_progress_cb (goffset  current,
                                 goffset  total,
                                 gpointer user_data)
{
  VitrineWindow *self = user_data;

  if (total > 0)
    gtk_progress_bar_set_fraction (self->save_progress, (double) current / total);
}

static void
vitrine_window_copy_done_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(VitrineWindow) self = user_data;
  g_autoptr(GFile) destination = g_object_steal_data (G_OBJECT (self), "vitrine-save-destination");
  g_autoptr(GError) error = NULL;
  g_autofree char *name = destination ? g_file_get_basename (destination) : NULL;
  g_autofree char *message = NULL;

  g_clear_object (&self->save_cancellable);
  gtk_widget_set_visible (GTK_WIDGET (self->save_progress), FALSE);
  vitrine_window_update_actions (self);

  if (!g_file_copy_finish (G_FILE (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = g_strdup_printf (_("Cannot save “%s”: %s"), name ? name : "", error->message);
    }
  else
    message = g_strdup_printf (_("Saved “%s”"), name ? name : "");

  vitrine_window_add_toast (self, message);
}

static void
vitrine_window_save_chooser_cb (VitrineWindow        *self,
                                int                   response,
                                GtkFileChooserNative *chooser)
{
  VitrineJobOutput *output = _vitrine_window_get_shown_output (self);

  if (response == GTK_RESPONSE_ACCEPT && output != NULL && output->path != NULL)
    {
      g_autoptr(GFile) destination = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GFile) source = g_file_new_for_path (output->path);

      if (destination != NULL && !g_file_equal (source, destination))
        {
          self->save_cancellable = g_cancellable_new ();
          gtk_progress_bar_set_fraction (self->save_progress, 0);
          gtk_widget_set_visible (GTK_WIDGET (self->save_progress), TRUE);
          g_object_set_data_full (G_OBJECT (self), "vitrine-save-destination",
                                  g_object_ref (destination), g_object_unref);
          g_file_copy_async (source, destination, G_FILE_COPY_OVERWRITE, G_PRIORITY_DEFAULT,
                             self->save_cancellable,
                             vitrine_window_copy_progress_cb, self,
                             vitrine_window_copy_done_cb, g_object_ref (self));
          vitrine_window_update_actions (self);
        }
    }

  vitrine_file_chooser_clear (&self->save_chooser);
}

static void
vitrine_window_save_as_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *param)
{
  VitrineWindow *self = VITRINE_WINDOW (widget);
  VitrineJobOutput *output = _vitrine_window_get_shown_output (self);
  const char *path = output ? output->path : NULL;
  g_autofree char *name = NULL;

  if (path == NULL || self->output_missing)
    return;
  if (self->save_chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->save_chooser));
      return;
    }

  self->save_chooser = vitrine_file_chooser_new (widget, _("Save Video As"),
                                                 GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                                                 NULL, NULL, 0);
  name = g_filename_display_basename (path);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->save_chooser), name);
  g_signal_connect_object (self->save_chooser, "response",
                           G_CALLBACK (vitrine_window_save_chooser_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->save_chooser));
}

/* The status list's row actions, on the job whose id they carry */

static VitrineJob *
vitrine_window_lookup_job (VitrineWindow *self,
                           GVariant      *param)
{
  if (self->store == NULL || param == NULL)
    return NULL;
  return vitrine_job_store_lookup (self->store, g_variant_get_string (param, NULL));
}

/* A new job with the same inputs; the first one stays as it was. */
static void
vitrine_window_start_retry (VitrineWindow *self,
                            VitrineJob    *job)
{
  g_autoptr(VitrineJob) retry = vitrine_job_new_retry (job);

  _vitrine_window_start_job (self, retry);
}

static void
vitrine_window_retry_lost_cb (AdwMessageDialog *dialog,
                              const char       *response,
                              VitrineWindow    *self)
{
  VitrineJob *job = g_object_get_data (G_OBJECT (dialog), "vitrine-job");

  if (g_strcmp0 (response, "again") == 0 && job != NULL)
    vitrine_window_start_retry (self, job);
}

/* The answer to a paid request that left was lost (INTERRUPTED): the
 * provider may have made the video and charged for it, and another try
 * pays again. Said before any price is asked (the cost question alone
 * read as a first payment). */
static void
vitrine_window_ask_retry_lost (VitrineWindow *self,
                               VitrineJob    *job)
{
  const char *name = vitrine_provider_name_for_job (job);
  /* Translators: %s is the provider's name, twice */
  g_autofree char *body = g_strdup_printf (_("The first request reached %s, and its answer was "
                                             "lost: %s may have made this video and charged for "
                                             "it. Look in your account there first; making it "
                                             "again is paid again."), name, name);

  vitrine_window_ask_job (self, job, _("It May Be Paid Already"), body, _("_Cancel"),
                          "again", _("_Make It Again"), ADW_RESPONSE_DESTRUCTIVE,
                          G_CALLBACK (vitrine_window_retry_lost_cb));
}

static void
vitrine_window_retry_job_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *param)
{
  VitrineWindow *self = VITRINE_WINDOW (widget);
  VitrineJob *job = vitrine_window_lookup_job (self, param);
  VitrineProvider *provider;

  if (job == NULL || !vitrine_job_is_finished (job))
    return;

  /* A paid job whose result may still come is followed again: it is
   * downloaded, never paid twice. */
  if (vitrine_job_monitor_resume_job (self->monitor, job))
    return;
  provider = vitrine_provider_lookup (vitrine_job_get_provider_id (job));
  if (vitrine_job_get_state (job) == VITRINE_JOB_STATE_INTERRUPTED && provider != NULL &&
      vitrine_confirm_is_needed (provider, job) &&
      vitrine_job_get_option (job, VITRINE_JOB_OPTION_SUBMITTED_AT) != NULL)
    vitrine_window_ask_retry_lost (self, job);
  else
    vitrine_window_start_retry (self, job);
}

typedef struct {
  VitrineWindow *window;   /* owned */
  char          *name;
  guint          files;    /* how many */
  guint          pending;
  GString       *errors;
} DeleteFiles;

static void
vitrine_window_delete_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  DeleteFiles *data = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_delete_finish (G_FILE (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_autofree char *name = g_file_get_basename (G_FILE (object));

      g_string_append_printf (data->errors, "%s%s: %s", data->errors->len ? "; " : "",
                              name, error->message);
    }

  if (--data->pending > 0)
    return;

  if (data->errors->len > 0)
    {
      /* Translators: the second %s says which files and why */
      g_autofree char *message = g_strdup_printf (ngettext ("“%s” was removed, but its video could "
                                                            "not be deleted: %s",
                                                            "“%s” was removed, but some of its videos "
                                                            "could not be deleted: %s", data->files),
                                                  data->name, data->errors->str);

      vitrine_window_add_toast (data->window, message);
    }
  else
    {
      g_autofree char *message = g_strdup_printf (ngettext ("“%s” and its video were deleted",
                                                            "“%s” and its videos were deleted",
                                                            data->files), data->name);

      vitrine_window_add_toast (data->window, message);
    }
  g_object_unref (data->window);
  g_free (data->name);
  g_string_free (data->errors, TRUE);
  g_free (data);
}

static void vitrine_window_refuse_remove (VitrineWindow *self,
                                          VitrineJob    *job);

/* Takes @job off the list (stopping it first when it runs), and deletes its
 * video file(s) when @delete_files. */
static void
vitrine_window_remove_job (VitrineWindow *self,
                           VitrineJob    *job,
                           gboolean       delete_files)
{
  g_autoptr(VitrineJob) ref = g_object_ref (job);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *outputs = vitrine_job_get_outputs (job);
  g_autofree char *name = g_strdup (vitrine_job_get_name (job) ? vitrine_job_get_name (job) : "");

  for (guint i = 0; outputs != NULL && i < outputs->len; i++)
    {
      VitrineJobOutput *output = g_ptr_array_index (outputs, i);

      if (output->path != NULL && *output->path != '\0')
        g_ptr_array_add (paths, g_strdup (output->path));
    }

  if (!vitrine_job_is_finished (job))
    vitrine_job_monitor_cancel_job (self->monitor, job);
  /* The cancel met a paid request that had just left in the process that
   * drives the job (this copy had not seen it yet): it stays, to bring
   * its video, and says why. */
  if (!vitrine_job_monitor_can_remove (self->monitor, job))
    {
      vitrine_window_refuse_remove (self, job);
      return;
    }
  vitrine_job_store_remove (self->store, job);

  if (delete_files && paths->len > 0)
    {
      DeleteFiles *data = g_new0 (DeleteFiles, 1);

      /* The preview let go of the file when the job left the list. */
      data->window = g_object_ref (self);
      data->name = g_steal_pointer (&name);
      data->files = data->pending = paths->len;
      data->errors = g_string_new (NULL);
      for (guint i = 0; i < paths->len; i++)
        {
          g_autoptr(GFile) file = g_file_new_for_path (g_ptr_array_index (paths, i));

          g_file_delete_async (file, G_PRIORITY_DEFAULT, NULL, vitrine_window_delete_cb, data);
        }
    }
  else
    {
      g_autofree char *message = g_strdup_printf (_("“%s” was removed from the list"), name);

      vitrine_window_add_toast (self, message);
    }
}

/* A paid job on its way cannot leave the list (see
 * vitrine_job_monitor_can_remove()): say why, and that it is kept. */
static void
vitrine_window_refuse_remove (VitrineWindow *self,
                              VitrineJob    *job)
{
  VitrineProvider *provider = vitrine_provider_lookup (vitrine_job_get_provider_id (job));
  const char *name = vitrine_provider_get_display_name (provider);
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  if (vitrine_provider_can_cancel (provider))
    /* Translators: %s is the provider's name */
    body = g_strdup_printf (_("%s may still make and charge this video. Cancel it first: "
                              "Vitrine keeps it in the list until it has ended."), name);
  else
    /* Translators: %s is the provider's name */
    body = g_strdup_printf (_("%s cannot stop a video it has started. It will still be "
                              "charged, so Vitrine keeps it in the list until the video has "
                              "arrived."), name);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("This Video Cannot Be Removed Yet"),
                                                       body));
  adw_message_dialog_add_response (dialog, "ok", _("_OK"));
  adw_message_dialog_set_default_response (dialog, "ok");
  adw_message_dialog_set_close_response (dialog, "ok");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
vitrine_window_remove_response_cb (AdwMessageDialog *dialog,
                                   const char       *response,
                                   VitrineWindow    *self)
{
  VitrineJob *job = g_object_get_data (G_OBJECT (dialog), "vitrine-job");

  /* Removed meanwhile (by vitrine-cli, or another dialog): nothing to do. */
  if (job == NULL || vitrine_job_store_lookup (self->store, vitrine_job_get_id (job)) != job)
    return;
  /* Its paid request left while the dialog was open. */
  if (g_strcmp0 (response, "cancel") != 0 && !vitrine_job_monitor_can_remove (self->monitor, job))
    {
      vitrine_window_refuse_remove (self, job);
      return;
    }

  if (g_strcmp0 (response, "keep") == 0)
    vitrine_window_remove_job (self, job, FALSE);
  else if (g_strcmp0 (response, "delete") == 0)
    vitrine_window_remove_job (self, job, TRUE);
}

/* How many of @job's videos are files on this computer. */
static guint
count_output_files (VitrineJob *job)
{
  GPtrArray *outputs = vitrine_job_get_outputs (job);
  guint n = 0;

  for (guint i = 0; outputs != NULL && i < outputs->len; i++)
    {
      VitrineJobOutput *output = g_ptr_array_index (outputs, i);

      n += output->path != NULL && *output->path != '\0';
    }
  return n;
}

static void
vitrine_window_remove_job_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *param)
{
  VitrineWindow *self = VITRINE_WINDOW (widget);
  VitrineJob *job = vitrine_window_lookup_job (self, param);
  AdwMessageDialog *dialog;
  g_autofree char *heading = NULL;
  const char *body;
  gboolean has_file;
  guint n_files;

  if (job == NULL)
    return;
  if (!vitrine_job_monitor_can_remove (self->monitor, job))
    {
      vitrine_window_refuse_remove (self, job);
      return;
    }

  n_files = count_output_files (job);
  has_file = n_files > 0;
  /* Translators: %s is the listing name */
  heading = g_strdup_printf (_("Remove “%s” From the List?"), vitrine_job_get_name (job));
  /* Only a job removal stops for good (nothing paid has left, or it is
   * free) comes here unfinished. */
  if (!vitrine_job_is_finished (job))
    body = _("This video is still being made: removing it stops it.");
  else if (has_file)
    /* the job's every shape and variant: up to six files */
    body = ngettext ("The video file can stay in its folder, or be deleted too.",
                     "The video files can stay in their folder, or be deleted too.", n_files);
  else
    body = NULL;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, body));
  adw_message_dialog_add_response (dialog, "cancel", _("_Cancel"));
  if (has_file)
    {
      adw_message_dialog_add_responses (dialog,
                                        "delete", ngettext ("_Delete the Video Too",
                                                            "_Delete the Videos Too", n_files),
                                        "keep", ngettext ("_Keep the Video", "_Keep the Videos",
                                                          n_files),
                                        NULL);
      adw_message_dialog_set_response_appearance (dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
    }
  else
    {
      /* Nothing on disk: "keep" removes the entry only. */
      adw_message_dialog_add_response (dialog, "keep", _("_Remove"));
      adw_message_dialog_set_response_appearance (dialog, "keep", ADW_RESPONSE_DESTRUCTIVE);
    }
  vitrine_window_present_job_dialog (self, dialog, job, "cancel",
                                     G_CALLBACK (vitrine_window_remove_response_cb));
  /* Remove alone (and destructive) is never what Return does */
  if (!has_file)
    adw_message_dialog_set_default_response (dialog, "cancel");
}

static void
vitrine_window_open_folder_job_action (GtkWidget  *widget,
                                       const char *action_name,
                                       GVariant   *param)
{
  VitrineWindow *self = VITRINE_WINDOW (widget);
  VitrineJob *job = vitrine_window_lookup_job (self, param);
  const char *path;

  if (job == NULL)
    return;
  if ((path = vitrine_job_get_first_output_path (job)) != NULL)
    vitrine_window_locate (self, path, FALSE);
  else if (vitrine_job_get_output_dir (job) != NULL)
    vitrine_window_locate (self, vitrine_job_get_output_dir (job), TRUE);
}

/* Copy Link and Open Link: with a job id (the status list's "-job"
 * actions), on that job's first output; without, on the output the
 * preview shows. */
static void
vitrine_window_link_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *param)
{
  VitrineWindow *self = VITRINE_WINDOW (widget);
  const char *url = NULL;

  if (param != NULL)
    {
      VitrineJob *job = vitrine_window_lookup_job (self, param);

      url = job != NULL ? vitrine_job_get_first_output_url (job) : NULL;
    }
  else
    {
      VitrineJobOutput *output = _vitrine_window_get_shown_output (self);

      url = output != NULL ? output->url : NULL;
    }
  if (url == NULL)
    return;
  if (g_str_has_prefix (action_name, "win.copy-link"))
    {
      gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), url);
      vitrine_window_add_toast (self, _("Link copied"));
    }
  else
    vitrine_window_show_uri (self, url, VITRINE_SHOWN_LINK);
}

void
_vitrine_window_actions_dispose (VitrineWindow *self)
{
  g_clear_object (&self->music_player);

  if (self->save_cancellable != NULL)
    g_cancellable_cancel (self->save_cancellable);
  g_clear_object (&self->save_cancellable);

  vitrine_file_chooser_clear (&self->music_chooser);
  vitrine_file_chooser_clear (&self->save_chooser);
}

static const VitrineWidgetAction window_actions[] = {
  { "win.create",             NULL, vitrine_window_create_action },
  { "win.cancel-job",         "s",  vitrine_window_cancel_job_action },
  { "win.retry-job",          "s",  vitrine_window_retry_job_action },
  { "win.make-again-job",     "s",  vitrine_window_retry_job_action },
  { "win.follow-job",         "s",  vitrine_window_follow_job_action },
  { "win.remove-job",         "s",  vitrine_window_remove_job_action },
  { "win.open-folder-job",    "s",  vitrine_window_open_folder_job_action },
  { "win.copy-link-job",      "s",  vitrine_window_link_action },
  { "win.open-link-job",      "s",  vitrine_window_link_action },
  { "win.copy-link",          NULL, vitrine_window_link_action },
  { "win.open-link",          NULL, vitrine_window_link_action },
  { "win.add-photos",         NULL, vitrine_window_photos_action },
  { "win.undo-remove-photos", NULL, vitrine_window_photos_action },
  { "win.choose-music",       NULL, vitrine_window_choose_music_action },
  { "win.clear-music",        NULL, vitrine_window_clear_music_action },
  { "win.play-music",         NULL, vitrine_window_play_music_action },
  { "win.open-folder",        NULL, vitrine_window_open_folder_action },
  { "win.open-output-folder", NULL, vitrine_window_open_output_folder_action },
  { "win.save-as",            NULL, vitrine_window_save_as_action },
};

void
_vitrine_window_class_actions_init (VitrineWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_property_action (widget_class, "win.ratio", "ratio");
  vitrine_widget_class_install_actions (widget_class, window_actions,
                                        G_N_ELEMENTS (window_actions));

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "win.create", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "win.create", NULL);
  /* The toast's Undo from the keyboard, which it leaves after a few
   * seconds. A window binding: a caption being typed takes its own Ctrl+Z
   * first. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK,
                                       "win.undo-remove-photos", NULL);
  /* Space, F11, Escape: vitrine-window-keys.c */
  _vitrine_window_class_keys_init (klass);
}
