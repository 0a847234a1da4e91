/* test_ckddev.c - the CKD DASD device model (dasd/ckddev.c): every command of the
 * 3330/3350 (3830), 3380 (3880) and 3390 (3990) command set, its normal path and its
 * error paths with the sense bytes the control units give, the track orientation
 * (index passages, multitrack), track capacity, RDC and Sense ID bytes, file mask and
 * extent enforcement, read-only volumes and writes that survive reopening the image.
 *
 * Most cases call execute_ccw directly, one command at a time (d->chained tells the
 * device whether the command came by command chaining); a few run real channel
 * programs through SIO/TIO to check status modifier and chaining end to end.
 *
 * References: IBM 3990 Storage Control Reference GA32-0099 and its successor
 * SA22-1025 (Internal Disk Subsystem Reference, chapter 4 "Command Descriptions"),
 * 3880 Storage Control Description GA26-1661, 3830-2/3330 reference; Hercules 3.13
 * ckddasd.c/dasdtab.c where the references leave a fact open. Sense byte 0: command
 * reject 80, intervention required 40, equipment check 10, data check 08; byte 1:
 * invalid track format 40, end of cylinder 20, no record found 08, file protected 04,
 * write inhibited 02; byte 7: format 0 message 1 invalid command, 2 invalid command
 * sequence, 3 CCW count less than required, 4 invalid parameter. */
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>
#include "harness.h"
#include "channel/channel.h"
#include "devices/devtab.h"
#include "dasd/dasd.h"

#define CEDE (US_CE | US_DE)
#define DEVNUM 0x0190

enum {
    S0_CR = 0x80, S0_EC = 0x10,
    S1_ITF = 0x40, S1_EOC = 0x20, S1_NRF = 0x08, S1_FP = 0x04, S1_WRI = 0x02,
    M_INVCMD = 1, M_INVSEQ = 2, M_SHORT = 3, M_INVARG = 4,
};

struct fx {
    struct harness h;
    char dir[64];
    char path[160];
    char err[600];
    struct device *d;
    bool chained;           /* the next command comes by command chaining */
    int32_t res;            /* residual of the last command */
};

static void fx_setup(struct fx *f)
{
    h_setup(&f->h, 1);
    ck_assert_int_eq(chan_init(&f->h.m), 0);
    chan_set_sync(&f->h.m, true);
    h_poke(&f->h, 0x48, "00000800");            /* CAW: key 0, CCWs at 800 */
    snprintf(f->dir, sizeof f->dir, "/tmp/s370-ckddev-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(f->dir));
    f->d = NULL;
}

static void fx_done(struct fx *f)
{
    chan_shutdown(&f->h.m);
    dev_detach_all(&f->h.m);
    h_teardown(&f->h);
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
    ck_assert_int_eq(system(cmd), 0);
}

/* A new image NAME in the fixture directory: geometry like "3390-3", cyls (0: the
 * model's), labelled VOL001, CKD or compressed. */
static void mkvol(struct fx *f, const char *name, const char *geom, uint32_t cyls, bool cckd)
{
    snprintf(f->path, sizeof f->path, "%.63s/%.63s", f->dir, name);
    struct dasd_create_opts o = { .comp = cckd ? DASD_CCKD_ZLIB : DASD_CKD };
    ck_assert_msg(dasd_create_ex(f->path, dasd_geom_find(geom), cyls, "VOL001", &o, f->err,
                                 sizeof f->err) == 0, "create: %s", f->err);
}

static int attach_args(struct fx *f, const char *type, const char *a1, const char *a2)
{
    char *argv[2] = { (char *)a1, (char *)a2 };
    int argc = (a1 != NULL) + (a2 != NULL);
    int rc = dev_attach(&f->h.m, DEVNUM, type, argc, argv, f->err, sizeof f->err);
    f->d = rc ? NULL : dev_find(&f->h.m, DEVNUM);
    f->chained = false;
    return rc;
}

static void attach(struct fx *f, const char *type, bool ro)
{
    ck_assert_msg(attach_args(f, type, f->path, ro ? "ro" : NULL) == 0, "attach: %s", f->err);
}

static void detach(struct fx *f)
{
    ck_assert_int_eq(dev_detach(&f->h.m, DEVNUM, f->err, sizeof f->err), 0);
    f->d = NULL;
}

/* A volume of geom on device type, attached. */
static void vol(struct fx *f, const char *type, const char *geom, uint32_t cyls)
{
    mkvol(f, "vol.ckd", geom, cyls, false);
    attach(f, type, false);
}

/* The next command starts a new channel program. */
static void chain(struct fx *f) { f->chained = false; }

/* Execute one command; later ones are chained to it until chain(). */
static uint8_t x(struct fx *f, uint8_t code, void *buf, uint32_t count)
{
    static uint8_t dummy[8];
    f->d->chained = f->chained;
    f->chained = true;
    f->res = -99999;
    return f->d->ops->execute_ccw(f->d, code, CCW_CC, buf ? buf : dummy, count, &f->res);
}

#define ST(want, code, buf, count)                                                      \
    do {                                                                                \
        uint8_t st_ = x(f, (code), (buf), (count));                                     \
        ck_assert_msg(st_ == (want), "command %02X: status %02X, expected %02X",        \
                      (unsigned)(code), st_, (unsigned)(want));                         \
    } while (0)

#define RES(want) ck_assert_msg(f->res == (want), "residual %d, expected %d", f->res, (want))

/* The sense bytes that matter (0, 1, 7), read the way a program reads them: a Sense
 * command in a new channel program; then they are reset. */
static void sense_is(struct fx *f, uint8_t b0, uint8_t b1, uint8_t b7, int line)
{
    uint8_t s[40];
    memset(s, 0xEE, sizeof s);
    unsigned len = f->d->senselen;
    chain(f);
    uint8_t st = x(f, 0x04, s, 32);
    ck_assert_msg(st == CEDE, "line %d: sense status %02X", line, st);
    ck_assert_msg(f->res == 32 - (int32_t)len, "line %d: sense residual %d", line, f->res);
    ck_assert_msg(s[0] == b0 && s[1] == b1 && s[7] == b7,
                  "line %d: sense %02X %02X .. %02X, expected %02X %02X .. %02X", line, s[0],
                  s[1], s[7], b0, b1, b7);
    for (unsigned i = 2; i < len; i++)
        if (i != 7) ck_assert_msg(s[i] == 0, "line %d: sense byte %u is %02X", line, i, s[i]);
    ck_assert_msg(s[len] == 0xEE, "line %d: sense longer than %u bytes", line, len);
    memset(s, 0xEE, sizeof s);
    chain(f);
    ck_assert_int_eq(x(f, 0x04, s, 32), CEDE);
    for (unsigned i = 0; i < len; i++)
        ck_assert_msg(s[i] == 0, "line %d: sense byte %u not reset", line, i);
    chain(f);
}
#define SENSE(b0, b1, b7) sense_is(f, (b0), (b1), (b7), __LINE__)
/* A command reject with its format-0 message. */
#define REJECT(msg) SENSE(S0_CR, 0, (msg))

/* ---- building blocks ------------------------------------------------------------- */

static void bbcchh(uint8_t *p, uint16_t cyl, uint16_t head)
{
    p[0] = p[1] = 0;
    put16(p + 2, cyl);
    put16(p + 4, head);
}

/* A new channel program that seeks to cyl/head. */
static void seek(struct fx *f, uint16_t cyl, uint16_t head)
{
    uint8_t a[6];
    bbcchh(a, cyl, head);
    chain(f);
    ST(CEDE, 0x07, a, 6);
}

static void cchhr(uint8_t *p, uint16_t cyl, uint16_t head, uint8_t r)
{
    put16(p, cyl);
    put16(p + 2, head);
    p[4] = r;
}

/* Search ID Equal (or another search code) for record r of cyl/head. */
static uint8_t search_id(struct fx *f, uint8_t code, uint16_t cyl, uint16_t head, uint8_t r)
{
    uint8_t a[5];
    cchhr(a, cyl, head, r);
    return x(f, code, a, 5);
}

/* Search ID Equal until record r of cyl/head is found (status modifier). */
static void find(struct fx *f, uint16_t cyl, uint16_t head, uint8_t r)
{
    for (int i = 0; i < 300; i++) {
        uint8_t st = search_id(f, 0x31, cyl, head, r);
        if (st == (CEDE | US_SM)) return;
        ck_assert_uint_eq(st, CEDE);
    }
    ck_abort_msg("R%u of %u/%u not found", r, cyl, head);
}

/* The data bytes of record r in the tests' records. */
static uint8_t pat(uint8_t r, uint32_t i) { return (uint8_t)(r * 37 + i * 7 + 1); }

/* A record for Write CKD: count, key "K" r..., data pat(r). Returns its length. */
static uint32_t mkrec(uint8_t *buf, uint16_t cyl, uint16_t head, uint8_t r, uint8_t kl,
                      uint16_t dl)
{
    cchhr(buf, cyl, head, r);
    buf[5] = kl;
    put16(buf + 6, dl);
    for (uint32_t i = 0; i < kl; i++) buf[8 + i] = (uint8_t)(0xD0 + r + i);
    for (uint32_t i = 0; i < dl; i++) buf[8 + kl + i] = pat(r, i);
    return 8u + kl + dl;
}

static uint8_t big[70000];

/* Format cyl/head with records 1..n of key length kl and data length dl (after a
 * seek, a Search ID Equal on R0 and Write CKDs, as OS does it). */
static void fmt_track(struct fx *f, uint16_t cyl, uint16_t head, unsigned n, uint8_t kl,
                      uint16_t dl)
{
    seek(f, cyl, head);
    ck_assert_uint_eq(search_id(f, 0x31, cyl, head, 0), CEDE | US_SM);
    for (unsigned r = 1; r <= n; r++) {
        uint32_t len = mkrec(big, cyl, head, (uint8_t)r, kl, dl);
        ST(CEDE, 0x1D, big, len);
        RES(0);
    }
}

/* Check data bytes read for record r. */
static void data_is(const uint8_t *buf, uint8_t r, uint32_t dl)
{
    for (uint32_t i = 0; i < dl; i++)
        ck_assert_msg(buf[i] == pat(r, i), "record %u data byte %u: %02X", r, i, buf[i]);
}

/* ---- attach, describe, sense ID, RDC --------------------------------------------- */

START_TEST(t_attach)
{
    struct fx fx, *f = &fx;
    fx_setup(f);
    snprintf(f->path, sizeof f->path, "%.63s/none.ckd", f->dir);
    ck_assert_int_eq(attach_args(f, "3390", f->path, NULL), -1);
    ck_assert_ptr_nonnull(strstr(f->err, "none.ckd"));
    mkvol(f, "v.ckd", "3390", 2, false);
    ck_assert_int_eq(attach_args(f, "3380", f->path, NULL), -1);      /* the image is a 3390 */
    ck_assert_msg(strstr(f->err, "3390") && strstr(f->err, "3380"), "%s", f->err);
    ck_assert_int_eq(attach_args(f, "3390", f->path, "rw!"), -1);
    ck_assert_ptr_nonnull(strstr(f->err, "rw!"));
    ck_assert_int_eq(attach_args(f, "3390", NULL, NULL), -1);
    attach(f, "3390", true);
    char line[300];
    f->d->ops->describe(f->d, line, sizeof line);
    ck_assert_msg(strstr(line, "v.ckd ro") && strstr(line, "[3390-1, 2 cyls]") &&
                  strstr(line, "cyl 0 head 0"), "%s", line);
    seek(f, 1, 7);
    f->d->ops->describe(f->d, line, sizeof line);
    ck_assert_msg(strstr(line, "cyl 1 head 7"), "%s", line);
    ck_assert_uint_eq(f->d->senselen, 32);
    detach(f);
    mkvol(f, "w.ckd", "3350", 1, false);
    attach(f, "3350", false);
    ck_assert_uint_eq(f->d->senselen, 24);
    fx_done(f);
}
END_TEST

/* Sense ID (3880/3990 only): X'FF', control unit type and model, device type and
 * model; the 3830 rejects it as an invalid command. */
START_TEST(t_sense_id)
{
    static const struct {
        const char *type, *geom;
        uint8_t id[7];
    } cases[] = {
        { "3380", "3380-1", { 0xFF, 0x38, 0x80, 0x05, 0x33, 0x80, 0x02 } },
        { "3380", "3380-E", { 0xFF, 0x38, 0x80, 0x05, 0x33, 0x80, 0x0A } },
        { "3380", "3380-K", { 0xFF, 0x38, 0x80, 0x05, 0x33, 0x80, 0x1E } },
        { "3390", "3390-1", { 0xFF, 0x39, 0x90, 0xC2, 0x33, 0x90, 0x02 } },
        { "3390", "3390-2", { 0xFF, 0x39, 0x90, 0xC2, 0x33, 0x90, 0x06 } },
        { "3390", "3390-3", { 0xFF, 0x39, 0x90, 0xC2, 0x33, 0x90, 0x0A } },
        { "3390", "3390-9", { 0xFF, 0x39, 0x90, 0xC2, 0x33, 0x90, 0x0C } },
    };
    struct fx fx, *f = &fx;
    fx_setup(f);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char name[32];
        snprintf(name, sizeof name, "v%zu.cckd", i);
        mkvol(f, name, cases[i].geom, 0, true);
        attach(f, cases[i].type, false);
        uint8_t b[16];
        memset(b, 0xEE, sizeof b);
        chain(f);
        ST(CEDE, 0xE4, b, 16);
        RES(16 - 7);
        ck_assert_msg(!memcmp(b, cases[i].id, 7), "%s: %02X%02X%02X%02X%02X%02X%02X",
                      cases[i].geom, b[0], b[1], b[2], b[3], b[4], b[5], b[6]);
        ck_assert_uint_eq(b[7], 0xEE);
        chain(f);
        ST(CEDE, 0xE4, b, 4);                     /* a short count takes the first bytes */
        RES(4 - 7);
        detach(f);
    }
    static const char *const old[] = { "3330", "3350" };
    for (size_t i = 0; i < 2; i++) {
        char name[32];
        snprintf(name, sizeof name, "o%zu.ckd", i);
        mkvol(f, name, old[i], 1, false);
        attach(f, old[i], false);
        uint8_t b[16];
        chain(f);
        ST(CEDE | US_UC, 0xE4, b, 16);
        REJECT(M_INVCMD);
        detach(f);
    }
    fx_done(f);
}
END_TEST

/* Read Device Characteristics: 64 bytes (3990 Reference, "Read Device
 * Characteristics"; Hercules dasdtab.c for the bytes beyond the geometry). */
START_TEST(t_rdc)
{
    static const uint8_t rdc3380k[64] = {
        0x38, 0x80, 0x05, 0x33, 0x80, 0x1E, 0x80, 0x00, 0x00, 0x00, 0x20, 0x0E,
        0x0A, 0x5F, 0x00, 0x0F, 0xDE, 0x00, 0xBB, 0x60, 0x04, 0x40, 0x01, 0x20,
        0x01, 0xEC, 0x00, 0xEC, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0x0E, 0x0E, 0x09, 0x00, 0xBB, 0x74, 0x00, 0x00, 0x00, 0x50, 0x07,
    };
    static const uint8_t rdc3390_3[64] = {
        0x39, 0x90, 0xC2, 0x33, 0x90, 0x0A, 0xD0, 0x00, 0x00, 0x00, 0x20, 0x24,
        0x0D, 0x0B, 0x00, 0x0F, 0xE0, 0x00, 0xE5, 0xA2, 0x05, 0x94, 0x02, 0x22,
        0x13, 0x09, 0x06, 0x74, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0x24, 0x24, 0x10, 0x00, 0xDF, 0xEE, 0x00, 0x00, 0x06, 0x77, 0x08,
    };
    static const struct {
        const char *type, *geom;
        uint8_t model, unit;
        uint16_t cyls;
        const uint8_t *base;
    } cases[] = {
        { "3380", "3380-1", 0x02, 0x0E, 885, rdc3380k },
        { "3380", "3380-E", 0x0A, 0x0E, 1770, rdc3380k },
        { "3380", "3380-K", 0x1E, 0x0E, 2655, rdc3380k },
        { "3390", "3390-1", 0x02, 0x26, 1113, rdc3390_3 },
        { "3390", "3390-2", 0x06, 0x27, 2226, rdc3390_3 },
        { "3390", "3390-3", 0x0A, 0x24, 3339, rdc3390_3 },
        { "3390", "3390-9", 0x0C, 0x32, 10017, rdc3390_3 },
    };
    struct fx fx, *f = &fx;
    fx_setup(f);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char name[32];
        snprintf(name, sizeof name, "v%zu.cckd", i);
        mkvol(f, name, cases[i].geom, 0, true);
        attach(f, cases[i].type, false);
        uint8_t want[64], b[80];
        memcpy(want, cases[i].base, 64);
        want[5] = cases[i].model;
        want[11] = cases[i].unit;
        put16(want + 12, cases[i].cyls);
        if (want[40]) want[40] = want[41] = cases[i].unit;    /* MDR and OBR record IDs */
        memset(b, 0xEE, sizeof b);
        chain(f);
        ST(CEDE, 0x64, b, 80);
        RES(80 - 64);
        for (int k = 0; k < 64; k++)
            ck_assert_msg(b[k] == want[k], "%s: RDC byte %d is %02X, expected %02X",
                          cases[i].geom, k, b[k], want[k]);
        ck_assert_uint_eq(b[64], 0xEE);
        chain(f);
        ST(CEDE, 0x64, b, 16);
        RES(16 - 64);
        detach(f);
    }
    /* The 3830 does not have it. */
    mkvol(f, "o.ckd", "3330-11", 1, false);
    attach(f, "3330", false);
    uint8_t b[64];
    chain(f);
    ST(CEDE | US_UC, 0x64, b, 64);
    REJECT(M_INVCMD);
    fx_done(f);
}
END_TEST

/* ---- sense, no-op, reserve/release, invalid commands ------------------------------ */

START_TEST(t_sense)
{
    struct fx fx, *f = &fx;
    fx_setup(f);
    vol(f, "3390", "3390", 2);
    uint8_t s[40];
    memset(s, 0xEE, sizeof s);
    chain(f);
    ST(CEDE, 0x04, s, 40);                  /* nothing to report: 32 zero bytes */
    RES(40 - 32);
    for (int i = 0; i < 32; i++) ck_assert_uint_eq(s[i], 0);
    ck_assert_uint_eq(s[32], 0xEE);
    chain(f);
    ST(CEDE | US_UC, 0x08, NULL, 1);        /* 08 is not a command (the channel's TIC) */
    ck_assert_uint_eq(f->d->sense[0], S0_CR);
    ck_assert_uint_eq(f->d->sense[7], M_INVCMD);
    memset(s, 0xEE, sizeof s);
    chain(f);
    ST(CEDE, 0x04, s, 4);                   /* a short sense still resets it */
    RES(4 - 32);
    ck_assert_uint_eq(s[0], S0_CR);
    ck_assert_uint_eq(s[4], 0xEE);
    ck_assert_uint_eq(f->d->sense[0], 0);
    /* A successful command resets pending sense too. */
    chain(f);
    ST(CEDE | US_UC, 0xFF, NULL, 1);
    ck_assert_uint_eq(f->d->sense[0], S0_CR);
    seek(f, 0, 0);
    ck_assert_uint_eq(f->d->sense[0], 0);
    detach(f);
    /* 24 bytes on the 3830, with the same format-0 messages. */
    mkvol(f, "o.ckd", "3330", 1, false);
    attach(f, "3330", false);
    chain(f);
    ST(CEDE | US_UC, 0xFF, NULL, 1);
    REJECT(M_INVCMD);
    fx_done(f);
}
END_TEST

START_TEST(t_nop_and_invalid)
{
    struct fx fx, *f = &fx;
    fx_setup(f);
    vol(f, "3330", "3330", 1);
    chain(f);
    ST(CEDE, 0x03, NULL, 1);
    RES(1);
    /* The ECKD commands do not exist on the 3830. */
    static const uint8_t eckd[] = { 0x47, 0x63, 0x64, 0x85, 0x9D, 0xE4 };
    for (size_t i = 0; i < sizeof eckd; i++) {
        uint8_t b[64] = { 0 };
        chain(f);
        ST(CEDE | US_UC, eckd[i], b, 16);
        REJECT(M_INVCMD);
    }
    static const uint8_t bad[] = { 0x00, 0x08, 0x0C, 0xFF };
    for (size_t i = 0; i < sizeof bad; i++) {
        chain(f);
        ST(CEDE | US_UC, bad[i], NULL, 1);
        REJECT(M_INVCMD);
    }
    fx_done(f);
}
END_TEST

/* Device Reserve, Device Release, Unconditional Reserve transfer the sense bytes. */
START_TEST(t_reserve_release)
{
    struct fx fx, *f = &fx;
    fx_setup(f);
    vol(f, "3380", "3380", 1);
    static const uint8_t codes[] = { 0xB4, 0x94, 0x14 };
    for (size_t i = 0; i < sizeof codes; i++) {
        uint8_t b[40];
        memset(b, 0xEE, sizeof b);
        chain(f);
        ST(CEDE, codes[i], b, 40);
        RES(40 - 24);
        for (int k = 0; k < 24; k++) ck_assert_uint_eq(b[k], 0);
        ck_assert_uint_eq(b[24], 0xEE);
        /* Pending sense comes back, and is reset. */
        chain(f);
        ST(CEDE | US_UC, 0xFF, NULL, 1);
        chain(f);
        ST(CEDE, codes[i], b, 40);
        ck_assert_uint_eq(b[0], S0_CR);
        ck_assert_uint_eq(b[7], M_INVCMD);
        SENSE(0, 0, 0);
    }
    fx_done(f);
}
END_TEST

/* ---- seeks, recalibrate, file mask ------------------------------------------------- */

static void read_ha(struct fx *f, uint16_t cyl, uint16_t head)
{
    uint8_t ha[5], want[5] = { 0 };
    put16(want + 1, cyl);
    put16(want + 3, head);
    ST(CEDE, 0x1A, ha, 5);
    RES(0);
    ck_assert_msg(!memcmp(ha, want, 5), "HA %02X%02X%02X%02X%02X", ha[0], ha[1], ha[2], ha[3],
                  ha[4]);
}

START_TEST(t_seek)
{
    struct fx fx, *f = &fx;
    fx_setup(f);
    vol(f, "3330", "3330", 3);
    uint8_t a[8];
    bbcchh(a, 2, 18);
    chain(f);
    ST(CEDE, 0x07, a, 8);                   /* six bytes used */
    RES(2);
    read_ha(f, 2, 18);
    bbcchh(a, 1, 5);
    chain(f);
    ST(CEDE, 0x0B, a, 6);                   /* Seek Cylinder */
    read_ha(f, 1, 5);
    /* Seek Head takes the head; the cylinder stays (SA22-1025 "Seek Head"). */
    bbcchh(a, 0, 9);
    chain(f);
    ST(CEDE, 0x1B, a, 6);
    read_ha(f, 1, 9);
    /* Errors: short argument, bin not zero, cylinder or head out of range. */
    chain(f);
    ST(CEDE | US_UC, 0x07, a, 5);
    REJECT(M_SHORT);
    static const uint8_t badarg[][6] = {
        { 0, 1, 0, 0, 0, 0 }, { 0, 0, 0, 3, 0, 0 }, { 0, 0, 0, 0, 0, 19 }, { 0, 0, 0xFF, 0xFF, 0, 0 },
    };
    for (size_t i = 0; i < 4; i++) {
        memcpy(a, badarg[i], 6);
        chain(f);
        ST(CEDE | US_UC, 0x07, a, 6);
        REJECT(M_INVARG);
    }
    bbcchh(a, 0, 19);
    chain(f);
    ST(CEDE | US_UC, 0x1B, a, 6);
    REJECT(M_INVARG);
    read_ha(f, 1, 9);                       /* a rejected seek does not move */
    /* Recalibrate: cylinder 0 head 0. */
    chain(f);
    ST(CEDE, 0x13, NULL, 1);
    read_ha(f, 0, 0);
    fx_done(f);
}
END_TEST

/* Set File Mask bits 3-4 limit the seeks of the channel program; a forbidden seek
 * ends in File Protected (SA22-1025 "Seek", "Seek Cylinder", "Seek Head"). */
START_TEST(t_file_mask_seek)
{
    static const struct {
        uint8_t mask, code;
        bool ok;
    } cases[] = {
        { 0x00, 0x07, true }, { 0x00, 0x0B, true }, { 0x00, 0x1B, true }, { 0x00, 0x13, true },
        { 0x08, 0x07, false }, { 0x08, 0x0B, true }, { 0x08, 0x1B, true }, { 0x08, 0x13, false },
        { 0x10, 0x07, false }, { 0x10, 0x0B, false }, { 0x10, 0x1B, true }, { 0x10, 0x13, false },
        { 0x18, 0x07, false }, { 0x18, 0x0B, false }, { 0x18, 0x1B, false }, { 0x18, 0x13, false },
    };
    struct fx fx, *f = &fx;
    fx_setup(f);
    vol(f, "3350", "3350", 2);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t a[6], m = cases[i].mask;
        bbcchh(a, 1, 2);
        chain(f);
        ST(CEDE, 0x1F, &m, 1);
        RES(0);
        if (cases[i].ok) {
            ST(CEDE, cases[i].code, a, 6);
        } else {
            ST(CEDE | US_UC, cases[i].code, a, 6);
            SENSE(0, S1_FP, 0);
        }
    }
    fx_done(f);
}
END_TEST

START_TEST(t_file_mask_errors)
{
    struct fx fx, *f = &fx;
    fx_setup(f);
    vol(f, "3390", "3390", 2);
    uint8_t m = 0xC0;
    seek(f, 0, 0);
    ST(CEDE, 0x1F, &m, 1);
    ST(CEDE | US_UC, 0x1F, &m, 1);          /* a second file mask in the chain */
    REJECT(M_INVSEQ);
    seek(f, 0, 0);
    ST(CEDE | US_UC, 0x1F, &m, 0);
    REJECT(M_SHORT);
    m = 0x20;                               /* bit 2 is reserved */
    seek(f, 0, 0);
    ST(CEDE | US_UC, 0x1F, &m, 1);
    REJECT(M_INVARG);
    fx_done(f);
}
END_TEST

/* File mask bits 0-1 (write control): 00 all but Write HA and Write R0, 01 no
 * writes, 10 update writes only (Write Data, Write Key and Data), 11 all. A write
 * that the mask does not permit is a command reject, format 0 message 2
 * (SA22-1025 "Write Home Address", "Write Record Zero", "Write Count, Key and Data";
 * Hercules ckddasd.c the same). */
START_TEST(t_file_mask_write)
{
    /* Each write, how the program gets to it (Search HA Equal, or Search ID Equal R2
     * of the track), and whether each setting 00, 01, 10, 11 of the bits permits it. */
    static const struct {
        uint8_t code;
        uint32_t len;
        char pos;
        uint8_t allow[4];
    } ops[] = {
        { 0x19, 5, 0, { 0, 0, 0, 1 } },         /* Write HA */
        { 0x15, 16, 'h', { 0, 0, 0, 1 } },      /* Write R0 */
        { 0x1D, 112, 'r', { 1, 0, 0, 1 } },     /* Write CKD */
        { 0x05, 100, 'r', { 1, 0, 1, 1 } },     /* Write Data */
        { 0x0D, 104, 'r', { 1, 0, 1, 1 } },     /* Write Key and Data */
        { 0x11, 8, 'r', { 1, 0, 0, 1 } },       /* Erase */
    };
    uint8_t ha[5] = { 0, 0, 1, 0, 1 }, r0[16] = { 0, 1, 0, 1, 0, 0, 0, 8 }, buf[120];
    struct fx fx, *f = &fx;
    fx_setup(f);
    vol(f, "3330", "3330", 2);
    fmt_track(f, 1, 1, 2, 4, 100);
    for (unsigned w = 0; w < 4; w++) {
        uint8_t m = (uint8_t)(w << 6);
        for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
            seek(f, 1, 1);
            ST(CEDE, 0x1F, &m, 1);
            if (ops[i].pos == 'h') ST(CEDE | US_SM, 0x39, ha + 1, 4);
            if (ops[i].pos == 'r') find(f, 1, 1, 2);
            memcpy(buf, ops[i].code == 0x19 ? ha : ops[i].code == 0x15 ? r0 : big, ops[i].len);
            if (ops[i].code == 0x1D) mkrec(buf, 1, 1, 3, 4, 100);
            uint8_t st = x(f, ops[i].code, buf, ops[i].len);
            if (ops[i].allow[w]) {
                ck_assert_msg(st == CEDE, "mask %02X command %02X: %02X", m, ops[i].code, st);
                if (ops[i].code == 0x19) ST(CEDE, 0x15, r0, 16);  /* the track needs R0 */
            } else {
                ck_assert_msg(st == (CEDE | US_UC), "mask %02X command %02X: %02X", m,
                              ops[i].code, st);
                REJECT(M_INVSEQ);
            }
            fmt_track(f, 1, 1, 2, 4, 100);
        }
    }
    fx_done(f);
}
END_TEST

/* ---- set sector, read sector ------------------------------------------------------ */

START_TEST(t_sector)
{
    static const struct {
        const char *type;
        uint8_t sectors;
    } cases[] = { { "3330", 128 }, { "3350", 128 }, { "3380", 222 }, { "3390", 224 } };
    struct fx fx, *f = &fx;
    fx_setup(f);
    for (size_t i = 0; i < 4; i++) {
        char name[32];
        snprintf(name, sizeof name, "v%zu.ckd", i);
        mkvol(f, name, cases[i].type, 1, false);
        attach(f, cases[i].type, false);
        uint8_t s = 0, b[4];
        seek(f, 0, 0);
        ST(CEDE, 0x23, &s, 1);
        RES(0);
        s = cases[i].sectors - 1;
        ST(CEDE, 0x23, &s, 1);
        s = 0xFF;                           /* "no sector": search from wherever */
        ST(CEDE, 0x23, &s, 1);
        s = cases[i].sectors;
        ST(CEDE | US_UC, 0x23, &s, 1);
        REJECT(M_INVARG);
        seek(f, 0, 0);
        ST(CEDE | US_UC, 0x23, &s, 0);
        REJECT(M_SHORT);
        /* Read Sector: the sector where the last record began, in range. */
        seek(f, 0, 0);
        find(f, 0, 0, 3);
        memset(b, 0xEE, sizeof b);
        ST(CEDE, 0x22, b, 4);
        RES(3);
        ck_assert_uint_lt(b[0], cases[i].sectors);
        ck_assert_uint_eq(b[1], 0xEE);
        detach(f);
    }
    fx_done(f);
}
END_TEST

/* ---- searches ------------------------------------------------------------------- */

/* Search ID Equal / High / Equal or High compare the 5-byte CCHHR of the next count
 * area (R0 included) and answer status modifier when the condition is met. */
START_TEST(t_search_id)
{
    struct fx fx, *f = &fx;
    fx_setup(f);
    vol(f, "3380", "3380", 1);
    fmt_track(f, 0, 3, 3, 0, 50);
    static const struct {
        uint8_t code, arg_r;
        uint8_t sm[4];                      /* SM for R0, R1, R2, R3 */
    } cases[] = {
        { 0x31, 2, { 0, 0, 1, 0 } },        /* equal */
        { 0x51, 2, { 0, 0, 0, 1 } },        /* high */
        { 0x71, 2, { 0, 0, 1, 1 } },        /* equal or high */
    };
    for (size_t i = 0; i < 3; i++) {
        seek(f, 0, 3);
        for (unsigned r = 0; r < 4; r++) {
            uint8_t st = search_id(f, cases[i].code, 0, 3, cases[i].arg_r);
            ck_assert_msg(st == (cases[i].sm[r] ? CEDE | US_SM : CEDE), "search %02X R%u: %02X",
                          cases[i].code, r, st);
            RES(0);
        }
    }
    /* A short argument compares its bytes only: CCHH alone matches R0 first. */
    uint8_t a[5];
    cchhr(a, 0, 3, 0);
    seek(f, 0, 3);
    ST(CEDE | US_SM, 0x31, a, 4);
    RES(-1);
    /* The cylinder is compared too: the records of cylinder 0 are low. */
    cchhr(a, 1, 0, 0);
    seek(f, 0, 3);
    ST(CEDE, 0x51, a, 5);
    ST(CEDE, 0x51, a, 5);
    fx_done(f);
}
END_TEST

/* A Search ID Equal for a record that is not there, looped as a channel program
 * loops it (search, TIC back): the first index passage is passed silently, the
 * second one in the chain ends the search with No Record Found (3990 Reference,
 * "No Record Found"). The records searched: R0 R1 R2, index, R0 R1 R2, index. */
START_TEST(t_no_record_found)
{
    struct fx fx, *f = &fx;
    fx_setup(f);
    vol(f, "3390", "3390", 1);
    fmt_track(f, 0, 4, 2, 0, 10);
    seek(f, 0, 4);
    for (int i = 0; i < 6; i++) ck_assert_uint_eq(search_id(f, 0x31, 0, 4, 9), CEDE);
    ck_assert_uint_eq(search_id(f, 0x31, 0, 4, 9), CEDE | US_UC);
    SENSE(0, S1_NRF, 0);
    /* A data read between passages restarts the count. */
    seek(f, 0, 4);
    for (int i = 0; i < 6; i++) ck_assert_uint_eq(search_id(f, 0x31, 0, 4, 9), CEDE);
    uint8_t b[16];
    ST(CEDE, 0x06, b, 10);                  /* R2's data, after R2's count */
    data_is(b, 2, 10);
    for (int i = 0; i < 3; i++) ck_assert_uint_eq(search_id(f, 0x31, 0, 4, 9), CEDE);
    ck_assert_uint_eq(search_id(f, 0x31, 0, 4, 9), CEDE | US_UC);
    SENSE(0, S1_NRF, 0);
    /* Reading counts: R1 R2, index, R1 R2, index: No Record Found. */
    seek(f, 0, 4);
    for (int i = 0; i < 4; i++) {
        ST(CEDE, 0x12, b, 8);
        ck_assert_uint_eq(b[4], i % 2 + 1);
    }
    ST(CEDE | US_UC, 0x12, b, 8);
    SENSE(0, S1_NRF, 0);
    /* Reading data goes around and around: each data area read restarts the count. */
    seek(f, 0, 4);
    for (int i = 0; i < 7; i++) {
        ST(CEDE, 0x06, b, 10);
        data_is(b, (uint8_t)(i % 2 + 1), 10);
    }
    fx_done(f);
}
END_TEST

/* Search Key: R0 and records without a key are passed over (no status modifier);
 * equal, high, equal or high compare the key area. */
START_TEST(t_search_key)
{
    struct fx fx, *f = &fx;
    fx_setup(f);
    vol(f, "3350", "3350", 1);
    seek(f, 0, 2);
    ck_assert_uint_eq(search_id(f, 0x31, 0, 2, 0), CEDE | US_SM);
    static const uint8_t kls[] = { 3, 0, 3 };
    for (unsigned r = 1; r <= 3; r++) {
        uint32_t len = mkrec(big, 0, 2, (uint8_t)r, kls[r - 1], 20);
        ST(CEDE, 0x1D, big, len);
    }
    uint8_t k3[3] = { 0xD3, 0xD4, 0xD5 };   /* R3's key; R1's is D1 D2 D3 */
    static const struct {
        uint8_t code;
        uint8_t sm[3];                      /* R1, R2 (no key), R3 */
    } cases[] = {
        { 0x29, { 0, 0, 1 } }, { 0x49, { 0, 0, 0 } }, { 0x69, { 0, 0, 1 } },
    };
    for (size_t i = 0; i < 3; i++) {
        seek(f, 0, 2);
        for (unsigned r = 0; r < 3; r++) {
            uint8_t st = x(f, cases[i].code, k3, 3);
            ck_assert_msg(st == (cases[i].sm[r] ? CEDE | US_SM : CEDE), "%02X R%u: %02X",
                          cases[i].code, r + 1, st);
        }
    }
    /* Search Key Equal, then Read Data: the data of the record found. */
    uint8_t b[32];
    seek(f, 0, 2);
    ST(CEDE, 0x29, k3, 3);
    ST(CEDE, 0x29, k3, 3);
    ST(CEDE | US_SM, 0x29, k3, 3);
    ST(CEDE, 0x06, b, 20);
    data_is(b, 3, 20);
    uint8_t k0[3] = { 0 };
    seek(f, 0, 2);
    ST(CEDE | US_SM, 0x49, k0, 3);          /* R1's key is high */
    /* Right after a count area (Search ID Equal) the key that passes next is that
     * record's own: OS/VS1 finds a PDS directory block that way. */
    uint8_t k1[3] = { 0xD1, 0xD2, 0xD3 };
    seek(f, 0, 2);
    find(f, 0, 2, 1);
    ST(CEDE | US_SM, 0x69, k1, 3);
    ST(CEDE, 0x06, b, 20);
    data_is(b, 1, 20);
    seek(f, 0, 2);
    find(f, 0, 2, 3);
    ST(CEDE | US_SM, 0x29, k3, 3);
    fx_done(f);
}
END_TEST

START_TEST(t_search_ha)
{
    struct fx fx, *f = &fx;
    fx_setup(f);
    vol(f, "3330", "3330", 2);
    uint8_t a[4] = { 0, 1, 0, 7 };
    seek(f, 1, 7);
    ST(CEDE | US_SM, 0x39, a, 4);
    RES(0);
    a[3] = 8;
    seek(f, 1, 7);
    ST(CEDE, 0x39, a, 4);
    /* Multitrack: the search reaches index and goes on with the next head. */
    seek(f, 1, 7);
    ST(CEDE | US_SM, 0xB9, a, 4);
    a[3] = 9;
    ST(CEDE | US_SM, 0xB9, a, 4);
    fx_done(f);
}
END_TEST

/* ---- reads ---------------------------------------------------------------------- */

START_TEST(t_read_ha_r0)
{
    struct fx fx, *f = &fx;
    fx_setup(f);
    vol(f, "3380", "3380", 2);
    uint8_t b[32];
    seek(f, 1, 14);
    read_ha(f, 1, 14);
    ST(CEDE, 0x16, b, 32);                  /* R0 as dasdinit writes it: 8 zero bytes */
    RES(32 - 16);
    static const uint8_t r0[16] = { 0, 1, 0, 14, 0, 0, 0, 8 };
    ck_assert_mem_eq(b, r0, 16);
    seek(f, 1, 3);
    ST(CEDE, 0x16, b, 4);                   /* a short count: the first bytes */
    RES(4 - 16);
    ck_assert_mem_eq(b, r0, 3);
    /* Multitrack Read HA goes to the next head at index; Read R0 after the home
     * address reads that track's R0 (SA22-1025 "Read Record Zero"). */
    seek(f, 1, 3);
    ST(CEDE, 0x9A, b, 5);
    ck_assert_uint_eq(b[4], 4);
    ST(CEDE, 0x96, b, 16);
    ck_assert_uint_eq(b[3], 4);
    ST(CEDE, 0x96, b, 16);                  /* not at the home address: the next head */
    ck_assert_uint_eq(b[3], 5);
    /* The last head of the cylinder: End of Cylinder. */
    seek(f, 1, 14);
    ST(CEDE | US_UC, 0x9A, b, 5);
    SENSE(0, S1_EOC, 0);
    fx_done(f);
}
END_TEST

/* Read Data, Read Key and Data, Read Count Key and Data: the record whose count has
 * just passed, else the next record after R0; a record with data length zero is an
 * end-of-file record and the read ends with unit exception (IBM-MAIN; 3990
 * Reference "End-of-File"; Hercules ckddasd.c). */
START_TEST(t_read_records)
{
    struct fx fx, *f = &fx;
    fx_setup(f);
    vol(f, "3390", "3390", 1);
    seek(f, 0, 1);
    ck_assert_uint_eq(search_id(f, 0x31, 0, 1, 0), CEDE | US_SM);
    uint32_t len = mkrec(big, 0, 1, 1, 4, 300);
    ST(CEDE, 0x1D, big, len);
    len = mkrec(big, 0, 1, 2, 0, 0);        /* end of file */
    ST(CEDE, 0x1D, big, len);
    len = mkrec(big, 0, 1, 3, 2, 5);
    ST(CEDE, 0x1D, big, len);
    uint8_t b[400];
    /* From index: Read Data is R1's data. */
    seek(f, 0, 1);
    memset(b, 0xEE, sizeof b);
    ST(CEDE, 0x06, b, 400);
    RES(100);
    data_is(b, 1, 300);
    ck_assert_uint_eq(b[300], 0xEE);
    ST(CEDE | US_UE, 0x06, b, 10);          /* R2 has no data */
    RES(10);
    ST(CEDE, 0x06, b, 3);                   /* R3: the channel takes 3 of 5 */
    RES(-2);
    data_is(b, 3, 3);
    /* Read Key and Data, Read Count Key and Data. */
    seek(f, 0, 1);
    ST(CEDE, 0x0E, b, 400);
    RES(400 - 304);
    ck_assert_uint_eq(b[0], 0xD1);
    data_is(b + 4, 1, 300);
    ST(CEDE | US_UE, 0x1E, b, 400);
    RES(400 - 8);
    static const uint8_t c2[8] = { 0, 0, 0, 1, 2, 0, 0, 0 };
    ck_assert_mem_eq(b, c2, 8);
    ST(CEDE, 0x1E, b, 400);
    RES(400 - 15);
    static const uint8_t c3[10] = { 0, 0, 0, 1, 3, 2, 0, 5, 0xD3, 0xD4 };
    ck_assert_mem_eq(b, c3, 10);
    data_is(b + 10, 3, 5);
    /* After Search ID Equal the read takes that record. */
    seek(f, 0, 1);
    ck_assert_uint_eq(search_id(f, 0x31, 0, 1, 3), CEDE);
    ck_assert_uint_eq(search_id(f, 0x31, 0, 1, 3), CEDE);
    ck_assert_uint_eq(search_id(f, 0x31, 0, 1, 3), CEDE);
    ck_assert_uint_eq(search_id(f, 0x31, 0, 1, 3), CEDE | US_SM);
    ST(CEDE, 0x0E, b, 7);
    ck_assert_uint_eq(b[0], 0xD3);
    data_is(b + 2, 3, 5);
    /* Read Count: the next count area, R0 skipped. */
    seek(f, 0, 1);
    ST(CEDE, 0x12, b, 8);
    RES(0);
    ck_assert_uint_eq(b[4], 1);
    ST(CEDE, 0x12, b, 8);
    ck_assert_mem_eq(b, c2, 8);
    ST(CEDE | US_UE, 0x06, b, 0);           /* the data of R2: none, end of file */
    fx_done(f);
}
END_TEST

/* Multitrack reads switch to the next head at index and end with End of Cylinder
 * after the last head; with file mask 11 (no seeks, no multitrack) or outside the
 * defined extent they end with File Protected. */
START_TEST(t_multitrack)
{
    struct fx fx, *f = &fx;
    fx_setup(f);
    vol(f, "3390", "3390", 2);
    fmt_track(f, 0, 13, 1, 0, 40);
    fmt_track(f, 0, 14, 1, 0, 40);
    uint8_t b[64];
    seek(f, 0, 13);
    ST(CEDE, 0x86, b, 40);
    ST(CEDE, 0x86, b, 40);                  /* head 14's R1 */
    data_is(b, 1, 40);
    ST(CEDE | US_UC, 0x86, b, 40);
    SENSE(0, S1_EOC, 0);
    /* Single track: back to R1 of the same head. */
    seek(f, 0, 13);
    ST(CEDE, 0x06, b, 40);
    ST(CEDE, 0x06, b, 40);
    read_ha(f, 0, 13);
    /* Multitrack searches: Search ID Equal (MT) finds a record on a later head. */
    seek(f, 0, 12);
    uint8_t st;
    int n = 0;
    while ((st = search_id(f, 0xB1, 0, 14, 1)) == CEDE) n++;
    ck_assert_uint_eq(st, CEDE | US_SM);
    ck_assert_int_eq(n, 4);                 /* R0 of head 12, R0 and R1 of head 13, R0 of 14 */
    /* Inhibited by the file mask. */
    seek(f, 0, 13);
    uint8_t m = 0x18;
    ST(CEDE, 0x1F, &m, 1);
    ST(CEDE, 0x86, b, 40);
    ST(CEDE | US_UC, 0x86, b, 40);
    SENSE(0, S1_FP, 0);
    fx_done(f);
}
END_TEST

/* The multitrack forms of the searches and reads carry on at the next head: search
 * key and search ID high, read count, read key and data, read count key and data. */
START_TEST(t_multitrack_forms)
{
    struct fx fx, *f = &fx;
    fx_setup(f);
    vol(f, "3330", "3330", 1);
    fmt_track(f, 0, 3, 1, 2, 12);
    fmt_track(f, 0, 4, 2, 2, 12);
    uint8_t b[40];
    /* R1 of head 3 and of head 4 have key D1D2, R2 of head 4 has D2D3. */
    static const struct {
        uint8_t code, key[2], r;            /* key searches use key, ID searches R r */
    } search[] = {
        { 0xA9, { 0xD2, 0xD3 }, 0 }, { 0xE9, { 0xD2, 0xD3 }, 0 }, { 0xC9, { 0xD1, 0xD2 }, 0 },
        { 0xD1, { 0 }, 2 }, { 0xF1, { 0 }, 2 },
    };
    for (size_t i = 0; i < sizeof search / sizeof search[0]; i++) {
        /* Two misses on head 3 and head 4 (R1 and R1 for keys, R0 and R1 of head 3 for
         * IDs), the hit on head 4. */
        seek(f, 0, 3);
        for (unsigned n = 0; n < 3; n++) {
            uint8_t k[2] = { search[i].key[0], search[i].key[1] };
            uint8_t st = search[i].r ? search_id(f, search[i].code, 0, 3, search[i].r)
                                     : x(f, search[i].code, k, 2);
            ck_assert_msg(st == (n < 2 ? CEDE : CEDE | US_SM), "%02X search %u: %02X",
                          search[i].code, n, st);
        }
        read_ha(f, 0, 4);
    }
    seek(f, 0, 3);
    ST(CEDE, 0x92, b, 8);
    ck_assert_uint_eq(b[3], 3);
    ST(CEDE, 0x92, b, 8);
    ck_assert_uint_eq(b[3], 4);
    seek(f, 0, 3);
    ST(CEDE, 0x8E, b, 14);
    ST(CEDE, 0x8E, b, 14);
    ck_assert_uint_eq(b[0], 0xD1);
    data_is(b + 2, 1, 12);
    seek(f, 0, 3);
    ST(CEDE, 0x9E, b, 22);
    ST(CEDE, 0x9E, b, 22);
    ST(CEDE, 0x9E, b, 22);
    ck_assert_uint_eq(b[3], 4);
    ck_assert_uint_eq(b[4], 2);
    fx_done(f);
}
END_TEST

/* Read IPL: seek to cylinder 0 head 0 and read R1's data (IPL1 of a labelled
 * volume: 24 bytes). */
START_TEST(t_read_ipl)
{
    struct fx fx, *f = &fx;
    fx_setup(f);
    vol(f, "3330", "3330-11", 2);
    uint8_t trk[13312];
    struct dasd_image img;
    ck_assert_int_eq(dasd_open(&img, f->path, true, f->err, sizeof f->err), 0);
    ck_assert_int_eq(dasd_read_track(&img, 0, 0, trk, f->err, sizeof f->err), 0);
    dasd_close(&img);
    struct dasd_rec rec;
    ck_assert_int_eq(dasd_track_find(trk, sizeof trk, 1, &rec), 0);
    ck_assert_uint_eq(rec.dl, 24);
    uint8_t b[64];
    seek(f, 1, 5);
    chain(f);
    ST(CEDE, 0x02, b, 64);
    RES(64 - 24);
    ck_assert_mem_eq(b, rec.data, 24);
    ST(CEDE, 0x06, big, 144);               /* then IPL2 */
    RES(0);
    read_ha(f, 0, 0);
    uint8_t m = 0xC0;                       /* not after a file mask */
    chain(f);
    ST(CEDE, 0x1F, &m, 1);
    ST(CEDE | US_UC, 0x02, b, 64);
    REJECT(M_INVSEQ);
    fx_done(f);
}
END_TEST

/* Read Multiple Count Key and Data: every record after R0, count, key and data. */
START_TEST(t_read_mckd)
{
    struct fx fx, *f = &fx;
    fx_setup(f);
    vol(f, "3380", "3380", 1);
    fmt_track(f, 0, 6, 3, 2, 10);
    uint8_t b[200];
    seek(f, 0, 6);
    memset(b, 0xEE, sizeof b);
    ST(CEDE, 0x5E, b, 200);
    RES(200 - 3 * 20);
    for (unsigned r = 1; r <= 3; r++) {
        uint8_t want[20];
        mkrec(want, 0, 6, (uint8_t)r, 2, 10);
        ck_assert_mem_eq(b + (r - 1) * 20, want, 20);
    }
    ck_assert_uint_eq(b[60], 0xEE);
    /* An empty track: nothing. */
    seek(f, 0, 7);
    ST(CEDE, 0x5E, b, 200);
    RES(200);
    fx_done(f);
}
END_TEST

/* Space Count: pass over the next count area (3 bytes: KL DL); a short count is
 * rejected with message 3. */
START_TEST(t_space_count)
{
    struct fx fx, *f = &fx;
    fx_setup(f);
    vol(f, "3350", "3350", 1);
    fmt_track(f, 0, 3, 2, 0, 16);
    uint8_t a[3] = { 0, 0, 16 }, b[16];
    seek(f, 0, 3);
    ST(CEDE, 0x0F, a, 3);
    RES(0);
    ST(CEDE, 0x06, b, 16);                  /* the record spaced over: R1 */
    data_is(b, 1, 16);
    seek(f, 0, 3);
    ST(CEDE | US_UC, 0x0F, a, 2);
    REJECT(M_SHORT);
    fx_done(f);
}
END_TEST

/* ---- writes --------------------------------------------------------------------- */

/* Write Home Address erases the track behind it; Write R0 follows it or a Search
 * Home Address Equal, and erases the rest; Write R0 elsewhere is an invalid
 * sequence. */
START_TEST(t_write_ha_r0)
{
    struct fx fx, *f = &fx;
    fx_setup(f);
    vol(f, "3330", "3330", 2);
    fmt_track(f, 1, 2, 3, 0, 100);
    uint8_t m = 0xC0, ha[5] = { 0, 0, 1, 0, 2 }, r0[16] = { 0, 1, 0, 2, 0, 0, 0, 8, 1, 2, 3 };
    uint8_t b[32];
    seek(f, 1, 2);
    ST(CEDE, 0x1F, &m, 1);
    ST(CEDE, 0x19, ha, 5);
    RES(0);
    seek(f, 1, 2);
    read_ha(f, 1, 2);
    ST(CEDE | US_UC, 0x16, b, 16);          /* no R0 any more */
    SENSE(0, S1_NRF, 0);
    /* Write HA, Write R0 in one program. */
    seek(f, 1, 2);
    ST(CEDE, 0x1F, &m, 1);
    ST(CEDE, 0x19, ha, 5);
    ST(CEDE, 0x15, r0, 16);
    RES(0);
    seek(f, 1, 2);
    ST(CEDE, 0x16, b, 16);
    ck_assert_mem_eq(b, r0, 16);
    /* Search HA Equal, Write R0 erases the records after it. */
    fmt_track(f, 1, 2, 3, 0, 100);
    r0[8] = 9;
    seek(f, 1, 2);
    ST(CEDE, 0x1F, &m, 1);
    ST(CEDE | US_SM, 0x39, ha + 1, 4);
    ST(CEDE, 0x15, r0, 16);
    seek(f, 1, 2);
    ST(CEDE, 0x16, b, 16);
    ck_assert_mem_eq(b, r0, 16);
    ST(CEDE | US_UC, 0x12, b, 8);           /* no R1 */
    SENSE(0, S1_NRF, 0);
    /* Write R0 not after the home address. */
    seek(f, 1, 2);
    ST(CEDE, 0x1F, &m, 1);
    ST(CEDE | US_UC, 0x15, r0, 16);
    REJECT(M_INVSEQ);
    seek(f, 1, 2);
    ST(CEDE, 0x1F, &m, 1);
    ST(CEDE, 0x1A, b, 5);
    ST(CEDE, 0x16, b, 16);
    ST(CEDE | US_UC, 0x15, r0, 16);
    REJECT(M_INVSEQ);
    /* A short home address (SA22-1025 "Write Home Address": message 3). */
    seek(f, 1, 2);
    ST(CEDE, 0x1F, &m, 1);
    ST(CEDE | US_UC, 0x19, ha, 4);
    REJECT(M_SHORT);
    /* A short R0 count area (SA22-1025 "Write Record Zero": message 3). */
    seek(f, 1, 2);
    ST(CEDE, 0x1F, &m, 1);
    ST(CEDE | US_SM, 0x39, ha + 1, 4);
    ST(CEDE | US_UC, 0x15, r0, 7);
    REJECT(M_SHORT);
    fx_done(f);
}
END_TEST

/* Write Count Key and Data: after a Search ID Equal (or Search Key Equal) that found
 * the record before it, or after another Write CKD / Write R0; elsewhere an invalid
 * sequence. Short data is padded with zeros; the rest of the track is erased. */
START_TEST(t_write_ckd)
{
    struct fx fx, *f = &fx;
    fx_setup(f);
    vol(f, "3380", "3380", 1);
    fmt_track(f, 0, 2, 4, 0, 64);
    uint8_t b[128];
    /* Replace R3 and erase R4. */
    seek(f, 0, 2);
    find(f, 0, 2, 2);
    uint32_t len = mkrec(big, 0, 2, 3, 0, 64);
    ST(CEDE, 0x1D, big, len - 10);          /* 10 bytes short: zeros */
    RES(-10);
    seek(f, 0, 2);
    ST(CEDE, 0x06, b, 64);
    ST(CEDE, 0x06, b, 64);
    ST(CEDE, 0x06, b, 64);
    data_is(b, 3, 54);
    for (int i = 54; i < 64; i++) ck_assert_uint_eq(b[i], 0);
    ST(CEDE, 0x06, b, 64);                  /* R1 again: R4 is gone */
    data_is(b, 1, 64);
    /* Sequences the control unit rejects. */
    seek(f, 0, 2);
    ST(CEDE | US_UC, 0x1D, big, len);       /* no search */
    REJECT(M_INVSEQ);
    seek(f, 0, 2);
    ck_assert_uint_eq(search_id(f, 0x51, 0, 2, 1), CEDE);
    ck_assert_uint_eq(search_id(f, 0x51, 0, 2, 1), CEDE);
    ck_assert_uint_eq(search_id(f, 0x51, 0, 2, 1), CEDE | US_SM);
    ST(CEDE | US_UC, 0x1D, big, len);       /* Search ID High does not allow it */
    REJECT(M_INVSEQ);
    seek(f, 0, 2);
    ST(CEDE, 0x12, b, 8);
    ST(CEDE | US_UC, 0x1D, big, len);       /* nor does a Read Count */
    REJECT(M_INVSEQ);
    /* Search ID Equal, Read Data, Write CKD is a valid sequence. */
    seek(f, 0, 2);
    find(f, 0, 2, 1);
    ST(CEDE, 0x06, b, 64);
    len = mkrec(big, 0, 2, 2, 0, 8);
    ST(CEDE, 0x1D, big, len);
    /* A count area of eight X'FF' (SA22-1025 "Write Count, Key, and Data": msg 4). */
    memset(big, 0xFF, 8);
    ST(CEDE | US_UC, 0x1D, big, 8);
    REJECT(M_INVARG);
    fx_done(f);
}
END_TEST

/* Track capacity: the largest record that fits alone, two and three to a track
 * (IBM device capacity tables), and with a key; one byte more is Invalid Track
 * Format and the track keeps what it had. */
START_TEST(t_track_capacity)
{
    static const struct {
        const char *type;
        uint16_t one, two, three;   /* data lengths without key */
        uint8_t kl;
        uint16_t onekey;            /* the largest data with a key of kl */
    } cases[] = {
        { "3330", 13030, 6447, 4253, 8, 13030 - 56 - 8 },
        { "3350", 19069, 9442, 6233, 8, 19069 - 82 - 8 },
        { "3380", 47476, 23476, 15476, 8, 47220 },
        { "3390", 56664, 27998, 18452, 8, 56336 },
    };
    struct fx fx, *f = &fx;
    fx_setup(f);
    for (size_t i = 0; i < 4; i++) {
        char name[32];
        snprintf(name, sizeof name, "v%zu.ckd", i);
        mkvol(f, name, cases[i].type, 1, false);
        attach(f, cases[i].type, false);
        const uint16_t n[3] = { cases[i].one, cases[i].two, cases[i].three };
        for (unsigned k = 0; k < 3; k++) {
            fmt_track(f, 0, 1, k + 1, 0, n[k]);
            uint32_t len = mkrec(big, 0, 1, (uint8_t)(k + 2), 0, 1);
            uint8_t st = x(f, 0x1D, big, len);
            ck_assert_msg(st == (CEDE | US_UC), "%s: a record after %u of %u: %02X",
                          cases[i].type, k + 1, n[k], st);
            SENSE(0, S1_ITF, 0);
            seek(f, 0, 1);
            ck_assert_uint_eq(search_id(f, 0x31, 0, 1, 0), CEDE | US_SM);
            for (unsigned r = 1; r <= k + 1; r++) {
                len = mkrec(big, 0, 1, (uint8_t)r, 0, (uint16_t)(n[k] + 1));
                st = x(f, 0x1D, big, len);
                ck_assert_msg(st == (r <= k ? CEDE : CEDE | US_UC), "%s: R%u of %u: %02X",
                              cases[i].type, r, n[k] + 1, st);
            }
            SENSE(0, S1_ITF, 0);
            seek(f, 0, 1);
            ST(CEDE, 0x5E, big, 65535);     /* k records, or the old R1 */
            ck_assert_int_eq(f->res, 65535 - (int32_t)(k ? k * (9u + n[k]) : 8u + n[0]));
        }
        fmt_track(f, 0, 2, 1, cases[i].kl, cases[i].onekey);
        seek(f, 0, 2);
        ck_assert_uint_eq(search_id(f, 0x31, 0, 2, 0), CEDE | US_SM);
        uint32_t len = mkrec(big, 0, 2, 1, cases[i].kl, (uint16_t)(cases[i].onekey + 1));
        ST(CEDE | US_UC, 0x1D, big, len);
        SENSE(0, S1_ITF, 0);
        detach(f);
    }
    fx_done(f);
}
END_TEST

/* Write Data, Write Key and Data: update the record found by Search ID Equal (Write
 * Data also after Search Key Equal), in place; short data is padded with zeros. */
START_TEST(t_write_update)
{
    struct fx fx, *f = &fx;
    fx_setup(f);
    vol(f, "3390", "3390", 1);
    fmt_track(f, 0, 5, 3, 2, 20);
    uint8_t d[22], b[32];
    memset(d, 0x5A, sizeof d);
    seek(f, 0, 5);
    find(f, 0, 5, 2);
    ST(CEDE, 0x05, d, 12);
    RES(12 - 20);
    seek(f, 0, 5);
    find(f, 0, 5, 2);
    ST(CEDE, 0x0E, b, 22);
    ck_assert_uint_eq(b[0], 0xD2);          /* the key stays */
    for (int i = 2; i < 14; i++) ck_assert_uint_eq(b[i], 0x5A);
    for (int i = 14; i < 22; i++) ck_assert_uint_eq(b[i], 0);
    ST(CEDE, 0x06, b, 20);                  /* R3 unchanged */
    data_is(b, 3, 20);
    /* Write Key and Data after Search ID Equal. */
    seek(f, 0, 5);
    find(f, 0, 5, 3);
    ST(CEDE, 0x0D, d, 22);
    RES(0);
    seek(f, 0, 5);
    find(f, 0, 5, 3);
    ST(CEDE, 0x0E, b, 22);
    for (int i = 0; i < 22; i++) ck_assert_uint_eq(b[i], 0x5A);
    /* Write Data after Search Key Equal. */
    uint8_t k[2] = { 0xD1, 0xD2 };
    seek(f, 0, 5);
    ST(CEDE | US_SM, 0x29, k, 2);
    ST(CEDE, 0x05, d, 20);
    /* Write Key and Data after Search Key Equal, or without a search: invalid. */
    seek(f, 0, 5);
    ST(CEDE | US_SM, 0x29, k, 2);
    ST(CEDE | US_UC, 0x0D, d, 22);
    REJECT(M_INVSEQ);
    seek(f, 0, 5);
    ST(CEDE | US_UC, 0x05, d, 20);
    REJECT(M_INVSEQ);
    fx_done(f);
}
END_TEST

/* Erase: after Write CKD or a Search ID Equal, erase the rest of the track. */
START_TEST(t_erase)
{
    struct fx fx, *f = &fx;
    fx_setup(f);
    vol(f, "3330", "3330", 1);
    fmt_track(f, 0, 8, 4, 0, 30);
    uint8_t b[32];
    seek(f, 0, 8);
    find(f, 0, 8, 2);
    ST(CEDE, 0x11, b, 8);
    seek(f, 0, 8);
    ST(CEDE, 0x12, b, 8);
    ST(CEDE, 0x12, b, 8);
    ck_assert_uint_eq(b[4], 2);
    ST(CEDE, 0x12, b, 8);
    ck_assert_uint_eq(b[4], 1);             /* R3 and R4 are gone */
    seek(f, 0, 8);
    ST(CEDE | US_UC, 0x11, b, 8);
    REJECT(M_INVSEQ);
    fx_done(f);
}
END_TEST

/* ---- ECKD: Define Extent, Locate Record, Write CKD Next Track ------------------------ */

static void dx(uint8_t *p, uint8_t mask, uint16_t bc, uint16_t bh, uint16_t ec, uint16_t eh)
{
    memset(p, 0, 16);
    p[0] = mask;
    p[1] = 0xC0;
    put16(p + 8, bc);
    put16(p + 10, bh);
    put16(p + 12, ec);
    put16(p + 14, eh);
}

static void lr(uint8_t *p, uint8_t op, uint8_t count, uint16_t cyl, uint16_t head, uint8_t r)
{
    memset(p, 0, 16);
    p[0] = op;
    p[3] = count;
    put16(p + 4, cyl);
    put16(p + 6, head);
    cchhr(p + 8, cyl, head, r);
    p[13] = 0xFF;
}

START_TEST(t_define_extent)
{
    struct fx fx, *f = &fx;
    fx_setup(f);
    vol(f, "3390", "3390", 3);
    uint8_t p[16], a[6], b[64];
    dx(p, 0xC0, 1, 0, 1, 14);
    chain(f);
    ST(CEDE, 0x63, p, 16);
    RES(0);
    bbcchh(a, 1, 3);
    ST(CEDE, 0x07, a, 6);
    bbcchh(a, 2, 0);
    ST(CEDE | US_UC, 0x07, a, 6);           /* outside the extent */
    SENSE(0, S1_FP, 0);
    chain(f);
    ST(CEDE, 0x63, p, 16);
    ST(CEDE | US_UC, 0x63, p, 16);          /* a second Define Extent */
    REJECT(M_INVSEQ);
    chain(f);
    ST(CEDE, 0x1F, p, 1);
    ST(CEDE | US_UC, 0x63, p, 16);          /* after Set File Mask */
    REJECT(M_INVSEQ);
    chain(f);
    ST(CEDE, 0x63, p, 16);
    ST(CEDE | US_UC, 0x1F, p, 1);           /* Set File Mask after it */
    REJECT(M_INVSEQ);
    chain(f);
    ST(CEDE | US_UC, 0x63, p, 15);
    REJECT(M_SHORT);
    static const uint16_t bad[][4] = { { 2, 0, 1, 0 }, { 0, 15, 1, 0 }, { 0, 0, 3, 0 }, { 1, 5, 1, 4 } };
    for (size_t i = 0; i < 4; i++) {
        dx(p, 0xC0, bad[i][0], bad[i][1], bad[i][2], bad[i][3]);
        chain(f);
        ST(CEDE | US_UC, 0x63, p, 16);
        REJECT(M_INVARG);
    }
    /* Multitrack past the end of the extent: File Protected. */
    fmt_track(f, 1, 0, 1, 0, 10);
    fmt_track(f, 1, 1, 1, 0, 10);
    dx(p, 0x00, 1, 0, 1, 0);
    chain(f);
    ST(CEDE, 0x63, p, 16);
    bbcchh(a, 1, 0);
    ST(CEDE, 0x07, a, 6);
    ST(CEDE, 0x86, b, 10);
    ST(CEDE | US_UC, 0x86, b, 10);
    SENSE(0, S1_FP, 0);
    fx_done(f);
}
END_TEST

/* Locate Record: seek and orient on a record, then a domain of count commands of
 * the operation: 06 read data, 16 read, 01 write data, 03 format write. */
START_TEST(t_locate_record)
{
    struct fx fx, *f = &fx;
    fx_setup(f);
    vol(f, "3380", "3380", 2);
    fmt_track(f, 1, 4, 2, 0, 30);
    fmt_track(f, 1, 5, 2, 0, 30);
    uint8_t p[16], q[16], b[64];
    dx(p, 0xC0, 0, 0, 1, 14);
    /* Read Data of R2 and of the next record, on the next track (multitrack). */
    lr(q, 0x06, 2, 1, 4, 2);
    chain(f);
    ST(CEDE, 0x63, p, 16);
    ST(CEDE, 0x47, q, 16);
    RES(0);
    ST(CEDE, 0x86, b, 30);
    data_is(b, 2, 30);
    ST(CEDE, 0x86, b, 30);
    data_is(b, 1, 30);
    read_ha(f, 1, 5);
    /* Read (16) from the home address: R0, then R1 and R2 with their counts. */
    lr(q, 0x56, 3, 1, 4, 0);
    chain(f);
    ST(CEDE, 0x63, p, 16);
    ST(CEDE, 0x47, q, 16);
    ST(CEDE, 0x16, b, 16);
    ck_assert_uint_eq(b[4], 0);
    ST(CEDE, 0x1E, b, 38);
    ck_assert_uint_eq(b[4], 1);
    ST(CEDE, 0x1E, b, 38);
    ck_assert_uint_eq(b[4], 2);
    data_is(b + 8, 2, 30);
    /* Read Data after home address orientation: R1, R0 passed over. */
    lr(q, 0x46, 1, 1, 4, 0);
    chain(f);
    ST(CEDE, 0x63, p, 16);
    ST(CEDE, 0x47, q, 16);
    ST(CEDE, 0x06, b, 30);
    data_is(b, 1, 30);
    /* Write Data of R1. */
    uint8_t d[30];
    memset(d, 0x77, sizeof d);
    lr(q, 0x01, 1, 1, 4, 1);
    chain(f);
    ST(CEDE, 0x63, p, 16);
    ST(CEDE, 0x47, q, 16);
    ST(CEDE, 0x05, d, 30);
    seek(f, 1, 4);
    ST(CEDE, 0x06, b, 30);
    ck_assert_mem_eq(b, d, 30);
    /* Format Write after R2: Write CKD R3, Write CKD Next Track puts R1 on head 5. */
    lr(q, 0x03, 2, 1, 4, 2);
    chain(f);
    ST(CEDE, 0x63, p, 16);
    ST(CEDE, 0x47, q, 16);
    uint32_t len = mkrec(big, 1, 4, 3, 0, 30);
    ST(CEDE, 0x1D, big, len);
    len = mkrec(big, 1, 5, 1, 0, 12);
    ST(CEDE, 0x9D, big, len);
    seek(f, 1, 4);
    ck_assert_uint_eq(search_id(f, 0x31, 1, 4, 3), CEDE);
    ck_assert_uint_eq(search_id(f, 0x31, 1, 4, 3), CEDE);
    ck_assert_uint_eq(search_id(f, 0x31, 1, 4, 3), CEDE);
    ck_assert_uint_eq(search_id(f, 0x31, 1, 4, 3), CEDE | US_SM);
    ST(CEDE, 0x06, b, 30);
    data_is(b, 3, 30);
    seek(f, 1, 5);
    ST(CEDE, 0x1E, b, 64);
    RES(64 - 20);
    ck_assert_uint_eq(b[7], 12);
    ST(CEDE, 0x12, b, 8);                   /* R2 of head 5 is erased */
    ck_assert_uint_eq(b[4], 1);
    /* Format Write from the home address: Write R0, Write CKD R1 (head 6). */
    uint8_t r0[16] = { 0, 1, 0, 6, 0, 0, 0, 8, 'R', '0' };
    lr(q, 0x43, 2, 1, 6, 0);
    chain(f);
    ST(CEDE, 0x63, p, 16);
    ST(CEDE, 0x47, q, 16);
    ST(CEDE, 0x15, r0, 16);
    len = mkrec(big, 1, 6, 1, 0, 30);
    ST(CEDE, 0x1D, big, len);
    seek(f, 1, 6);
    ST(CEDE, 0x16, b, 16);
    ck_assert_mem_eq(b, r0, 16);
    ST(CEDE, 0x06, b, 30);
    data_is(b, 1, 30);
    /* A read domain does not allow writes after it either. */
    lr(q, 0x06, 1, 1, 6, 1);
    chain(f);
    ST(CEDE, 0x63, p, 16);
    ST(CEDE, 0x47, q, 16);
    ST(CEDE, 0x06, b, 30);
    ST(CEDE | US_UC, 0x1D, big, len);
    REJECT(M_INVSEQ);
    /* Errors. */
    lr(q, 0x06, 1, 1, 4, 1);
    chain(f);
    ST(CEDE | US_UC, 0x47, q, 16);          /* no Define Extent */
    REJECT(M_INVSEQ);
    chain(f);
    ST(CEDE, 0x63, p, 16);
    ST(CEDE | US_UC, 0x47, q, 15);
    REJECT(M_SHORT);
    static const uint8_t badop[] = { 0x02, 0x05, 0x3F };
    for (size_t i = 0; i < sizeof badop; i++) {
        lr(q, badop[i], 1, 1, 4, 1);
        chain(f);
        ST(CEDE, 0x63, p, 16);
        ST(CEDE | US_UC, 0x47, q, 16);
        REJECT(M_INVARG);
    }
    static const uint8_t badorient[] = { 0x41, 0x83, 0xC1, 0xC6 };
    for (size_t i = 0; i < sizeof badorient; i++) {
        lr(q, badorient[i], 1, 1, 4, 1);    /* operation and orientation do not go */
        chain(f);
        ST(CEDE, 0x63, p, 16);
        ST(CEDE | US_UC, 0x47, q, 16);
        REJECT(M_INVARG);
    }
    lr(q, 0x46, 1, 1, 4, 0);                /* home address orientation, wrong CCHH */
    q[11] = 5;
    chain(f);
    ST(CEDE, 0x63, p, 16);
    ST(CEDE | US_UC, 0x47, q, 16);
    SENSE(0, S1_NRF, 0);
    lr(q, 0x06, 0, 1, 4, 1);                /* count zero */
    chain(f);
    ST(CEDE, 0x63, p, 16);
    ST(CEDE | US_UC, 0x47, q, 16);
    REJECT(M_INVARG);
    dx(p, 0xC0, 0, 0, 0, 14);
    lr(q, 0x06, 1, 1, 4, 1);                /* outside the extent */
    chain(f);
    ST(CEDE, 0x63, p, 16);
    ST(CEDE | US_UC, 0x47, q, 16);
    SENSE(0, S1_FP, 0);
    dx(p, 0xC0, 0, 0, 1, 14);
    lr(q, 0x06, 1, 1, 4, 7);                /* no such record */
    chain(f);
    ST(CEDE, 0x63, p, 16);
    ST(CEDE | US_UC, 0x47, q, 16);
    SENSE(0, S1_NRF, 0);
    /* Commands that do not belong in the domain: invalid sequence. */
    static const uint8_t foreign[] = { 0x07, 0x31, 0x03, 0x1D, 0x47 };
    for (size_t i = 0; i < sizeof foreign; i++) {
        uint8_t arg[16] = { 0 };
        lr(q, 0x06, 2, 1, 4, 1);
        chain(f);
        ST(CEDE, 0x63, p, 16);
        ST(CEDE, 0x47, q, 16);
        ST(CEDE | US_UC, foreign[i], arg, 16);
        REJECT(M_INVSEQ);
    }
    /* Write CKD Next Track outside a format-write domain. */
    seek(f, 1, 4);
    ST(CEDE | US_UC, 0x9D, big, len);
    REJECT(M_INVSEQ);
    /* After the domain, ordinary commands again. */
    lr(q, 0x06, 1, 1, 4, 1);
    chain(f);
    ST(CEDE, 0x63, p, 16);
    ST(CEDE, 0x47, q, 16);
    ST(CEDE, 0x06, b, 30);
    ST(CEDE, 0x03, NULL, 1);
    fx_done(f);
}
END_TEST

/* In a Locate Record domain multitrack operations go on past the last head into the
 * next cylinder, up to the end of the extent, whatever the file mask says about
 * seeks; Write Update Data (85) belongs to such a domain only. */
START_TEST(t_locate_record_multitrack)
{
    struct fx fx, *f = &fx;
    fx_setup(f);
    vol(f, "3390", "3390", 3);
    fmt_track(f, 0, 14, 1, 0, 20);
    fmt_track(f, 1, 0, 1, 0, 20);
    uint8_t p[16], q[16], b[32], d[20];
    dx(p, 0xD8, 0, 0, 1, 14);               /* all writes, no seeks */
    lr(q, 0x06, 2, 0, 14, 1);
    chain(f);
    ST(CEDE, 0x63, p, 16);
    ST(CEDE, 0x47, q, 16);
    ST(CEDE, 0x86, b, 20);
    ST(CEDE, 0x86, b, 20);
    data_is(b, 1, 20);
    read_ha(f, 1, 0);
    dx(p, 0xC0, 0, 0, 0, 14);               /* the extent ends with the cylinder */
    chain(f);
    ST(CEDE, 0x63, p, 16);
    ST(CEDE, 0x47, q, 16);
    ST(CEDE, 0x86, b, 20);
    ST(CEDE | US_UC, 0x86, b, 20);
    SENSE(0, S1_FP, 0);
    /* Write Update Data over both records. */
    memset(d, 0x3C, sizeof d);
    dx(p, 0xC0, 0, 0, 2, 14);
    lr(q, 0x01, 2, 0, 14, 1);
    chain(f);
    ST(CEDE, 0x63, p, 16);
    ST(CEDE, 0x47, q, 16);
    ST(CEDE, 0x85, d, 20);
    ST(CEDE, 0x85, d, 20);
    seek(f, 1, 0);
    ST(CEDE, 0x06, b, 20);
    ck_assert_mem_eq(b, d, 20);
    seek(f, 0, 14);
    ST(CEDE, 0x06, b, 20);
    ck_assert_mem_eq(b, d, 20);
    seek(f, 0, 14);
    find(f, 0, 14, 1);
    ST(CEDE | US_UC, 0x85, d, 20);
    REJECT(M_INVSEQ);
    fx_done(f);
}
END_TEST

/* The 3990 wants a Seek, Seek Cylinder, Recalibrate, Locate Record or Read IPL in the
 * channel program before a command that needs the track (SA22-1025 "Read Data",
 * "Read Count", "Read Record Zero", "Seek Head"; Hercules ckddasd.c). Older
 * control units search wherever the heads are. */
START_TEST(t_3990_seek_first)
{
    struct fx fx, *f = &fx;
    fx_setup(f);
    vol(f, "3390", "3390", 1);
    uint8_t b[64], a[6] = { 0 };
    static const uint8_t codes[] = { 0x06, 0x0E, 0x12, 0x16, 0x1A, 0x1E, 0x31, 0x29, 0x39,
                                     0x5E, 0x1B, 0x23 };
    for (size_t i = 0; i < sizeof codes; i++) {
        chain(f);
        memset(b, 0, sizeof b);
        ST(CEDE | US_UC, codes[i], b, 6);
        REJECT(M_INVSEQ);
    }
    chain(f);
    ST(CEDE, 0x13, NULL, 1);
    ST(CEDE, 0x1A, b, 5);
    chain(f);
    ST(CEDE, 0x0B, a, 6);
    ST(CEDE, 0x1A, b, 5);
    detach(f);
    mkvol(f, "o.ckd", "3380", 1, false);
    attach(f, "3380", false);
    chain(f);
    ST(CEDE, 0x1A, b, 5);
    fx_done(f);
}
END_TEST

/* ---- read-only volumes, persistence ---------------------------------------------- */

/* A volume attached read-only: reads work; every write is a command reject with
 * Write Inhibited (3990 Reference; Linux dasd_3990_erp.c "rejected because writing
 * is inhibited"). */
START_TEST(t_read_only)
{
    static const char *const types[] = { "3330", "3390" };
    struct fx fx, *f = &fx;
    fx_setup(f);
    for (size_t t = 0; t < 2; t++) {
        char name[32];
        snprintf(name, sizeof name, "v%zu.ckd", t);
        mkvol(f, name, types[t], 1, false);
        attach(f, types[t], false);
        fmt_track(f, 0, 1, 2, 0, 20);
        detach(f);
        attach(f, types[t], true);
        uint8_t b[32], m = 0xC0, ha[5] = { 0, 0, 0, 0, 1 };
        seek(f, 0, 1);
        ST(CEDE, 0x06, b, 20);
        data_is(b, 1, 20);
        static const uint8_t writes[] = { 0x1D, 0x05, 0x0D, 0x11 };
        for (size_t i = 0; i < sizeof writes; i++) {
            seek(f, 0, 1);
            ST(CEDE, 0x1F, &m, 1);
            find(f, 0, 1, 1);
            uint32_t len = mkrec(big, 0, 1, 2, 0, 20);
            ST(CEDE | US_UC, writes[i], big, len);
            SENSE(S0_CR, S1_WRI, 0);
        }
        seek(f, 0, 1);
        ST(CEDE, 0x1F, &m, 1);
        ST(CEDE | US_UC, 0x19, ha, 5);
        SENSE(S0_CR, S1_WRI, 0);
        seek(f, 0, 1);
        ST(CEDE, 0x1F, &m, 1);
        ST(CEDE | US_SM, 0x39, ha + 1, 4);
        ST(CEDE | US_UC, 0x15, big, 16);
        SENSE(S0_CR, S1_WRI, 0);
        seek(f, 0, 1);
        ST(CEDE, 0x06, b, 20);              /* nothing changed */
        ST(CEDE, 0x06, b, 20);
        data_is(b, 2, 20);
        detach(f);
    }
    fx_done(f);
}
END_TEST

/* What a write has put on the track is in the image: another attach of the same
 * file (a restart of s370) reads it, for CKD and compressed CCKD images. */
START_TEST(t_persist)
{
    struct fx fx, *f = &fx;
    fx_setup(f);
    for (int cckd = 0; cckd < 2; cckd++) {
        mkvol(f, cckd ? "p.cckd" : "p.ckd", "3390", 3, cckd);
        attach(f, "3390", false);
        fmt_track(f, 2, 14, 5, 8, 4000);
        uint8_t m = 0xC0, ha[4] = { 0, 1, 0, 0 }, r0[16] = { 0, 1, 0, 0, 0, 0, 0, 8, 'R', '0' };
        seek(f, 1, 0);
        ST(CEDE, 0x1F, &m, 1);
        ST(CEDE | US_SM, 0x39, ha, 4);
        ST(CEDE, 0x15, r0, 16);
        detach(f);
        attach(f, "3390", false);
        uint8_t b[4100];
        seek(f, 2, 14);
        for (unsigned r = 1; r <= 5; r++) {
            ST(CEDE, 0x0E, b, 4008);
            ck_assert_uint_eq(b[0], 0xD0 + r);
            data_is(b + 8, (uint8_t)r, 4000);
        }
        seek(f, 1, 0);
        ST(CEDE, 0x16, b, 16);
        ck_assert_mem_eq(b, r0, 16);
        detach(f);
        /* The image layer reads the same track. */
        struct dasd_image img;
        ck_assert_int_eq(dasd_open(&img, f->path, true, f->err, sizeof f->err), 0);
        ck_assert_int_eq(dasd_read_track(&img, 2, 14, big, f->err, sizeof f->err), 0);
        struct dasd_rec rec;
        ck_assert_int_eq(dasd_track_find(big, img.geom->trksize, 5, &rec), 0);
        ck_assert_uint_eq(rec.kl, 8);
        ck_assert_uint_eq(rec.dl, 4000);
        data_is(rec.data, 5, 4000);
        dasd_close(&img);
    }
    fx_done(f);
}
END_TEST

/* A track the image cannot give (its home address names another track) is an
 * equipment check for the commands that need it; other tracks still work. */
START_TEST(t_damaged_track)
{
    struct fx fx, *f = &fx;
    fx_setup(f);
    mkvol(f, "d.ckd", "3350", 1, false);
    FILE *fp = fopen(f->path, "r+b");
    ck_assert_ptr_nonnull(fp);
    ck_assert_int_eq(fseek(fp, DASD_HDR_SIZE + 5L * 19456 + 4, SEEK_SET), 0);
    ck_assert_int_eq(fputc(9, fp), 9);      /* HA of head 5 says head 9 */
    fclose(fp);
    attach(f, "3350", false);
    uint8_t b[8];
    seek(f, 0, 5);
    ST(CEDE | US_UC, 0x1A, b, 5);
    SENSE(S0_EC, 0, 0);
    seek(f, 0, 5);
    ST(CEDE | US_UC, 0x12, b, 8);
    SENSE(S0_EC, 0, 0);
    seek(f, 0, 4);
    read_ha(f, 0, 4);
    fx_done(f);
}
END_TEST

/* ---- real channel programs --------------------------------------------------------- */

#define CCWS 0x800
#define DATA 0x2000
#define SENSEA 0x3000

static void ccw(struct fx *f, uint32_t at, uint8_t cmd, uint32_t data, uint8_t flags,
                uint16_t count)
{
    uint8_t *p = f->h.m.mainstor + at;
    p[0] = cmd;
    p[1] = (uint8_t)(data >> 16); p[2] = (uint8_t)(data >> 8); p[3] = (uint8_t)data;
    p[4] = flags; p[5] = 0;
    put16(p + 6, count);
}

/* Start the program at CCWS, take its interruption; the CSW. */
static uint64_t run(struct fx *f)
{
    ck_assert_int_eq(h_exec(&f->h, 0x1000, "9C000190"), 0);
    ck_assert_int_eq(f->h.c->psw.cc, 0);
    ck_assert_int_eq(h_exec(&f->h, 0x1000, "9D000190"), 0);
    ck_assert_int_eq(f->h.c->psw.cc, 1);
    return be64(f->h.m.mainstor + 0x40);
}

/* The classic OS read: Seek, Search ID Equal, TIC back to it, Read Data. Status
 * modifier skips the TIC; a record that is not there ends in unit check and the
 * sense says No Record Found. Then an end-of-file record: unit exception. */
START_TEST(t_channel_program)
{
    struct fx fx, *f = &fx;
    fx_setup(f);
    vol(f, "3350", "3350", 2);
    fmt_track(f, 1, 9, 3, 0, 200);
    uint8_t *m = f->h.m.mainstor;
    bbcchh(m + DATA - 16, 1, 9);
    cchhr(m + DATA - 8, 1, 9, 3);
    ccw(f, CCWS, 0x07, DATA - 16, CCW_CC, 6);
    ccw(f, CCWS + 8, 0x31, DATA - 8, CCW_CC, 5);
    ccw(f, CCWS + 16, 0x08, CCWS + 8, 0, 0);
    ccw(f, CCWS + 24, 0x06, DATA, 0, 200);
    uint64_t csw = run(f);
    ck_assert_uint_eq((csw >> 24) & 0xFF, CEDE);
    ck_assert_uint_eq(csw & 0xFFFF, 0);
    ck_assert_uint_eq(csw >> 32 & 0xFFFFFF, CCWS + 32);
    data_is(m + DATA, 3, 200);
    m[DATA - 4] = 4;                        /* R4: not there */
    csw = run(f);
    ck_assert_uint_eq((csw >> 24) & 0xFF, CEDE | US_UC);
    ck_assert_uint_eq(csw >> 32 & 0xFFFFFF, CCWS + 16);
    ccw(f, CCWS, 0x04, SENSEA, 0, 24);
    csw = run(f);
    ck_assert_uint_eq((csw >> 24) & 0xFF, CEDE);
    ck_assert_uint_eq(m[SENSEA + 1], S1_NRF);
    /* End of file: Write CKD of a DL=0 record, then Read Data with a NOP chained. */
    fmt_track(f, 1, 10, 1, 0, 0);
    bbcchh(m + DATA - 16, 1, 10);
    ccw(f, CCWS, 0x07, DATA - 16, CCW_CC, 6);
    ccw(f, CCWS + 8, 0x06, DATA, CCW_CC | CCW_SLI, 80);
    ccw(f, CCWS + 16, 0x03, DATA, 0, 1);
    csw = run(f);
    ck_assert_uint_eq((csw >> 24) & 0xFF, CEDE | US_UE);
    ck_assert_uint_eq(csw >> 32 & 0xFFFFFF, CCWS + 16);   /* the chain ended there */
    fx_done(f);
}
END_TEST

/* The program of the write-back tests: Seek 1,3, then for R1 and R2 Search ID Equal,
 * TIC back, Write Data of 200 bytes (R1's from DATA, R2's from DATA + 200). */
static void write_two(struct fx *f)
{
    uint8_t *m = f->h.m.mainstor;
    bbcchh(m + DATA - 16, 1, 3);
    cchhr(m + DATA - 8, 1, 3, 1);
    cchhr(m + DATA - 24, 1, 3, 2);
    for (uint32_t i = 0; i < 200; i++) {
        m[DATA + i] = pat(0x51, i);
        m[DATA + 200 + i] = pat(0x52, i);
    }
    ccw(f, CCWS, 0x07, DATA - 16, CCW_CC, 6);
    ccw(f, CCWS + 8, 0x31, DATA - 8, CCW_CC, 5);
    ccw(f, CCWS + 16, 0x08, CCWS + 8, 0, 0);
    ccw(f, CCWS + 24, 0x05, DATA, CCW_CC, 200);
    ccw(f, CCWS + 32, 0x31, DATA - 24, CCW_CC, 5);
    ccw(f, CCWS + 40, 0x08, CCWS + 32, 0, 0);
    ccw(f, CCWS + 48, 0x05, DATA + 200, 0, 200);
}

/* Writes are kept in the track buffer while the program runs on that track (OS/VS1
 * formats record by record); once the ending status is there the image holds every
 * record, for CKD and CCKD, with the device still attached. */
START_TEST(t_program_end_writes)
{
    struct fx fx, *f = &fx;
    fx_setup(f);
    for (int cckd = 0; cckd < 2; cckd++) {
        mkvol(f, cckd ? "w.cckd" : "w.ckd", "3390", 2, cckd);
        attach(f, "3390", false);
        fmt_track(f, 1, 3, 3, 0, 200);
        write_two(f);
        uint64_t csw = run(f);
        ck_assert_uint_eq((csw >> 24) & 0xFF, CEDE);
        struct dasd_image img;
        ck_assert_int_eq(dasd_open(&img, f->path, true, f->err, sizeof f->err), 0);
        ck_assert_int_eq(dasd_read_track(&img, 1, 3, big, f->err, sizeof f->err), 0);
        for (uint8_t r = 1; r <= 3; r++) {
            struct dasd_rec rec;
            ck_assert_int_eq(dasd_track_find(big, img.geom->trksize, r, &rec), 0);
            ck_assert_uint_eq(rec.dl, 200);
            for (uint32_t i = 0; i < 200; i++)
                ck_assert_uint_eq(rec.data[i], r == 3 ? pat(3, i) : pat((uint8_t)(0x50 + r), i));
        }
        dasd_close(&img);
        detach(f);
    }
    fx_done(f);
}
END_TEST

/* A track write that fails when the program ends (here: the file size limit) makes
 * the ending status unit check with equipment check, not a silent success. */
START_TEST(t_program_end_write_fails)
{
    struct fx fx, *f = &fx;
    fx_setup(f);
    mkvol(f, "e.ckd", "3390", 2, false);
    attach(f, "3390", false);
    fmt_track(f, 1, 3, 3, 0, 200);
    uint8_t b[8];
    seek(f, 0, 0);                          /* the formatted track goes to the image */
    ST(CEDE, 0x1A, b, 5);
    struct rlimit old, lim;
    ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &old), 0);
    lim = old;
    lim.rlim_cur = 4096;                    /* cylinder 1 lies beyond: pwrite fails */
    signal(SIGXFSZ, SIG_IGN);
    ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &lim), 0);
    write_two(f);
    uint64_t csw = run(f);
    ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &old), 0);
    ck_assert_uint_eq((csw >> 24) & 0xFF, CEDE | US_UC);
    ck_assert_uint_eq(csw >> 32 & 0xFFFFFF, CCWS + 56);
    SENSE(S0_EC, 0, 0);
    fx_done(f);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ckddev");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, t_attach);
    tcase_add_test(tc, t_sense_id);
    tcase_add_test(tc, t_rdc);
    tcase_add_test(tc, t_sense);
    tcase_add_test(tc, t_nop_and_invalid);
    tcase_add_test(tc, t_reserve_release);
    tcase_add_test(tc, t_seek);
    tcase_add_test(tc, t_file_mask_seek);
    tcase_add_test(tc, t_file_mask_errors);
    tcase_add_test(tc, t_file_mask_write);
    tcase_add_test(tc, t_sector);
    tcase_add_test(tc, t_search_id);
    tcase_add_test(tc, t_no_record_found);
    tcase_add_test(tc, t_search_key);
    tcase_add_test(tc, t_search_ha);
    tcase_add_test(tc, t_read_ha_r0);
    tcase_add_test(tc, t_read_records);
    tcase_add_test(tc, t_multitrack);
    tcase_add_test(tc, t_multitrack_forms);
    tcase_add_test(tc, t_read_ipl);
    tcase_add_test(tc, t_read_mckd);
    tcase_add_test(tc, t_space_count);
    tcase_add_test(tc, t_write_ha_r0);
    tcase_add_test(tc, t_write_ckd);
    tcase_add_test(tc, t_track_capacity);
    tcase_add_test(tc, t_write_update);
    tcase_add_test(tc, t_erase);
    tcase_add_test(tc, t_define_extent);
    tcase_add_test(tc, t_locate_record);
    tcase_add_test(tc, t_locate_record_multitrack);
    tcase_add_test(tc, t_3990_seek_first);
    tcase_add_test(tc, t_read_only);
    tcase_add_test(tc, t_persist);
    tcase_add_test(tc, t_damaged_track);
    tcase_add_test(tc, t_channel_program);
    tcase_add_test(tc, t_program_end_writes);
    tcase_add_test(tc, t_program_end_write_fails);
    suite_add_tcase(s, tc);
    SRunner *r = srunner_create(s);
    srunner_run_all(r, CK_NORMAL);
    int nf = srunner_ntests_failed(r);
    srunner_free(r);
    return nf ? 1 : 0;
}
