/* winrender.c - the SDL2 window's picture without SDL (see window.h): a 3270 screen
 * and a status line turned into palette pixels, and the same written as PNG. Every
 * build has it, so screenshots and the tests need no display. */
#include <stdlib.h>
#include <string.h>
#include "console/window.h"
#include "console/png.h"
#include "devices/ebcdic.h"

/* The 3279's colors (GA23-0059, color identifications X'F1'-X'F7') as a display
 * shows them on black; then the status line and the rule above it. */
const uint8_t con_palette[CON_PAL_COUNT][3] = {
    [CON_PAL_BLACK] = { 0x00, 0x00, 0x00 },
    [CON_PAL_BLUE] = { 0x55, 0x8C, 0xFF },
    [CON_PAL_RED] = { 0xFF, 0x3C, 0x3C },
    [CON_PAL_PINK] = { 0xFF, 0x6E, 0xFF },
    [CON_PAL_GREEN] = { 0x3C, 0xF0, 0x3C },
    [CON_PAL_TURQUOISE] = { 0x3C, 0xF0, 0xF0 },
    [CON_PAL_YELLOW] = { 0xFF, 0xFF, 0x3C },
    [CON_PAL_WHITE] = { 0xFF, 0xFF, 0xFF },
    [CON_PAL_STATUS] = { 0x3C, 0xC8, 0xC8 },
    [CON_PAL_RULE] = { 0x3C, 0x78, 0x78 },
};

void con_render_size(unsigned rows, unsigned cols, unsigned *w, unsigned *h)
{
    *w = cols * CON_FONT_W;
    *h = (rows + 1) * CON_FONT_H + CON_RULE_H;
}

/* One cell at pixel (x, y): the glyph of Latin-1 code c in fg on bg, and an
 * underline (underscore highlighting, the insert-mode cursor) in fg. */
static void draw_cell(uint8_t *pix, unsigned w, unsigned x, unsigned y, uint8_t c, uint8_t fg,
                      uint8_t bg, bool glyph, bool underline)
{
    for (unsigned r = 0; r < CON_FONT_H; r++) {
        uint16_t bits = glyph ? con_font3270[c][r] : 0;
        if (underline && r >= CON_FONT_H - CON_UNDERLINE_H) bits = 0x1FF;
        uint8_t *p = pix + (size_t)(y + r) * w + x;
        for (unsigned i = 0; i < CON_FONT_W; i++)
            p[i] = bits & (1u << (CON_FONT_W - 1 - i)) ? fg : bg;
    }
}

/* The glyph for a displayed cell: code page 037 to Latin-1. The APL/text set (GE)
 * has no glyphs here, so its codes show as blanks rather than as wrong letters. */
static uint8_t cell_glyph(const struct term3270_cell *c)
{
    return c->ge ? ' ' : ebcdic_to_latin1[c->ch];
}

void con_render(const struct term3270 *t, const char *status, bool show_cursor, bool blink_on,
                uint8_t *pix, unsigned w, unsigned h)
{
    unsigned need_w, need_h;
    con_render_size(t->rows, t->cols, &need_w, &need_h);
    if (w < need_w || h < need_h) return;
    memset(pix, CON_PAL_BLACK, (size_t)w * h);
    struct term3270_cell cells[T3270_MAX_CELLS];
    term3270_cells(t, cells, T3270_MAX_CELLS);
    for (unsigned a = 0; a < (unsigned)t->rows * t->cols; a++) {
        const struct term3270_cell *c = &cells[a];
        uint8_t fg = (uint8_t)(c->color - T3270_COLOR_BLUE + CON_PAL_BLUE), bg = CON_PAL_BLACK;
        bool glyph = c->hilite != T3270_HL_BLINK || blink_on;
        bool under = c->hilite == T3270_HL_UNDERSCORE;
        bool reverse = c->hilite == T3270_HL_REVERSE;
        if (show_cursor && a == t->cursor) {
            if (t->insert) under = true;
            else reverse = !reverse;
        }
        if (reverse) { bg = fg; fg = CON_PAL_BLACK; }
        draw_cell(pix, w, a % t->cols * CON_FONT_W, a / t->cols * CON_FONT_H, cell_glyph(c),
                  fg, bg, glyph, under);
    }
    unsigned y = t->rows * CON_FONT_H;
    memset(pix + (size_t)(y + CON_RULE_H / 2 - 1) * w, CON_PAL_RULE, need_w);
    y += CON_RULE_H;
    for (unsigned i = 0; status && status[i] && i < t->cols; i++)
        draw_cell(pix, w, i * CON_FONT_W, y, (uint8_t)status[i], CON_PAL_STATUS, CON_PAL_BLACK,
                  true, false);
}

int con_render_png(const struct term3270 *t, const char *status, const char *path,
                   char *err, size_t errlen)
{
    unsigned w, h;
    con_render_size(t->rows, t->cols, &w, &h);
    uint8_t *pix = malloc((size_t)w * h);
    if (!pix) {
        snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    con_render(t, status, true, true, pix, w, h);
    int rc = con_png_write(path, w, h, pix, con_palette, CON_PAL_COUNT, err, errlen);
    free(pix);
    return rc;
}
