/* vitrine-listing.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <string.h>

#include "vitrine-listing.h"
#include "vitrine-types.h"

const VitrineStringMember vitrine_listing_members[] = {
  VITRINE_STRING_MEMBER (VitrineListing, address),
  VITRINE_STRING_MEMBER (VitrineListing, price),
  VITRINE_STRING_MEMBER (VitrineListing, facts),
  VITRINE_STRING_MEMBER (VitrineListing, url),
  { NULL }
};

VITRINE_DEFINE_STRING_RECORD (VitrineListing, vitrine_listing, vitrine_listing_members)

/* A web address a phone can open from the end card's QR code: http or
 * https, a site to go to ("https://" alone is refused), and no space or
 * control character inside (GUri lets "http://exa mple.com" through). */
gboolean
vitrine_listing_validate (const VitrineListing  *listing,
                          GError               **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *host;

  if (listing == NULL || listing->url == NULL)
    return TRUE;
  if (vitrine_is_web_url (listing->url))
    uri = g_uri_parse (listing->url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The listing’s web address must start with http:// or https:// (got “%s”)."),
                   listing->url);
      return FALSE;
    }
  for (const char *c = listing->url; *c != '\0'; c++)
    {
      if (g_ascii_isspace (*c) || g_ascii_iscntrl (*c))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("The listing’s web address cannot contain spaces (got “%s”)."),
                       listing->url);
          return FALSE;
        }
    }
  host = g_uri_get_host (uri);
  if (host == NULL || *host == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The listing’s web address names no website (got “%s”)."),
                   listing->url);
      return FALSE;
    }
  return TRUE;
}

/* Appends @text, trimmed, as a sentence of its own. */
static void
append_sentence (GString    *out,
                 const char *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  gsize len = strlen (trimmed);

  if (len == 0)
    return;
  if (out->len > 0)
    g_string_append_c (out, ' ');
  g_string_append (out, trimmed);
  if (strchr (".!?", trimmed[len - 1]) == NULL)
    g_string_append_c (out, '.');
}

char *
vitrine_listing_describe (const VitrineListing *listing,
                          const char * const   *captions)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) rooms = g_ptr_array_new ();

  if (listing != NULL)
    {
      append_sentence (out, listing->address);
      append_sentence (out, listing->price);
      append_sentence (out, listing->facts);
    }
  for (guint i = 0; captions != NULL && captions[i] != NULL; i++)
    if (*captions[i] != '\0' &&
        !g_ptr_array_find_with_equal_func (rooms, captions[i], g_str_equal, NULL))
      g_ptr_array_add (rooms, (gpointer) captions[i]);
  if (rooms->len > 0)
    {
      g_autofree char *joined = NULL;

      g_ptr_array_add (rooms, NULL);
      joined = g_strjoinv (", ", (char **) rooms->pdata);
      append_sentence (out, joined);
    }
  return out->len > 0 ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

gboolean
vitrine_color_parse (const char *str,
                     double      rgb[3])
{
  gsize len;
  int digits;

  if (str == NULL || str[0] != '#')
    return FALSE;
  len = strlen (str + 1);
  if (len != 3 && len != 6)
    return FALSE;
  digits = (int) len / 3;
  for (int i = 0; i < 3; i++)
    {
      int v = 0;

      for (int d = 0; d < digits; d++)
        {
          int x = g_ascii_xdigit_value (str[1 + i * digits + d]);

          if (x < 0)
            return FALSE;
          v = v * 16 + x;
        }
      rgb[i] = digits == 1 ? v / 15.0 : v / 255.0;
    }
  return TRUE;
}

char *
vitrine_color_normalize (const char *str)
{
  double rgb[3];

  if (!vitrine_color_parse (str, rgb))
    return NULL;
  return vitrine_color_to_hex (rgb[0], rgb[1], rgb[2]);
}

char *
vitrine_color_to_hex (double red,
                      double green,
                      double blue)
{
  return g_strdup_printf ("#%02x%02x%02x", (guint) CLAMP (red * 255 + 0.5, 0, 255),
                          (guint) CLAMP (green * 255 + 0.5, 0, 255),
                          (guint) CLAMP (blue * 255 + 0.5, 0, 255));
}

/* WCAG's relative luminance of an sRGB colour. */
static double
luminance (const double rgb[3])
{
  double l[3];

  for (int c = 0; c < 3; c++)
    l[c] = rgb[c] <= 0.04045 ? rgb[c] / 12.92 : pow ((rgb[c] + 0.055) / 1.055, 2.4);
  return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
}

/* WCAG's contrast ratio of two colours (0–1 components), 1 to 21. */
static double
contrast (const double a[3],
          const double b[3])
{
  double la = luminance (a), lb = luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

gboolean
vitrine_color_readable (const char *bg,
                        const char *bg_fallback,
                        const char *fg,
                        const char *fg_fallback,
                        double      text[3])
{
  static const double black[3] = { 0, 0, 0 }, white[3] = { 1, 1, 1 };
  double ground[3];

  if (!vitrine_color_parse (bg, ground))
    vitrine_color_parse (bg_fallback, ground);
  if (!vitrine_color_parse (fg, text))
    vitrine_color_parse (fg_fallback, text);
  if (contrast (ground, text) >= 3.0)
    return FALSE;
  memcpy (text, contrast (ground, black) > contrast (ground, white)
                ? black : white, 3 * sizeof (double));
  return TRUE;
}
