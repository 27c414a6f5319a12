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

#include <glib.h>

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

G_END_DECLS
