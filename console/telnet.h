/* telnet.h - the CNSLPORT listener: TN3270 clients on the 3270 and 3287 devices
 * (devices/dev3270.c, console/tn3270.c), telnet clients in line mode on the remote 3215
 * and 1052 consoles (devices/dev3215.c). */
#ifndef S370_TELNET_H
#define S370_TELNET_H

#include <stddef.h>
#include <stdint.h>
#include "cpu/machine.h"

/* Whether the configuration has a device the listener serves (a remote 3215 or 1052,
 * a 3270 or 3287). */
bool con_listener_wanted(struct machine *m);
/* Listen on m->cfg.cnslport ("[host:]port", host 127.0.0.1 by default; port 0 picks
 * a free one) on a thread of its own. 0, or -1 with a message in err. */
int con_listener_start(struct machine *m, char *err, size_t errlen);
/* Close every session (the consoles become not ready), stop and join the thread. */
void con_listener_stop(struct machine *m);
/* The port listened on, or 0 when the listener is not running. */
int con_listener_port(const struct machine *m);
/* CNSLIDLE: a session that last sent something at last_ms is idle at now_ms after
 * limit_sec seconds (0: never). Input read after now_ms was taken is not idle. */
bool con_idle_expired(uint64_t now_ms, uint64_t last_ms, uint32_t limit_sec);

#endif
