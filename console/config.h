/* config.h - Hercules-compatible configuration files. */
#ifndef S370_CONFIG_H
#define S370_CONFIG_H

#include <stdio.h>
#include "cpu/machine.h"

/* One device statement `CCUU TYPE ARGS...`, kept for the device layer. A range
 * (`CCUU-CCUU`, `CCUU.n`, `CCUU,CCUU`) becomes one entry per device number. */
struct devstmt {
    uint16_t devnum;
    char type[16];
    int argc;
    char **argv;
    char file[512];
    int line;
    struct devstmt *next;
};

/* Does a device type exist (e.g. "3215", "3420")? The device layer supplies this;
 * NULL selects config_no_devtypes, which knows none, so that until devices exist
 * every device statement is reported as an unknown device type. */
typedef bool (*config_devtype_check)(const char *type);
bool config_no_devtypes(const char *type);

/* Deepest INCLUDE nesting, as in Hercules. */
#define CONFIG_INCLUDE_MAX 8

/* Parse path (with INCLUDE) into cfg and the device list. cfg starts from
 * config_defaults. Returns 0, or -1 with err set to "FILE:LINE: problem" and *devs
 * NULL. Notices about statements accepted but not implemented go to notices (one
 * line each; NULL discards them). */
int config_load(const char *path, struct config *cfg, struct devstmt **devs,
                FILE *notices, char *err, size_t errlen, config_devtype_check check);
/* The same from a string, for tests; name is used in messages and INCLUDE paths
 * are relative to its directory. */
int config_parse_string(const char *name, const char *text, struct config *cfg,
                        struct devstmt **devs, FILE *notices, char *err, size_t errlen,
                        config_devtype_check check);
void config_free_devs(struct devstmt *d);

#endif
