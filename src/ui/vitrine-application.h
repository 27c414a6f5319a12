/* vitrine-application.h: the Vitrine application (one store, one monitor)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vitrine-job-monitor.h"
#include "vitrine-job-store.h"

G_BEGIN_DECLS

#define VITRINE_TYPE_APPLICATION (vitrine_application_get_type ())
G_DECLARE_FINAL_TYPE (VitrineApplication, vitrine_application, VITRINE, APPLICATION, AdwApplication)

VitrineApplication *vitrine_application_new         (void);

/* Both exist from startup on. */
VitrineJobStore    *vitrine_application_get_store   (VitrineApplication *self);
VitrineJobMonitor  *vitrine_application_get_monitor (VitrineApplication *self);
/* TRUE while a job is unfinished (the application then outlives its windows). */
gboolean            vitrine_application_get_busy    (VitrineApplication *self);

G_END_DECLS
