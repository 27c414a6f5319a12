/* test-portal.c: photos that came through the document portal
 *
 * Inside the Flatpak a photo dropped from the file manager, or picked in the
 * file chooser, reaches Vitrine as $XDG_RUNTIME_DIR/doc/<id>/<name>: the
 * document portal's FUSE mount, one folder per exported file, the file's
 * own name kept (spaces, accents, two "IMG_0001.jpg" from two folders).
 * A dropped file is exported only while the app runs: after a restart the
 * path may answer no more. So the job store, when a job is added, copies
 * such photos into the job's own folder and puts the copies' paths in the
 * job, in the same order (vitrine-photo-keep.h); other photos keep their
 * path byte for byte.
 *
 * Here the mount is a folder laid out the same way under a temporary
 * XDG_RUNTIME_DIR. A job with such photos is stored, its photos kept, the
 * portal's files go (the portal forgot them on the restart), the store is
 * closed and opened again, and the photos are read back through what the
 * providers use when a job resumes: the header probe and the photo
 * preparation. Removing the job removes its copies.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>

#include "vitrine-image.h"
#include "vitrine-job-store.h"
#include "vitrine-photo-keep.h"
#include "vitrine-photo-prep.h"
#include "vitrine-test-loop.h"
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

static gboolean
photos_kept (gpointer data)
{
  VitrineJob *job = data;
  g_autofree char *doc = g_build_filename (g_get_user_runtime_dir (), "doc", NULL);
  const char * const *photos = vitrine_job_get_photos (job);

  for (guint i = 0; photos[i] != NULL; i++)
    if (g_str_has_prefix (photos[i], doc))
      return FALSE;
  return TRUE;
}

static gboolean
kept_for_itself (gpointer data)
{
  return !vitrine_photo_keep_needed (data);
}

static gboolean
dir_gone (gpointer data)
{
  return !g_file_test (data, G_FILE_TEST_EXISTS);
}

static void
test_portal_photos_survive_restart (void)
{
  g_autofree char *dir = vitrine_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "data", "jobs.db", NULL);
  g_autofree char *out = g_build_filename (dir, "prepared", NULL);
  g_autofree char *doc = g_build_filename (g_get_user_runtime_dir (), "doc", NULL);
  g_autoptr(GPtrArray) photos = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) captions = g_ptr_array_new ();
  g_autoptr(VitrineJobStore) store = NULL;
  g_autoptr(VitrineJob) job = vitrine_job_new ("local");
  g_autofree char *id = NULL;
  g_autofree char *kept_dir = NULL;
  g_autofree char *own = NULL;
  g_autoptr(GError) error = NULL;
  VitrineJob *again;
  const char * const *stored;
  VitrinePhotoPrepOptions options;
  guint n;

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      char *path = make_document (documents[i].doc_id, documents[i].name, i);

      /* What GTK gives for a dropped file: a GFile whose path is this. */
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autofree char *from_file = g_file_get_path (file);

      g_assert_cmpstr (from_file, ==, path);
      g_assert_true (g_str_has_prefix (path, doc));
      g_ptr_array_add (photos, path);
      g_ptr_array_add (captions, (gpointer) documents[i].name);
    }
  /* And one from the agent's own folder (outside the sandbox's portal),
   * which stays where it is. */
  own = vitrine_test_make_jpeg (dir, "Jardin.jpg", 800 + G_N_ELEMENTS (documents) * 16, 600, 1, 9);
  g_ptr_array_add (photos, g_strdup (own));
  g_ptr_array_add (captions, (gpointer) "Jardin");
  n = photos->len;
  g_ptr_array_add (photos, NULL);
  g_ptr_array_add (captions, NULL);

  store = vitrine_job_store_new_for_path (db, &error);
  g_assert_no_error (error);
  vitrine_job_set_name (job, "Villa des Lilas");
  vitrine_job_set_photos (job, (const char * const *) photos->pdata);
  vitrine_job_set_captions (job, (const char * const *) captions->pdata);
  for (guint i = 0; i < n; i++)
    vitrine_photo_prep_set_crop_offset (job, i, 0.1 * i, 0.9 - 0.1 * i);
  vitrine_job_store_add (store, job);
  g_assert_true (vitrine_test_wait_for (photos_kept, job, 30));
  g_assert_true (vitrine_job_store_save (store, job, &error));
  g_assert_no_error (error);
  id = g_strdup (vitrine_job_get_id (job));
  kept_dir = vitrine_photo_keep_dup_dir (id);
  g_assert_true (g_str_has_prefix (kept_dir, g_get_user_data_dir ()));

  /* A restart: the store closed, every object gone, the portal's files
   * gone with the session, the file opened again. */
  g_clear_object (&job);
  g_assert_finalize_object (g_steal_pointer (&store));
  vitrine_test_rmtree (doc);
  store = vitrine_job_store_new_for_path (db, &error);
  g_assert_no_error (error);
  again = vitrine_job_store_lookup (store, id);
  g_assert_nonnull (again);

  stored = vitrine_job_get_photos (again);
  g_assert_cmpuint (g_strv_length ((char **) stored), ==, n);
  vitrine_photo_prep_options_init (&options);
  g_assert_cmpint (g_mkdir_with_parents (out, 0700), ==, 0);
  for (guint i = 0; stored[i] != NULL; i++)
    {
      g_autofree char *dest = g_strdup_printf ("%s/%u.jpg", out, i);
      int width = 0, height = 0;
      double x, y;

      if (i < G_N_ELEMENTS (documents))
        {
          /* The job's own copy, in the photo's place, under its own name. */
          g_autofree char *base = g_path_get_basename (stored[i]);
          g_autofree char *want = g_strdup_printf ("%02u-%s", i, documents[i].name);
          g_autofree char *parent = g_path_get_dirname (stored[i]);

          g_assert_cmpstr (parent, ==, kept_dir);
          g_assert_cmpstr (base, ==, want);
          g_assert_cmpstr (vitrine_job_get_caption (again, i), ==, documents[i].name);
        }
      else
        {
          g_assert_cmpstr (stored[i], ==, own);
          g_assert_cmpstr (vitrine_job_get_caption (again, i), ==, "Jardin");
        }
      vitrine_photo_prep_get_crop_offset (again, i, &x, &y);
      g_assert_cmpfloat_with_epsilon (x, 0.1 * i, 1e-4);
      g_assert_cmpfloat_with_epsilon (y, 0.9 - 0.1 * i, 1e-4);

      g_assert_true (vitrine_image_probe (stored[i], &width, &height, &error));
      g_assert_no_error (error);
      g_assert_cmpint (width, ==, 800 + (int) i * 16);
      g_assert_cmpint (height, ==, 600);
      g_assert_true (vitrine_photo_prep_file (stored[i], dest, x, y, &options, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_test (dest, G_FILE_TEST_IS_REGULAR));
    }

  /* Removing the job removes its copies, and the agent's photo stays. */
  g_assert_true (g_file_test (kept_dir, G_FILE_TEST_IS_DIR));
  vitrine_job_store_remove (store, again);
  g_assert_true (vitrine_test_wait_for (dir_gone, kept_dir, 30));
  g_assert_true (g_file_test (own, G_FILE_TEST_IS_REGULAR));

  g_assert_finalize_object (g_steal_pointer (&store));
  vitrine_test_rmtree (dir);
}

/* A Retry copies its job's photos into its own folder: removing the first
 * job must not take the second's photos with it. */
static void
test_portal_retry_keeps_its_own (void)
{
  g_autoptr(VitrineJobStore) store = vitrine_job_store_new_in_memory ();
  g_autoptr(VitrineJob) job = vitrine_job_new ("local");
  g_autoptr(VitrineJob) retry = NULL;
  g_autofree char *path = make_document ("5e1f2a3b", "Salon.jpg", 2);
  const char *photos[] = { path, NULL };
  g_autofree char *first_dir = NULL;
  g_autofree char *retry_dir = NULL;
  const char *kept;
  int width = 0, height = 0;
  g_autoptr(GError) error = NULL;

  vitrine_job_set_photos (job, photos);
  vitrine_job_store_add (store, job);
  g_assert_true (vitrine_test_wait_for (photos_kept, job, 30));
  first_dir = vitrine_photo_keep_dup_dir (vitrine_job_get_id (job));
  g_assert_true (g_str_has_prefix (vitrine_job_get_photos (job)[0], first_dir));

  retry = vitrine_job_new_retry (job);
  g_assert_true (vitrine_photo_keep_needed (retry));
  vitrine_job_store_add (store, retry);
  g_assert_true (vitrine_test_wait_for (kept_for_itself, retry, 30));
  vitrine_job_store_remove (store, job);
  g_assert_true (vitrine_test_wait_for (dir_gone, first_dir, 30));

  kept = vitrine_job_get_photos (retry)[0];
  g_assert_false (g_str_has_prefix (kept, first_dir));
  g_assert_true (g_str_has_suffix (kept, "/00-Salon.jpg"));
  g_assert_true (vitrine_image_probe (kept, &width, &height, &error));
  g_assert_no_error (error);

  retry_dir = vitrine_photo_keep_dup_dir (vitrine_job_get_id (retry));
  g_assert_true (g_str_has_prefix (kept, retry_dir));
  vitrine_job_store_remove (store, retry);
  g_assert_true (vitrine_test_wait_for (dir_gone, retry_dir, 30));
  g_assert_finalize_object (g_steal_pointer (&store));
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
  g_setenv ("XDG_DATA_HOME", runtime, TRUE);
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpstr (g_get_user_runtime_dir (), ==, user);
  g_assert_cmpstr (g_get_user_data_dir (), ==, runtime);

  g_test_add_func ("/store/portal/photos-survive-restart", test_portal_photos_survive_restart);
  g_test_add_func ("/store/portal/retry-keeps-its-own", test_portal_retry_keeps_its_own);
  status = g_test_run ();

  vitrine_test_rmtree (runtime);
  return status;
}
