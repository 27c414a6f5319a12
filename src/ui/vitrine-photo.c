/* vitrine-photo.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "vitrine-photo.h"

struct _VitrinePhoto
{
  GObject     parent_instance;

  GFile      *file;
  char       *path;
  char       *display_name;
  GdkTexture *texture;
  char       *error;
  char       *notice;         /* usable, but something to know ("Only 400 × 300 pixels…") */
  double      crop_x;         /* where the crop sits, 0–1 each (0.5: centred) */
  double      crop_y;
  char       *caption;        /* the room ("Kitchen"), or NULL */
  char       *url;            /* a photo from the web: its address */
  char       *local_path;     /* the file to read (a web photo's copy), or NULL */
  double      download;       /* 0–1 while downloading, else -1 */
};

G_DEFINE_FINAL_TYPE (VitrinePhoto, vitrine_photo, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FILE,
  PROP_TEXTURE,
  PROP_ERROR,
  PROP_CROP_X,
  PROP_CROP_Y,
  PROP_CAPTION,
  PROP_URL,
  PROP_DOWNLOAD_PROGRESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A photo from the web is named by the last part of its address's path
 * ("kitchen.jpg"), else by its host. */
static void
vitrine_photo_name_url (VitrinePhoto *self)
{
  g_autoptr(GUri) uri = g_uri_parse (self->url, G_URI_FLAGS_ENCODED, NULL);
  const char *path = uri != NULL ? g_uri_get_path (uri) : NULL;
  const char *slash = path != NULL ? strrchr (path, '/') : NULL;
  const char *last = slash != NULL ? slash + 1 : path;

  self->path = g_strdup (self->url);
  if (last != NULL && *last != '\0')
    self->display_name = g_uri_unescape_string (last, NULL);
  if (self->display_name == NULL || !g_utf8_validate (self->display_name, -1, NULL))
    {
      g_free (self->display_name);
      self->display_name = g_strdup (uri != NULL && g_uri_get_host (uri) != NULL
                                     ? g_uri_get_host (uri) : self->url);
    }
}

static void
vitrine_photo_constructed (GObject *object)
{
  VitrinePhoto *self = VITRINE_PHOTO (object);

  G_OBJECT_CLASS (vitrine_photo_parent_class)->constructed (object);

  g_assert (self->file != NULL || self->url != NULL);
  if (self->url != NULL)
    {
      vitrine_photo_name_url (self);
      return;
    }
  self->path = g_file_get_path (self->file);
  if (self->path == NULL)
    self->path = g_file_get_uri (self->file);
  self->local_path = g_strdup (self->path);
  /* The name as the file manager shows it; no I/O on the main thread. */
  self->display_name = g_file_get_basename (self->file);
  if (self->display_name != NULL && !g_utf8_validate (self->display_name, -1, NULL))
    {
      char *utf8 = g_filename_display_basename (self->path);

      g_free (self->display_name);
      self->display_name = utf8;
    }
}

static void
vitrine_photo_finalize (GObject *object)
{
  VitrinePhoto *self = VITRINE_PHOTO (object);

  g_clear_object (&self->file);
  g_clear_object (&self->texture);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->caption, g_free);
  g_clear_pointer (&self->notice, g_free);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->local_path, g_free);

  G_OBJECT_CLASS (vitrine_photo_parent_class)->finalize (object);
}

static void
vitrine_photo_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  VitrinePhoto *self = VITRINE_PHOTO (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_TEXTURE:
      g_value_set_object (value, self->texture);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    case PROP_CROP_X:
      g_value_set_double (value, self->crop_x);
      break;
    case PROP_CROP_Y:
      g_value_set_double (value, self->crop_y);
      break;
    case PROP_CAPTION:
      g_value_set_string (value, self->caption);
      break;
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;
    case PROP_DOWNLOAD_PROGRESS:
      g_value_set_double (value, self->download);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_photo_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  VitrinePhoto *self = VITRINE_PHOTO (object);

  switch (prop_id)
    {
    case PROP_FILE:
      self->file = g_value_dup_object (value);
      break;
    case PROP_CAPTION:
      vitrine_photo_set_caption (self, g_value_get_string (value));
      break;
    case PROP_URL:
      self->url = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_photo_class_init (VitrinePhotoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->constructed = vitrine_photo_constructed;
  object_class->finalize = vitrine_photo_finalize;
  object_class->get_property = vitrine_photo_get_property;
  object_class->set_property = vitrine_photo_set_property;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Read only: they change through their setters, and are watched. */
  properties[PROP_TEXTURE] = g_param_spec_object ("texture", NULL, NULL, GDK_TYPE_TEXTURE, ro);
  properties[PROP_ERROR] = g_param_spec_string ("error", NULL, NULL, NULL, ro);
  properties[PROP_CROP_X] = g_param_spec_double ("crop-x", NULL, NULL, 0.0, 1.0, 0.5, ro);
  properties[PROP_CROP_Y] = g_param_spec_double ("crop-y", NULL, NULL, 0.0, 1.0, 0.5, ro);
  /* Never NULL: "" for none (an entry's text is bound to it). */
  properties[PROP_CAPTION] = g_param_spec_string ("caption", NULL, NULL, "", rw);
  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DOWNLOAD_PROGRESS] =
    g_param_spec_double ("download-progress", NULL, NULL, -1.0, 1.0, -1.0, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vitrine_photo_init (VitrinePhoto *self)
{
  self->caption = g_strdup ("");
  self->crop_x = 0.5;
  self->crop_y = 0.5;
  self->download = -1.0;
}

VitrinePhoto *
vitrine_photo_new (GFile *file)
{
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  return g_object_new (VITRINE_TYPE_PHOTO, "file", file, NULL);
}

VitrinePhoto *
vitrine_photo_new_for_url (const char *url)
{
  g_return_val_if_fail (url != NULL, NULL);

  return g_object_new (VITRINE_TYPE_PHOTO, "url", url, NULL);
}

const char *
vitrine_photo_get_url (VitrinePhoto *self)
{
  g_return_val_if_fail (VITRINE_IS_PHOTO (self), NULL);
  return self->url;
}

const char *
vitrine_photo_get_local_path (VitrinePhoto *self)
{
  g_return_val_if_fail (VITRINE_IS_PHOTO (self), NULL);
  return self->local_path;
}

void
vitrine_photo_set_local_path (VitrinePhoto *self,
                              const char   *path)
{
  g_return_if_fail (VITRINE_IS_PHOTO (self));

  if (g_strcmp0 (self->local_path, path) == 0)
    return;
  g_free (self->local_path);
  self->local_path = g_strdup (path);
}

double
vitrine_photo_get_download_progress (VitrinePhoto *self)
{
  g_return_val_if_fail (VITRINE_IS_PHOTO (self), -1.0);
  return self->download;
}

void
vitrine_photo_set_download_progress (VitrinePhoto *self,
                                     double        progress)
{
  g_return_if_fail (VITRINE_IS_PHOTO (self));

  progress = progress < 0 ? -1.0 : MIN (progress, 1.0);
  if (progress == self->download)
    return;
  self->download = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOWNLOAD_PROGRESS]);
}

const char *
vitrine_photo_get_path (VitrinePhoto *self)
{
  g_return_val_if_fail (VITRINE_IS_PHOTO (self), NULL);
  return self->path;
}

const char *
vitrine_photo_get_display_name (VitrinePhoto *self)
{
  g_return_val_if_fail (VITRINE_IS_PHOTO (self), NULL);
  return self->display_name;
}

GdkTexture *
vitrine_photo_get_texture (VitrinePhoto *self)
{
  g_return_val_if_fail (VITRINE_IS_PHOTO (self), NULL);
  return self->texture;
}

const char *
vitrine_photo_get_error (VitrinePhoto *self)
{
  g_return_val_if_fail (VITRINE_IS_PHOTO (self), NULL);
  return self->error;
}

gboolean
vitrine_photo_get_loading (VitrinePhoto *self)
{
  g_return_val_if_fail (VITRINE_IS_PHOTO (self), FALSE);
  return self->texture == NULL && self->error == NULL;
}

gboolean
vitrine_photo_get_usable (VitrinePhoto *self)
{
  g_return_val_if_fail (VITRINE_IS_PHOTO (self), FALSE);
  return self->error == NULL;
}

void
vitrine_photo_set_texture (VitrinePhoto *self,
                           GdkTexture   *texture)
{
  g_return_if_fail (VITRINE_IS_PHOTO (self));
  g_return_if_fail (texture == NULL || GDK_IS_TEXTURE (texture));

  if (g_set_object (&self->texture, texture))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXTURE]);
}

/* Set before the texture: the grid's cell reads it when the thumbnail
 * comes. */
const char *
vitrine_photo_get_notice (VitrinePhoto *self)
{
  g_return_val_if_fail (VITRINE_IS_PHOTO (self), NULL);
  return self->notice;
}

void
vitrine_photo_set_notice (VitrinePhoto *self,
                          const char   *notice)
{
  g_return_if_fail (VITRINE_IS_PHOTO (self));
  g_free (self->notice);
  self->notice = g_strdup (notice);
}

void
vitrine_photo_set_error (VitrinePhoto *self,
                         const char   *error)
{
  g_return_if_fail (VITRINE_IS_PHOTO (self));

  if (g_strcmp0 (self->error, error) == 0)
    return;

  g_free (self->error);
  self->error = g_strdup (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

/* The agent's shift of the crop (providers whose photos Vitrine crops): it
 * goes to the job with vitrine_photo_prep_set_crop_offset() when the job is
 * made. */
void
vitrine_photo_get_crop_offset (VitrinePhoto *self,
                               double       *x,
                               double       *y)
{
  g_return_if_fail (VITRINE_IS_PHOTO (self));

  if (x != NULL)
    *x = self->crop_x;
  if (y != NULL)
    *y = self->crop_y;
}

void
vitrine_photo_set_crop_offset (VitrinePhoto *self,
                               double        x,
                               double        y)
{
  g_return_if_fail (VITRINE_IS_PHOTO (self));

  x = CLAMP (x, 0.0, 1.0);
  y = CLAMP (y, 0.0, 1.0);
  g_object_freeze_notify (G_OBJECT (self));
  if (x != self->crop_x)
    {
      self->crop_x = x;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CROP_X]);
    }
  if (y != self->crop_y)
    {
      self->crop_y = y;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CROP_Y]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
vitrine_photo_get_caption (VitrinePhoto *self)
{
  g_return_val_if_fail (VITRINE_IS_PHOTO (self), NULL);
  return self->caption;
}

void
vitrine_photo_set_caption (VitrinePhoto *self,
                           const char   *caption)
{
  g_return_if_fail (VITRINE_IS_PHOTO (self));

  if (caption == NULL)
    caption = "";
  if (g_strcmp0 (self->caption, caption) == 0)
    return;
  g_free (self->caption);
  self->caption = g_strdup (caption);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAPTION]);
}
