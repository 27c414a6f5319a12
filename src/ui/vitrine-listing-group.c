/* vitrine-listing-group.c
 *
 * The window's Listing group: address, price, key facts (free text) and
 * the listing's web address, which must be http(s) — said under the row as
 * soon as it is typed, and again at Create. The values go to the job
 * (VitrineListing); those of the last job of the same listing name are
 * offered again, over rows the agent has not typed in.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vitrine-listing-group.h"
#include "vitrine-row-error.h"

struct _VitrineListingGroup
{
  AdwPreferencesGroup  parent_instance;

  VitrineListing      *offered;   /* what the rows held after the last offer */

  /* template children */
  AdwEntryRow         *address_row;
  AdwEntryRow         *price_row;
  AdwEntryRow         *facts_row;
  AdwEntryRow         *url_row;
  GtkLabel            *url_error;
};

G_DEFINE_FINAL_TYPE (VitrineListingGroup, vitrine_listing_group, ADW_TYPE_PREFERENCES_GROUP)

/* The row's text, trimmed; NULL when there is none. */
static char *
row_dup_text (AdwEntryRow *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

static void
row_set_text (AdwEntryRow *row,
              const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

/* A web address as agents paste it, "www.agency.example/12", is taken as
 * https (a scheme other than http(s), or no host at all, is still said
 * wrong). vitrine-cli takes only whole http(s) addresses. */
static char *
row_dup_url (AdwEntryRow *row)
{
  g_autofree char *text = row_dup_text (row);
  g_autofree char *host = NULL;

  if (text == NULL || strstr (text, "://") != NULL || strpbrk (text, ": \t") != NULL)
    return g_steal_pointer (&text);
  host = g_strndup (text, strcspn (text, "/?#"));
  if (strchr (host, '.') == NULL)
    return g_steal_pointer (&text);
  return g_strconcat ("https://", text, NULL);
}

VitrineListing *
vitrine_listing_group_dup_listing (VitrineListingGroup *self)
{
  VitrineListing *listing;

  g_return_val_if_fail (VITRINE_IS_LISTING_GROUP (self), NULL);

  listing = vitrine_listing_new ();
  listing->address = row_dup_text (self->address_row);
  listing->price = row_dup_text (self->price_row);
  listing->facts = row_dup_text (self->facts_row);
  listing->url = row_dup_url (self->url_row);
  return listing;
}

void
vitrine_listing_group_offer (VitrineListingGroup  *self,
                             const VitrineListing *listing)
{
  g_autoptr(VitrineListing) current = NULL;

  g_return_if_fail (VITRINE_IS_LISTING_GROUP (self));

  current = vitrine_listing_group_dup_listing (self);
  if (!vitrine_listing_equal (current, self->offered))
    return;

  row_set_text (self->address_row, listing ? listing->address : NULL);
  row_set_text (self->price_row, listing ? listing->price : NULL);
  row_set_text (self->facts_row, listing ? listing->facts : NULL);
  row_set_text (self->url_row, listing ? listing->url : NULL);
  vitrine_listing_group_mark_saved (self);
}

void
vitrine_listing_group_mark_saved (VitrineListingGroup *self)
{
  g_return_if_fail (VITRINE_IS_LISTING_GROUP (self));

  vitrine_listing_free (self->offered);
  self->offered = vitrine_listing_group_dup_listing (self);
}

/* Says under the web address what is wrong with it; FALSE then. */
static gboolean
vitrine_listing_group_check_url (VitrineListingGroup  *self,
                                 GError              **error)
{
  g_autoptr(VitrineListing) listing = vitrine_listing_group_dup_listing (self);
  g_autoptr(GError) local_error = NULL;
  gboolean ok = vitrine_listing_validate (listing, &local_error);

  vitrine_row_error_show (GTK_WIDGET (self->url_row), self->url_error,
                          ok ? NULL : local_error->message);
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return ok;
}

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Any field typed in: what the window sums up may change (the property
 * card at the end of the video). */
static void
vitrine_listing_group_row_changed_cb (VitrineListingGroup *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
vitrine_listing_group_url_changed_cb (VitrineListingGroup *self)
{
  vitrine_listing_group_check_url (self, NULL);
  vitrine_listing_group_row_changed_cb (self);
}

gboolean
vitrine_listing_group_validate (VitrineListingGroup  *self,
                                GError              **error)
{
  g_return_val_if_fail (VITRINE_IS_LISTING_GROUP (self), FALSE);

  if (vitrine_listing_group_check_url (self, error))
    return TRUE;
  gtk_widget_grab_focus (GTK_WIDGET (self->url_row));
  return FALSE;
}

static void
vitrine_listing_group_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), VITRINE_TYPE_LISTING_GROUP);

  G_OBJECT_CLASS (vitrine_listing_group_parent_class)->dispose (object);
}

static void
vitrine_listing_group_finalize (GObject *object)
{
  VitrineListingGroup *self = VITRINE_LISTING_GROUP (object);

  g_clear_pointer (&self->offered, vitrine_listing_free);

  G_OBJECT_CLASS (vitrine_listing_group_parent_class)->finalize (object);
}

static void
vitrine_listing_group_class_init (VitrineListingGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vitrine_listing_group_dispose;
  object_class->finalize = vitrine_listing_group_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               VITRINE_RESOURCE_PATH "ui/vitrine-listing-group.ui");
  gtk_widget_class_bind_template_child (widget_class, VitrineListingGroup, address_row);
  gtk_widget_class_bind_template_child (widget_class, VitrineListingGroup, price_row);
  gtk_widget_class_bind_template_child (widget_class, VitrineListingGroup, facts_row);
  gtk_widget_class_bind_template_child (widget_class, VitrineListingGroup, url_row);
  gtk_widget_class_bind_template_child (widget_class, VitrineListingGroup, url_error);
  gtk_widget_class_bind_template_callback (widget_class, vitrine_listing_group_url_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, vitrine_listing_group_row_changed_cb);

  /**
   * VitrineListingGroup::changed:
   *
   * A field of the listing was changed.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vitrine_listing_group_init (VitrineListingGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->offered = vitrine_listing_new ();
}
