/* geometry.c - CKD device types and models: cylinders, heads and the track slot
 * size of Hercules images; the alternate cylinders that follow the primary ones on the
 * real device (dasdinit -a includes them; IBCDASDI assigns alternate tracks there). */
#include <strings.h>
#include <string.h>
#include "dasd/dasd.h"

static const struct dasd_geom dasd_geoms[] = {
    { "3330", "1",  0x3330,   404, 19, 13312, 7 },
    { "3330", "11", 0x3330,   808, 19, 13312, 7 },
    { "3350", "1",  0x3350,   555, 30, 19456, 5 },
    { "3380", "1",  0x3380,   885, 15, 47616, 1 },
    { "3380", "E",  0x3380,  1770, 15, 47616, 2 },
    { "3380", "K",  0x3380,  2655, 15, 47616, 3 },
    { "3390", "1",  0x3390,  1113, 15, 56832, 1 },
    { "3390", "2",  0x3390,  2226, 15, 56832, 1 },
    { "3390", "3",  0x3390,  3339, 15, 56832, 1 },
    { "3390", "9",  0x3390, 10017, 15, 56832, 3 },
};
#define DASD_NGEOMS (sizeof dasd_geoms / sizeof dasd_geoms[0])

const struct dasd_geom *dasd_geom_find(const char *name)
{
    const char *dash = strchr(name, '-');
    size_t tlen = dash ? (size_t)(dash - name) : strlen(name);
    for (size_t i = 0; i < DASD_NGEOMS; i++) {
        const struct dasd_geom *g = &dasd_geoms[i];
        if (strlen(g->type) != tlen || strncmp(g->type, name, tlen) != 0)
            continue;
        if (!dash || strcasecmp(g->model, dash + 1) == 0)
            return g;
    }
    return NULL;
}

const struct dasd_geom *dasd_geom_model(uint16_t devtype, uint32_t cyls)
{
    const struct dasd_geom *best = NULL;
    for (size_t i = 0; i < DASD_NGEOMS; i++) {
        const struct dasd_geom *g = &dasd_geoms[i];
        if (g->devtype != devtype)
            continue;
        if (!best || (g->cyls <= cyls && g->cyls > best->cyls))
            best = g;
    }
    return best;
}

const struct dasd_geom *dasd_geom_by_byte(uint8_t devtype_byte)
{
    for (size_t i = 0; i < DASD_NGEOMS; i++)
        if ((dasd_geoms[i].devtype & 0xff) == devtype_byte)
            return &dasd_geoms[i];
    return NULL;
}
