/* vitrine-web-photo.c: a photo from the web, copied into the cache
 *
 * check the address → look for an earlier copy (worker thread) → download
 * it (the HTTP layer: https only, redirects checked, limits on the type
 * and size of the reply, a partial file removed on any failure) → read its
 * header (worker thread); a file that does not read is removed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "vitrine-background.h"
#include "vitrine-http.h"
#include "vitrine-image.h"
#include "vitrine-web-photo.h"

G_DEFINE_QUARK (vitrine-web-photo-error-quark, vitrine_web_photo_error)

typedef struct {
  char                    *url;
  char                    *path;
  VitrineWebPhotoProgress  progress;
  gpointer                 progress_data;
  GDestroyNotify           progress_destroy;
} Fetch;

static void
fetch_free (gpointer data)
{
  Fetch *fetch = data;

  if (fetch->progress_destroy != NULL)
    fetch->progress_destroy (fetch->progress_data);
  g_free (fetch->url);
  g_free (fetch->path);
  g_free (fetch);
}

gboolean
vitrine_web_photo_is_web_address (const char *text)
{
  g_autofree char *scheme = text != NULL ? g_uri_parse_scheme (text) : NULL;

  return scheme != NULL &&
         (g_ascii_strcasecmp (scheme, "https") == 0 || g_ascii_strcasecmp (scheme, "http") == 0);
}

/* The SHA-256 of the address, and its extension when its path ends like a
 * photo ("….jpg"): the readers look at the bytes, but an upload's name
 * keeps a familiar ending. */
char *
vitrine_web_photo_dup_cache_path (const char *url)
{
  g_autofree char *hash = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *ext = "";

  g_return_val_if_fail (url != NULL, NULL);

  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, url, -1);
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri != NULL && vitrine_image_is_supported_name (g_uri_get_path (uri)))
    ext = strrchr (g_uri_get_path (uri), '.');
  name = g_ascii_strdown (ext, -1);
  return g_strdup_printf ("%s/vitrine/web/%s%s", g_get_user_cache_dir (), hash, name);
}

/* {{{ Errors, for a person */

static GError *
web_photo_insecure (void)
{
  return g_error_new_literal (VITRINE_WEB_PHOTO_ERROR, VITRINE_WEB_PHOTO_ERROR_INSECURE,
                              _("Not a secure (https://) address"));
}

static GError *
web_photo_error_from_http (const GError *error)
{
  guint status = vitrine_http_error_get_status (error);

  if (status != 0)
    return g_error_new (VITRINE_WEB_PHOTO_ERROR, VITRINE_WEB_PHOTO_ERROR_STATUS,
                        /* Translators: %u is an HTTP status, 404… */
                        _("The web server answered with error %u"), status);
  if (g_error_matches (error, VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_INSECURE))
    return web_photo_insecure ();
  if (g_error_matches (error, VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_TOO_LARGE))
    return g_error_new (VITRINE_WEB_PHOTO_ERROR, VITRINE_WEB_PHOTO_ERROR_TOO_LARGE,
                        _("Too large (over %u MB)"),
                        (guint) (VITRINE_WEB_PHOTO_MAX_SIZE / (1024 * 1024)));
  if (g_error_matches (error, VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_WRONG_TYPE))
    return g_error_new_literal (VITRINE_WEB_PHOTO_ERROR, VITRINE_WEB_PHOTO_ERROR_NOT_AN_IMAGE,
                                _("Not an image"));
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);
  /* Unreachable, timed out, a full cache: the HTTP layer's words. */
  return g_error_new_literal (VITRINE_WEB_PHOTO_ERROR, VITRINE_WEB_PHOTO_ERROR_NETWORK,
                              error->message);
}

static GError *
web_photo_unreadable (void)
{
  return g_error_new_literal (VITRINE_WEB_PHOTO_ERROR, VITRINE_WEB_PHOTO_ERROR_UNREADABLE,
                              _("Could not be read as a photo"));
}

/* }}} */

/* {{{ The file: looked at off the main thread */

typedef enum {
  CHECK_EARLIER_COPY,   /* makes the folder; FALSE without an error when there is none */
  CHECK_DOWNLOAD,       /* the new file must read, else it goes */
} CheckKind;

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Fetch *fetch = task_data;
  CheckKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "vitrine-check-kind"));
  g_autofree char *dir = g_path_get_dirname (fetch->path);
  g_autoptr(GError) error = NULL;
  int width, height;

  if (kind == CHECK_EARLIER_COPY)
    {
      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          int errsv = errno;

          g_task_return_new_error (task, VITRINE_WEB_PHOTO_ERROR, VITRINE_WEB_PHOTO_ERROR_NETWORK,
                                   "%s: %s", dir, g_strerror (errsv));
          return;
        }
      g_task_return_boolean (task, g_file_test (fetch->path, G_FILE_TEST_IS_REGULAR) &&
                                   vitrine_image_probe (fetch->path, &width, &height, NULL));
      return;
    }

  if (!vitrine_image_probe (fetch->path, &width, &height, &error))
    {
      g_debug ("A web photo did not read: %s", error->message);
      g_unlink (fetch->path);
      g_task_return_error (task, web_photo_unreadable ());
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/* Runs check_thread for @task's fetch (the check's task shares it). */
static void
check_async (GTask               *task,
             CheckKind            kind,
             GAsyncReadyCallback  callback)
{
  g_autoptr(GTask) check = g_task_new (NULL, g_task_get_cancellable (task), callback, task);

  g_task_set_source_tag (check, check_async);
  g_object_set_data (G_OBJECT (check), "vitrine-check-kind", GINT_TO_POINTER (kind));
  /* Borrowed: @task outlives its check, which holds it as user data. */
  g_task_set_task_data (check, g_task_get_task_data (task), NULL);
  g_task_set_check_cancellable (check, FALSE);
  vitrine_background_run (check, check_thread);
}

/* }}} */

/* Ends the fetch with @error (taken), else with the copy's path. */
static void
fetch_return (GTask  *task,
              GError *error)
{
  Fetch *fetch = g_task_get_task_data (task);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_strdup (fetch->path), g_free);
  g_object_unref (task);
}

static void
fetch_checked_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GError *error = NULL;

  g_task_propagate_boolean (G_TASK (result), &error);
  fetch_return (user_data, error);
}

static void
fetch_downloaded_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GError) error = NULL;

  if (!vitrine_http_download_finish (VITRINE_HTTP (object), result, &error))
    fetch_return (task, web_photo_error_from_http (error));
  else
    check_async (task, CHECK_DOWNLOAD, fetch_checked_cb);
}

static void
fetch_looked_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr(VitrineHttpRequest) request = NULL;
  GError *error = NULL;

  /* An earlier copy that reads, or a cache folder that cannot be made. */
  if (g_task_propagate_boolean (G_TASK (result), &error) || error != NULL)
    {
      fetch_return (task, error);
      return;
    }

  request = vitrine_http_request_new ("GET", fetch->url);
  vitrine_http_request_set_reply_limits (request, "image/", VITRINE_WEB_PHOTO_MAX_SIZE);
  if (fetch->progress != NULL)
    vitrine_http_request_set_byte_progress (request, fetch->progress, fetch->progress_data);
  vitrine_http_download_async (vitrine_http_get_default (), request, fetch->path, NULL, NULL,
                               g_task_get_cancellable (task), fetch_downloaded_cb, task);
}

void
vitrine_web_photo_fetch_async (const char              *url,
                               VitrineWebPhotoProgress  progress,
                               gpointer                 progress_data,
                               GDestroyNotify           progress_destroy,
                               GCancellable            *cancellable,
                               GAsyncReadyCallback      callback,
                               gpointer                 user_data)
{
  GTask *task;
  Fetch *fetch;

  g_return_if_fail (url != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, vitrine_web_photo_fetch_async);
  fetch = g_new0 (Fetch, 1);
  fetch->url = g_strdup (url);
  fetch->path = vitrine_web_photo_dup_cache_path (url);
  fetch->progress = progress;
  fetch->progress_data = progress_data;
  fetch->progress_destroy = progress_destroy;
  g_task_set_task_data (task, fetch, fetch_free);

  if (!vitrine_http_check_url (url, NULL))
    fetch_return (task, web_photo_insecure ());
  else
    check_async (task, CHECK_EARLIER_COPY, fetch_looked_cb);
}

char *
vitrine_web_photo_fetch_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == vitrine_web_photo_fetch_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
