/* cckd.c - compressed CKD images in the format of Hercules 3.x cckddasd (documented in
 * Hercules' cckddasd.html; checked against dasdinit -z, dasdcopy and cckdcdsk):
 *
 *   0     device header (512 bytes, as CKD_P370 but the eye-catcher is CKD_C370)
 *   512   compressed device header (512): version 0.3.1 (3 bytes), options (1), numl1,
 *         numl2 (256), file size, used, first free space, free total, largest free
 *         space, number of free spaces, imbedded free space, cylinders (4 bytes each),
 *         null track format (1), compression (1: 0 none, 1 zlib, 2 bzip2), compression
 *         parameter (2). Numbers are in the writer's byte order: option X'02' says
 *         big-endian; X'80' (OPENED) is on while a program has the file open
 *         read-write; dasdinit writes X'41'.
 *   1024  the L1 table: numl1 4-byte offsets of L2 tables, entry t/256 for track t
 *         (t = cyl * heads + head); 0 means all its tracks are empty.
 *   then, in any order: L2 tables (256 entries of offset 4, length 2, size 2; size >=
 *         length, the tail is "imbedded" free space), track images (5-byte header:
 *         compression byte, CC, HH; then the track from R0 to the end marker, zlib
 *         compressed or stored) and free spaces (offset of the next free space 4,
 *         length 4; the chain is in file order and written when the file is closed).
 *
 * An L2 entry with offset 0 is an empty track and its length says which: 1 is HA R0
 * EOT; 2 is HA R0 and twelve 4096-byte zero records (Linux dasdfmt, 3390); 0 is HA R0
 * R1(end of file) EOT, or the Linux track when the header's null format is 2. That is
 * what dasdinit -z leaves on all tracks but 0 and 1, and what dasdcopy reads back.
 *
 * bzip2: where libbz2 was found at build time (HAVE_BZLIB), a track Hercules
 * compressed with bzip2 (compression byte 2) is read; s370 itself writes zlib, each
 * track image says how it is compressed. Without libbz2 such a track is refused when
 * read, with a message naming the file and the track (`dasdcopy -z` converts it).
 *
 * Durability (what dasd_write_track promises when it returns 0):
 *   1. the new track image is written (pwrite) into space no table refers to: a free
 *      space or the end of the file. A crash now leaves the old image in force.
 *   2. if the track's group of 256 has no L2 table yet, a new table that already holds
 *      the new entry is written to unreferenced space likewise, then the 4-byte L1
 *      entry (the commit point for that case);
 *   3. otherwise the 8-byte L2 entry is written with one pwrite: the commit point. A
 *      kill cannot split one small pwrite, and the page cache outlives the process;
 *   4. only then is the old image's space freed (in memory) and may be reused.
 * The free-space chain and the statistics on disk are stale while the file is open:
 * opening read-write sets OPENED (and syncs), closing writes the chain and statistics,
 * clears OPENED and syncs. Every open rebuilds the free space from the L1/L2 tables
 * instead of trusting the chain, so a file killed while open opens again without
 * repair; `s370 dasd check --repair` rewrites the chain and clears OPENED so that
 * Hercules takes it without cckdcdsk -f. Against power loss the kernel may write pages
 * in any order between dasd_sync calls; check finds an entry that points at data that
 * never reached the disk (bad header or unreadable image) and --repair empties it.
 * The file does not grow without bound: freed spaces are reused first-fit, adjacent
 * ones merge, and free space at the end of the file is cut off (ftruncate). */
#include <config.h>     /* the generated one (HAVE_BZLIB), not console/config.h */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#ifdef HAVE_BZLIB
#include <bzlib.h>
#endif
#include "dasd/cckd.h"

enum {
    CCKD_CDEV_POS = 512, CCKD_L1_POS = 1024,
    CCKD_NUML2 = 256, CCKD_L2_SIZE = 256 * 8,
    CCKD_TRKHDR = 5,                /* compression byte, CC, HH */
    CCKD_FREE_MIN = 8,              /* a free space holds next and length */
    CCKD_OPT_BIGEND = 0x02, CCKD_OPT_OPENED = 0x80, CCKD_OPTS_NEW = 0x41,
    CCKD_COMP_NONE = 0, CCKD_COMP_ZLIB = 1, CCKD_COMP_BZ2 = 2,
    CCKD_NULL_EOF = 0, CCKD_NULL_EMPTY = 1, CCKD_NULL_LINUX = 2,
    CCKD_LINUX_RECS = 12, CCKD_LINUX_DL = 4096,
};
/* Offsets in the compressed device header. */
enum {
    CD_OPTS = 3, CD_NUML1 = 4, CD_NUML2 = 8, CD_SIZE = 12, CD_USED = 16, CD_FREE = 20,
    CD_FREETOTAL = 24, CD_LARGEST = 28, CD_NUMBER = 32, CD_IMBED = 36, CD_CYLS = 40,
    CD_NULLFMT = 44, CD_COMP = 45, CD_PARM = 46,
};
#define CCKD_MAX_END 0xffffffffULL  /* offsets are 32 bits */

struct cckd_l2 {
    uint32_t pos;
    uint16_t len, size;
};

struct cckd_ext {
    uint32_t pos, len;
};

struct cckd {
    bool be;                        /* big-endian tables */
    uint8_t cdev[512];
    uint32_t numl1, ntrks, heads, trksize;
    uint32_t *l1;                   /* offsets of L2 tables, 0 for none */
    struct cckd_l2 **l2;            /* numl1 tables in memory, NULL where none */
    bool *l2_dirty, l1_dirty;       /* changed by repair */
    struct cckd_ext *free;          /* free spaces in file order, none adjacent */
    uint32_t nfree, capfree;
    uint64_t end;                   /* file size */
    uint64_t data;                  /* first byte after the L1 table */
    z_stream def;                   /* kept from write to write (def_ok): deflateInit */
    bool def_ok;                    /* allocates and clears 256K each time */
};

/* ---- byte order of the tables ---------------------------------------------------- */

static uint32_t g32(const struct cckd *c, const uint8_t *p)
{
    return c->be ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]
                 : dasd_le32(p);
}

static uint16_t g16(const struct cckd *c, const uint8_t *p)
{
    return (uint16_t)(c->be ? p[0] << 8 | p[1] : p[1] << 8 | p[0]);
}

static void p32(const struct cckd *c, uint8_t *p, uint32_t v)
{
    if (!c->be)
        dasd_put_le32(p, v);
    else
        for (int i = 0; i < 4; i++)
            p[i] = (uint8_t)(v >> (24 - 8 * i));
}

static void p16(const struct cckd *c, uint8_t *p, uint16_t v)
{
    p[c->be ? 1 : 0] = (uint8_t)v;
    p[c->be ? 0 : 1] = (uint8_t)(v >> 8);
}

static void put_l2ent(const struct cckd *c, uint8_t *p, struct cckd_l2 e)
{
    p32(c, p, e.pos);
    p16(c, p + 4, e.len);
    p16(c, p + 6, e.size);
}

/* ---- problems found while loading or checking --------------------------------------- */

struct cckd_scan {
    const char *path;
    FILE *out;                      /* list every problem here (check), or NULL */
    bool fix;                       /* repair: drop what is wrong */
    uint32_t problems;
    char first[400];
};

static void __attribute__((format(printf, 2, 3))) problem(struct cckd_scan *s, const char *fmt, ...)
{
    char why[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    if (s->problems++ == 0)
        snprintf(s->first, sizeof s->first, "%s", why);
    if (s->out)
        fprintf(s->out, "%s: %s%s\n", s->path, why, s->fix ? " (repaired)" : "");
}

/* ---- free space -------------------------------------------------------------------- */

static int cckd_free_insert(struct cckd *c, uint32_t at, struct cckd_ext e)
{
    if (c->nfree == c->capfree) {
        uint32_t cap = c->capfree ? 2 * c->capfree : 64;
        struct cckd_ext *n = realloc(c->free, cap * sizeof *n);
        if (!n)
            return -1;
        c->free = n;
        c->capfree = cap;
    }
    memmove(c->free + at + 1, c->free + at, (c->nfree - at) * sizeof *c->free);
    c->free[at] = e;
    c->nfree++;
    return 0;
}

static void cckd_free_remove(struct cckd *c, uint32_t at)
{
    memmove(c->free + at, c->free + at + 1, (c->nfree - at - 1) * sizeof *c->free);
    c->nfree--;
}

/* Give space back: merge with neighbours, cut the file if it is the end. */
static void cckd_release(struct cckd *c, int fd, uint32_t pos, uint32_t len)
{
    uint32_t at = 0;
    while (at < c->nfree && c->free[at].pos < pos)
        at++;
    if (at > 0 && c->free[at - 1].pos + c->free[at - 1].len == pos) {
        at--;
        c->free[at].len += len;
    } else if (cckd_free_insert(c, at, (struct cckd_ext){ pos, len }) != 0)
        return;                     /* out of memory: the space is lost until reopen */
    if (at + 1 < c->nfree && c->free[at].pos + c->free[at].len == c->free[at + 1].pos) {
        c->free[at].len += c->free[at + 1].len;
        cckd_free_remove(c, at + 1);
    }
    struct cckd_ext *e = &c->free[at];
    if ((uint64_t)e->pos + e->len == c->end && ftruncate(fd, e->pos) == 0) {
        c->end = e->pos;
        cckd_free_remove(c, at);
    }
}

/* Find len bytes for a track image (absorb, up to the 16-bit size field, a tail too
 * short to be a free space) or an L2 table (exactly). Returns the offset and the size
 * given; 0 if the file would pass 4 GB. */
static uint32_t cckd_alloc(struct cckd *c, uint32_t len, bool track, uint32_t *size)
{
    for (uint32_t i = 0; i < c->nfree; i++) {
        struct cckd_ext *e = &c->free[i];
        if (e->len < len)
            continue;
        uint32_t rest = e->len - len, pos = e->pos;
        if (rest == 0 || (rest < CCKD_FREE_MIN && track && e->len <= 0xffff)) {
            *size = e->len;
            cckd_free_remove(c, i);
            return pos;
        }
        if (rest < CCKD_FREE_MIN)
            continue;
        e->pos += len;
        e->len = rest;
        *size = len;
        return pos;
    }
    uint64_t pos = c->end;
    if (c->nfree && (uint64_t)c->free[c->nfree - 1].pos + c->free[c->nfree - 1].len == c->end) {
        pos = c->free[c->nfree - 1].pos;
        cckd_free_remove(c, c->nfree - 1);
    }
    if (pos + len > CCKD_MAX_END)
        return 0;
    c->end = pos + len;
    *size = len;
    return (uint32_t)pos;
}

/* ---- loading the tables ------------------------------------------------------------ */

static void cckd_free_tables(struct cckd *c)
{
    if (!c)
        return;
    for (uint32_t i = 0; c->l2 && i < c->numl1; i++)
        free(c->l2[i]);
    free(c->l2);
    free(c->l2_dirty);
    free(c->l1);
    free(c->free);
    if (c->def_ok)
        deflateEnd(&c->def);
    free(c);
}

/* compress2() at the default level, on the image's own stream. */
static bool cckd_deflate(struct cckd *c, uint8_t *dst, uLongf *dlen, const uint8_t *src,
                         size_t slen)
{
    if (!c->def_ok) {
        memset(&c->def, 0, sizeof c->def);
        if (deflateInit(&c->def, Z_DEFAULT_COMPRESSION) != Z_OK)
            return false;
        c->def_ok = true;
    } else if (deflateReset(&c->def) != Z_OK) {
        return false;
    }
    c->def.next_in = (Bytef *)src;
    c->def.avail_in = (uInt)slen;
    c->def.next_out = dst;
    c->def.avail_out = (uInt)*dlen;
    if (deflate(&c->def, Z_FINISH) != Z_STREAM_END)
        return false;
    *dlen = c->def.total_out;
    return true;
}

static struct cckd_l2 cckd_entry(const struct cckd *c, uint32_t trk)
{
    const struct cckd_l2 *t = c->l2[trk / CCKD_NUML2];
    return t ? t[trk % CCKD_NUML2] : (struct cckd_l2){ 0, 0, 0 };
}

static void cckd_set_entry(struct cckd *c, uint32_t trk, struct cckd_l2 e)
{
    c->l2[trk / CCKD_NUML2][trk % CCKD_NUML2] = e;
    c->l2_dirty[trk / CCKD_NUML2] = true;
}

/* A used space: an L2 table (trk = UINT32_MAX, group in l1) or a track image. */
struct cckd_used {
    uint32_t pos, size, trk, l1;
};

static int cckd_used_cmp(const void *a, const void *b)
{
    const struct cckd_used *x = a, *y = b;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static void cckd_name(const struct cckd *c, const struct cckd_used *u, char *out, size_t n)
{
    if (u->trk == UINT32_MAX)
        snprintf(out, n, "the L2 table of tracks %u-%u", u->l1 * CCKD_NUML2,
                 u->l1 * CCKD_NUML2 + CCKD_NUML2 - 1);
    else
        snprintf(out, n, "track (%u,%u)", u->trk / c->heads, u->trk % c->heads);
}

/* Drop a used space (repair): the table or the track then reads as empty. */
static void cckd_drop(struct cckd *c, const struct cckd_used *u)
{
    if (u->trk == UINT32_MAX) {
        free(c->l2[u->l1]);
        c->l2[u->l1] = NULL;
        c->l1[u->l1] = 0;
        c->l1_dirty = true;
    } else
        cckd_set_entry(c, u->trk, (struct cckd_l2){ 0, CCKD_NULL_EMPTY, CCKD_NULL_EMPTY });
}

/* Repair: move the spaces in moved[] (tables and track images whose place began after
 * a gap too short to be a free space) to the end of the file, so that their old places
 * and the gaps join one free space from at on, as cckdcdsk rebuilds it. A track image
 * is copied at once, into space nothing refers to; the tables are rewritten by
 * cckd_repair_write, so a kill before that leaves every entry pointing at intact data. */
static int cckd_relocate(struct cckd *c, int fd, const struct cckd_used *moved, uint32_t n,
                         uint64_t at)
{
    uint64_t to = c->end > at + CCKD_FREE_MIN ? c->end : at + CCKD_FREE_MIN;
    if (cckd_free_insert(c, c->nfree, (struct cckd_ext){ (uint32_t)at, (uint32_t)(to - at) }))
        return -1;
    uint8_t *buf = malloc(0x10000);
    if (!buf)
        return -1;
    int rc = 0;
    for (uint32_t k = 0; k < n && rc == 0; k++) {
        const struct cckd_used *m = &moved[k];
        if (m->trk != UINT32_MAX && !c->l2[m->l1])
            continue;               /* its table was dropped meanwhile */
        uint32_t size = m->trk == UINT32_MAX ? CCKD_L2_SIZE : cckd_entry(c, m->trk).len;
        if (to + size > CCKD_MAX_END) {
            errno = EFBIG;
            rc = -1;
        } else if (m->trk == UINT32_MAX) {
            c->l1[m->l1] = (uint32_t)to;
            c->l1_dirty = true;
            c->l2_dirty[m->l1] = true;
        } else if (dasd_read_all(fd, buf, size, m->pos) != 0 ||
                   dasd_write_all(fd, buf, size, (off_t)to) != 0) {
            rc = -1;
        } else {
            cckd_set_entry(c, m->trk, (struct cckd_l2){ (uint32_t)to, (uint16_t)size,
                                                        (uint16_t)size });
        }
        to += size;
    }
    free(buf);
    c->end = to;
    return rc;
}

/* Every used space in file order; overlaps are problems (the later track, or the track
 * under a table, is dropped); the gaps become the free list. A gap shorter than a free
 * space (8 bytes, cckddasd.html) that the track before it cannot absorb is a problem;
 * repair moves the space after it away (cckd_relocate). */
static int cckd_map(struct cckd *c, int fd, struct cckd_scan *s)
{
    uint32_t n = 0, cap = c->numl1;
    for (uint32_t i = 0; i < c->numl1; i++)
        for (uint32_t j = 0; c->l2[i] && j < CCKD_NUML2; j++)
            cap += c->l2[i][j].pos != 0;
    struct cckd_used *u = malloc((cap + 1) * sizeof *u);
    if (!u)
        return -1;
    for (uint32_t i = 0; i < c->numl1; i++) {
        if (!c->l2[i])
            continue;
        u[n++] = (struct cckd_used){ c->l1[i], CCKD_L2_SIZE, UINT32_MAX, i };
        for (uint32_t j = 0; j < CCKD_NUML2; j++)
            if (c->l2[i][j].pos)
                u[n++] = (struct cckd_used){ c->l2[i][j].pos, c->l2[i][j].size, i * CCKD_NUML2 + j, i };
    }
    qsort(u, n, sizeof *u, cckd_used_cmp);
    struct cckd_used *moved = malloc((cap + 1) * sizeof *moved);
    uint32_t nmoved = 0;
    if (!moved) {
        free(u);
        return -1;
    }
    c->nfree = 0;
    uint64_t at = c->data;
    struct cckd_used *prev = NULL;
    for (uint32_t k = 0; k < n; k++) {
        struct cckd_used *cur = &u[k];
        if (cur->trk != UINT32_MAX && !c->l2[cur->l1])
            continue;               /* its table was dropped */
        if (prev && cur->pos < at) {
            char a[80], b[80];
            cckd_name(c, cur, a, sizeof a);
            cckd_name(c, prev, b, sizeof b);
            problem(s, "%s at offset %u overlaps %s at offset %u", a, cur->pos, b, prev->pos);
            if (!s->fix)
                continue;
            if (cur->trk != UINT32_MAX || prev->trk == UINT32_MAX) {
                cckd_drop(c, cur);
                continue;
            }
            cckd_drop(c, prev);     /* a track under a table goes, not the table */
            at = prev->pos;
            if (c->nfree && c->free[c->nfree - 1].pos + c->free[c->nfree - 1].len == prev->pos) {
                at = c->free[c->nfree - 1].pos;
                c->nfree--;
            }
        }
        if (cur->pos > at) {
            uint32_t gap = (uint32_t)(cur->pos - at);
            if (gap < CCKD_FREE_MIN && prev && prev->trk != UINT32_MAX &&
                cckd_entry(c, prev->trk).size + gap <= 0xffff) {
                struct cckd_l2 e = cckd_entry(c, prev->trk);     /* absorb a sliver */
                e.size = (uint16_t)(e.size + gap);
                c->l2[prev->trk / CCKD_NUML2][prev->trk % CCKD_NUML2] = e;
                if (s->fix)
                    c->l2_dirty[prev->trk / CCKD_NUML2] = true;
            } else if (gap < CCKD_FREE_MIN) {
                problem(s, "%u-byte gap at offset %llu is too short for a free space", gap,
                        (unsigned long long)at);
                if (s->fix) {
                    moved[nmoved++] = *cur;     /* its place joins the gap */
                    continue;
                }
            } else if (cckd_free_insert(c, c->nfree, (struct cckd_ext){ (uint32_t)at, gap }) != 0) {
                free(u);
                free(moved);
                return -1;
            }
        }
        at = (uint64_t)cur->pos + cur->size;
        prev = cur;
    }
    free(u);
    int rc = nmoved ? cckd_relocate(c, fd, moved, nmoved, at) : 0;
    free(moved);
    if (nmoved)
        return rc;
    if (at < c->end) {
        if (c->end - at >= CCKD_FREE_MIN)
            cckd_free_insert(c, c->nfree, (struct cckd_ext){ (uint32_t)at, (uint32_t)(c->end - at) });
        else
            c->end = at;            /* a sliver after the last space: cut on write */
    }
    return 0;
}

/* The longest stored track image an L2 entry may give: zlib or bzip2 output can be a
 * little longer than the track that went in. */
static size_t cckd_image_max(uint32_t trksize)
{
    return CCKD_TRKHDR + (size_t)trksize + 64;
}

/* A buffer that holds such an image as read, or a track as compressed for writing. */
static size_t cckd_cbuf_size(uint32_t trksize)
{
    size_t z = compressBound(trksize) + CCKD_TRKHDR;
    return z > cckd_image_max(trksize) ? z : cckd_image_max(trksize);
}

/* Does the Linux empty track (twelve 4096-byte records) fit a track of trksize? Only
 * the 3390's does; on the others that format cannot be read back. */
static bool cckd_linux_fits(uint32_t trksize)
{
    return DASD_HA_SIZE + DASD_COUNT_SIZE + DASD_R0_DL +
           CCKD_LINUX_RECS * (DASD_COUNT_SIZE + CCKD_LINUX_DL) + DASD_EOT_SIZE <= trksize;
}

/* Check one L2 entry; returns false (a problem) if it cannot be used. */
static bool cckd_entry_ok(const struct cckd *c, struct cckd_scan *s, uint32_t trk,
                          struct cckd_l2 *e)
{
    uint32_t cyl = trk / c->heads, head = trk % c->heads;
    if (e->pos == 0xffffffff)       /* "not in this file" of a shadow: empty in a base */
        e->pos = 0;
    if (trk >= c->ntrks) {
        if (e->pos == 0 && e->len <= CCKD_NULL_LINUX)
            return true;
        problem(s, "L2 entry for track %u beyond the last track %u", trk, c->ntrks - 1);
        return false;
    }
    if (e->pos == 0) {
        if (e->len < CCKD_NULL_LINUX || (e->len == CCKD_NULL_LINUX && cckd_linux_fits(c->trksize)))
            return true;
        problem(s, "track (%u,%u): bad empty-track format %u", cyl, head, e->len);
        return false;
    }
    if (e->pos < c->data || (uint64_t)e->pos + e->size > c->end) {
        problem(s, "track (%u,%u): L2 entry points at offset %u size %u, outside the file's "
                "data (%llu-%llu)", cyl, head, e->pos, e->size, (unsigned long long)c->data,
                (unsigned long long)c->end);
        return false;
    }
    /* No track image is shorter than a free space (R0 and the end marker alone take
     * 16 bytes before compression), so freeing one always leaves room for the chain. */
    if (e->len <= CCKD_TRKHDR || e->size < CCKD_FREE_MIN || e->len > e->size ||
        e->len > cckd_image_max(c->trksize)) {
        problem(s, "track (%u,%u): bad L2 entry length %u, size %u", cyl, head, e->len, e->size);
        return false;
    }
    return true;
}

/* Read the compressed header's numbers; a problem here is not repairable. */
static int cckd_header(struct cckd *c, const struct dasd_geom *g, const char *path, char *err,
                       size_t errlen)
{
    const uint8_t *cd = c->cdev;
    c->be = (cd[CD_OPTS] & CCKD_OPT_BIGEND) != 0;
    uint32_t cyls = g32(c, cd + CD_CYLS);
    c->numl1 = g32(c, cd + CD_NUML1);
    c->heads = g->heads;
    c->trksize = g->trksize;
    if (cd[0] != 0 || cd[1] < 2)
        return dasd_fail(err, errlen, path, "unsupported CCKD version %u.%u.%u", cd[0], cd[1], cd[2]);
    if (cyls == 0 || cyls > DASD_MAX_CYLS)
        return dasd_fail(err, errlen, path, "bad compressed header: %u cylinders", cyls);
    c->ntrks = cyls * g->heads;
    if (c->numl1 != (c->ntrks + CCKD_NUML2 - 1) / CCKD_NUML2)
        return dasd_fail(err, errlen, path, "bad compressed header: L1 table of %u entries for "
                         "%u tracks", c->numl1, c->ntrks);
    if (g32(c, cd + CD_NUML2) != CCKD_NUML2)
        return dasd_fail(err, errlen, path, "bad compressed header: L2 tables of %u entries",
                         g32(c, cd + CD_NUML2));
    if (cd[CD_NULLFMT] > CCKD_NULL_LINUX)
        return dasd_fail(err, errlen, path, "bad compressed header: null track format %u",
                         cd[CD_NULLFMT]);
    /* Every track without an L2 table would be unreadable, and repair cannot help. */
    if (cd[CD_NULLFMT] == CCKD_NULL_LINUX && !cckd_linux_fits(g->trksize))
        return dasd_fail(err, errlen, path, "bad compressed header: the Linux null track "
                         "format does not fit a %s track", g->type);
    c->data = CCKD_L1_POS + 4ULL * c->numl1;
    if (c->end < c->data)
        return dasd_fail(err, errlen, path, "truncated: %llu bytes, the L1 table ends at %llu",
                         (unsigned long long)c->end, (unsigned long long)c->data);
    if (c->end > CCKD_MAX_END)
        return dasd_fail(err, errlen, path, "over 4 GB: not a CCKD image (offsets are 32 bits)");
    return 0;
}

/* Load headers and tables of fd (size bytes). Fatal problems return NULL with err;
 * the others are counted in s (and dropped from the tables when s->fix). */
static struct cckd *cckd_load(int fd, const struct dasd_geom *g, uint64_t size,
                              struct cckd_scan *s, char *err, size_t errlen)
{
    struct cckd *c = calloc(1, sizeof *c);
    if (!c) {
        dasd_fail(err, errlen, s->path, "out of memory");
        return NULL;
    }
    c->end = size;
    if (size < CCKD_L1_POS || dasd_read_all(fd, c->cdev, sizeof c->cdev, CCKD_CDEV_POS) != 0) {
        dasd_fail(err, errlen, s->path, "truncated: no complete compressed device header");
        goto fail;
    }
    if (cckd_header(c, g, s->path, err, errlen) != 0)
        goto fail;
    uint8_t *raw = malloc(4ULL * c->numl1 > CCKD_L2_SIZE ? 4ULL * c->numl1 : CCKD_L2_SIZE);
    c->l1 = calloc(c->numl1, sizeof *c->l1);
    c->l2 = calloc(c->numl1, sizeof *c->l2);
    c->l2_dirty = calloc(c->numl1, sizeof *c->l2_dirty);
    if (!raw || !c->l1 || !c->l2 || !c->l2_dirty) {
        free(raw);
        dasd_fail(err, errlen, s->path, "out of memory");
        goto fail;
    }
    if (dasd_read_all(fd, raw, 4 * c->numl1, CCKD_L1_POS) != 0) {
        free(raw);
        dasd_fail(err, errlen, s->path, "cannot read the L1 table: %s", strerror(errno));
        goto fail;
    }
    for (uint32_t i = 0; i < c->numl1; i++)
        c->l1[i] = g32(c, raw + 4 * i);
    for (uint32_t i = 0; i < c->numl1; i++) {
        uint32_t pos = c->l1[i];
        if (pos == 0 || pos == 0xffffffff) {
            c->l1_dirty |= pos != 0 && s->fix;
            c->l1[i] = 0;
            continue;
        }
        if (pos < c->data || (uint64_t)pos + CCKD_L2_SIZE > c->end ||
            dasd_read_all(fd, raw, CCKD_L2_SIZE, pos) != 0) {
            problem(s, "L2 table of tracks %u-%u at offset %u is outside the file (%llu bytes)",
                    i * CCKD_NUML2, i * CCKD_NUML2 + CCKD_NUML2 - 1, pos,
                    (unsigned long long)c->end);
            c->l1[i] = 0;
            c->l1_dirty = true;
            continue;
        }
        c->l2[i] = malloc(CCKD_NUML2 * sizeof **c->l2);
        if (!c->l2[i]) {
            free(raw);
            dasd_fail(err, errlen, s->path, "out of memory");
            goto fail;
        }
        for (uint32_t j = 0; j < CCKD_NUML2; j++) {
            struct cckd_l2 e = { g32(c, raw + 8 * j), g16(c, raw + 8 * j + 4),
                                 g16(c, raw + 8 * j + 6) };
            if (!cckd_entry_ok(c, s, i * CCKD_NUML2 + j, &e)) {
                e = (struct cckd_l2){ 0, CCKD_NULL_EMPTY, CCKD_NULL_EMPTY };
                c->l2_dirty[i] = true;
            }
            c->l2[i][j] = e;
        }
    }
    free(raw);
    if (cckd_map(c, fd, s) != 0) {
        dasd_fail(err, errlen, s->path, "cannot rebuild the free space: %s", strerror(errno));
        goto fail;
    }
    return c;
fail:
    cckd_free_tables(c);
    return NULL;
}

/* ---- track images ---------------------------------------------------------------- */

/* An empty track of format fmt (see the top of the file); -1 if it does not fit. */
static int cckd_null_track(uint8_t *buf, uint32_t trksize, uint32_t cyl, uint32_t head, int fmt)
{
    dasd_format_track(buf, trksize, cyl, head, NULL);
    if (fmt == CCKD_NULL_EMPTY)
        return 0;
    size_t off = DASD_HA_SIZE + DASD_COUNT_SIZE + DASD_R0_DL;
    int nrec = fmt == CCKD_NULL_LINUX ? CCKD_LINUX_RECS : 1;
    uint32_t dl = fmt == CCKD_NULL_LINUX ? CCKD_LINUX_DL : 0;
    if (off + (size_t)nrec * (DASD_COUNT_SIZE + dl) + DASD_EOT_SIZE > trksize)
        return -1;
    for (int r = 1; r <= nrec; r++) {
        uint8_t *p = buf + off;
        dasd_put_be16(p, cyl);
        dasd_put_be16(p + 2, head);
        p[4] = (uint8_t)r;
        p[5] = 0;
        dasd_put_be16(p + 6, dl);
        memset(p + DASD_COUNT_SIZE, 0, dl);
        off += DASD_COUNT_SIZE + dl;
    }
    memset(buf + off, 0xff, DASD_EOT_SIZE);
    return 0;
}

/* The empty-track format a track image is, or -1. */
static int cckd_null_format(const uint8_t *trk, size_t len, uint32_t trksize, uint32_t cyl,
                            uint32_t head, uint8_t *scratch)
{
    static const int fmts[] = { CCKD_NULL_EMPTY, CCKD_NULL_EOF, CCKD_NULL_LINUX };
    for (size_t i = 0; i < sizeof fmts / sizeof fmts[0]; i++)
        if (cckd_null_track(scratch, trksize, cyl, head, fmts[i]) == 0 &&
            dasd_track_len(scratch, trksize) == len && memcmp(scratch, trk, len) == 0)
            return fmts[i];
    return -1;
}

/* Read track trk into buf (trksize bytes, zero after the end marker); cbuf holds an
 * image. Returns NULL or why not (in why). */
static const char *cckd_get(const struct cckd *c, int fd, uint32_t trk, uint8_t *buf,
                            uint8_t *cbuf, char *why, size_t whylen)
{
    uint32_t cyl = trk / c->heads, head = trk % c->heads;
    struct cckd_l2 e = cckd_entry(c, trk);
    if (e.pos == 0) {
        int fmt = e.len == CCKD_NULL_EOF && c->cdev[CD_NULLFMT] == CCKD_NULL_LINUX ?
                  CCKD_NULL_LINUX : e.len;
        if (cckd_null_track(buf, c->trksize, cyl, head, fmt) != 0)
            return "Linux empty-track format on a track too small for it";
        return NULL;
    }
    if (dasd_read_all(fd, cbuf, e.len, e.pos) != 0) {
        snprintf(why, whylen, "cannot read the track image at offset %u: %s", e.pos,
                 errno == EIO ? "file too short" : strerror(errno));
        return why;
    }
    if (dasd_be16(cbuf + 1) != cyl || dasd_be16(cbuf + 3) != head) {
        snprintf(why, whylen, "the image at offset %u is of track (%u,%u)", e.pos,
                 dasd_be16(cbuf + 1), dasd_be16(cbuf + 3));
        return why;
    }
    memset(buf, 0, c->trksize);
    uLongf dlen = c->trksize - CCKD_TRKHDR;
    switch (cbuf[0]) {
    case CCKD_COMP_NONE:
        if (e.len > c->trksize)
            return "stored image longer than the track";
        memcpy(buf + CCKD_TRKHDR, cbuf + CCKD_TRKHDR, e.len - CCKD_TRKHDR);
        break;
    case CCKD_COMP_ZLIB: {
        int z = uncompress(buf + CCKD_TRKHDR, &dlen, cbuf + CCKD_TRKHDR, e.len - CCKD_TRKHDR);
        if (z != Z_OK) {
            snprintf(why, whylen, "bad compressed image at offset %u (zlib: %s)", e.pos,
                     z == Z_BUF_ERROR ? "longer than the track" : zError(z));
            return why;
        }
        break;
    }
    case CCKD_COMP_BZ2: {
#ifdef HAVE_BZLIB
        unsigned int blen = c->trksize - CCKD_TRKHDR;
        int b = BZ2_bzBuffToBuffDecompress((char *)buf + CCKD_TRKHDR, &blen,
                                           (char *)cbuf + CCKD_TRKHDR, e.len - CCKD_TRKHDR, 0, 0);
        if (b != BZ_OK) {
            snprintf(why, whylen, "bad compressed image at offset %u (bzip2 error %d%s)", e.pos,
                     b, b == BZ_OUTBUFF_FULL ? ": longer than the track" : "");
            return why;
        }
        break;
#else
        return "bzip2-compressed image: s370 is built without bzip2 (convert the volume "
               "with Hercules: dasdcopy -z)";
#endif
    }
    default:
        snprintf(why, whylen, "bad compression byte X'%02X' at offset %u", cbuf[0], e.pos);
        return why;
    }
    buf[0] = 0;
    dasd_put_be16(buf + 1, cyl);
    dasd_put_be16(buf + 3, head);
    return dasd_track_check(buf, c->trksize, cyl, head);
}

int cckd_read_track(const struct dasd_image *img, uint32_t cyl, uint32_t head, uint8_t *buf,
                    char *err, size_t errlen)
{
    char why[200];
    const char *bad = cckd_get(img->st->cckd, img->fd, cyl * img->geom->heads + head, buf,
                               img->st->cbuf, why, sizeof why);
    if (bad)
        return dasd_fail(err, errlen, img->path, "track (%u,%u): %s", cyl, head, bad);
    return 0;
}

/* Write an L2 table that does not exist yet (holding e for trk), then its L1 entry. */
static int cckd_new_l2(struct cckd *c, int fd, uint32_t trk, struct cckd_l2 e)
{
    uint32_t i = trk / CCKD_NUML2, size;
    struct cckd_l2 *t = calloc(CCKD_NUML2, sizeof *t);
    uint8_t raw[CCKD_L2_SIZE], l1[4];
    if (!t)
        return -1;
    t[trk % CCKD_NUML2] = e;
    for (uint32_t j = 0; j < CCKD_NUML2; j++)
        put_l2ent(c, raw + 8 * j, t[j]);
    uint32_t pos = cckd_alloc(c, CCKD_L2_SIZE, false, &size);
    if (pos == 0) {
        free(t);
        errno = EFBIG;
        return -1;
    }
    p32(c, l1, pos);
    if (dasd_write_all(fd, raw, sizeof raw, pos) != 0 ||
        dasd_write_all(fd, l1, sizeof l1, CCKD_L1_POS + 4 * (off_t)i) != 0) {
        int saved = errno;
        cckd_release(c, fd, pos, size);
        free(t);
        errno = saved;
        return -1;
    }
    c->l1[i] = pos;
    c->l2[i] = t;
    return 0;
}

int cckd_write_track(const struct dasd_image *img, uint32_t cyl, uint32_t head,
                     const uint8_t *buf, char *err, size_t errlen)
{
    struct cckd *c = img->st->cckd;
    uint8_t *cbuf = img->st->cbuf;
    uint32_t trk = cyl * c->heads + head, size = 0;
    size_t len = dasd_track_len(buf, c->trksize);
    struct cckd_l2 e = { 0, 0, 0 };
    int fmt = cckd_null_format(buf, len, c->trksize, cyl, head, img->st->null_trk);
    if (fmt == CCKD_NULL_EOF && c->cdev[CD_NULLFMT] == CCKD_NULL_LINUX)
        fmt = -1;                   /* 0 would read as the Linux format there */
    if (fmt >= 0)
        e.len = e.size = (uint16_t)fmt;
    else {
        uLongf clen = compressBound(c->trksize);
        cbuf[0] = CCKD_COMP_NONE;
        if (c->cdev[CD_COMP] != CCKD_COMP_NONE &&
            cckd_deflate(c, cbuf + CCKD_TRKHDR, &clen, buf + CCKD_TRKHDR, len - CCKD_TRKHDR) &&
            clen + CCKD_TRKHDR < len)
            cbuf[0] = CCKD_COMP_ZLIB;
        else {
            memcpy(cbuf + CCKD_TRKHDR, buf + CCKD_TRKHDR, len - CCKD_TRKHDR);
            clen = len - CCKD_TRKHDR;
        }
        memcpy(cbuf + 1, buf + 1, 4);           /* CC HH, as in the home address */
        e.len = (uint16_t)(clen + CCKD_TRKHDR);
        e.pos = cckd_alloc(c, e.len, true, &size);
        if (e.pos == 0)
            return dasd_fail(err, errlen, img->path, "track (%u,%u) not written: the file "
                             "would pass 4 GB", cyl, head);
        e.size = (uint16_t)size;
        /* Step 1: the image, into space nothing refers to. */
        if (dasd_write_all(img->fd, cbuf, e.len, e.pos) != 0) {
            int saved = errno;
            cckd_release(c, img->fd, e.pos, size);
            return dasd_fail(err, errlen, img->path, "track (%u,%u): %s", cyl, head,
                             strerror(saved));
        }
    }
    /* Steps 2 and 3: the table entry that makes it the track. */
    struct cckd_l2 old = cckd_entry(c, trk);
    int rc;
    if (!c->l2[trk / CCKD_NUML2])
        rc = cckd_new_l2(c, img->fd, trk, e);
    else {
        uint8_t raw[8];
        put_l2ent(c, raw, e);
        rc = dasd_write_all(img->fd, raw, sizeof raw,
                            (off_t)c->l1[trk / CCKD_NUML2] + 8 * (trk % CCKD_NUML2));
    }
    if (rc != 0) {
        int saved = errno;
        if (e.pos)
            cckd_release(c, img->fd, e.pos, size);
        return dasd_fail(err, errlen, img->path, "track (%u,%u): %s", cyl, head, strerror(saved));
    }
    /* Step 4: the old image's space is free now. */
    c->l2[trk / CCKD_NUML2][trk % CCKD_NUML2] = e;
    if (old.pos)
        cckd_release(c, img->fd, old.pos, old.size);
    return 0;
}

/* ---- statistics, the chain, open and close ---------------------------------------- */

static void cckd_stats(const struct cckd *c, struct dasd_space *sp)
{
    memset(sp, 0, sizeof *sp);
    sp->size = c->end;
    for (uint32_t i = 0; i < c->nfree; i++) {
        sp->free += c->free[i].len;
        if (c->free[i].len > sp->largest)
            sp->largest = c->free[i].len;
    }
    sp->nfree = c->nfree;
    /* Only the tables there are (entries past the last track are empty). */
    uint32_t stored = 0;
    for (uint32_t i = 0; i < c->numl1; i++)
        for (uint32_t j = 0; c->l2[i] && j < CCKD_NUML2; j++)
            if (c->l2[i][j].pos) {
                sp->imbedded += c->l2[i][j].size - c->l2[i][j].len;
                stored++;
            }
    sp->null_tracks = c->ntrks - stored;
    sp->used = sp->size - sp->free - sp->imbedded;
}

void cckd_space(const struct dasd_image *img, struct dasd_space *sp)
{
    cckd_stats(img->st->cckd, sp);
}

/* Put the statistics into the compressed header (in memory). */
static void cckd_put_stats(struct cckd *c)
{
    struct dasd_space sp;
    cckd_stats(c, &sp);
    uint8_t *cd = c->cdev;
    p32(c, cd + CD_SIZE, (uint32_t)sp.size);
    p32(c, cd + CD_USED, (uint32_t)sp.used);
    p32(c, cd + CD_FREE, c->nfree ? c->free[0].pos : 0);
    p32(c, cd + CD_FREETOTAL, (uint32_t)(sp.free + sp.imbedded));   /* as cckdcdsk counts */
    p32(c, cd + CD_LARGEST, sp.largest);
    p32(c, cd + CD_NUMBER, sp.nfree);
    p32(c, cd + CD_IMBED, (uint32_t)sp.imbedded);
}

/* Write the free-space chain into the free spaces, then the compressed header with
 * the statistics (and OPENED as given); sync. */
static int cckd_write_meta(struct cckd *c, int fd, bool opened)
{
    for (uint32_t i = 0; i < c->nfree; i++) {
        uint8_t fs[8];
        p32(c, fs, i + 1 < c->nfree ? c->free[i + 1].pos : 0);
        p32(c, fs + 4, c->free[i].len);
        if (dasd_write_all(fd, fs, sizeof fs, c->free[i].pos) != 0)
            return -1;
    }
    cckd_put_stats(c);
    c->cdev[CD_OPTS] = (uint8_t)(opened ? c->cdev[CD_OPTS] | CCKD_OPT_OPENED
                                        : c->cdev[CD_OPTS] & ~CCKD_OPT_OPENED);
    if (dasd_write_all(fd, c->cdev, sizeof c->cdev, CCKD_CDEV_POS) != 0)
        return -1;
    return fsync(fd);
}

int cckd_open(struct dasd_image *img, const uint8_t *hdr, char *err, size_t errlen)
{
    struct stat st;
    const struct dasd_geom *g = dasd_header_geom(hdr, img->path, err, errlen);
    if (!g)
        return -1;
    if (fstat(img->fd, &st) != 0)
        return dasd_fail(err, errlen, img->path, "%s", strerror(errno));
    struct cckd_scan s = { .path = img->path };
    struct cckd *c = cckd_load(img->fd, g, (uint64_t)st.st_size, &s, err, errlen);
    if (!c)
        return -1;
    if (s.problems) {
        cckd_free_tables(c);
        return dasd_fail(err, errlen, img->path, "damaged CCKD image: %s (%u problem%s; "
                         "`s370 dasd check --repair` repairs it)", s.first, s.problems,
                         s.problems == 1 ? "" : "s");
    }
    img->st->cckd = c;
    img->st->cbuf = malloc(cckd_cbuf_size(g->trksize));
    img->st->null_trk = malloc(g->trksize);
    img->geom = g;
    img->cyls = c->ntrks / g->heads;
    if (!img->st->cbuf || !img->st->null_trk)
        return dasd_fail(err, errlen, img->path, "out of memory");
    if (img->readonly)
        return 0;
    /* Cut what a killed writer left after the last used space, and say "open". */
    if ((uint64_t)st.st_size > c->end && ftruncate(img->fd, (off_t)c->end) != 0)
        return dasd_fail(err, errlen, img->path, "%s", strerror(errno));
    if (c->nfree && (uint64_t)c->free[c->nfree - 1].pos + c->free[c->nfree - 1].len == c->end) {
        c->end = c->free[c->nfree - 1].pos;
        c->nfree--;
        if (ftruncate(img->fd, (off_t)c->end) != 0)
            return dasd_fail(err, errlen, img->path, "%s", strerror(errno));
    }
    c->cdev[CD_OPTS] |= CCKD_OPT_OPENED;
    if (dasd_write_all(img->fd, c->cdev, sizeof c->cdev, CCKD_CDEV_POS) != 0 ||
        fdatasync(img->fd) != 0)
        return dasd_fail(err, errlen, img->path, "cannot mark it open: %s", strerror(errno));
    return 0;
}

int cckd_close(struct dasd_image *img, char *err, size_t errlen)
{
    struct cckd *c = img->st->cckd;
    int rc = 0;
    if (!img->readonly && cckd_write_meta(c, img->fd, false) != 0)
        rc = dasd_fail(err, errlen, img->path, "cannot write the free space and statistics "
                       "(it will be rebuilt on the next open): %s", strerror(errno));
    cckd_free_tables(c);
    img->st->cckd = NULL;
    return rc;
}

/* ---- creating ------------------------------------------------------------------------ */

int cckd_create(const char *path, const struct dasd_geom *g, uint32_t cyls, const char *volser,
                int comp, char *err, size_t errlen)
{
    /* dasdinit -z: header, compressed header, L1, the one L2 table, then tracks 0 and 1
     * stored uncompressed; every other track is an empty entry (HA R0 R1(EOF) EOT). */
    struct cckd c = { .numl1 = (cyls * g->heads + CCKD_NUML2 - 1) / CCKD_NUML2 };
    uint32_t ntrks = cyls * g->heads, data = CCKD_L1_POS + 4 * c.numl1;
    uint8_t *trk = calloc(2, g->trksize);
    uint8_t *l1 = calloc(c.numl1, 4), l2[CCKD_L2_SIZE] = { 0 }, hdr[DASD_HDR_SIZE];
    if (!trk || !l1) {
        free(trk);
        free(l1);
        return dasd_fail(err, errlen, path, "out of memory");
    }
    uint32_t pos = data + CCKD_L2_SIZE, lens[2] = { 0, 0 };
    for (uint32_t t = 0; t < 2 && t < ntrks; t++) {
        uint8_t *p = trk + (size_t)t * g->trksize;
        dasd_format_track(p, g->trksize, 0, t, volser);
        lens[t] = (uint32_t)dasd_track_len(p, g->trksize);
        put_l2ent(&c, l2 + 8 * t, (struct cckd_l2){ pos, (uint16_t)lens[t], (uint16_t)lens[t] });
        pos += lens[t];
    }
    p32(&c, l1, data);
    dasd_make_header(hdr, DASD_ID_CCKD, g);
    c.cdev[1] = 3;                  /* version 0.3.1 */
    c.cdev[2] = 1;
    c.cdev[CD_OPTS] = CCKD_OPTS_NEW;
    p32(&c, c.cdev + CD_NUML1, c.numl1);
    p32(&c, c.cdev + CD_NUML2, CCKD_NUML2);
    p32(&c, c.cdev + CD_SIZE, pos);
    p32(&c, c.cdev + CD_USED, pos);
    p32(&c, c.cdev + CD_CYLS, cyls);
    c.cdev[CD_NULLFMT] = CCKD_NULL_EMPTY;
    c.cdev[CD_COMP] = (uint8_t)comp;
    p16(&c, c.cdev + CD_PARM, 0xffff);   /* default compression parameter (-1) */
    int rc = 0, fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (fd < 0)
        rc = dasd_fail(err, errlen, path, "%s", strerror(errno));
    else if (dasd_write_all(fd, hdr, sizeof hdr, 0) != 0 ||
             dasd_write_all(fd, c.cdev, sizeof c.cdev, CCKD_CDEV_POS) != 0 ||
             dasd_write_all(fd, l1, 4 * c.numl1, CCKD_L1_POS) != 0 ||
             dasd_write_all(fd, l2, sizeof l2, data) != 0 ||
             dasd_write_all(fd, trk, lens[0], data + CCKD_L2_SIZE) != 0 ||
             dasd_write_all(fd, trk + g->trksize, lens[1], data + CCKD_L2_SIZE + lens[0]) != 0 ||
             close(fd) != 0) {
        rc = dasd_fail(err, errlen, path, "cannot write: %s", strerror(errno));
        close(fd);
        unlink(path);
    }
    free(trk);
    free(l1);
    return rc;
}

/* ---- check and repair -------------------------------------------------------------- */

/* Do the free spaces and the statistics on disk say what the tables say? Hercules
 * 3.13 writes either the chain or, at the first free offset, a block "FREE_BLK" and
 * then {offset 4, length 4} of every free space (the block lies in one of them). */
static bool cckd_meta_matches(struct cckd *c, int fd)
{
    uint8_t saved[512], blk[8];
    memcpy(saved, c->cdev, sizeof saved);
    cckd_put_stats(c);
    memcpy(c->cdev + CD_FREE, saved + CD_FREE, 4);     /* the chain is checked below */
    bool same = memcmp(saved, c->cdev, sizeof saved) == 0;
    memcpy(c->cdev, saved, sizeof saved);
    uint32_t pos = g32(c, c->cdev + CD_FREE);
    if (same && c->nfree && dasd_read_all(fd, blk, sizeof blk, pos) == 0 &&
        memcmp(blk, "FREE_BLK", 8) == 0) {
        for (uint32_t i = 0; same && i < c->nfree; i++) {
            uint8_t fs[8];
            same = dasd_read_all(fd, fs, sizeof fs, (off_t)pos + 8 + 8 * (off_t)i) == 0 &&
                   g32(c, fs) == c->free[i].pos && g32(c, fs + 4) == c->free[i].len;
        }
        return same;
    }
    for (uint32_t i = 0; same && i < c->nfree; i++) {
        uint8_t fs[8];
        same = pos == c->free[i].pos && dasd_read_all(fd, fs, sizeof fs, pos) == 0 &&
               g32(c, fs + 4) == c->free[i].len;
        pos = g32(c, fs);
    }
    return same && pos == 0;
}

/* Read every stored track; drop (repair) the unreadable ones. */
static void cckd_check_tracks(struct cckd *c, int fd, struct cckd_scan *s)
{
    uint8_t *buf = malloc(c->trksize), *cbuf = malloc(cckd_cbuf_size(c->trksize));
    char why[200];
    for (uint32_t t = 0; buf && cbuf && t < c->ntrks; t++) {
        if (!c->l2[t / CCKD_NUML2]) {
            t |= CCKD_NUML2 - 1;        /* a group without a table: all empty */
            continue;
        }
        struct cckd_l2 e = cckd_entry(c, t);
        /* An empty track's format was checked with its entry (or the header): it
         * reads, and a volume of a million of them is checked in no time. */
        if (!e.pos)
            continue;
        const char *bad = cckd_get(c, fd, t, buf, cbuf, why, sizeof why);
        if (!bad)
            continue;
        problem(s, "track (%u,%u): %s", t / c->heads, t % c->heads, bad);
        if (s->fix) {
            cckd_set_entry(c, t, (struct cckd_l2){ 0, CCKD_NULL_EMPTY, CCKD_NULL_EMPTY });
            cckd_release(c, fd, e.pos, e.size);
        }
    }
    if (!buf || !cbuf)
        problem(s, "out of memory: tracks not checked");
    free(buf);
    free(cbuf);
}

/* Write back what repair changed: tables, then the chain and header. */
static int cckd_repair_write(struct cckd *c, int fd)
{
    uint8_t raw[CCKD_L2_SIZE];
    for (uint32_t i = 0; i < c->numl1; i++) {
        if (!c->l2[i] || !c->l2_dirty[i])
            continue;
        for (uint32_t j = 0; j < CCKD_NUML2; j++)
            put_l2ent(c, raw + 8 * j, c->l2[i][j]);
        if (dasd_write_all(fd, raw, sizeof raw, c->l1[i]) != 0)
            return -1;
    }
    if (c->l1_dirty)
        for (uint32_t i = 0; i < c->numl1; i++) {
            p32(c, raw, c->l1[i]);
            if (dasd_write_all(fd, raw, 4, CCKD_L1_POS + 4 * (off_t)i) != 0)
                return -1;
        }
    if (fsync(fd) != 0)
        return -1;
    if (c->nfree && (uint64_t)c->free[c->nfree - 1].pos + c->free[c->nfree - 1].len == c->end) {
        c->end = c->free[c->nfree - 1].pos;
        c->nfree--;
    }
    if (ftruncate(fd, (off_t)c->end) != 0)
        return -1;
    return cckd_write_meta(c, fd, false);
}

int cckd_check(const char *path, bool repair, FILE *out, char *err, size_t errlen)
{
    int fd = open(path, repair ? O_RDWR : O_RDONLY);
    if (fd < 0)
        return dasd_fail(err, errlen, path, "%s", strerror(errno));
    uint8_t hdr[DASD_HDR_SIZE];
    struct stat st;
    const struct dasd_geom *g = NULL;
    if (repair && flock(fd, LOCK_EX | LOCK_NB) != 0)
        dasd_fail(err, errlen, path, "in use by another process (locked)");
    else if (fstat(fd, &st) != 0 || dasd_read_all(fd, hdr, sizeof hdr, 0) != 0)
        dasd_fail(err, errlen, path, "truncated: no complete device header");
    else
        g = dasd_header_geom(hdr, path, err, errlen);
    struct cckd_scan s = { .path = path, .out = out, .fix = repair };
    struct cckd *c = g ? cckd_load(fd, g, (uint64_t)st.st_size, &s, err, errlen) : NULL;
    if (!c) {
        close(fd);
        return -1;
    }
    cckd_check_tracks(c, fd, &s);
    bool opened = (c->cdev[CD_OPTS] & CCKD_OPT_OPENED) != 0;
    if (opened)
        problem(&s, "the OPENED bit is on: not closed (crashed, or in use); the free space "
                "chain is stale");
    else if (!cckd_meta_matches(c, fd))
        problem(&s, "the free space chain or the statistics in the compressed header do not "
                "match the tables");
    int rc = s.problems ? 1 : 0;
    if (repair && s.problems) {
        if (cckd_repair_write(c, fd) != 0)
            rc = dasd_fail(err, errlen, path, "repair failed: %s", strerror(errno));
        else
            rc = 0;
    }
    struct dasd_space sp;
    cckd_stats(c, &sp);
    if (out)
        fprintf(out, "%s: CCKD image, %u cylinders, %u tracks (%u empty), %llu bytes, %llu "
                "free in %u spaces; %u problem%s%s\n", path, c->ntrks / c->heads, c->ntrks,
                sp.null_tracks, (unsigned long long)sp.size, (unsigned long long)sp.free,
                sp.nfree, s.problems, s.problems == 1 ? "" : "s",
                s.problems == 0 ? "" : rc == 0 ? ", repaired" : rc < 0 ? ", repair failed"
                                                                      : ", not repaired");
    cckd_free_tables(c);
    close(fd);
    return rc;
}
