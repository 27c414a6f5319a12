/* vitrine-agent.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>

#include "vitrine-agent.h"
#include "vitrine-listing.h"

G_DEFINE_BOXED_TYPE (VitrineAgent, vitrine_agent, vitrine_agent_copy, vitrine_agent_free)

/* The fields, for the functions that treat them alike. */
#define N_FIELDS 8
static void
agent_fields (VitrineAgent *agent,
              char        **fields[N_FIELDS])
{
  fields[0] = &agent->name;
  fields[1] = &agent->agency;
  fields[2] = &agent->phone;
  fields[3] = &agent->email;
  fields[4] = &agent->photo;
  fields[5] = &agent->logo;
  fields[6] = &agent->brand_bg;
  fields[7] = &agent->brand_fg;
}

VitrineAgent *
vitrine_agent_new (void)
{
  return g_new0 (VitrineAgent, 1);
}

VitrineAgent *
vitrine_agent_copy (const VitrineAgent *agent)
{
  VitrineAgent *copy = vitrine_agent_new ();

  if (agent != NULL)
    vitrine_agent_merge (copy, agent);
  return copy;
}

void
vitrine_agent_free (VitrineAgent *agent)
{
  char **fields[N_FIELDS];

  if (agent == NULL)
    return;
  agent_fields (agent, fields);
  for (guint i = 0; i < N_FIELDS; i++)
    g_free (*fields[i]);
  g_free (agent);
}

gboolean
vitrine_agent_equal (const VitrineAgent *a,
                     const VitrineAgent *b)
{
  char **fa[N_FIELDS], **fb[N_FIELDS];

  if (a == NULL || b == NULL)
    return a == b;
  agent_fields ((VitrineAgent *) a, fa);
  agent_fields ((VitrineAgent *) b, fb);
  for (guint i = 0; i < N_FIELDS; i++)
    if (g_strcmp0 (*fa[i], *fb[i]) != 0)
      return FALSE;
  return TRUE;
}

gboolean
vitrine_agent_is_empty (const VitrineAgent *agent)
{
  char **fields[N_FIELDS];

  if (agent == NULL)
    return TRUE;
  agent_fields ((VitrineAgent *) agent, fields);
  for (guint i = 0; i < N_FIELDS; i++)
    if (*fields[i] != NULL)
      return FALSE;
  return TRUE;
}

void
vitrine_agent_merge (VitrineAgent       *agent,
                     const VitrineAgent *over)
{
  char **fa[N_FIELDS], **fo[N_FIELDS];

  agent_fields (agent, fa);
  agent_fields ((VitrineAgent *) over, fo);
  for (guint i = 0; i < N_FIELDS; i++)
    {
      if (*fo[i] == NULL)
        continue;
      g_free (*fa[i]);
      *fa[i] = g_strdup (*fo[i]);
    }
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
  return check_image (agent->photo, _("the agent’s photo"), error) &&
         check_image (agent->logo, _("the logo"), error);
}
