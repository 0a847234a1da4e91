/* cckd.h - inside the DASD image layer: the state behind a struct dasd_image (its
 * lock, the files of a split CKD volume, the tables of a compressed CCKD image), the
 * helpers ckdimage.c and cckd.c share, and the CCKD functions. Not for devices: they
 * use dasd.h. */
#ifndef S370_CCKD_H
#define S370_CCKD_H

#include <pthread.h>
#include <stdio.h>
#include <sys/types.h>
#include "dasd/dasd.h"

#define DASD_ID_CKD  "CKD_P370"     /* uncompressed CKD (Hercules ckddasd) */
#define DASD_ID_CCKD "CKD_C370"     /* compressed CKD base file (Hercules cckddasd) */
#define DASD_ID_CCKS "CKD_S370"     /* compressed CKD shadow file: not supported */
#define DASD_ID_LEN 8

enum {
    DASD_MAX_FILES = 9,             /* split CKD: suffixes _1 .. _9 */
    DASD_R0_DL = 8,
};

struct cckd;                        /* cckd.c: the tables and the free space */

/* One file of an uncompressed volume: cylinders lo..hi live in fd. */
struct dasd_file {
    int fd;
    uint32_t lo, hi;
};

/* What a struct dasd_image points at. lock serialises every operation on the image,
 * so that two threads cannot interleave a CCKD allocation or table update. */
struct dasd_state {
    pthread_mutex_t lock;
    uint32_t nfiles;
    struct dasd_file files[DASD_MAX_FILES];
    struct cckd *cckd;              /* NULL for an uncompressed image */
    uint8_t *null_trk;              /* scratch track images for cckd.c */
    uint8_t *cbuf;
};

/* ---- shared helpers (ckdimage.c) ----------------------------------------------- */
int dasd_fail(char *err, size_t errlen, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int dasd_write_all(int fd, const uint8_t *buf, size_t len, off_t at);
int dasd_read_all(int fd, uint8_t *buf, size_t len, off_t at);
/* Why a track image is wrong (home address of cyl/head, records inside trksize, an
 * end marker), or NULL. */
const char *dasd_track_check(const uint8_t *trk, uint32_t trksize, uint32_t cyl, uint32_t head);
/* Bytes of a checked track image up to and including its end marker. */
size_t dasd_track_len(const uint8_t *trk, uint32_t trksize);
/* Append a record (count, key, data: zeros when data is NULL) at *off; the caller sized
 * the track for it and writes the end marker. */
void dasd_put_rec(uint8_t *trk, size_t *off, uint32_t cyl, uint32_t head, uint8_t r,
                  const uint8_t *key, uint8_t kl, const uint8_t *data, uint16_t dl);
/* An empty track (HA, R0 of 8 zero bytes, the label records on 0/0 if volser, EOT). */
void dasd_format_track(uint8_t *trk, uint32_t trksize, uint32_t cyl, uint32_t head,
                       const char *volser);
/* The 512-byte device header shared by CKD and CCKD files. */
void dasd_make_header(uint8_t hdr[DASD_HDR_SIZE], const char *id, const struct dasd_geom *g);
/* The geometry of a CKD_P370 or CKD_C370 header; NULL with a message in err. */
const struct dasd_geom *dasd_header_geom(const uint8_t *hdr, const char *path, char *err,
                                         size_t errlen);

static inline uint32_t dasd_le32(const uint8_t *p)
{
    return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline void dasd_put_le32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}
static inline uint32_t dasd_be16(const uint8_t *p) { return (uint32_t)p[0] << 8 | p[1]; }
static inline void dasd_put_be16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

/* ---- compressed images (cckd.c); the caller holds the lock ------------------------ */
/* Read the CCKD tables of an open file whose device header is hdr; checks every table
 * entry and that no two spaces overlap. A damaged image is refused, naming the file
 * and the first problem. Read-write: sets the OPENED bit on disk. */
int cckd_open(struct dasd_image *img, const uint8_t *hdr, char *err, size_t errlen);
/* Read-write: writes the free-space chain and the statistics, clears OPENED, fsyncs. */
int cckd_close(struct dasd_image *img, char *err, size_t errlen);
int cckd_read_track(const struct dasd_image *img, uint32_t cyl, uint32_t head, uint8_t *buf,
                    char *err, size_t errlen);
int cckd_write_track(const struct dasd_image *img, uint32_t cyl, uint32_t head,
                     const uint8_t *buf, char *err, size_t errlen);
void cckd_space(const struct dasd_image *img, struct dasd_space *sp);
/* A new CCKD file as dasdinit -z (comp 1) or -0 (comp 0) writes it. */
int cckd_create(const char *path, const struct dasd_geom *g, uint32_t cyls, const char *volser,
                int comp, char *err, size_t errlen);
/* Check (and repair) a CCKD file: see dasd_check. */
int cckd_check(const char *path, bool repair, FILE *out, char *err, size_t errlen);

#endif
