/* devices.h - the device models' operation tables, for the device-type table. */
#ifndef S370_DEVICES_H
#define S370_DEVICES_H

#include "channel/device.h"

extern const struct dev_ops dev_con_ops;    /* 3215-C, 1052-C integrated consoles (dev3215.c) */
extern const struct dev_ops dev_rdr_ops;    /* 3505, 2540R, 1442 card readers (cardrdr.c) */
extern const struct dev_ops dev_pch_ops;    /* 3525, 2540P card punches (cardpch.c) */
extern const struct dev_ops dev_prt_ops;    /* 1403, 3211 printers (printer.c) */
extern const struct dev_ops dev_tape_ops;   /* 3420, 3480 tape drives (tape.c) */

#endif
