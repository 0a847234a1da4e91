/* fuzz_tape.c - libFuzzer target for AWSTAPE and HET tape images (devices/awstape.c):
 * the input is the image file, mounted once under a name ending in .aws and once in
 * .het (the name and the first block decide the format). Built and run by `make fuzz`
 * (test/fuzz/fuzz.am).
 *
 * Read-only: every block read forward to the end of the data (bounded), then backward
 * to the load point, then spacing by files and blocks both ways. Read-write (a copy):
 * spaced to a block chosen by the first byte, a block of the input's bytes written
 * (HET: compressed, in chunks of 4096 bytes when the first byte says so) with a
 * tapemark after it, read back, and the rest erased.
 *
 * Invariants besides the sanitizers: a tape that reads forward to its end reads
 * backward block for block the same; a block written reads back as written. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include "devices/awstape.h"
#include "fuzzutil.h"

#define MAX_BLOCKS 2000u        /* blocks followed in one pass */

struct fuzz {
    char dir[64];
    char aws[128], het[128];
    uint8_t *buf, *want;        /* TAPE_MAXBLOCK bytes each */
    uint32_t len[MAX_BLOCKS], sum[MAX_BLOCKS];
    uint8_t kind[MAX_BLOCKS];   /* TAPE_OK or TAPE_TM */
};

static struct fuzz *fuzz_setup(void)
{
    struct fuzz *z = calloc(1, sizeof *z);
    if (!z) abort();
    fuzz_scratch(z->dir, sizeof z->dir, "tape");
    snprintf(z->aws, sizeof z->aws, "%s/tape.aws", z->dir);
    snprintf(z->het, sizeof z->het, "%s/tape.het", z->dir);
    z->buf = malloc(TAPE_MAXBLOCK);
    z->want = malloc(TAPE_MAXBLOCK);
    if (!z->buf || !z->want) abort();
    return z;
}

static uint32_t sum_of(const uint8_t *p, uint32_t n)
{
    return (uint32_t)crc32(0, p, n);
}

/* Forward to the end, backward to the load point, comparing; then spacing. */
static void read_only(struct fuzz *z, const char *path)
{
    struct tape_file t;
    struct tape_opts o;
    char err[1200];
    tape_opts_default(&o);
    o.ro = true;
    if (tape_open(&t, path, &o, err, sizeof err)) return;
    uint32_t n = 0, len;
    enum tape_rc rc = TAPE_OK;
    while (n < MAX_BLOCKS && ((rc = tape_read(&t, z->buf, &len)) == TAPE_OK || rc == TAPE_TM)) {
        z->kind[n] = (uint8_t)rc;
        z->len[n] = len;
        z->sum[n] = sum_of(z->buf, len);
        n++;
    }
    if (rc == TAPE_EOD) {
        /* The whole tape was read: backward it must be the same blocks. */
        for (uint32_t i = n; i-- > 0;) {
            rc = tape_read_back(&t, z->buf, &len);
            if (rc != z->kind[i] || len != z->len[i] || sum_of(z->buf, len) != z->sum[i]) {
                fprintf(stderr, "fuzz_tape: %s: block %u reads back as %s length %u, forward "
                        "%s length %u (%s)\n", path, i, tape_rc_str(rc), len,
                        tape_rc_str((enum tape_rc)z->kind[i]), z->len[i], t.why);
                abort();
            }
        }
        if (!tape_at_loadpt(&t) || tape_read_back(&t, z->buf, &len) != TAPE_LOADPT) {
            fprintf(stderr, "fuzz_tape: %s: not at the load point after reading back\n", path);
            abort();
        }
    }
    tape_rewind(&t);
    for (int i = 0; i < 3 && tape_fsf(&t) == TAPE_OK; i++)
        ;
    tape_bsf(&t);
    tape_fsb(&t);
    tape_bsb(&t);
    tape_read(&t, z->buf, &len);
    tape_at_eot(&t);
    tape_close(&t);
}

/* Space to block k, write a block and a tapemark, read them back, erase the rest. */
static void read_write(struct fuzz *z, const char *path, const uint8_t *data, size_t size)
{
    struct tape_file t;
    struct tape_opts o;
    char err[1200];
    uint8_t ctl = size ? data[0] : 0;
    tape_opts_default(&o);
    if (ctl & 0x10) o.chunksize = 4096;
    if (ctl & 0x20) o.awsfmt = true;
    if (ctl & 0x40) o.compress = false;
    if (ctl & 0x80) {
        o.maxsize = size + 64;
        o.eotmargin = 32;
    }
    if (tape_open(&t, path, &o, err, sizeof err)) return;
    unsigned k = ctl & 7, spaced = 0;
    for (; spaced < k; spaced++) {
        enum tape_rc rc = tape_fsb(&t);
        if (rc != TAPE_OK && rc != TAPE_TM) break;
    }
    uint32_t wlen = (uint32_t)(size > TAPE_MAXBLOCK ? TAPE_MAXBLOCK : size);
    if (ctl & 8) wlen = wlen * 7 % (TAPE_MAXBLOCK + 1);    /* longer than the input too */
    for (uint32_t i = 0; i < wlen; i++) z->want[i] = size ? data[i % size] : 0;
    enum tape_rc rc = tape_write(&t, z->want, wlen);
    if (rc == TAPE_OK && tape_write_tm(&t) == TAPE_OK) {
        tape_at_eot(&t);
        tape_rewind(&t);
        for (unsigned i = 0; i < spaced; i++) {
            rc = tape_fsb(&t);
            if (rc != TAPE_OK && rc != TAPE_TM) {
                fprintf(stderr, "fuzz_tape: %s: spacing to block %u again: %s (%s)\n", path, i,
                        tape_rc_str(rc), t.why);
                abort();
            }
        }
        uint32_t len;
        rc = tape_read(&t, z->buf, &len);
        if (rc != TAPE_OK || len != wlen || memcmp(z->buf, z->want, wlen) ||
            tape_read(&t, z->buf, &len) != TAPE_TM) {
            fprintf(stderr, "fuzz_tape: %s: block %u written (%u bytes) reads back as %s, "
                    "%u bytes (%s)\n", path, spaced, wlen, tape_rc_str(rc), len, t.why);
            abort();
        }
        tape_bsb(&t);
        tape_read_back(&t, z->buf, &len);
    }
    tape_erase(&t);
    tape_close(&t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct fuzz *z;
    if (!z) z = fuzz_setup();
    const char *paths[2] = { z->aws, z->het };
    for (int i = 0; i < 2; i++) {
        fuzz_write(paths[i], data, size);
        read_only(z, paths[i]);
        read_write(z, paths[i], data, size);
        read_only(z, paths[i]);
    }
    return 0;
}
