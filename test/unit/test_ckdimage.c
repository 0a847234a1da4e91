/* test_ckdimage.c - the CKD image layer: geometry lookup, creating an image (the
 * bytes dasdinit writes), reading and writing tracks, and refusing damaged images. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "harness.h"
#include "dasd/dasd.h"

struct fx {
    char dir[64];
    char path[128];
    char err[512];
};

static void fx_setup(struct fx *f)
{
    snprintf(f->dir, sizeof f->dir, "/tmp/s370-ckd-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(f->dir));
    snprintf(f->path, sizeof f->path, "%s/vol.330", f->dir);
}

static void fx_done(struct fx *f)
{
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
    ck_assert_int_eq(system(cmd), 0);
}

/* A 2-cylinder 3330 labelled VOL001. */
static void fx_create(struct fx *f)
{
    ck_assert_int_eq(dasd_create(f->path, dasd_geom_find("3330"), 2, "VOL001", f->err,
                                 sizeof f->err), 0);
}

static void patch(const char *path, off_t at, const void *bytes, size_t n)
{
    int fd = open(path, O_WRONLY);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(pwrite(fd, bytes, n, at), (ssize_t)n);
    close(fd);
}

/* Opening must fail with a message that names the file and contains why. */
static void refused(struct fx *f, const char *why)
{
    struct dasd_image img;
    ck_assert_int_eq(dasd_open(&img, f->path, true, f->err, sizeof f->err), -1);
    ck_assert_msg(strstr(f->err, f->path) && strstr(f->err, why), "message: %s", f->err);
}

START_TEST(t_geometry)
{
    const struct dasd_geom *g = dasd_geom_find("3390-3");
    ck_assert_ptr_nonnull(g);
    ck_assert_uint_eq(g->cyls, 3339);
    ck_assert_uint_eq(g->heads, 15);
    ck_assert_uint_eq(g->trksize, 56832);
    ck_assert_uint_eq(g->devtype, 0x3390);
    ck_assert_str_eq(dasd_geom_find("3330")->model, "1");
    ck_assert_uint_eq(dasd_geom_find("3330-11")->cyls, 808);
    ck_assert_uint_eq(dasd_geom_find("3380-e")->cyls, 1770);
    ck_assert_uint_eq(dasd_geom_find("3350")->trksize, 19456);
    ck_assert_ptr_null(dasd_geom_find("3390-4"));
    ck_assert_ptr_null(dasd_geom_find("339"));
    ck_assert_ptr_null(dasd_geom_find("2314"));
    ck_assert_str_eq(dasd_geom_model(0x3380, 2700)->model, "K");
    ck_assert_str_eq(dasd_geom_model(0x3330, 411)->model, "1");
    ck_assert_ptr_eq(dasd_geom_by_byte(0x50), dasd_geom_find("3350"));
}
END_TEST

START_TEST(t_create_layout)
{
    struct fx f;
    fx_setup(&f);
    fx_create(&f);
    uint8_t hdr[DASD_HDR_SIZE + 64];
    int fd = open(f.path, O_RDONLY);
    ck_assert_int_eq(pread(fd, hdr, sizeof hdr, 0), (ssize_t)sizeof hdr);
    close(fd);
    static const uint8_t want[20] = { 'C', 'K', 'D', '_', 'P', '3', '7', '0', 19, 0, 0, 0,
                                      0x00, 0x34, 0, 0, 0x30, 0, 0, 0 };
    ck_assert_mem_eq(hdr, want, sizeof want);
    static const uint8_t ha_r0[21] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8 };
    ck_assert_mem_eq(hdr + DASD_HDR_SIZE, ha_r0, sizeof ha_r0);
    struct dasd_image img;
    ck_assert_int_eq(dasd_open(&img, f.path, true, f.err, sizeof f.err), 0);
    ck_assert_uint_eq(img.cyls, 2);
    char vol[7];
    ck_assert_int_eq(dasd_volser(&img, vol), 0);
    ck_assert_str_eq(vol, "VOL001");
    uint8_t trk[13312];
    ck_assert_int_eq(dasd_read_track(&img, 1, 18, trk, f.err, sizeof f.err), 0);
    static const uint8_t empty[29] = { 0, 0, 1, 0, 18, 0, 1, 0, 18, 0, 0, 0, 8,
                                       0, 0, 0, 0, 0, 0, 0, 0,
                                       0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
    ck_assert_mem_eq(trk, empty, sizeof empty);
    struct dasd_rec rec;
    ck_assert_int_eq(dasd_track_find(trk, sizeof trk, 0, &rec), 0);
    ck_assert_uint_eq(rec.dl, 8);
    ck_assert_int_eq(dasd_track_find(trk, sizeof trk, 1, &rec), -1);
    ck_assert_int_eq(dasd_read_track(&img, 2, 0, trk, f.err, sizeof f.err), -1);
    ck_assert_int_eq(dasd_read_track(&img, 0, 19, trk, f.err, sizeof f.err), -1);
    ck_assert_int_eq(dasd_write_track(&img, 1, 1, trk, f.err, sizeof f.err), -1);   /* read-only */
    dasd_close(&img);
    ck_assert_int_eq(dasd_create(f.path, dasd_geom_find("3330"), 1, "VOL002", f.err,
                                 sizeof f.err), -1);                              /* exists */
    fx_done(&f);
}
END_TEST

START_TEST(t_write_track)
{
    struct fx f;
    fx_setup(&f);
    fx_create(&f);
    struct dasd_image img;
    ck_assert_int_eq(dasd_open(&img, f.path, false, f.err, sizeof f.err), 0);
    uint8_t trk[13312], back[13312];
    ck_assert_int_eq(dasd_read_track(&img, 1, 3, trk, f.err, sizeof f.err), 0);
    /* Add R1: key 'K', 3 data bytes, after R0. */
    static const uint8_t r1[] = { 0, 1, 0, 3, 1, 1, 0, 3, 'K', 'a', 'b', 'c',
                                  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
    memcpy(trk + 21, r1, sizeof r1);
    ck_assert_int_eq(dasd_write_track(&img, 1, 3, trk, f.err, sizeof f.err), 0);
    ck_assert_int_eq(dasd_read_track(&img, 1, 3, back, f.err, sizeof f.err), 0);
    ck_assert_mem_eq(back, trk, sizeof trk);
    struct dasd_rec rec;
    ck_assert_int_eq(dasd_track_find(back, sizeof back, 1, &rec), 0);
    ck_assert_uint_eq(rec.kl, 1);
    ck_assert_mem_eq(rec.data, "abc", 3);
    ck_assert_int_eq(dasd_write_track(&img, 1, 4, trk, f.err, sizeof f.err), -1); /* wrong HA */
    memset(trk + 21, 0x11, sizeof trk - 21);                                     /* no end marker */
    ck_assert_int_eq(dasd_write_track(&img, 1, 3, trk, f.err, sizeof f.err), -1);
    dasd_close(&img);
    fx_done(&f);
}
END_TEST

START_TEST(t_damaged)
{
    struct fx f;
    fx_setup(&f);
    refused(&f, "No such file");
    fx_create(&f);
    patch(f.path, 0, "CKD_C370", 8);
    refused(&f, "unsupported CCKD version");              /* a CKD file called CCKD */
    patch(f.path, 0, "XYZ_P370", 8);
    refused(&f, "not a CKD image");
    patch(f.path, 0, "CKD_P370", 8);
    patch(f.path, 8, "\x14", 1);                                  /* 20 heads on a 3330 */
    refused(&f, "impossible geometry");
    patch(f.path, 8, "\x13", 1);
    patch(f.path, 16, "\x14", 1);                                 /* a 2314 */
    refused(&f, "unsupported device type");
    patch(f.path, 16, "\x30", 1);
    ck_assert_int_eq(truncate(f.path, DASD_HDR_SIZE + 19 * 13312 + 100), 0);
    refused(&f, "truncated");
    ck_assert_int_eq(truncate(f.path, 100), 0);
    refused(&f, "truncated");
    ck_assert_int_eq(truncate(f.path, DASD_HDR_SIZE + 19 * 13312), 0);
    struct dasd_image img;
    uint8_t trk[13312];
    ck_assert_int_eq(dasd_open(&img, f.path, true, f.err, sizeof f.err), 0);
    ck_assert_int_eq(dasd_read_track(&img, 0, 1, trk, f.err, sizeof f.err), -1);  /* zeroed */
    ck_assert_ptr_nonnull(strstr(f.err, "bad home address"));
    dasd_close(&img);
    ck_assert_int_eq(unlink(f.path), 0);
    fx_create(&f);
    patch(f.path, DASD_HDR_SIZE + 13312 + 12, "\xff\xff", 2);   /* R0 DL overruns the track */
    ck_assert_int_eq(dasd_open(&img, f.path, true, f.err, sizeof f.err), 0);
    ck_assert_int_eq(dasd_read_track(&img, 0, 1, trk, f.err, sizeof f.err), -1);
    ck_assert_msg(strstr(f.err, "overrun") != NULL, "message: %s", f.err);
    dasd_close(&img);
    ck_assert_int_eq(dasd_create(f.path, dasd_geom_find("3330"), 1, "bad vol", f.err,
                                 sizeof f.err), -1);
    fx_done(&f);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ckdimage");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, t_geometry);
    tcase_add_test(tc, t_create_layout);
    tcase_add_test(tc, t_write_track);
    tcase_add_test(tc, t_damaged);
    suite_add_tcase(s, tc);
    SRunner *r = srunner_create(s);
    srunner_run_all(r, CK_NORMAL);
    int f = srunner_ntests_failed(r);
    srunner_free(r);
    return f ? 1 : 0;
}
