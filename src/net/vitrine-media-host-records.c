/* vitrine-media-host-records.c: what each job uploaded, on disk
 *
 * Before each PUT, the key goes into the job's cache folder
 * (media-host.json, written in a worker thread under a lock), so that an
 * upload cut short by a crash still leaves a trace to delete:
 *   { "prefix": "vitrine/<hex>", "ended": <unix time or 0>,
 *     "objects": [ { "endpoint": …, "bucket": …, "key": …, "uploaded": <unix> } ] }
 * The endpoint and bucket are kept per object: a job retried after the
 * settings changed may have objects in two buckets.
 *
 * Everything here runs in worker threads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "vitrine-media-host-private.h"

#define RECORD_NAME      "media-host.json"

static GMutex record_lock;

/* The jobs' cache folders, where photo preparation puts each job's files
 * too (vitrine_photo_prep_dup_job_dir(): the same path, named here so
 * that src/net needs nothing of src/media). */
static char *
jobs_dir (void)
{
  return g_build_filename (g_get_user_cache_dir (), "vitrine", "jobs", NULL);
}

char *
vitrine_media_host_record_path (const char *job_id)
{
  g_autofree char *dir = jobs_dir ();

  g_return_val_if_fail (job_id != NULL && *job_id != '\0' && strchr (job_id, '/') == NULL, NULL);
  return g_build_filename (dir, job_id, RECORD_NAME, NULL);
}

/* The record at @path, or an empty one. Called with record_lock held. */
static JsonObject *
record_load (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonObject *record;

  if (json_parser_load_from_file (parser, path, NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
    record = json_object_ref (json_node_get_object (root));
  else
    record = json_object_new ();

  if (!json_object_has_member (record, "objects") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (record, "objects")))
    json_object_set_array_member (record, "objects", json_array_new ());
  return record;
}

/* Called with record_lock held. An empty record is removed. */
static gboolean
record_save (const char  *path,
             JsonObject  *record,
             GError     **error)
{
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *text = NULL;
  JsonArray *objects = json_object_get_array_member (record, "objects");

  if (json_array_get_length (objects) == 0)
    {
      if (g_unlink (path) != 0 && errno != ENOENT)
        {
          int errsv = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv), "%s: %s", path,
                       g_strerror (errsv));
          return FALSE;
        }
      return TRUE;
    }

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv), "%s: %s", dir,
                   g_strerror (errsv));
      return FALSE;
    }
  root = json_node_init_object (json_node_alloc (), record);
  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  return g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

char *
vitrine_media_host_random_hex (void)
{
  guint8 bytes[16];
  GString *hex = g_string_sized_new (32);
  gsize got = 0;

  while (got < sizeof bytes)
    {
      ssize_t n = getrandom (bytes + got, sizeof bytes - got, 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        g_error ("getrandom() failed: %s", g_strerror (errno));
      got += n;
    }
  for (guint i = 0; i < sizeof bytes; i++)
    g_string_append_printf (hex, "%02x", bytes[i]);
  return g_string_free (hex, FALSE);
}

static gboolean
object_is_ours (JsonObject *object,
                const char *endpoint,
                const char *bucket)
{
  return g_strcmp0 (json_object_get_string_member_with_default (object, "endpoint", NULL), endpoint) == 0 &&
         g_strcmp0 (json_object_get_string_member_with_default (object, "bucket", NULL), bucket) == 0;
}

char *
vitrine_media_host_records_add (const char  *path,
                                const char  *endpoint,
                                const char  *bucket,
                                const char  *name,
                                GError     **error)
{
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(JsonObject) entry = NULL;
  g_autofree char *key = NULL;
  JsonArray *objects;
  const char *prefix;
  gboolean found = FALSE;
  gboolean ok;

  g_mutex_lock (&record_lock);
  record = record_load (path);
  prefix = json_object_get_string_member_with_default (record, "prefix", NULL);
  if (prefix == NULL || !g_str_has_prefix (prefix, "vitrine/"))
    {
      g_autofree char *hex = vitrine_media_host_random_hex ();
      g_autofree char *fresh = g_strconcat ("vitrine/", hex, NULL);

      json_object_set_string_member (record, "prefix", fresh);
      prefix = json_object_get_string_member (record, "prefix");
    }
  key = g_strdup_printf ("%s/%s", prefix, name);
  /* a job that runs again is not over */
  json_object_set_int_member (record, "ended", 0);

  objects = json_object_get_array_member (record, "objects");
  for (guint i = 0; i < json_array_get_length (objects) && !found; i++)
    {
      JsonObject *object = json_array_get_object_element (objects, i);

      if (object_is_ours (object, endpoint, bucket) &&
          g_strcmp0 (json_object_get_string_member_with_default (object, "key", NULL), key) == 0)
        {
          json_object_set_int_member (object, "uploaded", g_get_real_time () / G_USEC_PER_SEC);
          found = TRUE;
        }
    }
  if (!found)
    {
      entry = json_object_new ();
      json_object_set_string_member (entry, "endpoint", endpoint);
      json_object_set_string_member (entry, "bucket", bucket);
      json_object_set_string_member (entry, "key", key);
      json_object_set_int_member (entry, "uploaded", g_get_real_time () / G_USEC_PER_SEC);
      json_array_add_object_element (objects, g_steal_pointer (&entry));
    }
  ok = record_save (path, record, error);
  g_mutex_unlock (&record_lock);

  return ok ? g_steal_pointer (&key) : NULL;
}

void
vitrine_media_host_doomed_free (gpointer data)
{
  VitrineMediaHostDoomed *d = data;

  g_free (d->job_id);
  g_free (d->key);
  g_free (d);
}

static VitrineMediaHostDoomed *
doomed_new (const char *job_id,
            const char *key)
{
  VitrineMediaHostDoomed *d = g_new0 (VitrineMediaHostDoomed, 1);

  d->job_id = g_strdup (job_id);
  d->key = g_strdup (key);
  return d;
}

/* Adds to @doomed the objects of one record that are due at @now
 * (keep_days < 0: all of this host's). Called with record_lock held. */
static void
record_collect (const char *job_id,
                JsonObject *record,
                const char *endpoint,
                const char *bucket,
                gint64      now,
                gint64      keep_seconds,
                gint64      link_seconds,
                GPtrArray  *doomed)
{
  JsonArray *objects = json_object_get_array_member (record, "objects");
  gint64 ended = json_object_get_int_member_with_default (record, "ended", 0);

  for (guint i = 0; i < json_array_get_length (objects); i++)
    {
      JsonObject *object = json_array_get_object_element (objects, i);
      const char *key = json_object_get_string_member_with_default (object, "key", NULL);
      gint64 uploaded = json_object_get_int_member_with_default (object, "uploaded", 0);
      gboolean due;

      if (key == NULL || !object_is_ours (object, endpoint, bucket))
        continue;
      if (keep_seconds < 0)
        due = TRUE;
      else if (ended > 0)
        due = now >= ended + keep_seconds;
      else /* never ended (a crash): once no link to it works any more */
        due = now >= uploaded + MAX (keep_seconds, link_seconds);
      if (due)
        g_ptr_array_add (doomed, doomed_new (job_id, key));
    }
}

gboolean
vitrine_media_host_records_forget (GPtrArray   *deleted,
                                   const char  *endpoint,
                                   const char  *bucket,
                                   GError     **error)
{
  g_autoptr(GHashTable) by_job = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                        (GDestroyNotify) g_hash_table_unref);
  GHashTableIter iter;
  gpointer job_id, keys;
  gboolean ok = TRUE;

  for (guint i = 0; i < deleted->len; i++)
    {
      VitrineMediaHostDoomed *d = g_ptr_array_index (deleted, i);
      GHashTable *set = g_hash_table_lookup (by_job, d->job_id);

      if (set == NULL)
        {
          set = g_hash_table_new (g_str_hash, g_str_equal);
          g_hash_table_insert (by_job, d->job_id, set);
        }
      g_hash_table_add (set, d->key);
    }

  g_mutex_lock (&record_lock);
  g_hash_table_iter_init (&iter, by_job);
  while (g_hash_table_iter_next (&iter, &job_id, &keys))
    {
      g_autofree char *path = vitrine_media_host_record_path (job_id);
      g_autoptr(JsonObject) record = record_load (path);
      JsonArray *objects = json_object_get_array_member (record, "objects");

      for (guint i = json_array_get_length (objects); i-- > 0;)
        {
          JsonObject *object = json_array_get_object_element (objects, i);
          const char *key = json_object_get_string_member_with_default (object, "key", NULL);

          if (key != NULL && object_is_ours (object, endpoint, bucket) &&
              g_hash_table_contains (keys, key))
            json_array_remove_element (objects, i);
        }
      if (!record_save (path, record, ok ? error : NULL))
        ok = FALSE;
    }
  g_mutex_unlock (&record_lock);

  return ok;
}

gboolean
vitrine_media_host_records_end_job (const char  *job_id,
                                    gint64       now,
                                    GError     **error)
{
  g_autofree char *path = vitrine_media_host_record_path (job_id);
  gboolean ok = TRUE;

  g_mutex_lock (&record_lock);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autoptr(JsonObject) record = record_load (path);

      json_object_set_int_member (record, "ended", now);
      ok = record_save (path, record, error);
    }
  g_mutex_unlock (&record_lock);

  return ok;
}

static void
collect_job (const char *job_id,
             const char *endpoint,
             const char *bucket,
             gint64      now,
             GPtrArray  *doomed)
{
  g_autofree char *path = vitrine_media_host_record_path (job_id);
  g_autoptr(JsonObject) record = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return;
  record = record_load (path);
  record_collect (job_id, record, endpoint, bucket, now, -1, 0, doomed);
}

static void
collect_all (const char *endpoint,
             const char *bucket,
             gint64      now,
             gint64      keep_seconds,
             gint64      link_seconds,
             GPtrArray  *doomed)
{
  g_autofree char *dir_path = jobs_dir ();
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, RECORD_NAME, NULL);
      g_autoptr(JsonObject) record = NULL;

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;
      record = record_load (path);
      record_collect (name, record, endpoint, bucket, now, keep_seconds, link_seconds, doomed);
    }
}

GPtrArray *
vitrine_media_host_records_collect (const char *job_id,
                                    const char *endpoint,
                                    const char *bucket,
                                    gint64      now,
                                    gint64      keep_seconds,
                                    gint64      link_seconds)
{
  GPtrArray *doomed = g_ptr_array_new_with_free_func (vitrine_media_host_doomed_free);

  g_mutex_lock (&record_lock);
  if (job_id != NULL)
    collect_job (job_id, endpoint, bucket, now, doomed);
  else
    collect_all (endpoint, bucket, now, keep_seconds, link_seconds, doomed);
  g_mutex_unlock (&record_lock);

  return doomed;
}
