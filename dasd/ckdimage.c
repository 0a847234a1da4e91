/* ckdimage.c - Hercules uncompressed CKD image files (CKD_P370). The device header:
 * devid[8], heads (4, little-endian), track size (4, LE), device type byte, file
 * sequence number, highest cylinder (2, LE; 0 for a single-file image), 492 reserved
 * bytes. Track (c,h) is the slot at 512 + (c * heads + h) * trksize. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "dasd/dasd.h"
#include "devices/ebcdic.h"

#define DASD_ID_CKD  "CKD_P370"
#define DASD_ID_CCKD "CKD_C370"
#define DASD_ID_CCKS "CKD_S370"
#define DASD_ID_LEN 8

/* What dasdinit writes on a labelled volume: IPL1 (a PSW and two CCWs that end in a
 * wait), IPL2 (empty) and VOL1 pointing the VTOC at cylinder 0 head 1 record 1. */
static const uint8_t dasd_ipl1_data[24] = {
    0x00, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0f, 0x03, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};
enum { DASD_IPL2_DL = 144, DASD_VOL1_DL = 80, DASD_R0_DL = 8, DASD_LABEL_REC = 3 };
static const char dasd_owner[] = "HERCULES";

static int dasd_fail(char *err, size_t errlen, const char *path, const char *fmt, ...)
{
    char why[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    snprintf(err, errlen, "%s: %s", path ? path : "DASD image", why);
    return -1;
}

static uint32_t get_le32(const uint8_t *p)
{
    return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put_le32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void put_be16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static uint32_t get_be16(const uint8_t *p) { return (uint32_t)p[0] << 8 | p[1]; }

/* ---- track images ---------------------------------------------------------------- */

static bool dasd_is_eot(const uint8_t *p)
{
    static const uint8_t eot[DASD_EOT_SIZE] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
    return memcmp(p, eot, DASD_EOT_SIZE) == 0;
}

/* Check a track image: the home address of (cyl, head), records that fit the slot,
 * an end marker. Returns a reason or NULL. */
static const char *dasd_track_check(const uint8_t *trk, uint32_t trksize, uint32_t cyl,
                                    uint32_t head)
{
    if (trk[0] != 0 || get_be16(trk + 1) != cyl || get_be16(trk + 3) != head)
        return "bad home address";
    size_t off = DASD_HA_SIZE;
    while (off + DASD_EOT_SIZE <= trksize) {
        if (dasd_is_eot(trk + off))
            return NULL;
        if (off + DASD_COUNT_SIZE > trksize)
            break;
        off += DASD_COUNT_SIZE + trk[off + 5] + get_be16(trk + off + 6);
    }
    return "records overrun the track or no end-of-track marker";
}

int dasd_track_find(const uint8_t *trk, uint32_t trksize, uint8_t r, struct dasd_rec *rec)
{
    size_t off = DASD_HA_SIZE;
    while (off + DASD_COUNT_SIZE <= trksize && !dasd_is_eot(trk + off)) {
        const uint8_t *c = trk + off;
        size_t len = DASD_COUNT_SIZE + c[5] + get_be16(c + 6);
        if (off + len > trksize)
            return -1;
        if (c[4] == r) {
            *rec = (struct dasd_rec){ .r = r, .kl = c[5], .dl = (uint16_t)get_be16(c + 6),
                                      .count = c, .key = c + DASD_COUNT_SIZE,
                                      .data = c + DASD_COUNT_SIZE + c[5] };
            return 0;
        }
        off += len;
    }
    return -1;
}

/* Append a record at *off; the caller sized the track for it. */
static void dasd_put_rec(uint8_t *trk, size_t *off, uint32_t cyl, uint32_t head, uint8_t r,
                         const uint8_t *key, uint8_t kl, const uint8_t *data, uint16_t dl)
{
    uint8_t *c = trk + *off;
    put_be16(c, cyl);
    put_be16(c + 2, head);
    c[4] = r;
    c[5] = kl;
    put_be16(c + 6, dl);
    if (kl) memcpy(c + DASD_COUNT_SIZE, key, kl);
    if (dl && data) memcpy(c + DASD_COUNT_SIZE + kl, data, dl);
    else if (dl) memset(c + DASD_COUNT_SIZE + kl, 0, dl);
    *off += DASD_COUNT_SIZE + kl + dl;
}

static void dasd_ebcdic(uint8_t *dst, const char *src, size_t n)
{
    for (size_t i = 0; i < n; i++)
        dst[i] = ascii_to_ebcdic((uint8_t)src[i]);
}

/* The labelled volume's IPL1, IPL2 and VOL1 records; volser is 6 characters. */
static void dasd_put_label(uint8_t *trk, size_t *off, const char *volser)
{
    uint8_t key[4], vol1[DASD_VOL1_DL];
    dasd_ebcdic(key, "IPL1", 4);
    dasd_put_rec(trk, off, 0, 0, 1, key, 4, dasd_ipl1_data, sizeof dasd_ipl1_data);
    dasd_ebcdic(key, "IPL2", 4);
    dasd_put_rec(trk, off, 0, 0, 2, key, 4, NULL, DASD_IPL2_DL);
    memset(vol1, 0x40, sizeof vol1);
    dasd_ebcdic(vol1, "VOL1", 4);
    dasd_ebcdic(vol1 + 4, volser, 6);
    static const uint8_t vtoc[5] = { 0, 0, 0, 1, 1 };     /* CCHHR of the VTOC */
    memcpy(vol1 + 11, vtoc, sizeof vtoc);
    dasd_ebcdic(vol1 + 41, dasd_owner, strlen(dasd_owner));
    dasd_ebcdic(key, "VOL1", 4);
    dasd_put_rec(trk, off, 0, 0, DASD_LABEL_REC, key, 4, vol1, sizeof vol1);
}

/* An empty track: HA, R0 with 8 zero bytes, (the label on 0/0), end marker. */
static void dasd_format_track(uint8_t *trk, uint32_t trksize, uint32_t cyl, uint32_t head,
                              const char *volser)
{
    memset(trk, 0, trksize);
    put_be16(trk + 1, cyl);
    put_be16(trk + 3, head);
    size_t off = DASD_HA_SIZE;
    dasd_put_rec(trk, &off, cyl, head, 0, NULL, 0, NULL, DASD_R0_DL);
    if (volser && cyl == 0 && head == 0)
        dasd_put_label(trk, &off, volser);
    memset(trk + off, 0xff, DASD_EOT_SIZE);
}

/* ---- image files ------------------------------------------------------------------- */

static void dasd_make_header(uint8_t hdr[DASD_HDR_SIZE], const struct dasd_geom *g)
{
    memset(hdr, 0, DASD_HDR_SIZE);
    memcpy(hdr, DASD_ID_CKD, DASD_ID_LEN);
    put_le32(hdr + 8, g->heads);
    put_le32(hdr + 12, g->trksize);
    hdr[16] = (uint8_t)g->devtype;
}

/* Check the header and the file size; sets img->geom and img->cyls. */
static int dasd_parse_header(struct dasd_image *img, const uint8_t *hdr, off_t size,
                             const char *path, char *err, size_t errlen)
{
    if (memcmp(hdr, DASD_ID_CCKD, DASD_ID_LEN) == 0 || memcmp(hdr, DASD_ID_CCKS, DASD_ID_LEN) == 0)
        return dasd_fail(err, errlen, path, "compressed CCKD not supported yet");
    if (memcmp(hdr, DASD_ID_CKD, DASD_ID_LEN) != 0)
        return dasd_fail(err, errlen, path, "not a CKD image (no CKD_P370 header)");
    const struct dasd_geom *g = dasd_geom_by_byte(hdr[16]);
    if (!g)
        return dasd_fail(err, errlen, path, "unsupported device type X'%02X'", hdr[16]);
    uint32_t heads = get_le32(hdr + 8), trksize = get_le32(hdr + 12);
    if (heads != g->heads || trksize != g->trksize)
        return dasd_fail(err, errlen, path, "impossible geometry for a %s: %u heads, track size %u",
                         g->type, heads, trksize);
    if (hdr[17] != 0 || hdr[18] != 0 || hdr[19] != 0)
        return dasd_fail(err, errlen, path, "multi-file CKD images are not supported yet");
    uint64_t cylbytes = (uint64_t)heads * trksize, body = (uint64_t)size - DASD_HDR_SIZE;
    if (body == 0 || body % cylbytes != 0)
        return dasd_fail(err, errlen, path, "truncated: %llu bytes after the header is not a "
                         "whole number of %llu-byte cylinders",
                         (unsigned long long)body, (unsigned long long)cylbytes);
    if (body / cylbytes > DASD_MAX_CYLS)
        return dasd_fail(err, errlen, path, "impossible geometry: %llu cylinders",
                         (unsigned long long)(body / cylbytes));
    img->geom = g;
    img->cyls = (uint32_t)(body / cylbytes);
    return 0;
}

int dasd_open(struct dasd_image *img, const char *path, bool readonly, char *err, size_t errlen)
{
    memset(img, 0, sizeof *img);
    snprintf(img->path, sizeof img->path, "%s", path);
    img->fd = open(path, readonly ? O_RDONLY : O_RDWR);
    if (img->fd < 0)
        return dasd_fail(err, errlen, path, "%s", strerror(errno));
    img->readonly = readonly;
    uint8_t hdr[DASD_HDR_SIZE];
    struct stat st;
    int rc = -1;
    if (fstat(img->fd, &st) != 0)
        dasd_fail(err, errlen, path, "%s", strerror(errno));
    else if (!S_ISREG(st.st_mode))
        dasd_fail(err, errlen, path, "not a regular file");
    else if (st.st_size < DASD_HDR_SIZE || pread(img->fd, hdr, sizeof hdr, 0) != sizeof hdr)
        dasd_fail(err, errlen, path, "truncated: no complete %d-byte device header", DASD_HDR_SIZE);
    else
        rc = dasd_parse_header(img, hdr, st.st_size, path, err, errlen);
    if (rc != 0)
        dasd_close(img);
    return rc;
}

void dasd_close(struct dasd_image *img)
{
    if (img->fd >= 0)
        close(img->fd);
    img->fd = -1;
}

static int dasd_volser_ok(const char *v)
{
    size_t n = strlen(v);
    if (n < 1 || n > 6)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!(v[i] >= 'A' && v[i] <= 'Z') && !(v[i] >= '0' && v[i] <= '9') && !strchr("@#$", v[i]))
            return 0;
    return 1;
}

static int dasd_write_all(int fd, const uint8_t *buf, size_t len, off_t at)
{
    while (len) {
        ssize_t n = pwrite(fd, buf, len, at);
        if (n <= 0)
            return -1;
        buf += n;
        len -= (size_t)n;
        at += n;
    }
    return 0;
}

/* Write the header and every cylinder. */
static int dasd_write_image(int fd, const struct dasd_geom *g, uint32_t cyls, const char *vol)
{
    uint8_t hdr[DASD_HDR_SIZE];
    dasd_make_header(hdr, g);
    if (dasd_write_all(fd, hdr, sizeof hdr, 0) != 0)
        return -1;
    size_t cylbytes = (size_t)g->heads * g->trksize;
    uint8_t *buf = malloc(cylbytes);
    if (!buf)
        return -1;
    int rc = 0;
    for (uint32_t c = 0; c < cyls && rc == 0; c++) {
        for (uint32_t h = 0; h < g->heads; h++)
            dasd_format_track(buf + (size_t)h * g->trksize, g->trksize, c, h, vol);
        rc = dasd_write_all(fd, buf, cylbytes, DASD_HDR_SIZE + (off_t)c * (off_t)cylbytes);
    }
    free(buf);
    return rc;
}

int dasd_create(const char *path, const struct dasd_geom *g, uint32_t cyls, const char *volser,
                char *err, size_t errlen)
{
    char vol[7] = "      ";
    if (volser) {
        if (!dasd_volser_ok(volser))
            return dasd_fail(err, errlen, path, "volume serial '%s' is not 1-6 of A-Z 0-9 @ # $",
                             volser);
        memcpy(vol, volser, strlen(volser));
    }
    if (cyls == 0)
        cyls = g->cyls;
    if (cyls > DASD_MAX_CYLS)
        return dasd_fail(err, errlen, path, "impossible geometry: %u cylinders", cyls);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (fd < 0)
        return dasd_fail(err, errlen, path, "%s", strerror(errno));
    int rc = dasd_write_image(fd, g, cyls, volser ? vol : NULL);
    int saved = errno;
    if (close(fd) != 0 && rc == 0) {
        rc = -1;
        saved = errno;
    }
    if (rc != 0) {
        unlink(path);
        return dasd_fail(err, errlen, path, "cannot write: %s", strerror(saved));
    }
    return 0;
}

static off_t dasd_track_pos(const struct dasd_image *img, uint32_t cyl, uint32_t head)
{
    return DASD_HDR_SIZE + ((off_t)cyl * img->geom->heads + head) * (off_t)img->geom->trksize;
}

static int dasd_check_addr(const struct dasd_image *img, uint32_t cyl, uint32_t head, char *err,
                           size_t errlen)
{
    if (cyl >= img->cyls || head >= img->geom->heads)
        return dasd_fail(err, errlen, img->path, "track (%u,%u) is outside %u cylinders x %u heads",
                         cyl, head, img->cyls, img->geom->heads);
    return 0;
}

int dasd_read_track(const struct dasd_image *img, uint32_t cyl, uint32_t head, uint8_t *buf,
                    char *err, size_t errlen)
{
    if (dasd_check_addr(img, cyl, head, err, errlen) != 0)
        return -1;
    ssize_t n = pread(img->fd, buf, img->geom->trksize, dasd_track_pos(img, cyl, head));
    if (n != (ssize_t)img->geom->trksize)
        return dasd_fail(err, errlen, img->path, "track (%u,%u): %s", cyl, head,
                         n < 0 ? strerror(errno) : "short read");
    const char *why = dasd_track_check(buf, img->geom->trksize, cyl, head);
    if (why)
        return dasd_fail(err, errlen, img->path, "track (%u,%u): %s", cyl, head, why);
    return 0;
}

int dasd_write_track(const struct dasd_image *img, uint32_t cyl, uint32_t head, const uint8_t *buf,
                     char *err, size_t errlen)
{
    if (img->readonly)
        return dasd_fail(err, errlen, img->path, "image is open read-only");
    if (dasd_check_addr(img, cyl, head, err, errlen) != 0)
        return -1;
    const char *why = dasd_track_check(buf, img->geom->trksize, cyl, head);
    if (why)
        return dasd_fail(err, errlen, img->path, "track (%u,%u) not written: %s", cyl, head, why);
    if (dasd_write_all(img->fd, buf, img->geom->trksize, dasd_track_pos(img, cyl, head)) != 0)
        return dasd_fail(err, errlen, img->path, "track (%u,%u): %s", cyl, head, strerror(errno));
    return 0;
}

int dasd_volser(const struct dasd_image *img, char volser[7])
{
    uint8_t *trk = malloc(img->geom->trksize);
    char err[256];
    struct dasd_rec rec;
    int rc = -1;
    if (trk && dasd_read_track(img, 0, 0, trk, err, sizeof err) == 0 &&
        dasd_track_find(trk, img->geom->trksize, DASD_LABEL_REC, &rec) == 0 &&
        rec.dl >= 10 && rec.data[0] == 0xe5 && rec.data[1] == 0xd6 && rec.data[2] == 0xd3 &&
        rec.data[3] == 0xf1) {
        for (int i = 0; i < 6; i++)
            volser[i] = (char)ebcdic_to_ascii(rec.data[4 + i]);
        volser[6] = '\0';
        for (int i = 5; i >= 0 && volser[i] == ' '; i--)
            volser[i] = '\0';
        rc = 0;
    }
    free(trk);
    return rc;
}
