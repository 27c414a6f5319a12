/* vitrine-provider-declaration.c: the rules every declared option follows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "vitrine-provider.h"

const VitrineProviderOption *
vitrine_provider_option_find_flag (const VitrineProviderDeclaration *declaration,
                                   const char                       *cli_flag)
{
  for (const VitrineProviderOption *o = declaration ? declaration->options : NULL;
       o != NULL && o->name != NULL; o++)
    if (g_strcmp0 (o->cli_flag, cli_flag) == 0)
      return o;
  return NULL;
}

const char *
vitrine_provider_option_lookup_choice (const VitrineProviderOption *option,
                                       const char                  *label)
{
  const VitrineOptionChoice *choices;
  guint n = 0;

  if (option->get_choices == NULL || label == NULL)
    return NULL;
  if (option->lookup_choice != NULL)
    return option->lookup_choice (label);
  choices = option->get_choices (&n);
  for (guint i = 0; i < n; i++)
    if (g_str_equal (choices[i].label, label))
      return choices[i].value;
  return NULL;
}

static gboolean
check_index (const char *value)
{
  guint64 index;

  return g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT, &index, NULL);
}

gboolean
vitrine_provider_option_check (const VitrineProviderOption  *option,
                               const char                   *value,
                               GError                      **error)
{
  const char *invalid = NULL;

  g_return_val_if_fail (option != NULL, FALSE);

  if (value == NULL || *value == '\0')
    value = "";
  /* The provider checks what the listing makes of it (validate()). */
  if (*value == '\0' && (option->flags & VITRINE_OPTION_FROM_LISTING) != 0)
    return TRUE;
  if (option->min_length > 0 && (guint) g_utf8_strlen (value, -1) < option->min_length)
    invalid = option->too_short;
  else if (*value == '\0')
    return TRUE;
  else if (option->type == VITRINE_OPTION_PHOTO && !check_index (value))
    invalid = N_("Give the photo’s place among the photos, counted from 0.");
  if (invalid == NULL)
    return TRUE;
  g_set_error_literal (error, VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_INVALID_INPUT,
                       _(invalid));
  return FALSE;
}

void
vitrine_provider_option_apply (const VitrineProviderOption *option,
                               VitrineJob                  *job,
                               const char                  *value)
{
  g_return_if_fail (option != NULL);
  g_return_if_fail (VITRINE_IS_JOB (job));

  if (value != NULL && *value == '\0')
    value = NULL;
  switch (option->target)
    {
    case VITRINE_OPTION_TARGET_MUSIC:
      vitrine_job_set_music (job, value);
      break;
    case VITRINE_OPTION_TARGET_LOGO:
      vitrine_job_set_logo (job, value);
      break;
    case VITRINE_OPTION_TARGET_OUTRO:
      vitrine_job_set_outro (job, value);
      break;
    case VITRINE_OPTION_TARGET_DESCRIPTION:
      vitrine_job_set_description (job, value);
      break;
    case VITRINE_OPTION_TARGET_OPTION:
    default:
      vitrine_job_set_option (job, option->key, value);
      break;
    }
}
