/* main.c: the Vitrine application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vitrine-application.h"
#include "vitrine-config.h"
#include "vitrine-renderer.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(VitrineApplication) app = NULL;

  vitrine_config_bind_textdomain ();
  /* Cairo where OpenGL is software (GTK 4.8 to 4.12 would take OpenGL) */
  if (!vitrine_renderer_choose ())
    {
      g_printerr ("%s\n", _("Vitrine could not open a display. It needs a graphical session; "
                            "vitrine-cli works without one."));
      return 1;
    }

  app = vitrine_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
