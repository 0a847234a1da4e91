/* png.c - a small PNG writer (see png.h). A PNG file is the 8-byte signature and
 * chunks: length (4 bytes, big-endian), type, data, and a CRC-32 of type and data.
 * IHDR describes the image, PLTE holds the palette, IDAT the zlib stream of the
 * rows, each row led by its filter type (0: none), and IEND closes the file. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "console/png.h"

#define PNG_MAX_DIM 16384       /* far above any screen; keeps sizes in range */

enum { PNG_RGB = 2, PNG_PALETTE = 3 };   /* IHDR colour types */

static void be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static int chunk(FILE *f, const char type[4], const uint8_t *data, uint32_t len)
{
    uint8_t head[8], tail[4];
    be32(head, len);
    memcpy(head + 4, type, 4);
    uLong crc = crc32(0L, (const Bytef *)type, 4);
    if (len) crc = crc32(crc, data, len);
    be32(tail, (uint32_t)crc);
    if (fwrite(head, 1, 8, f) != 8) return -1;
    if (len && fwrite(data, 1, len, f) != len) return -1;
    return fwrite(tail, 1, 4, f) == 4 ? 0 : -1;
}

int con_png_write(const char *path, unsigned w, unsigned h, const uint8_t *pix,
                  const uint8_t (*palette)[3], unsigned npal, char *err, size_t errlen)
{
    static const uint8_t signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
    if (!w || !h || w > PNG_MAX_DIM || h > PNG_MAX_DIM || (palette && (!npal || npal > 256))) {
        snprintf(err, errlen, "%s: image size or palette not valid", path);
        return -1;
    }
    size_t bpp = palette ? 1 : 3, stride = 1 + w * bpp, rawlen = stride * h;
    uLong zlen = compressBound((uLong)rawlen);
    uint8_t *raw = malloc(rawlen), *z = malloc(zlen);
    int rc = -1;
    if (!raw || !z) {
        snprintf(err, errlen, "%s: out of memory", path);
        goto out;
    }
    for (unsigned y = 0; y < h; y++) {
        raw[y * stride] = 0;                                /* filter: none */
        memcpy(raw + y * stride + 1, pix + (size_t)y * w * bpp, w * bpp);
    }
    if (compress2(z, &zlen, raw, (uLong)rawlen, Z_BEST_COMPRESSION) != Z_OK) {
        snprintf(err, errlen, "%s: compression failed", path);
        goto out;
    }
    uint8_t ihdr[13];
    be32(ihdr, w);
    be32(ihdr + 4, h);
    ihdr[8] = 8;                                            /* bit depth */
    ihdr[9] = palette ? PNG_PALETTE : PNG_RGB;
    ihdr[10] = ihdr[11] = ihdr[12] = 0;                     /* deflate, filter 0, no interlace */
    FILE *f = fopen(path, "wb");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        goto out;
    }
    int bad = fwrite(signature, 1, 8, f) != 8 || chunk(f, "IHDR", ihdr, 13) ||
              (palette && chunk(f, "PLTE", &palette[0][0], 3 * npal)) ||
              chunk(f, "IDAT", z, (uint32_t)zlen) || chunk(f, "IEND", NULL, 0);
    if (fclose(f)) bad = 1;
    if (bad) snprintf(err, errlen, "%s: write failed: %s", path, strerror(errno));
    else rc = 0;
out:
    free(raw);
    free(z);
    return rc;
}
