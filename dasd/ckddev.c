/* ckddev.c - CKD direct-access devices: 3330 and 3350 (3830 control unit), 3380
 * (3880) and 3390 (3990), on Hercules CKD or CCKD image files (dasd/ckdimage.c).
 *
 * Configuration: `ccuu 3330 FILE [ro]`; the image's device type must match.
 *
 * The device keeps the track under the heads in a buffer (loaded on a seek or head
 * switch) and an orientation: at index, after the home address, or after the count,
 * key or data area of one record. Every command starts from that orientation the
 * way the disk would when the next area passes under the head (IBM 3830/3330 and
 * 3990 references): searches and reads take the next area, passing index wraps to
 * the home address and counts as an index passage; two passages in one chain without
 * reading the home address or a data area end in No Record Found. Multitrack
 * commands (bit 0 of the code) switch to the next head at index instead, and end in
 * End of Cylinder past the last head (in a Locate Record domain they go on to the
 * next cylinder, within the extent). Writes go through to the image before the
 * command ends, so a completed write survives the death of s370.
 *
 * Sense: 24 bytes on the 3830 and 3880, 32 on the 3990. Byte 0 command reject X'80',
 * intervention required X'40', equipment check X'10', data check X'08'; byte 1
 * invalid track format X'40', end of cylinder X'20', no record found X'08', file
 * protected X'04', write inhibited X'02'. Byte 7 holds the format-0 message that
 * qualifies a command reject (the 3830-2 format/message byte, kept by the 3880 and
 * 3990; Hercules sets it for every model). The 3830 answers neither Sense ID nor
 * Read Device Characteristics (they came with the 3880). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "channel/device.h"
#include "dasd/dasd.h"
#include "dasd/ckddev.h"

#define CEDE (US_CE | US_DE)

/* Sense byte 1 and the byte-7 messages of a command reject (3990 format 0). */
enum {
    S1_BADFMT = 0x40, S1_EOC = 0x20, S1_NRF = 0x08, S1_FILEPROT = 0x04, S1_WRINH = 0x02,
    MSG_INVCMD = 0x01, MSG_INVSEQ = 0x02, MSG_SHORT = 0x03, MSG_INVARG = 0x04,
};

/* File mask (Set File Mask, Define Extent byte 0): write bits 0-1, bit 2 reserved,
 * seek bits 3-4. */
enum {
    FM_WRITE = 0xC0, FM_RESERVED = 0x20,
    FM_SEEK = 0x18, FM_S_ALL = 0x00, FM_S_CYL_HEAD = 0x08, FM_S_HEAD = 0x10, FM_S_NONE = 0x18,
};

/* Kinds of write, and the ones each setting of the write bits permits: 00 all but
 * Write HA and Write R0, 01 none, 10 update writes only, 11 all (3990 Reference and
 * SA22-1025 "Define Extent" mask byte; Hercules ckddasd.c the same). */
enum { W_HA = 1, W_R0 = 2, W_FORMAT = 4, W_UPDATE = 8 };
static const uint8_t fm_writes[4] = { W_FORMAT | W_UPDATE, 0, W_UPDATE,
                                      W_HA | W_R0 | W_FORMAT | W_UPDATE };

/* Record-space formulas: bytes (3330, 3350: overhead per record and per key) or
 * cells (3380: 32-byte cells; 3390: 34-byte cells with 232-byte segments). */
enum { CAP_BYTES, CAP_3380, CAP_3390 };

struct ckd_model {
    uint16_t devtype;
    uint16_t cutype;
    uint8_t cumodel;
    uint8_t senselen;
    bool eckd;                  /* Define Extent, Locate Record, RDC, Sense ID */
    uint8_t cap;                /* CAP_* */
    uint16_t keyov, recov;      /* CAP_BYTES: bytes a key and a record add */
    uint32_t trackcap;          /* bytes (CAP_BYTES) or cells for records after R0 */
    uint32_t tracklen;          /* RDC: track length in bytes */
    uint16_t har0;              /* RDC: home address and R0 overhead */
    uint32_t r0max;             /* the largest R0 data area */
    uint8_t sectors;
    uint8_t formula, f[5];      /* RDC: formula code and factors */
    uint32_t rdc_features;
    uint8_t f6;                 /* RDC byte 48: factor F6 of formula 2 */
    uint16_t rps;               /* RDC bytes 49-50: RPS sector calculation factors */
    uint8_t cucode;             /* RDC byte 42: control unit type code */
    bool seek_first;            /* 3990: track commands need a seek in the chain */
};

/* Device facts (IBM 3330/3350/3380/3390 reference summaries; RDC bytes 42, 48-50 as
 * Hercules dasdtab.c gives them). */
static const struct ckd_model ckd_models[] = {
    { 0x3330, 0x3830, 0x02, 24, false, CAP_BYTES, 56, 135, 13165, 13165, 135, 13165, 128,
      0, { 0 }, 0, 0, 0, 0, false },
    { 0x3350, 0x3830, 0x02, 24, false, CAP_BYTES, 82, 185, 19254, 19254, 185, 19254, 128,
      0, { 0 }, 0, 0, 0, 0, false },
    { 0x3380, 0x3880, 0x05, 24, true, CAP_3380, 0, 0, 1499, 47968, 1088, 47988, 222,
      1, { 32, 0x01, 0xEC, 0x00, 0xEC }, 0x80000000, 0, 0x5007, 0x09, false },
    { 0x3390, 0x3990, 0xC2, 32, true, CAP_3390, 0, 0, 1729, 58786, 1428, 57326, 224,
      2, { 34, 19, 9, 6, 116 }, 0xD0000000, 6, 0x7708, 0x10, true },
};

/* Device model codes (Sense ID byte 6, RDC byte 5) and RDC unit types. */
static const struct { uint16_t devtype; const char *model; uint8_t code, unit; } ckd_codes[] = {
    { 0x3330, "1", 0x01, 0x00 }, { 0x3330, "11", 0x11, 0x00 }, { 0x3350, "1", 0x00, 0x00 },
    { 0x3380, "1", 0x02, 0x0E }, { 0x3380, "E", 0x0A, 0x0E }, { 0x3380, "K", 0x1E, 0x0E },
    { 0x3390, "1", 0x02, 0x26 }, { 0x3390, "2", 0x06, 0x27 }, { 0x3390, "3", 0x0A, 0x24 },
    { 0x3390, "9", 0x0C, 0x32 },
};

enum ckd_orient { OR_INDEX, OR_HA, OR_COUNT, OR_KEY, OR_DATA };

struct ckd_dev {
    const struct ckd_model *model;
    uint8_t modelcode, unittype;
    struct dasd_image img;
    uint32_t heads, trksize;
    uint8_t *trk;               /* the track under the heads */
    bool trk_valid;
    bool dirty;                 /* trk written by the channel program, not yet to the image */
    uint32_t tcyl, thead;       /* which track trk holds */
    uint32_t cyl, head;         /* the seek address */
    enum ckd_orient orient;
    size_t rec;                 /* offset of the current record's count field */
    /* the chain so far */
    uint8_t mask;
    bool mask_set, dx;
    bool sought;                /* a seek (or Locate Record, Read IPL) was in the chain */
    bool write_ok;              /* Write CKD / Erase may follow */
    bool upd_ok;                /* Write Data (and Key and Data after Search ID) may follow */
    bool upd_key_ok;
    int passes;                 /* index passages without an HA or data read */
    uint32_t dx_beg, dx_end;    /* Define Extent: first and last track (cyl * heads + head) */
    uint8_t lr_op;              /* Locate Record operation, 0 outside a domain */
    unsigned lr_left;           /* commands left in the domain */
    bool lr_first;              /* the next command takes the located record itself */
    bool reserved;
};

static uint32_t be16(const uint8_t *p) { return (uint32_t)p[0] << 8 | p[1]; }
static void put16(uint8_t *p, uint32_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }

static bool is_eot(const uint8_t *p)
{
    static const uint8_t ff[DASD_EOT_SIZE] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
    return memcmp(p, ff, DASD_EOT_SIZE) == 0;
}

static size_t rec_len(const uint8_t *count) { return DASD_COUNT_SIZE + count[5] + be16(count + 6); }

/* ---- sense ------------------------------------------------------------------------ */

static uint8_t ckd_check(struct device *d, uint8_t b0, uint8_t b1, uint8_t msg)
{
    struct ckd_dev *c = d->priv;
    uint8_t s[DEV_SENSE_MAX] = { b0, b1 };
    unsigned len = c ? c->model->senselen : 24;
    if (b0 & SENSE_CMDREJ) s[7] = msg;
    dev_set_sense(d, s, len);
    return CEDE | US_UC;
}

static uint8_t ckd_reject(struct device *d, uint8_t msg) { return ckd_check(d, SENSE_CMDREJ, 0, msg); }

static uint8_t ckd_io_error(struct device *d, const char *err)
{
    fprintf(stderr, "s370: DASD %04X: %s\n", d->devnum, err);
    return ckd_check(d, SENSE_EQUIPCHK, 0, 0);
}

/* ---- the track under the heads ---------------------------------------------------- */

/* Write the track buffer to the image if the channel program changed it. Records
 * of one track are written one command at a time (OS/VS1 formats its spool and page
 * data sets record by record): the track goes to the image once, when the program
 * moves to another track or ends. The ending status is presented only after that
 * (dev_ops.program_end), so a write the guest was told completed is in the image. */
static int ckd_flush(struct device *d, struct ckd_dev *c, uint8_t *st)
{
    if (!c->dirty) return 0;
    char err[600];
    c->dirty = false;
    if (dasd_write_track(&c->img, c->tcyl, c->thead, c->trk, err, sizeof err)) {
        c->trk_valid = false;
        *st = ckd_io_error(d, err);
        return -1;
    }
    return 0;
}

static int ckd_load(struct device *d, struct ckd_dev *c, uint8_t *st)
{
    if (c->trk_valid && c->tcyl == c->cyl && c->thead == c->head) return 0;
    if (ckd_flush(d, c, st)) return -1;
    char err[600];
    c->trk_valid = false;
    if (dasd_read_track(&c->img, c->cyl, c->head, c->trk, err, sizeof err)) {
        *st = ckd_io_error(d, err);
        return -1;
    }
    c->trk_valid = true;
    c->tcyl = c->cyl;
    c->thead = c->head;
    return 0;
}

/* The command changed trk: it reaches the image at ckd_flush. The image's own
 * checks (dasd_track_check) run there; a command never leaves a malformed track. */
static int ckd_store(struct device *d, struct ckd_dev *c, uint8_t *st)
{
    (void)d; (void)st;
    c->dirty = true;
    return 0;
}

static uint32_t track_no(const struct ckd_dev *c, uint32_t cyl, uint32_t head)
{
    return cyl * c->heads + head;
}

/* A multitrack command reached index: switch to the next head of the cylinder, if
 * the file mask and the extent allow it. In a Locate Record domain the file mask does
 * not stop it and it goes on to the next cylinder; the extent bounds it (SA22-1025
 * "Multitrack Operations"; Hercules ckddasd.c mt_advance). */
static int ckd_next_head(struct device *d, struct ckd_dev *c, uint8_t *st)
{
    bool domain = c->lr_op && c->lr_left;
    if (!domain && (c->mask & FM_SEEK) == FM_S_NONE) {
        *st = ckd_check(d, 0, S1_FILEPROT, 0);
        return -1;
    }
    uint32_t cyl = c->cyl, head = c->head + 1;
    if (head >= c->heads) {
        if (!domain) {
            *st = ckd_check(d, 0, S1_EOC, 0);
            return -1;
        }
        cyl++;
        head = 0;
    }
    if (c->dx && track_no(c, cyl, head) > c->dx_end) {
        *st = ckd_check(d, 0, S1_FILEPROT, 0);
        return -1;
    }
    c->cyl = cyl;
    c->head = head;
    c->orient = OR_INDEX;
    c->passes = 0;
    return ckd_load(d, c, st);
}

/* Index passes under the heads: a multitrack command switches heads; otherwise the
 * passage is counted, and the second one in the chain is No Record Found. */
static int ckd_index(struct device *d, struct ckd_dev *c, bool mt, uint8_t *st)
{
    if (mt) return ckd_next_head(d, c, st);
    if (++c->passes >= 2) {
        *st = ckd_check(d, 0, S1_NRF, 0);
        return -1;
    }
    c->orient = OR_INDEX;
    return 0;
}

/* Move to the next count area: past the current record, around index, past R0 when
 * skip_r0. Leaves the orientation after that count. */
static int ckd_next_count(struct device *d, struct ckd_dev *c, bool skip_r0, bool mt, uint8_t *st)
{
    if (ckd_load(d, c, st)) return -1;
    size_t off = (c->orient == OR_INDEX || c->orient == OR_HA)
                     ? DASD_HA_SIZE : c->rec + rec_len(c->trk + c->rec);
    for (;;) {
        if (off + DASD_EOT_SIZE > c->trksize || is_eot(c->trk + off)) {
            if (ckd_index(d, c, mt, st)) return -1;
            off = DASD_HA_SIZE;
            continue;
        }
        if (skip_r0 && off == DASD_HA_SIZE) {
            off += rec_len(c->trk + off);
            continue;
        }
        break;
    }
    c->rec = off;
    c->orient = OR_COUNT;
    return 0;
}

/* Move to the home address: it follows index, so unless the heads are at index this
 * is an index passage. A multitrack command goes to the next head even from index
 * (SA22-1025 "Read Record Zero": not at the home address, multitrack advances to the
 * next track; Hercules does the same for Read HA and Search HA). */
static int ckd_to_ha(struct device *d, struct ckd_dev *c, bool mt, uint8_t *st)
{
    if (ckd_load(d, c, st)) return -1;
    if ((mt || c->orient != OR_INDEX) && ckd_index(d, c, mt, st)) return -1;
    if (ckd_load(d, c, st)) return -1;
    c->orient = OR_HA;
    c->passes = 0;
    return 0;
}

/* Bytes (or cells) that records R1..Rn take with one more record of kl, dl. */
static uint32_t rec_space(const struct ckd_model *m, uint32_t kl, uint32_t dl)
{
    switch (m->cap) {
    case CAP_3380:
        return 15 + (dl + 12 + 31) / 32 + (kl ? 7 + (kl + 12 + 31) / 32 : 0);
    case CAP_3390: {
        uint32_t dn = (dl + 6 + 231) / 232 + 1, kn = (kl + 6 + 231) / 232 + 1;
        return 19 + (dl + 6 * dn + 33) / 34 + (kl ? 9 + (kl + 6 * kn + 33) / 34 : 0);
    }
    default:
        return m->recov + dl + (kl ? m->keyov + kl : 0);
    }
}

/* Whether a record of kl, dl fits after the record at off (R0 not counted). */
static bool ckd_fits(const struct ckd_dev *c, size_t off, uint32_t kl, uint32_t dl)
{
    uint32_t used = 0;
    size_t p = DASD_HA_SIZE;
    bool r0 = true;
    while (p < off && !is_eot(c->trk + p)) {
        const uint8_t *ct = c->trk + p;
        if (!r0) used += rec_space(c->model, ct[5], be16(ct + 6));
        r0 = false;
        p += rec_len(ct);
    }
    if (off + DASD_COUNT_SIZE + kl + dl + DASD_EOT_SIZE > c->trksize) return false;
    return used + rec_space(c->model, kl, dl) <= c->model->trackcap;
}

/* ---- commands --------------------------------------------------------------------- */

struct ckd_cmd;
typedef uint8_t ckd_fn(struct device *d, struct ckd_dev *c, const struct ckd_cmd *k,
                       uint8_t *buf, uint32_t count, int32_t *res);

enum {
    K_MT = 1,           /* multitrack */
    K_ECKD = 2,         /* 3880/3990 only */
};

struct ckd_cmd {
    uint8_t code;
    uint8_t flags;
    ckd_fn *fn;
    const char *name;
};

/* Transfer len bytes in: *res as the channel wants it. */
static void xfer_in(uint8_t *buf, uint32_t count, int32_t *res, const uint8_t *src, size_t len)
{
    memcpy(buf, src, len < count ? len : count);
    *res = (int32_t)count - (int32_t)len;
}

static uint8_t cmd_nop(struct device *d, struct ckd_dev *c, const struct ckd_cmd *k,
                       uint8_t *buf, uint32_t count, int32_t *res)
{
    (void)d; (void)c; (void)k; (void)buf;
    *res = (int32_t)count;
    return CEDE;
}

static uint8_t cmd_sense(struct device *d, struct ckd_dev *c, const struct ckd_cmd *k,
                         uint8_t *buf, uint32_t count, int32_t *res)
{
    (void)c; (void)k;
    return dev_basic_sense(d, buf, count, res);
}

static uint8_t cmd_sense_id(struct device *d, struct ckd_dev *c, const struct ckd_cmd *k,
                            uint8_t *buf, uint32_t count, int32_t *res)
{
    (void)d; (void)k;
    uint8_t id[DEV_ID_LEN] = { 0xFF };
    put16(id + 1, c->model->cutype);
    id[3] = c->model->cumodel;
    put16(id + 4, c->model->devtype);
    id[6] = c->modelcode;
    xfer_in(buf, count, res, id, sizeof id);
    return CEDE;
}

/* Read Device Characteristics (3990 Reference): 64 bytes. */
static uint8_t cmd_rdc(struct device *d, struct ckd_dev *c, const struct ckd_cmd *k,
                       uint8_t *buf, uint32_t count, int32_t *res)
{
    (void)d; (void)k;
    const struct ckd_model *m = c->model;
    uint8_t r[64] = { 0 };
    put16(r, m->cutype);
    r[2] = m->cumodel;
    put16(r + 3, m->devtype);
    r[5] = c->modelcode;
    for (int i = 0; i < 4; i++) r[6 + i] = (uint8_t)(m->rdc_features >> (24 - 8 * i));
    r[10] = 0x20;                                   /* device class: DASD */
    r[11] = c->unittype;
    put16(r + 12, c->img.cyls);
    put16(r + 14, c->heads);
    r[16] = m->sectors;
    r[17] = (uint8_t)(m->tracklen >> 16);
    put16(r + 18, m->tracklen);
    put16(r + 20, m->har0);
    r[22] = m->formula;
    memcpy(r + 23, m->f, 5);
    /* Bytes 28-39 (alternate, diagnostic and device support tracks) stay zero: the
     * image has only primary cylinders (Hercules dasdtab.c does the same). Bytes 43
     * and 47 describe Locate Record Extended, which this model does not have. */
    r[40] = r[41] = c->unittype;                    /* MDR and OBR record IDs */
    r[42] = m->cucode;
    put16(r + 44, m->r0max);
    r[48] = m->f6;
    put16(r + 49, m->rps);
    xfer_in(buf, count, res, r, sizeof r);
    return CEDE;
}

/* Device Reserve, Release, Unconditional Reserve: one system, always granted; they
 * transfer the sense bytes and reset them as a Sense does (3990 Reference; Hercules
 * ckddasd.c). */
static uint8_t cmd_reserve(struct device *d, struct ckd_dev *c, const struct ckd_cmd *k,
                           uint8_t *buf, uint32_t count, int32_t *res)
{
    c->reserved = k->code != 0x94;
    return dev_basic_sense(d, buf, count, res);
}

static uint8_t cmd_read_log(struct device *d, struct ckd_dev *c, const struct ckd_cmd *k,
                            uint8_t *buf, uint32_t count, int32_t *res)
{
    (void)d; (void)k;
    static const uint8_t zero[32];
    xfer_in(buf, count, res, zero, c->model->senselen);
    return CEDE;
}

static uint8_t cmd_set_mask(struct device *d, struct ckd_dev *c, const struct ckd_cmd *k,
                            uint8_t *buf, uint32_t count, int32_t *res)
{
    (void)k;
    if (c->mask_set || c->dx) return ckd_reject(d, MSG_INVSEQ);
    if (count < 1) return ckd_reject(d, MSG_SHORT);
    /* Bit 2 must be zero (3990 Reference, mask byte; Hercules ckddasd.c). */
    if (buf[0] & FM_RESERVED) return ckd_reject(d, MSG_INVARG);
    c->mask = buf[0];
    c->mask_set = true;
    *res = (int32_t)count - 1;
    return CEDE;
}

static bool seek_allowed(const struct ckd_dev *c, uint8_t code)
{
    switch (c->mask & FM_SEEK) {
    case FM_S_ALL: return true;
    case FM_S_CYL_HEAD: return code != 0x07 && code != 0x13;
    case FM_S_HEAD: return code == 0x1B;
    default: return false;
    }
}

static uint8_t ckd_seek_to(struct device *d, struct ckd_dev *c, uint32_t cyl, uint32_t head)
{
    if (c->dx) {
        uint32_t t = track_no(c, cyl, head);
        if (t < c->dx_beg || t > c->dx_end) return ckd_check(d, 0, S1_FILEPROT, 0);
    }
    c->cyl = cyl;
    c->head = head;
    c->sought = true;
    c->orient = OR_INDEX;
    c->passes = 0;
    c->write_ok = c->upd_ok = c->upd_key_ok = false;
    return CEDE;
}

/* Seek, Seek Cylinder, Seek Head: BBCCHH. */
static uint8_t cmd_seek(struct device *d, struct ckd_dev *c, const struct ckd_cmd *k,
                        uint8_t *buf, uint32_t count, int32_t *res)
{
    if (count < 6) return ckd_reject(d, MSG_SHORT);
    *res = (int32_t)count - 6;
    uint32_t bb = be16(buf), cyl = be16(buf + 2), head = be16(buf + 4);
    /* Seek Head: the HH replaces the head of the current track address, the CC is
     * not used (SA22-1025 "Seek Head"). */
    if (k->code == 0x1B) cyl = c->cyl;
    if (bb || cyl >= c->img.cyls || head >= c->heads) return ckd_reject(d, MSG_INVARG);
    if (!seek_allowed(c, k->code)) return ckd_check(d, 0, S1_FILEPROT, 0);
    return ckd_seek_to(d, c, cyl, head);
}

static uint8_t cmd_recal(struct device *d, struct ckd_dev *c, const struct ckd_cmd *k,
                         uint8_t *buf, uint32_t count, int32_t *res)
{
    (void)buf;
    *res = (int32_t)count;
    if (!seek_allowed(c, k->code)) return ckd_check(d, 0, S1_FILEPROT, 0);
    return ckd_seek_to(d, c, 0, 0);
}

/* Set Sector: the heads wait for the sector; the next search starts from there. The
 * emulated disk has no rotational position, so the track is searched from index. */
static uint8_t cmd_set_sector(struct device *d, struct ckd_dev *c, const struct ckd_cmd *k,
                              uint8_t *buf, uint32_t count, int32_t *res)
{
    (void)k;
    if (count < 1) return ckd_reject(d, MSG_SHORT);
    if (buf[0] >= c->model->sectors && buf[0] != 0xFF) return ckd_reject(d, MSG_INVARG);
    *res = (int32_t)count - 1;
    c->orient = OR_INDEX;
    return CEDE;
}

/* Read Sector: the sector at which the current record begins. */
static uint8_t cmd_read_sector(struct device *d, struct ckd_dev *c, const struct ckd_cmd *k,
                               uint8_t *buf, uint32_t count, int32_t *res)
{
    (void)d; (void)k;
    uint8_t s = 0;
    if (c->orient >= OR_COUNT && c->trksize)
        s = (uint8_t)((uint64_t)c->rec * c->model->sectors / c->trksize);
    xfer_in(buf, count, res, &s, 1);
    return CEDE;
}

/* Compare the first n bytes (the CCW count may be shorter than the field). */
static bool search_hit(uint8_t code, const uint8_t *field, const uint8_t *arg, size_t n)
{
    int cmp = memcmp(field, arg, n);
    switch (code & 0x60) {
    case 0x20: return cmp == 0;           /* equal */
    case 0x40: return cmp > 0;            /* high */
    default: return cmp >= 0;             /* equal or high */
    }
}

static uint8_t cmd_search_id(struct device *d, struct ckd_dev *c, const struct ckd_cmd *k,
                             uint8_t *buf, uint32_t count, int32_t *res)
{
    uint8_t st;
    if (ckd_next_count(d, c, false, k->flags & K_MT, &st)) return st;
    size_t n = count < 5 ? count : 5;
    *res = (int32_t)count - 5;
    bool hit = search_hit(k->code, c->trk + c->rec, buf, n);
    bool eq = hit && (k->code & 0x60) == 0x20;
    c->upd_ok = c->upd_key_ok = c->write_ok = eq;
    return hit ? CEDE | US_SM : CEDE;
}

/* Search Key: the key area that passes next, the current record's just after its
 * count (Search ID, Read Count), else the next record's; R0 and records without a
 * key are passed over without a comparison. */
static uint8_t cmd_search_key(struct device *d, struct ckd_dev *c, const struct ckd_cmd *k,
                              uint8_t *buf, uint32_t count, int32_t *res)
{
    uint8_t st;
    if (c->orient != OR_COUNT && ckd_next_count(d, c, true, k->flags & K_MT, &st)) return st;
    const uint8_t *ct = c->trk + c->rec;
    uint32_t kl = ct[5];
    *res = (int32_t)count - (int32_t)kl;
    c->upd_ok = c->upd_key_ok = c->write_ok = false;
    c->orient = OR_KEY;
    if (!kl) return CEDE;
    size_t n = count < kl ? count : kl;
    bool hit = search_hit(k->code, ct + DASD_COUNT_SIZE, buf, n);
    c->upd_ok = c->write_ok = hit && (k->code & 0x60) == 0x20;
    return hit ? CEDE | US_SM : CEDE;
}

static uint8_t cmd_search_ha(struct device *d, struct ckd_dev *c, const struct ckd_cmd *k,
                             uint8_t *buf, uint32_t count, int32_t *res)
{
    uint8_t st;
    if (ckd_to_ha(d, c, k->flags & K_MT, &st)) return st;
    size_t n = count < 4 ? count : 4;
    *res = (int32_t)count - 4;
    bool hit = memcmp(c->trk + 1, buf, n) == 0;
    c->write_ok = hit;
    return hit ? CEDE | US_SM : CEDE;
}

static uint8_t cmd_read_ha(struct device *d, struct ckd_dev *c, const struct ckd_cmd *k,
                           uint8_t *buf, uint32_t count, int32_t *res)
{
    uint8_t st;
    if (ckd_to_ha(d, c, k->flags & K_MT, &st)) return st;
    xfer_in(buf, count, res, c->trk, DASD_HA_SIZE);
    /* Write R0 wants a Search HA Equal or a Write HA before it (SA22-1025 "Write
     * Record Zero"), not a Read HA. */
    c->write_ok = false;
    return CEDE;
}

/* The record at c->rec, from its count (what == 'c'), key ('k') or data ('d'). A Read
 * Data or Read Key and Data keeps the right to a Write CKD that an equal search gave;
 * reading a count does not give it (SA22-1025 "Write Count, Key, and Data"). A record
 * without data is an end-of-file record: unit exception (IBM DASD end-of-file
 * convention; Hercules ckddasd.c). */
static uint8_t ckd_read_rec(struct ckd_dev *c, char what, uint8_t *buf, uint32_t count,
                            int32_t *res)
{
    const uint8_t *ct = c->trk + c->rec;
    size_t kl = ct[5], dl = be16(ct + 6);
    size_t from = what == 'c' ? 0 : what == 'k' ? DASD_COUNT_SIZE : DASD_COUNT_SIZE + kl;
    xfer_in(buf, count, res, ct + from, DASD_COUNT_SIZE + kl + dl - from);
    c->orient = OR_DATA;
    c->passes = 0;
    if (what == 'c') c->write_ok = false;
    c->upd_ok = c->upd_key_ok = false;
    return dl ? CEDE : CEDE | US_UE;
}

static uint8_t cmd_read_r0(struct device *d, struct ckd_dev *c, const struct ckd_cmd *k,
                           uint8_t *buf, uint32_t count, int32_t *res)
{
    uint8_t st;
    if (c->orient != OR_HA && ckd_to_ha(d, c, k->flags & K_MT, &st)) return st;
    if (ckd_load(d, c, &st)) return st;
    if (is_eot(c->trk + DASD_HA_SIZE)) return ckd_check(d, 0, S1_NRF, 0);
    c->rec = DASD_HA_SIZE;
    return ckd_read_rec(c, 'c', buf, count, res);
}

/* Locate Record domains: the located record is the first one (after home address
 * orientation, the first after R0), the others follow it across tracks of the extent. */
static bool lr_in_domain(const struct ckd_dev *c) { return c->lr_op && c->lr_left; }

static int ckd_lr_next(struct device *d, struct ckd_dev *c, uint8_t *st)
{
    if (c->lr_first && c->orient >= OR_COUNT) return 0;
    return ckd_next_count(d, c, true, true, st);
}

static uint8_t cmd_read_count(struct device *d, struct ckd_dev *c, const struct ckd_cmd *k,
                              uint8_t *buf, uint32_t count, int32_t *res)
{
    uint8_t st;
    if (ckd_next_count(d, c, true, k->flags & K_MT, &st)) return st;
    xfer_in(buf, count, res, c->trk + c->rec, DASD_COUNT_SIZE);
    c->write_ok = c->upd_ok = c->upd_key_ok = false;
    return CEDE;
}

/* Read Data, Read Key and Data: the current record if its count (or key) has just
 * passed, else the next record. */
static uint8_t cmd_read_kd(struct device *d, struct ckd_dev *c, const struct ckd_cmd *k,
                           uint8_t *buf, uint32_t count, int32_t *res)
{
    uint8_t st;
    bool data = (k->code & 0x7F) == 0x06;
    if (lr_in_domain(c)) {
        if (ckd_lr_next(d, c, &st)) return st;
    } else if (!(c->orient == OR_COUNT || (data && c->orient == OR_KEY))) {
        if (ckd_next_count(d, c, true, k->flags & K_MT, &st)) return st;
    }
    return ckd_read_rec(c, data ? 'd' : 'k', buf, count, res);
}

static uint8_t cmd_read_ckd(struct device *d, struct ckd_dev *c, const struct ckd_cmd *k,
                            uint8_t *buf, uint32_t count, int32_t *res)
{
    uint8_t st;
    if (lr_in_domain(c)) {
        if (ckd_lr_next(d, c, &st)) return st;
    } else if (ckd_next_count(d, c, true, k->flags & K_MT, &st)) {
        return st;
    }
    return ckd_read_rec(c, 'c', buf, count, res);
}

/* Read IPL: seek to cylinder 0 head 0 and read the data of record 1. */
static uint8_t cmd_read_ipl(struct device *d, struct ckd_dev *c, const struct ckd_cmd *k,
                            uint8_t *buf, uint32_t count, int32_t *res)
{
    (void)k;
    uint8_t st;
    /* Not after a Define Extent or Set File Mask (3990 Reference "Read IPL";
     * Hercules ckddasd.c), so the seek to cylinder 0 head 0 cannot fail. */
    if (c->dx || c->mask_set) return ckd_reject(d, MSG_INVSEQ);
    ckd_seek_to(d, c, 0, 0);
    if (ckd_next_count(d, c, true, false, &st)) return st;
    return ckd_read_rec(c, 'd', buf, count, res);
}

/* Read Multiple Count, Key and Data: every record after R0, from index. */
static uint8_t cmd_read_mckd(struct device *d, struct ckd_dev *c, const struct ckd_cmd *k,
                             uint8_t *buf, uint32_t count, int32_t *res)
{
    (void)k;
    uint8_t st;
    if (ckd_to_ha(d, c, false, &st)) return st;
    size_t from = DASD_HA_SIZE, off = from;
    if (!is_eot(c->trk + off)) from = off = off + rec_len(c->trk + off);
    size_t last = 0;
    while (off + DASD_EOT_SIZE <= c->trksize && !is_eot(c->trk + off)) {
        last = off;
        off += rec_len(c->trk + off);
    }
    xfer_in(buf, count, res, c->trk + from, off - from);
    if (last) {
        c->rec = last;
        c->orient = OR_DATA;
    }
    c->passes = 0;
    return CEDE;
}

/* Space Count: pass over the next count area. */
static uint8_t cmd_space_count(struct device *d, struct ckd_dev *c, const struct ckd_cmd *k,
                               uint8_t *buf, uint32_t count, int32_t *res)
{
    (void)buf;
    uint8_t st;
    if (count < 3) return ckd_reject(d, MSG_SHORT);
    if (ckd_next_count(d, c, true, k->flags & K_MT, &st)) return st;
    *res = (int32_t)count - 3;
    c->write_ok = c->upd_ok = c->upd_key_ok = false;
    return CEDE;
}

/* ---- writes ------------------------------------------------------------------------ */

/* What the file mask and the image allow for a write of this kind (W_*). A write the
 * mask forbids is an invalid command sequence (SA22-1025 "Write Home Address", "Write
 * Record Zero": command reject, format 0 message 2), not File Protected, which is for
 * seeks. A write-inhibited device rejects writes with Write Inhibited (3990
 * Reference; Linux dasd_3990_erp.c "rejected because writing is inhibited"). */
static uint8_t write_allowed(struct device *d, struct ckd_dev *c, uint8_t kind)
{
    if (!(fm_writes[(c->mask & FM_WRITE) >> 6] & kind)) return ckd_reject(d, MSG_INVSEQ);
    if (c->img.readonly) return ckd_check(d, SENSE_CMDREJ, S1_WRINH, 0);
    return 0;
}

/* Write Home Address: the track is erased behind it. The home address always holds
 * the track's own cylinder and head (the image format identifies tracks by it). */
static uint8_t cmd_write_ha(struct device *d, struct ckd_dev *c, const struct ckd_cmd *k,
                            uint8_t *buf, uint32_t count, int32_t *res)
{
    (void)k; (void)buf;
    uint8_t st = write_allowed(d, c, W_HA);
    if (st) return st;
    /* Five bytes, flag and CCHH (SA22-1025 "Write Home Address": message 3). */
    if (count < DASD_HA_SIZE) return ckd_reject(d, MSG_SHORT);
    if (ckd_load(d, c, &st)) return st;
    *res = (int32_t)count - DASD_HA_SIZE;
    memset(c->trk, 0, c->trksize);
    put16(c->trk + 1, c->cyl);
    put16(c->trk + 3, c->head);
    memset(c->trk + DASD_HA_SIZE, 0xFF, DASD_EOT_SIZE);
    if (ckd_store(d, c, &st)) return st;
    c->orient = OR_HA;
    c->passes = 0;
    c->write_ok = true;
    return CEDE;
}

/* Put a record (count, key and data from buf, zeros where count runs short) at off
 * and erase the rest of the track. */
static uint8_t ckd_put_record(struct device *d, struct ckd_dev *c, size_t off, bool r0,
                              const uint8_t *buf, uint32_t count, int32_t *res)
{
    uint8_t ct[DASD_COUNT_SIZE] = { 0 };
    memcpy(ct, buf, count < DASD_COUNT_SIZE ? count : DASD_COUNT_SIZE);
    uint32_t kl = ct[5], dl = be16(ct + 6);
    size_t len = DASD_COUNT_SIZE + kl + dl;
    if (r0 ? (dl > c->model->r0max || off + len + DASD_EOT_SIZE > c->trksize)
           : !ckd_fits(c, off, kl, dl))
        return ckd_check(d, 0, S1_BADFMT, 0);
    uint8_t *p = c->trk + off;
    memset(p, 0, len);
    memcpy(p, buf, count < len ? count : len);
    memset(p + len, 0xFF, DASD_EOT_SIZE);
    size_t end = off + len + DASD_EOT_SIZE;
    memset(c->trk + end, 0, c->trksize - end);
    *res = (int32_t)count - (int32_t)len;
    uint8_t st;
    if (ckd_store(d, c, &st)) return st;
    c->rec = off;
    c->orient = OR_DATA;
    c->passes = 0;
    c->write_ok = true;
    c->upd_ok = c->upd_key_ok = false;
    return CEDE;
}

/* Write R0: after the home address was searched, read or written. */
static uint8_t cmd_write_r0(struct device *d, struct ckd_dev *c, const struct ckd_cmd *k,
                            uint8_t *buf, uint32_t count, int32_t *res)
{
    (void)k;
    uint8_t st = write_allowed(d, c, W_R0);
    if (st) return st;
    if (c->orient != OR_HA || !c->write_ok) return ckd_reject(d, MSG_INVSEQ);
    /* The count area must be complete (SA22-1025 "Write Record Zero": message 3). */
    if (count < DASD_COUNT_SIZE) return ckd_reject(d, MSG_SHORT);
    if (ckd_load(d, c, &st)) return st;
    return ckd_put_record(d, c, DASD_HA_SIZE, true, buf, count, res);
}

/* Write Count, Key and Data: a new record after the current one. */
static uint8_t cmd_write_ckd(struct device *d, struct ckd_dev *c, const struct ckd_cmd *k,
                             uint8_t *buf, uint32_t count, int32_t *res)
{
    uint8_t st = write_allowed(d, c, W_FORMAT);
    if (st) return st;
    if (ckd_load(d, c, &st)) return st;
    if (c->lr_op == 0x03 && c->lr_left) {
        /* Format Write domain: Write CKD Next Track, chained from a Write CKD, starts
         * the next track (3990 Reference; Hercules ckddasd.c). */
        if (k->code == 0x9D) {
            if (c->lr_first) return ckd_reject(d, MSG_INVSEQ);
            if (ckd_next_head(d, c, &st)) return st;
            c->orient = OR_HA;
        }
    } else if (k->code == 0x9D) {
        return ckd_reject(d, MSG_INVSEQ);
    } else if (!c->write_ok || c->orient < OR_COUNT) {
        return ckd_reject(d, MSG_INVSEQ);
    }
    /* A count area of eight X'FF' would be the end-of-track marker (SA22-1025 "Write
     * Count, Key, and Data": command reject, format 0 message 4). */
    if (count >= DASD_EOT_SIZE && is_eot(buf)) return ckd_reject(d, MSG_INVARG);
    size_t off = c->orient >= OR_COUNT ? c->rec + rec_len(c->trk + c->rec) : DASD_HA_SIZE;
    if (c->orient < OR_COUNT && !is_eot(c->trk + off)) off += rec_len(c->trk + off);
    return ckd_put_record(d, c, off, false, buf, count, res);
}

/* Erase: the rest of the track after the current record. */
static uint8_t cmd_erase(struct device *d, struct ckd_dev *c, const struct ckd_cmd *k,
                         uint8_t *buf, uint32_t count, int32_t *res)
{
    (void)k; (void)buf;
    uint8_t st = write_allowed(d, c, W_FORMAT);
    if (st) return st;
    if (!c->write_ok || c->orient < OR_COUNT) return ckd_reject(d, MSG_INVSEQ);
    if (ckd_load(d, c, &st)) return st;
    size_t off = c->rec + rec_len(c->trk + c->rec);
    memset(c->trk + off, 0xFF, DASD_EOT_SIZE);
    memset(c->trk + off + DASD_EOT_SIZE, 0, c->trksize - off - DASD_EOT_SIZE);
    if (ckd_store(d, c, &st)) return st;
    *res = 0;
    (void)count;
    c->write_ok = false;
    return CEDE;
}

/* Write Data, Write Key and Data: the areas of the record just found by an equal
 * search (or of the domain's record), in place; a short count is padded with zeros. */
static uint8_t cmd_write_update(struct device *d, struct ckd_dev *c, const struct ckd_cmd *k,
                                uint8_t *buf, uint32_t count, int32_t *res)
{
    uint8_t st = write_allowed(d, c, W_UPDATE);
    if (st) return st;
    bool key = (k->code & 0x7F) == 0x0D;
    if (ckd_load(d, c, &st)) return st;
    if (c->lr_op == 0x01 && c->lr_left) {
        if (ckd_lr_next(d, c, &st)) return st;
    } else if (k->code == 0x85) {
        /* Write Update Data exists only in a Write Data domain (SA22-1025). */
        return ckd_reject(d, MSG_INVSEQ);
    } else if (!(key ? c->upd_key_ok && c->orient == OR_COUNT
                     : c->upd_ok && (c->orient == OR_COUNT || c->orient == OR_KEY))) {
        return ckd_reject(d, MSG_INVSEQ);
    }
    uint8_t *ct = c->trk + c->rec;
    size_t kl = ct[5], dl = be16(ct + 6);
    uint8_t *p = ct + DASD_COUNT_SIZE + (key ? 0 : kl);
    size_t len = key ? kl + dl : dl;
    memset(p, 0, len);
    memcpy(p, buf, count < len ? count : len);
    *res = (int32_t)count - (int32_t)len;
    if (ckd_store(d, c, &st)) return st;
    c->orient = OR_DATA;
    c->passes = 0;
    c->upd_ok = c->upd_key_ok = false;
    c->write_ok = true;
    return CEDE;
}

/* ---- ECKD: Define Extent and Locate Record (3990 Reference) ------------------------- */

static uint8_t cmd_define_extent(struct device *d, struct ckd_dev *c, const struct ckd_cmd *k,
                                 uint8_t *buf, uint32_t count, int32_t *res)
{
    (void)k;
    if (c->dx || c->mask_set) return ckd_reject(d, MSG_INVSEQ);
    if (count < 16) return ckd_reject(d, MSG_SHORT);
    uint32_t bc = be16(buf + 8), bh = be16(buf + 10), ec = be16(buf + 12), eh = be16(buf + 14);
    if ((buf[0] & 0x27) || bc >= c->img.cyls || ec >= c->img.cyls || bh >= c->heads ||
        eh >= c->heads || track_no(c, bc, bh) > track_no(c, ec, eh))
        return ckd_reject(d, MSG_INVARG);
    *res = (int32_t)count - 16;
    c->mask = buf[0];
    c->dx = true;
    c->dx_beg = track_no(c, bc, bh);
    c->dx_end = track_no(c, ec, eh);
    return CEDE;
}

/* The orientations (byte 0 bits 0-1: 0 count, 1 home address, 2 data, 3 index) each
 * operation takes, as a bit mask (3990 Reference, Locate Record operation byte;
 * Hercules ckddasd.c the same). */
static const struct { uint8_t op, orients; } lr_ops[] = {
    { 0x01, 0x05 }, { 0x03, 0x0B }, { 0x06, 0x07 }, { 0x16, 0x0F },
};

static bool lr_valid(uint8_t op, uint8_t orient)
{
    for (size_t i = 0; i < sizeof lr_ops / sizeof lr_ops[0]; i++)
        if (lr_ops[i].op == op) return lr_ops[i].orients >> orient & 1;
    return false;
}

/* Locate Record: seek, orient, and open a domain of `count` commands for the
 * operation: 01 write data, 03 format write, 06 read data, 16 read. Home address and
 * index orientation stop after the home address (whose CCHH must match the search
 * argument); count and data orientation search the track for the record. */
static uint8_t cmd_locate(struct device *d, struct ckd_dev *c, const struct ckd_cmd *k,
                          uint8_t *buf, uint32_t count, int32_t *res)
{
    (void)k;
    if (!c->dx || lr_in_domain(c)) return ckd_reject(d, MSG_INVSEQ);
    if (count < 16) return ckd_reject(d, MSG_SHORT);
    *res = (int32_t)count - 16;
    uint8_t op = buf[0] & 0x3F, orient = buf[0] >> 6;
    uint32_t cyl = be16(buf + 4), head = be16(buf + 6);
    if (!lr_valid(op, orient) || !buf[3] || cyl >= c->img.cyls || head >= c->heads)
        return ckd_reject(d, MSG_INVARG);
    uint8_t st = ckd_seek_to(d, c, cyl, head);
    if (st != CEDE) return st;
    c->lr_op = op;
    c->lr_left = buf[3];
    c->lr_first = true;
    if (orient == 1 || orient == 3) {
        if (ckd_to_ha(d, c, false, &st)) return st;
        if (orient == 1 && memcmp(c->trk + 1, buf + 8, 4)) return ckd_check(d, 0, S1_NRF, 0);
    } else {
        for (;;) {
            if (ckd_next_count(d, c, false, false, &st)) return st;
            if (!memcmp(c->trk + c->rec, buf + 8, 5)) break;
        }
        /* A format write goes after the record found. */
        if (orient == 2 || op == 0x03) c->orient = OR_DATA;
    }
    /* Only a format write may write R0 or records (the Orient function does not
     * satisfy a write's search prerequisite: SA22-1025 "Write Commands"). */
    c->write_ok = op == 0x03;
    return CEDE;
}

/* The command set. Codes with bit 0 on are the multitrack forms. */
static const struct ckd_cmd ckd_cmds[] = {
    { 0x02, 0, cmd_read_ipl, "read IPL" },
    { 0x03, 0, cmd_nop, "no-op" },
    { 0x04, 0, cmd_sense, "sense" },
    { 0x05, 0, cmd_write_update, "write data" },
    { 0x06, 0, cmd_read_kd, "read data" },
    { 0x07, 0, cmd_seek, "seek" },
    { 0x0B, 0, cmd_seek, "seek cylinder" },
    { 0x0D, 0, cmd_write_update, "write key and data" },
    { 0x0E, 0, cmd_read_kd, "read key and data" },
    { 0x0F, 0, cmd_space_count, "space count" },
    { 0x11, 0, cmd_erase, "erase" },
    { 0x12, 0, cmd_read_count, "read count" },
    { 0x13, 0, cmd_recal, "recalibrate" },
    { 0x14, 0, cmd_reserve, "unconditional reserve" },
    { 0x15, 0, cmd_write_r0, "write R0" },
    { 0x16, 0, cmd_read_r0, "read R0" },
    { 0x17, 0, cmd_nop, "restore" },
    { 0x19, 0, cmd_write_ha, "write home address" },
    { 0x1A, 0, cmd_read_ha, "read home address" },
    { 0x1B, 0, cmd_seek, "seek head" },
    { 0x1D, 0, cmd_write_ckd, "write count key and data" },
    { 0x1E, 0, cmd_read_ckd, "read count key and data" },
    { 0x1F, 0, cmd_set_mask, "set file mask" },
    { 0x22, 0, cmd_read_sector, "read sector" },
    { 0x23, 0, cmd_set_sector, "set sector" },
    { 0x29, 0, cmd_search_key, "search key equal" },
    { 0x31, 0, cmd_search_id, "search ID equal" },
    { 0x39, 0, cmd_search_ha, "search home address equal" },
    { 0x47, K_ECKD, cmd_locate, "locate record" },
    { 0x49, 0, cmd_search_key, "search key high" },
    { 0x51, 0, cmd_search_id, "search ID high" },
    { 0x5E, 0, cmd_read_mckd, "read multiple count key and data" },
    { 0x63, K_ECKD, cmd_define_extent, "define extent" },
    { 0x64, K_ECKD, cmd_rdc, "read device characteristics" },
    { 0x69, 0, cmd_search_key, "search key high or equal" },
    { 0x71, 0, cmd_search_id, "search ID high or equal" },
    { 0x85, K_MT | K_ECKD, cmd_write_update, "write data (MT)" },
    { 0x86, K_MT, cmd_read_kd, "read data (MT)" },
    { 0x8E, K_MT, cmd_read_kd, "read key and data (MT)" },
    { 0x92, K_MT, cmd_read_count, "read count (MT)" },
    { 0x94, 0, cmd_reserve, "device release" },
    { 0x96, K_MT, cmd_read_r0, "read R0 (MT)" },
    { 0x9A, K_MT, cmd_read_ha, "read home address (MT)" },
    { 0x9D, K_ECKD, cmd_write_ckd, "write CKD next track" },
    { 0x9E, K_MT, cmd_read_ckd, "read count key and data (MT)" },
    { 0xA4, 0, cmd_read_log, "read and reset buffered log" },
    { 0xA9, K_MT, cmd_search_key, "search key equal (MT)" },
    { 0xB1, K_MT, cmd_search_id, "search ID equal (MT)" },
    { 0xB4, 0, cmd_reserve, "device reserve" },
    { 0xB9, K_MT, cmd_search_ha, "search home address equal (MT)" },
    { 0xC9, K_MT, cmd_search_key, "search key high (MT)" },
    { 0xD1, K_MT, cmd_search_id, "search ID high (MT)" },
    { 0xE4, K_ECKD, cmd_sense_id, "sense ID" },
    { 0xE9, K_MT, cmd_search_key, "search key high or equal (MT)" },
    { 0xF1, K_MT, cmd_search_id, "search ID high or equal (MT)" },
};

static const struct ckd_cmd *ckd_cmd_find(uint8_t code)
{
    for (size_t i = 0; i < sizeof ckd_cmds / sizeof ckd_cmds[0]; i++)
        if (ckd_cmds[i].code == code) return &ckd_cmds[i];
    return NULL;
}

/* The commands a Locate Record domain takes, by operation; any other command in the
 * domain is an invalid sequence (SA22-1025 "Locate Record": command reject, format 0
 * message 2). */
static const struct {
    uint8_t op;
    uint8_t codes[13];          /* zero ends the list */
} lr_domain[] = {
    { 0x01, { 0x05, 0x85, 0x0D } },
    { 0x03, { 0x1D, 0x9D, 0x15 } },
    { 0x06, { 0x06, 0x86, 0x0E, 0x8E, 0x12, 0x92, 0x16, 0x96, 0x1E, 0x9E } },
    { 0x16, { 0x06, 0x86, 0x0E, 0x8E, 0x12, 0x92, 0x16, 0x96, 0x1E, 0x9E, 0x1A, 0x9A } },
};

static bool lr_allows(uint8_t op, uint8_t code)
{
    for (size_t i = 0; i < sizeof lr_domain / sizeof lr_domain[0]; i++)
        if (lr_domain[i].op == op)
            for (const uint8_t *p = lr_domain[i].codes; *p; p++)
                if (*p == code) return true;
    return false;
}

/* On the 3990 a command that needs the track must follow a Seek, Seek Cylinder,
 * Recalibrate, Locate Record or Read IPL in the channel program (SA22-1025, chapter 4
 * "Chaining and Restrictions" of each read and search; Hercules ckddasd.c). Codes
 * without the multitrack bit. */
static bool ckd_needs_seek(uint8_t code)
{
    static const uint8_t codes[] = { 0x06, 0x0E, 0x12, 0x16, 0x19, 0x1A, 0x1B, 0x1E, 0x23,
                                     0x29, 0x31, 0x39, 0x49, 0x51, 0x5E, 0x69, 0x71 };
    return memchr(codes, code & 0x7F, sizeof codes) != NULL;
}

/* A new chain: no file mask, extent or domain yet; the heads stay where they are but
 * their rotational position is unknown (taken as index). */
static void ckd_chain_start(struct ckd_dev *c)
{
    c->mask = 0;
    c->mask_set = c->dx = c->sought = false;
    c->lr_op = 0;
    c->lr_left = 0;
    c->passes = 0;
    c->orient = OR_INDEX;
    c->write_ok = c->upd_ok = c->upd_key_ok = false;
}

static uint8_t ckd_execute(struct device *d, uint8_t cmd, uint8_t flags, uint8_t *buf,
                           uint32_t count, int32_t *res)
{
    (void)flags;
    struct ckd_dev *c = d->priv;
    *res = (int32_t)count;
    if (!c) return ckd_check(d, SENSE_INTREQ, 0, 0);
    if (!d->chained) ckd_chain_start(c);
    const struct ckd_cmd *k = ckd_cmd_find(cmd);
    if (!k || ((k->flags & K_ECKD) && !c->model->eckd)) return ckd_reject(d, MSG_INVCMD);
    bool domain = lr_in_domain(c);
    if (domain && !lr_allows(c->lr_op, cmd)) return ckd_reject(d, MSG_INVSEQ);
    if (c->model->seek_first && !c->sought && ckd_needs_seek(cmd))
        return ckd_reject(d, MSG_INVSEQ);
    uint8_t st = k->fn(d, c, k, buf, count, res);
    if (domain) {
        /* Each command of the domain uses one of its count. */
        c->lr_left--;
        c->lr_first = false;
    }
    if (!(st & US_UC) && cmd != 0x04 && cmd != 0x14 && cmd != 0x94 && cmd != 0xB4)
        memset(d->sense, 0, sizeof d->sense);
    return st;
}

/* ---- configuration --------------------------------------------------------------- */

static const struct ckd_model *ckd_model_of(uint16_t devtype)
{
    for (size_t i = 0; i < sizeof ckd_models / sizeof ckd_models[0]; i++)
        if (ckd_models[i].devtype == devtype) return &ckd_models[i];
    return NULL;
}

static int ckd_init(struct machine *m, struct device *d, int argc, char **argv, char *err,
                    size_t errlen)
{
    (void)m;
    uint16_t devtype = (uint16_t)strtoul(d->type, NULL, 16);
    const struct ckd_model *model = ckd_model_of(devtype);
    if (!model) {
        snprintf(err, errlen, "device type %s is not a CKD DASD", d->type);
        return -1;
    }
    if (argc < 1) {
        snprintf(err, errlen, "%s needs an image file", d->type);
        return -1;
    }
    bool ro = false;
    for (int i = 1; i < argc; i++) {
        if (!strcasecmp(argv[i], "ro") || !strcasecmp(argv[i], "readonly")) {
            ro = true;
        } else {
            snprintf(err, errlen, "%s: unknown option '%s' (expected ro)", argv[0], argv[i]);
            return -1;
        }
    }
    struct ckd_dev *c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (dasd_open(&c->img, argv[0], ro, err, errlen)) {
        free(c);
        return -1;
    }
    if (c->img.geom->devtype != devtype) {
        snprintf(err, errlen, "%s: the image is a %04X, configured as %s", argv[0],
                 c->img.geom->devtype, d->type);
        dasd_close(&c->img);
        free(c);
        return -1;
    }
    c->model = model;
    c->heads = c->img.geom->heads;
    c->trksize = c->img.geom->trksize;
    c->trk = malloc(c->trksize);
    if (!c->trk) {
        snprintf(err, errlen, "out of memory");
        dasd_close(&c->img);
        free(c);
        return -1;
    }
    const struct dasd_geom *g = dasd_geom_model(devtype, c->img.cyls);
    for (size_t i = 0; i < sizeof ckd_codes / sizeof ckd_codes[0]; i++)
        if (ckd_codes[i].devtype == devtype && g && !strcmp(ckd_codes[i].model, g->model)) {
            c->modelcode = ckd_codes[i].code;
            c->unittype = ckd_codes[i].unit;
        }
    ckd_chain_start(c);
    d->priv = c;
    d->senselen = model->senselen;
    return 0;
}

static void ckd_describe(const struct device *d, char *buf, size_t len)
{
    const struct ckd_dev *c = d->priv;
    if (!c) {
        snprintf(buf, len, "(no volume)");
        return;
    }
    const struct dasd_geom *g = dasd_geom_model(c->model->devtype, c->img.cyls);
    snprintf(buf, len, "%s%s [%04X-%s, %u cyls] cyl %u head %u", c->img.path,
             c->img.readonly ? " ro" : "", c->model->devtype, g ? g->model : "?",
             c->img.cyls, c->cyl, c->head);
}

/* PoO: the ending status of the channel program follows the last write; a write
 * that fails here turns the status into unit check, equipment check. */
static uint8_t ckd_program_end(struct device *d)
{
    struct ckd_dev *c = d->priv;
    uint8_t st = 0;
    if (c && ckd_flush(d, c, &st)) return US_UC;
    return 0;
}

static void ckd_close(struct device *d)
{
    struct ckd_dev *c = d->priv;
    if (!c) return;
    uint8_t st;
    ckd_flush(d, c, &st);
    dasd_close(&c->img);
    free(c->trk);
    free(c);
    d->priv = NULL;
}

const struct dev_ops dev_ckd_ops = {
    .init = ckd_init,
    .execute_ccw = ckd_execute,
    .describe = ckd_describe,
    .program_end = ckd_program_end,
    .close = ckd_close,
};
