/* test-upload-cleanup.c: the photo copies on the media host go when a job ends
 *
 * A Vikit job whose photos are on this computer (they travel as presigned
 * links to copies in the agent's bucket: a real S3 on loopback, tests/s3)
 * ends completed, failed or cancelled; each time the monitor that saw the
 * end has its provider delete the copies (keep-days 0, the default).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "vitrine-job-monitor.h"
#include "vitrine-test-photos.h"
#include "vitrine-test-remote.h"
#include "vitrine-test-s3.h"

#define OBJECT_SUFFIX "._S3rver_object"   /* how the peer names an object's file */

typedef struct {
  VitrineTestRemote  remote;
  VitrineTestS3     *s3;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  vitrine_test_remote_setup (&f->remote, 2);
  f->s3 = vitrine_test_s3_start_or_skip (NULL, NULL);
  if (f->s3 == NULL)
    return;
  g_setenv ("VITRINE_S3_ENDPOINT", vitrine_test_s3_get_endpoint (f->s3), TRUE);
  g_setenv ("VITRINE_S3_BUCKET", VITRINE_TEST_S3_BUCKET, TRUE);
  g_setenv ("VITRINE_S3_ACCESS_KEY", "S3RVER", TRUE);
  g_setenv ("VITRINE_S3_SECRET_KEY", "S3RVER", TRUE);
  g_setenv ("VITRINE_S3_PATH_STYLE", "1", TRUE);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->s3 != NULL)
    vitrine_test_s3_stop (f->s3);
  g_unsetenv ("VITRINE_S3_ENDPOINT");
  g_unsetenv ("VITRINE_S3_SECRET_KEY");
  vitrine_test_remote_teardown (&f->remote);
}

/* The objects in the peer's bucket, however deep. */
static guint
count_objects (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        n += count_objects (path);
      else if (g_str_has_suffix (name, OBJECT_SUFFIX))
        n++;
    }
  return n;
}

static guint
bucket_objects (Fixture *f)
{
  g_autofree char *bucket = g_build_filename (vitrine_test_s3_get_directory (f->s3),
                                              VITRINE_TEST_S3_BUCKET, NULL);

  return count_objects (bucket);
}

/* Waits (at most 10 s) for the bucket to be empty; TRUE when it is. */
static gboolean
bucket_empties (Fixture *f)
{
  for (guint i = 0; i < 100 && bucket_objects (f) > 0; i++)
    vitrine_test_remote_spin (100);
  return bucket_objects (f) == 0;
}

/* Two photos and a logo on this computer. */
static VitrineJob *
local_job (Fixture *f)
{
  g_autofree char *dir = g_build_filename (f->remote.dir, "local", NULL);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *logo = NULL;
  VitrineJob *job = vitrine_test_remote_new_job (&f->remote, "vikit");

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  a = vitrine_test_make_jpeg (dir, "kitchen.jpg", 800, 600, 1, 3);
  b = vitrine_test_make_jpeg (dir, "terrace.jpg", 600, 400, 1, 4);
  logo = vitrine_test_make_png (dir, "agency.png", 200, 100, 5);
  vitrine_job_set_photos (job, (const char *[]) { a, b, NULL });
  vitrine_job_set_logo (job, logo);
  return job;
}

static guint
fetched (Fixture *f)
{
  return vitrine_fake_server_get_fetched (f->remote.vikit->server)->len;
}

static void
test_completed (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(VitrineJob) job = NULL;

  if (f->s3 == NULL)
    return;
  job = local_job (f);
  vitrine_test_remote_run (&f->remote, job, 120);
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_COMPLETED);
  /* Vikit fetched the three copies from the bucket; then they went. */
  g_assert_cmpuint (fetched (f), ==, 3);
  g_assert_true (bucket_empties (f));
}

static void
test_failed (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(VitrineJob) job = NULL;

  if (f->s3 == NULL)
    return;
  job = local_job (f);
  f->remote.vikit->fail_generation = TRUE;
  vitrine_job_set_test_mode (job, FALSE);
  vitrine_test_remote_run_to_failure (&f->remote, job, "Rendering failed");
  g_assert_cmpuint (fetched (f), ==, 3);
  g_assert_true (bucket_empties (f));
}

typedef struct {
  VitrineJobMonitor *monitor;
  guint              objects;   /* in the bucket when the cancel came */
  Fixture           *f;
} Cancel;

static void
progress_cb (VitrineJob *job,
             GParamSpec *pspec,
             Cancel     *cancel)
{
  /* Every copy is in the bucket (their PUTs answered) and the POST has
   * not left: the agent cancels now, before the upload returns. */
  if (vitrine_job_get_state (job) != VITRINE_JOB_STATE_UPLOADING ||
      vitrine_job_get_progress (job) < 100 || cancel->objects > 0)
    return;
  cancel->objects = bucket_objects (cancel->f);
  vitrine_job_monitor_cancel_job (cancel->monitor, job);
}

static void
test_cancelled (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(VitrineJob) job = NULL;
  g_autoptr(VitrineJobMonitor) monitor = NULL;
  Cancel cancel = { .f = f };

  if (f->s3 == NULL)
    return;
  job = local_job (f);
  g_signal_connect (job, "notify::progress", G_CALLBACK (progress_cb), &cancel);
  vitrine_job_store_add (f->remote.store, job);
  monitor = vitrine_job_monitor_new_for_job (f->remote.store, job);
  cancel.monitor = monitor;
  for (guint i = 0; i < 600 && !vitrine_job_is_finished (job); i++)
    vitrine_test_remote_spin (100);
  g_signal_handlers_disconnect_by_func (job, progress_cb, &cancel);

  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_CANCELLED);
  g_assert_cmpuint (cancel.objects, ==, 3);
  g_assert_true (bucket_empties (f));
  /* Nothing was sent to Vikit, and nothing is sent later. */
  vitrine_test_remote_spin (300);
  g_assert_cmpuint (vitrine_fake_server_count (f->remote.vikit->server, VITRINE_FAKE_ON_POST),
                    ==, 0);
}

/* vitrine-cli submit deletes the copies before it exits: it quit as its
 * job ended, the deletion cut off, and every copy stayed in the bucket. */
static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(VitrineJob) job = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *args[] = { "submit", "--provider", "vikit", "--output-dir", f->remote.out_dir,
                         NULL, NULL, NULL };
  int status = -1;

  if (f->s3 == NULL)
    return;
  job = local_job (f);
  args[5] = vitrine_job_get_photos (job)[0];
  args[6] = vitrine_job_get_photos (job)[1];
  g_assert_cmpint (g_mkdir_with_parents (f->remote.out_dir, 0755), ==, 0);
  out = vitrine_test_remote_cli (&f->remote, args, &status, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpuint (fetched (f), ==, 2);
  g_assert_cmpuint (bucket_objects (f), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  vitrine_test_remote_init_env ();
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/providers/upload-cleanup/completed", Fixture, NULL, fixture_setup, test_completed,
              fixture_teardown);
  g_test_add ("/providers/upload-cleanup/failed", Fixture, NULL, fixture_setup, test_failed,
              fixture_teardown);
  g_test_add ("/providers/upload-cleanup/cancelled", Fixture, NULL, fixture_setup, test_cancelled,
              fixture_teardown);
  g_test_add ("/providers/upload-cleanup/cli", Fixture, NULL, fixture_setup, test_cli,
              fixture_teardown);
  return g_test_run ();
}
