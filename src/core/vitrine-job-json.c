/* vitrine-job-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vitrine-job-json.h"

char *
vitrine_time_to_iso8601 (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_seconds);

  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ") : NULL;
}

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *member,
                    const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* @record (a record of @members) as a JSON object. */
static void
add_strings_object (JsonBuilder               *builder,
                    const VitrineStringMember *members,
                    gconstpointer              record)
{
  json_builder_begin_object (builder);
  for (const VitrineStringMember *m = members; m->name != NULL; m++)
    add_string_or_null (builder, m->name, VITRINE_STRING_RECORD_GET (record, m));
  json_builder_end_object (builder);
}

/* The reverse: @o's strings into @record (new, all NULL), which owns them. */
static void
read_strings_object (JsonObject                *o,
                     const VitrineStringMember *members,
                     gpointer                   record)
{
  for (const VitrineStringMember *m = members; m->name != NULL; m++)
    VITRINE_STRING_RECORD_GET (record, m) =
      g_strdup (json_object_get_string_member_with_default (o, m->name, NULL));
}

static void
add_outputs (JsonBuilder *builder,
             VitrineJob  *job)
{
  GPtrArray *outputs = vitrine_job_get_outputs (job);

  json_builder_begin_array (builder);
  for (guint i = 0; i < outputs->len; i++)
    add_strings_object (builder, vitrine_job_output_members, g_ptr_array_index (outputs, i));
  json_builder_end_array (builder);
}

static void
add_strv (JsonBuilder        *builder,
          const char         *member,
          const char * const *strv)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; strv[i] != NULL; i++)
    json_builder_add_string_value (builder, strv[i]);
  json_builder_end_array (builder);
}

static void
add_ratios (JsonBuilder *builder,
            VitrineJob  *job)
{
  VitrineRatio ratios[3];
  guint n = vitrine_ratio_flags_list (vitrine_job_get_ratios (job), ratios);

  json_builder_set_member_name (builder, "ratios");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    json_builder_add_string_value (builder, vitrine_ratio_to_string (ratios[i]));
  json_builder_end_array (builder);
}

/* What the listing video is made of (the same members in `show --json`
 * and in the store's inputs). */
static void
add_listing_inputs (JsonBuilder *builder,
                    VitrineJob  *job)
{
  json_builder_set_member_name (builder, "listing");
  add_strings_object (builder, vitrine_listing_members, vitrine_job_get_listing (job));
  json_builder_set_member_name (builder, "agent");
  add_strings_object (builder, vitrine_agent_members, vitrine_job_get_agent (job));
  add_strv (builder, "captions", vitrine_job_get_captions (job));
  add_ratios (builder, job);
  json_builder_set_member_name (builder, "unbranded");
  json_builder_add_boolean_value (builder, vitrine_job_get_unbranded (job));
  add_string_or_null (builder, "fit", vitrine_fit_to_string (vitrine_job_get_fit (job)));
}

JsonNode *
vitrine_job_to_json (VitrineJob *job)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *created = vitrine_time_to_iso8601 (vitrine_job_get_created (job));
  g_autofree char *updated = vitrine_time_to_iso8601 (vitrine_job_get_updated (job));

  json_builder_begin_object (builder);
  add_string_or_null (builder, "id", vitrine_job_get_id (job));
  add_string_or_null (builder, "provider", vitrine_job_get_provider_id (job));
  /* Issue 12: the jobs of one Compare share it (null for a job alone). */
  add_string_or_null (builder, "group", vitrine_job_get_group (job));
  add_string_or_null (builder, "name", vitrine_job_get_name (job));
  add_string_or_null (builder, "state", vitrine_job_state_to_string (vitrine_job_get_state (job)));
  json_builder_set_member_name (builder, "progress");
  json_builder_add_int_value (builder, vitrine_job_get_progress (job));
  add_string_or_null (builder, "status_text", vitrine_job_get_status_text (job));
  add_string_or_null (builder, "error", vitrine_job_get_error_message (job));
  json_builder_set_member_name (builder, "outputs");
  add_outputs (builder, job);
  add_string_or_null (builder, "remote_id", vitrine_job_get_remote_id (job));
  /* Issue 9: a paused job says why, and whether anything still follows it. */
  add_string_or_null (builder, "attention", vitrine_job_get_attention (job));
  json_builder_set_member_name (builder, "followed");
  json_builder_add_boolean_value (builder, vitrine_job_get_followed (job));
  add_listing_inputs (builder, job);
  add_string_or_null (builder, "created", created);
  add_string_or_null (builder, "updated", updated);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

JsonNode *
vitrine_job_outputs_to_json (VitrineJob *job)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  add_outputs (builder, job);
  return json_builder_get_root (builder);
}

void
vitrine_job_outputs_from_json (VitrineJob *job,
                               JsonNode   *node)
{
  JsonArray *array;

  vitrine_job_clear_outputs (job);
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);

      if (o == NULL)
        continue;
      vitrine_job_add_output_full (job,
                                   json_object_get_string_member_with_default (o, "label", NULL),
                                   json_object_get_string_member_with_default (o, "url", NULL),
                                   json_object_get_string_member_with_default (o, "path", NULL),
                                   json_object_get_string_member_with_default (o, "ratio", NULL),
                                   json_object_get_string_member_with_default (o, "variant", NULL));
    }
}

JsonNode *
vitrine_job_inputs_to_json (VitrineJob *job)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GHashTableIter iter;
  gpointer key, value;

  json_builder_begin_object (builder);
  add_strv (builder, "photos", vitrine_job_get_photos (job));
  add_string_or_null (builder, "music", vitrine_job_get_music (job));
  add_string_or_null (builder, "logo", vitrine_job_get_logo (job));
  add_string_or_null (builder, "outro", vitrine_job_get_outro (job));
  add_string_or_null (builder, "title", vitrine_job_get_title (job));
  add_string_or_null (builder, "description", vitrine_job_get_description (job));
  add_string_or_null (builder, "ratio", vitrine_ratio_to_string (vitrine_job_get_ratio (job)));
  json_builder_set_member_name (builder, "seconds_per_photo");
  json_builder_add_double_value (builder, vitrine_job_get_seconds_per_photo (job));
  json_builder_set_member_name (builder, "test_mode");
  json_builder_add_boolean_value (builder, vitrine_job_get_test_mode (job));
  add_string_or_null (builder, "output_dir", vitrine_job_get_output_dir (job));
  add_listing_inputs (builder, job);
  json_builder_set_member_name (builder, "options");
  json_builder_begin_object (builder);
  g_hash_table_iter_init (&iter, vitrine_job_get_options (job));
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      json_builder_set_member_name (builder, key);
      json_builder_add_string_value (builder, value);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static JsonObject *
object_member (JsonObject *o,
               const char *member)
{
  JsonNode *node = json_object_get_member (o, member);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* GStrv of the strings of @member; NULL when it is not an array. */
static GStrv
strv_member (JsonObject *o,
             const char *member)
{
  JsonNode *node = json_object_get_member (o, member);
  g_autoptr(GStrvBuilder) strv = NULL;
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  array = json_node_get_array (node);
  strv = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *s = json_array_get_string_element (array, i);

      g_strv_builder_add (strv, s != NULL ? s : "");
    }
  return g_strv_builder_end (strv);
}

/* Rows written before the listing video have none of these members: the
 * job keeps its defaults (16:9 alone, branded, pan, nothing listed). */
static void
read_listing_inputs (VitrineJob *job,
                     JsonObject *o)
{
  JsonObject *lo = object_member (o, "listing");
  JsonObject *ao = object_member (o, "agent");
  g_auto(GStrv) captions = strv_member (o, "captions");
  g_auto(GStrv) ratios = strv_member (o, "ratios");
  VitrineFit fit;

  if (lo != NULL)
    {
      g_autoptr(VitrineListing) listing = vitrine_listing_new ();

      read_strings_object (lo, vitrine_listing_members, listing);
      vitrine_job_set_listing (job, listing);
    }
  if (ao != NULL)
    {
      g_autoptr(VitrineAgent) agent = vitrine_agent_new ();

      read_strings_object (ao, vitrine_agent_members, agent);
      vitrine_job_set_agent (job, agent);
    }
  if (captions != NULL)
    vitrine_job_set_captions (job, (const char * const *) captions);
  if (ratios != NULL && ratios[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv (",", ratios);
      VitrineRatioFlags flags;

      if (vitrine_ratio_flags_from_string (joined, &flags))
        vitrine_job_set_ratios (job, flags);
    }
  vitrine_job_set_unbranded (job, json_object_get_boolean_member_with_default (o, "unbranded", FALSE));
  if (vitrine_fit_from_string (json_object_get_string_member_with_default (o, "fit", NULL), &fit))
    vitrine_job_set_fit (job, fit);
}

void
vitrine_job_inputs_from_json (VitrineJob *job,
                              JsonNode   *node)
{
  JsonObject *o;
  JsonArray *photos;
  JsonObject *options;
  VitrineRatio ratio;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;
  o = json_node_get_object (node);

  if (json_object_has_member (o, "photos") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (o, "photos")) &&
      (photos = json_object_get_array_member (o, "photos")) != NULL)
    {
      g_autoptr(GStrvBuilder) strv = g_strv_builder_new ();
      g_auto(GStrv) list = NULL;

      for (guint i = 0; i < json_array_get_length (photos); i++)
        {
          const char *photo = json_array_get_string_element (photos, i);

          if (photo != NULL)
            g_strv_builder_add (strv, photo);
        }
      list = g_strv_builder_end (strv);
      vitrine_job_set_photos (job, (const char * const *) list);
    }
  vitrine_job_set_music (job, json_object_get_string_member_with_default (o, "music", NULL));
  vitrine_job_set_logo (job, json_object_get_string_member_with_default (o, "logo", NULL));
  vitrine_job_set_outro (job, json_object_get_string_member_with_default (o, "outro", NULL));
  vitrine_job_set_title (job, json_object_get_string_member_with_default (o, "title", NULL));
  vitrine_job_set_description (job, json_object_get_string_member_with_default (o, "description", NULL));
  if (vitrine_ratio_from_string (json_object_get_string_member_with_default (o, "ratio", NULL), &ratio))
    vitrine_job_set_ratio (job, ratio);
  vitrine_job_set_seconds_per_photo (job, json_object_get_double_member_with_default (o, "seconds_per_photo", 4.0));
  vitrine_job_set_test_mode (job, json_object_get_boolean_member_with_default (o, "test_mode", FALSE));
  vitrine_job_set_output_dir (job, json_object_get_string_member_with_default (o, "output_dir", NULL));
  read_listing_inputs (job, o);
  if (json_object_has_member (o, "options") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (o, "options")) &&
      (options = json_object_get_object_member (o, "options")) != NULL)
    {
      g_autofree gpointer *had = g_hash_table_get_keys_as_array (vitrine_job_get_options (job), NULL);
      JsonObjectIter iter;
      const char *key;
      JsonNode *value;

      /* The row is the whole truth: an option another process removed
       * (a mark cleared, say) goes here too. */
      for (guint i = 0; had[i] != NULL; i++)
        {
          if (!json_object_has_member (options, had[i]))
            vitrine_job_set_option (job, had[i], NULL);
        }
      json_object_iter_init (&iter, options);
      while (json_object_iter_next (&iter, &key, &value))
        {
          if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
            vitrine_job_set_option (job, key, json_node_get_string (value));
        }
    }
}

char *
vitrine_json_to_string (JsonNode *node,
                        gboolean  pretty)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_pretty (generator, pretty);
  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}
