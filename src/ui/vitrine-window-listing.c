/* vitrine-window-listing.c: the listing video's choices in the window
 *
 * The shapes (any combination of 16:9, 9:16 and 1:1, at least one: the
 * "ratios" setting, whose first is the "ratio" setting), the MLS-unbranded
 * switch and the photo fit; the Listing group and the photos' captions,
 * offered again from the last job of the same listing name (one the agent
 * typed, not the made-up default); and what Create puts into the job from
 * all of these and from the Agent page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vitrine-agent-profile.h"
#include "vitrine-provider.h"
#include "vitrine-window-private.h"

static const VitrineRatio all_ratios[] = { VITRINE_RATIO_16_9, VITRINE_RATIO_9_16, VITRINE_RATIO_1_1 };

/* Shapes */

static VitrineRatioFlags
settings_get_ratios (GSettings *settings)
{
  g_auto(GStrv) names = g_settings_get_strv (settings, "ratios");
  g_autofree char *joined = g_strjoinv (",", names);
  VitrineRatioFlags flags = 0;

  if (!vitrine_ratio_flags_from_string (joined, &flags) || flags == 0)
    {
      g_autofree char *ratio = g_settings_get_string (settings, "ratio");

      vitrine_ratio_flags_from_string (ratio, &flags);
    }
  return flags;
}

static void
settings_set_ratios (GSettings         *settings,
                     VitrineRatioFlags  flags)
{
  VitrineRatio ratios[3];
  const char *names[4] = { NULL, };
  guint n = vitrine_ratio_flags_list (flags, ratios);

  g_return_if_fail (n > 0);
  for (guint i = 0; i < n; i++)
    names[i] = vitrine_ratio_to_string (ratios[i]);
  /* "ratios" first: "ratio" then agrees with it and keeps it. */
  g_settings_set_strv (settings, "ratios", names);
  g_settings_set_string (settings, "ratio", names[0]);
}

static GtkWidget **
ratio_buttons (VitrineWindow *self,
               GtkWidget     *buttons[3])
{
  buttons[VITRINE_RATIO_16_9] = self->ratio_16_9;
  buttons[VITRINE_RATIO_9_16] = self->ratio_9_16;
  buttons[VITRINE_RATIO_1_1] = self->ratio_1_1;
  return buttons;
}

static void
vitrine_window_show_ratios (VitrineWindow *self)
{
  VitrineRatioFlags flags = settings_get_ratios (self->settings);
  GtkWidget *buttons[3];

  ratio_buttons (self, buttons);
  self->updating_ratios = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (all_ratios); i++)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (buttons[all_ratios[i]]),
                                  (flags & (1u << all_ratios[i])) != 0);
  self->updating_ratios = FALSE;
}

/* A click on a shape: the shapes the provider cannot make (greyed out, so
 * the agent could not untoggle them) go with it; the last one stays. */
static void
vitrine_window_ratio_toggled_cb (VitrineWindow   *self,
                                 GtkToggleButton *button)
{
  VitrineRatioFlags flags = 0;
  GtkWidget *buttons[3];

  if (self->updating_ratios)
    return;
  ratio_buttons (self, buttons);
  for (guint i = 0; i < G_N_ELEMENTS (all_ratios); i++)
    if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (buttons[all_ratios[i]])) &&
        gtk_widget_get_sensitive (buttons[all_ratios[i]]))
      flags |= 1u << all_ratios[i];
  if (flags == 0)
    vitrine_window_show_ratios (self);
  else
    settings_set_ratios (self->settings, flags);
}

/* "ratio" set on its own (win.ratio, another window, a test) asks for
 * that shape alone, as VitrineJob's "ratio" does. */
static void
vitrine_window_ratio_changed_cb (VitrineWindow *self)
{
  g_autofree char *name = g_settings_get_string (self->settings, "ratio");
  VitrineRatio ratios[3];
  VitrineRatio ratio;

  if (vitrine_ratio_from_string (name, &ratio) &&
      (vitrine_ratio_flags_list (settings_get_ratios (self->settings), ratios) == 0 ||
       ratios[0] != ratio))
    settings_set_ratios (self->settings, 1u << ratio);
  vitrine_window_show_ratios (self);
}

/* The switch stays usable while on, so that a provider that cannot make
 * the copy never leaves it stuck; Create says why it is refused. */
void
_vitrine_window_listing_provider_changed (VitrineWindow   *self,
                                          VitrineProvider *provider)
{
  gboolean can = provider == NULL || vitrine_provider_get_capabilities (provider)->several_outputs;

  gtk_widget_set_sensitive (GTK_WIDGET (self->unbranded_row),
                            can || gtk_switch_get_active (self->unbranded_switch));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->unbranded_row),
                               can ? NULL : _("This provider makes one branded video per job"));
}

static gboolean
fit_get_mapping (GValue   *value,
                 GVariant *variant,
                 gpointer  user_data)
{
  VitrineFit fit = VITRINE_FIT_PAN;

  vitrine_fit_from_string (g_variant_get_string (variant, NULL), &fit);
  g_value_set_uint (value, fit == VITRINE_FIT_BLUR ? 1 : 0);
  return TRUE;
}

static GVariant *
fit_set_mapping (const GValue       *value,
                 const GVariantType *expected_type,
                 gpointer            user_data)
{
  VitrineFit fit = g_value_get_uint (value) == 1 ? VITRINE_FIT_BLUR : VITRINE_FIT_PAN;

  return g_variant_new_string (vitrine_fit_to_string (fit));
}

/* The listing and the captions of the last job of the same name */

static VitrineJob *
vitrine_window_find_named (VitrineWindow *self,
                           const char    *name)
{
  GListModel *jobs = G_LIST_MODEL (self->store);
  guint n = jobs != NULL ? g_list_model_get_n_items (jobs) : 0;

  /* The store is newest first. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VitrineJob) job = g_list_model_get_item (jobs, i);

      if (g_strcmp0 (vitrine_job_get_name (job), name) == 0)
        return job;
    }
  return NULL;
}

/* The last job of the listing named in the window, if the agent named it:
 * the name Vitrine makes up (the day's date) is no listing's, and every
 * listing begun that day has it, so an earlier job under it would offer
 * another property's address and price. */
static VitrineJob *
vitrine_window_find_same_listing (VitrineWindow *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));

  if (*name == '\0' || g_strcmp0 (name, self->default_name) == 0)
    return NULL;
  return vitrine_window_find_named (self, name);
}

/* Photos @position to @position + @n - 1 without a caption get the one
 * @job gave the same file. */
static void
vitrine_window_offer_captions (VitrineJob *job,
                               GListModel *photos,
                               guint       position,
                               guint       n)
{
  const char * const *paths = vitrine_job_get_photos (job);

  for (guint i = position; i < position + n; i++)
    {
      g_autoptr(VitrinePhoto) photo = g_list_model_get_item (photos, i);

      for (guint p = 0; paths != NULL && paths[p] != NULL; p++)
        {
          /* A photo from the web: the job may hold its copy in the cache,
           * and where it came from beside it. */
          g_autofree char *source = vitrine_job_dup_photo_source (job, p);

          if (*vitrine_photo_get_caption (photo) == '\0' &&
              (g_strcmp0 (paths[p], vitrine_photo_get_path (photo)) == 0 ||
               (source != NULL && g_strcmp0 (source, vitrine_photo_get_url (photo)) == 0)) &&
              vitrine_job_get_caption (job, p) != NULL)
            vitrine_photo_set_caption (photo, vitrine_job_get_caption (job, p));
        }
    }
}

void
_vitrine_window_offer_listing (VitrineWindow *self)
{
  VitrineJob *job = vitrine_window_find_same_listing (self);
  GListModel *photos = vitrine_photo_grid_get_photos (self->photo_grid);

  vitrine_listing_group_offer (self->listing_group, job ? vitrine_job_get_listing (job) : NULL);
  if (job != NULL)
    vitrine_window_offer_captions (job, photos, 0, g_list_model_get_n_items (photos));
}

static void
vitrine_window_photos_changed_cb (VitrineWindow *self,
                                  guint          position,
                                  guint          removed,
                                  guint          added,
                                  GListModel    *photos)
{
  VitrineJob *job;

  /* New photos only: a move splices as many as it removes. */
  if (added <= removed || !(job = vitrine_window_find_same_listing (self)))
    return;
  vitrine_window_offer_captions (job, photos, position, added);
}

/* Create */

static GStrv
vitrine_window_dup_captions (VitrineWindow *self)
{
  GListModel *photos = vitrine_photo_grid_get_photos (self->photo_grid);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n = g_list_model_get_n_items (photos);

  /* In the order of vitrine_photo_grid_dup_usable_paths (). */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VitrinePhoto) photo = g_list_model_get_item (photos, i);
      g_autofree char *caption = g_strstrip (g_strdup (vitrine_photo_get_caption (photo)));

      if (vitrine_photo_get_usable (photo))
        g_strv_builder_add (builder, caption);
    }
  return g_strv_builder_end (builder);
}

gboolean
_vitrine_window_apply_listing (VitrineWindow *self,
                               VitrineJob    *job)
{
  g_autoptr(VitrineListing) listing = NULL;
  g_autoptr(VitrineAgent) agent = NULL;
  g_auto(GStrv) captions = NULL;
  g_autofree char *fit_name = NULL;
  g_autoptr(GError) error = NULL;
  VitrineFit fit = VITRINE_FIT_PAN;

  if (!vitrine_listing_group_validate (self->listing_group, &error))
    {
      vitrine_window_add_toast (self, error->message);
      return FALSE;
    }
  listing = vitrine_listing_group_dup_listing (self->listing_group);
  vitrine_job_set_listing (job, listing);
  captions = vitrine_window_dup_captions (self);
  vitrine_job_set_captions (job, (const char * const *) captions);
  /* The agent as the Agent page says now: the job keeps this copy. */
  agent = vitrine_agent_profile_load (self->settings);
  vitrine_job_set_agent (job, agent);

  vitrine_job_set_ratios (job, settings_get_ratios (self->settings));
  vitrine_job_set_unbranded (job, g_settings_get_boolean (self->settings, "unbranded"));
  fit_name = g_settings_get_string (self->settings, "fit");
  vitrine_fit_from_string (fit_name, &fit);
  vitrine_job_set_fit (job, fit);
  return TRUE;
}

/* How long a video of @n_photos of the window's would last, as the chosen
 * provider tells from the job (this computer's counts the end card the
 * agent or the listing gives it); else the photos' seconds summed up. */
double
_vitrine_window_estimate_length (VitrineWindow *self,
                                 guint          n_photos)
{
  g_autofree char *id = g_settings_get_string (self->settings, "provider");
  VitrineProvider *provider = vitrine_provider_lookup (id);
  double seconds = n_photos * gtk_spin_button_get_value (self->seconds_spin);
  g_autoptr(VitrineJob) draft = NULL;
  g_autoptr(VitrineListing) listing = vitrine_listing_group_dup_listing (self->listing_group);
  g_autoptr(VitrineAgent) agent = vitrine_agent_profile_load (self->settings);
  g_auto(GStrv) photos = g_new0 (char *, n_photos + 1);
  double length;

  if (provider == NULL && (provider = vitrine_provider_get_default ()) == NULL)
    return seconds;
  draft = vitrine_job_new (vitrine_provider_get_id (provider));
  /* only their number counts */
  for (guint i = 0; i < n_photos; i++)
    photos[i] = g_strdup ("photo");
  vitrine_job_set_photos (draft, (const char * const *) photos);
  vitrine_job_set_seconds_per_photo (draft, gtk_spin_button_get_value (self->seconds_spin));
  vitrine_job_set_listing (draft, listing);
  vitrine_job_set_agent (draft, agent);
  length = vitrine_provider_estimate_length (provider, draft);
  return length > 0 ? length : seconds;
}

/* The Agent page changes the length summed up (the end card). */
static void
vitrine_window_settings_changed_cb (VitrineWindow *self,
                                    const char    *key)
{
  if (g_str_has_prefix (key, "agent-"))
    vitrine_window_update_actions (self);
}

void
_vitrine_window_listing_init (VitrineWindow *self)
{
  GtkWidget *buttons[3];

  ratio_buttons (self, buttons);
  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    g_signal_connect_object (buttons[i], "toggled", G_CALLBACK (vitrine_window_ratio_toggled_cb),
                             self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::ratio",
                           G_CALLBACK (vitrine_window_ratio_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::ratios",
                           G_CALLBACK (vitrine_window_show_ratios), self, G_CONNECT_SWAPPED);
  vitrine_window_show_ratios (self);

  g_settings_bind (self->settings, "unbranded", self->unbranded_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "fit", self->fit_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, fit_get_mapping, fit_set_mapping,
                                NULL, NULL);

  g_signal_connect_object (self->settings, "changed",
                           G_CALLBACK (vitrine_window_settings_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->name_row, "changed",
                           G_CALLBACK (_vitrine_window_offer_listing), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (vitrine_photo_grid_get_photos (self->photo_grid), "items-changed",
                           G_CALLBACK (vitrine_window_photos_changed_cb), self,
                           G_CONNECT_SWAPPED);
}
