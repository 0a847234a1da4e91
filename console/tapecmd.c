/* tapecmd.c - placeholder for the `s370 tape` subcommand. */
#include "console/console.h"
