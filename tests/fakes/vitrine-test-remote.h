/* vitrine-test-remote.h: what the cloud provider tests share
 *
 * Photos served over loopback http (the fakes fetch them, as the real
 * providers do), both providers' fakes, a store in a temporary folder, a
 * job driven by the real monitor to its end.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vitrine-fake-aixpose.h"
#include "vitrine-fake-iacrea.h"
#include "vitrine-fake-server.h"
#include "vitrine-fake-vidgen.h"
#include "vitrine-fake-vikit.h"
#include "vitrine-job-monitor.h"
#include "vitrine-job-store.h"

G_BEGIN_DECLS

typedef struct {
  char              *dir;
  char              *out_dir;
  char              *video;       /* the MP4 the fakes serve */
  VitrineFakeServer *files;       /* serves @dir/photos under /photos */
  GPtrArray         *photo_urls;  /* http://127.0.0.1:…/photos/photo-N.jpg */
  char              *logo_url;
  char              *outro_url;
  VitrineJobStore   *store;
  VitrineFakeVikit  *vikit;       /* accepts VITRINE_TEST_VIKIT_KEY */
  VitrineFakeIacrea *iacrea;      /* accepts VITRINE_TEST_IACREA_KEY */
  VitrineFakeAixpose *aixpose;    /* accepts VITRINE_FAKE_AIXPOSE_KEY */
  VitrineFakeVidgen *vidgen;      /* accepts VITRINE_FAKE_VIDGEN_KEY */
  char              *music;       /* @dir/music.wav, 2 s */
  GArray            *states;      /* VitrineJobState: each change of the last job run */
  VitrineFakeServer *fake;        /* the server of the program's provider (below) */
} VitrineTestRemote;

#define VITRINE_TEST_VIKIT_KEY  VITRINE_FAKE_VIKIT_KEY
#define VITRINE_TEST_IACREA_KEY VITRINE_FAKE_IACREA_KEY

/* Before g_test_run(): settings in memory, messages in English, a network
 * monitor that does not depend on the machine's routes. */
void        vitrine_test_remote_init_env  (void);

void        vitrine_test_remote_setup     (VitrineTestRemote *t,
                                           guint              n_photos);
void        vitrine_test_remote_teardown  (VitrineTestRemote *t);

/* A job of @provider_id with the photos' URLs, saved under @t's out_dir. */
VitrineJob *vitrine_test_remote_new_job   (VitrineTestRemote *t,
                                           const char        *provider_id);
/* A URL on the photo server that answers 404. */
char       *vitrine_test_remote_missing_url (VitrineTestRemote *t);

/* Adds @job to the store and lets a monitor drive it until it is finished
 * (fails the test after @timeout_s seconds). */
void        vitrine_test_remote_run       (VitrineTestRemote *t,
                                           VitrineJob        *job,
                                           guint              timeout_s);
/* Runs the main loop for @ms milliseconds. */
void        vitrine_test_remote_spin      (guint              ms);

/* $VITRINE_<ID>_URL, _API_KEY (NULL: unset) and a fast _POLL_MS (the
 * fixture does it for both fakes). */
void        vitrine_test_remote_set_env   (const char        *provider_id,
                                           const char        *url,
                                           const char        *api_key);

/* Runs @job and asserts it FAILED with @expected in its message. */
void        vitrine_test_remote_run_to_failure (VitrineTestRemote *t,
                                                VitrineJob        *job,
                                                const char        *expected);
/* Asserts that every output of @job is a downloaded, playable MP4 and
 * that the labels are @labels (NULL-terminated), in order. */
void        vitrine_test_remote_assert_outputs (VitrineJob         *job,
                                                const char * const *labels);

/* Runs vitrine-cli with @args (its store under @t's data folder, see
 * vitrine_test_remote_cli_store()), the main loop turning; returns its
 * output, its exit status in @status and its error output in @err. */
char       *vitrine_test_remote_cli       (VitrineTestRemote  *t,
                                           const char * const *args,
                                           int                *status,
                                           char              **err);
/* Starts vitrine-cli with @args as vitrine_test_remote_cli() does, its
 * output and error output piped, and hands it back running. */
GSubprocess *vitrine_test_remote_cli_spawn (VitrineTestRemote  *t,
                                            const char * const *args);
/* Starts `sh -c @script` as vitrine_test_remote_cli_spawn() does, in a
 * private user and mount namespace (unshare -rm: it may mount a tmpfs of
 * its own); $VITRINE_CLI is the vitrine-cli to run. */
GSubprocess *vitrine_test_remote_unshared_spawn (VitrineTestRemote *t,
                                                 const char        *script);
/* Waits for @process to end, the main loop turning; returns its output,
 * its exit status in @status and its error output in @err. */
char       *vitrine_test_remote_communicate (GSubprocess *process,
                                             int         *status,
                                             char       **err);
/* The store vitrine-cli sees: XDG_DATA_HOME/vitrine/jobs.db of @t. */
VitrineJobStore *vitrine_test_remote_cli_store (VitrineTestRemote *t);
/* Turns the main loop until @job is in @state (at most 30 s). */
void        vitrine_test_remote_run_until (VitrineJob         *job,
                                           VitrineJobState     state);

/* A provider test program (tests/fakes/vitrine-test-main.c has its main()):
 * it defines vitrine_test_provider and its own tests with VITRINE_TEST; every
 * fault of the HTTP exchange and every refusal that all providers share is
 * tested for it too. Each test gets a fresh fixture with the fakes, and
 * $VITRINE_<ID>_URL, _API_KEY and _POLL_MS pointing at them. */
typedef struct {
  const char         *id;        /* "vikit" */
  guint               n_photos;  /* in each fixture */
  const char * const *labels;    /* the outputs of a completed job, in order */
  /* A job that completes (a paid one where the provider charges). */
  VitrineJob       *(*new_job) (VitrineTestRemote *t);
  /* Checks that a job that got over a fault was charged once, or NULL. */
  void              (*charged) (VitrineTestRemote *t,
                                VitrineJob        *job);
  /* The POSTs a job makes at the fake without faults (0: one). */
  guint               posts;
  /* Its POSTs carry idempotency keys: an answer lost on the way is asked
   * again (the provider replays), never INTERRUPTED. */
  gboolean            resumes;
  /* One active job per key: a 5xx to the start is sent again with backoff
   * (VidGen's reference says so; a duplicate meets its 409). */
  gboolean            one_active_job;
} VitrineTestProvider;

extern const VitrineTestProvider vitrine_test_provider;

void        vitrine_test_register         (const char        *name,
                                           gconstpointer      data,
                                           GTestFixtureFunc   func);

/* Defines test @name of the program's provider (path
 * /providers/<id>/<name with dashes>), with @row as its data:
 *   VITRINE_TEST (complete_job, NULL) { …t, data… } */
#define VITRINE_TEST(name, row)                                                  \
  static void test_##name (VitrineTestRemote *t, gconstpointer data);           \
  __attribute__ ((constructor)) static void register_##name (void)              \
  { vitrine_test_register (#name, (row), (GTestFixtureFunc) test_##name); }     \
  static void test_##name (VitrineTestRemote *t, gconstpointer data)

G_END_DECLS
