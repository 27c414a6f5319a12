/* vitrine-confirm.h: money — the question before a paid video, and what the
 * window says when a provider wants a key or more credits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vitrine-provider.h"

G_BEGIN_DECLS

/* The response that sends the job. */
#define VITRINE_CONFIRM_RESPONSE_PAY    "pay"
#define VITRINE_CONFIRM_RESPONSE_CANCEL "cancel"

#define VITRINE_TYPE_CONFIRM (vitrine_confirm_get_type ())
G_DECLARE_FINAL_TYPE (VitrineConfirm, vitrine_confirm, VITRINE, CONFIRM, AdwMessageDialog)

/* Whether @job costs money with @provider: a paid provider, and not in its
 * test mode. */
gboolean    vitrine_confirm_is_needed          (VitrineProvider *provider,
                                                VitrineJob      *job);
/* Whether @job is a free preview (a provider's test mode). */
gboolean    vitrine_confirm_is_free_preview    (VitrineProvider *provider,
                                                VitrineJob      *job);
/* "Free preview: …", for a toast when such a job is sent. */
char       *vitrine_confirm_dup_free_preview   (VitrineProvider *provider);

/* A modal dialog on @parent with the estimate (vitrine_provider_estimate_cost)
 * and the responses VITRINE_CONFIRM_RESPONSE_CANCEL and _PAY. */
GtkWidget  *vitrine_confirm_new                (GtkWindow       *parent,
                                                VitrineProvider *provider,
                                                VitrineJob      *job);
/* Compare: one dialog for several jobs (each of its own provider), with
 * each paid one's estimate on a line and their total
 * (vitrine_cost_dup_total()). Pay sends them all. */
GtkWidget  *vitrine_confirm_new_for_jobs       (GtkWindow       *parent,
                                                GPtrArray       *jobs);
/* Every job that Pay sends (VitrineJob), in order. */
GPtrArray  *vitrine_confirm_get_jobs           (VitrineConfirm  *self);

/* A toast for a job of this window that has just ended, when there is
 * something to do or to know: the provider wants its API key (error-kind
 * "auth": a button opens Preferences on the key), it has too few credits
 * ("credits": how many are left, and a button to buy more when the provider
 * gave an https page), or it reported the credits the video used. NULL
 * otherwise. */
AdwToast   *vitrine_confirm_new_job_toast      (VitrineJob      *job);

/* app.buy-credits (s: an https address; anything else is refused). */
void        vitrine_confirm_add_app_actions    (GtkApplication  *application);

G_END_DECLS
