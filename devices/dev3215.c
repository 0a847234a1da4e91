/* dev3215.c - integrated consoles 3215-C and 1052-C on the operator console.
 *
 * Configuration (as Hercules): `ccuu 3215-C [PREFIX] [noprompt]`. Panel lines that
 * begin with PREFIX (default "/") are operator input to this console; the rest of the
 * line, possibly empty, is the message typed.
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

static void con_write(struct device *d, const uint8_t *buf, uint32_t count, bool cr)
{
    char *text = malloc((size_t)count * 2 + 2);
    if (!text) return;
    size_t n = 0;
    for (uint32_t i = 0; i < count; i++) n += con_out_char(buf[i], text + n);
    if (cr) text[n++] = '\n';
    text[n] = 0;
    /* Without carriage return the line stays open: what comes next continues it. */
    if (n) machine_msg(d->m, "%s", text);
    free(text);
}

static uint8_t con_write_nocr(struct device *d, uint8_t *buf, uint32_t count, int32_t *residual)
{
    con_write(d, buf, count, false);
    *residual = 0;
    return US_CE | US_DE;
}

static uint8_t con_write_cr(struct device *d, uint8_t *buf, uint32_t count, int32_t *residual)
{
    con_write(d, buf, count, true);
    *residual = 0;
    return US_CE | US_DE;
}

static uint8_t con_nop(struct device *d, uint8_t *buf, uint32_t count, int32_t *residual)
{
    (void)d; (void)buf; (void)count; (void)residual;
    return US_CE | US_DE;
}

/* The alarm sounds on a terminal; a transcript shows nothing. */
static uint8_t con_alarm(struct device *d, uint8_t *buf, uint32_t count, int32_t *residual)
{
    if (d->m->interactive) machine_msg(d->m, "\a");
    return con_nop(d, buf, count, residual);
}

static uint8_t con_sense(struct device *d, uint8_t *buf, uint32_t count, int32_t *residual)
{
    return dev_basic_sense(d, buf, count, residual);
}

/* Wait for a typed line; false when a halt (HIO, reset) ended the wait. */
static bool con_take_line(struct con *c, uint8_t *line, unsigned *len, bool *more)
{
    pthread_mutex_lock(&c->mu);
    c->reading = true;
    while (!c->count && !c->halted) pthread_cond_wait(&c->cv, &c->mu);
    bool got = c->count != 0 && !c->halted;
    if (got) {
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
    if (!c->noprompt)
        machine_msg(d->m, "HHC1C001A Enter input for console device %04X\n", d->devnum);
    if (!con_take_line(c, line, &len, &more)) return US_CE | US_DE;
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

static int con_init(struct machine *m, struct device *d, int argc, char **argv, char *err,
                    size_t errlen)
{
    (void)m;
    struct con *c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
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
            free(c);
            return -1;
        }
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
    pthread_cond_destroy(&c->cv);
    pthread_mutex_destroy(&c->mu);
    free(c);
    d->priv = NULL;
}

static void con_describe(const struct device *d, char *buf, size_t len)
{
    const struct con *c = d->priv;
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
    for (struct device *d = m->devs; d; d = d->next) {
        const struct con *c = d->priv;
        if (d->ops != &dev_con_ops || !c) continue;
        size_t n = strlen(c->prefix);
        if (n > bestlen && !strncmp(line, c->prefix, n)) {
            best = d;
            bestlen = n;
        }
    }
    if (best) *text = line + bestlen;
    return best;
}

int con3215_input(struct device *d, const char *text)
{
    struct con *c = d->priv;
    if (!c) return -1;
    machine_msg(d->m, "%s(%04X) %s\n", c->prefix, d->devnum, text);
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
