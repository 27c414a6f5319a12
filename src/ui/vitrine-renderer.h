/* vitrine-renderer.h: which of GTK's renderers draws the windows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Whether OpenGL on @display is Mesa's software rasterizer (llvmpipe,
 * softpipe, swrast): FALSE where it has a GPU, or no OpenGL at all. */
gboolean vitrine_renderer_gl_is_software (GdkDisplay *display);
/* Before any thread and any window (main.c): opens the default display
 * and, where its OpenGL is software, asks GTK for Cairo, as GTK 4.14 and
 * later choose by themselves. A GSK_RENDERER the user set is kept. FALSE
 * when no display could be opened: GTK does not try again, so the caller
 * stops there. */
gboolean vitrine_renderer_choose         (void);

G_END_DECLS
