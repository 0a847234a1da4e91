/* window.c - the SDL2 console window (see window.h): a terminal bound to a 3270
 * device, its keyboard and mouse, the status line, and the SDL event loop on the
 * main thread while the operator console reads its input on a thread of its own.
 *
 * Threads and locks. The device's I/O thread calls win_send with the device's lock
 * held and takes w->lock; so the main thread never holds w->lock while it calls into
 * the device. Calls into the device (dev3270_inbound) are made under w->devlock,
 * which win_detached also takes: a detach waits for such a call to finish before the
 * device goes away. Order: devlock, device lock, w->lock; m->lock is taken alone. */
#include <config.h>
#include "console/window.h"

#ifdef HAVE_SDL2
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <SDL.h>
#include "console/console.h"
#include "cpu/machine.h"
#include "devices/dev3270.h"
#include "devices/ebcdic.h"
#include "channel/device.h"

#define CON_TICK_MS 100             /* the loop wakes this often: status, blink */
#define CON_BLINK_MS 500
#define CON_RATE_MS 1000            /* the instruction rate is measured over this */
#define CON_STATUS_MAX 160
#define LOOPBACK 0x7F000001u        /* the window is a local terminal: 127.0.0.1 */

/* The console's input: in's descriptor, read with poll so that closing the window
 * (a byte on the stop pipe) ends it as end of input would, however long in stays
 * silent. */
struct input {
    int fd;
    int stop[2];                    /* pipe: main thread writes, console thread polls */
    bool eof;                       /* in itself ended (not the window) */
};

/* What the status line shows of the CPUs, read under m->lock. */
struct cpu_view {
    uint64_t insts;
    uint8_t psw[8];
    int state;
    bool wait;
};

struct con_window {
    struct machine *m;
    pthread_mutex_t devlock;        /* dev, across calls into the device */
    pthread_mutex_t lock;           /* the rest: I/O thread, console thread, main thread */
    struct term3270 term;
    struct device *dev;             /* NULL: no device (detached, none configured) */
    int devnum;
    struct term3270_reply *scratch; /* built by win_send on the I/O thread */
    struct term3270_reply *pending; /* a read reply for the main thread to deliver */
    struct term3270_reply *keyrec;  /* the main thread's own (AID keys, read replies) */
    bool has_pending;
    uint64_t inbound;               /* records sent to the device */
    char status[CON_STATUS_MAX];
    char note[80];                  /* shown instead of the status when there is no device */
    Uint32 wake;                    /* SDL user event: the screen changed */
    Uint32 window_id;
    uint64_t rate_insts, rate_ms;
    double mips;
    SDL_Window *win;
    SDL_Renderer *ren;
    SDL_Texture *tex;
    unsigned pw, ph;                /* the picture's size in pixels */
    uint8_t *pix, *rgb;
    struct input input;
    bool interactive;
    bool visible;                   /* on a display: end of input leaves it open */
};

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* ---- the terminal's side of the device ------------------------------------------ */

static void wake(struct con_window *w)
{
    SDL_Event ev = { .type = w->wake };
    SDL_PushEvent(&ev);
}

/* An outbound record from the device's I/O thread (the device's lock is held: no
 * dev3270_inbound here). A read's reply waits for the main thread. Data-stream
 * errors leave what was done, as a display does; the command still ends normally. */
static int win_send(void *ctx, uint8_t cmd, const uint8_t *data, size_t len)
{
    struct con_window *w = ctx;
    pthread_mutex_lock(&w->lock);
    term3270_outbound(&w->term, cmd, data, len, w->scratch);
    if (w->scratch->len) {
        struct term3270_reply *r = w->pending;
        w->pending = w->scratch;
        w->scratch = r;
        w->has_pending = true;
    }
    pthread_mutex_unlock(&w->lock);
    wake(w);
    return 0;
}

static void win_detached(void *ctx, struct device *d)
{
    struct con_window *w = ctx;
    pthread_mutex_lock(&w->devlock);
    pthread_mutex_lock(&w->lock);
    if (w->dev == d) {
        w->dev = NULL;
        snprintf(w->note, sizeof w->note, "device %04X detached", w->devnum);
    }
    pthread_mutex_unlock(&w->lock);
    pthread_mutex_unlock(&w->devlock);
    wake(w);
}

static const struct term3270_ops win_ops = { .send = win_send, .detached = win_detached };

/* Hand w->keyrec to the device (main thread, w->devlock held, w->lock not). */
static void to_device(struct con_window *w)
{
    if (w->dev && w->keyrec->len) dev3270_inbound(w->dev, w->keyrec->data, w->keyrec->len);
}

/* Deliver a read's reply that win_send left. */
static void deliver_pending(struct con_window *w)
{
    pthread_mutex_lock(&w->devlock);
    pthread_mutex_lock(&w->lock);
    bool has = w->has_pending && w->dev;
    w->has_pending = false;
    w->keyrec->len = 0;
    if (has) {
        memcpy(w->keyrec->data, w->pending->data, w->pending->len);
        w->keyrec->len = w->pending->len;
        w->inbound++;
    }
    pthread_mutex_unlock(&w->lock);
    to_device(w);
    pthread_mutex_unlock(&w->devlock);
}

/* ---- the status line ------------------------------------------------------------- */

static void read_cpus(struct machine *m, struct cpu_view *v)
{
    pthread_mutex_lock(&m->lock);
    v->insts = 0;
    for (unsigned i = 0; i < m->numcpu; i++) v->insts += m->cpus[i]->instcount;
    const struct cpu *c = m->cpus[0];
    cpu_psw_store(c, v->psw);
    v->state = atomic_load(&c->state);
    v->wait = c->psw.wait;
    pthread_mutex_unlock(&m->lock);
}

static const char *cpu_state_name(const struct cpu_view *v)
{
    switch (v->state) {
    case CPU_OPERATING: return v->wait ? "WAIT" : "RUN ";
    case CPU_CHECKSTOP: return "CHK ";
    default: return "STOP";
    }
}

/* The status line (w->lock held): keyboard state, the device, CPU 0's state and PSW,
 * the instruction rate of all CPUs, the records exchanged with the device (its I/O
 * activity), insert mode and the cursor's row and column. */
static void build_status(struct con_window *w, const struct cpu_view *v, uint64_t t_ms)
{
    if (t_ms - w->rate_ms >= CON_RATE_MS) {
        uint64_t di = v->insts >= w->rate_insts ? v->insts - w->rate_insts : 0;
        w->mips = w->rate_ms ? (double)di / (double)(t_ms - w->rate_ms) / 1000.0 : 0.0;
        w->rate_insts = v->insts;
        w->rate_ms = t_ms;
    }
    const struct term3270 *t = &w->term;
    if (!w->dev && w->note[0]) {
        snprintf(w->status, sizeof w->status, "%s  CP00 %s", w->note, cpu_state_name(v));
        return;
    }
    const char *lock = t->lock == T3270_LOCK_SYSTEM ? "X SYSTEM" :
                       t->lock == T3270_LOCK_INHIBIT ? "X INHIB " : "        ";
    const uint8_t *p = v->psw;
    snprintf(w->status, sizeof w->status,
             "%s %04X CP00 %s PSW %02X%02X%02X%02X %02X%02X%02X%02X %7.2f MIPS IO %-6llu "
             "%s %02u/%03u",
             lock, (unsigned)w->devnum, cpu_state_name(v), p[0], p[1], p[2], p[3], p[4], p[5],
             p[6], p[7], w->mips, (unsigned long long)(t->outbound + w->inbound) % 1000000u,
             t->insert ? "INS" : "   ", t->cursor / t->cols + 1u, t->cursor % t->cols + 1u);
}

/* ---- keyboard and mouse ---------------------------------------------------------- */

static bool is_aid_key(enum term3270_key key)
{
    return key == T3270_K_ENTER || key == T3270_K_CLEAR || key == T3270_K_PA1 ||
           key == T3270_K_PA2 || key == T3270_K_PA3 ||
           (key >= T3270_K_PF1 && key <= T3270_K_PF24);
}

static void press(struct con_window *w, enum term3270_key key)
{
    pthread_mutex_lock(&w->devlock);
    pthread_mutex_lock(&w->lock);
    int rc = term3270_key(&w->term, key, w->keyrec);
    if (rc != 1 || !w->dev) w->keyrec->len = 0;
    else w->inbound++;
    pthread_mutex_unlock(&w->lock);
    to_device(w);
    pthread_mutex_unlock(&w->devlock);
}

/* Typed text (UTF-8): the Latin-1 characters go in as EBCDIC (code page 037). */
static void type_text(struct con_window *w, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    pthread_mutex_lock(&w->lock);
    while (*p) {
        unsigned cp = *p++;
        if (cp >= 0xC0 && cp < 0xE0 && (*p & 0xC0) == 0x80) cp = (cp & 0x1F) << 6 | (*p++ & 0x3F);
        else if (cp >= 0x80) { while ((*p & 0xC0) == 0x80) p++; continue; }
        if (cp >= 0x20 && cp <= 0xFF && cp != 0x7F) term3270_type(&w->term, latin1_to_ebcdic[cp]);
    }
    pthread_mutex_unlock(&w->lock);
}

/* A click puts the cursor on the cell (coordinates are the picture's: the renderer
 * was given the picture's logical size). */
static void click(struct con_window *w, int x, int y)
{
    pthread_mutex_lock(&w->lock);
    const struct term3270 *t = &w->term;
    if (x >= 0 && y >= 0 && (unsigned)x / CON_FONT_W < t->cols &&
        (unsigned)y / CON_FONT_H < t->rows)
        w->term.cursor = (uint16_t)((unsigned)y / CON_FONT_H * t->cols + (unsigned)x / CON_FONT_W);
    pthread_mutex_unlock(&w->lock);
}

/* ---- the console thread ------------------------------------------------------------ */

static ssize_t input_read(void *cookie, char *buf, size_t size)
{
    struct input *in = cookie;
    struct pollfd p[2] = {
        { .fd = in->fd, .events = POLLIN }, { .fd = in->stop[0], .events = POLLIN },
    };
    for (;;) {
        if (poll(p, 2, -1) < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        if (p[1].revents) return 0;
        if (!p[0].revents) continue;
        ssize_t n = read(in->fd, buf, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) in->eof = true;
        return n;
    }
}

static void *console_main(void *arg)
{
    struct con_window *w = arg;
    cookie_io_functions_t io = { .read = input_read };
    FILE *f = fopencookie(&w->input, "r", io);
    if (f) {
        con_run(w->m, f, w->interactive);
        fclose(f);
    }
    if (f && w->input.eof && w->visible) {
        machine_msg(w->m, "s370: end of console input; close the window to end s370\n");
        return NULL;
    }
    SDL_Event ev = { .type = SDL_QUIT };
    SDL_PushEvent(&ev);
    return NULL;
}

/* ---- drawing ------------------------------------------------------------------------- */

/* (Re)size the picture and the texture for the terminal's size (w->lock held). */
static int fit(struct con_window *w)
{
    unsigned pw, ph;
    con_render_size(w->term.rows, w->term.cols, &pw, &ph);
    if (pw == w->pw && ph == w->ph) return 0;
    free(w->pix);
    free(w->rgb);
    w->pix = malloc((size_t)pw * ph);
    w->rgb = malloc((size_t)pw * ph * 3);
    w->pw = w->ph = 0;
    if (w->tex) SDL_DestroyTexture(w->tex);
    w->tex = NULL;
    if (!w->pix || !w->rgb) return -1;
    if (w->ren) {
        w->tex = SDL_CreateTexture(w->ren, SDL_PIXELFORMAT_RGB24, SDL_TEXTUREACCESS_STREAMING,
                                   (int)pw, (int)ph);
        SDL_RenderSetLogicalSize(w->ren, (int)pw, (int)ph);
    }
    w->pw = pw;
    w->ph = ph;
    return 0;
}

static void draw(struct con_window *w, bool blink_on)
{
    struct cpu_view v;
    read_cpus(w->m, &v);
    pthread_mutex_lock(&w->lock);
    build_status(w, &v, now_ms());
    int rc = fit(w);
    if (!rc) con_render(&w->term, w->status, true, blink_on, w->pix, w->pw, w->ph);
    w->term.alarm = false;
    pthread_mutex_unlock(&w->lock);
    if (rc || !w->tex) return;
    for (size_t i = 0; i < (size_t)w->pw * w->ph; i++)
        memcpy(w->rgb + 3 * i, con_palette[w->pix[i] < CON_PAL_COUNT ? w->pix[i] : 0], 3);
    SDL_UpdateTexture(w->tex, NULL, w->rgb, (int)(w->pw * 3));
    SDL_SetRenderDrawColor(w->ren, 0, 0, 0, 255);
    SDL_RenderClear(w->ren);
    SDL_RenderCopy(w->ren, w->tex, NULL, NULL);
    SDL_RenderPresent(w->ren);
}

static void handle_event(struct con_window *w, const SDL_Event *ev, bool *quit, bool *dirty)
{
    enum term3270_key key;
    switch (ev->type) {
    case SDL_QUIT:
        *quit = true;
        break;
    case SDL_KEYDOWN:
        /* Held down, AID keys do not repeat (on a 3278 only characters, cursor
         * movement and the erase keys are typamatic). */
        if (con_window_map_key(ev->key.keysym.sym, ev->key.keysym.mod, &key) &&
            !(ev->key.repeat && is_aid_key(key))) {
            press(w, key);
            *dirty = true;
        }
        break;
    case SDL_TEXTINPUT:
        /* Ctrl and left Alt make keys (Ctrl+R is Reset), not text; right Alt is
         * AltGr, which types @, { and \ on many keyboards. */
        if (!(SDL_GetModState() & (KMOD_CTRL | KMOD_LALT))) {
            type_text(w, ev->text.text);
            *dirty = true;
        }
        break;
    case SDL_MOUSEBUTTONDOWN:
        if (ev->button.button == SDL_BUTTON_LEFT) {
            click(w, ev->button.x, ev->button.y);
            *dirty = true;
        }
        break;
    case SDL_WINDOWEVENT:
        *dirty = true;
        break;
    default:
        if (ev->type == w->wake) *dirty = true;
        break;
    }
}

static void event_loop(struct con_window *w)
{
    bool quit = false, blink_on = true;
    uint64_t last_tick = 0, last_blink = now_ms();
    while (!quit) {
        SDL_Event ev;
        bool dirty = false;
        if (SDL_WaitEventTimeout(&ev, CON_TICK_MS)) {
            do handle_event(w, &ev, &quit, &dirty);
            while (!quit && SDL_PollEvent(&ev));
        }
        deliver_pending(w);
        uint64_t t = now_ms();
        if (t - last_blink >= CON_BLINK_MS) {
            blink_on = !blink_on;
            last_blink = t;
            dirty = true;
        }
        if (dirty || t - last_tick >= CON_TICK_MS) {
            draw(w, blink_on);
            last_tick = t;
        }
    }
}

/* ---- opening and closing ---------------------------------------------------------------- */

static void window_free(struct con_window *w)
{
    if (w->tex) SDL_DestroyTexture(w->tex);
    if (w->ren) SDL_DestroyRenderer(w->ren);
    if (w->win) SDL_DestroyWindow(w->win);
    free(w->pix);
    free(w->rgb);
    free(w->scratch);
    free(w->pending);
    free(w->keyrec);
    for (int i = 0; i < 2; i++)
        if (w->input.stop[i] >= 0) close(w->input.stop[i]);
    pthread_mutex_destroy(&w->lock);
    pthread_mutex_destroy(&w->devlock);
    free(w);
}

static struct con_window *window_new(struct machine *m, int devnum)
{
    struct con_window *w = calloc(1, sizeof *w);
    if (!w) return NULL;
    pthread_mutex_init(&w->devlock, NULL);
    pthread_mutex_init(&w->lock, NULL);
    w->input.stop[0] = w->input.stop[1] = -1;
    w->scratch = malloc(sizeof *w->scratch);
    w->pending = malloc(sizeof *w->pending);
    w->keyrec = malloc(sizeof *w->keyrec);
    if (!w->scratch || !w->pending || !w->keyrec || pipe(w->input.stop)) {
        window_free(w);
        return NULL;
    }
    w->m = m;
    w->devnum = devnum;
    term3270_init(&w->term, 24, 80, 43, 80, true);
    return w;
}

/* Bind the terminal, a 3278 model 4 with the extended data stream (24x80, 43x80), to
 * the device. A named device must be there and free; without a name and without a
 * 3270 display the window only has its status line. */
static int claim(struct con_window *w, char *err, size_t errlen)
{
    static const struct term3270_info info = {
        .rows = 24, .cols = 80, .alt_rows = 43, .alt_cols = 80, .extended = true,
        .termtype = "IBM-3278-4-E",
    };
    char why[256];
    if (w->devnum < 0 && !dev3270_configured(w->m, false)) {
        snprintf(w->note, sizeof w->note, "no 3270 display in the configuration");
        return 0;
    }
    struct device *d = dev3270_claim(w->m, w->devnum, LOOPBACK, &info, &win_ops, w, why,
                                     sizeof why);
    if (!d && w->devnum >= 0) {
        snprintf(err, errlen, "%s", why);
        return -1;
    }
    pthread_mutex_lock(&w->lock);
    w->dev = d;
    if (d) w->devnum = d->devnum;
    else snprintf(w->note, sizeof w->note, "%.79s", why);
    pthread_mutex_unlock(&w->lock);
    return 0;
}

static int open_view(struct con_window *w, char *err, size_t errlen)
{
    unsigned pw, ph;
    con_render_size(w->term.rows, w->term.cols, &pw, &ph);
    /* Twice the picture's size where the screen has room: 9x16 cells are small. */
    int scale = 1;
    SDL_DisplayMode dm;
    if (!SDL_GetDesktopDisplayMode(0, &dm) && dm.w >= (int)(2 * pw + 64) &&
        dm.h >= (int)(2 * ph + 96))
        scale = 2;
    char title[64];
    if (w->dev) snprintf(title, sizeof title, "s370 - 3270 %04X", (unsigned)w->devnum);
    else snprintf(title, sizeof title, "s370");
    w->win = SDL_CreateWindow(title, SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED,
                              (int)pw * scale, (int)ph * scale, SDL_WINDOW_RESIZABLE);
    if (!w->win) {
        snprintf(err, errlen, "cannot open the window: %s", SDL_GetError());
        return -1;
    }
    w->window_id = SDL_GetWindowID(w->win);
    /* Without a renderer (some dummy drivers) the terminal still works and
     * screenshots still come from the renderer of winrender.c. */
    w->ren = SDL_CreateRenderer(w->win, -1, 0);
    if (!w->ren) w->ren = SDL_CreateRenderer(w->win, -1, SDL_RENDERER_SOFTWARE);
    pthread_mutex_lock(&w->lock);
    int rc = fit(w);
    pthread_mutex_unlock(&w->lock);
    if (rc) snprintf(err, errlen, "out of memory");
    return rc;
}

static bool env_set(const char *name)
{
    const char *v = getenv(name);
    return v && *v;
}

/* SDL video on a real display. Without one SDL would fall back to its offscreen
 * driver and the window would be invisible: that only when SDL_VIDEODRIVER asks for
 * it (tests, screenshots). */
static int video_start(char *err, size_t errlen)
{
    static const char no_display[] = "no display: DISPLAY and WAYLAND_DISPLAY are not set "
        "(run s370 on a desktop, or without --window; SDL_VIDEODRIVER=offscreen draws "
        "without a display, for screenshots)";
    bool asked = env_set("SDL_VIDEODRIVER");
    if (!asked && !env_set("DISPLAY") && !env_set("WAYLAND_DISPLAY")) {
        snprintf(err, errlen, "%s", no_display);
        return -1;
    }
    if (SDL_Init(SDL_INIT_VIDEO)) {
        snprintf(err, errlen, "cannot start SDL video: %s", SDL_GetError());
        return -1;
    }
    const char *drv = SDL_GetCurrentVideoDriver();
    if (!asked && drv && (!strcmp(drv, "offscreen") || !strcmp(drv, "dummy"))) {
        SDL_Quit();
        snprintf(err, errlen, "cannot reach the display %s (SDL found only its %s driver)",
                 env_set("DISPLAY") ? getenv("DISPLAY") : getenv("WAYLAND_DISPLAY"), drv);
        return -1;
    }
    return 0;
}

struct con_window *con_window_open(struct machine *m, int devnum, char *err, size_t errlen)
{
    if (m->window) {
        snprintf(err, errlen, "the window is already open");
        return NULL;
    }
    if (video_start(err, errlen)) return NULL;
    struct con_window *w = window_new(m, devnum);
    if (!w || (w->wake = SDL_RegisterEvents(1)) == (Uint32)-1) {
        snprintf(err, errlen, "out of memory");
        if (w) window_free(w);
        SDL_Quit();
        return NULL;
    }
    if (claim(w, err, errlen) || open_view(w, err, errlen)) {
        if (w->dev) dev3270_release(w->dev);
        window_free(w);
        SDL_Quit();
        return NULL;
    }
    const char *drv = SDL_GetCurrentVideoDriver();
    w->visible = drv && strcmp(drv, "offscreen") && strcmp(drv, "dummy");
    if (w->dev) machine_msg(m, "s370: the window shows 3270 device %04X\n", (unsigned)w->devnum);
    else machine_msg(m, "s370: window: %s\n", w->note);
    m->window = w;
    return w;
}

void con_window_run(struct con_window *w, FILE *in, bool interactive)
{
    w->input.fd = fileno(in);
    w->interactive = interactive;
    pthread_t console;
    if (pthread_create(&console, NULL, console_main, w)) {
        machine_msg(w->m, "s370: cannot start the console thread; the window closes\n");
        return;
    }
    SDL_StartTextInput();
    event_loop(w);
    /* The window closed or `quit` came: end the console's input (a no-op if it
     * already ended) and wait for a command still running. */
    if (write(w->input.stop[1], "q", 1) < 0) { /* the pipe is ours and empty: cannot fail */ }
    pthread_join(console, NULL);
}

void con_window_close(struct con_window *w)
{
    if (!w) return;
    w->m->window = NULL;
    pthread_mutex_lock(&w->devlock);
    if (w->dev) dev3270_release(w->dev);
    w->dev = NULL;
    pthread_mutex_unlock(&w->devlock);
    window_free(w);
    SDL_Quit();
}

/* ---- console commands (console thread; the window outlives it) ------------------------ */

static struct con_window *the_window(struct machine *m, char *err, size_t errlen)
{
    if (!m->window) snprintf(err, errlen, "no window is open (start with s370 run --window)");
    return m->window;
}

int con_window_screenshot(struct machine *m, const char *path, char *err, size_t errlen)
{
    struct con_window *w = the_window(m, err, errlen);
    if (!w) return -1;
    struct cpu_view v;
    read_cpus(m, &v);
    pthread_mutex_lock(&w->lock);
    build_status(w, &v, now_ms());
    int rc = con_render_png(&w->term, w->status, path, err, errlen);
    pthread_mutex_unlock(&w->lock);
    return rc;
}

int con_window_keys(struct machine *m, int nkeys, char **keys, char *err, size_t errlen)
{
    struct con_window *w = the_window(m, err, errlen);
    if (!w) return -1;
    SDL_Event ev[32];
    if (nkeys > (int)(sizeof ev / sizeof ev[0])) {
        snprintf(err, errlen, "at most %zu keys at once", sizeof ev / sizeof ev[0]);
        return -1;
    }
    for (int i = 0; i < nkeys; i++) {
        int32_t sym;
        uint16_t mod;
        if (con_window_parse_key(keys[i], &sym, &mod)) {
            snprintf(err, errlen, "unknown key %.40s", keys[i]);
            return -1;
        }
        memset(&ev[i], 0, sizeof ev[i]);
        ev[i].key.type = SDL_KEYDOWN;
        ev[i].key.windowID = w->window_id;
        ev[i].key.state = SDL_PRESSED;
        ev[i].key.keysym.sym = sym;
        ev[i].key.keysym.scancode = SDL_GetScancodeFromKey(sym);
        ev[i].key.keysym.mod = mod;
    }
    for (int i = 0; i < nkeys; i++)
        if (SDL_PushEvent(&ev[i]) < 0) {
            snprintf(err, errlen, "%s", SDL_GetError());
            return -1;
        }
    return 0;
}

int con_window_type(struct machine *m, const char *text, char *err, size_t errlen)
{
    struct con_window *w = the_window(m, err, errlen);
    if (!w) return -1;
    /* A text event holds up to 31 bytes; pieces end on UTF-8 character boundaries. */
    SDL_Event ev;
    size_t cap = sizeof ev.text.text - 1;
    while (*text) {
        size_t n = strlen(text);
        if (n > cap) {
            n = cap;
            while (n && ((unsigned char)text[n] & 0xC0) == 0x80) n--;
        }
        memset(&ev, 0, sizeof ev);
        ev.text.type = SDL_TEXTINPUT;
        ev.text.windowID = w->window_id;
        memcpy(ev.text.text, text, n);
        if (SDL_PushEvent(&ev) < 0) {
            snprintf(err, errlen, "%s", SDL_GetError());
            return -1;
        }
        text += n;
    }
    return 0;
}

#else /* !HAVE_SDL2 */

#define NO_SDL2 "built without SDL2 (configure found no SDL2, or --without-sdl2)"

struct con_window *con_window_open(struct machine *m, int devnum, char *err, size_t errlen)
{
    (void)m; (void)devnum;
    snprintf(err, errlen, NO_SDL2);
    return NULL;
}

void con_window_run(struct con_window *w, FILE *in, bool interactive)
{
    (void)w; (void)in; (void)interactive;
}

void con_window_close(struct con_window *w)
{
    (void)w;
}

int con_window_screenshot(struct machine *m, const char *path, char *err, size_t errlen)
{
    (void)m; (void)path;
    snprintf(err, errlen, NO_SDL2);
    return -1;
}

int con_window_keys(struct machine *m, int nkeys, char **keys, char *err, size_t errlen)
{
    (void)m; (void)nkeys; (void)keys;
    snprintf(err, errlen, NO_SDL2);
    return -1;
}

int con_window_type(struct machine *m, const char *text, char *err, size_t errlen)
{
    (void)m; (void)text;
    snprintf(err, errlen, NO_SDL2);
    return -1;
}

#endif
