/* vitrine-render-pool.h: the render's threads, behind the window's
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

#define VITRINE_TYPE_RENDER_POOL (vitrine_render_pool_get_type ())
G_DECLARE_FINAL_TYPE (VitrineRenderPool, vitrine_render_pool, VITRINE, RENDER_POOL, GstTaskPool)

void         vitrine_render_pool_use             (GstElement  *pipeline);

G_END_DECLS
