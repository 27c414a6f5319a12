/* vitrine-card.c: text and cards drawn into the frames
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#include "vitrine-card.h"
#include "vitrine-image.h"
#include "vitrine-slideshow-private.h"

#define FONT "Sans"
#define LOGO_W 0.22  /* the corner logo's box, of the frame's short side */
#define QUIET_ZONE 4 /* modules of white around a QR code, as the standard asks */

/* Default end card colours when the agent has none; the unbranded card is
 * always neutral, whatever the brand. */
#define BRAND_BG "#1b2a4a"
#define BRAND_FG "#ffffff"
/* A logo colour this close to the card's (0–1, per channel) hardly shows. */
#define FAINT_DISTANCE 0.2
#define NEUTRAL_BG "#1e1e1e"
#define NEUTRAL_FG "#ffffff"

void
vitrine_card_safe_area (int         width,
                        int         height,
                        VitrineBox *safe)
{
  double right = width * 0.95, bottom = height * 0.95;

  /* phone apps cover the right sixth and the bottom fifth of a vertical
   * video (their buttons and the description) */
  if (height > width)
    {
      right = width * 5.0 / 6.0;
      bottom = height * 0.8;
    }
  safe->x = ceil (width * 0.05);
  safe->y = ceil (height * 0.05);
  safe->w = floor (right) - safe->x;
  safe->h = floor (bottom) - safe->y;
}

static void
add_box (GArray *boxes,
         double  x,
         double  y,
         double  w,
         double  h)
{
  VitrineBox box = { x, y, w, h, FALSE, FALSE };

  if (boxes != NULL)
    g_array_append_val (boxes, box);
}

/* Text ---------------------------------------------------------------------- */

static PangoLayout *
new_layout (cairo_t *cr)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  cairo_font_options_t *options = cairo_font_options_create ();

  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (pango_layout_get_context (layout), options);
  cairo_font_options_destroy (options);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  return layout;
}

static void
set_font (PangoLayout *layout,
          gboolean     bold,
          double       px)
{
  PangoFontDescription *desc = pango_font_description_from_string (FONT);

  pango_font_description_set_weight (desc, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_absolute_size (desc, MAX (1.0, px) * PANGO_SCALE);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
}

/* Whether a space after @c holds the next word to it: after a number
 * ("2 baths", "98 m²", "W11 2PN") or a currency sign ("£ 1,250,000"). */
static gboolean
holds_next (gunichar c)
{
  return g_unichar_isdigit (c) || g_unichar_type (c) == G_UNICODE_CURRENCY_SYMBOL;
}

/* Whether @layout breaks a line where a reader would not: inside a word
 * ("Springfi-eld", Pango's last resort), or after a number or a currency
 * sign ("2 / baths", "£ / 1,250,000"). */
static gboolean
tears (PangoLayout *layout)
{
  const char *text = pango_layout_get_text (layout);
  int n_attrs;
  const PangoLogAttr *attrs = pango_layout_get_log_attrs_readonly (layout, &n_attrs);

  for (GSList *l = pango_layout_get_lines_readonly (layout); l != NULL && l->next != NULL; l = l->next)
    {
      const PangoLayoutLine *line = l->data;
      const char *next = text + line->start_index + line->length;
      const char *last = g_utf8_find_prev_char (text, next);
      gboolean spaced = FALSE;

      if (g_utf8_pointer_to_offset (text, next) < n_attrs &&
          !attrs[g_utf8_pointer_to_offset (text, next)].is_line_break)
        return TRUE;
      while (last != NULL && g_unichar_isspace (g_utf8_get_char (last)))
        {
          spaced = TRUE;
          last = g_utf8_find_prev_char (text, last);
        }
      if (spaced && last != NULL && holds_next (g_utf8_get_char (last)))
        return TRUE;
    }
  return FALSE;
}

/* @text with a no-break space after a number or a currency sign (see
 * holds_next ()): Pango then keeps the two on one line. */
static char *
glue_numbers (const char *text)
{
  GString *glued = g_string_sized_new (strlen (text) + 8);
  gunichar before = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == ' ' && holds_next (before))
        g_string_append_unichar (glued, 0x00a0);
      else
        g_string_append_unichar (glued, c);
      before = c;
    }
  return g_string_free (glued, FALSE);
}

/* Lays @text out in at most @box_w x @box_h: at @px, else smaller (down to
 * 30%, and while a line breaks inside a word), wrapped at words (or
 * characters inside a long word), and finally cut with an ellipsis.
 * Returns the size it takes. */
static void
fit_text (PangoLayout *layout,
          const char  *text,
          gboolean     bold,
          double       px,
          double       box_w,
          double       box_h,
          int         *w,
          int         *h)
{
  double min_px = MAX (6.0, px * 0.3);
  g_autofree char *glued = glue_numbers (text);
  PangoRectangle logical;

  pango_layout_set_width (layout, (int) (box_w * PANGO_SCALE));
  pango_layout_set_height (layout, -1);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_NONE);
  pango_layout_set_text (layout, glued, -1);
  for (;;)
    {
      set_font (layout, bold, px);
      pango_layout_get_pixel_extents (layout, NULL, &logical);
      if ((logical.height <= box_h && !tears (layout)) || px <= min_px)
        break;
      px = MAX (min_px, px * 0.9);
    }
  if (logical.height > box_h)
    {
      pango_layout_set_height (layout, (int) (box_h * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_get_pixel_extents (layout, NULL, &logical);
    }
  *w = MIN ((int) box_w, logical.x + logical.width);
  *h = MIN ((int) box_h, logical.height);
}

/* A phone number or an e-mail address is copied from the screen sign by
 * sign: it shrinks to stay on one line, and where even 40% is too wide it
 * breaks without the hyphen Pango would add, which would change it (the
 * layout keeps that rule until its next text). */
static void
fit_verbatim (PangoLayout *layout,
              const char  *text,
              double       px,
              double       box_w,
              double       box_h,
              int         *w,
              int         *h)
{
  PangoAttrList *attrs = pango_attr_list_new ();
  PangoRectangle logical;

  pango_attr_list_insert (attrs, pango_attr_insert_hyphens_new (FALSE));
  pango_layout_set_attributes (layout, attrs);
  pango_layout_set_width (layout, -1);
  pango_layout_set_text (layout, text, -1);
  for (double min_px = px * 0.4;;)
    {
      set_font (layout, FALSE, px);
      pango_layout_get_pixel_extents (layout, NULL, &logical);
      if (logical.width <= box_w || px <= min_px)
        break;
      /* glyphs do not scale quite in proportion: a little under, again */
      px = MAX (min_px, floor (px * box_w / logical.width * 0.99));
    }
  /* the attributes stay until the next text: the layout is shown as fitted */
  fit_text (layout, text, FALSE, px, box_w, box_h, w, h);
  pango_attr_list_unref (attrs);
}

/* The box of the text @layout shows, with whether it had to be cut. */
static void
add_text_box (GArray      *boxes,
              PangoLayout *layout,
              double       x,
              double       y,
              double       w,
              double       h)
{
  VitrineBox box = { x, y, w, h, pango_layout_is_ellipsized (layout), tears (layout) };

  if (boxes != NULL)
    g_array_append_val (boxes, box);
}

static void
show_text (cairo_t     *cr,
           PangoLayout *layout,
           double       x,
           double       y)
{
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

/* @color, or @fallback when it is unset or not a colour. */
static void
parse_color (const char *color,
             const char *fallback,
             double      rgb[3])
{
  if (!vitrine_color_parse (color, rgb))
    vitrine_color_parse (fallback, rgb);
}

static void
set_color (cairo_t    *cr,
           const char *color,
           const char *fallback)
{
  double rgb[3];

  parse_color (color, fallback, rgb);
  cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
}

/* Text in @fg on @bg; brand colours too close to be read (white on light
 * grey) give way to black or white (vitrine_color_readable()). */
static void
set_text_color (cairo_t    *cr,
                const char *bg,
                const char *bg_fallback,
                const char *fg,
                const char *fg_fallback)
{
  double text[3];

  vitrine_color_readable (bg, bg_fallback, fg, fg_fallback, text);
  cairo_set_source_rgb (cr, text[0], text[1], text[2]);
}

static void
rounded_rect (cairo_t *cr,
              double   x,
              double   y,
              double   w,
              double   h,
              double   r)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static VitrineOverlay *
overlay_from_surface (cairo_surface_t *surface,
                      int              x,
                      int              y)
{
  cairo_surface_flush (surface);
  return vitrine_overlay_new_from_argb32 (cairo_image_surface_get_data (surface),
                                          cairo_image_surface_get_width (surface),
                                          cairo_image_surface_get_height (surface),
                                          cairo_image_surface_get_stride (surface), x, y);
}

/* Panels over photos --------------------------------------------------------- */

typedef struct {
  const char *text;
  gboolean bold;
  double px;      /* wished size */
  double max_h;   /* at most this tall */
} Line;

/* Where a panel goes over a photo drawn as a band smaller than the frame
 * (VitrineBand). A panel is laid out in the safe area as always; where
 * that place, @box, meets the band at any moment of the slot, the panel
 * would stand across the photo's edge, which looks like a fault: it moves
 * inside the band instead, into what the photo covers for the whole slot
 * less the safe area's margins (in 9:16 the opening card's top at the
 * band's top + 5% of the height, in 16:9 a caption's left at the band's
 * left + 5% of the width; less for a band too thin for them), in the safe
 * area still, and wraps to that width as panels wrap to the safe area's.
 * A panel wholly off the band stays where it is: in 9:16 a caption under
 * the photo is where vitrine-render-frames.c means it to be. A panel
 * taller than the band's inside keeps to its anchor (the top, or the
 * bottom for a caption) and goes past the band's far edge: it moves only
 * where it stood across an edge anyway, and mostly on the photo is better
 * than half on it. Returns TRUE when the panel moves, @area (the safe
 * area) then narrowed to where it goes. */
static gboolean
panel_moves (const VitrineBand *band,
             int                width,
             int                height,
             const VitrineBox  *box,
             VitrineBox        *area)
{
  const VitrineBox *in, *out;
  double mx, my, x0, y0, x1, y1;

  if (band == NULL)
    return FALSE;
  in = &band->inner;
  out = &band->outer;
  if (box->x >= out->x + out->w || box->x + box->w <= out->x ||
      box->y >= out->y + out->h || box->y + box->h <= out->y)
    return FALSE;
  mx = MIN (ceil (width * 0.05), floor (in->w / 8));
  my = MIN (ceil (height * 0.05), floor (in->h / 8));
  x0 = MAX (area->x, in->x + mx);
  y0 = MAX (area->y, in->y + my);
  x1 = MIN (area->x + area->w, in->x + in->w - mx);
  y1 = MIN (area->y + area->h, in->y + in->h - my);
  if (x1 - x0 < 1 || y1 - y0 < 1)
    return FALSE;
  *area = (VitrineBox) { x0, y0, x1 - x0, y1 - y0, FALSE, FALSE };
  return TRUE;
}

/* A panel of @w x @h at the top left or (@bottom) bottom left of @area,
 * kept inside @safe where it is taller than @area. */
static void
anchor_panel (const VitrineBox *area,
              const VitrineBox *safe,
              gboolean          bottom,
              double            w,
              double            h,
              VitrineBox       *box)
{
  double y = bottom ? area->y + area->h - h : area->y;

  y = MAX (safe->y, MIN (y, safe->y + safe->h - h));
  *box = (VitrineBox) { area->x, y, w, h, FALSE, FALSE };
}

/* Lays @lines out in a panel at most @max_w wide in @area, with @pad
 * around them and @gap between them: its box in @box. Returns the
 * width the text wraps at. */
static double
lay_panel (PangoLayout      *layout,
           const Line       *lines,
           guint             n_lines,
           double            max_w,
           double            pad,
           double            gap,
           gboolean          bottom,
           const VitrineBox *area,
           const VitrineBox *safe,
           VitrineBox       *box)
{
  double text_w = MIN (max_w, area->w - 2) - 2 * pad;
  int panel_w = 0, panel_h = 0;

  for (guint i = 0; i < n_lines; i++)
    {
      int w, h;

      fit_text (layout, lines[i].text, lines[i].bold, lines[i].px, text_w, lines[i].max_h, &w, &h);
      panel_w = MAX (panel_w, w);
      panel_h += h + (i > 0 ? gap : 0);
    }
  anchor_panel (area, safe, bottom, panel_w + 2 * pad, panel_h + 2 * pad, box);
  return text_w;
}

/* A translucent panel of lines at an even position inside the safe area:
 * top left, or (@bottom) bottom left; inside or off the photo's @band. */
static VitrineOverlay *
make_panel (const Line        *lines,
            guint              n_lines,
            double             max_w,
            gboolean           bottom,
            const VitrineBand *band,
            int                width,
            int                height,
            GArray            *boxes)
{
  VitrineBox safe, area, box;
  int minor = MIN (width, height);
  double pad = ceil (minor * 0.022), gap = ceil (minor * 0.008);
  int panel_w, panel_h, x, y;
  cairo_surface_t *probe = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (probe);
  PangoLayout *layout = new_layout (cr);
  cairo_surface_t *surface;
  VitrineOverlay *overlay;
  double text_w, ty;

  vitrine_card_safe_area (width, height, &safe);
  area = safe;
  text_w = lay_panel (layout, lines, n_lines, max_w, pad, gap, bottom, &area, &safe, &box);
  if (panel_moves (band, width, height, &box, &area))
    text_w = lay_panel (layout, lines, n_lines, max_w, pad, gap, bottom, &area, &safe, &box);
  panel_w = (int) box.w;
  panel_h = (int) box.h;
  x = ((int) box.x + 1) & ~1;
  y = bottom ? (int) box.y & ~1 : ((int) box.y + 1) & ~1;
  g_object_unref (layout);
  cairo_destroy (cr);
  cairo_surface_destroy (probe);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, panel_w, panel_h);
  cr = cairo_create (surface);
  layout = new_layout (cr);
  rounded_rect (cr, 0, 0, panel_w, panel_h, pad * 0.6);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.6);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  ty = pad;
  for (guint i = 0; i < n_lines; i++)
    {
      int w, h;

      fit_text (layout, lines[i].text, lines[i].bold, lines[i].px, text_w, lines[i].max_h, &w, &h);
      show_text (cr, layout, pad, ty);
      add_text_box (boxes, layout, x + pad, y + ty, w, h);
      ty += h + gap;
    }
  add_box (boxes, x, y, panel_w, panel_h);
  g_object_unref (layout);
  cairo_destroy (cr);
  overlay = overlay_from_surface (surface, x, y);
  cairo_surface_destroy (surface);
  return overlay;
}

VitrineOverlay *
vitrine_card_opening (const char           *title,
                      const VitrineListing *listing,
                      gboolean              beside_logo,
                      const VitrineBand    *band,
                      int                   width,
                      int                   height,
                      GArray               *boxes)
{
  double max_w;
  int minor = MIN (width, height);
  VitrineBox safe;
  Line lines[4];
  guint n = 0;
  const struct { const char *text; gboolean bold; double px; double share; } wanted[] = {
    { title, FALSE, minor / 22.0, 0.10 },
    { listing ? listing->address : NULL, TRUE, minor / 15.0, 0.22 },
    { listing ? listing->price : NULL, TRUE, minor / 17.0, 0.10 },
    { listing ? listing->facts : NULL, FALSE, minor / 24.0, 0.12 },
  };

  vitrine_card_safe_area (width, height, &safe);
  for (guint i = 0; i < G_N_ELEMENTS (wanted); i++)
    {
      if (wanted[i].text == NULL || *wanted[i].text == '\0')
        continue;
      lines[n++] = (Line) { wanted[i].text, wanted[i].bold, wanted[i].px, wanted[i].share * safe.h };
    }
  if (n == 0)
    return NULL;
  max_w = width > height ? safe.w * 0.62 : safe.w;
  if (beside_logo)
    /* the logo's box (LOGO_W of the short side) and a gap: in 16:9 the
     * panel stops short of it anyway */
    max_w = MIN (max_w, safe.w - minor * (LOGO_W + 0.03));
  return make_panel (lines, n, max_w, FALSE, band, width, height, boxes);
}

VitrineOverlay *
vitrine_card_caption (const char        *caption,
                      gboolean           top,
                      const VitrineBand *band,
                      int                width,
                      int                height,
                      GArray            *boxes)
{
  VitrineBox safe;
  Line line;

  if (caption == NULL || *caption == '\0')
    return NULL;
  vitrine_card_safe_area (width, height, &safe);
  line = (Line) { caption, TRUE, MIN (width, height) / 20.0, safe.h * 0.14 };
  return make_panel (&line, 1, safe.w * 0.8, !top, band, width, height, boxes);
}

/* Wraps the title's @layout to @area less @pad_x a side: the box it and
 * its padding take at the bottom left of @area, and its @logical extents. */
static void
lay_title (PangoLayout      *layout,
           double            pad_x,
           double            pad_y,
           const VitrineBox *area,
           const VitrineBox *safe,
           PangoRectangle   *logical,
           VitrineBox       *box)
{
  pango_layout_set_width (layout, MAX (16, (int) (area->w - 2 * pad_x)) * PANGO_SCALE);
  pango_layout_get_pixel_extents (layout, NULL, logical);
  anchor_panel (area, safe, TRUE, ceil (logical->width + 2 * pad_x),
                ceil (logical->height + 2 * pad_y), box);
}

/* The plain slideshow's title, as it always was: white on a translucent
 * dark box, up to three lines, in the lower left of the safe area (in
 * 9:16 the bottom fifth is under the phone app's description). */
VitrineOverlay *
vitrine_card_title (const char        *title,
                    const VitrineBand *band,
                    int                width,
                    int                height,
                    GArray            *boxes)
{
  int minor = MIN (width, height);
  double font_px = MAX (9.0, minor / 18.0);
  double pad_x = font_px * 0.6, pad_y = font_px * 0.35;
  VitrineBox safe, area, box;
  PangoFontMap *font_map = pango_cairo_font_map_new ();
  PangoContext *context = pango_font_map_create_context (font_map);
  PangoLayout *layout = pango_layout_new (context);
  PangoFontDescription *desc = pango_font_description_from_string ("Sans Bold");
  PangoRectangle logical;
  cairo_surface_t *surface;
  cairo_t *cr;
  int box_w, box_h;
  VitrineOverlay *overlay;

  vitrine_card_safe_area (width, height, &safe);
  pango_font_description_set_absolute_size (desc, font_px * PANGO_SCALE);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_height (layout, -3);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_text (layout, title, -1);
  area = safe;
  lay_title (layout, pad_x, pad_y, &area, &safe, &logical, &box);
  if (panel_moves (band, width, height, &box, &area))
    lay_title (layout, pad_x, pad_y, &area, &safe, &logical, &box);

  box_w = (int) box.w;
  box_h = (int) box.h;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, box_w, box_h);
  cr = cairo_create (surface);

  rounded_rect (cr, 0, 0, box_w, box_h, pad_y);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.5);
  cairo_fill (cr);

  pango_cairo_update_layout (cr, layout);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.6);
  cairo_move_to (cr, pad_x - logical.x + MAX (1.0, font_px / 24), pad_y - logical.y + MAX (1.0, font_px / 24));
  pango_cairo_show_layout (cr, layout);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_move_to (cr, pad_x - logical.x, pad_y - logical.y);
  pango_cairo_show_layout (cr, layout);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  overlay = overlay_from_surface (surface, (int) box.x, (int) box.y);
  add_text_box (boxes, layout, (int) box.x, (int) box.y, box_w, box_h);
  cairo_surface_destroy (surface);
  g_object_unref (layout);
  g_object_unref (context);
  g_object_unref (font_map);

  return overlay;
}

/* Images --------------------------------------------------------------------- */

static void
set_bad_input (GError     **error,
               const char  *path,
               const char  *reason)
{
  g_autofree char *name = vitrine_render_display_name (path);

  g_set_error (error, VITRINE_RENDER_ERROR, VITRINE_RENDER_ERROR_BAD_INPUT, "%s: %s", name, reason);
}

/* An image fitted inside @box_w x @box_h (aspect kept), as premultiplied
 * ARGB32. */
static cairo_surface_t *
load_image (const char  *path,
            int          box_w,
            int          box_h,
            gboolean     cover,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GdkPixbuf) loaded = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  cairo_surface_t *surface;
  int w, h, n, stride, dstride;
  const guint8 *px;
  guint8 *dst;

  if (!vitrine_image_probe (path, NULL, NULL, &local_error) ||
      !(loaded = cover ? vitrine_image_load_covering (path, box_w, box_h, &local_error)
                       : gdk_pixbuf_new_from_file_at_scale (path, MAX (1, box_w), MAX (1, box_h),
                                                            TRUE, &local_error)))
    {
      g_autofree char *reason = g_strdup_printf (_("the image cannot be read (%s)"), local_error->message);

      set_bad_input (error, path, reason);
      return NULL;
    }
  pixbuf = cover ? g_object_ref (loaded) : gdk_pixbuf_apply_embedded_orientation (loaded);
  w = gdk_pixbuf_get_width (pixbuf);
  h = gdk_pixbuf_get_height (pixbuf);
  n = gdk_pixbuf_get_n_channels (pixbuf);
  stride = gdk_pixbuf_get_rowstride (pixbuf);
  px = gdk_pixbuf_read_pixels (pixbuf);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  dst = cairo_image_surface_get_data (surface);
  dstride = cairo_image_surface_get_stride (surface);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        const guint8 *s = px + (gsize) y * stride + (gsize) x * n;
        guint32 a = n == 4 ? s[3] : 255;
        guint32 r = (s[0] * a + 127) / 255, g = (s[1] * a + 127) / 255, b = (s[2] * a + 127) / 255;

        ((guint32 *) (dst + (gsize) y * dstride))[x] = (a << 24) | (r << 16) | (g << 8) | b;
      }
  cairo_surface_mark_dirty (surface);
  return surface;
}

/* The logo: fitted in a small box in the top right corner of the safe
 * area (in 9:16, phone apps put a button in the frame's own corner). */
VitrineOverlay *
vitrine_card_logo (const char  *path,
                   int          width,
                   int          height,
                   GArray      *boxes,
                   GError     **error)
{
  int minor = MIN (width, height);
  int box_w = MAX (8, (int) (minor * LOGO_W)), box_h = MAX (8, (int) (minor * 0.11));
  cairo_surface_t *surface = load_image (path, box_w, box_h, FALSE, error);
  VitrineOverlay *overlay;
  VitrineBox safe;
  int x, w;

  if (surface == NULL)
    return NULL;
  vitrine_card_safe_area (width, height, &safe);
  w = cairo_image_surface_get_width (surface);
  x = (int) (safe.x + safe.w) - w;
  overlay = overlay_from_surface (surface, x, (int) safe.y);
  add_box (boxes, x, safe.y, w, cairo_image_surface_get_height (surface));
  cairo_surface_destroy (surface);
  return overlay;
}

/* Draws @image centred in @box, scaled to fit; as a disc when @round. */
static void
draw_image (cairo_t         *cr,
            cairo_surface_t *image,
            const VitrineBox *box,
            gboolean         round)
{
  double iw = cairo_image_surface_get_width (image), ih = cairo_image_surface_get_height (image);
  double side = MIN (box->w, box->h);
  double s = round ? side / MIN (iw, ih) : MIN (box->w / iw, box->h / ih);
  double cx = box->x + box->w / 2, cy = box->y + box->h / 2;

  cairo_save (cr);
  if (round)
    {
      cairo_arc (cr, cx, cy, side / 2, 0, 2 * G_PI);
      cairo_clip (cr);
    }
  cairo_translate (cr, cx - iw * s / 2, cy - ih * s / 2);
  cairo_scale (cr, s, s);
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
  cairo_paint (cr);
  cairo_restore (cr);
}

/* TRUE when most of @image's visible pixels are close to @ground: a logo
 * in the brand's own colour, on a card of that colour, would vanish. */
static gboolean
is_faint_on (cairo_surface_t *image,
             const double     ground[3])
{
  int w = cairo_image_surface_get_width (image), h = cairo_image_surface_get_height (image);
  int stride = cairo_image_surface_get_stride (image);
  const guint8 *data;
  guint64 seen = 0, faint = 0;

  cairo_surface_flush (image);
  data = cairo_image_surface_get_data (image);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 p = ((const guint32 *) (data + (gsize) y * stride))[x];
        guint32 a = p >> 24;
        double far = 0;

        if (a < 128)
          continue;
        /* premultiplied: back to the colour itself */
        for (int c = 0; c < 3; c++)
          far = MAX (far, fabs (((p >> (16 - 8 * c)) & 0xff) / (double) a - ground[c]));
        seen++;
        faint += far < FAINT_DISTANCE;
      }
  return seen > 0 && 2 * faint >= seen;
}

/* Fills a rounded plate of the current colour (the card's text colour)
 * around @image fitted in @box, and narrows @box to the plate's inside. */
static void
draw_plate (cairo_t         *cr,
            cairo_surface_t *image,
            VitrineBox      *box)
{
  double pad = floor (box->h * 0.12);
  double iw = cairo_image_surface_get_width (image), ih = cairo_image_surface_get_height (image);
  double s, w, h;

  box->x += pad;
  box->y += pad;
  box->w -= 2 * pad;
  box->h -= 2 * pad;
  s = MIN (box->w / iw, box->h / ih);
  w = iw * s + 2 * pad;
  h = ih * s + 2 * pad;
  rounded_rect (cr, box->x + (box->w - w) / 2, box->y + (box->h - h) / 2, w, h, pad);
  cairo_fill (cr);
}

/* The listing's web address as a QR code, black on white with its quiet
 * zone, in whole pixels a module (sharp edges survive the encoder). */
static gboolean
draw_qr (cairo_t          *cr,
         const char       *url,
         const VitrineBox *box)
{
  QRcode *qr = QRcode_encodeString (url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  int modules, module_px;
  double side, x0, y0;

  if (qr == NULL)
    return FALSE;
  modules = qr->width + 2 * QUIET_ZONE;
  module_px = MAX (1, (int) floor (MIN (box->w, box->h) / modules));
  side = module_px * modules;
  x0 = floor (box->x + (box->w - side) / 2);
  y0 = floor (box->y + (box->h - side) / 2);
  cairo_save (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, x0, y0, side, side);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (int y = 0; y < qr->width; y++)
    for (int x = 0; x < qr->width; x++)
      if (qr->data[y * qr->width + x] & 1)
        cairo_rectangle (cr, x0 + (x + QUIET_ZONE) * module_px, y0 + (y + QUIET_ZONE) * module_px,
                         module_px, module_px);
  cairo_fill (cr);
  cairo_restore (cr);
  QRcode_free (qr);
  return TRUE;
}

/* End cards ------------------------------------------------------------------ */

typedef enum { ITEM_TEXT, ITEM_BOLD, ITEM_VERBATIM, ITEM_IMAGE, ITEM_HEADSHOT, ITEM_QR } ItemKind;

typedef struct {
  ItemKind kind;
  const char *value;  /* text, image path or URL */
  double share;       /* of the column's height */
} Item;

static gboolean
has_text (const char *text)
{
  return text != NULL && *text != '\0';
}

/* Whether @agent has anything to show but its colours. */
static gboolean
shows_agent (const VitrineAgent *agent)
{
  return has_text (agent->name) || has_text (agent->agency) || has_text (agent->phone) ||
         has_text (agent->email) || has_text (agent->photo) || has_text (agent->logo);
}

gboolean
vitrine_card_end_wanted (VitrineVariant        variant,
                         const VitrineListing *listing,
                         const VitrineAgent   *agent)
{
  gboolean facts = listing != NULL &&
                   (has_text (listing->address) || has_text (listing->price) || has_text (listing->facts));

  if (variant == VITRINE_VARIANT_UNBRANDED)
    return facts;
  /* The branded video never ends poorer than its MLS twin: with no agent
   * and no link it ends on the same property card (draw_branded). Brand
   * colours alone say nothing. */
  return facts || (agent != NULL && shows_agent (agent)) ||
         (listing != NULL && has_text (listing->url));
}

static gboolean
is_text_item (const Item *item)
{
  return item->kind == ITEM_TEXT || item->kind == ITEM_BOLD || item->kind == ITEM_VERBATIM;
}

/* Lays the text @item out at @px in at most @box_w x @box_h. */
static void
fit_item (PangoLayout *layout,
          const Item  *item,
          double       px,
          double       box_w,
          double       box_h,
          int         *w,
          int         *h)
{
  pango_layout_set_attributes (layout, NULL);
  if (item->kind == ITEM_VERBATIM)
    fit_verbatim (layout, item->value, px, box_w, box_h, w, h);
  else
    fit_text (layout, item->value, item->kind == ITEM_BOLD, px, box_w, box_h, w, h);
}

/* How much of their height images and gaps give up, at most, to text that
 * needs more lines than its share holds (a long name, a 200-character
 * address): the QR code gives nothing, it must stay scannable. */
#define IMAGE_GIVES 0.4
#define GAP_GIVES 0.6

/* The height of each of @items in @column (in @heights; @px, the text's
 * wished size, follows from its share alone). Each has its share, scaled
 * down to fit with the gaps; text that wraps to more lines than its share
 * holds at its size takes the free room first, then some of the images'
 * and the gaps' (what @gap is left), and shrinks only beyond that: text
 * wraps or shrinks, it is cut only where even that fails. */
static void
share_column (PangoLayout      *layout,
              const Item       *items,
              guint             n_items,
              const VitrineBox *column,
              double           *px,
              double           *heights,
              double           *gap)
{
  double wants[8], total = 0, scale, free, want = 0, donors = 0, take, give;

  g_assert (n_items <= G_N_ELEMENTS (wants));
  for (guint i = 0; i < n_items; i++)
    total += items[i].share + (i > 0 ? 0.03 : 0);
  scale = total > 1 ? 1 / total : 1;
  *gap = column->h * 0.03 * scale;
  free = column->h * (1 - total * scale);
  for (guint i = 0; i < n_items; i++)
    {
      int w, h;

      heights[i] = floor (column->h * items[i].share * scale);
      px[i] = heights[i] * 0.75;
      wants[i] = 0;
      if (is_text_item (&items[i]))
        {
          fit_item (layout, &items[i], px[i], column->w, G_MAXINT, &w, &h);
          want += wants[i] = MAX (0, h - heights[i]);
        }
      else if (items[i].kind != ITEM_QR)
        donors += heights[i] * IMAGE_GIVES;
    }
  if (want <= 0)
    return;
  donors += (n_items - 1) * *gap * GAP_GIVES;
  take = MIN (want, free + donors);
  give = donors > 0 ? MAX (0, take - free) / donors : 0;
  *gap -= *gap * GAP_GIVES * give;
  for (guint i = 0; i < n_items; i++)
    if (is_text_item (&items[i]))
      heights[i] += floor (wants[i] * take / want);
    else if (items[i].kind != ITEM_QR)
      heights[i] -= ceil (heights[i] * IMAGE_GIVES * give);
}

/* Draws @items stacked in @column, centred (heights from share_column()).
 * A logo that would vanish on the card's @ground gets a plate of the text
 * colour. */
static gboolean
draw_column (cairo_t          *cr,
             const Item       *items,
             guint             n_items,
             const VitrineBox *column,
             const double      ground[3],
             GArray           *boxes,
             GError          **error)
{
  double px[8], heights[8], gap, used = 0, y;
  PangoLayout *layout = new_layout (cr);
  gboolean ok = TRUE;

  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  share_column (layout, items, n_items, column, px, heights, &gap);
  for (guint i = 0; i < n_items; i++)
    used += heights[i] + (i > 0 ? gap : 0);
  y = column->y + (column->h - used) / 2;
  for (guint i = 0; ok && i < n_items; i++)
    {
      VitrineBox box = { column->x, floor (y), column->w, heights[i] };
      cairo_surface_t *image = NULL;
      int w, h;

      switch (items[i].kind)
        {
        case ITEM_TEXT:
        case ITEM_BOLD:
        case ITEM_VERBATIM:
          fit_item (layout, &items[i], px[i], box.w, box.h, &w, &h);
          show_text (cr, layout, box.x, box.y + (box.h - h) / 2);
          add_text_box (boxes, layout, box.x + (box.w - w) / 2, box.y + (box.h - h) / 2, w, h);
          break;
        case ITEM_IMAGE:
        case ITEM_HEADSHOT:
          image = load_image (items[i].value, (int) box.w, (int) box.h, items[i].kind == ITEM_HEADSHOT, error);
          if (!(ok = image != NULL))
            break;
          add_box (boxes, box.x, box.y, box.w, box.h);
          if (items[i].kind == ITEM_IMAGE && is_faint_on (image, ground))
            draw_plate (cr, image, &box);
          draw_image (cr, image, &box, items[i].kind == ITEM_HEADSHOT);
          cairo_surface_destroy (image);
          break;
        case ITEM_QR:
          draw_qr (cr, items[i].value, &box);
          add_box (boxes, box.x, box.y, box.w, box.h);
          break;
        default:
          g_assert_not_reached ();
        }
      y += heights[i] + gap;
    }
  g_object_unref (layout);
  return ok;
}

static guint
add_item (Item       *items,
          guint       n,
          ItemKind    kind,
          const char *value,
          double      share)
{
  if (has_text (value))
    items[n++] = (Item) { kind, value, share };
  return n;
}

/* The property: its address, price and facts. */
static guint
add_property (Item                 *items,
              guint                 n,
              const VitrineListing *listing)
{
  n = add_item (items, n, ITEM_BOLD, listing->address, 0.16);
  n = add_item (items, n, ITEM_BOLD, listing->price, 0.12);
  return add_item (items, n, ITEM_TEXT, listing->facts, 0.09);
}

/* The agent's card: in a landscape or square frame the QR code has a
 * column of its own on the right; in a portrait one everything is stacked. */
static gboolean
draw_branded (cairo_t              *cr,
              const VitrineListing *listing,
              const VitrineAgent   *agent,
              const VitrineBox     *safe,
              gboolean              portrait,
              GArray               *boxes,
              GError              **error)
{
  const char *url = listing ? listing->url : NULL;
  gboolean qr_aside = has_text (url) && !portrait;
  VitrineBox column = *safe, qr_column = *safe;
  Item items[8];
  guint n = 0;
  double ground[3];

  parse_color (agent->brand_bg, BRAND_BG, ground);
  if (qr_aside)
    {
      column.w = floor (safe->w * 0.58);
      qr_column.x = safe->x + ceil (safe->w * 0.62);
      qr_column.w = safe->x + safe->w - qr_column.x;
    }
  /* With no agent: the property, as on the MLS card, beside its QR code
   * when there is a link (not a QR code alone). */
  if (!shows_agent (agent) && listing != NULL)
    n = add_property (items, n, listing);
  else if (listing != NULL)
    /* The agent's card names the property it closes (its price and facts
     * were over the first photo): a line above the agent. */
    n = add_item (items, n, ITEM_TEXT, listing->address, 0.075);
  n = add_item (items, n, ITEM_IMAGE, agent->logo, 0.14);
  n = add_item (items, n, ITEM_HEADSHOT, agent->photo, 0.28);
  n = add_item (items, n, ITEM_BOLD, agent->name, 0.11);
  n = add_item (items, n, ITEM_TEXT, agent->agency, 0.075);
  n = add_item (items, n, ITEM_VERBATIM, agent->phone, 0.075);
  n = add_item (items, n, ITEM_VERBATIM, agent->email, 0.075);
  if (!qr_aside)
    n = add_item (items, n, ITEM_QR, url, 0.30);
  if (!draw_column (cr, items, n, &column, ground, boxes, error))
    return FALSE;
  if (qr_aside)
    {
      Item qr = { ITEM_QR, url, 0.8 };

      return draw_column (cr, &qr, 1, &qr_column, ground, boxes, error);
    }
  return TRUE;
}

/* The MLS card: the property alone, no agent, no link. */
static gboolean
draw_unbranded (cairo_t              *cr,
                const VitrineListing *listing,
                const VitrineBox     *safe,
                GArray               *boxes,
                GError              **error)
{
  Item items[3];
  guint n = add_property (items, 0, listing);
  double ground[3];

  parse_color (NULL, NEUTRAL_BG, ground);
  return draw_column (cr, items, n, safe, ground, boxes, error);
}

/* A cairo RGB24 surface to an I420 picture. */
static VitrinePicture *
picture_from_surface (cairo_surface_t *surface)
{
  int w = cairo_image_surface_get_width (surface), h = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guint8 *src = cairo_image_surface_get_data (surface);
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, w, h);
  guint8 *dst = gdk_pixbuf_get_pixels (pixbuf);
  int dstride = gdk_pixbuf_get_rowstride (pixbuf);

  cairo_surface_flush (surface);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 p = ((const guint32 *) (src + (gsize) y * stride))[x];
        guint8 *d = dst + (gsize) y * dstride + (gsize) x * 3;

        d[0] = (p >> 16) & 0xff;
        d[1] = (p >> 8) & 0xff;
        d[2] = p & 0xff;
      }
  return vitrine_picture_new_from_pixbuf (pixbuf);
}

VitrinePicture *
vitrine_card_end (VitrineVariant        variant,
                  const VitrineListing *listing,
                  const VitrineAgent   *agent,
                  int                   width,
                  int                   height,
                  GArray               *boxes,
                  GError              **error)
{
  static const VitrineAgent no_agent = { NULL };
  gboolean branded = variant == VITRINE_VARIANT_BRANDED;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cairo_t *cr = cairo_create (surface);
  VitrinePicture *picture = NULL;
  VitrineBox safe;
  gboolean ok;

  /* A job or slideshow may have no agent at all: the property card then,
   * as vitrine_card_end_wanted() says. */
  if (agent == NULL)
    agent = &no_agent;
  vitrine_card_safe_area (width, height, &safe);
  set_color (cr, branded ? agent->brand_bg : NULL, branded ? BRAND_BG : NEUTRAL_BG);
  cairo_paint (cr);
  set_text_color (cr, branded ? agent->brand_bg : NULL, branded ? BRAND_BG : NEUTRAL_BG,
                  branded ? agent->brand_fg : NULL, branded ? BRAND_FG : NEUTRAL_FG);
  if (branded)
    ok = draw_branded (cr, listing, agent, &safe, height > width, boxes, error);
  else
    ok = draw_unbranded (cr, listing, &safe, boxes, error);
  cairo_destroy (cr);
  if (ok)
    picture = picture_from_surface (surface);
  cairo_surface_destroy (surface);
  return picture;
}
