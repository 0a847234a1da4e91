/* test_cckd.c - compressed CCKD images: the layout dasd_create_ex writes (dasdinit
 * -z), reading and writing tracks (empty tracks, zlib, stored), free space reuse and
 * the file size, reopening after a close and after a "crash" (OPENED left on), the
 * locks, and damaged images: refused with the file and the problem named, found by
 * dasd_check and repaired by it. Split CKD volumes' names. */
#include <config.h>     /* the generated one (HAVE_BZLIB) */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "harness.h"
#include "dasd/dasd.h"

struct fx {
    char dir[64];
    char path[128];
    char err[700];
};

static void fx_setup(struct fx *f)
{
    snprintf(f->dir, sizeof f->dir, "/tmp/s370-cckd-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(f->dir));
    snprintf(f->path, sizeof f->path, "%s/vol.390", f->dir);
}

static void fx_done(struct fx *f)
{
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
    ck_assert_int_eq(system(cmd), 0);
}

/* A 3-cylinder compressed 3390 labelled CCKD01. */
static void fx_create(struct fx *f)
{
    struct dasd_create_opts o = { .comp = DASD_CCKD_ZLIB };
    ck_assert_int_eq(dasd_create_ex(f->path, dasd_geom_find("3390"), 3, "CCKD01", &o, f->err,
                                    sizeof f->err), 0);
}

static off_t fsize(const char *path)
{
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    return st.st_size;
}

static void patch(const char *path, off_t at, const void *bytes, size_t n)
{
    int fd = open(path, O_WRONLY);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(pwrite(fd, bytes, n, at), (ssize_t)n);
    close(fd);
}

static void peek(const char *path, off_t at, void *bytes, size_t n)
{
    int fd = open(path, O_RDONLY);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(pread(fd, bytes, n, at), (ssize_t)n);
    close(fd);
}

/* A new file of n bytes. */
static void patch_new(const char *path, const void *bytes, size_t n)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, bytes, n), (ssize_t)n);
    close(fd);
}

static uint32_t le32(const uint8_t *p)
{
    return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Track (cyl, head) with R1 of dl bytes: a pattern that compresses (or not). */
static void make_track(uint8_t *trk, uint32_t cyl, uint32_t head, uint16_t dl, int seed,
                       bool random)
{
    memset(trk, 0, 56832);
    uint8_t c[8] = { (uint8_t)(cyl >> 8), (uint8_t)cyl, (uint8_t)(head >> 8), (uint8_t)head };
    memcpy(trk + 1, c, 4);
    memcpy(trk + 5, c, 4);
    trk[5 + 7] = 8;
    uint8_t *r1 = trk + 5 + 16;
    memcpy(r1, c, 4);
    r1[4] = 1;
    r1[6] = (uint8_t)(dl >> 8);
    r1[7] = (uint8_t)dl;
    uint32_t x = (uint32_t)seed * 2654435761u + 1;
    for (uint32_t i = 0; i < dl; i++) {
        x = x * 1103515245u + 12345u;
        r1[8 + i] = random ? (uint8_t)(x >> 16) : (uint8_t)(seed + i / 64);
    }
    memset(r1 + 8 + dl, 0xff, 8);
}

/* Opening must fail with a message that names the file and contains why. */
static void refused(struct fx *f, const char *why)
{
    struct dasd_image img;
    ck_assert_int_eq(dasd_open(&img, f->path, true, f->err, sizeof f->err), -1);
    ck_assert_msg(strstr(f->err, f->path) && strstr(f->err, why), "message: %s", f->err);
}

START_TEST(t_create_layout)
{
    struct fx f;
    fx_setup(&f);
    fx_create(&f);
    uint8_t h[1032];
    peek(f.path, 0, h, sizeof h);
    ck_assert_mem_eq(h, "CKD_C370", 8);
    static const uint8_t cdev[4] = { 0, 3, 1, 0x41 };       /* version 0.3.1, options */
    ck_assert_mem_eq(h + 512, cdev, 4);
    ck_assert_uint_eq(le32(h + 512 + 4), 1);                /* numl1: 45 tracks */
    ck_assert_uint_eq(le32(h + 512 + 8), 256);
    ck_assert_uint_eq(le32(h + 512 + 12), (uint32_t)fsize(f.path));
    ck_assert_uint_eq(le32(h + 512 + 40), 3);
    ck_assert_uint_eq(h[512 + 44], 1);                      /* null format, zlib */
    ck_assert_uint_eq(h[512 + 45], 1);
    ck_assert_uint_eq(le32(h + 1024), 1028);                /* the L2 table after L1 */
    /* Tracks 0 and 1 stored, uncompressed: 313 and 29 bytes (as dasdinit -z). */
    uint8_t l2[16];
    peek(f.path, 1028, l2, sizeof l2);
    ck_assert_uint_eq(le32(l2), 1028 + 2048);
    ck_assert_uint_eq(l2[4] | l2[5] << 8, 5 + 16 + 36 + 156 + 92 + 8);
    ck_assert_uint_eq(le32(l2 + 8), 1028 + 2048 + 313);
    ck_assert_uint_eq(l2[12] | l2[13] << 8, 29);
    struct dasd_image img;
    ck_assert_int_eq(dasd_open(&img, f.path, true, f.err, sizeof f.err), 0);
    ck_assert_int_eq(img.format, DASD_FMT_CCKD);
    ck_assert_uint_eq(img.cyls, 3);
    char vol[7];
    ck_assert_int_eq(dasd_volser(&img, vol), 0);
    ck_assert_str_eq(vol, "CCKD01");
    /* An untouched track: HA R0 R1(end of file) EOT, as dasdcopy reads it. */
    uint8_t trk[56832];
    ck_assert_int_eq(dasd_read_track(&img, 2, 14, trk, f.err, sizeof f.err), 0);
    static const uint8_t eof[37] = { 0, 0, 2, 0, 14, 0, 2, 0, 14, 0, 0, 0, 8, 0, 0, 0, 0, 0,
                                     0, 0, 0, 0, 2, 0, 14, 1, 0, 0, 0, 0xff, 0xff, 0xff,
                                     0xff, 0xff, 0xff, 0xff, 0xff };
    ck_assert_mem_eq(trk, eof, sizeof eof);
    struct dasd_rec rec;
    ck_assert_int_eq(dasd_track_find(trk, sizeof trk, 1, &rec), 0);
    ck_assert_uint_eq(rec.dl, 0);
    ck_assert_int_eq(dasd_read_track(&img, 0, 1, trk, f.err, sizeof f.err), 0);
    ck_assert_int_eq(dasd_track_find(trk, sizeof trk, 1, &rec), -1);
    ck_assert_int_eq(dasd_write_track(&img, 0, 1, trk, f.err, sizeof f.err), -1);  /* r/o */
    struct dasd_space sp;
    dasd_space(&img, &sp);
    ck_assert_uint_eq(sp.null_tracks, 43);
    ck_assert_uint_eq(sp.free, 0);
    dasd_close(&img);
    ck_assert_int_eq(dasd_check(f.path, false, NULL, f.err, sizeof f.err), 0);
    fx_done(&f);
}
END_TEST

START_TEST(t_write_reuse)
{
    struct fx f;
    fx_setup(&f);
    fx_create(&f);
    struct dasd_image img;
    ck_assert_int_eq(dasd_open(&img, f.path, false, f.err, sizeof f.err), 0);
    uint8_t trk[56832], back[56832];
    /* Fill every track with something, then rewrite them many times. */
    off_t peak = 0, first = 0;
    for (int round = 0; round < 6; round++) {
        for (uint32_t t = 0; t < 45; t++) {
            make_track(trk, t / 15, t % 15, (uint16_t)(500 + (t * 977 + round * 4111) % 40000),
                       round * 100 + (int)t, (t + round) % 3 == 0);
            ck_assert_msg(dasd_write_track(&img, t / 15, t % 15, trk, f.err, sizeof f.err) == 0,
                          "%s", f.err);
            ck_assert_int_eq(dasd_read_track(&img, t / 15, t % 15, back, f.err, sizeof f.err), 0);
            ck_assert_mem_eq(back, trk, sizeof trk);
        }
        off_t sz = fsize(f.path);
        if (round == 0)
            first = sz;
        if (sz > peak)
            peak = sz;
    }
    /* Rewrites reuse the space: the file stays within twice its first full size. */
    ck_assert_msg(peak < 2 * first, "grew from %lld to %lld", (long long)first, (long long)peak);
    /* An empty track takes no space; the freed image is reused or cut off. */
    dasd_read_track(&img, 2, 14, trk, f.err, sizeof f.err);
    memset(trk + 21, 0xff, 8);
    memset(trk + 29, 0, sizeof trk - 29);
    ck_assert_int_eq(dasd_write_track(&img, 2, 14, trk, f.err, sizeof f.err), 0);
    struct dasd_space sp;
    dasd_space(&img, &sp);
    ck_assert_uint_eq(sp.null_tracks, 1);
    ck_assert_uint_eq(sp.size, (uint64_t)fsize(f.path));
    dasd_close(&img);
    /* Closed cleanly: the chain and statistics match, OPENED is off. */
    uint8_t cd[48];
    peek(f.path, 512, cd, sizeof cd);
    ck_assert_uint_eq(cd[3] & 0x80, 0);
    ck_assert_uint_eq(le32(cd + 12), (uint32_t)fsize(f.path));
    ck_assert_uint_eq(le32(cd + 24), sp.free + sp.imbedded);   /* cckdcdsk's free total */
    ck_assert_int_eq(dasd_check(f.path, false, NULL, f.err, sizeof f.err), 0);
    /* Everything reads back after reopening. */
    ck_assert_int_eq(dasd_open(&img, f.path, true, f.err, sizeof f.err), 0);
    for (uint32_t t = 0; t < 44; t++) {
        make_track(trk, t / 15, t % 15, (uint16_t)(500 + (t * 977 + 5 * 4111) % 40000),
                   500 + (int)t, (t + 5) % 3 == 0);
        ck_assert_int_eq(dasd_read_track(&img, t / 15, t % 15, back, f.err, sizeof f.err), 0);
        ck_assert_mem_eq(back, trk, sizeof trk);
    }
    dasd_close(&img);
    fx_done(&f);
}
END_TEST

START_TEST(t_crash_reopen)
{
    struct fx f;
    fx_setup(&f);
    fx_create(&f);
    struct dasd_image img, again;
    ck_assert_int_eq(dasd_open(&img, f.path, false, f.err, sizeof f.err), 0);
    /* A second writer is locked out. */
    ck_assert_int_eq(dasd_open(&again, f.path, false, f.err, sizeof f.err), -1);
    ck_assert_ptr_nonnull(strstr(f.err, "in use"));
    uint8_t trk[56832], back[56832], cd[4];
    for (int i = 0; i < 30; i++) {
        make_track(trk, 1, (uint32_t)i % 15, (uint16_t)(1000 + i * 300), i, i % 2);
        ck_assert_int_eq(dasd_write_track(&img, 1, (uint32_t)i % 15, trk, f.err, sizeof f.err), 0);
    }
    peek(f.path, 512, cd, sizeof cd);
    ck_assert_uint_eq(cd[3], 0xc1);                         /* OPENED while open */
    /* "Crash": copy the file as it is now, as a kill would leave it. */
    char crashed[160], cmd[400];
    snprintf(crashed, sizeof crashed, "%s/crashed.390", f.dir);
    snprintf(cmd, sizeof cmd, "cp %s %s", f.path, crashed);
    ck_assert_int_eq(system(cmd), 0);
    dasd_close(&img);
    ck_assert_int_eq(dasd_check(crashed, false, NULL, f.err, sizeof f.err), 1);
    ck_assert_int_eq(dasd_open(&img, crashed, false, f.err, sizeof f.err), 0);
    for (int i = 15; i < 30; i++) {
        make_track(trk, 1, (uint32_t)i % 15, (uint16_t)(1000 + i * 300), i, i % 2);
        ck_assert_int_eq(dasd_read_track(&img, 1, (uint32_t)i % 15, back, f.err, sizeof f.err), 0);
        ck_assert_mem_eq(back, trk, sizeof trk);
    }
    dasd_close(&img);
    ck_assert_int_eq(dasd_check(crashed, false, NULL, f.err, sizeof f.err), 0);
    fx_done(&f);
}
END_TEST

/* Write some tracks, close, return the file offset and length of track (1,3). */
static void fx_written(struct fx *f, uint32_t *pos, uint16_t *len)
{
    struct dasd_image img;
    uint8_t trk[56832], e[8];
    ck_assert_int_eq(dasd_open(&img, f->path, false, f->err, sizeof f->err), 0);
    for (uint32_t h = 0; h < 6; h++) {
        make_track(trk, 1, h, 3000, (int)h, false);
        ck_assert_int_eq(dasd_write_track(&img, 1, h, trk, f->err, sizeof f->err), 0);
    }
    dasd_close(&img);
    peek(f->path, 1028 + 8 * 18, e, sizeof e);
    *pos = le32(e);
    *len = (uint16_t)(e[4] | e[5] << 8);
}

START_TEST(t_damaged)
{
    struct fx f;
    uint32_t pos;
    uint16_t len;
    uint8_t e[8];
    fx_setup(&f);
    fx_create(&f);
    fx_written(&f, &pos, &len);
    /* An L2 entry beyond the end of the file: refused, found, repaired. */
    peek(f.path, 1028 + 8 * 18, e, sizeof e);
    uint8_t far[4] = { 0, 0, 0, 0x10 };
    patch(f.path, 1028 + 8 * 18, far, 4);
    refused(&f, "track (1,3): L2 entry points at offset 268435456");
    struct dasd_image img;
    ck_assert_int_eq(dasd_open(&img, f.path, false, f.err, sizeof f.err), -1);
    ck_assert_ptr_nonnull(strstr(f.err, "check --repair"));
    ck_assert_int_eq(dasd_check(f.path, false, NULL, f.err, sizeof f.err), 1);
    ck_assert_int_eq(dasd_check(f.path, true, NULL, f.err, sizeof f.err), 0);
    ck_assert_int_eq(dasd_check(f.path, false, NULL, f.err, sizeof f.err), 0);
    ck_assert_int_eq(dasd_open(&img, f.path, true, f.err, sizeof f.err), 0);
    uint8_t trk[56832];
    ck_assert_int_eq(dasd_read_track(&img, 1, 3, trk, f.err, sizeof f.err), 0);   /* empty */
    struct dasd_rec rec;
    ck_assert_int_eq(dasd_track_find(trk, sizeof trk, 1, &rec), -1);
    ck_assert_int_eq(dasd_read_track(&img, 1, 4, trk, f.err, sizeof f.err), 0);   /* intact */
    ck_assert_int_eq(dasd_track_find(trk, sizeof trk, 1, &rec), 0);
    ck_assert_uint_eq(rec.dl, 3000);
    dasd_close(&img);
    fx_done(&f);

    /* A bad compressed image: opens, the read names file and track, check finds it. */
    fx_setup(&f);
    fx_create(&f);
    fx_written(&f, &pos, &len);
    patch(f.path, pos + 20, "garbage!", 8);
    ck_assert_int_eq(dasd_open(&img, f.path, false, f.err, sizeof f.err), 0);
    ck_assert_int_eq(dasd_read_track(&img, 1, 3, trk, f.err, sizeof f.err), -1);
    ck_assert_msg(strstr(f.err, f.path) && strstr(f.err, "track (1,3): bad compressed image"),
                  "message: %s", f.err);
    dasd_close(&img);
    ck_assert_int_eq(dasd_check(f.path, false, NULL, f.err, sizeof f.err), 1);
    ck_assert_int_eq(dasd_check(f.path, true, NULL, f.err, sizeof f.err), 0);
    ck_assert_int_eq(dasd_check(f.path, false, NULL, f.err, sizeof f.err), 0);
    /* bzip2 and a bad compression byte. */
    fx_written(&f, &pos, &len);
    patch(f.path, pos, "\x02", 1);
    ck_assert_int_eq(dasd_open(&img, f.path, true, f.err, sizeof f.err), 0);
    ck_assert_int_eq(dasd_read_track(&img, 1, 3, trk, f.err, sizeof f.err), -1);
#ifdef HAVE_BZLIB
    /* zlib data marked as bzip2: libbz2 refuses it */
    ck_assert_msg(strstr(f.err, f.path) && strstr(f.err, "track (1,3): bad compressed image") &&
                  strstr(f.err, "bzip2 error"), "%s", f.err);
#else
    ck_assert_msg(strstr(f.err, f.path) && strstr(f.err, "track (1,3): bzip2"), "%s", f.err);
#endif
    dasd_close(&img);
    patch(f.path, pos, "\x07", 1);
    ck_assert_int_eq(dasd_open(&img, f.path, true, f.err, sizeof f.err), 0);
    ck_assert_int_eq(dasd_read_track(&img, 1, 3, trk, f.err, sizeof f.err), -1);
    ck_assert_ptr_nonnull(strstr(f.err, "bad compression byte X'07'"));
    dasd_close(&img);
    /* Two entries for one space: overlap. */
    uint8_t e4[8];
    peek(f.path, 1028 + 8 * 19, e4, sizeof e4);
    patch(f.path, 1028 + 8 * 20, e4, sizeof e4);
    refused(&f, "overlaps");
    ck_assert_int_eq(dasd_check(f.path, true, NULL, f.err, sizeof f.err), 0);
    /* Truncated: the last images are cut off. */
    ck_assert_int_eq(truncate(f.path, fsize(f.path) - 100), 0);
    refused(&f, "outside the file");
    ck_assert_int_eq(truncate(f.path, 1000), 0);
    refused(&f, "truncated");
    ck_assert_int_eq(dasd_check(f.path, true, NULL, f.err, sizeof f.err), -1);
    ck_assert_ptr_nonnull(strstr(f.err, "truncated"));
    fx_done(&f);

    /* Bad headers. */
    fx_setup(&f);
    fx_create(&f);
    patch(f.path, 512 + 4, "\x05", 1);
    refused(&f, "L1 table of 5 entries for 45 tracks");
    patch(f.path, 512 + 4, "\x01", 1);
    patch(f.path, 512 + 8, "\x00\x02", 2);
    refused(&f, "L2 tables of 512 entries");
    patch(f.path, 512 + 8, "\x00\x01", 2);
    patch(f.path, 0, "CKD_S370", 8);
    refused(&f, "shadow");
    patch(f.path, 0, "CKD_C370", 8);
    patch(f.path, 16, "\x14", 1);
    refused(&f, "unsupported device type");
    fx_done(&f);
}
END_TEST

/* A gap shorter than a free space (8 bytes) between the L1 and the L2 table: nothing
 * can absorb it, so repair moves the table away (found by fuzz_dasd: repair reported
 * success and the next check found the gap again). */
START_TEST(t_short_gap)
{
    struct fx f;
    fx_setup(&f);
    fx_create(&f);
    off_t size = fsize(f.path);
    uint8_t *old = malloc((size_t)size), *img = calloc(1, (size_t)size + 4);
    ck_assert_ptr_nonnull(old);
    ck_assert_ptr_nonnull(img);
    peek(f.path, 0, old, (size_t)size);
    memcpy(img, old, 1028);
    memcpy(img + 1032, old + 1028, (size_t)size - 1028);
    uint8_t *l1 = img + 1024, *l2 = img + 1032;
    l1[0] = 1032 & 0xff;
    l1[1] = 1032 >> 8;
    for (int t = 0; t < 2; t++) {
        uint32_t pos = le32(l2 + 8 * t) + 4;
        l2[8 * t] = (uint8_t)pos;
        l2[8 * t + 1] = (uint8_t)(pos >> 8);
    }
    ck_assert_int_eq(unlink(f.path), 0);
    patch_new(f.path, img, (size_t)size + 4);
    free(old);
    free(img);
    refused(&f, "4-byte gap at offset 1028 is too short for a free space");
    ck_assert_int_eq(dasd_check(f.path, false, NULL, f.err, sizeof f.err), 1);
    ck_assert_int_eq(dasd_check(f.path, true, NULL, f.err, sizeof f.err), 0);
    ck_assert_int_eq(dasd_check(f.path, false, NULL, f.err, sizeof f.err), 0);
    struct dasd_image d;
    ck_assert_int_eq(dasd_open(&d, f.path, true, f.err, sizeof f.err), 0);
    char vol[7];
    ck_assert_int_eq(dasd_volser(&d, vol), 0);
    ck_assert_str_eq(vol, "CCKD01");
    uint8_t trk[56832];
    ck_assert_int_eq(dasd_read_track(&d, 0, 1, trk, f.err, sizeof f.err), 0);
    dasd_close(&d);
    fx_done(&f);
}
END_TEST

/* The Linux empty-track format (twelve 4096-byte records) fits only a 3390 track: on a
 * 3330 an entry of that format is a repairable problem, a header saying it for every
 * empty track a fatal one (found by fuzz_dasd: repair left such an entry unreadable). */
START_TEST(t_linux_null_small)
{
    struct fx f;
    fx_setup(&f);
    struct dasd_create_opts o = { .comp = DASD_CCKD_ZLIB };
    ck_assert_int_eq(dasd_create_ex(f.path, dasd_geom_find("3330"), 1, "SMALL", &o, f.err,
                                    sizeof f.err), 0);
    patch(f.path, 1028 + 8 * 5, "\0\0\0\0\x02\0\x02\0", 8);
    refused(&f, "track (0,5): bad empty-track format 2");
    ck_assert_int_eq(dasd_check(f.path, false, NULL, f.err, sizeof f.err), 1);
    ck_assert_int_eq(dasd_check(f.path, true, NULL, f.err, sizeof f.err), 0);
    ck_assert_int_eq(dasd_check(f.path, false, NULL, f.err, sizeof f.err), 0);
    struct dasd_image img;
    uint8_t trk[13312];
    ck_assert_int_eq(dasd_open(&img, f.path, true, f.err, sizeof f.err), 0);
    ck_assert_int_eq(dasd_read_track(&img, 0, 5, trk, f.err, sizeof f.err), 0);
    dasd_close(&img);
    patch(f.path, 512 + 44, "\x02", 1);
    refused(&f, "the Linux null track format does not fit a 3330 track");
    ck_assert_int_eq(dasd_check(f.path, true, NULL, f.err, sizeof f.err), -1);
    fx_done(&f);
}
END_TEST

/* An image as long as an L2 entry may say (the track plus 69 bytes) is read into the
 * image buffer whole: on a 3330 that is more than compressBound of its track (found by
 * fuzz_dasd: a heap overflow, seen under AddressSanitizer). */
START_TEST(t_longest_image)
{
    struct fx f;
    fx_setup(&f);
    struct dasd_create_opts o = { .comp = DASD_CCKD_ZLIB };
    ck_assert_int_eq(dasd_create_ex(f.path, dasd_geom_find("3330"), 1, "LONG", &o, f.err,
                                    sizeof f.err), 0);
    enum { LEN = 13312 + 5 + 64 };
    uint8_t *img = calloc(1, LEN);
    ck_assert_ptr_nonnull(img);
    img[4] = 2;                                     /* stored, track (0,2) */
    uint32_t end = (uint32_t)fsize(f.path);
    patch(f.path, end, img, LEN);
    uint8_t e[8] = { (uint8_t)end, (uint8_t)(end >> 8), (uint8_t)(end >> 16), 0,
                     LEN & 0xff, LEN >> 8, LEN & 0xff, LEN >> 8 };
    patch(f.path, 1028 + 8 * 2, e, sizeof e);
    free(img);
    struct dasd_image d;
    uint8_t trk[13312];
    ck_assert_int_eq(dasd_open(&d, f.path, true, f.err, sizeof f.err), 0);
    ck_assert_int_eq(dasd_read_track(&d, 0, 2, trk, f.err, sizeof f.err), -1);
    ck_assert_msg(strstr(f.err, "stored image longer than the track"), "%s", f.err);
    dasd_close(&d);
    ck_assert_int_eq(dasd_check(f.path, false, NULL, f.err, sizeof f.err), 1);
    fx_done(&f);
}
END_TEST

/* An L2 entry of a 6-byte image between two used spaces: freeing it made a free space
 * too short for its chain entry, whose 8 bytes then went over the next space (found by
 * fuzz_dasd). Such an entry is refused; repair drops it and closes the gap. */
START_TEST(t_tiny_image)
{
    struct fx f;
    fx_setup(&f);
    fx_create(&f);
    off_t size = fsize(f.path);
    uint8_t *old = malloc((size_t)size), *img = calloc(1, (size_t)size + 6);
    ck_assert_ptr_nonnull(old);
    ck_assert_ptr_nonnull(img);
    peek(f.path, 0, old, (size_t)size);
    memcpy(img, old, 3076);
    memcpy(img + 3082, old + 3076, (size_t)size - 3076);
    uint8_t *l2 = img + 1028;
    for (int t = 0; t < 2; t++) {
        uint32_t pos = le32(l2 + 8 * t) + 6;
        l2[8 * t] = (uint8_t)pos;
        l2[8 * t + 1] = (uint8_t)(pos >> 8);
    }
    static const uint8_t tiny[8] = { 3076 & 0xff, 3076 >> 8, 0, 0, 6, 0, 6, 0 };
    memcpy(l2 + 8 * 5, tiny, 8);
    ck_assert_int_eq(unlink(f.path), 0);
    patch_new(f.path, img, (size_t)size + 6);
    free(old);
    free(img);
    refused(&f, "track (0,5): bad L2 entry length 6, size 6");
    ck_assert_int_eq(dasd_check(f.path, false, NULL, f.err, sizeof f.err), 1);
    ck_assert_int_eq(dasd_check(f.path, true, NULL, f.err, sizeof f.err), 0);
    ck_assert_int_eq(dasd_check(f.path, false, NULL, f.err, sizeof f.err), 0);
    struct dasd_image d;
    ck_assert_int_eq(dasd_open(&d, f.path, true, f.err, sizeof f.err), 0);
    char vol[7];
    ck_assert_int_eq(dasd_volser(&d, vol), 0);
    ck_assert_str_eq(vol, "CCKD01");
    dasd_close(&d);
    fx_done(&f);
}
END_TEST

/* Tracks of a group that has no L2 table yet: the table is made, the image kept. */
START_TEST(t_new_l2)
{
    struct fx f;
    fx_setup(&f);
    struct dasd_create_opts o = { .comp = DASD_CCKD_ZLIB };
    ck_assert_int_eq(dasd_create_ex(f.path, dasd_geom_find("3390"), 40, NULL, &o, f.err,
                                    sizeof f.err), 0);
    struct dasd_image img;
    uint8_t trk[56832], back[56832];
    ck_assert_int_eq(dasd_open(&img, f.path, false, f.err, sizeof f.err), 0);
    for (int i = 0; i < 8; i++) {           /* tracks 300..307 and 515..522 */
        make_track(trk, 20, (uint32_t)i, 2000, i, true);
        ck_assert_int_eq(dasd_write_track(&img, 20, (uint32_t)i, trk, f.err, sizeof f.err), 0);
        make_track(trk, 34, 5 + (uint32_t)i, 3000, 50 + i, false);
        ck_assert_int_eq(dasd_write_track(&img, 34, 5 + (uint32_t)i, trk, f.err, sizeof f.err), 0);
    }
    dasd_close(&img);
    ck_assert_int_eq(dasd_check(f.path, false, NULL, f.err, sizeof f.err), 0);
    ck_assert_int_eq(dasd_open(&img, f.path, true, f.err, sizeof f.err), 0);
    for (int i = 0; i < 8; i++) {
        make_track(trk, 20, (uint32_t)i, 2000, i, true);
        ck_assert_int_eq(dasd_read_track(&img, 20, (uint32_t)i, back, f.err, sizeof f.err), 0);
        ck_assert_mem_eq(back, trk, sizeof trk);
        make_track(trk, 34, 5 + (uint32_t)i, 3000, 50 + i, false);
        ck_assert_int_eq(dasd_read_track(&img, 34, 5 + (uint32_t)i, back, f.err, sizeof f.err), 0);
        ck_assert_mem_eq(back, trk, sizeof trk);
    }
    dasd_close(&img);
    fx_done(&f);
}
END_TEST

START_TEST(t_split_names)
{
    char out[64];
    ck_assert_int_eq(dasd_split_name("dir.x/triple.a88", 1, out, sizeof out), 0);
    ck_assert_str_eq(out, "dir.x/triple_1.a88");
    ck_assert_int_eq(dasd_split_name("vol", 2, out, sizeof out), 0);
    ck_assert_str_eq(out, "vol_2");
    ck_assert_int_eq(dasd_split_name("a.b.c", 3, out, sizeof out), 0);
    ck_assert_str_eq(out, "a_3.b.c");
    ck_assert_int_eq(dasd_split_name("vol", 10, out, sizeof out), -1);
}
END_TEST

START_TEST(t_convert_roundtrip)
{
    /* CKD -> tracks -> CCKD stored (-0) and back: the same tracks. */
    struct fx f;
    fx_setup(&f);
    char ckd[160];
    snprintf(ckd, sizeof ckd, "%s/plain.390", f.dir);
    struct dasd_create_opts o = { .comp = DASD_CCKD_NONE };
    ck_assert_int_eq(dasd_create_ex(f.path, dasd_geom_find("3390"), 2, "PLAIN", &o, f.err,
                                    sizeof f.err), 0);
    ck_assert_int_eq(dasd_create(ckd, dasd_geom_find("3390"), 2, "PLAIN", f.err,
                                 sizeof f.err), 0);
    struct dasd_image a, b;
    ck_assert_int_eq(dasd_open(&a, ckd, false, f.err, sizeof f.err), 0);
    ck_assert_int_eq(dasd_open(&b, f.path, false, f.err, sizeof f.err), 0);
    uint8_t trk[56832], x[56832], y[56832];
    for (uint32_t t = 0; t < 30; t += 3) {
        make_track(trk, t / 15, t % 15, (uint16_t)(100 + t * 1000), (int)t, t % 2);
        ck_assert_int_eq(dasd_write_track(&a, t / 15, t % 15, trk, f.err, sizeof f.err), 0);
        ck_assert_int_eq(dasd_write_track(&b, t / 15, t % 15, trk, f.err, sizeof f.err), 0);
    }
    for (uint32_t t = 0; t < 30; t += 3) {
        ck_assert_int_eq(dasd_read_track(&a, t / 15, t % 15, x, f.err, sizeof f.err), 0);
        ck_assert_int_eq(dasd_read_track(&b, t / 15, t % 15, y, f.err, sizeof f.err), 0);
        ck_assert_mem_eq(x, y, sizeof x);
    }
    ck_assert_int_eq(dasd_sync(&b, f.err, sizeof f.err), 0);
    dasd_close(&a);
    dasd_close(&b);
    /* -0: nothing compressed, byte X'00' in every stored image. */
    uint8_t l2[8];
    peek(f.path, 1028 + 8 * 3, l2, sizeof l2);
    uint8_t comp;
    peek(f.path, le32(l2), &comp, 1);
    ck_assert_uint_eq(comp, 0);
    ck_assert_int_eq(dasd_check(ckd, false, NULL, f.err, sizeof f.err), 0);
    fx_done(&f);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cckd");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, t_create_layout);
    tcase_add_test(tc, t_write_reuse);
    tcase_add_test(tc, t_crash_reopen);
    tcase_add_test(tc, t_damaged);
    tcase_add_test(tc, t_short_gap);
    tcase_add_test(tc, t_linux_null_small);
    tcase_add_test(tc, t_longest_image);
    tcase_add_test(tc, t_tiny_image);
    tcase_add_test(tc, t_new_l2);
    tcase_add_test(tc, t_split_names);
    tcase_add_test(tc, t_convert_roundtrip);
    suite_add_tcase(s, tc);
    SRunner *r = srunner_create(s);
    srunner_run_all(r, CK_NORMAL);
    int f = srunner_ntests_failed(r);
    srunner_free(r);
    return f ? 1 : 0;
}
