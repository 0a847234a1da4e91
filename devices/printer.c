/* printer.c - placeholder until the device model lands: attach says "not supported". */
#include "devices/devices.h"

const struct dev_ops dev_prt_ops = { 0 };
