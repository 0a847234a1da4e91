/* ipltext.c - make a volume IPL a program: `s370 dasd create --ipl FILE`.
 *
 * FILE is a storage image from absolute 0, as `loadcore FILE 0` takes it and as
 * images/ipldeck.S turns into a card deck: its first 8 bytes are the PSW to start
 * with, and everything from X'200' on is the program. IPL (PoO: initial program
 * loading) reads record 1 of cylinder 0 head 0 into locations 0-23 and chains to the
 * CCW at 8, then loads the PSW at 0. So:
 *
 *   R1 (IPL1, 24 bytes)  the PSW; Read Data of R2 to X'100'; TIC to X'100'
 *   R2 (IPL2)            at X'100': Seek 0/0, Search ID Equal for R4, TIC back to the
 *                        search, then one multitrack Read Data per text record into
 *                        X'200' onward (a multitrack read passes index to the next
 *                        head and its R1), the seek and search arguments last
 *   R3 (VOL1)            the label, unchanged
 *   R4 ...               the text in 4096-byte records, then R1... of heads 1, 2, ...
 *
 * X'100'-X'1FF' is not part of the program (the same rule as the card deck), so the
 * bootstrap may live there; it has room for 27 reads: 108K of text. The records per
 * track are the 4K blocks a track of each type holds (one fewer on track 0). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dasd/cckd.h"
#include "devices/ebcdic.h"

enum {
    IPL_TEXT_ORG = 0x200, BOOT_ADDR = 0x100, BLK = 4096,
    BOOT_READS = (IPL_TEXT_ORG - BOOT_ADDR - 3 * 8 - 2 * 8) / 8,
    CCW_CC = 0x40, CCW_SLI = 0x20,
};

static const struct { uint16_t devtype; unsigned per_track; } blocks_4k[] = {
    { 0x3330, 3 }, { 0x3350, 4 }, { 0x3380, 10 }, { 0x3390, 12 },
};

static void ccw(uint8_t *p, uint8_t cmd, uint32_t addr, uint8_t flags, uint16_t count)
{
    p[0] = cmd;
    p[1] = (uint8_t)(addr >> 16);
    p[2] = (uint8_t)(addr >> 8);
    p[3] = (uint8_t)addr;
    p[4] = flags;
    p[5] = 0;
    dasd_put_be16(p + 6, count);
}

static void put_key(uint8_t key[4], const char *s)
{
    for (int i = 0; i < 4; i++)
        key[i] = latin1_to_ebcdic[(uint8_t)s[i]];
}

int dasd_write_ipl(const char *path, const uint8_t *image, size_t len, char *err, size_t errlen)
{
    if (len <= IPL_TEXT_ORG)
        return dasd_fail(err, errlen, path, "the IPL program has nothing beyond X'200' (it is a "
                         "storage image from absolute 0; X'200' onward is loaded)");
    size_t text = len - IPL_TEXT_ORG, nrec = (text + BLK - 1) / BLK;
    if (nrec > BOOT_READS)
        return dasd_fail(err, errlen, path, "the IPL program is %zu bytes; at most %d fit",
                         len, IPL_TEXT_ORG + BOOT_READS * BLK);
    struct dasd_image img;
    if (dasd_open(&img, path, false, err, errlen) != 0)
        return -1;
    unsigned per = 0;
    for (size_t i = 0; i < sizeof blocks_4k / sizeof blocks_4k[0]; i++)
        if (blocks_4k[i].devtype == img.geom->devtype)
            per = blocks_4k[i].per_track;
    uint32_t trksize = img.geom->trksize;
    uint8_t *old = malloc(trksize), *trk = malloc(trksize);
    struct dasd_rec vol1;
    int rc = -1;
    if (!old || !trk || !per) {
        dasd_fail(err, errlen, path, "%s", per ? "out of memory" : "no IPL text for this type");
        goto out;
    }
    if (dasd_read_track(&img, 0, 0, old, err, errlen) != 0)
        goto out;
    if (dasd_track_find(old, trksize, 3, &vol1) != 0 || vol1.kl != 4) {
        dasd_fail(err, errlen, path, "no VOL1 label: create the volume with a VOLSER");
        goto out;
    }
    /* IPL1 and IPL2 as the header describes them. */
    uint8_t ipl1[24], ipl2[IPL_TEXT_ORG - BOOT_ADDR], key[4];
    size_t n2 = 3 * 8 + nrec * 8 + 2 * 8;
    uint32_t seekarg = BOOT_ADDR + (uint32_t)(n2 - 16), srcharg = seekarg + 8;
    memcpy(ipl1, image, 8);
    ccw(ipl1 + 8, 0x06, BOOT_ADDR, CCW_CC | CCW_SLI, (uint16_t)n2);   /* Read Data */
    ccw(ipl1 + 16, 0x08, BOOT_ADDR, 0, 0);                             /* TIC */
    memset(ipl2, 0, sizeof ipl2);
    ccw(ipl2, 0x07, seekarg, CCW_CC, 6);                                /* Seek 0/0 */
    ccw(ipl2 + 8, 0x31, srcharg, CCW_CC, 5);                            /* Search ID Eq */
    ccw(ipl2 + 16, 0x08, BOOT_ADDR + 8, 0, 0);                          /* TIC */
    for (size_t i = 0; i < nrec; i++) {
        size_t part = i + 1 < nrec ? BLK : text - i * BLK;
        ccw(ipl2 + 24 + i * 8, 0x86, (uint32_t)(IPL_TEXT_ORG + i * BLK),
            (uint8_t)(i + 1 < nrec ? CCW_CC | CCW_SLI : CCW_SLI), (uint16_t)part);
    }
    ipl2[n2 - 8 + 4] = 4;                                               /* CCHHR 0000 0000 04 */
    /* Track 0: HA, R0, IPL1, IPL2, VOL1, then text; heads 1.. carry the rest from R1. */
    size_t done = 0;
    for (uint32_t head = 0; done < nrec; head++) {
        if (head >= img.geom->heads) {
            dasd_fail(err, errlen, path, "the IPL program does not fit on cylinder 0");
            goto out;
        }
        memset(trk, 0, trksize);
        dasd_put_be16(trk + 1, 0);
        dasd_put_be16(trk + 3, head);
        size_t off = DASD_HA_SIZE;
        dasd_put_rec(trk, &off, 0, head, 0, NULL, 0, NULL, DASD_R0_DL);
        uint8_t r = 1;
        unsigned room = per;
        if (head == 0) {
            put_key(key, "IPL1");
            dasd_put_rec(trk, &off, 0, 0, 1, key, 4, ipl1, sizeof ipl1);
            put_key(key, "IPL2");
            dasd_put_rec(trk, &off, 0, 0, 2, key, 4, ipl2, (uint16_t)n2);
            dasd_put_rec(trk, &off, 0, 0, 3, vol1.key, vol1.kl, vol1.data, vol1.dl);
            r = 4;
            room = per - 1;
        }
        for (; room && done < nrec; room--, done++, r++) {
            size_t part = done + 1 < nrec ? BLK : text - done * BLK;
            dasd_put_rec(trk, &off, 0, head, r, NULL, 0, image + IPL_TEXT_ORG + done * BLK,
                         (uint16_t)part);
        }
        memset(trk + off, 0xff, DASD_EOT_SIZE);
        if (dasd_write_track(&img, 0, head, trk, err, errlen) != 0)
            goto out;
    }
    rc = 0;
out:
    free(old);
    free(trk);
    dasd_close(&img);
    return rc;
}
