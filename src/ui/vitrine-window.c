/* vitrine-window.c
 *
 * Left: the photos (VitrinePhotoGrid) above the videos (the status list,
 * bound to the job store, and the preview). Right: the choices for the next
 * video and the Create button. The actions live in vitrine-window-actions.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vitrine-confirm.h"
#include "vitrine-job-row.h"
#include "vitrine-provider.h"
#include "vitrine-toast.h"
#include "vitrine-window-private.h"

G_DEFINE_FINAL_TYPE (VitrineWindow, vitrine_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_RATIO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Set on the jobs created by this window: they show themselves when done. */
static GQuark created_here_quark;

void
vitrine_window_add_toast (VitrineWindow *self,
                          const char    *text)
{
  g_return_if_fail (VITRINE_IS_WINDOW (self));
  g_return_if_fail (text != NULL);

  g_debug ("Toast: %s", text);
  adw_toast_overlay_add_toast (self->toast_overlay, vitrine_toast_new (text, 6));
}

static void
vitrine_window_photo_message_cb (VitrineWindow    *self,
                                 const char       *message,
                                 VitrinePhotoGrid *grid)
{
  vitrine_window_add_toast (self, message);
}

static void
vitrine_window_undo_toast_dismissed_cb (VitrineWindow *self)
{
  self->undo_toast = NULL;
  /* also when the window goes, its grid first */
  if (self->photo_grid != NULL)
    vitrine_photo_grid_forget_removed (self->photo_grid);
}

/* One toast for a run of removals, its Undo puts them all back. */
static void
vitrine_window_photo_removed_cb (VitrineWindow    *self,
                                 guint             n,
                                 const char       *name,
                                 VitrinePhotoGrid *grid)
{
  g_autofree char *title = NULL;

  if (n == 1)
    {
      g_autofree char *escaped = g_markup_escape_text (name, -1);

      /* Translators: a photo's file name */
      title = g_strdup_printf (_("“%s” removed"), escaped);
    }
  else
    title = g_strdup_printf (ngettext ("%u photo removed", "%u photos removed", n), n);

  if (self->undo_toast != NULL)
    {
      adw_toast_set_title (self->undo_toast, title);
      /* shown again: its time starts over */
      adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (self->undo_toast));
      return;
    }
  self->undo_toast = adw_toast_new (title);
  adw_toast_set_button_label (self->undo_toast, _("_Undo"));
  adw_toast_set_action_name (self->undo_toast, "win.undo-remove-photos");
  adw_toast_set_priority (self->undo_toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_object (self->undo_toast, "dismissed",
                           G_CALLBACK (vitrine_window_undo_toast_dismissed_cb), self,
                           G_CONNECT_SWAPPED);
  adw_toast_overlay_add_toast (self->toast_overlay, self->undo_toast);
}

static char *
format_duration (double seconds)
{
  guint total = (guint) (seconds + 0.5);

  if (total < 60)
    /* Translators: a video length under a minute */
    return g_strdup_printf (ngettext ("%u second", "%u seconds", total), total);
  if (total % 60 == 0)
    return g_strdup_printf (ngettext ("%u minute", "%u minutes", total / 60), total / 60);
  /* Translators: a video length, "1 min 20 s" */
  return g_strdup_printf (_("%u min %u s"), total / 60, total % 60);
}

static VitrineProvider *vitrine_window_get_provider (VitrineWindow *self);

/* Whether the chosen provider makes the video last photos × seconds per
 * photo (this computer): only then are they asked and summed up. */
static gboolean
vitrine_window_times_photos (VitrineWindow *self)
{
  VitrineProvider *provider = vitrine_window_get_provider (self);

  return provider == NULL || vitrine_provider_get_capabilities (provider)->length_from_photos;
}

void
vitrine_window_update_actions (VitrineWindow *self)
{
  GListModel *photos = vitrine_photo_grid_get_photos (self->photo_grid);
  guint n_photos = g_list_model_get_n_items (photos);
  guint n_usable = vitrine_photo_grid_get_n_usable (self->photo_grid);
  guint n_loading = vitrine_photo_grid_get_n_loading (self->photo_grid);
  guint n_bad = n_photos - n_usable;
  VitrineJobOutput *output = _vitrine_window_get_shown_output (self);
  gboolean has_path = output != NULL && output->path != NULL && *output->path != '\0';
  gboolean has_url = output != NULL && output->url != NULL && *output->url != '\0';
  g_autofree char *subtitle = NULL;
  g_autofree char *summary = NULL;

  /* Not while a paid job waits for its yes: one click, one job. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.create",
                                 n_usable > 0 && !self->confirming);

  /* A missing video still has a folder to open. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-folder", has_path);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-as",
                                 has_path && !self->output_missing &&
                                 self->save_cancellable == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.copy-link", has_url);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-link", has_url);

  if (n_photos > 0)
    subtitle = g_strdup_printf (ngettext ("%u photo", "%u photos", n_photos), n_photos);
  adw_window_title_set_subtitle (self->window_title, subtitle ? subtitle : "");

  if (n_photos == 0)
    summary = g_strdup (_("Add photos to make a video."));
  else if (n_usable == 0 && n_loading == 0)
    summary = g_strdup (_("None of these photos can be used."));
  else
    {
      g_autofree char *duration = format_duration (_vitrine_window_estimate_length (self, n_usable));
      g_autofree char *count = g_strdup_printf (ngettext ("%u photo", "%u photos", n_usable),
                                                n_usable);

      if (vitrine_window_times_photos (self))
        /* Translators: "12 photos, about 48 seconds" */
        summary = g_strdup_printf (_("%s, about %s"), count, duration);
      else
        summary = g_steal_pointer (&count);
      if (n_bad > 0)
        {
          char *with_bad = g_strdup_printf (ngettext ("%s (%u left out)", "%s (%u left out)", n_bad),
                                            summary, n_bad);

          g_free (summary);
          summary = with_bad;
        }
    }
  gtk_label_set_label (self->summary_label, summary);
}

/* The preview area */

static void vitrine_window_refresh_preview (VitrineWindow *self);

static void
vitrine_window_set_status (VitrineWindow *self,
                           const char    *icon_name,
                           const char    *title,
                           const char    *description)
{
  adw_status_page_set_icon_name (self->preview_status_page, icon_name);
  adw_status_page_set_title (self->preview_status_page, title);
  adw_status_page_set_description (self->preview_status_page, description);
  gtk_stack_set_visible_child_name (self->preview_stack, "status");
}

static void
vitrine_window_stop_preview (VitrineWindow *self)
{
  if (self->preview_stream != NULL)
    gtk_media_stream_pause (self->preview_stream);
}

/* Plays @path in the preview from its start, or shows nothing (NULL).
 * A GtkPicture with GtkMediaControls rather than a GtkVideo: a GtkVideo
 * realizes its stream on the window's surface, and GTK's GStreamer player
 * then makes an OpenGL context of its own for every file it opens. Where
 * OpenGL is software that takes the main thread 100-200 ms each time a
 * video is done (tests/bench/compare); an unrealized stream hands its
 * frames over in memory, which the window draws as well. */
static void
vitrine_window_play_preview (VitrineWindow *self,
                             const char    *path)
{
  g_autoptr(GtkMediaStream) old = g_steal_pointer (&self->preview_stream);

  if (old != NULL)
    gtk_media_file_clear (GTK_MEDIA_FILE (old));   /* lets go of the file now */
  if (path != NULL)
    {
      self->preview_stream = gtk_media_file_new_for_filename (path);
      gtk_media_stream_play (self->preview_stream);
    }
  if (self->preview_picture != NULL)
    gtk_picture_set_paintable (self->preview_picture, GDK_PAINTABLE (self->preview_stream));
  if (self->preview_controls != NULL)
    gtk_media_controls_set_media_stream (self->preview_controls, self->preview_stream);
}

VitrineJobOutput *
_vitrine_window_get_shown_output (VitrineWindow *self)
{
  GPtrArray *outputs;

  if (self->shown_job == NULL ||
      vitrine_job_get_state (self->shown_job) != VITRINE_JOB_STATE_COMPLETED)
    return NULL;
  outputs = vitrine_job_get_outputs (self->shown_job);
  if (outputs == NULL || self->shown_output >= outputs->len)
    return NULL;
  return g_ptr_array_index (outputs, self->shown_output);
}

/* The labels of the shown job's outputs in the dropdown, when there are
 * several ("16:9 · Branded", "16:9 · MLS unbranded"…). */
static void
vitrine_window_update_outputs (VitrineWindow *self)
{
  GPtrArray *outputs = self->shown_job ? vitrine_job_get_outputs (self->shown_job) : NULL;
  guint n = outputs ? outputs->len : 0;
  guint n_labels = g_list_model_get_n_items (G_LIST_MODEL (self->output_labels));
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  gboolean same = n == n_labels;

  if (self->shown_output >= n)
    self->shown_output = 0;

  for (guint i = 0; i < n; i++)
    {
      char *label = vitrine_job_row_dup_output_label (g_ptr_array_index (outputs, i), i);

      g_ptr_array_add (labels, label);
      if (same && g_strcmp0 (gtk_string_list_get_string (self->output_labels, i), label) != 0)
        same = FALSE;
    }
  g_ptr_array_add (labels, NULL);

  self->updating_outputs = TRUE;
  if (!same)
    gtk_string_list_splice (self->output_labels, 0, n_labels,
                            (const char * const *) labels->pdata);
  if (n > 0 && gtk_drop_down_get_selected (self->output_dropdown) != self->shown_output)
    gtk_drop_down_set_selected (self->output_dropdown, self->shown_output);
  self->updating_outputs = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->output_dropdown), n > 1);
}

static void
vitrine_window_output_selected_cb (VitrineWindow *self,
                                   GParamSpec    *pspec,
                                   GtkDropDown   *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->updating_outputs || selected == GTK_INVALID_LIST_POSITION ||
      selected == self->shown_output)
    return;
  self->shown_output = selected;
  vitrine_window_refresh_preview (self);
}

/* The shown output: its video, or why it cannot play. Under it, its
 * folder and, once known (@size ≥ 0), its size: "~/Videos · 12.4 MB". */
static void
vitrine_window_show_output (VitrineWindow    *self,
                            VitrineJobOutput *output,
                            gboolean          missing,
                            goffset           size)
{
  VitrineJob *job = self->shown_job;
  const char *path = output->path;
  gboolean has_path = path != NULL && *path != '\0';

  self->output_missing = !has_path || missing;
  gtk_label_set_label (self->preview_title, vitrine_job_get_name (job));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->preview_title), vitrine_job_get_name (job));

  if (has_path)
    {
      g_autofree char *folder = g_path_get_dirname (path);
      g_autofree char *folder_name = vitrine_dup_display_folder (folder);
      g_autofree char *size_text = size >= 0 ? g_format_size (size) : NULL;
      /* Translators: under the video: its folder and its size, "~/Videos · 12.4 MB" */
      g_autofree char *label = size_text ? g_strdup_printf (_("%s · %s"), folder_name, size_text) : NULL;

      gtk_label_set_label (self->preview_subtitle, label ? label : folder_name);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->preview_subtitle), path);
    }
  else
    {
      gtk_label_set_label (self->preview_subtitle, output->url ? output->url : "");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->preview_subtitle), output->url);
    }

  if (!self->output_missing)
    {
      GFile *current = self->preview_stream ? gtk_media_file_get_file (GTK_MEDIA_FILE (self->preview_stream))
                                            : NULL;
      g_autofree char *current_path = current ? g_file_get_path (current) : NULL;

      if (g_strcmp0 (current_path, path) != 0)
        vitrine_window_play_preview (self, path);
      gtk_stack_set_visible_child_name (self->video_stack, "player");
    }
  else
    {
      gboolean has_url = output->url != NULL && *output->url != '\0';

      /* Nothing to play: let go of the old file too. */
      vitrine_window_play_preview (self, NULL);

      if (has_path)
        {
          g_autofree char *name = g_filename_display_basename (path);
          g_autofree char *description = NULL;

          adw_status_page_set_title (self->missing_page, _("Video Missing"));
          description = has_url
            /* Translators: %s is a file name */
            ? g_strdup_printf (_("“%s” was moved or deleted outside Vitrine. The provider "
                                 "still has it online."), name)
            : g_strdup_printf (_("“%s” was moved or deleted outside Vitrine."), name);
          adw_status_page_set_description (self->missing_page, description);
          adw_status_page_set_icon_name (self->missing_page, "dialog-warning-symbolic");
        }
      else
        {
          adw_status_page_set_title (self->missing_page, _("Online Only"));
          adw_status_page_set_description (self->missing_page,
                                           _("This video was not downloaded. Watch it on "
                                             "the provider’s site."));
          adw_status_page_set_icon_name (self->missing_page, "web-browser-symbolic");
        }
      gtk_widget_set_visible (self->link_box, has_url);
      gtk_stack_set_visible_child_name (self->video_stack, "missing");
    }

  gtk_stack_set_visible_child_name (self->preview_stack, "video");
  vitrine_window_update_actions (self);
}

typedef struct {
  VitrineWindow *window;   /* owned */
  VitrineJob    *job;      /* owned */
  guint          index;
} PreviewCheck;

static void
preview_check_free (PreviewCheck *check)
{
  g_object_unref (check->window);
  g_object_unref (check->job);
  g_free (check);
}

/* Calls @func on each row the status list has made. */
static void
vitrine_window_foreach_row (VitrineWindow *self,
                            void         (*func) (VitrineJobRow *row,
                                                  gpointer       data),
                            gpointer       data)
{
  /* GtkListView's children are its list items' widgets; ours are inside. */
  for (GtkWidget *item = gtk_widget_get_first_child (GTK_WIDGET (self->job_list)); item != NULL;
       item = gtk_widget_get_next_sibling (item))
    {
      GtkWidget *row = gtk_widget_get_last_child (gtk_widget_get_first_child (item));

      if (VITRINE_IS_JOB_ROW (row))
        func (VITRINE_JOB_ROW (row), data);
    }
}

static void
check_row_video (VitrineJobRow *row,
                 gpointer       job)
{
  if (vitrine_job_row_get_job (row) == job)
    vitrine_job_row_check_video (row);
}

static void
vitrine_window_preview_check_cb (GObject      *object,
                                 GAsyncResult *result,
                                 gpointer      user_data)
{
  PreviewCheck *check = user_data;
  VitrineWindow *self = check->window;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  VitrineJobOutput *output;

  info = g_file_query_info_finish (G_FILE (object), result, &error);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      self->shown_job == check->job && self->shown_output == check->index &&
      (output = _vitrine_window_get_shown_output (self)) != NULL)
    {
      gboolean missing = info == NULL &&
                         (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
                          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY));

      g_clear_object (&self->preview_check);
      vitrine_window_show_output (self, output, missing,
                                  info != NULL && g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR
                                  ? g_file_info_get_size (info) : -1);
      /* Gone, or back, since its row looked: the row says so now, not
       * when it is next bound (it changes only if it was wrong). */
      vitrine_window_foreach_row (self, check_row_video, check->job);
    }
  preview_check_free (check);
}

static void
vitrine_window_refresh_preview (VitrineWindow *self)
{
  VitrineJob *job = self->shown_job;
  VitrineJobState state;
  VitrineJobOutput *output;

  if (self->preview_check != NULL)
    g_cancellable_cancel (self->preview_check);
  g_clear_object (&self->preview_check);
  vitrine_window_update_outputs (self);

  if (job == NULL)
    {
      /* Let go of the file too (it may be deleted next). */
      vitrine_window_play_preview (self, NULL);
      gtk_stack_set_visible_child_name (self->preview_stack, "empty");
      vitrine_window_update_actions (self);
      return;
    }

  state = vitrine_job_get_state (job);
  if ((output = _vitrine_window_get_shown_output (self)) != NULL)
    {
      PreviewCheck *check;
      g_autoptr(GFile) file = NULL;

      if (output->path == NULL || *output->path == '\0')
        {
          vitrine_window_show_output (self, output, TRUE, -1);
          return;
        }

      /* The file may have been moved or deleted since: look first (async),
       * then play it or say it is missing. */
      check = g_new0 (PreviewCheck, 1);
      check->window = g_object_ref (self);
      check->job = g_object_ref (job);
      check->index = self->shown_output;
      self->preview_check = g_cancellable_new ();
      file = g_file_new_for_path (output->path);
      g_file_query_info_async (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                               G_FILE_QUERY_INFO_NONE,
                               G_PRIORITY_DEFAULT, self->preview_check,
                               vitrine_window_preview_check_cb, check);
      return;
    }

  self->output_missing = FALSE;
  vitrine_window_stop_preview (self);
  switch (state)
    {
    case VITRINE_JOB_STATE_FAILED:
    case VITRINE_JOB_STATE_INTERRUPTED:
      vitrine_window_set_status (self, "dialog-error-symbolic",
                                 _("The Video Could Not Be Made"),
                                 vitrine_job_get_error_message (job)
                                   ? vitrine_job_get_error_message (job)
                                   : vitrine_job_state_get_label (state));
      break;
    case VITRINE_JOB_STATE_CANCELLED:
      vitrine_window_set_status (self, "action-unavailable-symbolic",
                                 _("Cancelled"), NULL);
      break;
    case VITRINE_JOB_STATE_COMPLETED:
      vitrine_window_set_status (self, "dialog-warning-symbolic",
                                 _("No Video File"),
                                 _("The provider finished without a video to show."));
      break;
    default:
      vitrine_window_set_status (self, "content-loading-symbolic",
                                 _("Not Ready Yet"),
                                 _("The video plays here as soon as it is made."));
      break;
    }

  vitrine_window_update_actions (self);
}

VitrineJob *
vitrine_window_get_shown_job (VitrineWindow *self)
{
  g_return_val_if_fail (VITRINE_IS_WINDOW (self), NULL);
  return self->shown_job;
}

/* "empty", "status" (not made, failed…), "video" (playing), "compare" (a
 * comparison side by side) or "missing"
 * (a finished video whose file is not there, or online only). */
const char *
vitrine_window_get_preview_page (VitrineWindow *self)
{
  const char *page;

  g_return_val_if_fail (VITRINE_IS_WINDOW (self), NULL);

  page = gtk_stack_get_visible_child_name (self->preview_stack);
  if (g_strcmp0 (page, "video") == 0 &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->video_stack), "missing") == 0)
    return "missing";
  return page;
}

static void
vitrine_window_shown_job_notify_cb (VitrineWindow *self,
                                    GParamSpec    *pspec,
                                    VitrineJob    *job)
{
  if (g_str_equal (pspec->name, "state") || g_str_equal (pspec->name, "outputs") ||
      (g_str_equal (pspec->name, "error-message") && vitrine_job_is_finished (job)) ||
      (g_str_equal (pspec->name, "name") && vitrine_job_is_finished (job)))
    vitrine_window_refresh_preview (self);
}

void
vitrine_window_show_job (VitrineWindow *self,
                         VitrineJob    *job)
{
  g_return_if_fail (VITRINE_IS_WINDOW (self));
  g_return_if_fail (!job || VITRINE_IS_JOB (job));

  if (self->shown_job != job)
    {
      if (self->shown_job != NULL)
        g_clear_signal_handler (&self->shown_job_notify_id, self->shown_job);
      g_set_object (&self->shown_job, job);
      self->shown_output = 0;
      if (job != NULL)
        self->shown_job_notify_id =
          g_signal_connect_object (job, "notify", G_CALLBACK (vitrine_window_shown_job_notify_cb),
                                   self, G_CONNECT_SWAPPED);
    }
  vitrine_window_refresh_preview (self);
}

static gboolean
vitrine_window_find_job (VitrineWindow *self,
                         VitrineJob    *job,
                         guint         *position)
{
  GListModel *model = G_LIST_MODEL (self->store);
  guint n = model ? g_list_model_get_n_items (model) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VitrineJob) item = g_list_model_get_item (model, i);

      if (item == job)
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

/* Selects @job in the list, scrolls to it and plays it (a notification's
 * action does this). */
void
vitrine_window_select_job (VitrineWindow *self,
                           VitrineJob    *job)
{
  guint position;

  g_return_if_fail (VITRINE_IS_WINDOW (self));
  g_return_if_fail (VITRINE_IS_JOB (job));

  if (self->job_selection != NULL && vitrine_window_find_job (self, job, &position))
    {
      gtk_single_selection_set_selected (self->job_selection, position);
      gtk_widget_activate_action (GTK_WIDGET (self->job_list), "list.scroll-to-item", "u",
                                  position);
    }
  vitrine_window_show_job (self, job);
}

/* The application saw a job end (its own monitor or another process). */
static void
vitrine_window_job_finished_cb (VitrineWindow      *self,
                                VitrineJob         *job,
                                VitrineApplication *app)
{
  VitrineJobState state = vitrine_job_get_state (job);
  gboolean created_here = g_object_get_qdata (G_OBJECT (job), created_here_quark) != NULL;
  /* A key to fix, credits to buy, credits used: said with a button. */
  AdwToast *told = created_here ? vitrine_confirm_new_job_toast (job) : NULL;

  if (told != NULL)
    adw_toast_overlay_add_toast (self->toast_overlay, told);

  if (created_here && state == VITRINE_JOB_STATE_COMPLETED)
    {
      /* A new video: play it, and mark its row. */
      vitrine_window_select_job (self, job);
      return;
    }

  if (created_here && (state == VITRINE_JOB_STATE_FAILED || state == VITRINE_JOB_STATE_INTERRUPTED) &&
      job != self->shown_job && told == NULL)
    {
      g_autofree char *message = NULL;

      /* Translators: a video failed: “Listing 12 May” could not be made: the reason */
      message = g_strdup_printf (_("“%s” could not be made: %s"), vitrine_job_get_name (job),
                                 vitrine_job_get_error_message (job)
                                   ? vitrine_job_get_error_message (job)
                                   : vitrine_job_state_get_label (state));
      vitrine_window_add_toast (self, message);
    }
}

static void
vitrine_window_jobs_changed_cb (VitrineWindow *self,
                                guint          position,
                                guint          removed,
                                guint          added,
                                GListModel    *model)
{
  gtk_stack_set_visible_child_name (self->jobs_stack,
                                    g_list_model_get_n_items (model) > 0 ? "list" : "empty");

  /* A job that arrives at the top (from vitrine-cli, another window, an
   * import) stays in sight when the list was at its top: GtkListView keeps
   * the row that was first in place, which would hide the new one above.
   * The list has not moved yet: it does when it is next laid out. */
  if (position == 0 && added > removed && self->job_selection != NULL)
    {
      GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->job_list));

      if (gtk_adjustment_get_value (adjustment) <= gtk_adjustment_get_lower (adjustment) + 1)
        gtk_widget_activate_action (GTK_WIDGET (self->job_list), "list.scroll-to-item", "u", 0);
    }

  if (removed > 0 && self->shown_job != NULL &&
      !vitrine_window_find_job (self, self->shown_job, &position))
    vitrine_window_show_job (self, NULL);
}

static void
vitrine_window_job_selected_cb (VitrineWindow      *self,
                                GParamSpec         *pspec,
                                GtkSingleSelection *selection)
{
  VitrineJob *job = gtk_single_selection_get_selected_item (selection);

  if (job != NULL)
    vitrine_window_show_job (self, job);
}

static void
vitrine_window_job_activated_cb (VitrineWindow *self,
                                 guint          position,
                                 GtkListView   *list)
{
  g_autoptr(VitrineJob) job = g_list_model_get_item (G_LIST_MODEL (self->store), position);

  gtk_single_selection_set_selected (self->job_selection, position);
  vitrine_window_show_job (self, job);
}

static void
wake_row (VitrineJobRow *row,
          gpointer       data)
{
  vitrine_job_row_wake (row);
}

static gboolean
vitrine_window_list_rest_cb (gpointer user_data)
{
  VitrineWindow *self = user_data;

  self->list_rest_id = 0;
  vitrine_window_foreach_row (self, wake_row, NULL);
  return G_SOURCE_REMOVE;
}

/* Rows load their thumbnails when they are in sight and the list is at rest. */
static void
vitrine_window_list_moved_cb (VitrineWindow *self)
{
  g_clear_handle_id (&self->list_rest_id, g_source_remove);
  self->list_rest_id = g_timeout_add (120, vitrine_window_list_rest_cb, self);
  g_source_set_name_by_id (self->list_rest_id, "[vitrine] status list at rest");
}

static void
vitrine_window_job_setup_cb (GtkSignalListItemFactory *factory,
                             GtkListItem              *item,
                             gpointer                  user_data)
{
  GtkWidget *row = vitrine_job_row_new ();

  /* The row, under its comparison's header when it has one. */
  gtk_list_item_set_child (item, _vitrine_window_compare_wrap_row (user_data, item, row));
  g_object_bind_property (item, "item", row, "job", G_BINDING_SYNC_CREATE);
}

/* Settings */

static char *
vitrine_window_provider_name_cb (VitrineProvider *provider)
{
  return g_strdup (provider ? vitrine_provider_get_display_name (provider) : "");
}

static gboolean
provider_get_mapping (GValue   *value,
                      GVariant *variant,
                      gpointer  user_data)
{
  GListModel *providers = vitrine_provider_list ();
  const char *id = g_variant_get_string (variant, NULL);
  guint n = g_list_model_get_n_items (providers);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VitrineProvider) provider = g_list_model_get_item (providers, i);

      if (g_str_equal (vitrine_provider_get_id (provider), id))
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }

  /* An unknown id (a provider that is gone): the first one, the default. */
  g_value_set_uint (value, 0);
  return TRUE;
}

static GVariant *
provider_set_mapping (const GValue       *value,
                      const GVariantType *expected_type,
                      gpointer            user_data)
{
  g_autoptr(VitrineProvider) provider = g_list_model_get_item (vitrine_provider_list (),
                                                               g_value_get_uint (value));

  if (provider == NULL)
    return NULL;
  return g_variant_new_string (vitrine_provider_get_id (provider));
}

static VitrineProvider *
vitrine_window_get_provider (VitrineWindow *self)
{
  g_autofree char *id = g_settings_get_string (self->settings, "provider");
  VitrineProvider *provider = vitrine_provider_lookup (id);

  return provider ? provider : vitrine_provider_get_default ();
}

/* Ratios the provider cannot make are greyed out (the provider options say
 * why, in the tooltips); the chosen one is never changed behind the agent's
 * back: Create says what to do instead. */
static void
vitrine_window_provider_changed_cb (VitrineWindow *self)
{
  static const VitrineRatio ratios[] = { VITRINE_RATIO_16_9, VITRINE_RATIO_9_16, VITRINE_RATIO_1_1 };
  GtkWidget *buttons[] = { self->ratio_16_9, self->ratio_9_16, self->ratio_1_1 };
  VitrineProvider *provider = vitrine_window_get_provider (self);

  for (guint i = 0; i < G_N_ELEMENTS (ratios); i++)
    gtk_widget_set_sensitive (buttons[i],
                              provider == NULL || vitrine_provider_supports_ratio (provider, ratios[i]));
  /* Seconds per photo, and the length they make, only where the provider
   * reads them (a cloud provider times its video itself). */
  gtk_widget_set_visible (self->seconds_row, vitrine_window_times_photos (self));
  vitrine_window_update_actions (self);
  _vitrine_window_listing_provider_changed (self, provider);
}

static void
vitrine_window_bind_settings (VitrineWindow *self)
{
  g_autoptr(GtkExpression) name_expression = NULL;

  /* Ratio: the "ratio" property is the setting, and "win.ratio" is the
   * property; the three toggles show it. */
  g_settings_bind (self->settings, "ratio", self, "ratio", G_SETTINGS_BIND_DEFAULT);

  name_expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                                 G_CALLBACK (vitrine_window_provider_name_cb),
                                                 NULL, NULL);
  adw_combo_row_set_expression (self->provider_row, name_expression);
  adw_combo_row_set_model (self->provider_row, vitrine_provider_list ());
  g_settings_bind_with_mapping (self->settings, "provider", self->provider_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, provider_get_mapping, provider_set_mapping,
                                NULL, NULL);
  g_signal_connect_object (self->settings, "changed::provider",
                           G_CALLBACK (vitrine_window_provider_changed_cb), self,
                           G_CONNECT_SWAPPED);
  vitrine_window_provider_changed_cb (self);
  vitrine_provider_options_set_ratio_buttons (self->provider_options, self->ratio_16_9,
                                              self->ratio_9_16, self->ratio_1_1);
  _vitrine_window_providers_init (self);
  _vitrine_window_compare_init (self);

  _vitrine_window_listing_init (self);
  g_settings_bind (self->settings, "seconds-per-photo", self->seconds_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "title", self->title_row, "text", G_SETTINGS_BIND_DEFAULT);

  g_signal_connect_object (self->settings, "changed::music",
                           G_CALLBACK (_vitrine_window_update_music), self, G_CONNECT_SWAPPED);
  _vitrine_window_update_music (self);

  /* The window: its size is read here and written on close; maximized
   * follows the setting both ways. */
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  g_settings_bind (self->settings, "window-maximized", self, "maximized",
                   G_SETTINGS_BIND_DEFAULT);
}

static void
vitrine_window_save_size (VitrineWindow *self)
{
  int width, height;

  if (gtk_window_is_maximized (GTK_WINDOW (self)) || gtk_window_is_fullscreen (GTK_WINDOW (self)))
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  if (width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
}

static gboolean
vitrine_window_close_request (GtkWindow *window)
{
  VitrineWindow *self = VITRINE_WINDOW (window);

  /* Videos being made carry on: the application outlives its last window
   * while a job is unfinished, and says when it is done (a notification). */
  vitrine_window_save_size (self);
  _vitrine_window_stop_music (self);

  return GTK_WINDOW_CLASS (vitrine_window_parent_class)->close_request (window);
}

/* The store and the monitor are the application's; "application" is set
 * after construction, so the status list is bound when it arrives. */
static void
vitrine_window_application_cb (VitrineWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  g_autoptr(GtkListItemFactory) factory = NULL;

  if (self->store != NULL || !VITRINE_IS_APPLICATION (app))
    return;

  self->store = g_object_ref (vitrine_application_get_store (VITRINE_APPLICATION (app)));
  self->monitor = g_object_ref (vitrine_application_get_monitor (VITRINE_APPLICATION (app)));
  g_return_if_fail (self->store != NULL && self->monitor != NULL);

  /* The status list: the store itself, newest first. */
  self->job_selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->store)));
  gtk_single_selection_set_autoselect (self->job_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->job_selection, TRUE);
  gtk_single_selection_set_selected (self->job_selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_object (self->job_selection, "notify::selected-item",
                           G_CALLBACK (vitrine_window_job_selected_cb), self, G_CONNECT_SWAPPED);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (vitrine_window_job_setup_cb), self);
  gtk_list_view_set_factory (self->job_list, factory);
  gtk_list_view_set_model (self->job_list, GTK_SELECTION_MODEL (self->job_selection));

  g_signal_connect_object (self->store, "items-changed",
                           G_CALLBACK (vitrine_window_jobs_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (app, "job-finished",
                           G_CALLBACK (vitrine_window_job_finished_cb), self, G_CONNECT_SWAPPED);

  _vitrine_window_offer_listing (self);
  /* A damaged or unusable job list never stops the app: say what happened. */
  if (vitrine_job_store_get_problem (self->store) != NULL)
    vitrine_window_add_toast (self, vitrine_job_store_get_problem (self->store));
  vitrine_window_jobs_changed_cb (self, 0, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                                  G_LIST_MODEL (self->store));
}

static void
vitrine_window_constructed (GObject *object)
{
  VitrineWindow *self = VITRINE_WINDOW (object);

  G_OBJECT_CLASS (vitrine_window_parent_class)->constructed (object);

  vitrine_window_bind_settings (self);
  vitrine_window_update_actions (self);
  vitrine_window_refresh_preview (self);

  gtk_widget_grab_focus (GTK_WIDGET (self->photo_grid));
}

static void
vitrine_window_dispose (GObject *object)
{
  VitrineWindow *self = VITRINE_WINDOW (object);

  _vitrine_window_actions_dispose (self);
  /* The checks go with the template's widgets. */
  g_clear_pointer (&self->compare_checks, g_ptr_array_unref);

  g_clear_handle_id (&self->list_rest_id, g_source_remove);
  if (self->preview_check != NULL)
    g_cancellable_cancel (self->preview_check);
  g_clear_object (&self->preview_check);
  if (self->shown_job != NULL)
    g_clear_signal_handler (&self->shown_job_notify_id, self->shown_job);
  vitrine_window_play_preview (self, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), VITRINE_TYPE_WINDOW);

  g_clear_object (&self->job_selection);
  g_clear_object (&self->shown_job);
  g_clear_object (&self->monitor);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (vitrine_window_parent_class)->dispose (object);
}

static void
vitrine_window_finalize (GObject *object)
{
  VitrineWindow *self = VITRINE_WINDOW (object);

  g_clear_pointer (&self->default_name, g_free);
  g_clear_pointer (&self->ratio, g_free);

  G_OBJECT_CLASS (vitrine_window_parent_class)->finalize (object);
}

static void
vitrine_window_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  VitrineWindow *self = VITRINE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_RATIO:
      g_value_set_string (value, self->ratio);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_window_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  VitrineWindow *self = VITRINE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_RATIO:
      {
        const char *ratio = g_value_get_string (value);
        VitrineRatio parsed;

        if (ratio == NULL || !vitrine_ratio_from_string (ratio, &parsed) ||
            g_strcmp0 (ratio, self->ratio) == 0)
          return;
        g_free (self->ratio);
        self->ratio = g_strdup (ratio);
        g_object_notify_by_pspec (object, pspec);
      }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_window_class_init (VitrineWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = vitrine_window_constructed;
  object_class->dispose = vitrine_window_dispose;
  object_class->finalize = vitrine_window_finalize;
  object_class->get_property = vitrine_window_get_property;
  object_class->set_property = vitrine_window_set_property;

  window_class->close_request = vitrine_window_close_request;

  /* "16:9", "9:16" or "1:1"; bound to the "ratio" setting. */
  properties[PROP_RATIO] =
    g_param_spec_string ("ratio", NULL, NULL, "16:9",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  created_here_quark = g_quark_from_static_string ("vitrine-window-created-here");

  g_type_ensure (VITRINE_TYPE_PHOTO_GRID);
  g_type_ensure (VITRINE_TYPE_PROVIDER_OPTIONS);
  g_type_ensure (VITRINE_TYPE_LISTING_GROUP);
  g_type_ensure (VITRINE_TYPE_COMPARE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               VITRINE_RESOURCE_PATH "ui/vitrine-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, main_paned);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, left_paned);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, photo_grid);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, jobs_stack);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, job_list);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, preview_stack);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, preview_status_page);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, video_stack);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, preview);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, preview_picture);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, preview_controls);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, missing_page);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, link_box);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, output_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, output_labels);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, preview_title);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, preview_subtitle);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, save_progress);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, name_row);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, title_row);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, provider_row);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, compare_row);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, compare_view);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, ratio_16_9);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, ratio_9_16);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, ratio_1_1);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, seconds_row);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, seconds_spin);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, unbranded_row);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, unbranded_switch);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, fit_row);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, listing_group);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, music_row);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, music_play_button);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, music_clear_button);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, provider_options);
  gtk_widget_class_bind_template_callback (widget_class, vitrine_window_photo_message_cb);
  gtk_widget_class_bind_template_callback (widget_class, vitrine_window_photo_removed_cb);
  gtk_widget_class_bind_template_callback (widget_class, vitrine_window_update_actions);
  gtk_widget_class_bind_template_callback (widget_class, vitrine_window_job_activated_cb);

  _vitrine_window_class_actions_init (klass);
  _vitrine_window_class_providers_init (klass);
  _vitrine_window_class_compare_init (klass);
}

static void
vitrine_window_init (VitrineWindow *self)
{
  /* Before the template: its toggles read the "win.ratio" state. */
  self->ratio = g_strdup ("16:9");

  gtk_widget_init_template (GTK_WIDGET (self));
  _vitrine_window_keys_init (self);
  self->music_player = vitrine_music_player_new (self->music_play_button);
  g_signal_connect_object (self->music_player, "failed", G_CALLBACK (vitrine_window_add_toast),
                           self, G_CONNECT_SWAPPED);

  self->settings = g_settings_new (APP_ID);

  self->default_name = vitrine_job_make_default_name ();
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), self->default_name);

  g_signal_connect (self, "notify::application", G_CALLBACK (vitrine_window_application_cb), NULL);

  g_signal_connect_object (self->seconds_spin, "value-changed",
                           G_CALLBACK (vitrine_window_update_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->output_dropdown, "notify::selected",
                           G_CALLBACK (vitrine_window_output_selected_cb), self, G_CONNECT_SWAPPED);
  /* The chosen one shortened with "…" (a long label, "9:16 · ohne
   * Branding für MLS", widened the whole window), whole in the list. */
  {
    g_autoptr(GtkListItemFactory) shown = vitrine_job_row_new_output_label_factory (TRUE);
    g_autoptr(GtkListItemFactory) listed = vitrine_job_row_new_output_label_factory (FALSE);

    gtk_drop_down_set_factory (self->output_dropdown, shown);
    gtk_drop_down_set_list_factory (self->output_dropdown, listed);
  }

  {
    GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->job_list));

    g_signal_connect_object (adjustment, "value-changed",
                             G_CALLBACK (vitrine_window_list_moved_cb), self, G_CONNECT_SWAPPED);
    g_signal_connect_object (adjustment, "changed",
                             G_CALLBACK (vitrine_window_list_moved_cb), self, G_CONNECT_SWAPPED);
  }
}

VitrineWindow *
vitrine_window_new (VitrineApplication *application)
{
  g_return_val_if_fail (VITRINE_IS_APPLICATION (application), NULL);

  return g_object_new (VITRINE_TYPE_WINDOW, "application", application, NULL);
}

VitrinePhotoGrid *
vitrine_window_get_photo_grid (VitrineWindow *self)
{
  g_return_val_if_fail (VITRINE_IS_WINDOW (self), NULL);
  return self->photo_grid;
}

GtkWidget *
vitrine_window_get_preview (VitrineWindow *self)
{
  g_return_val_if_fail (VITRINE_IS_WINDOW (self), NULL);
  return self->preview;
}

GtkMediaStream *
vitrine_window_get_preview_stream (VitrineWindow *self)
{
  g_return_val_if_fail (VITRINE_IS_WINDOW (self), NULL);
  return self->preview_stream;
}

/* For vitrine-window-actions.c */
void
_vitrine_window_mark_created_here (VitrineJob *job)
{
  g_object_set_qdata (G_OBJECT (job), created_here_quark, GINT_TO_POINTER (TRUE));
}
