/* vitrine-card-still.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n-lib.h>

#include "vitrine-background.h"
#include "vitrine-card.h"
#include "vitrine-card-still.h"
#include "vitrine-frame.h"

typedef struct _Still Still;

/* Draws the still's picture, in a worker. */
typedef VitrinePicture *(*StillDraw) (Still   *still,
                                      GError **error);

struct _Still {
  StillDraw       draw;
  const char     *type;      /* of the file: "png", "jpeg" */
  VitrineListing *listing;
  VitrineAgent   *agent;
  VitrineRatio    ratio;
  char           *photo;
  char           *path;
};

static void
still_free (Still *still)
{
  vitrine_listing_free (still->listing);
  vitrine_agent_free (still->agent);
  g_free (still->photo);
  g_free (still->path);
  g_free (still);
}

gboolean
vitrine_card_still_end_wanted (const VitrineListing *listing,
                               const VitrineAgent   *agent)
{
  return vitrine_card_end_wanted (VITRINE_VARIANT_BRANDED, listing, agent);
}

static gboolean
has_text (const char *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));

  return *trimmed != '\0';
}

gboolean
vitrine_card_still_cover_wanted (const VitrineListing *listing)
{
  return listing != NULL && (has_text (listing->address) || has_text (listing->price));
}

/* An I420 picture (BT.709, limited range, as vitrine-frame.c makes them)
 * back to RGB. */
static GdkPixbuf *
pixbuf_from_picture (const VitrinePicture *pic)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, pic->width, pic->height);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);

  for (int y = 0; y < pic->height; y++)
    {
      const guint8 *py = pic->planes[0] + (gsize) y * pic->strides[0];
      const guint8 *pu = pic->planes[1] + (gsize) (y / 2) * pic->strides[1];
      const guint8 *pv = pic->planes[2] + (gsize) (y / 2) * pic->strides[2];
      guint8 *d = pixels + (gsize) y * stride;

      for (int x = 0; x < pic->width; x++, d += 3)
        {
          double c = 1.164 * (py[x] - 16), u = pu[x / 2] - 128, v = pv[x / 2] - 128;

          d[0] = (guint8) CLAMP (c + 1.793 * v + 0.5, 0, 255);
          d[1] = (guint8) CLAMP (c - 0.213 * u - 0.533 * v + 0.5, 0, 255);
          d[2] = (guint8) CLAMP (c + 2.112 * u + 0.5, 0, 255);
        }
    }
  return pixbuf;
}

/* The still drawn and saved to its path, which the task returns. */
static void
still_thread (GTask        *task,
              gpointer      source,
              gpointer      data,
              GCancellable *cancellable)
{
  Still *still = data;
  g_autoptr(VitrinePicture) picture = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  GError *error = NULL;
  gboolean saved;

  if (!(picture = still->draw (still, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  pixbuf = pixbuf_from_picture (picture);
  saved = g_str_equal (still->type, "jpeg")
    ? gdk_pixbuf_save (pixbuf, still->path, still->type, &error, "quality", "92", NULL)
    : gdk_pixbuf_save (pixbuf, still->path, still->type, &error, NULL);
  if (!saved)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_strdup (still->path), g_free);
}

static VitrinePicture *
draw_end (Still   *still,
          GError **error)
{
  guint width, height;

  vitrine_ratio_get_size (still->ratio, &width, &height);
  return vitrine_card_end (VITRINE_VARIANT_BRANDED, still->listing, still->agent,
                           (int) width, (int) height, NULL, error);
}

/* The opening card's panel drawn into @picture, which is the whole frame. */
static void
draw_opening (VitrinePicture       *picture,
              const VitrineListing *listing)
{
  g_autoptr(VitrineOverlay) overlay = vitrine_card_opening (NULL, listing, FALSE, NULL,
                                                            picture->width, picture->height, NULL);
  VitrineFrame frame = {
    picture->width, picture->height,
    { picture->planes[0], picture->planes[1], picture->planes[2] },
    { picture->strides[0], picture->strides[1], picture->strides[2] },
  };

  if (overlay != NULL)
    vitrine_overlay_blend (overlay, &frame, 256);
}

static VitrinePicture *
draw_cover (Still   *still,
            GError **error)
{
  g_autoptr(GdkPixbuf) loaded = NULL;
  g_autoptr(GdkPixbuf) oriented = NULL;
  VitrinePicture *picture;

  if (!(loaded = gdk_pixbuf_new_from_file (still->photo, error)))
    return NULL;
  oriented = gdk_pixbuf_apply_embedded_orientation (loaded);
  if (!(picture = vitrine_picture_new_from_pixbuf (oriented)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                           _("Not enough memory to draw the listing on the cover photo."));
      return NULL;
    }
  draw_opening (picture, still->listing);
  return picture;
}

static void
still_run (Still               *still,
           StillDraw            draw,
           const char          *type,
           gpointer             source_tag,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  still->draw = draw;
  still->type = type;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, still, (GDestroyNotify) still_free);
  vitrine_background_run (task, still_thread);
}

void
vitrine_card_still_end_async (const VitrineListing *listing,
                              const VitrineAgent   *agent,
                              VitrineRatio          ratio,
                              const char           *path,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data)
{
  Still *still = g_new0 (Still, 1);

  still->listing = vitrine_listing_copy (listing);
  still->agent = vitrine_agent_copy (agent);
  still->ratio = ratio;
  still->path = g_strdup (path);
  still_run (still, draw_end, "png", vitrine_card_still_end_async, cancellable, callback,
             user_data);
}

void
vitrine_card_still_cover_async (const char           *photo,
                                const VitrineListing *listing,
                                const char           *path,
                                GCancellable         *cancellable,
                                GAsyncReadyCallback   callback,
                                gpointer              user_data)
{
  Still *still = g_new0 (Still, 1);

  /* The address and the price: what fits a cover. */
  still->listing = vitrine_listing_new ();
  still->listing->address = g_strdup (listing->address);
  still->listing->price = g_strdup (listing->price);
  still->photo = g_strdup (photo);
  still->path = g_strdup (path);
  still_run (still, draw_cover, "jpeg", vitrine_card_still_cover_async, cancellable, callback,
             user_data);
}

char *
vitrine_card_still_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
