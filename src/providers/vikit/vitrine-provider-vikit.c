/* vitrine-provider-vikit.c: Vikit Real Estate API
 *
 * One JSON POST to the base address starts a video from photo URLs (the API
 * key travels in the body, as "vikit_api_key"); the answer gives
 * Generation_id and Result_url, and Result_url is polled until "Completed"
 * (four videos) or "Error". Every answer is HTTP 200: refusals and failures
 * come as an "Error" member. What all cloud providers share (key, uploads,
 * the paid-POST rule, polling, downloads) is in src/providers/remote.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "vitrine-provider-vikit.h"

#define PRICE_PER_PHOTO 0.50
/* "Poll Result_url": the reference says no more; real videos take 4–5
 * minutes, test ones under one. */
#define POLL_INTERVAL_MS 5000
/* The reference sets no client timeout. An assumption: after an hour,
 * twelve times the longest run it mentions, the job is said to be late
 * (and still followed: a paid video is never given up). */
#define TIMEOUT_MINUTES 60

/* The reference's "Background music" table. */
static const VitrineVikitTrack tracks[] = {
  { "Aube dorée", "https://storage.googleapis.com/real-estate-musics/aube_doree.mp3" },
  { "Brise de cristal", "https://storage.googleapis.com/real-estate-musics/brise_de_cristal.mp3" },
  { "Brume enchantée", "https://storage.googleapis.com/real-estate-musics/brume_enchantee.mp3" },
  { "Bulle de rêve", "https://storage.googleapis.com/real-estate-musics/bulle_de_reve.mp3" },
  { "Cascade céleste", "https://storage.googleapis.com/real-estate-musics/cascade_celeste.mp3" },
  { "Danse du crépuscule", "https://storage.googleapis.com/real-estate-musics/danse_du_crepuscule.mp3" },
};

const VitrineVikitTrack *
vitrine_provider_vikit_get_tracks (guint *n_tracks)
{
  if (n_tracks != NULL)
    *n_tracks = G_N_ELEMENTS (tracks);
  return tracks;
}

/* "Aube dorée", "aube doree", "AUBE_DOREE" → "aube_doree". */
static char *
track_key (const char *name)
{
  g_autofree char *ascii = g_str_to_ascii (name, "C");
  char *key = g_ascii_strdown (g_strstrip (ascii), -1);

  g_strdelimit (key, " -", '_');
  return key;
}

const char *
vitrine_provider_vikit_lookup_track (const char *name)
{
  g_autofree char *wanted = NULL;

  if (name == NULL || *name == '\0')
    return NULL;
  wanted = track_key (name);
  for (guint i = 0; i < G_N_ELEMENTS (tracks); i++)
    {
      g_autofree char *key = track_key (tracks[i].name);

      if (g_str_equal (key, wanted))
        return tracks[i].url;
    }
  return NULL;
}

static char *
vitrine_provider_vikit_resolve_music (VitrineRemoteProvider *provider,
                                      const char            *music)
{
  return g_strdup (vitrine_provider_vikit_lookup_track (music));
}

static gboolean
vitrine_provider_vikit_estimate_price (VitrineRemoteProvider *provider,
                                       VitrineJob            *job,
                                       double                *euros)
{
  *euros = vitrine_job_get_test_mode (job) ? 0.0 : vitrine_job_get_n_photos (job) * PRICE_PER_PHOTO;
  return TRUE;
}

static gboolean
vitrine_provider_vikit_validate (VitrineRemoteProvider  *provider,
                                 VitrineJob             *job,
                                 GError                **error)
{
  const char *email = vitrine_job_get_option (job, VITRINE_JOB_OPTION_NOTIFY_EMAIL);
  const char *at;

  /* A light check: one "@" with something on both sides, no spaces. */
  if (email != NULL && *email != '\0' &&
      ((at = strchr (email, '@')) == NULL || at == email || at[1] == '\0' ||
       strchr (at + 1, '@') != NULL || strpbrk (email, " \t\r\n,;") != NULL))
    {
      g_set_error (error, VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_INVALID_INPUT,
                   _("“%s” is not an e-mail address (Vikit’s notify_email)."), email);
      return FALSE;
    }
  return TRUE;
}

static char *
vitrine_provider_vikit_estimate_cost (VitrineRemoteProvider *provider,
                                      VitrineJob            *job)
{
  guint n = vitrine_job_get_n_photos (job);

  if (vitrine_job_get_test_mode (job))
    return g_strdup (_("Free (test mode)"));
  /* TRANSLATORS: "2.50 € (5 photos × 0.50 €)" */
  return g_strdup_printf (ngettext ("%.2f € (%u photo × %.2f €)", "%.2f € (%u photos × %.2f €)", n),
                          n * PRICE_PER_PHOTO, n, PRICE_PER_PHOTO);
}

/* The "name" member: the listing's name. The reference only says it labels
 * the generation "in filenames/logs"; a job without a name (an assumption)
 * sends "vitrine-" and the start of its id. */
static char *
generation_name (VitrineJob *job)
{
  const char *name = vitrine_job_get_name (job);
  g_autofree char *stripped = g_strstrip (g_strdup (name != NULL ? name : ""));

  if (*stripped != '\0')
    return g_steal_pointer (&stripped);
  return g_strdup_printf ("vitrine-%.8s", vitrine_job_get_id (job));
}

/* A string member, left out when @value is NULL or empty. */
static void
add_member (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  if (value == NULL || *value == '\0')
    return;
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

/* The reference's request fields, in its order. */
static void
vitrine_provider_vikit_build_body (JsonBuilder              *builder,
                                   VitrineJob               *job,
                                   const VitrineRemoteMedia *media)
{
  g_autofree char *name = generation_name (job);

  add_member (builder, "name", name);
  add_member (builder, "vikit_api_key", media->api_key);
  json_builder_set_member_name (builder, "images");
  json_builder_begin_array (builder);
  for (guint i = 0; i < media->photos->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (media->photos, i));
  json_builder_end_array (builder);
  add_member (builder, "music_url", media->music);
  add_member (builder, "ending_media_url", media->outro);
  add_member (builder, "logo_url", media->logo);
  /* Both are sent even at their defaults: the request says what it costs. */
  add_member (builder, "target_ratio", vitrine_ratio_to_string (vitrine_job_get_ratio (job)));
  add_member (builder, "test_mode", vitrine_job_get_test_mode (job) ? "TRUE" : "FALSE");
  add_member (builder, "notify_email", vitrine_job_get_option (job, VITRINE_JOB_OPTION_NOTIFY_EMAIL));
}

/* The reference says the order of "videos" is fixed but stops before
 * saying what it is. Its example names are "<name>_….mp4",
 * "<name>_1_….mp4", "<name>_2_….mp4" and "<name>_…_vertical.mp4"; the
 * labels are read from them (an assumption): the main video, two variants,
 * and a vertical cut. */
static const char * const output_labels[] = {
  N_("Main video"), N_("Variant 1"), N_("Variant 2"), N_("Vertical"), NULL
};

/* Their ratios, for the preview and the JSON (an assumption from the same
 * names: the vertical cut is 9:16, the others in the target_ratio asked;
 * they were all called 16:9, a 9:16 job's too). */
static const char * const output_ratios[] = {
  VITRINE_REMOTE_JOB_RATIO, VITRINE_REMOTE_JOB_RATIO, VITRINE_REMOTE_JOB_RATIO, "9:16", NULL
};

static const char * const secret_members[] = { "vikit_api_key", NULL };

static const VitrineRemoteProviderInfo vikit_info = {
  .id = "vikit", .display_name = "Vikit", .default_url = VITRINE_VIKIT_DEFAULT_URL,
  /* "16:9" (default) or "9:16": no square. test_mode makes free previews. */
  .ratios = VITRINE_RATIO_FLAG_16_9 | VITRINE_RATIO_FLAG_9_16, .supports_test_mode = TRUE,
  .inputs = VITRINE_REMOTE_INPUT_MUSIC | VITRINE_REMOTE_INPUT_LOGO | VITRINE_REMOTE_INPUT_OUTRO,
  .poll_interval_ms = POLL_INTERVAL_MS, .timeout_minutes = TIMEOUT_MINUTES,
  /* "any debited credits are already refunded by the time this appears" */
  .failure_format = N_("Vikit could not make the video: %s. Any credits it took for it have "
                       "been refunded."),
  .output_labels = output_labels, .output_ratios = output_ratios,
  /* The POST goes to the base address itself, with the key in the body;
   * the answer gives Result_url to poll, which needs no key (no add_auth). */
  .submit_path = "/", .poll_path = "/get", /* "GET /get/{generation_id}" */
  .secret_members = secret_members, .replies = &vitrine_vikit_replies,
  /* "One photo = one credit (0.50 €)." */
  .credits_per_photo = 1,
  .validate = vitrine_provider_vikit_validate, .estimate_cost = vitrine_provider_vikit_estimate_cost,
  .estimate_price = vitrine_provider_vikit_estimate_price,
  .resolve_music = vitrine_provider_vikit_resolve_music, .build_body = vitrine_provider_vikit_build_body,
};

VITRINE_DEFINE_REMOTE_PROVIDER (VitrineProviderVikit, vitrine_provider_vikit, &vikit_info)
