/* telnet.c - the CNSLPORT listener: TN3270 terminals on the 3270 and 3287 devices,
 * telnet clients in line mode on the remote 3215 and 1052 consoles.
 *
 * One thread polls the listening socket, a wake-up pipe and every session (all
 * non-blocking). The protocol of a session (negotiation, 3270 records, the device,
 * the logo) is console/tn3270.c; this file owns the sockets, the output buffers and
 * the line-mode consoles. When no 3270 or 3287 is configured a client is line mode at
 * once; else tn3270 decides. A line-mode client gets the first free remote console it
 * may use (con3215_claim), a banner naming it, and then: each line it sends (CR LF,
 * CR NUL or LF; at most TN_LINE_MAX bytes, the rest dropped) is operator input to that
 * console, and what the guest writes there comes back with CR LF line ends.
 *
 * Limits: output is buffered per session up to TN_OUT_MAX bytes: a client that stops
 * reading loses its session, the guest never waits for it. A session being closed
 * gets TN_CLOSE_MS to take its last screen. TCP keepalive (Hercules' CONKPALV default
 * 3,1,10) ends half-open connections. With CNSLIDLE, a session whose client has sent
 * nothing for that long is ended (what the guest writes does not count: a screen with
 * a clock must not keep an abandoned terminal). At most TN_SESSIONS clients at a time; more
 * are told so and disconnected.
 *
 * Locks, outermost first: a session's bindmu (which console it holds) or the tn3270
 * lock (which 3270 it holds), the device's own lock, the session's outmu (its output
 * buffer). Sessions are slots that live as long as the listener, so a device may call
 * back into one safely. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <netinet/tcp.h>
#include <time.h>
#include "console/telnet.h"
#include "console/tn3270.h"
#include "devices/dev3270.h"
#include "devices/devices.h"

#define TN_SESSIONS 96          /* clients at a time */
#define TN_LINE_MAX 512         /* longer input lines are cut here */
#define TN_OUT_MAX 65536        /* output a client may leave unread */
#define TN_RECV 4096
#define TN_ACCEPTS 64           /* per turn of the loop */
#define TN_BACKLOG 128
#define TN_CLOSE_MS 10000       /* a closing session's last output must go by then */
#define TN_TICK_MS 250          /* timers of the sessions run this often */
#define TN_SNDBUF 65536         /* kernel send buffer of a session */
#define TN_DEFAULT_HOST "127.0.0.1"

struct con_listener;

struct tn_session {
    struct con_listener *l;
    bool used;                  /* the fields up to bindmu: listener thread only */
    int fd;
    struct tn3270 t;            /* the protocol (its own lock for its device) */
    uint64_t close_by;          /* closing: dropped at this time (ms) at the latest */
    uint64_t last_input;        /* when the client last sent something (ms) */
    uint32_t ip;
    char peer[INET_ADDRSTRLEN];
    char line[TN_LINE_MAX + 1];
    unsigned len;
    bool after_cr;              /* an LF or NUL right after CR ends nothing */
    pthread_mutex_t bindmu;     /* guards dev */
    struct device *dev;
    pthread_mutex_t outmu;      /* guards the fields below */
    size_t outlen;
    bool dead;                  /* drop the session at the next turn */
    bool closing;               /* drop it once its output is sent */
    char out[TN_OUT_MAX];
};

struct con_listener {
    struct machine *m;
    int lfd;
    int port;
    int wake[2];                /* a byte here wakes the poll */
    atomic_bool stop;
    bool negotiate;             /* 3270 devices exist: ask clients what they are */
    struct tn3270_logo logo;
    pthread_t thread;
    struct tn_session s[TN_SESSIONS];
};

static void tn_wake(struct con_listener *l)
{
    ssize_t r = write(l->wake[1], "", 1);
    (void)r;                    /* a full pipe wakes the poll as well */
}

static int tn_nonblock(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0) return -1;
    return fcntl(fd, F_SETFD, FD_CLOEXEC);
}

/* ---- output ------------------------------------------------------------------------ */

/* Append to the output buffer (outmu held); text: '\n' becomes CR LF. False if the
 * client has left too much unread. */
static bool tn_append(struct tn_session *s, const char *p, size_t n, bool text)
{
    size_t need = n;
    if (text)
        for (size_t i = 0; i < n; i++) need += p[i] == '\n';
    if (need > TN_OUT_MAX - s->outlen) return false;
    for (size_t i = 0; i < n; i++) {
        if (text && p[i] == '\n') s->out[s->outlen++] = '\r';
        s->out[s->outlen++] = p[i];
    }
    return true;
}

static void tn_kill(struct tn_session *s)
{
    pthread_mutex_lock(&s->outmu);
    s->dead = true;
    pthread_mutex_unlock(&s->outmu);
}

/* From the console's I/O thread: guest output. */
static int tn_client_write(void *ctx, const char *text, size_t len)
{
    struct tn_session *s = ctx;
    pthread_mutex_lock(&s->outmu);
    if (!s->dead && !tn_append(s, text, len, true)) s->dead = true;
    int rc = s->dead ? -1 : 0;
    pthread_mutex_unlock(&s->outmu);
    tn_wake(s->l);
    return rc;
}

/* The operator detached the console this session holds. */
static void tn_client_detached(void *ctx, struct device *d)
{
    struct tn_session *s = ctx;
    pthread_mutex_lock(&s->bindmu);
    if (s->dev == d) {
        s->dev = NULL;
        tn_kill(s);
    }
    pthread_mutex_unlock(&s->bindmu);
    tn_wake(s->l);
}

static const struct con_client_ops tn_client_ops = {
    .write = tn_client_write, .detached = tn_client_detached,
};

/* Send what the socket takes now; false when the connection failed. */
static bool tn_flush(struct tn_session *s)
{
    bool ok = true;
    pthread_mutex_lock(&s->outmu);
    while (s->outlen) {
        ssize_t n = send(s->fd, s->out, s->outlen, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            memmove(s->out, s->out + n, s->outlen - (size_t)n);
            s->outlen -= (size_t)n;
        } else {
            ok = n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR);
            break;
        }
    }
    pthread_mutex_unlock(&s->outmu);
    return ok;
}

/* ---- input ------------------------------------------------------------------------- */

static void tn_line_done(struct tn_session *s)
{
    s->line[s->len] = 0;
    s->len = 0;
    pthread_mutex_lock(&s->bindmu);
    if (s->dev) con3215_input(s->dev, s->line);
    pthread_mutex_unlock(&s->bindmu);
}

/* One data byte from the client: line ends, erase (for character-mode clients),
 * printable text (UTF-8 passes through); other control characters are dropped. */
static void tn_input_byte(struct tn_session *s, unsigned char b)
{
    bool after_cr = s->after_cr;
    s->after_cr = false;
    if (b == '\r') {
        s->after_cr = true;
        tn_line_done(s);
    } else if (b == '\n') {
        if (!after_cr) tn_line_done(s);
    } else if (b == 0x08 || b == 0x7F) {
        while (s->len && ((unsigned char)s->line[s->len - 1] & 0xC0) == 0x80) s->len--;
        if (s->len) s->len--;
    } else if (b >= 0x20 && s->len < TN_LINE_MAX) {
        s->line[s->len++] = (char)b;
    }
}

static uint64_t tn_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* Read what the client sent; false when it closed or failed. */
static bool tn_receive(struct tn_session *s)
{
    char buf[TN_RECV];
    ssize_t n = recv(s->fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n < 0) return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
    if (n == 0) return false;
    s->last_input = tn_now_ms();
    tn3270_input(&s->t, buf, (size_t)n);
    return true;
}

/* ---- the protocol's side (struct tn3270_io) -------------------------------------------- */

/* Put text ahead of everything queued (outmu held): the line-mode banner must come
 * before what the guest wrote since the claim. Nothing has been sent since then: only
 * this thread sends, and it claimed the console in this same turn. Whatever else is
 * queued is telnet negotiation, which a line-mode client takes in any order. */
static bool tn_prepend(struct tn_session *s, const void *p, size_t n)
{
    if (n > TN_OUT_MAX - s->outlen) return false;
    memmove(s->out + n, s->out, s->outlen);
    memcpy(s->out, p, n);
    s->outlen += n;
    return true;
}

static int tn_io_output(void *ctx, const void *p, size_t n)
{
    struct tn_session *s = ctx;
    pthread_mutex_lock(&s->outmu);
    if (!s->dead && !tn_append(s, p, n, false)) s->dead = true;
    int rc = s->dead ? -1 : 0;
    pthread_mutex_unlock(&s->outmu);
    tn_wake(s->l);
    return rc;
}

static void tn_io_close(void *ctx, bool hard)
{
    struct tn_session *s = ctx;
    pthread_mutex_lock(&s->outmu);
    if (hard) s->dead = true;
    else s->closing = true;
    pthread_mutex_unlock(&s->outmu);
    tn_wake(s->l);
}

static void tn_io_line(void *ctx, const char *p, size_t n)
{
    struct tn_session *s = ctx;
    for (size_t i = 0; i < n; i++) tn_input_byte(s, (unsigned char)p[i]);
}

/* A line-mode client: the first free remote console, or a refusal. */
static void tn_io_linemode(void *ctx)
{
    struct tn_session *s = ctx;
    struct con_listener *l = s->l;
    s->len = 0;
    s->after_cr = false;
    pthread_mutex_lock(&s->bindmu);
    s->dev = con3215_claim(l->m, s->ip, &tn_client_ops, s);
    struct device *d = s->dev;
    pthread_mutex_unlock(&s->bindmu);
    char text[160];
    pthread_mutex_lock(&s->outmu);
    if (!d) {
        snprintf(text, sizeof text, "s370: no 3215 or 1052 console is free for %s; "
                 "connection refused\r\n", s->peer);
        tn_prepend(s, text, strlen(text));
        s->closing = true;
    } else {
        snprintf(text, sizeof text, "Connected to device %04X (%s)\r\n", d->devnum, d->type);
        tn_prepend(s, text, strlen(text));
    }
    pthread_mutex_unlock(&s->outmu);
    if (!d)
        machine_msg(l->m, "Client %s refused: no console device free\n", s->peer);
    else
        machine_msg(l->m, "Client %s connected to console device %04X (%s)\n", s->peer,
                    d->devnum, d->type);
}

static const struct tn3270_io tn_io = {
    .output = tn_io_output, .linemode = tn_io_linemode, .line = tn_io_line,
    .close = tn_io_close,
};

/* ---- sessions ---------------------------------------------------------------------- */


static void tn_drop(struct tn_session *s)
{
    struct machine *m = s->l->m;
    pthread_mutex_lock(&s->bindmu);
    struct device *d = s->dev;
    if (d) {
        con3215_release(d);
        machine_msg(m, "Client %s disconnected from console device %04X\n", s->peer, d->devnum);
    }
    s->dev = NULL;
    pthread_mutex_unlock(&s->bindmu);
    tn3270_close(&s->t);
    close(s->fd);
    s->fd = -1;
    pthread_mutex_lock(&s->outmu);
    s->outlen = 0;
    s->dead = s->closing = false;
    pthread_mutex_unlock(&s->outmu);
    s->used = false;
}

/* Keepalive probes find a peer that vanished (Hercules' CONKPALV default: first probe
 * after 3 idle seconds, then every second, 10 unanswered end the connection). */
static void tn_keepalive(int fd)
{
    int on = 1, idle = 3, intvl = 1, cnt = 10;
    setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on);
#ifdef TCP_KEEPIDLE
    setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle);
    setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &intvl, sizeof intvl);
    setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &cnt, sizeof cnt);
#else
    (void)idle; (void)intvl; (void)cnt;
#endif
}

static void tn_open(struct con_listener *l, struct tn_session *s, int fd,
                    const struct sockaddr_in *sa)
{
    s->fd = fd;
    s->ip = ntohl(sa->sin_addr.s_addr);
    inet_ntop(AF_INET, &sa->sin_addr, s->peer, sizeof s->peer);
    s->len = 0;
    s->after_cr = false;
    s->close_by = 0;
    s->last_input = tn_now_ms();
    s->used = true;
    tn_keepalive(fd);
    if (tn3270_open(&s->t, s->ip, s->peer, l->negotiate)) {
        machine_msg(l->m, "Client %s: out of memory; disconnected\n", s->peer);
        tn_drop(s);
    }
}

static struct tn_session *tn_free_slot(struct con_listener *l)
{
    for (int i = 0; i < TN_SESSIONS; i++)
        if (!l->s[i].used) return &l->s[i];
    return NULL;
}

static void tn_accept(struct con_listener *l)
{
    static const char busy[] = "s370: too many telnet sessions; connection refused\r\n";
    for (int i = 0; i < TN_ACCEPTS; i++) {
        struct sockaddr_in sa;
        socklen_t len = sizeof sa;
        int fd = accept(l->lfd, (struct sockaddr *)&sa, &len);
        if (fd < 0) return;
        struct tn_session *s = tn_free_slot(l);
        int sndbuf = TN_SNDBUF;
        setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
        if (tn_nonblock(fd) || !s || sa.sin_family != AF_INET) {
            ssize_t r = send(fd, busy, sizeof busy - 1, MSG_NOSIGNAL | MSG_DONTWAIT);
            (void)r;
            close(fd);
            continue;
        }
        tn_open(l, s, fd, &sa);
    }
}

bool con_idle_expired(uint64_t now_ms, uint64_t last_ms, uint32_t limit_sec)
{
    return limit_sec && now_ms > last_ms && now_ms - last_ms >= (uint64_t)limit_sec * 1000;
}

/* After poll: read, write, run the timers, and drop the sessions that are finished. */
static void tn_service(struct tn_session *s, short revents, uint64_t now)
{
    bool ok = true;
    if (revents & (POLLIN | POLLHUP | POLLERR)) ok = tn_receive(s);
    if (ok) tn3270_tick(&s->t);
    if (ok) ok = tn_flush(s);
    uint32_t idle = s->l->m->cfg.cnslidle_sec;
    if (ok && con_idle_expired(now, s->last_input, idle)) {
        pthread_mutex_lock(&s->bindmu);
        bool line = s->dev != NULL;
        pthread_mutex_unlock(&s->bindmu);
        char text[96];
        snprintf(text, sizeof text, "\r\ns370: idle for %u seconds; disconnected\r\n", idle);
        pthread_mutex_lock(&s->outmu);
        if (!s->closing) {
            machine_msg(s->l->m, "Client %s idle for %u seconds (CNSLIDLE): disconnected\n",
                        s->peer, idle);
            if (line) tn_append(s, text, strlen(text), false);
            s->closing = true;
        }
        pthread_mutex_unlock(&s->outmu);
    }
    pthread_mutex_lock(&s->outmu);
    if (s->closing && !s->close_by) s->close_by = now + TN_CLOSE_MS;
    bool done = !ok || s->dead || (s->closing && (!s->outlen || now >= s->close_by));
    pthread_mutex_unlock(&s->outmu);
    if (done) tn_drop(s);
}

static bool tn_has_output(struct tn_session *s)
{
    pthread_mutex_lock(&s->outmu);
    bool any = s->outlen || s->dead;
    pthread_mutex_unlock(&s->outmu);
    return any;
}

static void *tn_thread(void *arg)
{
    struct con_listener *l = arg;
    struct pollfd pf[2 + TN_SESSIONS];
    struct tn_session *ps[2 + TN_SESSIONS];
    while (!atomic_load(&l->stop)) {
        nfds_t n = 0;
        pf[n++] = (struct pollfd){ .fd = l->wake[0], .events = POLLIN };
        pf[n++] = (struct pollfd){ .fd = l->lfd, .events = POLLIN };
        for (int i = 0; i < TN_SESSIONS; i++) {
            struct tn_session *s = &l->s[i];
            if (!s->used) continue;
            ps[n] = s;
            pf[n++] = (struct pollfd){ .fd = s->fd,
                                       .events = POLLIN | (tn_has_output(s) ? POLLOUT : 0) };
        }
        if (poll(pf, n, TN_TICK_MS) < 0 && errno != EINTR) break;
        if (pf[0].revents & POLLIN) {
            char junk[64];
            while (read(l->wake[0], junk, sizeof junk) > 0) continue;
        }
        /* Sessions first: accepting may reuse a slot polled this turn. */
        uint64_t now = tn_now_ms();
        for (nfds_t i = 2; i < n; i++) tn_service(ps[i], pf[i].revents, now);
        if (pf[1].revents & POLLIN) tn_accept(l);
    }
    for (int i = 0; i < TN_SESSIONS; i++)
        if (l->s[i].used) tn_drop(&l->s[i]);
    return NULL;
}

/* ---- life cycle -------------------------------------------------------------------- */

/* A listening socket on "[host:]port"; -1 with a message. */
static int tn_listen(const char *spec, int *port, char *err, size_t errlen)
{
    char host[64];
    const char *colon = strrchr(spec, ':');
    const char *service = colon ? colon + 1 : spec;
    snprintf(host, sizeof host, "%.*s", colon ? (int)(colon - spec) : 0, spec);
    if (!*host) snprintf(host, sizeof host, "%s", TN_DEFAULT_HOST);
    struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_STREAM,
                              .ai_flags = AI_PASSIVE | AI_NUMERICSERV };
    struct addrinfo *ai;
    int rc = getaddrinfo(host, service, &hints, &ai);
    if (rc) {
        snprintf(err, errlen, "CNSLPORT %s: %s", spec, gai_strerror(rc));
        return -1;
    }
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    struct sockaddr_in sa;
    socklen_t len = sizeof sa;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) ||
        bind(fd, ai->ai_addr, ai->ai_addrlen) || listen(fd, TN_BACKLOG) || tn_nonblock(fd) ||
        getsockname(fd, (struct sockaddr *)&sa, &len)) {
        snprintf(err, errlen, "CNSLPORT %s: %s", spec, strerror(errno));
        if (fd >= 0) close(fd);
        freeaddrinfo(ai);
        return -1;
    }
    freeaddrinfo(ai);
    *port = ntohs(sa.sin_port);
    return fd;
}

static void tn_free(struct con_listener *l)
{
    for (int i = 0; i < TN_SESSIONS; i++) {
        if (l->s[i].t.io) tn3270_fini(&l->s[i].t);
        pthread_mutex_destroy(&l->s[i].bindmu);
        pthread_mutex_destroy(&l->s[i].outmu);
    }
    tn3270_logo_free(&l->logo);
    if (l->lfd >= 0) close(l->lfd);
    for (int i = 0; i < 2; i++)
        if (l->wake[i] >= 0) close(l->wake[i]);
    free(l);
}

/* The logo file, as Hercules finds it: the HERCLOGO (or LOGOFILE) statement, the
 * HERCLOGO environment variable, herclogo.txt in the current directory; else the
 * built-in logo. A file that cannot be read is reported and the built-in one used. */
static void tn_logo(struct con_listener *l)
{
    const char *path = NULL;
#ifdef S370_CONFIG_HAS_LOGOFILE
    if (l->m->cfg.logofile[0]) path = l->m->cfg.logofile;
#endif
    if (!path) path = getenv("HERCLOGO");
    if (!path && access("herclogo.txt", R_OK) == 0) path = "herclogo.txt";
    char err[256];
    if (path && *path && tn3270_logo_load(&l->logo, path, err, sizeof err) == 0) return;
    if (path && *path) machine_msg(l->m, "%s; the built-in logo is shown\n", err);
    tn3270_logo_load(&l->logo, NULL, err, sizeof err);
}

bool con_listener_wanted(struct machine *m)
{
    return con3215_remote_configured(m) || dev3270_configured(m, false) ||
           dev3270_configured(m, true);
}

int con_listener_start(struct machine *m, char *err, size_t errlen)
{
    if (m->listener) return 0;
    struct con_listener *l = calloc(1, sizeof *l);
    if (!l) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    l->m = m;
    l->lfd = l->wake[0] = l->wake[1] = -1;
    atomic_init(&l->stop, false);
    for (int i = 0; i < TN_SESSIONS; i++) {
        l->s[i].l = l;
        l->s[i].fd = -1;
        pthread_mutex_init(&l->s[i].bindmu, NULL);
        pthread_mutex_init(&l->s[i].outmu, NULL);
    }
    l->negotiate = dev3270_configured(m, false) || dev3270_configured(m, true);
    for (int i = 0; i < TN_SESSIONS; i++) {
        if (tn3270_init(&l->s[i].t, m, &tn_io, &l->s[i], &l->logo)) {
            snprintf(err, errlen, "out of memory");
            tn_free(l);
            return -1;
        }
    }
    if (l->negotiate) tn_logo(l);
    const char *spec = m->cfg.cnslport[0] ? m->cfg.cnslport : "3270";
    l->lfd = tn_listen(spec, &l->port, err, errlen);
    if (l->lfd < 0) {
        tn_free(l);
        return -1;
    }
    if (pipe(l->wake) || tn_nonblock(l->wake[0]) || tn_nonblock(l->wake[1]) ||
        pthread_create(&l->thread, NULL, tn_thread, l)) {
        snprintf(err, errlen, "CNSLPORT %s: cannot start the listener", spec);
        tn_free(l);
        return -1;
    }
    m->listener = l;
    return 0;
}

void con_listener_stop(struct machine *m)
{
    struct con_listener *l = m->listener;
    if (!l) return;
    atomic_store(&l->stop, true);
    tn_wake(l);
    pthread_join(l->thread, NULL);
    m->listener = NULL;
    tn_free(l);
}

int con_listener_port(const struct machine *m)
{
    return m->listener ? m->listener->port : 0;
}
