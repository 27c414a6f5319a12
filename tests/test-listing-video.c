/* test-listing-video.c: the listing video (cards, variants, ratios, loudness)
 *
 * The renderer on photos and music made at test time; the outputs are read
 * back with the tools a person would use: ffprobe for sizes and durations,
 * ffmpeg for frames (compared by MD5) and for loudness (its ebur128
 * filter), zbarimg for the QR code.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include <gio/gio.h>

#include "vitrine-card.h"
#include "vitrine-slideshow.h"
#include "vitrine-slideshow-private.h"
#include "vitrine-test-photos.h"

#define URL "https://example.com/listing/12-rue-exemple"

typedef struct {
  char *dir;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  fx->dir = vitrine_test_make_tmpdir ();
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  vitrine_test_rmtree (fx->dir);
  g_free (fx->dir);
}

static void
render_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GError **error = user_data;

  if (!vitrine_slideshow_render_finish (VITRINE_SLIDESHOW (object), result, error) && *error == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "failed without an error");
  if (*error == NULL)
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "done");
}

/* Renders and waits; asserts success. */
static void
render (VitrineSlideshow *show,
        const char       *output_path)
{
  GError *error = NULL;

  vitrine_slideshow_render_async (show, output_path, NULL, render_done_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    g_error ("render failed: %s", error->message);
  g_error_free (error);
}

/* Runs a tool; returns its stdout (and stderr appended when @with_stderr). */
static char *
run_tool (int         *status,
          gboolean     with_stderr,
          const char  *first,
          ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *arg;
  va_list ap;

  g_ptr_array_add (argv, (gpointer) first);
  va_start (ap, first);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  *status = g_subprocess_get_exit_status (proc);
  return with_stderr ? g_strconcat (out, err, NULL) : g_steal_pointer (&out);
}

static gboolean
have_tools (void)
{
  const char *tools[] = { "ffmpeg", "ffprobe", "zbarimg" };

  for (guint i = 0; i < G_N_ELEMENTS (tools); i++)
    {
      g_autofree char *path = g_find_program_in_path (tools[i]);

      if (path == NULL)
        {
          g_test_skip_printf ("%s is not installed", tools[i]);
          return FALSE;
        }
    }
  return TRUE;
}

/* "1920,1080,8.000000" of the video stream. */
static char *
video_shape (const char *path)
{
  int status;
  char *out = run_tool (&status, FALSE, "ffprobe", "-v", "error", "-select_streams", "v:0",
                        "-show_entries", "stream=width,height,duration", "-of", "csv=p=0", path, NULL);

  g_assert_cmpint (status, ==, 0);
  return g_strstrip (out);
}

/* The MD5 of each decoded frame, one a line. */
static GStrv
frame_md5s (const char *path)
{
  int status;
  g_autofree char *out = run_tool (&status, FALSE, "ffmpeg", "-v", "error", "-i", path, "-map", "0:v",
                                   "-f", "framemd5", "-", NULL);
  g_autoptr(GStrvBuilder) md5s = g_strv_builder_new ();
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

  g_assert_cmpint (status, ==, 0);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *comma = strrchr (lines[i], ',');

      if (lines[i][0] != '#' && comma != NULL)
        g_strv_builder_add (md5s, g_strstrip ((char *) comma + 1));
    }
  return g_strv_builder_end (md5s);
}

/* Writes the frame at @seconds, decoded by ffmpeg, to @dir/frame.png;
 * returns that path. */
static char *
frame_png (const char *dir,
           const char *path,
           double      seconds)
{
  char *png = g_build_filename (dir, "frame.png", NULL);
  g_autofree char *ss = g_strdup_printf ("%.3f", seconds);
  g_autofree char *ignored = NULL;
  int status;

  ignored = run_tool (&status, FALSE, "ffmpeg", "-v", "error", "-y", "-ss", ss, "-i", path,
                      "-frames:v", "1", png, NULL);
  g_assert_cmpint (status, ==, 0);
  return png;
}

/* zbarimg's reading of the frame at @seconds; "" when it finds no code. */
static char *
qr_at (const char *dir,
       const char *path,
       double      seconds)
{
  g_autofree char *png = frame_png (dir, path, seconds);
  int status;
  char *out = run_tool (&status, FALSE, "zbarimg", "--raw", "-q", png, NULL);

  return g_strstrip (out);
}

static VitrineSlideshow *
new_listing_show (const char *dir,
                  guint       n_photos,
                  double      seconds)
{
  g_autoptr(GPtrArray) photos = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *head = vitrine_test_make_jpeg (dir, "head.jpg", 400, 500, 1, 77);
  g_autofree char *logo = vitrine_test_make_png (dir, "logo.png", 300, 100, 78);
  const char * const captions[] = { "Kitchen", "", "Garden", NULL };
  VitrineListing listing = { "12 rue Exemple, 69001 Lyon", "€ 450,000", "3 bedrooms · 2 baths · 98 m²", URL };
  VitrineAgent agent = { "Ana Agent", "Agence Exemple", "+33 1 23 45 67 89", "ana@example.com",
                         head, logo, "#1b2a4a", "#ffd700" };
  VitrineSlideshow *show = vitrine_slideshow_new ();

  for (guint i = 0; i < n_photos; i++)
    {
      g_autofree char *name = g_strdup_printf ("p%u.jpg", i);

      g_ptr_array_add (photos, vitrine_test_make_jpeg (dir, name, i % 2 ? 900 : 1600,
                                                       i % 2 ? 1400 : 1200, 1, i + 1));
    }
  g_ptr_array_add (photos, NULL);
  vitrine_slideshow_set_photos (show, (const char * const *) photos->pdata);
  vitrine_slideshow_set_seconds_per_photo (show, seconds);
  vitrine_slideshow_set_captions (show, captions);
  vitrine_slideshow_set_listing (show, &listing);
  vitrine_slideshow_set_agent (show, &agent);
  return show;
}

/* Six outputs from one render: the right sizes and durations; the QR code
 * of the branded end cards reads back from the encoded video; the
 * unbranded videos have no QR code, and their frames are the branded
 * ones, bit for bit, until the end card. */
static void
test_six_outputs (Fixture       *fx,
                  gconstpointer  data)
{
  const VitrineRatio ratios[] = { VITRINE_RATIO_16_9, VITRINE_RATIO_9_16, VITRINE_RATIO_1_1 };
  g_autoptr(VitrineSlideshow) show = NULL;
  char *paths[3][2];
  const double spp = 1.0, body = 3 * spp;

  if (!have_tools ())
    return;
  show = new_listing_show (fx->dir, 3, spp);
  g_assert_cmpfloat (vitrine_slideshow_get_end_seconds (show, VITRINE_VARIANT_BRANDED), <=, 6.0);
  for (guint r = 0; r < 3; r++)
    for (int v = 0; v < 2; v++)
      {
        guint w, h;

        paths[r][v] = g_strdup_printf ("%s/out-%s%s.mp4", fx->dir, vitrine_ratio_to_tag (ratios[r]),
                                       v ? "-unbranded" : "");
        vitrine_ratio_get_size (ratios[r], &w, &h);
        vitrine_slideshow_add_output (show, w, h, v, paths[r][v]);
      }
  render (show, NULL);

  for (guint r = 0; r < 3; r++)
    {
      g_auto(GStrv) branded = frame_md5s (paths[r][0]);
      g_auto(GStrv) unbranded = frame_md5s (paths[r][1]);
      g_autofree char *qr = qr_at (fx->dir, paths[r][0], body + 3.0);
      g_autofree char *no_qr = qr_at (fx->dir, paths[r][1], body + 3.0);
      guint body_frames = (guint) (body * FPS), same = 0;

      for (int v = 0; v < 2; v++)
        {
          g_autofree char *shape = video_shape (paths[r][v]);
          guint w, h;
          g_autofree char *want = NULL;

          vitrine_ratio_get_size (ratios[r], &w, &h);
          want = g_strdup_printf ("%u,%u,%.6f", w, h, body + END_SECONDS);
          g_assert_cmpstr (shape, ==, want);
        }
      g_assert_cmpstr (qr, ==, URL);
      g_assert_cmpstr (no_qr, ==, "");
      g_assert_cmpuint (g_strv_length (branded), ==, g_strv_length (unbranded));
      for (guint i = 0; i < body_frames; i++)
        same += g_str_equal (branded[i], unbranded[i]);
      g_assert_cmpuint (same, ==, body_frames);
      /* the end cards differ, after the fade from the last photo */
      g_assert_cmpstr (branded[body_frames + FPS], !=, unbranded[body_frames + FPS]);
      g_free (paths[r][0]);
      g_free (paths[r][1]);
    }
}

static gboolean
box_inside (const VitrineBox *box,
            const VitrineBox *safe)
{
  return box->x >= safe->x - 0.5 && box->y >= safe->y - 0.5 && box->w > 0 && box->h > 0 &&
         box->x + box->w <= safe->x + safe->w + 0.5 && box->y + box->h <= safe->y + safe->h + 0.5;
}

static void
assert_boxes_inside (GArray *boxes,
                     int     width,
                     int     height,
                     guint   at_least)
{
  VitrineBox safe;

  vitrine_card_safe_area (width, height, &safe);
  g_assert_cmpuint (boxes->len, >=, at_least);
  for (guint i = 0; i < boxes->len; i++)
    {
      VitrineBox *b = &g_array_index (boxes, VitrineBox, i);

      if (!box_inside (b, &safe))
        g_error ("%dx%d: box %u (%.0f,%.0f %.0fx%.0f) outside the safe area (%.0f,%.0f %.0fx%.0f)",
                 width, height, i, b->x, b->y, b->w, b->h, safe.x, safe.y, safe.w, safe.h);
    }
  g_array_set_size (boxes, 0);
}

/* No box of @boxes but the first (the corner logo) meets the first. */
static void
assert_clear_of_first (GArray *boxes,
                       int     width,
                       int     height)
{
  const VitrineBox *a = &g_array_index (boxes, VitrineBox, 0);

  for (guint i = 1; i < boxes->len; i++)
    {
      const VitrineBox *b = &g_array_index (boxes, VitrineBox, i);

      if (b->x < a->x + a->w && a->x < b->x + b->w && b->y < a->y + a->h && a->y < b->y + b->h)
        g_error ("%dx%d: box %u (%.0f,%.0f %.0fx%.0f) over the logo (%.0f,%.0f %.0fx%.0f)",
                 width, height, i, b->x, b->y, b->w, b->h, a->x, a->y, a->w, a->h);
    }
}

/* Every text and image box of every card is inside the safe area of each
 * format, a 200-character address and a long caption included; in 9:16
 * the safe area leaves out the bottom fifth and the right sixth. */
static void
test_safe_area (Fixture       *fx,
                gconstpointer  data)
{
  g_autofree char *head = vitrine_test_make_jpeg (fx->dir, "head.jpg", 300, 400, 1, 5);
  g_autofree char *logo = vitrine_test_make_png (fx->dir, "logo.png", 500, 120, 6);
  g_autoptr(GString) address = g_string_new (NULL);
  g_autoptr(GArray) boxes = g_array_new (FALSE, FALSE, sizeof (VitrineBox));
  const int sizes[][2] = { { 1920, 1080 }, { 1080, 1920 }, { 1080, 1080 } };
  VitrineListing listing = { NULL, "€ 1,250,000", "5 bedrooms · 3 baths · 240 m² · garden · garage", URL };
  VitrineAgent agent = { "Anastasia Montgomery-Villeneuve de la Tour", "Agence Exemple & Associés",
                         "+33 1 23 45 67 89", "anastasia.montgomery@agence-exemple.example.com",
                         head, logo, NULL, NULL };
  VitrineBox safe;

  while (address->len < 200)
    g_string_append (address, "12 avenue des Champs-Élysées ");
  listing.address = address->str;
  vitrine_card_safe_area (1080, 1920, &safe);
  g_assert_cmpfloat (safe.x + safe.w, <=, 1080 * 5.0 / 6.0);
  g_assert_cmpfloat (safe.y + safe.h, <=, 1920 * 0.8);

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      int w = sizes[i][0], h = sizes[i][1];
      g_autoptr(GError) error = NULL;
      VitrineOverlay *overlay;
      VitrinePicture *picture;

      overlay = vitrine_card_opening ("Open house on Sunday", &listing, FALSE, NULL, w, h, boxes);
      vitrine_overlay_free (overlay);
      assert_boxes_inside (boxes, w, h, 5);
      overlay = vitrine_card_caption (address->str, FALSE, NULL, w, h, boxes);
      vitrine_overlay_free (overlay);
      assert_boxes_inside (boxes, w, h, 2);
      /* the corner logo too (it stood in the frame's corner, under a
       * phone app's button in 9:16) */
      overlay = vitrine_card_logo (logo, w, h, boxes, &error);
      g_assert_no_error (error);
      vitrine_overlay_free (overlay);
      assert_boxes_inside (boxes, w, h, 1);
      /* beside the corner logo the opening leaves it room (in 9:16 and
       * 1:1 the logo covered the title's end) */
      overlay = vitrine_card_logo (logo, w, h, boxes, &error);
      vitrine_overlay_free (overlay);
      overlay = vitrine_card_opening ("Open house on Sunday, 2 to 5 pm", &listing, TRUE, NULL,
                                      w, h, boxes);
      vitrine_overlay_free (overlay);
      assert_clear_of_first (boxes, w, h);
      assert_boxes_inside (boxes, w, h, 6);
      /* and the plain slideshow's title (it stood in the bottom fifth) */
      overlay = vitrine_card_title (address->str, NULL, w, h, boxes);
      vitrine_overlay_free (overlay);
      assert_boxes_inside (boxes, w, h, 1);
      for (int v = 0; v < 2; v++)
        {
          picture = vitrine_card_end (v, &listing, &agent, w, h, boxes, &error);
          g_assert_no_error (error);
          vitrine_picture_free (picture);
          assert_boxes_inside (boxes, w, h, v == VITRINE_VARIANT_BRANDED ? 7 : 3);
        }
    }
}

/* No text of @boxes was cut short (nor, with @whole_words, broken inside
 * a word or after a number). */
static void
assert_none_cut_full (GArray     *boxes,
                      const char *card,
                      int         width,
                      int         height,
                      gboolean    whole_words)
{
  for (guint i = 0; i < boxes->len; i++)
    {
      if (g_array_index (boxes, VitrineBox, i).cut)
        g_error ("%dx%d %s: text %u cut short", width, height, card, i);
      if (whole_words && g_array_index (boxes, VitrineBox, i).torn)
        g_error ("%dx%d %s: text %u broken inside a word or after a number", width, height, card, i);
    }
}

static void
assert_none_cut (GArray     *boxes,
                 const char *card,
                 int         width,
                 int         height)
{
  assert_none_cut_full (boxes, card, width, height, FALSE);
}

/* Words stay whole on the cards of every format, and a number with what
 * it counts: "Springfield" and "Immobilienvermittlungsgesellschaft" shrink
 * rather than break ("Springfi-eld" in 9:16), "2 baths", "118 m²",
 * "W11 2PN" and "£ 1,250,000" stay on one line. */
static void
test_words_whole (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr(GArray) boxes = g_array_new (FALSE, FALSE, sizeof (VitrineBox));
  const int sizes[][2] = { { 1920, 1080 }, { 1080, 1920 }, { 1080, 1080 } };
  VitrineListing listing = { "742 Evergreen Terrace, Springfield, London W11 2PN", "£ 1,250,000",
                             "3 bedrooms · 2 baths · 118 m² · garden", URL };
  VitrineAgent agent = { "Ana Agent", "Immobilienvermittlungsgesellschaft Springfield",
                         "+44 20 7946 0000", "ana@example.com", NULL, NULL, NULL, NULL };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      int w = sizes[i][0], h = sizes[i][1];

      vitrine_overlay_free (vitrine_card_opening ("Open house on Sunday", &listing, FALSE, NULL,
                                                  w, h, boxes));
      assert_none_cut_full (boxes, "opening", w, h, TRUE);
      for (int v = 0; v < 2; v++)
        {
          g_autoptr(GError) error = NULL;

          vitrine_picture_free (vitrine_card_end (v, &listing, &agent, w, h, boxes, &error));
          g_assert_no_error (error);
          assert_none_cut_full (boxes, v == VITRINE_VARIANT_BRANDED ? "end card" : "MLS end card", w, h, TRUE);
        }
    }
}

/* Long text shrinks or wraps, it is not cut: a 200-character address,
 * price and facts, and an agent with a long name, agency, phone and
 * e-mail, on the opening and on both end cards of every format (the end
 * cards cut them after two lines, with half the card empty). */
static void
test_long_text_whole (Fixture       *fx,
                      gconstpointer  data)
{
  g_autofree char *head = vitrine_test_make_jpeg (fx->dir, "head.jpg", 300, 400, 1, 5);
  g_autofree char *logo = vitrine_test_make_png (fx->dir, "logo.png", 500, 120, 6);
  g_autoptr(GArray) boxes = g_array_new (FALSE, FALSE, sizeof (VitrineBox));
  const int sizes[][2] = { { 1920, 1080 }, { 1080, 1920 }, { 1080, 1080 } };
  VitrineListing listing = {
    "Appartement 14B, Résidence Les Jardins de la Côte d’Azur, 1234 Boulevard du Maréchal "
    "Jean-Marie-Gabriel de Lattre de Tassigny Prolongé, Quartier Saint-Roch, 06000 Nice, "
    "Alpes-Maritimes, France",
    "EUR 12,345,678,900.00 (negotiable, agency fees included, notary fees excluded)",
    "5 bedrooms · 4 baths · 312 m² · 2 garages · pool · sea view · terrace 80 m² · cellar · "
    "lift · concierge · built 1932 · energy class B",
    URL };
  VitrineAgent agent = {
    "Maximilian-Alexander Großherzog von Württemberg-Hohenzollern",
    "Internationale Immobilienvermittlungsgesellschaft Côte d’Azur & Rhône-Alpes Luxury "
    "Properties GmbH & Co. KG",
    "+33 (0)6 12 34 56 78 / +49 170 1234567 ext. 9999",
    "maximilian.alexander.grossherzog.von.wuerttemberg@internationale-immobilien.example.com",
    head, logo, NULL, NULL };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      int w = sizes[i][0], h = sizes[i][1];

      vitrine_overlay_free (vitrine_card_opening (NULL, &listing, FALSE, NULL, w, h, boxes));
      assert_none_cut (boxes, "opening", w, h);
      assert_boxes_inside (boxes, w, h, 4);
      for (int v = 0; v < 2; v++)
        {
          g_autoptr(GError) error = NULL;

          vitrine_picture_free (vitrine_card_end (v, &listing, &agent, w, h, boxes, &error));
          g_assert_no_error (error);
          assert_none_cut (boxes, v == VITRINE_VARIANT_BRANDED ? "end card" : "MLS end card", w, h);
          assert_boxes_inside (boxes, w, h, v == VITRINE_VARIANT_BRANDED ? 7 : 3);
        }
    }
}

/* The rows of @box in the luma plane that carry text (a sign brighter
 * than the card's dark ground), counted as runs: one run, one line. */
static guint
count_text_lines (const VitrinePicture *picture,
                  const VitrineBox     *box)
{
  guint lines = 0;
  gboolean was_ink = FALSE;

  for (int y = (int) box->y; y < (int) (box->y + box->h); y++)
    {
      const guint8 *row = picture->planes[0] + (gsize) y * picture->strides[0];
      gboolean ink = FALSE;

      for (int x = (int) box->x; !ink && x < (int) (box->x + box->w); x++)
        ink = row[x] > 128;
      lines += ink && !was_ink;
      was_ink = ink;
    }
  return lines;
}

/* A long e-mail address on the portrait end card shrinks to one line: a
 * line broken inside it got a hyphen that changed the address
 * ("…@exempelmaklarn-a.se"). */
/* The branded end card of @listing and @agent, its boxes in @boxes. */
static VitrinePicture *
branded_end_card (const VitrineListing *listing,
                  const VitrineAgent   *agent,
                  int                   width,
                  int                   height,
                  GArray               *boxes)
{
  g_autoptr(GError) error = NULL;
  VitrinePicture *picture = vitrine_card_end (VITRINE_VARIANT_BRANDED, listing, agent, width, height,
                                              boxes, &error);

  g_assert_no_error (error);
  return picture;
}

static void
test_contact_one_line (void)
{
  g_autoptr(GArray) boxes = g_array_new (FALSE, FALSE, sizeof (VitrineBox));
  VitrineListing listing = { NULL, NULL, NULL, URL };
  VitrineAgent agent = { "Anna-Karin Lindqvist", NULL, "+46 70 123 45 67",
                         "anna.karin.lindqvist@exempelmaklarna.se",
                         NULL, NULL, "#1b2a4a", "#ffffff" };
  VitrinePicture *picture;

  picture = branded_end_card (&listing, &agent, 1080, 1920, boxes);
  /* name, phone, e-mail, QR code */
  g_assert_cmpuint (boxes->len, ==, 4);
  g_assert_cmpuint (count_text_lines (picture, &g_array_index (boxes, VitrineBox, 1)), ==, 1);
  g_assert_cmpuint (count_text_lines (picture, &g_array_index (boxes, VitrineBox, 2)), ==, 1);
  /* still of a size a phone's viewer reads: at least 40% of the phone's */
  g_assert_cmpfloat (g_array_index (boxes, VitrineBox, 2).h, >=,
                     0.4 * g_array_index (boxes, VitrineBox, 1).h);
  vitrine_picture_free (picture);
}

/* With no agent (the listing's link alone), the branded end card shows
 * the property beside its QR code (it showed the QR code alone). */
static void
test_end_card_without_agent (void)
{
  g_autoptr(GArray) boxes = g_array_new (FALSE, FALSE, sizeof (VitrineBox));
  VitrineListing listing = { "5 Elm St", "$499,000", NULL, URL };
  VitrineAgent agent = { NULL, NULL, NULL, NULL, NULL, NULL, "#1b2a4a", "#ffffff" };
  VitrineAgent none = { NULL };
  VitrinePicture *picture;

  picture = branded_end_card (&listing, &agent, 1920, 1080, boxes);
  /* address, price, QR code */
  g_assert_cmpuint (boxes->len, ==, 3);
  g_assert_cmpuint (count_text_lines (picture, &g_array_index (boxes, VitrineBox, 0)), ==, 1);
  g_assert_cmpuint (count_text_lines (picture, &g_array_index (boxes, VitrineBox, 1)), ==, 1);
  vitrine_picture_free (picture);

  /* No agent and no link either: the branded video still ends on the
   * property, as its MLS twin does (it used to end on the last photo,
   * five seconds shorter than the twin). */
  listing.url = NULL;
  g_assert_true (vitrine_card_end_wanted (VITRINE_VARIANT_BRANDED, &listing, &none));
  g_array_set_size (boxes, 0);
  picture = branded_end_card (&listing, &none, 1920, 1080, boxes);
  /* address, price */
  g_assert_cmpuint (boxes->len, ==, 2);
  vitrine_picture_free (picture);
  /* the same with no agent record at all (a slideshow or job given NULL) */
  g_assert_true (vitrine_card_end_wanted (VITRINE_VARIANT_BRANDED, &listing, NULL));
  g_array_set_size (boxes, 0);
  picture = branded_end_card (&listing, NULL, 1920, 1080, boxes);
  g_assert_cmpuint (boxes->len, ==, 2);
  vitrine_picture_free (picture);
  /* brand colours and nothing else to say: no end card, not a blank one */
  g_assert_false (vitrine_card_end_wanted (VITRINE_VARIANT_BRANDED, NULL, &agent));
}

/* With an agent, the branded end card still names the property it closes:
 * its address, above the agent (it showed the agent alone, while the
 * Listing group says the listing is on the end card). */
static void
test_end_card_names_property (void)
{
  g_autoptr(GArray) boxes = g_array_new (FALSE, FALSE, sizeof (VitrineBox));
  VitrineListing listing = { "5 Elm St", "$499,000", "3 bedrooms", URL };
  VitrineAgent agent = { "Camille Martin", NULL, "+33 6 12 34 56 78", NULL,
                         NULL, NULL, "#1b2a4a", "#ffffff" };
  const int sizes[][2] = { { 1920, 1080 }, { 1080, 1920 }, { 1080, 1080 } };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      VitrinePicture *picture;

      g_array_set_size (boxes, 0);
      picture = branded_end_card (&listing, &agent, sizes[i][0], sizes[i][1], boxes);
      /* address, name, phone, QR code: the price and facts were over the
       * first photo */
      g_assert_cmpuint (boxes->len, ==, 4);
      g_assert_cmpuint (count_text_lines (picture, &g_array_index (boxes, VitrineBox, 0)), ==, 1);
      g_assert_cmpfloat (g_array_index (boxes, VitrineBox, 0).y, <, g_array_index (boxes, VitrineBox, 1).y);
      vitrine_picture_free (picture);
    }
}

/* A 300x100 logo, transparent but for a @w x @h block of @rgb. */
static char *
make_logo (const char *dir,
           const char *name,
           guint32     rgb,
           int         w,
           int         h)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GdkPixbuf) logo = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, 300, 100);
  g_autoptr(GdkPixbuf) block = NULL;
  g_autoptr(GError) error = NULL;

  gdk_pixbuf_fill (logo, 0);
  block = gdk_pixbuf_new_subpixbuf (logo, (300 - w) / 2, (100 - h) / 2, w, h);
  gdk_pixbuf_fill (block, rgb << 8 | 0xff);
  gdk_pixbuf_save (logo, path, "png", &error, NULL);
  g_assert_no_error (error);
  return path;
}

/* The share of @box's pixels brighter than the card's dark ground. */
static double
bright_share (const VitrinePicture *picture,
              const VitrineBox     *box)
{
  guint bright = 0, all = 0;

  for (int y = (int) box->y; y < (int) (box->y + box->h); y++)
    for (int x = (int) box->x; x < (int) (box->x + box->w); x++, all++)
      bright += picture->planes[0][(gsize) y * picture->strides[0] + x] > 128;
  return all > 0 ? (double) bright / all : 0;
}

/* Brand colours too close to be read (light grey on white) give way to
 * black text: the agent's name is read, not guessed. */
static void
test_brand_contrast (void)
{
  g_autoptr(GArray) boxes = g_array_new (FALSE, FALSE, sizeof (VitrineBox));
  VitrineAgent agent = { "Jürgen Weiß", NULL, NULL, NULL, NULL, NULL, "#ffffff", "#eeeeee" };
  VitrinePicture *picture;

  picture = branded_end_card (NULL, &agent, 1920, 1080, boxes);
  g_assert_cmpuint (boxes->len, ==, 1);
  /* dark signs on the white card (light grey ones left it all bright) */
  g_assert_cmpfloat (bright_share (picture, &g_array_index (boxes, VitrineBox, 0)), <, 0.9);
  vitrine_picture_free (picture);
}

/* A logo in the card's own colour would vanish: it stands on a plate of
 * the text colour. A logo that shows on the card gets none. */
static void
test_logo_plate (void)
{
  g_autofree char *dir = vitrine_test_make_tmpdir ();
  g_autofree char *navy = make_logo (dir, "navy.png", 0x1b2a4a, 240, 60);
  g_autofree char *white = make_logo (dir, "white.png", 0xffffff, 60, 40);
  VitrineListing listing = { NULL, NULL, NULL, URL };
  VitrineAgent agent = { "Anna-Karin Lindqvist", NULL, NULL, NULL, NULL, navy, "#1b2a4a", "#ffffff" };
  double share[2];

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GArray) boxes = g_array_new (FALSE, FALSE, sizeof (VitrineBox));
      g_autoptr(GError) error = NULL;
      VitrinePicture *picture;

      agent.logo = i == 0 ? navy : white;
      picture = vitrine_card_end (VITRINE_VARIANT_BRANDED, &listing, &agent, 1920, 1080, boxes, &error);
      g_assert_no_error (error);
      /* logo, name, QR code */
      g_assert_cmpuint (boxes->len, ==, 3);
      share[i] = bright_share (picture, &g_array_index (boxes, VitrineBox, 0));
      g_test_message ("%s logo: %.3f of its box is bright", i == 0 ? "navy" : "white", share[i]);
      vitrine_picture_free (picture);
    }
  g_assert_cmpfloat (share[0], >, 0.15);
  g_assert_cmpfloat (share[1], <, 0.1);
  vitrine_test_rmtree (dir);
}

static double
summary_value (const char *report,
               const char *key)
{
  const char *summary = strstr (report, "Summary:");
  const char *at = summary ? strstr (summary, key) : NULL;

  g_assert_nonnull (at);
  return g_ascii_strtod (at + strlen (key), NULL);
}

/* A source whose loudness and peaks are far from the target: a loud one
 * (a chord with noise, driven into clipping) and a quiet one with sharp
 * clicks (a wide crest factor: the gain it needs pushes its peaks over). */
static char *
make_music (const char *dir,
            gboolean    loud)
{
  gsize frames = 44100 * 8;
  g_autofree float *s = g_new (float, frames * 2);
  guint32 seed = 1;

  for (gsize i = 0; i < frames; i++)
    {
      double t = i / 44100.0, x;

      seed = seed * 1664525u + 1013904223u;
      if (loud)
        x = CLAMP (1.5 * (0.45 * sin (2 * G_PI * 110 * t) + 0.3 * sin (2 * G_PI * 277 * t) +
                          0.2 * sin (2 * G_PI * 330 * t) * (0.6 + 0.4 * sin (2 * G_PI * 2 * t)) +
                          0.1 * ((seed >> 8) / 16777216.0 - 0.5)), -1, 1);
      else
        x = 0.004 * sin (2 * G_PI * 330 * t) + (i % 22050 < 20 ? 0.5 : 0.0);
      s[2 * i] = (float) x;
      s[2 * i + 1] = (float) x;
    }
  return vitrine_test_make_wav_samples (dir, loud ? "loud.wav" : "quiet.wav", s, frames);
}

/* The soundtrack comes out at -14 LUFS ±1 with a true peak of at most
 * -1 dBTP, from a loud and from a quiet source, as ffmpeg measures it. */
static void
test_loudness (Fixture       *fx,
               gconstpointer  data)
{
  if (!have_tools ())
    return;
  for (int loud = 0; loud < 2; loud++)
    {
      g_autofree char *music = make_music (fx->dir, loud);
      g_autofree char *photo = vitrine_test_make_jpeg (fx->dir, "a.jpg", 640, 360, 1, 9);
      g_autofree char *out = g_build_filename (fx->dir, loud ? "loud.mp4" : "quiet.mp4", NULL);
      g_autofree char *source_report = NULL;
      g_autofree char *report = NULL;
      g_autoptr(VitrineSlideshow) show = vitrine_slideshow_new ();
      const char * const photos[] = { photo, photo, photo, photo, NULL };
      double lufs, peak;
      int status;

      vitrine_slideshow_set_photos (show, photos);
      vitrine_slideshow_set_music (show, music);
      vitrine_slideshow_set_size (show, 320, 180);
      vitrine_slideshow_set_seconds_per_photo (show, 3.0);
      render (show, out);

      source_report = run_tool (&status, TRUE, "ffmpeg", "-nostats", "-i", music, "-af",
                                "ebur128=peak=true", "-f", "null", "-", NULL);
      report = run_tool (&status, TRUE, "ffmpeg", "-nostats", "-i", out, "-af", "ebur128=peak=true",
                         "-f", "null", "-", NULL);
      g_assert_cmpint (status, ==, 0);
      lufs = summary_value (report, "I:");
      peak = summary_value (report, "Peak:");
      g_test_message ("%s source: %.1f LUFS, %.1f dBTP → %.1f LUFS, %.1f dBTP", loud ? "loud" : "quiet",
                      summary_value (source_report, "I:"), summary_value (source_report, "Peak:"),
                      lufs, peak);
      g_assert_cmpfloat (fabs (summary_value (source_report, "I:") + 14), >, 6);
      g_assert_cmpfloat (lufs, >=, -15.0);
      g_assert_cmpfloat (lufs, <=, -13.0);
      g_assert_cmpfloat (peak, <=, -1.0);
    }
}

/* The MD5 of the part @crop (an ffmpeg crop filter) of the frame at @seconds. */
static char *
crop_md5 (const char *path,
          double      seconds,
          const char *crop)
{
  g_autofree char *ss = g_strdup_printf ("%.3f", seconds);
  g_autofree char *out = NULL;
  const char *comma;
  int status;

  out = run_tool (&status, FALSE, "ffmpeg", "-v", "error", "-ss", ss, "-i", path, "-frames:v", "1",
                  "-an", "-vf", crop, "-f", "framemd5", "-", NULL);
  g_assert_cmpint (status, ==, 0);
  comma = strrchr (g_strstrip (out), ',');
  g_assert_nonnull (comma);
  return g_strdup (comma + 1);
}

/* The first photo's caption shows during its slot: under the opening
 * card, or above a plain title (which is in the lower left; the caption
 * once waited there for the title to go, and so never showed). */
static void
test_first_caption (Fixture       *fx,
                    gconstpointer  data)
{
  const char * const with[] = { "Kitchen", NULL };
  const char * const without[] = { "", NULL };
  const char * const *captions[] = { with, without };
  /* where the caption is: the lower left, then the upper left */
  const char *crops[] = { "crop=iw/2:ih/2:0:ih/2", "crop=iw/2:ih/2:0:0" };

  if (!have_tools ())
    return;
  for (int titled = 0; titled < 2; titled++)
    {
      char *md5[2] = { NULL, NULL };

      for (int i = 0; i < 2; i++)
        {
          g_autoptr(VitrineSlideshow) show = new_listing_show (fx->dir, 2, 2.0);
          g_autofree char *out = g_strdup_printf ("%s/caption-%d-%d.mp4", fx->dir, titled, i);

          vitrine_slideshow_set_agent (show, NULL);
          if (titled)
            {
              vitrine_slideshow_set_listing (show, NULL);
              vitrine_slideshow_set_title (show, "Maison de ville");
            }
          vitrine_slideshow_set_captions (show, captions[i]);
          vitrine_slideshow_set_size (show, 640, 360);
          render (show, out);
          md5[i] = crop_md5 (out, 1.0, crops[titled]);
        }
      g_assert_cmpstr (md5[0], !=, md5[1]);
      g_free (md5[0]);
      g_free (md5[1]);
    }
}

/* The opening card shows what the listing has of the address, price and
 * facts: a price alone is shown. A listing with only a web address has no
 * opening card: the body of the video is shared with the MLS-unbranded
 * one, where no web address or QR code may appear; the link is the
 * branded end card's QR code. */
static void
test_opening_partial (Fixture       *fx,
                      gconstpointer  data)
{
  const VitrineListing listings[] = {
    { NULL, NULL, NULL, NULL },
    { NULL, NULL, NULL, URL },
    { NULL, "€ 450,000", NULL, NULL },
  };
  char *md5[G_N_ELEMENTS (listings)];

  if (!have_tools ())
    return;
  for (guint i = 0; i < G_N_ELEMENTS (listings); i++)
    {
      g_autoptr(VitrineSlideshow) show = new_listing_show (fx->dir, 2, 2.0);
      g_autofree char *out = g_strdup_printf ("%s/opening-%u.mp4", fx->dir, i);
      g_autofree char *qr = NULL;

      vitrine_slideshow_set_agent (show, NULL);
      vitrine_slideshow_set_captions (show, NULL);
      vitrine_slideshow_set_listing (show, &listings[i]);
      vitrine_slideshow_set_size (show, 640, 360);
      render (show, out);
      md5[i] = crop_md5 (out, 0.5, "crop=iw/2:ih/2:0:0");
      qr = qr_at (fx->dir, out, 0.5);
      g_assert_cmpstr (qr, ==, "");
    }
  /* the web address alone: the frames of no listing at all */
  g_assert_cmpstr (md5[1], ==, md5[0]);
  /* a price alone: drawn in the top left */
  g_assert_cmpstr (md5[2], !=, md5[0]);
  for (guint i = 0; i < G_N_ELEMENTS (listings); i++)
    g_free (md5[i]);
}

/* A portrait photo in a landscape frame (and a landscape one in a portrait
 * frame) travels along its long side from one end to the other, without
 * zoom, so the whole photo is seen during its slot. */
static void
test_pan_long_axis (void)
{
  const struct { int pw, ph, w, h; } cases[] = {
    { 1242, 1900, 1920, 1080 },
    { 2800, 1242, 1080, 1920 },
  };
  int w, h;

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(VitrinePicture) pic = vitrine_picture_new (cases[c].pw, cases[c].ph);
      Slot slot = { .pic = pic, .visible_from = 0, .visible_to = 3 };
      gboolean tall = cases[c].ph > cases[c].pw;
      VitrineRect first, last;

      for (int index = 0; index < 2; index++)
        {
          vitrine_render_plan_motion (&slot, index, cases[c].w, cases[c].h, TRUE);
          vitrine_render_slot_rect (&slot, cases[c].w, cases[c].h, 0, &first);
          vitrine_render_slot_rect (&slot, cases[c].w, cases[c].h, 3, &last);
          g_assert_cmpfloat (first.w, ==, last.w);
          if (tall)
            {
              g_assert_cmpfloat_with_epsilon (first.w, cases[c].pw, 0.01);
              g_assert_cmpfloat (first.x, ==, last.x);
              g_assert_cmpfloat_with_epsilon (MIN (first.y, last.y), 0, 0.01);
              g_assert_cmpfloat_with_epsilon (MAX (first.y, last.y) + first.h, cases[c].ph, 0.01);
            }
          else
            {
              g_assert_cmpfloat_with_epsilon (first.h, cases[c].ph, 0.01);
              g_assert_cmpfloat (first.y, ==, last.y);
              g_assert_cmpfloat_with_epsilon (MIN (first.x, last.x), 0, 0.01);
              g_assert_cmpfloat_with_epsilon (MAX (first.x, last.x) + first.w, cases[c].pw, 0.01);
            }
        }
    }

  /* too fast to cover the frame in a 3.75 s slot: the picture is the
   * frame but for its long side, the photo's whole width crossed at 5
   * whole pixels a frame (not over 0.15 of the frame's width a second);
   * in a 13 s slot the photo covers the frame, and so it does where it
   * would leave bands of blur a few pixels thin (a 4:3 photo in 8.6 s) */
  vitrine_render_pan_size (2560, 1600, 1080, 1920, 3.75, &w, &h);
  g_assert_cmpint (h, ==, 1920);
  g_assert_cmpfloat_with_epsilon ((w - 1080) / (3.75 * FPS), 5.0, 0.01);
  vitrine_render_pan_size (1600, 2560, 1920, 1080, 3.75, &w, &h);
  g_assert_cmpint (w, ==, 1920);
  g_assert_cmpfloat_with_epsilon ((h - 1080) / (3.75 * FPS), 5.0, 0.01);
  vitrine_render_pan_size (2560, 1600, 1080, 1920, 13, &w, &h);
  g_assert_cmpint (w, ==, 0);
  g_assert_cmpint (h, ==, 0);
  vitrine_render_pan_size (2560, 1920, 1080, 1920, 8.6, &w, &h);
  g_assert_cmpint (w, ==, 0);
}

/* Where the frame's corners go from frame @f to frame @f + 1 of @slot, in
 * output pixels: the affine map between the two crops (a scale and a
 * shift on each axis), applied to the corners. */
static void
corner_moves (const Slot *slot,
              int         width,
              int         height,
              gint64      f,
              double      moves[4][2])
{
  VitrineRect r0, r1;

  vitrine_render_slot_rect (slot, width, height, (double) f / FPS, &r0);
  vitrine_render_slot_rect (slot, width, height, (double) (f + 1) / FPS, &r1);
  for (int c = 0; c < 4; c++)
    {
      double u = c & 1 ? width : 0, v = c & 2 ? height : 0;
      /* the photo's point under output (u, v) in frame f, then where frame f + 1 shows it */
      double px = r0.x + u * r0.w / width, py = r0.y + v * r0.h / height;

      moves[c][0] = (px - r1.x) * width / r1.w - u;
      moves[c][1] = (py - r1.y) * height / r1.h - v;
    }
}

/* The motion itself adds nothing to the jitter the listing bench measures
 * (the RMS change of the frame corners' displacement from frame to frame,
 * in px/frame²): inside a slot, for every ratio, for a landscape and a
 * portrait photo (the latter pans along its long side in a landscape frame,
 * and the former in a portrait one), the corners move by the same amount
 * every frame to within 0.01 px. No easing, no positions rounded to a grid:
 * they would show at once. */
static void
test_motion_smooth (void)
{
  const struct { int w, h; } ratios[] = { { 1920, 1080 }, { 1080, 1920 }, { 1080, 1080 } };
  const struct { int w, h; } photos[] = { { 2560, 1600 }, { 1600, 2560 } };
  const double spp = 3, fade = 0.75;

  for (guint r = 0; r < G_N_ELEMENTS (ratios); r++)
    for (guint p = 0; p < G_N_ELEMENTS (photos); p++)
      {
        int w = ratios[r].w, h = ratios[r].h;
        /* the picture the renderer makes of a photo: at least ZOOM times
         * the frame; of the other orientation, the frame but for its long
         * side (3.75 s is too short to cross it covering the frame) */
        double s = MAX (1.0, MAX (ceil (w * ZOOM) / photos[p].w, ceil (h * ZOOM) / photos[p].h));
        gboolean other = w != h && (photos[p].w > photos[p].h) != (w > h);
        int pan_w = 0, pan_h = 0;
        g_autoptr(VitrinePicture) pic = NULL;

        if (other)
          vitrine_render_pan_size (photos[p].w, photos[p].h, w, h, spp + fade, &pan_w, &pan_h);
        g_assert_cmpint (pan_w > 0, ==, other);
        pic = other ? vitrine_picture_new (pan_w, pan_h)
                    : vitrine_picture_new ((int) ceil (photos[p].w * s), (int) ceil (photos[p].h * s));

        for (int index = 1; index < 9; index++)
          {
            Slot slot = { .pic = pic, .visible_from = index * spp - fade / 2,
                          .visible_to = (index + 1) * spp + fade / 2 };
            gint64 first = (gint64) ceil (slot.visible_from * FPS);
            gint64 last = (gint64) floor (slot.visible_to * FPS) - 2;
            double speed = 0;

            vitrine_render_plan_motion (&slot, index, w, h, other);
            for (gint64 f = first; f < last; f++)
              {
                double a[4][2], b[4][2], sum = 0;

                corner_moves (&slot, w, h, f, a);
                corner_moves (&slot, w, h, f + 1, b);
                for (int c = 0; c < 4; c++)
                  {
                    sum += (b[c][0] - a[c][0]) * (b[c][0] - a[c][0]) + (b[c][1] - a[c][1]) * (b[c][1] - a[c][1]);
                    speed = MAX (speed, hypot (a[c][0], a[c][1]));
                  }
                g_assert_cmpfloat (sqrt (sum / 4), <, 0.01);
              }
            /* it does move (a still photo would pass the above trivially),
             * and a photo of the other orientation, the whole of it seen in
             * its slot, not faster than 0.15 of the short side a second,
             * in whole pixels a frame */
            g_assert_cmpfloat (speed, >, other ? 4 : 1);
            if (other)
              {
                g_assert_cmpfloat (speed, <=, 0.15 * MIN (w, h) / FPS + 0.01);
                /* whole pixels a frame: each frame the last one shifted */
                g_assert_cmpfloat (fabs (speed - round (speed)), <, 0.01);
              }
          }
      }
}

/* A caption is whole for all of its photo's slot but 0.4 s at either end
 * (it fades in and out in the crossfades, as its photo does): long enough
 * to read, and still while the photo moves under it. Two captions never
 * show at once. The opening card goes with the first. */
static void
test_caption_timing (void)
{
  RenderJob job = { .spp = 3.0, .fade = 0.75, .n_slots = 3, .duration = 9.0 };

  for (gint64 f = 0; f < (gint64) (job.duration * FPS); f++)
    {
      double t = (double) f / FPS;
      int k = MIN ((int) (t / job.spp), job.n_slots - 1);
      double u = t - k * job.spp;

      for (int other = 0; other < job.n_slots; other++)
        if (other != k)
          g_assert_cmpint (vitrine_render_caption_opacity (&job, other, t), ==, 0);
      if (u >= 0.4 && u <= job.spp - 0.4)
        g_assert_cmpint (vitrine_render_caption_opacity (&job, k, t), ==, 256);
      /* the opening card: whole from the start until the first caption
       * goes, gone with it (it once faded out over the photo's moving
       * frames before the crossfade) */
      if (t <= job.spp - 0.4)
        g_assert_cmpint (vitrine_render_opening_opacity (&job, t), ==, 256);
      if (t >= job.spp)
        g_assert_cmpint (vitrine_render_opening_opacity (&job, t), ==, 0);
    }
}

/* Saves @pixbuf as @dir/@name, a PNG; returns the path. */
static char *
save_png (GdkPixbuf  *pixbuf,
          const char *dir,
          const char *name)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  gdk_pixbuf_save (pixbuf, path, "png", &error, NULL);
  g_assert_no_error (error);
  return path;
}

/* A photo of @width x @height in three bands along its long side: red at
 * the start (top, or left), grey, blue at the end. */
static char *
make_banded (const char *dir,
             const char *name,
             int         width,
             int         height)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  guint8 *px = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf), n = MAX (width, height);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        int along = height > width ? y : x;
        guint8 *p = px + (gsize) y * stride + (gsize) x * 3;

        p[0] = along < n / 4 ? 220 : along >= n - n / 4 ? 20 : 128;
        p[1] = along < n / 4 || along >= n - n / 4 ? 20 : 128;
        p[2] = along < n / 4 ? 20 : along >= n - n / 4 ? 220 : 128;
      }
  return save_png (pixbuf, dir, name);
}

/* The frame at @seconds, decoded by ffmpeg. */
static GdkPixbuf *
frame_at (const char *dir,
          const char *path,
          double      seconds)
{
  g_autofree char *png = frame_png (dir, path, seconds);
  g_autoptr(GError) error = NULL;
  GdkPixbuf *frame = gdk_pixbuf_new_from_file (png, &error);

  g_assert_no_error (error);
  return frame;
}

/* The mean colour, 0–255 a channel, of the frame at @seconds inside the
 * box @box (left, top, right, bottom as fractions of the frame). */
static void
mean_color_at (const char   *dir,
               const char   *path,
               double        seconds,
               const double  box[4],
               double        rgb[3])
{
  g_autoptr(GdkPixbuf) frame = frame_at (dir, path, seconds);
  const guint8 *px;
  int w, h, stride, n, x0, y0, x1, y1;

  w = gdk_pixbuf_get_width (frame);
  h = gdk_pixbuf_get_height (frame);
  n = gdk_pixbuf_get_n_channels (frame);
  stride = gdk_pixbuf_get_rowstride (frame);
  px = gdk_pixbuf_read_pixels (frame);
  x0 = (int) (box[0] * w);
  y0 = (int) (box[1] * h);
  x1 = MAX (x0 + 1, (int) (box[2] * w));
  y1 = MAX (y0 + 1, (int) (box[3] * h));
  rgb[0] = rgb[1] = rgb[2] = 0;
  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      for (int c = 0; c < 3; c++)
        rgb[c] += px[(gsize) y * stride + (gsize) x * n + c] / ((double) (x1 - x0) * (y1 - y0));
}

static const double WHOLE_FRAME[4] = { 0, 0, 1, 1 };

static gboolean
is_red (const double rgb[3])
{
  return rgb[0] > 150 && rgb[2] < 90;
}

static gboolean
is_blue (const double rgb[3])
{
  return rgb[2] > 150 && rgb[0] < 90;
}

/* A photo of the other orientation for each shape of frame, small. */
static const struct { int pw, ph, w, h; } other_way[] = {
  { 600, 1200, 320, 180 },
  { 1200, 600, 180, 320 },
};

/* Seen in the encoded frames: a portrait photo in a 16:9 video, and a
 * landscape one in a 9:16 video, travel along their long side from one
 * end to the other: the first frame shows one end band at its edge, the
 * last frame the other end band at the opposite edge (a Ken Burns move
 * of the middle would show grey at both). Sampled across the frame's
 * middle: a 3 s slot is too short to cross 2:1 covering the frame
 * without a whip, so the photo travels smaller, on its blurred self. */
static void
test_pan_long_axis_frames (Fixture       *fx,
                           gconstpointer  data)
{

  if (!have_tools ())
    return;
  for (guint c = 0; c < G_N_ELEMENTS (other_way); c++)
    {
      g_autofree char *photo = make_banded (fx->dir, "banded.png", other_way[c].pw, other_way[c].ph);
      g_autofree char *out = g_strdup_printf ("%s/pan-%u.mp4", fx->dir, c);
      g_autoptr(VitrineSlideshow) show = vitrine_slideshow_new ();
      const char * const photos[] = { photo, NULL };
      gboolean tall = other_way[c].ph > other_way[c].pw;
      /* the frame's start and end along the photo's long side, 6% deep,
       * 10% across the middle */
      const double along_start[4] = { 0, 0.45, 0.06, 0.55 }, along_end[4] = { 0.94, 0.45, 1, 0.55 };
      const double down_start[4] = { 0.45, 0, 0.55, 0.06 }, down_end[4] = { 0.45, 0.94, 0.55, 1 };
      const double *start = tall ? down_start : along_start, *end = tall ? down_end : along_end;
      double first_start[3], first_end[3], last_start[3], last_end[3];

      vitrine_slideshow_set_photos (show, photos);
      vitrine_slideshow_set_size (show, other_way[c].w, other_way[c].h);
      vitrine_slideshow_set_seconds_per_photo (show, 3.0);
      render (show, out);
      mean_color_at (fx->dir, out, 0.0, start, first_start);
      mean_color_at (fx->dir, out, 0.0, end, first_end);
      mean_color_at (fx->dir, out, 2.95, start, last_start);
      mean_color_at (fx->dir, out, 2.95, end, last_end);
      g_test_message ("%dx%d in %dx%d: first frame's ends %.0f,%.0f,%.0f and %.0f,%.0f,%.0f, "
                      "last frame's %.0f,%.0f,%.0f and %.0f,%.0f,%.0f",
                      other_way[c].pw, other_way[c].ph, other_way[c].w, other_way[c].h,
                      first_start[0], first_start[1], first_start[2], first_end[0], first_end[1], first_end[2],
                      last_start[0], last_start[1], last_start[2], last_end[0], last_end[1], last_end[2]);
      /* red at the start then blue at the end, or blue at the end then
       * red at the start, whichever way the slot travels */
      g_assert_true ((is_red (first_start) && is_blue (last_end)) ||
                     (is_blue (first_end) && is_red (last_start)));
    }
}

/* The outro image is drawn as it is: its red start and blue end at the
 * frame's edges (it was decoded down to a pixel and shown as one flat
 * colour, its mean). */
static void
test_outro_image (Fixture       *fx,
                  gconstpointer  data)
{
  g_autofree char *outro = NULL;
  g_autofree char *photo = NULL;
  g_autofree char *out = NULL;
  g_autoptr(VitrineSlideshow) show = NULL;
  const char *photos[] = { NULL, NULL };
  const double left[4] = { 0.02, 0.4, 0.12, 0.6 }, right[4] = { 0.88, 0.4, 0.98, 0.6 };
  const double middle[4] = { 0.4, 0.4, 0.6, 0.6 };
  double start[3], end[3], grey[3];

  if (!have_tools ())
    return;
  outro = make_banded (fx->dir, "outro.png", 1280, 720);
  photo = vitrine_test_make_jpeg (fx->dir, "a.jpg", 1280, 720, 1, 0);
  out = g_build_filename (fx->dir, "outro.mp4", NULL);
  photos[0] = photo;
  show = vitrine_slideshow_new ();
  vitrine_slideshow_set_photos (show, photos);
  vitrine_slideshow_set_outro (show, outro);
  vitrine_slideshow_set_size (show, 320, 180);
  vitrine_slideshow_set_seconds_per_photo (show, 1.0);
  render (show, out);
  mean_color_at (fx->dir, out, 1.5, left, start);
  mean_color_at (fx->dir, out, 1.5, right, end);
  mean_color_at (fx->dir, out, 1.5, middle, grey);
  g_test_message ("outro's left %.0f,%.0f,%.0f, middle %.0f,%.0f,%.0f, right %.0f,%.0f,%.0f",
                  start[0], start[1], start[2], grey[0], grey[1], grey[2], end[0], end[1], end[2]);
  /* The bands as drawn (220, 128 and 20 a channel), not their blend. */
  g_assert_true (start[0] > 190 && start[1] < 50 && start[2] < 50);
  g_assert_true (end[2] > 190 && end[0] < 50 && end[1] < 50);
  for (guint c = 0; c < 3; c++)
    g_assert_cmpfloat (fabs (grey[c] - 128), <, 20);
}

/* A panorama (8:1) in a 9:16 video would cross it seven times in one
 * slot: it is shown whole, on its blurred self, and stays in place. */
static void
test_panorama_whole (Fixture       *fx,
                     gconstpointer  data)
{
  g_autofree char *photo = NULL;
  g_autofree char *out = NULL;
  g_autoptr(VitrineSlideshow) show = NULL;
  const char *photos[] = { NULL, NULL };
  double first[3], last[3];

  if (!have_tools ())
    return;
  photo = make_banded (fx->dir, "panorama.png", 2400, 300);
  out = g_build_filename (fx->dir, "panorama.mp4", NULL);
  show = vitrine_slideshow_new ();
  photos[0] = photo;
  vitrine_slideshow_set_photos (show, photos);
  vitrine_slideshow_set_size (show, 180, 320);
  vitrine_slideshow_set_seconds_per_photo (show, 3.0);
  render (show, out);
  mean_color_at (fx->dir, out, 0.0, WHOLE_FRAME, first);
  mean_color_at (fx->dir, out, 2.95, WHOLE_FRAME, last);
  g_test_message ("first frame %.0f,%.0f,%.0f, last %.0f,%.0f,%.0f",
                  first[0], first[1], first[2], last[0], last[1], last[2]);
  /* no end band fills a frame: both ends show, the same at start and end */
  for (guint c = 0; c < 3; c++)
    g_assert_cmpfloat (fabs (first[c] - last[c]), <, 25);
  g_assert_cmpfloat (fabs (first[0] - first[2]), <, 60);
}

/* The first and last columns of @frame (rows, unless @wide) with at least
 * three pixels, between rows (columns) @from and @to, that are white
 * (@white) or as dark as a panel. */
static gboolean
extent_of (GdkPixbuf *frame,
           gboolean   wide,
           gboolean   white,
           int        from,
           int        to,
           int       *first,
           int       *last)
{
  int w = gdk_pixbuf_get_width (frame), h = gdk_pixbuf_get_height (frame);
  int n = gdk_pixbuf_get_n_channels (frame), stride = gdk_pixbuf_get_rowstride (frame);
  const guint8 *px = gdk_pixbuf_read_pixels (frame);

  *first = -1;
  for (int a = 0; a < (wide ? w : h); a++)
    {
      int seen = 0;

      for (int b = from; b < to; b++)
        {
          const guint8 *p = px + (gsize) (wide ? b : a) * stride + (gsize) (wide ? a : b) * n;
          int lo = MIN (p[0], MIN (p[1], p[2])), hi = MAX (p[0], MAX (p[1], p[2]));

          seen += white ? lo > 200 : hi < 118;
        }
      if (seen >= 3)
        {
          if (*first < 0)
            *first = a;
          *last = a;
        }
    }
  return *first >= 0;
}

/* Seen in the encoded frames: over a photo drawn as a band smaller than
 * the frame, on its blurred self (a portrait photo in 16:9, a landscape
 * one in 9:16), the opening card and a caption are wholly inside the band
 * or wholly outside it, never across its edge: the opening card stood
 * half on the blur above a landscape photo in 9:16, and a caption on the
 * blur left of a portrait one in 16:9, as if misplaced. */
static void
test_overlays_in_band (Fixture       *fx,
                       gconstpointer  data)
{
  const char * const captions[] = { "", "Sunny bedroom with a view", NULL };
  VitrineListing listing = { "12 Rue des Lilas, Lyon", "€ 450,000", "3 bed · 2 bath · 110 m²" };

  if (!have_tools ())
    return;
  for (guint c = 0; c < G_N_ELEMENTS (other_way); c++)
    {
      g_autoptr(GdkPixbuf) white = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8,
                                                   other_way[c].pw, other_way[c].ph);
      g_autofree char *photo = NULL;
      g_autofree char *out = g_strdup_printf ("%s/band-%u.mp4", fx->dir, c);
      g_autoptr(VitrineSlideshow) show = vitrine_slideshow_new ();
      const char *photos[] = { NULL, NULL, NULL };
      int w = other_way[c].w, h = other_way[c].h;
      gboolean wide = w > h;
      /* the opening card over the first photo, the caption over the second */
      const double at[] = { 1.5, 4.5 };

      /* white: drawn as a band, it is white on its grey blurred self, and
       * a panel over either is darker than both */
      gdk_pixbuf_fill (white, 0xffffffff);
      photos[0] = photos[1] = photo = save_png (white, fx->dir, "white.png");
      vitrine_slideshow_set_photos (show, photos);
      vitrine_slideshow_set_size (show, w, h);
      vitrine_slideshow_set_seconds_per_photo (show, 3.0);
      vitrine_slideshow_set_captions (show, captions);
      vitrine_slideshow_set_listing (show, &listing);
      render (show, out);
      for (guint i = 0; i < G_N_ELEMENTS (at); i++)
        {
          g_autoptr(GdkPixbuf) frame = frame_at (fx->dir, out, at[i]);
          int band0, band1, panel0, panel1;
          gboolean inside, outside;

          /* the band, across the frame's edge where no text goes (its top
           * in 16:9, its right in 9:16), and the panel over the rest */
          g_assert_true (extent_of (frame, wide, TRUE, wide ? 0 : w - 4, wide ? 4 : w,
                                    &band0, &band1));
          g_assert_true (extent_of (frame, wide, FALSE, 0, wide ? h : w, &panel0, &panel1));
          g_test_message ("%dx%d in %dx%d at %.1f s: band %d-%d, panel %d-%d",
                          other_way[c].pw, other_way[c].ph, w, h, at[i],
                          band0, band1, panel0, panel1);
          /* a pixel of tolerance for the encoder's blur of the edges */
          inside = panel0 >= band0 - 1 && panel1 <= band1 + 1;
          outside = panel1 <= band0 + 1 || panel0 >= band1 - 1;
          if (!inside && !outside)
            g_test_fail_printf ("%dx%d at %.1f s: the panel (%d-%d) is across the photo's "
                                "edge (%d-%d)", w, h, at[i], panel0, panel1, band0, band1);
        }
    }
}

/* The x264 encoders of @job's pipeline, built but never started. */
static GPtrArray *
built_encoders (RenderJob *job)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstIterator) it = NULL;
  GPtrArray *encoders = g_ptr_array_new_with_free_func (gst_object_unref);
  GValue item = G_VALUE_INIT;

  g_assert_nonnull (vitrine_render_build_pipeline (job, &error));
  g_assert_no_error (error);
  it = gst_bin_iterate_recurse (GST_BIN (job->pipeline));
  while (gst_iterator_next (it, &item) == GST_ITERATOR_OK)
    {
      GstElement *e = g_value_get_object (&item);
      GstElementFactory *f = gst_element_get_factory (e);

      if (f != NULL && g_str_equal (GST_OBJECT_NAME (f), "x264enc"))
        g_ptr_array_add (encoders, gst_object_ref (e));
      g_value_reset (&item);
    }
  g_value_unset (&item);
  return encoders;
}

/* Several encoders at once share the cores out between them rather than
 * each taking x264's own 1.5 threads a core, whose frames are most of the
 * peak memory of a six-output render; one encoder alone keeps x264's
 * choice. */
static void
test_encoder_threads (Fixture       *fx,
                      gconstpointer  data)
{
  const int sizes[][2] = { { 1920, 1080 }, { 1080, 1920 }, { 1080, 1080 } };
  int cores = (int) g_get_num_processors ();

  if (!vitrine_render_has_element ("x264enc"))
    {
      g_test_skip ("x264enc is not installed");
      return;
    }
  for (int n = 1; n <= 3; n += 2)
    {
      RenderJob job = { .encoder = "x264enc", .body_frames = 30, .n_streams = n, .n_outputs = n };
      g_autoptr(GPtrArray) encoders = NULL;

      for (int s = 0; s < n; s++)
        {
          job.outputs[s] = (Output) { VITRINE_VARIANT_BRANDED, sizes[s][0], sizes[s][1] };
          job.outputs[s].tmp_path = g_strdup_printf ("%s/out-%d.mp4", fx->dir, s);
          job.outputs[s].mdat_path = g_strdup_printf ("%s/out-%d.mdat", fx->dir, s);
          job.streams[s] = (Stream) { &job, sizes[s][0], sizes[s][1] };
          job.streams[s].outputs[0] = &job.outputs[s];
          job.streams[s].n_outputs = 1;
        }
      encoders = built_encoders (&job);
      g_assert_cmpuint (encoders->len, ==, n);
      for (guint i = 0; i < encoders->len; i++)
        {
          guint threads;

          g_object_get (encoders->pdata[i], "threads", &threads, NULL);
          if (n == 1)
            g_assert_cmpuint (threads, ==, 0);
          else
            g_assert_cmpuint (threads, ==, MAX (1, cores / n));
        }
      for (int s = 0; s < n; s++)
        {
          g_free (job.outputs[s].tmp_path);
          g_free (job.outputs[s].mdat_path);
          gst_clear_object (&job.outputs[s].vsrc);
          gst_clear_object (&job.outputs[s].asrc);
          gst_clear_object (&job.streams[s].src);
        }
      gst_clear_object (&job.asrc);
      gst_clear_object (&job.pipeline);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gst_init (NULL, NULL);
  g_test_add_func ("/render/listing/pan-long-axis", test_pan_long_axis);
  g_test_add_func ("/render/listing/contact-one-line", test_contact_one_line);
  g_test_add_func ("/render/listing/end-card-without-agent", test_end_card_without_agent);
  g_test_add_func ("/render/listing/end-card-names-property", test_end_card_names_property);
  g_test_add_func ("/render/listing/logo-plate", test_logo_plate);
  g_test_add_func ("/render/listing/brand-contrast", test_brand_contrast);
  g_test_add_func ("/render/listing/motion-smooth", test_motion_smooth);
  g_test_add_func ("/render/listing/caption-timing", test_caption_timing);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/render/listing/safe-area", test_safe_area);
  ADD ("/render/listing/long-text-whole", test_long_text_whole);
  ADD ("/render/listing/words-whole", test_words_whole);
  ADD ("/render/listing/loudness", test_loudness);
  ADD ("/render/listing/first-caption", test_first_caption);
  ADD ("/render/listing/opening-partial", test_opening_partial);
  ADD ("/render/listing/pan-long-axis-frames", test_pan_long_axis_frames);
  ADD ("/render/listing/panorama-whole", test_panorama_whole);
  ADD ("/render/listing/outro-image", test_outro_image);
  ADD ("/render/listing/overlays-in-band", test_overlays_in_band);
  ADD ("/render/listing/encoder-threads", test_encoder_threads);
  ADD ("/render/listing/six-outputs", test_six_outputs);
  return g_test_run ();
}
