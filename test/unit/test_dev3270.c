/* test_dev3270.c - the 3270 display and 3287 printer behind a local 3274
 * (devices/dev3270.c) driven by real channel programs (SIO, TIO, HIO) from the guest
 * side, with a test terminal on the other side: a term3270 model (console/term3270.c)
 * that takes the outbound records and whose inbound records (reads, AIDs, query
 * replies) the test hands back with dev3270_inbound, as a TN3270 session does.
 * Commands W, EW, EWA, EAU, RB, RM, NOP, SEL, SENSE, SENSE ID, WSF with Read
 * Partition Query; attention on every AID key; not ready and intervention required
 * without a terminal and after it disconnects; the claim rules (device number, group,
 * address filter). GA23-0059 (data stream), GA23-0061 (3274 commands). */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>
#include "harness.h"
#include "channel/channel.h"
#include "console/term3270.h"
#include "devices/dev3270.h"
#include "devices/devices.h"
#include "devices/devtab.h"
#include "devices/ebcdic.h"

#define INSN 0x1000
#define CCWS 0x800
#define DATA 0x2000
#define INBUF 0x6000
#define WAIT_MS 5000
#define LOCALHOST 0x7F000001u

/* ---- the test terminal ----------------------------------------------------------- */

struct fterm {
    pthread_mutex_t mu;
    struct term3270 t;
    struct term3270_reply reply;    /* the answer to the last read or query */
    bool replied;                   /* ... not yet handed to the device */
    unsigned sends;
    uint8_t cmd;                    /* the last record */
    size_t len;
    uint8_t data[1024];
    bool fail;                      /* send answers -1 (a client that has gone) */
    bool detached;
};

static int ft_send(void *ctx, uint8_t cmd, const uint8_t *data, size_t len)
{
    struct fterm *ft = ctx;
    pthread_mutex_lock(&ft->mu);
    ft->sends++;
    ft->cmd = cmd;
    ft->len = len;
    if (len) memcpy(ft->data, data, len < sizeof ft->data ? len : sizeof ft->data);
    term3270_outbound(&ft->t, cmd, data, len, &ft->reply);
    ft->replied = ft->reply.len > 0;
    int rc = ft->fail ? -1 : 0;
    pthread_mutex_unlock(&ft->mu);
    return rc;
}

static void ft_detached(void *ctx, struct device *d)
{
    (void)d;
    struct fterm *ft = ctx;
    ft->detached = true;
}

static const struct term3270_ops ft_ops = { .send = ft_send, .detached = ft_detached };

static struct fterm *ft_new(const struct term3270_info *info)
{
    struct fterm *ft = calloc(1, sizeof *ft);
    ck_assert_ptr_nonnull(ft);
    pthread_mutex_init(&ft->mu, NULL);
    term3270_init(&ft->t, info->rows, info->cols, info->alt_rows, info->alt_cols,
                  info->extended);
    return ft;
}

static void ft_free(struct fterm *ft)
{
    pthread_mutex_destroy(&ft->mu);
    free(ft);
}

static struct term3270_info info_of(uint16_t alt_rows, uint16_t alt_cols, bool extended,
                                    const char *type)
{
    struct term3270_info i = { .rows = 24, .cols = 80, .alt_rows = alt_rows,
                               .alt_cols = alt_cols, .extended = extended };
    snprintf(i.termtype, sizeof i.termtype, "%s", type);
    return i;
}

/* ---- the machine and the guest side ------------------------------------------------ */

struct fx {
    struct harness h;
    FILE *out;
};

static void sleep_ms(unsigned ms)
{
    struct timespec ts = { 0, (long)ms * 1000000L };
    nanosleep(&ts, NULL);
}

static void attach(struct fx *f, uint16_t devnum, const char *type, int argc, char **argv)
{
    char err[256];
    ck_assert_msg(dev_attach(&f->h.m, devnum, type, argc, argv, err, sizeof err) == 0, "%s", err);
}

/* 00C0 and 00C1: displays for everyone; 00C2: group LAB; 00C3: 10.1.0.0/16 only;
 * 00C4: a 3287 printer. */
static void fx_setup(struct fx *f)
{
    h_setup(&f->h, 1);
    f->out = tmpfile();
    ck_assert_ptr_nonnull(f->out);
    f->h.m.out = f->out;
    ck_assert_int_eq(chan_init(&f->h.m), 0);
    chan_set_sync(&f->h.m, false);
    char *lab[] = { "lab" }, *net[] = { "*", "10.1.2.3", "255.255.0.0" };
    attach(f, 0x00C0, "3270", 0, NULL);
    attach(f, 0x00C1, "3270", 0, NULL);
    attach(f, 0x00C2, "3270", 1, lab);
    attach(f, 0x00C3, "3270", 3, net);
    attach(f, 0x00C4, "3287", 0, NULL);
    h_poke(&f->h, 0x48, "00000800");            /* CAW: key 0, CCWs at 800 */
}

static void fx_done(struct fx *f)
{
    chan_shutdown(&f->h.m);
    dev_detach_all(&f->h.m);
    h_teardown(&f->h);
    fclose(f->out);
}

static void ccw(struct fx *f, uint32_t at, uint8_t cmd, uint32_t data, uint8_t flags, uint16_t count)
{
    uint8_t *p = f->h.m.mainstor + at;
    p[0] = cmd;
    p[1] = (uint8_t)(data >> 16); p[2] = (uint8_t)(data >> 8); p[3] = (uint8_t)data;
    p[4] = flags; p[5] = 0;
    put16(p + 6, count);
}

/* An I/O instruction on device dev: op is 9C00 (SIO), 9D00 (TIO), 9E00 (HIO). */
static int io(struct fx *f, const char *op, uint16_t dev)
{
    char hex[16];
    snprintf(hex, sizeof hex, "%s%04X", op, dev);
    ck_assert_int_eq(h_exec(&f->h, INSN, hex), 0);
    return f->h.c->psw.cc;
}

static uint8_t csw_us(struct fx *f) { return f->h.m.mainstor[0x44]; }
static uint16_t csw_count(struct fx *f) { return be16(f->h.m.mainstor + 0x46); }

/* TIO until it answers cc 1 (status stored); false when it never does. */
static bool wait_status(struct fx *f, uint16_t dev)
{
    for (int i = 0; i < WAIT_MS; i++) {
        if (io(f, "9D00", dev) == 1) return true;
        sleep_ms(1);
    }
    return false;
}

/* Start the program at CCWS and take its ending status; the unit status. */
static uint8_t run(struct fx *f, uint16_t dev)
{
    int cc = io(f, "9C00", dev);
    if (cc == 1) return csw_us(f);          /* status stored at SIO */
    ck_assert_int_eq(cc, 0);
    ck_assert(wait_status(f, dev));
    return csw_us(f);
}

static uint8_t cmd(struct fx *f, uint16_t dev, uint8_t code, const uint8_t *data, uint16_t n)
{
    if (data) memcpy(f->h.m.mainstor + DATA, data, n);
    ccw(f, CCWS, code, DATA, CCW_SLI, n);
    return run(f, dev);
}

static uint8_t sense_byte(struct fx *f, uint16_t dev)
{
    ck_assert_uint_eq(cmd(f, dev, D3270_SENSE, NULL, 1), US_CE | US_DE);
    return f->h.m.mainstor[DATA];
}

/* Bind the terminal and take the device end the device presents for it. */
static struct device *bind(struct fx *f, int devnum, uint32_t ip, struct term3270_info *info,
                           struct fterm *ft)
{
    char err[256];
    struct device *d = dev3270_claim(&f->h.m, devnum, ip, info, &ft_ops, ft, err, sizeof err);
    ck_assert_msg(d != NULL, "%s", err);
    ck_assert(wait_status(f, d->devnum));
    ck_assert_uint_eq(csw_us(f), US_DE);
    return d;
}

/* What the terminal shows on a row, trailing blanks cut. */
static const char *row_text(struct fterm *ft, unsigned row)
{
    static struct term3270_cell cells[T3270_MAX_CELLS];
    static char out[T3270_MAX_COLS + 1];
    pthread_mutex_lock(&ft->mu);
    term3270_cells(&ft->t, cells, T3270_MAX_CELLS);
    unsigned cols = ft->t.cols, i;
    for (i = 0; i < cols; i++) out[i] = (char)ebcdic_to_ascii(cells[row * cols + i].ch);
    pthread_mutex_unlock(&ft->mu);
    while (i > 0 && out[i - 1] == ' ') i--;
    out[i] = 0;
    return out;
}

/* A data stream: WCC, then text (ASCII made EBCDIC) at row 0 column 0 unless SBA'd. */
static uint16_t stream(uint8_t *b, uint8_t wcc, unsigned addr, const char *text)
{
    uint16_t n = 0;
    b[n++] = wcc;
    b[n++] = 0x11;
    term3270_addr_encode12((uint16_t)addr, b + n);
    n += 2;
    while (*text) b[n++] = ascii_to_ebcdic((uint8_t)*text++);
    return n;
}

/* The terminal's pending answer goes to the device (what a TN3270 session does when
 * the client's record arrives). */
static void ft_answer(struct fterm *ft, struct device *d)
{
    bool got = false;
    static struct term3270_reply r;
    for (int i = 0; i < WAIT_MS && !got; i++) {
        pthread_mutex_lock(&ft->mu);
        got = ft->replied;
        if (got) {
            r = ft->reply;
            ft->replied = false;
        }
        pthread_mutex_unlock(&ft->mu);
        if (!got) sleep_ms(1);
    }
    ck_assert(got);
    dev3270_inbound(d, r.data, r.len);
}

/* The operator presses a key: the AID record goes to the device unsolicited. */
static void ft_key(struct fterm *ft, struct device *d, enum term3270_key key)
{
    static struct term3270_reply r;
    pthread_mutex_lock(&ft->mu);
    int rc = term3270_key(&ft->t, key, &r);
    pthread_mutex_unlock(&ft->mu);
    ck_assert_int_eq(rc, 1);
    dev3270_inbound(d, r.data, r.len);
}

/* ---- no terminal ------------------------------------------------------------------- */

START_TEST(t_not_ready_without_terminal)
{
    struct fx f;
    fx_setup(&f);
    uint8_t b[64];
    uint16_t n = stream(b, 0xC3, 0, "X");
    static const uint8_t cmds[] = { D3270_W, D3270_EW, D3270_EWA, D3270_EAU, D3270_WSF,
                                    D3270_RB, D3270_RM, D3270_NOP, D3270_SEL };
    for (size_t i = 0; i < sizeof cmds; i++) {
        ck_assert_uint_eq(cmd(&f, 0x00C0, cmds[i], b, n), US_CE | US_DE | US_UC);
        ck_assert_uint_eq(sense_byte(&f, 0x00C0), SENSE_INTREQ);
    }
    /* Sense ID works without a terminal: 3274-1D with a 3278-2, or a 3287-1. */
    static const uint8_t id3278[] = { 0xFF, 0x32, 0x74, 0x1D, 0x32, 0x78, 0x02 };
    static const uint8_t id3287[] = { 0xFF, 0x32, 0x74, 0x1D, 0x32, 0x87, 0x01 };
    ck_assert_uint_eq(cmd(&f, 0x00C0, D3270_SENSEID, NULL, 7), US_CE | US_DE);
    ck_assert_mem_eq(f.h.m.mainstor + DATA, id3278, 7);
    ck_assert_uint_eq(cmd(&f, 0x00C4, D3270_SENSEID, NULL, 7), US_CE | US_DE);
    ck_assert_mem_eq(f.h.m.mainstor + DATA, id3287, 7);
    /* An unknown command is rejected. */
    ck_assert_uint_eq(cmd(&f, 0x00C0, 0x27, NULL, 1), US_CE | US_DE | US_UC);
    ck_assert_uint_eq(sense_byte(&f, 0x00C0), SENSE_CMDREJ);
    ck_assert_uint_eq(sense_byte(&f, 0x00C0), 0);     /* sense reset by reading it */
    fx_done(&f);
}
END_TEST

/* ---- writes ---------------------------------------------------------------------- */

START_TEST(t_writes)
{
    struct fx f;
    fx_setup(&f);
    struct term3270_info info = info_of(43, 80, false, "IBM-3278-4");
    struct fterm *ft = ft_new(&info);
    struct device *d = bind(&f, 0x00C0, LOCALHOST, &info, ft);
    uint8_t b[256];
    /* EW: the record reaches the terminal as it was written, command and all. */
    uint16_t n = stream(b, 0xC3, 80 * 2 + 5, "HELLO");
    ck_assert_uint_eq(cmd(&f, 0x00C0, D3270_EW, b, n), US_CE | US_DE);
    ck_assert_uint_eq(csw_count(&f), 0);
    ck_assert_uint_eq(ft->cmd, D3270_EW);
    ck_assert_uint_eq(ft->len, n);
    ck_assert_mem_eq(ft->data, b, n);
    ck_assert_str_eq(row_text(ft, 2), "     HELLO");
    /* W adds without erasing. */
    n = stream(b, 0xC3, 80 * 3, "WORLD");
    ck_assert_uint_eq(cmd(&f, 0x00C0, D3270_W, b, n), US_CE | US_DE);
    ck_assert_uint_eq(ft->cmd, D3270_W);
    ck_assert_str_eq(row_text(ft, 2), "     HELLO");
    ck_assert_str_eq(row_text(ft, 3), "WORLD");
    /* EWA: the alternate size (43x80 of model 4); EW the default one again. */
    n = stream(b, 0xC3, 80 * 42, "LAST ROW");
    ck_assert_uint_eq(cmd(&f, 0x00C0, D3270_EWA, b, n), US_CE | US_DE);
    ck_assert_uint_eq(ft->cmd, D3270_EWA);
    ck_assert_uint_eq(ft->t.rows, 43);
    ck_assert_str_eq(row_text(ft, 42), "LAST ROW");
    /* EAU: unprotected fields emptied, protected text kept. */
    static const uint8_t fields[] = { 0xC3, 0x1D, 0x60, 0xC1, 0xC2, 0x1D, 0x40, 0xC3, 0xC4,
                                      0x1D, 0x60 };
    ck_assert_uint_eq(cmd(&f, 0x00C0, D3270_EW, fields, sizeof fields), US_CE | US_DE);
    ck_assert_uint_eq(ft->t.rows, 24);
    ck_assert_str_eq(row_text(ft, 0), " AB CD");
    ck_assert_uint_eq(cmd(&f, 0x00C0, D3270_EAU, NULL, 1), US_CE | US_DE);
    ck_assert_uint_eq(ft->cmd, D3270_EAU);
    ck_assert_uint_eq(ft->len, 0);                 /* EAU carries no data */
    ck_assert_str_eq(row_text(ft, 0), " AB");
    /* NOP and Select do nothing at the terminal. */
    unsigned sends = ft->sends;
    ck_assert_uint_eq(cmd(&f, 0x00C0, D3270_NOP, NULL, 1), US_CE | US_DE);
    ck_assert_uint_eq(cmd(&f, 0x00C0, D3270_SEL, NULL, 1), US_CE | US_DE);
    ck_assert_uint_eq(ft->sends, sends);
    /* WSF to a terminal without the extended data stream: command reject. */
    static const uint8_t query[] = { 0x00, 0x05, 0x01, 0xFF, 0x02 };
    ck_assert_uint_eq(cmd(&f, 0x00C0, D3270_WSF, query, sizeof query), US_CE | US_DE | US_UC);
    ck_assert_uint_eq(sense_byte(&f, 0x00C0), SENSE_CMDREJ);
    ck_assert_uint_eq(ft->sends, sends);
    dev3270_release(d);
    fx_done(&f);
    ft_free(ft);
}
END_TEST

/* ---- reads and attention ------------------------------------------------------------ */

/* START I/O of the program at CCWS on d, the terminal answering its reads (answers
 * of them), and the ending status: CE DE. */
static void run_answered(struct fx *f, struct device *d, struct fterm *ft, int answers)
{
    ck_assert_int_eq(io(f, "9C00", d->devnum), 0);
    for (int k = 0; k < answers; k++) ft_answer(ft, d);
    ck_assert(wait_status(f, d->devnum));
    ck_assert_uint_eq(csw_us(f), US_CE | US_DE);
}

START_TEST(t_read_buffer)
{
    struct fx f;
    fx_setup(&f);
    struct term3270_info info = info_of(24, 80, false, "IBM-3278-2");
    struct fterm *ft = ft_new(&info);
    struct device *d = bind(&f, 0x00C1, LOCALHOST, &info, ft);
    uint8_t b[64];
    uint16_t n = stream(b, 0xC3, 0, "ABC");
    ck_assert_uint_eq(cmd(&f, 0x00C1, D3270_EW, b, n), US_CE | US_DE);
    /* RB goes to the terminal; the read waits for its answer. */
    ccw(&f, CCWS, D3270_RB, INBUF, CCW_SLI, 4000);
    run_answered(&f, d, ft, 1);
    ck_assert_uint_eq(ft->cmd, D3270_RB);
    /* AID none, cursor 0 (40 40), then all 1920 positions. */
    ck_assert_uint_eq(csw_count(&f), 4000 - 3 - 1920);
    static const uint8_t head[] = { 0x60, 0x40, 0x40, 0xC1, 0xC2, 0xC3, 0x00 };
    ck_assert_mem_eq(f.h.m.mainstor + INBUF, head, sizeof head);
    /* A read shorter than the record: incorrect length suppressed, residual 0. */
    ccw(&f, CCWS, D3270_RB, INBUF, CCW_SLI, 5);
    run_answered(&f, d, ft, 1);
    ck_assert_uint_eq(csw_count(&f), 0);
    /* HIO ends a read the terminal does not answer; the device stays usable. */
    ccw(&f, CCWS, D3270_RB, INBUF, CCW_SLI, 100);
    ck_assert_int_eq(io(&f, "9C00", 0x00C1), 0);
    for (int i = 0; i < WAIT_MS && !ft->replied; i++) sleep_ms(1);
    io(&f, "9E00", 0x00C1);
    for (int i = 0; i < WAIT_MS && io(&f, "9D00", 0x00C1) != 0; i++) sleep_ms(1);
    ck_assert_int_eq(io(&f, "9D00", 0x00C1), 0);
    ft->replied = false;
    ck_assert_uint_eq(cmd(&f, 0x00C1, D3270_W, b, n), US_CE | US_DE);
    dev3270_release(d);
    fx_done(&f);
    ft_free(ft);
}
END_TEST

/* The current buffer address (GA23-0059, read buffer operation): a Write's orders
 * leave it where they end and a chained Read Buffer starts there, as OS/VS1 reads its
 * 3277 console's command line (W with SBA to row 22, then RB of 133 bytes); the next
 * chained RB goes on from where the last one stopped; EW sets it to 0. */
START_TEST(t_read_buffer_address)
{
    struct fx f;
    fx_setup(&f);
    struct term3270_info info = info_of(24, 80, false, "IBM-3278-2");
    struct fterm *ft = ft_new(&info);
    struct device *d = bind(&f, 0x00C1, LOCALHOST, &info, ft);
    uint8_t b[64];
    uint16_t n = stream(b, 0xC3, 0, "TOP");
    ck_assert_uint_eq(cmd(&f, 0x00C1, D3270_EW, b, n), US_CE | US_DE);
    n = stream(b, 0xC3, 1680, "D A");
    ck_assert_uint_eq(cmd(&f, 0x00C1, D3270_W, b, n), US_CE | US_DE);
    /* W (WCC, SBA 1680), RB 133 chained, RB 10 chained. */
    n = stream(b, 0xC3, 1680, "");
    memcpy(f.h.m.mainstor + DATA, b, n);
    ccw(&f, CCWS, D3270_W, DATA, CCW_CC | CCW_SLI, n);
    ccw(&f, CCWS + 8, D3270_RB, INBUF, CCW_CC | CCW_SLI, 133);
    ccw(&f, CCWS + 16, D3270_RB, INBUF + 200, CCW_SLI, 10);
    memset(f.h.m.mainstor + INBUF, 0xEE, 300);
    run_answered(&f, d, ft, 2);
    static const uint8_t line[] = { 0x60, 0x40, 0x40, 0xC4, 0x40, 0xC1, 0x00, 0x00 };
    ck_assert_mem_eq(f.h.m.mainstor + INBUF, line, sizeof line);
    for (unsigned i = 6; i < 133; i++) ck_assert_uint_eq(f.h.m.mainstor[INBUF + i], 0x00);
    ck_assert_uint_eq(f.h.m.mainstor[INBUF + 133], 0xEE);
    /* The second RB starts at 1680 + 130 = 1810: 110 positions are left. */
    static const uint8_t rest[] = { 0x60, 0x40, 0x40, 0x00, 0x00 };
    ck_assert_mem_eq(f.h.m.mainstor + INBUF + 200, rest, sizeof rest);
    /* W (SBA 1680), EW (WCC only), RB: EW set the address to 0, all 1920 positions. */
    ck_assert_uint_eq(cmd(&f, 0x00C1, D3270_W, b, n), US_CE | US_DE);
    static const uint8_t wcc = 0xC3;
    memcpy(f.h.m.mainstor + DATA + 16, &wcc, 1);
    ccw(&f, CCWS, D3270_W, DATA, CCW_CC | CCW_SLI, n);
    ccw(&f, CCWS + 8, D3270_EW, DATA + 16, CCW_CC | CCW_SLI, 1);
    ccw(&f, CCWS + 16, D3270_RB, INBUF, CCW_SLI, 4000);
    run_answered(&f, d, ft, 1);
    ck_assert_uint_eq(csw_count(&f), 4000 - 3 - 1920);
    /* A Read Buffer that begins a channel program starts at 0. */
    n = stream(b, 0xC3, 0, "TOP");
    ck_assert_uint_eq(cmd(&f, 0x00C1, D3270_W, b, n), US_CE | US_DE);
    ccw(&f, CCWS, D3270_RB, INBUF, CCW_SLI, 6);
    run_answered(&f, d, ft, 1);
    static const uint8_t top[] = { 0x60, 0x40, 0x40, 0xE3, 0xD6, 0xD7 };
    ck_assert_mem_eq(f.h.m.mainstor + INBUF, top, sizeof top);
    dev3270_release(d);
    fx_done(&f);
    ft_free(ft);
}
END_TEST

/* Enter, PF1-PF24, PA1-PA3, Clear: attention; Read Modified takes the kept record
 * without asking the terminal. */
START_TEST(t_attention_keys)
{
    struct fx f;
    fx_setup(&f);
    struct term3270_info info = info_of(24, 80, false, "IBM-3278-2");
    struct fterm *ft = ft_new(&info);
    struct device *d = bind(&f, 0x00C0, LOCALHOST, &info, ft);
    /* A screen with an input field at 10; the operator types "HI" there. */
    static const uint8_t screen[] = { 0xC3, 0x11, 0x40, 0x4A, 0x1D, 0x40, 0x13, 0x11, 0x40,
                                      0x50, 0x1D, 0x60 };
    ck_assert_uint_eq(cmd(&f, 0x00C0, D3270_EW, screen, sizeof screen), US_CE | US_DE);
    ck_assert_int_eq(term3270_type(&ft->t, 0xC8), 0);
    ck_assert_int_eq(term3270_type(&ft->t, 0xC9), 0);
    static const struct { enum term3270_key key; uint8_t aid; } keys[] = {
        { T3270_K_ENTER, 0x7D }, { T3270_K_PF1, 0xF1 }, { T3270_K_PF1 + 11, 0x7C },
        { T3270_K_PF1 + 12, 0xC1 }, { T3270_K_PF24, 0x4C }, { T3270_K_PA1, 0x6C },
        { T3270_K_PA2, 0x6E }, { T3270_K_PA3, 0x6B }, { T3270_K_CLEAR, 0x6D },
    };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        ft_key(ft, d, keys[i].key);
        ck_assert(wait_status(&f, 0x00C0));
        ck_assert_uint_eq(csw_us(&f), US_ATTN);
        unsigned sends = ft->sends;
        ck_assert_uint_eq(cmd(&f, 0x00C0, D3270_RM, NULL, 256), US_CE | US_DE);
        ck_assert_uint_eq(ft->sends, sends);
        const uint8_t *in = f.h.m.mainstor + DATA;
        ck_assert_uint_eq(in[0], keys[i].aid);
        bool short_read = keys[i].aid == 0x6C || keys[i].aid == 0x6E || keys[i].aid == 0x6B ||
                          keys[i].aid == 0x6D;
        if (short_read) {
            ck_assert_uint_eq(csw_count(&f), 255);
        } else {
            /* AID, cursor 13 (40 4D), SBA 11 (40 4B), "HI". */
            static const uint8_t rest[] = { 0x40, 0x4D, 0x11, 0x40, 0x4B, 0xC8, 0xC9 };
            ck_assert_uint_eq(csw_count(&f), 256 - 8);
            ck_assert_mem_eq(in + 1, rest, sizeof rest);
        }
        /* The guest restores the keyboard, as an application does. */
        static const uint8_t restore[] = { 0xC2 };
        ck_assert_uint_eq(cmd(&f, 0x00C0, D3270_W, restore, 1), US_CE | US_DE);
    }
    /* Read Modified with nothing kept goes to the terminal and waits for it; Clear
     * erased the screen, so only the AID... of the last key (none after restore). */
    ccw(&f, CCWS, D3270_RM, INBUF, CCW_SLI, 256);
    ck_assert_int_eq(io(&f, "9C00", 0x00C0), 0);
    ft_answer(ft, d);
    ck_assert(wait_status(&f, 0x00C0));
    ck_assert_uint_eq(csw_us(&f), US_CE | US_DE);
    ck_assert_uint_eq(ft->cmd, D3270_RM);
    ck_assert_uint_eq(f.h.m.mainstor[INBUF], 0x60);
    /* EW drops an attention record nobody read. */
    ft_key(ft, d, T3270_K_ENTER);
    ck_assert(wait_status(&f, 0x00C0));
    ck_assert_uint_eq(cmd(&f, 0x00C0, D3270_EW, screen, sizeof screen), US_CE | US_DE);
    ccw(&f, CCWS, D3270_RM, INBUF, CCW_SLI, 256);
    unsigned sends = ft->sends;
    ck_assert_int_eq(io(&f, "9C00", 0x00C0), 0);
    ft_answer(ft, d);
    ck_assert(wait_status(&f, 0x00C0));
    ck_assert_uint_eq(ft->sends, sends + 1);
    dev3270_release(d);
    fx_done(&f);
    ft_free(ft);
}
END_TEST

/* Find a query reply structured field in an inbound record (after the AID). */
static const uint8_t *find_qr(const uint8_t *p, size_t n, uint8_t qcode)
{
    size_t i = 1;
    while (i + 4 <= n) {
        size_t l = (size_t)p[i] << 8 | p[i + 1];
        if (l < 4 || i + l > n) return NULL;
        if (p[i + 2] == 0x81 && p[i + 3] == qcode) return p + i;
        i += l;
    }
    return NULL;
}

/* WSF Read Partition Query: the terminal's query replies, for its model, come back as
 * an inbound record with attention and are read with Read Modified. */
START_TEST(t_query)
{
    static const struct { uint16_t rows, cols; const char *type; } models[] = {
        { 24, 80, "IBM-3278-2-E" }, { 32, 80, "IBM-3279-3-E" }, { 43, 80, "IBM-3278-4-E" },
        { 27, 132, "IBM-3279-5-E" },
    };
    for (size_t m = 0; m < sizeof models / sizeof models[0]; m++) {
        struct fx f;
        fx_setup(&f);
        struct term3270_info info = info_of(models[m].rows, models[m].cols, true, models[m].type);
        struct fterm *ft = ft_new(&info);
        struct device *d = bind(&f, 0x00C0, LOCALHOST, &info, ft);
        struct term3270_info got;
        ck_assert(dev3270_info(d, &got));
        ck_assert_str_eq(got.termtype, models[m].type);
        static const uint8_t query[] = { 0x00, 0x05, 0x01, 0xFF, 0x02 };
        ck_assert_uint_eq(cmd(&f, 0x00C0, D3270_WSF, query, sizeof query), US_CE | US_DE);
        ck_assert_uint_eq(ft->cmd, D3270_WSF);
        ft_answer(ft, d);
        ck_assert(wait_status(&f, 0x00C0));
        ck_assert_uint_eq(csw_us(&f), US_ATTN);
        ccw(&f, CCWS, D3270_RM, INBUF, CCW_SLI, 1024);
        ck_assert_uint_eq(run(&f, 0x00C0), US_CE | US_DE);
        const uint8_t *in = f.h.m.mainstor + INBUF;
        size_t n = 1024u - csw_count(&f);
        ck_assert_uint_eq(in[0], 0x88);
        const uint8_t *ua = find_qr(in, n, 0x81);
        ck_assert_ptr_nonnull(ua);
        ck_assert_uint_eq(be16(ua + 6), models[m].cols);
        ck_assert_uint_eq(be16(ua + 8), models[m].rows);
        const uint8_t *ip = find_qr(in, n, 0xA6);
        ck_assert_ptr_nonnull(ip);
        ck_assert_uint_eq(be16(ip + 9), 80);
        ck_assert_uint_eq(be16(ip + 11), 24);
        ck_assert_uint_eq(be16(ip + 13), models[m].cols);
        ck_assert_uint_eq(be16(ip + 15), models[m].rows);
        ck_assert_ptr_nonnull(find_qr(in, n, 0x86));     /* color */
        ck_assert_ptr_nonnull(find_qr(in, n, 0x87));     /* highlighting */
        dev3270_release(d);
        fx_done(&f);
        ft_free(ft);
    }
}
END_TEST

/* ---- the terminal goes away ------------------------------------------------------------ */

START_TEST(t_disconnect)
{
    struct fx f;
    fx_setup(&f);
    struct term3270_info info = info_of(24, 80, false, "IBM-3278-2");
    struct fterm *ft = ft_new(&info);
    struct device *d = bind(&f, 0x00C0, LOCALHOST, &info, ft);
    uint8_t b[64];
    uint16_t n = stream(b, 0xC3, 0, "X");
    ck_assert_uint_eq(cmd(&f, 0x00C0, D3270_W, b, n), US_CE | US_DE);
    /* A terminal that cannot take more: intervention required. */
    ft->fail = true;
    ck_assert_uint_eq(cmd(&f, 0x00C0, D3270_W, b, n), US_CE | US_DE | US_UC);
    ck_assert_uint_eq(sense_byte(&f, 0x00C0), SENSE_INTREQ);
    ft->fail = false;
    /* A read waiting for the terminal ends with intervention required when it leaves. */
    ccw(&f, CCWS, D3270_RB, INBUF, CCW_SLI, 100);
    ck_assert_int_eq(io(&f, "9C00", 0x00C0), 0);
    for (int i = 0; i < WAIT_MS && !ft->replied; i++) sleep_ms(1);
    dev3270_release(d);
    ck_assert(wait_status(&f, 0x00C0));
    ck_assert_uint_eq(csw_us(&f), US_CE | US_DE | US_UC);
    ck_assert_uint_eq(sense_byte(&f, 0x00C0), SENSE_INTREQ);
    /* Not ready from now on; an inbound record after release is ignored. */
    unsigned sends = ft->sends;
    ck_assert_uint_eq(cmd(&f, 0x00C0, D3270_EW, b, n), US_CE | US_DE | US_UC);
    ck_assert_uint_eq(sense_byte(&f, 0x00C0), SENSE_INTREQ);
    ck_assert_uint_eq(ft->sends, sends);
    static const uint8_t enter[] = { 0x7D, 0x40, 0x40 };
    dev3270_inbound(d, enter, sizeof enter);
    ck_assert_int_eq(io(&f, "9D00", 0x00C0), 0);
    ck_assert(!dev3270_info(d, &info));
    /* A new terminal takes it again: device end. */
    struct fterm *ft2 = ft_new(&info);
    bind(&f, 0x00C0, LOCALHOST, &info, ft2);
    ck_assert_uint_eq(cmd(&f, 0x00C0, D3270_EW, b, n), US_CE | US_DE);
    ck_assert_uint_eq(ft2->sends, 1);
    /* Detaching the device tells its terminal. */
    char err[128];
    ck_assert_int_eq(dev_detach(&f.h.m, 0x00C0, err, sizeof err), 0);
    ck_assert(ft2->detached);
    fx_done(&f);
    ft_free(ft);
    ft_free(ft2);
}
END_TEST

/* ---- the 3287 printer --------------------------------------------------------------- */

START_TEST(t_printer)
{
    struct fx f;
    fx_setup(&f);
    struct term3270_info info = info_of(24, 80, false, "IBM-3287-1");
    info.printer = true;
    struct fterm *ft = ft_new(&info);
    char err[256];
    ck_assert(dev3270_configured(&f.h.m, true));
    ck_assert(dev3270_configured(&f.h.m, false));
    /* A printer terminal gets the 3287, not a display. */
    struct device *d = dev3270_claim(&f.h.m, -1, LOCALHOST, &info, &ft_ops, ft, err, sizeof err);
    ck_assert_ptr_nonnull(d);
    ck_assert_uint_eq(d->devnum, 0x00C4);
    ck_assert(wait_status(&f, 0x00C4));
    uint8_t b[64];
    uint16_t n = stream(b, 0xC3, 0, "PRINT");
    ck_assert_uint_eq(cmd(&f, 0x00C4, D3270_EW, b, n), US_CE | US_DE);
    ck_assert_uint_eq(ft->cmd, D3270_EW);
    /* Reads are display commands: rejected. */
    ck_assert_uint_eq(cmd(&f, 0x00C4, D3270_RB, NULL, 10), US_CE | US_DE | US_UC);
    ck_assert_uint_eq(sense_byte(&f, 0x00C4), SENSE_CMDREJ);
    ck_assert_uint_eq(cmd(&f, 0x00C4, D3270_RM, NULL, 10), US_CE | US_DE | US_UC);
    /* A display terminal never gets the printer. */
    ck_assert_ptr_null(dev3270_claim(&f.h.m, 0x00C4, LOCALHOST,
                                     &(struct term3270_info){ .rows = 24, .cols = 80 },
                                     &ft_ops, ft, err, sizeof err));
    dev3270_release(d);
    fx_done(&f);
    ft_free(ft);
}
END_TEST

/* ---- which device a terminal gets ------------------------------------------------------ */

START_TEST(t_claim_rules)
{
    struct fx f;
    fx_setup(&f);
    struct term3270_info info = info_of(24, 80, false, "IBM-3278-2");
    struct fterm *ft[6];
    for (int i = 0; i < 6; i++) ft[i] = ft_new(&info);
    char err[256];
    /* Claim by name, or by number (-1: any), from ip for terminal ft. */
#define BY_NAME(name, ip, ft) \
    dev3270_claim_named(&f.h.m, name, ip, &info, &ft_ops, ft, err, sizeof err)
#define BY_NUM(num, ip, ft) dev3270_claim(&f.h.m, num, ip, &info, &ft_ops, ft, err, sizeof err)
    /* No name: the first free device without a group whose filter admits the
     * client; 00C3 only admits 10.1.x.x. */
    struct device *a = BY_NAME(NULL, LOCALHOST, ft[0]);
    struct device *b = BY_NAME("", LOCALHOST, ft[1]);
    ck_assert_uint_eq(a->devnum, 0x00C0);
    ck_assert_uint_eq(b->devnum, 0x00C1);
    ck_assert_int_eq(dev3270_reserve(&f.h.m, NULL, LOCALHOST, false, ft[5], err, sizeof err),
                     -1);
    ck_assert_str_eq(err, "no 3270 display is free");
    ck_assert_ptr_null(BY_NAME(NULL, LOCALHOST, ft[2]));
    /* The filter: 00C3 for a client from 10.1.2.3 (and 10.1.200.1), by number too. */
    ck_assert_ptr_null(BY_NUM(0x00C3, LOCALHOST, ft[2]));
    ck_assert_str_eq(err, "device 00C3 is not available to this address");
    struct device *c = BY_NAME(NULL, 0x0A01C801u, ft[2]);
    ck_assert_ptr_nonnull(c);
    ck_assert_uint_eq(c->devnum, 0x00C3);
    /* A group: by its name (any case), never without it. */
    ck_assert_int_eq(dev3270_reserve(&f.h.m, "OTHER", LOCALHOST, false, ft[5], err, sizeof err),
                     -1);
    ck_assert_str_eq(err, "no 3270 display of terminal group OTHER is free");
    struct device *g = BY_NAME("Lab", LOCALHOST, ft[3]);
    ck_assert_ptr_nonnull(g);
    ck_assert_uint_eq(g->devnum, 0x00C2);
    /* By number: that device or none; in use; not a display; too long a name. */
    ck_assert_ptr_null(BY_NAME("c0", LOCALHOST, ft[4]));
    ck_assert_str_eq(err, "device 00C0 is in use");
    ck_assert_ptr_null(BY_NAME("0099", LOCALHOST, ft[4]));
    ck_assert_str_eq(err, "device 0099 is not a 3270 display");
    ck_assert_ptr_null(BY_NAME("ABCDEFGHIJ", LOCALHOST, ft[4]));
    ck_assert_ptr_null(BY_NUM(0x10000, LOCALHOST, ft[4]));
    dev3270_release(a);
    struct device *again = BY_NUM(0x00C0, LOCALHOST, ft[4]);
    ck_assert_ptr_eq(again, a);
    /* devlist: group, filter, the client's address while bound. */
    char line[128];
    c->ops->describe(c, line, sizeof line);
    ck_assert_str_eq(line, "* 10.1.0.0 mask 255.255.0.0 10.1.200.1 open");
    g->ops->describe(g, line, sizeof line);
    ck_assert_str_eq(line, "LAB 127.0.0.1 open");
    dev3270_release(g);
    g->ops->describe(g, line, sizeof line);
    ck_assert_str_eq(line, "LAB");
    for (uint16_t dn = 0x00C0; dn <= 0x00C4; dn++) dev3270_release(dev_find(&f.h.m, dn));
    fx_done(&f);
    for (int i = 0; i < 6; i++) ft_free(ft[i]);
}
#undef BY_NAME
#undef BY_NUM
END_TEST

/* A device held for one terminal (TN3270E named it, or the logo is being sent) is in
 * use for every other one until its owner claims it or lets go. */
START_TEST(t_reserve)
{
    struct fx f;
    fx_setup(&f);
    struct term3270_info info = info_of(24, 80, false, "IBM-3278-2");
    struct fterm *a = ft_new(&info), *b = ft_new(&info);
    char err[256];
    ck_assert_int_eq(dev3270_reserve(&f.h.m, NULL, LOCALHOST, false, a, err, sizeof err), 0x00C0);
    /* Holding again is harmless; another terminal gets the next device, or none by
     * that number. */
    ck_assert_int_eq(dev3270_reserve(&f.h.m, "00C0", LOCALHOST, false, a, err, sizeof err), 0x00C0);
    ck_assert_int_eq(dev3270_reserve(&f.h.m, NULL, LOCALHOST, false, b, err, sizeof err), 0x00C1);
    ck_assert_ptr_null(dev3270_claim(&f.h.m, 0x00C0, LOCALHOST, &info, &ft_ops, b, err,
                                     sizeof err));
    ck_assert_str_eq(err, "device 00C0 is in use");
    ck_assert_int_eq(dev3270_reserve(&f.h.m, "00C0", LOCALHOST, false, b, err, sizeof err), -1);
    /* Its owner claims it; b lets go of 00C1, which is free again for anyone. */
    struct device *d = dev3270_claim(&f.h.m, 0x00C0, LOCALHOST, &info, &ft_ops, a, err, sizeof err);
    ck_assert_ptr_nonnull(d);
    dev3270_unreserve(&f.h.m, b);
    struct device *e = dev3270_claim(&f.h.m, -1, LOCALHOST, &info, &ft_ops, a, err, sizeof err);
    ck_assert_ptr_nonnull(e);
    ck_assert_uint_eq(e->devnum, 0x00C1);
    /* Released, a device is nobody's: the old owner's hold ended with its claim. */
    dev3270_release(d);
    ck_assert_int_eq(dev3270_reserve(&f.h.m, "00C0", LOCALHOST, false, b, err, sizeof err), 0x00C0);
    dev3270_unreserve(&f.h.m, b);
    dev3270_release(e);
    fx_done(&f);
    ft_free(a);
    ft_free(b);
}
END_TEST

START_TEST(t_bad_arguments)
{
    struct fx f;
    fx_setup(&f);
    char err[256];
    char *toolong[] = { "ABCDEFGHI" }, *punct[] = { "A-B" }, *badip[] = { "*", "10.1.2" },
         *extra[] = { "G", "10.0.0.1", "255.0.0.0", "x" };
    ck_assert_int_eq(dev_attach(&f.h.m, 0x0100, "3270", 1, toolong, err, sizeof err), -1);
    ck_assert_int_eq(dev_attach(&f.h.m, 0x0100, "3270", 1, punct, err, sizeof err), -1);
    ck_assert_int_eq(dev_attach(&f.h.m, 0x0100, "3270", 2, badip, err, sizeof err), -1);
    ck_assert_int_eq(dev_attach(&f.h.m, 0x0100, "3270", 4, extra, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "not understood"));
    fx_done(&f);
}
END_TEST

/* The telnet thread walks the device list (reserve, unreserve) while the operator
 * attaches and detaches devices: the walk must never follow a detached device. Under
 * AddressSanitizer (the CI's second build) a walk without the list's lock is a
 * use-after-free here. */
struct churn { struct machine *m; atomic_bool stop; unsigned rounds; };

static void *churn_devices(void *arg)
{
    struct churn *c = arg;
    char err[256];
    while (!atomic_load(&c->stop)) {
        for (uint16_t n = 0x00D0; n < 0x00D8; n++)
            ck_assert_int_eq(dev_attach(c->m, n, "3270", 0, NULL, err, sizeof err), 0);
        for (uint16_t n = 0x00D0; n < 0x00D8; n++)
            ck_assert_int_eq(dev_detach(c->m, n, err, sizeof err), 0);
        c->rounds++;
    }
    return NULL;
}

START_TEST(t_list_walk_while_detaching)
{
    struct fx f;
    fx_setup(&f);
    struct churn c = { &f.h.m, false, 0 };
    pthread_t th;
    ck_assert_int_eq(pthread_create(&th, NULL, churn_devices, &c), 0);
    char err[256];
    int owner;
    struct timespec t0, t;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    do {
        for (int i = 0; i < 200; i++) {
            /* The group no device has: every device of the list is looked at. */
            ck_assert_int_eq(dev3270_reserve(&f.h.m, "NOSUCH", LOCALHOST, false, &owner, err,
                                             sizeof err), -1);
            dev3270_unreserve(&f.h.m, &owner);
            ck_assert(dev3270_configured(&f.h.m, false));
        }
        clock_gettime(CLOCK_MONOTONIC, &t);
    } while (t.tv_sec - t0.tv_sec < 1 || c.rounds < 100);
    atomic_store(&c.stop, true);
    pthread_join(th, NULL);
    fx_done(&f);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("dev3270");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, t_not_ready_without_terminal);
    tcase_add_test(tc, t_writes);
    tcase_add_test(tc, t_read_buffer);
    tcase_add_test(tc, t_read_buffer_address);
    tcase_add_test(tc, t_attention_keys);
    tcase_add_test(tc, t_query);
    tcase_add_test(tc, t_disconnect);
    tcase_add_test(tc, t_printer);
    tcase_add_test(tc, t_claim_rules);
    tcase_add_test(tc, t_reserve);
    tcase_add_test(tc, t_list_walk_while_detaching);
    tcase_add_test(tc, t_bad_arguments);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
