/* devices.h - the device models' operation tables, for the device-type table. */
#ifndef S370_DEVICES_H
#define S370_DEVICES_H

#include "channel/device.h"

extern const struct dev_ops dev_con_ops;    /* 3215-C, 1052-C integrated consoles (dev3215.c) */
extern const struct dev_ops dev_rdr_ops;    /* 3505, 2540R, 1442 card readers (cardrdr.c) */
extern const struct dev_ops dev_pch_ops;    /* 3525, 2540P card punches (cardpch.c) */
extern const struct dev_ops dev_prt_ops;    /* 1403, 3211 printers (printer.c) */
extern const struct dev_ops dev_tape_ops;   /* 3420, 3480 tape drives (tape.c) */
extern const struct dev_ops dev_3270_ops;   /* 3270 displays, 3287 printers (dev3270.c) */

struct machine;

/* Operator input for the integrated consoles (dev3215.c). con3215_route finds the
 * console whose command prefix begins the panel line (the longest one) and points
 * *text after the prefix; NULL if no console claims the line. con3215_input hands
 * the console a typed line (UTF-8): a waiting read takes it, else it is queued and
 * the console presents attention. 0, or -1 when the line was discarded. */
struct device *con3215_route(struct machine *m, const char *line, const char **text);
int con3215_input(struct device *d, const char *text);

/* Remote consoles (3215, 1052 without -C) and the telnet listener (console/telnet.c).
 * The console calls write from its I/O thread with UTF-8 text ('\n' ends a line);
 * 0, or -1 when the client is gone or cannot take more (the command then ends with
 * intervention required). detached tells the client that the device d was detached. */
struct con_client_ops {
    int (*write)(void *ctx, const char *text, size_t len);
    void (*detached)(void *ctx, struct device *d);
};
/* Whether the configuration has a remote console. */
bool con3215_remote_configured(struct machine *m);
/* Bind a client from IPv4 address ip (host order) to the first free remote console it
 * may use; NULL when there is none. Lines the client types go to con3215_input. */
struct device *con3215_claim(struct machine *m, uint32_t ip, const struct con_client_ops *ops,
                             void *ctx);
/* Unbind the client: the console is not ready again; a waiting read ends with
 * intervention required. No write call is made after this returns. */
void con3215_release(struct device *d);

#endif
