/* test_window.c - the SDL2 window's parts that need no display: the PNG writer
 * (console/png.c, decoded again here with zlib), the font (console/font3270.c), the
 * renderer that turns a 3270 screen into pixels (console/winrender.c: glyphs, field
 * attributes, colors, highlighting, cursor, status line), the WINDOW statement and,
 * in SDL2 builds, the keyboard map (console/winkeys.c). */
#include <config.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include "harness.h"
#include "console/config.h"
#include "console/png.h"
#include "console/window.h"
#include "devices/dev3270.h"
#include "devices/ebcdic.h"
#ifdef HAVE_SDL2
#include <SDL.h>
#endif

/* ---- a small PNG reader: chunks, CRCs, IHDR, PLTE, the inflated rows ------------- */

struct png {
    unsigned w, h, type;
    uint8_t plte[256][3];
    unsigned npal;
    uint8_t *rows;                  /* unfiltered bytes, rows top to bottom */
};

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Read and check path; the rows must all have filter type 0, as png.c writes them. */
static void png_read(const char *path, struct png *img)
{
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    static uint8_t file[1 << 20];
    size_t n = fread(file, 1, sizeof file, f);
    fclose(f);
    ck_assert_uint_lt(n, sizeof file);
    static const uint8_t sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
    ck_assert_uint_ge(n, 8);
    ck_assert_mem_eq(file, sig, 8);
    memset(img, 0, sizeof *img);
    uint8_t *z = malloc(n);
    ck_assert_ptr_nonnull(z);
    size_t zlen = 0, off = 8;
    bool ihdr = false, iend = false;
    while (off + 12 <= n && !iend) {
        uint32_t len = rd32(file + off);
        ck_assert_uint_le(off + 12 + len, n);
        const uint8_t *type = file + off + 4, *data = file + off + 8;
        uLong crc = crc32(crc32(0L, type, 4), data, len);
        ck_assert_uint_eq(rd32(data + len), (uint32_t)crc);
        if (!memcmp(type, "IHDR", 4)) {
            ck_assert_uint_eq(len, 13);
            ck_assert(off == 8);
            img->w = rd32(data);
            img->h = rd32(data + 4);
            ck_assert_uint_eq(data[8], 8);                    /* bit depth */
            img->type = data[9];
            ck_assert_uint_eq(data[10] | data[11] | data[12], 0);
            ihdr = true;
        } else if (!memcmp(type, "PLTE", 4)) {
            ck_assert_uint_eq(len % 3, 0);
            img->npal = len / 3;
            memcpy(img->plte, data, len);
        } else if (!memcmp(type, "IDAT", 4)) {
            memcpy(z + zlen, data, len);
            zlen += len;
        } else if (!memcmp(type, "IEND", 4)) {
            ck_assert_uint_eq(len, 0);
            iend = true;
        }
        off += 12 + len;
    }
    ck_assert(ihdr && iend);
    ck_assert_uint_eq(off, n);
    size_t bpp = img->type == 3 ? 1 : 3, stride = 1 + img->w * bpp;
    uLongf rawlen = (uLongf)(stride * img->h);
    uint8_t *raw = malloc(rawlen + 1);
    ck_assert_ptr_nonnull(raw);
    uLongf got = rawlen + 1;
    ck_assert_int_eq(uncompress(raw, &got, z, (uLong)zlen), Z_OK);
    ck_assert_uint_eq(got, rawlen);
    img->rows = malloc(img->w * bpp * img->h);
    ck_assert_ptr_nonnull(img->rows);
    for (unsigned y = 0; y < img->h; y++) {
        ck_assert_uint_eq(raw[y * stride], 0);
        memcpy(img->rows + y * img->w * bpp, raw + y * stride + 1, img->w * bpp);
    }
    free(raw);
    free(z);
}

static void tmp_path(char *buf, size_t len, const char *name)
{
    const char *dir = getenv("TMPDIR");
    snprintf(buf, len, "%s/s370-test-window-%ld-%s", dir && *dir ? dir : "/tmp", (long)getpid(),
             name);
}

START_TEST(t_png_palette)
{
    enum { W = 13, H = 7 };
    static const uint8_t pal[3][3] = { { 0, 0, 0 }, { 0xFF, 0x10, 0x20 }, { 1, 2, 3 } };
    uint8_t pix[W * H];
    for (unsigned i = 0; i < W * H; i++) pix[i] = (uint8_t)(i * 7 % 3);
    char path[256], err[256];
    tmp_path(path, sizeof path, "pal.png");
    ck_assert_int_eq(con_png_write(path, W, H, pix, pal, 3, err, sizeof err), 0);
    struct png img;
    png_read(path, &img);
    ck_assert_uint_eq(img.w, W);
    ck_assert_uint_eq(img.h, H);
    ck_assert_uint_eq(img.type, 3);
    ck_assert_uint_eq(img.npal, 3);
    ck_assert_mem_eq(img.plte, pal, sizeof pal);
    ck_assert_mem_eq(img.rows, pix, sizeof pix);
    free(img.rows);
    unlink(path);
}
END_TEST

START_TEST(t_png_rgb)
{
    enum { W = 5, H = 300 };
    static uint8_t pix[W * H * 3];
    for (unsigned i = 0; i < sizeof pix; i++) pix[i] = (uint8_t)(i * 31 + i / 7);
    char path[256], err[256];
    tmp_path(path, sizeof path, "rgb.png");
    ck_assert_int_eq(con_png_write(path, W, H, pix, NULL, 0, err, sizeof err), 0);
    struct png img;
    png_read(path, &img);
    ck_assert_uint_eq(img.w, W);
    ck_assert_uint_eq(img.h, H);
    ck_assert_uint_eq(img.type, 2);
    ck_assert_uint_eq(img.npal, 0);
    ck_assert_mem_eq(img.rows, pix, sizeof pix);
    free(img.rows);
    unlink(path);
}
END_TEST

START_TEST(t_png_errors)
{
    static const uint8_t pal[1][3] = { { 0, 0, 0 } };
    uint8_t pix[4] = { 0 };
    char err[256];
    ck_assert_int_eq(con_png_write("/nonexistent-dir/x.png", 2, 2, pix, pal, 1, err, sizeof err),
                     -1);
    ck_assert_ptr_nonnull(strstr(err, "/nonexistent-dir/x.png"));
    ck_assert_ptr_nonnull(strstr(err, "No such file"));
    ck_assert_int_eq(con_png_write("x.png", 0, 2, pix, pal, 1, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "x.png"));
    ck_assert_int_eq(con_png_write("x.png", 2, 2, pix, pal, 0, err, sizeof err), -1);
    ck_assert_int_eq(con_png_write("x.png", 2, 2, pix, pal, 257, err, sizeof err), -1);
    ck_assert_int_eq(access("x.png", F_OK), -1);
}
END_TEST

/* ---- the font ------------------------------------------------------------------------ */

static unsigned mirror9(unsigned r)
{
    unsigned m = 0;
    for (unsigned i = 0; i < CON_FONT_W; i++)
        if (r & 1u << i) m |= 1u << (CON_FONT_W - 1 - i);
    return m;
}

/* Rows used by glyph c: first and last, -1 when blank. */
static void glyph_extent(uint8_t c, int *top, int *bottom)
{
    *top = *bottom = -1;
    for (int r = 0; r < CON_FONT_H; r++) {
        if (!con_font3270[c][r]) continue;
        if (*top < 0) *top = r;
        *bottom = r;
    }
}

START_TEST(t_font)
{
    for (unsigned c = 0; c < 256; c++)
        for (unsigned r = 0; r < CON_FONT_H; r++)
            ck_assert_uint_eq(con_font3270[c][r] >> CON_FONT_W, 0);
    int top, bottom;
    glyph_extent(' ', &top, &bottom);
    ck_assert_int_eq(top, -1);
    for (unsigned c = 0x21; c < 0x7F; c++) {
        glyph_extent((uint8_t)c, &top, &bottom);
        ck_assert_msg(top >= 0, "no glyph for '%c'", c);
    }
    /* Drawn on the font's pixel grid, glyphs that are symmetric in the 3270 font are
     * symmetric here too (rendered off the grid, O and A came out lopsided). */
    for (const char *p = "08AHIMOTUWXY"; *p; p++)
        for (unsigned r = 0; r < CON_FONT_H; r++)
            ck_assert_msg(mirror9(con_font3270[(uint8_t)*p][r]) == con_font3270[(uint8_t)*p][r],
                          "'%c' is not symmetric in row %u", *p, r);
    /* One baseline: capitals and x-height letters end on the same row, descenders go
     * below it, and nothing is cut at the top or bottom of the cell. */
    int base;
    glyph_extent('H', &top, &base);
    for (const char *p = "ABEHMZaemxz"; *p; p++) {
        glyph_extent((uint8_t)*p, &top, &bottom);
        ck_assert_msg(bottom == base, "'%c' ends on row %d, not %d", *p, bottom, base);
    }
    for (const char *p = "gjpqy"; *p; p++) {
        glyph_extent((uint8_t)*p, &top, &bottom);
        ck_assert_msg(bottom > base && bottom < CON_FONT_H, "'%c' descender", *p);
    }
    glyph_extent('H', &top, &bottom);
    ck_assert_int_gt(top, 0);
}
END_TEST

/* ---- the renderer -------------------------------------------------------------------- */

struct ds {
    size_t n;
    uint8_t b[4096];
};

static void db(struct ds *d, int n, ...)
{
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++) d->b[d->n++] = (uint8_t)va_arg(ap, int);
    va_end(ap);
}

static void dtext(struct ds *d, const char *s)
{
    while (*s) d->b[d->n++] = ascii_to_ebcdic((uint8_t)*s++);
}

static void dsba(struct ds *d, unsigned row, unsigned col)
{
    uint8_t a[2];
    term3270_addr_encode12((uint16_t)(row * 80 + col), a);
    db(d, 3, 0x11, a[0], a[1]);
}

/* SF with attribute bits fa (made graphic) at row, col; then text. */
static void dfield(struct ds *d, unsigned row, unsigned col, uint8_t fa, const char *text)
{
    dsba(d, row, col);
    db(d, 2, 0x1D, term3270_code6(fa));
    dtext(d, text);
}

static const char *const hidden_text = "SECRET";

/* A formatted screen with one field of each kind (columns from 0; each field's text
 * starts a column after its attribute):
 *   row 0  protected, normal       "PROT"     blue
 *   row 1  protected, intensified  "HIGH"     white
 *   row 2  unprotected, normal     "input"    green
 *   row 3  unprotected, intens.    "Red!"     red
 *   row 4  protected, hidden       "SECRET"   nothing shown
 *   row 5  SFE yellow, reverse     "Rev"      black on yellow
 *   row 6  SFE underscore          "Und"      green, underlined
 *   row 7  SFE blink               "Blink"    shown when blink_on
 *   row 9  unformatted-looking text after a protected field, cursor at (9, 20). */
static struct term3270 *layout_term(void)
{
    struct term3270 *t = malloc(sizeof *t);
    ck_assert_ptr_nonnull(t);
    term3270_init(t, 24, 80, 43, 80, true);
    static struct ds d;
    d.n = 0;
    db(&d, 1, 0xC3);
    dfield(&d, 0, 0, T3270_FA_PROT, "PROT");
    dfield(&d, 1, 0, T3270_FA_PROT | T3270_FA_INTENSE, "HIGH");
    dfield(&d, 2, 0, 0, "input");
    dfield(&d, 3, 0, T3270_FA_INTENSE, "Red!");
    dfield(&d, 4, 0, T3270_FA_PROT | T3270_FA_HIDDEN, hidden_text);
    dsba(&d, 5, 0);
    db(&d, 8, 0x29, 3, 0xC0, term3270_code6(T3270_FA_PROT), 0x42, 0xF6, 0x41, 0xF2);
    dtext(&d, "Rev");
    dsba(&d, 6, 0);
    db(&d, 6, 0x29, 2, 0xC0, term3270_code6(0), 0x41, 0xF4);
    dtext(&d, "Und");
    dsba(&d, 7, 0);
    db(&d, 6, 0x29, 2, 0xC0, term3270_code6(T3270_FA_PROT), 0x41, 0xF1);
    dtext(&d, "Blink");
    dfield(&d, 8, 79, T3270_FA_PROT, "");
    dsba(&d, 9, 1);
    dtext(&d, "@#$ xyz");
    dsba(&d, 9, 20);
    db(&d, 1, 0x13);
    struct term3270_reply *r = malloc(sizeof *r);
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(term3270_outbound(t, D3270_EW, d.b, d.n, r), 0);
    free(r);
    return t;
}

/* Where the cell at (row, col) differs from glyph ch in fg on bg (underlined: its
 * last rows in fg); NULL when it matches. */
static const char *cell_diff(const uint8_t *pix, unsigned w, unsigned y0, unsigned col,
                             uint8_t ch, uint8_t fg, uint8_t bg, bool underline)
{
    static char why[128];
    for (unsigned r = 0; r < CON_FONT_H; r++) {
        unsigned bits = con_font3270[ch][r];
        if (underline && r >= CON_FONT_H - CON_UNDERLINE_H) bits = 0x1FF;
        for (unsigned i = 0; i < CON_FONT_W; i++) {
            uint8_t want = bits & 1u << (CON_FONT_W - 1 - i) ? fg : bg;
            uint8_t got = pix[(size_t)(y0 + r) * w + col * CON_FONT_W + i];
            if (got != want) {
                snprintf(why, sizeof why, "'%c' at y %u col %u: pixel (%u,%u) is %u, not %u",
                         ch, y0, col, i, r, got, want);
                return why;
            }
        }
    }
    return NULL;
}

static void expect_text(const uint8_t *pix, unsigned w, unsigned row, unsigned col,
                        const char *text, uint8_t fg, uint8_t bg)
{
    for (const char *p = text; *p; p++, col++) {
        const char *why = cell_diff(pix, w, row * CON_FONT_H, col, (uint8_t)*p, fg, bg, false);
        ck_assert_msg(!why, "row %u: %s", row, why);
    }
}

static uint8_t *render(const struct term3270 *t, const char *status, bool cursor, bool blink,
                       unsigned *w, unsigned *h)
{
    con_render_size(t->rows, t->cols, w, h);
    uint8_t *pix = malloc((size_t)*w * *h);
    ck_assert_ptr_nonnull(pix);
    memset(pix, 0xEE, (size_t)*w * *h);
    con_render(t, status, cursor, blink, pix, *w, *h);
    return pix;
}

START_TEST(t_render_fields)
{
    struct term3270 *t = layout_term();
    unsigned w, h;
    uint8_t *pix = render(t, "", true, true, &w, &h);
    ck_assert_uint_eq(w, 80 * CON_FONT_W);
    ck_assert_uint_eq(h, 25 * CON_FONT_H + CON_RULE_H);
    expect_text(pix, w, 0, 0, " PROT ", CON_PAL_BLUE, CON_PAL_BLACK);
    expect_text(pix, w, 1, 0, " HIGH ", CON_PAL_WHITE, CON_PAL_BLACK);
    expect_text(pix, w, 2, 0, " input ", CON_PAL_GREEN, CON_PAL_BLACK);
    expect_text(pix, w, 3, 0, " Red! ", CON_PAL_RED, CON_PAL_BLACK);
    /* The hidden field shows nothing at all, the attribute positions neither. */
    for (unsigned y = 4 * CON_FONT_H; y < 5 * CON_FONT_H; y++)
        for (unsigned x = 0; x < w; x++)
            ck_assert_uint_eq(pix[(size_t)y * w + x], CON_PAL_BLACK);
    expect_text(pix, w, 5, 1, "Rev", CON_PAL_BLACK, CON_PAL_YELLOW);
    for (unsigned c = 1; c <= 3; c++)
        ck_assert_ptr_null(cell_diff(pix, w, 6 * CON_FONT_H, c, (uint8_t)"Und"[c - 1],
                                     CON_PAL_GREEN, CON_PAL_BLACK, true));
    expect_text(pix, w, 7, 1, "Blink", CON_PAL_BLUE, CON_PAL_BLACK);
    expect_text(pix, w, 9, 1, "@#$ xyz", CON_PAL_BLUE, CON_PAL_BLACK);
    /* The cursor: a block in reverse video on the blank at (9, 20). */
    ck_assert_ptr_null(cell_diff(pix, w, 9 * CON_FONT_H, 20, ' ', CON_PAL_BLACK, CON_PAL_BLUE,
                                 false));
    free(pix);
    free(t);
}
END_TEST

START_TEST(t_render_cursor_blink_insert)
{
    struct term3270 *t = layout_term();
    unsigned w, h;
    uint8_t *pix = render(t, NULL, false, false, &w, &h);
    expect_text(pix, w, 9, 20, " ", CON_PAL_BLUE, CON_PAL_BLACK);
    expect_text(pix, w, 7, 1, "     ", CON_PAL_BLUE, CON_PAL_BLACK);     /* blinked off */
    free(pix);
    /* Insert mode: the cursor is an underline; on a reverse-video cell it stays. */
    t->insert = true;
    t->cursor = 2 * 80 + 2;
    pix = render(t, NULL, true, true, &w, &h);
    ck_assert_ptr_null(cell_diff(pix, w, 2 * CON_FONT_H, 2, 'n', CON_PAL_GREEN, CON_PAL_BLACK,
                                 true));
    free(pix);
    t->insert = false;
    t->cursor = 5 * 80 + 1;
    pix = render(t, NULL, true, true, &w, &h);
    expect_text(pix, w, 5, 1, "R", CON_PAL_YELLOW, CON_PAL_BLACK);
    free(pix);
    free(t);
}
END_TEST

START_TEST(t_render_status_line)
{
    struct term3270 *t = layout_term();
    char status[200];
    memset(status, 'x', sizeof status - 1);
    status[sizeof status - 1] = 0;
    memcpy(status, "CP00 RUN", 8);
    unsigned w, h;
    uint8_t *pix = render(t, status, true, true, &w, &h);
    unsigned y = 24 * CON_FONT_H;
    for (unsigned r = 0; r < CON_RULE_H; r++)
        for (unsigned x = 0; x < w; x++)
            ck_assert_uint_eq(pix[(size_t)(y + r) * w + x],
                              r == CON_RULE_H / 2 - 1 ? CON_PAL_RULE : CON_PAL_BLACK);
    y += CON_RULE_H;
    ck_assert_uint_eq(y + CON_FONT_H, h);
    for (unsigned c = 0; c < 80; c++)
        ck_assert_ptr_null(cell_diff(pix, w, y, c, (uint8_t)status[c], CON_PAL_STATUS,
                                     CON_PAL_BLACK, false));
    free(pix);
    free(t);
}
END_TEST

START_TEST(t_render_alternate_size_and_png)
{
    struct term3270 *t = layout_term();
    struct ds d = { 0 };
    db(&d, 1, 0xC3);
    dsba(&d, 42, 70);
    dtext(&d, "BOTTOM");
    struct term3270_reply *r = malloc(sizeof *r);
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(term3270_outbound(t, D3270_EWA, d.b, d.n, r), 0);
    free(r);
    ck_assert_uint_eq(t->rows, 43);
    unsigned w, h;
    uint8_t *pix = render(t, "S", false, true, &w, &h);
    ck_assert_uint_eq(h, 44 * CON_FONT_H + CON_RULE_H);
    expect_text(pix, w, 42, 70, "BOTTOM", CON_PAL_GREEN, CON_PAL_BLACK);
    char path[256], err[256];
    tmp_path(path, sizeof path, "screen.png");
    t->cursor = 0;
    ck_assert_int_eq(con_render_png(t, "S", path, err, sizeof err), 0);
    free(pix);
    pix = render(t, "S", true, true, &w, &h);
    struct png img;
    png_read(path, &img);
    ck_assert_uint_eq(img.w, w);
    ck_assert_uint_eq(img.h, h);
    ck_assert_uint_eq(img.type, 3);
    ck_assert_uint_eq(img.npal, CON_PAL_COUNT);
    ck_assert_mem_eq(img.plte, con_palette, sizeof con_palette);
    ck_assert_mem_eq(img.rows, pix, (size_t)w * h);
    free(img.rows);
    free(pix);
    unlink(path);
    ck_assert_int_eq(con_render_png(t, "", "/nonexistent-dir/s.png", err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "/nonexistent-dir/s.png"));
    free(t);
}
END_TEST

/* The renderer never reads outside the screen, whatever the cells hold. */
START_TEST(t_render_every_code)
{
    struct term3270 *t = malloc(sizeof *t);
    ck_assert_ptr_nonnull(t);
    term3270_init(t, 24, 80, 43, 80, true);
    struct ds d = { 0 };
    db(&d, 1, 0xC3);
    for (unsigned c = 0x40; c < 0x100; c++) d.b[d.n++] = (uint8_t)c;
    db(&d, 2, 0x08, 0xAD);                     /* GE: APL set, shown blank */
    struct term3270_reply *r = malloc(sizeof *r);
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(term3270_outbound(t, D3270_EW, d.b, d.n, r), 0);
    free(r);
    unsigned w, h;
    uint8_t *pix = render(t, "\xC4\xFF", false, true, &w, &h);
    for (unsigned a = 0; a < 0xC0; a++)
        ck_assert_ptr_null(cell_diff(pix, w, a / 80 * CON_FONT_H, a % 80,
                                     ebcdic_to_latin1[0x40 + a], CON_PAL_GREEN, CON_PAL_BLACK,
                                     false));
    expect_text(pix, w, 0xC0 / 80, 0xC0 % 80, " ", CON_PAL_GREEN, CON_PAL_BLACK);
    for (size_t i = 0; i < (size_t)w * h; i++) ck_assert_uint_lt(pix[i], CON_PAL_COUNT);
    free(pix);
    free(t);
}
END_TEST

/* ---- the WINDOW statement ---------------------------------------------------------------- */

START_TEST(t_window_statement)
{
    struct config cfg;
    struct devstmt *devs = NULL;
    char err[512];
    ck_assert_int_eq(config_parse_string("t.conf", "MAINSIZE 2\n", &cfg, &devs, NULL, err,
                                         sizeof err, NULL), 0);
    ck_assert(!cfg.window);
    ck_assert_int_eq(config_parse_string("t.conf", "WINDOW\n", &cfg, &devs, NULL, err,
                                         sizeof err, NULL), 0);
    ck_assert(cfg.window);
    ck_assert_int_eq(cfg.window_dev, -1);
    ck_assert_int_eq(config_parse_string("t.conf", "window 00c3\n", &cfg, &devs, NULL, err,
                                         sizeof err, NULL), 0);
    ck_assert(cfg.window);
    ck_assert_int_eq(cfg.window_dev, 0xC3);
    ck_assert_int_eq(config_parse_string("t.conf", "WINDOW 0C0G\n", &cfg, &devs, NULL, err,
                                         sizeof err, NULL), -1);
    ck_assert_str_eq(err, "t.conf:1: WINDOW 0C0G is not a device number (1 to 4 hex digits)");
    ck_assert_int_eq(config_parse_string("t.conf", "\nWINDOW 1 2\n", &cfg, &devs, NULL, err,
                                         sizeof err, NULL), -1);
    ck_assert_ptr_nonnull(strstr(err, "t.conf:2: WINDOW: unexpected operand 2"));
}
END_TEST

/* ---- the keyboard map (SDL2 builds) ------------------------------------------------------ */

#ifdef HAVE_SDL2
START_TEST(t_keymap)
{
    static const struct { int32_t sym; uint16_t mod; int key; } map[] = {
        { SDLK_RETURN, 0, T3270_K_ENTER }, { SDLK_KP_ENTER, 0, T3270_K_ENTER },
        { SDLK_RETURN, KMOD_LSHIFT, T3270_K_NEWLINE },
        { SDLK_F1, 0, T3270_K_PF1 }, { SDLK_F12, 0, T3270_K_PF1 + 11 },
        { SDLK_F1, KMOD_RSHIFT, T3270_K_PF1 + 12 }, { SDLK_F12, KMOD_LSHIFT, T3270_K_PF24 },
        { SDLK_F13, 0, T3270_K_PF1 + 12 }, { SDLK_F24, 0, T3270_K_PF24 },
        { SDLK_F1, KMOD_LCTRL, T3270_K_PA1 }, { SDLK_F2, KMOD_RCTRL, T3270_K_PA2 },
        { SDLK_F3, KMOD_LALT, T3270_K_PA3 }, { SDLK_F1, KMOD_LCTRL | KMOD_LSHIFT, T3270_K_PA1 },
        { SDLK_PAGEUP, 0, T3270_K_PA1 }, { SDLK_PAGEDOWN, 0, T3270_K_PA2 },
        { SDLK_ESCAPE, 0, T3270_K_CLEAR }, { SDLK_PAUSE, 0, T3270_K_CLEAR },
        { SDLK_ESCAPE, KMOD_LSHIFT, T3270_K_RESET }, { SDLK_r, KMOD_LCTRL, T3270_K_RESET },
        { SDLK_TAB, 0, T3270_K_TAB }, { SDLK_TAB, KMOD_LSHIFT, T3270_K_BACKTAB },
        { SDLK_HOME, 0, T3270_K_HOME }, { SDLK_UP, 0, T3270_K_UP }, { SDLK_LEFT, 0, T3270_K_LEFT },
        { SDLK_BACKSPACE, 0, T3270_K_ERASE }, { SDLK_DELETE, 0, T3270_K_DELETE },
        { SDLK_END, 0, T3270_K_ERASE_EOF }, { SDLK_k, KMOD_LCTRL, T3270_K_ERASE_EOF },
        { SDLK_END, KMOD_LCTRL, T3270_K_ERASE_INPUT }, { SDLK_INSERT, 0, T3270_K_INSERT },
        { SDLK_d, KMOD_LCTRL, T3270_K_DUP }, { SDLK_f, KMOD_LCTRL, T3270_K_FIELD_MARK },
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        enum term3270_key k = T3270_K_COUNT;
        ck_assert_msg(con_window_map_key(map[i].sym, map[i].mod, &k), "entry %zu unmapped", i);
        ck_assert_msg((int)k == map[i].key, "entry %zu: key %d, not %d", i, (int)k, map[i].key);
    }
    enum term3270_key k;
    ck_assert(!con_window_map_key(SDLK_a, 0, &k));              /* text input, not a key */
    ck_assert(!con_window_map_key(SDLK_F4, KMOD_LCTRL, &k));
    ck_assert(!con_window_map_key(SDLK_SPACE, 0, &k));
}
END_TEST

START_TEST(t_parse_key)
{
    int32_t sym;
    uint16_t mod;
    ck_assert_int_eq(con_window_parse_key("Return", &sym, &mod), 0);
    ck_assert_int_eq(sym, SDLK_RETURN);
    ck_assert_uint_eq(mod, 0);
    ck_assert_int_eq(con_window_parse_key("shift+F1", &sym, &mod), 0);
    ck_assert_int_eq(sym, SDLK_F1);
    ck_assert(mod & KMOD_SHIFT);
    ck_assert_int_eq(con_window_parse_key("Ctrl+Alt+End", &sym, &mod), 0);
    ck_assert_int_eq(sym, SDLK_END);
    ck_assert((mod & KMOD_CTRL) && (mod & KMOD_ALT));
    ck_assert_int_eq(con_window_parse_key("Tab", &sym, &mod), 0);
    ck_assert_int_eq(sym, SDLK_TAB);
    ck_assert_int_eq(con_window_parse_key("Escape", &sym, &mod), 0);
    ck_assert_int_eq(sym, SDLK_ESCAPE);
    ck_assert_int_eq(con_window_parse_key("NoSuchKey", &sym, &mod), -1);
    ck_assert_int_eq(con_window_parse_key("Shift+", &sym, &mod), -1);
}
END_TEST
#endif

int main(void)
{
    Suite *s = suite_create("window");
    TCase *tc = tcase_create("window");
    tcase_add_test(tc, t_png_palette);
    tcase_add_test(tc, t_png_rgb);
    tcase_add_test(tc, t_png_errors);
    tcase_add_test(tc, t_font);
    tcase_add_test(tc, t_render_fields);
    tcase_add_test(tc, t_render_cursor_blink_insert);
    tcase_add_test(tc, t_render_status_line);
    tcase_add_test(tc, t_render_alternate_size_and_png);
    tcase_add_test(tc, t_render_every_code);
    tcase_add_test(tc, t_window_statement);
#ifdef HAVE_SDL2
    tcase_add_test(tc, t_keymap);
    tcase_add_test(tc, t_parse_key);
#endif
    suite_add_tcase(s, tc);
    SRunner *r = srunner_create(s);
    srunner_run_all(r, CK_NORMAL);
    int f = srunner_ntests_failed(r);
    srunner_free(r);
    return f ? 1 : 0;
}
