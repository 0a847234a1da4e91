/* tn3270.h - one client session of the CNSLPORT listener, protocol side: telnet
 * negotiation (libtelnet), the choice between a TN3270 terminal and a line-mode
 * console, TN3270 (RFC 1576) and TN3270E (RFC 2355) records, the binding to a 3270
 * device (devices/dev3270.h) and the logo screen.
 *
 * No sockets here: console/telnet.c feeds the bytes a client sent to tn3270_input
 * and sends what tn3270 queues through struct tn3270_io, so that a test or a fuzz
 * target can drive a session with bytes alone. A session lives in a slot that lasts
 * as long as its owner (the listener): a device may call back into it late, and the
 * callbacks check that the session still holds that device. */
#ifndef S370_TN3270_H
#define S370_TN3270_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "devices/dev3270.h"

struct machine;
struct device;
struct telnet_t;

/* Limits (per session). */
/* The longest inbound record (a TN3270E header and a Read Buffer reply of a 27x132
 * screen in character reply mode, up to 39207 bytes, fit); longer ones are dropped. */
#define TN3270_REC_MAX 65536
#define TN3270_DECIDE_MS 1500     /* no answer to DO TN3270E/TTYPE by then: line mode */
#define TN3270_NEGOTIATE_MS 20000 /* a 3270 client must be ready by then */
#define TN3270_NAME_MAX 40
#define TN3270_NOPTS 4            /* BINARY, EOR, TERMINAL-TYPE, TN3270E */

/* The owner's side of a session. */
struct tn3270_io {
    /* Queue bytes for the client. 0, or -1 when the client has left too much unread
     * (the owner then ends the session). */
    int (*output)(void *ctx, const void *p, size_t n);
    /* The client is a line-mode (plain telnet) client: bind it to a console. */
    void (*linemode)(void *ctx);
    /* Data bytes from a line-mode client (telnet commands removed). */
    void (*line)(void *ctx, const char *p, size_t n);
    /* End the session: at once (hard), or once its output is sent. */
    void (*close)(void *ctx, bool hard);
};

/* The logo screen: lines in Hercules' herclogo syntax (README.HERCLOGO of Hercules
 * 3.13: orders @SBA r,c  @SF [H][P]  @NL  @ALIGN NONE|LEFT|RIGHT|CENTER, and $(VAR)
 * substitution in text lines). Read-only once loaded; shared by the sessions. */
struct tn3270_logo {
    char *text;                   /* the file, NUL-terminated */
};

enum tn3270_mode {
    TN3270_IDLE,                  /* slot unused */
    TN3270_DECIDING,              /* asked DO TN3270E / DO TTYPE, no answer yet */
    TN3270_NEGOTIATING,           /* a 3270 client: negotiation under way */
    TN3270_LINE,                  /* line mode: bytes go to io->line */
    TN3270_READY,                 /* a 3270 terminal bound to a device */
    TN3270_DONE,                  /* refused or failed: nothing more is read */
};

struct tn3270 {
    /* set once per slot */
    struct machine *m;
    const struct tn3270_io *io;
    void *ctx;
    const struct tn3270_logo *logo;
    /* per connection: the owner's thread only */
    struct telnet_t *tn;
    uint32_t ip;
    char peer[48];
    enum tn3270_mode mode;
    uint64_t deadline_ms;         /* of DECIDING (line mode) or NEGOTIATING (end) */
    bool negotiate;               /* 3270 devices exist: options are negotiated */
    bool answered;                /* the client answered a negotiation */
    uint8_t q_him[TN3270_NOPTS];  /* option states (RFC 1143), the client's side */
    uint8_t q_us[TN3270_NOPTS];   /* and the server's */
    bool e;                       /* TN3270E agreed */
    bool e_asked;                 /* DO TN3270E sent and not yet refused */
    bool ttype_asked;
    unsigned opts;                /* BINARY and EOR, both ways (TN_OPT_*) */
    uint8_t functions;            /* TN3270E functions agreed (bit per function code) */
    char termtype[TN3270_NAME_MAX];
    char devname[TN3270_NAME_MAX];/* the device or group the client asked for */
    struct term3270_info info;
    uint8_t *rec;                 /* inbound record being assembled */
    size_t reclen;
    bool overflow;                /* the record grew past TN3270_REC_MAX: dropped */
    /* shared with device callbacks */
    pthread_mutex_t mu;           /* guards dev */
    struct device *dev;
    atomic_uint seq;              /* TN3270E sequence number */
};

/* Slot life: tn3270_init once (ctx is passed to the io callbacks), tn3270_fini at the
 * end of the owner. */
int tn3270_init(struct tn3270 *t, struct machine *m, const struct tn3270_io *io, void *ctx,
                const struct tn3270_logo *logo);
void tn3270_fini(struct tn3270 *t);

/* A new connection from ip (host order; peer is its text form). With negotiate false
 * (no 3270 or 3287 configured) the session is line mode at once and every option is
 * refused, as a plain telnet console server does; else it asks DO TN3270E. -1 when
 * out of memory. */
int tn3270_open(struct tn3270 *t, uint32_t ip, const char *peer, bool negotiate);
/* Bytes the client sent. */
void tn3270_input(struct tn3270 *t, const void *p, size_t n);
/* Timers: line mode when the client does not answer, the negotiation limit. */
void tn3270_tick(struct tn3270 *t);
/* The connection ended: the device turns not ready; the slot is free again. */
void tn3270_close(struct tn3270 *t);
/* The device bound, or NULL. */
struct device *tn3270_device(struct tn3270 *t);

/* Load a logo file (NULL or "": the built-in logo). 0, or -1 with a message. */
int tn3270_logo_load(struct tn3270_logo *logo, const char *path, char *err, size_t errlen);
void tn3270_logo_free(struct tn3270_logo *logo);
/* Render the logo for devnum as an outbound 3270 data stream (Erase/Write's WCC and
 * orders, for a 24x80 screen) into out: the length, at most max. Variables that are
 * not the logo's own come from the environment, as in Hercules. */
size_t tn3270_logo_render(const struct tn3270_logo *logo, struct machine *m,
                          uint16_t devnum, uint8_t *out, size_t max);

/* 3270 buffer address of row,col on a screen cols wide (12-bit coding for addresses
 * below 4096, else 14-bit), as the two bytes of an SBA order. */
void tn3270_addr(unsigned row, unsigned col, unsigned cols, uint8_t out[2]);

#endif
