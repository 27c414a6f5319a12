/* vitrine-job-row.c
 *
 * Everything shown follows the job's properties (expressions in the template,
 * a binding for the progress bar): the monitor updates the job, the row
 * follows; nothing polls.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vitrine-job-row.h"
#include "vitrine-provider.h"

struct _VitrineJobRow
{
  GtkWidget       parent_instance;

  VitrineJob     *job;
  GBinding       *progress_binding;

  /* template children */
  GtkWidget      *box;
  GtkProgressBar *progress_bar;
  GtkWidget      *cancel_button;
};

G_DEFINE_FINAL_TYPE (VitrineJobRow, vitrine_job_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_JOB,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
vitrine_job_row_icon_name_cb (gpointer        this_,
                              VitrineJobState state)
{
  switch (state)
    {
    case VITRINE_JOB_STATE_COMPLETED:
      return g_strdup ("emblem-ok-symbolic");
    case VITRINE_JOB_STATE_CANCELLED:
      return g_strdup ("action-unavailable-symbolic");
    case VITRINE_JOB_STATE_FAILED:
    case VITRINE_JOB_STATE_INTERRUPTED:
      return g_strdup ("dialog-error-symbolic");
    default:
      return g_strdup ("emblem-synchronizing-symbolic");
    }
}

static char **
vitrine_job_row_icon_classes_cb (gpointer        this_,
                                 VitrineJobState state)
{
  const char *classes[] = { NULL, NULL };

  switch (state)
    {
    case VITRINE_JOB_STATE_COMPLETED:
      classes[0] = "success";
      break;
    case VITRINE_JOB_STATE_FAILED:
    case VITRINE_JOB_STATE_INTERRUPTED:
      classes[0] = "error";
      break;
    case VITRINE_JOB_STATE_CANCELLED:
      classes[0] = "dim-label";
      break;
    default:
      classes[0] = "accent";
      break;
    }
  return g_strdupv ((char **) classes);
}

static gboolean
vitrine_job_row_unfinished_cb (gpointer        this_,
                               VitrineJobState state)
{
  return !vitrine_job_state_is_finished (state);
}

static char *
vitrine_job_row_details_cb (gpointer            this_,
                            const char         *provider_id,
                            const char * const *photos,
                            VitrineRatio        ratio)
{
  VitrineProvider *provider = provider_id ? vitrine_provider_lookup (provider_id) : NULL;
  guint n_photos = photos ? g_strv_length ((char **) photos) : 0;
  g_autofree char *count = NULL;

  count = g_strdup_printf (ngettext ("%u photo", "%u photos", n_photos), n_photos);
  /* Translators: provider · number of photos · aspect ratio, e.g. "This computer · 12 photos · 16:9" */
  return g_strdup_printf (_("%s · %s · %s"),
                          provider ? vitrine_provider_get_display_name (provider)
                                   : (provider_id ? provider_id : ""),
                          count, vitrine_ratio_to_string (ratio));
}

static char *
vitrine_job_row_state_text_cb (gpointer        this_,
                               VitrineJobState state,
                               const char     *status_text,
                               const char     *error_message,
                               guint           progress)
{
  const char *label = vitrine_job_state_get_label (state);

  if ((state == VITRINE_JOB_STATE_FAILED || state == VITRINE_JOB_STATE_INTERRUPTED) &&
      error_message != NULL && *error_message != '\0')
    /* Translators: a failed job: "Failed: the reason" */
    return g_strdup_printf (_("%s: %s"), label, error_message);

  if (!vitrine_job_state_is_finished (state))
    {
      if (status_text != NULL && *status_text != '\0' && g_strcmp0 (status_text, label) != 0)
        /* Translators: job state, the provider's own status and the progress */
        return g_strdup_printf (_("%s — %s (%u %%)"), label, status_text, progress);
      if (progress > 0)
        /* Translators: job state and progress: "Making the video (45 %)" */
        return g_strdup_printf (_("%s (%u %%)"), label, progress);
    }

  return g_strdup (label);
}

static gboolean
progress_to_fraction (GBinding     *binding,
                      const GValue *from,
                      GValue       *to,
                      gpointer      user_data)
{
  g_value_set_double (to, MIN (g_value_get_uint (from), 100) / 100.0);
  return TRUE;
}

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

  gtk_widget_class_set_template_from_resource (widget_class,
                                               VITRINE_RESOURCE_PATH "ui/vitrine-job-row.ui");
  gtk_widget_class_bind_template_child (widget_class, VitrineJobRow, box);
  gtk_widget_class_bind_template_child (widget_class, VitrineJobRow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, VitrineJobRow, cancel_button);
  gtk_widget_class_bind_template_callback (widget_class, vitrine_job_row_icon_classes_cb);
  gtk_widget_class_bind_template_callback (widget_class, vitrine_job_row_icon_name_cb);
  gtk_widget_class_bind_template_callback (widget_class, vitrine_job_row_unfinished_cb);
  gtk_widget_class_bind_template_callback (widget_class, vitrine_job_row_details_cb);
  gtk_widget_class_bind_template_callback (widget_class, vitrine_job_row_state_text_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "jobrow");
}

static void
vitrine_job_row_init (VitrineJobRow *self)
{
  g_type_ensure (VITRINE_TYPE_JOB);
  gtk_widget_init_template (GTK_WIDGET (self));
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

void
vitrine_job_row_set_job (VitrineJobRow *self,
                         VitrineJob    *job)
{
  g_return_if_fail (VITRINE_IS_JOB_ROW (self));
  g_return_if_fail (!job || VITRINE_IS_JOB (job));

  if (self->job == job)
    return;

  g_clear_pointer (&self->progress_binding, g_binding_unbind);
  g_set_object (&self->job, job);

  if (job != NULL)
    {
      self->progress_binding =
        g_object_bind_property_full (job, "progress", self->progress_bar, "fraction",
                                     G_BINDING_SYNC_CREATE, progress_to_fraction, NULL,
                                     NULL, NULL);
      /* The target first: "win.cancel-job" takes the job id. */
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->cancel_button), "s",
                                        vitrine_job_get_id (job));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->cancel_button), "win.cancel-job");
    }
  else
    gtk_actionable_set_action_name (GTK_ACTIONABLE (self->cancel_button), NULL);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOB]);
}
