/* vitrine-frame.c: drawing slideshow frames in I420
 *
 * The warp is what every frame costs, so it is built for speed: per frame
 * and plane, one table of source rows (index + 8-bit weight) and one of
 * source columns (index + 6-bit weight). Each output row is then
 *
 *   1. a vertical lerp of two source rows over the columns the row needs
 *      (a plain loop the compiler vectorises), and
 *   2. a horizontal gather from that row: on x86 with SSSE3, eight output
 *      pixels per PSHUFB + PMADDUBSW (the zoom never exceeds 2 source pixels
 *      per output pixel, so eight neighbours always sit in 16 bytes); else
 *      the same arithmetic in C. Both paths give identical pixels.
 *
 * A crossfade warps the second picture into a scratch row and blends it in
 * while the row is still in cache.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vitrine-frame.h"

#include <math.h>
#include <string.h>
#include <sys/mman.h>

#if defined(__x86_64__) || defined(__i386__)
# define VITRINE_HAVE_SSSE3 1
# include <immintrin.h>
#endif

#define PAD 32 /* columns of padding right of every plane */
#define HBITS 6
#define HONE (1 << HBITS)
#define VBITS 8
#define VONE (1 << VBITS)

/* Pictures ----------------------------------------------------------------- */

/* Photos are megabytes each and come and go every few seconds: mapped
 * straight from the kernel, so that freeing one gives its memory back
 * instead of leaving holes in malloc's heap (and raising its mmap
 * threshold for every later allocation). Zero-filled, like g_malloc0. */
static guint8 *
big_alloc (gsize size)
{
  void *p = mmap (NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

  return p == MAP_FAILED ? NULL : p;
}

static void
big_free (guint8 *p,
          gsize   size)
{
  if (p != NULL)
    munmap (p, size);
}

VitrinePicture *
vitrine_picture_new (int width,
                     int height)
{
  VitrinePicture *pic;
  gsize offsets[3], total = 0;

  g_return_val_if_fail (width > 0 && height > 0, NULL);

  pic = g_new0 (VitrinePicture, 1);
  pic->width = width;
  pic->height = height;
  for (int p = 0; p < 3; p++)
    {
      pic->widths[p] = p == 0 ? width : (width + 1) / 2;
      pic->heights[p] = p == 0 ? height : (height + 1) / 2;
      pic->strides[p] = (pic->widths[p] + PAD + 31) & ~31;
      offsets[p] = total;
      /* one more row, for the lerp below the last one */
      total += (gsize) pic->strides[p] * (pic->heights[p] + 1);
    }

  pic->size = total + 64;
  pic->data = big_alloc (pic->size);
  if (pic->data == NULL)
    {
      g_free (pic);
      return NULL;
    }
  for (int p = 0; p < 3; p++)
    pic->planes[p] = pic->data + offsets[p];

  return pic;
}

void
vitrine_picture_free (VitrinePicture *pic)
{
  if (pic == NULL)
    return;
  big_free (pic->data, pic->size);
  g_free (pic);
}

void
vitrine_picture_pad (VitrinePicture *pic)
{
  for (int p = 0; p < 3; p++)
    {
      int w = pic->widths[p], h = pic->heights[p], s = pic->strides[p];
      guint8 *plane = pic->planes[p];

      for (int y = 0; y < h; y++)
        memset (plane + (gsize) y * s + w, plane[(gsize) y * s + w - 1], s - w);
      memcpy (plane + (gsize) h * s, plane + (gsize) (h - 1) * s, s);
    }
}

/* BT.709, limited range, 16.16 fixed point */
#define K(x) ((int) ((x) * 65536.0 + ((x) < 0 ? -0.5 : 0.5)))
#define KY (219.0 / 255.0)
#define KC (224.0 / 255.0)
static const int kYR = K (0.2126 * KY), kYG = K (0.7152 * KY), kYB = K (0.0722 * KY);
static const int kUR = K (-0.2126 / 1.8556 * KC), kUG = K (-0.7152 / 1.8556 * KC), kUB = K (0.5 * KC);
static const int kVR = K (0.5 * KC), kVG = K (-0.7152 / 1.5748 * KC), kVB = K (-0.0722 / 1.5748 * KC);

static inline guint8
to_y (int r,
      int g,
      int b)
{
  return (guint8) ((kYR * r + kYG * g + kYB * b + (16 << 16) + 32768) >> 16);
}

static inline guint8
clamp_u8 (int v)
{
  return v < 0 ? 0 : v > 255 ? 255 : v;
}

/* r, g, b: sums of four pixels */
static inline void
to_uv (int     r4,
       int     g4,
       int     b4,
       guint8 *u,
       guint8 *v)
{
  *u = clamp_u8 ((kUR * r4 + kUG * g4 + kUB * b4 + (128 << 18) + (1 << 17)) >> 18);
  *v = clamp_u8 ((kVR * r4 + kVG * g4 + kVB * b4 + (128 << 18) + (1 << 17)) >> 18);
}

VitrinePicture *
vitrine_picture_new_from_pixbuf (GdkPixbuf *pixbuf)
{
  int w = gdk_pixbuf_get_width (pixbuf), h = gdk_pixbuf_get_height (pixbuf);
  int n = gdk_pixbuf_get_n_channels (pixbuf), stride = gdk_pixbuf_get_rowstride (pixbuf);
  const guint8 *pixels = gdk_pixbuf_read_pixels (pixbuf);
  VitrinePicture *pic = vitrine_picture_new (w, h);

  if (pic == NULL)
    return NULL;

  for (int y = 0; y < h; y += 2)
    {
      const guint8 *r0 = pixels + (gsize) y * stride;
      const guint8 *r1 = pixels + (gsize) MIN (y + 1, h - 1) * stride;
      guint8 *y0 = pic->planes[0] + (gsize) y * pic->strides[0];
      guint8 *y1 = pic->planes[0] + (gsize) MIN (y + 1, h - 1) * pic->strides[0];
      guint8 *u = pic->planes[1] + (gsize) (y / 2) * pic->strides[1];
      guint8 *v = pic->planes[2] + (gsize) (y / 2) * pic->strides[2];

      for (int x = 0; x < w; x += 2)
        {
          int x1 = MIN (x + 1, w - 1);
          const guint8 *a = r0 + x * n, *b = r0 + x1 * n, *c = r1 + x * n, *d = r1 + x1 * n;

          y0[x] = to_y (a[0], a[1], a[2]);
          y0[x1] = to_y (b[0], b[1], b[2]);
          y1[x] = to_y (c[0], c[1], c[2]);
          y1[x1] = to_y (d[0], d[1], d[2]);
          to_uv (a[0] + b[0] + c[0] + d[0], a[1] + b[1] + c[1] + d[1], a[2] + b[2] + c[2] + d[2],
                 &u[x / 2], &v[x / 2]);
        }
    }

  vitrine_picture_pad (pic);
  return pic;
}

/* Warp --------------------------------------------------------------------- */

/* Eight output pixels of the SIMD path: where their sources start, which
 * bytes to pick from there, and the weights (64 - w, w) of each pair. */
typedef struct {
  guint8 ctrl[16];
  guint8 weights[16];
  int base;
  int pad[3];
} Group;

typedef struct {
  int n_out_x, n_out_y;
  int *xi;
  guint8 *xw;
  int *yi;
  guint8 *yw;
  int x_lo, x_len;  /* the source columns each row's lerp must cover */
  Group *groups;
  int n_groups;     /* 0: no SIMD for this plane, this frame */
} PlaneTables;

struct _VitrineWarp {
  int width, height;
  gboolean simd;
  PlaneTables tables[2][3]; /* [layer][plane] */
  guint8 *tmp;              /* a lerped source row */
  gsize tmp_size;
  guint8 *row_b;            /* a warped row of the second layer */
};

static gboolean
cpu_has_ssse3 (void)
{
#ifdef VITRINE_HAVE_SSSE3
  __builtin_cpu_init ();
  return __builtin_cpu_supports ("ssse3");
#else
  return FALSE;
#endif
}

VitrineWarp *
vitrine_warp_new (int out_width,
                  int out_height)
{
  VitrineWarp *warp = g_new0 (VitrineWarp, 1);

  warp->width = out_width;
  warp->height = out_height;
  warp->simd = cpu_has_ssse3 ();
  for (int l = 0; l < 2; l++)
    for (int p = 0; p < 3; p++)
      {
        PlaneTables *t = &warp->tables[l][p];

        t->n_out_x = p == 0 ? out_width : (out_width + 1) / 2;
        t->n_out_y = p == 0 ? out_height : (out_height + 1) / 2;
        t->xi = g_new (int, t->n_out_x);
        t->xw = g_new (guint8, t->n_out_x);
        t->yi = g_new (int, t->n_out_y);
        t->yw = g_new (guint8, t->n_out_y);
        t->groups = g_new0 (Group, t->n_out_x / 8 + 1);
      }
  warp->row_b = g_malloc (out_width + 64);

  return warp;
}

void
vitrine_warp_free (VitrineWarp *warp)
{
  if (warp == NULL)
    return;
  for (int l = 0; l < 2; l++)
    for (int p = 0; p < 3; p++)
      {
        PlaneTables *t = &warp->tables[l][p];

        g_free (t->xi);
        g_free (t->xw);
        g_free (t->yi);
        g_free (t->yw);
        g_free (t->groups);
      }
  g_free (warp->tmp);
  g_free (warp->row_b);
  g_free (warp);
}

gboolean
vitrine_warp_get_accelerated (VitrineWarp *warp)
{
  return warp->simd;
}

void
vitrine_warp_set_accelerated (VitrineWarp *warp,
                              gboolean     accelerated)
{
  warp->simd = accelerated && cpu_has_ssse3 ();
}

/* Output sample i of n, centred, maps to offset + (i + 0.5) * scale in the
 * source (continuous coordinates); its neighbours and weight: */
static void
compute_axis (double  offset,
              double  scale,
              int     n_out,
              int     n_src,
              int     bits,
              int    *idx,
              guint8 *weight)
{
  const int one = 1 << bits;
  const double last = n_src - 1;

  for (int i = 0; i < n_out; i++)
    {
      double s = offset + (i + 0.5) * scale - 0.5;
      int k, w;

      s = s < 0 ? 0 : s > last ? last : s;
      k = (int) s;
      w = (int) ((s - k) * one + 0.5);
      if (w >= one)
        {
          k++;
          w = 0;
        }
      idx[i] = k;
      weight[i] = (guint8) w;
    }
}

static void
compute_tables (VitrineWarp          *warp,
                PlaneTables          *t,
                const VitrinePicture *pic,
                int                   plane,
                const VitrineRect    *rect)
{
  double sx = rect->w / warp->width, sy = rect->h / warp->height;
  double ox = plane == 0 ? rect->x : rect->x / 2, oy = plane == 0 ? rect->y : rect->y / 2;
  int src_w = pic->widths[plane], src_h = pic->heights[plane];
  gboolean simd = warp->simd;

  compute_axis (ox, sx, t->n_out_x, src_w, HBITS, t->xi, t->xw);
  compute_axis (oy, sy, t->n_out_y, src_h, VBITS, t->yi, t->yw);

  /* columns monotonic: first and last give the range; 16 more for the
   * 16-byte loads of the SIMD path (inside the padding) */
  t->x_lo = t->xi[0];
  t->x_len = MIN (t->xi[t->n_out_x - 1] + 2 + 16, pic->strides[plane]) - t->x_lo;

  t->n_groups = 0;
  if (!simd)
    return;

  for (int g = 0; g < t->n_out_x / 8; g++)
    {
      Group *group = &t->groups[g];
      int base = t->xi[g * 8];

      if (t->xi[g * 8 + 7] + 1 - base > 15)
        return; /* zoomed out too far for 16 bytes: C path */

      group->base = base;
      for (int k = 0; k < 8; k++)
        {
          int i = g * 8 + k, off = t->xi[i] - base;

          group->ctrl[2 * k] = off;
          group->ctrl[2 * k + 1] = off + 1;
          group->weights[2 * k] = HONE - t->xw[i];
          group->weights[2 * k + 1] = t->xw[i];
        }
    }
  t->n_groups = t->n_out_x / 8;
}

/* out = (a * (256 - w) + b * w + 128) >> 8; auto-vectorised */
static void
lerp_rows (guint8       *restrict out,
           const guint8 *restrict a,
           const guint8 *restrict b,
           int                    n,
           int                    w)
{
  const guint16 wa = VONE - w, wb = w;

  for (int i = 0; i < n; i++)
    out[i] = (guint8) ((guint16) (a[i] * wa + b[i] * wb + 128) >> 8);
}

/* dst = (dst * (256 - m) + src * m + 128) >> 8, in place */
static void
blend_row (guint8       *restrict dst,
           const guint8 *restrict src,
           int                    n,
           int                    m)
{
  const guint16 wa = VONE - m, wb = m;

  for (int i = 0; i < n; i++)
    dst[i] = (guint8) ((guint16) (dst[i] * wa + src[i] * wb + 128) >> 8);
}

static void
gather_c (guint8       *restrict out,
          const guint8 *restrict row,
          const int    *restrict xi,
          const guint8 *restrict xw,
          int                    from,
          int                    n)
{
  for (int i = from; i < n; i++)
    {
      const guint8 *p = row + xi[i];
      int w = xw[i];

      out[i] = (guint8) ((p[0] * (HONE - w) + p[1] * w + HONE / 2) >> HBITS);
    }
}

#ifdef VITRINE_HAVE_SSSE3
__attribute__ ((target ("ssse3")))
static void
gather_ssse3 (guint8       *restrict out,
              const guint8 *restrict row,
              const Group  *restrict groups,
              int                    n_groups)
{
  const __m128i round = _mm_set1_epi16 (HONE / 2);
  int g = 0;

  for (; g + 1 < n_groups; g += 2)
    {
      const Group *g0 = &groups[g], *g1 = &groups[g + 1];
      __m128i v0 = _mm_loadu_si128 ((const __m128i *) (row + g0->base));
      __m128i v1 = _mm_loadu_si128 ((const __m128i *) (row + g1->base));
      __m128i s0 = _mm_shuffle_epi8 (v0, _mm_load_si128 ((const __m128i *) g0->ctrl));
      __m128i s1 = _mm_shuffle_epi8 (v1, _mm_load_si128 ((const __m128i *) g1->ctrl));
      __m128i m0 = _mm_maddubs_epi16 (s0, _mm_load_si128 ((const __m128i *) g0->weights));
      __m128i m1 = _mm_maddubs_epi16 (s1, _mm_load_si128 ((const __m128i *) g1->weights));

      m0 = _mm_srli_epi16 (_mm_add_epi16 (m0, round), HBITS);
      m1 = _mm_srli_epi16 (_mm_add_epi16 (m1, round), HBITS);
      _mm_storeu_si128 ((__m128i *) (out + g * 8), _mm_packus_epi16 (m0, m1));
    }

  for (; g < n_groups; g++)
    {
      const Group *g0 = &groups[g];
      __m128i v0 = _mm_loadu_si128 ((const __m128i *) (row + g0->base));
      __m128i s0 = _mm_shuffle_epi8 (v0, _mm_load_si128 ((const __m128i *) g0->ctrl));
      __m128i m0 = _mm_maddubs_epi16 (s0, _mm_load_si128 ((const __m128i *) g0->weights));

      m0 = _mm_srli_epi16 (_mm_add_epi16 (m0, round), HBITS);
      _mm_storel_epi64 ((__m128i *) (out + g * 8), _mm_packus_epi16 (m0, m0));
    }
}
#endif

/* One output row of one plane of one layer. */
static void
warp_row (VitrineWarp          *warp,
          const PlaneTables    *t,
          const VitrinePicture *pic,
          int                   plane,
          int                   y,
          guint8               *out)
{
  const int stride = pic->strides[plane];
  const guint8 *r0 = pic->planes[plane] + (gsize) t->yi[y] * stride;
  const guint8 *row;
  int w = t->yw[y];
  int done = 0;

  if (w == 0)
    row = r0;
  else
    {
      lerp_rows (warp->tmp + t->x_lo, r0 + t->x_lo, r0 + stride + t->x_lo, t->x_len, w);
      row = warp->tmp;
    }

#ifdef VITRINE_HAVE_SSSE3
  if (t->n_groups > 0)
    {
      gather_ssse3 (out, row, t->groups, t->n_groups);
      done = t->n_groups * 8;
    }
#endif
  gather_c (out, row, t->xi, t->xw, done, t->n_out_x);
}

void
vitrine_warp_draw (VitrineWarp          *warp,
                   const VitrinePicture *a,
                   const VitrineRect    *rect_a,
                   const VitrinePicture *b,
                   const VitrineRect    *rect_b,
                   int                   mix,
                   VitrineFrame         *dest)
{
  gboolean two = b != NULL && mix > 0;
  gsize need;

  g_return_if_fail (dest->width == warp->width && dest->height == warp->height);

  if (two && mix >= VONE)
    {
      a = b;
      rect_a = rect_b;
      two = FALSE;
    }

  need = MAX (a->strides[0], two ? b->strides[0] : 0) + 64;
  if (warp->tmp_size < need)
    {
      g_free (warp->tmp);
      warp->tmp = g_malloc0 (need);
      warp->tmp_size = need;
    }

  for (int p = 0; p < 3; p++)
    {
      PlaneTables *ta = &warp->tables[0][p], *tb = &warp->tables[1][p];

      compute_tables (warp, ta, a, p, rect_a);
      if (two)
        compute_tables (warp, tb, b, p, rect_b);

      for (int y = 0; y < ta->n_out_y; y++)
        {
          guint8 *out = dest->planes[p] + (gsize) y * dest->strides[p];

          warp_row (warp, ta, a, p, y, out);
          if (two)
            {
              warp_row (warp, tb, b, p, y, warp->row_b);
              blend_row (out, warp->row_b, ta->n_out_x, mix);
            }
        }
    }
}

/* Overlays ----------------------------------------------------------------- */

struct _VitrineOverlay {
  int x, y, width, height;  /* in luma pixels, even */
  guint8 *planes[3];
  guint8 *alpha[2];         /* luma and chroma alpha, 0–255 */
  guint8 *data;
};

VitrineOverlay *
vitrine_overlay_new_from_argb32 (const guint8 *argb,
                                 int           width,
                                 int           height,
                                 int           stride,
                                 int           x,
                                 int           y)
{
  VitrineOverlay *ov = g_new0 (VitrineOverlay, 1);
  int w = (width + 1) & ~1, h = (height + 1) & ~1, cw = w / 2, ch = h / 2;
  gsize luma = (gsize) w * h, chroma = (gsize) cw * ch;

  ov->x = x & ~1;
  ov->y = y & ~1;
  ov->width = w;
  ov->height = h;
  ov->data = g_malloc0 (2 * luma + 3 * chroma);
  ov->planes[0] = ov->data;
  ov->alpha[0] = ov->data + luma;
  ov->planes[1] = ov->data + 2 * luma;
  ov->planes[2] = ov->planes[1] + chroma;
  ov->alpha[1] = ov->planes[2] + chroma;

  for (int j = 0; j < ch; j++)
    for (int i = 0; i < cw; i++)
      {
        int r4 = 0, g4 = 0, b4 = 0, a4 = 0;

        for (int k = 0; k < 4; k++)
          {
            int px = 2 * i + (k & 1), py = 2 * j + (k >> 1);
            guint32 pix = 0;
            int a, r = 0, g = 0, b = 0;

            if (px < width && py < height)
              pix = *(const guint32 *) (argb + (gsize) py * stride + (gsize) px * 4);
            a = pix >> 24;
            if (a > 0)
              {
                /* premultiplied to straight */
                r = MIN (255, (int) (((pix >> 16) & 0xff) * 255 + a / 2) / a);
                g = MIN (255, (int) (((pix >> 8) & 0xff) * 255 + a / 2) / a);
                b = MIN (255, (int) ((pix & 0xff) * 255 + a / 2) / a);
              }
            ov->planes[0][(gsize) py * w + px] = to_y (r, g, b);
            ov->alpha[0][(gsize) py * w + px] = a;
            /* chroma of the four, weighted by their alpha */
            r4 += r * a;
            g4 += g * a;
            b4 += b * a;
            a4 += a;
          }

        if (a4 > 0)
          {
            r4 = (r4 * 4 + a4 / 2) / a4;
            g4 = (g4 * 4 + a4 / 2) / a4;
            b4 = (b4 * 4 + a4 / 2) / a4;
          }
        to_uv (r4, g4, b4, &ov->planes[1][(gsize) j * cw + i], &ov->planes[2][(gsize) j * cw + i]);
        ov->alpha[1][(gsize) j * cw + i] = (a4 + 2) / 4;
      }

  return ov;
}

void
vitrine_overlay_free (VitrineOverlay *ov)
{
  if (ov == NULL)
    return;
  g_free (ov->data);
  g_free (ov);
}

void
vitrine_overlay_blend (const VitrineOverlay *ov,
                       VitrineFrame         *dest,
                       int                   opacity)
{
  if (opacity <= 0)
    return;
  opacity = MIN (opacity, 256);

  for (int p = 0; p < 3; p++)
    {
      int sub = p == 0 ? 0 : 1;
      int ox = ov->x >> sub, oy = ov->y >> sub;
      int ow = ov->width >> sub, oh = ov->height >> sub;
      int dw = p == 0 ? dest->width : (dest->width + 1) / 2;
      int dh = p == 0 ? dest->height : (dest->height + 1) / 2;
      const guint8 *alpha = ov->alpha[sub];
      int x0 = MAX (0, -ox), x1 = MIN (ow, dw - ox);

      for (int j = MAX (0, -oy); j < oh && oy + j < dh; j++)
        {
          guint8 *d = dest->planes[p] + (gsize) (oy + j) * dest->strides[p] + ox;
          const guint8 *s = ov->planes[p] + (gsize) j * ow;
          const guint8 *a = alpha + (gsize) j * ow;

          for (int i = x0; i < x1; i++)
            {
              int w = ((a[i] + (a[i] >> 7)) * opacity) >> 8; /* 0–256 */

              d[i] = (guint8) ((d[i] * (256 - w) + s[i] * w + 128) >> 8);
            }
        }
    }
}
