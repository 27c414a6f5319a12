/* vitrine-window-private.h: what the files of VitrineWindow share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vitrine-compare-view.h"
#include "vitrine-music-player.h"
#include "vitrine-job-monitor.h"
#include "vitrine-job-store.h"
#include "vitrine-listing-group.h"
#include "vitrine-provider.h"
#include "vitrine-provider-options.h"
#include "vitrine-window.h"

G_BEGIN_DECLS

struct _VitrineWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  VitrineJobStore      *store;
  VitrineJobMonitor    *monitor;
  GtkSingleSelection   *job_selection;
  VitrineJob           *shown_job;
  gulong                shown_job_notify_id;
  guint                 shown_output;      /* index in the shown job's outputs */
  gboolean              output_missing;    /* the shown output's file is not there */
  GCancellable         *preview_check;     /* looking for the shown output's file */
  gboolean              updating_outputs;
  guint                 list_rest_id;      /* the status list came to rest */

  VitrineMusicPlayer   *music_player;
  GtkFileChooserNative *music_chooser;
  GtkFileChooserNative *save_chooser;
  GCancellable         *save_cancellable;
  char                 *default_name;
  char                 *ratio;
  gboolean              confirming;        /* a paid job waits for its yes: no second Create */
  gboolean              full_preview;      /* the video has the whole window (F11) */
  gboolean              updating_ratios;   /* the shape toggles are being set */
  AdwToast             *undo_toast;        /* "Photo removed", Undo; while shown */

  /* template children */
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkPaned             *main_paned;
  GtkPaned             *left_paned;
  VitrinePhotoGrid     *photo_grid;
  GtkStack             *jobs_stack;
  GtkListView          *job_list;
  GtkStack             *preview_stack;
  AdwStatusPage        *preview_status_page;
  GtkStack             *video_stack;
  GtkWidget            *preview;           /* the picture and its controls */
  GtkPicture           *preview_picture;
  GtkMediaControls     *preview_controls;
  GtkMediaStream       *preview_stream;    /* the file shown, or NULL */
  AdwStatusPage        *missing_page;
  GtkWidget            *link_box;
  GtkDropDown          *output_dropdown;
  GtkStringList        *output_labels;
  GtkLabel             *preview_title;
  GtkLabel             *preview_subtitle;
  GtkProgressBar       *save_progress;
  GtkButton            *full_preview_button;
  AdwEntryRow          *name_row;
  AdwEntryRow          *title_row;
  AdwComboRow          *provider_row;
  AdwExpanderRow       *compare_row;
  VitrineCompareView   *compare_view;
  GPtrArray            *compare_checks;    /* GtkCheckButton, one per provider, in the registry's order */
  GtkWidget            *ratio_16_9;
  GtkWidget            *ratio_9_16;
  GtkWidget            *ratio_1_1;
  GtkWidget            *seconds_row;
  GtkSpinButton        *seconds_spin;
  AdwActionRow         *unbranded_row;
  GtkSwitch            *unbranded_switch;
  AdwComboRow          *fit_row;
  VitrineListingGroup  *listing_group;
  AdwActionRow         *music_row;
  GtkButton            *music_play_button;
  GtkWidget            *music_clear_button;
  GtkLabel             *summary_label;
  VitrineProviderOptions *provider_options;
};

void _vitrine_window_class_actions_init (VitrineWindowClass *klass);
/* vitrine-window-keys.c: Space, F11, Escape and the whole-window preview */
void _vitrine_window_class_keys_init    (VitrineWindowClass *klass);
void _vitrine_window_keys_init          (VitrineWindow      *self);
/* vitrine-window-providers.c: the providers' declared calls */
void _vitrine_window_class_providers_init (VitrineWindowClass *klass);
void _vitrine_window_providers_init     (VitrineWindow      *self);
void _vitrine_window_actions_dispose    (VitrineWindow      *self);
void  vitrine_window_update_actions     (VitrineWindow      *self);
void _vitrine_window_update_music       (VitrineWindow      *self);
void _vitrine_window_stop_music         (VitrineWindow      *self);
void _vitrine_window_mark_created_here (VitrineJob         *job);
VitrineJob *_vitrine_window_new_job    (VitrineWindow      *self,
                                        VitrineProvider    *provider,
                                        const char * const *photos);
/* Adds @job to the list (after its yes, when it costs money). */
void _vitrine_window_submit            (VitrineWindow      *self,
                                        VitrineJob         *job);
/* Asks @dialog (a VitrineConfirm) once; Pay submits its jobs. */
void _vitrine_window_confirm           (VitrineWindow      *self,
                                        GtkWidget          *dialog);
/* vitrine-window-compare.c: Compare Providers, one job each in one group */
void     _vitrine_window_compare_init   (VitrineWindow      *self);
/* When Compare is on: makes and starts the jobs (or says why not), TRUE. */
gboolean _vitrine_window_compare_create (VitrineWindow      *self,
                                         const char * const *photos);
/* The status list's widget for @item: @row, under its comparison's header
 * (shown on the first row of a group). */
GtkWidget *_vitrine_window_compare_wrap_row (VitrineWindow  *self,
                                             GtkListItem    *item,
                                             GtkWidget      *row);
void     _vitrine_window_class_compare_init (VitrineWindowClass *klass);
void _vitrine_window_start_job         (VitrineWindow      *self,
                                        VitrineJob         *job);
/* vitrine-window-listing.c: shapes, MLS copy, fit, the listing and captions */
void     _vitrine_window_listing_init             (VitrineWindow   *self);
double   _vitrine_window_estimate_length          (VitrineWindow   *self,
                                                   guint            n_photos);
void     _vitrine_window_listing_provider_changed (VitrineWindow   *self,
                                                   VitrineProvider *provider);
void     _vitrine_window_offer_listing            (VitrineWindow   *self);
/* Puts the listing, captions, agent, shapes, MLS copy and fit into @job;
 * FALSE (and a toast) when the listing is refused. */
gboolean _vitrine_window_apply_listing            (VitrineWindow   *self,
                                                   VitrineJob      *job);
/* The output shown in the preview (or NULL), and whether its file is there. */
VitrineJobOutput *_vitrine_window_get_shown_output (VitrineWindow *self);

G_END_DECLS
