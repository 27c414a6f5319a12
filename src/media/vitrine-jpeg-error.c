/* vitrine-jpeg-error.c: libjpeg's errors caught, for the decoder and the encoder
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vitrine-jpeg-error.h"

static void
vitrine_jpeg_error_exit_cb (j_common_ptr cinfo)
{
  VitrineJpegError *err = (VitrineJpegError *) cinfo->err;

  cinfo->err->format_message (cinfo, err->message);
  longjmp (err->jump, 1);
}

struct jpeg_error_mgr *
vitrine_jpeg_error_init (VitrineJpegError *err)
{
  struct jpeg_error_mgr *pub = jpeg_std_error (&err->pub);

  pub->error_exit = vitrine_jpeg_error_exit_cb;
  return pub;
}
