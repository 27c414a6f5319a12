/* vitrine-cli-listing.c: the listing and agent options of render and submit
 *
 * One option table, used by both commands: the property (address, price,
 * facts, web address), a caption per photo, and the agent's details. The
 * --agent-* options override the saved Agent page (Preferences) field by
 * field; the images given are copied into the app's data folder like the
 * Agent page's, so the job keeps working if the originals move.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include <glib/gi18n.h>

#include "vitrine-agent-profile.h"
#include "vitrine-cli-listing.h"
#include "vitrine-cli-private.h"
#include "vitrine-config.h"

void
vitrine_cli_listing_clear (VitrineCliListing *opts)
{
  char **strings[] = {
    &opts->address, &opts->price, &opts->facts, &opts->listing_url, &opts->agent_name,
    &opts->agent_agency, &opts->agent_phone, &opts->agent_email, &opts->agent_photo,
    &opts->agent_logo, &opts->brand_colors,
  };

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    g_clear_pointer (strings[i], g_free);
  g_clear_pointer (&opts->captions, g_strfreev);
}

void
vitrine_cli_listing_add_entries (GOptionContext    *context,
                                 VitrineCliListing *opts)
{
  const GOptionEntry entries[] = {
    { "address", 0, 0, G_OPTION_ARG_STRING, &opts->address, N_("The property’s address, shown at the start"), "TEXT" },
    { "price", 0, 0, G_OPTION_ARG_STRING, &opts->price, N_("Its price, as it should read"), "TEXT" },
    { "facts", 0, 0, G_OPTION_ARG_STRING, &opts->facts, N_("Key facts, such as “3 bedrooms · 2 baths · 98 m²”"), "TEXT" },
    { "caption", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opts->captions, N_("Caption of photo N (from 1), such as 1=Kitchen; repeatable"), "N=TEXT" },
    { "listing-url", 0, 0, G_OPTION_ARG_STRING, &opts->listing_url, N_("The listing’s web address (http or https), as a QR code on the end card"), "URL" },
    { "agent-name", 0, 0, G_OPTION_ARG_STRING, &opts->agent_name, N_("Agent’s name (default: the Agent page of Preferences)"), "TEXT" },
    { "agent-agency", 0, 0, G_OPTION_ARG_STRING, &opts->agent_agency, N_("Agency"), "TEXT" },
    { "agent-phone", 0, 0, G_OPTION_ARG_STRING, &opts->agent_phone, N_("Agent’s phone"), "TEXT" },
    { "agent-email", 0, 0, G_OPTION_ARG_STRING, &opts->agent_email, N_("Agent’s e-mail"), "TEXT" },
    { "agent-photo", 0, 0, G_OPTION_ARG_FILENAME, &opts->agent_photo, N_("Agent’s headshot"), "FILE" },
    { "agent-logo", 0, 0, G_OPTION_ARG_FILENAME, &opts->agent_logo, N_("Agency logo"), "FILE" },
    { "brand-colors", 0, 0, G_OPTION_ARG_STRING, &opts->brand_colors, N_("End card background and text colours, such as #1b2a4a,#ffffff"), "BG,FG" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

static char *
nonempty (const char *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));

  return *copy != '\0' ? g_steal_pointer (&copy) : NULL;
}

/* "N=TEXT" into the captions array of @n_photos (index N - 1). */
static GStrv
parse_captions (GStrv     options,
                guint     n_photos,
                GError  **error)
{
  g_auto(GStrv) captions = g_new0 (char *, n_photos + 1);

  for (guint i = 0; i < n_photos; i++)
    captions[i] = g_strdup ("");
  for (guint i = 0; options != NULL && options[i] != NULL; i++)
    {
      const char *eq = strchr (options[i], '=');
      g_autofree char *number = eq ? g_strndup (options[i], eq - options[i]) : NULL;
      guint64 n = 0;

      if (number == NULL || !g_ascii_string_to_unsigned (number, 10, 1, G_MAXUINT, &n, NULL))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("--caption must be N=TEXT with N a photo’s number from 1 (got “%s”)"),
                       options[i]);
          return NULL;
        }
      if (n > n_photos)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       ngettext ("--caption %s: there is no photo %s (there is %u photo)",
                                 "--caption %s: there is no photo %s (there are %u photos)", n_photos),
                       options[i], number, n_photos);
          return NULL;
        }
      g_free (captions[n - 1]);
      captions[n - 1] = g_strdup (eq + 1);
    }
  return g_steal_pointer (&captions);
}

static gboolean
parse_brand_colors (const char    *value,
                    VitrineAgent  *agent,
                    GError       **error)
{
  g_auto(GStrv) parts = g_strsplit (value, ",", -1);
  g_autofree char *bg = NULL;
  g_autofree char *fg = NULL;

  /* Kept as #rrggbb, as the README's JSON says, however typed. */
  if (g_strv_length (parts) != 2 ||
      !(bg = vitrine_color_normalize (g_strstrip (parts[0]))) ||
      !(fg = vitrine_color_normalize (g_strstrip (parts[1]))))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("--brand-colors must be two colours such as #1b2a4a,#ffffff (got “%s”)"), value);
      return FALSE;
    }
  agent->brand_bg = g_steal_pointer (&bg);
  agent->brand_fg = g_steal_pointer (&fg);
  return TRUE;
}

/* An image given on the command line or kept in the profile: it must be
 * readable, and the job gets a copy in the app's data folder. */
static gboolean
take_image (char       **path,
            const char  *option,
            const char  *kind,
            GError     **error)
{
  g_autofree char *abs = NULL;
  g_autofree char *copy = NULL;
  g_autoptr(GError) local_error = NULL;

  if (*path == NULL)
    return TRUE;
  abs = absolute_path (*path);
  if (!check_input_file (abs, TRUE, &local_error) ||
      !(copy = vitrine_agent_profile_copy_image (abs, kind, &local_error)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("%s cannot be used: %s"), option, local_error->message);
      return FALSE;
    }
  g_free (*path);
  *path = g_steal_pointer (&copy);
  return TRUE;
}

static gboolean
apply_agent (VitrineCliListing  *opts,
             VitrineJob         *job,
             GError            **error)
{
  g_autoptr(VitrineAgent) agent = vitrine_agent_profile_load (vitrine_config_get_settings ());
  g_autoptr(VitrineAgent) over = vitrine_agent_new ();

  over->name = nonempty (opts->agent_name);
  over->agency = nonempty (opts->agent_agency);
  over->phone = nonempty (opts->agent_phone);
  over->email = nonempty (opts->agent_email);
  over->photo = nonempty (opts->agent_photo);
  over->logo = nonempty (opts->agent_logo);
  if (opts->brand_colors != NULL && !parse_brand_colors (opts->brand_colors, over, error))
    return FALSE;
  vitrine_agent_merge (agent, over);
  if (!take_image (&agent->photo, opts->agent_photo ? "--agent-photo" : _("The Agent page’s photo"),
                   "photo", error) ||
      !take_image (&agent->logo, opts->agent_logo ? "--agent-logo" : _("The Agent page’s logo"),
                   "logo", error) ||
      !vitrine_agent_validate (agent, error))
    return FALSE;
  vitrine_job_set_agent (job, agent);
  return TRUE;
}

gboolean
vitrine_cli_listing_apply (VitrineCliListing  *opts,
                           VitrineJob         *job,
                           GError            **error)
{
  g_autoptr(VitrineListing) listing = vitrine_listing_new ();
  g_auto(GStrv) captions = NULL;

  listing->address = nonempty (opts->address);
  listing->price = nonempty (opts->price);
  listing->facts = nonempty (opts->facts);
  listing->url = nonempty (opts->listing_url);
  if (!vitrine_listing_validate (listing, error))
    return FALSE;
  if (!(captions = parse_captions (opts->captions, vitrine_job_get_n_photos (job), error)))
    return FALSE;
  if (!apply_agent (opts, job, error))
    return FALSE;
  vitrine_job_set_listing (job, listing);
  vitrine_job_set_captions (job, (const char * const *) captions);
  return TRUE;
}
