/* vitrine-test-web.h: "the web" for the tests: a loopback SoupServer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct {
  SoupServer *server;
  char       *base;   /* "http://127.0.0.1:PORT/" */
  char       *dir;    /* a temporary folder, removed by stop */
  GBytes     *jpeg;   /* the bytes of a 640x480 JPEG made at start */
} VitrineTestWeb;

/* Listens on 127.0.0.1 (a free port), every path to @handler. */
void  vitrine_test_web_start (VitrineTestWeb     *web,
                              SoupServerCallback  handler,
                              gpointer            data);
void  vitrine_test_web_stop  (VitrineTestWeb     *web);
/* @path (no leading "/") on the server. */
char *vitrine_test_web_url   (VitrineTestWeb     *web,
                              const char         *path);
/* A port of 127.0.0.1 nothing listens on: a connection to it is refused. */
guint16 vitrine_test_web_closed_port (void);

G_END_DECLS
