/* bench-upload.c: a VidGen-shaped upload (one 40 MB image, one 30 MB audio
 * track, multipart/form-data as POST /api/jobs takes them) streamed through
 * the HTTP layer to a loopback server in a child process that discards the
 * body, so the peak RSS measured is the uploading process's alone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>

#include <glib-unix.h>
#include <glib/gstdio.h>

#include "vitrine-http.h"

static void
got_chunk_cb (SoupServerMessage *msg,
              GBytes            *chunk,
              gpointer           user_data)
{
  *(guint64 *) g_object_get_data (G_OBJECT (msg), "received") += g_bytes_get_size (chunk);
}

static void
got_headers_cb (SoupServerMessage *msg,
                gpointer           user_data)
{
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
}

static void
request_started_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  g_object_set_data_full (G_OBJECT (msg), "received", g_new0 (guint64, 1), g_free);
  g_signal_connect (msg, "got-headers", G_CALLBACK (got_headers_cb), NULL);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (got_chunk_cb), NULL);
}

static void
handler_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  guint64 *received = g_object_get_data (G_OBJECT (msg), "received");
  g_autofree char *json = g_strdup_printf ("{\"message\": \"Job created\", \"jobId\": \"bench\","
                                           " \"received\": %" G_GUINT64_FORMAT "}", *received);

  soup_server_message_set_status (msg, 201, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, json, strlen (json));
}

static gboolean
stdin_closed_cb (int          fd,
                 GIOCondition condition,
                 gpointer     loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static int
run_server (void)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_signal_connect (server, "request-started", G_CALLBACK (request_started_cb), NULL);
  soup_server_add_handler (server, "/api/jobs", handler_cb, NULL, NULL);
  if (!soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  uris = soup_server_get_uris (server);
  g_print ("%d\n", g_uri_get_port (uris->data));
  fflush (stdout);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  g_unix_fd_add (0, G_IO_IN | G_IO_HUP | G_IO_ERR, stdin_closed_cb, loop);
  g_main_loop_run (loop);
  return 0;
}

static gint64
rss_kb (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, field)) == NULL)
    return -1;
  return g_ascii_strtoll (line + strlen (field), NULL, 10);
}

static char *
make_file (const char *dir,
           const char *name,
           gsize       mib)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autofree char *block = g_malloc (1024 * 1024);
  FILE *out = fopen (path, "wb");

  for (gsize i = 0; out != NULL && i < mib; i++)
    {
      for (gsize j = 0; j < 1024 * 1024; j++)
        block[j] = (char) g_random_int ();
      fwrite (block, 1, 1024 * 1024, out);
    }
  if (out != NULL)
    fclose (out);
  return path;
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  JsonNode **node = user_data;
  g_autoptr(GError) error = NULL;

  *node = vitrine_http_send_json_finish (VITRINE_HTTP (object), result, NULL, &error);
  if (*node == NULL)
    g_error ("upload: %s", error->message);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = NULL;
  g_autofree char *image = NULL;
  g_autofree char *audio = NULL;
  g_autofree char *self = NULL;
  g_autofree char *port = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GDataInputStream) child_out = NULL;
  g_autoptr(VitrineHttpRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *reply = NULL;
  gint64 before, after, t0;

  if (g_getenv ("VITRINE_BENCH_SERVER") != NULL)
    return run_server ();

  dir = g_dir_make_tmp ("vitrine-bench-upload-XXXXXX", NULL);
  image = make_file (dir, "cover.jpg", 40);
  audio = make_file (dir, "voice.mp3", 30);

  self = g_file_read_link ("/proc/self/exe", NULL);
  {
    g_autoptr(GSubprocessLauncher) launcher =
      g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE);

    g_subprocess_launcher_setenv (launcher, "VITRINE_BENCH_SERVER", "1", TRUE);
    child = g_subprocess_launcher_spawn (launcher, &error, self, NULL);
    g_assert_no_error (error);
  }
  child_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  port = g_data_input_stream_read_line (child_out, NULL, NULL, &error);
  g_assert_nonnull (port);
  url = g_strdup_printf ("http://127.0.0.1:%s/api/jobs", g_strstrip (port));

  /* Forget the peak so far (the files were written through the page cache,
   * not this process's memory, but the kernel lets us be sure). */
  g_file_set_contents ("/proc/self/clear_refs", "5", -1, NULL);
  before = rss_kb ("VmHWM:");

  request = vitrine_http_request_new ("POST", url);
  vitrine_http_request_add_secret_header (request, "X-API-Key", "bench-key-not-real");
  vitrine_http_request_add_form_file (request, "image", image, "cover.jpg", "image/jpeg");
  vitrine_http_request_add_form_file (request, "audio", audio, "voice.mp3", "audio/mpeg");
  t0 = g_get_monotonic_time ();
  vitrine_http_send_async (vitrine_http_get_default (), request, NULL, sent_cb, &reply);
  while (reply == NULL)
    g_main_context_iteration (NULL, TRUE);
  after = rss_kb ("VmHWM:");

  g_print ("upload of a VidGen job (multipart image + audio) to a loopback server in a child process\n");
  g_print ("%-28s %10s\n", "", "MB");
  g_print ("%-28s %10.1f\n", "image file", 40.0 * 1.048576);
  g_print ("%-28s %10.1f\n", "audio file", 30.0 * 1.048576);
  g_print ("%-28s %10.1f\n", "bytes the server received",
           json_object_get_int_member (json_node_get_object (reply), "received") / 1e6);
  g_print ("%-28s %10.1f\n", "peak RSS before", before / 1024.0);
  g_print ("%-28s %10.1f\n", "peak RSS after", after / 1024.0);
  g_print ("%-28s %10.1f   (target <= 20)\n", "peak RSS growth", (after - before) / 1024.0);
  g_print ("%-28s %10.2f s\n", "upload time", (g_get_monotonic_time () - t0) / 1e6);

  json_node_unref (reply);
  g_subprocess_force_exit (child);
  g_unlink (image);
  g_unlink (audio);
  g_rmdir (dir);
  return 0;
}
