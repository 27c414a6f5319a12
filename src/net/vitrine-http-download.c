/* vitrine-http-download.c: a reply streamed into a file
 *
 * The body goes to a temporary file beside the destination (".NAME.part"),
 * renamed over it when complete; on an error or a cancel the temporary
 * file is removed (vitrine-http-retry.c) and the destination is left as it
 * was.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "vitrine-http-private.h"

/* Tells the caller's progress callbacks how far the body is. */
static void
op_download_report (VitrineHttpOp *op)
{
  VitrineHttpRequest *request = op->request;

  if (op->progress != NULL && op->total > 0)
    op->progress (MIN (1.0, (double) op->received / op->total), op->progress_data);
  if (request->byte_progress != NULL)
    request->byte_progress (op->received, op->total, request->byte_progress_data);
}

GError *
vitrine_http_op_download_size_error (VitrineHttpOp *op,
                                     goffset        size)
{
  goffset max = op->request->max_reply_bytes;
  g_autofree char *host = NULL;

  if (max <= 0 || size <= max)
    return NULL;
  host = vitrine_http_url_host (op->url);
  return g_error_new (VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_TOO_LARGE,
                      _("%s sent a file larger than %lld MB."), host,
                      (long long) (max / (1024 * 1024)));
}

/* The error when the reply's Content-Type is not one the request takes, or NULL. */
static GError *
op_download_type_error (VitrineHttpOp *op)
{
  const char *prefix = op->request->reply_type_prefix;
  const char *type;
  g_autofree char *host = NULL;

  type = soup_message_headers_get_content_type (soup_message_get_response_headers (op->msg), NULL);
  if (prefix == NULL || type == NULL ||
      g_ascii_strncasecmp (type, prefix, strlen (prefix)) == 0 ||
      g_ascii_strcasecmp (type, "application/octet-stream") == 0)
    return NULL;
  host = vitrine_http_url_host (op->url);
  return g_error_new (VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_WRONG_TYPE,
                      _("%s sent “%s”, not the kind of file Vitrine asked for."), host, type);
}

static void
op_download_moved_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GTask *task = user_data;
  VitrineHttpOp *op = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_file_move_finish (G_FILE (object), result, &error))
    {
      vitrine_http_op_fail (task, error, VITRINE_HTTP_RETRY_NEVER, 0);
      return;
    }
  op->part_created = FALSE;
  vitrine_http_op_end_attempt (op);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
op_download_closed_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  GTask *task = user_data;
  VitrineHttpOp *op = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_output_stream_close_finish (G_OUTPUT_STREAM (object), result, &error))
    {
      vitrine_http_op_fail_io (task, error, TRUE);
      return;
    }
  g_clear_object (&op->out);

  /* Past this point the download is whole: a cancel no longer undoes it. */
  if (g_cancellable_is_cancelled (op->cancellable))
    {
      vitrine_http_op_fail (task,
                            g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled"),
                            VITRINE_HTTP_RETRY_NEVER, 0);
      return;
    }
  g_file_move_async (op->part_file, op->dest, G_FILE_COPY_OVERWRITE, G_PRIORITY_DEFAULT,
                     NULL, NULL, NULL, op_download_moved_cb, task);
}

void
vitrine_http_op_download_complete (GTask *task)
{
  VitrineHttpOp *op = g_task_get_task_data (task);

  if (op->total >= 0 && op->received != op->total)
    {
      vitrine_http_op_fail_io (task,
                               g_error_new (G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                                            _("the reply stopped after %lld of %lld bytes"),
                                            (long long) op->received, (long long) op->total),
                               FALSE);
      return;
    }
  if (op->progress != NULL)
    op->progress (1.0, op->progress_data);
  g_output_stream_close_async (op->out, G_PRIORITY_DEFAULT, op->attempt_cancellable,
                               op_download_closed_cb, task);
}

static void
op_download_wrote_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GTask *task = user_data;
  VitrineHttpOp *op = g_task_get_task_data (task);
  GError *error = NULL;
  gsize written = 0;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, &written, &error))
    {
      vitrine_http_op_fail_io (task, error, TRUE);
      return;
    }
  g_clear_pointer (&op->chunk, g_bytes_unref);
  op->received += written;
  op_download_report (op);
  vitrine_http_op_read_next (task);
}

void
vitrine_http_op_download_write (GTask *task)
{
  VitrineHttpOp *op = g_task_get_task_data (task);

  g_output_stream_write_all_async (op->out,
                                   g_bytes_get_data (op->chunk, NULL),
                                   g_bytes_get_size (op->chunk),
                                   G_PRIORITY_DEFAULT, op->attempt_cancellable,
                                   op_download_wrote_cb, task);
}

static void
op_download_opened_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  GTask *task = user_data;
  VitrineHttpOp *op = g_task_get_task_data (task);
  GError *error = NULL;

  op->out = G_OUTPUT_STREAM (g_file_replace_finish (G_FILE (object), result, &error));
  if (op->out == NULL)
    {
      vitrine_http_op_fail_io (task, error, TRUE);
      return;
    }
  vitrine_http_op_read_next (task);
}

void
vitrine_http_op_download_begin (GTask *task)
{
  VitrineHttpOp *op = g_task_get_task_data (task);
  SoupMessageHeaders *headers = soup_message_get_response_headers (op->msg);

  const char *coding = soup_message_headers_get_one (headers, "Content-Encoding");
  GError *error;

  op->received = 0;
  op->total = -1;
  /* With a Content-Encoding (decoded by the session) the length is the
   * encoded one: no progress then, and libsoup checks the length itself. */
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      (coding == NULL || g_ascii_strcasecmp (coding, "identity") == 0))
    op->total = soup_message_headers_get_content_length (headers);
  /* Refused before a byte is written. */
  if ((error = op_download_type_error (op)) ||
      (error = vitrine_http_op_download_size_error (op, op->total)))
    {
      vitrine_http_op_fail (task, error, VITRINE_HTTP_RETRY_NEVER, 0);
      return;
    }
  op_download_report (op);

  op->part_created = TRUE;
  g_file_replace_async (op->part_file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                        G_PRIORITY_DEFAULT, op->attempt_cancellable,
                        op_download_opened_cb, task);
}
