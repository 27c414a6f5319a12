/* vitrine-test-s3.h: a real S3 implementation on loopback, for tests
 *
 * @20minutes/s3rver (it verifies SigV4 signatures; s3rver 3.x does not),
 * installed once with `npm ci` from tests/s3/package-lock.json into the build
 * directory (tests/s3/node_modules there), then started on a free port of
 * 127.0.0.1 with one bucket, "photos", stored in a temporary directory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VITRINE_TEST_S3_BUCKET "photos"

typedef struct _VitrineTestS3 VitrineTestS3;

/* Installs the peer when needed (npm ci, a few seconds the first time) and
 * starts it. Besides the built-in S3RVER/S3RVER, it accepts @access_key with
 * @secret_key (both may be NULL). Fails when node or npm is missing or npm
 * cannot install; the message says why. */
VitrineTestS3 *vitrine_test_s3_start         (const char     *access_key,
                                              const char     *secret_key,
                                              GError        **error);
/* "http://127.0.0.1:PORT" */
const char    *vitrine_test_s3_get_endpoint  (VitrineTestS3  *s3);
/* Where the peer keeps the buckets' files. */
const char    *vitrine_test_s3_get_directory (VitrineTestS3  *s3);
/* Stops the peer and removes its files. */
void           vitrine_test_s3_stop          (VitrineTestS3  *s3);

/* vitrine_test_s3_start() for a test: skips the test (returns NULL) when the
 * peer cannot run, except when $CI is set, where that is a failure. */
VitrineTestS3 *vitrine_test_s3_start_or_skip (const char     *access_key,
                                              const char     *secret_key);
/* Makes @s3 Vitrine's media host ($VITRINE_S3_ENDPOINT, _BUCKET, _ACCESS_KEY,
 * _SECRET_KEY with the built-in S3RVER key, _PATH_STYLE); unset with
 * vitrine_test_s3_unset_media_host(). */
void           vitrine_test_s3_set_media_host   (VitrineTestS3  *s3);
void           vitrine_test_s3_unset_media_host (void);

G_END_DECLS
