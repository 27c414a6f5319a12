/* vitrine-provider-iacrea.c: IACrea Auto Video API
 *
 * POST /api/video-editor/generate/video/auto starts a video from photo URLs
 * and a listing description (the server picks up to five photos, writes a
 * text per photo, makes a clip per photo and renders them); GET
 * /api/video-editor/generate/video/auto/{id} is polled every 3 s (the
 * reference says 2–5) until DONE or ERROR. The key goes in an x-api-key
 * header on both. What all cloud providers share (key, uploads, the
 * paid-POST rule, polling, the client timeout, downloads) is in
 * src/providers/remote.
 *
 * Webhooks are not used: the reference offers "webhookUrl", but a desktop
 * application has no public address for IACrea to call. Polling does the
 * same job, and "webhookUrl" is never sent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "vitrine-provider-iacrea.h"

#define API_PATH "/api/video-editor/generate/video/auto"
#define POLL_INTERVAL_MS 3000
/* "implement a client timeout (e.g. 10–20 minutes)": the setting
 * iacrea-timeout-minutes, 20 by default. */
#define TIMEOUT_KEY "iacrea-timeout-minutes"
#define TIMEOUT_MINUTES 20
#define START_TIMEOUT_MINUTES 10

/* "#1a1a2e", "#fff" or a CSS name such as "white". */
static gboolean
is_color (const char *color)
{
  gsize len = strlen (color);

  if (color[0] == '#')
    {
      if (len != 4 && len != 5 && len != 7 && len != 9)
        return FALSE;
      for (gsize i = 1; i < len; i++)
        if (!g_ascii_isxdigit (color[i]))
          return FALSE;
      return TRUE;
    }
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalpha (color[i]))
      return FALSE;
  return len > 0;
}

/* The job option "colors", "BG,FG", as the two strings of "colors". */
static GStrv
split_colors (const char *value)
{
  g_auto(GStrv) parts = NULL;

  if (value == NULL || *value == '\0')
    return NULL;
  parts = g_strsplit (value, ",", -1);
  if (g_strv_length (parts) != 2)
    return NULL;
  for (guint i = 0; i < 2; i++)
    {
      g_strstrip (parts[i]);
      if (!is_color (parts[i]))
        return NULL;
    }
  return g_steal_pointer (&parts);
}

static const char *
format_for_ratio (VitrineRatio ratio)
{
  switch (ratio)
    {
    case VITRINE_RATIO_9_16: return "portrait";
    case VITRINE_RATIO_1_1: return "square";
    case VITRINE_RATIO_16_9:
    default: return "landscape";
    }
}

/* The description the agent wrote; when there is none, the listing's
 * address, price, facts and the photos' captions (an assumption: the
 * reference asks for a "listing description" and these are one). */
static char *
dup_description (VitrineJob *job)
{
  g_autofree char *written = g_strstrip (g_strdup (vitrine_job_get_description (job) != NULL
                                                     ? vitrine_job_get_description (job) : ""));

  if (*written != '\0')
    return g_steal_pointer (&written);
  return vitrine_listing_describe (vitrine_job_get_listing (job), vitrine_job_get_captions (job));
}

/* The "colors" option, or else the agent's brand colours (the end card's
 * defaults for the one not chosen). */
static GStrv
dup_colors (VitrineJob *job)
{
  const char *option = vitrine_job_get_option (job, VITRINE_JOB_OPTION_COLORS);
  const VitrineAgent *agent = vitrine_job_get_agent (job);
  g_autofree char *brand = NULL;

  if (option != NULL && *option != '\0')
    return split_colors (option);
  if (agent->brand_bg == NULL && agent->brand_fg == NULL)
    return NULL;
  brand = g_strdup_printf ("%s,%s", agent->brand_bg ? agent->brand_bg : VITRINE_AGENT_DEFAULT_BG,
                           agent->brand_fg ? agent->brand_fg : VITRINE_AGENT_DEFAULT_FG);
  return split_colors (brand);
}

static gboolean
vitrine_provider_iacrea_validate (VitrineRemoteProvider  *provider,
                                  VitrineJob             *job,
                                  GError                **error)
{
  const char *colors = vitrine_job_get_option (job, VITRINE_JOB_OPTION_COLORS);
  g_autofree char *description = dup_description (job);
  g_auto(GStrv) pair = NULL;

  if (description == NULL || g_utf8_strlen (description, -1) < VITRINE_IACREA_MIN_DESCRIPTION)
    {
      g_set_error (error, VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_INVALID_INPUT,
                   ngettext ("IACrea needs a description of the listing (the “description” field) "
                             "of at least %d character.",
                             "IACrea needs a description of the listing (the “description” field) "
                             "of at least %d characters.", VITRINE_IACREA_MIN_DESCRIPTION),
                   VITRINE_IACREA_MIN_DESCRIPTION);
      return FALSE;
    }
  if (colors != NULL && *colors != '\0' && !(pair = split_colors (colors)))
    {
      g_set_error (error, VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_INVALID_INPUT,
                   _("The colours “%s” are not two colours “background,text” such as "
                     "“#1a1a2e,#ffffff”."), colors);
      return FALSE;
    }
  return TRUE;
}

/* IACrea's price is in its own credits, and depends on what its server
 * picks: the estimate is the balance it last reported. */
static char *
vitrine_provider_iacrea_estimate_cost (VitrineRemoteProvider *provider,
                                       VitrineJob            *job)
{
  double left;

  if (vitrine_remote_provider_get_credits_left (provider, job, &left))
    return g_strdup_printf (_("IACrea credits (%g left at the last check)"), left);
  return g_strdup (_("IACrea credits"));
}

/* The reference's request body. */
static void
vitrine_provider_iacrea_build_body (JsonBuilder              *builder,
                                    VitrineJob               *job,
                                    const VitrineRemoteMedia *media)
{
  g_auto(GStrv) colors = dup_colors (job);
  g_autofree char *description = dup_description (job);
  const char *optional[][2] = {
    { "font", vitrine_job_get_option (job, VITRINE_JOB_OPTION_FONT) },
    { "music", vitrine_job_get_option (job, VITRINE_JOB_OPTION_IACREA_MUSIC) },
  };

  json_builder_set_member_name (builder, "image_urls");
  json_builder_begin_array (builder);
  for (guint i = 0; i < media->photos->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (media->photos, i));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, description);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, format_for_ratio (vitrine_job_get_ratio (job)));
  if (colors != NULL)
    {
      /* [background, text] */
      json_builder_set_member_name (builder, "colors");
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, colors[0]);
      json_builder_add_string_value (builder, colors[1]);
      json_builder_end_array (builder);
    }
  for (guint i = 0; i < G_N_ELEMENTS (optional); i++)
    {
      if (optional[i][1] == NULL || *optional[i][1] == '\0')
        continue;
      json_builder_set_member_name (builder, optional[i][0]);
      json_builder_add_string_value (builder, optional[i][1]);
    }
  /* "logoUrl (required if displayLogo=true)"; without a logo both are left
   * out (displayLogo defaults to false). */
  if (media->logo != NULL && *media->logo != '\0')
    {
      json_builder_set_member_name (builder, "displayLogo");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_set_member_name (builder, "logoUrl");
      json_builder_add_string_value (builder, media->logo);
    }
}

static void
vitrine_provider_iacrea_add_auth (VitrineHttpRequest *request,
                                  const char         *api_key)
{
  vitrine_http_request_add_secret_header (request, "x-api-key", api_key);
}

static const VitrineRemoteProviderInfo iacrea_info = {
  .id = "iacrea", .display_name = "IACrea", .default_url = VITRINE_IACREA_DEFAULT_URL,
  /* landscape, portrait, square. "Minimum 1" photo; the server picks up to
   * 5 of those given, so no maximum. No test mode: every video is paid. */
  .ratios = VITRINE_RATIO_FLAG_16_9 | VITRINE_RATIO_FLAG_9_16 | VITRINE_RATIO_FLAG_1_1,
  /* Music is IACrea's own identifier (a job option), not a file; no outro.
   * The server frames the photos for its format itself: no crop. */
  .inputs = VITRINE_REMOTE_INPUT_LOGO | VITRINE_REMOTE_INPUT_DESCRIPTION,
  .poll_interval_ms = POLL_INTERVAL_MS,
  .timeout_key = TIMEOUT_KEY, .timeout_minutes = TIMEOUT_MINUTES,
  /* The start's answer carries the server's analysis and may take
   * minutes: up to 10 (issue 9's figure; the reference gives none). */
  .start_timeout_minutes = START_TIMEOUT_MINUTES,
  /* The reference names no field for the reason of an ERROR (see
   * vitrine-iacrea-reply.c). One video: the default label, "Video". */
  .failure_format = N_("IACrea could not make the video: %s"),
  /* POST …/auto, then GET …/auto/{id}, the key in x-api-key on both. */
  .submit_path = API_PATH, .poll_path = API_PATH, .replies = &vitrine_iacrea_replies,
  .validate = vitrine_provider_iacrea_validate, .estimate_cost = vitrine_provider_iacrea_estimate_cost,
  .build_body = vitrine_provider_iacrea_build_body, .add_auth = vitrine_provider_iacrea_add_auth,
};

VITRINE_DEFINE_REMOTE_PROVIDER (VitrineProviderIacrea, vitrine_provider_iacrea, &iacrea_info)
