/* dasdcmd.c - placeholder (DASD issue). */
#include "dasd/dasd.h"
