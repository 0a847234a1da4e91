/* term3270.c - a 3270 display terminal model (see term3270.h). References are to
 * IBM GA23-0059, 3270 Information Display System Data Stream Programmer's Reference:
 * chapter 3 (commands, WCC, orders, buffer addressing), chapter 5 (structured fields)
 * and chapter 6 (query replies); the keys follow the 3278 operator's guide. */
#include <string.h>
#include "console/term3270.h"
#include "devices/dev3270.h"

/* WCC bits (GA23-0059, write control character); bits 0-1 come from the code table. */
enum {
    WCC_RESET = 0x40, WCC_PRINT = 0x08, WCC_ALARM = 0x04, WCC_RESTORE = 0x02,
    WCC_RESET_MDT = 0x01,
};

/* Structured field IDs and Read Partition types (GA23-0059 chapter 5). */
enum {
    SF_READ_PARTITION = 0x01, SF_ERASE_RESET = 0x03, SF_SET_REPLY_MODE = 0x09,
    SF_OUTBOUND_3270DS = 0x40,
    RP_QUERY = 0x02, RP_QUERY_LIST = 0x03, RP_RMA = 0x6E, RP_RB = 0xF2, RP_RM = 0xF6,
    ER_ALTERNATE = 0x80,
};
/* The commands inside Outbound 3270DS (the SNA command codes). */
enum { SNA_W = 0xF1, SNA_EW = 0xF5, SNA_EWA = 0x7E, SNA_EAU = 0x6F };

/* Query reply codes (GA23-0059 chapter 6). */
enum {
    QR_SUMMARY = 0x80, QR_USABLE_AREA = 0x81, QR_COLOR = 0x86, QR_HIGHLIGHT = 0x87,
    QR_REPLY_MODES = 0x88, QR_IMPLICIT_PARTITION = 0xA6,
};

/* Control codes a display accepts as data (GA23-0059, character codes). */
enum { EB_NUL = 0x00, EB_DUP = 0x1C, EB_FM = 0x1E, EB_BLANK = 0x40 };

/* The 6-bit code table (GA23-0059, figure "buffer address, WCC and attribute
 * codes"): the EBCDIC graphic for each value 0-63, so 12-bit addresses, WCCs and
 * field attributes travel as printable characters. */
static const uint8_t code6[64] = {
    0x40, 0xC1, 0xC2, 0xC3, 0xC4, 0xC5, 0xC6, 0xC7, 0xC8, 0xC9, 0x4A, 0x4B, 0x4C, 0x4D, 0x4E, 0x4F,
    0x50, 0xD1, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7, 0xD8, 0xD9, 0x5A, 0x5B, 0x5C, 0x5D, 0x5E, 0x5F,
    0x60, 0x61, 0xE2, 0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0x6A, 0x6B, 0x6C, 0x6D, 0x6E, 0x6F,
    0xF0, 0xF1, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9, 0x7A, 0x7B, 0x7C, 0x7D, 0x7E, 0x7F,
};

/* PF1-PF24 AIDs (GA23-0059, AID table). */
static const uint8_t pf_aid[24] = {
    0xF1, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9, 0x7A, 0x7B, 0x7C,
    0xC1, 0xC2, 0xC3, 0xC4, 0xC5, 0xC6, 0xC7, 0xC8, 0xC9, 0x4A, 0x4B, 0x4C,
};

uint8_t term3270_code6(uint8_t six)
{
    return code6[six & 0x3F];
}

void term3270_addr_encode12(uint16_t addr, uint8_t out[2])
{
    out[0] = code6[(addr >> 6) & 0x3F];
    out[1] = code6[addr & 0x3F];
}

/* ---- buffer helpers ----------------------------------------------------------- */

static unsigned size(const struct term3270 *t)
{
    return (unsigned)t->rows * t->cols;
}

static unsigned next(const struct term3270 *t, unsigned a)
{
    return a + 1 < size(t) ? a + 1 : 0;
}

static unsigned prev(const struct term3270 *t, unsigned a)
{
    return a ? a - 1 : size(t) - 1;
}

static bool is_fa(const struct term3270 *t, unsigned a)
{
    return t->buf[a].flags & T3270_P_FA;
}

/* The field attribute position that governs a, or -1 on an unformatted screen. */
static int field_of(const struct term3270 *t, unsigned a)
{
    unsigned n = size(t);
    for (unsigned i = 0; i < n; i++) {
        if (is_fa(t, a)) return (int)a;
        a = prev(t, a);
    }
    return -1;
}

bool term3270_formatted(const struct term3270 *t)
{
    for (unsigned a = 0; a < size(t); a++)
        if (is_fa(t, a)) return true;
    return false;
}

static bool protected_at(const struct term3270 *t, unsigned a)
{
    int fa = field_of(t, a);
    return fa >= 0 && (t->buf[fa].ch & T3270_FA_PROT);
}

static void clear_buffer(struct term3270 *t)
{
    memset(t->buf, 0, sizeof t->buf);
}

/* Erase as EW, EWA, Clear and Erase/Reset do: nulls, no fields, the given size. */
static void erase(struct term3270 *t, bool alternate)
{
    clear_buffer(t);
    t->rows = alternate ? t->alt_rows : t->def_rows;
    t->cols = alternate ? t->alt_cols : t->def_cols;
    t->cursor = 0;
}

static void reset_mdts(struct term3270 *t)
{
    for (unsigned a = 0; a < size(t); a++)
        if (is_fa(t, a)) t->buf[a].ch &= (uint8_t)~T3270_FA_MDT;
}

static void set_mdt(struct term3270 *t, unsigned a)
{
    int fa = field_of(t, a);
    if (fa >= 0) t->buf[fa].ch |= T3270_FA_MDT;
}

/* First character position of the next unprotected field after a (exclusive),
 * searching the whole buffer once; -1 if there is none (Tab, Home, EAU). */
static int next_unprotected(const struct term3270 *t, unsigned a)
{
    unsigned n = size(t);
    for (unsigned i = 0; i < n; i++) {
        unsigned f = a;
        a = next(t, a);
        if (is_fa(t, f) && !(t->buf[f].ch & T3270_FA_PROT) && !is_fa(t, a)) return (int)a;
    }
    return -1;
}

static bool valid_size(uint16_t rows, uint16_t cols)
{
    return rows >= 1 && cols >= 1 && rows <= T3270_MAX_ROWS && cols <= T3270_MAX_COLS &&
           (unsigned)rows * cols <= T3270_MAX_CELLS;
}

void term3270_init(struct term3270 *t, uint16_t rows, uint16_t cols, uint16_t alt_rows,
                   uint16_t alt_cols, bool extended)
{
    memset(t, 0, sizeof *t);
    if (!valid_size(rows, cols)) rows = 24, cols = 80;
    if (!valid_size(alt_rows, alt_cols)) alt_rows = rows, alt_cols = cols;
    t->def_rows = rows;
    t->def_cols = cols;
    t->alt_rows = alt_rows;
    t->alt_cols = alt_cols;
    t->extended = extended;
    t->aid = T3270_AID_NONE;
    t->lock = T3270_UNLOCKED;
    t->reply_mode = T3270_RM_FIELD;
    erase(t, false);
}

/* ---- the write parser ------------------------------------------------------------ */

/* The state of one write: the buffer address and the character attributes that SA
 * set for the characters that follow (GA23-0059, SA order). */
struct wstate {
    const uint8_t *p, *end;
    unsigned addr;
    uint8_t color, hilite, cs;
    bool after_char;        /* the last thing written was a character (for PT) */
};

static void put_char(struct term3270 *t, struct wstate *w, uint8_t ch, bool ge)
{
    struct term3270_pos *p = &t->buf[w->addr];
    p->ch = ch;
    p->flags = ge || w->cs == 0xF1 ? T3270_P_GE : 0;
    p->color = w->color;
    p->hilite = w->hilite;
    w->addr = next(t, w->addr);
}

static bool take_addr(const struct term3270 *t, struct wstate *w, unsigned *out)
{
    if (w->end - w->p < 2) return false;
    unsigned a = dev3270_addr_decode(w->p[0], w->p[1]);
    w->p += 2;
    if (a >= size(t)) return false;
    *out = a;
    return true;
}

/* One attribute type/value pair of SFE or MF applied to the field attribute at fa. */
static void field_pair(struct term3270 *t, unsigned fa, uint8_t type, uint8_t val)
{
    struct term3270_pos *p = &t->buf[fa];
    switch (type) {
    case T3270_XA_3270: p->ch = val & 0x3F; break;
    case T3270_XA_HILITE: p->hilite = val; break;
    case T3270_XA_COLOR: p->color = val; break;
    case T3270_XA_ALL: if (!val) p->hilite = p->color = 0; break;
    default: break;         /* character set, outlining, validation: not shown */
    }
}

/* SFE and MF: a count and that many type/value pairs. */
static bool take_pairs(struct wstate *w, const uint8_t **pairs, unsigned *n)
{
    if (w->p >= w->end) return false;
    *n = *w->p++;
    if ((size_t)(w->end - w->p) < 2u * *n) return false;
    *pairs = w->p;
    w->p += 2u * *n;
    return true;
}

/* PT (GA23-0059, program tab): after a character, the rest of the field is nulled;
 * then the address moves to the first position of the next unprotected field, or
 * to 0 when the search reaches the end of the buffer. */
static void program_tab(struct term3270 *t, struct wstate *w)
{
    unsigned n = size(t), a = w->addr;
    if (w->after_char)
        for (unsigned i = a; i < n && !is_fa(t, i); i++) t->buf[i] = (struct term3270_pos){ 0 };
    for (; a < n; a++) {
        if (is_fa(t, a) && !(t->buf[a].ch & T3270_FA_PROT) && a + 1 < n && !is_fa(t, a + 1)) {
            w->addr = a + 1;
            return;
        }
    }
    w->addr = 0;
}

/* RA: the character (or GE and a character) up to, not including, the stop address;
 * the whole buffer when stop is the current address. */
static bool repeat_to_address(struct term3270 *t, struct wstate *w)
{
    unsigned stop;
    if (!take_addr(t, w, &stop) || w->p >= w->end) return false;
    bool ge = false;
    uint8_t ch = *w->p++;
    if (ch == D3270_ORD_GE) {
        if (w->p >= w->end) return false;
        ch = *w->p++;
        ge = true;
    }
    unsigned n = size(t);
    do {
        put_char(t, w, ch, ge);
    } while (w->addr != stop && --n);
    return true;
}

/* EUA: nulls in the unprotected character positions up to the stop address. */
static bool erase_unprotected_to(struct term3270 *t, struct wstate *w)
{
    unsigned stop;
    if (!take_addr(t, w, &stop)) return false;
    int fa = field_of(t, w->addr);
    bool prot = fa >= 0 && (t->buf[fa].ch & T3270_FA_PROT);
    unsigned a = w->addr, n = size(t);
    do {
        if (is_fa(t, a)) prot = t->buf[a].ch & T3270_FA_PROT;
        else if (!prot) t->buf[a] = (struct term3270_pos){ 0 };
        a = next(t, a);
    } while (a != stop && --n);
    w->addr = stop;
    return true;
}

/* Orders and data after the WCC (GA23-0059, chapter 3). */
static int write_orders(struct term3270 *t, struct wstate *w)
{
    while (w->p < w->end) {
        uint8_t b = *w->p++;
        bool after_char = false;
        const uint8_t *pairs;
        unsigned n;
        switch (b) {
        case D3270_ORD_SBA:
            if (!take_addr(t, w, &w->addr)) return -1;
            break;
        case D3270_ORD_SF:
            if (w->p >= w->end) return -1;
            t->buf[w->addr] = (struct term3270_pos){ .ch = *w->p++ & 0x3F, .flags = T3270_P_FA };
            w->addr = next(t, w->addr);
            break;
        case D3270_ORD_SFE:
            if (!t->extended || !take_pairs(w, &pairs, &n)) return -1;
            t->buf[w->addr] = (struct term3270_pos){ .flags = T3270_P_FA };
            for (unsigned i = 0; i < n; i++) field_pair(t, w->addr, pairs[2 * i], pairs[2 * i + 1]);
            w->addr = next(t, w->addr);
            break;
        case D3270_ORD_MF:
            /* Only a field attribute can be modified; elsewhere the pairs are
             * skipped and the address stays. */
            if (!t->extended || !take_pairs(w, &pairs, &n)) return -1;
            if (!is_fa(t, w->addr)) break;
            for (unsigned i = 0; i < n; i++) field_pair(t, w->addr, pairs[2 * i], pairs[2 * i + 1]);
            w->addr = next(t, w->addr);
            break;
        case D3270_ORD_SA:
            if (!t->extended || w->end - w->p < 2) return -1;
            switch (w->p[0]) {
            case T3270_XA_ALL: w->color = w->hilite = w->cs = 0; break;
            case T3270_XA_HILITE: w->hilite = w->p[1]; break;
            case T3270_XA_COLOR: w->color = w->p[1]; break;
            case T3270_XA_CHARSET: w->cs = w->p[1]; break;
            default: break;
            }
            w->p += 2;
            break;
        case D3270_ORD_IC:
            t->cursor = (uint16_t)w->addr;
            break;
        case D3270_ORD_PT:
            program_tab(t, w);
            break;
        case D3270_ORD_RA:
            if (!repeat_to_address(t, w)) return -1;
            break;
        case D3270_ORD_EUA:
            if (!erase_unprotected_to(t, w)) return -1;
            break;
        case D3270_ORD_GE:
            if (w->p >= w->end) return -1;
            put_char(t, w, *w->p++, true);
            after_char = true;
            break;
        default:
            put_char(t, w, b, false);     /* graphics and the accepted control codes */
            after_char = true;
            break;
        }
        w->after_char = after_char;
    }
    return 0;
}

/* W, EW, EWA: WCC, then orders and data (GA23-0059, write operation). Writing
 * begins at the cursor for W, at 0 after an erase. */
static int do_write(struct term3270 *t, bool erase_first, bool alternate, const uint8_t *data,
                    size_t len)
{
    if (erase_first) erase(t, alternate);
    if (!len) return 0;
    uint8_t wcc = data[0];
    if (wcc & WCC_RESET) t->reply_mode = T3270_RM_FIELD;
    if (wcc & WCC_RESET_MDT) reset_mdts(t);
    struct wstate w = { .p = data + 1, .end = data + len, .addr = t->cursor };
    int rc = write_orders(t, &w);
    /* The WCC's keyboard restore and alarm act when the write ends. */
    if (wcc & WCC_RESTORE) {
        t->lock = T3270_UNLOCKED;
        t->aid = T3270_AID_NONE;
        t->insert = false;
    }
    if (wcc & WCC_ALARM) t->alarm = true;
    return rc;
}

/* EAU (GA23-0059, erase all unprotected): unprotected positions to nulls, MDTs
 * reset, keyboard restored, cursor to the first unprotected field. */
static void erase_all_unprotected(struct term3270 *t)
{
    if (!term3270_formatted(t)) {
        clear_buffer(t);
        t->cursor = 0;
    } else {
        bool prot = protected_at(t, 0);
        for (unsigned a = 0; a < size(t); a++) {
            if (is_fa(t, a)) prot = t->buf[a].ch & T3270_FA_PROT;
            else if (!prot) t->buf[a] = (struct term3270_pos){ 0 };
        }
        reset_mdts(t);
        int c = next_unprotected(t, size(t) - 1);
        t->cursor = c >= 0 ? (uint16_t)c : 0;
    }
    t->lock = T3270_UNLOCKED;
    t->aid = T3270_AID_NONE;
}

/* ---- inbound records -------------------------------------------------------------- */

static void emit(struct term3270_reply *r, uint8_t b)
{
    if (r->len < sizeof r->data) r->data[r->len++] = b;
}

static void emit_addr(struct term3270_reply *r, unsigned a)
{
    uint8_t e[2];
    term3270_addr_encode12((uint16_t)a, e);
    emit(r, e[0]);
    emit(r, e[1]);
}

static void emit_head(const struct term3270 *t, struct term3270_reply *r, uint8_t aid)
{
    r->len = 0;
    emit(r, aid);
    emit_addr(r, t->cursor);
}

static void emit_char(struct term3270_reply *r, const struct term3270_pos *p)
{
    if (p->flags & T3270_P_GE) emit(r, D3270_ORD_GE);
    emit(r, p->ch);
}

/* Read Modified (GA23-0059, read modified operation): the AID and cursor, then
 * SBA and the non-null characters of every field whose MDT is on; on an unformatted
 * screen every non-null character. PA keys and Clear give the AID alone. */
void term3270_read_modified(const struct term3270 *t, struct term3270_reply *r)
{
    uint8_t aid = t->aid;
    if (aid == T3270_AID_CLEAR || aid == T3270_AID_PA1 || aid == T3270_AID_PA2 ||
        aid == T3270_AID_PA3) {
        r->len = 0;
        emit(r, aid);
        return;
    }
    emit_head(t, r, aid);
    unsigned n = size(t);
    if (!term3270_formatted(t)) {
        for (unsigned a = 0; a < n; a++)
            if (t->buf[a].ch != EB_NUL) emit_char(r, &t->buf[a]);
        return;
    }
    for (unsigned fa = 0; fa < n; fa++) {
        if (!is_fa(t, fa) || !(t->buf[fa].ch & T3270_FA_MDT)) continue;
        unsigned a = next(t, fa);
        emit(r, D3270_ORD_SBA);
        emit_addr(r, a);
        for (; !is_fa(t, a); a = next(t, a))
            if (t->buf[a].ch != EB_NUL) emit_char(r, &t->buf[a]);
    }
}

/* SFE for a field attribute in the extended reply modes: the 3270 attribute and the
 * extended ones that are not default. */
static void emit_sfe(struct term3270_reply *r, const struct term3270_pos *p)
{
    uint8_t n = 1 + (p->hilite != 0) + (p->color != 0);
    emit(r, D3270_ORD_SFE);
    emit(r, n);
    emit(r, T3270_XA_3270);
    emit(r, code6[p->ch & 0x3F]);
    if (p->hilite) { emit(r, T3270_XA_HILITE); emit(r, p->hilite); }
    if (p->color) { emit(r, T3270_XA_COLOR); emit(r, p->color); }
}

/* Read Buffer (GA23-0059, read buffer operation): AID, cursor, then every position
 * from 0: SF (or SFE in the extended reply modes) for attributes, the codes as
 * they are (nulls included); SA orders where character attributes change in
 * character reply mode. */
void term3270_read_buffer(const struct term3270 *t, struct term3270_reply *r)
{
    emit_head(t, r, t->aid);
    uint8_t color = 0, hilite = 0;
    for (unsigned a = 0; a < size(t); a++) {
        const struct term3270_pos *p = &t->buf[a];
        if (is_fa(t, a)) {
            if (t->reply_mode == T3270_RM_FIELD) {
                emit(r, D3270_ORD_SF);
                emit(r, code6[p->ch & 0x3F]);
            } else {
                emit_sfe(r, p);
            }
            continue;
        }
        if (t->reply_mode == T3270_RM_CHAR) {
            if (p->color != color) {
                emit(r, D3270_ORD_SA);
                emit(r, T3270_XA_COLOR);
                emit(r, p->color);
            }
            if (p->hilite != hilite) {
                emit(r, D3270_ORD_SA);
                emit(r, T3270_XA_HILITE);
                emit(r, p->hilite);
            }
            color = p->color;
            hilite = p->hilite;
        }
        emit_char(r, p);
    }
}

static void emit16(struct term3270_reply *r, unsigned v)
{
    emit(r, (uint8_t)(v >> 8));
    emit(r, (uint8_t)v);
}

/* Start a query reply structured field; end_sf fills in its length. */
static size_t begin_sf(struct term3270_reply *r, uint8_t qcode)
{
    size_t at = r->len;
    emit16(r, 0);
    emit(r, 0x81);                  /* query reply */
    emit(r, qcode);
    return at;
}

static void end_sf(struct term3270_reply *r, size_t at)
{
    size_t n = r->len - at;
    r->data[at] = (uint8_t)(n >> 8);
    r->data[at + 1] = (uint8_t)n;
}

/* The query replies this terminal gives, in the order of the summary. */
static const uint8_t query_codes[] = {
    QR_SUMMARY, QR_USABLE_AREA, QR_COLOR, QR_HIGHLIGHT, QR_REPLY_MODES, QR_IMPLICIT_PARTITION,
};

/* Colors offered by the Color reply: the default (green) and the seven colors. */
static const uint8_t query_colors[] = {
    T3270_COLOR_BLUE, T3270_COLOR_RED, T3270_COLOR_PINK, T3270_COLOR_GREEN,
    T3270_COLOR_TURQUOISE, T3270_COLOR_YELLOW, T3270_COLOR_WHITE,
};
static const uint8_t query_hilites[] = { T3270_HL_BLINK, T3270_HL_REVERSE, T3270_HL_UNDERSCORE };

/* Read Partition Query (GA23-0059 chapter 6): AID X'88' and one structured field
 * per reply. Sizes are of the alternate screen (the largest) for Usable Area, both
 * sizes for Implicit Partition. */
void term3270_query_reply(const struct term3270 *t, struct term3270_reply *r)
{
    size_t at;
    r->len = 0;
    emit(r, T3270_AID_STRUCTURED);

    at = begin_sf(r, QR_SUMMARY);
    for (size_t i = 0; i < sizeof query_codes; i++) emit(r, query_codes[i]);
    end_sf(r, at);

    at = begin_sf(r, QR_USABLE_AREA);
    emit(r, 0x01);                  /* 12- and 14-bit addressing allowed */
    emit(r, 0x00);                  /* no variable cells, no special features */
    emit16(r, t->alt_cols);
    emit16(r, t->alt_rows);
    emit(r, 0x01);                  /* units: millimetres */
    emit16(r, 1); emit16(r, 4);     /* Xr: 1/4 mm a dot... */
    emit16(r, 1); emit16(r, 4);     /* Yr */
    emit(r, 9);                     /* cell width and height in dots */
    emit(r, 16);
    emit16(r, (unsigned)t->alt_rows * t->alt_cols);
    end_sf(r, at);

    at = begin_sf(r, QR_COLOR);
    emit(r, 0x00);                  /* flags */
    emit(r, 1 + sizeof query_colors);
    emit(r, 0x00);                  /* default color: green */
    emit(r, T3270_COLOR_GREEN);
    for (size_t i = 0; i < sizeof query_colors; i++) {
        emit(r, query_colors[i]);
        emit(r, query_colors[i]);
    }
    end_sf(r, at);

    at = begin_sf(r, QR_HIGHLIGHT);
    emit(r, 1 + sizeof query_hilites);
    emit(r, 0x00);                  /* default: normal */
    emit(r, T3270_HL_NORMAL);
    for (size_t i = 0; i < sizeof query_hilites; i++) {
        emit(r, query_hilites[i]);
        emit(r, query_hilites[i]);
    }
    end_sf(r, at);

    at = begin_sf(r, QR_REPLY_MODES);
    emit(r, T3270_RM_FIELD);
    emit(r, T3270_RM_XFIELD);
    emit(r, T3270_RM_CHAR);
    end_sf(r, at);

    at = begin_sf(r, QR_IMPLICIT_PARTITION);
    emit(r, 0x00);                  /* flags */
    emit(r, 0x00);
    emit(r, 0x0B);                  /* self-defining parameter: implicit partition sizes */
    emit(r, 0x01);
    emit(r, 0x00);
    emit16(r, t->def_cols);
    emit16(r, t->def_rows);
    emit16(r, t->alt_cols);
    emit16(r, t->alt_rows);
    end_sf(r, at);
}

/* ---- Write Structured Field ------------------------------------------------------- */

static int read_partition(struct term3270 *t, const uint8_t *p, size_t n,
                          struct term3270_reply *r)
{
    if (n < 2) return -1;
    switch (p[1]) {
    case RP_QUERY:
    case RP_QUERY_LIST:
        term3270_query_reply(t, r);
        return 0;
    case RP_RB:
        term3270_read_buffer(t, r);
        return 0;
    case RP_RM:
    case RP_RMA:
        term3270_read_modified(t, r);
        return 0;
    default:
        return -1;
    }
}

static int outbound_3270ds(struct term3270 *t, const uint8_t *p, size_t n)
{
    if (n < 2) return -1;
    const uint8_t *d = p + 2;
    size_t dl = n - 2;
    switch (p[1]) {
    case SNA_W: return do_write(t, false, false, d, dl);
    case SNA_EW: return do_write(t, true, false, d, dl);
    case SNA_EWA: return do_write(t, true, true, d, dl);
    case SNA_EAU: erase_all_unprotected(t); return 0;
    default: return -1;
    }
}

/* WSF (GA23-0059 chapter 5): structured fields, each a two-byte length (0: the rest
 * of the record), an ID and its parameters. Unknown IDs are skipped. */
static int write_structured(struct term3270 *t, const uint8_t *data, size_t len,
                            struct term3270_reply *r)
{
    if (!t->extended) return -1;
    while (len) {
        if (len < 3) return -1;
        size_t sl = (size_t)data[0] << 8 | data[1];
        if (sl == 0) sl = len;
        if (sl < 3 || sl > len) return -1;
        const uint8_t *p = data + 3;
        size_t n = sl - 3;
        int rc = 0;
        switch (data[2]) {
        case SF_READ_PARTITION: rc = read_partition(t, p, n, r); break;
        case SF_ERASE_RESET:
            erase(t, n >= 1 && (p[0] & ER_ALTERNATE));
            t->reply_mode = T3270_RM_FIELD;
            break;
        case SF_SET_REPLY_MODE:
            if (n < 2 || p[1] > T3270_RM_CHAR) rc = -1;
            else t->reply_mode = p[1];
            break;
        case SF_OUTBOUND_3270DS: rc = outbound_3270ds(t, p, n); break;
        default: break;
        }
        if (rc) return rc;
        data += sl;
        len -= sl;
    }
    return 0;
}

int term3270_outbound(struct term3270 *t, uint8_t cmd, const uint8_t *data, size_t len,
                      struct term3270_reply *reply)
{
    reply->len = 0;
    t->outbound++;
    switch (cmd) {
    case D3270_W: return do_write(t, false, false, data, len);
    case D3270_EW: return do_write(t, true, false, data, len);
    case D3270_EWA: return do_write(t, true, true, data, len);
    case D3270_EAU: erase_all_unprotected(t); return 0;
    case D3270_WSF: return write_structured(t, data, len, reply);
    case D3270_RB: term3270_read_buffer(t, reply); return 0;
    case D3270_RM: term3270_read_modified(t, reply); return 0;
    default: return -1;
    }
}

/* ---- the operator's keys ------------------------------------------------------------ */

static int inhibit(struct term3270 *t)
{
    if (t->lock == T3270_UNLOCKED) t->lock = T3270_LOCK_INHIBIT;
    return -1;
}

/* Where the cursor goes after a character was typed at a: the next position, or on
 * past an autoskip (protected numeric) field to the next unprotected one. */
static void advance_after_type(struct term3270 *t, unsigned a)
{
    unsigned c = next(t, a);
    if (is_fa(t, c)) {
        uint8_t fa = t->buf[c].ch;
        if ((fa & T3270_FA_PROT) && (fa & T3270_FA_NUM)) {
            int u = next_unprotected(t, a);
            c = u >= 0 ? (unsigned)u : 0;
        } else {
            c = next(t, c);
        }
    }
    t->cursor = (uint16_t)c;
}

static bool numeric_ok(uint8_t ch)
{
    return (ch >= 0xF0 && ch <= 0xF9) || ch == 0x4B || ch == 0x60 || ch == EB_DUP;
}

/* Insert mode: shift the field right from the cursor into its first null. */
static bool make_room(struct term3270 *t, unsigned at)
{
    unsigned a = at, n = size(t);
    while (n-- && !is_fa(t, a) && t->buf[a].ch != EB_NUL) a = next(t, a);
    if (is_fa(t, a) || t->buf[a].ch != EB_NUL) return false;
    while (a != at) {
        unsigned p = prev(t, a);
        t->buf[a] = t->buf[p];
        a = p;
    }
    return true;
}

int term3270_type(struct term3270 *t, uint8_t ch)
{
    if (t->lock != T3270_UNLOCKED) return inhibit(t);
    unsigned a = t->cursor;
    int fa = field_of(t, a);
    if (fa >= 0) {
        uint8_t attr = t->buf[fa].ch;
        if ((unsigned)fa == a || (attr & T3270_FA_PROT)) return inhibit(t);
        if ((attr & T3270_FA_NUM) && !numeric_ok(ch)) return inhibit(t);
    }
    if (t->insert && t->buf[a].ch != EB_NUL && !make_room(t, a)) return inhibit(t);
    t->buf[a] = (struct term3270_pos){ .ch = ch };
    set_mdt(t, a);
    advance_after_type(t, a);
    return 0;
}

/* Nulls from a to the end of its field (a formatted screen). */
static void erase_to_field_end(struct term3270 *t, unsigned a)
{
    for (unsigned n = size(t); n-- && !is_fa(t, a); a = next(t, a))
        t->buf[a] = (struct term3270_pos){ 0 };
}

/* Delete: the rest of the field shifts left, a null comes in at its end. */
static int delete_char(struct term3270 *t)
{
    unsigned a = t->cursor;
    int fa = field_of(t, a);
    if (fa >= 0 && ((unsigned)fa == a || (t->buf[fa].ch & T3270_FA_PROT))) return inhibit(t);
    unsigned n = size(t);
    unsigned b = next(t, a);
    while (n-- && !is_fa(t, b) && !(fa < 0 && b == 0)) {
        t->buf[a] = t->buf[b];
        a = b;
        b = next(t, b);
    }
    t->buf[a] = (struct term3270_pos){ 0 };
    set_mdt(t, t->cursor);
    return 0;
}

/* Backtab: to the start of this unprotected field, or of the previous one. */
static void backtab(struct term3270 *t)
{
    unsigned a = t->cursor, n = size(t);
    int fa = field_of(t, a);
    if (fa < 0) { t->cursor = 0; return; }
    a = prev(t, a);
    for (unsigned i = 0; i < n; i++) {
        unsigned f = prev(t, a);
        if (is_fa(t, f) && !is_fa(t, a) && !(t->buf[f].ch & T3270_FA_PROT)) {
            t->cursor = (uint16_t)a;
            return;
        }
        a = f;
    }
    t->cursor = 0;
}

static void tab_from(struct term3270 *t, unsigned a)
{
    int u = next_unprotected(t, a);
    t->cursor = u >= 0 ? (uint16_t)u : 0;
}

/* An AID key: the record is built now; the keyboard locks until the host restores
 * it. Clear erases the screen first (GA23-0059, Clear key). */
static int aid_key(struct term3270 *t, uint8_t aid, struct term3270_reply *r)
{
    if (t->lock == T3270_LOCK_SYSTEM) return -1;      /* X SYSTEM: wait for the host */
    if (aid == T3270_AID_CLEAR) {
        erase(t, false);
        t->reply_mode = T3270_RM_FIELD;
    }
    t->aid = aid;
    t->lock = T3270_LOCK_SYSTEM;
    t->insert = false;
    term3270_read_modified(t, r);
    return 1;
}

/* Cursor and editing keys (the 3278 keyboard). */
static int edit_key(struct term3270 *t, enum term3270_key key)
{
    unsigned n = size(t), c = t->cursor;
    switch (key) {
    case T3270_K_TAB: tab_from(t, c); return 0;
    case T3270_K_BACKTAB: backtab(t); return 0;
    case T3270_K_HOME: tab_from(t, n - 1); return 0;
    case T3270_K_NEWLINE: {
        unsigned line = (c / t->cols + 1) % t->rows * t->cols;
        if (!term3270_formatted(t) || (!is_fa(t, line) && !protected_at(t, line)))
            t->cursor = (uint16_t)line;
        else
            tab_from(t, line == 0 ? n - 1 : line - 1);
        return 0;
    }
    case T3270_K_UP: t->cursor = (uint16_t)((c + n - t->cols) % n); return 0;
    case T3270_K_DOWN: t->cursor = (uint16_t)((c + t->cols) % n); return 0;
    case T3270_K_LEFT: t->cursor = (uint16_t)prev(t, c); return 0;
    case T3270_K_RIGHT: t->cursor = (uint16_t)next(t, c); return 0;
    case T3270_K_INSERT: t->insert = !t->insert; return 0;
    default: break;
    }
    if (t->lock != T3270_UNLOCKED) return inhibit(t);
    switch (key) {
    case T3270_K_DELETE:
        return delete_char(t);
    case T3270_K_ERASE: {
        int fa = field_of(t, c);
        unsigned p = prev(t, c);
        if (fa >= 0 && (unsigned)fa == p) return inhibit(t);   /* at the field start */
        t->cursor = (uint16_t)p;
        if (delete_char(t)) {
            t->cursor = (uint16_t)c;
            return -1;
        }
        return 0;
    }
    case T3270_K_ERASE_EOF: {
        int fa = field_of(t, c);
        if (fa >= 0 && ((unsigned)fa == c || (t->buf[fa].ch & T3270_FA_PROT))) return inhibit(t);
        if (fa < 0) {
            for (unsigned a = c; a < n; a++) t->buf[a] = (struct term3270_pos){ 0 };
        } else {
            erase_to_field_end(t, c);
            set_mdt(t, c);
        }
        return 0;
    }
    case T3270_K_ERASE_INPUT:
        erase_all_unprotected(t);
        return 0;
    case T3270_K_DUP:
    case T3270_K_FIELD_MARK: {
        if (term3270_type(t, key == T3270_K_DUP ? EB_DUP : EB_FM)) return -1;
        if (key == T3270_K_DUP) tab_from(t, prev(t, t->cursor));
        return 0;
    }
    default:
        return 0;
    }
}

int term3270_key(struct term3270 *t, enum term3270_key key, struct term3270_reply *r)
{
    r->len = 0;
    if (key == T3270_K_RESET) {
        t->lock = T3270_UNLOCKED;
        t->insert = false;
        return 0;
    }
    if (key >= T3270_K_PF1 && key <= T3270_K_PF24) return aid_key(t, pf_aid[key - T3270_K_PF1], r);
    switch (key) {
    case T3270_K_ENTER: return aid_key(t, T3270_AID_ENTER, r);
    case T3270_K_CLEAR: return aid_key(t, T3270_AID_CLEAR, r);
    case T3270_K_PA1: return aid_key(t, T3270_AID_PA1, r);
    case T3270_K_PA2: return aid_key(t, T3270_AID_PA2, r);
    case T3270_K_PA3: return aid_key(t, T3270_AID_PA3, r);
    default: return edit_key(t, key);
    }
}

/* ---- the display ------------------------------------------------------------------------ */

/* The 3279's base colors when the field has none (GA23-0059, color): unprotected
 * normal green, unprotected intensified red, protected normal blue, protected
 * intensified white. */
static uint8_t base_color(uint8_t fa)
{
    bool bright = (fa & T3270_FA_DISP) == T3270_FA_INTENSE;
    if (fa & T3270_FA_PROT) return bright ? T3270_COLOR_WHITE : T3270_COLOR_BLUE;
    return bright ? T3270_COLOR_RED : T3270_COLOR_GREEN;
}

void term3270_cells(const struct term3270 *t, struct term3270_cell *cells, size_t ncells)
{
    unsigned n = size(t);
    if (ncells < n) n = (unsigned)ncells;
    int f = field_of(t, size(t) - 1);
    struct term3270_pos none = { .ch = 0 };
    const struct term3270_pos *fp = f >= 0 ? &t->buf[f] : &none;
    for (unsigned a = 0; a < n; a++) {
        const struct term3270_pos *p = &t->buf[a];
        struct term3270_cell *c = &cells[a];
        if (is_fa(t, a)) fp = p;
        uint8_t fa = fp->ch;
        bool hidden = (fa & T3270_FA_DISP) == T3270_FA_HIDDEN;
        c->intense = (fa & T3270_FA_DISP) == T3270_FA_INTENSE;
        c->color = p->color ? p->color : fp->color ? fp->color : base_color(fa);
        if (c->color < T3270_COLOR_BLUE || c->color > T3270_COLOR_WHITE) c->color = T3270_COLOR_WHITE;
        c->hilite = p->hilite ? p->hilite : fp->hilite ? fp->hilite : T3270_HL_NORMAL;
        if (is_fa(t, a)) {
            c->ch = EB_BLANK;
            c->ge = false;
            c->hilite = T3270_HL_NORMAL;
            continue;
        }
        c->ge = p->flags & T3270_P_GE;
        c->ch = hidden || p->ch < EB_BLANK ? EB_BLANK : p->ch;
        if (hidden) c->hilite = T3270_HL_NORMAL;
    }
}
