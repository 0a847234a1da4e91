/* ckddev.h - the CKD DASD device model (3330, 3350, 3380, 3390) for the device table. */
#ifndef S370_CKDDEV_H
#define S370_CKDDEV_H

#include "channel/device.h"

extern const struct dev_ops dev_ckd_ops;

#endif
