/* test-media-host.c: the S3-compatible media host, against a real S3
 *
 * The signer is checked against AWS's published examples and against
 * curl's own SigV4 signer; everything else runs against @20minutes/s3rver on
 * loopback (tests/s3), which verifies signatures. A SoupSession of the test
 * stands in for a provider fetching the presigned URLs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "vitrine-media-host.h"
#include "vitrine-photo-prep.h"
#include "vitrine-test-photos.h"
#include "vitrine-test-s3.h"

#define ACCESS_KEY   "VITRINETESTKEY"
#define SECRET_KEY   "vitrine-secret-7Qp2xZ9wLm4Kd8Rb"
#define WRONG_SECRET "wrong-secret-Hh3Vn6Tq1Ys5Ue0P"

/* AWS's examples (Signature Version 4, "Examples of the complete version
 * 4 signing process", Amazon S3 API reference). */
#define AWS_ACCESS_KEY "AKIAIOSFODNN7EXAMPLE"
#define AWS_SECRET_KEY "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
#define EMPTY_SHA256   "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

static VitrineTestS3 *peer;
static gboolean peer_tried;
static SoupSession *provider;   /* stands in for a provider that fetches URLs */

/* Every log line of the run, debug included. */
static GMutex log_lock;
static GString *log_text;
static GPtrArray *signatures;   /* X-Amz-Signature values handed out */
static GLogFunc default_handler;

static void
capture_text (const char *domain,
              const char *message)
{
  g_mutex_lock (&log_lock);
  g_string_append_printf (log_text, "%s: %s\n", domain ? domain : "", message);
  g_mutex_unlock (&log_lock);
}

/* g_debug() and friends (GTest's own handler prints them as TAP comments) */
static void
capture_handler (const char     *domain,
                 GLogLevelFlags  level,
                 const char     *message,
                 gpointer        user_data)
{
  capture_text (domain, message);
  if (!(level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO | G_LOG_LEVEL_MESSAGE)))
    default_handler (domain, level, message, NULL);
}

static GLogWriterOutput
capture_writer (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  g_mutex_lock (&log_lock);
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") || g_str_equal (fields[i].key, "GLIB_DOMAIN"))
      {
        if (fields[i].length < 0)
          g_string_append (log_text, fields[i].value);
        else
          g_string_append_len (log_text, fields[i].value, fields[i].length);
        g_string_append_c (log_text, ' ');
      }
  g_string_append_c (log_text, '\n');
  g_mutex_unlock (&log_lock);

  /* debug lines would break TAP on stdout */
  if (level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO | G_LOG_LEVEL_MESSAGE))
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (level, fields, n_fields, user_data);
}

/* Helpers --------------------------------------------------------------------- */

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static gboolean
need_peer (void)
{
  if (!peer_tried)
    {
      peer_tried = TRUE;
      peer = vitrine_test_s3_start_or_skip (ACCESS_KEY, SECRET_KEY);
      return peer != NULL;
    }
  if (peer == NULL)
    g_test_skip ("no S3 test peer (see the first test that needed it)");
  return peer != NULL;
}

static VitrineMediaHost *
host_with (const char *bucket,
           const char *secret)
{
  g_autoptr(GError) error = NULL;
  VitrineMediaHost *host = vitrine_media_host_new (vitrine_test_s3_get_endpoint (peer), "us-east-1",
                                                   bucket, FALSE, ACCESS_KEY, secret, &error);

  g_assert_no_error (error);
  g_assert_true (vitrine_media_host_get_path_style (host));
  return host;
}

static void
note_signature (const char *url)
{
  const char *sig = strstr (url, "X-Amz-Signature=");

  g_assert_nonnull (sig);
  g_ptr_array_add (signatures, g_strdup (sig + strlen ("X-Amz-Signature=")));
}

/* GET @url as a provider would; returns the body, fills the status and the
 * content type. */
static GBytes *
fetch (const char  *url,
       guint       *status,
       char       **content_type)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GError) error = NULL;
  GBytes *body;

  g_assert_nonnull (msg);
  body = soup_session_send_and_read (provider, msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  if (content_type != NULL)
    *content_type = g_strdup (soup_message_headers_get_content_type (
                                soup_message_get_response_headers (msg), NULL));
  return body;
}

/* A request signed by hand (the test's own session), for what the media
 * host hides: the status and the service's XML. */
static GBytes *
raw_request (const char *method,
             const char *url,
             const char *secret,
             const char *access_key,
             GBytes     *payload,
             guint      *status)
{
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GError) error = NULL;
  g_autofree char *date = vitrine_sigv4_amz_date_now ();
  g_autofree char *sha = payload ? g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, payload)
                                 : g_strdup (EMPTY_SHA256);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  GBytes *body;

  if (secret != NULL)
    {
      g_autofree char *auth = vitrine_sigv4_sign_request (&(VitrineSigv4Signer) { "us-east-1", access_key,
                                                                             secret, date },
                                                       method, url, NULL, sha);

      soup_message_headers_append (headers, "Authorization", auth);
      soup_message_headers_append (headers, "x-amz-date", date);
      soup_message_headers_append (headers, "x-amz-content-sha256", sha);
    }
  if (payload != NULL)
    soup_message_set_request_body_from_bytes (msg, "text/plain", payload);
  body = soup_session_send_and_read (provider, msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  return body;
}

static gboolean
bytes_contain (GBytes     *bytes,
               const char *needle)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  return data != NULL && g_strstr_len (data, len, needle) != NULL;
}

static GStrv
upload (VitrineMediaHost   *host,
        const char         *job_id,
        const char * const *files,
        const char * const *names,
        GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GStrv urls;

  vitrine_media_host_upload_async (host, job_id, files, names, NULL, NULL, NULL, NULL,
                                   store_result_cb, &result);
  urls = vitrine_media_host_upload_finish (host, wait_for (&result), error);
  for (guint i = 0; urls != NULL && urls[i] != NULL; i++)
    if (g_str_has_prefix (urls[i], vitrine_test_s3_get_endpoint (peer)))
      note_signature (urls[i]);
  return urls;
}

static gboolean
delete_job (VitrineMediaHost *host,
            const char       *job_id,
            GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vitrine_media_host_delete_job_async (host, job_id, NULL, store_result_cb, &result);
  return vitrine_media_host_delete_job_finish (host, wait_for (&result), error);
}

static guint
sweep (VitrineMediaHost *host)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  vitrine_media_host_sweep_async (host, NULL, store_result_cb, &result);
  n = vitrine_media_host_sweep_finish (host, wait_for (&result), &error);
  g_assert_no_error (error);
  return n;
}

static gboolean
test_button (VitrineMediaHost *host,
             GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vitrine_media_host_test_async (host, NULL, store_result_cb, &result);
  return vitrine_media_host_test_finish (host, wait_for (&result), error);
}

static char *
record_file (const char *job_id)
{
  g_autofree char *dir = vitrine_photo_prep_dup_job_dir (job_id);

  return g_build_filename (dir, "media-host.json", NULL);
}

static JsonObject *
read_record (const char *job_id)
{
  g_autofree char *path = record_file (job_id);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
write_record (const char *job_id,
              JsonObject *record)
{
  g_autofree char *path = record_file (job_id);
  g_autoptr(JsonNode) root = json_node_init_object (json_node_alloc (), record);
  g_autofree char *text = json_to_string (root, TRUE);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

/* Signer ------------------------------------------------------------------------- */

static void
test_sigv4_aws_examples (void)
{
  const char *range[] = { "Range", "bytes=0-9", NULL };
  const char *put_headers[] = { "Date", "Fri, 24 May 2013 00:00:00 GMT",
                                "x-amz-storage-class", "REDUCED_REDUNDANCY", NULL };
  const VitrineSigv4Signer aws = { "us-east-1", AWS_ACCESS_KEY, AWS_SECRET_KEY, "20130524T000000Z" };
  g_autofree char *get = NULL, *put = NULL, *lifecycle = NULL, *list = NULL, *presigned = NULL;

  /* GET Object, with a Range header */
  get = vitrine_sigv4_sign_request (&aws, "GET", "https://examplebucket.s3.amazonaws.com/test.txt", range,
                                    EMPTY_SHA256);
  g_assert_cmpstr (get, ==,
                   "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                   "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                   "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");

  /* PUT Object: a key that needs encoding ($), a signed payload */
  put = vitrine_sigv4_sign_request (&aws, "PUT", "https://examplebucket.s3.amazonaws.com/test$file.text",
                                    put_headers,
                                    "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
  g_assert_cmpstr (put, ==,
                   "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                   "SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class, "
                   "Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");

  /* GET Bucket Lifecycle: a query name without a value */
  lifecycle = vitrine_sigv4_sign_request (&aws, "GET", "https://examplebucket.s3.amazonaws.com/?lifecycle",
                                          NULL, EMPTY_SHA256);
  g_assert_true (g_str_has_suffix (lifecycle,
                                   "Signature=fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543"));

  /* Get Bucket (List Objects): a query to sort */
  list = vitrine_sigv4_sign_request (&aws, "GET",
                                     "https://examplebucket.s3.amazonaws.com/?max-keys=2&prefix=J",
                                     NULL, EMPTY_SHA256);
  g_assert_true (g_str_has_suffix (list,
                                   "Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"));

  /* a presigned URL, 24 hours */
  presigned = vitrine_sigv4_presign_url (&aws, "GET", "https://examplebucket.s3.amazonaws.com/test.txt",
                                         86400);
  g_assert_cmpstr (presigned, ==,
                   "https://examplebucket.s3.amazonaws.com/test.txt"
                   "?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                   "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
                   "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
                   "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
}

/* The value of header @name in curl -v's request lines ("> Name: value"). */
static char *
curl_header (const char *verbose,
             const char *name)
{
  g_auto(GStrv) lines = g_strsplit (verbose, "\n", -1);
  g_autofree char *prefix = g_strdup_printf ("> %s: ", name);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_ascii_strncasecmp (lines[i], prefix, strlen (prefix)) == 0)
      return g_strstrip (g_strdup (lines[i] + strlen (prefix)));
  return NULL;
}

static void
test_sigv4_matches_curl (void)
{
  g_autofree char *curl = g_find_program_in_path ("curl");
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *contents = NULL;
  const char *urls[3];
  g_autofree char *put_url = NULL;
  g_autofree char *get_url = NULL;
  g_autofree char *list_url = NULL;

  if (curl == NULL)
    {
      g_test_skip ("curl is not installed");
      return;
    }
  if (!need_peer ())
    return;

  dir = vitrine_test_make_tmpdir ();
  file = vitrine_test_make_file (dir, "note.txt", "curl signs this\n", 16);
  g_assert_true (g_file_get_contents (file, &contents, NULL, NULL));
  sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, contents, -1);
  put_url = g_strdup_printf ("%s/photos/vitrine/curl/note%%20one.txt", vitrine_test_s3_get_endpoint (peer));
  get_url = g_strdup_printf ("%s/photos/vitrine/curl/note%%20one.txt", vitrine_test_s3_get_endpoint (peer));
  /* curl 7.88 signs the query as written, unsorted: this one is sorted
   * already (our sorting is checked by AWS's List Objects example) */
  list_url = g_strdup_printf ("%s/photos?list-type=2&prefix=vitrine%%2Fcurl%%2F",
                              vitrine_test_s3_get_endpoint (peer));
  urls[0] = put_url;
  urls[1] = get_url;
  urls[2] = list_url;

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autofree char *user = g_strdup_printf ("%s:%s", ACCESS_KEY, SECRET_KEY);
      g_autofree char *sha_header = g_strdup_printf ("x-amz-content-sha256: %s",
                                                     i == 0 ? sha : EMPTY_SHA256);
      g_autofree char *auth = NULL;
      g_autofree char *date = NULL;
      g_autofree char *ours = NULL;
      gboolean put = i == 0;

      if (put)
        process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                                    curl, "-sv", "-o", "/dev/null", "-w", "%{http_code}",
                                    "--aws-sigv4", "aws:amz:us-east-1:s3", "--user", user,
                                    "-H", sha_header, "-T", file, urls[i], NULL);
      else
        process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                                    curl, "-sv", "-o", "/dev/null", "-w", "%{http_code}",
                                    "--aws-sigv4", "aws:amz:us-east-1:s3", "--user", user,
                                    "-H", sha_header, urls[i], NULL);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
      g_assert_no_error (error);

      /* the peer took curl's request */
      g_assert_cmpstr (out, ==, "200");
      auth = curl_header (err, "Authorization");
      date = curl_header (err, "X-Amz-Date");
      g_assert_nonnull (auth);
      g_assert_nonnull (date);

      /* and we sign the same request the same way */
      ours = vitrine_sigv4_sign_request (&(VitrineSigv4Signer) { "us-east-1", ACCESS_KEY, SECRET_KEY, date },
                                         put ? "PUT" : "GET", urls[i], NULL, put ? sha : EMPTY_SHA256);
      g_test_message ("curl:   %s", auth);
      g_test_message ("ours:   %s", ours);
      g_assert_cmpstr (ours, ==, auth);
    }

  vitrine_test_rmtree (dir);
}

/* Settings -------------------------------------------------------------------------- */

static void
test_config (void)
{
  g_autoptr(GError) error = NULL;
  VitrineMediaHost *host;
  g_autofree char *url = NULL;
  g_autofree char *presigned = NULL;

  host = vitrine_media_host_new (NULL, NULL, NULL, FALSE, NULL, NULL, &error);
  g_assert_null (host);
  g_assert_error (error, VITRINE_MEDIA_HOST_ERROR, VITRINE_MEDIA_HOST_ERROR_NOT_CONFIGURED);
  g_assert_nonnull (strstr (error->message, "a bucket"));
  g_clear_error (&error);

  host = vitrine_media_host_new ("s3.example.com", NULL, "photos", FALSE, "AK", NULL, &error);
  g_assert_error (error, VITRINE_MEDIA_HOST_ERROR, VITRINE_MEDIA_HOST_ERROR_NOT_CONFIGURED);
  g_assert_nonnull (strstr (error->message, "a secret key"));
  g_clear_error (&error);

  /* https only, except on this computer */
  host = vitrine_media_host_new ("http://s3.example.com", NULL, "photos", FALSE, "AK", "SK", &error);
  g_assert_null (host);
  g_assert_error (error, VITRINE_MEDIA_HOST_ERROR, VITRINE_MEDIA_HOST_ERROR_INSECURE);
  g_clear_error (&error);

  host = vitrine_media_host_new ("https://s3.example.com", NULL, "my/photos", FALSE, "AK", "SK", &error);
  g_assert_error (error, VITRINE_MEDIA_HOST_ERROR, VITRINE_MEDIA_HOST_ERROR_NOT_CONFIGURED);
  g_clear_error (&error);

  /* a bare host is https; virtual-host style by default */
  host = vitrine_media_host_new ("S3.EU-WEST-3.amazonaws.com", "eu-west-3", "photos", FALSE, "AK", "SK",
                                 &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vitrine_media_host_get_endpoint (host), ==, "https://s3.eu-west-3.amazonaws.com");
  g_assert_cmpstr (vitrine_media_host_get_region (host), ==, "eu-west-3");
  g_assert_false (vitrine_media_host_get_path_style (host));
  url = vitrine_media_host_dup_object_url (host, "vitrine/ab cd/0.jpg");
  g_assert_cmpstr (url, ==, "https://photos.s3.eu-west-3.amazonaws.com/vitrine/ab%20cd/0.jpg");
  g_clear_pointer (&url, g_free);

  /* presigned links: as long as asked, at most 7 days */
  presigned = vitrine_media_host_presign_get (host, "vitrine/x/0.jpg", 86400);
  g_assert_true (g_str_has_prefix (presigned, "https://photos.s3.eu-west-3.amazonaws.com/vitrine/x/0.jpg?"));
  g_assert_nonnull (strstr (presigned, "X-Amz-Expires=86400&"));
  g_assert_nonnull (strstr (presigned, "%2Feu-west-3%2Fs3%2Faws4_request"));
  g_clear_pointer (&presigned, g_free);
  presigned = vitrine_media_host_presign_get (host, "vitrine/x/0.jpg", 30 * 86400);
  g_assert_nonnull (strstr (presigned, "X-Amz-Expires=604800&"));
  g_clear_pointer (&presigned, g_free);
  g_assert_finalize_object (host);

  /* path style on request; a port and a trailing slash */
  host = vitrine_media_host_new ("https://minio.example.com:9000/", NULL, "photos", TRUE, "AK", "SK",
                                 &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vitrine_media_host_get_region (host), ==, "us-east-1");
  url = vitrine_media_host_dup_object_url (host, "vitrine/x/1.jpg");
  g_assert_cmpstr (url, ==, "https://minio.example.com:9000/photos/vitrine/x/1.jpg");
  g_clear_pointer (&url, g_free);
  g_assert_finalize_object (host);

  /* path style forced: an IP address, a dotted bucket name */
  host = vitrine_media_host_new ("http://127.0.0.1:9000", NULL, "photos", FALSE, "AK", "SK", &error);
  g_assert_no_error (error);
  g_assert_true (vitrine_media_host_get_path_style (host));
  url = vitrine_media_host_dup_object_url (host, "k.jpg");
  g_assert_cmpstr (url, ==, "http://127.0.0.1:9000/photos/k.jpg");
  g_clear_pointer (&url, g_free);
  g_assert_finalize_object (host);

  host = vitrine_media_host_new ("https://s3.example.com", NULL, "my.photos", FALSE, "AK", "SK", &error);
  g_assert_no_error (error);
  g_assert_true (vitrine_media_host_get_path_style (host));
  g_assert_finalize_object (host);
}

static void
test_from_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.vitrine.Vitrine");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VitrineMediaHost) host = NULL;

  g_settings_set_string (settings, "media-host-endpoint", "https://s3.example.org");
  g_settings_set_string (settings, "media-host-bucket", "from-settings");
  g_settings_set_string (settings, "media-host-access-key", "SETTINGSKEY");
  g_settings_set_string (settings, "media-host-region", "eu-central-1");
  g_settings_set_boolean (settings, "media-host-path-style", TRUE);
  g_settings_set_int (settings, "media-host-url-hours", 48);
  g_settings_set_int (settings, "media-host-keep-days", 3);

  /* the environment wins over the settings; the secret comes from it too */
  g_setenv ("VITRINE_S3_BUCKET", "from-env", TRUE);
  g_setenv ("VITRINE_S3_PATH_STYLE", "0", TRUE);
  g_setenv ("VITRINE_S3_SECRET_KEY", "env-secret", TRUE);

  vitrine_media_host_new_from_settings_async (NULL, store_result_cb, &result);
  host = vitrine_media_host_new_from_settings_finish (wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vitrine_media_host_get_endpoint (host), ==, "https://s3.example.org");
  g_assert_cmpstr (vitrine_media_host_get_bucket (host), ==, "from-env");
  g_assert_cmpstr (vitrine_media_host_get_access_key (host), ==, "SETTINGSKEY");
  g_assert_cmpstr (vitrine_media_host_get_region (host), ==, "eu-central-1");
  g_assert_false (vitrine_media_host_get_path_style (host));
  g_assert_cmpuint (vitrine_media_host_get_url_hours (host), ==, 48);
  g_assert_cmpuint (vitrine_media_host_get_keep_days (host), ==, 3);

  /* nothing set up: a message that says what is missing */
  g_clear_object (&result);
  g_clear_object (&host);
  g_settings_reset (settings, "media-host-endpoint");
  g_unsetenv ("VITRINE_S3_ENDPOINT");
  vitrine_media_host_new_from_settings_async (NULL, store_result_cb, &result);
  host = vitrine_media_host_new_from_settings_finish (wait_for (&result), &error);
  g_assert_null (host);
  g_assert_error (error, VITRINE_MEDIA_HOST_ERROR, VITRINE_MEDIA_HOST_ERROR_NOT_CONFIGURED);
  g_assert_nonnull (strstr (error->message, "an endpoint"));

  g_unsetenv ("VITRINE_S3_BUCKET");
  g_unsetenv ("VITRINE_S3_PATH_STYLE");
  g_unsetenv ("VITRINE_S3_SECRET_KEY");
  for (const char * const *k = (const char *[]) { "media-host-bucket", "media-host-access-key",
                                                  "media-host-region", "media-host-path-style",
                                                  "media-host-url-hours", "media-host-keep-days",
                                                  NULL }; *k; k++)
    g_settings_reset (settings, *k);
}

/* Against the peer ----------------------------------------------------------------- */

typedef struct {
  guint calls;
  guint done;
  guint total;
  guint64 bytes;
} Progress;

static void
progress_cb (guint    done,
             guint    total,
             guint64  bytes,
             gpointer user_data)
{
  Progress *p = user_data;

  g_assert_cmpuint (done, ==, p->done + 1);
  p->calls++;
  p->done = done;
  p->total = total;
  p->bytes = bytes;
}

static void
test_upload_roundtrip (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *src = NULL;
  g_autofree char *prepared = NULL;
  g_autofree char *music = NULL;
  g_autofree char *logo = NULL;
  g_autofree char *job_id = g_uuid_string_random ();
  g_autofree char *record = NULL;
  g_autoptr(VitrineMediaHost) host = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) rec = NULL;
  g_autoptr(GRegex) shape = NULL;
  g_auto(GStrv) urls = NULL;
  const char *remote = "https://photos.example.com/listing/42/pool.jpg?w=2048";
  Progress progress = { 0 };
  VitrinePhotoPrepOptions opts;

  if (!need_peer ())
    return;

  dir = vitrine_test_make_tmpdir ();
  src = vitrine_test_make_jpeg (dir, "kitchen.jpg", 1600, 1200, 6, 3);
  prepared = g_build_filename (dir, "000-prepared.jpg", NULL);
  vitrine_photo_prep_options_init (&opts);
  opts.crop = VITRINE_PHOTO_CROP_16_9;
  g_assert_true (vitrine_photo_prep_file (src, prepared, 0.5, 0.5, &opts, NULL, &error));
  g_assert_no_error (error);
  music = vitrine_test_make_wav (dir, "music.wav", 0.5, 0.3);
  logo = vitrine_test_make_png (dir, "logo.png", 64, 64, 1);

  host = host_with ("photos", SECRET_KEY);
  vitrine_media_host_upload_async (host, job_id,
                                   (const char *[]) { prepared, remote, music, logo, NULL },
                                   (const char *[]) { NULL, NULL, "music.wav", NULL, NULL },
                                   progress_cb, &progress, NULL, NULL, store_result_cb, &result);
  urls = vitrine_media_host_upload_finish (host, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (urls), ==, 4);
  for (guint i = 0; i < 4; i++)
    if (i != 1)
      note_signature (urls[i]);

  /* progress: the three local files, on the main thread */
  g_assert_cmpuint (progress.calls, ==, 3);
  g_assert_cmpuint (progress.total, ==, 3);
  g_assert_cmpuint (progress.bytes, >, 0);

  /* an https:// photo goes through untouched */
  g_assert_cmpstr (urls[1], ==, remote);

  /* the others are presigned links under an unguessable folder */
  shape = g_regex_new ("^http://127\\.0\\.0\\.1:[0-9]+/photos/vitrine/[0-9a-f]{32}/"
                       "(0\\.jpg|music\\.wav|3\\.png)\\?X-Amz-Algorithm=AWS4-HMAC-SHA256&"
                       ".*X-Amz-Expires=86400&.*X-Amz-Signature=[0-9a-f]{64}$", 0, 0, NULL);
  for (guint i = 0; i < 4; i++)
    if (i != 1)
      {
        g_test_message ("%s", urls[i]);
        g_assert_true (g_regex_match (shape, urls[i], 0, NULL));
      }

  /* a provider fetching the links gets the very bytes, with their type */
  {
    const char *paths[] = { prepared, NULL, music, logo };
    const char *types[] = { "image/jpeg", NULL, "audio/", "image/png" };

    for (guint i = 0; i < 4; i++)
      {
        g_autoptr(GBytes) body = NULL;
        g_autofree char *contents = NULL;
        g_autofree char *type = NULL;
        gsize len;
        guint status;

        if (paths[i] == NULL)
          continue;
        body = fetch (urls[i], &status, &type);
        g_assert_cmpuint (status, ==, 200);
        g_assert_true (g_file_get_contents (paths[i], &contents, &len, NULL));
        g_assert_cmpmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body), contents, len);
        g_assert_true (g_str_has_prefix (type, types[i]));
      }
  }

  /* every key is in the job's record */
  rec = read_record (job_id);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rec, "objects")), ==, 3);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (rec, "prefix"), "vitrine/"));

  /* the job ends (keep-days 0): the objects go, the links stop working */
  g_assert_true (delete_job (host, job_id, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(GBytes) body = NULL;
      guint status;

      if (i == 1)
        continue;
      body = fetch (urls[i], &status, NULL);
      g_assert_cmpuint (status, ==, 404);
    }
  record = record_file (job_id);
  g_assert_false (g_file_test (record, G_FILE_TEST_EXISTS));

  /* deleting again is harmless */
  g_assert_true (delete_job (host, job_id, &error));
  g_assert_no_error (error);

  vitrine_test_rmtree (dir);
}

static void
test_wrong_secret (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;
  g_autofree char *job_id = g_uuid_string_random ();
  g_autofree char *url = NULL;
  g_autoptr(VitrineMediaHost) host = NULL;
  g_autoptr(VitrineMediaHost) good = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) payload = g_bytes_new_static ("hello\n", 6);
  g_autoptr(JsonObject) rec = NULL;
  g_auto(GStrv) urls = NULL;

  if (!need_peer ())
    return;

  /* the Test button */
  host = host_with ("photos", WRONG_SECRET);
  g_assert_false (test_button (host, &error));
  g_assert_error (error, VITRINE_MEDIA_HOST_ERROR, VITRINE_MEDIA_HOST_ERROR_REFUSED);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "The bucket refused the key ("));
  g_clear_error (&error);

  /* an upload: refused, nothing stored */
  dir = vitrine_test_make_tmpdir ();
  file = vitrine_test_make_jpeg (dir, "a.jpg", 320, 240, 0, 1);
  urls = upload (host, job_id, (const char *[]) { file, NULL }, NULL, &error);
  g_assert_null (urls);
  g_assert_error (error, VITRINE_MEDIA_HOST_ERROR, VITRINE_MEDIA_HOST_ERROR_REFUSED);
  /* The person is told what the bucket said. */
  g_assert_nonnull (strstr (error->message, "SignatureDoesNotMatch"));
  g_clear_error (&error);
  rec = read_record (job_id);
  good = host_with ("photos", SECRET_KEY);
  {
    JsonObject *object = json_array_get_object_element (json_object_get_array_member (rec, "objects"), 0);
    g_autofree char *link = vitrine_media_host_presign_get (good, json_object_get_string_member (object, "key"),
                                                           60);
    g_autoptr(GBytes) body = NULL;
    guint status;

    body = fetch (link, &status, NULL);
    g_assert_cmpuint (status, ==, 404);
  }
  /* the record of a failed upload is cleaned up like any other */
  g_assert_true (delete_job (good, job_id, &error));
  g_assert_no_error (error);

  /* what the service itself says to a wrong secret, and to an unknown key */
  url = g_strdup_printf ("%s/photos/vitrine/raw/wrong.txt", vitrine_test_s3_get_endpoint (peer));
  {
    guint status;
    g_autoptr(GBytes) body = raw_request ("PUT", url, WRONG_SECRET, ACCESS_KEY, payload, &status);

    g_assert_cmpuint (status, ==, 403);
    g_assert_true (bytes_contain (body, "<Code>SignatureDoesNotMatch</Code>"));
  }
  {
    guint status;
    g_autoptr(GBytes) body = raw_request ("PUT", url, SECRET_KEY, "NOSUCHKEY", payload, &status);

    g_assert_cmpuint (status, ==, 403);
    g_assert_true (bytes_contain (body, "<Code>InvalidAccessKeyId</Code>"));
  }
  {
    /* the same request with the right secret is taken, so the 403s above
     * are about the key, not about the request */
    guint status;
    g_autoptr(GBytes) body = raw_request ("PUT", url, SECRET_KEY, ACCESS_KEY, payload, &status);

    g_assert_cmpuint (status, ==, 200);
    g_clear_pointer (&body, g_bytes_unref);
    body = raw_request ("DELETE", url, SECRET_KEY, ACCESS_KEY, NULL, &status);
    g_assert_cmpuint (status, ==, 204);
  }
  {
    /* this peer also takes unsigned requests (a real private bucket would
     * not): a test that only saw "no error" would prove nothing */
    guint status;
    g_autoptr(GBytes) body = raw_request ("GET", url, NULL, NULL, NULL, &status);

    g_test_message ("anonymous GET of a missing key: %u", status);
    g_assert_cmpuint (status, ==, 404);
  }

  vitrine_test_rmtree (dir);
}

static void
test_tampered_url (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;
  g_autofree char *job_id = g_uuid_string_random ();
  g_autoptr(VitrineMediaHost) host = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) urls = NULL;
  guint status;

  if (!need_peer ())
    return;

  dir = vitrine_test_make_tmpdir ();
  file = vitrine_test_make_jpeg (dir, "a.jpg", 320, 240, 0, 1);
  host = host_with ("photos", SECRET_KEY);
  vitrine_media_host_set_url_hours (host, 2);
  urls = upload (host, job_id, (const char *[]) { file, NULL }, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (urls[0], "X-Amz-Expires=7200&"));

  /* as given: fine */
  g_bytes_unref (fetch (urls[0], &status, NULL));
  g_assert_cmpuint (status, ==, 200);

  /* one hex digit of the signature changed */
  {
    g_autofree char *bad = g_strdup (urls[0]);
    char *last = bad + strlen (bad) - 1;
    g_autoptr(GBytes) body = NULL;

    *last = *last == '0' ? '1' : '0';
    body = fetch (bad, &status, NULL);
    g_assert_cmpuint (status, ==, 403);
    g_assert_true (bytes_contain (body, "SignatureDoesNotMatch"));
  }
  /* a longer life than signed */
  {
    g_autoptr(GRegex) re = g_regex_new ("X-Amz-Expires=7200", 0, 0, NULL);
    g_autofree char *bad = g_regex_replace_literal (re, urls[0], -1, 0, "X-Amz-Expires=604800", 0, NULL);

    g_bytes_unref (fetch (bad, &status, NULL));
    g_assert_cmpuint (status, ==, 403);
  }
  /* another object with the same signature */
  {
    g_autoptr(GRegex) re = g_regex_new ("/0\\.jpg\\?", 0, 0, NULL);
    g_autofree char *bad = g_regex_replace_literal (re, urls[0], -1, 0, "/1.jpg?", 0, NULL);

    g_assert_cmpstr (bad, !=, urls[0]);
    g_bytes_unref (fetch (bad, &status, NULL));
    g_assert_cmpuint (status, ==, 403);
  }
  /* expired: signed two hours ago for one minute */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autoptr(GDateTime) then = g_date_time_add_hours (now, -2);
    g_autofree char *date = g_date_time_format (then, "%Y%m%dT%H%M%SZ");
    g_autofree char *plain = g_strndup (urls[0], strchr (urls[0], '?') - urls[0]);
    g_autofree char *old = vitrine_sigv4_presign_url (&(VitrineSigv4Signer) { "us-east-1", ACCESS_KEY,
                                                                          SECRET_KEY, date },
                                                      "GET", plain, 60);
    g_autoptr(GBytes) body = NULL;

    body = fetch (old, &status, NULL);
    g_assert_cmpuint (status, ==, 403);
    g_test_message ("expired link: %.*s", (int) MIN (g_bytes_get_size (body), 200),
                    (const char *) g_bytes_get_data (body, NULL));
  }

  g_assert_true (delete_job (host, job_id, &error));
  g_assert_no_error (error);
  vitrine_test_rmtree (dir);
}

static void
test_test_button (void)
{
  g_autoptr(VitrineMediaHost) host = NULL;
  g_autoptr(VitrineMediaHost) nobucket = NULL;
  g_autoptr(VitrineMediaHost) nowhere = NULL;
  g_autoptr(GError) error = NULL;

  if (!need_peer ())
    return;

  host = host_with ("photos", SECRET_KEY);
  g_assert_true (test_button (host, &error));
  g_assert_no_error (error);
  /* it cleaned up after itself */
  {
    g_autofree char *dir = g_build_filename (vitrine_test_s3_get_directory (peer), "photos", "vitrine",
                                             NULL);
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      g_assert_false (g_str_has_prefix (name, ".vitrine-test-"));
  }

  nobucket = host_with ("no-such-bucket", SECRET_KEY);
  g_assert_false (test_button (nobucket, &error));
  g_assert_error (error, VITRINE_MEDIA_HOST_ERROR, VITRINE_MEDIA_HOST_ERROR_NO_BUCKET);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "“no-such-bucket”"));
  g_clear_error (&error);

  /* nothing listens on port 1 */
  nowhere = vitrine_media_host_new ("http://127.0.0.1:1", NULL, "photos", TRUE, ACCESS_KEY, SECRET_KEY,
                                    &error);
  g_assert_no_error (error);
  g_assert_false (test_button (nowhere, &error));
  g_assert_error (error, VITRINE_MEDIA_HOST_ERROR, VITRINE_MEDIA_HOST_ERROR_UNREACHABLE);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "Cannot reach the media host http://127.0.0.1:1"));
}

static void
test_keep_days_and_sweep (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *a = NULL, *b = NULL;
  g_autofree char *kept_job = g_uuid_string_random ();
  g_autofree char *crashed_job = g_uuid_string_random ();
  g_autofree char *record = NULL;
  g_autoptr(VitrineMediaHost) host = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) kept = NULL;
  g_auto(GStrv) crashed = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint status;

  if (!need_peer ())
    return;

  dir = vitrine_test_make_tmpdir ();
  a = vitrine_test_make_jpeg (dir, "a.jpg", 320, 240, 0, 1);
  b = vitrine_test_make_jpeg (dir, "b.jpg", 320, 240, 0, 2);
  host = host_with ("photos", SECRET_KEY);
  vitrine_media_host_set_keep_days (host, 2);

  kept = upload (host, kept_job, (const char *[]) { a, b, NULL }, NULL, &error);
  g_assert_no_error (error);
  crashed = upload (host, crashed_job, (const char *[]) { a, NULL }, NULL, &error);
  g_assert_no_error (error);

  /* keep-days 2: the job ends, the objects stay, the end is noted */
  g_assert_true (delete_job (host, kept_job, &error));
  g_assert_no_error (error);
  g_bytes_unref (fetch (kept[0], &status, NULL));
  g_assert_cmpuint (status, ==, 200);
  {
    g_autoptr(JsonObject) rec = read_record (kept_job);

    g_assert_cmpint (json_object_get_int_member (rec, "ended"), >=, now);
  }

  /* nothing is due yet */
  g_assert_cmpuint (sweep (host), ==, 0);

  /* three days later */
  {
    g_autoptr(JsonObject) rec = read_record (kept_job);

    json_object_set_int_member (rec, "ended", now - 3 * 86400);
    write_record (kept_job, rec);
  }
  /* and the other job never ended, its links expired long ago */
  {
    g_autoptr(JsonObject) rec = read_record (crashed_job);
    JsonArray *objects = json_object_get_array_member (rec, "objects");

    json_object_set_int_member (json_array_get_object_element (objects, 0), "uploaded", now - 5 * 86400);
    write_record (crashed_job, rec);
  }
  /* an object of another bucket is none of this host's business */
  {
    g_autoptr(JsonObject) rec = read_record (crashed_job);
    JsonArray *objects = json_object_get_array_member (rec, "objects");
    JsonObject *other = json_object_new ();

    json_object_set_string_member (other, "endpoint", "https://s3.example.com");
    json_object_set_string_member (other, "bucket", "elsewhere");
    json_object_set_string_member (other, "key", "vitrine/0000/0.jpg");
    json_object_set_int_member (other, "uploaded", now - 30 * 86400);
    json_array_add_object_element (objects, other);
    write_record (crashed_job, rec);
  }

  g_assert_cmpuint (sweep (host), ==, 3);
  for (guint i = 0; kept[i] != NULL; i++)
    {
      g_bytes_unref (fetch (kept[i], &status, NULL));
      g_assert_cmpuint (status, ==, 404);
    }
  g_bytes_unref (fetch (crashed[0], &status, NULL));
  g_assert_cmpuint (status, ==, 404);
  record = record_file (kept_job);
  g_assert_false (g_file_test (record, G_FILE_TEST_EXISTS));
  {
    g_autoptr(JsonObject) rec = read_record (crashed_job);

    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rec, "objects")), ==, 1);
  }
  g_assert_cmpuint (sweep (host), ==, 0);

  vitrine_test_rmtree (dir);
}

static guint
sweep_from_settings (GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vitrine_media_host_sweep_from_settings_async (NULL, store_result_cb, &result);
  return vitrine_media_host_sweep_from_settings_finish (wait_for (&result), error);
}

static void
set_peer_env (const char *keep_days)
{
  g_setenv ("VITRINE_S3_ENDPOINT", vitrine_test_s3_get_endpoint (peer), TRUE);
  g_setenv ("VITRINE_S3_BUCKET", "photos", TRUE);
  g_setenv ("VITRINE_S3_ACCESS_KEY", ACCESS_KEY, TRUE);
  g_setenv ("VITRINE_S3_SECRET_KEY", SECRET_KEY, TRUE);
  g_setenv ("VITRINE_S3_KEEP_DAYS", keep_days, TRUE);
}

/* The sweep the application runs at start-up: from the settings, the
 * copies of jobs that ended more than keep-days ago go, the others stay;
 * with no media host set up there is nothing to do, and no error. */
static void
test_sweep_from_settings (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *a = NULL;
  g_autofree char *old_job = g_uuid_string_random ();
  g_autofree char *recent_job = g_uuid_string_random ();
  g_autoptr(VitrineMediaHost) host = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) old = NULL;
  g_auto(GStrv) recent = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint status;

  g_assert_cmpuint (sweep_from_settings (&error), ==, 0);
  g_assert_no_error (error);
  if (!need_peer ())
    return;

  dir = vitrine_test_make_tmpdir ();
  a = vitrine_test_make_jpeg (dir, "a.jpg", 320, 240, 0, 1);
  host = host_with ("photos", SECRET_KEY);
  vitrine_media_host_set_keep_days (host, 2);
  old = upload (host, old_job, (const char *[]) { a, a, NULL }, NULL, &error);
  g_assert_no_error (error);
  recent = upload (host, recent_job, (const char *[]) { a, NULL }, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (delete_job (host, old_job, &error));
  g_assert_true (delete_job (host, recent_job, &error));
  g_assert_no_error (error);
  {
    g_autoptr(JsonObject) rec = read_record (old_job);

    json_object_set_int_member (rec, "ended", now - 3 * 86400);
    write_record (old_job, rec);
  }

  set_peer_env ("2");
  g_assert_cmpuint (sweep_from_settings (&error), ==, 2);
  g_assert_no_error (error);
  for (guint i = 0; old[i] != NULL; i++)
    {
      g_bytes_unref (fetch (old[i], &status, NULL));
      g_assert_cmpuint (status, ==, 404);
    }
  g_bytes_unref (fetch (recent[0], &status, NULL));
  g_assert_cmpuint (status, ==, 200);

  /* keep-days 0: the ended job's copies are due at once */
  set_peer_env ("0");
  g_assert_cmpuint (sweep_from_settings (&error), ==, 1);
  g_bytes_unref (fetch (recent[0], &status, NULL));
  g_assert_cmpuint (status, ==, 404);

  for (const char * const *name = (const char *[]) { "ENDPOINT", "BUCKET", "ACCESS_KEY",
                                                     "SECRET_KEY", "KEEP_DAYS", NULL };
       *name != NULL; name++)
    {
      g_autofree char *variable = g_strconcat ("VITRINE_S3_", *name, NULL);

      g_unsetenv (variable);
    }
  vitrine_test_rmtree (dir);
}

static void
test_secret_not_logged (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;
  g_autofree char *job_id = g_uuid_string_random ();
  g_autoptr(VitrineMediaHost) host = NULL;
  g_autoptr(VitrineMediaHost) wrong = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) urls = NULL;
  g_autofree char *text = NULL;

  if (!need_peer ())
    return;

  /* a run of its own, with everything logged */
  dir = vitrine_test_make_tmpdir ();
  file = vitrine_test_make_jpeg (dir, "a.jpg", 320, 240, 0, 1);
  host = host_with ("photos", SECRET_KEY);
  wrong = host_with ("photos", WRONG_SECRET);
  g_assert_true (test_button (host, &error));
  g_assert_false (test_button (wrong, &error));
  g_clear_error (&error);
  urls = upload (host, job_id, (const char *[]) { file, NULL }, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (delete_job (host, job_id, &error));

  g_mutex_lock (&log_lock);
  text = g_strdup (log_text->str);
  g_mutex_unlock (&log_lock);

  /* the log did see the traffic… */
  g_assert_nonnull (strstr (text, "HTTP > PUT"));
  g_assert_nonnull (strstr (text, "HTTP > DELETE"));
  /* …but never a secret, a signature or a signing credential */
  g_assert_null (strstr (text, SECRET_KEY));
  g_assert_null (strstr (text, WRONG_SECRET));
  g_assert_null (strstr (text, "Signature="));
  for (guint i = 0; i < signatures->len; i++)
    g_assert_null (strstr (text, g_ptr_array_index (signatures, i)));
  {
    g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

    g_test_message ("%u log lines checked, %u signatures looked for", g_strv_length (lines),
                    signatures->len);
  }

  vitrine_test_rmtree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *cache = NULL;
  int status;

  /* everything logged, as with G_MESSAGES_DEBUG=all, into log_text */
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  log_text = g_string_new (NULL);
  signatures = g_ptr_array_new_with_free_func (g_free);
  g_log_set_writer_func (capture_writer, NULL, NULL);

  /* a cache of our own: the sweep looks at every job's record */
  cache = g_dir_make_tmp ("vitrine-media-host-XXXXXX", NULL);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);

  g_test_init (&argc, &argv, NULL);
  default_handler = g_log_set_default_handler (capture_handler, NULL);
  provider = soup_session_new ();

  g_test_add_func ("/core/media-host/sigv4/aws-examples", test_sigv4_aws_examples);
  g_test_add_func ("/core/media-host/sigv4/matches-curl", test_sigv4_matches_curl);
  g_test_add_func ("/core/media-host/config", test_config);
  g_test_add_func ("/core/media-host/from-settings", test_from_settings);
  g_test_add_func ("/core/media-host/upload-roundtrip", test_upload_roundtrip);
  g_test_add_func ("/core/media-host/wrong-secret", test_wrong_secret);
  g_test_add_func ("/core/media-host/tampered-url", test_tampered_url);
  g_test_add_func ("/core/media-host/test-button", test_test_button);
  g_test_add_func ("/core/media-host/keep-days-and-sweep", test_keep_days_and_sweep);
  g_test_add_func ("/core/media-host/sweep-from-settings", test_sweep_from_settings);
  g_test_add_func ("/core/media-host/secret-not-logged", test_secret_not_logged);

  status = g_test_run ();

  vitrine_test_s3_stop (peer);
  g_clear_object (&provider);
  vitrine_test_rmtree (cache);
  return status;
}
