/* ckdimage.c - Hercules uncompressed CKD image files (CKD_P370), and the entry points
 * of the image layer that hand compressed images to cckd.c. The device header:
 * devid[8], heads (4, little-endian), track size (4, LE), device type byte, file
 * sequence number, highest cylinder (2, LE), 492 reserved bytes. Track (c,h) is the
 * slot at 512 + ((c - lo) * heads + h) * trksize of the file holding cylinder c.
 *
 * Split volumes: dasdinit keeps every file under 2 GB unless -lfs. Each file holds
 * whole cylinders; file n (1..) is named with "_n" before the first dot after the
 * last slash; its header has sequence number n and, except in the last file, the
 * highest cylinder it holds (the last file has 0 there and runs to its end). A
 * single-file image has sequence number 0. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sys/file.h>
#include "dasd/cckd.h"
#include "devices/ebcdic.h"

/* What dasdinit writes on a labelled volume: IPL1 (a PSW and two CCWs that end in a
 * wait), IPL2 (empty) and VOL1 pointing the VTOC at cylinder 0 head 1 record 1. */
static const uint8_t dasd_ipl1_data[24] = {
    0x00, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0f, 0x03, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};
enum { DASD_IPL2_DL = 144, DASD_VOL1_DL = 80, DASD_LABEL_REC = 3 };
/* Largest file dasdinit writes without -lfs. */
#define DASD_SPLIT_LIMIT 0x7fffffffULL
static const char dasd_owner[] = "HERCULES";

int dasd_fail(char *err, size_t errlen, const char *path, const char *fmt, ...)
{
    char why[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    snprintf(err, errlen, "%s: %s", path ? path : "DASD image", why);
    return -1;
}

#define get_le32 dasd_le32
#define put_le32 dasd_put_le32
#define get_be16 dasd_be16
#define put_be16 dasd_put_be16

/* ---- track images ---------------------------------------------------------------- */

static bool dasd_is_eot(const uint8_t *p)
{
    static const uint8_t eot[DASD_EOT_SIZE] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
    return memcmp(p, eot, DASD_EOT_SIZE) == 0;
}

/* Check a track image: the home address of (cyl, head), records that fit the slot,
 * an end marker. Returns a reason or NULL. */
const char *dasd_track_check(const uint8_t *trk, uint32_t trksize, uint32_t cyl, uint32_t head)
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

size_t dasd_track_len(const uint8_t *trk, uint32_t trksize)
{
    size_t off = DASD_HA_SIZE;
    while (off + DASD_EOT_SIZE <= trksize && !dasd_is_eot(trk + off))
        off += DASD_COUNT_SIZE + trk[off + 5] + get_be16(trk + off + 6);
    return off + DASD_EOT_SIZE;
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

void dasd_put_rec(uint8_t *trk, size_t *off, uint32_t cyl, uint32_t head, uint8_t r,
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
void dasd_format_track(uint8_t *trk, uint32_t trksize, uint32_t cyl, uint32_t head,
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

void dasd_make_header(uint8_t hdr[DASD_HDR_SIZE], const char *id, const struct dasd_geom *g)
{
    memset(hdr, 0, DASD_HDR_SIZE);
    memcpy(hdr, id, DASD_ID_LEN);
    put_le32(hdr + 8, g->heads);
    put_le32(hdr + 12, g->trksize);
    hdr[16] = (uint8_t)g->devtype;
}

const struct dasd_geom *dasd_header_geom(const uint8_t *hdr, const char *path, char *err,
                                         size_t errlen)
{
    const struct dasd_geom *g = dasd_geom_by_byte(hdr[16]);
    if (!g) {
        dasd_fail(err, errlen, path, "unsupported device type X'%02X'", hdr[16]);
        return NULL;
    }
    uint32_t heads = get_le32(hdr + 8), trksize = get_le32(hdr + 12);
    if (heads != g->heads || trksize != g->trksize) {
        dasd_fail(err, errlen, path, "impossible geometry for a %s: %u heads, track size %u",
                  g->type, heads, trksize);
        return NULL;
    }
    return g;
}

int dasd_split_name(const char *path, unsigned seq, char *out, size_t outlen)
{
    if (seq < 1 || seq > DASD_MAX_FILES)
        return -1;
    const char *slash = strrchr(path, '/');
    const char *dot = strchr(slash ? slash + 1 : path, '.');
    size_t stem = dot ? (size_t)(dot - path) : strlen(path);
    int n = snprintf(out, outlen, "%.*s_%u%s", (int)stem, path, seq, dot ? dot : "");
    return n < 0 || (size_t)n >= outlen ? -1 : 0;
}

/* The name of file seq when the first file of a split volume is path: Hercules
 * replaces the character before the first dot after the last slash (the "1"). */
static int dasd_next_name(const char *path, unsigned seq, char *out, size_t outlen)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strchr(slash ? slash + 1 : path, '.');
    size_t at = dot ? (size_t)(dot - path) : strlen(path);
    if (at == 0 || strlen(path) >= outlen || (slash && path + at == slash + 1))
        return -1;
    snprintf(out, outlen, "%s", path);
    out[at - 1] = (char)('0' + seq);
    return 0;
}

static void dasd_state_free(struct dasd_image *img)
{
    struct dasd_state *st = img->st;
    if (!st)
        return;
    for (uint32_t i = 1; i < st->nfiles; i++)
        if (st->files[i].fd >= 0)
            close(st->files[i].fd);
    pthread_mutex_destroy(&st->lock);
    free(st->null_trk);
    free(st->cbuf);
    free(st);
    img->st = NULL;
}

/* Check one file of an uncompressed volume and add it to the image. */
static int dasd_ckd_file(struct dasd_image *img, int fd, const char *path, const uint8_t *hdr,
                         off_t size, unsigned seq, char *err, size_t errlen)
{
    struct dasd_state *st = img->st;
    const struct dasd_geom *g = dasd_header_geom(hdr, path, err, errlen);
    if (!g)
        return -1;
    if (img->geom && g != img->geom)
        return dasd_fail(err, errlen, path, "device type differs from the first file's");
    if (hdr[17] != seq)
        return dasd_fail(err, errlen, path, "file sequence number %u where %u was expected%s",
                         hdr[17], seq, hdr[17] > 1 && st->nfiles == 0 ?
                         " (open the first file of a split volume, the one named _1)" : "");
    uint64_t cylbytes = (uint64_t)g->heads * g->trksize, body = (uint64_t)size - DASD_HDR_SIZE;
    if (body == 0 || body % cylbytes != 0)
        return dasd_fail(err, errlen, path, "truncated: %llu bytes after the header is not a "
                         "whole number of %llu-byte cylinders",
                         (unsigned long long)body, (unsigned long long)cylbytes);
    uint32_t lo = st->nfiles ? st->files[st->nfiles - 1].hi + 1 : 0;
    uint64_t n = body / cylbytes, hicyl = hdr[18] | (uint32_t)hdr[19] << 8;
    if (lo + n - 1 > DASD_MAX_CYLS)
        return dasd_fail(err, errlen, path, "impossible geometry: %llu cylinders",
                         (unsigned long long)(lo + n));
    if (hicyl != 0 && hicyl != lo + n - 1)
        return dasd_fail(err, errlen, path, "truncated: holds cylinders %u-%llu, the header "
                         "says up to %llu", lo, (unsigned long long)(lo + n - 1),
                         (unsigned long long)hicyl);
    if (seq == 0 && hicyl != 0)
        return dasd_fail(err, errlen, path, "highest cylinder set in a single-file image");
    st->files[st->nfiles++] = (struct dasd_file){ .fd = fd, .lo = lo, .hi = (uint32_t)(lo + n - 1) };
    img->geom = g;
    img->cyls = (uint32_t)(lo + n);
    return 0;
}

static int dasd_read_header(int fd, const char *path, uint8_t *hdr, off_t *size, char *err,
                            size_t errlen)
{
    struct stat st;
    if (fstat(fd, &st) != 0)
        return dasd_fail(err, errlen, path, "%s", strerror(errno));
    if (!S_ISREG(st.st_mode))
        return dasd_fail(err, errlen, path, "not a regular file");
    if (st.st_size < DASD_HDR_SIZE || dasd_read_all(fd, hdr, DASD_HDR_SIZE, 0) != 0)
        return dasd_fail(err, errlen, path, "truncated: no complete %d-byte device header",
                         DASD_HDR_SIZE);
    *size = st.st_size;
    return 0;
}

/* The further files of a split volume whose first file is open. */
static int dasd_open_rest(struct dasd_image *img, const uint8_t *hdr1, char *err, size_t errlen)
{
    const uint8_t *hdr = hdr1;
    uint8_t next[DASD_HDR_SIZE];
    for (unsigned seq = 2; hdr[18] != 0 || hdr[19] != 0; seq++) {
        char name[sizeof img->path];
        if (seq > DASD_MAX_FILES || dasd_next_name(img->path, seq, name, sizeof name) != 0)
            return dasd_fail(err, errlen, img->path, "split volume: cannot name file %u", seq);
        int fd = open(name, img->readonly ? O_RDONLY : O_RDWR);
        if (fd < 0)
            return dasd_fail(err, errlen, name, "file %u of split volume %s: %s", seq, img->path,
                             strerror(errno));
        off_t size;
        if (dasd_read_header(fd, name, next, &size, err, errlen) != 0 ||
            memcmp(next, DASD_ID_CKD, DASD_ID_LEN) != 0 ||
            dasd_ckd_file(img, fd, name, next, size, seq, err, errlen) != 0) {
            if (memcmp(next, DASD_ID_CKD, DASD_ID_LEN) != 0 && !strstr(err, name))
                dasd_fail(err, errlen, name, "not a CKD image (no CKD_P370 header)");
            close(fd);
            return -1;
        }
        img->nfiles = img->st->nfiles;
        hdr = next;
    }
    return 0;
}

int dasd_open(struct dasd_image *img, const char *path, bool readonly, char *err, size_t errlen)
{
    memset(img, 0, sizeof *img);
    snprintf(img->path, sizeof img->path, "%s", path);
    img->fd = -1;
    img->readonly = readonly;
    img->st = calloc(1, sizeof *img->st);
    if (!img->st)
        return dasd_fail(err, errlen, path, "out of memory");
    pthread_mutex_init(&img->st->lock, NULL);
    img->fd = open(path, readonly ? O_RDONLY : O_RDWR);
    if (img->fd < 0) {
        dasd_fail(err, errlen, path, "%s", strerror(errno));
        dasd_state_free(img);
        return -1;
    }
    uint8_t hdr[DASD_HDR_SIZE];
    off_t size;
    int rc = dasd_read_header(img->fd, path, hdr, &size, err, errlen);
    /* One writer per image: a second s370 must not update the same CCKD tables. */
    if (rc == 0 && !readonly && flock(img->fd, LOCK_EX | LOCK_NB) != 0)
        rc = dasd_fail(err, errlen, path, "in use by another process (locked)");
    if (rc != 0)
        ;
    else if (memcmp(hdr, DASD_ID_CCKD, DASD_ID_LEN) == 0) {
        img->format = DASD_FMT_CCKD;
        img->nfiles = 1;
        img->st->nfiles = 1;
        img->st->files[0] = (struct dasd_file){ .fd = img->fd };
        rc = cckd_open(img, hdr, err, errlen);
    } else if (memcmp(hdr, DASD_ID_CCKS, DASD_ID_LEN) == 0)
        rc = dasd_fail(err, errlen, path, "CCKD shadow files (CKD_S370) are not supported");
    else if (memcmp(hdr, DASD_ID_CKD, DASD_ID_LEN) != 0)
        rc = dasd_fail(err, errlen, path, "not a CKD image (no CKD_P370 or CKD_C370 header)");
    else {
        img->format = DASD_FMT_CKD;
        rc = dasd_ckd_file(img, img->fd, path, hdr, size, hdr[17] ? 1 : 0, err, errlen);
        img->nfiles = img->st->nfiles;
        if (rc == 0 && hdr[17])
            rc = dasd_open_rest(img, hdr, err, errlen);
    }
    if (rc != 0) {
        close(img->fd);
        img->fd = -1;
        dasd_state_free(img);
    }
    return rc;
}

void dasd_close(struct dasd_image *img)
{
    if (img->st && img->st->cckd) {
        char err[600];
        if (cckd_close(img, err, sizeof err) != 0)
            fprintf(stderr, "s370: %s\n", err);     /* nobody else can be told */
    }
    dasd_state_free(img);
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

int dasd_write_all(int fd, const uint8_t *buf, size_t len, off_t at)
{
    while (len) {
        ssize_t n = pwrite(fd, buf, len, at);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = ENOSPC;
            return -1;
        }
        buf += n;
        len -= (size_t)n;
        at += n;
    }
    return 0;
}

int dasd_read_all(int fd, uint8_t *buf, size_t len, off_t at)
{
    while (len) {
        ssize_t n = pread(fd, buf, len, at);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = EIO;        /* short: the file ends early */
            return -1;
        }
        buf += n;
        len -= (size_t)n;
        at += n;
    }
    return 0;
}

/* Write one file of a CKD volume: header, then cylinders lo..hi (progress counted
 * against total). */
static int dasd_write_file(int fd, const struct dasd_geom *g, uint8_t seq, uint32_t hicyl,
                           uint32_t lo, uint32_t hi, uint32_t total, const char *vol,
                           const struct dasd_create_opts *o)
{
    uint8_t hdr[DASD_HDR_SIZE];
    dasd_make_header(hdr, DASD_ID_CKD, g);
    hdr[17] = seq;
    hdr[18] = (uint8_t)hicyl;
    hdr[19] = (uint8_t)(hicyl >> 8);
    if (dasd_write_all(fd, hdr, sizeof hdr, 0) != 0)
        return -1;
    size_t cylbytes = (size_t)g->heads * g->trksize;
    uint8_t *buf = malloc(cylbytes);
    if (!buf)
        return -1;
    int rc = 0;
    for (uint32_t c = lo; c <= hi && rc == 0; c++) {
        for (uint32_t h = 0; h < g->heads; h++)
            dasd_format_track(buf + (size_t)h * g->trksize, g->trksize, c, h, vol);
        rc = dasd_write_all(fd, buf, cylbytes, DASD_HDR_SIZE + (off_t)(c - lo) * (off_t)cylbytes);
        if (o->progress)
            o->progress(o->ctx, c + 1, total);
    }
    free(buf);
    return rc;
}

/* An uncompressed volume, in several files if it is over 2 GB and not lfs. */
static int dasd_create_ckd(const char *path, const struct dasd_geom *g, uint32_t cyls,
                           const char *vol, const struct dasd_create_opts *o, char *err,
                           size_t errlen)
{
    uint64_t cylbytes = (uint64_t)g->heads * g->trksize;
    uint32_t per = cyls, nfiles = 1;
    if (!o->lfs && DASD_HDR_SIZE + cyls * cylbytes > DASD_SPLIT_LIMIT) {
        per = (uint32_t)((DASD_SPLIT_LIMIT - DASD_HDR_SIZE) / cylbytes);
        nfiles = (cyls + per - 1) / per;
        if (nfiles > DASD_MAX_FILES)
            return dasd_fail(err, errlen, path, "%u cylinders need more than %d files of 2 GB; "
                             "use one large file (--lfs)", cyls, DASD_MAX_FILES);
    }
    char names[DASD_MAX_FILES][600];
    uint32_t made = 0;
    int rc = 0, saved = 0;
    for (uint32_t i = 0; i < nfiles && rc == 0; i++) {
        if (nfiles == 1)
            snprintf(names[i], sizeof names[i], "%s", path);
        else if (dasd_split_name(path, i + 1, names[i], sizeof names[i]) != 0) {
            rc = dasd_fail(err, errlen, path, "name too long for a split volume");
            break;
        }
        int fd = open(names[i], O_WRONLY | O_CREAT | O_EXCL, 0644);
        if (fd < 0) {
            rc = dasd_fail(err, errlen, names[i], "%s", strerror(errno));
            break;
        }
        made++;
        uint32_t lo = i * per, hi = i + 1 == nfiles ? cyls - 1 : lo + per - 1;
        rc = dasd_write_file(fd, g, (uint8_t)(nfiles == 1 ? 0 : i + 1),
                             i + 1 == nfiles ? 0 : hi, lo, hi, cyls, vol, o);
        saved = errno;
        if (close(fd) != 0 && rc == 0) {
            rc = -1;
            saved = errno;
        }
        if (rc != 0)
            dasd_fail(err, errlen, names[i], "cannot write: %s", strerror(saved));
    }
    if (rc != 0)
        for (uint32_t i = 0; i < made; i++)
            unlink(names[i]);
    return rc;
}

int dasd_create_ex(const char *path, const struct dasd_geom *g, uint32_t cyls, const char *volser,
                   const struct dasd_create_opts *o, char *err, size_t errlen)
{
    static const struct dasd_create_opts none = { .comp = DASD_CKD };
    if (!o)
        o = &none;
    char vol[7] = "      ";
    if (o->raw)
        volser = NULL;
    if (volser) {
        if (!dasd_volser_ok(volser))
            return dasd_fail(err, errlen, path, "volume serial '%s' is not 1-6 of A-Z 0-9 @ # $",
                             volser);
        memcpy(vol, volser, strlen(volser));
    }
    if (cyls == 0)
        cyls = g->cyls + (o->alt ? g->altcyls : 0);
    if (cyls > DASD_MAX_CYLS)
        return dasd_fail(err, errlen, path, "impossible geometry: %u cylinders", cyls);
    if (o->comp != DASD_CKD)
        return cckd_create(path, g, cyls, volser ? vol : NULL, o->comp == DASD_CCKD_ZLIB ? 1 : 0,
                           err, errlen);
    return dasd_create_ckd(path, g, cyls, volser ? vol : NULL, o, err, errlen);
}

int dasd_create(const char *path, const struct dasd_geom *g, uint32_t cyls, const char *volser,
                char *err, size_t errlen)
{
    return dasd_create_ex(path, g, cyls, volser, NULL, err, errlen);
}

/* The file and offset of track (cyl, head) of an uncompressed image. */
static const struct dasd_file *dasd_track_file(const struct dasd_image *img, uint32_t cyl,
                                               uint32_t head, off_t *pos)
{
    const struct dasd_state *st = img->st;
    uint32_t i = 0;
    while (i + 1 < st->nfiles && cyl > st->files[i].hi)
        i++;
    *pos = DASD_HDR_SIZE + ((off_t)(cyl - st->files[i].lo) * img->geom->heads + head) *
                               (off_t)img->geom->trksize;
    return &st->files[i];
}

static int dasd_check_addr(const struct dasd_image *img, uint32_t cyl, uint32_t head, char *err,
                           size_t errlen)
{
    if (!img->st)
        return dasd_fail(err, errlen, img->path, "image is not open");
    if (cyl >= img->cyls || head >= img->geom->heads)
        return dasd_fail(err, errlen, img->path, "track (%u,%u) is outside %u cylinders x %u heads",
                         cyl, head, img->cyls, img->geom->heads);
    return 0;
}

static int dasd_ckd_read(const struct dasd_image *img, uint32_t cyl, uint32_t head, uint8_t *buf,
                         char *err, size_t errlen)
{
    off_t pos;
    const struct dasd_file *f = dasd_track_file(img, cyl, head, &pos);
    if (dasd_read_all(f->fd, buf, img->geom->trksize, pos) != 0)
        return dasd_fail(err, errlen, img->path, "track (%u,%u): %s", cyl, head,
                         errno == EIO ? "short read" : strerror(errno));
    const char *why = dasd_track_check(buf, img->geom->trksize, cyl, head);
    if (why)
        return dasd_fail(err, errlen, img->path, "track (%u,%u): %s", cyl, head, why);
    return 0;
}

int dasd_read_track(const struct dasd_image *img, uint32_t cyl, uint32_t head, uint8_t *buf,
                    char *err, size_t errlen)
{
    if (dasd_check_addr(img, cyl, head, err, errlen) != 0)
        return -1;
    pthread_mutex_lock(&img->st->lock);
    int rc = img->format == DASD_FMT_CCKD ? cckd_read_track(img, cyl, head, buf, err, errlen)
                                          : dasd_ckd_read(img, cyl, head, buf, err, errlen);
    pthread_mutex_unlock(&img->st->lock);
    return rc;
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
    pthread_mutex_lock(&img->st->lock);
    int rc = 0;
    if (img->format == DASD_FMT_CCKD)
        rc = cckd_write_track(img, cyl, head, buf, err, errlen);
    else {
        off_t pos;
        const struct dasd_file *f = dasd_track_file(img, cyl, head, &pos);
        if (dasd_write_all(f->fd, buf, img->geom->trksize, pos) != 0)
            rc = dasd_fail(err, errlen, img->path, "track (%u,%u): %s", cyl, head,
                           strerror(errno));
    }
    pthread_mutex_unlock(&img->st->lock);
    return rc;
}

int dasd_sync(const struct dasd_image *img, char *err, size_t errlen)
{
    if (!img->st)
        return dasd_fail(err, errlen, img->path, "image is not open");
    int rc = 0;
    pthread_mutex_lock(&img->st->lock);
    for (uint32_t i = 0; i < img->st->nfiles && rc == 0; i++)
        if (fdatasync(img->st->files[i].fd) != 0)
            rc = dasd_fail(err, errlen, img->path, "sync: %s", strerror(errno));
    pthread_mutex_unlock(&img->st->lock);
    return rc;
}

void dasd_space(const struct dasd_image *img, struct dasd_space *sp)
{
    memset(sp, 0, sizeof *sp);
    if (!img->st)
        return;
    pthread_mutex_lock(&img->st->lock);
    if (img->format == DASD_FMT_CCKD)
        cckd_space(img, sp);
    else
        for (uint32_t i = 0; i < img->st->nfiles; i++) {
            struct stat st;
            if (fstat(img->st->files[i].fd, &st) == 0)
                sp->size += (uint64_t)st.st_size;
            sp->used = sp->size;
        }
    pthread_mutex_unlock(&img->st->lock);
}

/* Check an uncompressed image: it opens, and every track reads back sound. */
static int dasd_check_ckd(const char *path, FILE *out, char *err, size_t errlen)
{
    struct dasd_image img;
    if (dasd_open(&img, path, true, err, errlen) != 0)
        return -1;
    uint8_t *trk = malloc(img.geom->trksize);
    if (!trk) {
        dasd_close(&img);
        return dasd_fail(err, errlen, path, "out of memory");
    }
    uint32_t bad = 0;
    char why[600];
    for (uint32_t c = 0; c < img.cyls; c++)
        for (uint32_t h = 0; h < img.geom->heads; h++)
            if (dasd_read_track(&img, c, h, trk, why, sizeof why) != 0) {
                if (out)
                    fprintf(out, "%s\n", why);
                bad++;
            }
    if (out)
        fprintf(out, "%s: CKD image, %u cylinders in %u file(s), %u bad track(s)%s\n", path,
                img.cyls, img.nfiles, bad, bad ? " (uncompressed images are not repaired)" : "");
    free(trk);
    dasd_close(&img);
    return bad ? 1 : 0;
}

int dasd_check(const char *path, bool repair, FILE *out, char *err, size_t errlen)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return dasd_fail(err, errlen, path, "%s", strerror(errno));
    uint8_t hdr[DASD_HDR_SIZE];
    off_t size;
    int rc = dasd_read_header(fd, path, hdr, &size, err, errlen);
    close(fd);
    if (rc != 0)
        return -1;
    if (memcmp(hdr, DASD_ID_CCKD, DASD_ID_LEN) == 0)
        return cckd_check(path, repair, out, err, errlen);
    if (memcmp(hdr, DASD_ID_CKD, DASD_ID_LEN) == 0)
        return dasd_check_ckd(path, out, err, errlen);
    return dasd_fail(err, errlen, path, "not a CKD image (no CKD_P370 or CKD_C370 header)");
}

int dasd_volser(const struct dasd_image *img, char volser[7])
{
    uint8_t *trk = malloc(img->geom->trksize);
    char err[600];
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
