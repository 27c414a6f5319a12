/* vitrine-concat-input-stream.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "vitrine-concat-input-stream.h"

typedef struct {
  GBytes  *bytes;   /* a memory part, or */
  GFile   *file;    /* a file part */
  goffset  size;
} Part;

struct _VitrineConcatInputStream
{
  GInputStream  parent_instance;

  GArray       *parts;    /* of Part */
  goffset       size;

  /* Where reading is. */
  guint         current;
  goffset       offset;   /* within the current part */
  GInputStream *stream;   /* the current file part, once opened */
};

G_DEFINE_FINAL_TYPE (VitrineConcatInputStream, vitrine_concat_input_stream, G_TYPE_INPUT_STREAM)

static void
part_clear (gpointer data)
{
  Part *part = data;

  g_clear_pointer (&part->bytes, g_bytes_unref);
  g_clear_object (&part->file);
}

/* Closes the open file part, if any. */
static gboolean
vitrine_concat_input_stream_close_current (VitrineConcatInputStream  *self,
                                           GCancellable              *cancellable,
                                           GError                   **error)
{
  g_autoptr(GInputStream) stream = g_steal_pointer (&self->stream);

  if (stream == NULL)
    return TRUE;
  return g_input_stream_close (stream, cancellable, error);
}

static gssize
vitrine_concat_input_stream_read (GInputStream  *stream,
                                  void          *buffer,
                                  gsize          count,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  VitrineConcatInputStream *self = VITRINE_CONCAT_INPUT_STREAM (stream);

  while (self->current < self->parts->len)
    {
      Part *part = &g_array_index (self->parts, Part, self->current);
      goffset left = part->size - self->offset;
      gsize n;
      gssize nread;

      if (left <= 0)
        {
          if (!vitrine_concat_input_stream_close_current (self, cancellable, error))
            return -1;
          self->current++;
          self->offset = 0;
          continue;
        }

      n = (gsize) MIN ((goffset) count, left);
      if (n == 0)
        return 0;

      if (part->bytes != NULL)
        {
          const guint8 *data = g_bytes_get_data (part->bytes, NULL);

          memcpy (buffer, data + self->offset, n);
          self->offset += n;
          return n;
        }

      if (self->stream == NULL)
        {
          self->stream = G_INPUT_STREAM (g_file_read (part->file, cancellable, error));
          if (self->stream == NULL)
            return -1;
        }

      nread = g_input_stream_read (self->stream, buffer, n, cancellable, error);
      if (nread < 0)
        return -1;
      if (nread == 0)
        {
          g_autofree char *name = g_file_get_basename (part->file);

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                       _("The file “%s” changed while it was being sent."), name);
          return -1;
        }
      self->offset += nread;
      return nread;
    }

  return 0;
}

static gboolean
vitrine_concat_input_stream_close_fn (GInputStream  *stream,
                                      GCancellable  *cancellable,
                                      GError       **error)
{
  VitrineConcatInputStream *self = VITRINE_CONCAT_INPUT_STREAM (stream);

  return vitrine_concat_input_stream_close_current (self, cancellable, error);
}

static void
vitrine_concat_input_stream_finalize (GObject *object)
{
  VitrineConcatInputStream *self = VITRINE_CONCAT_INPUT_STREAM (object);

  g_clear_object (&self->stream);
  g_clear_pointer (&self->parts, g_array_unref);

  G_OBJECT_CLASS (vitrine_concat_input_stream_parent_class)->finalize (object);
}

static void
vitrine_concat_input_stream_class_init (VitrineConcatInputStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  object_class->finalize = vitrine_concat_input_stream_finalize;
  stream_class->read_fn = vitrine_concat_input_stream_read;
  stream_class->close_fn = vitrine_concat_input_stream_close_fn;
}

static void
vitrine_concat_input_stream_init (VitrineConcatInputStream *self)
{
  self->parts = g_array_new (FALSE, TRUE, sizeof (Part));
  g_array_set_clear_func (self->parts, part_clear);
}

VitrineConcatInputStream *
vitrine_concat_input_stream_new (void)
{
  return g_object_new (VITRINE_TYPE_CONCAT_INPUT_STREAM, NULL);
}

void
vitrine_concat_input_stream_add_bytes (VitrineConcatInputStream *self,
                                       GBytes                   *bytes)
{
  Part part = { 0 };

  g_return_if_fail (VITRINE_IS_CONCAT_INPUT_STREAM (self));
  g_return_if_fail (bytes != NULL);

  part.bytes = g_bytes_ref (bytes);
  part.size = g_bytes_get_size (bytes);
  g_array_append_val (self->parts, part);
  self->size += part.size;
}

void
vitrine_concat_input_stream_add_text (VitrineConcatInputStream *self,
                                      const char               *text)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_if_fail (text != NULL);

  bytes = g_bytes_new (text, strlen (text));
  vitrine_concat_input_stream_add_bytes (self, bytes);
}

void
vitrine_concat_input_stream_add_file (VitrineConcatInputStream *self,
                                      GFile                    *file,
                                      goffset                   size)
{
  Part part = { 0 };

  g_return_if_fail (VITRINE_IS_CONCAT_INPUT_STREAM (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (size >= 0);

  part.file = g_object_ref (file);
  part.size = size;
  g_array_append_val (self->parts, part);
  self->size += size;
}

goffset
vitrine_concat_input_stream_get_size (VitrineConcatInputStream *self)
{
  g_return_val_if_fail (VITRINE_IS_CONCAT_INPUT_STREAM (self), 0);

  return self->size;
}
