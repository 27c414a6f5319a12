/* vitrine-toast.c: a toast that says a text as it is
 *
 * Toast titles are Pango markup in libadwaita 1.2; the texts Vitrine shows
 * (file names, a provider's error) are not, so they are escaped here once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vitrine-toast.h"

AdwToast *
vitrine_toast_new (const char *text,
                   guint       timeout)
{
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  g_return_val_if_fail (text != NULL, NULL);

  escaped = g_markup_escape_text (text, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, timeout);
  return toast;
}
