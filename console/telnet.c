/* telnet.c - placeholder (the CNSLPORT listener). */
#include "console/telnet.h"
