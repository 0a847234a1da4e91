/* dasd.h - CKD geometry (3330, 3350, 3380, 3390) and Hercules-compatible CKD image
 * files: a 512-byte CKD_P370 device header, then fixed-size track slots. Each track
 * image is the home address (0x00 CC HH), records as count (CCHHRKDD) + key + data
 * starting with R0, and the end-of-track marker (8 x 0xFF). Compressed CCKD images
 * are recognised and refused for now. */
#ifndef S370_DASD_H
#define S370_DASD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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
};

/* "3390" (its first model) or "3390-3"; NULL if unknown. */
const struct dasd_geom *dasd_geom_find(const char *name);
/* The model of devtype with the most cylinders not above cyls (else the smallest). */
const struct dasd_geom *dasd_geom_model(uint16_t devtype, uint32_t cyls);
/* The device type whose code ends in the header's type byte; NULL if unknown. */
const struct dasd_geom *dasd_geom_by_byte(uint8_t devtype_byte);

/* An open image. */
struct dasd_image {
    char path[512];                 /* for messages */
    int fd;
    bool readonly;
    const struct dasd_geom *geom;   /* the device type (heads, trksize) */
    uint32_t cyls;                  /* cylinders in this image */
};

/* All return 0, or -1 with a message naming the file and the problem in err. */
int dasd_open(struct dasd_image *img, const char *path, bool readonly, char *err, size_t errlen);
void dasd_close(struct dasd_image *img);
/* A new image of cyls cylinders (0: the model's), every track formatted with HA and
 * an empty R0; with a volser, the IPL1/IPL2 records and a VOL1 label as dasdinit
 * writes them. An existing file is not overwritten. */
int dasd_create(const char *path, const struct dasd_geom *g, uint32_t cyls, const char *volser,
                char *err, size_t errlen);
/* buf holds geom->trksize bytes. A track is checked (home address, records within
 * the slot, end marker) when read and before it is written. */
int dasd_read_track(const struct dasd_image *img, uint32_t cyl, uint32_t head, uint8_t *buf,
                    char *err, size_t errlen);
int dasd_write_track(const struct dasd_image *img, uint32_t cyl, uint32_t head, const uint8_t *buf,
                     char *err, size_t errlen);

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

/* `s370 dasd ...` */
int dasd_cmd_main(int argc, char **argv);

#endif
