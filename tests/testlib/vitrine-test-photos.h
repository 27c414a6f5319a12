/* vitrine-test-photos.h: inputs made at test time (no fixture files)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A fresh temporary directory, removed by vitrine_test_rmtree(). */
char *vitrine_test_make_tmpdir   (void);
void  vitrine_test_rmtree        (const char *dir);
/* Whether this machine lets a process mount a tmpfs of its own in a private
 * user and mount namespace (unshare -rm), as the full-disk tests do. */
gboolean vitrine_test_can_mount_tmpfs (void);

/* Writes @dir/@name, a JPEG of @width x @height pixels as stored, with
 * textured, non-flat content (gradients, edges, a seeded pattern) so that
 * motion between frames can be measured. When @exif_orientation is 1–8 an
 * EXIF Orientation tag is written (the stored pixels stay as given, so a
 * reader that respects it shows @height x @width for 5–8). @seed varies the
 * picture. Returns the path. */
char *vitrine_test_make_jpeg     (const char *dir,
                                  const char *name,
                                  int         width,
                                  int         height,
                                  int         exif_orientation,
                                  guint       seed);

/* The same as a PNG (no EXIF). */
char *vitrine_test_make_png      (const char *dir,
                                  const char *name,
                                  int         width,
                                  int         height,
                                  guint       seed);

/* A stereo 44.1 kHz 16-bit WAV of @frames interleaved samples (-1 to 1). */
char *vitrine_test_make_wav_samples (const char  *dir,
                                     const char  *name,
                                     const float *samples,
                                     gsize        frames);

/* A stereo 44.1 kHz WAV of @seconds of a steady tone at @amplitude (0–1). */
char *vitrine_test_make_wav      (const char *dir,
                                  const char *name,
                                  double      seconds,
                                  double      amplitude);

/* Writes @size bytes of @contents (NULL: zeros) to @dir/@name. For bad-input rows
 * (an empty file, a "photo" that is a text file, a truncated JPEG…). */
char *vitrine_test_make_file     (const char *dir,
                                  const char *name,
                                  const char *contents,
                                  gsize       size);
/* The first @keep (0 – 1) of @src's bytes as @dir/@name: a damaged photo. */
char *vitrine_test_make_truncated (const char *dir,
                                   const char *src,
                                   const char *name,
                                   double      keep);

/* Runs $VITRINE_CLI with the NULL-terminated arguments; returns its stdout
 * and sets @status to its exit status (stderr goes to the test log when the
 * status is not 0). */
char *vitrine_test_run_cli       (int        *status,
                                  const char *first,
                                  ...) G_GNUC_NULL_TERMINATED;
/* The stderr of the last vitrine_test_run_cli(). */
const char *vitrine_test_cli_stderr (void);

G_END_DECLS
