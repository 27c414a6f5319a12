/* test-card-still.c: the listing's cards as still images for cloud providers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gdk-pixbuf/gdk-pixbuf.h>

#include "vitrine-card-still.h"
#include "vitrine-test-photos.h"

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Runs the main context until the still is written; returns its path. */
static char *
finish (GAsyncResult **result)
{
  g_autoptr(GError) error = NULL;
  char *path;

  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  path = vitrine_card_still_finish (*result, &error);
  g_assert_no_error (error);
  g_clear_object (result);
  return path;
}

static void
assert_pixel (GdkPixbuf *pixbuf,
              int        x,
              int        y,
              guint32    rgb)
{
  const guint8 *p = gdk_pixbuf_read_pixels (pixbuf) + (gsize) y * gdk_pixbuf_get_rowstride (pixbuf) +
                    (gsize) x * gdk_pixbuf_get_n_channels (pixbuf);

  g_assert_cmpint (ABS (p[0] - (int) (rgb >> 16)), <=, 3);
  g_assert_cmpint (ABS (p[1] - (int) ((rgb >> 8) & 0xff)), <=, 3);
  g_assert_cmpint (ABS (p[2] - (int) (rgb & 0xff)), <=, 3);
}

/* The branded end card, at the size of each shape, in the brand colour. */
static void
test_end_card (void)
{
  g_autofree char *dir = vitrine_test_make_tmpdir ();
  g_autoptr(VitrineListing) listing = vitrine_listing_new ();
  g_autoptr(VitrineAgent) agent = vitrine_agent_new ();
  const VitrineRatio ratios[] = { VITRINE_RATIO_16_9, VITRINE_RATIO_9_16 };
  GAsyncResult *result = NULL;

  listing->address = g_strdup ("12 rue Exemple, Lyon");
  listing->url = g_strdup ("https://agency.example/12");
  agent->name = g_strdup ("Camille Martin");
  agent->phone = g_strdup ("+33 4 78 00 00 00");
  agent->brand_bg = g_strdup ("#7a1f3d");
  g_assert_true (vitrine_card_still_end_wanted (listing, agent));
  for (guint i = 0; i < G_N_ELEMENTS (ratios); i++)
    {
      g_autofree char *name = g_strdup_printf ("end-%s.png", vitrine_ratio_to_tag (ratios[i]));
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *written = NULL;
      g_autoptr(GdkPixbuf) pixbuf = NULL;
      g_autoptr(GError) error = NULL;
      guint width, height;

      vitrine_card_still_end_async (listing, agent, ratios[i], path, NULL, done_cb, &result);
      written = finish (&result);
      g_assert_cmpstr (written, ==, path);
      pixbuf = gdk_pixbuf_new_from_file (path, &error);
      g_assert_no_error (error);
      vitrine_ratio_get_size (ratios[i], &width, &height);
      g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, (int) width);
      g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, (int) height);
      assert_pixel (pixbuf, 2, 2, 0x7a1f3d);
    }
  vitrine_test_rmtree (dir);
}

/* The cover: the same photo, the address and price drawn top left. */
static void
test_cover (void)
{
  g_autofree char *dir = vitrine_test_make_tmpdir ();
  g_autofree char *photo = vitrine_test_make_jpeg (dir, "cover.jpg", 1200, 800, 0, 7);
  g_autofree char *path = g_build_filename (dir, "cover-card.jpg", NULL);
  g_autofree char *written = NULL;
  g_autoptr(VitrineListing) listing = vitrine_listing_new ();
  g_autoptr(GdkPixbuf) before = gdk_pixbuf_new_from_file (photo, NULL);
  g_autoptr(GdkPixbuf) after = NULL;
  GAsyncResult *result = NULL;

  g_assert_false (vitrine_card_still_cover_wanted (listing));
  listing->price = g_strdup ("€ 450,000");
  g_assert_true (vitrine_card_still_cover_wanted (listing));
  vitrine_card_still_cover_async (photo, listing, path, NULL, done_cb, &result);
  written = finish (&result);
  after = gdk_pixbuf_new_from_file (written, NULL);
  g_assert_nonnull (after);
  g_assert_cmpint (gdk_pixbuf_get_width (after), ==, gdk_pixbuf_get_width (before));
  g_assert_cmpint (gdk_pixbuf_get_height (after), ==, gdk_pixbuf_get_height (before));
  vitrine_test_rmtree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/render/card-still/end-card", test_end_card);
  g_test_add_func ("/render/card-still/cover", test_cover);
  return g_test_run ();
}
