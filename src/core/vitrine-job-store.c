/* vitrine-job-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vitrine-job-store.h"

struct _VitrineJobStore
{
  GObject    parent_instance;

  GPtrArray *jobs;  /* newest first */
};

static void vitrine_job_store_list_model_init (GListModelInterface *iface);

G_DEFINE_QUARK (vitrine-store-error-quark, vitrine_store_error)
G_DEFINE_FINAL_TYPE_WITH_CODE (VitrineJobStore, vitrine_job_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      vitrine_job_store_list_model_init))

static GType
vitrine_job_store_get_item_type (GListModel *model)
{
  return VITRINE_TYPE_JOB;
}

static guint
vitrine_job_store_get_n_items (GListModel *model)
{
  return VITRINE_JOB_STORE (model)->jobs->len;
}

static gpointer
vitrine_job_store_get_item (GListModel *model,
                            guint       position)
{
  VitrineJobStore *self = VITRINE_JOB_STORE (model);

  if (position >= self->jobs->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->jobs, position));
}

static void
vitrine_job_store_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = vitrine_job_store_get_item_type;
  iface->get_n_items = vitrine_job_store_get_n_items;
  iface->get_item = vitrine_job_store_get_item;
}

static void
vitrine_job_store_finalize (GObject *object)
{
  VitrineJobStore *self = (VitrineJobStore *) object;

  g_ptr_array_unref (self->jobs);
  G_OBJECT_CLASS (vitrine_job_store_parent_class)->finalize (object);
}

static void
vitrine_job_store_class_init (VitrineJobStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vitrine_job_store_finalize;
}

static void
vitrine_job_store_init (VitrineJobStore *self)
{
  self->jobs = g_ptr_array_new_with_free_func (g_object_unref);
}

VitrineJobStore *
vitrine_job_store_new_in_memory (void)
{
  return g_object_new (VITRINE_TYPE_JOB_STORE, NULL);
}

void
vitrine_job_store_add (VitrineJobStore *self,
                       VitrineJob      *job)
{
  g_return_if_fail (VITRINE_IS_JOB_STORE (self));
  g_return_if_fail (VITRINE_IS_JOB (job));
  g_return_if_fail (vitrine_job_store_lookup (self, vitrine_job_get_id (job)) == NULL);

  g_ptr_array_insert (self->jobs, 0, g_object_ref (job));
  g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, 1);
}

void
vitrine_job_store_remove (VitrineJobStore *self,
                          VitrineJob      *job)
{
  guint position;

  g_return_if_fail (VITRINE_IS_JOB_STORE (self));
  g_return_if_fail (VITRINE_IS_JOB (job));

  if (g_ptr_array_find (self->jobs, job, &position))
    {
      g_ptr_array_remove_index (self->jobs, position);
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
    }
}

/**
 * vitrine_job_store_lookup:
 *
 * Returns: (transfer none) (nullable): the job with @id.
 */
VitrineJob *
vitrine_job_store_lookup (VitrineJobStore *self,
                          const char      *id)
{
  g_return_val_if_fail (VITRINE_IS_JOB_STORE (self), NULL);

  for (guint i = 0; id != NULL && i < self->jobs->len; i++)
    {
      VitrineJob *job = g_ptr_array_index (self->jobs, i);

      if (g_str_equal (vitrine_job_get_id (job), id))
        return job;
    }
  return NULL;
}
