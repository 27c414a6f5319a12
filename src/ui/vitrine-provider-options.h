/* vitrine-provider-options.h: the chosen cloud provider's own inputs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vitrine-job.h"
#include "vitrine-photo-grid.h"

G_BEGIN_DECLS

#define VITRINE_TYPE_PROVIDER_OPTIONS (vitrine_provider_options_get_type ())
G_DECLARE_FINAL_TYPE (VitrineProviderOptions, vitrine_provider_options,
                      VITRINE, PROVIDER_OPTIONS, GtkWidget)

/* The chosen provider's credit balance, for a person ("95 credits left"),
 * when it declares a balance call and answered; else NULL. */
const char       *vitrine_provider_options_get_balance       (VitrineProviderOptions *self);
/* A part of the options by name: an option's row "<name>_row" (and its
 * "<name>_view", "<name>_choices"…), or a template child. For tests. */
gpointer          vitrine_provider_options_get_part          (VitrineProviderOptions *self,
                                                              const char             *name);

/* The grid whose cells show the crop (providers whose photos Vitrine crops
 * to the ratio) and whose photos' crop offsets go into the job. */
void              vitrine_provider_options_set_photo_grid    (VitrineProviderOptions *self,
                                                              VitrinePhotoGrid       *grid);
/* The window's ratio toggles (16:9, 9:16, 1:1): those the provider cannot
 * make are insensitive, and say why in their tooltip. The chosen ratio is
 * never changed behind the agent's back. */
void              vitrine_provider_options_set_ratio_buttons (VitrineProviderOptions *self,
                                                              GtkWidget              *ratio_16_9,
                                                              GtkWidget              *ratio_9_16,
                                                              GtkWidget              *ratio_1_1);

/* Puts these inputs on @job (test mode, the provider's declared options,
 * crop offsets). FALSE, with the field highlighted and
 * focused, when one is missing or too short: the job must not be made. */
gboolean          vitrine_provider_options_apply             (VitrineProviderOptions *self,
                                                              VitrineJob             *job);

/* "<Provider> cannot make square videos", or NULL when @provider_id can make @ratio. */
char             *vitrine_provider_options_dup_ratio_refusal (const char             *provider_id,
                                                              VitrineRatio            ratio);

G_END_DECLS
