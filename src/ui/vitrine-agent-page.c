/* vitrine-agent-page.c
 *
 * Preferences' Agent page: name, agency, phone and e-mail (the agent-*
 * settings, written as they are typed), the headshot and the logo (copied
 * into the app's data folder by vitrine-agent-profile.c, with a preview),
 * and the end card's two brand colours. Create copies the profile into each
 * job, so a later change here does not rewrite earlier videos.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vitrine-file-chooser.h"
#include "vitrine-agent-page.h"
#include "vitrine-agent.h"
#include "vitrine-listing.h"
#include "vitrine-agent-profile.h"
#include "vitrine-image.h"
#include "vitrine-provider-page.h"
#include "vitrine-row-error.h"
#include "vitrine-thumbnail-loader.h"
#include "vitrine-thumbnail.h"

#define PREVIEW_SIZE 96

typedef struct {
  const char           *key;        /* its setting */
  const char           *kind;       /* its copy's name in the data folder */
  VitrineThumbnail     *picture;
  GtkWidget            *clear_button;
  GtkFileChooserNative *chooser;
  GCancellable         *loading;
} ImageRow;

struct _VitrineAgentPage
{
  AdwPreferencesPage  parent_instance;

  GSettings          *settings;
  ImageRow            images[2];    /* by VitrineAgentImage */

  /* template children */
  AdwEntryRow        *name_row;
  AdwEntryRow        *agency_row;
  AdwEntryRow        *phone_row;
  AdwEntryRow        *email_row;
  GtkLabel           *email_error;
  VitrineThumbnail   *photo_picture;
  GtkWidget          *photo_clear_button;
  VitrineThumbnail   *logo_picture;
  GtkWidget          *logo_clear_button;
  GtkColorButton     *bg_button;
  GtkColorButton     *fg_button;
  AdwActionRow       *fg_row;
};

G_DEFINE_FINAL_TYPE (VitrineAgentPage, vitrine_agent_page, ADW_TYPE_PREFERENCES_PAGE)

static VitrineThumbnailLoader *
get_loader (void)
{
  static VitrineThumbnailLoader *loader;

  if (loader == NULL)
    loader = vitrine_thumbnail_loader_new (1);
  return loader;
}

/* Images */

static void
vitrine_agent_page_preview_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  VitrineThumbnail *picture = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  texture = vitrine_thumbnail_loader_load_finish (VITRINE_THUMBNAIL_LOADER (object), result,
                                                  NULL, NULL, &error);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    vitrine_thumbnail_set_paintable (picture, GDK_PAINTABLE (texture));
  g_object_unref (picture);
}

/* The preview and the clear button follow the setting (decoded off the
 * main thread: a headshot may be a large photo); with no image the preview
 * is hidden, so the row's title lines up with the others. */
static void
vitrine_agent_page_update_image (VitrineAgentPage *self,
                                 ImageRow         *image)
{
  g_autofree char *path = g_settings_get_string (self->settings, image->key);

  if (image->loading != NULL)
    g_cancellable_cancel (image->loading);
  g_clear_object (&image->loading);
  vitrine_thumbnail_set_paintable (image->picture, NULL);
  gtk_widget_set_visible (image->clear_button, *path != '\0');
  gtk_widget_set_visible (GTK_WIDGET (image->picture), *path != '\0');
  gtk_widget_set_tooltip_text (GTK_WIDGET (image->picture), *path != '\0' ? path : NULL);
  if (*path == '\0')
    return;
  image->loading = g_cancellable_new ();
  vitrine_thumbnail_loader_load_async (get_loader (), path, PREVIEW_SIZE, image->loading,
                                       vitrine_agent_page_preview_cb,
                                       g_object_ref (image->picture));
}

static void
vitrine_agent_page_image_changed_cb (GSettings        *settings,
                                     const char       *key,
                                     VitrineAgentPage *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->images); i++)
    if (g_str_equal (key, self->images[i].key))
      vitrine_agent_page_update_image (self, &self->images[i]);
}

typedef struct {
  char       *path;
  const char *kind;
  guint       image;
} ImageChoice;

static void
image_choice_free (ImageChoice *choice)
{
  g_free (choice->path);
  g_free (choice);
}

/* Read whole first (a large headshot, a HEIC, is decoded in full: not on
 * the main thread): a damaged file would show as a grey block on the end
 * card. Then copied. */
static void
vitrine_agent_page_keep_image_thread (GTask        *task,
                                      gpointer      source,
                                      gpointer      task_data,
                                      GCancellable *cancellable)
{
  ImageChoice *choice = task_data;
  GError *error = NULL;
  char *copy = NULL;

  if (vitrine_image_check (choice->path, &error) &&
      (copy = vitrine_agent_profile_copy_image (choice->path, choice->kind, &error)) != NULL)
    g_task_return_pointer (task, copy, g_free);
  else
    g_task_return_error (task, error);
}

void
vitrine_agent_page_set_image_async (VitrineAgentPage    *self,
                                    VitrineAgentImage    image,
                                    const char          *path,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ImageChoice *choice;

  g_return_if_fail (VITRINE_IS_AGENT_PAGE (self));
  g_return_if_fail (image < G_N_ELEMENTS (self->images));
  g_return_if_fail (path != NULL);

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, vitrine_agent_page_set_image_async);
  choice = g_new0 (ImageChoice, 1);
  choice->path = g_strdup (path);
  choice->kind = self->images[image].kind;
  choice->image = image;
  g_task_set_task_data (task, choice, (GDestroyNotify) image_choice_free);
  g_task_run_in_thread (task, vitrine_agent_page_keep_image_thread);
}

/* The copy is kept in the setting here, on the main thread. */
gboolean
vitrine_agent_page_set_image_finish (VitrineAgentPage  *self,
                                     GAsyncResult      *result,
                                     GError           **error)
{
  ImageChoice *choice;
  g_autofree char *copy = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  choice = g_task_get_task_data (G_TASK (result));
  if (!(copy = g_task_propagate_pointer (G_TASK (result), error)))
    return FALSE;
  g_settings_set_string (self->settings, self->images[choice->image].key, copy);
  return TRUE;
}

static void
vitrine_agent_page_image_kept_cb (GObject      *object,
                                  GAsyncResult *result,
                                  gpointer      user_data)
{
  VitrineAgentPage *self = VITRINE_AGENT_PAGE (object);
  g_autoptr(GError) error = NULL;

  if (!vitrine_agent_page_set_image_finish (self, result, &error))
    {
      /* Translators: %s says why */
      g_autofree char *message = g_strdup_printf (_("Cannot keep this image: %s"), error->message);

      vitrine_preferences_toast (GTK_WIDGET (self), message);
    }
}

static void
vitrine_agent_page_chooser_cb (VitrineAgentPage     *self,
                               int                   response,
                               GtkFileChooserNative *chooser)
{
  VitrineAgentImage image = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (chooser), "image"));
  gboolean not_local;
  g_autofree char *path = vitrine_file_chooser_get_path (chooser, response, &not_local);

  if (not_local)
    vitrine_preferences_toast (GTK_WIDGET (self), _("Choose an image on this computer"));
  else if (path != NULL)
    vitrine_agent_page_set_image_async (self, image, path, vitrine_agent_page_image_kept_cb, NULL);
  vitrine_file_chooser_clear (&self->images[image].chooser);
}

static void
vitrine_agent_page_choose (VitrineAgentPage  *self,
                           VitrineAgentImage  image,
                           const char        *title)
{
  static const char * const image_types[] = { "image/jpeg", "image/png" };
  ImageRow *row = &self->images[image];

  if (row->chooser == NULL)
    {
      row->chooser = vitrine_file_chooser_new (GTK_WIDGET (self), title,
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"),
                                               _("Images"), image_types,
                                               G_N_ELEMENTS (image_types));
      g_object_set_data (G_OBJECT (row->chooser), "image", GUINT_TO_POINTER (image));
      g_signal_connect_object (row->chooser, "response",
                               G_CALLBACK (vitrine_agent_page_chooser_cb), self,
                               G_CONNECT_SWAPPED);
    }
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (row->chooser));
}

static void
vitrine_agent_page_choose_photo_cb (VitrineAgentPage *self)
{
  vitrine_agent_page_choose (self, VITRINE_AGENT_IMAGE_PHOTO, _("Choose the Agent’s Headshot"));
}

static void
vitrine_agent_page_choose_logo_cb (VitrineAgentPage *self)
{
  vitrine_agent_page_choose (self, VITRINE_AGENT_IMAGE_LOGO, _("Choose the Agency’s Logo"));
}

static void
vitrine_agent_page_clear_cb (VitrineAgentPage *self,
                             GtkWidget        *button)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->images); i++)
    if (self->images[i].clear_button == button)
      g_settings_set_string (self->settings, self->images[i].key, "");
}

/* Colours: "#rrggbb" in the settings, empty for the end card's default
 * (shown, so that the buttons say what the video will look like) */

static void
color_button_show (GtkColorButton *button,
                   GSettings      *settings,
                   const char     *key,
                   const char     *fallback)
{
  g_autofree char *value = g_settings_get_string (settings, key);
  GdkRGBA rgba;

  if (!gdk_rgba_parse (&rgba, *value != '\0' ? value : fallback))
    gdk_rgba_parse (&rgba, fallback);
  gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (button), &rgba);
}

/* A text colour too close to the background is said under its row, with
 * what the end card uses instead (it gave way to black or white unsaid). */
static void
vitrine_agent_page_update_colors (VitrineAgentPage *self)
{
  g_autofree char *bg = g_settings_get_string (self->settings, "agent-brand-bg");
  g_autofree char *fg = g_settings_get_string (self->settings, "agent-brand-fg");
  double text[3];
  const char *said = NULL;

  color_button_show (self->bg_button, self->settings, "agent-brand-bg", VITRINE_AGENT_DEFAULT_BG);
  color_button_show (self->fg_button, self->settings, "agent-brand-fg", VITRINE_AGENT_DEFAULT_FG);
  if (vitrine_color_readable (bg, VITRINE_AGENT_DEFAULT_BG, fg, VITRINE_AGENT_DEFAULT_FG, text))
    said = text[0] > 0.5 ? _("Too close to the background to be read: the end card uses white")
                         : _("Too close to the background to be read: the end card uses black");
  adw_action_row_set_subtitle (self->fg_row, said != NULL ? said : "");
}

static void
vitrine_agent_page_color_set_cb (VitrineAgentPage *self,
                                 GtkColorButton   *button)
{
  GdkRGBA rgba;
  g_autofree char *hex = NULL;

  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (button), &rgba);
  hex = vitrine_color_to_hex (rgba.red, rgba.green, rgba.blue);
  g_settings_set_string (self->settings,
                         button == self->bg_button ? "agent-brand-bg" : "agent-brand-fg", hex);
}

static void
vitrine_agent_page_dispose (GObject *object)
{
  VitrineAgentPage *self = VITRINE_AGENT_PAGE (object);

  for (guint i = 0; i < G_N_ELEMENTS (self->images); i++)
    {
      ImageRow *image = &self->images[i];

      if (image->loading != NULL)
        g_cancellable_cancel (image->loading);
      g_clear_object (&image->loading);
      vitrine_file_chooser_clear (&image->chooser);
    }
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), VITRINE_TYPE_AGENT_PAGE);

  G_OBJECT_CLASS (vitrine_agent_page_parent_class)->dispose (object);
}

/* A slip in the address ("anna.example.se") is said under it as it is
 * typed: the end card prints it for clients to write to. */
static void
vitrine_agent_page_email_changed_cb (VitrineAgentPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *email = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->email_row))));

  vitrine_agent_check_email (email, &error);
  vitrine_row_error_show (GTK_WIDGET (self->email_row), self->email_error,
                          error != NULL ? error->message : NULL);
}

static void
vitrine_agent_page_class_init (VitrineAgentPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vitrine_agent_page_dispose;

  g_type_ensure (VITRINE_TYPE_THUMBNAIL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               VITRINE_RESOURCE_PATH "ui/vitrine-agent-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VitrineAgentPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, VitrineAgentPage, agency_row);
  gtk_widget_class_bind_template_child (widget_class, VitrineAgentPage, phone_row);
  gtk_widget_class_bind_template_child (widget_class, VitrineAgentPage, email_row);
  gtk_widget_class_bind_template_child (widget_class, VitrineAgentPage, email_error);
  gtk_widget_class_bind_template_child (widget_class, VitrineAgentPage, photo_picture);
  gtk_widget_class_bind_template_child (widget_class, VitrineAgentPage, photo_clear_button);
  gtk_widget_class_bind_template_child (widget_class, VitrineAgentPage, logo_picture);
  gtk_widget_class_bind_template_child (widget_class, VitrineAgentPage, logo_clear_button);
  gtk_widget_class_bind_template_child (widget_class, VitrineAgentPage, bg_button);
  gtk_widget_class_bind_template_child (widget_class, VitrineAgentPage, fg_button);
  gtk_widget_class_bind_template_child (widget_class, VitrineAgentPage, fg_row);
  gtk_widget_class_bind_template_callback (widget_class, vitrine_agent_page_choose_photo_cb);
  gtk_widget_class_bind_template_callback (widget_class, vitrine_agent_page_choose_logo_cb);
  gtk_widget_class_bind_template_callback (widget_class, vitrine_agent_page_clear_cb);
  gtk_widget_class_bind_template_callback (widget_class, vitrine_agent_page_color_set_cb);
  gtk_widget_class_bind_template_callback (widget_class, vitrine_agent_page_email_changed_cb);
}

static void
vitrine_agent_page_init (VitrineAgentPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  self->images[VITRINE_AGENT_IMAGE_PHOTO] = (ImageRow) {
    "agent-photo", "photo", self->photo_picture, self->photo_clear_button, NULL, NULL
  };
  self->images[VITRINE_AGENT_IMAGE_LOGO] = (ImageRow) {
    "agent-logo", "logo", self->logo_picture, self->logo_clear_button, NULL, NULL
  };

  g_settings_bind (self->settings, "agent-name", self->name_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "agent-agency", self->agency_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "agent-phone", self->phone_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "agent-email", self->email_row, "text", G_SETTINGS_BIND_DEFAULT);

  g_signal_connect (self->settings, "changed", G_CALLBACK (vitrine_agent_page_image_changed_cb), self);
  g_signal_connect_swapped (self->settings, "changed::agent-brand-bg",
                            G_CALLBACK (vitrine_agent_page_update_colors), self);
  g_signal_connect_swapped (self->settings, "changed::agent-brand-fg",
                            G_CALLBACK (vitrine_agent_page_update_colors), self);
  for (guint i = 0; i < G_N_ELEMENTS (self->images); i++)
    vitrine_agent_page_update_image (self, &self->images[i]);
  vitrine_agent_page_update_colors (self);
}

GtkWidget *
vitrine_agent_page_new (void)
{
  return g_object_new (VITRINE_TYPE_AGENT_PAGE, NULL);
}
