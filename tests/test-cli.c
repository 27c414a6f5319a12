/* test-cli.c: vitrine-cli render, run as a person would
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "vitrine-test-photos.h"

typedef struct {
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

/* Runs vitrine-cli with the NULL-terminated arguments; returns its exit code. */
static int
run_cli (Run *run,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("VITRINE_CLI");
  const char *arg;
  va_list ap;

  g_assert_nonnull (cli);
  run_clear (run);
  g_ptr_array_add (argv, (gpointer) cli);
  va_start (ap, run);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  run->status = g_subprocess_get_exit_status (proc);
  if (g_test_verbose ())
    g_printerr ("exit %d\nstdout: %s\nstderr: %s\n", run->status, run->out, run->err);
  return run->status;
}

static void
test_help (void)
{
  Run run = { 0 };

  g_assert_cmpint (run_cli (&run, "render", "--help", NULL), ==, 0);
  for (guint i = 0; i < 8; i++)
    {
      const char *options[] = { "--ratio", "--music", "--seconds-per-photo", "--title",
                                "--logo", "--outro", "-o", "PHOTO" };
      g_assert_nonnull (strstr (run.out, options[i]));
    }
  /* The usage line names the command and its photos once. */
  {
    g_auto(GStrv) lines = g_strsplit (run.out, "\n", 3);

    g_assert_cmpuint (g_strv_length (lines), ==, 3);
    g_assert_true (g_str_has_prefix (g_strstrip (lines[1]), "vitrine-cli render "));
    g_assert_nonnull (strstr (lines[1], "PHOTO"));
    g_assert_null (strstr (strstr (lines[1], "PHOTO") + 1, "PHOTO"));
  }
  g_assert_cmpint (run_cli (&run, "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (run.out, "render"));
  /* After a mistake the help is the reason: on stderr, stdout empty (it
   * went to stdout, where a script reads results). */
  g_assert_cmpint (run_cli (&run, NULL), ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "render"));
  g_assert_cmpint (run_cli (&run, "frobnicate", NULL), ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "frobnicate"));
  /* A word list does not take is said (it was passed over, exit 0). */
  g_assert_cmpint (run_cli (&run, "list", "--json", "extra", NULL), ==, 2);
  g_assert_nonnull (strstr (run.err, "extra"));
  run_clear (&run);
}

static void
test_bad_arguments (void)
{
  g_autofree char *dir = vitrine_test_make_tmpdir ();
  g_autofree char *photo = vitrine_test_make_jpeg (dir, "a.jpg", 800, 600, 1, 1);
  g_autofree char *empty = vitrine_test_make_file (dir, "empty.jpg", NULL, 0);
  g_autofree char *text = vitrine_test_make_file (dir, "notes.jpg", "hello\n", 6);
  g_autofree char *cut = vitrine_test_make_truncated (dir, photo, "cut.jpg", 0.5);
  g_autofree char *out = g_build_filename (dir, "out.mp4", NULL);
  g_autofree char *nowhere = g_build_filename (dir, "missing", "out.mp4", NULL);
  g_autofree char *folder_out = g_build_filename (dir, "folder.mp4", NULL);
  Run run = { 0 };

  /* Each is refused with a reason, before any rendering, with status 2. */
  g_assert_cmpint (run_cli (&run, "render", photo, NULL), ==, 2);
  g_assert_nonnull (strstr (run.err, "-o"));
  g_assert_cmpint (run_cli (&run, "render", "-o", out, NULL), ==, 2);
  g_assert_cmpint (run_cli (&run, "render", "--ratio", "4:3", "-o", out, photo, NULL), ==, 2);
  g_assert_nonnull (strstr (run.err, "16:9"));
  g_assert_cmpint (run_cli (&run, "render", "--seconds-per-photo", "0", "-o", out, photo, NULL), ==, 2);
  g_assert_cmpint (run_cli (&run, "render", "--seconds-per-photo", "nan", "-o", out, photo, NULL), ==, 2);
  g_assert_nonnull (strstr (run.err, "--seconds-per-photo"));
  g_assert_cmpint (run_cli (&run, "render", "--bogus", "-o", out, photo, NULL), ==, 2);
  g_assert_cmpint (run_cli (&run, "render", "-o", out, photo, "/nonexistent/x.jpg", NULL), ==, 2);
  g_assert_nonnull (strstr (run.err, "/nonexistent/x.jpg"));
  g_assert_cmpint (run_cli (&run, "render", "-o", out, empty, NULL), ==, 2);
  g_assert_nonnull (strstr (run.err, "empty.jpg"));
  g_assert_cmpint (run_cli (&run, "render", "-o", out, text, NULL), ==, 2);
  g_assert_nonnull (strstr (run.err, "notes.jpg"));
  /* an output with no name, or named as a folder (both were written) */
  {
    g_autofree char *no_name = g_build_filename (dir, ".mp4", NULL);
    g_autofree char *slash = g_strconcat (out, "/", NULL);

    g_assert_cmpint (run_cli (&run, "render", "-o", no_name, photo, NULL), ==, 2);
    g_assert_nonnull (strstr (run.err, "needs a name"));
    g_assert_cmpint (run_cli (&run, "render", "-o", slash, photo, NULL), ==, 2);
    g_assert_nonnull (strstr (run.err, "a folder, not a file"));
    g_assert_false (g_file_test (no_name, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  }
  /* a damaged one too, before its job is made (it failed a job at 0%) */
  g_assert_cmpint (run_cli (&run, "render", "-o", out, photo, cut, NULL), ==, 2);
  g_assert_nonnull (strstr (run.err, "cut.jpg: the image is damaged"));
  g_assert_cmpint (run_cli (&run, "render", "--music", text, "-o", out, photo, NULL), ==, 2);
  g_assert_nonnull (strstr (run.err, "notes.jpg"));
  g_assert_nonnull (strstr (run.err, "--music cannot be used"));
  g_assert_cmpint (run_cli (&run, "render", "--logo", text, "-o", out, photo, NULL), ==, 2);
  g_assert_nonnull (strstr (run.err, "--logo cannot be used: "));
  /* a folder is named as one, for a photo and for the music */
  g_assert_cmpint (run_cli (&run, "render", "-o", out, photo, dir, NULL), ==, 2);
  g_assert_nonnull (strstr (run.err, "folder"));
  g_assert_cmpint (run_cli (&run, "render", "--music", dir, "-o", out, photo, NULL), ==, 2);
  g_assert_nonnull (strstr (run.err, "folder"));
  /* a web address is no photo here, nor a place to write (it was "(null)") */
  g_assert_cmpint (run_cli (&run, "render", "-o", out, "https://example.com/a.jpg", NULL), ==, 2);
  g_assert_nonnull (strstr (run.err, "https://example.com/a.jpg: not a file on this computer"));
  g_assert_null (strstr (run.err, "CRITICAL"));
  g_assert_cmpint (run_cli (&run, "render", "--agent-photo", "https://example.com/h.jpg", "-o", out, photo, NULL), ==, 2);
  g_assert_nonnull (strstr (run.err, "https://example.com/h.jpg"));
  g_assert_null (strstr (run.err, "CRITICAL"));
  g_assert_cmpint (run_cli (&run, "render", "-o", "https://example.com/out.mp4", photo, NULL), ==, 2);
  g_assert_null (strstr (run.err, "CRITICAL"));
  g_assert_cmpint (run_cli (&run, "render", "-o", nowhere, photo, NULL), ==, 2);
  /* -o naming a folder is said before the render (it failed at 99%) */
  g_assert_cmpint (g_mkdir (folder_out, 0700), ==, 0);
  g_assert_cmpint (run_cli (&run, "render", "-o", folder_out, photo, NULL), ==, 2);
  g_assert_nonnull (strstr (run.err, "a folder, not a file"));
  /* an empty name is called so (it was "<current folder>: a folder") */
  g_assert_cmpint (run_cli (&run, "render", "-o", out, "", NULL), ==, 2);
  g_assert_nonnull (strstr (run.err, "an empty file name"));
  g_assert_cmpint (run_cli (&run, "render", "-o", photo, photo, NULL), ==, 2);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));

  run_clear (&run);
  vitrine_test_rmtree (dir);
}

static void
test_render (void)
{
  g_autofree char *dir = vitrine_test_make_tmpdir ();
  g_autofree char *p1 = vitrine_test_make_jpeg (dir, "a.jpg", 1200, 800, 1, 1);
  g_autofree char *p2 = vitrine_test_make_jpeg (dir, "b.jpg", 800, 1200, 8, 2);
  g_autofree char *music = vitrine_test_make_wav (dir, "m.wav", 1.0, 0.5);
  g_autofree char *out = g_build_filename (dir, "listing.mp4", NULL);
  g_autofree char *expected = g_strconcat (out, "\n", NULL);
  Run run = { 0 };

  g_assert_cmpint (run_cli (&run, "render", "--ratio", "9:16", "--seconds-per-photo", "1",
                            "--music", music, "--title", "12 rue Exemple",
                            "-o", out, p1, p2, NULL), ==, 0);
  g_assert_cmpstr (run.out, ==, expected);
  g_assert_nonnull (strstr (run.err, "100%"));
  g_assert_null (strstr (run.err, "blurred"));
  g_assert_true (g_file_test (out, G_FILE_TEST_IS_REGULAR));

  /* A photo too small for the video (a web page's thumbnail) is used, and
   * said. */
  {
    g_autofree char *small = vitrine_test_make_jpeg (dir, "small.jpg", 320, 240, 3, 3);
    g_autofree char *said = g_strdup_printf ("%s: Only 320 ", small);

    g_assert_cmpint (run_cli (&run, "render", "--seconds-per-photo", "0.5", "-o", out,
                              p1, small, NULL), ==, 0);
    g_assert_nonnull (strstr (run.err, said));
    g_assert_nonnull (strstr (run.err, "240 pixels: it will look blurred in the video"));
    g_assert_null (strstr (run.err, "a.jpg:"));
  }

  /* A failure that is not the input's fault: status 1 with the reason. */
  g_assert_cmpint (run_cli (&run, "render", "--seconds-per-photo", "1", "-o", "/proc/x.mp4",
                            p1, NULL), ==, 1);
  g_assert_cmpstr (run.err, !=, "");

  run_clear (&run);
  vitrine_test_rmtree (dir);
}

/* The listing options: each bad input is refused with its reason and
 * status 2, before any rendering. */
static void
test_listing_bad_input (void)
{
  g_autofree char *dir = vitrine_test_make_tmpdir ();
  g_autofree char *photo = vitrine_test_make_jpeg (dir, "a.jpg", 800, 600, 1, 1);
  g_autofree char *text = vitrine_test_make_file (dir, "face.jpg", "hello\n", 6);
  g_autofree char *cut = vitrine_test_make_truncated (dir, photo, "cut.jpg", 0.5);
  g_autofree char *out = g_build_filename (dir, "out.mp4", NULL);
  Run run = { 0 };

  g_assert_cmpint (run_cli (&run, "render", "--listing-url", "ftp://example.com/x", "-o", out, photo, NULL), ==, 2);
  g_assert_nonnull (strstr (run.err, "ftp://example.com/x"));
  g_assert_cmpint (run_cli (&run, "render", "--listing-url", "example.com", "-o", out, photo, NULL), ==, 2);
  g_assert_cmpint (run_cli (&run, "render", "--caption", "2=Garden", "-o", out, photo, NULL), ==, 2);
  g_assert_nonnull (strstr (run.err, "no photo 2"));
  g_assert_cmpint (run_cli (&run, "render", "--caption", "0=Garden", "-o", out, photo, NULL), ==, 2);
  g_assert_cmpint (run_cli (&run, "render", "--caption", "Garden", "-o", out, photo, NULL), ==, 2);
  g_assert_cmpint (run_cli (&run, "render", "--agent-photo", text, "-o", out, photo, NULL), ==, 2);
  g_assert_nonnull (strstr (run.err, "--agent-photo"));
  /* the file named once, with its reason */
  g_assert_nonnull (strstr (run.err, "face.jpg: not an image"));
  g_assert_null (strstr (strstr (run.err, "face.jpg") + 1, "face.jpg"));
  g_assert_cmpint (run_cli (&run, "render", "--agent-logo", "/nonexistent/logo.png", "-o", out, photo, NULL), ==, 2);
  g_assert_nonnull (strstr (run.err, "--agent-logo"));
  /* a damaged logo is unreadable too (it was drawn as a grey block) */
  g_assert_cmpint (run_cli (&run, "render", "--agent-logo", cut, "-o", out, photo, NULL), ==, 2);
  g_assert_nonnull (strstr (run.err, "--agent-logo cannot be used: cut.jpg: the image is damaged"));
  g_assert_cmpint (run_cli (&run, "render", "--ratio", "16:9,4:3", "-o", out, photo, NULL), ==, 2);
  g_assert_nonnull (strstr (run.err, "4:3"));
  g_assert_cmpint (run_cli (&run, "render", "--brand-colors", "navy", "-o", out, photo, NULL), ==, 2);
  g_assert_cmpint (run_cli (&run, "render", "--agent-email", "anna.example.se", "-o", out, photo, NULL), ==, 2);
  g_assert_nonnull (strstr (run.err, "anna.example.se"));
  g_assert_cmpint (run_cli (&run, "render", "--fit", "zoom", "-o", out, photo, NULL), ==, 2);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));

  /* submit takes the same options, and checks them the same way */
  g_assert_cmpint (run_cli (&run, "submit", "--provider", "vidgen", "--listing-url", "ftp://x",
                            photo, NULL), ==, 2);
  g_assert_nonnull (strstr (run.err, "ftp://x"));

  run_clear (&run);
  vitrine_test_rmtree (dir);
}

/* Several ratios and --unbranded: each output beside OUT.mp4, named after
 * its ratio and variant, every path on stdout. */
static void
test_listing_outputs (void)
{
  g_autofree char *dir = vitrine_test_make_tmpdir ();
  g_autofree char *photo = vitrine_test_make_jpeg (dir, "a.jpg", 800, 600, 1, 1);
  g_autofree char *out = g_build_filename (dir, "listing.mp4", NULL);
  g_autofree char *expected = NULL;
  const char *names[] = { "listing-9x16.mp4", "listing-9x16-unbranded.mp4",
                          "listing-1x1.mp4", "listing-1x1-unbranded.mp4" };
  g_autoptr(GString) lines = g_string_new (NULL);
  Run run = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_string_append_printf (lines, "%s/%s\n", dir, names[i]);
  g_assert_cmpint (run_cli (&run, "render", "--ratio", "1:1,9:16", "--unbranded", "--fit", "blur",
                            "--seconds-per-photo", "1", "--caption", "1=Kitchen",
                            "--brand-colors", "#1B2A4A, #FFF", "-o", out, photo, NULL), ==, 0);
  g_assert_cmpstr (run.out, ==, lines->str);
  /* The colours as the README's JSON has them, #rrggbb, however typed. */
  g_assert_cmpint (run_cli (&run, "list", "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (run.out, "\"brand_bg\" : \"#1b2a4a\""));
  g_assert_nonnull (strstr (run.out, "\"brand_fg\" : \"#ffffff\""));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);

      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
    }
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));

  run_clear (&run);
  vitrine_test_rmtree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/help", test_help);
  g_test_add_func ("/cli/bad-arguments", test_bad_arguments);
  g_test_add_func ("/cli/render", test_render);
  g_test_add_func ("/cli/listing-bad-input", test_listing_bad_input);
  g_test_add_func ("/cli/listing-outputs", test_listing_outputs);
  return g_test_run ();
}
