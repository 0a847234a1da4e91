/* devtab.c - placeholder (channel issue). */
#include "devices/devtab.h"
