/* vitrine-types.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "vitrine-types.h"

static const char * const state_names[] = {
  "queued", "preparing", "uploading", "submitted", "processing",
  "downloading", "completed", "failed", "cancelled", "interrupted",
};

static const char * const fit_names[] = {
  [VITRINE_FIT_PAN] = "pan",
  [VITRINE_FIT_BLUR] = "blur",
};

static const char * const variant_names[] = {
  [VITRINE_VARIANT_BRANDED] = "branded",
  [VITRINE_VARIANT_UNBRANDED] = "unbranded",
};

/* The index of @str in @names (@n_names of them, indexed by the enum's
 * values), compared ignoring ASCII case when @any_case. */
static gboolean
find_name (const char * const *names,
           guint               n_names,
           const char         *str,
           gboolean            any_case,
           guint              *index)
{
  for (guint i = 0; str != NULL && i < n_names; i++)
    {
      if (any_case ? g_ascii_strcasecmp (str, names[i]) == 0 : g_str_equal (str, names[i]))
        {
          *index = i;
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
vitrine_job_state_is_final (VitrineJobState state)
{
  return state == VITRINE_JOB_STATE_COMPLETED ||
         state == VITRINE_JOB_STATE_FAILED ||
         state == VITRINE_JOB_STATE_CANCELLED;
}

gboolean
vitrine_job_state_is_finished (VitrineJobState state)
{
  return vitrine_job_state_is_final (state) || state == VITRINE_JOB_STATE_INTERRUPTED;
}

/* The lower-case names used in the job JSON and the store. */
const char *
vitrine_job_state_to_string (VitrineJobState state)
{
  g_return_val_if_fail (state < G_N_ELEMENTS (state_names), "failed");
  return state_names[state];
}

gboolean
vitrine_job_state_from_string (const char      *str,
                               VitrineJobState *state)
{
  guint i;

  if (!find_name (state_names, G_N_ELEMENTS (state_names), str, TRUE, &i))
    return FALSE;
  *state = (VitrineJobState) i;
  return TRUE;
}

/* What a person reads in the status list. */
const char *
vitrine_job_state_get_label (VitrineJobState state)
{
  switch (state)
    {
    case VITRINE_JOB_STATE_QUEUED:      return _("Queued");
    case VITRINE_JOB_STATE_PREPARING:   return _("Preparing photos");
    case VITRINE_JOB_STATE_UPLOADING:   return _("Uploading");
    case VITRINE_JOB_STATE_SUBMITTED:   return _("Submitted");
    case VITRINE_JOB_STATE_PROCESSING:  return _("Making the video");
    case VITRINE_JOB_STATE_DOWNLOADING: return _("Downloading");
    case VITRINE_JOB_STATE_COMPLETED:   return _("Done");
    case VITRINE_JOB_STATE_FAILED:      return _("Failed");
    case VITRINE_JOB_STATE_CANCELLED:   return _("Cancelled");
    case VITRINE_JOB_STATE_INTERRUPTED: return _("Interrupted — check your provider account before retrying");
    default:                            return "";
    }
}

const char *
vitrine_ratio_to_string (VitrineRatio ratio)
{
  switch (ratio)
    {
    case VITRINE_RATIO_9_16: return "9:16";
    case VITRINE_RATIO_1_1:  return "1:1";
    case VITRINE_RATIO_16_9:
    default:                 return "16:9";
    }
}

gboolean
vitrine_ratio_from_string (const char   *str,
                           VitrineRatio *ratio)
{
  static const VitrineRatio all[] = { VITRINE_RATIO_16_9, VITRINE_RATIO_9_16, VITRINE_RATIO_1_1 };

  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (all); i++)
    {
      if (g_str_equal (str, vitrine_ratio_to_string (all[i])))
        {
          *ratio = all[i];
          return TRUE;
        }
    }
  return FALSE;
}

/* The output sizes of DESIGN.md, "The local renderer". */
void
vitrine_ratio_get_size (VitrineRatio  ratio,
                        guint        *width,
                        guint        *height)
{
  switch (ratio)
    {
    case VITRINE_RATIO_9_16: *width = 1080; *height = 1920; break;
    case VITRINE_RATIO_1_1:  *width = 1080; *height = 1080; break;
    case VITRINE_RATIO_16_9:
    default:                 *width = 1920; *height = 1080; break;
    }
}

const char *
vitrine_ratio_to_tag (VitrineRatio ratio)
{
  switch (ratio)
    {
    case VITRINE_RATIO_9_16: return "9x16";
    case VITRINE_RATIO_1_1:  return "1x1";
    case VITRINE_RATIO_16_9:
    default:                 return "16x9";
    }
}

gboolean
vitrine_ratio_flags_from_string (const char        *str,
                                 VitrineRatioFlags *flags)
{
  g_auto(GStrv) parts = NULL;
  VitrineRatioFlags result = 0;

  if (str == NULL)
    return FALSE;
  parts = g_strsplit (str, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      VitrineRatio ratio;

      if (!vitrine_ratio_from_string (g_strstrip (parts[i]), &ratio))
        return FALSE;
      result |= 1 << ratio;
    }
  if (result == 0)
    return FALSE;
  *flags = result;
  return TRUE;
}

guint
vitrine_ratio_flags_list (VitrineRatioFlags flags,
                          VitrineRatio      ratios[3])
{
  static const VitrineRatio order[] = { VITRINE_RATIO_16_9, VITRINE_RATIO_9_16, VITRINE_RATIO_1_1 };
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (flags & (1 << order[i]))
      ratios[n++] = order[i];
  return n;
}

const char *
vitrine_fit_to_string (VitrineFit fit)
{
  return fit == VITRINE_FIT_BLUR ? fit_names[VITRINE_FIT_BLUR] : fit_names[VITRINE_FIT_PAN];
}

gboolean
vitrine_fit_from_string (const char *str,
                         VitrineFit *fit)
{
  guint i;

  if (!find_name (fit_names, G_N_ELEMENTS (fit_names), str, FALSE, &i))
    return FALSE;
  *fit = (VitrineFit) i;
  return TRUE;
}

const char *
vitrine_variant_to_string (VitrineVariant variant)
{
  return variant == VITRINE_VARIANT_UNBRANDED ? variant_names[VITRINE_VARIANT_UNBRANDED]
                                              : variant_names[VITRINE_VARIANT_BRANDED];
}

gboolean
vitrine_variant_from_string (const char     *str,
                             VitrineVariant *variant)
{
  guint i;

  if (!find_name (variant_names, G_N_ELEMENTS (variant_names), str, FALSE, &i))
    return FALSE;
  *variant = (VitrineVariant) i;
  return TRUE;
}

/* $(xdg-user-dir VIDEOS)/Vitrine, or ~/Videos/Vitrine when XDG has no
 * videos folder configured. */
char *
vitrine_default_output_dir (void)
{
  const char *videos = g_get_user_special_dir (G_USER_DIRECTORY_VIDEOS);

  if (videos != NULL)
    return g_build_filename (videos, "Vitrine", NULL);
  return g_build_filename (g_get_home_dir (), "Videos", "Vitrine", NULL);
}

/* @folder as a person reads it: "~/Videos/Vitrine" inside the home folder,
 * its file-system bytes turned into displayable UTF-8. */
char *
vitrine_dup_display_folder (const char *folder)
{
  const char *home = g_get_home_dir ();
  gsize n = strlen (home);

  if (n > 1 && g_str_has_prefix (folder, home) && (folder[n] == '/' || folder[n] == '\0'))
    {
      g_autofree char *rest = g_filename_display_name (folder + n);

      return g_strconcat ("~", rest, NULL);
    }
  return g_filename_display_name (folder);
}

gboolean
vitrine_is_web_url (const char *value)
{
  return value != NULL &&
         (g_ascii_strncasecmp (value, "https://", 8) == 0 ||
          g_ascii_strncasecmp (value, "http://", 7) == 0);
}
