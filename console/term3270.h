/* term3270.h - a 3270 display terminal: what a 3278/3279 does with the 3270 data
 * stream (IBM GA23-0059, 3270 Data Stream Programmer's Reference). It keeps the
 * screen buffer with its fields and extended attributes, parses outbound records
 * (W, EW, EWA, EAU, WSF, RB, RM), answers reads and queries with inbound records, and
 * carries out the operator's keys. No SDL and no threads here: the SDL window
 * (console/window.c), the headless renderer and the unit tests use it alike; callers
 * serialise their calls. Everything is bounded by the largest screen, so no input
 * from the guest can make it read or write outside its buffer. */
#ifndef S370_TERM3270_H
#define S370_TERM3270_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define T3270_MAX_ROWS 43
#define T3270_MAX_COLS 132
#define T3270_MAX_CELLS 3564            /* the largest screen: 27 x 132 (model 5) */
/* The longest inbound record: Read Buffer in character reply mode, where every
 * position may carry three SA orders (9 bytes) and a GE order before its code. */
#define T3270_INBOUND_MAX (3 + T3270_MAX_CELLS * 11)

/* Attention identifiers (GA23-0059, AID table). */
enum {
    T3270_AID_NONE = 0x60, T3270_AID_STRUCTURED = 0x88, T3270_AID_ENTER = 0x7D,
    T3270_AID_CLEAR = 0x6D, T3270_AID_PA1 = 0x6C, T3270_AID_PA2 = 0x6E,
    T3270_AID_PA3 = 0x6B, T3270_AID_PF1 = 0xF1,
};

/* Field attribute byte (GA23-0059, field attribute): bits 2-7 of the byte. */
#define T3270_FA_PROT     0x20
#define T3270_FA_NUM      0x10
#define T3270_FA_DISP     0x0C          /* display / selector-pen detect field: */
#define T3270_FA_NORMAL   0x00          /*   normal, not detectable */
#define T3270_FA_DETECT   0x04          /*   normal, detectable */
#define T3270_FA_INTENSE  0x08          /*   intensified, detectable */
#define T3270_FA_HIDDEN   0x0C          /*   nondisplay, not detectable */
#define T3270_FA_MDT      0x01

/* Extended attribute types and values (SFE, SA, MF; GA23-0059, attribute types). */
enum {
    T3270_XA_ALL = 0x00, T3270_XA_HILITE = 0x41, T3270_XA_COLOR = 0x42,
    T3270_XA_CHARSET = 0x43, T3270_XA_3270 = 0xC0,
};
enum {
    T3270_HL_DEFAULT = 0x00, T3270_HL_NORMAL = 0xF0, T3270_HL_BLINK = 0xF1,
    T3270_HL_REVERSE = 0xF2, T3270_HL_UNDERSCORE = 0xF4,
};
enum {
    T3270_COLOR_DEFAULT = 0x00, T3270_COLOR_NEUTRAL = 0xF0, T3270_COLOR_BLUE = 0xF1,
    T3270_COLOR_RED = 0xF2, T3270_COLOR_PINK = 0xF3, T3270_COLOR_GREEN = 0xF4,
    T3270_COLOR_TURQUOISE = 0xF5, T3270_COLOR_YELLOW = 0xF6, T3270_COLOR_WHITE = 0xF7,
};

/* Inbound reply modes (Set Reply Mode structured field). */
enum { T3270_RM_FIELD = 0x00, T3270_RM_XFIELD = 0x01, T3270_RM_CHAR = 0x02 };

/* Why the keyboard is locked (the operator information area shows it). */
enum term3270_lock {
    T3270_UNLOCKED,
    T3270_LOCK_SYSTEM,      /* an AID went to the host; a WCC keyboard restore ends it */
    T3270_LOCK_INHIBIT,     /* operator error (protected field, numeric): Reset ends it */
};

/* The operator's keys other than characters. */
enum term3270_key {
    T3270_K_ENTER, T3270_K_CLEAR, T3270_K_PA1, T3270_K_PA2, T3270_K_PA3,
    T3270_K_PF1, T3270_K_PF24 = T3270_K_PF1 + 23,
    T3270_K_TAB, T3270_K_BACKTAB, T3270_K_HOME, T3270_K_NEWLINE,
    T3270_K_UP, T3270_K_DOWN, T3270_K_LEFT, T3270_K_RIGHT,
    T3270_K_ERASE,          /* backspace: cursor left and delete */
    T3270_K_DELETE, T3270_K_ERASE_EOF, T3270_K_ERASE_INPUT,
    T3270_K_INSERT,         /* insert mode on/off */
    T3270_K_RESET, T3270_K_DUP, T3270_K_FIELD_MARK,
    T3270_K_COUNT
};

/* One buffer position as stored. A field attribute position keeps its attribute in
 * ch (bits 2-7) and the field's extended attributes; a character position its code
 * and its own character attributes (0: from the field). */
struct term3270_pos {
    uint8_t ch;
    uint8_t flags;          /* T3270_P_FA, T3270_P_GE */
    uint8_t color;
    uint8_t hilite;
};
#define T3270_P_FA 0x01     /* a field attribute */
#define T3270_P_GE 0x02     /* a code of the APL/text character set (GE order) */

/* One position as displayed: the code to draw (a blank for attributes and hidden
 * fields), its resolved color and highlighting. */
struct term3270_cell {
    uint8_t ch;             /* EBCDIC */
    uint8_t color;          /* T3270_COLOR_BLUE .. WHITE, never DEFAULT */
    uint8_t hilite;         /* T3270_HL_NORMAL, BLINK, REVERSE or UNDERSCORE */
    bool ge;                /* APL character set */
    bool intense;           /* intensified field (for a monochrome rendering) */
};

struct term3270 {
    uint16_t rows, cols;                    /* the size in use */
    uint16_t def_rows, def_cols;            /* default size (EW) */
    uint16_t alt_rows, alt_cols;            /* alternate size (EWA) */
    bool extended;                          /* SFE, SA, MF, WSF and queries */
    struct term3270_pos buf[T3270_MAX_CELLS];
    uint16_t cursor;
    uint8_t aid;                            /* the last AID, T3270_AID_NONE after restore */
    enum term3270_lock lock;
    bool insert;                            /* insert mode */
    bool alarm;                             /* WCC sound alarm; the display clears it */
    uint8_t reply_mode;                     /* T3270_RM_FIELD, XFIELD or CHAR */
    uint64_t outbound;                      /* outbound records taken (I/O activity) */
};

/* An inbound record built by the terminal: an AID with fields, a read reply or a
 * query reply. len 0: nothing to send. */
struct term3270_reply {
    size_t len;
    uint8_t data[T3270_INBOUND_MAX];
};

/* A terminal with a default and an alternate size; sizes are clamped to what the
 * buffer holds (24x80 if a size is unusable). Starts cleared, unlocked. */
void term3270_init(struct term3270 *t, uint16_t rows, uint16_t cols, uint16_t alt_rows,
                   uint16_t alt_cols, bool extended);

/* One outbound record: cmd is a local command code (D3270_W, EW, EWA, EAU, WSF, RB,
 * RM of devices/dev3270.h) and data what follows it. A read or a Read Partition
 * leaves the inbound record in *reply (else reply->len is 0). Returns 0, or -1 when
 * the record is not valid (an unknown command, an address outside the screen, a
 * truncated order or structured field): what came before the error stays done, as
 * on a real display. */
int term3270_outbound(struct term3270 *t, uint8_t cmd, const uint8_t *data, size_t len,
                      struct term3270_reply *reply);

/* Read Modified and Read Buffer as the terminal answers them now. */
void term3270_read_modified(const struct term3270 *t, struct term3270_reply *reply);
void term3270_read_buffer(const struct term3270 *t, struct term3270_reply *reply);
/* The reply to Read Partition Query (AID X'88' and the query replies). */
void term3270_query_reply(const struct term3270 *t, struct term3270_reply *reply);

/* The operator types an EBCDIC character at the cursor. 0, or -1 when input is
 * inhibited (keyboard locked, protected field, non-numeric into a numeric field, no
 * room in insert mode); then the keyboard locks with T3270_LOCK_INHIBIT. */
int term3270_type(struct term3270 *t, uint8_t ebcdic);
/* The operator presses a key. 0; 1 when an AID was generated, its inbound record in
 * *reply (Enter and PF: Read Modified; PA and Clear: the AID alone); -1 when the key
 * is inhibited. */
int term3270_key(struct term3270 *t, enum term3270_key key, struct term3270_reply *reply);

/* The display: rows * cols cells, row by row. */
void term3270_cells(const struct term3270 *t, struct term3270_cell *cells, size_t n);
/* Whether the buffer has any field (a formatted screen). */
bool term3270_formatted(const struct term3270 *t);

/* Buffer addresses (GA23-0059, buffer addressing; decoding: dev3270_addr_decode):
 * encode an address in 12-bit form (addr < 4096), as inbound records carry it. The
 * code table also makes field attributes and WCCs printable. */
void term3270_addr_encode12(uint16_t addr, uint8_t out[2]);
uint8_t term3270_code6(uint8_t six);

#endif
