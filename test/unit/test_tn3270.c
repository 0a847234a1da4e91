/* test_tn3270.c - one TN3270 session (console/tn3270.c) driven with bytes alone, as
 * the CNSLPORT listener drives it: negotiation of TN3270E (RFC 2355) with DEVICE-TYPE,
 * a requested device name and FUNCTIONS; the fall back to plain TN3270 (RFC 1576:
 * TERMINAL-TYPE, RFC 1091; BINARY; EOR) when TN3270E is refused; the terminal types
 * IBM-3278-2..5(-E), IBM-3279-*, IBM-DYNAMIC, IBM-3287-1 and Hercules' @ccuu suffix;
 * line-mode (plain telnet) clients; records both ways (IAC doubling, TN3270E header);
 * refusal when no device is free; the logo in herclogo syntax; malformed telnet,
 * oversized records and random bytes. The devices are real (devices/dev3270.c) and
 * the guest side runs channel programs. */
#include <stdlib.h>
#include <unistd.h>
#include "harness.h"
#include "channel/channel.h"
#include "console/term3270.h"
#include "console/tn3270.h"
#include "devices/dev3270.h"
#include "devices/devices.h"
#include "devices/devtab.h"
#include "devices/ebcdic.h"

#define INSN 0x1000
#define CCWS 0x800
#define DATA 0x2000
#define LOCALHOST 0x7F000001u

enum { IAC = 255, DONT = 254, DO = 253, WONT = 252, WILL = 251, SB = 250, SE = 240,
       EOR = 239, O_BIN = 0, O_TTYPE = 24, O_EOR = 25, O_TN3270E = 40 };
enum { TE_ASSOCIATE = 0, TE_CONNECT = 1, TE_DEVICE_TYPE = 2, TE_FUNCTIONS = 3, TE_IS = 4,
       TE_REASON = 5, TE_REJECT = 6, TE_REQUEST = 7, TE_SEND = 8 };

/* ---- the owner's side: what the session queued and asked for ---------------------------- */

struct sink {
    uint8_t *out;
    size_t len, cap, mark;          /* mark: how far expect() has consumed */
    bool full;                      /* output answers -1 (a client that stopped reading) */
    int linemodes;
    char line[8192];
    size_t linelen;
    int closes;
    bool hard;
};

static int sk_output(void *ctx, const void *p, size_t n)
{
    struct sink *k = ctx;
    if (k->full) return -1;
    if (k->len + n > k->cap) {
        k->cap = (k->len + n) * 2;
        k->out = realloc(k->out, k->cap);
        ck_assert_ptr_nonnull(k->out);
    }
    memcpy(k->out + k->len, p, n);
    k->len += n;
    return 0;
}

static void sk_linemode(void *ctx)
{
    struct sink *k = ctx;
    k->linemodes++;
}

static void sk_line(void *ctx, const char *p, size_t n)
{
    struct sink *k = ctx;
    if (n > sizeof k->line - k->linelen) n = sizeof k->line - k->linelen;
    memcpy(k->line + k->linelen, p, n);
    k->linelen += n;
}

static void sk_close(void *ctx, bool hard)
{
    struct sink *k = ctx;
    k->closes++;
    k->hard = hard;
}

static const struct tn3270_io sk_io = {
    .output = sk_output, .linemode = sk_linemode, .line = sk_line, .close = sk_close,
};

/* ---- the machine: displays 00C0-00C2, a printer 00C3 ------------------------------------- */

struct fx {
    struct harness h;
    FILE *out;
    struct tn3270_logo logo;
    struct tn3270 t;
    struct sink k;
};

static void fx_setup_devs(struct fx *f, int ndisplays)
{
    memset(f, 0, sizeof *f);
    h_setup(&f->h, 1);
    f->out = tmpfile();
    ck_assert_ptr_nonnull(f->out);
    f->h.m.out = f->out;
    ck_assert_int_eq(chan_init(&f->h.m), 0);
    chan_set_sync(&f->h.m, true);
    char err[256];
    for (int i = 0; i < ndisplays; i++)
        ck_assert_int_eq(dev_attach(&f->h.m, (uint16_t)(0x00C0 + i), "3270", 0, NULL, err,
                                    sizeof err), 0);
    ck_assert_int_eq(dev_attach(&f->h.m, 0x00C3, "3287", 0, NULL, err, sizeof err), 0);
    h_poke(&f->h, 0x48, "00000800");
    ck_assert_int_eq(tn3270_logo_load(&f->logo, NULL, err, sizeof err), 0);
    ck_assert_int_eq(tn3270_init(&f->t, &f->h.m, &sk_io, &f->k, &f->logo), 0);
}

static void fx_setup(struct fx *f)
{
    fx_setup_devs(f, 3);
}

static void fx_done(struct fx *f)
{
    tn3270_fini(&f->t);
    tn3270_logo_free(&f->logo);
    chan_shutdown(&f->h.m);
    dev_detach_all(&f->h.m);
    h_teardown(&f->h);
    fclose(f->out);
    free(f->k.out);
}

static void open_session(struct fx *f, bool negotiate)
{
    ck_assert_int_eq(tn3270_open(&f->t, LOCALHOST, "127.0.0.1", negotiate), 0);
}

static void feed(struct fx *f, const void *p, size_t n)
{
    tn3270_input(&f->t, p, n);
}

/* Bytes, as a list of ints. */
#define B(...) ((const uint8_t[]){ __VA_ARGS__ }), sizeof((const uint8_t[]){ __VA_ARGS__ })
#define FEED(f, ...) feed(f, B(__VA_ARGS__))

static void mem_eq(const void *p, const uint8_t *want, size_t n)
{
    ck_assert_mem_eq(p, want, n);
}
#define MEM_EQ(p, ...) mem_eq(p, B(__VA_ARGS__))

/* Find want in the output after the mark; its offset or -1. */
static long find_out(const struct fx *f, const uint8_t *want, size_t n)
{
    for (size_t i = f->k.mark; i + n <= f->k.len; i++)
        if (!memcmp(f->k.out + i, want, n)) return (long)i;
    return -1;
}

static void expect_bytes(struct fx *f, const uint8_t *want, size_t n)
{
    long at = find_out(f, want, n);
    if (at < 0) {               /* what came instead, for the log */
        for (size_t i = f->k.mark; i < f->k.len; i++) fprintf(stderr, "%02X ", f->k.out[i]);
        fprintf(stderr, "\n");
    }
    ck_assert_msg(at >= 0, "expected output not found after offset %zu", f->k.mark);
    f->k.mark = (size_t)at + n;
}
#define EXPECT(f, ...) expect_bytes(f, B(__VA_ARGS__))

/* An IAC SB TN3270E subnegotiation: the two codes, then text. */
static void te_subn(struct fx *f, uint8_t a, uint8_t b, const char *text, size_t len)
{
    uint8_t buf[8192];
    size_t n = 0;
    buf[n++] = IAC; buf[n++] = SB; buf[n++] = O_TN3270E; buf[n++] = a; buf[n++] = b;
    memcpy(buf + n, text, len);
    n += len;
    buf[n++] = IAC; buf[n++] = SE;
    feed(f, buf, n);
}

static void te_sub(struct fx *f, uint8_t a, uint8_t b, const char *text)
{
    te_subn(f, a, b, text, strlen(text));
}

/* DEVICE-TYPE REQUEST type [CONNECT name]. */
static void te_request(struct fx *f, const char *type, const char *name)
{
    char text[8000];
    if (name) snprintf(text, sizeof text, "%s%c%s", type, TE_CONNECT, name);
    else snprintf(text, sizeof text, "%s", type);
    te_sub(f, TE_DEVICE_TYPE, TE_REQUEST, text);
}

/* The expected DEVICE-TYPE IS type CONNECT name. */
static void expect_is(struct fx *f, const char *type, const char *name)
{
    uint8_t buf[128];
    size_t n = 0;
    buf[n++] = IAC; buf[n++] = SB; buf[n++] = O_TN3270E;
    buf[n++] = TE_DEVICE_TYPE; buf[n++] = TE_IS;
    n += (size_t)sprintf((char *)buf + n, "%s", type);
    buf[n++] = TE_CONNECT;
    n += (size_t)sprintf((char *)buf + n, "%s", name);
    buf[n++] = IAC; buf[n++] = SE;
    expect_bytes(f, buf, n);
}

static void expect_reject(struct fx *f, uint8_t reason)
{
    EXPECT(f, IAC, SB, O_TN3270E, TE_DEVICE_TYPE, TE_REJECT, TE_REASON, reason, IAC, SE);
}

/* A TN3270E client up to the device: DEVICE-TYPE, then FUNCTIONS with none asked. */
static void tn3270e(struct fx *f, const char *type, const char *name, const char *want_dev)
{
    open_session(f, true);
    EXPECT(f, IAC, DO, O_TN3270E);
    FEED(f, IAC, WILL, O_TN3270E);
    EXPECT(f, IAC, SB, O_TN3270E, TE_SEND, TE_DEVICE_TYPE, IAC, SE);
    te_request(f, type, name);
    expect_is(f, type, want_dev);
    te_sub(f, TE_FUNCTIONS, TE_REQUEST, "");
    EXPECT(f, IAC, SB, O_TN3270E, TE_FUNCTIONS, TE_IS, IAC, SE);
    ck_assert_int_eq(f->t.mode, TN3270_READY);
}

/* A plain TN3270 client: refuses TN3270E, says its type, agrees to EOR and BINARY. */
static void tn3270(struct fx *f, const char *type)
{
    open_session(f, true);
    EXPECT(f, IAC, DO, O_TN3270E);
    FEED(f, IAC, WONT, O_TN3270E);
    EXPECT(f, IAC, DO, O_TTYPE);
    FEED(f, IAC, WILL, O_TTYPE);
    EXPECT(f, IAC, SB, O_TTYPE, 1, IAC, SE);
    uint8_t buf[128];
    size_t n = 0;
    buf[n++] = IAC; buf[n++] = SB; buf[n++] = O_TTYPE; buf[n++] = 0;
    n += (size_t)sprintf((char *)buf + n, "%s", type);
    buf[n++] = IAC; buf[n++] = SE;
    feed(f, buf, n);
    EXPECT(f, IAC, DO, O_EOR);
    EXPECT(f, IAC, WILL, O_EOR);
    EXPECT(f, IAC, DO, O_BIN);
    EXPECT(f, IAC, WILL, O_BIN);
    FEED(f, IAC, WILL, O_EOR, IAC, DO, O_EOR, IAC, WILL, O_BIN, IAC, DO, O_BIN);
}

/* ---- the guest side ------------------------------------------------------------------------ */

static void ccw(struct fx *f, uint8_t cmd, uint16_t count)
{
    uint8_t *p = f->h.m.mainstor + CCWS;
    p[0] = cmd; p[1] = (uint8_t)(DATA >> 16); p[2] = (uint8_t)(DATA >> 8); p[3] = (uint8_t)DATA;
    p[4] = CCW_SLI; p[5] = 0;
    put16(p + 6, count);
}

static int io(struct fx *f, const char *op, uint16_t dev)
{
    char hex[16];
    snprintf(hex, sizeof hex, "%s%04X", op, dev);
    ck_assert_int_eq(h_exec(&f->h, INSN, hex), 0);
    return f->h.c->psw.cc;
}

/* The status the device presents on its own (device end, attention); 0 if none. */
static uint8_t dev_status(struct fx *f, uint16_t dev)
{
    return io(f, "9D00", dev) == 1 ? f->h.m.mainstor[0x44] : 0;
}

/* Run one command (sync mode: it is over when SIO returns); the unit status. */
static uint8_t guest(struct fx *f, uint16_t dev, uint8_t cmd, const uint8_t *data, uint16_t n)
{
    if (data) memcpy(f->h.m.mainstor + DATA, data, n);
    ccw(f, cmd, n ? n : 1);
    int cc = io(f, "9C00", dev);
    if (cc == 0) cc = io(f, "9D00", dev);
    ck_assert_int_eq(cc, 1);
    return f->h.m.mainstor[0x44];
}

static struct device *bound(struct fx *f)
{
    return tn3270_device(&f->t);
}

/* The 3270 screen the client would show: the output after the mark parsed as records
 * by a term3270 model (the TN3270E header and the command byte stripped). */
static void client_screen(struct fx *f, struct term3270 *t, bool e)
{
    uint8_t rec[8192];
    size_t n = 0;
    struct term3270_reply *r = malloc(sizeof *r);
    ck_assert_ptr_nonnull(r);
    for (size_t i = f->k.mark; i < f->k.len; i++) {
        uint8_t b = f->k.out[i];
        if (b == IAC && i + 1 < f->k.len && f->k.out[i + 1] == EOR) {
            size_t h = e ? 5 : 0;
            static const struct { uint8_t remote, local; } cmds[] = {
                { 0xF1, D3270_W }, { 0xF5, D3270_EW }, { 0x7E, D3270_EWA }, { 0x6F, D3270_EAU },
                { 0xF3, D3270_WSF },
            };
            for (size_t c = 0; n > h && c < sizeof cmds / sizeof cmds[0]; c++)
                if (rec[h] == cmds[c].remote)
                    term3270_outbound(t, cmds[c].local, rec + h + 1, n - h - 1, r);
            n = 0;
            i++;
        } else if (b == IAC && i + 1 < f->k.len && f->k.out[i + 1] == IAC) {
            rec[n++] = IAC;
            i++;
        } else if (b != IAC && n < sizeof rec) {
            rec[n++] = b;
        }
    }
    f->k.mark = f->k.len;
    free(r);
}

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

static bool screen_has(const struct term3270 *t, const char *text)
{
    for (unsigned r = 0; r < t->rows; r++)
        if (strstr(row_text(t, r), text)) return true;
    return false;
}

/* ---- TN3270E ---------------------------------------------------------------------------- */

START_TEST(t_tn3270e)
{
    struct fx f;
    fx_setup(&f);
    tn3270e(&f, "IBM-3278-4-E", NULL, "00C0");
    struct device *d = bound(&f);
    ck_assert_ptr_nonnull(d);
    ck_assert_uint_eq(d->devnum, 0x00C0);
    struct term3270_info info;
    ck_assert(dev3270_info(d, &info));
    ck_assert_str_eq(info.termtype, "IBM-3278-4-E");
    ck_assert_uint_eq(info.alt_rows, 43);
    ck_assert(info.extended);
    ck_assert_uint_eq(dev_status(&f, 0x00C0), US_DE);
    /* The logo: 3270-DATA header with sequence number 0, Erase/Write, naming 00C0. */
    EXPECT(&f, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF5, 0xC3);
    f.k.mark -= 7;
    struct term3270 t;
    term3270_init(&t, 24, 80, 43, 80, true);
    client_screen(&f, &t, true);
    ck_assert(screen_has(&t, "Device number     :  00C0"));
    ck_assert(screen_has(&t, "This terminal is device 00C0"));
    /* A guest write: header, the remote command, data with IAC doubled, IAC EOR. */
    ck_assert_uint_eq(guest(&f, 0x00C0, D3270_W, B(0xC3, 0xFF, 0xC1)), US_CE | US_DE);
    EXPECT(&f, 0x00, 0x00, 0x00, 0x00, 0x01, 0xF1, 0xC3, 0xFF, 0xFF, 0xC1, IAC, EOR);
    ck_assert_uint_eq(guest(&f, 0x00C0, D3270_EWA, B(0xC3)), US_CE | US_DE);
    EXPECT(&f, 0x00, 0x00, 0x00, 0x00, 0x02, 0x7E, 0xC3, IAC, EOR);
    ck_assert_uint_eq(guest(&f, 0x00C0, D3270_EAU, NULL, 0), US_CE | US_DE);
    EXPECT(&f, 0x6F, IAC, EOR);
    ck_assert_uint_eq(guest(&f, 0x00C0, D3270_WSF, B(0x00, 0x05, 0x01, 0xFF, 0x02)), US_CE | US_DE);
    EXPECT(&f, 0xF3, 0x00, 0x05, 0x01, 0xFF, 0xFF, 0x02, IAC, EOR);   /* FF doubled */
    /* Enter from the client: the header is taken off, doubled IACs undone; the device
     * presents attention and Read Modified reads the record. */
    FEED(&f, 0x00, 0x00, 0x00, 0x00, 0x07, 0x7D, 0x40, 0x40, 0x11, 0x40, 0x4B, 0xFF, 0xFF,
         IAC, EOR);
    ck_assert_uint_eq(dev_status(&f, 0x00C0), US_ATTN);
    ck_assert_uint_eq(guest(&f, 0x00C0, D3270_RM, NULL, 100), US_CE | US_DE);
    ck_assert_uint_eq(be16(f.h.m.mainstor + 0x46), 100 - 7);
    MEM_EQ(f.h.m.mainstor + DATA, 0x7D, 0x40, 0x40, 0x11, 0x40, 0x4B, 0xFF);
    /* Data types other than 3270-DATA (here a RESPONSE) do not reach the device. */
    FEED(&f, 0x02, 0x00, 0x00, 0x00, 0x08, 0x00, IAC, EOR);
    ck_assert_uint_eq(dev_status(&f, 0x00C0), 0);
    /* The client leaves: the device is not ready, intervention required. */
    tn3270_close(&f.t);
    ck_assert_uint_eq(guest(&f, 0x00C0, D3270_W, B(0xC3)), US_CE | US_DE | US_UC);
    ck_assert_uint_eq(guest(&f, 0x00C0, D3270_SENSE, NULL, 1), US_CE | US_DE);
    ck_assert_uint_eq(f.h.m.mainstor[DATA], SENSE_INTREQ);
    fx_done(&f);
}
END_TEST

START_TEST(t_tn3270e_device_name)
{
    struct fx f;
    fx_setup(&f);
    /* The device the client names, by number. */
    tn3270e(&f, "IBM-3279-2-E", "00C2", "00C2");
    ck_assert_uint_eq(bound(&f)->devnum, 0x00C2);
    /* A second session on the same machine asking for the same device: in use;
     * then for a name that is neither a number nor a group: invalid name. */
    struct sink k2 = { 0 };
    struct tn3270 t2;
    ck_assert_int_eq(tn3270_init(&t2, &f.h.m, &sk_io, &k2, &f.logo), 0);
    ck_assert_int_eq(tn3270_open(&t2, LOCALHOST, "127.0.0.1", true), 0);
    static const uint8_t will[] = { IAC, WILL, O_TN3270E };
    tn3270_input(&t2, will, sizeof will);
    char req[64];
    int n = snprintf(req, sizeof req, "%c%c%c%c%cIBM-3278-2%c00C2%c%c", IAC, SB, O_TN3270E,
                     TE_DEVICE_TYPE, TE_REQUEST, TE_CONNECT, IAC, SE);
    tn3270_input(&t2, req, (size_t)n);
    static const uint8_t in_use[] = { IAC, SB, O_TN3270E, TE_DEVICE_TYPE, TE_REJECT, TE_REASON, 1,
                                      IAC, SE };
    ck_assert_ptr_nonnull(memmem(k2.out, k2.len, in_use, sizeof in_use));
    n = snprintf(req, sizeof req, "%c%c%c%c%cIBM-3278-2%cNOSUCHDEVICE%c%c", IAC, SB, O_TN3270E,
                 TE_DEVICE_TYPE, TE_REQUEST, TE_CONNECT, IAC, SE);
    k2.len = 0;
    tn3270_input(&t2, req, (size_t)n);
    static const uint8_t inv_name[] = { IAC, SB, O_TN3270E, TE_DEVICE_TYPE, TE_REJECT, TE_REASON, 3,
                                        IAC, SE };
    ck_assert_ptr_nonnull(memmem(k2.out, k2.len, inv_name, sizeof inv_name));
    /* Then a good request: the first free display. */
    n = snprintf(req, sizeof req, "%c%c%c%c%cIBM-3278-2%c%c", IAC, SB, O_TN3270E,
                 TE_DEVICE_TYPE, TE_REQUEST, IAC, SE);
    tn3270_input(&t2, req, (size_t)n);
    static const uint8_t fn[] = { IAC, SB, O_TN3270E, TE_FUNCTIONS, TE_REQUEST, IAC, SE };
    tn3270_input(&t2, fn, sizeof fn);
    ck_assert_ptr_nonnull(tn3270_device(&t2));
    ck_assert_uint_eq(tn3270_device(&t2)->devnum, 0x00C0);
    tn3270_fini(&t2);
    free(k2.out);
    fx_done(&f);
}
END_TEST

START_TEST(t_tn3270e_rejects)
{
    struct fx f;
    fx_setup(&f);
    open_session(&f, true);
    FEED(&f, IAC, WILL, O_TN3270E);
    /* Not a 3270 type; a type with Hercules' suffix (TN3270E names the device
     * itself); ASSOCIATE (printers of SNA LUs): rejected, the client may try again. */
    te_request(&f, "VT100", NULL);
    expect_reject(&f, 4);
    te_request(&f, "IBM-3278-2@00C1", NULL);
    expect_reject(&f, 4);
    te_subn(&f, TE_DEVICE_TYPE, TE_REQUEST, "IBM-3287-1\x00" "LU1", 14);
    expect_reject(&f, 2);
    /* FUNCTIONS before a device type are ignored. */
    te_sub(&f, TE_FUNCTIONS, TE_REQUEST, "");
    ck_assert_int_ne(f.t.mode, TN3270_READY);
    /* FUNCTIONS asking for more than the server does: the server proposes its own
     * list (RESPONSES), the client agrees with FUNCTIONS IS. */
    te_request(&f, "IBM-3278-2", NULL);
    expect_is(&f, "IBM-3278-2", "00C0");
    te_subn(&f, TE_FUNCTIONS, TE_REQUEST, "\x00\x02\x04", 3);  /* BIND-IMAGE RESPONSES SYSREQ */
    EXPECT(&f, IAC, SB, O_TN3270E, TE_FUNCTIONS, TE_REQUEST, 0x02, IAC, SE);
    ck_assert_int_ne(f.t.mode, TN3270_READY);
    te_sub(&f, TE_FUNCTIONS, TE_IS, "\x02");
    ck_assert_int_eq(f.t.mode, TN3270_READY);
    ck_assert_uint_eq(bound(&f)->devnum, 0x00C0);
    fx_done(&f);
}
END_TEST

/* A client that gives up TN3270E after a reject (WONT TN3270E): plain TN3270. */
START_TEST(t_tn3270e_refused_fallback)
{
    struct fx f;
    fx_setup(&f);
    tn3270(&f, "IBM-3279-3-E");
    ck_assert_int_eq(f.t.mode, TN3270_READY);
    struct device *d = bound(&f);
    ck_assert_uint_eq(d->devnum, 0x00C0);
    struct term3270_info info;
    ck_assert(dev3270_info(d, &info));
    ck_assert_uint_eq(info.alt_rows, 32);
    ck_assert_uint_eq(info.alt_cols, 80);
    ck_assert(info.extended);
    ck_assert_uint_eq(dev_status(&f, 0x00C0), US_DE);
    /* No header: the record is the command and the data. */
    EXPECT(&f, 0xF5, 0xC3);
    ck_assert_uint_eq(guest(&f, 0x00C0, D3270_EW, B(0xC3, 0xC1)), US_CE | US_DE);
    EXPECT(&f, IAC, EOR, 0xF5, 0xC3, 0xC1, IAC, EOR);
    FEED(&f, 0x6C, IAC, EOR);                     /* PA1 */
    ck_assert_uint_eq(dev_status(&f, 0x00C0), US_ATTN);
    ck_assert_uint_eq(guest(&f, 0x00C0, D3270_RM, NULL, 10), US_CE | US_DE);
    ck_assert_uint_eq(f.h.m.mainstor[DATA], 0x6C);
    /* A rejected TN3270E request followed by WONT TN3270E also ends in TN3270. */
    struct fx g;
    fx_setup(&g);
    open_session(&g, true);
    FEED(&g, IAC, WILL, O_TN3270E);
    te_request(&g, "IBM-3278-2", "ZZZZZZZZZ");
    expect_reject(&g, 3);
    FEED(&g, IAC, WONT, O_TN3270E);
    EXPECT(&g, IAC, DONT, O_TN3270E);
    EXPECT(&g, IAC, DO, O_TTYPE);
    fx_done(&g);
    fx_done(&f);
}
END_TEST

/* ---- terminal types ------------------------------------------------------------------- */

START_TEST(t_terminal_types)
{
    static const struct {
        const char *type;
        uint16_t alt_rows, alt_cols;
        bool extended;
    } types[] = {
        { "IBM-3278-2", 24, 80, false },   { "IBM-3278-2-E", 24, 80, true },
        { "IBM-3278-3", 32, 80, false },   { "IBM-3278-3-E", 32, 80, true },
        { "IBM-3278-4", 43, 80, false },   { "IBM-3278-4-E", 43, 80, true },
        { "IBM-3278-5", 27, 132, false },  { "IBM-3278-5-E", 27, 132, true },
        { "IBM-3279-2", 24, 80, false },   { "IBM-3279-2-E", 24, 80, true },
        { "IBM-3279-3-E", 32, 80, true },  { "IBM-3279-4-E", 43, 80, true },
        { "IBM-3279-5", 27, 132, false },  { "IBM-DYNAMIC", 24, 80, true },
        { "ibm-3278-2-e", 24, 80, true },
    };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        for (int e = 0; e < 2; e++) {
            struct fx f;
            fx_setup(&f);
            if (e) tn3270e(&f, types[i].type, NULL, "00C0");
            else tn3270(&f, types[i].type);
            struct device *d = bound(&f);
            ck_assert_msg(d != NULL, "%s %s", types[i].type, e ? "TN3270E" : "TN3270");
            struct term3270_info info;
            ck_assert(dev3270_info(d, &info));
            ck_assert_uint_eq(info.rows, 24);
            ck_assert_uint_eq(info.cols, 80);
            ck_assert_uint_eq(info.alt_rows, types[i].alt_rows);
            ck_assert_uint_eq(info.alt_cols, types[i].alt_cols);
            ck_assert_int_eq(info.extended, types[i].extended);
            ck_assert(!info.printer);
            fx_done(&f);
        }
    }
    /* Another IBM- type over TN3270: served as a 3278-2. */
    struct fx f;
    fx_setup(&f);
    tn3270(&f, "IBM-3278-9");
    struct term3270_info info;
    ck_assert(dev3270_info(bound(&f), &info));
    ck_assert_uint_eq(info.alt_rows, 24);
    ck_assert(!info.extended);
    fx_done(&f);
    /* A 3287 printer gets the printer device. */
    fx_setup(&f);
    tn3270e(&f, "IBM-3287-1", NULL, "00C3");
    ck_assert(dev3270_info(bound(&f), &info));
    ck_assert(info.printer);
    fx_done(&f);
}
END_TEST

/* Hercules' way of naming the device in plain TN3270: TYPE@CCUU. */
START_TEST(t_at_suffix)
{
    struct fx f;
    fx_setup(&f);
    tn3270(&f, "IBM-3278-2@00c1");
    ck_assert_int_eq(f.t.mode, TN3270_READY);
    ck_assert_uint_eq(bound(&f)->devnum, 0x00C1);
    struct term3270_info info;
    ck_assert(dev3270_info(bound(&f), &info));
    ck_assert_str_eq(info.termtype, "IBM-3278-2");
    fx_done(&f);
    /* A device that is not there: the refusal screen, then the end. */
    fx_setup(&f);
    tn3270(&f, "IBM-3278-2@0999");
    ck_assert_int_eq(f.t.mode, TN3270_DONE);
    ck_assert_int_eq(f.k.closes, 1);
    ck_assert(!f.k.hard);
    struct term3270 t;
    term3270_init(&t, 24, 80, 24, 80, false);
    client_screen(&f, &t, false);
    ck_assert(screen_has(&t, "connection refused"));
    ck_assert(screen_has(&t, "device 0999 is not a 3270 display"));
    fx_done(&f);
}
END_TEST

/* No device free: TN3270 gets a refusal screen, TN3270E a DEVICE-IN-USE reject. */
START_TEST(t_no_device_free)
{
    struct fx f;
    fx_setup_devs(&f, 1);
    tn3270e(&f, "IBM-3278-2", NULL, "00C0");
    struct sink k2 = { 0 };
    struct tn3270 t2;
    ck_assert_int_eq(tn3270_init(&t2, &f.h.m, &sk_io, &k2, &f.logo), 0);
    ck_assert_int_eq(tn3270_open(&t2, LOCALHOST, "127.0.0.1", true), 0);
    static const uint8_t will[] = { IAC, WILL, O_TN3270E };
    tn3270_input(&t2, will, sizeof will);
    char req[64];
    int n = snprintf(req, sizeof req, "%c%c%c%c%cIBM-3278-2%c%c", IAC, SB, O_TN3270E,
                     TE_DEVICE_TYPE, TE_REQUEST, IAC, SE);
    tn3270_input(&t2, req, (size_t)n);
    static const uint8_t in_use[] = { IAC, SB, O_TN3270E, TE_DEVICE_TYPE, TE_REJECT, TE_REASON, 1,
                                      IAC, SE };
    ck_assert_ptr_nonnull(memmem(k2.out, k2.len, in_use, sizeof in_use));
    tn3270_fini(&t2);
    free(k2.out);
    /* Plain TN3270 on the same busy machine. */
    struct fx *g = &f;
    tn3270_close(&g->t);
    g->k.mark = g->k.len;
    tn3270e(g, "IBM-3278-2", NULL, "00C0");       /* 00C0 taken again */
    struct sink k3 = { 0 };
    struct tn3270 t3;
    ck_assert_int_eq(tn3270_init(&t3, &f.h.m, &sk_io, &k3, &f.logo), 0);
    ck_assert_int_eq(tn3270_open(&t3, LOCALHOST, "127.0.0.1", true), 0);
    static const uint8_t nego[] = { IAC, WONT, O_TN3270E, IAC, WILL, O_TTYPE,
                                    IAC, SB, O_TTYPE, 0, 'I', 'B', 'M', '-', '3', '2', '7', '8',
                                    '-', '2', IAC, SE, IAC, WILL, O_EOR, IAC, DO, O_EOR,
                                    IAC, WILL, O_BIN, IAC, DO, O_BIN };
    tn3270_input(&t3, nego, sizeof nego);
    ck_assert_int_eq(t3.mode, TN3270_DONE);
    ck_assert_int_eq(k3.closes, 1);
    ck_assert(!k3.hard);
    static const uint8_t no_free[] = { 0x95, 0x96, 0x40, 0xF3, 0xF2, 0xF7, 0xF0 };  /* "no 3270" */
    ck_assert_ptr_nonnull(memmem(k3.out, k3.len, no_free, sizeof no_free));
    tn3270_fini(&t3);
    free(k3.out);
    fx_done(&f);
}
END_TEST

/* ---- line mode -------------------------------------------------------------------------- */

START_TEST(t_line_mode)
{
    struct fx f;
    /* Data before any answer: a plain telnet client. */
    fx_setup(&f);
    open_session(&f, true);
    feed(&f, "hello\r\n", 7);
    ck_assert_int_eq(f.t.mode, TN3270_LINE);
    ck_assert_int_eq(f.k.linemodes, 1);
    ck_assert_uint_eq(f.k.linelen, 7);
    ck_assert_mem_eq(f.k.line, "hello\r\n", 7);
    /* In line mode options stay refused and data passes, IAC IAC as one 255. */
    FEED(&f, IAC, WILL, O_BIN, 'a', IAC, IAC, 'b');
    EXPECT(&f, IAC, DONT, O_BIN);
    ck_assert_uint_eq(f.k.linelen, 10);
    MEM_EQ(f.k.line + 7, 'a', 0xFF, 'b');
    fx_done(&f);
    /* Refuses TN3270E and TERMINAL-TYPE. */
    fx_setup(&f);
    open_session(&f, true);
    FEED(&f, IAC, WONT, O_TN3270E);
    FEED(&f, IAC, WONT, O_TTYPE);
    ck_assert_int_eq(f.t.mode, TN3270_LINE);
    fx_done(&f);
    /* Names a terminal type that is not a 3270. */
    fx_setup(&f);
    open_session(&f, true);
    FEED(&f, IAC, WONT, O_TN3270E, IAC, WILL, O_TTYPE, IAC, SB, O_TTYPE, 0, 'X', 'T', 'E', 'R',
         'M', IAC, SE);
    ck_assert_int_eq(f.t.mode, TN3270_LINE);
    fx_done(&f);
    /* Never answers: line mode once the decision time is over. */
    fx_setup(&f);
    open_session(&f, true);
    tn3270_tick(&f.t);
    ck_assert_int_eq(f.t.mode, TN3270_DECIDING);
    f.t.deadline_ms = 0;
    tn3270_tick(&f.t);
    ck_assert_int_eq(f.t.mode, TN3270_LINE);
    fx_done(&f);
    /* No 3270 configured: line mode at once, and every option is refused. */
    fx_setup(&f);
    open_session(&f, false);
    ck_assert_int_eq(f.t.mode, TN3270_LINE);
    ck_assert_int_eq(f.k.linemodes, 1);
    FEED(&f, IAC, WILL, O_TN3270E, IAC, DO, O_EOR, IAC, WILL, O_TTYPE);
    EXPECT(&f, IAC, DONT, O_TN3270E, IAC, WONT, O_EOR, IAC, DONT, O_TTYPE);
    fx_done(&f);
}
END_TEST

/* A 3270 client that starts and never finishes: disconnected at the limit. */
START_TEST(t_negotiation_limit)
{
    struct fx f;
    fx_setup(&f);
    open_session(&f, true);
    FEED(&f, IAC, WONT, O_TN3270E, IAC, WILL, O_TTYPE);
    ck_assert_int_eq(f.t.mode, TN3270_NEGOTIATING);
    tn3270_tick(&f.t);
    ck_assert_int_eq(f.k.closes, 0);
    f.t.deadline_ms = 0;
    tn3270_tick(&f.t);
    ck_assert_int_eq(f.k.closes, 1);
    ck_assert(f.k.hard);
    ck_assert_int_eq(f.t.mode, TN3270_DONE);
    fx_done(&f);
    /* A 3270 type that then refuses EOR is not a TN3270 client. */
    fx_setup(&f);
    open_session(&f, true);
    FEED(&f, IAC, WONT, O_TN3270E, IAC, WILL, O_TTYPE, IAC, SB, O_TTYPE, 0, 'I', 'B', 'M', '-',
         '3', '2', '7', '8', '-', '2', IAC, SE, IAC, WONT, O_EOR);
    ck_assert_int_eq(f.k.closes, 1);
    ck_assert(f.k.hard);
    fx_done(&f);
}
END_TEST

/* ---- records ---------------------------------------------------------------------------- */

START_TEST(t_oversized_record)
{
    struct fx f;
    fx_setup(&f);
    tn3270(&f, "IBM-3278-2");
    (void)dev_status(&f, 0x00C0);
    /* A record longer than the limit is dropped as a whole, in pieces or at once. */
    size_t big = TN3270_REC_MAX + 100;
    uint8_t *b = malloc(big);
    ck_assert_ptr_nonnull(b);
    memset(b, 0x7D, big);
    for (size_t i = 0; i < big; i += 1000) feed(&f, b + i, big - i < 1000 ? big - i : 1000);
    FEED(&f, IAC, EOR);
    ck_assert_uint_eq(dev_status(&f, 0x00C0), 0);
    feed(&f, b, big);
    FEED(&f, IAC, EOR);
    ck_assert_uint_eq(dev_status(&f, 0x00C0), 0);
    /* Exactly the limit is taken; the next record is fine again. */
    feed(&f, b, TN3270_REC_MAX);
    FEED(&f, IAC, EOR);
    ck_assert_uint_eq(dev_status(&f, 0x00C0), US_ATTN);
    FEED(&f, 0x7D, 0x40, 0x40, IAC, EOR);
    ck_assert_uint_eq(dev_status(&f, 0x00C0), US_ATTN);
    ck_assert_uint_eq(guest(&f, 0x00C0, D3270_RM, NULL, 10), US_CE | US_DE);
    ck_assert_uint_eq(be16(f.h.m.mainstor + 0x46), 7);
    /* Empty records and a TN3270E-sized header in TN3270 are harmless. */
    FEED(&f, IAC, EOR, IAC, EOR);
    ck_assert_uint_eq(dev_status(&f, 0x00C0), 0);
    free(b);
    fx_done(&f);
}
END_TEST

/* The client does not read: the owner's output refuses, the session ends; the guest's
 * command ends with intervention required instead of waiting. */
START_TEST(t_client_not_reading)
{
    struct fx f;
    fx_setup(&f);
    tn3270(&f, "IBM-3278-2");
    ck_assert_uint_eq(dev_status(&f, 0x00C0), US_DE);
    f.k.full = true;
    ck_assert_uint_eq(guest(&f, 0x00C0, D3270_W, B(0xC3)), US_CE | US_DE | US_UC);
    fx_done(&f);
}
END_TEST

/* Malformed telnet and TN3270E: nothing crashes (ASan), nothing reads outside its
 * buffers, and a session that survives still works. */
START_TEST(t_malformed)
{
    static const uint8_t bad[][24] = {
        { IAC, SB, O_TN3270E, IAC, SE },                                  /* empty SB */
        { IAC, SB, O_TN3270E, TE_DEVICE_TYPE, IAC, SE },                  /* one byte */
        { IAC, SB, O_TN3270E, TE_DEVICE_TYPE, TE_REQUEST, IAC, SE },      /* no type */
        { IAC, SB, O_TN3270E, TE_DEVICE_TYPE, TE_REQUEST, TE_CONNECT, IAC, SE },
        { IAC, SB, O_TN3270E, TE_FUNCTIONS, TE_IS, 200, 201, IAC, SE },
        { IAC, SB, O_TTYPE, IAC, SE },                                    /* TTYPE, no code */
        { IAC, SB, O_TTYPE, 0, IAC, SE },                                 /* TTYPE IS "" */
        { IAC, SB, IAC, SE },                                             /* SB without option */
        { IAC, SE, IAC, 0x01, IAC, 0xF1, IAC },                            /* stray commands */
        { IAC, WILL, IAC, DO, IAC, WONT },                                 /* options cut */
        { IAC, SB, O_TN3270E, 1, 2, 3, IAC, 0x00, 4 },                     /* SB, bad IAC */
        { IAC, SB, O_TN3270E, 2, 7, 'I', 'B', 'M' },                       /* SB never ended */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        for (int stage = 0; stage < 3; stage++) {
            struct fx f;
            fx_setup(&f);
            if (stage == 1) {
                open_session(&f, true);
                FEED(&f, IAC, WILL, O_TN3270E);
            } else if (stage == 2) {
                tn3270e(&f, "IBM-3278-2", NULL, "00C0");
            } else {
                open_session(&f, true);
            }
            feed(&f, bad[i], sizeof bad[i]);
            feed(&f, bad[i], sizeof bad[i]);
            tn3270_tick(&f.t);
            if (stage == 2 && f.t.mode == TN3270_READY)
                ck_assert_uint_eq(guest(&f, 0x00C0, D3270_W, B(0xC3)) & US_UC, 0);
            fx_done(&f);
        }
    }
    /* Long names: a terminal type and a device name far past every buffer. */
    struct fx f;
    fx_setup(&f);
    open_session(&f, true);
    FEED(&f, IAC, WILL, O_TN3270E);
    char longname[3000];
    memset(longname, 'A', sizeof longname - 1);
    longname[sizeof longname - 1] = 0;
    memcpy(longname, "IBM-3278-2", 10);
    te_request(&f, longname, longname);
    expect_reject(&f, 4);
    FEED(&f, IAC, WONT, O_TN3270E, IAC, WILL, O_TTYPE);
    uint8_t tt[4000];
    size_t n = 0;
    tt[n++] = IAC; tt[n++] = SB; tt[n++] = O_TTYPE; tt[n++] = 0;
    memcpy(tt + n, longname, strlen(longname));
    n += strlen(longname);
    tt[n++] = '@';
    tt[n++] = IAC; tt[n++] = SE;
    feed(&f, tt, n);
    FEED(&f, IAC, WILL, O_EOR, IAC, DO, O_EOR, IAC, WILL, O_BIN, IAC, DO, O_BIN);
    fx_done(&f);
    /* Random bytes with telnet commands mixed in, at every stage. */
    srand(1576);
    for (int round = 0; round < 300; round++) {
        fx_setup(&f);
        if (round % 3 == 1) tn3270(&f, "IBM-3278-2-E");
        else if (round % 3 == 2) tn3270e(&f, "IBM-3279-2-E", NULL, "00C0");
        else open_session(&f, true);
        uint8_t r[512];
        static const uint8_t pick[] = { IAC, SB, SE, WILL, WONT, DO, DONT, EOR, O_TN3270E,
                                        O_TTYPE, O_EOR, O_BIN, 0, 1, 2, 3, 4, 5, 6, 7, 8 };
        for (int burst = 0; burst < 8; burst++) {
            size_t len = (size_t)(rand() % (int)sizeof r);
            for (size_t i = 0; i < len; i++)
                r[i] = (uint8_t)(rand() % 3 ? pick[rand() % (int)sizeof pick] : rand());
            feed(&f, r, len);
            tn3270_tick(&f.t);
        }
        fx_done(&f);
    }
}
END_TEST

/* The session's device is detached by the operator: the session is told to end. */
START_TEST(t_detach)
{
    struct fx f;
    fx_setup(&f);
    tn3270e(&f, "IBM-3278-2", NULL, "00C0");
    char err[128];
    ck_assert_int_eq(dev_detach(&f.h.m, 0x00C0, err, sizeof err), 0);
    ck_assert_ptr_null(bound(&f));
    ck_assert_int_eq(f.k.closes, 1);
    ck_assert(!f.k.hard);
    fx_done(&f);
}
END_TEST

/* ---- the logo and buffer addresses ----------------------------------------------------------- */

START_TEST(t_logo_file)
{
    struct fx f;
    fx_setup(&f);
    char path[] = "/tmp/s370-logo-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    static const char text[] =
        "@SBA 2,5\n"
        "@SF P\n"
        "Left text $(CCUU) $(cuu)\n"
        "@NL\n"
        "@SF HP\n"
        "next line\n"
        "@ALIGN CENTER\n"
        "@SBA 10,0\n"
        "MIDDLE\n"
        "@ALIGN RIGHT\n"
        "END\n"
        "@BOGUS order ignored\n"
        "@SBA 99,999\n"
        "X\n";
    ck_assert_int_eq(write(fd, text, sizeof text - 1), (ssize_t)(sizeof text - 1));
    close(fd);
    char err[256];
    struct tn3270_logo logo = { 0 };
    ck_assert_int_eq(tn3270_logo_load(&logo, path, err, sizeof err), 0);
    unlink(path);
    uint8_t out[4096];
    size_t n = tn3270_logo_render(&logo, &f.h.m, 0x00C1, out, sizeof out);
    ck_assert_uint_gt(n, 10);
    struct term3270 t;
    term3270_init(&t, 24, 80, 24, 80, false);
    struct term3270_reply *r = malloc(sizeof *r);
    ck_assert_int_eq(term3270_outbound(&t, D3270_EW, out, n, r), 0);
    ck_assert_str_eq(row_text(&t, 2), "      Left text 00C1 0c1");
    ck_assert(t.buf[2 * 80 + 5].flags & T3270_P_FA);
    ck_assert_str_eq(row_text(&t, 3), " next line");
    ck_assert_uint_eq(t.buf[3 * 80 + 0].ch, T3270_FA_PROT | T3270_FA_INTENSE);
    ck_assert_str_eq(row_text(&t, 10), "                                     MIDDLE");
    ck_assert_uint_eq(strlen(row_text(&t, 11)), 80);            /* right-aligned */
    ck_assert_str_eq(row_text(&t, 11) + 77, "END");
    ck_assert_uint_eq(strlen(row_text(&t, 23)), 80);            /* clipped to 23,79 */
    ck_assert_str_eq(row_text(&t, 23) + 79, "X");
    /* A tiny output buffer: no overflow, and what is there parses. */
    for (size_t max = 0; max < 40; max++) {
        size_t m = tn3270_logo_render(&logo, &f.h.m, 0x00C1, out, max);
        ck_assert_uint_le(m, max);
    }
    ck_assert_int_eq(tn3270_logo_load(&logo, "/nonexistent/herclogo.txt", err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "cannot open"));
    /* A file past 64K is refused; the logo loaded before stays. */
    memcpy(path + strlen(path) - 6, "XXXXXX", 6);
    fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    static char big[70000];
    memset(big, 'x', sizeof big);
    ck_assert_int_eq(write(fd, big, sizeof big), (ssize_t)sizeof big);
    close(fd);
    ck_assert_int_eq(tn3270_logo_load(&logo, path, err, sizeof err), -1);
    unlink(path);
    ck_assert_ptr_nonnull(strstr(err, "longer than 64K"));
    ck_assert_uint_eq(tn3270_logo_render(&logo, &f.h.m, 0x00C1, out, sizeof out), n);
    tn3270_logo_free(&logo);
    free(r);
    fx_done(&f);
}
END_TEST

START_TEST(t_buffer_address)
{
    uint8_t a[2];
    tn3270_addr(0, 0, 80, a);
    MEM_EQ(a, 0x40, 0x40);
    tn3270_addr(1, 32, 80, a);                 /* 112: C1 F0 */
    MEM_EQ(a, 0xC1, 0xF0);
    tn3270_addr(26, 131, 132, a);              /* 3563: still 12-bit */
    ck_assert_uint_eq(dev3270_addr_decode(a[0], a[1]), 3563);
    ck_assert_uint_ne(a[0] & 0xC0, 0);
    tn3270_addr(40, 0, 132, a);                /* 5280: 14-bit binary */
    MEM_EQ(a, 0x14, 0xA0);
    ck_assert_uint_eq(dev3270_addr_decode(a[0], a[1]), 5280);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("tn3270");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, t_tn3270e);
    tcase_add_test(tc, t_tn3270e_device_name);
    tcase_add_test(tc, t_tn3270e_rejects);
    tcase_add_test(tc, t_tn3270e_refused_fallback);
    tcase_add_test(tc, t_terminal_types);
    tcase_add_test(tc, t_at_suffix);
    tcase_add_test(tc, t_no_device_free);
    tcase_add_test(tc, t_line_mode);
    tcase_add_test(tc, t_negotiation_limit);
    tcase_add_test(tc, t_oversized_record);
    tcase_add_test(tc, t_client_not_reading);
    tcase_add_test(tc, t_malformed);
    tcase_add_test(tc, t_detach);
    tcase_add_test(tc, t_logo_file);
    tcase_add_test(tc, t_buffer_address);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
