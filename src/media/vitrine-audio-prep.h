/* vitrine-audio-prep.h: music made into a type a provider takes (no GTK)
 *
 * A provider that takes audio files (VidGen) accepts a few types only. A
 * file of one of them (by its content and its extension alike) goes as it
 * is, unless it is too large; any other that GStreamer can decode (FLAC,
 * AIFF, Opus in WebM…) is converted to Ogg Vorbis in a worker thread,
 * into the job's cache folder under a name that is a function of the
 * source (path, size, mtime), so that a second run reuses it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The type of @path among @accepted (MIME types such as "audio/mpeg",
 * "audio/wav", "audio/mp4", "audio/ogg"), judged from its first bytes and
 * its name, or NULL. Blocking (reads the start of the file). */
const char *vitrine_audio_prep_get_type (const char          *path,
                                         const char * const  *accepted);

/* Hands back the path of a file of an accepted type with the same sound:
 * @path itself, or a conversion in @dir (created when missing), and its
 * type in @content_type. A file over @max_size bytes (0: any size) is
 * converted too, however accepted its type: Ogg Vorbis is a tenth of a
 * WAV's size. */
void        vitrine_audio_prep_async    (const char          *path,
                                         const char          *dir,
                                         const char * const  *accepted,
                                         guint64              max_size,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
char       *vitrine_audio_prep_finish   (GAsyncResult        *result,
                                         char               **content_type,
                                         GError             **error);

G_END_DECLS
