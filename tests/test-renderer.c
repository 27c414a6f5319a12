/* test-renderer.c: where OpenGL is software, the window draws with Cairo
 *
 * Xvfb has no GPU: its OpenGL is Mesa's llvmpipe, on which GTK's OpenGL
 * renderer redraws the whole window on the CPU at every frame. Before GTK
 * 4.14, which makes this choice itself, the program picks Cairo as it
 * starts (main.c, vitrine-renderer.c), and keeps a GSK_RENDERER the user
 * set.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vitrine-renderer.h"

static void
test_software_gl_draws_with_cairo (void)
{
  GtkWidget *window;
  GskRenderer *renderer;

  if (gtk_get_minor_version () >= 14)
    {
      g_test_skip ("GTK 4.14 and later choose the renderer themselves");
      return;
    }
  if (!vitrine_renderer_gl_is_software (gdk_display_get_default ()))
    {
      g_test_skip ("OpenGL here runs on a GPU");
      return;
    }
  g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "cairo");

  /* GTK reads it as it makes the first window's renderer */
  window = gtk_window_new ();
  gtk_widget_realize (window);
  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  g_assert_cmpstr (G_OBJECT_TYPE_NAME (renderer), ==, "GskCairoRenderer");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_user_choice_kept (void)
{
  g_setenv ("GSK_RENDERER", "gl", TRUE);
  vitrine_renderer_choose ();
  g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "gl");
}

int
main (int   argc,
      char *argv[])
{
  g_unsetenv ("GSK_RENDERER");
  gtk_test_init (&argc, &argv, NULL);
  /* as Vitrine's main () does, before any window */
  vitrine_renderer_choose ();

  g_test_add_func ("/ui/renderer/software-gl-draws-with-cairo", test_software_gl_draws_with_cairo);
  g_test_add_func ("/ui/renderer/user-choice-kept", test_user_choice_kept);
  return g_test_run ();
}
