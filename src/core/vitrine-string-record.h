/* vitrine-string-record.h: structs whose members are all strings
 *
 * The listing, the agent and a job's output are records of strings, each
 * NULL when not given. A table of a record's members (their names, as
 * the JSON of the job store and of `vitrine-cli show --json` spells them,
 * and their offsets; NULL-terminated) lets one piece of code copy, free,
 * compare, write and read any of them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct {
  const char *name;
  glong       offset;
} VitrineStringMember;

#define VITRINE_STRING_MEMBER(type, member) { #member, G_STRUCT_OFFSET (type, member) }

#define VITRINE_STRING_RECORD_GET(record, member) \
  G_STRUCT_MEMBER (char *, (record), (member)->offset)

/* Frees the members of @record (not @record). */
void     vitrine_string_record_clear    (const VitrineStringMember *members,
                                         gpointer                   record);
gboolean vitrine_string_record_equal    (const VitrineStringMember *members,
                                         gconstpointer              a,
                                         gconstpointer              b);
/* TRUE when no member is set. */
gboolean vitrine_string_record_is_empty (const VitrineStringMember *members,
                                         gconstpointer              record);
/* The members set in @over replace those of @record. */
void     vitrine_string_record_merge    (const VitrineStringMember *members,
                                         gpointer                   record,
                                         gconstpointer              over);

/* Declares, for TypeName (a struct of strings), its boxed GType,
 * type_name_new(), type_name_copy(), type_name_free(), type_name_equal()
 * and type_name_is_empty() (see VITRINE_DEFINE_STRING_RECORD) and its
 * autoptr cleanup. */
#define VITRINE_DECLARE_STRING_RECORD(TypeName, type_name)                             \
  GType      type_name##_get_type (void) G_GNUC_CONST;                                 \
  TypeName  *type_name##_new      (void);                                              \
  TypeName  *type_name##_copy     (const TypeName *record);                            \
  void       type_name##_free     (TypeName       *record);                            \
  gboolean   type_name##_equal    (const TypeName *a,                                  \
                                   const TypeName *b);                                 \
  gboolean   type_name##_is_empty (const TypeName *record);                            \
  G_DEFINE_AUTOPTR_CLEANUP_FUNC (TypeName, type_name##_free)

/* Defines, for TypeName, a record of @members: its boxed GType and
 * type_name_new(), type_name_copy(), type_name_free(), type_name_equal()
 * (NULL equals only NULL) and type_name_is_empty() (NULL is empty), which
 * its header declares. */
#define VITRINE_DEFINE_STRING_RECORD(TypeName, type_name, members)                     \
  G_DEFINE_BOXED_TYPE (TypeName, type_name, type_name##_copy, type_name##_free)        \
                                                                                       \
  TypeName *                                                                           \
  type_name##_new (void)                                                               \
  {                                                                                    \
    return g_new0 (TypeName, 1);                                                       \
  }                                                                                    \
                                                                                       \
  TypeName *                                                                           \
  type_name##_copy (const TypeName *record)                                            \
  {                                                                                    \
    TypeName *copy = type_name##_new ();                                               \
                                                                                       \
    if (record != NULL)                                                                \
      vitrine_string_record_merge ((members), copy, record);                           \
    return copy;                                                                       \
  }                                                                                    \
                                                                                       \
  void                                                                                 \
  type_name##_free (TypeName *record)                                                  \
  {                                                                                    \
    if (record == NULL)                                                                \
      return;                                                                          \
    vitrine_string_record_clear ((members), record);                                   \
    g_free (record);                                                                   \
  }                                                                                    \
                                                                                       \
  gboolean                                                                             \
  type_name##_equal (const TypeName *a,                                                \
                     const TypeName *b)                                                \
  {                                                                                    \
    return vitrine_string_record_equal ((members), a, b);                              \
  }                                                                                    \
                                                                                       \
  gboolean                                                                             \
  type_name##_is_empty (const TypeName *record)                                        \
  {                                                                                    \
    return vitrine_string_record_is_empty ((members), record);                         \
  }

G_END_DECLS
