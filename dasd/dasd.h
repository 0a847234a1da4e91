/* dasd.h - CKD geometry (3330, 3350, 3380, 3390) and Hercules-compatible CKD image
 * files: a 512-byte CKD_P370 device header, then fixed-size track slots (volumes over
 * 2 GB split into name_1.ext, name_2.ext, ... as dasdinit does), or a compressed
 * CCKD image (CKD_C370 header, L1/L2 tables, zlib track images; see cckd.c). Each
 * track image is the home address (0x00 CC HH), records as count (CCHHRKDD) + key +
 * data starting with R0, and the end-of-track marker (8 x 0xFF). Both kinds are read
 * and written through the same functions. */
#ifndef S370_DASD_H
#define S370_DASD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum {
    DASD_HDR_SIZE = 512,    /* the CKD device header */
    DASD_HA_SIZE = 5,       /* home address: 0x00 CC HH */
    DASD_COUNT_SIZE = 8,    /* count field: CC HH R KL DL */
    DASD_EOT_SIZE = 8,      /* end-of-track marker: 8 x 0xFF */
    DASD_MAX_CYLS = 65535,
};

/* One device type and model; trksize is the track slot Hercules uses in images. */
struct dasd_geom {
    const char *type;       /* "3390" */
    const char *model;      /* "3" */
    uint16_t devtype;       /* 0x3390 */
    uint32_t cyls, heads, trksize;
    uint32_t altcyls;       /* alternate cylinders after cyls (dasdinit -a) */
};

/* "3390" (its first model) or "3390-3"; NULL if unknown. */
const struct dasd_geom *dasd_geom_find(const char *name);
/* The model of devtype with the most cylinders not above cyls (else the smallest). */
const struct dasd_geom *dasd_geom_model(uint16_t devtype, uint32_t cyls);
/* The device type whose code ends in the header's type byte; NULL if unknown. */
const struct dasd_geom *dasd_geom_by_byte(uint8_t devtype_byte);

enum dasd_format { DASD_FMT_CKD, DASD_FMT_CCKD };

struct dasd_state;

/* An open image. Reads and writes are serialised by a lock inside *st, so two threads
 * cannot corrupt it. */
struct dasd_image {
    char path[512];                 /* for messages (the first file of a split volume) */
    int fd;                         /* the first (or only) file */
    bool readonly;
    const struct dasd_geom *geom;   /* the device type (heads, trksize) */
    uint32_t cyls;                  /* cylinders in this image */
    enum dasd_format format;
    uint32_t nfiles;                /* files of a split CKD volume (1 otherwise) */
    struct dasd_state *st;          /* private to dasd/ */
};

/* All return 0, or -1 with a message naming the file and the problem in err. */
int dasd_open(struct dasd_image *img, const char *path, bool readonly, char *err, size_t errlen);
void dasd_close(struct dasd_image *img);
/* A new image of cyls cylinders (0: the model's), every track formatted with HA and
 * an empty R0; with a volser, the IPL1/IPL2 records and a VOL1 label as dasdinit
 * writes them. An existing file is not overwritten. */
int dasd_create(const char *path, const struct dasd_geom *g, uint32_t cyls, const char *volser,
                char *err, size_t errlen);
/* How dasd_create_ex makes an image. */
enum dasd_comp { DASD_CKD = 0, DASD_CCKD_ZLIB = 1, DASD_CCKD_NONE = 2 };
struct dasd_create_opts {
    enum dasd_comp comp;            /* CKD (dasdinit), CCKD zlib (-z) or CCKD stored (-0) */
    bool lfs;                       /* CKD over 2 GB in one file (dasdinit -lfs) */
    bool raw;                       /* no IPL records and VOL1 (volser ignored) */
    bool alt;                       /* default size includes the alternate cylinders */
    /* Called after each cylinder of a CKD image: done of total. */
    void (*progress)(void *ctx, uint32_t done, uint32_t total);
    void *ctx;
};
/* dasd_create with options. An uncompressed volume over 2 GB (without lfs) is split
 * into files named by dasd_split_name(path, 1..n), as dasdinit does. */
int dasd_create_ex(const char *path, const struct dasd_geom *g, uint32_t cyls, const char *volser,
                   const struct dasd_create_opts *o, char *err, size_t errlen);
/* File seq (1..) of a split volume: "_seq" inserted before the first dot after the
 * last slash, or appended (dasdinit's rule). -1 if it does not fit. */
int dasd_split_name(const char *path, unsigned seq, char *out, size_t outlen);

/* buf holds geom->trksize bytes. A track is checked (home address, records within
 * the slot, end marker) when read and before it is written. */
int dasd_read_track(const struct dasd_image *img, uint32_t cyl, uint32_t head, uint8_t *buf,
                    char *err, size_t errlen);
/* When dasd_write_track returns 0 the track is in the file (written with pwrite, the
 * CCKD tables updated in a crash-consistent order), so killing the process cannot
 * lose it; dasd_sync also flushes to the device (power loss). */
int dasd_write_track(const struct dasd_image *img, uint32_t cyl, uint32_t head, const uint8_t *buf,
                     char *err, size_t errlen);
int dasd_sync(const struct dasd_image *img, char *err, size_t errlen);

/* Space use of an image file (for CKD: size only, everything used). */
struct dasd_space {
    uint64_t size;                  /* bytes in the file(s) */
    uint64_t used;                  /* headers, tables and track images */
    uint64_t free;                  /* free spaces between them */
    uint32_t nfree, largest;        /* number of free spaces, the largest */
    uint64_t imbedded;              /* unused tails of allocated spaces */
    uint32_t null_tracks;           /* tracks stored as "empty" (no space) */
};
void dasd_space(const struct dasd_image *img, struct dasd_space *sp);

/* Check an image file: every header, table and track. Problems are listed on out
 * (one line each, naming the file). repair (CCKD only): drop table entries that point
 * outside the file or overlap, and unreadable tracks (they read as empty), rebuild the
 * free space and statistics, clear the OPENED bit. Returns 0 clean (or repaired),
 * 1 damaged (not repaired), -1 with err if the file cannot be checked at all. */
int dasd_check(const char *path, bool repair, FILE *out, char *err, size_t errlen);

/* A record found in a track image. */
struct dasd_rec {
    uint8_t r, kl;
    uint16_t dl;
    const uint8_t *count, *key, *data;
};
/* Record number r of a checked track image: 0 found, -1 absent. */
int dasd_track_find(const uint8_t *trk, uint32_t trksize, uint8_t r, struct dasd_rec *rec);
/* The volume serial from the VOL1 label (ASCII, NUL-terminated): 0, or -1 if unlabelled. */
int dasd_volser(const struct dasd_image *img, char volser[7]);

/* Make the volume at path (labelled, not yet formatted by an OS) IPL the program in
 * image: a storage image from absolute 0 whose first 8 bytes are the PSW and whose
 * bytes from X'200' on are loaded there (ipltext.c). 0, or -1 with a message. */
int dasd_write_ipl(const char *path, const uint8_t *image, size_t len, char *err, size_t errlen);

/* The VTOC (vtoc.c). An extent as a DSCB holds it: first and last track, inclusive. */
struct dasd_extent {
    uint8_t type, seq;              /* type 0: no extent */
    uint16_t bcyl, bhead, ecyl, ehead;
};
#define DASD_MAX_EXTENTS 16         /* of a dataset on one volume (format 1 + format 3) */
struct dasd_dsinfo {
    char name[45];
    uint8_t dsorg[2], recfm, keylen;
    uint16_t lrecl, blksize;
    uint16_t cre_year, cre_day;     /* creation date: year, day of the year */
    unsigned next;
    struct dasd_extent ext[DASD_MAX_EXTENTS];
    uint32_t tracks;
};
struct dasd_vtoc {
    char volser[7];
    struct dasd_extent vtoc;        /* the VTOC's own extent */
    uint32_t vtoc_tracks;
    uint16_t free_dscbs;            /* DS4DSREC */
    uint32_t ndatasets;
    uint32_t used_tracks;           /* the VTOC and every dataset's extents */
    uint32_t free_tracks;           /* the rest of the volume */
};
/* Called for each dataset; a non-zero return stops the listing and is returned. */
typedef int dasd_vtoc_fn(void *ctx, const struct dasd_dsinfo *ds);
/* Read the VTOC: the summary in *sum, fn for each format-1 DSCB. 0, or -1 with a
 * message naming the file (no VOL1 label, no VTOC, a broken pointer or chain). */
int dasd_vtoc_list(const struct dasd_image *img, dasd_vtoc_fn *fn, void *ctx,
                   struct dasd_vtoc *sum, char *err, size_t errlen);
/* DSORG as IEHLIST writes it (PS, PO, DA, IS, VS, with U for unmovable), "--" if none. */
void dasd_dsorg_name(const struct dasd_dsinfo *ds, char *out, size_t n);
/* RECFM as JCL writes it (FB, VBS, U, FBA, ...), "--" if none. */
void dasd_recfm_name(const struct dasd_dsinfo *ds, char *out, size_t n);

/* `s370 dasd ...` */
int dasd_cmd_main(int argc, char **argv);

#endif
