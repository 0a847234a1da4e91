/* test_tape.c - 3420/3480 tape drives on AWSTAPE and HET images, driven by real
 * channel programs (SIO, then TIO for the CSW): write and read back, read backward,
 * spacing, tapemarks, file protection, not ready, damaged images, HET compression
 * and chunking, and the image layer's bytes (the Hercules layout). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "harness.h"
#include "channel/channel.h"
#include "devices/devtab.h"
#include "devices/awstape.h"

#define INSN 0x1000
#define CCWS 0x800
#define DATA 0x10000
#define BACKEND 0x40000     /* read backward stores downward from here */
#define SENSE 0x3000

struct fx {
    struct harness h;
    char dir[64];
    char path[128];
    char log[128];
};

static void fx_setup(struct fx *f, const char *name)
{
    h_setup(&f->h, 1);
    ck_assert_int_eq(chan_init(&f->h.m), 0);
    chan_set_sync(&f->h.m, true);
    snprintf(f->dir, sizeof f->dir, "/tmp/s370-tape-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(f->dir));
    snprintf(f->path, sizeof f->path, "%s/%s", f->dir, name);
    snprintf(f->log, sizeof f->log, "%s/console.log", f->dir);
    f->h.m.out = fopen(f->log, "w+");
    ck_assert_ptr_nonnull(f->h.m.out);
    h_poke(&f->h, 0x48, "00000800");            /* CAW: key 0, CCWs at 800 */
}

static void fx_done(struct fx *f)
{
    chan_shutdown(&f->h.m);
    dev_detach_all(&f->h.m);
    fclose(f->h.m.out);
    f->h.m.out = NULL;
    h_teardown(&f->h);
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
    ck_assert_int_eq(system(cmd), 0);
}

/* Attach 0580 with the image and up to three options. */
static int attach_type(struct fx *f, const char *type, const char *file, const char *o1,
                       const char *o2, const char *o3)
{
    char *argv[4] = { (char *)file, (char *)o1, (char *)o2, (char *)o3 };
    int argc = 1 + (o1 != NULL) + (o2 != NULL) + (o3 != NULL);
    char err[256];
    return dev_attach(&f->h.m, 0x0580, type, argc, argv, err, sizeof err);
}

static void attach(struct fx *f, const char *o1, const char *o2)
{
    ck_assert_int_eq(attach_type(f, "3420", f->path, o1, o2, NULL), 0);
}

static void ccw(struct fx *f, uint32_t at, uint8_t cmd, uint32_t data, uint8_t flags, uint16_t count)
{
    uint8_t *p = f->h.m.mainstor + at;
    p[0] = cmd;
    p[1] = (uint8_t)(data >> 16); p[2] = (uint8_t)(data >> 8); p[3] = (uint8_t)data;
    p[4] = flags; p[5] = 0;
    put16(p + 6, count);
}

static uint8_t *mem(struct fx *f, uint32_t a) { return f->h.m.mainstor + a; }

/* Run one CCW on 0580; returns the CSW (unit status in bits 24-31). */
static uint64_t run1(struct fx *f, uint8_t cmd, uint32_t data, uint8_t flags, uint16_t count)
{
    ccw(f, CCWS, cmd, data, flags, count);
    ck_assert_int_eq(h_exec(&f->h, INSN, "9C000580"), 0);
    ck_assert_int_eq(f->h.c->psw.cc, 0);
    ck_assert_int_eq(h_exec(&f->h, INSN, "9D000580"), 0);
    ck_assert_int_eq(f->h.c->psw.cc, 1);
    return be64(mem(f, 0x40));
}

static uint8_t ustat(uint64_t csw) { return (uint8_t)(csw >> 24); }
static uint16_t resid(uint64_t csw) { return (uint16_t)csw; }

static uint8_t cmd(struct fx *f, uint8_t code) { return ustat(run1(f, code, DATA, CCW_SLI, 1)); }

static void fill(struct fx *f, uint32_t n, unsigned seed)
{
    uint32_t x = seed * 2654435761u + 1;
    for (uint32_t i = 0; i < n; i++) {
        x = x * 1103515245u + 12345;
        mem(f, DATA)[i] = (uint8_t)(x >> 16);
    }
}

static void write_block(struct fx *f, uint32_t n, unsigned seed)
{
    fill(f, n, seed);
    ck_assert_int_eq(ustat(run1(f, 0x01, DATA, 0, (uint16_t)n)), US_CE | US_DE);
}

/* Read forward and compare with the block written from seed. */
static void expect_block(struct fx *f, uint32_t n, unsigned seed)
{
    uint8_t want[65535];
    fill(f, n, seed);
    memcpy(want, mem(f, DATA), n);
    memset(mem(f, DATA), 0, n);
    uint64_t c = run1(f, 0x02, DATA, CCW_SLI, 65535);
    ck_assert_int_eq(ustat(c), US_CE | US_DE);
    ck_assert_int_eq(resid(c), 65535 - n);
    ck_assert(!memcmp(want, mem(f, DATA), n));
}

/* Sense into SENSE; returns byte 0. */
static uint8_t sense(struct fx *f)
{
    memset(mem(f, SENSE), 0xEE, 32);
    ck_assert_int_eq(ustat(run1(f, 0x04, SENSE, 0, 24)), US_CE | US_DE);
    return mem(f, SENSE)[0];
}

static bool log_has(struct fx *f, const char *s)
{
    char buf[4096];
    fflush(f->h.m.out);
    rewind(f->h.m.out);
    size_t n = fread(buf, 1, sizeof buf - 1, f->h.m.out);
    buf[n] = 0;
    return strstr(buf, s) != NULL;
}

static void make_tape(struct fx *f)
{
    char err[256];
    ck_assert_int_eq(tape_create(f->path, err, sizeof err), 0);
}

static long file_len(const char *p)
{
    struct stat st;
    ck_assert_int_eq(stat(p, &st), 0);
    return (long)st.st_size;
}

static void read_file(const char *p, uint8_t *buf, size_t n)
{
    FILE *fp = fopen(p, "rb");
    ck_assert_ptr_nonnull(fp);
    ck_assert_uint_eq(fread(buf, 1, n, fp), n);
    fclose(fp);
}

static void write_file(const char *p, const uint8_t *buf, size_t n)
{
    FILE *fp = fopen(p, "wb");
    ck_assert_ptr_nonnull(fp);
    ck_assert_uint_eq(fwrite(buf, 1, n, fp), n);
    fclose(fp);
}

/* ---- data through the channel --------------------------------------------------- */

START_TEST(t_write_read_back)
{
    struct fx f;
    fx_setup(&f, "t.aws");
    make_tape(&f);
    attach(&f, NULL, NULL);
    sense(&f);
    ck_assert_int_eq(mem(&f, SENSE)[1], 0x40 | 0x08);      /* ready, at load point */
    write_block(&f, 80, 1);
    write_block(&f, 4000, 2);
    ck_assert_int_eq(cmd(&f, 0x1F), US_CE | US_DE);
    write_block(&f, 65535, 3);
    ck_assert_int_eq(cmd(&f, 0x1F), US_CE | US_DE);
    ck_assert_int_eq(cmd(&f, 0x1F), US_CE | US_DE);
    /* 80+4000+65535 bytes, six headers */
    ck_assert_int_eq(file_len(f.path), 80 + 4000 + 65535 + 6 * 6);
    sense(&f);
    ck_assert_int_eq(mem(&f, SENSE)[1], 0x40);
    ck_assert_int_eq(cmd(&f, 0x07), US_CE | US_DE);
    expect_block(&f, 80, 1);
    expect_block(&f, 4000, 2);
    ck_assert_int_eq(cmd(&f, 0x02), US_CE | US_DE | US_UE);  /* tapemark */
    expect_block(&f, 65535, 3);
    ck_assert_int_eq(cmd(&f, 0x02), US_CE | US_DE | US_UE);
    ck_assert_int_eq(cmd(&f, 0x02), US_CE | US_DE | US_UE);
    /* past the recorded data: blank tape, data check */
    ck_assert_int_eq(cmd(&f, 0x02), US_CE | US_DE | US_UC);
    ck_assert_int_eq(sense(&f), SENSE_DATACHK);
    fx_done(&f);
}
END_TEST

START_TEST(t_short_read_and_overwrite)
{
    struct fx f;
    fx_setup(&f, "t.aws");
    make_tape(&f);
    attach(&f, NULL, NULL);
    write_block(&f, 100, 1);
    write_block(&f, 100, 2);
    write_block(&f, 100, 3);
    ck_assert_int_eq(cmd(&f, 0x07), US_CE | US_DE);
    /* count 10 of a 100-byte block: incorrect length unless SLI; residual negative */
    uint64_t c = run1(&f, 0x02, DATA, 0, 10);
    ck_assert_int_eq(ustat(c), US_CE | US_DE);
    ck_assert_int_eq((uint8_t)(c >> 16), CS_IL);
    /* writing here (after block 1) drops blocks 2 and 3 */
    write_block(&f, 50, 9);
    ck_assert_int_eq(file_len(f.path), 100 + 50 + 12);
    ck_assert_int_eq(cmd(&f, 0x07), US_CE | US_DE);
    expect_block(&f, 100, 1);
    expect_block(&f, 50, 9);
    ck_assert_int_eq(cmd(&f, 0x02), US_CE | US_DE | US_UC);
    fx_done(&f);
}
END_TEST

START_TEST(t_read_backward)
{
    struct fx f;
    fx_setup(&f, "t.aws");
    make_tape(&f);
    attach(&f, NULL, NULL);
    write_block(&f, 300, 1);
    ck_assert_int_eq(cmd(&f, 0x1F), US_CE | US_DE);
    write_block(&f, 200, 2);
    uint8_t want[300];
    fill(&f, 200, 2);
    memcpy(want, mem(&f, DATA), 200);
    /* the block lands with its last byte at the CCW's address */
    uint64_t c = run1(&f, 0x0C, BACKEND, 0, 200);
    ck_assert_int_eq(ustat(c), US_CE | US_DE);
    ck_assert(!memcmp(want, mem(&f, BACKEND - 199), 200));
    ck_assert_int_eq(cmd(&f, 0x0C), US_CE | US_DE | US_UE);  /* the tapemark */
    fill(&f, 300, 1);
    memcpy(want, mem(&f, DATA), 300);
    c = run1(&f, 0x0C, BACKEND, CCW_SLI, 100);               /* its last 100 bytes */
    ck_assert_int_eq(ustat(c), US_CE | US_DE);
    ck_assert(!memcmp(want + 200, mem(&f, BACKEND - 99), 100));
    sense(&f);
    ck_assert_int_eq(mem(&f, SENSE)[1] & 0x08, 0x08);        /* load point */
    ck_assert_int_eq(cmd(&f, 0x0C), US_CE | US_DE | US_UC);  /* backward at load point */
    ck_assert_int_eq(sense(&f), SENSE_CMDREJ);
    expect_block(&f, 300, 1);                                /* still there */
    fx_done(&f);
}
END_TEST

START_TEST(t_spacing)
{
    struct fx f;
    fx_setup(&f, "t.aws");
    make_tape(&f);
    attach(&f, NULL, NULL);
    /* file 1: blocks 1 2 3; file 2: blocks 4 5; file 3: block 6 */
    for (unsigned i = 1; i <= 6; i++) {
        write_block(&f, 20 + i, i);
        if (i == 3 || i == 5 || i == 6) ck_assert_int_eq(cmd(&f, 0x1F), US_CE | US_DE);
    }
    ck_assert_int_eq(cmd(&f, 0x07), US_CE | US_DE);
    ck_assert_int_eq(cmd(&f, 0x37), US_CE | US_DE);          /* FSB over 1 */
    expect_block(&f, 22, 2);
    ck_assert_int_eq(cmd(&f, 0x37), US_CE | US_DE);          /* over 3 */
    ck_assert_int_eq(cmd(&f, 0x37), US_CE | US_DE | US_UE);  /* over the tapemark */
    expect_block(&f, 24, 4);
    ck_assert_int_eq(cmd(&f, 0x3F), US_CE | US_DE);          /* FSF to file 3 */
    expect_block(&f, 26, 6);
    ck_assert_int_eq(cmd(&f, 0x27), US_CE | US_DE);          /* BSB over 6 */
    ck_assert_int_eq(cmd(&f, 0x27), US_CE | US_DE | US_UE);  /* over the tapemark */
    ck_assert_int_eq(cmd(&f, 0x27), US_CE | US_DE);          /* over 5 */
    expect_block(&f, 25, 5);
    fx_done(&f);
}
END_TEST

START_TEST(t_space_files_back)
{
    struct fx f;
    fx_setup(&f, "t.aws");
    make_tape(&f);
    attach(&f, NULL, NULL);
    for (unsigned i = 1; i <= 4; i++) {
        write_block(&f, 30 + i, i);
        if (i == 2 || i == 4) ck_assert_int_eq(cmd(&f, 0x1F), US_CE | US_DE);
    }
    /* after the second tapemark: BSF stops before it, BSF again before the first */
    ck_assert_int_eq(cmd(&f, 0x2F), US_CE | US_DE);
    ck_assert_int_eq(cmd(&f, 0x2F), US_CE | US_DE);
    ck_assert_int_eq(cmd(&f, 0x02), US_CE | US_DE | US_UE);  /* the first tapemark */
    expect_block(&f, 33, 3);
    /* BSF that reaches load point stops there; at load point it is rejected */
    ck_assert_int_eq(cmd(&f, 0x2F), US_CE | US_DE);
    ck_assert_int_eq(cmd(&f, 0x2F), US_CE | US_DE);
    sense(&f);
    ck_assert_int_eq(mem(&f, SENSE)[1] & 0x08, 0x08);
    ck_assert_int_eq(cmd(&f, 0x2F), US_CE | US_DE | US_UC);
    ck_assert_int_eq(cmd(&f, 0x27), US_CE | US_DE | US_UC);
    ck_assert_int_eq(sense(&f), SENSE_CMDREJ);
    expect_block(&f, 31, 1);
    fx_done(&f);
}
END_TEST

/* ---- drive states ---------------------------------------------------------------- */

START_TEST(t_file_protect)
{
    struct fx f;
    fx_setup(&f, "t.aws");
    make_tape(&f);
    attach(&f, "ro", NULL);
    long before = file_len(f.path);
    fill(&f, 80, 1);
    ck_assert_int_eq(ustat(run1(&f, 0x01, DATA, 0, 80)), US_CE | US_DE | US_UC);
    ck_assert_int_eq(sense(&f), SENSE_CMDREJ);
    ck_assert_int_eq(mem(&f, SENSE)[1] & 0x02, 0x02);        /* file protected */
    ck_assert_int_eq(cmd(&f, 0x1F), US_CE | US_DE | US_UC);
    ck_assert_int_eq(cmd(&f, 0x97), US_CE | US_DE | US_UC);
    ck_assert_int_eq(file_len(f.path), before);
    ck_assert_int_eq(cmd(&f, 0x02), US_CE | US_DE | US_UE);  /* reading is fine */
    fx_done(&f);
}
END_TEST

START_TEST(t_not_ready_and_devinit)
{
    struct fx f;
    fx_setup(&f, "t.het");
    make_tape(&f);
    ck_assert_int_eq(attach_type(&f, "3420", "*", NULL, NULL, NULL), 0);
    ck_assert_int_eq(cmd(&f, 0x02), US_CE | US_DE | US_UC);
    ck_assert_int_eq(sense(&f), SENSE_INTREQ);
    ck_assert_int_eq(mem(&f, SENSE)[1], 0x20);               /* TU status B */
    ck_assert_int_eq(cmd(&f, 0x03), US_CE | US_DE);          /* no-op needs no tape */
    ck_assert_int_eq(cmd(&f, 0x07), US_CE | US_DE | US_UC);
    /* devinit: close, then init with new arguments */
    struct device *d = dev_find(&f.h.m, 0x0580);
    char *argv[] = { f.path };
    char err[256];
    d->ops->close(d);
    ck_assert_int_eq(d->ops->init(&f.h.m, d, 1, argv, err, sizeof err), 0);
    write_block(&f, 80, 5);
    ck_assert_int_eq(cmd(&f, 0x0F), US_CE | US_DE);          /* rewind-unload */
    ck_assert_int_eq(cmd(&f, 0x02), US_CE | US_DE | US_UC);
    ck_assert_int_eq(sense(&f), SENSE_INTREQ);
    /* a failed devinit leaves a not-ready drive, not a crash */
    char *bad[] = { "/nonexistent/x.aws" };
    d->ops->close(d);
    ck_assert_int_ne(d->ops->init(&f.h.m, d, 1, bad, err, sizeof err), 0);
    ck_assert_int_eq(cmd(&f, 0x02), US_CE | US_DE | US_UC);
    ck_assert_int_eq(sense(&f), SENSE_INTREQ);
    d->ops->close(d);
    ck_assert_int_eq(d->ops->init(&f.h.m, d, 1, argv, err, sizeof err), 0);
    expect_block(&f, 80, 5);
    fx_done(&f);
}
END_TEST

START_TEST(t_sense_id_and_commands)
{
    struct fx f;
    fx_setup(&f, "t.aws");
    make_tape(&f);
    ck_assert_int_eq(attach_type(&f, "3480", f.path, NULL, NULL, NULL), 0);
    uint64_t c = run1(&f, 0xE4, SENSE, CCW_SLI, 32);
    ck_assert_int_eq(ustat(c), US_CE | US_DE);
    ck_assert_int_eq(resid(c), 32 - 7);
    static const uint8_t id[] = { 0xFF, 0x34, 0x80, 0x01, 0x34, 0x80, 0x01 };
    ck_assert(!memcmp(mem(&f, SENSE), id, 7));
    ck_assert_int_eq(cmd(&f, 0xDB), US_CE | US_DE);          /* mode set */
    ck_assert_int_eq(cmd(&f, 0x17), US_CE | US_DE);          /* erase gap */
    ck_assert_int_eq(cmd(&f, 0x02), US_CE | US_DE | US_UE);
    ck_assert_int_eq(cmd(&f, 0x0C), US_CE | US_DE | US_UE);
    ck_assert_int_eq(cmd(&f, 0x0C), US_CE | US_DE | US_UC);
    ck_assert_int_eq(sense(&f), SENSE_CMDREJ);
    ck_assert_int_eq(mem(&f, SENSE)[3], 0x39);               /* 3480 ERA: backward at BOT */
    ck_assert_int_eq(cmd(&f, 0xF3), US_CE | US_DE | US_UC);  /* not a tape command */
    ck_assert_int_eq(sense(&f), SENSE_CMDREJ);
    dev_detach_all(&f.h.m);
    ck_assert_int_eq(attach_type(&f, "3420", f.path, NULL, NULL, NULL), 0);
    ck_assert_int_eq(cmd(&f, 0xE4), US_CE | US_DE | US_UC);  /* no sense ID on a 3420 */
    ck_assert_int_eq(cmd(&f, 0xC3), US_CE | US_DE);
    fx_done(&f);
}
END_TEST

START_TEST(t_end_of_tape)
{
    struct fx f;
    fx_setup(&f, "t.aws");
    make_tape(&f);
    attach(&f, "maxsize=1000", "eotmargin=300");
    write_block(&f, 500, 1);
    sense(&f);
    ck_assert_int_eq(mem(&f, SENSE)[4] & 0x20, 0);
    fill(&f, 300, 2);
    ck_assert_int_eq(ustat(run1(&f, 0x01, DATA, 0, 300)), US_CE | US_DE | US_UE);
    sense(&f);
    ck_assert_int_eq(mem(&f, SENSE)[4] & 0x20, 0x20);        /* tape indicate */
    ck_assert_int_eq(ustat(run1(&f, 0x01, DATA, 0, 300)), US_CE | US_DE | US_UC);
    ck_assert_int_eq(sense(&f), SENSE_EQUIPCHK);
    fx_done(&f);
}
END_TEST

/* ---- damaged images --------------------------------------------------------------- */

/* Two 80-byte blocks then a tapemark, by the image layer. */
static void two_blocks(struct fx *f)
{
    make_tape(f);
    attach(f, NULL, NULL);
    write_block(f, 80, 1);
    write_block(f, 80, 2);
    ck_assert_int_eq(cmd(f, 0x1F), US_CE | US_DE);
    dev_detach_all(&f->h.m);
}

static void expect_data_check_at_block2(struct fx *f)
{
    attach(f, NULL, NULL);
    expect_block(f, 80, 1);
    ck_assert_int_eq(cmd(f, 0x02), US_CE | US_DE | US_UC);
    ck_assert_int_eq(sense(f), SENSE_DATACHK);
    ck_assert(log_has(f, f->path));
    ck_assert(log_has(f, "block 1"));
    ck_assert_int_eq(cmd(f, 0x02), US_CE | US_DE | US_UC);   /* again: no hang, no crash */
    ck_assert_int_eq(cmd(f, 0x07), US_CE | US_DE);
    expect_block(f, 80, 1);
}

START_TEST(t_truncated_block)
{
    struct fx f;
    fx_setup(&f, "t.aws");
    two_blocks(&f);
    ck_assert_int_eq(truncate(f.path, 6 + 80 + 6 + 40), 0);
    expect_data_check_at_block2(&f);
    fx_done(&f);
}
END_TEST

START_TEST(t_truncated_header)
{
    struct fx f;
    fx_setup(&f, "t.aws");
    two_blocks(&f);
    ck_assert_int_eq(truncate(f.path, 6 + 80 + 3), 0);
    expect_data_check_at_block2(&f);
    fx_done(&f);
}
END_TEST

START_TEST(t_bad_prevlen)
{
    struct fx f;
    fx_setup(&f, "t.aws");
    two_blocks(&f);
    uint8_t img[6 + 80 + 6 + 80 + 6];
    read_file(f.path, img, sizeof img);
    img[86 + 2] = 79;                                        /* previous length 79, not 80 */
    write_file(f.path, img, sizeof img);
    expect_data_check_at_block2(&f);
    ck_assert(log_has(&f, "previous length"));
    fx_done(&f);
}
END_TEST

START_TEST(t_bad_length)
{
    struct fx f;
    fx_setup(&f, "t.aws");
    two_blocks(&f);
    uint8_t img[6 + 80 + 6 + 80 + 6];
    read_file(f.path, img, sizeof img);
    img[86] = 200;                                           /* second block's length */
    write_file(f.path, img, sizeof img);
    attach(&f, NULL, NULL);
    ck_assert_int_eq(cmd(&f, 0x3F), US_CE | US_DE | US_UC);  /* FSF meets the bad block */
    ck_assert_int_eq(sense(&f), SENSE_DATACHK);
    /* the tape stopped at the bad block: block 1 is behind it and fine */
    ck_assert_int_eq(cmd(&f, 0x27), US_CE | US_DE);
    ck_assert_int_eq(cmd(&f, 0x37), US_CE | US_DE);
    ck_assert_int_eq(cmd(&f, 0x37), US_CE | US_DE | US_UC);
    fx_done(&f);
}
END_TEST

START_TEST(t_garbage_image)
{
    struct fx f;
    fx_setup(&f, "t.aws");
    uint8_t junk[4096];
    uint32_t x = 7;
    for (size_t i = 0; i < sizeof junk; i++) junk[i] = (uint8_t)((x = x * 1103515245u + 12345) >> 16);
    write_file(f.path, junk, sizeof junk);
    attach(&f, NULL, NULL);
    for (int i = 0; i < 4; i++) {
        uint8_t us = cmd(&f, (uint8_t[]){ 0x02, 0x3F, 0x37, 0x0C }[i]);
        ck_assert(us & (US_UC | US_UE) || us == (US_CE | US_DE));
    }
    ck_assert_int_eq(cmd(&f, 0x07), US_CE | US_DE);
    fx_done(&f);
}
END_TEST

/* ---- HET ----------------------------------------------------------------------- */

START_TEST(t_het_compressed)
{
    struct fx f;
    fx_setup(&f, "t.het");
    make_tape(&f);
    attach(&f, NULL, NULL);
    memset(mem(&f, DATA), 0x40, 8000);
    ck_assert_int_eq(ustat(run1(&f, 0x01, DATA, 0, 8000)), US_CE | US_DE);
    ck_assert_int_eq(cmd(&f, 0x1F), US_CE | US_DE);
    ck_assert_int_lt(file_len(f.path), 200);                 /* compressed */
    uint8_t hdr[6];
    read_file(f.path, hdr, 6);
    ck_assert_int_eq(hdr[4], 0x80 | 0x20 | 0x01);            /* one chunk, zlib */
    ck_assert_int_eq(cmd(&f, 0x07), US_CE | US_DE);
    memset(mem(&f, DATA), 0, 8000);
    uint64_t c = run1(&f, 0x02, DATA, CCW_SLI, 9000);
    ck_assert_int_eq(ustat(c), US_CE | US_DE);
    ck_assert_int_eq(resid(c), 1000);
    for (int i = 0; i < 8000; i++) ck_assert_int_eq(mem(&f, DATA)[i], 0x40);
    ck_assert_int_eq(cmd(&f, 0x02), US_CE | US_DE | US_UE);
    /* read backward through the compressed block */
    ck_assert_int_eq(cmd(&f, 0x0C), US_CE | US_DE | US_UE);
    c = run1(&f, 0x0C, BACKEND, CCW_SLI, 8000);
    ck_assert_int_eq(ustat(c), US_CE | US_DE);
    ck_assert_int_eq(mem(&f, BACKEND - 7999)[0], 0x40);
    fx_done(&f);
}
END_TEST

START_TEST(t_het_chunked_and_corrupt)
{
    struct fx f;
    fx_setup(&f, "t.het");
    make_tape(&f);
    attach(&f, "chunksize=4096", NULL);
    write_block(&f, 10000, 4);                               /* random: stays uncompressed */
    memset(mem(&f, DATA), 0xC1, 20000);
    ck_assert_int_eq(ustat(run1(&f, 0x01, DATA, 0, 20000)), US_CE | US_DE);
    ck_assert_int_eq(cmd(&f, 0x07), US_CE | US_DE);
    expect_block(&f, 10000, 4);
    uint64_t c = run1(&f, 0x02, DATA, CCW_SLI, 30000);
    ck_assert_int_eq(resid(c), 10000);
    ck_assert_int_eq(cmd(&f, 0x27), US_CE | US_DE);
    ck_assert_int_eq(cmd(&f, 0x27), US_CE | US_DE);
    ck_assert_int_eq(cmd(&f, 0x37), US_CE | US_DE);
    /* 10000 bytes in chunks of 4096: headers 80 00 20, then the compressed block */
    uint8_t img[10000 + 18 + 6];
    read_file(f.path, img, sizeof img);
    ck_assert_int_eq(img[4], 0x80);
    ck_assert_int_eq(img[6 + 4096 + 4], 0x00);
    ck_assert_int_eq(img[2 * (6 + 4096) + 4], 0x20);
    ck_assert_int_eq(img[2 * (6 + 4096) + 2] | img[2 * (6 + 4096) + 3] << 8, 4096);
    ck_assert_int_eq(img[10018 + 4], 0xA1);
    dev_detach_all(&f.h.m);
    /* damage the compressed data */
    FILE *fp = fopen(f.path, "r+b");
    fseek(fp, 10018 + 6 + 2, SEEK_SET);
    fputc(0xFF, fp); fputc(0x00, fp); fputc(0x13, fp);
    fclose(fp);
    attach(&f, NULL, NULL);
    expect_block(&f, 10000, 4);
    ck_assert_int_eq(cmd(&f, 0x02), US_CE | US_DE | US_UC);
    ck_assert_int_eq(sense(&f), SENSE_DATACHK);
    ck_assert(log_has(&f, "zlib"));
    fx_done(&f);
}
END_TEST

START_TEST(t_bzip2_block)
{
    struct fx f;
    fx_setup(&f, "t.het");
    static const uint8_t img[] = { 4, 0, 0, 0, 0xA2, 0, 'B', 'Z', 'h', '9', 0, 0, 4, 0, 0x40, 0 };
    write_file(f.path, img, sizeof img);
    attach(&f, NULL, NULL);
    ck_assert_int_eq(cmd(&f, 0x02), US_CE | US_DE | US_UC);
    ck_assert_int_eq(sense(&f), SENSE_DATACHK);
    ck_assert(log_has(&f, "bzip2-compressed block not supported"));
    ck_assert_int_eq(cmd(&f, 0x37), US_CE | US_DE);          /* spacing over it works */
    ck_assert_int_eq(cmd(&f, 0x02), US_CE | US_DE | US_UE);
    fx_done(&f);
}
END_TEST

START_TEST(t_options)
{
    struct fx f;
    fx_setup(&f, "t.het");
    make_tape(&f);
    ck_assert_int_ne(attach_type(&f, "3420", f.path, "method=2", NULL, NULL), 0);
    ck_assert_int_ne(attach_type(&f, "3420", f.path, "bogus", NULL, NULL), 0);
    ck_assert_int_ne(attach_type(&f, "3420", f.path, "level=12", NULL, NULL), 0);
    ck_assert_int_ne(attach_type(&f, "3420", "/nonexistent/t.aws", NULL, NULL, NULL), 0);
    ck_assert_int_eq(attach_type(&f, "3420", f.path, "compress=0", "level=9", "noring"), 0);
    ck_assert_int_eq(cmd(&f, 0x1F), US_CE | US_DE | US_UC);
    dev_detach_all(&f.h.m);
    ck_assert_int_eq(attach_type(&f, "3420", f.path, "compress=0", NULL, NULL), 0);
    memset(mem(&f, DATA), 0x40, 800);
    ck_assert_int_eq(ustat(run1(&f, 0x01, DATA, 0, 800)), US_CE | US_DE);
    ck_assert_int_eq(file_len(f.path), 806);                 /* stored as is */
    struct device *d = dev_find(&f.h.m, 0x0580);
    char desc[256];
    d->ops->describe(d, desc, sizeof desc);
    ck_assert(strstr(desc, "t.het") && strstr(desc, "HET"));
    fx_done(&f);
}
END_TEST

/* ---- Hercules reads what s370 writes ----------------------------------------- */

/* Three blocks and a tapemark, then one block and two tapemarks: hetmap -t. */
static void hetmap_check(const char *name, const char *o1)
{
    if (system("command -v hetmap >/dev/null 2>&1")) return;     /* no Hercules here */
    struct fx f;
    fx_setup(&f, name);
    make_tape(&f);
    attach(&f, o1, NULL);
    write_block(&f, 80, 1);
    write_block(&f, 20000, 2);
    memset(mem(&f, DATA), 0xF0, 30000);
    ck_assert_int_eq(ustat(run1(&f, 0x01, DATA, 0, 30000)), US_CE | US_DE);
    ck_assert_int_eq(cmd(&f, 0x1F), US_CE | US_DE);
    write_block(&f, 65535, 3);
    ck_assert_int_eq(cmd(&f, 0x1F), US_CE | US_DE);
    ck_assert_int_eq(cmd(&f, 0x1F), US_CE | US_DE);
    dev_detach_all(&f.h.m);
    char cmdline[300], out[1024];
    snprintf(cmdline, sizeof cmdline, "hetmap -t %s 2>/dev/null", f.path);
    FILE *p = popen(cmdline, "r");
    ck_assert_ptr_nonnull(p);
    size_t n = fread(out, 1, sizeof out - 1, p);
    out[n] = 0;
    ck_assert_int_eq(pclose(p), 0);
    ck_assert_str_eq(out, "File 1: Blocks=3, block size min=80, max=30000\n"
                          "File 2: Blocks=1, block size min=65535, max=65535\n"
                          "File 3: Blocks=0, block size min=0, max=0\n"
                          "End of tape.\n");
    fx_done(&f);
}

START_TEST(t_hetmap_reads_aws) { hetmap_check("w.aws", NULL); }
END_TEST

START_TEST(t_hetmap_reads_het) { hetmap_check("w.het", "chunksize=4096"); }
END_TEST

int main(void)
{
    Suite *s = suite_create("tape");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, t_write_read_back);
    tcase_add_test(tc, t_short_read_and_overwrite);
    tcase_add_test(tc, t_read_backward);
    tcase_add_test(tc, t_spacing);
    tcase_add_test(tc, t_space_files_back);
    tcase_add_test(tc, t_file_protect);
    tcase_add_test(tc, t_not_ready_and_devinit);
    tcase_add_test(tc, t_sense_id_and_commands);
    tcase_add_test(tc, t_end_of_tape);
    tcase_add_test(tc, t_truncated_block);
    tcase_add_test(tc, t_truncated_header);
    tcase_add_test(tc, t_bad_prevlen);
    tcase_add_test(tc, t_bad_length);
    tcase_add_test(tc, t_garbage_image);
    tcase_add_test(tc, t_het_compressed);
    tcase_add_test(tc, t_het_chunked_and_corrupt);
    tcase_add_test(tc, t_bzip2_block);
    tcase_add_test(tc, t_options);
    tcase_add_test(tc, t_hetmap_reads_aws);
    tcase_add_test(tc, t_hetmap_reads_het);
    suite_add_tcase(s, tc);
    SRunner *r = srunner_create(s);
    srunner_run_all(r, CK_NORMAL);
    int f = srunner_ntests_failed(r);
    srunner_free(r);
    return f ? 1 : 0;
}
