/* test-web-photo.c: photos from the web, fetched from a loopback server
 *
 * A small SoupServer on 127.0.0.1 serves a JPEG made at run time, a reply
 * that claims 60 MB, an HTML page, a damaged JPEG, a 404 and an endless
 * body; every row checks the reason a person reads and that nothing is
 * left in the cache.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "vitrine-http.h"
#include "vitrine-test-loop.h"
#include "vitrine-test-web.h"
#include "vitrine-web-photo.h"

typedef struct {
  VitrineTestWeb web;
  GPtrArray  *progress;    /* of goffset pairs: received, total */
  guint       hits;
} Fixture;

static void
serve (SoupServerMessage *msg,
       const char        *content_type,
       GBytes            *body)
{
  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Content-Type", content_type);
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), body);
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Fixture *f = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  f->hits++;
  if (g_str_equal (path, "/photo.jpg") || g_str_equal (path, "/photo-2.jpg"))
    serve (msg, "image/jpeg", f->web.jpeg);
  else if (g_str_equal (path, "/huge.jpg"))
    {
      /* Claims 60 MB and sends a few bytes: refused on the headers. */
      g_autoptr(GBytes) head = g_bytes_new_static ("\xff\xd8\xff\xe0", 4);

      soup_server_message_set_status (msg, 200, NULL);
      soup_message_headers_replace (headers, "Content-Type", "image/jpeg");
      soup_message_headers_set_content_length (headers, (goffset) 60 * 1024 * 1024);
      soup_message_body_append_bytes (soup_server_message_get_response_body (msg), head);
    }
  else if (g_str_equal (path, "/endless"))
    {
      /* No length said: 400 KB chunked, past the test's 100 KB limit. */
      g_autofree char *zeros = g_malloc0 (400 * 1024);

      soup_server_message_set_status (msg, 200, NULL);
      soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
      soup_message_headers_replace (headers, "Content-Type", "image/jpeg");
      soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_COPY,
                                zeros, 400 * 1024);
      soup_message_body_complete (soup_server_message_get_response_body (msg));
    }
  else if (g_str_equal (path, "/page.jpg"))
    {
      g_autoptr(GBytes) page = g_bytes_new_static ("<html><body>A listing</body></html>", 35);

      serve (msg, "text/html; charset=utf-8", page);
    }
  else if (g_str_equal (path, "/corrupt.jpg"))
    {
      g_autoptr(GBytes) damaged = g_bytes_new_from_bytes (f->web.jpeg, 0, 600);

      serve (msg, "image/jpeg", damaged);
    }
  else
    soup_server_message_set_status (msg, 404, NULL);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  vitrine_test_web_start (&f->web, server_cb, f);
  f->progress = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  vitrine_test_web_stop (&f->web);
  g_ptr_array_unref (f->progress);
}

static void
progress_cb (goffset  received,
             goffset  total,
             gpointer user_data)
{
  Fixture *f = user_data;
  goffset *pair = g_new (goffset, 2);

  g_assert_cmpint (received, >=, 0);
  pair[0] = received;
  pair[1] = total;
  g_ptr_array_add (f->progress, pair);
}

/* Fetches @url (from a clean cache); returns the path or sets @error. */
static char *
fetch (Fixture       *f,
       const char    *url,
       GCancellable  *cancellable,
       GError       **error)
{
  g_autofree char *cached = vitrine_web_photo_dup_cache_path (url);
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *part = NULL;
  g_autofree char *base = NULL;
  char *path;

  g_unlink (cached);
  vitrine_web_photo_fetch_async (url, progress_cb, f, NULL, cancellable,
                                 vitrine_test_result_cb, &result);
  vitrine_test_wait_for_result (&result, 30);
  path = vitrine_web_photo_fetch_finish (result, error);

  /* Never a partial file; a whole one only on success. */
  dir = g_path_get_dirname (cached);
  base = g_path_get_basename (cached);
  part = g_strdup_printf ("%s/.%s.part", dir, base);
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
  g_assert_cmpint (g_file_test (cached, G_FILE_TEST_EXISTS), ==, path != NULL);
  return path;
}

static void
test_fetch_photo (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *url = vitrine_test_web_url (&f->web, "photo.jpg");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = fetch (f, url, NULL, &error);
  g_autofree char *cache_dir = g_build_filename (g_get_user_cache_dir (), "vitrine", "web", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *again = NULL;
  goffset *last;
  gsize length;

  g_assert_no_error (error);
  g_assert_nonnull (path);
  /* In the cache, named by a hash of the address, the ending kept. */
  g_assert_true (g_str_has_prefix (path, cache_dir));
  g_assert_true (g_str_has_suffix (path, ".jpg"));
  {
    g_autofree char *expected = vitrine_web_photo_dup_cache_path (url);

    g_assert_cmpstr (path, ==, expected);
  }
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpmem (contents, length, g_bytes_get_data (f->web.jpeg, NULL), g_bytes_get_size (f->web.jpeg));

  /* Progress: bytes of the whole, ending at the whole. */
  g_assert_cmpuint (f->progress->len, >=, 2);
  last = g_ptr_array_index (f->progress, f->progress->len - 1);
  g_assert_cmpint (last[0], ==, g_bytes_get_size (f->web.jpeg));
  g_assert_cmpint (last[1], ==, g_bytes_get_size (f->web.jpeg));

  /* A second fetch of the same address uses the copy. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    guint hits = f->hits;

    vitrine_web_photo_fetch_async (url, NULL, NULL, NULL, NULL,
                                   vitrine_test_result_cb, &result);
    vitrine_test_wait_for_result (&result, 30);
    again = vitrine_web_photo_fetch_finish (result, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (again, ==, path);
    g_assert_cmpuint (f->hits, ==, hits);
  }
  g_unlink (path);
}

typedef struct {
  const char           *path;      /* on the server; NULL: a plain-http web address */
  VitrineWebPhotoError  code;
  const char           *message;
} Refusal;

static const Refusal refusals[] = {
  { "huge.jpg", VITRINE_WEB_PHOTO_ERROR_TOO_LARGE, "Too large (over 50 MB)" },
  { "page.jpg", VITRINE_WEB_PHOTO_ERROR_NOT_AN_IMAGE, "Not an image" },
  { "corrupt.jpg", VITRINE_WEB_PHOTO_ERROR_UNREADABLE, "Could not be read as a photo" },
  { "missing.jpg", VITRINE_WEB_PHOTO_ERROR_STATUS, "The web server answered with error 404" },
  { NULL, VITRINE_WEB_PHOTO_ERROR_INSECURE, "Not a secure (https://) address" },
};

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  const Refusal *row = data;
  g_autofree char *url = row->path != NULL ? vitrine_test_web_url (&f->web, row->path)
                                           : g_strdup ("http://photos.example.com/kitchen.jpg");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  guint hits = f->hits;

  path = fetch (f, url, NULL, &error);
  g_assert_null (path);
  g_assert_error (error, VITRINE_WEB_PHOTO_ERROR, (int) row->code);
  g_assert_cmpstr (error->message, ==, row->message);
  /* Refused once: none of these is tried again. */
  g_assert_cmpuint (f->hits, ==, hits + (row->path != NULL ? 1 : 0));
}

static void
test_cancelled (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *url = vitrine_test_web_url (&f->web, "photo-2.jpg");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  g_cancellable_cancel (cancellable);
  path = fetch (f, url, cancellable, &error);
  g_assert_null (path);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* The HTTP layer under it: a body that goes past the limit is stopped,
 * however long it said it was (here: it did not say). */
static void
test_http_body_past_limit (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *url = vitrine_test_web_url (&f->web, "endless");
  g_autofree char *dest = g_build_filename (f->web.dir, "endless.jpg", NULL);
  g_autofree char *part = g_build_filename (f->web.dir, ".endless.jpg.part", NULL);
  g_autoptr(VitrineHttpRequest) request = vitrine_http_request_new ("GET", url);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  goffset *last;

  vitrine_http_request_set_reply_limits (request, "image/", 100 * 1024);
  vitrine_http_request_set_byte_progress (request, progress_cb, f);
  vitrine_http_download_async (vitrine_http_get_default (), request, dest, NULL, NULL, NULL,
                               vitrine_test_result_cb, &result);
  vitrine_test_wait_for_result (&result, 30);
  g_assert_false (vitrine_http_download_finish (vitrine_http_get_default (), result, &error));
  g_assert_error (error, VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_TOO_LARGE);
  g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
  /* Nothing past the limit was written; the size was unknown throughout. */
  g_assert_cmpuint (f->progress->len, >=, 1);
  last = g_ptr_array_index (f->progress, f->progress->len - 1);
  g_assert_cmpint (last[0], <=, 100 * 1024);
  g_assert_cmpint (last[1], ==, -1);
}

static void
test_web_address (void)
{
  g_assert_true (vitrine_web_photo_is_web_address ("https://example.com/a.jpg"));
  g_assert_true (vitrine_web_photo_is_web_address ("HTTP://example.com/a.jpg"));
  g_assert_false (vitrine_web_photo_is_web_address ("file:///home/a.jpg"));
  g_assert_false (vitrine_web_photo_is_web_address ("/home/a.jpg"));
  g_assert_false (vitrine_web_photo_is_web_address (NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/web-photo/web-address", test_web_address);
  g_test_add ("/web-photo/fetch", Fixture, NULL, fixture_setup, test_fetch_photo,
              fixture_teardown);
  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autofree char *name = g_strdup_printf ("/web-photo/refused/%s",
                                               refusals[i].path ? refusals[i].path : "plain-http");

      g_test_add (name, Fixture, &refusals[i], fixture_setup, test_refused, fixture_teardown);
    }
  g_test_add ("/web-photo/cancelled", Fixture, NULL, fixture_setup, test_cancelled,
              fixture_teardown);
  g_test_add ("/web-photo/http-body-past-limit", Fixture, NULL, fixture_setup,
              test_http_body_past_limit, fixture_teardown);

  return g_test_run ();
}
