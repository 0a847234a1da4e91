/* printer.c - line printers 1403 and 3211 printing into a host text file.
 *
 * Configuration (as Hercules): `ccuu 1403 FILE [crlf] [noclear] [fcb=...] [lpp=N]`.
 * Lines are translated from EBCDIC (code page 037), unprintable bytes become blanks
 * and trailing blanks are dropped; spacing becomes line feeds (CR LF with crlf), a
 * skip to channel 1 a form feed, a write without spacing a carriage return (the next
 * line overprints). Every command's output is flushed at once.
 *
 * Carriage control: a forms-control buffer maps channels 1-12 to lines of a page of
 * lpp lines. The default is Hercules': lpp 66, channels 1-12 at lines
 * 1,7,13,19,25,31,37,43,63,49,55,61 (`fcb=` takes 12 line numbers or line:channel
 * pairs, 0 for an unset channel). A skip to an unset channel is rejected. Spacing
 * after a write that reaches the line of channel 9 or 12 ends the write with unit
 * exception (2821/1403 and 3211 component descriptions: carriage channel 9 and 12
 * signal the end of the form).
 *
 * Commands (GX20-1850 reference card): write and space 0-3 lines 000n n001, write and
 * skip to channel c 1ccc c001, space immediately 000n n011, skip immediately
 * 1ccc c011, no-op 03, sense 04 (one byte), sense ID E4. UCS commands are accepted
 * and ignored: block and allow data check 73/7B, UCS gate load EB, load UCS buffer
 * FB/F3 (the image is taken and dropped). The 3211's load FCB (63) loads the FCB:
 * one byte a line, channel in bits 4-7, bit 3 on the last line of the form. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "devices/devices.h"
#include "devices/ebcdic.h"

#define PRT_LINE 132           /* print positions */
#define PRT_CHANNELS 12
#define PRT_MAXLPP 255

struct prt {
    char *file;
    FILE *fp;
    bool crlf, noclear, is3211;
    unsigned lpp;                          /* lines per page */
    unsigned fcb[PRT_CHANNELS + 1];        /* line of channel c, 0 if unset */
    unsigned line;                         /* current line, 1..lpp */
};

/* ---- the command table ------------------------------------------------------------- */

enum prt_kind {
    PK_REJECT, PK_WRITE, PK_MOVE, PK_NOP, PK_TAKE, PK_SENSE, PK_SENSEID, PK_LOADFCB,
};

struct prt_cmd {
    uint8_t kind;
    uint8_t space;             /* lines to space after (0-3) */
    uint8_t channel;           /* skip to this channel instead (1-12), 0 if none */
    bool only3211;
};

#define WSPACE(n) [0x01 + 8 * (n)] = { PK_WRITE, (n), 0, false }
#define WSKIP(c) [0x81 + 8 * (c)] = { PK_WRITE, 0, (c), false }
#define SPACE(n) [0x03 + 8 * (n)] = { PK_MOVE, (n), 0, false }
#define SKIP(c) [0x83 + 8 * (c)] = { PK_MOVE, 0, (c), false }
#define OTHER(code, k, o) [code] = { k, 0, 0, o }

static const struct prt_cmd prt_cmds[256] = {
    WSPACE(0), WSPACE(1), WSPACE(2), WSPACE(3),
    WSKIP(1), WSKIP(2), WSKIP(3), WSKIP(4), WSKIP(5), WSKIP(6),
    WSKIP(7), WSKIP(8), WSKIP(9), WSKIP(10), WSKIP(11), WSKIP(12),
    SPACE(1), SPACE(2), SPACE(3),
    SKIP(1), SKIP(2), SKIP(3), SKIP(4), SKIP(5), SKIP(6),
    SKIP(7), SKIP(8), SKIP(9), SKIP(10), SKIP(11), SKIP(12),
    OTHER(0x03, PK_NOP, false), OTHER(0x04, PK_SENSE, false),
    OTHER(0xE4, PK_SENSEID, false),
    OTHER(0x73, PK_NOP, false), OTHER(0x7B, PK_NOP, false), OTHER(0xEB, PK_NOP, false),
    OTHER(0xFB, PK_TAKE, false), OTHER(0xF3, PK_TAKE, true), OTHER(0x63, PK_LOADFCB, true),
};

/* ---- configuration ------------------------------------------------------------------ */

static const unsigned prt_default_fcb[PRT_CHANNELS + 1] = {
    0, 1, 7, 13, 19, 25, 31, 37, 43, 63, 49, 55, 61,
};

/* fcb=l1,l2,...,l12 (lines of channels 1-12) or fcb=line:chan,... */
static bool prt_parse_fcb(struct prt *p, const char *spec)
{
    unsigned fcb[PRT_CHANNELS + 1] = { 0 };
    unsigned pos = 1;
    const char *s = spec;
    while (*s) {
        char *end;
        unsigned long line = strtoul(s, &end, 10), chan = pos++;
        if (end == s || line > PRT_MAXLPP) return false;
        if (*end == ':') {
            s = end + 1;
            chan = strtoul(s, &end, 10);
            if (end == s) return false;
        }
        if (chan < 1 || chan > PRT_CHANNELS || (*end && *end != ',')) return false;
        fcb[chan] = (unsigned)line;
        s = *end ? end + 1 : end;
    }
    memcpy(p->fcb, fcb, sizeof fcb);
    return true;
}

static bool prt_option(struct prt *p, const char *arg)
{
    if (!strcasecmp(arg, "crlf")) p->crlf = true;
    else if (!strcasecmp(arg, "noclear")) p->noclear = true;
    else if (!strncasecmp(arg, "fcb=", 4)) return prt_parse_fcb(p, arg + 4);
    else if (!strncasecmp(arg, "lpp=", 4)) {
        char *end;
        unsigned long n = strtoul(arg + 4, &end, 10);
        if (*end || n < 1 || n > PRT_MAXLPP) return false;
        p->lpp = (unsigned)n;
    } else return false;
    return true;
}

static void prt_free(struct prt *p)
{
    if (!p) return;
    if (p->fp) fclose(p->fp);
    free(p->file);
    free(p);
}

static int prt_init(struct machine *m, struct device *d, int argc, char **argv, char *err,
                    size_t errlen)
{
    (void)m;
    if (argc < 1) {
        snprintf(err, errlen, "printer: file name missing");
        return -1;
    }
    struct prt *p = calloc(1, sizeof *p);
    if (!p || !(p->file = strdup(argv[0]))) {
        free(p);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    p->lpp = 66;
    p->line = 1;
    p->is3211 = !strcasecmp(d->type, "3211");
    memcpy(p->fcb, prt_default_fcb, sizeof p->fcb);
    for (int i = 1; i < argc; i++) {
        if (!prt_option(p, argv[i])) {
            snprintf(err, errlen, "printer: bad option %s", argv[i]);
            prt_free(p);
            return -1;
        }
    }
    p->fp = fopen(p->file, p->noclear ? "ab" : "wb");
    if (!p->fp) {
        snprintf(err, errlen, "printer file %s: cannot open it for writing", p->file);
        prt_free(p);
        return -1;
    }
    d->priv = p;
    d->senselen = 1;
    return 0;
}

/* ---- carriage ----------------------------------------------------------------------- */

static void prt_newlines(struct prt *p, unsigned n)
{
    for (unsigned i = 0; i < n; i++) fputs(p->crlf ? "\r\n" : "\n", p->fp);
}

/* Space n lines; true if the carriage reached the line of channel 9 or 12. */
static bool prt_space(struct prt *p, unsigned n)
{
    bool end_of_form = false;
    prt_newlines(p, n);
    for (unsigned i = 0; i < n; i++) {
        p->line = p->line % p->lpp + 1;
        if (p->line == p->fcb[9] || p->line == p->fcb[12]) end_of_form = true;
    }
    return end_of_form;
}

/* Skip to the next line punched with channel c: forward on this page, else on the
 * next (a form feed, then down to the line). A line printed with skip to channel 1
 * ends with a carriage return before the form feed, as Hercules writes it. */
static void prt_skip(struct prt *p, unsigned c, bool printed)
{
    unsigned target = p->fcb[c];
    if (target > p->line) {
        prt_newlines(p, target - p->line);
    } else {
        fputs(printed && c == 1 ? "\r\f" : "\f", p->fp);
        prt_newlines(p, target - 1);
    }
    p->line = target;
}

/* The print line: translated, unprintable bytes blank, trailing blanks dropped. */
static void prt_print(struct prt *p, const uint8_t *buf, uint32_t n)
{
    char line[PRT_LINE];
    uint32_t len = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint8_t c = ebcdic_to_ascii(buf[i]);
        line[i] = (c < 0x20 || (c >= 0x7F && c < 0xA0)) ? ' ' : (char)c;
        if (line[i] != ' ') len = i + 1;
    }
    fwrite(line, 1, len, p->fp);
}

static uint8_t prt_unit_check(struct device *d, uint8_t sense)
{
    dev_set_sense(d, &sense, 1);
    return US_CE | US_DE | US_UC;
}

/* Write (with data) or move the carriage (immediate), then space or skip. */
static uint8_t prt_carriage(struct device *d, const struct prt_cmd *pc, const uint8_t *buf,
                            uint32_t count, int32_t *residual)
{
    struct prt *p = d->priv;
    if (pc->channel && !p->fcb[pc->channel]) return prt_unit_check(d, SENSE_CMDREJ);
    uint8_t us = US_CE | US_DE;
    if (pc->kind == PK_WRITE) {
        uint32_t n = count < PRT_LINE ? count : PRT_LINE;
        *residual = (int32_t)(count - n);
        prt_print(p, buf, n);
        if (!pc->space && !pc->channel) fputc('\r', p->fp);
    }
    if (pc->channel) prt_skip(p, pc->channel, pc->kind == PK_WRITE);
    else if (prt_space(p, pc->space) && pc->kind == PK_WRITE) us |= US_UE;
    if (ferror(p->fp) || fflush(p->fp)) return prt_unit_check(d, SENSE_EQUIPCHK);
    return us;
}

/* 3211 load FCB: byte i describes line i+1; bit 3 marks the last line. */
static uint8_t prt_load_fcb(struct device *d, const uint8_t *buf, uint32_t count,
                            int32_t *residual)
{
    struct prt *p = d->priv;
    unsigned fcb[PRT_CHANNELS + 1] = { 0 }, lpp = 0;
    for (uint32_t i = 0; i < count && i < PRT_MAXLPP && !lpp; i++) {
        unsigned c = buf[i] & 0x0F;
        if (c > PRT_CHANNELS) return prt_unit_check(d, SENSE_CMDREJ);
        if (c && !fcb[c]) fcb[c] = i + 1;
        if (buf[i] & 0x10) {
            lpp = i + 1;
            *residual = (int32_t)(count - lpp);
        }
    }
    if (!lpp) return prt_unit_check(d, SENSE_CMDREJ);
    memcpy(p->fcb, fcb, sizeof fcb);
    p->lpp = lpp;
    p->line = 1;
    return US_CE | US_DE;
}

/* ---- the device ---------------------------------------------------------------------- */

/* Sense ID: FF, control unit type and model, device type and model. */
static const struct dev_id prt_ids[] = {
    { "1403", { 0xFF, 0x28, 0x21, 0x01, 0x14, 0x03, 0x01 } },
    { "3211", { 0xFF, 0x38, 0x11, 0x01, 0x32, 0x11, 0x01 } },
    { NULL, { 0 } },
};

static uint8_t prt_exec(struct device *d, uint8_t cmd, uint8_t flags, uint8_t *buf,
                        uint32_t count, int32_t *residual)
{
    (void)flags;
    const struct prt_cmd *pc = &prt_cmds[cmd];
    struct prt *p = d->priv;
    *residual = (int32_t)count;
    if (pc->kind == PK_REJECT || (pc->only3211 && !(p && p->is3211)))
        return dev_command_reject(d, residual, count);
    if (pc->kind == PK_SENSE) return dev_basic_sense(d, buf, count, residual);
    if (pc->kind == PK_SENSEID) return dev_sense_id(d, prt_ids, buf, count, residual);
    if (!p) return prt_unit_check(d, SENSE_INTREQ);
    if (pc->kind == PK_NOP) return US_CE | US_DE;
    if (pc->kind == PK_TAKE) {
        *residual = 0;
        return US_CE | US_DE;
    }
    if (pc->kind == PK_LOADFCB) return prt_load_fcb(d, buf, count, residual);
    return prt_carriage(d, pc, buf, count, residual);
}

/* Carriage moves without data and the no-ops end at initial selection (2821 and
 * 3811 component descriptions: immediate commands, channel end in initial status). */
static bool prt_immediate(const struct device *d, uint8_t cmd)
{
    (void)d;
    return prt_cmds[cmd].kind == PK_MOVE || prt_cmds[cmd].kind == PK_NOP;
}

static void prt_close(struct device *d)
{
    prt_free(d->priv);
    d->priv = NULL;
}

static void prt_describe(const struct device *d, char *buf, size_t len)
{
    const struct prt *p = d->priv;
    if (!p) {
        snprintf(buf, len, "*");
        return;
    }
    snprintf(buf, len, "%s%s%s", p->file, p->crlf ? " crlf" : "", p->noclear ? " noclear" : "");
}

const struct dev_ops dev_prt_ops = {
    .init = prt_init, .execute_ccw = prt_exec, .immediate = prt_immediate,
    .describe = prt_describe, .close = prt_close,
};
