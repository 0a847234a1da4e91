/* awstape.h - tape image files in the AWSTAPE and HET layouts (Hercules-compatible).
 *
 * An image is a sequence of chunks, each behind a 6-byte header: the chunk length
 * and the previous chunk's length (little-endian halfwords), then two flag bytes.
 * Flag byte 1: X'80' first chunk of a block, X'40' tapemark, X'20' last chunk of a
 * block; HET adds the compression method in its low bits (X'01' zlib, X'02' bzip2),
 * the same in every chunk of a block, and the block is compressed as a whole before
 * it is cut into chunks. A tapemark is a header with length 0 and X'40'.
 *
 * The layer keeps the position (file offset, length of the chunk before it, blocks
 * from load point) and checks what it reads: a short header or block, a previous
 * length that does not match, chunks out of order or a bad compressed block are
 * reported as TAPE_EBAD with a description, never trusted. */
#ifndef S370_AWSTAPE_H
#define S370_AWSTAPE_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <sys/types.h>

#define TAPE_MAXBLOCK 65535u        /* longest block (halfword lengths) */
#define TAPE_HDRLEN 6

enum { TAPE_FMT_AWS, TAPE_FMT_HET };

/* Results of the operations below. */
enum tape_rc {
    TAPE_OK = 0,
    TAPE_TM,        /* a tapemark was read or spaced over */
    TAPE_EOD,       /* end of the recorded data (nothing more in the file) */
    TAPE_LOADPT,    /* a backward operation at load point */
    TAPE_EBAD,      /* damaged image: see tape_file.why */
    TAPE_EUNSUP,    /* bzip2 (or another unsupported) compressed block */
    TAPE_EIO,       /* host I/O error */
    TAPE_EROFS,     /* write to a read-only image */
    TAPE_EFULL,     /* the write would pass maxsize */
};

struct tape_opts {
    bool ro;                /* mount read-only (no write ring) */
    bool compress;          /* HET: compress blocks on write (default on) */
    int level;              /* zlib level 1-9 (default 4) */
    unsigned chunksize;     /* 4096-65535 (default 65535) */
    bool awsfmt;            /* HET file written in plain AWSTAPE form */
    uint64_t maxsize;       /* bytes, 0 = no limit */
    uint64_t eotmargin;     /* end-of-tape marker this many bytes before maxsize */
};

struct tape_file {
    int fd;
    int fmt;                /* TAPE_FMT_* */
    bool ro;
    struct tape_opts opt;
    char path[1024];
    off_t pos;              /* offset of the next header */
    uint16_t prevlen;       /* length of the chunk before pos */
    uint32_t blockno;       /* blocks and tapemarks between load point and pos */
    uint32_t lastraw;       /* stored length of the last block read */
    char why[160];          /* what was wrong with the last TAPE_EBAD/EUNSUP/EIO */
    uint8_t *raw;           /* scratch: a block as stored (chunks joined) */
    uint8_t *blk;           /* scratch: the block as the program sees it */
};

void tape_opts_default(struct tape_opts *o);
/* Parse one Hercules-style option (ro, noring, readonly=n, rw, ring, compress=n,
 * idrc=n, method=n, level=n, chunksize=n, awstape, maxsize[k|m]=n, eotmargin=n,
 * deonirq=n, noautomount). 0, or -1 with a message. */
int tape_opt_parse(struct tape_opts *o, const char *arg, char *err, size_t errlen);

/* Open an existing image (HET when the name ends in .het or its first block is
 * compressed). A file the host will not let us write is mounted read-only. */
int tape_open(struct tape_file *t, const char *path, const struct tape_opts *o,
              char *err, size_t errlen);
/* Create (or empty) an image holding two tapemarks, as `hetinit -n` does (the
 * same bytes for AWS and HET: the name tells them apart). */
int tape_create(const char *path, char *err, size_t errlen);
/* The name ends in .het. */
bool tape_name_is_het(const char *path);
void tape_close(struct tape_file *t);

/* Read the next block into buf (TAPE_MAXBLOCK bytes); *len is its length. */
enum tape_rc tape_read(struct tape_file *t, uint8_t *buf, uint32_t *len);
/* Read the previous block and move before it. */
enum tape_rc tape_read_back(struct tape_file *t, uint8_t *buf, uint32_t *len);
/* Write a block or a tapemark at the position; what followed it is gone. */
enum tape_rc tape_write(struct tape_file *t, const uint8_t *buf, uint32_t len);
enum tape_rc tape_write_tm(struct tape_file *t);
/* Discard everything after the position (data security erase). */
enum tape_rc tape_erase(struct tape_file *t);
/* Space one block forward/backward: TAPE_OK, or TAPE_TM after passing a tapemark. */
enum tape_rc tape_fsb(struct tape_file *t);
enum tape_rc tape_bsb(struct tape_file *t);
/* Space to just after the next tapemark / just before the previous one. */
enum tape_rc tape_fsf(struct tape_file *t);
enum tape_rc tape_bsf(struct tape_file *t);
void tape_rewind(struct tape_file *t);

bool tape_at_loadpt(const struct tape_file *t);
/* Past the end-of-tape marker (maxsize - eotmargin). */
bool tape_at_eot(const struct tape_file *t);
const char *tape_rc_str(enum tape_rc rc);

#endif
