/* vitrine-job-row.c
 *
 * One job of the status list, which is virtualised: a few dozen rows are
 * made, and each is bound to one job after another as the list scrolls. So
 * binding only sets labels from the job's properties; what costs more waits
 * until the row has shown the same job for SETTLE_MS (a row that scrolls
 * past does none of it):
 *
 *  - the thumbnail of the first photo, decoded by a worker of a small
 *    thumbnail loader of its own, kept in a cache shared by every row;
 *  - for a finished video, whether its file is still there (an async
 *    query, never a stat on the main thread): a video moved or deleted
 *    outside Vitrine shows as missing.
 *
 * The monitor updates the job and the row follows its notifications; nothing
 * polls. The menu (Retry, Open Folder, Copy Link, Open the Share Page,
 * Remove…) forwards to the window's actions with the job's id.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vitrine-job-row.h"
#include "vitrine-provider.h"
#include "vitrine-thumbnail-loader.h"
#include "vitrine-thumbnail.h"
#include "vitrine-widget-actions.h"

/* How long a row shows a job before its thumbnail and file check start. */
#define SETTLE_MS 100
#define THUMBNAIL_WIDTH 64
/* Textures kept for rows scrolled away and back (a few MB at most). */
#define THUMBNAIL_CACHE_MAX 400

struct _VitrineJobRow
{
  GtkWidget       parent_instance;

  VitrineJob     *job;
  gulong          notify_id;
  GCancellable   *cancellable;   /* the settled work for this job */
  guint           settle_id;
  gboolean        deferred;      /* settled out of sight: the window wakes it */
  gboolean        video_missing;
  const char     *state_class;   /* static strings: the classes set now */
  const char     *icon_class;
  guint           enabled;       /* ACTION_* flags of the row's enabled actions */

  /* template children */
  GtkWidget        *box;
  VitrineThumbnail *thumbnail;
  GtkWidget        *placeholder;
  GtkImage         *state_icon;
  GtkInscription   *name_label;
  GtkInscription   *details_label;
  GtkInscription   *state_label;
  GtkProgressBar   *progress_bar;
  GtkWidget        *cancel_button;
  GtkMenuButton    *menu_button;
  GMenuModel       *row_menu;
};

G_DEFINE_FINAL_TYPE (VitrineJobRow, vitrine_job_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_JOB,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Shared by every row of the process. */
static VitrineThumbnailLoader *row_loader;
static GHashTable *row_thumbnails;   /* path → GdkTexture, or NULL: cannot be read */
static guint n_rows_made;
static guint n_thumbnails_requested;
static guint n_thumbnails_decoded;

enum {
  ACTION_CANCEL      = 1 << 0,
  ACTION_RETRY       = 1 << 1,
  ACTION_OPEN_FOLDER = 1 << 2,
  ACTION_COPY_LINK   = 1 << 3,
  ACTION_OPEN_LINK   = 1 << 4,
  ACTION_SHARE_LINK  = 1 << 5,
  ACTION_FOLLOW      = 1 << 6,
  ACTION_MAKE_AGAIN  = 1 << 7,
  ACTION_ALL         = (1 << 8) - 1,
};

/* Set on a job once its video file was looked for (any row can tell). */
#define MISSING_KEY "vitrine-row-video-missing"
enum { FILE_UNKNOWN, FILE_PRESENT, FILE_MISSING };

void
vitrine_job_row_get_stats (guint *rows,
                           guint *requested,
                           guint *decoded)
{
  if (rows != NULL)
    *rows = n_rows_made;
  if (requested != NULL)
    *requested = n_thumbnails_requested;
  if (decoded != NULL)
    *decoded = n_thumbnails_decoded;
}

/* Text */

/* "Today 14:02", "Yesterday 09:15", "Monday 10:00", "12 May", "12 May 2024" */
char *
vitrine_job_row_format_date (gint64 created)
{
  /* Today, looked up again at most once a minute (rows are bound by the
   * hundred while the list scrolls). */
  static GDate today;
  static GTimeZone *local_zone;
  static gint64 today_checked;
  gint64 now = g_get_monotonic_time ();
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (created);
  g_autoptr(GDateTime) when = NULL;
  int y1, m1, d1;
  GDate a;
  int days;

  /* The local time zone too: g_time_zone_new_local () may read it again
   * from disk on each call. */
  if (today_checked == 0 || now - today_checked > 60 * G_USEC_PER_SEC)
    {
      g_autoptr(GDateTime) local = NULL;
      int y, m, d;

      g_clear_pointer (&local_zone, g_time_zone_unref);
      local_zone = g_time_zone_new_local ();
      local = g_date_time_new_now (local_zone);
      g_date_time_get_ymd (local, &y, &m, &d);
      g_date_clear (&today, 1);
      g_date_set_dmy (&today, d, m, y);
      today_checked = now;
    }

  if (utc == NULL || (when = g_date_time_to_timezone (utc, local_zone)) == NULL)
    return g_strdup ("");

  g_date_time_get_ymd (when, &y1, &m1, &d1);
  g_date_clear (&a, 1);
  g_date_set_dmy (&a, d1, m1, y1);
  days = g_date_days_between (&a, &today);

  if (days == 0)
    /* xgettext:no-c-format */
    /* Translators: when a video was made, today; see g_date_time_format() */
    return g_date_time_format (when, _("Today %H:%M"));
  if (days == 1)
    /* xgettext:no-c-format */
    /* Translators: when a video was made, yesterday; see g_date_time_format() */
    return g_date_time_format (when, _("Yesterday %H:%M"));
  if (days > 1 && days < 7)
    /* xgettext:no-c-format */
    /* Translators: when a video was made, this week: "Monday 10:00" */
    return g_date_time_format (when, _("%A %H:%M"));
  if (y1 == g_date_get_year (&today))
    /* xgettext:no-c-format */
    /* Translators: when a video was made, this year: "12 May" */
    return g_date_time_format (when, _("%-d %B"));
  /* xgettext:no-c-format */
  /* Translators: when a video was made, another year: "12 May 2024" */
  return g_date_time_format (when, _("%-d %B %Y"));
}

/* "0:36", "1:05:00": the length of a video. */
char *
vitrine_job_row_format_length (double seconds)
{
  guint total = (guint) (seconds + 0.5);

  if (total >= 3600)
    return g_strdup_printf ("%u:%02u:%02u", total / 3600, (total / 60) % 60, total % 60);
  return g_strdup_printf ("%u:%02u", total / 60, total % 60);
}

/* The length of the finished video, in seconds, when it is known without
 * opening it (the job sets it: this computer's); 0 otherwise. */
double
vitrine_job_row_get_length (VitrineJob *job)
{
  VitrineProvider *provider = vitrine_provider_lookup (vitrine_job_get_provider_id (job));

  return provider != NULL ? vitrine_provider_estimate_length (provider, job) : 0;
}

/* @head, then @tail after a dot; frees @head. */
static char *
join_dot (char       *head,
          const char *tail)
{
  /* Translators: a finished job and what it made: "Done · 0:36",
   * "Done · 0:36 · 16:9, 9:16" */
  char *text = g_strdup_printf (_("%s · %s"), head, tail);

  g_free (head);
  return text;
}

static char *
vitrine_job_row_state_text (VitrineJobRow *self,
                            const char   **css_class)
{
  VitrineJob *job = self->job;
  VitrineJobState state = vitrine_job_get_state (job);
  const char *label = vitrine_job_state_get_label (state);
  const char *error_message = vitrine_job_get_error_message (job);
  const char *status_text = vitrine_job_get_status_text (job);
  guint progress = vitrine_job_get_progress (job);
  g_autofree char *summary = NULL;

  *css_class = NULL;
  switch (state)
    {
    case VITRINE_JOB_STATE_COMPLETED:
      if (self->video_missing)
        {
          *css_class = "warning";
          return g_strdup (_("Video missing"));
        }
      {
        char *text = g_strdup (label);
        double length = vitrine_job_row_get_length (job);

        if (length > 0)
          {
            g_autofree char *time = vitrine_job_row_format_length (length);

            text = join_dot (text, time);
          }
        if ((summary = vitrine_job_row_dup_outputs_summary (job)) != NULL)
          text = join_dot (text, summary);
        return text;
      }

    case VITRINE_JOB_STATE_FAILED:
    case VITRINE_JOB_STATE_INTERRUPTED:
      *css_class = "error";
      if (error_message != NULL && *error_message != '\0')
        /* Translators: a failed job: "Failed: the reason" */
        return g_strdup_printf (_("%s: %s"), label, error_message);
      return g_strdup (label);

    case VITRINE_JOB_STATE_CANCELLED:
      *css_class = "dim-label";
      return g_strdup (label);

    default:
      if (!vitrine_job_get_followed (job))
        {
          *css_class = "dim-label";
          /* Translators: a video the provider goes on making, no longer followed */
          return g_strdup (_("Not followed — choose Follow Again to get the video"));
        }
      if (vitrine_job_get_attention (job) != NULL)
        {
          *css_class = "warning";
          /* Translators: a paused job and why: "Needs attention: …" */
          return g_strdup_printf (_("Needs attention: %s"), vitrine_job_get_attention (job));
        }
      if (status_text != NULL && *status_text != '\0' && g_strcmp0 (status_text, label) != 0)
        /* Translators: job state, the provider's own status and the progress */
        return g_strdup_printf (_("%s — %s (%u %%)"), label, status_text, progress);
      if (progress > 0)
        /* Translators: job state and progress: "Making the video (45 %)" */
        return g_strdup_printf (_("%s (%u %%)"), label, progress);
      return g_strdup (label);
    }
}

static void
swap_class (GtkWidget   *widget,
            const char **current,
            const char  *wanted)
{
  if (g_strcmp0 (*current, wanted) == 0)
    return;
  if (*current != NULL)
    gtk_widget_remove_css_class (widget, *current);
  if (wanted != NULL)
    gtk_widget_add_css_class (widget, wanted);
  *current = wanted;
}

/* Only when it changes: each change is announced to the action's observers. */
static void
set_enabled (VitrineJobRow *self,
             guint          flag,
             const char    *action_name,
             gboolean       enabled)
{
  if (((self->enabled & flag) != 0) == enabled)
    return;
  self->enabled ^= flag;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), action_name, enabled);
}

static void
vitrine_job_row_update_state (VitrineJobRow *self)
{
  VitrineJob *job = self->job;
  VitrineJobState state = vitrine_job_get_state (job);
  gboolean finished = vitrine_job_state_is_finished (state);
  g_autofree char *text = NULL;
  const char *state_class;
  const char *icon_name, *icon_class;

  text = vitrine_job_row_state_text (self, &state_class);
  gtk_inscription_set_text (self->state_label, text);
  swap_class (GTK_WIDGET (self->state_label), &self->state_class, state_class);

  switch (state)
    {
    case VITRINE_JOB_STATE_COMPLETED:
      icon_name = self->video_missing ? "dialog-warning-symbolic" : "emblem-ok-symbolic";
      icon_class = self->video_missing ? "warning" : "success";
      break;
    case VITRINE_JOB_STATE_CANCELLED:
      icon_name = "action-unavailable-symbolic";
      icon_class = "dim-label";
      break;
    case VITRINE_JOB_STATE_FAILED:
    case VITRINE_JOB_STATE_INTERRUPTED:
      icon_name = "dialog-error-symbolic";
      icon_class = "error";
      break;
    default:
      icon_name = "emblem-synchronizing-symbolic";
      icon_class = "accent";
      break;
    }
  /* Setting the same icon again would look it up and resize the row. */
  if (g_strcmp0 (gtk_image_get_icon_name (self->state_icon), icon_name) != 0)
    gtk_image_set_from_icon_name (self->state_icon, icon_name);
  swap_class (GTK_WIDGET (self->state_icon), &self->icon_class, icon_class);

  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), !finished);
  if (!finished)
    gtk_progress_bar_set_fraction (self->progress_bar,
                                   MIN (vitrine_job_get_progress (job), 100) / 100.0);
  gtk_widget_set_visible (self->cancel_button, !finished);

  set_enabled (self, ACTION_CANCEL, "row.cancel", !finished);
  /* A job with no photos of its own (one imported from the provider's
   * history) cannot be made again: it answered "Add at least one photo". */
  set_enabled (self, ACTION_RETRY, "row.retry", finished && state != VITRINE_JOB_STATE_COMPLETED &&
               vitrine_job_get_n_photos (job) > 0);
  set_enabled (self, ACTION_MAKE_AGAIN, "row.make-again", state == VITRINE_JOB_STATE_COMPLETED &&
               vitrine_job_get_n_photos (job) > 0);
  set_enabled (self, ACTION_FOLLOW, "row.follow",
               !finished && (!vitrine_job_get_followed (job) ||
                             vitrine_job_get_attention (job) != NULL));
  set_enabled (self, ACTION_OPEN_FOLDER, "row.open-folder",
               vitrine_job_get_first_output_path (job) != NULL || vitrine_job_get_output_dir (job) != NULL);
  set_enabled (self, ACTION_COPY_LINK, "row.copy-link", vitrine_job_get_first_output_url (job) != NULL);
  set_enabled (self, ACTION_OPEN_LINK, "row.open-link", vitrine_job_get_first_output_url (job) != NULL);
  /* The provider's page to share the video, when it gives one. */
  set_enabled (self, ACTION_SHARE_LINK, "row.open-share-link",
               vitrine_job_get_option (job, VITRINE_JOB_OPTION_SHARE_URL) != NULL);
}

static void
vitrine_job_row_update_labels (VitrineJobRow *self)
{
  VitrineJob *job = self->job;
  VitrineProvider *provider = vitrine_provider_lookup (vitrine_job_get_provider_id (job));
  const char *provider_name = provider ? vitrine_provider_get_display_name (provider)
                                       : vitrine_job_get_provider_id (job);
  g_autofree char *date = vitrine_job_row_format_date (vitrine_job_get_created (job));
  g_autofree char *details = NULL;

  gtk_inscription_set_text (self->name_label, vitrine_job_get_name (job));
  /* Translators: who made the video and when: "This computer · Today 14:02" */
  details = g_strdup_printf (_("%s · %s"), provider_name ? provider_name : "", date);
  gtk_inscription_set_text (self->details_label, details);
}

char *
vitrine_job_row_dup_output_label (const VitrineJobOutput *output,
                                  guint                   index)
{
  VitrineVariant variant;

  if (output->ratio != NULL && vitrine_variant_from_string (output->variant, &variant))
    return g_strdup_printf (variant == VITRINE_VARIANT_UNBRANDED
                              /* Translators: an output of a job: its ratio and variant */
                              ? _("%s · MLS unbranded")
                              /* Translators: an output of a job: its ratio and variant */
                              : _("%s · Branded"),
                            output->ratio);
  /* A provider's own names tell its videos of one shape apart (a main
   * video and two variants, all 16:9): the shape alone named three alike
   * in the switcher. */
  if (output->label != NULL && *output->label != '\0' && output->ratio != NULL &&
      strstr (output->label, output->ratio) == NULL)
    /* Translators: an output of a job: its name and ratio, "Variant 1 · 16:9" */
    return g_strdup_printf (_("%s · %s"), output->label, output->ratio);
  if (output->ratio != NULL)
    return g_strdup (output->ratio);
  if (output->label != NULL && *output->label != '\0')
    return g_strdup (output->label);
  /* Translators: an output without a label: "Video 2" */
  return g_strdup_printf (_("Video %u"), index + 1);
}

char *
vitrine_job_row_dup_outputs_summary (VitrineJob *job)
{
  GPtrArray *outputs = vitrine_job_get_outputs (job);
  g_autoptr(GString) ratios = g_string_new (NULL);
  gboolean unbranded = FALSE;

  if (outputs == NULL || outputs->len < 2)
    return NULL;
  for (guint i = 0; i < outputs->len; i++)
    {
      const VitrineJobOutput *output = g_ptr_array_index (outputs, i);
      g_autofree char *label = output->ratio ? g_strdup (output->ratio)
                                             : vitrine_job_row_dup_output_label (output, i);

      unbranded |= g_strcmp0 (output->variant, "unbranded") == 0;
      /* each ratio once: its branded and unbranded outputs are together */
      if (strstr (ratios->str, label) == NULL)
        g_string_append_printf (ratios, "%s%s", ratios->len > 0 ? ", " : "", label);
    }
  if (unbranded)
    /* Translators: the shapes of a job's videos, made branded and unbranded */
    return g_strdup_printf (_("%s · branded and MLS unbranded"), ratios->str);
  return g_string_free (g_steal_pointer (&ratios), FALSE);
}

/* Made when asked for (has-tooltip): gtk_widget_set_tooltip_text () while
 * binding would ask the display server where the pointer is, each time. */
static gboolean
vitrine_job_row_query_tooltip_cb (VitrineJobRow *self,
                                  int            x,
                                  int            y,
                                  gboolean       keyboard,
                                  GtkTooltip    *tooltip)
{
  guint n_photos, n_ratios;
  VitrineRatio ratios[3];
  g_autoptr(GString) shapes = g_string_new (NULL);
  g_autofree char *count = NULL;
  g_autofree char *state = NULL;
  g_autofree char *text = NULL;
  const char *css_class;
  const char *name;

  if (self->job == NULL)
    return FALSE;

  name = vitrine_job_get_name (self->job);
  n_photos = vitrine_job_get_n_photos (self->job);
  count = g_strdup_printf (ngettext ("%u photo", "%u photos", n_photos), n_photos);
  state = self->video_missing
            ? g_strdup (_("The video was moved or deleted outside Vitrine"))
            : vitrine_job_row_state_text (self, &css_class);
  n_ratios = vitrine_ratio_flags_list (vitrine_job_get_ratios (self->job), ratios);
  for (guint i = 0; i < n_ratios; i++)
    g_string_append_printf (shapes, "%s%s", i > 0 ? ", " : "", vitrine_ratio_to_string (ratios[i]));
  /* The name, cut short in a narrow list, then "12 photos · 16:9", then
   * its state in full. */
  /* Translators: a job's tooltip: its name, "12 photos · 16:9", its state */
  text = g_strdup_printf (_("%s\n%s · %s\n%s"), name != NULL ? name : "", count,
                          shapes->str, state);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* The settled work: thumbnail and file check */

typedef struct {
  VitrineJobRow *row;   /* owned */
  VitrineJob    *job;   /* owned: the job it was asked for */
  char          *path;
} Pending;

static void
pending_free (Pending *pending)
{
  g_object_unref (pending->row);
  g_object_unref (pending->job);
  g_free (pending->path);
  g_free (pending);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pending, pending_free)

static Pending *
pending_new (VitrineJobRow *self,
             const char    *path)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->row = g_object_ref (self);
  pending->job = g_object_ref (self->job);
  pending->path = g_strdup (path);
  return pending;
}

static const char *
thumbnail_path (VitrineJob *job)
{
  const char * const *photos = vitrine_job_get_photos (job);

  /* Photos that are URLs (a provider's) have no thumbnail. */
  if (photos == NULL || photos[0] == NULL || !g_path_is_absolute (photos[0]))
    return NULL;
  return photos[0];
}

static void
vitrine_job_row_set_texture (VitrineJobRow *self,
                             GdkTexture    *texture)
{
  vitrine_thumbnail_set_paintable (self->thumbnail, GDK_PAINTABLE (texture));
  gtk_widget_set_visible (self->placeholder, texture == NULL);
}

static void
vitrine_job_row_thumbnail_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  g_autoptr(Pending) pending = user_data;
  VitrineJobRow *self = pending->row;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = vitrine_thumbnail_loader_load_finish (VITRINE_THUMBNAIL_LOADER (object), result,
                                                  NULL, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  n_thumbnails_decoded++;
  if (g_hash_table_size (row_thumbnails) >= THUMBNAIL_CACHE_MAX)
    g_hash_table_remove_all (row_thumbnails);
  g_hash_table_insert (row_thumbnails, g_strdup (pending->path),
                       texture ? g_object_ref (texture) : NULL);

  if (self->job == pending->job)
    vitrine_job_row_set_texture (self, texture);
}

static void
vitrine_job_row_file_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(Pending) pending = user_data;
  VitrineJobRow *self = pending->row;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  gboolean missing;

  info = g_file_query_info_finish (G_FILE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Only "not there" counts: a folder we may not read is not a missing video. */
  missing = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
            g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY);
  g_object_set_data (G_OBJECT (pending->job), MISSING_KEY,
                     GINT_TO_POINTER (missing ? FILE_MISSING : FILE_PRESENT));
  if (self->job == pending->job && self->video_missing != missing)
    {
      self->video_missing = missing;
      vitrine_job_row_update_state (self);
    }
}

static void
vitrine_job_row_check_file (VitrineJobRow *self)
{
  const char *path;
  g_autoptr(GFile) file = NULL;

  if (vitrine_job_get_state (self->job) != VITRINE_JOB_STATE_COMPLETED ||
      !(path = vitrine_job_get_preview_path (self->job)))
    return;

  file = g_file_new_for_path (path);
  g_file_query_info_async (file, G_FILE_ATTRIBUTE_STANDARD_TYPE, G_FILE_QUERY_INFO_NONE,
                           G_PRIORITY_LOW, self->cancellable, vitrine_job_row_file_cb,
                           pending_new (self, path));
}

/* GtkListView keeps up to 200 rows around the ones in sight, bound and
 * allocated; only those in sight are worth a decode. */
static gboolean
vitrine_job_row_in_sight (VitrineJobRow *self)
{
  GtkWidget *list = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_LIST_VIEW);
  graphene_rect_t bounds;

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return FALSE;
  if (list == NULL)
    return TRUE;
  if (!gtk_widget_compute_bounds (GTK_WIDGET (self), list, &bounds))
    return FALSE;
  /* The list's children are placed in its visible area's coordinates. */
  return bounds.origin.y + bounds.size.height > 0 &&
         bounds.origin.y < gtk_widget_get_height (list);
}

static void
vitrine_job_row_load_extras (VitrineJobRow *self)
{
  const char *path = thumbnail_path (self->job);

  self->deferred = FALSE;
  if (path != NULL && !g_hash_table_contains (row_thumbnails, path))
    {
      int scale = MAX (1, gtk_widget_get_scale_factor (GTK_WIDGET (self)));

      n_thumbnails_requested++;
      vitrine_thumbnail_loader_load_async (row_loader, path, THUMBNAIL_WIDTH * scale,
                                           self->cancellable, vitrine_job_row_thumbnail_cb,
                                           pending_new (self, path));
    }
  vitrine_job_row_check_file (self);
}

static gboolean
vitrine_job_row_settled_cb (gpointer user_data)
{
  VitrineJobRow *self = user_data;

  self->settle_id = 0;
  if (vitrine_job_row_in_sight (self))
    vitrine_job_row_load_extras (self);
  else
    self->deferred = TRUE;
  return G_SOURCE_REMOVE;
}

/* The list was scrolled (and came to rest) or resized: a row that settled
 * out of sight and is in sight now loads its thumbnail. */
void
vitrine_job_row_wake (VitrineJobRow *self)
{
  g_return_if_fail (VITRINE_IS_JOB_ROW (self));

  if (self->job != NULL && self->deferred && self->settle_id == 0 &&
      vitrine_job_row_in_sight (self))
    vitrine_job_row_load_extras (self);
}

/* Looks again whether the job's video is there: the window found one of
 * its videos gone (a row otherwise looks when it is bound and settles). */
void
vitrine_job_row_check_video (VitrineJobRow *self)
{
  g_return_if_fail (VITRINE_IS_JOB_ROW (self));

  if (self->job != NULL && self->settle_id == 0)
    vitrine_job_row_check_file (self);
}

static void
vitrine_job_row_job_notify_cb (VitrineJobRow *self,
                               GParamSpec    *pspec,
                               VitrineJob    *job)
{
  const char *name = pspec->name;

  if (g_str_equal (name, "name") || g_str_equal (name, "photos"))
    vitrine_job_row_update_labels (self);
  else if (g_str_equal (name, "state") || g_str_equal (name, "outputs"))
    {
      /* A video just made is there; one made elsewhere is looked for. */
      if (vitrine_job_get_state (job) == VITRINE_JOB_STATE_COMPLETED && self->settle_id == 0)
        vitrine_job_row_check_file (self);
      vitrine_job_row_update_state (self);
    }
  else if (g_str_equal (name, "progress") || g_str_equal (name, "status-text") ||
           g_str_equal (name, "error-message") || g_str_equal (name, "options"))
    vitrine_job_row_update_state (self);
}

/* Actions: forwarded to the window with the job's id */

static void
vitrine_job_row_forward_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *param)
{
  VitrineJobRow *self = VITRINE_JOB_ROW (widget);
  g_autofree char *win_action = NULL;

  if (self->job == NULL)
    return;
  /* "row.retry" → "win.retry-job", and so on. */
  win_action = g_strdup_printf ("win.%s-job", action_name + strlen ("row."));
  gtk_widget_activate_action (widget, win_action, "s", vitrine_job_get_id (self->job));
}

static void
vitrine_job_row_create_popup_cb (GtkMenuButton *button,
                                 gpointer       user_data)
{
  VitrineJobRow *self = user_data;

  if (gtk_menu_button_get_menu_model (button) == NULL)
    gtk_menu_button_set_menu_model (button, self->row_menu);
}

static void
vitrine_job_row_secondary_click_cb (GtkGestureClick *gesture,
                                    int              n_press,
                                    double           x,
                                    double           y,
                                    VitrineJobRow   *self)
{
  if (self->job == NULL)
    return;
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_menu_button_popup (self->menu_button);
}

/* GObject */

static void
vitrine_job_row_dispose (GObject *object)
{
  VitrineJobRow *self = VITRINE_JOB_ROW (object);

  vitrine_job_row_set_job (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), VITRINE_TYPE_JOB_ROW);

  G_OBJECT_CLASS (vitrine_job_row_parent_class)->dispose (object);
}

static void
vitrine_job_row_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  VitrineJobRow *self = VITRINE_JOB_ROW (object);

  switch (prop_id)
    {
    case PROP_JOB:
      g_value_set_object (value, self->job);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_job_row_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  VitrineJobRow *self = VITRINE_JOB_ROW (object);

  switch (prop_id)
    {
    case PROP_JOB:
      vitrine_job_row_set_job (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clear_texture (gpointer texture)
{
  if (texture != NULL)
    g_object_unref (texture);
}

/* Fixed names, no targets: binding a row to another job changes no
 * actionable (the list binds up to 200 rows at a time). */
static const VitrineWidgetAction job_row_actions[] = {
  { "row.cancel",          NULL, vitrine_job_row_forward_action },
  { "row.retry",           NULL, vitrine_job_row_forward_action },
  { "row.make-again",      NULL, vitrine_job_row_forward_action },
  { "row.follow",          NULL, vitrine_job_row_forward_action },
  { "row.remove",          NULL, vitrine_job_row_forward_action },
  { "row.open-folder",     NULL, vitrine_job_row_forward_action },
  { "row.copy-link",       NULL, vitrine_job_row_forward_action },
  { "row.open-link",       NULL, vitrine_job_row_forward_action },
  { "row.open-share-link", NULL, vitrine_job_row_forward_action },
};

static void
vitrine_job_row_class_init (VitrineJobRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vitrine_job_row_dispose;
  object_class->get_property = vitrine_job_row_get_property;
  object_class->set_property = vitrine_job_row_set_property;

  properties[PROP_JOB] =
    g_param_spec_object ("job", NULL, NULL, VITRINE_TYPE_JOB,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (VITRINE_TYPE_THUMBNAIL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               VITRINE_RESOURCE_PATH "ui/vitrine-job-row.ui");
  gtk_widget_class_bind_template_child (widget_class, VitrineJobRow, box);
  gtk_widget_class_bind_template_child (widget_class, VitrineJobRow, thumbnail);
  gtk_widget_class_bind_template_child (widget_class, VitrineJobRow, placeholder);
  gtk_widget_class_bind_template_child (widget_class, VitrineJobRow, state_icon);
  gtk_widget_class_bind_template_child (widget_class, VitrineJobRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineJobRow, details_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineJobRow, state_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineJobRow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, VitrineJobRow, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, VitrineJobRow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, VitrineJobRow, row_menu);

  vitrine_widget_class_install_actions (widget_class, job_row_actions,
                                        G_N_ELEMENTS (job_row_actions));

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "jobrow");

  row_loader = vitrine_thumbnail_loader_new (2);
  row_thumbnails = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, clear_texture);
}

static void
vitrine_job_row_init (VitrineJobRow *self)
{
  GtkGesture *gesture;

  g_type_ensure (VITRINE_TYPE_JOB);
  gtk_widget_init_template (GTK_WIDGET (self));
  n_rows_made++;

  /* Actions start enabled. */
  self->enabled = ACTION_ALL;

  gtk_menu_button_set_create_popup_func (self->menu_button, vitrine_job_row_create_popup_cb,
                                         self, NULL);

  gtk_widget_set_has_tooltip (self->box, TRUE);
  g_signal_connect_swapped (self->box, "query-tooltip",
                            G_CALLBACK (vitrine_job_row_query_tooltip_cb), self);

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect (gesture, "pressed", G_CALLBACK (vitrine_job_row_secondary_click_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));
}

GtkWidget *
vitrine_job_row_new (void)
{
  return g_object_new (VITRINE_TYPE_JOB_ROW, NULL);
}

VitrineJob *
vitrine_job_row_get_job (VitrineJobRow *self)
{
  g_return_val_if_fail (VITRINE_IS_JOB_ROW (self), NULL);
  return self->job;
}

gboolean
vitrine_job_row_get_video_missing (VitrineJobRow *self)
{
  g_return_val_if_fail (VITRINE_IS_JOB_ROW (self), FALSE);
  return self->video_missing;
}

void
vitrine_job_row_set_job (VitrineJobRow *self,
                         VitrineJob    *job)
{
  g_return_if_fail (VITRINE_IS_JOB_ROW (self));
  g_return_if_fail (!job || VITRINE_IS_JOB (job));

  if (self->job == job)
    return;

  /* Whatever was on its way for the last job is dropped. */
  g_clear_handle_id (&self->settle_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->job != NULL)
    g_clear_signal_handler (&self->notify_id, self->job);
  g_set_object (&self->job, job);
  self->deferred = FALSE;

  self->video_missing = FALSE;

  if (job != NULL)
    {
      const char *path = thumbnail_path (job);
      GdkTexture *texture = NULL;
      gboolean cached = path != NULL &&
                        g_hash_table_lookup_extended (row_thumbnails, path, NULL,
                                                      (gpointer *) &texture);

      self->video_missing =
        GPOINTER_TO_INT (g_object_get_data (G_OBJECT (job), MISSING_KEY)) == FILE_MISSING &&
        vitrine_job_get_state (job) == VITRINE_JOB_STATE_COMPLETED;
      self->notify_id = g_signal_connect_object (job, "notify",
                                                 G_CALLBACK (vitrine_job_row_job_notify_cb),
                                                 self, G_CONNECT_SWAPPED);
      vitrine_job_row_update_labels (self);
      vitrine_job_row_update_state (self);
      vitrine_job_row_set_texture (self, cached ? texture : NULL);

      self->cancellable = g_cancellable_new ();
      self->settle_id = g_timeout_add (SETTLE_MS, vitrine_job_row_settled_cb, self);
      g_source_set_name_by_id (self->settle_id, "[vitrine] job row settled");
    }
  else
    vitrine_job_row_set_texture (self, NULL);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOB]);
}

static void
output_label_setup_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *item,
                       gpointer                  ellipsize)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (ellipsize != NULL)
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
output_label_bind_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      gpointer                  ellipsize)
{
  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)),
                       gtk_string_object_get_string (gtk_list_item_get_item (item)));
}

GtkListItemFactory *
vitrine_job_row_new_output_label_factory (gboolean ellipsize)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (output_label_setup_cb),
                    ellipsize ? GINT_TO_POINTER (1) : NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (output_label_bind_cb), NULL);
  return factory;
}
