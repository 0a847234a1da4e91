/* fuzz_dasd.c - libFuzzer target for CKD and CCKD image files (dasd/): the input is
 * the image file. It is opened read-only (tracks read, the VTOC listed, the volume
 * serial and the space statistics taken), then read-write (a track rewritten with
 * records made from the input, another one emptied, the CCKD tables and free space
 * updated, closed: the close writes the free-space chain and the statistics), then
 * read back, and checked by dasd_check without and with repair. Built and run by
 * `make fuzz` (test/fuzz/fuzz.am).
 *
 * What else the run does is chosen by 16 bytes of the device header's reserved area
 * (offsets 496-511, which the image layer ignores), so that the seeds are plain
 * images made by `s370 dasd create`: four track numbers to read besides the first
 * TRACKS_FIRST, the track to rewrite and the one to empty, and the rewritten track's
 * key length.
 *
 * Invariants checked besides the sanitizers: a track written is read back the same,
 * after the close too; an image that checks clean still does after the writes; an
 * image that dasd_check --repair reports repaired checks clean afterwards. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "dasd/cckd.h"
#include "dasd/dasd.h"
#include "fuzzutil.h"

#define TRACKS_FIRST 300u       /* tracks read from the start of the volume */
#define CTL_AT 496u             /* control bytes in the device header's reserved area */

struct fuzz {
    char dir[64];
    char path[128];
    FILE *null;                 /* dasd_check's listing */
    uint8_t *trk, *want, *back; /* DASD_TRK_MAX bytes each */
};

/* The largest track slot of any geometry (3390). */
#define DASD_TRK_MAX 56832u

static struct fuzz *fuzz_setup(void)
{
    struct fuzz *z = calloc(1, sizeof *z);
    if (!z) abort();
    fuzz_scratch(z->dir, sizeof z->dir, "dasd");
    /* A name as volumes have (the split-volume rules look at the dot). */
    snprintf(z->path, sizeof z->path, "%s/vol_1.390", z->dir);
    z->null = fopen("/dev/null", "w");
    z->trk = malloc(DASD_TRK_MAX);
    z->want = malloc(DASD_TRK_MAX);
    z->back = malloc(DASD_TRK_MAX);
    if (!z->null || !z->trk || !z->want || !z->back) abort();
    return z;
}

static int list_one(void *ctx, const struct dasd_dsinfo *ds)
{
    char a[8], b[8];
    (void)ctx;
    dasd_dsorg_name(ds, a, sizeof a);
    dasd_recfm_name(ds, b, sizeof b);
    return 0;
}

/* The read-only view: tracks, VTOC, volser, space. */
static void read_only(struct fuzz *z, const uint16_t extra[4])
{
    struct dasd_image img;
    char err[700];
    if (dasd_open(&img, z->path, true, err, sizeof err) != 0) return;
    uint32_t ntrks = img.cyls * img.geom->heads;
    for (uint32_t t = 0; t < ntrks && t < TRACKS_FIRST; t++)
        dasd_read_track(&img, t / img.geom->heads, t % img.geom->heads, z->trk, err, sizeof err);
    for (int i = 0; i < 4; i++) {
        uint32_t t = extra[i] % ntrks;
        dasd_read_track(&img, t / img.geom->heads, t % img.geom->heads, z->trk, err, sizeof err);
    }
    struct dasd_vtoc sum;
    dasd_vtoc_list(&img, list_one, NULL, &sum, err, sizeof err);
    char volser[7];
    dasd_volser(&img, volser);
    struct dasd_space sp;
    dasd_space(&img, &sp);
    dasd_close(&img);
}

/* A track of (cyl, head) with R0 and records made of the input bytes. */
static void make_track(uint8_t *trk, uint32_t trksize, uint32_t cyl, uint32_t head,
                       const uint8_t *data, size_t size, uint8_t kl)
{
    dasd_format_track(trk, trksize, cyl, head, NULL);
    size_t off = DASD_HA_SIZE + DASD_COUNT_SIZE + DASD_R0_DL;
    const uint8_t *p = data;
    for (uint8_t r = 1; r <= 3; r++) {
        uint16_t dl = (uint16_t)(size < 1000 ? size : 1000);
        if (off + DASD_COUNT_SIZE + kl + dl + DASD_EOT_SIZE > trksize) break;
        dasd_put_rec(trk, &off, cyl, head, r, p, kl, p + (size > kl ? kl : 0),
                     (uint16_t)(size > kl ? (dl < size - kl ? dl : size - kl) : 0));
    }
    memset(trk + off, 0xff, DASD_EOT_SIZE);
}

static void same_or_die(const struct dasd_image *img, uint32_t t, const uint8_t *want,
                        uint8_t *back)
{
    char err[700];
    uint32_t trksize = img->geom->trksize, heads = img->geom->heads;
    if (dasd_read_track(img, t / heads, t % heads, back, err, sizeof err) != 0) {
        fprintf(stderr, "fuzz_dasd: track %u written, not read back: %s\n", t, err);
        abort();
    }
    if (memcmp(want, back, trksize) != 0) {
        fprintf(stderr, "fuzz_dasd: track %u reads back different from what was written\n", t);
        abort();
    }
}

/* The read-write view: rewrite one track, empty another, close; read them back. */
static void read_write(struct fuzz *z, const uint8_t *data, size_t size, const uint8_t *ctl)
{
    struct dasd_image img;
    char err[700];
    if (dasd_open(&img, z->path, false, err, sizeof err) != 0) return;
    uint32_t heads = img.geom->heads, trksize = img.geom->trksize, ntrks = img.cyls * heads;
    uint32_t tw = (uint32_t)(ctl[8] << 8 | ctl[9]) % ntrks;
    uint32_t te = (uint32_t)(ctl[10] << 8 | ctl[11]) % ntrks;
    bool wrote = false, emptied = false;
    /* Whatever the track held, it is replaced (a guest's write of a whole track). */
    dasd_read_track(&img, tw / heads, tw % heads, z->trk, err, sizeof err);
    memset(z->want, 0, trksize);
    make_track(z->want, trksize, tw / heads, tw % heads, data, size, ctl[12] % 16);
    if (dasd_write_track(&img, tw / heads, tw % heads, z->want, err, sizeof err) == 0) {
        same_or_die(&img, tw, z->want, z->back);
        wrote = true;
    }
    if (te != tw) {
        dasd_format_track(z->trk, trksize, te / heads, te % heads, NULL);
        emptied = dasd_write_track(&img, te / heads, te % heads, z->trk, err, sizeof err) == 0;
    }
    dasd_sync(&img, err, sizeof err);
    struct dasd_space sp;
    dasd_space(&img, &sp);
    dasd_close(&img);
    if (!wrote && !emptied) return;
    if (dasd_open(&img, z->path, true, err, sizeof err) != 0) {
        fprintf(stderr, "fuzz_dasd: image written and closed does not open again: %s\n", err);
        abort();
    }
    if (wrote) same_or_die(&img, tw, z->want, z->back);
    if (emptied) {
        dasd_format_track(z->trk, trksize, te / heads, te % heads, NULL);
        same_or_die(&img, te, z->trk, z->back);
    }
    dasd_close(&img);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct fuzz *z;
    if (!z) z = fuzz_setup();
    static const uint8_t none[16];
    const uint8_t *ctl = size >= CTL_AT + 16 ? data + CTL_AT : none;
    uint16_t extra[4];
    for (int i = 0; i < 4; i++) extra[i] = (uint16_t)(ctl[2 * i] << 8 | ctl[2 * i + 1]);
    char err[700];

    fuzz_write(z->path, data, size);
    bool clean = dasd_check(z->path, false, NULL, err, sizeof err) == 0;
    read_only(z, extra);
    read_write(z, data, size, ctl);
    if (clean && dasd_check(z->path, false, NULL, err, sizeof err) != 0) {
        fprintf(stderr, "fuzz_dasd: a clean image is damaged after writing tracks\n");
        dasd_check(z->path, false, stderr, err, sizeof err);
        abort();
    }

    fuzz_write(z->path, data, size);
    dasd_check(z->path, false, z->null, err, sizeof err);
    if (dasd_check(z->path, true, z->null, err, sizeof err) == 0 &&
        dasd_check(z->path, false, z->null, err, sizeof err) != 0) {
        fprintf(stderr, "fuzz_dasd: repaired image does not check clean\n");
        dasd_check(z->path, false, stderr, err, sizeof err);
        abort();
    }
    read_only(z, extra);
    return 0;
}
