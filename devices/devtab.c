/* devtab.c - the device-type table and attach/detach. Device models register here
 * by adding a line to dev_types. */
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include "devices/devtab.h"
#include "devices/devices.h"
#include "channel/channel.h"
#include "cpu/machine.h"
#include "dasd/ckddev.h"

const struct dev_type dev_types[] = {
    { "3215-C", &dev_con_ops },
    { "1052-C", &dev_con_ops },
    { "3215", &dev_con_ops },
    { "1052", &dev_con_ops },
    { "3505", &dev_rdr_ops },
    { "2540R", &dev_rdr_ops },
    { "1442", &dev_rdr_ops },
    { "3525", &dev_pch_ops },
    { "2540P", &dev_pch_ops },
    { "1403", &dev_prt_ops },
    { "3211", &dev_prt_ops },
    { "3420", &dev_tape_ops },
    { "3480", &dev_tape_ops },
    { "3330", &dev_ckd_ops },
    { "3350", &dev_ckd_ops },
    { "3380", &dev_ckd_ops },
    { "3390", &dev_ckd_ops },
    { "3270", &dev_3270_ops },
    { "3287", &dev_3270_ops },
    { NULL, NULL },
};

const struct dev_ops *dev_type_lookup(const struct dev_type *table, const char *name)
{
    for (const struct dev_type *t = table; t->name; t++)
        if (!strcasecmp(t->name, name)) return t->ops;
    return NULL;
}

const struct dev_ops *dev_type_find(const char *name)
{
    return dev_type_lookup(dev_types, name);
}

int dev_attach_from(struct machine *m, const struct dev_type *table, uint16_t devnum,
                    const char *type, int argc, char **argv, char *err, size_t errlen)
{
    const struct dev_ops *ops = dev_type_lookup(table ? table : dev_types, type);
    if (!ops || !ops->execute_ccw) {
        snprintf(err, errlen, "device type %s not supported", type);
        return -1;
    }
    if (chan_dev_find(m, devnum)) {
        snprintf(err, errlen, "device %04X already exists", devnum);
        return -1;
    }
    struct device *d = calloc(1, sizeof *d);
    if (!d) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    d->m = m;
    d->devnum = devnum;
    d->chan = (uint8_t)(devnum >> 8);
    snprintf(d->type, sizeof d->type, "%s", type);
    d->ops = ops;
    d->senselen = 1;
    if (ops->init && ops->init(m, d, argc, argv, err, errlen)) {
        free(d);
        return -1;
    }
    if (chan_dev_insert(m, d, err, errlen)) {
        if (ops->close) ops->close(d);
        free(d);
        return -1;
    }
    return 0;
}

int dev_attach(struct machine *m, uint16_t devnum, const char *type, int argc, char **argv,
               char *err, size_t errlen)
{
    return dev_attach_from(m, NULL, devnum, type, argc, argv, err, errlen);
}

static void dev_free(struct device *d)
{
    if (d->ops->close) d->ops->close(d);
    chan_dev_release(d);
    free(d);
}

int dev_detach(struct machine *m, uint16_t devnum, char *err, size_t errlen)
{
    struct device *d = chan_dev_remove(m, devnum, err, errlen);
    if (!d) return -1;
    dev_free(d);
    return 0;
}

void dev_detach_all(struct machine *m)
{
    while (m->devs) {
        struct device *d = m->devs;
        m->devs = d->next;
        dev_free(d);
    }
}

struct device *dev_find(struct machine *m, uint16_t devnum)
{
    return chan_dev_find(m, devnum);
}
