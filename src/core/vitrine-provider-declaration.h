/* vitrine-provider-declaration.h: what a provider says about itself
 *
 * A provider is one folder. Besides its VitrineProvider object it hands the
 * registry a declaration: the options it takes (each with a type, a
 * default, a validation rule, its help text and its vitrine-cli flag), its
 * account fields (a key, an address), its own settings, and the calls it
 * offers besides submit and poll (a health or balance check, a credit
 * balance, a catalogue of choices, the import of earlier jobs). The window's
 * provider options, the Preferences pages, the cost confirmation and
 * `vitrine-cli submit` are all built from these declarations: nothing above
 * src/providers names a provider.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vitrine-job.h"

G_BEGIN_DECLS

typedef struct _VitrineProvider VitrineProvider;
typedef struct _VitrineJobStore VitrineJobStore;

typedef enum {
  VITRINE_OPTION_TEXT,          /* one line */
  VITRINE_OPTION_LONG_TEXT,     /* several lines (a listing's description) */
  VITRINE_OPTION_COLOR_PAIR,    /* "#rrggbb,#rrggbb": background, text */
  VITRINE_OPTION_FILE,          /* a file, or a web address when allowed */
  VITRINE_OPTION_MUSIC,         /* none, a catalogue track, a web address or an audio file */
  VITRINE_OPTION_MULTI_CHOICE,  /* some of a catalogue the provider serves; "a,b,c" */
  VITRINE_OPTION_PHOTO,         /* one of the job's photos, by its index from 0 */
} VitrineOptionType;

/* Where the value goes on the job. */
typedef enum {
  VITRINE_OPTION_TARGET_OPTION,       /* the job option named by the option's key */
  VITRINE_OPTION_TARGET_MUSIC,
  VITRINE_OPTION_TARGET_LOGO,
  VITRINE_OPTION_TARGET_OUTRO,
  VITRINE_OPTION_TARGET_DESCRIPTION,
} VitrineOptionTarget;

typedef enum /*< flags >*/ {
  VITRINE_OPTION_ALLOW_URL  = 1 << 0,  /* FILE, MUSIC: an http(s) address is taken as it is */
  VITRINE_OPTION_IMAGE      = 1 << 1,  /* FILE: must be an image */
  VITRINE_OPTION_VIDEO      = 1 << 2,  /* FILE: may also be a video */
  VITRINE_OPTION_AUDIO_FILE = 1 << 3,  /* MUSIC: an audio file from this computer */
  VITRINE_OPTION_REPEATABLE = 1 << 4,  /* the CLI flag may be given more than once */
  VITRINE_OPTION_FROM_LISTING = 1 << 5, /* left empty, the provider makes it from the listing */
} VitrineOptionFlags;

/* A catalogue entry: what a person reads, and what goes on the job. */
typedef struct {
  const char *label;
  const char *value;
} VitrineOptionChoice;

typedef struct {
  const char          *name;        /* "email": unique among all providers; the window's row */
  VitrineOptionType    type;
  VitrineOptionTarget  target;
  const char          *key;         /* the job option (VITRINE_OPTION_TARGET_OPTION) */
  VitrineOptionFlags   flags;
  const char          *cli_flag;    /* "email" for --email; several providers may share one */
  const char          *cli_arg;     /* "ADDR", the placeholder in --help */
  const char          *label;       /* N_(), the window's row, with a mnemonic */
  const char          *help;        /* N_(), --help and the row's tooltip */
  const char          *hint;        /* N_() or NULL, said under a LONG_TEXT row */
  const char          *default_value; /* COLOR_PAIR: the colours shown first */
  guint                min_length;  /* characters: shorter is refused (0: optional) */
  const char          *too_short;   /* N_(), the message when it is */
  /* MUSIC: the provider's own tracks, by name, and the value of the one a
   * person named (looser than the exact label; NULL: the exact label). */
  const VitrineOptionChoice *(*get_choices)   (guint               *n_choices);
  const char                *(*lookup_choice) (const char          *label);
  /* MULTI_CHOICE: the catalogue call (the provider's key is needed). */
  void                       (*fetch_async)   (VitrineProvider     *provider,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
  GStrv                      (*fetch_finish)  (VitrineProvider     *provider,
                                               GAsyncResult        *result,
                                               GError             **error);
  /* MULTI_CHOICE: what a person reads for a fetched entry (NULL: the
   * entry itself). */
  const char                *(*choice_label)  (const char          *value);
} VitrineProviderOption;

/* A setting of the provider's own on its Preferences page (a GSettings key
 * of type "b" or "i"). */
typedef struct {
  const char *key;
  const char *group;      /* N_(), the title of its group */
  const char *title;      /* N_(), with a mnemonic */
  const char *subtitle;   /* N_() */
  int         min, max;   /* "i" keys */
} VitrineProviderSetting;

typedef struct {
  /* Account fields: a key in the keyring (named by the provider's id), and
   * an address in the setting "<id>-url"; @default_url NULL means the
   * person's own server. */
  gboolean                      has_key;
  gboolean                      has_url;
  const char                   *default_url;
  /* Photos that Vitrine crops to the job's ratio before sending (the window
   * shows the crop on each photo). */
  gboolean                      crop_photos;
  /* One line about the provider in `vitrine-cli submit --help`, N_(). */
  const char                   *cli_note;

  const VitrineProviderOption  *options;   /* ended by a { NULL } */
  const VitrineProviderSetting *settings;  /* ended by a { NULL }, or NULL */

  /* The Test button in Preferences: a health or balance call. Resolves
   * with what a person reads ("VidGen answers"). */
  void      (*test_async)      (VitrineProvider     *provider,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data);
  char     *(*test_finish)     (VitrineProvider     *provider,
                                GAsyncResult        *result,
                                GError             **error);
  /* The credit balance, for a person ("95 credits"). */
  void      (*balance_async)   (VitrineProvider     *provider,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data);
  char     *(*balance_finish)  (VitrineProvider     *provider,
                                GAsyncResult        *result,
                                GError             **error);
  /* The ratios the provider offers today (its catalogue), as "16:9"… */
  void      (*ratios_async)    (VitrineProvider     *provider,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data);
  GStrv     (*ratios_finish)   (VitrineProvider     *provider,
                                GAsyncResult        *result,
                                GError             **error);
  /* Adds the account's earlier jobs to @store, each once. */
  void      (*import_async)    (VitrineProvider     *provider,
                                VitrineJobStore     *store,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data);
  gboolean  (*import_finish)   (VitrineProvider     *provider,
                                GAsyncResult        *result,
                                guint               *n_imported,
                                GError             **error);
} VitrineProviderDeclaration;

/* What the registry keeps: how to make a provider, and its declaration. */
typedef struct {
  VitrineProvider                  *(*new_provider) (void);
  const VitrineProviderDeclaration   *declaration;
} VitrineProviderEntry;

/* Hands @entries (ended by a { NULL }) to the registry, which makes the
 * providers when it is first used. Called before main() by
 * VITRINE_PROVIDERS_DECLARE. */
void                           vitrine_provider_declare_entries (const VitrineProviderEntry   *entries);

/* Declares the providers of @entries, from the file that holds the list:
 * the built-in ones (src/providers) come first, then any other (a test's). */
#define VITRINE_PROVIDERS_DECLARE_AT(entries, priority)                                   \
  static void __attribute__ ((constructor (priority))) vitrine_providers_declare_##entries (void) \
  { vitrine_provider_declare_entries (entries); }
#define VITRINE_PROVIDERS_DECLARE_BUILTIN(entries) VITRINE_PROVIDERS_DECLARE_AT (entries, 200)
#define VITRINE_PROVIDERS_DECLARE(entries) VITRINE_PROVIDERS_DECLARE_AT (entries, 300)

/* The option of @declaration read from --@cli_flag, or NULL. */
const VitrineProviderOption   *vitrine_provider_option_find_flag (const VitrineProviderDeclaration *declaration,
                                                                 const char                       *cli_flag);
/* Checks @value (NULL or "": not given) against @option's rule; the error
 * is for a person. */
gboolean                       vitrine_provider_option_check    (const VitrineProviderOption      *option,
                                                                 const char                       *value,
                                                                 GError                          **error);
/* Puts @value (NULL: none) where @option says on @job. */
void                           vitrine_provider_option_apply    (const VitrineProviderOption      *option,
                                                                 VitrineJob                       *job,
                                                                 const char                       *value);
/* The catalogue value a MUSIC option knows by @label, or NULL. */
const char                    *vitrine_provider_option_lookup_choice (const VitrineProviderOption *option,
                                                                      const char                  *label);

G_END_DECLS
