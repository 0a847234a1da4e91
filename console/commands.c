/* commands.c - placeholder. */
#include "console/console.h"
int con_command(struct machine *m, const char *line) { (void)m; (void)line; return 0; }
int con_run(struct machine *m, FILE *in, bool interactive) { (void)m; (void)in; (void)interactive; return 0; }
int con_machine_start(struct machine *m) { (void)m; return 0; }
void con_machine_shutdown(struct machine *m) { (void)m; }
