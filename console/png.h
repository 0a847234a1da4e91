/* png.h - a small PNG writer (ISO/IEC 15948, PNG specification): 8-bit truecolor
 * (RGB) or 8-bit palette images, one IDAT compressed with zlib, CRCs by zlib's
 * crc32. Used for the window's screenshots. */
#ifndef S370_PNG_H
#define S370_PNG_H

#include <stddef.h>
#include <stdint.h>

/* Write a w x h image to path. pix holds rows top to bottom: 3 bytes (R, G, B) a
 * pixel when palette is NULL, else one palette index a pixel and palette npal RGB
 * triples (1 to 256). 0, or -1 with the reason (naming the file) in err. */
int con_png_write(const char *path, unsigned w, unsigned h, const uint8_t *pix,
                  const uint8_t (*palette)[3], unsigned npal, char *err, size_t errlen);

#endif
