/* vitrine-test-s3.c: a real S3 implementation on loopback, for tests
 *
 * VITRINE_TEST_S3_SRCDIR (tests/s3 in the sources: package.json, the lock
 * and start-s3rver.js) and VITRINE_TEST_S3_BUILDDIR (where node_modules
 * goes) come from meson.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "vitrine-test-s3.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gstdio.h>

#ifndef VITRINE_TEST_S3_SRCDIR
#error "VITRINE_TEST_S3_SRCDIR must be defined"
#endif
#ifndef VITRINE_TEST_S3_BUILDDIR
#error "VITRINE_TEST_S3_BUILDDIR must be defined"
#endif

struct _VitrineTestS3 {
  GSubprocess *process;
  char *directory;
  char *endpoint;
};

static void
rmtree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        rmtree (path);
      else
        g_remove (path);
    }
  g_rmdir (dir);
}

/* The last lines of @text, for an error message. */
static char *
tail (const char *text)
{
  gsize len = text ? strlen (text) : 0;

  if (len <= 1500)
    return g_strdup (text ? text : "");
  return g_strdup_printf ("…%s", text + len - 1500);
}

static gboolean
copy_if_changed (const char  *name,
                 char       **contents,
                 GError     **error)
{
  g_autofree char *src = g_build_filename (VITRINE_TEST_S3_SRCDIR, name, NULL);
  g_autofree char *dest = g_build_filename (VITRINE_TEST_S3_BUILDDIR, name, NULL);
  g_autofree char *old = NULL;
  gsize len;

  if (!g_file_get_contents (src, contents, &len, error))
    return FALSE;
  if (g_file_get_contents (dest, &old, NULL, NULL) && g_str_equal (old, *contents))
    return TRUE;
  return g_file_set_contents (dest, *contents, len, error);
}

/* npm ci into VITRINE_TEST_S3_BUILDDIR, once per lock file. Other test
 * processes of the same build wait on a lock meanwhile. */
static gboolean
ensure_installed (GError **error)
{
  g_autofree char *lock_path = g_build_filename (VITRINE_TEST_S3_BUILDDIR, ".install.lock", NULL);
  g_autofree char *stamp_path = g_build_filename (VITRINE_TEST_S3_BUILDDIR, "node_modules",
                                                  ".vitrine-stamp", NULL);
  g_autofree char *marker = g_build_filename (VITRINE_TEST_S3_BUILDDIR, "node_modules", "@20minutes",
                                              "s3rver", "lib", "s3rver.js", NULL);
  g_autofree char *package = NULL;
  g_autofree char *lock = NULL;
  g_autofree char *both = NULL;
  g_autofree char *wanted = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *npm = NULL;
  g_autofree char *node = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *output = NULL;
  gboolean ok = FALSE;
  int fd;

  if (g_mkdir_with_parents (VITRINE_TEST_S3_BUILDDIR, 0755) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "%s: %s",
                   VITRINE_TEST_S3_BUILDDIR, g_strerror (errno));
      return FALSE;
    }
  fd = open (lock_path, O_CREAT | O_RDWR | O_CLOEXEC, 0644);
  if (fd < 0 || flock (fd, LOCK_EX) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "%s: %s", lock_path,
                   g_strerror (errno));
      if (fd >= 0)
        close (fd);
      return FALSE;
    }

  if (!copy_if_changed ("package.json", &package, error) ||
      !copy_if_changed ("package-lock.json", &lock, error))
    goto out;
  both = g_strconcat (package, lock, NULL);
  wanted = g_compute_checksum_for_string (G_CHECKSUM_SHA256, both, -1);
  if (g_file_get_contents (stamp_path, &stamp, NULL, NULL) && g_str_equal (g_strstrip (stamp), wanted) &&
      g_file_test (marker, G_FILE_TEST_IS_REGULAR))
    {
      ok = TRUE;
      goto out;
    }

  if (!(npm = g_find_program_in_path ("npm")) || !(node = g_find_program_in_path ("node")))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           "node and npm are needed for the S3 test peer "
                           "(apt install nodejs npm; build-aux/deps.sh does it)");
      goto out;
    }

  g_printerr ("# installing @20minutes/s3rver with npm ci into %s (once)\n", VITRINE_TEST_S3_BUILDDIR);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_cwd (launcher, VITRINE_TEST_S3_BUILDDIR);
  process = g_subprocess_launcher_spawn (launcher, error, npm, "ci", "--no-audit", "--no-fund",
                                         "--loglevel=error", NULL);
  if (process == NULL || !g_subprocess_communicate_utf8 (process, NULL, NULL, &output, NULL, error))
    goto out;
  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    {
      /* an npm too old for this lock file: resolve from package.json */
      g_printerr ("# npm ci failed, trying npm install:\n%s\n", output);
      g_clear_object (&process);
      g_clear_pointer (&output, g_free);
      process = g_subprocess_launcher_spawn (launcher, error, npm, "install", "--no-audit", "--no-fund",
                                             "--no-save", "--loglevel=error", NULL);
      if (process == NULL ||
          !g_subprocess_communicate_utf8 (process, NULL, NULL, &output, NULL, error))
        goto out;
    }
  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0 ||
      !g_file_test (marker, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *last = tail (output);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "npm could not install @20minutes/s3rver in %s:\n%s",
                   VITRINE_TEST_S3_BUILDDIR, last);
      goto out;
    }
  ok = g_file_set_contents (stamp_path, wanted, -1, error);

out:
  flock (fd, LOCK_UN);
  close (fd);
  return ok;
}

VitrineTestS3 *
vitrine_test_s3_start (const char  *access_key,
                       const char  *secret_key,
                       GError     **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *script = g_build_filename (VITRINE_TEST_S3_SRCDIR, "start-s3rver.js", NULL);
  g_autofree char *modules = g_build_filename (VITRINE_TEST_S3_BUILDDIR, "node_modules", NULL);
  g_autofree char *line = NULL;
  g_autofree char *node = NULL;
  VitrineTestS3 *s3;
  guint64 port;

  if (!ensure_installed (error))
    return NULL;
  if (!(node = g_find_program_in_path ("node")))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "node is not installed");
      return NULL;
    }

  s3 = g_new0 (VitrineTestS3, 1);
  s3->directory = g_dir_make_tmp ("vitrine-s3-XXXXXX", error);
  if (s3->directory == NULL)
    {
      g_free (s3);
      return NULL;
    }

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_setenv (launcher, "NODE_PATH", modules, TRUE);
  if (access_key != NULL && secret_key != NULL)
    {
      g_subprocess_launcher_setenv (launcher, "S3RVER_ACCESS_KEY", access_key, TRUE);
      g_subprocess_launcher_setenv (launcher, "S3RVER_SECRET_KEY", secret_key, TRUE);
    }
  s3->process = g_subprocess_launcher_spawn (launcher, error, node, script, s3->directory, "0",
                                             VITRINE_TEST_S3_BUCKET, NULL);
  if (s3->process == NULL)
    {
      vitrine_test_s3_stop (s3);
      return NULL;
    }

  /* blocking: the peer prints its port within a second or two */
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (s3->process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, error);
  if (line == NULL || !g_str_has_prefix (line, "PORT ") ||
      !g_ascii_string_to_unsigned (line + 5, 10, 1, 65535, &port, NULL))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     "the S3 test peer did not start (it said “%s”)", line ? line : "nothing");
      vitrine_test_s3_stop (s3);
      return NULL;
    }
  s3->endpoint = g_strdup_printf ("http://127.0.0.1:%u", (guint) port);

  return s3;
}

const char *
vitrine_test_s3_get_endpoint (VitrineTestS3 *s3)
{
  return s3->endpoint;
}

const char *
vitrine_test_s3_get_directory (VitrineTestS3 *s3)
{
  return s3->directory;
}

void
vitrine_test_s3_stop (VitrineTestS3 *s3)
{
  if (s3 == NULL)
    return;
  if (s3->process != NULL)
    {
      /* its stdin closing is the signal to go */
      g_output_stream_close (g_subprocess_get_stdin_pipe (s3->process), NULL, NULL);
      g_subprocess_force_exit (s3->process);
      g_subprocess_wait (s3->process, NULL, NULL);
      g_clear_object (&s3->process);
    }
  if (s3->directory != NULL)
    rmtree (s3->directory);
  g_free (s3->directory);
  g_free (s3->endpoint);
  g_free (s3);
}

VitrineTestS3 *
vitrine_test_s3_start_or_skip (const char *access_key,
                               const char *secret_key)
{
  g_autoptr(GError) error = NULL;
  VitrineTestS3 *s3 = vitrine_test_s3_start (access_key, secret_key, &error);

  if (s3 != NULL)
    return s3;
  if (g_getenv ("CI") != NULL)
    {
      g_test_fail_printf ("the S3 test peer is required under CI: %s", error->message);
      return NULL;
    }
  {
    g_autofree char *message = g_strdup_printf ("no S3 test peer: %s", error->message);

    g_test_skip (message);
  }
  return NULL;
}

void
vitrine_test_s3_set_media_host (VitrineTestS3 *s3)
{
  g_setenv ("VITRINE_S3_ENDPOINT", vitrine_test_s3_get_endpoint (s3), TRUE);
  g_setenv ("VITRINE_S3_BUCKET", VITRINE_TEST_S3_BUCKET, TRUE);
  g_setenv ("VITRINE_S3_ACCESS_KEY", "S3RVER", TRUE);
  g_setenv ("VITRINE_S3_SECRET_KEY", "S3RVER", TRUE);
  g_setenv ("VITRINE_S3_PATH_STYLE", "1", TRUE);
}

void
vitrine_test_s3_unset_media_host (void)
{
  g_unsetenv ("VITRINE_S3_ENDPOINT");
  g_unsetenv ("VITRINE_S3_SECRET_KEY");
}
