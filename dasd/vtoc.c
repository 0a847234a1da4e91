/* vtoc.c - read the VTOC of an OS volume: the VOL1 label (record 3 of cylinder 0 head
 * 0) points at the format-4 DSCB, whose VTOC extent bounds the tracks to read; every
 * format-1 DSCB is a dataset, with up to three extents of its own and more in a chain
 * of format-3 DSCBs (IBM DFSMSdfp Advanced Services, "VTOC components"; the layouts
 * have not changed since OS/360). A DSCB is 140 bytes: a 44-byte key and 96 bytes of
 * data, here addressed as one area with the key first, as IBM documents the offsets.
 *
 * The VTOC is guest data and may be damaged: every pointer and extent is checked
 * against the geometry, chains are bounded, and a problem is reported naming the file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dasd/cckd.h"
#include "devices/ebcdic.h"

enum {
    DSCB_LEN = 140, DSCB_KL = 44, DSCB_DL = 96,
    VOL1_REC = 3, VOL1_VTOC = 11,                   /* VOLVTOC: CCHHR of the format 4 */
    F4_VTOCE = 105,                                 /* DS4VTOCE */
    F4_DSREC = 50,                                  /* DS4DSREC: free DSCBs */
    F1_CREDT = 53, F1_NOEPV = 59, F1_DSORG = 82, F1_RECFM = 84, F1_BLKL = 86,
    F1_LRECL = 88, F1_KEYL = 90, F1_EXT = 105, F1_PTRDS = 135,
    F3_EXT_A = 4, F3_EXT_B = 45, F3_PTRDS = 135,    /* 4 extents in the key, 9 after */
    FMT_ID = 44,                                    /* DS1FMTID .. DS4IDFMT */
    XT_LEN = 10,
    MAX_F3 = 4,                                     /* a volume never needs more */
};

static uint32_t be16at(const uint8_t *p) { return dasd_be16(p); }

static void dasd_ext_get(const uint8_t *p, struct dasd_extent *x)
{
    x->type = p[0];
    x->seq = p[1];
    x->bcyl = (uint16_t)be16at(p + 2);
    x->bhead = (uint16_t)be16at(p + 4);
    x->ecyl = (uint16_t)be16at(p + 6);
    x->ehead = (uint16_t)be16at(p + 8);
}

/* Tracks in an extent, 0 if it is not one (type 0, or outside the volume). */
static uint32_t dasd_ext_tracks(const struct dasd_image *img, const struct dasd_extent *x)
{
    uint32_t heads = img->geom->heads;
    if (x->type == 0 || x->bhead >= heads || x->ehead >= heads || x->ecyl >= img->cyls)
        return 0;
    uint32_t b = x->bcyl * heads + x->bhead, e = x->ecyl * heads + x->ehead;
    return e >= b ? e - b + 1 : 0;
}

struct vtoc_reader {
    const struct dasd_image *img;
    uint8_t *trk;
    uint32_t cyl, head;
    bool valid;
};

/* The 140-byte DSCB at CCHHR (key and data), or NULL with a message. */
static const uint8_t *vtoc_dscb(struct vtoc_reader *r, uint32_t cyl, uint32_t head, uint8_t rec,
                                uint8_t *out, char *err, size_t errlen)
{
    const struct dasd_image *img = r->img;
    if (cyl >= img->cyls || head >= img->geom->heads) {
        dasd_fail(err, errlen, img->path, "VTOC pointer to cylinder %u head %u is outside the "
                  "volume", cyl, head);
        return NULL;
    }
    if (!r->valid || r->cyl != cyl || r->head != head) {
        r->valid = false;
        if (dasd_read_track(img, cyl, head, r->trk, err, errlen) != 0)
            return NULL;
        r->valid = true;
        r->cyl = cyl;
        r->head = head;
    }
    struct dasd_rec d;
    if (dasd_track_find(r->trk, img->geom->trksize, rec, &d) != 0 || d.kl != DSCB_KL ||
        d.dl != DSCB_DL) {
        dasd_fail(err, errlen, img->path, "no DSCB at cylinder %u head %u record %u", cyl, head,
                  rec);
        return NULL;
    }
    memcpy(out, d.key, DSCB_KL);
    memcpy(out + DSCB_KL, d.data, DSCB_DL);
    return out;
}

static void dasd_ebcdic_str(char *dst, const uint8_t *src, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint8_t c = ebcdic_to_latin1[src[i]];
        dst[i] = c >= 0x20 && c < 0x7f ? (char)c : '?';
    }
    dst[n] = '\0';
    for (size_t i = n; i > 0 && dst[i - 1] == ' '; i--)
        dst[i - 1] = '\0';
}

/* A format-1 DSCB and its format-3 chain into *ds. */
static int vtoc_dataset(struct vtoc_reader *r, const uint8_t *f1, struct dasd_dsinfo *ds,
                        char *err, size_t errlen)
{
    memset(ds, 0, sizeof *ds);
    dasd_ebcdic_str(ds->name, f1, DSCB_KL);
    ds->dsorg[0] = f1[F1_DSORG];
    ds->dsorg[1] = f1[F1_DSORG + 1];
    ds->recfm = f1[F1_RECFM];
    ds->blksize = (uint16_t)be16at(f1 + F1_BLKL);
    ds->lrecl = (uint16_t)be16at(f1 + F1_LRECL);
    ds->keylen = f1[F1_KEYL];
    ds->cre_year = (uint16_t)(1900 + f1[F1_CREDT]);
    ds->cre_day = (uint16_t)be16at(f1 + F1_CREDT + 1);
    unsigned want = f1[F1_NOEPV];
    for (int i = 0; i < 3; i++)
        dasd_ext_get(f1 + F1_EXT + i * XT_LEN, &ds->ext[ds->next++]);
    const uint8_t *ptr = f1 + F1_PTRDS;
    uint8_t f3[DSCB_LEN];
    for (int n = 0; n < MAX_F3 && ds->next < DASD_MAX_EXTENTS && (ptr[0] | ptr[1] | ptr[2] |
         ptr[3] | ptr[4]); n++) {
        if (!vtoc_dscb(r, be16at(ptr), be16at(ptr + 2), ptr[4], f3, err, errlen))
            return -1;
        if (f3[FMT_ID] != 0xF3)
            return dasd_fail(err, errlen, r->img->path, "%s: format-3 DSCB expected, found "
                             "format X'%02X'", ds->name, f3[FMT_ID]);
        for (int i = 0; i < 4 && ds->next < DASD_MAX_EXTENTS; i++)
            dasd_ext_get(f3 + F3_EXT_A + i * XT_LEN, &ds->ext[ds->next++]);
        for (int i = 0; i < 9 && ds->next < DASD_MAX_EXTENTS; i++)
            dasd_ext_get(f3 + F3_EXT_B + i * XT_LEN, &ds->ext[ds->next++]);
        memcpy(f3, f3 + F3_PTRDS, 5);
        ptr = f3;
    }
    /* Keep the extents that exist, up to the count the format 1 gives. */
    unsigned k = 0;
    for (unsigned i = 0; i < ds->next && k < want; i++) {
        uint32_t t = dasd_ext_tracks(r->img, &ds->ext[i]);
        if (!t)
            continue;
        ds->ext[k++] = ds->ext[i];
        ds->tracks += t;
    }
    ds->next = k;
    return 0;
}

int dasd_vtoc_list(const struct dasd_image *img, dasd_vtoc_fn *fn, void *ctx,
                   struct dasd_vtoc *sum, char *err, size_t errlen)
{
    memset(sum, 0, sizeof *sum);
    struct vtoc_reader r = { .img = img, .trk = malloc(img->geom->trksize) };
    if (!r.trk)
        return dasd_fail(err, errlen, img->path, "out of memory");
    int rc = -1;
    struct dasd_rec vol1;
    uint8_t dscb[DSCB_LEN];
    if (dasd_read_track(img, 0, 0, r.trk, err, errlen) != 0)
        goto out;
    if (dasd_track_find(r.trk, img->geom->trksize, VOL1_REC, &vol1) != 0 || vol1.dl < 16 ||
        memcmp(vol1.data, "\xE5\xD6\xD3\xF1", 4) != 0) {
        dasd_fail(err, errlen, img->path, "no VOL1 label: not an OS volume");
        goto out;
    }
    dasd_ebcdic_str(sum->volser, vol1.data + 4, 6);
    const uint8_t *vp = vol1.data + VOL1_VTOC;
    uint32_t vc = be16at(vp), vh = be16at(vp + 2);
    uint8_t vr = vp[4];
    if (vc == 0 && vh == 0) {
        dasd_fail(err, errlen, img->path, "volume %s has no VTOC", sum->volser);
        goto out;
    }
    if (!vtoc_dscb(&r, vc, vh, vr, dscb, err, errlen)) {
        /* dasdinit's labels point at a VTOC that only a formatter writes */
        dasd_fail(err, errlen, img->path, "volume %s has no VTOC (no format-4 DSCB at "
                  "cylinder %u head %u record %u)", sum->volser, vc, vh, vr);
        goto out;
    }
    if (dscb[FMT_ID] != 0xF4) {
        dasd_fail(err, errlen, img->path, "the VOL1 label points at format X'%02X', not the "
                  "format-4 DSCB", dscb[FMT_ID]);
        goto out;
    }
    dasd_ext_get(dscb + F4_VTOCE, &sum->vtoc);
    sum->vtoc_tracks = dasd_ext_tracks(img, &sum->vtoc);
    sum->free_dscbs = (uint16_t)be16at(dscb + F4_DSREC);
    if (!sum->vtoc_tracks) {
        dasd_fail(err, errlen, img->path, "the VTOC extent is not on the volume");
        goto out;
    }
    sum->used_tracks = sum->vtoc_tracks;
    uint32_t heads = img->geom->heads;
    uint32_t first = sum->vtoc.bcyl * heads + sum->vtoc.bhead;
    rc = 0;
    for (uint32_t t = first; t < first + sum->vtoc_tracks && rc == 0; t++) {
        uint32_t cyl = t / heads, head = t % heads;
        for (unsigned rec = 1; rec <= 255; rec++) {
            if (!vtoc_dscb(&r, cyl, head, (uint8_t)rec, dscb, err, errlen)) {
                err[0] = '\0';              /* the end of this track's DSCBs */
                break;
            }
            if (dscb[FMT_ID] != 0xF1)
                continue;
            struct dasd_dsinfo ds;
            if (vtoc_dataset(&r, dscb, &ds, err, errlen) != 0) {
                rc = -1;
                break;
            }
            sum->ndatasets++;
            sum->used_tracks += ds.tracks;
            if (fn && (rc = fn(ctx, &ds)) != 0)
                break;
        }
    }
    uint32_t total = img->cyls * heads;
    sum->free_tracks = total > sum->used_tracks ? total - sum->used_tracks : 0;
out:
    free(r.trk);
    return rc;
}

void dasd_dsorg_name(const struct dasd_dsinfo *ds, char *out, size_t n)
{
    static const struct { uint8_t byte, bit; const char *name; } orgs[] = {
        { 0, 0x80, "IS" }, { 0, 0x40, "PS" }, { 0, 0x20, "DA" }, { 0, 0x10, "CX" },
        { 0, 0x02, "PO" }, { 1, 0x08, "VS" }, { 1, 0x80, "GS" }, { 1, 0x40, "TX" },
    };
    out[0] = '\0';
    for (size_t i = 0; i < sizeof orgs / sizeof orgs[0]; i++)
        if (ds->dsorg[orgs[i].byte] & orgs[i].bit) {
            snprintf(out, n, "%s%s", orgs[i].name, (ds->dsorg[0] & 0x01) ? "U" : "");
            return;
        }
    snprintf(out, n, "--");
}

void dasd_recfm_name(const struct dasd_dsinfo *ds, char *out, size_t n)
{
    static const char *const kinds[4] = { "?", "V", "F", "U" };    /* bits 0-1 */
    if (!ds->recfm) {
        snprintf(out, n, "--");
        return;
    }
    snprintf(out, n, "%s%s%s%s%s%s", kinds[ds->recfm >> 6], (ds->recfm & 0x10) ? "B" : "",
             (ds->recfm & 0x08) ? "S" : "", (ds->recfm & 0x20) ? "T" : "",
             (ds->recfm & 0x04) ? "A" : "", (ds->recfm & 0x02) ? "M" : "");
}
