/* dev3215.c - placeholder until the device model lands: attach says "not supported". */
#include "devices/devices.h"

const struct dev_ops dev_con_ops = { 0 };
