/* test-portal.c: photos that came through the document portal
 *
 * Inside the Flatpak a photo dropped from the file manager, or picked in the
 * file chooser, reaches Vitrine as $XDG_RUNTIME_DIR/doc/<id>/<name>: the
 * document portal's FUSE mount, one folder per exported file, the file's
 * own name kept (spaces, accents, two "IMG_0001.jpg" from two folders). The
 * job store keeps the photos' paths as given (a JSON array of strings in the
 * `inputs` column): nothing resolves, canonicalises or rewrites them, so the
 * same path is there after a restart and the portal answers it again.
 *
 * Here the mount is a folder laid out the same way under a temporary
 * XDG_RUNTIME_DIR. A job with such photos is stored, the store is closed
 * and opened again (a restart), and the photos are read back through what
 * the providers use when a job resumes: the header probe and the photo
 * preparation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>

#include "vitrine-image.h"
#include "vitrine-job-store.h"
#include "vitrine-photo-prep.h"
#include "vitrine-test-photos.h"

/* Document ids look like this (8 hex digits); names as the person had them. */
static const struct {
  const char *doc_id;
  const char *name;
} documents[] = {
  { "4f6a1c2b", "Séjour lumineux.jpg" },
  { "a0b1c2d3", "IMG_0001.jpg" },
  { "9e8d7c6b", "IMG_0001.jpg" },
  { "0badc0de", "Cuisine #2 (équipée) 100%.jpeg" },
};

/* $XDG_RUNTIME_DIR/doc/<id>/<name>, with a photo in it. */
static char *
make_document (const char *doc_id,
               const char *name,
               guint       seed)
{
  g_autofree char *dir = g_build_filename (g_get_user_runtime_dir (), "doc", doc_id, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  return vitrine_test_make_jpeg (dir, name, 800 + seed * 16, 600, 1, seed);
}

static void
test_portal_paths_survive_restart (void)
{
  g_autofree char *dir = vitrine_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "data", "jobs.db", NULL);
  g_autofree char *out = g_build_filename (dir, "prepared", NULL);
  g_autoptr(GPtrArray) photos = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(VitrineJobStore) store = NULL;
  g_autoptr(VitrineJob) job = vitrine_job_new ("local");
  g_autofree char *id = NULL;
  g_autoptr(GError) error = NULL;
  VitrineJob *again;
  const char * const *stored;
  VitrinePhotoPrepOptions options;

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      char *path = make_document (documents[i].doc_id, documents[i].name, i);

      /* What GTK gives for a dropped file: a GFile whose path is this. */
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autofree char *from_file = g_file_get_path (file);

      g_assert_cmpstr (from_file, ==, path);
      g_assert_true (g_str_has_prefix (path, g_get_user_runtime_dir ()));
      g_ptr_array_add (photos, path);
    }
  g_ptr_array_add (photos, NULL);

  store = vitrine_job_store_new_for_path (db, &error);
  g_assert_no_error (error);
  vitrine_job_set_name (job, "Villa des Lilas");
  vitrine_job_set_photos (job, (const char * const *) photos->pdata);
  vitrine_job_store_add (store, job);
  g_assert_true (vitrine_job_store_save (store, job, &error));
  g_assert_no_error (error);
  id = g_strdup (vitrine_job_get_id (job));

  /* A restart: the store closed, every object gone, the file opened again. */
  g_clear_object (&job);
  g_assert_finalize_object (g_steal_pointer (&store));
  store = vitrine_job_store_new_for_path (db, &error);
  g_assert_no_error (error);
  again = vitrine_job_store_lookup (store, id);
  g_assert_nonnull (again);

  stored = vitrine_job_get_photos (again);
  g_assert_cmpuint (g_strv_length ((char **) stored), ==, G_N_ELEMENTS (documents));
  vitrine_photo_prep_options_init (&options);
  g_assert_cmpint (g_mkdir_with_parents (out, 0700), ==, 0);
  for (guint i = 0; stored[i] != NULL; i++)
    {
      g_autofree char *dest = g_strdup_printf ("%s/%u.jpg", out, i);
      int width = 0, height = 0;

      /* The very path, byte for byte, and the photo behind it. */
      g_assert_cmpstr (stored[i], ==, g_ptr_array_index (photos, i));
      g_assert_true (vitrine_image_probe (stored[i], &width, &height, &error));
      g_assert_no_error (error);
      g_assert_cmpint (width, ==, 800 + (int) i * 16);
      g_assert_cmpint (height, ==, 600);
      g_assert_true (vitrine_photo_prep_file (stored[i], dest, 0.5, 0.5, &options, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_test (dest, G_FILE_TEST_IS_REGULAR));
    }

  g_assert_finalize_object (g_steal_pointer (&store));
  vitrine_test_rmtree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *runtime = vitrine_test_make_tmpdir ();
  g_autofree char *user = g_strdup_printf ("%s/run/user/%u", runtime, (guint) getuid ());
  int status;

  /* Before anything asks GLib for it: the runtime dir is cached. */
  g_assert_cmpint (g_mkdir_with_parents (user, 0700), ==, 0);
  g_setenv ("XDG_RUNTIME_DIR", user, TRUE);
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpstr (g_get_user_runtime_dir (), ==, user);

  g_test_add_func ("/store/portal/paths-survive-restart", test_portal_paths_survive_restart);
  status = g_test_run ();

  vitrine_test_rmtree (runtime);
  return status;
}
