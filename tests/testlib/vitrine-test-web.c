/* vitrine-test-web.c: "the web" for the tests: a loopback SoupServer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vitrine-test-photos.h"
#include "vitrine-test-web.h"

void
vitrine_test_web_start (VitrineTestWeb     *web,
                        SoupServerCallback  handler,
                        gpointer            data)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *jpeg = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  GSList *uris;

  web->dir = vitrine_test_make_tmpdir ();
  jpeg = vitrine_test_make_jpeg (web->dir, "photo.jpg", 640, 480, 0, 7);
  g_assert_true (g_file_get_contents (jpeg, &contents, &length, NULL));
  web->jpeg = g_bytes_new_take (g_steal_pointer (&contents), length);

  web->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (web->server, NULL, handler, data, NULL);
  soup_server_listen (web->server, address, 0, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (web->server);
  web->base = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

void
vitrine_test_web_stop (VitrineTestWeb *web)
{
  soup_server_disconnect (web->server);
  g_clear_object (&web->server);
  g_clear_pointer (&web->base, g_free);
  g_clear_pointer (&web->jpeg, g_bytes_unref);
  vitrine_test_rmtree (web->dir);
  g_clear_pointer (&web->dir, g_free);
}

char *
vitrine_test_web_url (VitrineTestWeb *web,
                      const char     *path)
{
  return g_strconcat (web->base, path, NULL);  /* base ends with "/" */
}

guint16
vitrine_test_web_closed_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  g_socket_close (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}
