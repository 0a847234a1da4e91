/* console.h - the operator (hardware) console: Hercules-style panel commands. */
#ifndef S370_CONSOLE_H
#define S370_CONSOLE_H

#include <stdio.h>
#include "cpu/machine.h"

/* Execute one panel command line. Returns 1 when the command was quit/exit. */
int con_command(struct machine *m, const char *line);
/* Read commands from in until end of input or quit; a prompt when interactive. */
int con_run(struct machine *m, FILE *in, bool interactive);
/* Start the CPU threads and the timer thread; stop and join them. */
int con_machine_start(struct machine *m);
void con_machine_shutdown(struct machine *m);

/* `s370 tape ...` (console/tapecmd.c); argv[0] is "tape". */
int tape_cmd_main(int argc, char **argv);

#endif
