/* cardpch.c - card punches 3525 and 2540P punching into a host file.
 *
 * Configuration (as Hercules): `ccuu 3525 FILE [ascii|ebcdic] [crlf] [noclear]`.
 * ebcdic (the default) writes raw 80-byte card images; ascii translates each card
 * from EBCDIC (code page 037), strips trailing blanks and ends it with LF (CR LF
 * with crlf). The file is emptied when opened unless noclear. Every card is flushed
 * so that others can read the file while the machine runs.
 *
 * Commands (GX20-1850 reference card, 3505/3525 component description): write,
 * feed, select stacker SS00 0001; feed, select stacker SS10 0011 and no-op
 * 0000 0011; sense 0000 0100 (one sense byte); sense ID. Card-image mode (D = 1)
 * and the 3525 print and read features are rejected. A write shorter than 80
 * bytes punches blanks in the remaining columns. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "devices/devices.h"
#include "devices/ebcdic.h"

#define CARD 80
#define EBCDIC_BLANK 0x40

struct pch {
    char *file;
    FILE *fp;
    bool ascii, crlf, noclear;
};

/* ---- configuration ---------------------------------------------------------------- */

static const struct pch_opt {
    const char *name;
    size_t off;            /* the bool in struct pch that the option sets */
    bool val;
} pch_opts[] = {
    { "ascii", offsetof(struct pch, ascii), true },
    { "ebcdic", offsetof(struct pch, ascii), false },
    { "crlf", offsetof(struct pch, crlf), true },
    { "noclear", offsetof(struct pch, noclear), true },
    { NULL, 0, false },
};

static bool pch_option(struct pch *p, const char *arg)
{
    for (const struct pch_opt *o = pch_opts; o->name; o++) {
        if (!strcasecmp(o->name, arg)) {
            *(bool *)((char *)p + o->off) = o->val;
            return true;
        }
    }
    return false;
}

static void pch_free(struct pch *p)
{
    if (!p) return;
    if (p->fp) fclose(p->fp);
    free(p->file);
    free(p);
}

static int pch_init(struct machine *m, struct device *d, int argc, char **argv, char *err,
                    size_t errlen)
{
    (void)m;
    if (argc < 1) {
        snprintf(err, errlen, "card punch: file name missing");
        return -1;
    }
    struct pch *p = calloc(1, sizeof *p);
    if (!p || !(p->file = strdup(argv[0]))) {
        free(p);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (int i = 1; i < argc; i++) {
        if (!pch_option(p, argv[i])) {
            snprintf(err, errlen, "card punch: unknown option %s", argv[i]);
            pch_free(p);
            return -1;
        }
    }
    p->fp = fopen(p->file, p->noclear ? "ab" : "wb");
    if (!p->fp) {
        snprintf(err, errlen, "card punch file %s: cannot open it for writing", p->file);
        pch_free(p);
        return -1;
    }
    d->priv = p;
    d->senselen = 1;
    return 0;
}

/* ---- punching -------------------------------------------------------------------------- */

static bool pch_card_ascii(struct pch *p, const uint8_t *card)
{
    char line[CARD + 2];
    size_t n = 0;
    for (size_t i = 0; i < CARD; i++) line[i] = (char)ebcdic_to_ascii(card[i]);
    for (size_t i = 0; i < CARD; i++)
        if (line[i] != ' ') n = i + 1;
    if (p->crlf) line[n++] = '\r';
    line[n++] = '\n';
    return fwrite(line, 1, n, p->fp) == n;
}

static uint8_t pch_write(struct device *d, const uint8_t *buf, uint32_t count, int32_t *residual)
{
    struct pch *p = d->priv;
    uint8_t card[CARD];
    uint32_t n = count < CARD ? count : CARD;
    memcpy(card, buf, n);
    memset(card + n, EBCDIC_BLANK, CARD - n);
    *residual = (int32_t)(count - n);
    bool ok = p->ascii ? pch_card_ascii(p, card) : fwrite(card, 1, CARD, p->fp) == CARD;
    if (!ok || fflush(p->fp)) {
        uint8_t sense = SENSE_EQUIPCHK;
        dev_set_sense(d, &sense, 1);
        return US_CE | US_DE | US_UC;
    }
    return US_CE | US_DE;
}

/* ---- the device ---------------------------------------------------------------------- */

/* Sense ID: FF, control unit type and model, device type and model. */
static const struct dev_id pch_ids[] = {
    { "3525", { 0xFF, 0x35, 0x05, 0x01, 0x35, 0x25, 0x01 } },
    { "2540P", { 0xFF, 0x28, 0x21, 0x01, 0x25, 0x40, 0x01 } },
    { NULL, { 0 } },
};

static uint8_t pch_exec(struct device *d, uint8_t cmd, uint8_t flags, uint8_t *buf,
                        uint32_t count, int32_t *residual)
{
    (void)flags;
    *residual = (int32_t)count;
    if (cmd == 0x04) return dev_basic_sense(d, buf, count, residual);
    if (cmd == 0xE4) return dev_sense_id(d, pch_ids, buf, count, residual);
    if (cmd == 0x03 || (cmd & 0x3F) == 0x23) return US_CE | US_DE;
    if ((cmd & 0x3F) != 0x01) return dev_command_reject(d, residual, count);
    if (!d->priv) {
        uint8_t sense = SENSE_INTREQ;
        dev_set_sense(d, &sense, 1);
        return US_CE | US_DE | US_UC;
    }
    return pch_write(d, buf, count, residual);
}

static void pch_close(struct device *d)
{
    pch_free(d->priv);
    d->priv = NULL;
}

static void pch_describe(const struct device *d, char *buf, size_t len)
{
    const struct pch *p = d->priv;
    if (!p) {
        snprintf(buf, len, "*");
        return;
    }
    snprintf(buf, len, "%s%s%s%s", p->file, p->ascii ? " ascii" : " ebcdic",
             p->crlf ? " crlf" : "", p->noclear ? " noclear" : "");
}

const struct dev_ops dev_pch_ops = {
    .init = pch_init, .execute_ccw = pch_exec, .describe = pch_describe, .close = pch_close,
};
