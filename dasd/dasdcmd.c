/* dasdcmd.c - `s370 dasd`: create and describe CKD image files.
 *
 *   s370 dasd create TYPE[-MODEL] FILE VOLSER [CYLS]
 *                                   a formatted, labelled volume (as dasdinit)
 *   s370 dasd info FILE              type, model, geometry and volser
 *
 * Exit codes: 0 ok, 1 error (named on stderr), 2 usage. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dasd/dasd.h"

enum { DC_OK = 0, DC_ERR = 1, DC_USAGE = 2 };

struct dasd_sub {
    const char *name;
    int (*fn)(int argc, char **argv);
    int min, max;           /* arguments after the subcommand name */
    const char *synopsis;
};

static int dasd_sub_create(int argc, char **argv);
static int dasd_sub_info(int argc, char **argv);

static const struct dasd_sub dasd_subs[] = {
    { "create", dasd_sub_create, 3, 4, "create TYPE[-MODEL] FILE VOLSER [CYLS]" },
    { "info", dasd_sub_info, 1, 1, "info FILE" },
};
#define DASD_NSUBS (sizeof dasd_subs / sizeof dasd_subs[0])

static int dasd_usage(void)
{
    fprintf(stderr, "usage:\n");
    for (size_t i = 0; i < DASD_NSUBS; i++)
        fprintf(stderr, "  s370 dasd %s\n", dasd_subs[i].synopsis);
    fprintf(stderr, "types: 3330[-1|-11] 3350 3380[-1|-E|-K] 3390[-1|-2|-3|-9]\n");
    return DC_USAGE;
}

/* A cylinder count, 1 to DASD_MAX_CYLS; 0 if invalid. */
static uint32_t dasd_parse_cyls(const char *s)
{
    char *end;
    unsigned long v = strtoul(s, &end, 10);
    if (*s < '0' || *s > '9' || *end || v == 0 || v > DASD_MAX_CYLS)
        return 0;
    return (uint32_t)v;
}

static int dasd_sub_create(int argc, char **argv)
{
    const struct dasd_geom *g = dasd_geom_find(argv[0]);
    if (!g) {
        fprintf(stderr, "s370 dasd: unknown device type '%s'\n", argv[0]);
        return dasd_usage();
    }
    uint32_t cyls = argc > 3 ? dasd_parse_cyls(argv[3]) : g->cyls;
    if (!cyls) {
        fprintf(stderr, "s370 dasd: cylinders '%s' is not 1-%d\n", argv[3], DASD_MAX_CYLS);
        return DC_USAGE;
    }
    char err[512];
    if (dasd_create(argv[1], g, cyls, argv[2], err, sizeof err) != 0) {
        fprintf(stderr, "s370 dasd: %s\n", err);
        return DC_ERR;
    }
    printf("%s: %s-%s volume %s, %u cylinders, %u heads, track size %u\n", argv[1], g->type,
           g->model, argv[2], cyls, g->heads, g->trksize);
    return DC_OK;
}

static int dasd_sub_info(int argc, char **argv)
{
    (void)argc;
    struct dasd_image img;
    char err[512], vol[7];
    if (dasd_open(&img, argv[0], true, err, sizeof err) != 0) {
        fprintf(stderr, "s370 dasd: %s\n", err);
        return DC_ERR;
    }
    const struct dasd_geom *m = dasd_geom_model(img.geom->devtype, img.cyls);
    printf("file: %s\nformat: CKD (uncompressed)\ntype: %s\nmodel: %s\ncylinders: %u\n"
           "heads: %u\ntrack size: %u\n", argv[0], m->type,
           m->cyls <= img.cyls ? m->model : "(smaller than any model)", img.cyls, m->heads,
           m->trksize);
    if (dasd_volser(&img, vol) == 0)
        printf("volser: %s\n", vol);
    else
        printf("volser: (none)\n");
    dasd_close(&img);
    return DC_OK;
}

int dasd_cmd_main(int argc, char **argv)
{
    if (argc < 2)
        return dasd_usage();
    for (size_t i = 0; i < DASD_NSUBS; i++) {
        const struct dasd_sub *s = &dasd_subs[i];
        if (strcmp(argv[1], s->name) != 0)
            continue;
        if (argc - 2 < s->min || argc - 2 > s->max)
            return dasd_usage();
        return s->fn(argc - 2, argv + 2);
    }
    fprintf(stderr, "s370 dasd: unknown subcommand '%s'\n", argv[1]);
    return dasd_usage();
}
