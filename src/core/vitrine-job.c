/* vitrine-job.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vitrine-job.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

struct _VitrineJob
{
  GObject          parent_instance;

  char            *id;
  char            *provider_id;
  char            *group;

  char            *name;
  GStrv            photos;
  char            *music;
  char            *logo;
  char            *outro;
  char            *title;
  char            *description;
  VitrineRatio     ratio;
  double           seconds_per_photo;
  gboolean         test_mode;
  char            *output_dir;
  GHashTable      *options;
  VitrineListing  *listing;
  VitrineAgent    *agent;
  GStrv            captions;
  VitrineRatioFlags ratios;
  gboolean         unbranded;
  VitrineFit       fit;

  char            *remote_id;
  char            *poll_url;
  char            *idempotency_key;

  VitrineJobState  state;
  guint            progress;
  char            *status_text;
  char            *error_message;
  GPtrArray       *outputs;

  gint64           created;
  gint64           updated;
};

G_DEFINE_FINAL_TYPE (VitrineJob, vitrine_job, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_PROVIDER_ID,
  PROP_GROUP,
  PROP_NAME,
  PROP_PHOTOS,
  PROP_MUSIC,
  PROP_LOGO,
  PROP_OUTRO,
  PROP_TITLE,
  PROP_DESCRIPTION,
  PROP_RATIO,
  PROP_SECONDS_PER_PHOTO,
  PROP_TEST_MODE,
  PROP_OUTPUT_DIR,
  PROP_OPTIONS,
  PROP_LISTING,
  PROP_AGENT,
  PROP_CAPTIONS,
  PROP_RATIOS,
  PROP_UNBRANDED,
  PROP_FIT,
  PROP_REMOTE_ID,
  PROP_POLL_URL,
  PROP_IDEMPOTENCY_KEY,
  PROP_STATE,
  PROP_PROGRESS,
  PROP_STATUS_TEXT,
  PROP_ERROR_MESSAGE,
  PROP_OUTPUTS,
  PROP_CREATED,
  PROP_UPDATED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const VitrineStringMember vitrine_job_output_members[] = {
  VITRINE_STRING_MEMBER (VitrineJobOutput, label),
  VITRINE_STRING_MEMBER (VitrineJobOutput, url),
  VITRINE_STRING_MEMBER (VitrineJobOutput, path),
  VITRINE_STRING_MEMBER (VitrineJobOutput, ratio),
  VITRINE_STRING_MEMBER (VitrineJobOutput, variant),
  { NULL }
};

static void
vitrine_job_output_free (VitrineJobOutput *output)
{
  vitrine_string_record_clear (vitrine_job_output_members, output);
  g_free (output);
}

static void
vitrine_job_touch (VitrineJob *self)
{
  self->updated = g_get_real_time () / G_USEC_PER_SEC;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED]);
}

/* Sets a string field and notifies only on a real change. */
static void
vitrine_job_set_string (VitrineJob  *self,
                        char       **field,
                        const char  *value,
                        guint        prop_id)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/* A list field: NULL stands for the empty list. */
static void
vitrine_job_set_strv (VitrineJob          *self,
                      char              ***field,
                      const char * const  *value,
                      guint                prop_id)
{
  static const char * const none[] = { NULL };

  if (value == NULL)
    value = none;
  if (g_strv_equal ((const char * const *) *field, value))
    return;
  g_strfreev (*field);
  *field = g_strdupv ((char **) value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/* A record of strings (the listing, the agent) set to @value's strings, or
 * to none for NULL; notifies only on a real change. */
static void
vitrine_job_set_record (VitrineJob                *self,
                        gpointer                   record,
                        const VitrineStringMember *members,
                        gconstpointer              value,
                        guint                      prop_id)
{
  if (vitrine_string_record_equal (members, record, value))
    return;
  vitrine_string_record_clear (members, record);
  if (value != NULL)
    vitrine_string_record_merge (members, record, value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
vitrine_job_finalize (GObject *object)
{
  VitrineJob *self = (VitrineJob *) object;

  g_free (self->id);
  g_free (self->provider_id);
  g_free (self->group);
  g_free (self->name);
  g_strfreev (self->photos);
  g_free (self->music);
  g_free (self->logo);
  g_free (self->outro);
  g_free (self->title);
  g_free (self->description);
  g_free (self->output_dir);
  g_hash_table_unref (self->options);
  vitrine_listing_free (self->listing);
  vitrine_agent_free (self->agent);
  g_strfreev (self->captions);
  g_free (self->remote_id);
  g_free (self->poll_url);
  g_free (self->idempotency_key);
  g_free (self->status_text);
  g_free (self->error_message);
  g_ptr_array_unref (self->outputs);

  G_OBJECT_CLASS (vitrine_job_parent_class)->finalize (object);
}

static void
vitrine_job_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  VitrineJob *self = VITRINE_JOB (object);

  switch (prop_id)
    {
    case PROP_ID:                g_value_set_string (value, self->id); break;
    case PROP_PROVIDER_ID:       g_value_set_string (value, self->provider_id); break;
    case PROP_GROUP:             g_value_set_string (value, self->group); break;
    case PROP_NAME:              g_value_set_string (value, self->name); break;
    case PROP_PHOTOS:            g_value_set_boxed (value, self->photos); break;
    case PROP_MUSIC:             g_value_set_string (value, self->music); break;
    case PROP_LOGO:              g_value_set_string (value, self->logo); break;
    case PROP_OUTRO:             g_value_set_string (value, self->outro); break;
    case PROP_TITLE:             g_value_set_string (value, self->title); break;
    case PROP_DESCRIPTION:       g_value_set_string (value, self->description); break;
    case PROP_RATIO:             g_value_set_enum (value, self->ratio); break;
    case PROP_SECONDS_PER_PHOTO: g_value_set_double (value, self->seconds_per_photo); break;
    case PROP_TEST_MODE:         g_value_set_boolean (value, self->test_mode); break;
    case PROP_OUTPUT_DIR:        g_value_set_string (value, self->output_dir); break;
    case PROP_OPTIONS:           g_value_set_boxed (value, self->options); break;
    case PROP_LISTING:           g_value_set_boxed (value, self->listing); break;
    case PROP_AGENT:             g_value_set_boxed (value, self->agent); break;
    case PROP_CAPTIONS:          g_value_set_boxed (value, self->captions); break;
    case PROP_RATIOS:            g_value_set_flags (value, self->ratios); break;
    case PROP_UNBRANDED:         g_value_set_boolean (value, self->unbranded); break;
    case PROP_FIT:               g_value_set_enum (value, self->fit); break;
    case PROP_REMOTE_ID:         g_value_set_string (value, self->remote_id); break;
    case PROP_POLL_URL:          g_value_set_string (value, self->poll_url); break;
    case PROP_IDEMPOTENCY_KEY:   g_value_set_string (value, self->idempotency_key); break;
    case PROP_STATE:             g_value_set_enum (value, self->state); break;
    case PROP_PROGRESS:          g_value_set_uint (value, self->progress); break;
    case PROP_STATUS_TEXT:       g_value_set_string (value, self->status_text); break;
    case PROP_ERROR_MESSAGE:     g_value_set_string (value, self->error_message); break;
    case PROP_OUTPUTS:           g_value_set_boxed (value, self->outputs); break;
    case PROP_CREATED:           g_value_set_int64 (value, self->created); break;
    case PROP_UPDATED:           g_value_set_int64 (value, self->updated); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_job_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  VitrineJob *self = VITRINE_JOB (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_free (self->id);
      self->id = g_value_dup_string (value);
      if (self->id == NULL)
        self->id = g_uuid_string_random ();
      break;
    case PROP_PROVIDER_ID:
      g_free (self->provider_id);
      self->provider_id = g_value_dup_string (value);
      break;
    case PROP_CREATED:
      if (g_value_get_int64 (value) != 0)
        self->created = self->updated = g_value_get_int64 (value);
      break;
    case PROP_GROUP:             vitrine_job_set_group (self, g_value_get_string (value)); break;
    case PROP_NAME:              vitrine_job_set_name (self, g_value_get_string (value)); break;
    case PROP_PHOTOS:            vitrine_job_set_photos (self, g_value_get_boxed (value)); break;
    case PROP_MUSIC:             vitrine_job_set_music (self, g_value_get_string (value)); break;
    case PROP_LOGO:              vitrine_job_set_logo (self, g_value_get_string (value)); break;
    case PROP_OUTRO:             vitrine_job_set_outro (self, g_value_get_string (value)); break;
    case PROP_TITLE:             vitrine_job_set_title (self, g_value_get_string (value)); break;
    case PROP_DESCRIPTION:       vitrine_job_set_description (self, g_value_get_string (value)); break;
    case PROP_RATIO:             vitrine_job_set_ratio (self, g_value_get_enum (value)); break;
    case PROP_SECONDS_PER_PHOTO: vitrine_job_set_seconds_per_photo (self, g_value_get_double (value)); break;
    case PROP_TEST_MODE:         vitrine_job_set_test_mode (self, g_value_get_boolean (value)); break;
    case PROP_OUTPUT_DIR:        vitrine_job_set_output_dir (self, g_value_get_string (value)); break;
    case PROP_LISTING:           vitrine_job_set_listing (self, g_value_get_boxed (value)); break;
    case PROP_AGENT:             vitrine_job_set_agent (self, g_value_get_boxed (value)); break;
    case PROP_CAPTIONS:          vitrine_job_set_captions (self, g_value_get_boxed (value)); break;
    case PROP_RATIOS:            vitrine_job_set_ratios (self, g_value_get_flags (value)); break;
    case PROP_UNBRANDED:         vitrine_job_set_unbranded (self, g_value_get_boolean (value)); break;
    case PROP_FIT:               vitrine_job_set_fit (self, g_value_get_enum (value)); break;
    case PROP_REMOTE_ID:         vitrine_job_set_remote_id (self, g_value_get_string (value)); break;
    case PROP_POLL_URL:          vitrine_job_set_poll_url (self, g_value_get_string (value)); break;
    case PROP_IDEMPOTENCY_KEY:
      vitrine_job_set_string (self, &self->idempotency_key, g_value_get_string (value),
                              PROP_IDEMPOTENCY_KEY);
      break;
    case PROP_STATE:             vitrine_job_set_state (self, g_value_get_enum (value)); break;
    case PROP_UPDATED:           vitrine_job_set_updated (self, g_value_get_int64 (value)); break;
    case PROP_PROGRESS:          vitrine_job_set_progress (self, g_value_get_uint (value)); break;
    case PROP_STATUS_TEXT:       vitrine_job_set_status_text (self, g_value_get_string (value)); break;
    case PROP_ERROR_MESSAGE:     vitrine_job_set_error_message (self, g_value_get_string (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_job_class_init (VitrineJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;
  GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = vitrine_job_finalize;
  object_class->get_property = vitrine_job_get_property;
  object_class->set_property = vitrine_job_set_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, construct);
  properties[PROP_PROVIDER_ID] = g_param_spec_string ("provider-id", NULL, NULL, "local", construct);
  properties[PROP_CREATED] = g_param_spec_int64 ("created", NULL, NULL, 0, G_MAXINT64, 0, construct);
  properties[PROP_UPDATED] = g_param_spec_int64 ("updated", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_GROUP] = g_param_spec_string ("group", NULL, NULL, NULL, rw);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, rw);
  properties[PROP_PHOTOS] = g_param_spec_boxed ("photos", NULL, NULL, G_TYPE_STRV, rw);
  properties[PROP_MUSIC] = g_param_spec_string ("music", NULL, NULL, NULL, rw);
  properties[PROP_LOGO] = g_param_spec_string ("logo", NULL, NULL, NULL, rw);
  properties[PROP_OUTRO] = g_param_spec_string ("outro", NULL, NULL, NULL, rw);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, rw);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, rw);
  properties[PROP_RATIO] = g_param_spec_enum ("ratio", NULL, NULL, VITRINE_TYPE_RATIO,
                                              VITRINE_RATIO_16_9, rw);
  properties[PROP_SECONDS_PER_PHOTO] = g_param_spec_double ("seconds-per-photo", NULL, NULL,
                                                            0.5, 60.0, 4.0, rw);
  properties[PROP_TEST_MODE] = g_param_spec_boolean ("test-mode", NULL, NULL, FALSE, rw);
  properties[PROP_OUTPUT_DIR] = g_param_spec_string ("output-dir", NULL, NULL, NULL, rw);
  properties[PROP_OPTIONS] = g_param_spec_boxed ("options", NULL, NULL, G_TYPE_HASH_TABLE, ro);
  properties[PROP_LISTING] = g_param_spec_boxed ("listing", NULL, NULL, VITRINE_TYPE_LISTING, rw);
  properties[PROP_AGENT] = g_param_spec_boxed ("agent", NULL, NULL, VITRINE_TYPE_AGENT, rw);
  properties[PROP_CAPTIONS] = g_param_spec_boxed ("captions", NULL, NULL, G_TYPE_STRV, rw);
  properties[PROP_RATIOS] = g_param_spec_flags ("ratios", NULL, NULL, VITRINE_TYPE_RATIO_FLAGS,
                                                VITRINE_RATIO_FLAG_16_9, rw);
  properties[PROP_UNBRANDED] = g_param_spec_boolean ("unbranded", NULL, NULL, FALSE, rw);
  properties[PROP_FIT] = g_param_spec_enum ("fit", NULL, NULL, VITRINE_TYPE_FIT, VITRINE_FIT_PAN, rw);
  properties[PROP_REMOTE_ID] = g_param_spec_string ("remote-id", NULL, NULL, NULL, rw);
  properties[PROP_POLL_URL] = g_param_spec_string ("poll-url", NULL, NULL, NULL, rw);
  properties[PROP_IDEMPOTENCY_KEY] = g_param_spec_string ("idempotency-key", NULL, NULL, NULL, rw);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, VITRINE_TYPE_JOB_STATE,
                                              VITRINE_JOB_STATE_QUEUED, rw);
  properties[PROP_PROGRESS] = g_param_spec_uint ("progress", NULL, NULL, 0, 100, 0, rw);
  properties[PROP_STATUS_TEXT] = g_param_spec_string ("status-text", NULL, NULL, NULL, rw);
  properties[PROP_ERROR_MESSAGE] = g_param_spec_string ("error-message", NULL, NULL, NULL, rw);
  properties[PROP_OUTPUTS] = g_param_spec_boxed ("outputs", NULL, NULL, G_TYPE_PTR_ARRAY, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vitrine_job_init (VitrineJob *self)
{
  self->ratio = VITRINE_RATIO_16_9;
  self->ratios = VITRINE_RATIO_FLAG_16_9;
  self->listing = vitrine_listing_new ();
  self->agent = vitrine_agent_new ();
  self->captions = g_new0 (char *, 1);
  self->seconds_per_photo = 4.0;
  self->photos = g_new0 (char *, 1);
  self->options = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->outputs = g_ptr_array_new_with_free_func ((GDestroyNotify) vitrine_job_output_free);
  self->created = self->updated = g_get_real_time () / G_USEC_PER_SEC;
}

/**
 * vitrine_job_new:
 * @provider_id: "local", "vikit"…
 *
 * Returns: (transfer full): a new job, QUEUED, with a fresh random id.
 */
VitrineJob *
vitrine_job_new (const char *provider_id)
{
  g_return_val_if_fail (provider_id != NULL, NULL);

  return g_object_new (VITRINE_TYPE_JOB, "provider-id", provider_id, NULL);
}

/**
 * vitrine_job_new_retry:
 *
 * Returns: (transfer full): a new QUEUED job with the same provider and
 * inputs as @job (never its remote side, outputs or idempotency key).
 */
char *
vitrine_job_make_default_name (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  /* Translators: the date in the default listing name, see strftime() */
  g_autofree char *date = g_date_time_format (now, _("%-d %B %Y"));

  /* Translators: the default name of a video: "Listing 23 November 2025" */
  return g_strdup_printf (_("Listing %s"), date);
}

VitrineJob *
vitrine_job_new_retry (VitrineJob *job)
{
  /* A retry stays in its job's group (Compare): it stands for the same
   * provider beside the others. */
  static const char * const inputs[] = {
    "group", "name", "photos", "music", "logo", "outro", "title", "description",
    "ratio", "ratios", "seconds-per-photo", "test-mode", "output-dir",
    "listing", "agent", "captions", "unbranded", "fit",
  };
  /* A retry makes a new video (it never overwrites the first one) and
   * starts with none of the first one's pauses, requests or answers: nor
   * its time of sending, which dates the search for a lost answer (VidGen
   * lists jobs by their time) and the time limit. */
  static const char * const not_copied[] = {
    VITRINE_JOB_OPTION_OUTPUT_PATH, VITRINE_JOB_OPTION_ATTENTION, VITRINE_JOB_OPTION_HELD,
    VITRINE_JOB_OPTION_NOT_FOLLOWED, VITRINE_JOB_OPTION_CANCEL_REQUESTED,
    VITRINE_JOB_OPTION_CANCEL_ANSWERED, VITRINE_JOB_OPTION_FOLLOW_REQUESTED,
    VITRINE_JOB_OPTION_FOLLOW_ANSWERED, VITRINE_JOB_OPTION_CANCEL_REFUSED,
    VITRINE_JOB_OPTION_REMOTE_ENDED, VITRINE_JOB_OPTION_SUBMITTED_AT,
    VITRINE_JOB_OPTION_START_POSTED, VITRINE_JOB_OPTION_ERROR_KIND, VITRINE_JOB_OPTION_TOP_UP_URL,
    VITRINE_JOB_OPTION_CREDITS_LEFT, VITRINE_JOB_OPTION_CREDITS_USED,
    VITRINE_JOB_OPTION_SHARE_URL, NULL
  };
  VitrineJob *copy;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (VITRINE_IS_JOB (job), NULL);

  copy = vitrine_job_new (job->provider_id);
  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_auto(GValue) v = G_VALUE_INIT;

      g_object_get_property (G_OBJECT (job), inputs[i], &v);
      g_object_set_property (G_OBJECT (copy), inputs[i], &v);
    }
  g_hash_table_iter_init (&iter, job->options);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_strv_contains (not_copied, key))
      vitrine_job_set_option (copy, key, value);
  return copy;
}

const char *
vitrine_job_get_id (VitrineJob *self)
{
  g_return_val_if_fail (VITRINE_IS_JOB (self), NULL);
  return self->id;
}

const char *
vitrine_job_get_provider_id (VitrineJob *self)
{
  g_return_val_if_fail (VITRINE_IS_JOB (self), NULL);
  return self->provider_id;
}

#define STRING_ACCESSORS(field, PROP)                                          \
  const char *                                                                 \
  vitrine_job_get_##field (VitrineJob *self)                                   \
  {                                                                            \
    g_return_val_if_fail (VITRINE_IS_JOB (self), NULL);                        \
    return self->field;                                                        \
  }                                                                            \
  void                                                                         \
  vitrine_job_set_##field (VitrineJob *self,                                   \
                           const char *value)                                  \
  {                                                                            \
    g_return_if_fail (VITRINE_IS_JOB (self));                                  \
    vitrine_job_set_string (self, &self->field, value, PROP);                  \
  }

STRING_ACCESSORS (group, PROP_GROUP)
STRING_ACCESSORS (name, PROP_NAME)
STRING_ACCESSORS (music, PROP_MUSIC)
STRING_ACCESSORS (logo, PROP_LOGO)
STRING_ACCESSORS (outro, PROP_OUTRO)
STRING_ACCESSORS (title, PROP_TITLE)
STRING_ACCESSORS (description, PROP_DESCRIPTION)
STRING_ACCESSORS (output_dir, PROP_OUTPUT_DIR)
STRING_ACCESSORS (remote_id, PROP_REMOTE_ID)
STRING_ACCESSORS (poll_url, PROP_POLL_URL)
STRING_ACCESSORS (status_text, PROP_STATUS_TEXT)
STRING_ACCESSORS (error_message, PROP_ERROR_MESSAGE)

#undef STRING_ACCESSORS

const char * const *
vitrine_job_get_photos (VitrineJob *self)
{
  g_return_val_if_fail (VITRINE_IS_JOB (self), NULL);
  return (const char * const *) self->photos;
}

void
vitrine_job_set_photos (VitrineJob         *self,
                        const char * const *photos)
{
  g_return_if_fail (VITRINE_IS_JOB (self));
  vitrine_job_set_strv (self, &self->photos, photos, PROP_PHOTOS);
}

guint
vitrine_job_get_n_photos (VitrineJob *self)
{
  g_return_val_if_fail (VITRINE_IS_JOB (self), 0);
  return g_strv_length (self->photos);
}

VitrineRatio
vitrine_job_get_ratio (VitrineJob *self)
{
  g_return_val_if_fail (VITRINE_IS_JOB (self), VITRINE_RATIO_16_9);
  return self->ratio;
}

void
vitrine_job_set_ratio (VitrineJob   *self,
                       VitrineRatio  ratio)
{
  g_return_if_fail (VITRINE_IS_JOB (self));

  vitrine_job_set_ratios (self, 1 << ratio);
}

VitrineRatioFlags
vitrine_job_get_ratios (VitrineJob *self)
{
  g_return_val_if_fail (VITRINE_IS_JOB (self), VITRINE_RATIO_FLAG_16_9);
  return self->ratios;
}

void
vitrine_job_set_ratios (VitrineJob        *self,
                        VitrineRatioFlags  ratios)
{
  VitrineRatio list[3];

  g_return_if_fail (VITRINE_IS_JOB (self));

  ratios &= VITRINE_RATIO_FLAG_16_9 | VITRINE_RATIO_FLAG_9_16 | VITRINE_RATIO_FLAG_1_1;
  if (ratios == 0)
    ratios = VITRINE_RATIO_FLAG_16_9;
  vitrine_ratio_flags_list (ratios, list);
  g_object_freeze_notify (G_OBJECT (self));
  if (self->ratios != ratios)
    {
      self->ratios = ratios;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATIOS]);
    }
  if (self->ratio != list[0])
    {
      self->ratio = list[0];
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATIO]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

guint
vitrine_job_get_n_variants_wanted (VitrineJob *self)
{
  VitrineRatio ratios[3];

  g_return_val_if_fail (VITRINE_IS_JOB (self), 1);
  return vitrine_ratio_flags_list (self->ratios, ratios) * (self->unbranded ? 2 : 1);
}

char *
vitrine_job_dup_output_path (VitrineJob     *self,
                             const char     *path,
                             VitrineRatio    ratio,
                             VitrineVariant  variant)
{
  gsize stem;

  g_return_val_if_fail (VITRINE_IS_JOB (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (vitrine_job_get_n_variants_wanted (self) == 1)
    return g_strdup (path);
  stem = g_str_has_suffix (path, ".mp4") ? strlen (path) - strlen (".mp4") : strlen (path);
  return g_strdup_printf ("%.*s-%s%s.mp4", (int) stem, path, vitrine_ratio_to_tag (ratio),
                          variant == VITRINE_VARIANT_UNBRANDED ? "-unbranded" : "");
}

const VitrineListing *
vitrine_job_get_listing (VitrineJob *self)
{
  g_return_val_if_fail (VITRINE_IS_JOB (self), NULL);
  return self->listing;
}

void
vitrine_job_set_listing (VitrineJob           *self,
                         const VitrineListing *listing)
{
  g_return_if_fail (VITRINE_IS_JOB (self));
  vitrine_job_set_record (self, self->listing, vitrine_listing_members, listing, PROP_LISTING);
}

const VitrineAgent *
vitrine_job_get_agent (VitrineJob *self)
{
  g_return_val_if_fail (VITRINE_IS_JOB (self), NULL);
  return self->agent;
}

void
vitrine_job_set_agent (VitrineJob         *self,
                       const VitrineAgent *agent)
{
  g_return_if_fail (VITRINE_IS_JOB (self));
  vitrine_job_set_record (self, self->agent, vitrine_agent_members, agent, PROP_AGENT);
}

const char * const *
vitrine_job_get_captions (VitrineJob *self)
{
  g_return_val_if_fail (VITRINE_IS_JOB (self), NULL);
  return (const char * const *) self->captions;
}

void
vitrine_job_set_captions (VitrineJob         *self,
                          const char * const *captions)
{
  g_return_if_fail (VITRINE_IS_JOB (self));
  vitrine_job_set_strv (self, &self->captions, captions, PROP_CAPTIONS);
}

const char *
vitrine_job_get_caption (VitrineJob *self,
                         guint       index)
{
  g_return_val_if_fail (VITRINE_IS_JOB (self), NULL);

  if (index >= g_strv_length (self->captions) || *self->captions[index] == '\0')
    return NULL;
  return self->captions[index];
}

char *
vitrine_job_dup_photo_source (VitrineJob *self,
                              guint       index)
{
  const char *sources;
  g_auto(GStrv) lines = NULL;

  g_return_val_if_fail (VITRINE_IS_JOB (self), NULL);

  sources = vitrine_job_get_option (self, VITRINE_JOB_OPTION_PHOTO_SOURCES);
  if (sources == NULL)
    return NULL;
  lines = g_strsplit (sources, "\n", -1);
  if (index >= g_strv_length (lines) || *lines[index] == '\0')
    return NULL;
  return g_strdup (lines[index]);
}

gboolean
vitrine_job_get_unbranded (VitrineJob *self)
{
  g_return_val_if_fail (VITRINE_IS_JOB (self), FALSE);
  return self->unbranded;
}

void
vitrine_job_set_unbranded (VitrineJob *self,
                           gboolean    unbranded)
{
  g_return_if_fail (VITRINE_IS_JOB (self));

  unbranded = !!unbranded;
  if (self->unbranded == unbranded)
    return;
  self->unbranded = unbranded;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNBRANDED]);
}

VitrineFit
vitrine_job_get_fit (VitrineJob *self)
{
  g_return_val_if_fail (VITRINE_IS_JOB (self), VITRINE_FIT_PAN);
  return self->fit;
}

void
vitrine_job_set_fit (VitrineJob *self,
                     VitrineFit  fit)
{
  g_return_if_fail (VITRINE_IS_JOB (self));

  if (self->fit == fit)
    return;
  self->fit = fit;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIT]);
}

double
vitrine_job_get_seconds_per_photo (VitrineJob *self)
{
  g_return_val_if_fail (VITRINE_IS_JOB (self), 4.0);
  return self->seconds_per_photo;
}

void
vitrine_job_set_seconds_per_photo (VitrineJob *self,
                                   double      seconds)
{
  g_return_if_fail (VITRINE_IS_JOB (self));

  /* NaN is no length: it would pass CLAMP and the renderer with it */
  seconds = isnan (seconds) ? 4.0 : CLAMP (seconds, 0.5, 60.0);
  if (G_APPROX_VALUE (self->seconds_per_photo, seconds, 1e-9))
    return;
  self->seconds_per_photo = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECONDS_PER_PHOTO]);
}

gboolean
vitrine_job_get_test_mode (VitrineJob *self)
{
  g_return_val_if_fail (VITRINE_IS_JOB (self), FALSE);
  return self->test_mode;
}

void
vitrine_job_set_test_mode (VitrineJob *self,
                           gboolean    test_mode)
{
  g_return_if_fail (VITRINE_IS_JOB (self));

  test_mode = !!test_mode;
  if (self->test_mode == test_mode)
    return;
  self->test_mode = test_mode;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEST_MODE]);
}

const char *
vitrine_job_get_option (VitrineJob *self,
                        const char *key)
{
  g_return_val_if_fail (VITRINE_IS_JOB (self), NULL);
  return g_hash_table_lookup (self->options, key);
}

void
vitrine_job_set_option (VitrineJob *self,
                        const char *key,
                        const char *value)
{
  g_return_if_fail (VITRINE_IS_JOB (self));
  g_return_if_fail (key != NULL);

  if (g_strcmp0 (g_hash_table_lookup (self->options, key), value) == 0)
    return;
  if (value == NULL)
    g_hash_table_remove (self->options, key);
  else
    g_hash_table_insert (self->options, g_strdup (key), g_strdup (value));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPTIONS]);
}

const char *
vitrine_job_get_attention (VitrineJob *self)
{
  return vitrine_job_get_option (self, VITRINE_JOB_OPTION_ATTENTION);
}

void
vitrine_job_set_attention (VitrineJob *self,
                           const char *reason)
{
  vitrine_job_set_option (self, VITRINE_JOB_OPTION_ATTENTION, reason);
}

gboolean
vitrine_job_get_followed (VitrineJob *self)
{
  return vitrine_job_get_option (self, VITRINE_JOB_OPTION_NOT_FOLLOWED) == NULL;
}

void
vitrine_job_set_followed (VitrineJob *self,
                          gboolean    followed)
{
  vitrine_job_set_option (self, VITRINE_JOB_OPTION_NOT_FOLLOWED, followed ? NULL : "1");
}

gboolean
vitrine_job_get_cancel_requested (VitrineJob *self)
{
  return vitrine_job_get_option (self, VITRINE_JOB_OPTION_CANCEL_REQUESTED) != NULL;
}

/* TRUE: a new request in @asked_key, with a token of its own. FALSE: the
 * request is answered (carried out or refused): its token is recorded as
 * such in @answered_key. */
static void
vitrine_job_set_request (VitrineJob *self,
                         const char *asked_key,
                         const char *answered_key,
                         gboolean    requested)
{
  g_autofree char *asked = g_strdup (vitrine_job_get_option (self, asked_key));

  if (requested)
    {
      g_autofree char *token = g_uuid_string_random ();

      vitrine_job_set_option (self, asked_key, token);
      return;
    }
  if (asked == NULL)
    return;
  vitrine_job_set_option (self, answered_key, asked);
  vitrine_job_set_option (self, asked_key, NULL);
}

void
vitrine_job_set_cancel_requested (VitrineJob *self,
                                  gboolean    requested)
{
  vitrine_job_set_request (self, VITRINE_JOB_OPTION_CANCEL_REQUESTED,
                           VITRINE_JOB_OPTION_CANCEL_ANSWERED, requested);
}

gboolean
vitrine_job_get_follow_requested (VitrineJob *self)
{
  return vitrine_job_get_option (self, VITRINE_JOB_OPTION_FOLLOW_REQUESTED) != NULL;
}

void
vitrine_job_set_follow_requested (VitrineJob *self,
                                  gboolean    requested)
{
  vitrine_job_set_request (self, VITRINE_JOB_OPTION_FOLLOW_REQUESTED,
                           VITRINE_JOB_OPTION_FOLLOW_ANSWERED, requested);
}

gboolean
vitrine_job_cancel_answered (VitrineJob *self,
                             const char *token)
{
  g_return_val_if_fail (VITRINE_IS_JOB (self), FALSE);
  return token != NULL &&
         g_strcmp0 (vitrine_job_get_option (self, VITRINE_JOB_OPTION_CANCEL_ANSWERED), token) == 0;
}

gboolean
vitrine_job_is_sent (VitrineJob *self)
{
  g_return_val_if_fail (VITRINE_IS_JOB (self), FALSE);
  if (self->remote_id != NULL)
    return TRUE;
  if (self->idempotency_key == NULL)
    return FALSE;
  /* Several steps (AIXpose): sent when the reel's leaves (see the header) */
  if (vitrine_job_get_option (self, VITRINE_JOB_OPTION_STEPS_KEY) != NULL)
    return vitrine_job_get_option (self, VITRINE_JOB_OPTION_START_POSTED) != NULL;
  return self->state != VITRINE_JOB_STATE_QUEUED ||
         vitrine_job_get_option (self, VITRINE_JOB_OPTION_START_POSTED) != NULL;
}

/**
 * vitrine_job_get_options:
 *
 * Returns: (transfer none): the provider-specific inputs, key to value.
 */
GHashTable *
vitrine_job_get_options (VitrineJob *self)
{
  g_return_val_if_fail (VITRINE_IS_JOB (self), NULL);
  return self->options;
}

const char *
vitrine_job_get_idempotency_key (VitrineJob *self)
{
  g_return_val_if_fail (VITRINE_IS_JOB (self), NULL);
  return self->idempotency_key;
}

/* The key every POST of this job carries; made once, before the first POST
 * (the store saves it before the request is sent). */
const char *
vitrine_job_ensure_idempotency_key (VitrineJob *self)
{
  g_return_val_if_fail (VITRINE_IS_JOB (self), NULL);

  if (self->idempotency_key == NULL)
    {
      self->idempotency_key = g_uuid_string_random ();
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IDEMPOTENCY_KEY]);
    }
  return self->idempotency_key;
}

/* The key and the "about to POST" mark, the time of the first paid POST
 * (vitrine_job_store_guard_post_async() writes them durably). */
void
vitrine_job_mark_posting (VitrineJob *self)
{
  g_autofree char *now = NULL;

  g_return_if_fail (VITRINE_IS_JOB (self));

  vitrine_job_ensure_idempotency_key (self);
  if (vitrine_job_get_option (self, VITRINE_JOB_OPTION_SUBMITTED_AT) != NULL)
    return;
  now = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC);
  vitrine_job_set_option (self, VITRINE_JOB_OPTION_SUBMITTED_AT, now);
}

VitrineJobState
vitrine_job_get_state (VitrineJob *self)
{
  g_return_val_if_fail (VITRINE_IS_JOB (self), VITRINE_JOB_STATE_FAILED);
  return self->state;
}

static void
vitrine_job_change_state (VitrineJob      *self,
                          VitrineJobState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  /* Touched first: the store saves on the notifications that follow (it
   * passes over "updated" itself), so the row gets the change's time. */
  vitrine_job_touch (self);
  if (state == VITRINE_JOB_STATE_COMPLETED)
    vitrine_job_set_progress (self, 100);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* Finished states are final (the money rules of DESIGN.md): a late reply,
 * a stale copy or a slow step never moves a job out of COMPLETED, FAILED or
 * CANCELLED; only vitrine_job_reopen() does. */
void
vitrine_job_set_state (VitrineJob      *self,
                       VitrineJobState  state)
{
  g_return_if_fail (VITRINE_IS_JOB (self));

  if (vitrine_job_state_is_final (self->state) && state != self->state)
    {
      g_debug ("Job %s stays %s (not %s): only Retry or Follow Again reopen it", self->id,
               vitrine_job_state_to_string (self->state), vitrine_job_state_to_string (state));
      return;
    }
  vitrine_job_change_state (self, state);
}

/**
 * vitrine_job_reopen:
 * @state: where the job goes on from
 *
 * The one way out of a final state: an explicit Retry or Follow Again (or
 * another process's, read from the store).
 */
void
vitrine_job_reopen (VitrineJob      *self,
                    VitrineJobState  state)
{
  g_return_if_fail (VITRINE_IS_JOB (self));

  vitrine_job_change_state (self, state);
}

gboolean
vitrine_job_is_final (VitrineJob *self)
{
  g_return_val_if_fail (VITRINE_IS_JOB (self), TRUE);
  return vitrine_job_state_is_final (self->state);
}

gboolean
vitrine_job_is_finished (VitrineJob *self)
{
  g_return_val_if_fail (VITRINE_IS_JOB (self), TRUE);
  return vitrine_job_state_is_finished (self->state);
}

/* A new step of the work: @state, with its progress from 0. Who watches
 * sees both at once, never the last step's name with the new step's 0
 * (vitrine-cli printed "Preparing photos 100%", then "Preparing photos 0%").
 * A job already ended stays as it is. */
void
vitrine_job_begin_step (VitrineJob      *self,
                        VitrineJobState  state)
{
  g_return_if_fail (VITRINE_IS_JOB (self));

  g_object_freeze_notify (G_OBJECT (self));
  vitrine_job_set_state (self, state);
  if (self->state == state)
    vitrine_job_set_progress (self, 0);
  g_object_thaw_notify (G_OBJECT (self));
}

guint
vitrine_job_get_progress (VitrineJob *self)
{
  g_return_val_if_fail (VITRINE_IS_JOB (self), 0);
  return self->progress;
}

void
vitrine_job_set_progress (VitrineJob *self,
                          guint       progress)
{
  g_return_if_fail (VITRINE_IS_JOB (self));

  progress = MIN (progress, 100);
  if (self->progress == progress)
    return;
  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

/* Ends the job FAILED with a message a person can act on. */
void
vitrine_job_fail (VitrineJob *self,
                  const char *error_message)
{
  g_return_if_fail (VITRINE_IS_JOB (self));

  if (vitrine_job_is_final (self))
    return;
  vitrine_job_set_error_message (self, error_message);
  vitrine_job_set_state (self, VITRINE_JOB_STATE_FAILED);
}

/* Back to QUEUED, @reason said as its attention and its status text. */
void
vitrine_job_pause (VitrineJob *self,
                   const char *reason)
{
  vitrine_job_set_attention (self, reason);
  vitrine_job_set_status_text (self, reason);
  vitrine_job_set_state (self, VITRINE_JOB_STATE_QUEUED);
}

/**
 * vitrine_job_get_outputs:
 *
 * Returns: (transfer none) (element-type VitrineJobOutput): the results, in
 * the provider's documented order.
 */
GPtrArray *
vitrine_job_get_outputs (VitrineJob *self)
{
  g_return_val_if_fail (VITRINE_IS_JOB (self), NULL);
  return self->outputs;
}

void
vitrine_job_add_output (VitrineJob *self,
                        const char *label,
                        const char *url,
                        const char *path)
{
  vitrine_job_add_output_full (self, label, url, path, NULL, NULL);
}

void
vitrine_job_add_output_full (VitrineJob *self,
                             const char *label,
                             const char *url,
                             const char *path,
                             const char *ratio,
                             const char *variant)
{
  VitrineJobOutput *output;

  g_return_if_fail (VITRINE_IS_JOB (self));

  output = g_new0 (VitrineJobOutput, 1);
  output->label = g_strdup (label);
  output->url = g_strdup (url);
  output->path = g_strdup (path);
  output->ratio = g_strdup (ratio);
  output->variant = g_strdup (variant);
  g_ptr_array_add (self->outputs, output);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTPUTS]);
}

void
vitrine_job_update_output (VitrineJob *self,
                           guint       index,
                           const char *url,
                           const char *path)
{
  VitrineJobOutput *output;
  char *old_url, *old_path;

  g_return_if_fail (VITRINE_IS_JOB (self));
  g_return_if_fail (index < self->outputs->len);

  output = g_ptr_array_index (self->outputs, index);
  if (g_strcmp0 (output->url, url) == 0 && g_strcmp0 (output->path, path) == 0)
    return;
  /* @url or @path may be the output's own strings: copied first. */
  old_url = output->url;
  old_path = output->path;
  output->url = g_strdup (url);
  output->path = g_strdup (path);
  g_free (old_url);
  g_free (old_path);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTPUTS]);
}

const char *
vitrine_job_get_preview_path (VitrineJob *self)
{
  const char *ratio;

  g_return_val_if_fail (VITRINE_IS_JOB (self), NULL);

  ratio = vitrine_ratio_to_string (vitrine_job_get_ratio (self));
  for (guint i = 0; i < self->outputs->len; i++)
    {
      VitrineJobOutput *output = g_ptr_array_index (self->outputs, i);

      if (output->path != NULL && *output->path != '\0' && g_strcmp0 (output->ratio, ratio) == 0)
        return output->path;
    }
  return vitrine_job_get_first_output_path (self);
}

void
vitrine_job_clear_outputs (VitrineJob *self)
{
  g_return_if_fail (VITRINE_IS_JOB (self));

  if (self->outputs->len == 0)
    return;
  g_ptr_array_set_size (self->outputs, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTPUTS]);
}

/* The first output's @member (a field's offset) that is not empty, or NULL. */
static const char *
vitrine_job_find_output_member (VitrineJob *self,
                                glong       member)
{
  for (guint i = 0; i < self->outputs->len; i++)
    {
      const char *value = G_STRUCT_MEMBER (char *, g_ptr_array_index (self->outputs, i), member);

      if (value != NULL && *value != '\0')
        return value;
    }
  return NULL;
}

/* The first downloaded/rendered file, for the preview; NULL if none. */
const char *
vitrine_job_get_first_output_path (VitrineJob *self)
{
  g_return_val_if_fail (VITRINE_IS_JOB (self), NULL);
  return vitrine_job_find_output_member (self, G_STRUCT_OFFSET (VitrineJobOutput, path));
}

/* The first output's address at the provider; NULL if none. */
const char *
vitrine_job_get_first_output_url (VitrineJob *self)
{
  g_return_val_if_fail (VITRINE_IS_JOB (self), NULL);
  return vitrine_job_find_output_member (self, G_STRUCT_OFFSET (VitrineJobOutput, url));
}

gint64
vitrine_job_get_created (VitrineJob *self)
{
  g_return_val_if_fail (VITRINE_IS_JOB (self), 0);
  return self->created;
}

gint64
vitrine_job_get_updated (VitrineJob *self)
{
  g_return_val_if_fail (VITRINE_IS_JOB (self), 0);
  return self->updated;
}

/* For the store, which keeps the time of the last change. */
void
vitrine_job_set_updated (VitrineJob *self,
                         gint64      updated)
{
  g_return_if_fail (VITRINE_IS_JOB (self));

  if (self->updated == updated)
    return;
  self->updated = updated;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED]);
}
