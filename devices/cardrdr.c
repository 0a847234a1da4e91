/* cardrdr.c - card readers 3505, 2540R and 1442 reading decks from host files.
 *
 * Configuration (as Hercules): `ccuu 3505 FILE... [ebcdic|ascii] [trunc] [autopad]
 * [eof|intrq] [multifile]`, or `*` for an empty hopper. EBCDIC files hold 80-byte
 * card images; ASCII files hold lines, translated to EBCDIC (code page 037) and
 * padded with blanks to 80 columns. Without ebcdic or ascii the first bytes of each
 * file decide. At the end of a file the reader presents unit exception (eof) or
 * goes not ready with intervention required (intrq, the default); multifile goes
 * straight on to the next file, otherwise the next read starts the next file.
 *
 * Commands (GX20-1850 System/370 reference card, 3505/2540 component descriptions):
 * read, feed, select stacker SS00 0010; feed, select stacker SS10 0011 and no-op
 * 0000 0011 (no card motion here); sense 0000 0100 (one sense byte); sense ID.
 * Card-image (column binary) mode, D = 1, is rejected. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include "devices/devices.h"
#include "devices/ebcdic.h"
#include "channel/channel.h"

#define CARD 80
#define EBCDIC_BLANK 0x40

enum rdr_fmt { FMT_AUTO, FMT_EBCDIC, FMT_ASCII };

struct rdr {
    char **files;          /* the deck: files read in order */
    unsigned nfiles;
    _Atomic unsigned cur;  /* file being read (nfiles: hopper empty) */
    FILE *fp;              /* cur, once opened */
    enum rdr_fmt fmt;      /* as configured */
    enum rdr_fmt curfmt;   /* of the open file */
    bool trunc, autopad, eof, multifile;
};

/* Outcome of taking one card from the open file. */
enum card_res { CARD_OK, CARD_END, CARD_LONG, CARD_SHORT, CARD_IOERR };

/* ---- configuration -------------------------------------------------------------- */

struct rdr_opt {
    const char *name;
    void (*set)(struct rdr *r);
};

static void opt_ascii(struct rdr *r) { r->fmt = FMT_ASCII; }
static void opt_ebcdic(struct rdr *r) { r->fmt = FMT_EBCDIC; }
static void opt_trunc(struct rdr *r) { r->trunc = true; }
static void opt_autopad(struct rdr *r) { r->autopad = true; }
static void opt_eof(struct rdr *r) { r->eof = true; }
static void opt_intrq(struct rdr *r) { r->eof = false; }
static void opt_multifile(struct rdr *r) { r->multifile = true; }

static const struct rdr_opt rdr_opts[] = {
    { "ascii", opt_ascii }, { "ebcdic", opt_ebcdic }, { "trunc", opt_trunc },
    { "autopad", opt_autopad }, { "eof", opt_eof }, { "intrq", opt_intrq },
    { "multifile", opt_multifile }, { NULL, NULL },
};

static const struct rdr_opt *rdr_opt_find(const char *arg)
{
    for (const struct rdr_opt *o = rdr_opts; o->name; o++)
        if (!strcasecmp(o->name, arg)) return o;
    return NULL;
}

static void rdr_free(struct rdr *r)
{
    if (!r) return;
    if (r->fp) fclose(r->fp);
    for (unsigned i = 0; i < r->nfiles; i++) free(r->files[i]);
    free(r->files);
    free(r);
}

static int rdr_add_file(struct rdr *r, const char *name, char *err, size_t errlen)
{
    if (access(name, R_OK)) {
        snprintf(err, errlen, "card reader file %s: cannot read it", name);
        return -1;
    }
    char **f = realloc(r->files, (r->nfiles + 1) * sizeof *f);
    if (!f) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    r->files = f;
    if (!(f[r->nfiles] = strdup(name))) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    r->nfiles++;
    return 0;
}

static int rdr_parse(struct rdr *r, int argc, char **argv, char *err, size_t errlen)
{
    for (int i = 0; i < argc; i++) {
        const struct rdr_opt *o = rdr_opt_find(argv[i]);
        if (o) o->set(r);
        else if (!strcmp(argv[i], "*")) continue;
        else if (rdr_add_file(r, argv[i], err, errlen)) return -1;
    }
    return 0;
}

/* ---- reading cards ------------------------------------------------------------------ */

/* Printable ASCII, tabs and line ends only: an ASCII deck (Hercules' detection). */
static enum rdr_fmt rdr_detect(FILE *fp)
{
    uint8_t b[CARD];
    size_t n = fread(b, 1, sizeof b, fp);
    rewind(fp);
    for (size_t i = 0; i < n; i++)
        if ((b[i] < 0x20 || b[i] > 0x7E) && b[i] != '\n' && b[i] != '\r' && b[i] != '\t')
            return FMT_EBCDIC;
    return FMT_ASCII;
}

static bool rdr_open(struct rdr *r)
{
    r->fp = fopen(r->files[r->cur], "rb");
    if (!r->fp) return false;
    r->curfmt = r->fmt == FMT_AUTO ? rdr_detect(r->fp) : r->fmt;
    return true;
}

static void rdr_next_file(struct rdr *r)
{
    if (r->fp) fclose(r->fp);
    r->fp = NULL;
    r->cur++;
}

static enum card_res card_ebcdic(struct rdr *r, uint8_t *card)
{
    size_t n = fread(card, 1, CARD, r->fp);
    if (ferror(r->fp)) return CARD_IOERR;
    if (n == 0) return CARD_END;
    if (n < CARD) {
        if (!r->autopad) return CARD_SHORT;
        memset(card + n, 0, CARD - n);
    }
    return CARD_OK;
}

/* One line: CR ignored, tabs to the next multiple of 8, translated to EBCDIC. */
static enum card_res card_ascii(struct rdr *r, uint8_t *card)
{
    unsigned n = 0;
    bool any = false, longer = false;
    int c;
    while ((c = getc(r->fp)) != EOF) {
        any = true;
        if (c == '\n') break;
        if (c == '\r') continue;
        unsigned reps = c == '\t' ? 8 - (n & 7) : 1;
        for (unsigned k = 0; k < reps; k++) {
            if (n < CARD) card[n++] = ascii_to_ebcdic(c == '\t' ? ' ' : (uint8_t)c);
            else longer = true;
        }
    }
    if (ferror(r->fp)) return CARD_IOERR;
    if (!any) return CARD_END;
    if (longer && !r->trunc) return CARD_LONG;
    memset(card + n, EBCDIC_BLANK, CARD - n);
    return CARD_OK;
}

static uint8_t unit_check(struct device *d, uint8_t sense, int32_t *residual, uint32_t count)
{
    dev_set_sense(d, &sense, 1);
    *residual = (int32_t)count;
    return US_CE | US_DE | US_UC;
}

/* End of a file without multifile, or of the deck: unit exception (eof) or not
 * ready (intrq). */
static uint8_t rdr_end(struct device *d, struct rdr *r, int32_t *residual, uint32_t count)
{
    if (!r->eof) return unit_check(d, SENSE_INTREQ, residual, count);
    *residual = (int32_t)count;
    return US_CE | US_DE | US_UE;
}

static uint8_t rdr_read(struct device *d, uint8_t *buf, uint32_t count, int32_t *residual)
{
    struct rdr *r = d->priv;
    uint8_t card[CARD];
    for (;;) {
        if (!r || r->cur >= r->nfiles) return unit_check(d, SENSE_INTREQ, residual, count);
        if (!r->fp && !rdr_open(r)) {
            rdr_next_file(r);
            return unit_check(d, SENSE_INTREQ, residual, count);
        }
        enum card_res res = r->curfmt == FMT_ASCII ? card_ascii(r, card) : card_ebcdic(r, card);
        if (res == CARD_OK) break;
        if (res == CARD_LONG) return unit_check(d, SENSE_DATACHK, residual, count);
        if (res != CARD_END) {
            rdr_next_file(r);
            return unit_check(d, SENSE_EQUIPCHK, residual, count);
        }
        rdr_next_file(r);
        if (!r->multifile || r->cur >= r->nfiles) return rdr_end(d, r, residual, count);
    }
    memcpy(buf, card, count < CARD ? count : CARD);
    *residual = (int32_t)count - CARD;
    return US_CE | US_DE;
}

/* ---- the device ---------------------------------------------------------------------- */

/* Sense ID: FF, control unit type and model, device type and model. */
static const struct dev_id rdr_ids[] = {
    { "3505", { 0xFF, 0x35, 0x05, 0x01, 0x35, 0x05, 0x01 } },
    { "2540R", { 0xFF, 0x28, 0x21, 0x01, 0x25, 0x40, 0x01 } },
    { "1442", { 0xFF, 0x14, 0x42, 0x01, 0x14, 0x42, 0x01 } },
    { NULL, { 0 } },
};

static uint8_t rdr_exec(struct device *d, uint8_t cmd, uint8_t flags, uint8_t *buf,
                        uint32_t count, int32_t *residual)
{
    (void)flags;
    *residual = (int32_t)count;
    if ((cmd & 0x3F) == 0x02) return rdr_read(d, buf, count, residual);
    if (cmd == 0x03 || (cmd & 0x3F) == 0x23) return US_CE | US_DE;
    if (cmd == 0x04) return dev_basic_sense(d, buf, count, residual);
    if (cmd == 0xE4) return dev_sense_id(d, rdr_ids, buf, count, residual);
    return dev_command_reject(d, residual, count);
}

static void rdr_close(struct device *d)
{
    rdr_free(d->priv);
    d->priv = NULL;
}

/* A deck loaded into an attached reader (devinit) makes it ready: device end, as
 * when the operator presses START. */
static int rdr_init(struct machine *m, struct device *d, int argc, char **argv, char *err,
                    size_t errlen)
{
    struct rdr *r = calloc(1, sizeof *r);
    if (!r) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (rdr_parse(r, argc, argv, err, errlen)) {
        rdr_free(r);
        return -1;
    }
    d->priv = r;
    d->senselen = 1;
    if (r->nfiles && chan_dev_find(m, d->devnum) == d) chan_device_status(d, US_DE);
    return 0;
}

static void rdr_describe(const struct device *d, char *buf, size_t len)
{
    const struct rdr *r = d->priv;
    if (!r) {
        snprintf(buf, len, "*");
        return;
    }
    unsigned cur = r->cur;
    snprintf(buf, len, "%s%s%s%s%s%s%s", cur < r->nfiles ? r->files[cur] : "*",
             r->multifile ? " multifile" : "",
             r->fmt == FMT_ASCII ? " ascii" : r->fmt == FMT_EBCDIC ? " ebcdic" : "",
             r->autopad ? " autopad" : "", r->trunc ? " trunc" : "",
             r->eof ? " eof" : " intrq",
             cur + 1 < r->nfiles ? " (more files)" : "");
}

const struct dev_ops dev_rdr_ops = {
    .init = rdr_init, .execute_ccw = rdr_exec, .describe = rdr_describe, .close = rdr_close,
};
