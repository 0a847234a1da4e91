/* dev3270.c - 3270 displays (3277/3278/3279) and printers (3287) behind a local
 * non-SNA 3274 control unit.
 *
 * Configuration (as Hercules): `ccuu 3270 [GROUP|*] [IPADDR [MASK]]`, also 3287. A
 * terminal (a TN3270 session, the SDL2 window) binds itself with dev3270_claim; a
 * client that names no group gets only devices without one, as in Hercules. A TN3270
 * session holds its device (dev3270_reserve) from the moment it names it to the
 * client until it binds, so that two sessions negotiating at once never get the same
 * one.
 *
 * Like a 3274 the device keeps no screen: outbound commands pass their data stream to
 * the terminal, inbound records come back from it (3274 Description, GA23-0061;
 * 3270 Data Stream Programmer's Reference, GA23-0059). Commands:
 *   W 01, EW 05, EWA 0D, EAU 0F, WSF 11   data to the terminal
 *   RB 02, RM 06                           the kept attention record (RM), or a read
 *                                          sent to the terminal and its answer
 *   NOP 03, SEL 0B                         nothing, when a terminal is there
 *   SENSE 04, SENSE ID E4                  also without a terminal (as Hercules 3.13)
 * A device without a terminal is not ready: a command other than sense and sense ID
 * ends with unit check, sense byte 0 intervention required (Hercules 3.13 answers
 * SIO with cc 0 and presents the unit check; here channel end and device end come
 * with it, as the channel interface implies channel end). When a terminal binds, the
 * device presents device end (what a 3274 does when a terminal turns on; Hercules
 * 3.13 does the same on connect). Enter, PF and PA keys and Clear arrive as an
 * unsolicited record: the device presents attention and keeps it for Read Modified. */
#include <arpa/inet.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include "devices/dev3270.h"
#include "devices/devices.h"
#include "channel/channel.h"
#include "cpu/machine.h"

#define D3270_INBOUND_MAX 65536   /* longest inbound record kept (any read reply fits) */
#define D3270_READ_MS 10000       /* a read waits this long for the terminal's answer */
#define D3270_GROUP_MAX 9         /* Hercules: 1 to 8 alphanumeric characters */

struct d3270 {
    bool printer;                     /* 3287 */
    char group[D3270_GROUP_MAX];      /* terminal group, "" for none */
    uint32_t ip, mask;                /* client filter (host order); mask 0: any */
    pthread_mutex_t mu;               /* guards everything below */
    pthread_cond_t cv;                /* a read waits here for the answer */
    const struct term3270_ops *term;  /* the bound terminal; NULL: not ready */
    void *ctx;
    const void *reserved;             /* held for this terminal (dev3270_reserve) */
    struct term3270_info info;
    uint32_t ipaddr;                  /* of the terminal, for devlist */
    uint8_t *rec;                     /* kept inbound record (D3270_INBOUND_MAX) */
    size_t reclen;
    bool kept;                        /* rec holds an unsolicited record for RM */
    bool reading;                     /* a read waits for the terminal's answer */
    bool answered;                    /* ... and rec holds it */
    bool halted;                      /* ... and was told to end */
    uint16_t bufaddr;                 /* the control unit's current buffer address */
    bool alternate;                   /* the screen is in its alternate size (EWA) */
};

static uint8_t d3270_not_ready(struct device *d, int32_t *residual, uint32_t count)
{
    uint8_t sense = SENSE_INTREQ;
    dev_set_sense(d, &sense, 1);
    *residual = (int32_t)count;
    return US_CE | US_DE | US_UC;
}

/* ---- the buffer address -------------------------------------------------------------
 *
 * A local 3274 keeps a current buffer address across the commands of a channel
 * program: a Write's orders leave it where they end, and Read Buffer transfers from
 * it to the end of the buffer (GA23-0059, read buffer operation: "starts at the
 * current buffer address"; GA23-0061, 3274 commands). OS/VS1 relies on it on its 3277
 * console: Read Modified, then a Write with SBA to the command line, then a chained
 * Read Buffer that must start there. The terminal always answers RB from address 0
 * (a TN3270 client does, and so does the window's own terminal), so the device
 * follows the address through the outbound orders and skips the part of the answer
 * before it. As Hercules 3.13 (console.c) does, the address is 0 at the start of each
 * channel program and after EW, EWA, EAU, WSF, NOP, Select and sense; Read Buffer
 * moves it past the positions it transferred; Read Modified leaves it alone. A Write
 * begins at the cursor on the terminal; the device counts from its own address, so
 * the two agree when the Write begins with SBA, RA or EUA, as OS/VS1's do. */

enum { AID_STRUCTURED = 0x88 };

static unsigned d3270_size(const struct d3270 *x)
{
    unsigned rows = x->alternate ? x->info.alt_rows : x->info.rows;
    unsigned cols = x->alternate ? x->info.alt_cols : x->info.cols;
    unsigned n = rows * cols;
    return n ? n : 1920;
}

uint16_t dev3270_addr_decode(uint8_t b1, uint8_t b2)
{
    if ((b1 & 0xC0) == 0) return (uint16_t)((b1 & 0x3F) << 8 | b2);
    return (uint16_t)((b1 & 0x3F) << 6 | (b2 & 0x3F));
}

/* Follow a Write's orders and data (after the WCC) from the current address. */
static void d3270_follow_write(struct d3270 *x, const uint8_t *p, size_t len)
{
    unsigned size = d3270_size(x), a = x->bufaddr % size;
    const uint8_t *end = p + len;
    while (p < end) {
        uint8_t b = *p++;
        size_t n;
        switch (b) {
        case D3270_ORD_SBA:
        case D3270_ORD_EUA:
        case D3270_ORD_RA:
            if (end - p < 2) goto done;
            a = dev3270_addr_decode(p[0], p[1]);
            p += 2;
            if (a >= size) goto done;       /* the terminal rejects the rest */
            if (b == D3270_ORD_RA && p < end && *p++ == D3270_ORD_GE && p < end) p++;
            break;
        case D3270_ORD_SF:
            if (p < end) p++;
            a = (a + 1) % size;
            break;
        case D3270_ORD_SFE:
        case D3270_ORD_MF:                          /* MF: at a field attribute, as it is used */
            if (p >= end) goto done;
            n = 2u * *p++;
            p += n < (size_t)(end - p) ? n : (size_t)(end - p);
            a = (a + 1) % size;
            break;
        case D3270_ORD_SA:
            p += end - p < 2 ? end - p : 2;
            break;
        case D3270_ORD_IC:
        case D3270_ORD_PT:                          /* PT depends on the screen: not followed */
            break;
        case D3270_ORD_GE:
            if (p < end) p++;
            a = (a + 1) % size;
            break;
        default:
            a = (a + 1) % size;
            break;
        }
    }
done:
    x->bufaddr = (uint16_t)a;
}

/* Where position pos begins in a read reply's data (after AID and cursor), or len;
 * *count the positions in the first len bytes. */
static size_t d3270_scan_read(const uint8_t *p, size_t len, unsigned pos, unsigned *count)
{
    size_t i = 0;
    unsigned a = 0;
    while (i < len && a < pos) {
        size_t w;
        switch (p[i]) {
        case D3270_ORD_SF: case D3270_ORD_GE: w = 2; break;
        case D3270_ORD_SFE: w = i + 1 < len ? 2 + 2u * p[i + 1] : 2; break;
        case D3270_ORD_SA: w = 3; a--; break;     /* no position of its own */
        default: w = 1; break;
        }
        a++;
        i += w;
    }
    if (count) *count = a;
    return i < len ? i : len;
}

/* ---- commands ------------------------------------------------------------------ */

typedef uint8_t d3270_fn(struct device *d, uint8_t cmd, uint8_t *buf, uint32_t count,
                         int32_t *residual);

/* Outbound data: to the terminal as it is. Erase/write and erase all unprotected reset
 * the screen and its pending attention, so a kept record is dropped with them. */
static uint8_t d3270_write(struct device *d, uint8_t cmd, uint8_t *buf, uint32_t count,
                           int32_t *residual)
{
    struct d3270 *x = d->priv;
    pthread_mutex_lock(&x->mu);
    int rc = -1;
    bool wsf_ok = cmd != D3270_WSF || x->info.extended;
    /* EAU carries no data (GA23-0059): what its CCW addresses is not passed on. */
    size_t len = cmd == D3270_EAU ? 0 : count;
    if (x->term && wsf_ok) {
        rc = x->term->send(x->ctx, cmd, buf, len);
        if (rc == 0 && cmd != D3270_W && cmd != D3270_WSF) x->kept = false;
    }
    if (cmd == D3270_EW || cmd == D3270_EWA) x->alternate = cmd == D3270_EWA;
    if (cmd != D3270_W) x->bufaddr = 0;
    if (cmd != D3270_EAU && cmd != D3270_WSF && len > 1) d3270_follow_write(x, buf + 1, len - 1);
    bool term = x->term != NULL;
    pthread_mutex_unlock(&x->mu);
    /* A terminal without the extended data stream rejects structured fields, as a 3274
     * does for a 3278 without the feature. */
    if (term && !wsf_ok) return dev_command_reject(d, residual, count);
    if (rc) return d3270_not_ready(d, residual, count);
    *residual = 0;
    return US_CE | US_DE;
}

/* Read Modified takes the kept attention record; otherwise (and for Read Buffer) the
 * command goes to the terminal and the read waits, bounded, for its answer. */
static uint8_t d3270_read(struct device *d, uint8_t cmd, uint8_t *buf, uint32_t count,
                          int32_t *residual)
{
    struct d3270 *x = d->priv;
    pthread_mutex_lock(&x->mu);
    if (!x->term) {
        pthread_mutex_unlock(&x->mu);
        return d3270_not_ready(d, residual, count);
    }
    if (!(cmd == D3270_RM && x->kept)) {
        x->kept = x->answered = x->halted = false;
        x->reading = true;
        if (x->term->send(x->ctx, cmd, NULL, 0)) x->reading = false;
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += D3270_READ_MS / 1000;
        int rc = 0;
        while (x->reading && !x->answered && !x->halted && x->term && rc != ETIMEDOUT)
            rc = pthread_cond_timedwait(&x->cv, &x->mu, &until);
        bool got = x->answered, halted = x->halted;
        x->reading = x->answered = x->halted = false;
        if (!got) {
            pthread_mutex_unlock(&x->mu);
            if (halted) {
                *residual = (int32_t)count;
                return US_CE | US_DE;
            }
            return d3270_not_ready(d, residual, count);
        }
    }
    x->kept = false;
    /* Read Buffer: from the current buffer address (see above), which then moves past
     * the positions transferred. Read Modified leaves it alone. */
    if (cmd == D3270_RB && x->reclen > 3 && x->rec[0] != AID_STRUCTURED) {
        size_t off = 3 + d3270_scan_read(x->rec + 3, x->reclen - 3, x->bufaddr, NULL);
        memmove(x->rec + 3, x->rec + off, x->reclen - off);
        x->reclen -= off - 3;
        size_t got = x->reclen < count ? x->reclen : count;
        unsigned moved = 0;
        if (got > 3) d3270_scan_read(x->rec + 3, got - 3, ~0u, &moved);
        x->bufaddr = (uint16_t)((x->bufaddr + moved) % d3270_size(x));
    }
    size_t n = x->reclen < count ? x->reclen : count;
    memcpy(buf, x->rec, n);
    *residual = (int32_t)count - (int32_t)x->reclen;
    pthread_mutex_unlock(&x->mu);
    return US_CE | US_DE;
}

static uint8_t d3270_nop(struct device *d, uint8_t cmd, uint8_t *buf, uint32_t count,
                         int32_t *residual)
{
    (void)cmd; (void)buf;
    struct d3270 *x = d->priv;
    pthread_mutex_lock(&x->mu);
    bool ready = x->term != NULL;
    pthread_mutex_unlock(&x->mu);
    if (!ready) return d3270_not_ready(d, residual, count);
    *residual = (int32_t)count;
    return US_CE | US_DE;
}

static uint8_t d3270_sense(struct device *d, uint8_t cmd, uint8_t *buf, uint32_t count,
                           int32_t *residual)
{
    (void)cmd;
    return dev_basic_sense(d, buf, count, residual);
}

/* Sense ID as Hercules 3.13 answers it: control unit 3274-1D, then 3278-02 or 3287-01. */
static const struct dev_id d3270_ids[] = {
    { "3270", { 0xFF, 0x32, 0x74, 0x1D, 0x32, 0x78, 0x02 } },
    { "3287", { 0xFF, 0x32, 0x74, 0x1D, 0x32, 0x87, 0x01 } },
    { NULL, { 0 } },
};

static uint8_t d3270_senseid(struct device *d, uint8_t cmd, uint8_t *buf, uint32_t count,
                             int32_t *residual)
{
    (void)cmd;
    return dev_sense_id(d, d3270_ids, buf, count, residual);
}

/* The command table: code, handler, and whether a 3287 takes it (reads are display
 * commands; a printer rejects them). */
static const struct d3270_cmd {
    uint8_t code;
    d3270_fn *fn;
    bool printer;
} d3270_cmds[] = {
    { D3270_W, d3270_write, true },     { D3270_EW, d3270_write, true },
    { D3270_EWA, d3270_write, true },   { D3270_EAU, d3270_write, true },
    { D3270_WSF, d3270_write, true },   { D3270_RB, d3270_read, false },
    { D3270_RM, d3270_read, false },    { D3270_NOP, d3270_nop, true },
    { D3270_SEL, d3270_nop, true },     { D3270_SENSE, d3270_sense, true },
    { D3270_SENSEID, d3270_senseid, true },
};

static uint8_t d3270_exec(struct device *d, uint8_t cmd, uint8_t flags, uint8_t *buf,
                          uint32_t count, int32_t *residual)
{
    (void)flags;
    struct d3270 *x = d->priv;
    *residual = (int32_t)count;
    if (!x) return dev_command_reject(d, residual, count);
    /* The buffer address starts at 0 with each channel program and after a control
     * or sense command (Hercules 3.13; see "the buffer address" above). */
    if (!d->chained || cmd == D3270_NOP || cmd == D3270_SEL || cmd == D3270_SENSE ||
        cmd == D3270_SENSEID) {
        pthread_mutex_lock(&x->mu);
        x->bufaddr = 0;
        pthread_mutex_unlock(&x->mu);
    }
    for (size_t i = 0; i < sizeof d3270_cmds / sizeof d3270_cmds[0]; i++) {
        const struct d3270_cmd *c = &d3270_cmds[i];
        if (c->code != cmd) continue;
        if (x->printer && !c->printer) break;
        return c->fn(d, cmd, buf, count, residual);
    }
    return dev_command_reject(d, residual, count);
}

/* Channel lock held: only the device's own lock. */
static void d3270_halt(struct device *d)
{
    struct d3270 *x = d->priv;
    if (!x) return;
    pthread_mutex_lock(&x->mu);
    if (x->reading) {
        x->halted = true;
        pthread_cond_broadcast(&x->cv);
    }
    pthread_mutex_unlock(&x->mu);
}

/* ---- life cycle ------------------------------------------------------------------ */

static bool d3270_is_addr(const char *s)
{
    struct in_addr a;
    return inet_pton(AF_INET, s, &a) == 1;
}

/* `[GROUP|*] [IPADDR [MASK]]` (Hercules' device statement for 3270 and 3287). */
static int d3270_args(struct d3270 *x, int argc, char **argv, char *err, size_t errlen)
{
    int i = 0;
    struct in_addr a;
    if (i < argc && !d3270_is_addr(argv[i])) {
        size_t n = strlen(argv[i]);
        if (strcmp(argv[i], "*")) {
            if (n >= D3270_GROUP_MAX || strspn(argv[i], "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                               "abcdefghijklmnopqrstuvwxyz0123456789") != n)
                goto bad;
            for (size_t k = 0; k <= n; k++)
                x->group[k] = (char)(argv[i][k] >= 'a' && argv[i][k] <= 'z'
                                     ? argv[i][k] - 32 : argv[i][k]);
        }
        i++;
    }
    if (i < argc) {
        if (inet_pton(AF_INET, argv[i], &a) != 1) goto bad;
        x->ip = ntohl(a.s_addr);
        x->mask = 0xFFFFFFFFu;
        i++;
    }
    if (i < argc) {
        if (inet_pton(AF_INET, argv[i], &a) != 1) goto bad;
        x->mask = ntohl(a.s_addr);
        i++;
    }
    x->ip &= x->mask;
    if (i == argc) return 0;
bad:
    snprintf(err, errlen, "3270 argument %s not understood (a terminal group of 1 to 8 "
             "letters and digits or *, then an IP address and mask)", argv[i]);
    return -1;
}

static int d3270_init(struct machine *m, struct device *d, int argc, char **argv, char *err,
                      size_t errlen)
{
    (void)m;
    struct d3270 *x = calloc(1, sizeof *x);
    uint8_t *rec = malloc(D3270_INBOUND_MAX);
    if (!x || !rec) {
        free(x);
        free(rec);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    x->rec = rec;
    x->printer = !strcasecmp(d->type, "3287");
    if (d3270_args(x, argc, argv, err, errlen)) {
        free(rec);
        free(x);
        return -1;
    }
    pthread_mutex_init(&x->mu, NULL);
    pthread_cond_init(&x->cv, NULL);
    d->priv = x;
    d->senselen = 1;
    return 0;
}

static void d3270_close(struct device *d)
{
    struct d3270 *x = d->priv;
    if (!x) return;
    pthread_mutex_lock(&x->mu);
    const struct term3270_ops *term = x->term;
    void *ctx = x->ctx;
    x->term = NULL;
    pthread_mutex_unlock(&x->mu);
    if (term) term->detached(ctx, d);
    pthread_cond_destroy(&x->cv);
    pthread_mutex_destroy(&x->mu);
    free(x->rec);
    free(x);
    d->priv = NULL;
}

/* devlist, in the manner of Hercules 3.13: the group or *, the filter, and the
 * terminal's address with "open" when one is bound. */
static void d3270_describe(const struct device *d, char *buf, size_t len)
{
    struct d3270 *x = d->priv;
    if (!x) {
        snprintf(buf, len, "%s", "");
        return;
    }
    char filter[64] = "", who[48] = "";
    if (x->mask) {
        struct in_addr a = { htonl(x->ip) }, k = { htonl(x->mask) };
        char ip[INET_ADDRSTRLEN], mk[INET_ADDRSTRLEN];
        inet_ntop(AF_INET, &a, ip, sizeof ip);
        inet_ntop(AF_INET, &k, mk, sizeof mk);
        snprintf(filter, sizeof filter, "%s %s mask %s", x->group[0] ? x->group : "*", ip, mk);
    } else if (x->group[0]) {
        snprintf(filter, sizeof filter, "%s", x->group);
    }
    pthread_mutex_lock(&x->mu);
    if (x->term) {
        struct in_addr a = { htonl(x->ipaddr) };
        char ip[INET_ADDRSTRLEN];
        inet_ntop(AF_INET, &a, ip, sizeof ip);
        snprintf(who, sizeof who, "%s open", ip);
    }
    pthread_mutex_unlock(&x->mu);
    snprintf(buf, len, "%s%s%s", filter, *filter && *who ? " " : "", who);
}

const struct dev_ops dev_3270_ops = {
    .init = d3270_init, .execute_ccw = d3270_exec, .halt = d3270_halt,
    .describe = d3270_describe, .close = d3270_close,
};

/* ---- terminals ------------------------------------------------------------------- */

bool dev3270_configured(struct machine *m, bool printer)
{
    bool any = false;
    pthread_rwlock_rdlock(&m->devlock);
    for (struct device *d = m->devs; d && !any; d = d->next) {
        const struct d3270 *x = d->priv;
        any = d->ops == &dev_3270_ops && x && x->printer == printer;
    }
    pthread_rwlock_unlock(&m->devlock);
    return any;
}

bool dev3270_is_3270(const struct device *d)
{
    return d && d->ops == &dev_3270_ops;
}

/* Whether a terminal of this class from ip may take d (its lock held or not: the
 * fields read are set at init). */
static bool d3270_eligible(const struct device *d, bool printer, uint32_t ip)
{
    const struct d3270 *x = d->priv;
    return d->ops == &dev_3270_ops && x && x->printer == printer && (ip & x->mask) == x->ip;
}

/* Free for owner (lock held): no terminal, and not held for another one. */
static bool d3270_free_for(const struct d3270 *x, const void *owner)
{
    return !x->term && (!x->reserved || x->reserved == owner);
}

/* Hold a free device for owner; true when held. */
static bool d3270_hold(struct device *d, const void *owner)
{
    struct d3270 *x = d->priv;
    pthread_mutex_lock(&x->mu);
    bool ok = d3270_free_for(x, owner);
    if (ok) x->reserved = owner;
    pthread_mutex_unlock(&x->mu);
    return ok;
}

/* Bind if free (or held for ctx); true when bound. */
static bool d3270_bind(struct device *d, uint32_t ip, const struct term3270_info *info,
                       const struct term3270_ops *ops, void *ctx)
{
    struct d3270 *x = d->priv;
    pthread_mutex_lock(&x->mu);
    bool free_now = d3270_free_for(x, ctx);
    if (free_now) {
        x->reserved = NULL;
        x->term = ops;
        x->ctx = ctx;
        x->info = *info;
        x->ipaddr = ip;
        x->kept = x->reading = x->answered = x->halted = false;
        x->reclen = 0;
        x->bufaddr = 0;
        x->alternate = false;
    }
    pthread_mutex_unlock(&x->mu);
    /* Device end: the device turned ready (3274; Hercules does the same on connect). */
    if (free_now) chan_device_status(d, US_DE);
    return free_now;
}

/* What d3270_pick does with the device it finds. */
enum d3270_act { D3270_HOLD, D3270_BIND };

static bool d3270_take(struct device *d, enum d3270_act act, uint32_t ip,
                       const struct term3270_info *info, const struct term3270_ops *ops,
                       void *owner)
{
    return act == D3270_HOLD ? d3270_hold(d, owner) : d3270_bind(d, ip, info, ops, owner);
}

/* Hercules' rules: a device number names that device (which must be eligible); a
 * group name any free device of that group; no name any free device without a group. */
static struct device *d3270_pick(struct machine *m, const char *name, uint32_t ip,
                                 bool printer, enum d3270_act act,
                                 const struct term3270_info *info,
                                 const struct term3270_ops *ops, void *owner,
                                 char *err, size_t errlen)
{
    char group[D3270_GROUP_MAX] = "";
    long devnum = -1;
    if (name && *name) {
        char *end;
        size_t n = strlen(name);
        long v = strtol(name, &end, 16);
        if (n <= 4 && !*end && strspn(name, "0123456789abcdefABCDEF") == n) {
            devnum = v;
        } else if (n < D3270_GROUP_MAX) {
            for (size_t k = 0; k <= n; k++)
                group[k] = (char)(name[k] >= 'a' && name[k] <= 'z' ? name[k] - 32 : name[k]);
        } else {
            snprintf(err, errlen, "no device or terminal group named %.40s", name);
            return NULL;
        }
    }
    const char *what = printer ? "3287 printer" : "3270 display";
    if (devnum >= 0) {
        struct device *d = chan_dev_find(m, (uint16_t)devnum);
        if (!d || d->ops != &dev_3270_ops || ((struct d3270 *)d->priv)->printer != printer) {
            snprintf(err, errlen, "device %04lX is not a %s", devnum, what);
            return NULL;
        }
        if (!d3270_eligible(d, printer, ip)) {
            snprintf(err, errlen, "device %04lX is not available to this address", devnum);
            return NULL;
        }
        if (!d3270_take(d, act, ip, info, ops, owner)) {
            snprintf(err, errlen, "device %04lX is in use", devnum);
            return NULL;
        }
        return d;
    }
    struct device *got = NULL;
    pthread_rwlock_rdlock(&m->devlock);
    for (struct device *d = m->devs; d && !got; d = d->next) {
        if (!d3270_eligible(d, printer, ip)) continue;
        struct d3270 *x = d->priv;
        if (!strcmp(x->group, group) && d3270_take(d, act, ip, info, ops, owner)) got = d;
    }
    pthread_rwlock_unlock(&m->devlock);
    if (got) return got;
    if (group[0])
        snprintf(err, errlen, "no %s of terminal group %s is free", what, group);
    else
        snprintf(err, errlen, "no %s is free", what);
    return NULL;
}

int dev3270_reserve(struct machine *m, const char *name, uint32_t ip, bool printer,
                    const void *owner, char *err, size_t errlen)
{
    struct device *d = d3270_pick(m, name, ip, printer, D3270_HOLD, NULL, NULL, (void *)owner,
                                  err, errlen);
    return d ? d->devnum : -1;
}

void dev3270_unreserve(struct machine *m, const void *owner)
{
    pthread_rwlock_rdlock(&m->devlock);
    for (struct device *d = m->devs; d; d = d->next) {
        struct d3270 *x = d->priv;
        if (d->ops != &dev_3270_ops || !x) continue;
        pthread_mutex_lock(&x->mu);
        if (x->reserved == owner) x->reserved = NULL;
        pthread_mutex_unlock(&x->mu);
    }
    pthread_rwlock_unlock(&m->devlock);
}

struct device *dev3270_claim_named(struct machine *m, const char *name, uint32_t ip,
                                   const struct term3270_info *info,
                                   const struct term3270_ops *ops, void *ctx,
                                   char *err, size_t errlen)
{
    return d3270_pick(m, name, ip, info->printer, D3270_BIND, info, ops, ctx, err, errlen);
}

struct device *dev3270_claim(struct machine *m, int devnum, uint32_t ip,
                             const struct term3270_info *info,
                             const struct term3270_ops *ops, void *ctx,
                             char *err, size_t errlen)
{
    char name[8] = "";
    if (devnum > 0xFFFF) {
        snprintf(err, errlen, "device number %X out of range", (unsigned)devnum);
        return NULL;
    }
    if (devnum >= 0) snprintf(name, sizeof name, "%04X", (unsigned)devnum);
    return dev3270_claim_named(m, name, ip, info, ops, ctx, err, errlen);
}

void dev3270_inbound(struct device *d, const uint8_t *data, size_t len)
{
    struct d3270 *x = d->priv;
    if (!x || !len) return;
    if (len > D3270_INBOUND_MAX) len = D3270_INBOUND_MAX;
    pthread_mutex_lock(&x->mu);
    if (!x->term) {
        pthread_mutex_unlock(&x->mu);
        return;
    }
    memcpy(x->rec, data, len);
    x->reclen = len;
    bool waiting = x->reading && !x->answered;
    if (waiting) {
        x->answered = true;
        pthread_cond_broadcast(&x->cv);
    } else {
        x->kept = true;
    }
    pthread_mutex_unlock(&x->mu);
    /* Unsolicited (Enter, PF, PA, Clear, or a query reply after WSF): attention, and
     * the guest reads the record with Read Modified. */
    if (!waiting) chan_device_status(d, US_ATTN);
}

void dev3270_release(struct device *d)
{
    struct d3270 *x = d->priv;
    if (!x) return;
    pthread_mutex_lock(&x->mu);
    x->term = NULL;
    x->ctx = NULL;
    x->kept = false;
    pthread_cond_broadcast(&x->cv);
    pthread_mutex_unlock(&x->mu);
}

bool dev3270_info(struct device *d, struct term3270_info *info)
{
    struct d3270 *x = d->priv;
    if (!x) return false;
    pthread_mutex_lock(&x->mu);
    bool bound = x->term != NULL;
    if (bound) *info = x->info;
    pthread_mutex_unlock(&x->mu);
    return bound;
}
