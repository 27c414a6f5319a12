/* bench-store.c: the job store with 10,000 jobs
 *
 * bench-store fill DB N   — writes N finished jobs into DB (one transaction each,
 *                           as the app would), prints the time
 * bench-store measure DB  — opens DB, prints the load time and the median and
 *                           95th percentile of a state change's commit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vitrine-job-store.h"

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static int
fill (const char *path,
      guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VitrineJobStore) store = vitrine_job_store_new_for_path (path, &error);
  const char *photos[] = { "/photos/front.jpg", "/photos/living.jpg", "/photos/kitchen.jpg", NULL };
  gint64 start = g_get_monotonic_time ();
  gint64 created = g_get_real_time () / G_USEC_PER_SEC - n * 60;

  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VitrineJob) job = g_object_new (VITRINE_TYPE_JOB, "provider-id", "local",
                                                "created", created + i * 60, NULL);
      g_autofree char *name = g_strdup_printf ("%u rue de l'Exemple", i + 1);
      g_autofree char *out = g_strdup_printf ("/videos/listing-%u.mp4", i);

      vitrine_job_set_name (job, name);
      vitrine_job_set_photos (job, photos);
      vitrine_job_add_output (job, "Video", NULL, out);
      vitrine_job_set_state (job, VITRINE_JOB_STATE_COMPLETED);
      vitrine_job_store_add (store, job);
    }
  g_print ("filled %u jobs in %.2f s\n", n, (g_get_monotonic_time () - start) / 1e6);
  return 0;
}

static int
measure (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VitrineJobStore) store = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 start = g_get_monotonic_time ();
  guint n;

  store = vitrine_job_store_new_for_path (path, &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  n = g_list_model_get_n_items (G_LIST_MODEL (store));
  g_print ("load_ms %.1f (%u jobs)\n", (g_get_monotonic_time () - start) / 1e3, n);
  if (n == 0)
    {
      g_autoptr(VitrineJob) job = vitrine_job_new ("local");

      vitrine_job_store_add (store, job);
      n = 1;
    }

  for (guint i = 0; i < 400; i++)
    {
      g_autoptr(VitrineJob) job = g_list_model_get_item (G_LIST_MODEL (store), i % n);
      VitrineJobState next = i % 2 ? VITRINE_JOB_STATE_COMPLETED : VITRINE_JOB_STATE_PROCESSING;
      gint64 t0 = g_get_monotonic_time (), dt;

      vitrine_job_set_state (job, next);   /* saved (committed) before it returns */
      dt = g_get_monotonic_time () - t0;
      g_array_append_val (times, dt);
    }
  g_array_sort (times, compare_gint64);
  g_print ("commit_median_ms %.3f\n", g_array_index (times, gint64, times->len / 2) / 1e3);
  g_print ("commit_p95_ms %.3f\n", g_array_index (times, gint64, times->len * 95 / 100) / 1e3);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  if (argc == 4 && g_str_equal (argv[1], "fill"))
    return fill (argv[2], (guint) g_ascii_strtoull (argv[3], NULL, 10));
  if (argc == 3 && g_str_equal (argv[1], "measure"))
    return measure (argv[2]);
  g_printerr ("usage: bench-store fill DB N | measure DB\n");
  return 2;
}
