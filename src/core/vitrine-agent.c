/* vitrine-agent.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <string.h>

#include "vitrine-agent.h"
#include "vitrine-listing.h"

const VitrineStringMember vitrine_agent_members[] = {
  VITRINE_STRING_MEMBER (VitrineAgent, name),
  VITRINE_STRING_MEMBER (VitrineAgent, agency),
  VITRINE_STRING_MEMBER (VitrineAgent, phone),
  VITRINE_STRING_MEMBER (VitrineAgent, email),
  VITRINE_STRING_MEMBER (VitrineAgent, photo),
  VITRINE_STRING_MEMBER (VitrineAgent, logo),
  VITRINE_STRING_MEMBER (VitrineAgent, brand_bg),
  VITRINE_STRING_MEMBER (VitrineAgent, brand_fg),
  { NULL }
};

VITRINE_DEFINE_STRING_RECORD (VitrineAgent, vitrine_agent, vitrine_agent_members)

void
vitrine_agent_merge (VitrineAgent       *agent,
                     const VitrineAgent *over)
{
  vitrine_string_record_merge (vitrine_agent_members, agent, over);
}

static gboolean
check_image (const char  *path,
             const char  *what,
             GError     **error)
{
  if (path == NULL || g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("%s: %s cannot be read"), path, what);
  return FALSE;
}

/* What the end card prints for clients to write to: a name, one @ and a
 * domain, no spaces ("anna.example.se" or "anna@" would be printed as
 * typed). Not the whole of RFC 5322: a check for typing slips. */
gboolean
vitrine_agent_check_email (const char  *email,
                           GError     **error)
{
  const char *at;

  if (email == NULL || *email == '\0')
    return TRUE;
  at = strchr (email, '@');
  if (at != NULL && at != email && at[1] != '\0' && strchr (at + 1, '@') == NULL &&
      strpbrk (email, " \t\n\r") == NULL)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _("“%s” is not an e-mail address: it needs a name, an @ and a domain, "
                 "without spaces."), email);
  return FALSE;
}

gboolean
vitrine_agent_validate (const VitrineAgent  *agent,
                        GError             **error)
{
  const char *colors[] = { agent ? agent->brand_bg : NULL, agent ? agent->brand_fg : NULL };
  double rgb[3];

  if (agent == NULL)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (colors); i++)
    {
      if (colors[i] != NULL && !vitrine_color_parse (colors[i], rgb))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("“%s” is not a colour (use #rrggbb)."), colors[i]);
          return FALSE;
        }
    }
  return vitrine_agent_check_email (agent->email, error) &&
         check_image (agent->photo, _("the agent’s photo"), error) &&
         check_image (agent->logo, _("the logo"), error);
}
