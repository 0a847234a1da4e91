/* telnet.h - the CNSLPORT listener: TN3270 clients on the 3270 and 3287 devices
 * (devices/dev3270.c, console/tn3270.c), telnet clients in line mode on the remote 3215
 * and 1052 consoles (devices/dev3215.c). */
#ifndef S370_TELNET_H
#define S370_TELNET_H

#include <stddef.h>
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

#endif
