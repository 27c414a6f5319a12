/* vitrine-background.h: work that yields to the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* How much nicer than the main thread a background thread is. */
#define VITRINE_BACKGROUND_NICENESS 10

void vitrine_background_lower_priority (void);
/* As g_task_run_in_thread(), in a thread behind the window's; what waits
 * for a thread goes by @task's priority, then in order. */
void vitrine_background_run            (GTask           *task,
                                        GTaskThreadFunc  func);

G_END_DECLS
