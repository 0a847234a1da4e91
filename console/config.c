/* config.c - placeholder. */
#include <string.h>
#include "console/config.h"
int config_parse_string(const char *name, const char *text, struct config *cfg,
                        struct devstmt **devs, FILE *notices, char *err, size_t errlen)
{ (void)name; (void)text; (void)cfg; (void)notices; *devs = NULL; snprintf(err, errlen, "not implemented"); return -1; }
int config_load(const char *path, struct config *cfg, struct devstmt **devs,
                FILE *notices, char *err, size_t errlen)
{ (void)path; (void)cfg; (void)notices; *devs = NULL; snprintf(err, errlen, "not implemented"); return -1; }
void config_free_devs(struct devstmt *d) { (void)d; }
