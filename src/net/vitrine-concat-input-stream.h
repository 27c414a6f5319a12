/* vitrine-concat-input-stream.h: one stream made of memory parts and file parts
 *
 * The body of a multipart upload (or of a plain file upload): small memory
 * parts (boundaries, headers, fields) and files, read one after the other.
 * Files are opened when the reading reaches them and read in small blocks,
 * so a 40 MB photo never sits in memory. Every part has a size known in
 * advance, which makes the total exact (the request's Content-Length); a
 * file that no longer has its announced size fails the read rather than
 * sending a body of another length.
 *
 * The stream has no native async implementation: GInputStream runs its
 * read() in a worker thread for read_async(), so a file is opened and read
 * off the main thread when libsoup splices the stream into the socket.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VITRINE_TYPE_CONCAT_INPUT_STREAM (vitrine_concat_input_stream_get_type ())
G_DECLARE_FINAL_TYPE (VitrineConcatInputStream, vitrine_concat_input_stream,
                      VITRINE, CONCAT_INPUT_STREAM, GInputStream)

VitrineConcatInputStream *vitrine_concat_input_stream_new       (void);
/* Appends @bytes (kept by reference). */
void                      vitrine_concat_input_stream_add_bytes (VitrineConcatInputStream *self,
                                                                 GBytes                   *bytes);
/* Appends a copy of the NUL-terminated @text. */
void                      vitrine_concat_input_stream_add_text  (VitrineConcatInputStream *self,
                                                                 const char               *text);
/* Appends the @size bytes of @file; it is opened on the first read that
 * reaches it. */
void                      vitrine_concat_input_stream_add_file  (VitrineConcatInputStream *self,
                                                                 GFile                    *file,
                                                                 goffset                   size);
/* The sum of the parts' sizes: what a full read returns. */
goffset                   vitrine_concat_input_stream_get_size  (VitrineConcatInputStream *self);

G_END_DECLS
