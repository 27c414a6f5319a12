/* vitrine-string-record.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vitrine-string-record.h"

void
vitrine_string_record_clear (const VitrineStringMember *members,
                             gpointer                   record)
{
  for (const VitrineStringMember *m = members; m->name != NULL; m++)
    g_clear_pointer (&VITRINE_STRING_RECORD_GET (record, m), g_free);
}

gboolean
vitrine_string_record_equal (const VitrineStringMember *members,
                             gconstpointer              a,
                             gconstpointer              b)
{
  if (a == NULL || b == NULL)
    return a == b;
  for (const VitrineStringMember *m = members; m->name != NULL; m++)
    if (g_strcmp0 (VITRINE_STRING_RECORD_GET (a, m), VITRINE_STRING_RECORD_GET (b, m)) != 0)
      return FALSE;
  return TRUE;
}

gboolean
vitrine_string_record_is_empty (const VitrineStringMember *members,
                                gconstpointer              record)
{
  if (record == NULL)
    return TRUE;
  for (const VitrineStringMember *m = members; m->name != NULL; m++)
    if (VITRINE_STRING_RECORD_GET (record, m) != NULL)
      return FALSE;
  return TRUE;
}

void
vitrine_string_record_merge (const VitrineStringMember *members,
                             gpointer                   record,
                             gconstpointer              over)
{
  for (const VitrineStringMember *m = members; m->name != NULL; m++)
    {
      const char *value = VITRINE_STRING_RECORD_GET (over, m);

      if (value == NULL)
        continue;
      g_free (VITRINE_STRING_RECORD_GET (record, m));
      VITRINE_STRING_RECORD_GET (record, m) = g_strdup (value);
    }
}
