/* vitrine-jpeg-error.h: libjpeg's errors caught, for the decoder and the encoder
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <setjmp.h>
#include <stdio.h>

#include <glib.h>
#include <jpeglib.h>

G_BEGIN_DECLS

/* libjpeg's error manager, that jumps back to @jump with the text in
 * @message instead of exiting: setjmp (@jump) before the first libjpeg call. */
typedef struct {
  struct jpeg_error_mgr pub;
  jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
} VitrineJpegError;

/* Sets up @err; the result goes in the (de)compressor's "err". */
struct jpeg_error_mgr *vitrine_jpeg_error_init (VitrineJpegError *err);

G_END_DECLS
