/* test_dev3215.c - the 3215-C console through real channel programs (SIO, TIO, HIO),
 * operator input through the same panel routing as `s370 run`, and the console's
 * device commands: ipl from a small test reader, devlist, attach, detach, devinit. */
#include <stdlib.h>
#include <time.h>
#include "harness.h"
#include "channel/channel.h"
#include "console/console.h"
#include "devices/devices.h"
#include "devices/devtab.h"
#include "devices/ebcdic.h"

#define INSN 0x1000
#define CCWS 0x800
#define DATA 0x2000
#define CON "001F"

struct fx {
    struct harness h;
    FILE *out;
};

static void fx_setup(struct fx *f, bool sync)
{
    h_setup(&f->h, 1);
    f->out = tmpfile();
    ck_assert_ptr_nonnull(f->out);
    f->h.m.out = f->out;
    ck_assert_int_eq(chan_init(&f->h.m), 0);
    chan_set_sync(&f->h.m, sync);
    char err[256];
    char *args[] = { "/" };
    ck_assert_int_eq(dev_attach(&f->h.m, 0x001F, "3215-C", 1, args, err, sizeof err), 0);
    h_poke(&f->h, 0x48, "00000800");            /* CAW: key 0, CCWs at 800 */
}

static void fx_done(struct fx *f)
{
    chan_shutdown(&f->h.m);
    dev_detach_all(&f->h.m);
    h_teardown(&f->h);
    fclose(f->out);
}

/* Everything the console printed so far (static buffer). */
static const char *output(struct fx *f)
{
    static char buf[8192];
    fflush(f->out);
    long pos = ftell(f->out);
    rewind(f->out);
    size_t n = fread(buf, 1, sizeof buf - 1, f->out);
    buf[n] = 0;
    fseek(f->out, pos, SEEK_SET);
    return buf;
}

static void ccw(struct fx *f, uint32_t at, uint8_t cmd, uint32_t data, uint8_t flags, uint16_t count)
{
    uint8_t *p = f->h.m.mainstor + at;
    p[0] = cmd;
    p[1] = (uint8_t)(data >> 16); p[2] = (uint8_t)(data >> 8); p[3] = (uint8_t)data;
    p[4] = flags; p[5] = 0;
    put16(p + 6, count);
}

static void put_ebcdic(struct fx *f, uint32_t at, const char *s)
{
    for (size_t i = 0; s[i]; i++) f->h.m.mainstor[at + i] = ascii_to_ebcdic((uint8_t)s[i]);
}

static int io(struct fx *f, const char *hex)
{
    ck_assert_int_eq(h_exec(&f->h, INSN, hex), 0);
    return f->h.c->psw.cc;
}

static uint64_t csw(struct fx *f) { return be64(f->h.m.mainstor + 0x40); }
static uint8_t csw_us(struct fx *f) { return f->h.m.mainstor[0x44]; }
static uint8_t csw_cs(struct fx *f) { return f->h.m.mainstor[0x45]; }
static uint16_t csw_count(struct fx *f) { return (uint16_t)(csw(f) & 0xFFFF); }

/* Start the program at CCWS on the console and take its interruption (sync mode). */
static void run(struct fx *f)
{
    ck_assert_int_eq(io(f, "9C00" CON), 0);
    ck_assert_int_eq(io(f, "9D00" CON), 1);
}

static void sleep_ms(unsigned ms)
{
    struct timespec ts = { 0, (long)ms * 1000000L };
    nanosleep(&ts, NULL);
}

static bool wait_output(struct fx *f, const char *what)
{
    for (int i = 0; i < 2000; i++) {
        if (strstr(output(f), what)) return true;
        sleep_ms(1);
    }
    return false;
}

/* TIO until the subchannel is no longer working; the final condition code. */
static int wait_tio(struct fx *f)
{
    int cc = 2;
    for (int i = 0; i < 2000 && cc == 2; i++) {
        cc = io(f, "9D00" CON);
        if (cc == 2) sleep_ms(1);
    }
    return cc;
}

/* ---- output ---------------------------------------------------------------------- */

START_TEST(t_write_cr)
{
    struct fx f;
    fx_setup(&f, true);
    put_ebcdic(&f, DATA, "Hello, World!");
    ccw(&f, CCWS, 0x09, DATA, 0, 13);
    run(&f);
    ck_assert_int_eq(csw_us(&f), US_CE | US_DE);
    ck_assert_int_eq(csw_cs(&f), 0);
    ck_assert_int_eq(csw_count(&f), 0);
    ck_assert_str_eq(output(&f), "Hello, World!\n");
    fx_done(&f);
}
END_TEST

/* Write without carriage return leaves the line open; the next write continues it. An
 * EBCDIC new line (X'15') inside the data starts a new line. */
START_TEST(t_write_nocr)
{
    struct fx f;
    fx_setup(&f, true);
    put_ebcdic(&f, DATA, "ENTER: ");
    put_ebcdic(&f, DATA + 0x10, "abc");
    f.h.m.mainstor[DATA + 0x13] = 0x15;
    put_ebcdic(&f, DATA + 0x14, "def");
    ccw(&f, CCWS, 0x01, DATA, CCW_CC, 7);
    ccw(&f, CCWS + 8, 0x09, DATA + 0x10, 0, 7);
    run(&f);
    ck_assert_int_eq(csw_us(&f), US_CE | US_DE);
    ck_assert_str_eq(output(&f), "ENTER: abc\ndef\n");
    fx_done(&f);
}
END_TEST

START_TEST(t_nop_alarm)
{
    struct fx f;
    fx_setup(&f, true);
    ccw(&f, CCWS, 0x03, 0, CCW_CC | CCW_SLI, 1);
    ccw(&f, CCWS + 8, 0x0B, 0, CCW_SLI, 1);
    run(&f);
    ck_assert_int_eq(csw_us(&f), US_CE | US_DE);
    ck_assert_int_eq(csw_cs(&f), 0);
    ck_assert_str_eq(output(&f), "");
    fx_done(&f);
}
END_TEST

/* ---- invalid commands and sense ---------------------------------------------------- */

START_TEST(t_command_reject)
{
    static const uint8_t bad[] = { 0x02, 0xE4, 0x07, 0x0C, 0x05 };
    struct fx f;
    fx_setup(&f, true);
    for (unsigned i = 0; i < sizeof bad; i++) {
        ccw(&f, CCWS, bad[i], DATA, CCW_SLI, 8);
        run(&f);
        ck_assert_int_eq(csw_us(&f), US_CE | US_DE | US_UC);
        ccw(&f, CCWS, 0x04, DATA, 0, 1);
        f.h.m.mainstor[DATA] = 0xAA;
        run(&f);
        ck_assert_int_eq(csw_us(&f), US_CE | US_DE);
        ck_assert_int_eq(csw_count(&f), 0);
        ck_assert_int_eq(f.h.m.mainstor[DATA], SENSE_CMDREJ);
    }
    /* sense is reset once read */
    run(&f);
    ck_assert_int_eq(f.h.m.mainstor[DATA], 0);
    fx_done(&f);
}
END_TEST

/* ---- input ------------------------------------------------------------------------------ */

/* A line typed with no read pending presents attention; the next read takes it,
 * translated to EBCDIC, with the residual count of a short record. */
START_TEST(t_attention_then_read)
{
    struct fx f;
    fx_setup(&f, true);
    ck_assert_int_eq(con_command(&f.h.m, "/Hi there"), 0);
    ck_assert_ptr_nonnull(strstr(output(&f), "/(001F) Hi there\n"));
    ck_assert_int_eq(io(&f, "9D00" CON), 1);
    ck_assert_int_eq(csw_us(&f), US_ATTN);
    ck_assert_int_eq(io(&f, "9D00" CON), 0);
    ccw(&f, CCWS, 0x0A, DATA, CCW_SLI, 20);
    run(&f);
    ck_assert_int_eq(csw_us(&f), US_CE | US_DE);
    ck_assert_int_eq(csw_cs(&f), 0);
    ck_assert_int_eq(csw_count(&f), 20 - 8);
    static const uint8_t want[] = { 0xC8, 0x89, 0x40, 0xA3, 0x88, 0x85, 0x99, 0x85 };
    ck_assert_mem_eq(f.h.m.mainstor + DATA, want, sizeof want);
    ck_assert_ptr_nonnull(strstr(output(&f), "HHC1C001A Enter input for console device 001F\n"));
    fx_done(&f);
}
END_TEST

/* Incorrect length without SLI, both ways; the channel decides from the residual. */
START_TEST(t_read_lengths)
{
    struct fx f;
    fx_setup(&f, true);
    ck_assert_int_eq(con_command(&f.h.m, "/abcdefgh"), 0);
    ck_assert_int_eq(con_command(&f.h.m, "/xy"), 0);
    ck_assert_int_eq(io(&f, "9D00" CON), 1);            /* attention */
    ccw(&f, CCWS, 0x0A, DATA, 0, 4);
    memset(f.h.m.mainstor + DATA, 0, 16);
    run(&f);
    ck_assert_int_eq(csw_us(&f), US_CE | US_DE);
    ck_assert_int_eq(csw_cs(&f), CS_IL);
    ck_assert_int_eq(csw_count(&f), 0);
    static const uint8_t abcd[] = { 0x81, 0x82, 0x83, 0x84, 0 };
    ck_assert_mem_eq(f.h.m.mainstor + DATA, abcd, 5);
    /* the second line is still queued: attention asks for another read */
    ck_assert_int_eq(io(&f, "9D00" CON), 1);
    ck_assert_int_eq(csw_us(&f), US_ATTN);
    ccw(&f, CCWS, 0x0A, DATA, 0, 4);
    run(&f);
    ck_assert_int_eq(csw_cs(&f), CS_IL);
    ck_assert_int_eq(csw_count(&f), 2);
    fx_done(&f);
}
END_TEST

/* The prefix alone is a valid, empty reply to a pending read (how operators answer
 * prompts). */
START_TEST(t_read_empty_line)
{
    struct fx f;
    fx_setup(&f, false);
    ccw(&f, CCWS, 0x0A, DATA, CCW_SLI, 80);
    ck_assert_int_eq(io(&f, "9C00" CON), 0);
    ck_assert(wait_output(&f, "HHC1C001A"));
    ck_assert_int_eq(con_command(&f.h.m, "/"), 0);
    ck_assert_int_eq(wait_tio(&f), 1);
    ck_assert_int_eq(csw_us(&f), US_CE | US_DE);
    ck_assert_int_eq(csw_count(&f), 80);
    fx_done(&f);
}
END_TEST

/* With no read pending, the prefix alone is the REQUEST key: attention, and nothing
 * is kept for the next read (as the OS/VS1 standalone utilities expect). */
START_TEST(t_request_key)
{
    struct fx f;
    fx_setup(&f, false);
    ck_assert_int_eq(con_command(&f.h.m, "/"), 0);
    ck_assert_int_eq(wait_tio(&f), 1);
    ck_assert_int_eq(csw_us(&f), US_ATTN);
    ccw(&f, CCWS, 0x0A, DATA, CCW_SLI, 80);
    ck_assert_int_eq(io(&f, "9C00" CON), 0);
    ck_assert(wait_output(&f, "HHC1C001A"));
    ck_assert_int_eq(io(&f, "9D00" CON), 2);             /* the read still waits */
    ck_assert_int_eq(con_command(&f.h.m, "/A"), 0);
    ck_assert_int_eq(wait_tio(&f), 1);
    ck_assert_int_eq(csw_count(&f), 79);
    ck_assert_int_eq(f.h.m.mainstor[DATA], 0xC1);
    fx_done(&f);
}
END_TEST

/* A read waits on its I/O thread until the operator types. */
START_TEST(t_read_waits)
{
    struct fx f;
    fx_setup(&f, false);
    ccw(&f, CCWS, 0x0A, DATA, CCW_SLI, 80);
    ck_assert_int_eq(io(&f, "9C00" CON), 0);
    ck_assert(wait_output(&f, "HHC1C001A"));
    ck_assert_int_eq(io(&f, "9D00" CON), 2);
    con_command(&f.h.m, "/\xc3\xa9t\xc3\xa9 \xe2\x82\xac");        /* été € */
    ck_assert_int_eq(wait_tio(&f), 1);
    ck_assert_int_eq(csw_us(&f), US_CE | US_DE);
    ck_assert_int_eq(csw_count(&f), 80 - 5);
    static const uint8_t want[] = { 0x51, 0xA3, 0x51, 0x40, 0x3F };
    ck_assert_mem_eq(f.h.m.mainstor + DATA, want, sizeof want);
    ck_assert_int_eq(io(&f, "9D00" CON), 0);             /* no attention: a read took it */
    fx_done(&f);
}
END_TEST

/* HALT I/O ends a waiting read; input typed afterwards presents attention. */
START_TEST(t_read_halted)
{
    struct fx f;
    fx_setup(&f, false);
    ccw(&f, CCWS, 0x0A, DATA, CCW_SLI, 80);
    ck_assert_int_eq(io(&f, "9C00" CON), 0);
    ck_assert(wait_output(&f, "HHC1C001A"));
    ck_assert_int_eq(io(&f, "9E00" CON), 1);
    ck_assert_int_eq(wait_tio(&f), 1);
    ck_assert(csw_us(&f) & US_CE);
    ck_assert_int_eq(csw_count(&f), 80);
    ck_assert(chan_wait_idle(&f.h.m, 2000));
    con_command(&f.h.m, "/later");
    ck_assert_int_eq(io(&f, "9D00" CON), 1);
    ck_assert_int_eq(csw_us(&f), US_ATTN);
    fx_done(&f);
}
END_TEST

/* Prefixes route lines: the longest prefix wins, other lines are commands. */
START_TEST(t_routing)
{
    struct fx f;
    fx_setup(&f, true);
    char err[256];
    char *args[] = { "//", "noprompt" };
    ck_assert_int_eq(dev_attach(&f.h.m, 0x0009, "1052-C", 2, args, err, sizeof err), 0);
    const char *text;
    ck_assert_ptr_eq(con3215_route(&f.h.m, "//x", &text), dev_find(&f.h.m, 0x0009));
    ck_assert_str_eq(text, "x");
    ck_assert_ptr_eq(con3215_route(&f.h.m, "/x", &text), dev_find(&f.h.m, 0x001F));
    ck_assert_ptr_null(con3215_route(&f.h.m, "psw", &text));
    con_command(&f.h.m, "//r 00,u");
    ck_assert_ptr_nonnull(strstr(output(&f), "//(0009) r 00,u\n"));
    ck_assert_int_eq(io(&f, "9D000009"), 1);
    ck_assert_int_eq(csw_us(&f), US_ATTN);
    ck_assert_int_eq(io(&f, "9D00" CON), 0);
    ccw(&f, CCWS, 0x0A, DATA, CCW_SLI, 80);
    ck_assert_int_eq(io(&f, "9C000009"), 0);
    ck_assert_int_eq(io(&f, "9D000009"), 1);
    ck_assert_int_eq(csw_count(&f), 80 - 6);
    ck_assert_ptr_null(strstr(output(&f), "HHC1C001A Enter input for console device 0009"));
    fx_done(&f);
}
END_TEST

START_TEST(t_bad_args)
{
    struct fx f;
    fx_setup(&f, true);
    char err[256];
    char *args[] = { "/", "what" };
    ck_assert_int_eq(dev_attach(&f.h.m, 0x0009, "3215-C", 2, args, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "what"));
    fx_done(&f);
}
END_TEST

/* ---- console commands ---------------------------------------------------------------- */

/* A reader that hands out its cards from memory, or unit check when empty. */
struct trdr {
    uint8_t cards[4][80];
    unsigned n, next;
};

static int trdr_init(struct machine *m, struct device *d, int argc, char **argv, char *err, size_t len)
{
    (void)m; (void)argv; (void)err; (void)len;
    d->priv = calloc(1, sizeof(struct trdr));
    ((struct trdr *)d->priv)->n = (unsigned)argc;
    return 0;
}

static uint8_t trdr_exec(struct device *d, uint8_t cmd, uint8_t flags, uint8_t *buf, uint32_t count,
                         int32_t *res)
{
    (void)flags;
    struct trdr *t = d->priv;
    *res = (int32_t)count;
    if (cmd == 0x04) return dev_basic_sense(d, buf, count, res);
    if ((cmd & 3) != 2) return dev_command_reject(d, res, count);
    if (t->next >= t->n) {
        uint8_t s = SENSE_INTREQ;
        dev_set_sense(d, &s, 1);
        return US_CE | US_DE | US_UC;
    }
    memcpy(buf, t->cards[t->next++], count < 80 ? count : 80);
    *res = (int32_t)count - 80;
    return US_CE | US_DE;
}

static void trdr_describe(const struct device *d, char *buf, size_t len)
{
    const struct trdr *t = d->priv;
    snprintf(buf, len, "%u cards", t->n);
}

static void trdr_close(struct device *d)
{
    free(d->priv);
    d->priv = NULL;
}

static const struct dev_ops trdr_ops = {
    .init = trdr_init, .execute_ccw = trdr_exec, .describe = trdr_describe, .close = trdr_close,
};
static const struct dev_type trdr_types[] = { { "3505", &trdr_ops }, { NULL, NULL } };

static struct trdr *attach_reader(struct fx *f, unsigned ncards)
{
    char err[256];
    char *args[] = { "a", "b", "c", "d" };
    ck_assert_int_eq(dev_attach_from(&f->h.m, trdr_types, 0x000C, "3505", (int)ncards, args, err,
                                     sizeof err), 0);
    return dev_find(&f->h.m, 0x000C)->priv;
}

/* IPL: the record's PSW (BC mode) gets the device address in bytes 2-3 and at 186;
 * the CCW at 8 reads the second card. */
START_TEST(t_ipl_bc)
{
    struct fx f;
    fx_setup(&f, false);
    struct trdr *t = attach_reader(&f, 2);
    static const uint8_t rec[24] = {
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x00,     /* IPL PSW: BC, IA 4000 */
        0x02, 0x00, 0x40, 0x00, 0x20, 0x00, 0x00, 0x50,     /* read 80 at 4000, SLI */
        0, 0, 0, 0, 0, 0, 0, 0,
    };
    memcpy(t->cards[0], rec, 24);
    memset(t->cards[1], 0x07, 80);
    ck_assert_int_eq(con_command(&f.h.m, "ipl 00c ab1"), 0);
    ck_assert_int_eq(atomic_load(&f.h.c->state), CPU_OPERATING);
    ck_assert_int_eq(f.h.c->psw.ia, 0x4000);
    ck_assert(!f.h.c->psw.ec);
    ck_assert_int_eq(f.h.c->psw.intcode, 0x000C);
    ck_assert_int_eq(be16(f.h.m.mainstor + 2), 0x000C);
    ck_assert_int_eq(be16(f.h.m.mainstor + 0xBA), 0x000C);
    ck_assert_int_eq(f.h.m.mainstor[0x4000], 0x07);
    ck_assert_str_eq(f.h.m.cfg.loadparm, "AB1");
    fx_done(&f);
}
END_TEST

/* An EC-mode IPL PSW keeps bytes 2-3; the address is at 186-187 only. */
START_TEST(t_ipl_ec)
{
    struct fx f;
    fx_setup(&f, false);
    struct trdr *t = attach_reader(&f, 2);
    static const uint8_t rec[24] = {
        0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x50, 0x00,     /* IPL PSW: EC, IA 5000 */
        0x02, 0x00, 0x60, 0x00, 0x20, 0x00, 0x00, 0x50,     /* read 80 at 6000, SLI */
    };
    memcpy(t->cards[0], rec, 24);
    ck_assert_int_eq(con_command(&f.h.m, "ipl 000C"), 0);
    ck_assert_int_eq(atomic_load(&f.h.c->state), CPU_OPERATING);
    ck_assert(f.h.c->psw.ec);
    ck_assert_int_eq(f.h.c->psw.ia, 0x5000);
    ck_assert_int_eq(be16(f.h.m.mainstor + 2), 0);
    ck_assert_int_eq(be16(f.h.m.mainstor + 0xBA), 0x000C);
    fx_done(&f);
}
END_TEST

START_TEST(t_ipl_failures)
{
    struct fx f;
    fx_setup(&f, false);
    struct trdr *t = attach_reader(&f, 0);
    con_command(&f.h.m, "ipl 00c");
    ck_assert_ptr_nonnull(strstr(output(&f), "HHCCP029E S/370 mode IPL failed: CSW status=0E00\n"
                                             "           Sense=40\n"));
    ck_assert_int_ne(atomic_load(&f.h.c->state), CPU_OPERATING);
    con_command(&f.h.m, "ipl 01f");            /* the console rejects read IPL */
    ck_assert_ptr_nonnull(strstr(output(&f), "Sense=80\n"));
    con_command(&f.h.m, "ipl 0123");
    ck_assert_ptr_nonnull(strstr(output(&f), "HHCCP027E Device 0123 not in configuration\n"));
    t->n = 2;
    t->next = 0;
    static const uint8_t bad[16] = {
        0x80, 0x08, 0x00, 0x00, 0x00, 0x00, 0x50, 0x00,     /* EC PSW with bit 0 on */
        0x02, 0x00, 0x60, 0x00, 0x20, 0x00, 0x00, 0x50,
    };
    memcpy(t->cards[0], bad, 16);
    con_command(&f.h.m, "ipl 00c");
    ck_assert_ptr_nonnull(strstr(output(&f), "HHCCP030E S/370 mode IPL failed: Invalid IPL PSW: "
                                             "80080000 00005000\n"));
    ck_assert_int_ne(atomic_load(&f.h.c->state), CPU_OPERATING);
    con_command(&f.h.m, "ipl");
    ck_assert_ptr_nonnull(strstr(output(&f), "HHC02201E Device number missing\n"));
    con_command(&f.h.m, "ipl 00c toolongparm");
    ck_assert_ptr_nonnull(strstr(output(&f), "loadparm has at most 8 characters"));
    fx_done(&f);
}
END_TEST

START_TEST(t_device_commands)
{
    struct fx f;
    fx_setup(&f, true);
    attach_reader(&f, 2);
    con_command(&f.h.m, "devlist");
    ck_assert_str_eq(output(&f), "0:000C 3505 2 cards\n0:001F 3215 *syscons cmdpref(/)\n");
    con_command(&f.h.m, "attach 0020 3215-C + noprompt");
    con_command(&f.h.m, "devlist 20");
    ck_assert_ptr_nonnull(strstr(output(&f), "0:0020 3215 *syscons cmdpref(+) noprompt\n"));
    con_command(&f.h.m, "attach 0020 3215-C");
    ck_assert_ptr_nonnull(strstr(output(&f), "HHCCF041E Device 0:0020 already exists\n"));
    con_command(&f.h.m, "attach 0021 9999");
    ck_assert_ptr_nonnull(strstr(output(&f), "HHCCF042E Device type 9999 not recognized\n"));
    con_command(&f.h.m, "attach 0021 3215-C / bad");
    ck_assert_ptr_nonnull(strstr(output(&f), "HHCCF044E Initialization failed for device 0021"));
    con_command(&f.h.m, "attach 0021");
    ck_assert_ptr_nonnull(strstr(output(&f), "HHC02202E Missing argument(s)"));
    con_command(&f.h.m, "devinit 0020 %");
    ck_assert_ptr_nonnull(strstr(output(&f), "HHCPN098I Device 0:0020 initialized\n"));
    con_command(&f.h.m, "devinit 0020 % what");
    ck_assert_ptr_nonnull(strstr(output(&f), "HHCPN097E Initialization failed for device 0:0020"));
    con_command(&f.h.m, "devlist 0020");
    ck_assert_ptr_nonnull(strstr(output(&f), "0:0020 3215 *syscons cmdpref(%)\n"));
    con_command(&f.h.m, "devinit 0033");
    ck_assert_ptr_nonnull(strstr(output(&f), "HHCPN093E Device 0:0033 does not exist\n"));
    con_command(&f.h.m, "detach 0020");
    ck_assert_ptr_nonnull(strstr(output(&f), "HHCCF047I Device 0020 detached\n"));
    ck_assert_ptr_null(dev_find(&f.h.m, 0x0020));
    con_command(&f.h.m, "detach 0020");
    ck_assert_ptr_nonnull(strstr(output(&f), "HHCCF046E Device 0:0020 does not exist\n"));
    con_command(&f.h.m, "detach xyz");
    ck_assert_ptr_nonnull(strstr(output(&f), "HHC02205E Invalid argument xyz\n"));
    fx_done(&f);
}
END_TEST

/* A console with a read in progress cannot be detached or reinitialised. */
START_TEST(t_busy_device)
{
    struct fx f;
    fx_setup(&f, false);
    ccw(&f, CCWS, 0x0A, DATA, CCW_SLI, 80);
    ck_assert_int_eq(io(&f, "9C00" CON), 0);
    ck_assert(wait_output(&f, "HHC1C001A"));
    con_command(&f.h.m, "detach 001f");
    ck_assert_ptr_nonnull(strstr(output(&f), "HHCPN096E Device 0:001F busy"));
    con_command(&f.h.m, "devinit 001f");
    ck_assert_ptr_nonnull(strstr(output(&f), "HHCPN096E Device 0:001F busy or interrupt pending\n"));
    con_command(&f.h.m, "devlist");
    ck_assert_ptr_nonnull(strstr(output(&f), "0:001F 3215 *syscons cmdpref(/) busy\n"));
    con_command(&f.h.m, "/done");
    ck_assert_int_eq(wait_tio(&f), 1);
    fx_done(&f);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("dev3215");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, t_write_cr);
    tcase_add_test(tc, t_write_nocr);
    tcase_add_test(tc, t_nop_alarm);
    tcase_add_test(tc, t_command_reject);
    tcase_add_test(tc, t_attention_then_read);
    tcase_add_test(tc, t_request_key);
    tcase_add_test(tc, t_read_lengths);
    tcase_add_test(tc, t_read_empty_line);
    tcase_add_test(tc, t_read_waits);
    tcase_add_test(tc, t_read_halted);
    tcase_add_test(tc, t_routing);
    tcase_add_test(tc, t_bad_args);
    tcase_add_test(tc, t_ipl_bc);
    tcase_add_test(tc, t_ipl_ec);
    tcase_add_test(tc, t_ipl_failures);
    tcase_add_test(tc, t_device_commands);
    tcase_add_test(tc, t_busy_device);
    suite_add_tcase(s, tc);
    SRunner *r = srunner_create(s);
    srunner_run_all(r, CK_NORMAL);
    int f = srunner_ntests_failed(r);
    srunner_free(r);
    return f ? 1 : 0;
}
