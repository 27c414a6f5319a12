/* vitrine-renderer.c: which of GTK's renderers draws the windows
 *
 * Where OpenGL is only Mesa's software rasterizer (a machine or a virtual
 * machine without a GPU, a remote desktop), GTK's OpenGL renderer redraws
 * the whole window on the CPU at every frame: 100 ms and more a frame on
 * two cores, with the main thread waiting, so the window stalls while a
 * job's progress moves. Cairo redraws only what changed. GTK makes this
 * choice itself since 4.14 (it sets its GPU renderers aside on llvmpipe);
 * GTK 4.8 to 4.12, Debian 12's among them, take OpenGL whenever
 * it works, so Vitrine makes the same choice there, through GSK_RENDERER,
 * which GTK reads when it makes the first window's renderer. The probe
 * sets up the display's OpenGL, which GTK's OpenGL renderer would do
 * anyway, and drops its own context at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <epoxy/gl.h>

#include "vitrine-renderer.h"

gboolean
vitrine_renderer_gl_is_software (GdkDisplay *display)
{
  static const char *software[] = { "llvmpipe", "softpipe", "swrast" };
  g_autoptr(GdkGLContext) context = NULL;
  const char *name;
  gboolean is_software = FALSE;

  g_return_val_if_fail (GDK_IS_DISPLAY (display), FALSE);

  context = gdk_display_create_gl_context (display, NULL);
  if (context == NULL || !gdk_gl_context_realize (context, NULL))
    return FALSE;
  gdk_gl_context_make_current (context);
  name = (const char *) glGetString (GL_RENDERER);
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (software); i++)
    is_software |= strstr (name, software[i]) != NULL;
  gdk_gl_context_clear_current ();
  return is_software;
}

gboolean
vitrine_renderer_choose (void)
{
  if (gtk_get_minor_version () >= 14 || g_getenv ("GSK_RENDERER") != NULL)
    return TRUE;
  /* GTK tries to open the display once: after this failed, gtk_init ()
   * would go on without one, not stop with "cannot open display" */
  if (!gtk_init_check ())
    return FALSE;
  /* g_setenv () is safe here only, before GLib or GTK start a thread that
   * could read the environment (Mesa's rasterizer threads do not) */
  if (vitrine_renderer_gl_is_software (gdk_display_get_default ()))
    g_setenv ("GSK_RENDERER", "cairo", TRUE);
  return TRUE;
}
