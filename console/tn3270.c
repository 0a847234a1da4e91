/* tn3270.c - one CNSLPORT client session, protocol side (see tn3270.h).
 *
 * A new client is asked DO TN3270E (RFC 2355). One that agrees names its device type
 * and, optionally, the device it wants (DEVICE-TYPE REQUEST ... CONNECT name) and
 * then the functions; one that refuses is asked DO TERMINAL-TYPE (RFC 1091) and, when
 * it says IBM-..., BINARY (RFC 856) and END-OF-RECORD (RFC 885) both ways: plain
 * TN3270 (RFC 1576), where a device may be named Hercules' way, IBM-3278-2@00C1.
 * A client that says another terminal type, refuses TERMINAL-TYPE, types before it
 * answers or does not answer at all within TN3270_DECIDE_MS is a line-mode client:
 * the owner binds it to a 3215 console.
 *
 * Records: outbound, the 3274's local command code becomes the remote one (3270 Data
 * Stream Programmer's Reference, GA23-0059: W F1, EW F5, EWA 7E, EAU 6F, WSF F3, RB
 * F2, RM F6), IAC bytes are doubled and IAC EOR ends the record; under TN3270E a
 * five-byte header (data type 3270-DATA, no response wanted, a sequence number) comes
 * first. Inbound, the bytes up to IAC EOR (at most TN3270_REC_MAX) go to the device. */
#include <config.h>     /* the generated one (PACKAGE_VERSION), not console/config.h */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include <libtelnet.h>
#include "console/tn3270.h"
#include "devices/ebcdic.h"
#include "cpu/machine.h"
#include "channel/device.h"

#define TELOPT_TN3270E 40

/* TN3270E subnegotiation codes (RFC 2355, section 8). */
enum {
    TE_ASSOCIATE = 0, TE_CONNECT = 1, TE_DEVICE_TYPE = 2, TE_FUNCTIONS = 3, TE_IS = 4,
    TE_REASON = 5, TE_REJECT = 6, TE_REQUEST = 7, TE_SEND = 8,
};
enum {
    TE_R_DEVICE_IN_USE = 1, TE_R_INV_ASSOCIATE = 2, TE_R_INV_NAME = 3,
    TE_R_INV_DEVICE_TYPE = 4,
};
enum { TE_F_RESPONSES = 2 };
#define TE_F_SUPPORTED (1u << TE_F_RESPONSES)   /* responses are never asked for */
enum { TE_DT_3270_DATA = 0 };
#define TE_HDR 5

/* BINARY and EOR, each way. */
enum { TN_OPT_US_BIN = 1, TN_OPT_HIM_BIN = 2, TN_OPT_US_EOR = 4, TN_OPT_HIM_EOR = 8,
       TN_OPT_ALL = 15 };

/* The options a 3270 client may turn on, on its side (him) and on the server's (us).
 * libtelnet runs in proxy mode: the server keeps the RFC 1143 states itself, because
 * libtelnet reports no event when the peer refuses what the server asked for, and
 * that refusal is what tells TN3270E from TN3270 and a 3270 from a line-mode client. */
static const unsigned char tn_optcodes[TN3270_NOPTS] = {
    TELNET_TELOPT_BINARY, TELNET_TELOPT_EOR, TELNET_TELOPT_TTYPE, TELOPT_TN3270E,
};
enum { Q_NO, Q_WANTYES, Q_YES };

/* The 3270 six-bit code table: buffer addresses and attribute bytes (GA23-0059). */
static const uint8_t tn_code6[64] = {
    0x40, 0xC1, 0xC2, 0xC3, 0xC4, 0xC5, 0xC6, 0xC7, 0xC8, 0xC9, 0x4A, 0x4B, 0x4C, 0x4D, 0x4E, 0x4F,
    0x50, 0xD1, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7, 0xD8, 0xD9, 0x5A, 0x5B, 0x5C, 0x5D, 0x5E, 0x5F,
    0x60, 0x61, 0xE2, 0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0x6A, 0x6B, 0x6C, 0x6D, 0x6E, 0x6F,
    0xF0, 0xF1, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9, 0x7A, 0x7B, 0x7C, 0x7D, 0x7E, 0x7F,
};

/* Local channel command codes to the remote (SNA) ones a TN3270 client takes. */
static const struct { uint8_t local, remote; } tn_cmds[] = {
    { D3270_W, 0xF1 }, { D3270_EW, 0xF5 }, { D3270_EWA, 0x7E }, { D3270_EAU, 0x6F },
    { D3270_WSF, 0xF3 }, { D3270_RB, 0xF2 }, { D3270_RM, 0xF6 },
};

static uint64_t tn_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

void tn3270_addr(unsigned row, unsigned col, unsigned cols, uint8_t out[2])
{
    unsigned a = row * cols + col;
    if (a < 4096) {
        out[0] = tn_code6[(a >> 6) & 63];
        out[1] = tn_code6[a & 63];
    } else {
        out[0] = (uint8_t)((a >> 8) & 0x3F);
        out[1] = (uint8_t)a;
    }
}

/* ---- records out ------------------------------------------------------------------ */

/* Queue one record: [TN3270E header] command data IAC EOR, IAC bytes doubled. cmd 0
 * means data holds the whole record already (no command byte is added). */
static int tn_record(struct tn3270 *t, uint8_t cmd, const uint8_t *data, size_t len)
{
    uint8_t hdr[TE_HDR + 1];
    size_t h = 0;
    if (t->e) {
        unsigned seq = atomic_fetch_add(&t->seq, 1u);
        hdr[h++] = TE_DT_3270_DATA;
        hdr[h++] = 0;                       /* request flag: none */
        hdr[h++] = 0;                       /* response flag: NO-RESPONSE */
        hdr[h++] = (uint8_t)(seq >> 8);
        hdr[h++] = (uint8_t)seq;
    }
    if (cmd) hdr[h++] = cmd;
    size_t cap = 2 * (h + len) + 2;
    uint8_t *out = malloc(cap);
    if (!out) return -1;
    size_t n = 0;
    for (size_t i = 0; i < h + len; i++) {
        uint8_t b = i < h ? hdr[i] : data[i - h];
        out[n++] = b;
        if (b == 0xFF) out[n++] = 0xFF;
    }
    out[n++] = 0xFF;
    out[n++] = TELNET_EOR;
    int rc = t->io->output(t->ctx, out, n);
    free(out);
    return rc;
}

/* A full screen of text lines (EBCDIC made here), for refusals. */
static void tn_screen(struct tn3270 *t, const char *const *lines, unsigned nlines)
{
    uint8_t rec[24 * 84 + 8];
    size_t n = 0;
    rec[n++] = 0xC3;                        /* WCC: reset, restore keyboard, reset MDT */
    for (unsigned r = 0; r < nlines && r < 24; r++) {
        rec[n++] = 0x11;                    /* SBA */
        tn3270_addr(r, 1, 80, rec + n);
        n += 2;
        for (const char *p = lines[r]; *p && p - lines[r] < 78; p++)
            rec[n++] = ascii_to_ebcdic((uint8_t)*p);
    }
    tn_record(t, 0xF5, rec, n);             /* Erase/Write */
}

/* ---- the device's terminal ops ---------------------------------------------------- */

/* From an I/O thread, the device's lock held: never t->mu here. */
static int tn_term_send(void *ctx, uint8_t cmd, const uint8_t *data, size_t len)
{
    struct tn3270 *t = ctx;
    for (size_t i = 0; i < sizeof tn_cmds / sizeof tn_cmds[0]; i++)
        if (tn_cmds[i].local == cmd) return tn_record(t, tn_cmds[i].remote, data, len);
    return -1;
}

static void tn_term_detached(void *ctx, struct device *d)
{
    struct tn3270 *t = ctx;
    pthread_mutex_lock(&t->mu);
    bool mine = t->dev == d;
    if (mine) t->dev = NULL;
    pthread_mutex_unlock(&t->mu);
    if (mine) t->io->close(t->ctx, false);
}

static const struct term3270_ops tn_term_ops = {
    .send = tn_term_send, .detached = tn_term_detached,
};

/* ---- terminal types ---------------------------------------------------------------- */

/* IBM-3278-n, IBM-3279-n (n = 2 to 5, -E for the extended data stream), IBM-DYNAMIC,
 * IBM-3287-1. The default screen is 24x80; the model gives the alternate one. False
 * for a type that is not a 3270. */
static bool tn_parse_type(const char *type, struct term3270_info *info)
{
    static const struct { char model; uint16_t rows, cols; } sizes[] = {
        { '2', 24, 80 }, { '3', 32, 80 }, { '4', 43, 80 }, { '5', 27, 132 },
    };
    memset(info, 0, sizeof *info);
    info->rows = info->alt_rows = 24;
    info->cols = info->alt_cols = 80;
    snprintf(info->termtype, sizeof info->termtype, "%s", type);
    if (strncasecmp(type, "IBM-", 4)) return false;
    const char *p = type + 4;
    if (!strcasecmp(p, "DYNAMIC")) {
        info->extended = true;
        return true;
    }
    if (!strncmp(p, "3287", 4)) {
        info->printer = true;
        return true;
    }
    if (strncmp(p, "3278-", 5) && strncmp(p, "3279-", 5)) return false;
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        if (p[5] != sizes[i].model) continue;
        info->alt_rows = sizes[i].rows;
        info->alt_cols = sizes[i].cols;
        if (!strcasecmp(p + 6, "-E")) info->extended = true;
        else if (p[6]) return false;
        return true;
    }
    return false;
}

/* ---- option states (RFC 1143, the Q method without the queue bits) ------------------- */

static int tn_optix(unsigned char opt)
{
    for (int i = 0; i < TN3270_NOPTS; i++)
        if (tn_optcodes[i] == opt) return i;
    return -1;
}

static void tn_neg(struct tn3270 *t, unsigned char cmd, unsigned char opt)
{
    telnet_negotiate((telnet_t *)t->tn, cmd, opt);     /* proxy mode: sent as it is */
}

/* Ask the client to turn opt on, on its side (DO) or ours (WILL), unless it is. */
static void tn_ask(struct tn3270 *t, unsigned char cmd, unsigned char opt)
{
    int i = tn_optix(opt);
    uint8_t *q = cmd == TELNET_DO ? &t->q_him[i] : &t->q_us[i];
    if (*q != Q_NO) return;
    *q = Q_WANTYES;
    tn_neg(t, cmd, opt);
}

/* ---- the session ends or turns line mode -------------------------------------------- */

static void tn_done(struct tn3270 *t, bool hard)
{
    t->mode = TN3270_DONE;
    t->io->close(t->ctx, hard);
}

static void tn_linemode(struct tn3270 *t)
{
    t->mode = TN3270_LINE;
    t->io->linemode(t->ctx);
}

/* No device: a screen that says so, then the connection ends (Hercules does the same). */
static void tn_refuse(struct tn3270 *t, const char *why)
{
    char l1[160], l2[96];
    snprintf(l1, sizeof l1, "s370: connection refused for %s (%.30s)", t->peer, t->info.termtype);
    snprintf(l2, sizeof l2, "%.76s", why);
    const char *lines[] = { "", l1, "", l2, "", "Disconnected." };
    tn_screen(t, lines, 6);
    machine_msg(t->m, "Client %s refused: %s\n", t->peer, why);
    tn_done(t, false);
}

/* Negotiation finished: show the logo and bind a device. The logo is queued before
 * the claim, behind the negotiation's last answers and ahead of what the guest writes
 * once the device presents device end. It names the device, so the device is held for
 * this session first (under TN3270E since DEVICE-TYPE IS named it), then claimed. */
static void tn_ready(struct tn3270 *t)
{
    char err[128];
    snprintf(t->info.termtype, sizeof t->info.termtype, "%s", t->termtype);
    int devnum = dev3270_reserve(t->m, t->devname, t->ip, t->info.printer, t, err, sizeof err);
    struct device *d = NULL;
    if (devnum >= 0) {
        uint8_t logo[4096];
        size_t n = tn3270_logo_render(t->logo, t->m, (uint16_t)devnum, logo, sizeof logo);
        if (n) tn_record(t, 0xF5, logo, n);
        /* Held across the claim: a detach right after it finds the device recorded. */
        pthread_mutex_lock(&t->mu);
        d = dev3270_claim(t->m, devnum, t->ip, &t->info, &tn_term_ops, t, err, sizeof err);
        t->dev = d;
        pthread_mutex_unlock(&t->mu);
    }
    if (!d) {
        dev3270_unreserve(t->m, t);
        tn_refuse(t, err);
        return;
    }
    t->mode = TN3270_READY;
    machine_msg(t->m, "Client %s connected to %s device %04X (%s%s)\n", t->peer,
                t->info.printer ? "3287" : "3270", d->devnum, t->termtype,
                t->e ? ", TN3270E" : "");
}

static void tn_check_ready(struct tn3270 *t)
{
    if (t->mode == TN3270_NEGOTIATING && !t->e && t->termtype[0] && t->opts == TN_OPT_ALL)
        tn_ready(t);
}

static void tn_ask_ttype(struct tn3270 *t)
{
    if (t->ttype_asked) return;
    t->ttype_asked = true;
    tn_ask(t, TELNET_DO, TELNET_TELOPT_TTYPE);
}

/* TERMINAL-TYPE IS: an IBM- type is a 3270 client (with an optional @device or
 * @group suffix, as Hercules reads it); anything else is line mode. */
static void tn_ttype(struct tn3270 *t, const char *name)
{
    if (t->mode != TN3270_DECIDING && t->mode != TN3270_NEGOTIATING) return;
    if (t->e || t->termtype[0]) return;
    char type[TN3270_NAME_MAX];
    snprintf(type, sizeof type, "%s", name);
    char *at = strchr(type, '@');
    t->devname[0] = 0;
    if (at) {
        *at = 0;
        snprintf(t->devname, sizeof t->devname, "%s", at + 1);
    }
    if (strncasecmp(type, "IBM-", 4)) {
        tn_linemode(t);
        return;
    }
    if (!tn_parse_type(type, &t->info)) {
        /* Another IBM- type: served as the basic 3278 model 2. */
        tn_parse_type("IBM-3278-2", &t->info);
    }
    snprintf(t->termtype, sizeof t->termtype, "%s", type);
    t->mode = TN3270_NEGOTIATING;
    tn_ask(t, TELNET_DO, TELNET_TELOPT_EOR);
    tn_ask(t, TELNET_WILL, TELNET_TELOPT_EOR);
    tn_ask(t, TELNET_DO, TELNET_TELOPT_BINARY);
    tn_ask(t, TELNET_WILL, TELNET_TELOPT_BINARY);
}

/* ---- TN3270E (RFC 2355) ------------------------------------------------------------ */

static void te_send(struct tn3270 *t, const uint8_t *p, size_t n)
{
    telnet_subnegotiation(t->tn, TELOPT_TN3270E, (const char *)p, n);
}

static void te_reject(struct tn3270 *t, uint8_t reason)
{
    const uint8_t r[] = { TE_DEVICE_TYPE, TE_REJECT, TE_REASON, reason };
    te_send(t, r, sizeof r);
}

/* DEVICE-TYPE REQUEST type [CONNECT name | ASSOCIATE name]. */
static void te_device_type(struct tn3270 *t, const uint8_t *p, size_t n)
{
    char type[TN3270_NAME_MAX] = "", name[TN3270_NAME_MAX] = "";
    size_t i = 0, k = 0;
    while (i < n && p[i] != TE_CONNECT && p[i] != TE_ASSOCIATE) {
        if (k + 1 < sizeof type) type[k++] = (char)p[i];
        i++;
    }
    type[k] = 0;
    if (i < n && p[i] == TE_ASSOCIATE) {
        te_reject(t, TE_R_INV_ASSOCIATE);
        return;
    }
    if (i < n) {
        for (k = 0, i++; i < n && k + 1 < sizeof name; i++)
            name[k++] = (char)p[i];
        name[k] = 0;
    }
    if (!tn_parse_type(type, &t->info) || memchr(type, '@', strlen(type))) {
        te_reject(t, TE_R_INV_DEVICE_TYPE);
        return;
    }
    char err[128];
    dev3270_unreserve(t->m, t);              /* a request again: the last one is void */
    int devnum = dev3270_reserve(t->m, name, t->ip, t->info.printer, t, err, sizeof err);
    if (devnum < 0) {
        machine_msg(t->m, "Client %s: TN3270E device %s%s%s rejected: %s\n", t->peer, type,
                    name[0] ? " " : "", name, err);
        te_reject(t, name[0] && strstr(err, "in use") == NULL && strstr(err, "free") == NULL
                         ? TE_R_INV_NAME : TE_R_DEVICE_IN_USE);
        return;
    }
    snprintf(t->termtype, sizeof t->termtype, "%s", type);
    snprintf(t->devname, sizeof t->devname, "%04X", (unsigned)devnum);
    uint8_t r[3 + TN3270_NAME_MAX + 1 + 4];
    size_t m = 0;
    r[m++] = TE_DEVICE_TYPE;
    r[m++] = TE_IS;
    memcpy(r + m, type, strlen(type));
    m += strlen(type);
    r[m++] = TE_CONNECT;
    memcpy(r + m, t->devname, 4);
    m += 4;
    te_send(t, r, m);
}

/* FUNCTIONS REQUEST list: agreed when it asks for no more than the server supports
 * (FUNCTIONS IS, the same list), else the server answers with what it supports and
 * waits for the client's FUNCTIONS IS. FUNCTIONS IS from the client ends it. */
static void te_functions(struct tn3270 *t, uint8_t op, const uint8_t *p, size_t n)
{
    if (!t->termtype[0]) return;             /* no device type yet */
    unsigned asked = 0;
    for (size_t i = 0; i < n; i++)
        if (p[i] < 8) asked |= 1u << p[i];
    if (op == TE_IS || (op == TE_REQUEST && !(asked & ~TE_F_SUPPORTED))) {
        if (op == TE_REQUEST) {
            uint8_t r[2 + 8] = { TE_FUNCTIONS, TE_IS };
            size_t m = 2;
            for (unsigned f = 0; f < 8; f++)
                if (asked & (1u << f)) r[m++] = (uint8_t)f;
            te_send(t, r, m);
        }
        t->functions = (uint8_t)(asked & TE_F_SUPPORTED);
        t->e = true;
        tn_ready(t);
        return;
    }
    if (op != TE_REQUEST) return;
    uint8_t r[2 + 8] = { TE_FUNCTIONS, TE_REQUEST };
    size_t m = 2;
    for (unsigned f = 0; f < 8; f++)
        if (asked & TE_F_SUPPORTED & (1u << f)) r[m++] = (uint8_t)f;
    te_send(t, r, m);
}

static void te_sub(struct tn3270 *t, const uint8_t *p, size_t n)
{
    if (t->mode != TN3270_NEGOTIATING || !t->e_asked || n < 2) return;
    if (p[0] == TE_DEVICE_TYPE && p[1] == TE_REQUEST)
        te_device_type(t, p + 2, n - 2);
    else if (p[0] == TE_FUNCTIONS && (p[1] == TE_REQUEST || p[1] == TE_IS))
        te_functions(t, p[1], p + 2, n - 2);
}

/* ---- records in ---------------------------------------------------------------------- */

static void tn_record_end(struct tn3270 *t)
{
    const uint8_t *p = t->rec;
    size_t n = t->reclen;
    bool drop = t->overflow || t->mode != TN3270_READY;
    t->reclen = 0;
    t->overflow = false;
    if (drop) return;
    if (t->e) {
        /* Only 3270-DATA goes to the device; responses and the rest are not asked for. */
        if (n < TE_HDR || p[0] != TE_DT_3270_DATA) return;
        p += TE_HDR;
        n -= TE_HDR;
    }
    if (!n) return;
    pthread_mutex_lock(&t->mu);
    if (t->dev) dev3270_inbound(t->dev, p, n);
    pthread_mutex_unlock(&t->mu);
}

static void tn_data(struct tn3270 *t, const char *p, size_t n)
{
    switch (t->mode) {
    case TN3270_DECIDING:
        /* Typing before answering anything: a line-mode client. */
        tn_linemode(t);
        if (t->mode == TN3270_LINE) t->io->line(t->ctx, p, n);
        break;
    case TN3270_LINE:
        t->io->line(t->ctx, p, n);
        break;
    case TN3270_READY:
        if (t->overflow || n > TN3270_REC_MAX - t->reclen) {
            t->overflow = true;
            break;
        }
        memcpy(t->rec + t->reclen, p, n);
        t->reclen += n;
        break;
    default:
        break;
    }
}

/* ---- telnet events ------------------------------------------------------------------- */

static bool tn_negotiating(const struct tn3270 *t)
{
    return t->mode == TN3270_DECIDING || t->mode == TN3270_NEGOTIATING;
}

static void tn_will(struct tn3270 *t, unsigned char opt)
{
    t->answered = true;
    if (!tn_negotiating(t)) return;
    switch (opt) {
    case TELOPT_TN3270E:
        if (!t->e_asked || t->termtype[0]) break;
        t->mode = TN3270_NEGOTIATING;
        {
            const uint8_t r[] = { TE_SEND, TE_DEVICE_TYPE };   /* SEND DEVICE-TYPE */
            te_send(t, r, sizeof r);
        }
        break;
    case TELNET_TELOPT_TTYPE:
        if (t->e) break;
        t->mode = TN3270_NEGOTIATING;
        telnet_ttype_send(t->tn);
        break;
    case TELNET_TELOPT_BINARY:
        t->opts |= TN_OPT_HIM_BIN;
        tn_check_ready(t);
        break;
    case TELNET_TELOPT_EOR:
        t->opts |= TN_OPT_HIM_EOR;
        tn_check_ready(t);
        break;
    default:
        break;
    }
}

static void tn_do(struct tn3270 *t, unsigned char opt)
{
    t->answered = true;
    if (!tn_negotiating(t)) return;
    if (opt == TELNET_TELOPT_BINARY) t->opts |= TN_OPT_US_BIN;
    if (opt == TELNET_TELOPT_EOR) t->opts |= TN_OPT_US_EOR;
    tn_check_ready(t);
}

/* WONT or DONT. */
static void tn_refused(struct tn3270 *t, unsigned char opt)
{
    t->answered = true;
    if (!tn_negotiating(t)) return;
    switch (opt) {
    case TELOPT_TN3270E:
        /* No TN3270E (or it gave up after a reject): plain TN3270 with TERMINAL-TYPE. */
        t->e_asked = false;
        t->termtype[0] = t->devname[0] = 0;
        dev3270_unreserve(t->m, t);
        t->ttype_asked = false;
        tn_ask_ttype(t);
        break;
    case TELNET_TELOPT_TTYPE:
        if (t->mode == TN3270_DECIDING || !t->termtype[0]) tn_linemode(t);
        break;
    case TELNET_TELOPT_BINARY:
    case TELNET_TELOPT_EOR:
        if (t->termtype[0] && !t->e) {
            machine_msg(t->m, "Client %s refused %s: not a TN3270 client\n", t->peer,
                        opt == TELNET_TELOPT_EOR ? "END-OF-RECORD" : "BINARY");
            tn_done(t, true);
        }
        break;
    default:
        break;
    }
}

/* WILL, WONT (about the client's side), DO, DONT (about ours): agree to the options
 * of a 3270 client (on our side only BINARY and EOR), refuse the rest and everything
 * a line-mode client offers (it echoes and edits locally, as before any 3270 came);
 * a WONT or DONT in answer to our request is a refusal and says what the client is. */
static void tn_option(struct tn3270 *t, int type, unsigned char opt)
{
    bool him = type == TELNET_EV_WILL || type == TELNET_EV_WONT;
    bool on = type == TELNET_EV_WILL || type == TELNET_EV_DO;
    int i = tn_optix(opt);
    bool ok = t->negotiate && t->mode != TN3270_LINE && i >= 0 &&
              (him || opt == TELNET_TELOPT_BINARY || opt == TELNET_TELOPT_EOR);
    unsigned char yes = him ? TELNET_DO : TELNET_WILL, no = him ? TELNET_DONT : TELNET_WONT;
    if (!ok) {
        if (on) tn_neg(t, no, opt);      /* never on: an off needs no answer */
        return;
    }
    uint8_t *q = him ? &t->q_him[i] : &t->q_us[i];
    uint8_t was = *q;
    if (on) {
        *q = Q_YES;
        if (was == Q_NO) tn_neg(t, yes, opt);
        if (was != Q_YES) {
            if (him) tn_will(t, opt);
            else tn_do(t, opt);
        }
        return;
    }
    *q = Q_NO;
    if (was == Q_YES) tn_neg(t, no, opt);
    if (was != Q_NO) tn_refused(t, opt);
}

static void tn_event(telnet_t *tn, telnet_event_t *ev, void *ud)
{
    struct tn3270 *t = ud;
    (void)tn;
    switch (ev->type) {
    case TELNET_EV_DATA:
        tn_data(t, ev->data.buffer, ev->data.size);
        break;
    case TELNET_EV_SEND:
        if (t->io->output(t->ctx, ev->data.buffer, ev->data.size)) t->io->close(t->ctx, true);
        break;
    case TELNET_EV_IAC:
        if (ev->iac.cmd == TELNET_EOR) tn_record_end(t);
        break;
    case TELNET_EV_WILL:
    case TELNET_EV_WONT:
    case TELNET_EV_DO:
    case TELNET_EV_DONT:
        tn_option(t, ev->type, ev->neg.telopt);
        break;
    case TELNET_EV_TTYPE:
        if (ev->ttype.cmd == TELNET_TTYPE_IS && ev->ttype.name) tn_ttype(t, ev->ttype.name);
        break;
    case TELNET_EV_SUBNEGOTIATION:
        if (ev->sub.telopt == TELOPT_TN3270E)
            te_sub(t, (const uint8_t *)ev->sub.buffer, ev->sub.size);
        break;
    case TELNET_EV_ERROR:
        t->io->close(t->ctx, true);
        break;
    default:
        break;
    }
}

/* ---- life cycle ---------------------------------------------------------------------- */

int tn3270_init(struct tn3270 *t, struct machine *m, const struct tn3270_io *io, void *ctx,
                const struct tn3270_logo *logo)
{
    memset(t, 0, sizeof *t);
    atomic_init(&t->seq, 0u);
    t->rec = malloc(TN3270_REC_MAX);
    if (!t->rec) return -1;
    pthread_mutex_init(&t->mu, NULL);
    t->m = m;
    t->io = io;           /* set last: tn3270_fini is for sessions that got here */
    t->ctx = ctx;
    t->logo = logo;
    return 0;
}

void tn3270_fini(struct tn3270 *t)
{
    tn3270_close(t);
    pthread_mutex_destroy(&t->mu);
    free(t->rec);
    t->rec = NULL;
}

int tn3270_open(struct tn3270 *t, uint32_t ip, const char *peer, bool negotiate)
{
    static const telnet_telopt_t none[] = { { -1, 0, 0 } };
    t->tn = (struct telnet_t *)telnet_init(none, tn_event, TELNET_FLAG_PROXY, t);
    if (!t->tn) return -1;
    t->ip = ip;
    snprintf(t->peer, sizeof t->peer, "%s", peer);
    t->answered = t->e = t->e_asked = t->ttype_asked = t->overflow = false;
    t->opts = 0;
    t->functions = 0;
    t->negotiate = negotiate;
    memset(t->q_him, Q_NO, sizeof t->q_him);
    memset(t->q_us, Q_NO, sizeof t->q_us);
    t->termtype[0] = t->devname[0] = 0;
    t->reclen = 0;
    atomic_store(&t->seq, 0u);
    uint64_t now = tn_now_ms();
    if (!negotiate) {
        t->mode = TN3270_LINE;
        t->io->linemode(t->ctx);
        return 0;
    }
    t->mode = TN3270_DECIDING;
    t->deadline_ms = now + TN3270_DECIDE_MS;
    t->e_asked = true;
    tn_ask(t, TELNET_DO, TELOPT_TN3270E);
    return 0;
}

void tn3270_input(struct tn3270 *t, const void *p, size_t n)
{
    if (!t->tn || !n) return;
    enum tn3270_mode before = t->mode;
    telnet_recv(t->tn, p, n);
    /* An answer turns the short wait for line mode into the negotiation limit. */
    if (before == TN3270_DECIDING && t->mode == TN3270_NEGOTIATING)
        t->deadline_ms = tn_now_ms() + TN3270_NEGOTIATE_MS;
}

void tn3270_tick(struct tn3270 *t)
{
    if (!t->tn || !tn_negotiating(t) || tn_now_ms() < t->deadline_ms) return;
    if (t->mode == TN3270_DECIDING) {
        tn_linemode(t);
        return;
    }
    machine_msg(t->m, "Client %s: TN3270 negotiation not finished in %d seconds; "
                "disconnected\n", t->peer, TN3270_NEGOTIATE_MS / 1000);
    tn_done(t, true);
}

void tn3270_close(struct tn3270 *t)
{
    if (t->m) dev3270_unreserve(t->m, t);
    pthread_mutex_lock(&t->mu);
    struct device *d = t->dev;
    t->dev = NULL;
    if (d) dev3270_release(d);
    pthread_mutex_unlock(&t->mu);
    if (d)
        machine_msg(t->m, "Client %s disconnected from %s device %04X\n", t->peer,
                    t->info.printer ? "3287" : "3270", d->devnum);
    if (t->tn) telnet_free((telnet_t *)t->tn);
    t->tn = NULL;
    t->mode = TN3270_IDLE;
    t->reclen = 0;
}

struct device *tn3270_device(struct tn3270 *t)
{
    pthread_mutex_lock(&t->mu);
    struct device *d = t->dev;
    pthread_mutex_unlock(&t->mu);
    return d;
}

/* ---- the logo screen ------------------------------------------------------------------ */

#define LOGO_FILE_MAX 65536
#define LOGO_ROWS 24
#define LOGO_COLS 80

/* The built-in logo, in the same syntax as a logo file. */
static const char tn_logo_default[] =
    "@ALIGN NONE\n"
    "@SBA 0,0\n@SF P\ns370 version      :\n@SF HP\n $(VERSION)\n"
    "@NL\n@SF P\nHost name         :\n@SF HP\n $(HOSTNAME)\n"
    "@NL\n@SF P\nHost OS           :\n@SF HP\n $(HOSTOS)-$(HOSTOSREL)\n"
    "@NL\n@SF P\nHost architecture :\n@SF HP\n $(HOSTARCH)\n"
    "@NL\n@SF P\nProcessors        :\n@SF HP\n $(HOSTNUMCPUS)\n"
    "@NL\n@SF P\nDevice number     :\n@SF HP\n $(CCUU)\n"
    "@SBA 8,0\n@ALIGN CENTER\n@SF HP\n"
    " SSSS   333   77777   000 \n"
    "S          3     7   0   0\n"
    " SSS     33     7    0   0\n"
    "    S      3   7     0   0\n"
    "SSSS    333   7       000 \n"
    "\n"
    "@SF P\n"
    "A System/370 with a built-in CP\n"
    "\n"
    "This terminal is device $(CCUU): waiting for the system to write to it.\n";

int tn3270_logo_load(struct tn3270_logo *logo, const char *path, char *err, size_t errlen)
{
    const char *src = tn_logo_default;
    char *buf = NULL;
    if (path && *path) {
        FILE *f = fopen(path, "rb");
        if (!f) {
            snprintf(err, errlen, "logo file %s: cannot open", path);
            return -1;
        }
        buf = malloc(LOGO_FILE_MAX + 1);
        size_t n = buf ? fread(buf, 1, LOGO_FILE_MAX + 1, f) : 0;
        fclose(f);
        if (!buf || n > LOGO_FILE_MAX) {
            snprintf(err, errlen, "logo file %s: %s", path, buf ? "longer than 64K" : "out of memory");
            free(buf);
            return -1;
        }
        buf[n] = 0;
        src = buf;
    }
    char *text = strdup(src);
    free(buf);
    if (!text) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    tn3270_logo_free(logo);
    logo->text = text;
    return 0;
}

void tn3270_logo_free(struct tn3270_logo *logo)
{
    free(logo->text);
    logo->text = NULL;
}

/* Where the rendering stands: the output, the buffer position, the alignment. */
struct logo_out {
    uint8_t *p;
    size_t n, max;
    unsigned row, col;
    enum { AL_NONE, AL_LEFT, AL_RIGHT, AL_CENTER } align;
};

static void lo_byte(struct logo_out *o, uint8_t b)
{
    if (o->n < o->max) o->p[o->n++] = b;
}

static void lo_sba(struct logo_out *o)
{
    if (o->row >= LOGO_ROWS) return;
    if (o->col >= LOGO_COLS) o->col = LOGO_COLS - 1;
    uint8_t a[2];
    tn3270_addr(o->row, o->col, LOGO_COLS, a);
    if (o->n + 3 > o->max) return;
    lo_byte(o, 0x11);
    lo_byte(o, a[0]);
    lo_byte(o, a[1]);
}

/* Value of $(name) for device devnum; "" when unknown. */
static void lo_var(struct machine *m, uint16_t devnum, const char *name, char *v, size_t len)
{
    struct utsname u;
    bool un = uname(&u) == 0;
    v[0] = 0;
    if (!strcmp(name, "VERSION")) {
        snprintf(v, len, "%s", PACKAGE_VERSION);
    } else if (!strcmp(name, "HOSTNAME")) {
        if (gethostname(v, len)) v[0] = 0;
        v[len - 1] = 0;
    } else if (!strcmp(name, "HOSTOS")) {
        snprintf(v, len, "%s", un ? u.sysname : "");
    } else if (!strcmp(name, "HOSTOSREL")) {
        snprintf(v, len, "%s", un ? u.release : "");
    } else if (!strcmp(name, "HOSTOSVER")) {
        snprintf(v, len, "%s", un ? u.version : "");
    } else if (!strcmp(name, "HOSTARCH")) {
        snprintf(v, len, "%s", un ? u.machine : "");
    } else if (!strcmp(name, "HOSTNUMCPUS")) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        if (n > 1) snprintf(v, len, "MP=%ld", n);
        else snprintf(v, len, "UP");
    } else if (!strcmp(name, "LPARNAME")) {
        v[0] = 0;
    } else if (!strcmp(name, "CSS")) {
        snprintf(v, len, "0");
    } else if (!strcmp(name, "SUBCHAN")) {
        unsigned i = 0;
        if (m) {
            pthread_rwlock_rdlock(&m->devlock);
            for (struct device *d = m->devs; d && d->devnum != devnum; d = d->next) i++;
            pthread_rwlock_unlock(&m->devlock);
        }
        snprintf(v, len, "%04X", i);
    } else if (!strcmp(name, "CCUU")) {
        snprintf(v, len, "%04X", devnum);
    } else if (!strcmp(name, "ccuu")) {
        snprintf(v, len, "%04x", devnum);
    } else if (!strcmp(name, "CUU")) {
        snprintf(v, len, "%03X", devnum);
    } else if (!strcmp(name, "cuu")) {
        snprintf(v, len, "%03x", devnum);
    } else {
        const char *e = getenv(name);      /* Hercules: environment variables too */
        snprintf(v, len, "%s", e ? e : "");
    }
}

/* A text line: variables substituted, aligned, in EBCDIC, clipped at the right edge. */
static void lo_text(struct logo_out *o, struct machine *m, uint16_t devnum, const char *s,
                    size_t len)
{
    char line[LOGO_COLS + 1];
    size_t n = 0;
    for (size_t i = 0; i < len && n < LOGO_COLS;) {
        const char *close = i + 2 < len && s[i] == '$' && s[i + 1] == '(' ?
                            memchr(s + i + 2, ')', len - i - 2) : NULL;
        if (close && close - (s + i + 2) < 32) {
            char name[32], val[128];
            size_t k = (size_t)(close - (s + i + 2));
            memcpy(name, s + i + 2, k);
            name[k] = 0;
            lo_var(m, devnum, name, val, sizeof val);
            for (const char *v = val; *v && n < LOGO_COLS; v++) line[n++] = *v;
            i = (size_t)(close - s) + 1;
        } else {
            line[n++] = s[i++];
        }
    }
    if (o->row >= LOGO_ROWS) return;
    if (o->align != AL_NONE) {
        o->col = o->align == AL_LEFT ? 0 : o->align == AL_RIGHT ? (unsigned)(LOGO_COLS - n)
                                                                : (unsigned)(LOGO_COLS - n) / 2;
        lo_sba(o);
    }
    for (size_t i = 0; i < n && o->col < LOGO_COLS; i++, o->col++) {
        uint8_t c = (uint8_t)line[i];
        lo_byte(o, c < 0x20 ? 0x40 : ascii_to_ebcdic(c));
    }
    if (o->align != AL_NONE) {
        o->row++;
        o->col = 0;
    }
}

/* An order line: @SBA r,c  @SF [H][P]  @NL  @ALIGN how. Unknown orders are ignored. */
static void lo_order(struct logo_out *o, const char *s, size_t len)
{
    char w[LOGO_COLS + 1];
    snprintf(w, sizeof w, "%.*s", (int)(len < LOGO_COLS ? len : LOGO_COLS), s);
    char *arg = w + strcspn(w, " \t");
    if (*arg) *arg++ = 0;
    arg += strspn(arg, " \t");
    if (!strcasecmp(w, "@SBA")) {
        unsigned r = 0, c = 0;
        if (sscanf(arg, "%u,%u", &r, &c) != 2) return;
        o->row = r < LOGO_ROWS ? r : LOGO_ROWS - 1;
        o->col = c < LOGO_COLS ? c : LOGO_COLS - 1;
        lo_sba(o);
    } else if (!strcasecmp(w, "@SF")) {
        uint8_t attr = 0;
        for (const char *p = arg; *p; p++) {
            if (*p == 'H' || *p == 'h') attr |= 0x08;       /* intensified */
            if (*p == 'P' || *p == 'p') attr |= 0x20;       /* protected */
        }
        if (o->row >= LOGO_ROWS || o->n + 2 > o->max) return;
        lo_byte(o, 0x1D);
        lo_byte(o, tn_code6[attr]);
        if (++o->col >= LOGO_COLS) {
            o->col = 0;
            o->row++;
        }
    } else if (!strcasecmp(w, "@NL")) {
        o->row++;
        o->col = 0;
        lo_sba(o);
    } else if (!strcasecmp(w, "@ALIGN")) {
        o->align = !strcasecmp(arg, "LEFT") ? AL_LEFT : !strcasecmp(arg, "RIGHT") ? AL_RIGHT
                 : !strcasecmp(arg, "CENTER") ? AL_CENTER : AL_NONE;
    }
}

size_t tn3270_logo_render(const struct tn3270_logo *logo, struct machine *m,
                          uint16_t devnum, uint8_t *out, size_t max)
{
    struct logo_out o = { .p = out, .max = max };
    const char *s = logo && logo->text ? logo->text : tn_logo_default;
    if (max < 2) return 0;
    lo_byte(&o, 0xC3);                      /* WCC: reset, restore keyboard, reset MDT */
    while (*s) {
        size_t len = strcspn(s, "\n");
        size_t l = len;
        while (l && (s[l - 1] == '\r')) l--;
        if (l && s[0] == '@') lo_order(&o, s, l);
        else lo_text(&o, m, devnum, s, l);
        s += len + (s[len] == '\n');
    }
    return o.n;
}
