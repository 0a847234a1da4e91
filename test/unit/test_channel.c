/* test_channel.c - the channel subsystem through the real I/O instructions: condition
 * codes, CSW contents, chaining, channel program checks, interruption presentation,
 * the asynchronous I/O threads. A memory-backed test device type stands in for a
 * device model. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>
#include "harness.h"
#include "channel/channel.h"
#include "devices/devtab.h"

/* ---- the test device ------------------------------------------------------------ */

/* Commands: 01 write (kept), 02 read / 0C read backward (the record), 03 no-op,
 * 04 sense, 13 control ending with channel end only, 27 command reject, 37 answers
 * busy, 43 status modifier, 53 unit exception, 63 blocks until released or halted,
 * 73 takes 2 ms;
 * immediate commands (the device says so) 0B ending with CE DE, 1B with CE alone. */
struct tdev {
    uint8_t rec[256];
    uint32_t reclen;
    uint8_t wbuf[256];
    uint32_t wlen;
    uint8_t cmds[32];
    unsigned ncmds;
    uint8_t lastflags;
    bool select_busy;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool release, halted;
    _Atomic bool blocked;          /* read by the test thread */
    bool reset_at_end;             /* an I/O-system reset as the next program ends */
};

static int t_init(struct machine *m, struct device *d, int argc, char **argv, char *err, size_t len)
{
    (void)m; (void)argc; (void)argv; (void)err; (void)len;
    struct tdev *t = calloc(1, sizeof *t);
    for (int i = 0; i < 256; i++) t->rec[i] = (uint8_t)(0xC0 + i);
    t->reclen = 16;
    pthread_mutex_init(&t->mu, NULL);
    pthread_cond_init(&t->cv, NULL);
    d->priv = t;
    return 0;
}

static uint8_t t_block(struct tdev *t)
{
    pthread_mutex_lock(&t->mu);
    t->blocked = true;
    while (!t->release && !t->halted) pthread_cond_wait(&t->cv, &t->mu);
    bool h = t->halted;
    pthread_mutex_unlock(&t->mu);
    return h ? (US_CE | US_DE | US_UE) : (US_CE | US_DE);
}

static uint8_t t_exec(struct device *d, uint8_t cmd, uint8_t flags, uint8_t *buf, uint32_t count,
                      int32_t *res)
{
    struct tdev *t = d->priv;
    if (t->ncmds < 32) t->cmds[t->ncmds++] = cmd;
    t->lastflags = flags;
    uint32_t n = count < t->reclen ? count : t->reclen;
    *res = (int32_t)count;
    switch (cmd) {
    case 0x01:
        memcpy(t->wbuf, buf, count < 256 ? count : 256);
        t->wlen = count;
        *res = 0;
        return US_CE | US_DE;
    case 0x02:
        memcpy(buf, t->rec, n);
        *res = (int32_t)count - (int32_t)t->reclen;
        return US_CE | US_DE;
    case 0x0C:
        for (uint32_t j = 0; j < n; j++) buf[j] = t->rec[t->reclen - 1 - j];
        *res = (int32_t)count - (int32_t)t->reclen;
        return US_CE | US_DE;
    case 0x03: return US_CE | US_DE;
    case 0x04: return dev_basic_sense(d, buf, count, res);
    case 0x13: return US_CE;
    case 0x0B: return US_CE | US_DE;
    case 0x1B: return US_CE;
    case 0x37: return US_BUSY;
    case 0x43: return US_CE | US_DE | US_SM;
    case 0x53: return US_CE | US_DE | US_UE;
    case 0x63: return t_block(t);
    case 0x73: nanosleep(&(struct timespec){ 0, 2000000 }, NULL); return US_CE | US_DE;
    default: return dev_command_reject(d, res, count);
    }
}

static uint8_t t_select(struct device *d)
{
    struct tdev *t = d->priv;
    return t->select_busy ? (US_BUSY | US_SM) : 0;
}

static void t_halt(struct device *d)
{
    struct tdev *t = d->priv;
    pthread_mutex_lock(&t->mu);
    t->halted = true;
    pthread_cond_broadcast(&t->cv);
    pthread_mutex_unlock(&t->mu);
}

static bool t_immediate(const struct device *d, uint8_t cmd)
{
    (void)d;
    return cmd == 0x0B || cmd == 0x1B;
}

static void t_close(struct device *d)
{
    free(d->priv);
}

/* The reset lands after the last command ended and before the program's ending
 * status is made pending: the window between chan_end_command and chan_conclude. */
static uint8_t t_program_end(struct device *d)
{
    struct tdev *t = d->priv;
    if (t->reset_at_end) {
        t->reset_at_end = false;
        chan_reset(d->m);
    }
    return 0;
}

static const struct dev_ops tdev_ops = {
    .init = t_init, .execute_ccw = t_exec, .select = t_select, .immediate = t_immediate,
    .halt = t_halt, .program_end = t_program_end, .close = t_close,
};
static const struct dev_type test_types[] = { { "TDEV", &tdev_ops }, { NULL, NULL } };

/* ---- fixture ------------------------------------------------------------------ */

#define INSN 0x1000
#define CCWS 0x800
#define DATA 0x2000

struct fx {
    struct harness h;
    struct tdev *t;        /* device 0190 */
};

static void attach(struct fx *f, uint16_t num)
{
    char err[128];
    ck_assert_int_eq(dev_attach_from(&f->h.m, test_types, num, "TDEV", 0, NULL, err, sizeof err), 0);
}

static void fx_setup(struct fx *f, bool sync)
{
    h_setup(&f->h, 1);
    ck_assert_int_eq(chan_init(&f->h.m), 0);
    chan_set_sync(&f->h.m, sync);
    attach(f, 0x0190);
    attach(f, 0x0191);
    attach(f, 0x0290);
    attach(f, 0x0790);
    f->t = dev_find(&f->h.m, 0x0190)->priv;
    h_poke(&f->h, 0x48, "00000800");            /* CAW: key 0, CCWs at 800 */
    h_poke(&f->h, 0x78, "0000000000003000");    /* I/O new PSW: disabled, 3000 */
}

static void fx_done(struct fx *f)
{
    chan_shutdown(&f->h.m);
    dev_detach_all(&f->h.m);
    h_teardown(&f->h);
}

static struct tdev *tdev_of(struct fx *f, uint16_t num) { return dev_find(&f->h.m, num)->priv; }

static void ccw(struct fx *f, uint32_t at, uint8_t cmd, uint32_t data, uint8_t flags, uint16_t count)
{
    uint8_t *p = f->h.m.mainstor + at;
    p[0] = cmd;
    p[1] = (uint8_t)(data >> 16); p[2] = (uint8_t)(data >> 8); p[3] = (uint8_t)data;
    p[4] = flags; p[5] = 0;
    put16(p + 6, count);
}

/* Execute one I/O instruction; returns its condition code. */
static int io(struct fx *f, const char *hex)
{
    ck_assert_int_eq(h_exec(&f->h, INSN, hex), 0);
    return f->h.c->psw.cc;
}

static uint64_t csw(struct fx *f) { return be64(f->h.m.mainstor + 0x40); }
static uint8_t *mem(struct fx *f, uint32_t a) { return f->h.m.mainstor + a; }

#define SIO(n) "9C00" n
#define TIO(n) "9D00" n
#define CLRIO(n) "9D01" n
#define HIO(n) "9E00" n
#define HDV(n) "9E01" n

/* Run a program on 0190 and return the CSW of its interruption (by TIO). */
static uint64_t run(struct fx *f)
{
    ck_assert_int_eq(io(f, SIO("0190")), 0);
    ck_assert_int_eq(io(f, TIO("0190")), 1);
    return csw(f);
}

/* ---- not operational ----------------------------------------------------------- */

START_TEST(t_no_subsystem)
{
    struct harness h;
    h_setup(&h, 1);
    static const char *insns[] = { "9C000190", "9C010190", "9D000190", "9D010190",
                                   "9E000190", "9E010190", "9F000100", "B2030100" };
    for (unsigned i = 0; i < 8; i++) {
        ck_assert_int_eq(h_exec(&h, INSN, insns[i]), 0);
        ck_assert_int_eq(h.c->psw.cc, 3);
    }
    ck_assert(!chan_present_interrupt(h.c));
    h_teardown(&h);
}
END_TEST

static const char *const cc3_insns[] = {
    SIO("0195"), "9C010195", TIO("0195"), CLRIO("0195"), HIO("0195"), HDV("0195"),
    "9F000300", "B2030300",
};

START_TEST(t_cc3_no_device)
{
    struct fx f;
    fx_setup(&f, true);
    ck_assert_int_eq(io(&f, cc3_insns[_i]), 3);
    fx_done(&f);
}
END_TEST

/* ---- TCH, STIDC ------------------------------------------------------------------ */

START_TEST(t_tch_available)
{
    struct fx f;
    fx_setup(&f, true);
    ck_assert_int_eq(io(&f, "9F000100"), 0);
    ck_assert_int_eq(io(&f, "9F000700"), 0);
    fx_done(&f);
}
END_TEST

START_TEST(t_tch_pending)
{
    struct fx f;
    fx_setup(&f, true);
    ccw(&f, CCWS, 0x03, 0, 0, 1);
    ck_assert_int_eq(io(&f, SIO("0190")), 0);
    ck_assert_int_eq(io(&f, "9F000100"), 1);
    ck_assert_int_eq(io(&f, "9F000200"), 0);
    ck_assert_int_eq(io(&f, TIO("0190")), 1);
    ck_assert_int_eq(io(&f, "9F000100"), 0);
    fx_done(&f);
}
END_TEST

START_TEST(t_stidc)
{
    struct fx f;
    fx_setup(&f, true);
    ck_assert_int_eq(io(&f, "B2030100"), 0);
    ck_assert_uint_eq(be32(mem(&f, 0xA8)), 0x20000000);
    attach(&f, 0x000E);
    ck_assert_int_eq(io(&f, "B2030000"), 0);
    ck_assert_uint_eq(be32(mem(&f, 0xA8)), 0x10000000);
    fx_done(&f);
}
END_TEST

/* ---- START I/O: data transfer and the CSW --------------------------------------------- */

START_TEST(t_sio_write)
{
    struct fx f;
    fx_setup(&f, true);
    h_poke(&f.h, DATA, "0102030405");
    ccw(&f, CCWS, 0x01, DATA, 0, 5);
    ck_assert_uint_eq(run(&f), 0x000008080C000000ull);
    ck_assert_int_eq(f.t->wlen, 5);
    ck_assert_mem_eq(f.t->wbuf, "\x01\x02\x03\x04\x05", 5);
    ck_assert_int_eq(io(&f, TIO("0190")), 0);
    fx_done(&f);
}
END_TEST

START_TEST(t_sio_read_exact)
{
    struct fx f;
    fx_setup(&f, true);
    ccw(&f, CCWS, 0x02, DATA, 0, 16);
    ck_assert_uint_eq(run(&f), 0x000008080C000000ull);
    ck_assert_int_eq(mem(&f, DATA)[0], 0xC0);
    ck_assert_int_eq(mem(&f, DATA)[15], 0xCF);
    ck_assert_int_eq(mem(&f, DATA)[16], 0);
    fx_done(&f);
}
END_TEST

START_TEST(t_sio_read_short_record_il)
{
    struct fx f;
    fx_setup(&f, true);
    ccw(&f, CCWS, 0x02, DATA, 0, 20);
    ck_assert_uint_eq(run(&f), 0x000008080C400004ull);
    fx_done(&f);
}
END_TEST

START_TEST(t_sio_read_short_record_sli)
{
    struct fx f;
    fx_setup(&f, true);
    ccw(&f, CCWS, 0x02, DATA, CCW_SLI, 20);
    ck_assert_uint_eq(run(&f), 0x000008080C000004ull);
    fx_done(&f);
}
END_TEST

START_TEST(t_sio_read_long_record_il)
{
    struct fx f;
    fx_setup(&f, true);
    ccw(&f, CCWS, 0x02, DATA, 0, 8);
    ck_assert_uint_eq(run(&f), 0x000008080C400000ull);
    ck_assert_int_eq(mem(&f, DATA)[7], 0xC7);
    ck_assert_int_eq(mem(&f, DATA)[8], 0);
    fx_done(&f);
}
END_TEST

START_TEST(t_sio_read_long_record_sli)
{
    struct fx f;
    fx_setup(&f, true);
    ccw(&f, CCWS, 0x02, DATA, CCW_SLI, 8);
    ck_assert_uint_eq(run(&f), 0x000008080C000000ull);
    fx_done(&f);
}
END_TEST

START_TEST(t_sio_nop_immediate_no_il)
{
    struct fx f;
    fx_setup(&f, true);
    ccw(&f, CCWS, 0x03, DATA, 0, 1);
    ck_assert_uint_eq(run(&f), 0x000008080C000001ull);
    fx_done(&f);
}
END_TEST

START_TEST(t_sio_key_in_csw)
{
    struct fx f;
    fx_setup(&f, true);
    h_poke(&f.h, 0x48, "30000800");
    f.h.m.keys[DATA >> 11] = 0x30;
    ccw(&f, CCWS, 0x02, DATA, 0, 16);
    ck_assert_uint_eq(run(&f), 0x300008080C000000ull);
    fx_done(&f);
}
END_TEST

START_TEST(t_sio_unit_exception)
{
    struct fx f;
    fx_setup(&f, true);
    ccw(&f, CCWS, 0x53, 0, 0, 1);
    ck_assert_uint_eq(run(&f), 0x000008080D000001ull);
    fx_done(&f);
}
END_TEST

START_TEST(t_sio_unit_check_sense)
{
    struct fx f;
    fx_setup(&f, true);
    ccw(&f, CCWS, 0x27, 0, 0, 1);
    ck_assert_uint_eq(run(&f), 0x000008080E000001ull);
    ccw(&f, CCWS, 0x04, DATA, 0, 1);
    ck_assert_uint_eq(run(&f), 0x000008080C000000ull);
    ck_assert_int_eq(mem(&f, DATA)[0], SENSE_CMDREJ);
    fx_done(&f);
}
END_TEST

START_TEST(t_sio_ref_change_bits)
{
    struct fx f;
    fx_setup(&f, true);
    f.h.m.keys[DATA >> 11] = 0;
    f.h.m.keys[0x3000 >> 11] = 0;
    ccw(&f, CCWS, 0x02, DATA, CCW_CC, 16);
    ccw(&f, CCWS + 8, 0x01, 0x3000, 0, 4);
    run(&f);
    ck_assert_int_eq(f.h.m.keys[DATA >> 11], SK_REF | SK_CHG);
    ck_assert_int_eq(f.h.m.keys[0x3000 >> 11], SK_REF);
    fx_done(&f);
}
END_TEST

START_TEST(t_sio_caw_prefixed)
{
    struct fx f;
    fx_setup(&f, true);
    f.h.c->prefix = 0x10000;
    h_poke(&f.h, 0x10048, "00000900");
    ccw(&f, 0x900, 0x03, 0, 0, 1);
    ck_assert_int_eq(io(&f, SIO("0190")), 0);
    ck_assert_int_eq(io(&f, TIO("0190")), 1);
    ck_assert_uint_eq(be64(mem(&f, 0x10040)), 0x000009080C000001ull);
    fx_done(&f);
}
END_TEST

/* ---- START I/O: condition codes 1 and 2 ----------------------------------------------- */

START_TEST(t_sio_cc2_pending)
{
    struct fx f;
    fx_setup(&f, true);
    ccw(&f, CCWS, 0x03, 0, 0, 1);
    ck_assert_int_eq(io(&f, SIO("0190")), 0);
    ck_assert_int_eq(io(&f, SIO("0190")), 2);
    ck_assert_int_eq(io(&f, SIO("0191")), 0);   /* other subchannels are free */
    fx_done(&f);
}
END_TEST

START_TEST(t_sio_cc2_working)
{
    struct fx f;
    fx_setup(&f, true);
    ccw(&f, CCWS, 0x13, 0, CCW_CC, 1);           /* channel end, waits for device end */
    ccw(&f, CCWS + 8, 0x03, 0, 0, 1);
    ck_assert_int_eq(io(&f, SIO("0190")), 0);
    ck_assert_int_eq(io(&f, SIO("0190")), 2);
    ck_assert_int_eq(io(&f, TIO("0190")), 2);
    fx_done(&f);
}
END_TEST

START_TEST(t_sio_cc1_device_pending)
{
    struct fx f;
    fx_setup(&f, true);
    chan_device_status(dev_find(&f.h.m, 0x190), US_ATTN);
    memset(mem(&f, 0x40), 0xEE, 8);
    ccw(&f, CCWS, 0x03, 0, 0, 1);
    ck_assert_int_eq(io(&f, SIO("0190")), 1);
    ck_assert_uint_eq(csw(&f), 0xEEEEEEEE9000EEEEull);   /* status portion only */
    ck_assert_int_eq(io(&f, TIO("0190")), 0);           /* the condition was cleared */
    ck_assert_int_eq(f.t->ncmds, 0);
    fx_done(&f);
}
END_TEST

START_TEST(t_sio_cc1_device_busy)
{
    struct fx f;
    fx_setup(&f, true);
    ccw(&f, CCWS, 0x13, 0, 0, 1);
    ck_assert_uint_eq(run(&f), 0x0000080808000001ull);   /* channel end alone */
    ck_assert_int_eq(io(&f, SIO("0190")), 1);
    ck_assert_int_eq(mem(&f, 0x44)[0], US_BUSY);
    ck_assert_int_eq(mem(&f, 0x45)[0], 0);
    fx_done(&f);
}
END_TEST

START_TEST(t_sio_cc1_control_unit_busy)
{
    struct fx f;
    fx_setup(&f, true);
    f.t->select_busy = true;
    ccw(&f, CCWS, 0x03, 0, 0, 1);
    ck_assert_int_eq(io(&f, SIO("0190")), 1);
    ck_assert_int_eq(mem(&f, 0x44)[0], US_BUSY | US_SM);
    ck_assert_int_eq(f.t->ncmds, 0);
    fx_done(&f);
}
END_TEST

/* ---- START I/O of an immediate command ------------------------------------------------ */

/* PoO (START I/O, condition code 1): an immediate operation started with no command
 * chaining ends within the instruction: the CSW is stored, the subchannel is free and
 * no interruption condition is generated. OS/VS1's NIP polls the printer with SIO,
 * disabled, and loops for ever if the skip it started stays pending instead. Loop 0
 * runs the deterministic channel, loop 1 the I/O threads. */
START_TEST(t_sio_immediate)
{
    struct fx f;
    fx_setup(&f, _i == 0);
    memset(mem(&f, 0x40), 0xEE, 8);
    ccw(&f, CCWS, 0x0B, DATA, CCW_SLI, 1);
    ck_assert_int_eq(io(&f, SIO("0190")), 1);
    ck_assert_uint_eq(csw(&f), 0x000008080C000001ull);
    ck_assert_int_eq(f.t->ncmds, 1);
    ck_assert(!chan_present_interrupt(f.h.c));
    ck_assert_int_eq(io(&f, TIO("0190")), 0);
    ck_assert_int_eq(io(&f, SIO("0190")), 1);        /* and again, at once */
    fx_done(&f);
}
END_TEST

/* Channel end alone: the device stays busy, its device end comes later as an
 * interruption condition in the device. */
START_TEST(t_sio_immediate_device_end_later)
{
    struct fx f;
    fx_setup(&f, _i == 0);
    ccw(&f, CCWS, 0x1B, DATA, 0, 1);
    ck_assert_int_eq(io(&f, SIO("0190")), 1);
    ck_assert_uint_eq(csw(&f), 0x0000080808000001ull);
    ck_assert_int_eq(io(&f, SIO("0190")), 1);        /* device busy */
    ck_assert_int_eq(mem(&f, 0x44)[0], US_BUSY);
    chan_device_status(dev_find(&f.h.m, 0x190), US_DE);
    ck_assert_int_eq(io(&f, TIO("0190")), 1);
    ck_assert_uint_eq(csw(&f), 0x0000000004000000ull);
    ck_assert_int_eq(io(&f, TIO("0190")), 0);
    fx_done(&f);
}
END_TEST

/* With command chaining, or a PCI flag, the operation goes on: condition code 0, and
 * the interruption at its end; a command the device does not call immediate too. */
static uint64_t run_idle(struct fx *f)
{
    ck_assert_int_eq(io(f, SIO("0190")), 0);
    ck_assert(chan_wait_idle(&f->h.m, 5000));
    ck_assert_int_eq(io(f, TIO("0190")), 1);
    return csw(f);
}

START_TEST(t_sio_immediate_not_alone)
{
    struct fx f;
    fx_setup(&f, _i == 0);
    ccw(&f, CCWS, 0x0B, 0, CCW_CC, 1);
    ccw(&f, CCWS + 8, 0x01, DATA, 0, 4);
    ck_assert_uint_eq(run_idle(&f), 0x000008100C000000ull);
    ccw(&f, CCWS, 0x0B, 0, CCW_PCI, 1);
    ck_assert_uint_eq(run_idle(&f), 0x000008080C800001ull);
    ccw(&f, CCWS, 0x03, 0, 0, 1);
    ck_assert_uint_eq(run_idle(&f), 0x000008080C000001ull);
    fx_done(&f);
}
END_TEST

/* CAW and first-CCW checks: condition code 1, program or protection check. */
struct first_case { const char *caw; uint8_t cmd, flags; uint16_t count; uint8_t skey; uint8_t cs; uint32_t addr; };
static const struct first_case first_cases[] = {
    { "01000800", 0x03, 0, 1, 0, CS_PROGC, 0x808 },      /* CAW bits 4-7 */
    { "00000804", 0x03, 0, 1, 0, CS_PROGC, 0x80C },      /* CCW address not aligned */
    { "00F00000", 0x03, 0, 1, 0, CS_PROGC, 0xF00008 },   /* beyond storage */
    { "00000800", 0x03, 0, 0, 0, CS_PROGC, 0x808 },      /* count 0 */
    { "00000800", 0x00, 0, 1, 0, CS_PROGC, 0x808 },      /* command xxxx0000 */
    { "00000800", 0x10, 0, 1, 0, CS_PROGC, 0x808 },
    { "00000800", 0x03, 0x01, 1, 0, CS_PROGC, 0x808 },   /* flag bits 38-39 */
    { "00000800", 0x03, 0x02, 1, 0, CS_PROGC, 0x808 },
    { "30000800", 0x03, 0, 1, 0x58, CS_PROTC, 0x808 },   /* fetch-protected CCW */
};

START_TEST(t_sio_first_ccw_checks)
{
    const struct first_case *k = &first_cases[_i];
    struct fx f;
    fx_setup(&f, true);
    h_poke(&f.h, 0x48, k->caw);
    f.h.m.keys[CCWS >> 11] = k->skey;
    ccw(&f, CCWS, k->cmd, DATA, k->flags, k->count);
    ck_assert_int_eq(io(&f, SIO("0190")), 1);
    uint64_t v = csw(&f);
    ck_assert_uint_eq((v >> 32) & 0xFFFFFF, k->addr);
    ck_assert_uint_eq((v >> 16) & 0xFFFF, k->cs);          /* unit status 0 */
    ck_assert_int_eq(f.t->ncmds, 0);
    ck_assert_int_eq(io(&f, TIO("0190")), 0);              /* nothing pending */
    fx_done(&f);
}
END_TEST

START_TEST(t_sio_key_mismatch_fetch_unprotected)
{
    struct fx f;
    fx_setup(&f, true);
    h_poke(&f.h, 0x48, "30000800");
    f.h.m.keys[0] = 0x50;                         /* not fetch protected */
    f.h.m.keys[DATA >> 11] = 0x50;
    ccw(&f, CCWS, 0x01, DATA, 0, 4);
    ck_assert_uint_eq(run(&f), 0x300008080C000000ull);
    fx_done(&f);
}
END_TEST

/* ---- data-area checks ---------------------------------------------------------------- */

START_TEST(t_read_store_protected)
{
    struct fx f;
    fx_setup(&f, true);
    h_poke(&f.h, 0x48, "30000800");
    f.h.m.keys[DATA >> 11] = 0x50;
    ccw(&f, CCWS, 0x02, DATA, 0, 16);
    ck_assert_uint_eq(run(&f), 0x300008080C100010ull);
    ck_assert_int_eq(mem(&f, DATA)[0], 0);
    fx_done(&f);
}
END_TEST

START_TEST(t_read_key0_ignores_protection)
{
    struct fx f;
    fx_setup(&f, true);
    f.h.m.keys[DATA >> 11] = 0x58;
    ccw(&f, CCWS, 0x02, DATA, 0, 16);
    ck_assert_uint_eq(run(&f), 0x000008080C000000ull);
    ck_assert_int_eq(mem(&f, DATA)[0], 0xC0);
    fx_done(&f);
}
END_TEST

START_TEST(t_write_fetch_protected)
{
    struct fx f;
    fx_setup(&f, true);
    h_poke(&f.h, 0x48, "30000800");
    f.h.m.keys[DATA >> 11] = 0x58;
    ccw(&f, CCWS, 0x01, DATA, 0, 4);
    ck_assert_uint_eq(run(&f), 0x300008080C100004ull);
    fx_done(&f);
}
END_TEST

START_TEST(t_read_beyond_storage)
{
    struct fx f;
    fx_setup(&f, true);
    ccw(&f, CCWS, 0x02, 0x200000, 0, 16);
    ck_assert_uint_eq(run(&f), 0x000008080C200010ull);
    fx_done(&f);
}
END_TEST

START_TEST(t_read_crossing_end_of_storage)
{
    struct fx f;
    fx_setup(&f, true);
    ccw(&f, CCWS, 0x02, 0xFFFF8, 0, 16);
    ck_assert_uint_eq(run(&f), 0x000008080C200008ull);
    ck_assert_int_eq(mem(&f, 0xFFFFF)[0], 0xC7);
    fx_done(&f);
}
END_TEST

START_TEST(t_read_check_not_reached)
{
    struct fx f;
    fx_setup(&f, true);
    ccw(&f, CCWS, 0x02, 0xFFFF0, CCW_SLI, 32);   /* record ends before storage does */
    ck_assert_uint_eq(run(&f), 0x000008080C000010ull);
    fx_done(&f);
}
END_TEST

/* ---- command chaining ------------------------------------------------------------------ */

START_TEST(t_command_chain)
{
    struct fx f;
    fx_setup(&f, true);
    h_poke(&f.h, 0x3000, "AABB");
    ccw(&f, CCWS, 0x01, 0x3000, CCW_CC, 2);
    ccw(&f, CCWS + 8, 0x02, DATA, 0, 16);
    ck_assert_uint_eq(run(&f), 0x000008100C000000ull);
    ck_assert_int_eq(f.t->ncmds, 2);
    ck_assert_int_eq(f.t->wlen, 2);
    ck_assert_int_eq(mem(&f, DATA)[0], 0xC0);
    fx_done(&f);
}
END_TEST

START_TEST(t_chain_flag_seen_by_device)
{
    struct fx f;
    fx_setup(&f, true);
    ccw(&f, CCWS, 0x03, 0, CCW_CC, 1);
    ccw(&f, CCWS + 8, 0x03, 0, 0, 1);
    run(&f);
    ck_assert_int_eq(f.t->ncmds, 2);
    ck_assert(dev_find(&f.h.m, 0x190)->chained);
    ck_assert_int_eq(f.t->lastflags & CCW_CC, 0);
    fx_done(&f);
}
END_TEST

START_TEST(t_chain_stops_on_unit_check)
{
    struct fx f;
    fx_setup(&f, true);
    ccw(&f, CCWS, 0x27, 0, CCW_CC, 1);
    ccw(&f, CCWS + 8, 0x03, 0, 0, 1);
    ck_assert_uint_eq(run(&f), 0x000008080E000001ull);
    ck_assert_int_eq(f.t->ncmds, 1);
    fx_done(&f);
}
END_TEST

START_TEST(t_chain_stops_on_unit_exception)
{
    struct fx f;
    fx_setup(&f, true);
    ccw(&f, CCWS, 0x53, 0, CCW_CC, 1);
    ccw(&f, CCWS + 8, 0x03, 0, 0, 1);
    ck_assert_uint_eq(run(&f), 0x000008080D000001ull);
    ck_assert_int_eq(f.t->ncmds, 1);
    fx_done(&f);
}
END_TEST

START_TEST(t_chain_stops_on_incorrect_length)
{
    struct fx f;
    fx_setup(&f, true);
    ccw(&f, CCWS, 0x02, DATA, CCW_CC, 20);
    ccw(&f, CCWS + 8, 0x03, 0, 0, 1);
    ck_assert_uint_eq(run(&f), 0x000008080C400004ull);
    ck_assert_int_eq(f.t->ncmds, 1);
    fx_done(&f);
}
END_TEST

START_TEST(t_chain_sli_goes_on)
{
    struct fx f;
    fx_setup(&f, true);
    ccw(&f, CCWS, 0x02, DATA, CCW_CC | CCW_SLI, 20);
    ccw(&f, CCWS + 8, 0x03, 0, 0, 1);
    ck_assert_uint_eq(run(&f), 0x000008100C000001ull);
    ck_assert_int_eq(f.t->ncmds, 2);
    fx_done(&f);
}
END_TEST

START_TEST(t_status_modifier_skips)
{
    struct fx f;
    fx_setup(&f, true);
    ccw(&f, CCWS, 0x43, 0, CCW_CC, 1);
    ccw(&f, CCWS + 8, 0x01, DATA, CCW_CC, 1);    /* skipped */
    ccw(&f, CCWS + 16, 0x03, 0, 0, 1);
    ck_assert_uint_eq(run(&f), 0x000008180C000001ull);
    ck_assert_int_eq(f.t->ncmds, 2);
    ck_assert_int_eq(f.t->cmds[1], 0x03);
    fx_done(&f);
}
END_TEST

START_TEST(t_status_modifier_without_chaining)
{
    struct fx f;
    fx_setup(&f, true);
    ccw(&f, CCWS, 0x43, 0, 0, 1);
    ck_assert_uint_eq(run(&f), 0x000008084C000001ull);
    fx_done(&f);
}
END_TEST

START_TEST(t_busy_on_chained_command)
{
    struct fx f;
    fx_setup(&f, true);
    ccw(&f, CCWS, 0x03, 0, CCW_CC, 1);
    ccw(&f, CCWS + 8, 0x37, 0, 0, 1);
    ck_assert_uint_eq(run(&f), 0x0000081010000001ull);
    fx_done(&f);
}
END_TEST

START_TEST(t_chained_ccw_invalid)
{
    struct fx f;
    fx_setup(&f, true);
    ccw(&f, CCWS, 0x03, 0, CCW_CC, 1);
    ccw(&f, CCWS + 8, 0x03, 0, 0, 0);           /* count 0 */
    uint64_t v = run(&f);
    ck_assert_uint_eq(v >> 16, 0x000008100C20ull);
    ck_assert_int_eq(f.t->ncmds, 1);
    fx_done(&f);
}
END_TEST

START_TEST(t_chained_invalid_command)
{
    struct fx f;
    fx_setup(&f, true);
    ccw(&f, CCWS, 0x03, 0, CCW_CC, 1);
    ccw(&f, CCWS + 8, 0xF0, 0, 0, 1);
    ck_assert_uint_eq(run(&f) >> 16, 0x000008100C20ull);
    fx_done(&f);
}
END_TEST

START_TEST(t_chain_beyond_storage)
{
    struct fx f;
    fx_setup(&f, true);
    ccw(&f, CCWS, 0x03, 0, CCW_CC, 1);
    ccw(&f, CCWS + 8, 0x08, 0x200000, 0, 0);     /* TIC out of storage */
    ck_assert_uint_eq(run(&f) >> 16, 0x000008100C20ull);
    fx_done(&f);
}
END_TEST

/* ---- TIC ---------------------------------------------------------------------------------- */

START_TEST(t_tic)
{
    struct fx f;
    fx_setup(&f, true);
    ccw(&f, CCWS, 0x03, 0, CCW_CC, 1);
    ccw(&f, CCWS + 8, 0x08, 0x900, 0, 0);
    ccw(&f, 0x900, 0x02, DATA, 0, 16);
    ck_assert_uint_eq(run(&f), 0x000009080C000000ull);
    ck_assert_int_eq(f.t->ncmds, 2);
    fx_done(&f);
}
END_TEST

START_TEST(t_tic_first)
{
    struct fx f;
    fx_setup(&f, true);
    ccw(&f, CCWS, 0x18, 0x900, 0xFF, 0xFFFF);     /* flags and count of a TIC are ignored */
    ccw(&f, 0x900, 0x03, 0, 0, 1);
    ck_assert_uint_eq(run(&f), 0x000009080C000001ull);
    fx_done(&f);
}
END_TEST

START_TEST(t_tic_to_tic)
{
    struct fx f;
    fx_setup(&f, true);
    ccw(&f, CCWS, 0x03, 0, CCW_CC, 1);
    ccw(&f, CCWS + 8, 0x08, 0x900, 0, 0);
    ccw(&f, 0x900, 0x08, 0xA00, 0, 0);
    ck_assert_uint_eq(run(&f) >> 16, 0x000009080C20ull);
    fx_done(&f);
}
END_TEST

START_TEST(t_tic_to_tic_first)
{
    struct fx f;
    fx_setup(&f, true);
    ccw(&f, CCWS, 0x08, 0x900, 0, 0);
    ccw(&f, 0x900, 0x08, 0xA00, 0, 0);
    ck_assert_int_eq(io(&f, SIO("0190")), 1);
    ck_assert_uint_eq(csw(&f) >> 16, 0x000009080020ull);
    fx_done(&f);
}
END_TEST

START_TEST(t_tic_unaligned)
{
    struct fx f;
    fx_setup(&f, true);
    ccw(&f, CCWS, 0x08, 0x904, 0, 0);
    ck_assert_int_eq(io(&f, SIO("0190")), 1);
    ck_assert_uint_eq(csw(&f) >> 16, 0x000008080020ull);
    fx_done(&f);
}
END_TEST

/* ---- data chaining, skip ---------------------------------------------------------------- */

START_TEST(t_data_chain_read)
{
    struct fx f;
    fx_setup(&f, true);
    ccw(&f, CCWS, 0x02, DATA, CCW_CD, 8);
    ccw(&f, CCWS + 8, 0x00, 0x3000, 0, 8);       /* command ignored in a data chain */
    ck_assert_uint_eq(run(&f), 0x000008100C000000ull);
    ck_assert_int_eq(mem(&f, DATA)[7], 0xC7);
    ck_assert_int_eq(mem(&f, DATA)[8], 0);
    ck_assert_int_eq(mem(&f, 0x3000)[0], 0xC8);
    ck_assert_int_eq(mem(&f, 0x3000)[7], 0xCF);
    ck_assert_int_eq(f.t->ncmds, 1);
    fx_done(&f);
}
END_TEST

START_TEST(t_data_chain_write)
{
    struct fx f;
    fx_setup(&f, true);
    h_poke(&f.h, DATA, "0102");
    h_poke(&f.h, 0x3000, "030405");
    ccw(&f, CCWS, 0x01, DATA, CCW_CD, 2);
    ccw(&f, CCWS + 8, 0x01, 0x3000, 0, 3);
    ck_assert_uint_eq(run(&f), 0x000008100C000000ull);
    ck_assert_int_eq(f.t->wlen, 5);
    ck_assert_mem_eq(f.t->wbuf, "\x01\x02\x03\x04\x05", 5);
    fx_done(&f);
}
END_TEST

START_TEST(t_data_chain_short_record)
{
    struct fx f;
    fx_setup(&f, true);
    ccw(&f, CCWS, 0x02, DATA, CCW_CD, 8);
    ccw(&f, CCWS + 8, 0x02, 0x3000, 0, 16);
    ck_assert_uint_eq(run(&f), 0x000008100C400008ull);
    fx_done(&f);
}
END_TEST

START_TEST(t_data_chain_ends_early)
{
    struct fx f;
    fx_setup(&f, true);
    f.t->reclen = 4;
    ccw(&f, CCWS, 0x02, DATA, CCW_CD | CCW_SLI, 8);
    ccw(&f, CCWS + 8, 0x02, 0x3000, 0, 8);
    ck_assert_uint_eq(run(&f), 0x000008080C000004ull);   /* ended in the first CCW */
    fx_done(&f);
}
END_TEST

START_TEST(t_data_chain_bad_ccw_reached)
{
    struct fx f;
    fx_setup(&f, true);
    ccw(&f, CCWS, 0x02, DATA, CCW_CD, 8);
    ccw(&f, CCWS + 8, 0x02, 0x3000, 0x03, 8);    /* invalid flags */
    ck_assert_uint_eq(run(&f) >> 16, 0x000008100C20ull);
    ck_assert_int_eq(mem(&f, DATA)[7], 0xC7);
    fx_done(&f);
}
END_TEST

START_TEST(t_data_chain_bad_ccw_not_reached)
{
    struct fx f;
    fx_setup(&f, true);
    f.t->reclen = 8;
    ccw(&f, CCWS, 0x02, DATA, CCW_CD, 8);
    ccw(&f, CCWS + 8, 0x02, 0x3000, 0x03, 8);
    ck_assert_uint_eq(run(&f), 0x000008080C000000ull);
    fx_done(&f);
}
END_TEST

START_TEST(t_skip)
{
    struct fx f;
    fx_setup(&f, true);
    ccw(&f, CCWS, 0x02, DATA, CCW_SKIP, 16);
    ck_assert_uint_eq(run(&f), 0x000008080C000000ull);
    ck_assert_int_eq(mem(&f, DATA)[0], 0);
    ck_assert_int_eq(f.h.m.keys[DATA >> 11] & SK_CHG, 0);
    fx_done(&f);
}
END_TEST

START_TEST(t_skip_in_data_chain)
{
    struct fx f;
    fx_setup(&f, true);
    ccw(&f, CCWS, 0x02, 0x200000, CCW_CD | CCW_SKIP, 8);   /* never checked */
    ccw(&f, CCWS + 8, 0x02, DATA, 0, 8);
    ck_assert_uint_eq(run(&f), 0x000008100C000000ull);
    ck_assert_int_eq(mem(&f, DATA)[0], 0xC8);
    fx_done(&f);
}
END_TEST

START_TEST(t_skip_ignored_on_write)
{
    struct fx f;
    fx_setup(&f, true);
    h_poke(&f.h, DATA, "77");
    ccw(&f, CCWS, 0x01, DATA, CCW_SKIP, 1);
    run(&f);
    ck_assert_int_eq(f.t->wbuf[0], 0x77);
    fx_done(&f);
}
END_TEST

/* ---- IDA, read backward ------------------------------------------------------------------ */

START_TEST(t_ida_read)
{
    struct fx f;
    fx_setup(&f, true);
    h_poke(&f.h, 0x3000, "000047F8 00006000");
    ccw(&f, CCWS, 0x02, 0x3000, CCW_IDA, 16);
    ck_assert_uint_eq(run(&f), 0x000008080C000000ull);
    ck_assert_int_eq(mem(&f, 0x47F8)[0], 0xC0);
    ck_assert_int_eq(mem(&f, 0x47FF)[0], 0xC7);
    ck_assert_int_eq(mem(&f, 0x4800)[0], 0);
    ck_assert_int_eq(mem(&f, 0x6000)[0], 0xC8);
    ck_assert_int_eq(mem(&f, 0x6007)[0], 0xCF);
    fx_done(&f);
}
END_TEST

START_TEST(t_ida_write)
{
    struct fx f;
    fx_setup(&f, true);
    h_poke(&f.h, 0x3000, "000047FE 00006000");
    h_poke(&f.h, 0x47FE, "0102");
    h_poke(&f.h, 0x6000, "03");
    ccw(&f, CCWS, 0x01, 0x3000, CCW_IDA, 3);
    run(&f);
    ck_assert_mem_eq(f.t->wbuf, "\x01\x02\x03", 3);
    fx_done(&f);
}
END_TEST

START_TEST(t_ida_second_not_aligned)
{
    struct fx f;
    fx_setup(&f, true);
    h_poke(&f.h, 0x3000, "000047F8 00006010");
    ccw(&f, CCWS, 0x02, 0x3000, CCW_IDA, 16);
    ck_assert_uint_eq(run(&f), 0x000008080C200008ull);
    ck_assert_int_eq(mem(&f, 0x47FF)[0], 0xC7);
    fx_done(&f);
}
END_TEST

START_TEST(t_ida_high_bits)
{
    struct fx f;
    fx_setup(&f, true);
    h_poke(&f.h, 0x3000, "01004000");
    ccw(&f, CCWS, 0x02, 0x3000, CCW_IDA, 16);
    ck_assert_uint_eq(run(&f), 0x000008080C200010ull);
    fx_done(&f);
}
END_TEST

START_TEST(t_read_backward)
{
    struct fx f;
    fx_setup(&f, true);
    ccw(&f, CCWS, 0x0C, DATA + 0xFF, 0, 16);
    ck_assert_uint_eq(run(&f), 0x000008080C000000ull);
    ck_assert_int_eq(mem(&f, DATA + 0xF0)[0], 0xC0);
    ck_assert_int_eq(mem(&f, DATA + 0xFF)[0], 0xCF);
    ck_assert_int_eq(mem(&f, DATA + 0xEF)[0], 0);
    fx_done(&f);
}
END_TEST

/* ---- PCI ----------------------------------------------------------------------------------- */

START_TEST(t_pci_merged_into_final_csw)
{
    struct fx f;
    fx_setup(&f, true);
    ccw(&f, CCWS, 0x03, 0, CCW_PCI, 1);
    ck_assert_uint_eq(run(&f), 0x000008080C800001ull);
    fx_done(&f);
}
END_TEST

START_TEST(t_pci_intermediate_interruption)
{
    struct fx f;
    fx_setup(&f, true);
    ccw(&f, CCWS, 0x13, 0, CCW_CC | CCW_PCI, 1);
    ccw(&f, CCWS + 8, 0x03, 0, 0, 1);
    ck_assert_int_eq(io(&f, SIO("0190")), 0);
    ck_assert_int_eq(io(&f, TIO("0190")), 2);
    f.h.c->psw.sysmask = 0xFF;
    cpu_masks_changed(f.h.c);
    ck_assert_int_eq(h_step(&f.h), 0);
    ck_assert_uint_eq(f.h.c->psw.ia, 0x3000);
    ck_assert_uint_eq(csw(&f), 0x0000080800800001ull);
    f.h.c->psw.sysmask = 0;
    ck_assert_int_eq(io(&f, TIO("0190")), 2);            /* still working */
    chan_device_status(dev_find(&f.h.m, 0x190), US_DE);
    ck_assert_int_eq(io(&f, TIO("0190")), 1);
    ck_assert_uint_eq(csw(&f), 0x000008100C000001ull);   /* no PCI any more */
    fx_done(&f);
}
END_TEST

/* ---- channel end, device end later ------------------------------------------------------- */

START_TEST(t_ce_then_de)
{
    struct fx f;
    fx_setup(&f, true);
    ccw(&f, CCWS, 0x13, 0, 0, 1);
    ck_assert_uint_eq(run(&f), 0x0000080808000001ull);
    ck_assert_int_eq(io(&f, TIO("0190")), 1);            /* device busy */
    ck_assert_int_eq(mem(&f, 0x44)[0], US_BUSY);
    chan_device_status(dev_find(&f.h.m, 0x190), US_DE);
    ck_assert_int_eq(io(&f, TIO("0190")), 1);
    ck_assert_uint_eq(csw(&f), 0x0000000004000000ull);
    ck_assert_int_eq(io(&f, TIO("0190")), 0);
    fx_done(&f);
}
END_TEST

START_TEST(t_ce_then_de_chaining)
{
    struct fx f;
    fx_setup(&f, true);
    ccw(&f, CCWS, 0x13, 0, CCW_CC, 1);
    ccw(&f, CCWS + 8, 0x02, DATA, 0, 16);
    ck_assert_int_eq(io(&f, SIO("0190")), 0);
    ck_assert_int_eq(f.t->ncmds, 1);
    chan_device_status(dev_find(&f.h.m, 0x190), US_DE);
    ck_assert_int_eq(f.t->ncmds, 2);
    ck_assert_int_eq(io(&f, TIO("0190")), 1);
    ck_assert_uint_eq(csw(&f), 0x000008100C000000ull);
    fx_done(&f);
}
END_TEST

START_TEST(t_de_with_unit_check_stops_chain)
{
    struct fx f;
    fx_setup(&f, true);
    ccw(&f, CCWS, 0x13, 0, CCW_CC, 1);
    ccw(&f, CCWS + 8, 0x02, DATA, 0, 16);
    ck_assert_int_eq(io(&f, SIO("0190")), 0);
    chan_device_status(dev_find(&f.h.m, 0x190), US_DE | US_UC);
    ck_assert_int_eq(f.t->ncmds, 1);
    ck_assert_int_eq(io(&f, TIO("0190")), 1);
    ck_assert_uint_eq(csw(&f), 0x000008080E000001ull);
    fx_done(&f);
}
END_TEST

/* ---- TEST I/O ---------------------------------------------------------------------------- */

START_TEST(t_tio_idle)
{
    struct fx f;
    fx_setup(&f, true);
    memset(mem(&f, 0x40), 0xEE, 8);
    ck_assert_int_eq(io(&f, TIO("0190")), 0);
    ck_assert_uint_eq(csw(&f), 0xEEEEEEEEEEEEEEEEull);
    fx_done(&f);
}
END_TEST

START_TEST(t_tio_clears_once)
{
    struct fx f;
    fx_setup(&f, true);
    ccw(&f, CCWS, 0x03, 0, 0, 1);
    ck_assert_int_eq(io(&f, SIO("0190")), 0);
    ck_assert_int_eq(io(&f, TIO("0190")), 1);
    ck_assert_int_eq(io(&f, TIO("0190")), 0);
    f.h.c->psw.sysmask = 0xFF;
    cpu_masks_changed(f.h.c);
    ck_assert(!chan_present_interrupt(f.h.c));
    fx_done(&f);
}
END_TEST

START_TEST(t_tio_attention)
{
    struct fx f;
    fx_setup(&f, true);
    chan_device_status(dev_find(&f.h.m, 0x190), US_ATTN);
    ck_assert_int_eq(io(&f, "9F000100"), 1);
    ck_assert_int_eq(io(&f, TIO("0190")), 1);
    ck_assert_uint_eq(csw(&f), 0x0000000080000000ull);
    fx_done(&f);
}
END_TEST

/* ---- CLEAR I/O --------------------------------------------------------------------------- */

START_TEST(t_clrio_idle)
{
    struct fx f;
    fx_setup(&f, true);
    memset(mem(&f, 0x40), 0xEE, 8);
    ck_assert_int_eq(io(&f, CLRIO("0190")), 0);
    ck_assert_uint_eq(csw(&f), 0xEEEEEEEEEEEEEEEEull);
    fx_done(&f);
}
END_TEST

START_TEST(t_clrio_pending)
{
    struct fx f;
    fx_setup(&f, true);
    ccw(&f, CCWS, 0x03, 0, 0, 1);
    ck_assert_int_eq(io(&f, SIO("0190")), 0);
    ck_assert_int_eq(io(&f, CLRIO("0190")), 1);
    ck_assert_uint_eq(csw(&f), 0x000008080C000001ull);
    ck_assert_int_eq(io(&f, TIO("0190")), 0);
    fx_done(&f);
}
END_TEST

START_TEST(t_clrio_working)
{
    struct fx f;
    fx_setup(&f, true);
    ccw(&f, CCWS, 0x13, 0, CCW_CC, 1);
    ccw(&f, CCWS + 8, 0x03, 0, 0, 1);
    ck_assert_int_eq(io(&f, SIO("0190")), 0);
    ck_assert_int_eq(io(&f, CLRIO("0190")), 1);
    ck_assert_uint_eq(csw(&f), 0x0000080800000001ull);
    ck_assert_int_eq(io(&f, "9F000100"), 0);             /* no interruption */
    ck_assert_int_eq(io(&f, TIO("0190")), 1);            /* device still busy */
    ck_assert_int_eq(mem(&f, 0x44)[0], US_BUSY);
    chan_device_status(dev_find(&f.h.m, 0x190), US_DE);
    ck_assert_int_eq(f.t->ncmds, 1);                     /* the program was forgotten */
    ck_assert_int_eq(io(&f, TIO("0190")), 1);
    ck_assert_uint_eq(csw(&f), 0x0000000004000000ull);
    fx_done(&f);
}
END_TEST

START_TEST(t_clrio_device_pending)
{
    struct fx f;
    fx_setup(&f, true);
    chan_device_status(dev_find(&f.h.m, 0x190), US_ATTN);
    ck_assert_int_eq(io(&f, CLRIO("0190")), 0);
    ck_assert_int_eq(io(&f, TIO("0190")), 1);            /* not cleared by CLRIO */
    fx_done(&f);
}
END_TEST

/* ---- HALT I/O, HALT DEVICE ----------------------------------------------------------------- */

START_TEST(t_hio_idle)
{
    struct fx f;
    fx_setup(&f, true);
    memset(mem(&f, 0x40), 0xEE, 8);
    ck_assert_int_eq(io(&f, HIO("0190")), 1);
    ck_assert_uint_eq(csw(&f), 0xEEEEEEEE0000EEEEull);
    ck_assert_int_eq(io(&f, HDV("0190")), 1);
    fx_done(&f);
}
END_TEST

START_TEST(t_hio_pending)
{
    struct fx f;
    fx_setup(&f, true);
    ccw(&f, CCWS, 0x03, 0, 0, 1);
    ck_assert_int_eq(io(&f, SIO("0190")), 0);
    ck_assert_int_eq(io(&f, HIO("0190")), 0);
    ck_assert_int_eq(io(&f, HDV("0190")), 0);
    ck_assert_int_eq(io(&f, TIO("0190")), 1);            /* still there */
    fx_done(&f);
}
END_TEST

START_TEST(t_hio_working)
{
    struct fx f;
    fx_setup(&f, true);
    ccw(&f, CCWS, 0x13, 0, CCW_CC, 1);
    ccw(&f, CCWS + 8, 0x03, 0, 0, 1);
    ck_assert_int_eq(io(&f, SIO("0190")), 0);
    ck_assert_int_eq(io(&f, _i ? HDV("0190") : HIO("0190")), 1);
    ck_assert_int_eq(mem(&f, 0x44)[0], 0);
    ck_assert_int_eq(io(&f, TIO("0190")), 1);
    ck_assert_uint_eq(csw(&f), 0x0000080808000001ull);   /* channel end, no chaining */
    chan_device_status(dev_find(&f.h.m, 0x190), US_DE);
    ck_assert_int_eq(io(&f, TIO("0190")), 1);
    ck_assert_uint_eq(csw(&f), 0x0000000004000000ull);
    ck_assert_int_eq(f.t->ncmds, 1);
    fx_done(&f);
}
END_TEST

/* ---- interruptions ------------------------------------------------------------------------- */

static void start_nop(struct fx *f, const char *sio)
{
    ccw(f, CCWS, 0x03, 0, 0, 1);
    ck_assert_int_eq(io(f, sio), 0);
}

START_TEST(t_int_bc)
{
    struct fx f;
    fx_setup(&f, true);
    start_nop(&f, SIO("0190"));
    f.h.c->psw.sysmask = 0x40;                            /* channel 1 */
    cpu_masks_changed(f.h.c);
    ck_assert_int_eq(h_step(&f.h), 0);
    ck_assert_uint_eq(f.h.c->psw.ia, 0x3000);
    ck_assert_uint_eq(be16(mem(&f, 0x3A)), 0x0190);        /* old PSW interruption code */
    ck_assert_uint_eq(be32(mem(&f, 0x3C)) & 0xFFFFFF, INSN + 4);
    ck_assert_uint_eq(csw(&f), 0x000008080C000001ull);
    ck_assert_int_eq(io(&f, TIO("0190")), 0);
    fx_done(&f);
}
END_TEST

START_TEST(t_int_bc_masked)
{
    struct fx f;
    fx_setup(&f, true);
    start_nop(&f, SIO("0190"));
    f.h.c->psw.sysmask = 0xBF;                            /* all but channel 1 */
    cpu_masks_changed(f.h.c);
    ck_assert(!chan_present_interrupt(f.h.c));
    ck_assert_int_eq(io(&f, TIO("0190")), 1);
    fx_done(&f);
}
END_TEST

START_TEST(t_int_bc_channel_7_bit_6)
{
    struct fx f;
    fx_setup(&f, true);
    start_nop(&f, SIO("0790"));
    f.h.c->psw.sysmask = 0xFC;
    cpu_masks_changed(f.h.c);
    ck_assert(!chan_present_interrupt(f.h.c));
    f.h.c->psw.sysmask = 0x02;
    ck_assert(chan_present_interrupt(f.h.c));
    ck_assert_uint_eq(be16(mem(&f, 0x3A)), 0x0790);
    fx_done(&f);
}
END_TEST

START_TEST(t_int_ec)
{
    struct fx f;
    fx_setup(&f, true);
    start_nop(&f, SIO("0290"));
    h_poke(&f.h, 0x78, "0008000000003000");
    f.h.c->cr[2] = 0x20000000;                            /* channel 2 */
    h_ec_mode(&f.h, EC_IO);
    cpu_masks_changed(f.h.c);
    ck_assert_int_eq(h_step(&f.h), 0);
    ck_assert_uint_eq(f.h.c->psw.ia, 0x3000);
    ck_assert_uint_eq(be16(mem(&f, 0xBA)), 0x0290);
    ck_assert_int_eq(mem(&f, 0x38)[1] & 0x08, 0x08);      /* EC old PSW */
    ck_assert_uint_eq(csw(&f), 0x000008080C000001ull);
    fx_done(&f);
}
END_TEST

START_TEST(t_int_ec_cr2_masked)
{
    struct fx f;
    fx_setup(&f, true);
    start_nop(&f, SIO("0290"));
    f.h.c->cr[2] = 0xDFFFFFFF;
    h_ec_mode(&f.h, EC_IO);
    ck_assert(!chan_present_interrupt(f.h.c));
    f.h.c->cr[2] = 0x20000000;
    ck_assert(chan_present_interrupt(f.h.c));
    fx_done(&f);
}
END_TEST

START_TEST(t_int_ec_io_mask_off)
{
    struct fx f;
    fx_setup(&f, true);
    start_nop(&f, SIO("0290"));
    f.h.c->cr[2] = 0xFFFFFFFF;
    h_ec_mode(&f.h, EC_EXT);
    ck_assert(!chan_present_interrupt(f.h.c));
    fx_done(&f);
}
END_TEST

START_TEST(t_int_priority_and_once)
{
    struct fx f;
    fx_setup(&f, true);
    start_nop(&f, SIO("0191"));
    start_nop(&f, SIO("0190"));
    f.h.c->psw.sysmask = 0xFF;
    ck_assert(chan_present_interrupt(f.h.c));
    ck_assert_uint_eq(f.h.c->psw.intcode, 0);             /* new PSW loaded */
    ck_assert_uint_eq(be16(mem(&f, 0x3A)), 0x0190);
    f.h.c->psw.sysmask = 0xFF;
    ck_assert(chan_present_interrupt(f.h.c));
    ck_assert_uint_eq(be16(mem(&f, 0x3A)), 0x0191);
    f.h.c->psw.sysmask = 0xFF;
    ck_assert(!chan_present_interrupt(f.h.c));
    ck_assert_int_eq(io(&f, "9F000100"), 0);
    fx_done(&f);
}
END_TEST

START_TEST(t_int_wakes_wait_state)
{
    struct fx f;
    fx_setup(&f, true);
    start_nop(&f, SIO("0190"));
    /* enabled wait: the pending interruption ends it */
    h_poke(&f.h, 0x900, "FF02000000001000");
    ck_assert_int_eq(h_exec(&f.h, INSN, "82000900"), 0);
    ck_assert(f.h.c->psw.wait);
    ck_assert_int_eq(h_step(&f.h), 0);
    ck_assert(!f.h.c->psw.wait);
    ck_assert_uint_eq(f.h.c->psw.ia, 0x3000);
    fx_done(&f);
}
END_TEST

/* ---- asynchronous I/O threads ------------------------------------------------------------- */

static bool wait_cc(struct fx *f, const char *insn, int cc)
{
    for (int i = 0; i < 5000; i++) {
        if (io(f, insn) == cc) return true;
        struct timespec ts = { 0, 1000000 };
        nanosleep(&ts, NULL);
    }
    return false;
}

START_TEST(t_async_read)
{
    struct fx f;
    fx_setup(&f, false);
    ccw(&f, CCWS, 0x02, DATA, CCW_CC, 16);
    ccw(&f, CCWS + 8, 0x01, DATA, 0, 16);
    ck_assert_int_eq(io(&f, SIO("0190")), 0);
    ck_assert(chan_wait_idle(&f.h.m, 5000));
    ck_assert_int_eq(f.t->ncmds, 2);
    ck_assert_int_eq(f.t->wbuf[15], 0xCF);
    f.h.c->psw.sysmask = 0xFF;
    cpu_masks_changed(f.h.c);
    ck_assert_int_eq(h_step(&f.h), 0);
    ck_assert_uint_eq(f.h.c->psw.ia, 0x3000);
    ck_assert_uint_eq(csw(&f), 0x000008100C000000ull);
    fx_done(&f);
}
END_TEST

START_TEST(t_async_long_operation_halted)
{
    struct fx f;
    fx_setup(&f, false);
    ccw(&f, CCWS, 0x63, 0, CCW_CC, 1);
    ccw(&f, CCWS + 8, 0x03, 0, 0, 1);
    ck_assert_int_eq(io(&f, SIO("0190")), 0);
    ck_assert_int_eq(io(&f, TIO("0190")), 2);            /* the CPU is not stalled */
    h_poke(&f.h, 0x48, "00000900");
    ccw(&f, 0x900, 0x03, 0, 0, 1);
    ck_assert_int_eq(io(&f, SIO("0191")), 0);            /* another device runs meanwhile */
    ck_assert(wait_cc(&f, TIO("0191"), 1));
    ck_assert_int_eq(io(&f, HIO("0190")), 1);
    ck_assert(wait_cc(&f, TIO("0190"), 1));
    ck_assert_uint_eq(csw(&f), 0x000008080D000001ull);   /* halted: no chaining */
    fx_done(&f);
}
END_TEST

START_TEST(t_async_clrio_running)
{
    struct fx f;
    fx_setup(&f, false);
    ccw(&f, CCWS, 0x63, 0, 0, 1);
    ck_assert_int_eq(io(&f, SIO("0190")), 0);
    for (int i = 0; i < 5000 && !f.t->blocked; i++) {
        struct timespec ts = { 0, 1000000 };
        nanosleep(&ts, NULL);
    }
    ck_assert_int_eq(io(&f, CLRIO("0190")), 1);
    ck_assert(chan_wait_idle(&f.h.m, 5000));
    ck_assert_int_eq(io(&f, TIO("0190")), 0);            /* result dropped, device free */
    ck_assert_int_eq(io(&f, "9F000100"), 0);
    fx_done(&f);
}
END_TEST

/* TEST I/O of a working subchannel waits for the program's next command to end (at
 * most a millisecond): a program that polls sees the channel advance at each poll,
 * instead of running thousands of polls while the I/O thread waits for the lock or
 * a host CPU (OS/VS1's page-fault path counts its polls and then reports IEA778I).
 * 16 commands of 2 ms each: without the pacing, tens of thousands of polls. */
START_TEST(t_async_tio_paced)
{
    struct fx f;
    fx_setup(&f, false);
    for (uint32_t k = 0; k < 16; k++)
        ccw(&f, CCWS + 8 * k, 0x73, 0, k < 15 ? CCW_CC : 0, 1);
    ck_assert_int_eq(io(&f, SIO("0190")), 0);
    unsigned polls = 0;
    int cc;
    while ((cc = io(&f, TIO("0190"))) == 2 && polls < 100000) polls++;
    ck_assert_int_eq(cc, 1);
    ck_assert_uint_le(polls, 4 * 16 + 8);
    ck_assert_int_eq(f.t->ncmds, 16);
    ck_assert_uint_eq(csw(&f), 0x000008800C000001ull);
    fx_done(&f);
}
END_TEST

/* A reset (the console's ipl) as a program ends drops that program's ending, and the
 * next program runs: the 'cleared' mark of the reset outlived the program, and the
 * next START I/O's first command was dropped as cleared, leaving the subchannel
 * working forever (OS/VS1's IBCDMPRS hung polling TEST I/O after `stop`, `ipl`). */
START_TEST(t_async_reset_as_program_ends)
{
    struct fx f;
    fx_setup(&f, false);
    f.h.c->psw.sysmask = 0;
    ccw(&f, CCWS, 0x01, DATA, 0, 4);
    f.t->reset_at_end = true;
    ck_assert_int_eq(io(&f, SIO("0190")), 0);
    ck_assert(chan_wait_idle(&f.h.m, 5000));
    ck_assert_int_eq(io(&f, TIO("0190")), 0);       /* no interruption from before */
    ck_assert_int_eq(io(&f, SIO("0190")), 0);
    int cc = 2;
    for (int i = 0; i < 5000 && cc == 2; i++) {
        cc = io(&f, TIO("0190"));
        if (cc == 2) nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
    }
    ck_assert_int_eq(cc, 1);
    ck_assert_uint_eq(csw(&f), 0x000008080C000000ull);
    ck_assert_int_eq(f.t->ncmds, 2);
    fx_done(&f);
}
END_TEST

/* A CPU that stays disabled does not hold the channel for long: the PCI bit then
 * comes with the final status. */
START_TEST(t_async_pci_not_taken)
{
    struct fx f;
    fx_setup(&f, false);
    f.h.c->psw.sysmask = 0;
    ccw(&f, CCWS, 0x01, DATA, CCW_CC | CCW_PCI, 4);
    ccw(&f, CCWS + 8, 0x03, 0, 0, 1);
    ck_assert_int_eq(io(&f, SIO("0190")), 0);
    ck_assert(chan_wait_idle(&f.h.m, 5000));
    ck_assert_int_eq(io(&f, TIO("0190")), 1);
    ck_assert_uint_eq(csw(&f), 0x000008100C800001ull);
    fx_done(&f);
}
END_TEST

START_TEST(t_async_many)
{
    struct fx f;
    fx_setup(&f, false);
    f.h.c->psw.sysmask = 0;
    for (int round = 0; round < 50; round++) {
        ccw(&f, CCWS, 0x02, DATA, 0, 16);
        ck_assert_int_eq(io(&f, SIO("0190")), 0);
        ck_assert(wait_cc(&f, TIO("0190"), 1));
        ck_assert_uint_eq(csw(&f), 0x000008080C000000ull);
    }
    fx_done(&f);
}
END_TEST

/* A device detached the moment its program ends: the I/O thread that ended it must
 * not touch it after making the subchannel available (found by fuzz_ccw as a
 * use-after-free, seen under AddressSanitizer). */
START_TEST(t_async_detach_at_end)
{
    struct fx f;
    char err[128];
    fx_setup(&f, false);
    f.h.c->psw.sysmask = 0;
    for (int round = 0; round < 1000; round++) {
        ck_assert_int_eq(dev_attach_from(&f.h.m, test_types, 0x0390, "TDEV", 0, NULL, err,
                                         sizeof err), 0);
        ccw(&f, CCWS, 0x02, DATA, 0, 16);
        ck_assert_int_eq(io(&f, SIO("0390")), 0);
        while (dev_detach(&f.h.m, 0x0390, err, sizeof err))
            ;
    }
    fx_done(&f);
}
END_TEST

/* ---- attach, detach, IPL ------------------------------------------------------------------ */

START_TEST(t_attach_errors)
{
    struct fx f;
    fx_setup(&f, true);
    char err[128];
    ck_assert_int_eq(dev_attach_from(&f.h.m, test_types, 0x0190, "TDEV", 0, NULL, err, sizeof err), -1);
    ck_assert_int_eq(dev_attach_from(&f.h.m, test_types, 0x0192, "NONE", 0, NULL, err, sizeof err), -1);
    ck_assert_int_eq(dev_attach(&f.h.m, 0x0192, "TDEV", 0, NULL, err, sizeof err), -1);
    ck_assert_ptr_null(dev_type_find("9999"));
    ck_assert_ptr_nonnull(dev_type_lookup(test_types, "tdev"));
    fx_done(&f);
}
END_TEST

START_TEST(t_detach)
{
    struct fx f;
    fx_setup(&f, true);
    char err[128];
    ccw(&f, CCWS, 0x13, 0, CCW_CC, 1);
    ccw(&f, CCWS + 8, 0x03, 0, 0, 1);
    ck_assert_int_eq(io(&f, SIO("0191")), 0);
    ck_assert_int_eq(dev_detach(&f.h.m, 0x0191, err, sizeof err), -1);   /* working */
    ck_assert_int_eq(dev_detach(&f.h.m, 0x0199, err, sizeof err), -1);
    ck_assert_int_eq(dev_detach(&f.h.m, 0x0190, err, sizeof err), 0);
    ck_assert_ptr_null(dev_find(&f.h.m, 0x0190));
    ck_assert_int_eq(io(&f, SIO("0190")), 3);
    fx_done(&f);
}
END_TEST

START_TEST(t_ipl)
{
    struct fx f;
    fx_setup(&f, false);
    struct tdev *t = tdev_of(&f, 0x0290);
    static const uint8_t rec[24] = {
        0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x12, 0x34,     /* IPL PSW */
        0x02, 0x00, 0x40, 0x00, 0x20, 0x00, 0x00, 0x10,     /* read 16 at 4000, SLI */
        0, 0, 0, 0, 0, 0, 0, 0,
    };
    memcpy(t->rec, rec, 24);
    t->reclen = 24;
    uint8_t c[8];
    ck_assert_int_eq(chan_ipl(&f.h.m, 0x0290, c), 0);
    ck_assert_mem_eq(mem(&f, 0), rec, 8);
    ck_assert_int_eq(mem(&f, 0x4000)[0], 0x00);
    ck_assert_int_eq(mem(&f, 0x4006)[0], 0x12);
    ck_assert_int_eq(t->ncmds, 2);
    ck_assert_int_eq(c[4], US_CE | US_DE);
    ck_assert_int_eq(io(&f, "9F000200"), 0);             /* no interruption left */
    ck_assert_int_eq(chan_ipl(&f.h.m, 0x0299, c), 3);
    fx_done(&f);
}
END_TEST

START_TEST(t_reset)
{
    struct fx f;
    fx_setup(&f, true);
    start_nop(&f, SIO("0190"));
    chan_device_status(dev_find(&f.h.m, 0x191), US_ATTN);
    chan_reset(&f.h.m);
    ck_assert_int_eq(io(&f, TIO("0190")), 0);
    ck_assert_int_eq(io(&f, TIO("0191")), 0);
    f.h.c->psw.sysmask = 0xFF;
    ck_assert(!chan_present_interrupt(f.h.c));
    fx_done(&f);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("channel");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, t_no_subsystem);
    tcase_add_loop_test(tc, t_cc3_no_device, 0, (int)(sizeof cc3_insns / sizeof cc3_insns[0]));
    tcase_add_test(tc, t_tch_available);
    tcase_add_test(tc, t_tch_pending);
    tcase_add_test(tc, t_stidc);
    tcase_add_test(tc, t_sio_write);
    tcase_add_test(tc, t_sio_read_exact);
    tcase_add_test(tc, t_sio_read_short_record_il);
    tcase_add_test(tc, t_sio_read_short_record_sli);
    tcase_add_test(tc, t_sio_read_long_record_il);
    tcase_add_test(tc, t_sio_read_long_record_sli);
    tcase_add_test(tc, t_sio_nop_immediate_no_il);
    tcase_add_test(tc, t_sio_key_in_csw);
    tcase_add_test(tc, t_sio_unit_exception);
    tcase_add_test(tc, t_sio_unit_check_sense);
    tcase_add_test(tc, t_sio_ref_change_bits);
    tcase_add_test(tc, t_sio_caw_prefixed);
    tcase_add_test(tc, t_sio_cc2_pending);
    tcase_add_test(tc, t_sio_cc2_working);
    tcase_add_test(tc, t_sio_cc1_device_pending);
    tcase_add_test(tc, t_sio_cc1_device_busy);
    tcase_add_test(tc, t_sio_cc1_control_unit_busy);
    tcase_add_loop_test(tc, t_sio_immediate, 0, 2);
    tcase_add_loop_test(tc, t_sio_immediate_device_end_later, 0, 2);
    tcase_add_loop_test(tc, t_sio_immediate_not_alone, 0, 2);
    tcase_add_loop_test(tc, t_sio_first_ccw_checks, 0, (int)(sizeof first_cases / sizeof first_cases[0]));
    tcase_add_test(tc, t_sio_key_mismatch_fetch_unprotected);
    tcase_add_test(tc, t_read_store_protected);
    tcase_add_test(tc, t_read_key0_ignores_protection);
    tcase_add_test(tc, t_write_fetch_protected);
    tcase_add_test(tc, t_read_beyond_storage);
    tcase_add_test(tc, t_read_crossing_end_of_storage);
    tcase_add_test(tc, t_read_check_not_reached);
    tcase_add_test(tc, t_command_chain);
    tcase_add_test(tc, t_chain_flag_seen_by_device);
    tcase_add_test(tc, t_chain_stops_on_unit_check);
    tcase_add_test(tc, t_chain_stops_on_unit_exception);
    tcase_add_test(tc, t_chain_stops_on_incorrect_length);
    tcase_add_test(tc, t_chain_sli_goes_on);
    tcase_add_test(tc, t_status_modifier_skips);
    tcase_add_test(tc, t_status_modifier_without_chaining);
    tcase_add_test(tc, t_busy_on_chained_command);
    tcase_add_test(tc, t_chained_ccw_invalid);
    tcase_add_test(tc, t_chained_invalid_command);
    tcase_add_test(tc, t_chain_beyond_storage);
    tcase_add_test(tc, t_tic);
    tcase_add_test(tc, t_tic_first);
    tcase_add_test(tc, t_tic_to_tic);
    tcase_add_test(tc, t_tic_to_tic_first);
    tcase_add_test(tc, t_tic_unaligned);
    tcase_add_test(tc, t_data_chain_read);
    tcase_add_test(tc, t_data_chain_write);
    tcase_add_test(tc, t_data_chain_short_record);
    tcase_add_test(tc, t_data_chain_ends_early);
    tcase_add_test(tc, t_data_chain_bad_ccw_reached);
    tcase_add_test(tc, t_data_chain_bad_ccw_not_reached);
    tcase_add_test(tc, t_skip);
    tcase_add_test(tc, t_skip_in_data_chain);
    tcase_add_test(tc, t_skip_ignored_on_write);
    tcase_add_test(tc, t_ida_read);
    tcase_add_test(tc, t_ida_write);
    tcase_add_test(tc, t_ida_second_not_aligned);
    tcase_add_test(tc, t_ida_high_bits);
    tcase_add_test(tc, t_read_backward);
    tcase_add_test(tc, t_pci_merged_into_final_csw);
    tcase_add_test(tc, t_pci_intermediate_interruption);
    tcase_add_test(tc, t_ce_then_de);
    tcase_add_test(tc, t_ce_then_de_chaining);
    tcase_add_test(tc, t_de_with_unit_check_stops_chain);
    tcase_add_test(tc, t_tio_idle);
    tcase_add_test(tc, t_tio_clears_once);
    tcase_add_test(tc, t_tio_attention);
    tcase_add_test(tc, t_clrio_idle);
    tcase_add_test(tc, t_clrio_pending);
    tcase_add_test(tc, t_clrio_working);
    tcase_add_test(tc, t_clrio_device_pending);
    tcase_add_test(tc, t_hio_idle);
    tcase_add_test(tc, t_hio_pending);
    tcase_add_loop_test(tc, t_hio_working, 0, 2);
    tcase_add_test(tc, t_int_bc);
    tcase_add_test(tc, t_int_bc_masked);
    tcase_add_test(tc, t_int_bc_channel_7_bit_6);
    tcase_add_test(tc, t_int_ec);
    tcase_add_test(tc, t_int_ec_cr2_masked);
    tcase_add_test(tc, t_int_ec_io_mask_off);
    tcase_add_test(tc, t_int_priority_and_once);
    tcase_add_test(tc, t_int_wakes_wait_state);
    tcase_add_test(tc, t_async_read);
    tcase_add_test(tc, t_async_long_operation_halted);
    tcase_add_test(tc, t_async_clrio_running);
    tcase_add_test(tc, t_async_many);
    tcase_add_test(tc, t_async_tio_paced);
    tcase_add_test(tc, t_async_reset_as_program_ends);
    tcase_add_test(tc, t_async_pci_not_taken);
    tcase_add_test(tc, t_async_detach_at_end);
    tcase_add_test(tc, t_attach_errors);
    tcase_add_test(tc, t_detach);
    tcase_add_test(tc, t_ipl);
    tcase_add_test(tc, t_reset);
    suite_add_tcase(s, tc);
    SRunner *r = srunner_create(s);
    srunner_run_all(r, CK_NORMAL);
    int f = srunner_ntests_failed(r);
    srunner_free(r);
    return f ? 1 : 0;
}
