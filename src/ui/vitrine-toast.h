/* vitrine-toast.h: a toast that says a text as it is
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A toast whose title is @text, shown as it is (file names, errors), for
 * @timeout seconds. */
AdwToast *vitrine_toast_new (const char *text,
                             guint       timeout);

G_END_DECLS
