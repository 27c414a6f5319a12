/* vitrine-music.h: the soundtrack, decoded and looped (private to src/render)
 *
 * A small pipeline of its own (filesrc ! decodebin ! audioconvert !
 * audioresample ! appsink) turns any audio file GStreamer can play into
 * interleaved 32-bit float stereo at VITRINE_MUSIC_RATE, pulled block by
 * block from the renderer's audio thread; at the end of the file it seeks
 * back to the start. Every call blocks: use it from a worker thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

#define VITRINE_MUSIC_RATE 48000
#define VITRINE_MUSIC_CHANNELS 2

typedef struct _VitrineMusic VitrineMusic;

/* The samples' caps: interleaved F32LE stereo at VITRINE_MUSIC_RATE. */
GstCaps      *vitrine_music_caps (void);

/* Prerolls @path. @stop, when it becomes non-zero, makes this and
 * vitrine_music_read() give up (with G_IO_ERROR_CANCELLED). Errors are
 * VITRINE_RENDER_ERROR_BAD_INPUT, the file's name in the message. */
VitrineMusic *vitrine_music_open (const char    *path,
                                  const gint    *stop,
                                  GError       **error);

/* Fills @frames stereo frames of @data, looping the music as needed. */
gboolean      vitrine_music_read (VitrineMusic  *music,
                                  float         *data,
                                  gsize          frames,
                                  GError       **error);

void          vitrine_music_free (VitrineMusic  *music);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VitrineMusic, vitrine_music_free)

G_END_DECLS
