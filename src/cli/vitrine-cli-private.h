/* vitrine-cli-private.h: what the commands of vitrine-cli share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vitrine-job.h"

G_BEGIN_DECLS

enum {
  EXIT_OK = 0,
  EXIT_FAILED = 1,
  EXIT_USAGE = 2,
  EXIT_INTERRUPTED = 130,  /* Ctrl+C, as a shell reports it (128 + SIGINT) */
};

/* What Ctrl+C does while render or submit follows its jobs (their --help). */
#define INTERRUPT_HELP N_("Ctrl+C cancels what has cost nothing yet; a paid job that has left goes\n" \
                          "on in the background (vitrine-cli wait ID). Exit status 130.")

/* Makes a path absolute against the current directory (a file:// address
 * too); any other address is returned as it is. */
char     *absolute_path    (const char  *path);
/* Checks that @path is a file, not a folder or nothing. */
gboolean  check_regular_file (const char  *path,
                              GError     **error);
/* Says on stderr when the photo at @path is too small for the video. */
void      warn_if_small    (const char  *path);
/* Checks that an input file can be used (an image, or else audio). */
gboolean  check_input_file (const char  *path,
                            gboolean     is_image,
                            GError     **error);
/* Adds @job to the user's store and follows it to its end, or with @detach
 * leaves a background process driving it and prints its id. */
int       run_job          (VitrineJob  *job,
                            gboolean     detach);
/* The same for several jobs (Compare): followed together, each reported in
 * turn (exit 0 when all completed); with @json each is printed as a JSON
 * object on a line of its own instead of its videos' paths (or its id). */
int       run_jobs         (GPtrArray   *jobs,
                            gboolean     detach,
                            gboolean     json);

G_END_DECLS
