/* test-types.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vitrine-types.h"

static void
test_state_names (void)
{
  VitrineJobState state;

  for (VitrineJobState s = VITRINE_JOB_STATE_QUEUED; s <= VITRINE_JOB_STATE_INTERRUPTED; s++)
    {
      g_assert_true (vitrine_job_state_from_string (vitrine_job_state_to_string (s), &state));
      g_assert_cmpint (state, ==, s);
      g_assert_cmpstr (vitrine_job_state_get_label (s), !=, "");
    }
  g_assert_cmpstr (vitrine_job_state_to_string (VITRINE_JOB_STATE_COMPLETED), ==, "completed");
  g_assert_false (vitrine_job_state_from_string ("done", &state));
  g_assert_false (vitrine_job_state_from_string (NULL, &state));
}

/* The fit and the variant read back their own names, in exact case only;
 * the job state takes any case (the store's rows). */
static void
test_fit_variant_names (void)
{
  VitrineJobState state;
  VitrineVariant variant = VITRINE_VARIANT_BRANDED;
  VitrineFit fit = VITRINE_FIT_PAN;

  g_assert_true (vitrine_fit_from_string ("blur", &fit));
  g_assert_cmpint (fit, ==, VITRINE_FIT_BLUR);
  g_assert_true (vitrine_fit_from_string ("pan", &fit));
  g_assert_cmpint (fit, ==, VITRINE_FIT_PAN);
  g_assert_cmpstr (vitrine_fit_to_string (VITRINE_FIT_BLUR), ==, "blur");
  g_assert_cmpstr (vitrine_fit_to_string (VITRINE_FIT_PAN), ==, "pan");
  g_assert_false (vitrine_fit_from_string ("Blur", &fit));
  g_assert_false (vitrine_fit_from_string ("zoom", &fit));
  g_assert_false (vitrine_fit_from_string (NULL, &fit));
  g_assert_cmpint (fit, ==, VITRINE_FIT_PAN);

  g_assert_true (vitrine_variant_from_string ("unbranded", &variant));
  g_assert_cmpint (variant, ==, VITRINE_VARIANT_UNBRANDED);
  g_assert_true (vitrine_variant_from_string ("branded", &variant));
  g_assert_cmpint (variant, ==, VITRINE_VARIANT_BRANDED);
  g_assert_cmpstr (vitrine_variant_to_string (VITRINE_VARIANT_UNBRANDED), ==, "unbranded");
  g_assert_cmpstr (vitrine_variant_to_string (VITRINE_VARIANT_BRANDED), ==, "branded");
  g_assert_false (vitrine_variant_from_string ("UNBRANDED", &variant));
  g_assert_false (vitrine_variant_from_string (NULL, &variant));
  g_assert_cmpint (variant, ==, VITRINE_VARIANT_BRANDED);

  g_assert_true (vitrine_job_state_from_string ("Completed", &state));
  g_assert_cmpint (state, ==, VITRINE_JOB_STATE_COMPLETED);
}

static void
test_state_finished (void)
{
  g_assert_false (vitrine_job_state_is_finished (VITRINE_JOB_STATE_QUEUED));
  g_assert_false (vitrine_job_state_is_finished (VITRINE_JOB_STATE_PROCESSING));
  g_assert_false (vitrine_job_state_is_finished (VITRINE_JOB_STATE_DOWNLOADING));
  g_assert_true (vitrine_job_state_is_finished (VITRINE_JOB_STATE_COMPLETED));
  g_assert_true (vitrine_job_state_is_finished (VITRINE_JOB_STATE_FAILED));
  g_assert_true (vitrine_job_state_is_finished (VITRINE_JOB_STATE_CANCELLED));
  g_assert_true (vitrine_job_state_is_finished (VITRINE_JOB_STATE_INTERRUPTED));
}

static void
test_ratio (void)
{
  VitrineRatio ratio;
  guint w, h;

  g_assert_true (vitrine_ratio_from_string ("9:16", &ratio));
  g_assert_cmpint (ratio, ==, VITRINE_RATIO_9_16);
  vitrine_ratio_get_size (ratio, &w, &h);
  g_assert_cmpuint (w, ==, 1080);
  g_assert_cmpuint (h, ==, 1920);
  vitrine_ratio_get_size (VITRINE_RATIO_16_9, &w, &h);
  g_assert_cmpuint (w, ==, 1920);
  g_assert_cmpuint (h, ==, 1080);
  vitrine_ratio_get_size (VITRINE_RATIO_1_1, &w, &h);
  g_assert_cmpuint (w, ==, h);
  g_assert_false (vitrine_ratio_from_string ("4:3", &ratio));
  g_assert_cmpstr (vitrine_ratio_to_string (VITRINE_RATIO_1_1), ==, "1:1");
}

static void
test_output_dir (void)
{
  g_autofree char *dir = vitrine_default_output_dir ();

  g_assert_true (g_str_has_suffix (dir, "/Vitrine"));
  g_assert_true (g_path_is_absolute (dir));
}

/* A folder in the home folder reads "~/…" in the preview and in
 * Preferences alike; a folder whose name only starts like it does not. */
static void
test_display_folder (void)
{
  const char *home = g_get_home_dir ();
  g_autofree char *inside = g_build_filename (home, "Videos", "Vitrine", NULL);
  g_autofree char *beside = g_strconcat (home, "-old", G_DIR_SEPARATOR_S, "Videos", NULL);
  g_autofree char *shown_inside = vitrine_dup_display_folder (inside);
  g_autofree char *shown_home = vitrine_dup_display_folder (home);
  g_autofree char *shown_beside = vitrine_dup_display_folder (beside);
  g_autofree char *shown_elsewhere = vitrine_dup_display_folder ("/srv/films");

  g_assert_cmpstr (shown_inside, ==, "~/Videos/Vitrine");
  g_assert_cmpstr (shown_home, ==, "~");
  g_assert_cmpstr (shown_beside, ==, beside);
  g_assert_cmpstr (shown_elsewhere, ==, "/srv/films");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/types/state-names", test_state_names);
  g_test_add_func ("/core/types/state-finished", test_state_finished);
  g_test_add_func ("/core/types/fit-variant-names", test_fit_variant_names);
  g_test_add_func ("/core/types/ratio", test_ratio);
  g_test_add_func ("/core/types/output-dir", test_output_dir);
  g_test_add_func ("/core/types/display-folder", test_display_folder);
  return g_test_run ();
}
