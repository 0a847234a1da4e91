/* devtab.h - device types (name -> operations) and attaching devices to a machine. */
#ifndef S370_DEVTAB_H
#define S370_DEVTAB_H

#include <stddef.h>
#include <stdint.h>
#include "channel/device.h"

struct machine;

struct dev_type {
    const char *name;           /* as in configuration lines: "3505", "1403" */
    const struct dev_ops *ops;
};

/* The built-in types, ended by { NULL, NULL }. */
extern const struct dev_type dev_types[];

const struct dev_ops *dev_type_find(const char *name);
const struct dev_ops *dev_type_lookup(const struct dev_type *table, const char *name);

/* Create device devnum of the named type from the built-in table (or from table),
 * passing argv to its init. 0, or -1 with a message in err. */
int dev_attach(struct machine *m, uint16_t devnum, const char *type, int argc, char **argv,
               char *err, size_t errlen);
int dev_attach_from(struct machine *m, const struct dev_type *table, uint16_t devnum,
                    const char *type, int argc, char **argv, char *err, size_t errlen);
/* Remove a device that has no channel program in progress. */
int dev_detach(struct machine *m, uint16_t devnum, char *err, size_t errlen);
/* Remove every device (machine teardown, after chan_shutdown). */
void dev_detach_all(struct machine *m);
struct device *dev_find(struct machine *m, uint16_t devnum);

#endif
