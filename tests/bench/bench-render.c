/* bench-render.c: drives VitrineSlideshow directly, for the render benchmark
 * and for trying the renderer by hand.
 *
 *   bench-render [--size 1920x1080] [--seconds-per-photo 3] [--music M]
 *                [--title T] [--logo L] [--outro O] [--cancel-after S]
 *                -o out.mp4 PHOTO…
 *   bench-render --print-encoder
 *
 * Prints the encoder and the wall time on stderr.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <gst/gst.h>

#include "vitrine-slideshow.h"

typedef struct {
  GMainLoop *loop;
  GError *error;
} Run;

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Run *run = user_data;

  vitrine_slideshow_render_finish (VITRINE_SLIDESHOW (object), result, &run->error);
  g_main_loop_quit (run->loop);
}

static void
progress_cb (VitrineSlideshow *show,
             GParamSpec       *pspec,
             gpointer          user_data)
{
  static int last = -1;
  int pct = (int) (vitrine_slideshow_get_progress (show) * 100);

  if (pct / 10 != last / 10 && isatty (2))
    fprintf (stderr, "\r%3d%%", pct);
  last = pct;
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *size = NULL;
  g_autofree char *music = NULL;
  g_autofree char *title = NULL;
  g_autofree char *logo = NULL;
  g_autofree char *outro = NULL;
  g_autofree char *output = NULL;
  g_auto(GStrv) photos = NULL;
  double spp = 3.0, cancel_after = 0;
  gboolean print_encoder = FALSE;
  GOptionEntry entries[] = {
    { "size", 0, 0, G_OPTION_ARG_STRING, &size, "Output size", "WxH" },
    { "seconds-per-photo", 0, 0, G_OPTION_ARG_DOUBLE, &spp, "Seconds per photo", "S" },
    { "music", 0, 0, G_OPTION_ARG_FILENAME, &music, "Music", "FILE" },
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, "Title", "TEXT" },
    { "logo", 0, 0, G_OPTION_ARG_FILENAME, &logo, "Logo", "FILE" },
    { "outro", 0, 0, G_OPTION_ARG_FILENAME, &outro, "Outro image", "FILE" },
    { "cancel-after", 0, 0, G_OPTION_ARG_DOUBLE, &cancel_after, "Cancel after S seconds", "S" },
    { "print-encoder", 0, 0, G_OPTION_ARG_NONE, &print_encoder, "Print the encoder and exit", NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Output MP4", "FILE" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &photos, NULL, "PHOTO…" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- render a slideshow");
  g_autoptr(GError) error = NULL;
  g_autoptr(VitrineSlideshow) show = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Run run = { 0 };
  guint width = 1920, height = 1080;
  gint64 start;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_group (context, gst_init_get_option_group ());
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 2;
    }
  if (print_encoder)
    {
      const char *encoder = vitrine_slideshow_find_encoder ();

      printf ("%s\n", encoder ? encoder : "none");
      return encoder ? 0 : 1;
    }
  if (output == NULL || photos == NULL)
    {
      fprintf (stderr, "Usage: bench-render [OPTION…] -o out.mp4 PHOTO…\n");
      return 2;
    }
  if (size != NULL && sscanf (size, "%ux%u", &width, &height) != 2)
    {
      fprintf (stderr, "Bad size %s\n", size);
      return 2;
    }

  show = vitrine_slideshow_new ();
  vitrine_slideshow_set_photos (show, (const char * const *) photos);
  vitrine_slideshow_set_size (show, width, height);
  vitrine_slideshow_set_seconds_per_photo (show, spp);
  vitrine_slideshow_set_music (show, music);
  vitrine_slideshow_set_title (show, title);
  vitrine_slideshow_set_logo (show, logo);
  vitrine_slideshow_set_outro (show, outro);
  g_signal_connect (show, "notify::progress", G_CALLBACK (progress_cb), NULL);

  run.loop = g_main_loop_new (NULL, FALSE);
  if (cancel_after > 0)
    g_timeout_add ((guint) (cancel_after * 1000), cancel_cb, cancellable);

  start = g_get_monotonic_time ();
  vitrine_slideshow_render_async (show, output, cancellable, done_cb, &run);
  g_main_loop_run (run.loop);
  g_main_loop_unref (run.loop);

  fprintf (stderr, "\rencoder %s, %.2f s wall, %.1f s of video\n",
           vitrine_slideshow_get_encoder_name (show) ? vitrine_slideshow_get_encoder_name (show) : "none",
           (g_get_monotonic_time () - start) / 1e6, vitrine_slideshow_get_duration (show));

  if (run.error != NULL)
    {
      fprintf (stderr, "Error: %s\n", run.error->message);
      g_error_free (run.error);
      return 1;
    }

  return 0;
}
