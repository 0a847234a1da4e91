/* awstape.c - AWSTAPE and HET tape image files (layout in awstape.h; the formats
 * are described in Hercules' hercconf.html, "AWSTAPE virtual files" and "HET
 * virtual files"). */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include "devices/awstape.h"

/* Chunk header flag byte 1. */
enum {
    HF_BOR = 0x80,          /* first chunk of a block */
    HF_TM = 0x40,           /* tapemark */
    HF_EOR = 0x20,          /* last chunk of a block */
    HF_METHOD = 0x03,       /* HET compression method */
};
enum { METHOD_NONE = 0, METHOD_ZLIB = 1, METHOD_BZIP2 = 2 };
#define HF2_BUSTECH 0x80    /* flag byte 2: Bus-Tech zlib, not supported */

/* A stored block may be a little longer than TAPE_MAXBLOCK only if compressed
 * data grew; writers store such blocks uncompressed, so twice is generous. */
#define RAWCAP (2u * TAPE_MAXBLOCK)

struct chunk {
    uint16_t len, prev;
    uint8_t f1, f2;
};

static enum tape_rc bad(struct tape_file *t, enum tape_rc rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static enum tape_rc bad(struct tape_file *t, enum tape_rc rc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(t->why, sizeof t->why, fmt, ap);
    va_end(ap);
    return rc;
}

/* ---- options ------------------------------------------------------------------ */

void tape_opts_default(struct tape_opts *o)
{
    memset(o, 0, sizeof *o);
    o->compress = true;
    o->level = 4;
    o->chunksize = TAPE_MAXBLOCK;
}

static bool opt_value(const char *arg, const char *name, unsigned long long *v)
{
    size_t n = strlen(name);
    if (strncasecmp(arg, name, n) || arg[n] != '=' || !arg[n + 1]) return false;
    char *end;
    errno = 0;
    *v = strtoull(arg + n + 1, &end, 10);
    return !*end && !errno;
}

static bool opt_is(const char *arg, const char *name) { return !strcasecmp(arg, name); }

int tape_opt_parse(struct tape_opts *o, const char *a, char *err, size_t errlen)
{
    unsigned long long v;
    if (opt_is(a, "ro") || opt_is(a, "noring")) o->ro = true;
    else if (opt_is(a, "rw") || opt_is(a, "ring")) o->ro = false;
    else if (opt_is(a, "awstape")) o->awsfmt = true;
    else if (opt_is(a, "noautomount")) return 0;
    else if (opt_value(a, "readonly", &v) && v <= 1) o->ro = v;
    else if ((opt_value(a, "compress", &v) || opt_value(a, "idrc", &v)) && v <= 1) o->compress = v;
    else if (opt_value(a, "method", &v) && v == 1) return 0;
    else if (opt_value(a, "method", &v) && v == 2) {
        snprintf(err, errlen, "%s: bzip2 compression is not supported (use method=1)", a);
        return -1;
    } else if (opt_value(a, "level", &v) && v >= 1 && v <= 9) o->level = (int)v;
    else if (opt_value(a, "chunksize", &v) && v >= 4096 && v <= TAPE_MAXBLOCK) o->chunksize = (unsigned)v;
    else if (opt_value(a, "maxsize", &v)) o->maxsize = v;
    else if (opt_value(a, "maxsizek", &v) && v < (1ull << 40)) o->maxsize = v << 10;
    else if (opt_value(a, "maxsizem", &v) && v < (1ull << 30)) o->maxsize = v << 20;
    else if (opt_value(a, "eotmargin", &v)) o->eotmargin = v;
    else if (opt_value(a, "deonirq", &v) && v <= 1) return 0;
    else {
        snprintf(err, errlen, "tape option %s not recognised or out of range", a);
        return -1;
    }
    return 0;
}

/* ---- host I/O ----------------------------------------------------------------- */

/* Read up to len bytes at off; the count, or -1 on a host error. */
static ssize_t read_at(int fd, void *buf, size_t len, off_t off)
{
    size_t got = 0;
    while (got < len) {
        ssize_t n = pread(fd, (uint8_t *)buf + got, len - got, off + (off_t)got);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return -1;
        if (n == 0) break;
        got += (size_t)n;
    }
    return (ssize_t)got;
}

static int write_at(int fd, const void *buf, size_t len, off_t off)
{
    size_t put = 0;
    while (put < len) {
        ssize_t n = pwrite(fd, (const uint8_t *)buf + put, len - put, off + (off_t)put);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return -1;
        put += (size_t)n;
    }
    return 0;
}

static void hdr_pack(uint8_t h[TAPE_HDRLEN], uint16_t len, uint16_t prev, uint8_t f1)
{
    h[0] = (uint8_t)len; h[1] = (uint8_t)(len >> 8);
    h[2] = (uint8_t)prev; h[3] = (uint8_t)(prev >> 8);
    h[4] = f1; h[5] = 0;
}

/* The header at off: TAPE_OK, TAPE_EOD at the end of the file, or an error. */
static enum tape_rc hdr_read(struct tape_file *t, off_t off, struct chunk *c)
{
    uint8_t h[TAPE_HDRLEN];
    ssize_t n = read_at(t->fd, h, sizeof h, off);
    if (n < 0) return bad(t, TAPE_EIO, "read error at offset %lld: %s", (long long)off, strerror(errno));
    if (n == 0) return TAPE_EOD;
    if (n < TAPE_HDRLEN)
        return bad(t, TAPE_EBAD, "truncated block header at offset %lld (%zd of 6 bytes)",
                   (long long)off, n);
    c->len = (uint16_t)(h[0] | h[1] << 8);
    c->prev = (uint16_t)(h[2] | h[3] << 8);
    c->f1 = h[4];
    c->f2 = h[5];
    return TAPE_OK;
}

static off_t file_size(struct tape_file *t)
{
    struct stat st;
    return fstat(t->fd, &st) ? -1 : st.st_size;
}

/* ---- open, create, close ----------------------------------------------------- */

bool tape_name_is_het(const char *path)
{
    size_t n = strlen(path);
    return n >= 4 && !strcasecmp(path + n - 4, ".het");
}

/* HET by name, or by a compressed first block (Hercules detects both ways). */
static int detect_format(struct tape_file *t)
{
    struct chunk c;
    if (tape_name_is_het(t->path)) return TAPE_FMT_HET;
    if (hdr_read(t, 0, &c) == TAPE_OK && (c.f1 & HF_METHOD)) return TAPE_FMT_HET;
    return TAPE_FMT_AWS;
}

int tape_open(struct tape_file *t, const char *path, const struct tape_opts *o,
              char *err, size_t errlen)
{
    memset(t, 0, sizeof *t);
    t->fd = -1;
    t->opt = *o;
    snprintf(t->path, sizeof t->path, "%s", path);
    t->ro = o->ro;
    if (!t->ro) {
        t->fd = open(path, O_RDWR | O_CLOEXEC);
        if (t->fd < 0 && (errno == EACCES || errno == EROFS || errno == EPERM)) t->ro = true;
    }
    if (t->fd < 0) t->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (t->fd < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(t->fd, &st) || !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "%s: not a regular file", path);
        close(t->fd);
        t->fd = -1;
        return -1;
    }
    t->raw = malloc(RAWCAP);
    t->blk = malloc(TAPE_MAXBLOCK);
    if (!t->raw || !t->blk) {
        snprintf(err, errlen, "out of memory");
        tape_close(t);
        return -1;
    }
    t->fmt = detect_format(t);
    return 0;
}

void tape_close(struct tape_file *t)
{
    if (t->fd >= 0) close(t->fd);
    t->fd = -1;
    free(t->raw);
    free(t->blk);
    t->raw = t->blk = NULL;
}

int tape_create(const char *path, char *err, size_t errlen)
{
    uint8_t two_tm[2 * TAPE_HDRLEN];
    hdr_pack(two_tm, 0, 0, HF_TM);
    hdr_pack(two_tm + TAPE_HDRLEN, 0, 0, HF_TM);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0 || write_at(fd, two_tm, sizeof two_tm, 0) || close(fd)) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        if (fd >= 0) close(fd);
        return -1;
    }
    return 0;
}

/* ---- reading ------------------------------------------------------------------ */

/* Join the chunks of the block at t->pos into t->raw (data only when want). On
 * TAPE_OK *end is the offset after the block, *method its compression, *last the
 * length of its last chunk. */
static enum tape_rc chunks_read(struct tape_file *t, bool want, off_t *end, int *method,
                                uint32_t *rawlen, uint16_t *last)
{
    off_t at = t->pos, size = file_size(t);
    uint16_t prev = t->prevlen;
    bool first = true;
    *rawlen = 0;
    for (;;) {
        struct chunk c;
        enum tape_rc rc = hdr_read(t, at, &c);
        if (rc == TAPE_EOD && !first)
            return bad(t, TAPE_EBAD, "file ends inside a block at offset %lld", (long long)at);
        if (rc) return rc;
        if (c.prev != prev)
            return bad(t, TAPE_EBAD, "header at offset %lld: previous length %u, expected %u",
                       (long long)at, c.prev, prev);
        if (c.f1 & HF_TM) {
            if (!first || c.len)
                return bad(t, TAPE_EBAD, "misplaced tapemark header at offset %lld", (long long)at);
            *end = at + TAPE_HDRLEN;
            *last = 0;
            return TAPE_TM;
        }
        if (first != !!(c.f1 & HF_BOR))
            return bad(t, TAPE_EBAD, "header at offset %lld: chunk out of order (flags %02X)",
                       (long long)at, c.f1);
        if (!first && (c.f1 & HF_METHOD) != *method)
            return bad(t, TAPE_EBAD, "header at offset %lld: compression changes inside a block",
                       (long long)at);
        *method = c.f1 & HF_METHOD;
        if (c.f2 & HF2_BUSTECH)
            return bad(t, TAPE_EUNSUP, "Bus-Tech compressed block not supported");
        if (*rawlen + c.len > RAWCAP)
            return bad(t, TAPE_EBAD, "block at offset %lld is too long", (long long)t->pos);
        off_t data = at + TAPE_HDRLEN;
        if (size < 0 || data + c.len > size)
            return bad(t, TAPE_EBAD, "truncated block at offset %lld (%u bytes announced, %lld present)",
                       (long long)at, c.len, (long long)(size - data));
        if (want && read_at(t->fd, t->raw + *rawlen, c.len, data) != c.len)
            return bad(t, TAPE_EIO, "read error at offset %lld", (long long)data);
        *rawlen += c.len;
        prev = c.len;
        at = data + c.len;
        first = false;
        if (c.f1 & HF_EOR) break;
    }
    *end = at;
    *last = prev;
    return TAPE_OK;
}

/* Turn the stored block in t->raw into the program's block in buf. */
static enum tape_rc block_decode(struct tape_file *t, int method, uint32_t rawlen,
                                 uint8_t *buf, uint32_t *len)
{
    switch (method) {
    case METHOD_NONE:
        if (rawlen > TAPE_MAXBLOCK)
            return bad(t, TAPE_EBAD, "block at offset %lld is too long", (long long)t->pos);
        memcpy(buf, t->raw, rawlen);
        *len = rawlen;
        return TAPE_OK;
    case METHOD_ZLIB: {
        uLongf out = TAPE_MAXBLOCK;
        if (uncompress(buf, &out, t->raw, rawlen) != Z_OK)
            return bad(t, TAPE_EBAD, "bad zlib-compressed block at offset %lld", (long long)t->pos);
        *len = (uint32_t)out;
        return TAPE_OK;
    }
    case METHOD_BZIP2:
        return bad(t, TAPE_EUNSUP, "bzip2-compressed block not supported");
    default:
        return bad(t, TAPE_EBAD, "unknown compression method at offset %lld", (long long)t->pos);
    }
}

/* Read forward one block or tapemark; the position moves only on success. */
static enum tape_rc read_fwd(struct tape_file *t, uint8_t *buf, uint32_t *len)
{
    off_t end = t->pos;
    int method = 0;
    uint32_t rawlen;
    uint16_t last = 0;
    enum tape_rc rc = chunks_read(t, buf != NULL, &end, &method, &rawlen, &last);
    if (rc == TAPE_OK && buf) rc = block_decode(t, method, rawlen, buf, len);
    if (rc != TAPE_OK && rc != TAPE_TM) return rc;
    t->lastraw = rawlen;
    t->pos = end;
    t->prevlen = last;
    t->blockno++;
    return rc;
}

enum tape_rc tape_read(struct tape_file *t, uint8_t *buf, uint32_t *len)
{
    *len = 0;
    return read_fwd(t, buf, len);
}

/* Find the start of the block or tapemark before t->pos: *start and the previous
 * length its header carries. */
static enum tape_rc find_prev(struct tape_file *t, off_t *start, uint16_t *prev, bool *tm)
{
    off_t at = t->pos;
    uint16_t len = t->prevlen;
    for (bool last = true;; last = false) {
        off_t h = at - TAPE_HDRLEN - len;
        if (h < 0)
            return bad(t, TAPE_EBAD, "previous length %u at offset %lld points before the file",
                       len, (long long)at);
        struct chunk c;
        enum tape_rc rc = hdr_read(t, h, &c);
        if (rc == TAPE_EOD) rc = bad(t, TAPE_EBAD, "no header at offset %lld", (long long)h);
        if (rc) return rc;
        if (c.len != len)
            return bad(t, TAPE_EBAD, "header at offset %lld: length %u, the next header says %u",
                       (long long)h, c.len, len);
        bool is_tm = c.f1 & HF_TM;
        if (is_tm && !last)
            return bad(t, TAPE_EBAD, "misplaced tapemark header at offset %lld", (long long)h);
        if (!is_tm && last && !(c.f1 & HF_EOR))
            return bad(t, TAPE_EBAD, "header at offset %lld: block without its last chunk",
                       (long long)h);
        if (is_tm || (c.f1 & HF_BOR)) {
            *start = h;
            *prev = c.prev;
            *tm = is_tm;
            return TAPE_OK;
        }
        at = h;
        len = c.prev;
    }
}

/* Read the previous block (into buf when not NULL) and move before it. */
static enum tape_rc read_back(struct tape_file *t, uint8_t *buf, uint32_t *len)
{
    if (t->pos == 0) return TAPE_LOADPT;
    off_t start = 0, end = t->pos;
    uint16_t prev = 0, endprev = t->prevlen;
    uint32_t blockno = t->blockno;
    bool tm;
    enum tape_rc rc = find_prev(t, &start, &prev, &tm);
    if (rc) return rc;
    t->pos = start;
    t->prevlen = prev;
    rc = read_fwd(t, buf, len);
    if ((rc == TAPE_OK || rc == TAPE_TM) && t->pos != end)
        rc = bad(t, TAPE_EBAD, "block at offset %lld does not end where the next begins",
                 (long long)start);
    if (rc != TAPE_OK && rc != TAPE_TM) {
        t->pos = end;
        t->prevlen = endprev;
        t->blockno = blockno;
        return rc;
    }
    t->pos = start;
    t->prevlen = prev;
    t->blockno = blockno ? blockno - 1 : 0;
    return rc;
}

enum tape_rc tape_read_back(struct tape_file *t, uint8_t *buf, uint32_t *len)
{
    *len = 0;
    return read_back(t, buf, len);
}

enum tape_rc tape_fsb(struct tape_file *t)
{
    uint32_t len;
    return read_fwd(t, NULL, &len);
}

enum tape_rc tape_bsb(struct tape_file *t)
{
    uint32_t len;
    return read_back(t, NULL, &len);
}

enum tape_rc tape_fsf(struct tape_file *t)
{
    enum tape_rc rc;
    while ((rc = tape_fsb(t)) == TAPE_OK) continue;
    return rc == TAPE_TM ? TAPE_OK : rc;
}

enum tape_rc tape_bsf(struct tape_file *t)
{
    enum tape_rc rc;
    while ((rc = tape_bsb(t)) == TAPE_OK) continue;
    return rc == TAPE_TM ? TAPE_OK : rc;
}

void tape_rewind(struct tape_file *t)
{
    t->pos = 0;
    t->prevlen = 0;
    t->blockno = 0;
}

/* ---- writing ------------------------------------------------------------------ */

/* Write the prepared bytes at the position and cut the file there. */
static enum tape_rc put_bytes(struct tape_file *t, const uint8_t *bytes, size_t n, uint16_t last)
{
    if (t->ro) return TAPE_EROFS;
    if (t->opt.maxsize && (uint64_t)t->pos + n > t->opt.maxsize) return TAPE_EFULL;
    if (write_at(t->fd, bytes, n, t->pos) || ftruncate(t->fd, t->pos + (off_t)n))
        return bad(t, TAPE_EIO, "write error at offset %lld: %s", (long long)t->pos, strerror(errno));
    t->pos += (off_t)n;
    t->prevlen = last;
    t->blockno++;
    return TAPE_OK;
}

enum tape_rc tape_write_tm(struct tape_file *t)
{
    uint8_t h[TAPE_HDRLEN];
    hdr_pack(h, 0, t->prevlen, HF_TM);
    return put_bytes(t, h, sizeof h, 0);
}

/* HET compresses a block when that makes it shorter (zlib stream, compress2). */
static const uint8_t *maybe_compress(struct tape_file *t, const uint8_t *buf, uint32_t *len,
                                     uint8_t *method)
{
    *method = METHOD_NONE;
    if (t->fmt != TAPE_FMT_HET || t->opt.awsfmt || !t->opt.compress || !*len) return buf;
    uLongf out = RAWCAP;
    if (compress2(t->raw, &out, buf, *len, t->opt.level) != Z_OK || out >= *len) return buf;
    *len = (uint32_t)out;
    *method = METHOD_ZLIB;
    return t->raw;
}

enum tape_rc tape_write(struct tape_file *t, const uint8_t *buf, uint32_t len)
{
    if (t->ro) return TAPE_EROFS;
    if (len > TAPE_MAXBLOCK) return bad(t, TAPE_EBAD, "block of %u bytes is too long", len);
    uint8_t method;
    const uint8_t *data = maybe_compress(t, buf, &len, &method);
    unsigned csize = t->opt.chunksize ? t->opt.chunksize : TAPE_MAXBLOCK;
    unsigned nchunks = len ? (len + csize - 1) / csize : 1;
    size_t total = len + (size_t)nchunks * TAPE_HDRLEN;
    uint8_t *out = malloc(total);
    if (!out) return bad(t, TAPE_EIO, "out of memory");
    uint16_t prev = t->prevlen;
    size_t o = 0;
    for (unsigned i = 0, done = 0; i < nchunks; i++) {
        uint16_t n = (uint16_t)(len - done < csize ? len - done : csize);
        uint8_t f1 = (uint8_t)((i == 0 ? HF_BOR : 0) | (i == nchunks - 1 ? HF_EOR : 0) | method);
        hdr_pack(out + o, n, prev, f1);
        memcpy(out + o + TAPE_HDRLEN, data + done, n);
        o += TAPE_HDRLEN + n;
        done += n;
        prev = n;
    }
    enum tape_rc rc = put_bytes(t, out, total, prev);
    free(out);
    return rc;
}

enum tape_rc tape_erase(struct tape_file *t)
{
    if (t->ro) return TAPE_EROFS;
    if (ftruncate(t->fd, t->pos))
        return bad(t, TAPE_EIO, "truncate at offset %lld: %s", (long long)t->pos, strerror(errno));
    return TAPE_OK;
}

/* ---- position ----------------------------------------------------------------- */

bool tape_at_loadpt(const struct tape_file *t) { return t->pos == 0; }

bool tape_at_eot(const struct tape_file *t)
{
    const struct tape_opts *o = &t->opt;
    if (!o->maxsize) return false;
    uint64_t mark = o->eotmargin < o->maxsize ? o->maxsize - o->eotmargin : 0;
    return (uint64_t)t->pos >= mark;
}

const char *tape_rc_str(enum tape_rc rc)
{
    static const char *const names[] = {
        [TAPE_OK] = "ok", [TAPE_TM] = "tapemark", [TAPE_EOD] = "end of recorded data",
        [TAPE_LOADPT] = "at load point", [TAPE_EBAD] = "damaged image",
        [TAPE_EUNSUP] = "unsupported compression", [TAPE_EIO] = "host I/O error",
        [TAPE_EROFS] = "read-only", [TAPE_EFULL] = "maximum size reached",
    };
    return (unsigned)rc < sizeof names / sizeof names[0] ? names[rc] : "?";
}
