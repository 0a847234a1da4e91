/* test_unitrec.c - card readers, card punches and printers driven by real channel
 * programs: SIO, then TIO takes the interruption and its CSW (deterministic channel
 * mode). Decks and output files live in a temporary directory; output files are read
 * back while the device is still attached, so they must be flushed. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "harness.h"
#include "channel/channel.h"
#include "devices/devtab.h"
#include "devices/ebcdic.h"

#define INSN 0x1000
#define CCWS 0x800
#define DATA 0x2000

struct fx {
    struct harness h;
    char dir[64];
};

static void fx_setup(struct fx *f)
{
    h_setup(&f->h, 1);
    ck_assert_int_eq(chan_init(&f->h.m), 0);
    chan_set_sync(&f->h.m, true);
    h_poke(&f->h, 0x48, "00000800");            /* CAW: key 0, CCWs at 800 */
    snprintf(f->dir, sizeof f->dir, "/tmp/s370-ur-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(f->dir));
}

static void fx_done(struct fx *f)
{
    chan_shutdown(&f->h.m);
    dev_detach_all(&f->h.m);
    h_teardown(&f->h);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
    ck_assert_int_eq(system(cmd), 0);
}

static const char *path(struct fx *f, const char *name)
{
    static char buf[4][128];
    static unsigned k;
    char *p = buf[k++ % 4];
    snprintf(p, 128, "%s/%s", f->dir, name);
    return p;
}

static void put_file(struct fx *f, const char *name, const void *data, size_t len)
{
    FILE *fp = fopen(path(f, name), "wb");
    ck_assert_ptr_nonnull(fp);
    ck_assert_uint_eq(fwrite(data, 1, len, fp), len);
    fclose(fp);
}

/* The whole file; its length in *len. */
static char *get_file(struct fx *f, const char *name, size_t *len)
{
    static char buf[8192];
    FILE *fp = fopen(path(f, name), "rb");
    ck_assert_ptr_nonnull(fp);
    *len = fread(buf, 1, sizeof buf - 1, fp);
    buf[*len] = 0;
    fclose(fp);
    return buf;
}

static void file_is(struct fx *f, const char *name, const char *want, size_t wantlen)
{
    size_t len;
    const char *got = get_file(f, name, &len);
    ck_assert_uint_eq(len, wantlen);
    ck_assert_mem_eq(got, want, wantlen);
}
#define FILE_IS(f, name, lit) file_is(f, name, lit, sizeof lit - 1)

/* Attach devnum of type with the blank-separated arguments; file names are made
 * relative to the test directory when they start with '@'. */
static int attach(struct fx *f, uint16_t num, const char *type, const char *args)
{
    char copy[256], *argv[16], err[160];
    int argc = 0;
    snprintf(copy, sizeof copy, "%s", args);
    for (char *t = strtok(copy, " "); t && argc < 16; t = strtok(NULL, " "))
        argv[argc++] = t[0] == '@' ? strdup(path(f, t + 1)) : strdup(t);
    int rc = dev_attach(&f->h.m, num, type, argc, argv, err, sizeof err);
    for (int i = 0; i < argc; i++) free(argv[i]);
    return rc;
}

static void ccw(struct fx *f, uint32_t at, uint8_t cmd, uint32_t data, uint8_t flags, uint16_t count)
{
    uint8_t *p = f->h.m.mainstor + at;
    p[0] = cmd;
    p[1] = (uint8_t)(data >> 16); p[2] = (uint8_t)(data >> 8); p[3] = (uint8_t)data;
    p[4] = flags; p[5] = 0;
    put16(p + 6, count);
}

static int io(struct fx *f, const char *op, uint16_t num)
{
    char hex[16];
    snprintf(hex, sizeof hex, "%s%04X", op, num);
    ck_assert_int_eq(h_exec(&f->h, INSN, hex), 0);
    return f->h.c->psw.cc;
}

static uint8_t *mem(struct fx *f, uint32_t a) { return f->h.m.mainstor + a; }

/* Start the program at CCWS on num, take its interruption by TIO; the CSW's unit
 * and channel status and count as 0xUUCCNNNN. An immediate command (printer carriage
 * moves, no-ops) ends within SIO instead: condition code 1, the CSW stored by SIO. */
static uint32_t run(struct fx *f, uint16_t num)
{
    int cc = io(f, "9C00", num);
    ck_assert_int_le(cc, 1);
    if (cc == 0) ck_assert_int_eq(io(f, "9D00", num), 1);
    return be32(mem(f, 0x44));
}

/* One command; returns unit status, channel status and residual count. */
static uint32_t cmd1(struct fx *f, uint16_t num, uint8_t cmd, uint8_t flags, uint16_t count)
{
    ccw(f, CCWS, cmd, DATA, flags, count);
    return run(f, num);
}

static uint8_t sense(struct fx *f, uint16_t num)
{
    ck_assert_uint_eq(cmd1(f, num, 0x04, 0, 1), 0x0C000000);
    return *mem(f, DATA);
}

/* EBCDIC of an ASCII string padded with blanks to n bytes. */
static void ebc(uint8_t *out, const char *s, unsigned n)
{
    unsigned i = 0;
    for (; s[i] && i < n; i++) out[i] = ascii_to_ebcdic((uint8_t)s[i]);
    for (; i < n; i++) out[i] = 0x40;
}

/* Store an ASCII text as EBCDIC at DATA. */
static void data_text(struct fx *f, const char *s, unsigned n)
{
    ebc(mem(f, DATA), s, n);
}

static void card_is(struct fx *f, const char *text)
{
    uint8_t want[80];
    ebc(want, text, 80);
    ck_assert_mem_eq(mem(f, DATA), want, 80);
}

#define READ 0x02
#define CE_DE 0x0C000000u
#define CE_DE_UE 0x0D000000u
#define CE_DE_UC 0x0E000000u

/* ---- card reader -------------------------------------------------------------------- */

START_TEST(t_read_ebcdic)
{
    struct fx f;
    fx_setup(&f);
    uint8_t deck[160];
    ebc(deck, "FIRST CARD", 80);
    ebc(deck + 80, "SECOND CARD", 80);
    put_file(&f, "deck.ebc", deck, sizeof deck);
    ck_assert_int_eq(attach(&f, 0x00C, "3505", "@deck.ebc ebcdic eof"), 0);
    ck_assert_uint_eq(cmd1(&f, 0x00C, READ, 0, 80), CE_DE);
    card_is(&f, "FIRST CARD");
    ck_assert_uint_eq(cmd1(&f, 0x00C, READ, 0, 80), CE_DE);
    card_is(&f, "SECOND CARD");
    ck_assert_uint_eq(cmd1(&f, 0x00C, READ, 0, 80), CE_DE_UE | 80);  /* eof: no data */
    ck_assert_uint_eq(cmd1(&f, 0x00C, READ, 0, 80), CE_DE_UC | 80);  /* hopper empty */
    ck_assert_uint_eq(sense(&f, 0x00C), SENSE_INTREQ);
    fx_done(&f);
}
END_TEST

START_TEST(t_read_ascii)
{
    struct fx f;
    fx_setup(&f);
    put_file(&f, "deck.txt", "HELLO, world\nLINE\t2\r\n\nlast", 26);
    ck_assert_int_eq(attach(&f, 0x00C, "2540R", "@deck.txt ascii eof"), 0);
    ck_assert_uint_eq(cmd1(&f, 0x00C, READ, 0, 80), CE_DE);
    card_is(&f, "HELLO, world");
    ck_assert_uint_eq(cmd1(&f, 0x00C, READ, 0, 80), CE_DE);
    card_is(&f, "LINE    2");                 /* tab to column 9, CR dropped */
    ck_assert_uint_eq(cmd1(&f, 0x00C, READ, 0, 80), CE_DE);
    card_is(&f, "");
    ck_assert_uint_eq(cmd1(&f, 0x00C, READ, 0, 80), CE_DE);   /* no final newline */
    card_is(&f, "last");
    ck_assert_uint_eq(cmd1(&f, 0x00C, READ, 0, 80), CE_DE_UE | 80);
    fx_done(&f);
}
END_TEST

START_TEST(t_read_autodetect)
{
    struct fx f;
    fx_setup(&f);
    uint8_t card[80];
    ebc(card, "EBCDIC DECK", 80);
    put_file(&f, "e.bin", card, 80);
    put_file(&f, "a.txt", "ASCII DECK\n", 11);
    ck_assert_int_eq(attach(&f, 0x00C, "3505", "@e.bin"), 0);
    ck_assert_int_eq(attach(&f, 0x00D, "3505", "@a.txt"), 0);
    ck_assert_uint_eq(cmd1(&f, 0x00C, READ, 0, 80), CE_DE);
    card_is(&f, "EBCDIC DECK");
    ck_assert_uint_eq(cmd1(&f, 0x00D, READ, 0, 80), CE_DE);
    card_is(&f, "ASCII DECK");
    fx_done(&f);
}
END_TEST

START_TEST(t_read_long_line)
{
    struct fx f;
    fx_setup(&f);
    char line[92];
    memset(line, 'A', 90);
    line[90] = '\n';
    put_file(&f, "long.txt", line, 91);
    ck_assert_int_eq(attach(&f, 0x00C, "3505", "@long.txt ascii"), 0);
    ck_assert_int_eq(attach(&f, 0x00D, "3505", "@long.txt ascii trunc eof"), 0);
    ck_assert_uint_eq(cmd1(&f, 0x00C, READ, 0, 80), CE_DE_UC | 80);
    ck_assert_uint_eq(sense(&f, 0x00C), SENSE_DATACHK);
    ck_assert_uint_eq(cmd1(&f, 0x00D, READ, 0, 80), CE_DE);
    line[80] = 0;
    card_is(&f, line);
    ck_assert_uint_eq(cmd1(&f, 0x00D, READ, 0, 80), CE_DE_UE | 80);
    fx_done(&f);
}
END_TEST

START_TEST(t_read_intrq)
{
    struct fx f;
    fx_setup(&f);
    put_file(&f, "one.txt", "ONE\n", 4);
    ck_assert_int_eq(attach(&f, 0x00C, "3505", "@one.txt ascii intrq"), 0);
    ck_assert_uint_eq(cmd1(&f, 0x00C, READ, 0, 80), CE_DE);
    ck_assert_uint_eq(cmd1(&f, 0x00C, READ, 0, 80), CE_DE_UC | 80);
    ck_assert_uint_eq(sense(&f, 0x00C), SENSE_INTREQ);
    ck_assert_uint_eq(sense(&f, 0x00C), 0);       /* sense resets the sense byte */
    fx_done(&f);
}
END_TEST

START_TEST(t_read_empty_hopper)
{
    struct fx f;
    fx_setup(&f);
    ck_assert_int_eq(attach(&f, 0x00C, "1442", "* eof"), 0);
    ck_assert_uint_eq(cmd1(&f, 0x00C, READ, 0, 80), CE_DE_UC | 80);
    ck_assert_uint_eq(sense(&f, 0x00C), SENSE_INTREQ);
    char buf[128];
    struct device *d = dev_find(&f.h.m, 0x00C);
    d->ops->describe(d, buf, sizeof buf);
    ck_assert_str_eq(buf, "* eof");
    ck_assert_int_eq(attach(&f, 0x00D, "3505", "@missing.txt"), -1);
    fx_done(&f);
}
END_TEST

START_TEST(t_read_files_in_sequence)
{
    struct fx f;
    fx_setup(&f);
    put_file(&f, "a.txt", "A1\nA2\n", 6);
    put_file(&f, "b.txt", "B1\n", 3);
    ck_assert_int_eq(attach(&f, 0x00C, "3505", "@a.txt @b.txt ascii eof"), 0);
    ck_assert_int_eq(attach(&f, 0x00D, "3505", "@a.txt @b.txt ascii eof multifile"), 0);
    char buf[256];
    struct device *d = dev_find(&f.h.m, 0x00C);
    d->ops->describe(d, buf, sizeof buf);
    char want[256];
    snprintf(want, sizeof want, "%s ascii eof (more files)", path(&f, "a.txt"));
    ck_assert_str_eq(buf, want);
    /* each file ends with unit exception, then the next one is read */
    static const char *const seq[] = { "A1", "A2", NULL, "B1", NULL };
    for (unsigned i = 0; i < 5; i++) {
        uint32_t st = cmd1(&f, 0x00C, READ, 0, 80);
        if (seq[i]) {
            ck_assert_uint_eq(st, CE_DE);
            card_is(&f, seq[i]);
        } else {
            ck_assert_uint_eq(st, CE_DE_UE | 80);
        }
    }
    ck_assert_uint_eq(cmd1(&f, 0x00C, READ, 0, 80), CE_DE_UC | 80);
    /* multifile: one deck */
    static const char *const mf[] = { "A1", "A2", "B1" };
    for (unsigned i = 0; i < 3; i++) {
        ck_assert_uint_eq(cmd1(&f, 0x00D, READ, 0, 80), CE_DE);
        card_is(&f, mf[i]);
    }
    ck_assert_uint_eq(cmd1(&f, 0x00D, READ, 0, 80), CE_DE_UE | 80);
    fx_done(&f);
}
END_TEST

START_TEST(t_read_autopad)
{
    struct fx f;
    fx_setup(&f);
    uint8_t deck[100];
    ebc(deck, "FULL", 80);
    ebc(deck + 80, "SHORT", 20);
    put_file(&f, "d.ebc", deck, sizeof deck);
    ck_assert_int_eq(attach(&f, 0x00C, "3505", "@d.ebc ebcdic autopad eof"), 0);
    ck_assert_int_eq(attach(&f, 0x00D, "3505", "@d.ebc ebcdic eof"), 0);
    ck_assert_uint_eq(cmd1(&f, 0x00C, READ, 0, 80), CE_DE);
    memset(mem(&f, DATA), 0xEE, 80);
    ck_assert_uint_eq(cmd1(&f, 0x00C, READ, 0, 80), CE_DE);
    ck_assert_mem_eq(mem(&f, DATA), deck + 80, 20);
    static const uint8_t zeros[60];
    ck_assert_mem_eq(mem(&f, DATA + 20), zeros, 60);      /* padded with X'00' */
    ck_assert_uint_eq(cmd1(&f, 0x00D, READ, 0, 80), CE_DE);
    ck_assert_uint_eq(cmd1(&f, 0x00D, READ, 0, 80), CE_DE_UC | 80);
    ck_assert_uint_eq(sense(&f, 0x00D), SENSE_EQUIPCHK);
    fx_done(&f);
}
END_TEST

START_TEST(t_read_lengths_and_chaining)
{
    struct fx f;
    fx_setup(&f);
    put_file(&f, "d.txt", "ONE\nTWO\nTHREE\nFOUR\nFIVE\n", 24);
    ck_assert_int_eq(attach(&f, 0x00C, "3505", "@d.txt ascii eof"), 0);
    /* 40 bytes of an 80-column card: incorrect length, unless SLI */
    ck_assert_uint_eq(cmd1(&f, 0x00C, READ, 0, 40), CE_DE | 0x00400000);
    ck_assert_uint_eq(cmd1(&f, 0x00C, READ, CCW_SLI, 40), CE_DE);
    /* a longer count: residual 20 and incorrect length */
    ck_assert_uint_eq(cmd1(&f, 0x00C, READ, 0, 100), CE_DE | 0x00400000 | 20);
    /* two cards in one program by command chaining, then a no-op */
    ccw(&f, CCWS, READ, DATA, CCW_CC, 80);
    ccw(&f, CCWS + 8, READ, DATA + 80, CCW_CC, 80);
    ccw(&f, CCWS + 16, 0x03, 0, 0, 1);
    ck_assert_uint_eq(run(&f, 0x00C), CE_DE | 1);
    ck_assert_uint_eq(be32(mem(&f, 0x40)) & 0xFFFFFF, CCWS + 24);
    card_is(&f, "FOUR");
    uint8_t want[80];
    ebc(want, "FIVE", 80);
    ck_assert_mem_eq(mem(&f, DATA + 80), want, 80);
    fx_done(&f);
}
END_TEST

START_TEST(t_reader_commands)
{
    struct fx f;
    fx_setup(&f);
    put_file(&f, "d.txt", "X\n", 2);
    ck_assert_int_eq(attach(&f, 0x00C, "3505", "@d.txt ascii"), 0);
    ck_assert_uint_eq(cmd1(&f, 0x00C, 0x03, 0, 1), CE_DE | 1);        /* no-op */
    ck_assert_uint_eq(cmd1(&f, 0x00C, 0x23, 0, 1), CE_DE | 1);        /* feed, stacker */
    ck_assert_uint_eq(cmd1(&f, 0x00C, 0x01, 0, 80), CE_DE_UC | 80);   /* write */
    ck_assert_uint_eq(sense(&f, 0x00C), SENSE_CMDREJ);
    ck_assert_uint_eq(cmd1(&f, 0x00C, 0x22, 0, 160), CE_DE_UC | 160); /* card image */
    ck_assert_uint_eq(sense(&f, 0x00C), SENSE_CMDREJ);
    ck_assert_uint_eq(cmd1(&f, 0x00C, 0xE4, CCW_SLI, 7), CE_DE);      /* sense ID */
    static const uint8_t id[7] = { 0xFF, 0x35, 0x05, 0x01, 0x35, 0x05, 0x01 };
    ck_assert_mem_eq(mem(&f, DATA), id, 7);
    ck_assert_uint_eq(cmd1(&f, 0x00C, 0x42, 0, 80), CE_DE);           /* stacker 2 */
    card_is(&f, "X");
    fx_done(&f);
}
END_TEST

/* devinit: close and init again with a new deck; the reader becomes ready and
 * presents device end on its own. */
START_TEST(t_reader_reinit_ready)
{
    struct fx f;
    fx_setup(&f);
    put_file(&f, "new.txt", "NEW DECK\n", 9);
    ck_assert_int_eq(attach(&f, 0x00C, "3505", "*"), 0);
    ck_assert_uint_eq(cmd1(&f, 0x00C, READ, 0, 80), CE_DE_UC | 80);
    ck_assert_int_eq(io(&f, "9D00", 0x00C), 0);                       /* nothing pending */
    struct device *d = dev_find(&f.h.m, 0x00C);
    char *argv[] = { strdup(path(&f, "new.txt")), "eof" }, err[128];
    d->ops->close(d);
    ck_assert_int_eq(d->ops->init(&f.h.m, d, 2, argv, err, sizeof err), 0);
    free(argv[0]);
    ck_assert_int_eq(io(&f, "9D00", 0x00C), 1);                       /* device end */
    ck_assert_uint_eq(mem(&f, 0x44)[0], US_DE);
    ck_assert_uint_eq(cmd1(&f, 0x00C, READ, 0, 80), CE_DE);
    card_is(&f, "NEW DECK");
    ck_assert_uint_eq(cmd1(&f, 0x00C, READ, 0, 80), CE_DE_UE | 80);
    fx_done(&f);
}
END_TEST

/* ---- card punch ------------------------------------------------------------------------ */

START_TEST(t_punch_ascii)
{
    struct fx f;
    fx_setup(&f);
    ck_assert_int_eq(attach(&f, 0x00D, "3525", "@p.txt ascii"), 0);
    ck_assert_int_eq(attach(&f, 0x00E, "2540P", "@q.txt ascii crlf"), 0);
    data_text(&f, "PUNCH  ME   ", 80);
    ck_assert_uint_eq(cmd1(&f, 0x00D, 0x01, 0, 80), CE_DE);
    data_text(&f, "", 80);
    ck_assert_uint_eq(cmd1(&f, 0x00D, 0x41, 0, 80), CE_DE);          /* stacker 2 */
    data_text(&f, "abc", 3);
    ck_assert_uint_eq(cmd1(&f, 0x00D, 0x01, 0, 3), CE_DE);           /* short: blanks */
    FILE_IS(&f, "p.txt", "PUNCH  ME\n\nabc\n");
    data_text(&f, "CRLF", 80);
    ck_assert_uint_eq(cmd1(&f, 0x00E, 0x01, 0, 80), CE_DE);
    FILE_IS(&f, "q.txt", "CRLF\r\n");
    char buf[256];
    struct device *d = dev_find(&f.h.m, 0x00E);
    d->ops->describe(d, buf, sizeof buf);
    ck_assert_str_eq(buf, path(&f, "q.txt ascii crlf"));
    fx_done(&f);
}
END_TEST

START_TEST(t_punch_ebcdic)
{
    struct fx f;
    fx_setup(&f);
    ck_assert_int_eq(attach(&f, 0x00D, "3525", "@p.ebc"), 0);
    for (unsigned i = 0; i < 80; i++) mem(&f, DATA)[i] = (uint8_t)(i + 0x80);
    ck_assert_uint_eq(cmd1(&f, 0x00D, 0x01, 0, 80), CE_DE);
    ck_assert_uint_eq(cmd1(&f, 0x00D, 0x01, 0, 2), CE_DE);
    ck_assert_uint_eq(cmd1(&f, 0x00D, 0x01, 0, 100), CE_DE | 0x00400000 | 20);
    size_t len;
    const uint8_t *got = (const uint8_t *)get_file(&f, "p.ebc", &len);
    ck_assert_uint_eq(len, 240);
    ck_assert_mem_eq(got, mem(&f, DATA), 80);
    ck_assert_mem_eq(got + 80, mem(&f, DATA), 2);
    ck_assert_uint_eq(got[82], 0x40);
    ck_assert_uint_eq(got[159], 0x40);
    ck_assert_mem_eq(got + 160, mem(&f, DATA), 80);
    fx_done(&f);
}
END_TEST

START_TEST(t_punch_commands)
{
    struct fx f;
    fx_setup(&f);
    ck_assert_int_eq(attach(&f, 0x00D, "3525", "@p.txt ascii"), 0);
    ck_assert_uint_eq(cmd1(&f, 0x00D, 0x03, 0, 1), CE_DE | 1);
    ck_assert_uint_eq(cmd1(&f, 0x00D, READ, 0, 80), CE_DE_UC | 80);
    ck_assert_uint_eq(sense(&f, 0x00D), SENSE_CMDREJ);
    ck_assert_uint_eq(cmd1(&f, 0x00D, 0x09, 0, 80), CE_DE_UC | 80);   /* print feature */
    ck_assert_uint_eq(sense(&f, 0x00D), SENSE_CMDREJ);
    ck_assert_uint_eq(cmd1(&f, 0x00D, 0xE4, 0, 7), CE_DE);
    static const uint8_t id[7] = { 0xFF, 0x35, 0x05, 0x01, 0x35, 0x25, 0x01 };
    ck_assert_mem_eq(mem(&f, DATA), id, 7);
    FILE_IS(&f, "p.txt", "");
    ck_assert_int_eq(attach(&f, 0x00E, "3525", ""), -1);            /* no file name */
    fx_done(&f);
}
END_TEST

/* ---- printer ------------------------------------------------------------------------------- */

static uint32_t print(struct fx *f, uint16_t num, uint8_t cmd, const char *text)
{
    data_text(f, text, 80);
    return cmd1(f, num, cmd, CCW_SLI, 80);
}

START_TEST(t_print_spacing)
{
    struct fx f;
    fx_setup(&f);
    ck_assert_int_eq(attach(&f, 0x00E, "1403", "@p.txt"), 0);
    ck_assert_uint_eq(print(&f, 0x00E, 0x09, "ONE"), CE_DE);
    ck_assert_uint_eq(print(&f, 0x00E, 0x11, "  TWO  "), CE_DE);
    ck_assert_uint_eq(print(&f, 0x00E, 0x19, "THREE"), CE_DE);
    ck_assert_uint_eq(print(&f, 0x00E, 0x01, "OVER"), CE_DE);
    ck_assert_uint_eq(print(&f, 0x00E, 0x09, "____"), CE_DE);
    ck_assert_uint_eq(cmd1(&f, 0x00E, 0x0B, 0, 1), CE_DE | 1);       /* space 1 now */
    ck_assert_uint_eq(cmd1(&f, 0x00E, 0x13, 0, 1), CE_DE | 1);       /* space 2 now */
    ck_assert_uint_eq(cmd1(&f, 0x00E, 0x1B, 0, 1), CE_DE | 1);       /* space 3 now */
    ck_assert_uint_eq(print(&f, 0x00E, 0x09, "x\x01y"), CE_DE);      /* unprintable */
    FILE_IS(&f, "p.txt", "ONE\n  TWO\n\nTHREE\n\n\nOVER\r____\n\n\n\n\n\n\nx y\n");
    fx_done(&f);
}
END_TEST

START_TEST(t_print_skip)
{
    struct fx f;
    fx_setup(&f);
    ck_assert_int_eq(attach(&f, 0x00E, "1403", "@p.txt crlf"), 0);
    ck_assert_uint_eq(print(&f, 0x00E, 0x09, "A"), CE_DE);           /* line 2 */
    ck_assert_uint_eq(print(&f, 0x00E, 0x91, "B"), CE_DE);           /* skip to ch2: line 7 */
    ck_assert_uint_eq(print(&f, 0x00E, 0x89, "C"), CE_DE);           /* skip to ch1: new page */
    ck_assert_uint_eq(cmd1(&f, 0x00E, 0x9B, 0, 1), CE_DE | 1);       /* skip to ch3: line 13 */
    ck_assert_uint_eq(cmd1(&f, 0x00E, 0x8B, 0, 1), CE_DE | 1);       /* skip to ch1 */
    ck_assert_uint_eq(print(&f, 0x00E, 0x09, "TOP"), CE_DE);
    FILE_IS(&f, "p.txt", "A\r\nB\r\n\r\n\r\n\r\n\r\nC\r\f\r\n\r\n\r\n\r\n\r\n\r\n"
                         "\r\n\r\n\r\n\r\n\r\n\r\n\fTOP\r\n");
    fx_done(&f);
}
END_TEST

/* Default FCB (Hercules'): channel 12 at line 61, channel 9 at line 63; spacing after a
 * write that reaches either ends with unit exception. */
START_TEST(t_print_channel_12_and_9)
{
    struct fx f;
    fx_setup(&f);
    ck_assert_int_eq(attach(&f, 0x00E, "1403", "@p.txt"), 0);
    ck_assert_uint_eq(cmd1(&f, 0x00E, 0xDB, 0, 1), CE_DE | 1);       /* ch11: line 55 */
    ck_assert_uint_eq(print(&f, 0x00E, 0x19, "L55"), CE_DE);         /* to 58 */
    ck_assert_uint_eq(print(&f, 0x00E, 0x19, "L58"), CE_DE_UE);      /* to 61: channel 12 */
    ck_assert_uint_eq(print(&f, 0x00E, 0x09, "L61"), CE_DE);         /* 62 */
    ck_assert_uint_eq(print(&f, 0x00E, 0x09, "L62"), CE_DE_UE);      /* 63: channel 9 */
    ck_assert_uint_eq(cmd1(&f, 0x00E, 0x1B, 0, 1), CE_DE | 1);       /* immediate: no UE */
    ck_assert_uint_eq(print(&f, 0x00E, 0xE1, "SKIP12"), CE_DE);      /* a skip: no UE */
    ck_assert_uint_eq(sense(&f, 0x00E), 0);
    size_t len;
    const char *got = get_file(&f, "p.txt", &len);
    ck_assert_uint_eq(len, 54 + 6 + 6 + 4 + 4 + 3 + 6 + 1 + 60);
    ck_assert_int_eq(got[len - 61], '\f');                           /* 66 -> next page */
    fx_done(&f);
}
END_TEST

/* Carriage moves without data and no-ops are immediate commands (2821 component
 * description): SIO ends them with condition code 1 and the CSW, and leaves no
 * interruption; a write is not. */
START_TEST(t_print_immediate)
{
    struct fx f;
    fx_setup(&f);
    ck_assert_int_eq(attach(&f, 0x00E, "1403", "@p.txt"), 0);
    static const uint8_t imm[] = { 0x03, 0x0B, 0x8B, 0xEB };
    for (size_t i = 0; i < sizeof imm; i++) {
        ccw(&f, CCWS, imm[i], DATA, CCW_SLI, 1);
        ck_assert_int_eq(io(&f, "9C00", 0x00E), 1);
        ck_assert_uint_eq(be32(mem(&f, 0x44)), CE_DE | 1);
        ck_assert_int_eq(io(&f, "9D00", 0x00E), 0);
    }
    data_text(&f, "W", 80);
    ccw(&f, CCWS, 0x09, DATA, CCW_SLI, 80);
    ck_assert_int_eq(io(&f, "9C00", 0x00E), 0);
    ck_assert_int_eq(io(&f, "9D00", 0x00E), 1);
    fx_done(&f);
}
END_TEST

START_TEST(t_print_commands)
{
    struct fx f;
    fx_setup(&f);
    ck_assert_int_eq(attach(&f, 0x00E, "1403", "@p.txt"), 0);
    ck_assert_int_eq(attach(&f, 0x00F, "3211", "@q.txt fcb=1,3,0,0,0,0,0,0,5,0,0,4"), 0);
    ck_assert_uint_eq(cmd1(&f, 0x00E, 0x03, 0, 1), CE_DE | 1);
    ck_assert_uint_eq(cmd1(&f, 0x00E, 0x02, 0, 80), CE_DE_UC | 80);  /* read */
    ck_assert_uint_eq(sense(&f, 0x00E), SENSE_CMDREJ);
    ck_assert_uint_eq(cmd1(&f, 0x00E, 0x63, 0, 10), CE_DE_UC | 10);  /* 3211 only */
    ck_assert_uint_eq(sense(&f, 0x00E), SENSE_CMDREJ);
    ck_assert_uint_eq(cmd1(&f, 0x00E, 0xFB, 0, 240), CE_DE);    /* load UCS buffer */
    ck_assert_uint_eq(cmd1(&f, 0x00E, 0xE4, 0, 7), CE_DE);
    static const uint8_t id[7] = { 0xFF, 0x28, 0x21, 0x01, 0x14, 0x03, 0x01 };
    ck_assert_mem_eq(mem(&f, DATA), id, 7);
    /* fcb=: channel 2 at line 3, no channel 3 */
    ck_assert_uint_eq(cmd1(&f, 0x00F, 0x93, 0, 1), CE_DE | 1);
    ck_assert_uint_eq(cmd1(&f, 0x00F, 0x9B, 0, 1), CE_DE_UC | 1);
    ck_assert_uint_eq(sense(&f, 0x00F), SENSE_CMDREJ);
    /* 3211 load FCB: 6 lines, channel 1 at 1, channel 5 at 4, end of form at 6 */
    static const uint8_t img[6] = { 0x01, 0x00, 0x00, 0x05, 0x00, 0x10 };
    memcpy(mem(&f, DATA), img, 6);
    ck_assert_uint_eq(cmd1(&f, 0x00F, 0x63, 0, 6), CE_DE);
    ck_assert_uint_eq(print(&f, 0x00F, 0xA9, "X"), CE_DE);           /* to ch5: line 4 */
    ck_assert_uint_eq(print(&f, 0x00F, 0x19, "Y"), CE_DE);           /* 7 -> next page 1 */
    ck_assert_uint_eq(print(&f, 0x00F, 0xA9, "Z"), CE_DE);
    FILE_IS(&f, "q.txt", "\n\nX\n\n\nY\n\n\nZ\n\n\n");
    ck_assert_uint_eq(cmd1(&f, 0x00F, 0x91, 0, 1), CE_DE_UC | 1);        /* no channel 2 now */
    ck_assert_int_eq(attach(&f, 0x010, "1403", "@r.txt fcb=1,x"), -1);
    ck_assert_int_eq(attach(&f, 0x010, "1403", "@r.txt bogus"), -1);
    fx_done(&f);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("unitrec");
    TCase *tr = tcase_create("reader");
    tcase_add_test(tr, t_read_ebcdic);
    tcase_add_test(tr, t_read_ascii);
    tcase_add_test(tr, t_read_autodetect);
    tcase_add_test(tr, t_read_long_line);
    tcase_add_test(tr, t_read_intrq);
    tcase_add_test(tr, t_read_empty_hopper);
    tcase_add_test(tr, t_read_files_in_sequence);
    tcase_add_test(tr, t_read_autopad);
    tcase_add_test(tr, t_read_lengths_and_chaining);
    tcase_add_test(tr, t_reader_commands);
    tcase_add_test(tr, t_reader_reinit_ready);
    suite_add_tcase(s, tr);
    TCase *tp = tcase_create("punch");
    tcase_add_test(tp, t_punch_ascii);
    tcase_add_test(tp, t_punch_ebcdic);
    tcase_add_test(tp, t_punch_commands);
    suite_add_tcase(s, tp);
    TCase *tl = tcase_create("printer");
    tcase_add_test(tl, t_print_spacing);
    tcase_add_test(tl, t_print_skip);
    tcase_add_test(tl, t_print_channel_12_and_9);
    tcase_add_test(tl, t_print_commands);
    tcase_add_test(tl, t_print_immediate);
    suite_add_tcase(s, tl);
    SRunner *r = srunner_create(s);
    srunner_run_all(r, CK_NORMAL);
    int f = srunner_ntests_failed(r);
    srunner_free(r);
    return f ? 1 : 0;
}
