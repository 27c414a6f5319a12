/* vitrine-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vitrine-application.h"
#include "vitrine-window.h"

struct _VitrineApplication
{
  AdwApplication     parent_instance;

  VitrineJobStore   *store;
  VitrineJobMonitor *monitor;
};

G_DEFINE_FINAL_TYPE (VitrineApplication, vitrine_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_STORE,
  PROP_MONITOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static VitrineWindow *
vitrine_application_ensure_window (VitrineApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (VITRINE_IS_WINDOW (window))
    return VITRINE_WINDOW (window);
  return vitrine_window_new (self);
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

static void
vitrine_application_quit_action (GSimpleAction *action,
                                 GVariant      *param,
                                 gpointer       user_data)
{
  VitrineApplication *self = user_data;
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  if (windows == NULL)
    {
      g_application_quit (G_APPLICATION (self));
      return;
    }

  /* Closing asks first while a video is being made (close-request). */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
}

static void
vitrine_application_about_action (GSimpleAction *action,
                                  GVariant      *param,
                                  gpointer       user_data)
{
  VitrineApplication *self = user_data;
  static const char *developers[] = { "The Vitrine developers", NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "modal", TRUE,
                        "application-name", _("Vitrine"),
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "comments", _("Turn a listing’s photos into a presentation video"),
                        "developers", developers,
                        "copyright", "© 2025 The Vitrine developers",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
vitrine_application_shortcuts_action (GSimpleAction *action,
                                      GVariant      *param,
                                      gpointer       user_data)
{
  VitrineApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", vitrine_application_quit_action },
  { "about", vitrine_application_about_action },
  { "shortcuts", vitrine_application_shortcuts_action },
};

static void
vitrine_application_startup (GApplication *application)
{
  VitrineApplication *self = VITRINE_APPLICATION (application);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *add_accels[] = { "<Control>o", NULL };
  static const char *save_accels[] = { "<Control><Shift>s", NULL };

  /* main.c does this too; tests create the application without it. */
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  G_APPLICATION_CLASS (vitrine_application_parent_class)->startup (application);

  g_set_application_name (_("Vitrine"));
  gtk_window_set_default_icon_name (APP_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.add-photos", add_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.save-as", save_accels);

  /* The user's job list (SQLite), shared with vitrine-cli. From now on the
   * monitor drives every unfinished job of the store (jobs interrupted by a
   * restart resume) and every job added to it. */
  self->store = vitrine_job_store_new_default ();
  self->monitor = vitrine_job_monitor_new (self->store);
}

static void
vitrine_application_shutdown (GApplication *application)
{
  VitrineApplication *self = VITRINE_APPLICATION (application);

  G_APPLICATION_CLASS (vitrine_application_parent_class)->shutdown (application);

  g_clear_object (&self->monitor);
  g_clear_object (&self->store);
}

static void
vitrine_application_dispose (GObject *object)
{
  VitrineApplication *self = VITRINE_APPLICATION (object);

  g_clear_object (&self->monitor);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (vitrine_application_parent_class)->dispose (object);
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
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_MONITOR:
      g_value_set_object (value, self->monitor);
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
  object_class->get_property = vitrine_application_get_property;

  app_class->startup = vitrine_application_startup;
  app_class->shutdown = vitrine_application_shutdown;
  app_class->activate = vitrine_application_activate;
  app_class->open = vitrine_application_open;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, VITRINE_TYPE_JOB_STORE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MONITOR] =
    g_param_spec_object ("monitor", NULL, NULL, VITRINE_TYPE_JOB_MONITOR,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vitrine_application_init (VitrineApplication *self)
{
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
