/* dev3215.c - consoles 3215 and 1052: integrated on the operator console (3215-C,
 * 1052-C) or remote, reached by a telnet client on CNSLPORT (3215, 1052).
 *
 * Configuration (as Hercules): `ccuu 3215-C [PREFIX] [noprompt]`. Panel lines that
 * begin with PREFIX (default "/") are operator input to this console; the rest of the
 * line, possibly empty, is the message typed. `ccuu 3215 [noprompt] [GROUP|*]
 * [IPADDR [MASK]]`: a remote console that only clients from IPADDR (under MASK) may
 * take; terminal groups are not supported (a name is ignored with a notice). The
 * listener (console/telnet.c) binds a client with con3215_claim; without one, the
 * console is not ready: reads and writes end with unit check, intervention required.
 *
 * Commands (IBM 3210/3215 console component description, GA24-3488; GX20-1850
 * reference summary): write without carriage return X'01', write with automatic
 * carriage return X'09', read inquiry X'0A', audible alarm X'0B', no-op X'03' and sense
 * X'04' (one sense byte). The 3215 predates SENSE ID, so X'E4' is rejected like every
 * other invalid command: unit check with sense "command reject".
 *
 * Output (EBCDIC, code page 037) goes to the operator console. A read waits on its
 * I/O thread for the operator's next line, or for a halt. A line typed when no read
 * waits is queued and the console presents attention, so that the program issues a
 * read (what the REQUEST key does). */
#include <arpa/inet.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "devices/devices.h"
#include "devices/ebcdic.h"
#include "channel/channel.h"
#include "cpu/machine.h"

#define CON_PREFIX_MAX 16
#define CON_LINE_MAX 256        /* longer operator lines are cut here */
#define CON_QUEUE 16            /* lines typed ahead of the program's reads */
#define CON_DEFAULT_PREFIX "/"

#define EBC_NL 0x15
#define EBC_LF 0x25
#define EBC_SUB 0x3F            /* substitute for characters EBCDIC 037 lacks */

struct con {
    char prefix[CON_PREFIX_MAX];
    bool noprompt;               /* no HHC1C001A message when a read starts */
    pthread_mutex_t mu;          /* guards the fields below */
    pthread_cond_t cv;           /* a read waits here for input or a halt */
    uint8_t lines[CON_QUEUE][CON_LINE_MAX];   /* typed lines, already EBCDIC */
    unsigned lens[CON_QUEUE];
    unsigned head, count;
    bool reading;                /* a read command waits for input */
    bool halted;                 /* ... and was told to end */
    /* remote consoles only */
    bool remote;
    uint32_t ip, mask;           /* client address filter (host order); mask 0: any */
    const struct con_client_ops *client;   /* the bound client, NULL: not ready */
    void *client_ctx;
};

/* ---- translation ---------------------------------------------------------------- */

/* One EBCDIC output byte as UTF-8 text: new line and line feed end a line, NUL and
 * the other control characters are not shown. Returns the bytes written (0-2). */
static size_t con_out_char(uint8_t e, char *o)
{
    if (e == EBC_NL || e == EBC_LF) { o[0] = '\n'; return 1; }
    uint8_t c = ebcdic_to_ascii(e);
    if (c < 0x20 || (c >= 0x7F && c < 0xA0)) return 0;
    if (c < 0x80) { o[0] = (char)c; return 1; }
    o[0] = (char)(0xC0 | c >> 6);
    o[1] = (char)(0x80 | (c & 0x3F));
    return 2;
}

/* Operator text (UTF-8, or Latin-1 bytes that are not valid UTF-8) to EBCDIC; at
 * most max bytes. */
static unsigned con_in_text(const char *text, uint8_t *out, unsigned max)
{
    const uint8_t *s = (const uint8_t *)text;
    unsigned n = 0;
    while (*s && n < max) {
        unsigned cp = *s++;
        if (cp >= 0xC0 && cp < 0xE0 && (*s & 0xC0) == 0x80) {
            cp = (cp & 0x1F) << 6 | (*s++ & 0x3F);
        } else if (cp >= 0xE0 && (*s & 0xC0) == 0x80) {
            while ((*s & 0xC0) == 0x80) s++;        /* beyond Latin-1 */
            cp = 0x100;
        }
        out[n++] = cp < 0x100 ? ascii_to_ebcdic((uint8_t)cp) : EBC_SUB;
    }
    return n;
}

/* ---- commands ------------------------------------------------------------------- */

/* Intervention required: a remote console with no client (or one that went away). */
static uint8_t con_not_ready(struct device *d)
{
    uint8_t sense = SENSE_INTREQ;
    dev_set_sense(d, &sense, 1);
    return US_CE | US_DE | US_UC;
}

/* Text to the remote client; false when there is none or it cannot take more. */
static bool con_send(struct con *c, const char *text, size_t len)
{
    pthread_mutex_lock(&c->mu);
    bool ok = c->client && c->client->write(c->client_ctx, text, len) == 0;
    pthread_mutex_unlock(&c->mu);
    return ok;
}

/* Text to the operator console or the remote client; false: not ready. */
static bool con_show(struct device *d, const char *text, size_t len)
{
    struct con *c = d->priv;
    if (c->remote) return con_send(c, text, len);
    if (len) machine_msg(d->m, "%s", text);
    return true;
}

static uint8_t con_write(struct device *d, const uint8_t *buf, uint32_t count, bool cr,
                         int32_t *residual)
{
    char *text = malloc((size_t)count * 2 + 2);
    if (!text) return con_not_ready(d);
    size_t n = 0;
    for (uint32_t i = 0; i < count; i++) n += con_out_char(buf[i], text + n);
    if (cr) text[n++] = '\n';
    text[n] = 0;
    /* Without carriage return the line stays open: what comes next continues it. */
    bool ok = con_show(d, text, n);
    free(text);
    if (!ok) return con_not_ready(d);
    *residual = 0;
    return US_CE | US_DE;
}

static uint8_t con_write_nocr(struct device *d, uint8_t *buf, uint32_t count, int32_t *residual)
{
    return con_write(d, buf, count, false, residual);
}

static uint8_t con_write_cr(struct device *d, uint8_t *buf, uint32_t count, int32_t *residual)
{
    return con_write(d, buf, count, true, residual);
}

static uint8_t con_nop(struct device *d, uint8_t *buf, uint32_t count, int32_t *residual)
{
    (void)d; (void)buf; (void)count; (void)residual;
    return US_CE | US_DE;
}

/* The alarm sounds on a terminal; a transcript shows nothing. */
static uint8_t con_alarm(struct device *d, uint8_t *buf, uint32_t count, int32_t *residual)
{
    struct con *c = d->priv;
    if (c->remote) {
        if (!con_send(c, "\a", 1)) return con_not_ready(d);
    } else if (d->m->interactive) {
        machine_msg(d->m, "\a");
    }
    return con_nop(d, buf, count, residual);
}

static uint8_t con_sense(struct device *d, uint8_t *buf, uint32_t count, int32_t *residual)
{
    return dev_basic_sense(d, buf, count, residual);
}

enum { TAKE_LINE, TAKE_HALTED, TAKE_GONE };

/* Wait for a typed line: TAKE_LINE, TAKE_HALTED when a halt (HIO, reset) ended the
 * wait, TAKE_GONE when the remote client is not (or no longer) there. */
static int con_take_line(struct con *c, uint8_t *line, unsigned *len, bool *more)
{
    pthread_mutex_lock(&c->mu);
    c->reading = true;
    while (!c->count && !c->halted && (!c->remote || c->client))
        pthread_cond_wait(&c->cv, &c->mu);
    int got = c->halted ? TAKE_HALTED : c->count ? TAKE_LINE : TAKE_GONE;
    if (got == TAKE_LINE) {
        *len = c->lens[c->head];
        memcpy(line, c->lines[c->head], *len);
        c->head = (c->head + 1) % CON_QUEUE;
        c->count--;
    }
    *more = c->count != 0;
    c->reading = c->halted = false;
    pthread_mutex_unlock(&c->mu);
    return got;
}

/* Read inquiry: the operator's line, truncated to count; the residual count tells
 * the channel how much shorter (or, negative, longer) it was, for incorrect length. */
static uint8_t con_read(struct device *d, uint8_t *buf, uint32_t count, int32_t *residual)
{
    struct con *c = d->priv;
    uint8_t line[CON_LINE_MAX];
    unsigned len = 0;
    bool more = false;
    *residual = (int32_t)count;
    /* Reading from before the prompt: a line typed in answer is for this read. */
    pthread_mutex_lock(&c->mu);
    c->reading = true;
    pthread_mutex_unlock(&c->mu);
    if (!c->noprompt) {
        char prompt[64];
        int n = snprintf(prompt, sizeof prompt, "HHC1C001A Enter input for console device %04X\n",
                         d->devnum);
        if (!con_show(d, prompt, (size_t)n)) {
            pthread_mutex_lock(&c->mu);
            c->reading = c->halted = false;
            pthread_mutex_unlock(&c->mu);
            return con_not_ready(d);
        }
    }
    int got = con_take_line(c, line, &len, &more);
    if (got == TAKE_GONE) return con_not_ready(d);
    if (got == TAKE_HALTED) return US_CE | US_DE;
    memcpy(buf, line, len < count ? len : count);
    *residual = (int32_t)count - (int32_t)len;
    /* Lines still queued ask for the next read. */
    if (more) chan_device_status(d, US_ATTN);
    return US_CE | US_DE;
}

typedef uint8_t con_cmd_fn(struct device *d, uint8_t *buf, uint32_t count, int32_t *residual);

static const struct con_cmd {
    uint8_t code;
    con_cmd_fn *fn;
} con_cmds[] = {
    { 0x01, con_write_nocr },
    { 0x09, con_write_cr },
    { 0x0A, con_read },
    { 0x0B, con_alarm },
    { 0x03, con_nop },
    { 0x04, con_sense },
};

static uint8_t con_exec(struct device *d, uint8_t cmd, uint8_t flags, uint8_t *buf,
                        uint32_t count, int32_t *residual)
{
    (void)flags;
    *residual = (int32_t)count;
    if (!d->priv) return dev_command_reject(d, residual, count);
    for (size_t i = 0; i < sizeof con_cmds / sizeof con_cmds[0]; i++)
        if (con_cmds[i].code == cmd) return con_cmds[i].fn(d, buf, count, residual);
    return dev_command_reject(d, residual, count);
}

/* Called with the channel lock held: only the console's own lock is taken. */
static void con_halt(struct device *d)
{
    struct con *c = d->priv;
    if (!c) return;
    pthread_mutex_lock(&c->mu);
    if (c->reading) {
        c->halted = true;
        pthread_cond_broadcast(&c->cv);
    }
    pthread_mutex_unlock(&c->mu);
}

/* ---- life cycle ------------------------------------------------------------------- */

/* `[noprompt] [GROUP|*] [IPADDR [MASK]]` of a remote console. */
static int con_remote_args(struct machine *m, struct device *d, struct con *c, int argc,
                           char **argv, char *err, size_t errlen)
{
    int i = 0;
    struct in_addr a;
    if (i < argc && !strcasecmp(argv[i], "noprompt")) {
        c->noprompt = true;
        i++;
    }
    if (i < argc && inet_pton(AF_INET, argv[i], &a) != 1) {
        if (strcmp(argv[i], "*"))
            machine_msg(m, "Console device %04X: terminal group %s ignored (not supported)\n",
                        d->devnum, argv[i]);
        i++;
    }
    if (i < argc) {
        if (inet_pton(AF_INET, argv[i], &a) != 1) goto bad;
        c->ip = ntohl(a.s_addr);
        c->mask = 0xFFFFFFFFu;
        i++;
    }
    if (i < argc) {
        if (inet_pton(AF_INET, argv[i], &a) != 1) goto bad;
        c->mask = ntohl(a.s_addr);
        c->ip &= c->mask;
        i++;
    }
    if (i == argc) return 0;
bad:
    snprintf(err, errlen, "console argument %s not understood "
             "(noprompt, then a terminal group or *, then an IP address and mask)", argv[i]);
    return -1;
}

/* `[PREFIX] [noprompt]` of an integrated console. */
static int con_local_args(struct con *c, int argc, char **argv, char *err, size_t errlen)
{
    snprintf(c->prefix, sizeof c->prefix, "%s", CON_DEFAULT_PREFIX);
    for (int i = 0; i < argc; i++) {
        if (!strcasecmp(argv[i], "noprompt")) {
            c->noprompt = true;
        } else if (i == 0 && strlen(argv[i]) < CON_PREFIX_MAX) {
            snprintf(c->prefix, sizeof c->prefix, "%s", argv[i]);
        } else {
            snprintf(err, errlen, "console argument %s not understood "
                     "(a command prefix of up to %d characters, then noprompt)",
                     argv[i], CON_PREFIX_MAX - 1);
            return -1;
        }
    }
    return 0;
}

static int con_init(struct machine *m, struct device *d, int argc, char **argv, char *err,
                    size_t errlen)
{
    struct con *c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    c->remote = strchr(d->type, '-') == NULL;
    if (c->remote ? con_remote_args(m, d, c, argc, argv, err, errlen)
                  : con_local_args(c, argc, argv, err, errlen)) {
        free(c);
        return -1;
    }
    pthread_mutex_init(&c->mu, NULL);
    pthread_cond_init(&c->cv, NULL);
    d->priv = c;
    d->senselen = 1;
    return 0;
}

static void con_close(struct device *d)
{
    struct con *c = d->priv;
    if (!c) return;
    pthread_mutex_lock(&c->mu);
    const struct con_client_ops *client = c->client;
    void *ctx = c->client_ctx;
    c->client = NULL;
    pthread_mutex_unlock(&c->mu);
    if (client) client->detached(ctx, d);
    pthread_cond_destroy(&c->cv);
    pthread_mutex_destroy(&c->mu);
    free(c);
    d->priv = NULL;
}

static void con_describe(const struct device *d, char *buf, size_t len)
{
    struct con *c = d->priv;
    if (c && c->remote) {
        pthread_mutex_lock(&c->mu);
        snprintf(buf, len, "%s%s", c->client ? "connected" : "not connected",
                 c->noprompt ? " noprompt" : "");
        pthread_mutex_unlock(&c->mu);
        return;
    }
    snprintf(buf, len, "*syscons cmdpref(%s)%s", c ? c->prefix : "", c && c->noprompt ? " noprompt" : "");
}

const struct dev_ops dev_con_ops = {
    .init = con_init, .execute_ccw = con_exec, .halt = con_halt,
    .describe = con_describe, .close = con_close,
};

/* ---- operator input ---------------------------------------------------------------- */

struct device *con3215_route(struct machine *m, const char *line, const char **text)
{
    struct device *best = NULL;
    size_t bestlen = 0;
    pthread_rwlock_rdlock(&m->devlock);
    for (struct device *d = m->devs; d; d = d->next) {
        const struct con *c = d->priv;
        if (d->ops != &dev_con_ops || !c || c->remote) continue;
        size_t n = strlen(c->prefix);
        if (n > bestlen && !strncmp(line, c->prefix, n)) {
            best = d;
            bestlen = n;
        }
    }
    pthread_rwlock_unlock(&m->devlock);
    if (best) *text = line + bestlen;
    return best;
}

int con3215_input(struct device *d, const char *text)
{
    struct con *c = d->priv;
    if (!c) return -1;
    if (!c->remote) machine_msg(d->m, "%s(%04X) %s\n", c->prefix, d->devnum, text);
    pthread_mutex_lock(&c->mu);
    /* An empty line with no read pending is the REQUEST key: attention only, nothing
     * for the next read (the way the OS/VS1 utilities are driven under Hercules). */
    if (!*text && !c->reading) {
        pthread_mutex_unlock(&c->mu);
        chan_device_status(d, US_ATTN);
        return 0;
    }
    if (c->count == CON_QUEUE) {
        pthread_mutex_unlock(&c->mu);
        machine_msg(d->m, "HHC1C002E Console device %04X: %d lines already wait for a read; "
                    "line discarded\n", d->devnum, CON_QUEUE);
        return -1;
    }
    unsigned slot = (c->head + c->count) % CON_QUEUE;
    c->lens[slot] = con_in_text(text, c->lines[slot], CON_LINE_MAX);
    c->count++;
    bool waiting = c->reading;
    if (waiting) pthread_cond_broadcast(&c->cv);
    pthread_mutex_unlock(&c->mu);
    if (!waiting) chan_device_status(d, US_ATTN);
    return 0;
}

/* ---- remote clients ------------------------------------------------------------------ */

bool con3215_remote_configured(struct machine *m)
{
    bool any = false;
    pthread_rwlock_rdlock(&m->devlock);
    for (struct device *d = m->devs; d && !any; d = d->next) {
        const struct con *c = d->priv;
        any = d->ops == &dev_con_ops && c && c->remote;
    }
    pthread_rwlock_unlock(&m->devlock);
    return any;
}

struct device *con3215_claim(struct machine *m, uint32_t ip, const struct con_client_ops *ops,
                             void *ctx)
{
    struct device *got = NULL;
    pthread_rwlock_rdlock(&m->devlock);
    for (struct device *d = m->devs; d && !got; d = d->next) {
        struct con *c = d->priv;
        if (d->ops != &dev_con_ops || !c || !c->remote || (ip & c->mask) != c->ip) continue;
        pthread_mutex_lock(&c->mu);
        if (!c->client) {
            c->client = ops;
            c->client_ctx = ctx;
            got = d;
        }
        pthread_mutex_unlock(&c->mu);
    }
    pthread_rwlock_unlock(&m->devlock);
    return got;
}

void con3215_release(struct device *d)
{
    struct con *c = d->priv;
    if (!c) return;
    pthread_mutex_lock(&c->mu);
    c->client = NULL;
    c->client_ctx = NULL;
    c->head = c->count = 0;          /* typed-ahead lines go with the client */
    pthread_cond_broadcast(&c->cv);
    pthread_mutex_unlock(&c->mu);
}
