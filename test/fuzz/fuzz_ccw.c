/* fuzz_ccw.c - libFuzzer target for channel programs (channel/) against every device
 * model (devices/, dasd/ckddev.c): a machine with 1M of storage and one device of each
 * type, channel programs and their data made of the input in main storage, run by the
 * I/O instructions of channel/channel.h on the channel's I/O threads, as `s370 run`
 * runs them. Built and run by `make fuzz` (test/fuzz/fuzz.am).
 *
 * The input:
 *   byte 0        the number of operations (up to MAX_OPS)
 *   4 bytes each  an operation: code, device index, a, b (below)
 *   the rest      main storage from STOR (X'1000') on: CCWs, IDAWs and data
 * Operations (code & 15):
 *   0, 1  START I/O, SIOF: CAW key a >> 4, CCWs at STOR + 8 * (((a & 15) << 8) | b)
 *   2 TEST I/O   3 CLEAR I/O   4 HALT I/O   5 HALT DEVICE   6 TEST CHANNEL   7 STIDC
 *   8     let the programs run up to (a % 8 + 1) / 4 ms, taking I/O interruptions
 *   9     take one pending I/O interruption
 *   10    operator input for a console (a line chosen by b: empty is REQUEST)
 *   11    an unsolicited record (Enter) from the 3270's terminal
 *   12    storage key b & X'FE' for the 2K block STOR + 2K * (a % 32)
 *   13    I/O-system reset
 *   else  nothing
 * Then every device is halted and cleared and the I/O system reset, and the channel
 * must be idle within HANG_MS. Every input finds the devices as new: those it used are
 * attached again after it, on files made again from the same bytes (card decks, AWS
 * and HET tapes, CCKD volumes of each disk type, printer and punch files), so that an
 * input always runs the same way (but for the order the I/O threads give to events).
 * The 3270 display and printer have a terminal that takes every record and answers
 * reads with a record of the input.
 *
 * What is checked: the sanitizers (the channel and the devices touch only main storage
 * and their own buffers), and that no program outlives halt, clear and reset. */
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "channel/channel.h"
#include "cpu/machine.h"
#include "cpu/storage.h"
#include "dasd/dasd.h"
#include "devices/awstape.h"
#include "devices/dev3270.h"
#include "devices/devices.h"
#include "devices/devtab.h"
#include "fuzzutil.h"

#define STOR 0x1000u            /* where the input's storage image goes */
#define STOR_MAX 0x10000u       /* and its most */
#define MAX_OPS 48u
#define HANG_MS 3000u           /* a program still running after halt and reset */
#define NDEVS_MAX 18u           /* entries of devs[] */


/* A terminal on the 3270 devices: takes every record; a read is answered from the
 * test's thread (dev3270_inbound may not be called from send). */
struct term {
    struct device *d;
    atomic_bool want;           /* a read waits for its answer */
};

struct fuzz {
    struct machine m;
    struct cpu *c;
    struct fuzz_files k;        /* the scratch directory and its files */
    struct term term[2];
    bool used[NDEVS_MAX];       /* devices this input addressed */
    uint8_t rec[64];            /* what the terminal answers */
    size_t reclen;
    bool verbose;               /* FUZZ_VERBOSE: trace CCWs and operations on stderr */
};

static const struct {
    uint16_t devnum;
    const char *type;
    const char *args[4];        /* a leading '@' is a file in the directory */
} devs[] = {
    { 0x001F, "3215-C", { "/", "noprompt" } },
    { 0x0009, "1052-C", { "#" } },
    { 0x0010, "3215", { "noprompt" } },
    { 0x000C, "3505", { "@deck.ebc", "ebcdic", "eof" } },
    { 0x000A, "2540R", { "@deck.txt", "@deck.ebc", "multifile", "intrq" } },
    { 0x0012, "1442", { "@deck.txt", "ascii", "trunc" } },
    { 0x000D, "3525", { "@out.pch" } },
    { 0x000B, "2540P", { "@out2.pch", "ascii" } },
    { 0x000E, "1403", { "@out.prt", "fcb=1:1,7:2,13:3,19:4,25:5,31:6,37:7,43:8,49:9,55:10,61:11,63:12", "lpp=66" } },
    { 0x000F, "3211", { "@out2.prt" } },
    { 0x0580, "3420", { "@tape.aws" } },
    { 0x0581, "3480", { "@tape.het", "chunksize=4096", "maxsizek=64" } },
    { 0x0150, "3390", { "@vol.3390" } },
    { 0x0151, "3330", { "@vol.3330" } },
    { 0x0152, "3350", { "@vol.3350" } },
    { 0x0153, "3380", { "@vol.3380", "ro" } },
    { 0x00C0, "3270", { NULL } },
    { 0x00C1, "3287", { NULL } },
};
#define NDEVS (sizeof devs / sizeof devs[0])
enum { D_3215C = 0, D_1052C = 1, D_3270 = 16 };      /* indexes in devs[] */

/* ---- files --------------------------------------------------------------------- */

static void make_files(struct fuzz *z)
{
    char path[400], err[700];
    uint8_t cards[4 * 80];
    memset(cards, 0x40, sizeof cards);
    for (int i = 0; i < 4; i++) memcpy(cards + 80 * i, "\xC3\xC1\xD9\xC4\xF1", 5);
    fuzz_path(z->k.dir, "deck.ebc", path, sizeof path);
    fuzz_write(path, cards, sizeof cards);
    fuzz_keep(&z->k, "deck.ebc");
    fuzz_keep_text(&z->k, "deck.txt", "//FUZZ JOB\n\tTAB\n"
                   "0123456789012345678901234567890123456789"
                   "01234567890123456789012345678901234567890123456789\n");
    static const char *const tapes[] = { "tape.aws", "tape.het" };
    for (int i = 0; i < 2; i++) {
        struct tape_opts o;
        struct tape_file t;
        tape_opts_default(&o);
        fuzz_path(z->k.dir, tapes[i], path, sizeof path);
        if (tape_create(path, err, sizeof err) || tape_open(&t, path, &o, err, sizeof err))
            abort();
        uint8_t blk[6000];
        for (size_t k = 0; k < sizeof blk; k++) blk[k] = (uint8_t)(0xC1 + k % 9);
        tape_write(&t, blk, 80);
        tape_write_tm(&t);
        tape_write(&t, blk, sizeof blk);
        tape_write(&t, blk, 800);
        tape_write_tm(&t);
        tape_write_tm(&t);
        tape_close(&t);
        fuzz_keep(&z->k, tapes[i]);
    }
    static const struct { const char *name, *type; enum dasd_comp comp; } vols[] = {
        { "vol.3390", "3390", DASD_CCKD_ZLIB }, { "vol.3330", "3330", DASD_CCKD_ZLIB },
        { "vol.3350", "3350", DASD_CCKD_NONE }, { "vol.3380", "3380", DASD_CCKD_ZLIB },
    };
    for (size_t i = 0; i < sizeof vols / sizeof vols[0]; i++) {
        struct dasd_create_opts o = { .comp = vols[i].comp };
        fuzz_path(z->k.dir, vols[i].name, path, sizeof path);
        if (dasd_create_ex(path, dasd_geom_find(vols[i].type), 2, "FUZZ01", &o, err, sizeof err))
            abort();
        fuzz_keep(&z->k, vols[i].name);
    }
}

/* ---- the terminal -------------------------------------------------------------------- */

static int term_send(void *ctx, uint8_t cmd, const uint8_t *data, size_t len)
{
    struct term *t = ctx;
    (void)data;
    (void)len;
    if (cmd == D3270_RB || cmd == D3270_RM) atomic_store(&t->want, true);
    return 0;
}

static void term_detached(void *ctx, struct device *d)
{
    struct term *t = ctx;
    (void)d;
    t->d = NULL;
}

static const struct term3270_ops term_ops = { .send = term_send, .detached = term_detached };

static void term_answer(struct fuzz *z)
{
    for (int i = 0; i < 2; i++)
        if (z->term[i].d && atomic_exchange(&z->term[i].want, false))
            dev3270_inbound(z->term[i].d, z->rec, z->reclen);
}

/* ---- the machine -------------------------------------------------------------------- */

static void attach_one(struct fuzz *z, size_t i);

static struct fuzz *fuzz_setup(void)
{
    struct fuzz *z = calloc(1, sizeof *z);
    struct config cfg;
    char err[256];
    if (!z) abort();
    fuzz_scratch(z->k.dir, sizeof z->k.dir, "ccw");
    make_files(z);
    _Static_assert(NDEVS == NDEVS_MAX, "devs[] and NDEVS_MAX");
    config_defaults(&cfg);
    cfg.mainsize_mb = 1;
    if (machine_init(&z->m, &cfg, err, sizeof err) || chan_init(&z->m)) abort();
    z->verbose = getenv("FUZZ_VERBOSE") != NULL;
    z->m.out = z->verbose ? stderr : fopen("/dev/null", "w");
    if (!z->m.out) abort();
    z->c = z->m.cpus[0];
    fuzz_empty_dir(z->k.dir);
    for (size_t i = 0; i < NDEVS; i++) attach_one(z, i);
    return z;
}

/* Device i as new, on its files made again (a printer's or punch's is emptied). */
static void attach_one(struct fuzz *z, size_t i)
{
    char *argv[4], paths[4][400], err[700];
    int argc = 0;
    for (; argc < 4 && devs[i].args[argc]; argc++) {
        const char *a = devs[i].args[argc];
        if (a[0] == '@') {
            const struct fuzz_file *k = fuzz_kept(&z->k, a + 1);
            if (k) fuzz_put(&z->k, k);
            fuzz_path(z->k.dir, a + 1, paths[argc], sizeof paths[argc]);
        } else {
            snprintf(paths[argc], sizeof paths[argc], "%s", a);
        }
        argv[argc] = paths[argc];
    }
    if (dev_attach(&z->m, devs[i].devnum, devs[i].type, argc, argv, err, sizeof err)) {
        fprintf(stderr, "fuzz_ccw: %04X %s: %s\n", devs[i].devnum, devs[i].type, err);
        abort();
    }
    dev_find(&z->m, devs[i].devnum)->ccwtrace = z->verbose;
    static const struct term3270_info info[2] = {
        { 24, 80, 43, 80, true, false, "IBM-3278-4-E" },
        { 24, 80, 24, 80, false, true, "IBM-3287-1" },
    };
    for (int t = 0; t < 2; t++) {
        if (devs[i].devnum != 0x00C0 + t) continue;
        z->term[t].d = dev3270_claim(&z->m, 0x00C0 + t, 0x7F000001u, &info[t], &term_ops,
                                     &z->term[t], err, sizeof err);
        atomic_store(&z->term[t].want, false);
        if (!z->term[t].d) {
            fprintf(stderr, "fuzz_ccw: 3270 terminal: %s\n", err);
            abort();
        }
    }
}

/* Attaching and detaching take longer than most inputs: only the devices an input
 * used are made new for the next one, so every input finds them all as new. */
static void renew(struct fuzz *z, size_t i)
{
    char err[256];
    if (dev_detach(&z->m, devs[i].devnum, err, sizeof err)) {
        fprintf(stderr, "fuzz_ccw: %04X: %s\n", devs[i].devnum, err);
        abort();
    }
    attach_one(z, i);
}

/* The CPU, enabled for I/O interruptions from every channel, in EC mode. */
static void enable(struct fuzz *z)
{
    struct cpu *c = z->c;
    memset(&c->psw, 0, sizeof c->psw);
    c->psw.ec = true;
    c->psw.sysmask = EC_IO;
    c->cr[2] = 0xFFFFFFFFu;
    cpu_update_ctx(c);
    /* I/O new PSW: EC, enabled for I/O again (a PCI handler that is done at once). */
    static const uint8_t io_new[8] = { EC_IO, 0x08, 0, 0, 0, 0, 0x0F, 0x00 };
    memcpy(z->m.mainstor + 0x78, io_new, 8);
}

static void take_interrupts(struct fuzz *z, int max)
{
    for (int i = 0; i < max; i++) {
        enable(z);
        if (!chan_present_interrupt(z->c)) break;
    }
}

/* Let the programs run for up to us microseconds (taking interruptions, answering
 * the terminal); true if the channel is idle. */
static bool run_for(struct fuzz *z, unsigned us)
{
    struct timespec t0, t;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        term_answer(z);
        take_interrupts(z, 4);
        if (chan_wait_idle(&z->m, 0)) return true;
        clock_gettime(CLOCK_MONOTONIC, &t);
        if ((t.tv_sec - t0.tv_sec) * 1000000 + (t.tv_nsec - t0.tv_nsec) / 1000 >= (long)us)
            return false;
        sched_yield();
    }
}

static const char *const lines[] = {
    "", "hello", "/ipl", "\xc3\xa9t\xc3\xa9 \xe2\x82\xac",
    "0123456789012345678901234567890123456789012345678901234567890123456789"
    "0123456789012345678901234567890123456789012345678901234567890123456789"
    "0123456789012345678901234567890123456789012345678901234567890123456789"
    "0123456789012345678901234567890123456789012345678901234567890123456789",
};

static void op(struct fuzz *z, const uint8_t *o)
{
    struct cpu *c = z->c;
    size_t di = o[1] % (NDEVS + 2);
    uint16_t dev = di < NDEVS ? devs[di].devnum : (di == NDEVS ? 0x0666 : 0x0005);
    uint8_t a = o[2], b = o[3];
    if (di < NDEVS) z->used[di] = true;
    enable(z);
    int cc = -1;
    switch (o[0] & 15) {
    case 0:
    case 1: {
        uint32_t caw = (uint32_t)(a >> 4) << 28 | (STOR + 8u * ((a & 15u) << 8 | b));
        put32(z->m.mainstor + 0x48, caw);
        cc = chan_sio(c, dev, o[0] & 1);
        break;
    }
    case 2: cc = chan_tio(c, dev); break;
    case 3: cc = chan_clrio(c, dev); break;
    case 4: cc = chan_hio(c, dev, false); break;
    case 5: cc = chan_hio(c, dev, true); break;
    case 6: cc = chan_tch(c, (uint16_t)(dev >> 8)); break;
    case 7: cc = chan_stidc(c, (uint16_t)(dev >> 8)); break;
    case 8: run_for(z, (a % 8 + 1u) * 250); break;
    case 9: take_interrupts(z, 1); break;
    case 10: {
        struct device *d = dev_find(&z->m, devs[a & 1 ? D_1052C : D_3215C].devnum);
        z->used[a & 1 ? D_1052C : D_3215C] = true;
        if (d) con3215_input(d, lines[b % (sizeof lines / sizeof lines[0])]);
        break;
    }
    case 11:
        z->used[D_3270] = true;
        if (z->term[0].d) dev3270_inbound(z->term[0].d, z->rec, z->reclen);
        break;
    case 12:
        z->m.keys[(STOR >> BLOCK_SHIFT) + a % 32] = (uint8_t)(b & 0xFE);
        break;
    case 13: chan_reset(&z->m); break;
    default: break;
    }
    if (z->verbose) {
        const uint8_t *csw = z->m.mainstor + 0x40;
        fprintf(stderr, "fuzz_ccw: op %X %04X a=%02X b=%02X: cc %d, CSW %02X%02X%02X%02X "
                "%02X%02X%02X%02X\n", o[0] & 15, dev, a, b, cc, csw[0], csw[1], csw[2],
                csw[3], csw[4], csw[5], csw[6], csw[7]);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct fuzz *z;
    if (!z) z = fuzz_setup();
    if (size < 1) return 0;
    size_t nops = data[0] % (MAX_OPS + 1);
    if (size < 1 + 4 * nops) nops = (size - 1) / 4;
    const uint8_t *ops = data + 1, *image = data + 1 + 4 * nops;
    size_t ilen = size - 1 - 4 * nops;
    if (ilen > STOR_MAX) ilen = STOR_MAX;

    memset(z->m.mainstor, 0, z->m.mainsize);
    memset(z->m.keys, 0, z->m.mainsize >> BLOCK_SHIFT);
    memcpy(z->m.mainstor + STOR, image, ilen);
    /* The terminal's answer: AID Enter, cursor, then up to 60 bytes of the image. */
    z->reclen = 3 + (ilen < 60 ? ilen : 60);
    memcpy(z->rec, "\x7D\x40\x40", 3);
    memcpy(z->rec + 3, image, z->reclen - 3);
    memset(z->used, 0, sizeof z->used);
    cpu_initial_reset(z->c);
    take_interrupts(z, 64);     /* device end from the terminals' binding */
    /* The CPU's storage references (storing the CSW) unwind here if they fail. */
    if (setjmp(z->c->pgm_jmp)) {
        fprintf(stderr, "fuzz_ccw: a program check in an I/O instruction\n");
        abort();
    }
    for (size_t i = 0; i < nops; i++) op(z, ops + 4 * i);
    for (size_t i = 0; i < NDEVS; i++) chan_hio(z->c, devs[i].devnum, false);
    run_for(z, 1000);
    for (size_t i = 0; i < NDEVS; i++) chan_clrio(z->c, devs[i].devnum);
    chan_reset(&z->m);
    if (!run_for(z, HANG_MS * 1000)) {
        for (struct device *d = z->m.devs; d; d = d->next)
            if (d->sc.active || d->sc.queued)
                fprintf(stderr, "fuzz_ccw: device %04X (%s) still runs a channel program "
                        "after HALT I/O, CLEAR I/O and an I/O-system reset\n", d->devnum,
                        d->type);
        abort();
    }
    chan_reset(&z->m);
    for (size_t i = 0; i < NDEVS; i++)
        if (z->used[i]) renew(z, i);
    return 0;
}
