/* test_term3270.c - the 3270 terminal model (console/term3270.c): buffer addressing
 * in both forms, every order of the outbound data stream, the WCC, Read Modified and
 * Read Buffer, the operator's keys, Write Structured Field and the query reply, and
 * hostile data streams that must neither crash nor touch memory outside the buffer. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "console/term3270.h"
#include "devices/dev3270.h"
#include "devices/ebcdic.h"

/* A data stream under construction. */
struct ds {
    size_t n;
    uint8_t b[8192];
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

/* SBA to row, col (0-based) of an 80-column screen, 12-bit coded. */
static void dsba(struct ds *d, unsigned row, unsigned col)
{
    uint8_t a[2];
    term3270_addr_encode12((uint16_t)(row * 80 + col), a);
    db(d, 3, 0x11, a[0], a[1]);
}

static struct term3270 *new_term(bool extended)
{
    struct term3270 *t = malloc(sizeof *t);
    ck_assert_ptr_nonnull(t);
    term3270_init(t, 24, 80, 43, 80, extended);
    return t;
}

static struct term3270_reply *new_reply(void)
{
    struct term3270_reply *r = malloc(sizeof *r);
    ck_assert_ptr_nonnull(r);
    return r;
}

static int send(struct term3270 *t, uint8_t cmd, const struct ds *d)
{
    struct term3270_reply *r = new_reply();
    int rc = term3270_outbound(t, cmd, d->b, d->n, r);
    free(r);
    return rc;
}

/* The displayed text of a row, blanks for nulls and attributes, trailing blanks cut. */
static const char *row_text(const struct term3270 *t, unsigned row)
{
    static struct term3270_cell cells[T3270_MAX_CELLS];
    static char out[T3270_MAX_COLS + 1];
    term3270_cells(t, cells, T3270_MAX_CELLS);
    unsigned i;
    for (i = 0; i < t->cols; i++) out[i] = (char)ebcdic_to_ascii(cells[row * t->cols + i].ch);
    while (i > 0 && out[i - 1] == ' ') i--;
    out[i] = 0;
    return out;
}

/* The row text expected: n pairs of column and text, the rest blank, trimmed. */
static const char *layout(int n, ...)
{
    static char out[T3270_MAX_COLS + 1];
    memset(out, ' ', T3270_MAX_COLS);
    out[T3270_MAX_COLS] = 0;
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++) {
        int col = va_arg(ap, int);
        const char *s = va_arg(ap, const char *);
        memcpy(out + col, s, strlen(s));
    }
    va_end(ap);
    size_t l = T3270_MAX_COLS;
    while (l > 0 && out[l - 1] == ' ') l--;
    out[l] = 0;
    return out;
}

static struct term3270_cell cell_at(const struct term3270 *t, unsigned a)
{
    static struct term3270_cell cells[T3270_MAX_CELLS];
    term3270_cells(t, cells, T3270_MAX_CELLS);
    return cells[a];
}

/* ---- addressing -------------------------------------------------------------------- */

START_TEST(t_address_12bit)
{
    /* Every 12-bit address goes through the code table and back; both bytes are
     * printable graphics (the code table's point). */
    for (unsigned a = 0; a < 4096; a++) {
        uint8_t e[2];
        term3270_addr_encode12((uint16_t)a, e);
        ck_assert_uint_ge(e[0], 0x40);
        ck_assert_uint_ge(e[1], 0x40);
        ck_assert_uint_eq(dev3270_addr_decode(e[0], e[1]), a);
    }
    /* Examples from the reference: row 2 column 33 (80 columns) is C1F0; 919 is 4ED7. */
    uint8_t e[2];
    term3270_addr_encode12(112, e);
    ck_assert_uint_eq(e[0], 0xC1);
    ck_assert_uint_eq(e[1], 0xF0);
    term3270_addr_encode12(919, e);
    ck_assert_uint_eq(e[0], 0x4E);
    ck_assert_uint_eq(e[1], 0xD7);
    ck_assert_uint_eq(term3270_code6(0), 0x40);
    ck_assert_uint_eq(term3270_code6(63), 0x7F);
}
END_TEST

START_TEST(t_address_14bit)
{
    ck_assert_uint_eq(dev3270_addr_decode(0x00, 0x00), 0);
    ck_assert_uint_eq(dev3270_addr_decode(0x0D, 0x6F), 3439);
    ck_assert_uint_eq(dev3270_addr_decode(0x3F, 0xFF), 16383);
    /* A 43x80 alternate screen: the last position by a 14-bit SBA. */
    struct term3270 *t = new_term(false);
    struct ds d = { 0 };
    db(&d, 4, 0xC3, 0x11, 0x0D, 0x6F);
    dtext(&d, "Z");
    ck_assert_int_eq(send(t, D3270_EWA, &d), 0);
    ck_assert_uint_eq(t->rows, 43);
    ck_assert_str_eq(row_text(t, 42), layout(1, 79, "Z"));
    /* Outside the 24x80 default screen the same address is refused. */
    ck_assert_int_eq(send(t, D3270_EW, &d), -1);
    ck_assert_uint_eq(t->rows, 24);
    free(t);
}
END_TEST

/* ---- writes and orders ------------------------------------------------------------- */

START_TEST(t_write_text_and_sba)
{
    struct term3270 *t = new_term(false);
    struct ds d = { 0 };
    db(&d, 1, 0xC3);
    dtext(&d, "HELLO");
    dsba(&d, 5, 10);
    dtext(&d, "WORLD");
    ck_assert_int_eq(send(t, D3270_EW, &d), 0);
    ck_assert_str_eq(row_text(t, 0), "HELLO");
    ck_assert_str_eq(row_text(t, 5), "          WORLD");
    ck_assert_uint_eq(t->cursor, 0);
    /* W writes from the cursor without erasing. */
    t->cursor = 80;
    struct ds w = { 0 };
    db(&w, 1, 0xC3);
    dtext(&w, "AGAIN");
    ck_assert_int_eq(send(t, D3270_W, &w), 0);
    ck_assert_str_eq(row_text(t, 0), "HELLO");
    ck_assert_str_eq(row_text(t, 1), "AGAIN");
    /* Data at the last position wraps to 0. */
    struct ds x = { 0 };
    db(&x, 1, 0xC3);
    dsba(&x, 23, 79);
    dtext(&x, "YZ");
    ck_assert_int_eq(send(t, D3270_W, &x), 0);
    ck_assert_str_eq(row_text(t, 0), "ZELLO");
    free(t);
}
END_TEST

START_TEST(t_sf_attributes)
{
    struct term3270 *t = new_term(false);
    struct ds d = { 0 };
    db(&d, 1, 0xC3);
    db(&d, 2, 0x1D, 0xF0 | 0x08);           /* protected intensified (code-table form) */
    dtext(&d, "TITLE");
    db(&d, 2, 0x1D, 0x40);                  /* unprotected normal */
    dtext(&d, "INPUT");
    db(&d, 2, 0x1D, 0x4C);                  /* unprotected nondisplay */
    dtext(&d, "SECRET");
    db(&d, 2, 0x1D, 0x60);                  /* protected */
    ck_assert_int_eq(send(t, D3270_EW, &d), 0);
    ck_assert_str_eq(row_text(t, 0), " TITLE INPUT");
    ck_assert(t->buf[0].flags & T3270_P_FA);
    ck_assert_uint_eq(t->buf[0].ch, T3270_FA_PROT | T3270_FA_NUM | T3270_FA_INTENSE);
    ck_assert_uint_eq(t->buf[6].ch, 0);
    ck_assert_uint_eq(cell_at(t, 1).color, T3270_COLOR_WHITE);    /* protected intensified */
    ck_assert(cell_at(t, 1).intense);
    ck_assert_uint_eq(cell_at(t, 7).color, T3270_COLOR_GREEN);    /* unprotected normal */
    ck_assert_uint_eq(cell_at(t, 14).ch, 0x40);                    /* hidden */
    ck_assert_uint_eq(t->buf[13].ch, ascii_to_ebcdic('S'));
    ck_assert_uint_eq(cell_at(t, 21).color, T3270_COLOR_BLUE);    /* protected normal */
    ck_assert(term3270_formatted(t));
    free(t);
}
END_TEST

START_TEST(t_sfe_sa_mf)
{
    struct term3270 *t = new_term(true);
    struct ds d = { 0 };
    db(&d, 1, 0xC3);
    db(&d, 8, 0x29, 3, 0xC0, 0x60, 0x42, 0xF6, 0x41, 0xF2);  /* protected, yellow, reverse */
    dtext(&d, "AB");
    db(&d, 3, 0x28, 0x42, 0xF2);            /* SA color red */
    dtext(&d, "C");
    db(&d, 3, 0x28, 0x00, 0x00);            /* SA reset */
    dtext(&d, "D");
    db(&d, 3, 0x28, 0x43, 0xF1);            /* SA character set: APL */
    dtext(&d, "E");
    ck_assert_int_eq(send(t, D3270_EW, &d), 0);
    ck_assert_uint_eq(t->buf[0].ch, T3270_FA_PROT);
    ck_assert_uint_eq(cell_at(t, 1).color, T3270_COLOR_YELLOW);
    ck_assert_uint_eq(cell_at(t, 1).hilite, T3270_HL_REVERSE);
    ck_assert_uint_eq(cell_at(t, 3).color, T3270_COLOR_RED);
    ck_assert_uint_eq(cell_at(t, 4).color, T3270_COLOR_YELLOW);
    ck_assert(cell_at(t, 5).ge);
    /* MF at the attribute: now unprotected, underscored; the color stays. */
    struct ds m = { 0 };
    db(&m, 1, 0xC3);
    dsba(&m, 0, 0);
    db(&m, 6, 0x2C, 2, 0xC0, 0x40, 0x41, 0xF4);
    dtext(&m, "X");
    ck_assert_int_eq(send(t, D3270_W, &m), 0);
    ck_assert_uint_eq(t->buf[0].ch, 0);
    ck_assert_uint_eq(t->buf[0].color, T3270_COLOR_YELLOW);
    ck_assert_uint_eq(cell_at(t, 2).hilite, T3270_HL_UNDERSCORE);
    ck_assert_str_eq(row_text(t, 0), " XBCDE");     /* MF moved on one position */
    /* MF at a character position changes nothing and does not move. */
    struct ds m2 = { 0 };
    db(&m2, 1, 0xC3);
    dsba(&m2, 0, 3);
    db(&m2, 4, 0x2C, 1, 0xC0, 0x60);
    dtext(&m2, "Y");
    ck_assert_int_eq(send(t, D3270_W, &m2), 0);
    ck_assert_str_eq(row_text(t, 0), " XBYDE");
    ck_assert(!(t->buf[3].flags & T3270_P_FA));
    /* SFE without a 3270 attribute pair: an unprotected field. */
    struct ds s = { 0 };
    db(&s, 1, 0xC3);
    db(&s, 4, 0x29, 1, 0x42, 0xF1);
    ck_assert_int_eq(send(t, D3270_EW, &s), 0);
    ck_assert(t->buf[0].flags & T3270_P_FA);
    ck_assert_uint_eq(t->buf[0].ch, 0);
    ck_assert_uint_eq(t->buf[0].color, T3270_COLOR_BLUE);
    free(t);
}
END_TEST

START_TEST(t_extended_orders_need_extended)
{
    struct term3270 *t = new_term(false);
    struct ds d = { 0 };
    db(&d, 5, 0xC3, 0x29, 1, 0xC0, 0x60);
    ck_assert_int_eq(send(t, D3270_EW, &d), -1);
    struct ds s = { 0 };
    db(&s, 4, 0xC3, 0x28, 0x42, 0xF2);
    ck_assert_int_eq(send(t, D3270_W, &s), -1);
    struct ds w = { 0 };
    db(&w, 5, 0x00, 0x05, 0x01, 0xFF, 0x02);
    ck_assert_int_eq(send(t, D3270_WSF, &w), -1);
    free(t);
}
END_TEST

START_TEST(t_ic_and_wcc)
{
    struct term3270 *t = new_term(false);
    struct ds d = { 0 };
    db(&d, 1, 0xC3);                         /* restore keyboard, reset MDT */
    dsba(&d, 2, 5);
    db(&d, 1, 0x13);                         /* IC */
    ck_assert_int_eq(send(t, D3270_EW, &d), 0);
    ck_assert_uint_eq(t->cursor, 2 * 80 + 5);
    t->lock = T3270_LOCK_SYSTEM;
    t->aid = T3270_AID_ENTER;
    struct ds n = { 0 };
    db(&n, 1, 0x40);                         /* no restore */
    ck_assert_int_eq(send(t, D3270_W, &n), 0);
    ck_assert_int_eq(t->lock, T3270_LOCK_SYSTEM);
    struct ds r = { 0 };
    db(&r, 1, 0xC6);                         /* restore + alarm */
    ck_assert_int_eq(send(t, D3270_W, &r), 0);
    ck_assert_int_eq(t->lock, T3270_UNLOCKED);
    ck_assert_uint_eq(t->aid, T3270_AID_NONE);
    ck_assert(t->alarm);
    /* WCC reset MDT. */
    struct ds f = { 0 };
    db(&f, 3, 0xC2, 0x1D, 0xC1);            /* unprotected field, MDT on */
    ck_assert_int_eq(send(t, D3270_EW, &f), 0);
    ck_assert_uint_eq(t->buf[0].ch, T3270_FA_MDT);
    struct ds g = { 0 };
    db(&g, 1, 0xC3);
    ck_assert_int_eq(send(t, D3270_W, &g), 0);
    ck_assert_uint_eq(t->buf[0].ch, 0);
    free(t);
}
END_TEST

/* Screen: protected label at 0, unprotected field 1 at 10, protected at 20,
 * unprotected field 2 at 30, protected at 40. */
static void two_fields(struct term3270 *t)
{
    struct ds d = { 0 };
    db(&d, 1, 0xC3);
    db(&d, 2, 0x1D, 0x60);
    dtext(&d, "NAME");
    dsba(&d, 0, 10);
    db(&d, 2, 0x1D, 0x40);
    dsba(&d, 0, 20);
    db(&d, 2, 0x1D, 0x60);
    dtext(&d, "CITY");
    dsba(&d, 0, 30);
    db(&d, 2, 0x1D, 0x40);
    dtext(&d, "OLDCITY");
    dsba(&d, 0, 40);
    db(&d, 2, 0x1D, 0x60);
    dsba(&d, 0, 11);
    db(&d, 1, 0x13);
    ck_assert_int_eq(send(t, D3270_EW, &d), 0);
}

START_TEST(t_pt)
{
    struct term3270 *t = new_term(false);
    two_fields(t);
    /* PT right after the WCC: to field 1 without erasing; text; PT after text nulls
     * the rest of the field and moves to field 2. */
    struct ds d = { 0 };
    db(&d, 1, 0xC3);
    dsba(&d, 0, 0);
    db(&d, 1, 0x05);
    dtext(&d, "A");
    dsba(&d, 0, 31);
    dtext(&d, "NEW");
    db(&d, 1, 0x05);
    dtext(&d, "Q");                          /* PT found no later field: address 0 */
    ck_assert_int_eq(send(t, D3270_W, &d), 0);
    ck_assert_str_eq(row_text(t, 0), layout(4, 0, "QNAME", 11, "A", 21, "CITY", 31, "NEW"));
    for (unsigned a = 34; a < 40; a++) ck_assert_uint_eq(t->buf[a].ch, 0);
    /* PT from a protected position finds field 2 (first position 31). */
    struct ds e = { 0 };
    db(&e, 1, 0xC3);
    dsba(&e, 0, 22);
    db(&e, 2, 0x05, 0x13);
    ck_assert_int_eq(send(t, D3270_W, &e), 0);
    ck_assert_uint_eq(t->cursor, 31);
    free(t);
}
END_TEST

START_TEST(t_ra)
{
    struct term3270 *t = new_term(false);
    struct ds d = { 0 };
    uint8_t a[2];
    db(&d, 1, 0xC3);
    dsba(&d, 1, 0);
    term3270_addr_encode12(80 + 10, a);
    db(&d, 4, 0x3C, a[0], a[1], ascii_to_ebcdic('-'));
    dtext(&d, "X");
    ck_assert_int_eq(send(t, D3270_EW, &d), 0);
    ck_assert_str_eq(row_text(t, 1), "----------X");
    /* Stop address equal to the current address: the whole buffer; with GE. */
    struct ds g = { 0 };
    db(&g, 1, 0xC3);
    dsba(&g, 3, 0);
    term3270_addr_encode12(240, a);
    db(&g, 5, 0x3C, a[0], a[1], 0x08, 0xAD);
    ck_assert_int_eq(send(t, D3270_W, &g), 0);
    for (unsigned i = 0; i < 24 * 80; i++) {
        ck_assert_uint_eq(t->buf[i].ch, 0xAD);
        ck_assert(t->buf[i].flags & T3270_P_GE);
    }
    /* A stop address outside the screen is an error. */
    struct ds b = { 0 };
    db(&b, 5, 0xC3, 0x3C, 0x3F, 0xFF, 0x40);
    ck_assert_int_eq(send(t, D3270_W, &b), -1);
    free(t);
}
END_TEST

START_TEST(t_eua)
{
    struct term3270 *t = new_term(false);
    two_fields(t);
    struct ds d = { 0 };
    uint8_t a[2];
    db(&d, 1, 0xC3);
    dsba(&d, 0, 0);
    term3270_addr_encode12(35, a);
    db(&d, 3, 0x12, a[0], a[1]);
    dtext(&d, "Z");
    ck_assert_int_eq(send(t, D3270_W, &d), 0);
    /* OLDC nulled up to the stop address; protected NAME and CITY stay. */
    ck_assert_str_eq(row_text(t, 0), layout(3, 1, "NAME", 21, "CITY", 35, "ZTY"));
    ck_assert(t->buf[30].flags & T3270_P_FA);
    free(t);
}
END_TEST

START_TEST(t_ge)
{
    struct term3270 *t = new_term(false);
    struct ds d = { 0 };
    db(&d, 4, 0xC3, 0x08, 0xAD, 0xC1);
    ck_assert_int_eq(send(t, D3270_EW, &d), 0);
    ck_assert(t->buf[0].flags & T3270_P_GE);
    ck_assert_uint_eq(t->buf[0].ch, 0xAD);
    ck_assert(!(t->buf[1].flags & T3270_P_GE));
    free(t);
}
END_TEST

START_TEST(t_bad_streams)
{
    struct term3270 *t = new_term(true);
    static const uint8_t bad[][6] = {
        { 0xC3, 0x11 },                 /* SBA cut short */
        { 0xC3, 0x11, 0x7F, 0x7F },     /* 4095: outside 24x80 */
        { 0xC3, 0x1D },                 /* SF without attribute */
        { 0xC3, 0x29, 0x02, 0xC0 },     /* SFE pairs cut short */
        { 0xC3, 0x28, 0x42 },           /* SA cut short */
        { 0xC3, 0x3C, 0x40, 0x40 },     /* RA without the character */
        { 0xC3, 0x12, 0x40 },           /* EUA cut short */
        { 0xC3, 0x08 },                 /* GE without the character */
    };
    static const size_t len[] = { 2, 4, 2, 4, 3, 4, 3, 2 };
    struct term3270_reply *r = new_reply();
    for (size_t i = 0; i < sizeof len / sizeof len[0]; i++)
        ck_assert_int_eq(term3270_outbound(t, D3270_W, bad[i], len[i], r), -1);
    ck_assert_int_eq(term3270_outbound(t, 0x77, bad[0], 1, r), -1);
    /* Random streams through every command: no crash, no out-of-bounds (ASan). */
    static const uint8_t cmds[] = { D3270_W, D3270_EW, D3270_EWA, D3270_EAU, D3270_WSF,
                                    D3270_RB, D3270_RM };
    uint8_t buf[600];
    srand(3270);
    for (int round = 0; round < 3000; round++) {
        size_t n = (size_t)(rand() % (int)sizeof buf);
        for (size_t i = 0; i < n; i++) {
            int k = rand() % 8;
            static const uint8_t orders[] = { 0x05, 0x08, 0x11, 0x12, 0x13, 0x1D, 0x28, 0x29,
                                              0x2C, 0x3C };
            buf[i] = (uint8_t)(k == 0 ? orders[rand() % 10] : rand());
        }
        term3270_outbound(t, cmds[rand() % (int)sizeof cmds], buf, n, r);
        ck_assert_uint_le(r->len, sizeof r->data);
        ck_assert_uint_lt(t->cursor, (unsigned)t->rows * t->cols);
        term3270_type(t, 0xC1);
        term3270_key(t, (enum term3270_key)(rand() % T3270_K_COUNT), r);
        ck_assert_uint_lt(t->cursor, (unsigned)t->rows * t->cols);
    }
    free(r);
    free(t);
}
END_TEST

/* ---- inbound ---------------------------------------------------------------------- */

START_TEST(t_type_and_read_modified)
{
    struct term3270 *t = new_term(false);
    struct term3270_reply *r = new_reply();
    two_fields(t);
    ck_assert_uint_eq(t->cursor, 11);
    ck_assert_int_eq(term3270_type(t, ascii_to_ebcdic('J')), 0);
    ck_assert_int_eq(term3270_type(t, ascii_to_ebcdic('O')), 0);
    ck_assert_uint_eq(t->cursor, 13);
    ck_assert(t->buf[10].ch & T3270_FA_MDT);
    ck_assert(!(t->buf[30].ch & T3270_FA_MDT));
    ck_assert_int_eq(term3270_key(t, T3270_K_ENTER, r), 1);
    ck_assert_int_eq(t->lock, T3270_LOCK_SYSTEM);
    /* AID, cursor 13 (40 4D), SBA 11 (40 4B), "JO". */
    static const uint8_t want[] = { 0x7D, 0x40, 0x4D, 0x11, 0x40, 0x4B, 0xD1, 0xD6 };
    ck_assert_uint_eq(r->len, sizeof want);
    ck_assert_mem_eq(r->data, want, sizeof want);
    /* The locked keyboard takes nothing; Read Modified by the host gives the same. */
    ck_assert_int_eq(term3270_type(t, 0xC1), -1);
    ck_assert_int_eq(term3270_key(t, T3270_K_PF1 + 2, r), -1);
    struct ds none = { 0 };
    ck_assert_int_eq(term3270_outbound(t, D3270_RM, none.b, 0, r), 0);
    ck_assert_uint_eq(r->len, sizeof want);
    ck_assert_mem_eq(r->data, want, sizeof want);
    free(r);
    free(t);
}
END_TEST

START_TEST(t_inhibit)
{
    struct term3270 *t = new_term(false);
    struct term3270_reply *r = new_reply();
    two_fields(t);
    t->cursor = 2;                           /* protected */
    ck_assert_int_eq(term3270_type(t, 0xC1), -1);
    ck_assert_int_eq(t->lock, T3270_LOCK_INHIBIT);
    ck_assert_int_eq(term3270_type(t, 0xC1), -1);
    ck_assert_int_eq(term3270_key(t, T3270_K_RESET, r), 0);
    ck_assert_int_eq(t->lock, T3270_UNLOCKED);
    t->cursor = 10;                          /* on the attribute */
    ck_assert_int_eq(term3270_type(t, 0xC1), -1);
    term3270_key(t, T3270_K_RESET, r);
    /* A numeric field takes digits, '.', '-' only. */
    struct ds d = { 0 };
    db(&d, 1, 0xC3);
    dsba(&d, 0, 10);
    db(&d, 2, 0x1D, 0x50);
    ck_assert_int_eq(send(t, D3270_W, &d), 0);
    t->cursor = 11;
    ck_assert_int_eq(term3270_type(t, ascii_to_ebcdic('7')), 0);
    ck_assert_int_eq(term3270_type(t, ascii_to_ebcdic('.')), 0);
    ck_assert_int_eq(term3270_type(t, ascii_to_ebcdic('A')), -1);
    free(r);
    free(t);
}
END_TEST

START_TEST(t_autoskip_tab_backtab_home)
{
    struct term3270 *t = new_term(false);
    struct term3270_reply *r = new_reply();
    two_fields(t);
    /* Field 1 ends at 19 before a protected (not numeric) attribute: typing there
     * moves the cursor past the attribute, to 21. */
    t->cursor = 19;
    ck_assert_int_eq(term3270_type(t, 0xC1), 0);
    ck_assert_uint_eq(t->cursor, 21);
    /* Make 20 autoskip (protected numeric): typing at 19 goes to field 2. */
    t->buf[20].ch = T3270_FA_PROT | T3270_FA_NUM;
    t->cursor = 19;
    ck_assert_int_eq(term3270_type(t, 0xC2), 0);
    ck_assert_uint_eq(t->cursor, 31);
    t->cursor = 0;
    term3270_key(t, T3270_K_TAB, r);
    ck_assert_uint_eq(t->cursor, 11);
    term3270_key(t, T3270_K_TAB, r);
    ck_assert_uint_eq(t->cursor, 31);
    term3270_key(t, T3270_K_TAB, r);
    ck_assert_uint_eq(t->cursor, 11);               /* wraps */
    t->cursor = 35;
    term3270_key(t, T3270_K_BACKTAB, r);
    ck_assert_uint_eq(t->cursor, 31);               /* start of this field */
    term3270_key(t, T3270_K_BACKTAB, r);
    ck_assert_uint_eq(t->cursor, 11);               /* previous field */
    term3270_key(t, T3270_K_BACKTAB, r);
    ck_assert_uint_eq(t->cursor, 31);               /* wraps back */
    t->cursor = 500;
    term3270_key(t, T3270_K_HOME, r);
    ck_assert_uint_eq(t->cursor, 11);
    term3270_key(t, T3270_K_NEWLINE, r);
    ck_assert_uint_eq(t->cursor, 11);               /* row 1 is protected: next field */
    term3270_key(t, T3270_K_LEFT, r);
    ck_assert_uint_eq(t->cursor, 10);
    term3270_key(t, T3270_K_UP, r);
    ck_assert_uint_eq(t->cursor, 23 * 80 + 10);
    term3270_key(t, T3270_K_DOWN, r);
    ck_assert_uint_eq(t->cursor, 10);
    term3270_key(t, T3270_K_RIGHT, r);
    ck_assert_uint_eq(t->cursor, 11);
    free(r);
    free(t);
}
END_TEST

START_TEST(t_erase_keys)
{
    struct term3270 *t = new_term(false);
    struct term3270_reply *r = new_reply();
    two_fields(t);
    t->cursor = 33;                          /* OLDCITY: erase EOF from "DCITY" */
    ck_assert_int_eq(term3270_key(t, T3270_K_ERASE_EOF, r), 0);
    ck_assert_str_eq(row_text(t, 0) + 30, " OL");
    ck_assert(t->buf[30].ch & T3270_FA_MDT);
    ck_assert_int_eq(term3270_key(t, T3270_K_ERASE, r), 0);      /* backspace */
    ck_assert_uint_eq(t->cursor, 32);
    ck_assert_str_eq(row_text(t, 0) + 30, " O");
    t->cursor = 31;
    ck_assert_int_eq(term3270_key(t, T3270_K_ERASE, r), -1);     /* at the field start */
    term3270_key(t, T3270_K_RESET, r);
    /* Insert mode: room comes from the nulls at the field end. */
    ck_assert_int_eq(term3270_key(t, T3270_K_INSERT, r), 0);
    ck_assert_int_eq(term3270_type(t, ascii_to_ebcdic('N')), 0);
    ck_assert_str_eq(row_text(t, 0) + 30, " NO");
    ck_assert_int_eq(term3270_key(t, T3270_K_DELETE, r), 0);     /* deletes the O */
    ck_assert_str_eq(row_text(t, 0) + 30, " N");
    /* Erase Input: every unprotected field nulled, MDTs off, cursor home. */
    t->insert = false;
    t->cursor = 11;
    term3270_type(t, 0xC1);
    ck_assert_int_eq(term3270_key(t, T3270_K_ERASE_INPUT, r), 0);
    ck_assert_str_eq(row_text(t, 0), layout(2, 1, "NAME", 21, "CITY"));
    ck_assert(!(t->buf[10].ch & T3270_FA_MDT));
    ck_assert_uint_eq(t->cursor, 11);
    /* Protected: erase EOF is inhibited. */
    t->cursor = 2;
    ck_assert_int_eq(term3270_key(t, T3270_K_ERASE_EOF, r), -1);
    free(r);
    free(t);
}
END_TEST

START_TEST(t_short_reads_and_pf)
{
    struct term3270 *t = new_term(false);
    struct term3270_reply *r = new_reply();
    static const struct { enum term3270_key k; uint8_t aid; } keys[] = {
        { T3270_K_PA1, 0x6C }, { T3270_K_PA2, 0x6E }, { T3270_K_PA3, 0x6B },
        { T3270_K_CLEAR, 0x6D },
    };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        two_fields(t);
        ck_assert_int_eq(term3270_key(t, keys[i].k, r), 1);
        ck_assert_uint_eq(r->len, 1);
        ck_assert_uint_eq(r->data[0], keys[i].aid);
    }
    ck_assert(!term3270_formatted(t));      /* Clear erased the screen */
    ck_assert_uint_eq(t->cursor, 0);
    static const struct { enum term3270_key k; uint8_t aid; } pf[] = {
        { T3270_K_PF1, 0xF1 }, { T3270_K_PF1 + 9, 0x7A }, { T3270_K_PF1 + 11, 0x7C },
        { T3270_K_PF1 + 12, 0xC1 }, { T3270_K_PF24, 0x4C },
    };
    for (size_t i = 0; i < sizeof pf / sizeof pf[0]; i++) {
        two_fields(t);
        ck_assert_int_eq(term3270_key(t, pf[i].k, r), 1);
        ck_assert_uint_eq(r->len, 3);
        ck_assert_uint_eq(r->data[0], pf[i].aid);
    }
    /* Unformatted Read Modified: every non-null character, no SBA. */
    struct ds d = { 0 };
    db(&d, 1, 0xC3);
    dtext(&d, "AB");
    dsba(&d, 1, 0);
    dtext(&d, "C");
    ck_assert_int_eq(send(t, D3270_EW, &d), 0);
    ck_assert_int_eq(term3270_key(t, T3270_K_ENTER, r), 1);
    static const uint8_t want[] = { 0x7D, 0x40, 0x40, 0xC1, 0xC2, 0xC3 };
    ck_assert_uint_eq(r->len, sizeof want);
    ck_assert_mem_eq(r->data, want, sizeof want);
    free(r);
    free(t);
}
END_TEST

START_TEST(t_read_buffer)
{
    struct term3270 *t = new_term(true);
    struct term3270_reply *r = new_reply();
    struct ds d = { 0 };
    db(&d, 1, 0xC3);
    db(&d, 2, 0x1D, 0xF0);
    dtext(&d, "AB");
    db(&d, 2, 0x08, 0xAD);
    ck_assert_int_eq(send(t, D3270_EW, &d), 0);
    struct ds none = { 0 };
    ck_assert_int_eq(term3270_outbound(t, D3270_RB, none.b, 0, r), 0);
    ck_assert_uint_eq(r->len, 3 + 2 + 2 + 2 + (24 * 80 - 4));
    static const uint8_t head[] = { 0x60, 0x40, 0x40, 0x1D, 0xF0, 0xC1, 0xC2, 0x08, 0xAD, 0x00 };
    ck_assert_mem_eq(r->data, head, sizeof head);
    /* Extended field mode (Set Reply Mode by WSF): SFE for the attribute. */
    struct ds s = { 0 };
    db(&s, 5, 0x00, 0x05, 0x09, 0x00, 0x01);
    ck_assert_int_eq(send(t, D3270_WSF, &s), 0);
    ck_assert_uint_eq(t->reply_mode, T3270_RM_XFIELD);
    ck_assert_int_eq(term3270_outbound(t, D3270_RB, none.b, 0, r), 0);
    static const uint8_t xhead[] = { 0x60, 0x40, 0x40, 0x29, 0x01, 0xC0, 0xF0, 0xC1 };
    ck_assert_mem_eq(r->data, xhead, sizeof xhead);
    /* Character mode: SA where the character color changes. */
    struct ds c = { 0 };
    db(&c, 5, 0x00, 0x05, 0x09, 0x00, 0x02);
    db(&c, 9, 0x00, 0x0A, 0x40, 0x00, 0xF1, 0x03, 0x28, 0x42, 0xF2);  /* no WCC reset */
    db(&c, 1, 0xC9);
    ck_assert_int_eq(send(t, D3270_WSF, &c), 0);
    ck_assert_int_eq(term3270_outbound(t, D3270_RB, none.b, 0, r), 0);
    static const uint8_t chead[] = { 0x60, 0x40, 0x40, 0x28, 0x42, 0xF2, 0xC9 };
    ck_assert_mem_eq(r->data, chead, sizeof chead);
    free(r);
    free(t);
}
END_TEST

/* ---- structured fields ------------------------------------------------------------ */

/* Find query reply qcode in an AID 88 record; its length, 0 if absent. */
static size_t find_qr(const struct term3270_reply *r, uint8_t qcode, const uint8_t **at)
{
    size_t i = 1;
    while (i + 4 <= r->len) {
        size_t l = (size_t)r->data[i] << 8 | r->data[i + 1];
        ck_assert_uint_ge(l, 4);
        ck_assert_uint_le(i + l, r->len);
        ck_assert_uint_eq(r->data[i + 2], 0x81);
        if (r->data[i + 3] == qcode) {
            *at = r->data + i;
            return l;
        }
        i += l;
    }
    ck_assert_uint_eq(i, r->len);
    return 0;
}

START_TEST(t_query_reply)
{
    struct term3270 *t = new_term(true);
    struct term3270_reply *r = new_reply();
    struct ds d = { 0 };
    db(&d, 5, 0x00, 0x05, 0x01, 0xFF, 0x02);          /* Read Partition Query */
    ck_assert_int_eq(term3270_outbound(t, D3270_WSF, d.b, d.n, r), 0);
    ck_assert_uint_eq(r->data[0], 0x88);
    const uint8_t *q;
    size_t l = find_qr(r, 0x80, &q);
    static const uint8_t summary[] = { 0x80, 0x81, 0x86, 0x87, 0x88, 0xA6 };
    ck_assert_uint_eq(l, 4 + sizeof summary);
    ck_assert_mem_eq(q + 4, summary, sizeof summary);
    for (size_t i = 0; i < sizeof summary; i++) ck_assert_uint_gt(find_qr(r, summary[i], &q), 0);
    l = find_qr(r, 0x81, &q);                          /* usable area */
    ck_assert_uint_eq(l, 23);
    ck_assert_uint_eq(q[4], 0x01);
    ck_assert_uint_eq(q[6] << 8 | q[7], 80);
    ck_assert_uint_eq(q[8] << 8 | q[9], 43);
    ck_assert_uint_eq(q[21] << 8 | q[22], 43 * 80);
    l = find_qr(r, 0xA6, &q);                          /* implicit partition */
    ck_assert_uint_eq(l, 17);
    ck_assert_uint_eq(q[6], 0x0B);
    ck_assert_uint_eq(q[9] << 8 | q[10], 80);
    ck_assert_uint_eq(q[11] << 8 | q[12], 24);
    ck_assert_uint_eq(q[15] << 8 | q[16], 43);
    l = find_qr(r, 0x86, &q);                          /* color: 8 pairs */
    ck_assert_uint_eq(q[5], 8);
    ck_assert_uint_eq(l, 6 + 16);
    /* Query List, and a length of 0 meaning the rest of the record. */
    struct ds ql = { 0 };
    db(&ql, 6, 0x00, 0x00, 0x01, 0xFF, 0x03, 0x80);
    ck_assert_int_eq(term3270_outbound(t, D3270_WSF, ql.b, ql.n, r), 0);
    ck_assert_uint_eq(r->data[0], 0x88);
    /* A structured field longer than the record is refused. */
    struct ds bad = { 0 };
    db(&bad, 5, 0x00, 0x09, 0x01, 0xFF, 0x02);
    ck_assert_int_eq(term3270_outbound(t, D3270_WSF, bad.b, bad.n, r), -1);
    free(r);
    free(t);
}
END_TEST

START_TEST(t_wsf_outbound_and_erase_reset)
{
    struct term3270 *t = new_term(true);
    struct term3270_reply *r = new_reply();
    struct ds d = { 0 };
    /* Erase/Reset to the alternate size, then Outbound 3270DS with a Write, both in
     * one WSF. */
    db(&d, 4, 0x00, 0x04, 0x03, 0x80);
    db(&d, 7, 0x00, 0x0A, 0x40, 0x00, 0xF1, 0xC3, 0x11);
    db(&d, 2, 0x0D, 0x6F);
    dtext(&d, "W");
    ck_assert_int_eq(term3270_outbound(t, D3270_WSF, d.b, d.n, r), 0);
    ck_assert_uint_eq(r->len, 0);
    ck_assert_uint_eq(t->rows, 43);
    ck_assert_uint_eq(t->buf[3439].ch, ascii_to_ebcdic('W'));
    /* EW by Outbound 3270DS returns to 24x80. */
    struct ds e = { 0 };
    db(&e, 7, 0x00, 0x07, 0x40, 0x00, 0xF5, 0xC3, 0xC8);
    ck_assert_int_eq(term3270_outbound(t, D3270_WSF, e.b, e.n, r), 0);
    ck_assert_uint_eq(t->rows, 24);
    ck_assert_str_eq(row_text(t, 0), "H");
    /* Read Partition RM by WSF answers with Read Modified. */
    struct ds rm = { 0 };
    db(&rm, 5, 0x00, 0x05, 0x01, 0x00, 0xF6);
    ck_assert_int_eq(term3270_outbound(t, D3270_WSF, rm.b, rm.n, r), 0);
    ck_assert_uint_eq(r->data[0], 0x60);
    /* EAU by command: unprotected positions nulled, keyboard restored. */
    two_fields(t);
    t->lock = T3270_LOCK_SYSTEM;
    ck_assert_int_eq(term3270_outbound(t, D3270_EAU, NULL, 0, r), 0);
    ck_assert_str_eq(row_text(t, 0), layout(2, 1, "NAME", 21, "CITY"));
    ck_assert_int_eq(t->lock, T3270_UNLOCKED);
    ck_assert_uint_eq(t->cursor, 11);
    free(r);
    free(t);
}
END_TEST

/* Order edge cases (GA23-0059, chapter 3): EUA and RA whose stop address is the
 * current one (the whole buffer) or lies behind it (wrapping at the end), 14-bit
 * addresses on the 27x132 alternate screen, PT on an unformatted screen, SF over an
 * extended field attribute, IC at the last position. */
START_TEST(t_order_edges)
{
    struct term3270 *t = malloc(sizeof *t);
    ck_assert_ptr_nonnull(t);
    term3270_init(t, 24, 80, 27, 132, true);
    uint8_t a[2];
    /* Model 5: the last position (3563) by a 14-bit SBA and by a 12-bit one. */
    struct ds m5 = { 0 };
    db(&m5, 4, 0xC3, 0x11, 0x0D, 0xEB);
    dtext(&m5, "Z");
    term3270_addr_encode12(3562, a);
    db(&m5, 3, 0x11, a[0], a[1]);
    dtext(&m5, "Y");
    db(&m5, 1, 0x13);
    ck_assert_int_eq(send(t, D3270_EWA, &m5), 0);
    ck_assert_uint_eq(t->cols, 132);
    ck_assert_uint_eq(t->buf[3563].ch, ascii_to_ebcdic('Z'));
    ck_assert_uint_eq(t->buf[3562].ch, ascii_to_ebcdic('Y'));
    ck_assert_uint_eq(t->cursor, 3563);     /* Y moved the address on to 3563 */
    /* 3564 is one past the end: refused. */
    struct ds past = { 0 };
    db(&past, 4, 0xC3, 0x11, 0x0D, 0xEC);
    ck_assert_int_eq(send(t, D3270_W, &past), -1);
    /* RA from 1910 to 10 on 24x80 wraps at the end of the buffer. */
    struct ds ra = { 0 };
    db(&ra, 1, 0xC3);
    term3270_addr_encode12(1910, a);
    db(&ra, 3, 0x11, a[0], a[1]);
    term3270_addr_encode12(10, a);
    db(&ra, 4, 0x3C, a[0], a[1], ascii_to_ebcdic('*'));
    ck_assert_int_eq(send(t, D3270_EW, &ra), 0);
    ck_assert_uint_eq(t->cols, 80);
    ck_assert_str_eq(row_text(t, 0), "**********");
    ck_assert_str_eq(row_text(t, 23), layout(1, 70, "**********"));
    ck_assert_uint_eq(t->buf[11].ch, 0);
    /* EUA with the stop address at the current one: every unprotected position. */
    two_fields(t);
    struct ds eua = { 0 };
    db(&eua, 1, 0xC3);
    term3270_addr_encode12(35, a);
    db(&eua, 3, 0x11, a[0], a[1]);
    db(&eua, 3, 0x12, a[0], a[1]);
    ck_assert_int_eq(send(t, D3270_W, &eua), 0);
    ck_assert_str_eq(row_text(t, 0), layout(2, 1, "NAME", 21, "CITY"));
    /* PT on an unformatted screen: to address 0; after text, the rest of the buffer
     * is nulled (there is no field end). */
    struct ds pt = { 0 };
    db(&pt, 1, 0xC3);
    dtext(&pt, "KEEP");
    term3270_addr_encode12(1900, a);
    db(&pt, 3, 0x11, a[0], a[1]);
    dtext(&pt, "ABCDEFGHIJ");
    term3270_addr_encode12(1905, a);
    db(&pt, 3, 0x11, a[0], a[1]);
    dtext(&pt, "X");
    db(&pt, 2, 0x05, 0x13);
    ck_assert_int_eq(send(t, D3270_EW, &pt), 0);
    ck_assert_uint_eq(t->cursor, 0);
    ck_assert_str_eq(row_text(t, 0), "KEEP");
    ck_assert_str_eq(row_text(t, 23), layout(1, 60, "ABCDEX"));
    /* SF over an SFE attribute: a plain attribute again, colors gone. */
    struct ds sf = { 0 };
    db(&sf, 6, 0xC3, 0x29, 2, 0xC0, 0x60, 0x42);
    db(&sf, 1, 0xF2);
    ck_assert_int_eq(send(t, D3270_EW, &sf), 0);
    ck_assert_uint_eq(t->buf[0].color, T3270_COLOR_RED);
    struct ds sf2 = { 0 };
    db(&sf2, 6, 0xC3, 0x11, 0x40, 0x40, 0x1D, 0x40);
    ck_assert_int_eq(send(t, D3270_W, &sf2), 0);
    ck_assert(t->buf[0].flags & T3270_P_FA);
    ck_assert_uint_eq(t->buf[0].ch, 0);
    ck_assert_uint_eq(t->buf[0].color, 0);
    free(t);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("term3270");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, t_address_12bit);
    tcase_add_test(tc, t_address_14bit);
    tcase_add_test(tc, t_write_text_and_sba);
    tcase_add_test(tc, t_sf_attributes);
    tcase_add_test(tc, t_sfe_sa_mf);
    tcase_add_test(tc, t_extended_orders_need_extended);
    tcase_add_test(tc, t_ic_and_wcc);
    tcase_add_test(tc, t_pt);
    tcase_add_test(tc, t_ra);
    tcase_add_test(tc, t_eua);
    tcase_add_test(tc, t_ge);
    tcase_add_test(tc, t_bad_streams);
    tcase_add_test(tc, t_type_and_read_modified);
    tcase_add_test(tc, t_inhibit);
    tcase_add_test(tc, t_autoskip_tab_backtab_home);
    tcase_add_test(tc, t_erase_keys);
    tcase_add_test(tc, t_short_reads_and_pf);
    tcase_add_test(tc, t_read_buffer);
    tcase_add_test(tc, t_query_reply);
    tcase_add_test(tc, t_wsf_outbound_and_erase_reset);
    tcase_add_test(tc, t_order_edges);
    suite_add_tcase(s, tc);
    SRunner *r = srunner_create(s);
    srunner_run_all(r, CK_NORMAL);
    int f = srunner_ntests_failed(r);
    srunner_free(r);
    return f ? 1 : 0;
}
