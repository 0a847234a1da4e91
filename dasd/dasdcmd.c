/* dasdcmd.c - `s370 dasd`: create, describe, check and copy CKD and CCKD image files.
 *
 *   s370 dasd create [-z|-0] [--lfs] [-a] [-r] TYPE[-MODEL] FILE VOLSER [CYLS]
 *        a formatted, labelled volume, the bytes dasdinit writes: uncompressed (split
 *        into FILE_1, FILE_2, ... over 2 GB unless --lfs), -z compressed CCKD (zlib),
 *        -0 CCKD stored uncompressed; -a: with the alternate cylinders; -r: no IPL
 *        records and VOL1 (then no VOLSER); --ipl PROG: IPL text that loads PROG, a
 *        storage image from 0 as `loadcore` takes it (ipltext.c)
 *   s370 dasd info FILE              type, model, geometry, volser, space use
 *   s370 dasd check [--repair] FILE  every header, table and track; --repair (CCKD)
 *                                    drops what is broken and rebuilds the free space
 *   s370 dasd convert [-z|-0] [--lfs] IN OUT
 *                                    CKD <-> CCKD: OUT is CCKD with -z/-0, else CKD
 *   s370 dasd copy [--lfs] IN OUT    a copy in the format of IN
 *   s370 dasd ls [-e] FILE           the VTOC (vtoc.c): datasets, -e with extents
 *
 * Messages go to stderr and name the file; a progress bar is drawn on stderr only when
 * it is a terminal. Exit codes: 0 ok (check: clean, or repaired), 1 error (check:
 * damaged and not repaired, or the file cannot be checked), 2 usage. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "dasd/dasd.h"

enum { DC_OK = 0, DC_ERR = 1, DC_USAGE = 2 };

struct dasd_sub {
    const char *name;
    int (*fn)(int argc, char **argv);
    int min, max;           /* arguments after the subcommand name, options included */
    const char *synopsis;
};

static int dasd_sub_create(int argc, char **argv);
static int dasd_sub_info(int argc, char **argv);
static int dasd_sub_check(int argc, char **argv);
static int dasd_sub_convert(int argc, char **argv);
static int dasd_sub_copy(int argc, char **argv);
static int dasd_sub_ls(int argc, char **argv);

static const struct dasd_sub dasd_subs[] = {
    { "create", dasd_sub_create, 2, 10,
      "create [-z|-0] [--lfs] [-a] [-r] [--ipl PROG] TYPE[-MODEL] FILE VOLSER [CYLS]" },
    { "info", dasd_sub_info, 1, 1, "info FILE" },
    { "check", dasd_sub_check, 1, 2, "check [--repair] FILE" },
    { "convert", dasd_sub_convert, 2, 4, "convert [-z|-0] [--lfs] IN OUT" },
    { "copy", dasd_sub_copy, 2, 3, "copy [--lfs] IN OUT" },
    { "ls", dasd_sub_ls, 1, 2, "ls [-e] FILE" },
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

/* Is a one of the space-separated words of list? */
static bool dasd_word_in(const char *a, const char *list)
{
    size_t n = strlen(a);
    for (const char *p = list; (p = strstr(p, a)) != NULL; p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return true;
    return false;
}

/* Options in front of the operands: -z, -0, --lfs, -a, -r, --repair, -e as allowed
 * (-e and --repair both set *flag). Returns
 * the index of the first operand, or -1 (unknown option). */
static int dasd_options(int argc, char **argv, const char *allowed, struct dasd_create_opts *o,
                        bool *flag)
{
    int i = 0;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        const char *a = argv[i];
        if (!dasd_word_in(a, allowed)) {
            fprintf(stderr, "s370 dasd: unknown option '%s'\n", a);
            return -1;
        }
        if (strcmp(a, "-z") == 0)
            o->comp = DASD_CCKD_ZLIB;
        else if (strcmp(a, "-0") == 0)
            o->comp = DASD_CCKD_NONE;
        else if (strcmp(a, "--lfs") == 0)
            o->lfs = true;
        else if (strcmp(a, "-r") == 0)
            o->raw = true;
        else if (strcmp(a, "-a") == 0)
            o->alt = true;
        else if (strcmp(a, "--repair") == 0 || strcmp(a, "-e") == 0)
            *flag = true;
    }
    return i;
}

/* The progress bar: on stderr, only when it is a terminal. */
struct dasd_bar {
    const char *what;
    int shown;
};

static void dasd_bar_show(void *ctx, uint32_t done, uint32_t total)
{
    struct dasd_bar *b = ctx;
    int pct = total ? (int)((uint64_t)done * 100 / total) : 100;
    if (pct == b->shown)
        return;
    b->shown = pct;
    char bar[41];
    memset(bar, '#', 40);
    memset(bar + pct * 40 / 100, '.', 40 - (size_t)(pct * 40 / 100));
    bar[40] = '\0';
    fprintf(stderr, "\r%s [%s] %3d%%%s", b->what, bar, pct, done >= total ? "\n" : "");
    fflush(stderr);
}

static void dasd_bar_init(struct dasd_create_opts *o, struct dasd_bar *b, const char *what)
{
    *b = (struct dasd_bar){ .what = what, .shown = -1 };
    if (isatty(STDERR_FILENO)) {
        o->progress = dasd_bar_show;
        o->ctx = b;
    }
}

/* The file to open after creating path: its first part if it was split. */
static void dasd_first_file(const char *path, char *out, size_t n)
{
    if (access(path, F_OK) != 0 && dasd_split_name(path, 1, out, n) == 0 && access(out, F_OK) == 0)
        return;
    snprintf(out, n, "%s", path);
}

/* The program file of --ipl, read whole; NULL with a message. */
static uint8_t *dasd_read_prog(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    size_t cap = 0, n = 0;
    if (!f) {
        fprintf(stderr, "s370 dasd: %s: cannot open: %s\n", path, strerror(errno));
        return NULL;
    }
    for (;;) {
        if (n == cap) {
            uint8_t *nb = cap < (1u << 20) ? realloc(buf, cap = cap ? 2 * cap : 65536) : NULL;
            if (!nb) {
                fprintf(stderr, "s370 dasd: %s: too large for an IPL program\n", path);
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    fclose(f);
    *len = n;
    return buf;
}


/* Remove a volume just made: its file, or every file of a split volume. */
static void dasd_remove_made(const char *path, const char *first)
{
    char name[600];
    if (!strcmp(first, path)) {
        unlink(first);
        return;
    }
    for (unsigned n = 1; dasd_split_name(path, n, name, sizeof name) == 0 && unlink(name) == 0; n++)
        continue;
}
static int dasd_sub_create(int argc, char **argv)
{
    struct dasd_create_opts o = { .comp = DASD_CKD };
    const char *prog = NULL;
    /* --ipl PROG is the one option with an operand: take it out first. */
    char *rest[16];
    int nrest = 0;
    for (int k = 0; k < argc && nrest < 16; k++) {
        if (strcmp(argv[k], "--ipl") == 0 && k + 1 < argc)
            prog = argv[++k];
        else
            rest[nrest++] = argv[k];
    }
    argc = nrest;
    argv = rest;
    int i = dasd_options(argc, argv, "-z -0 --lfs -a -r", &o, NULL);
    int need = o.raw ? 2 : 3;
    if (i < 0 || argc - i < need || argc - i > need + 1)
        return dasd_usage();
    argv += i;
    const struct dasd_geom *g = dasd_geom_find(argv[0]);
    if (!g) {
        fprintf(stderr, "s370 dasd: unknown device type '%s'\n", argv[0]);
        return dasd_usage();
    }
    const char *vol = o.raw ? NULL : argv[2], *cylarg = argc - i > need ? argv[need] : NULL;
    uint32_t cyls = cylarg ? dasd_parse_cyls(cylarg) : g->cyls + (o.alt ? g->altcyls : 0);
    if (!cyls) {
        fprintf(stderr, "s370 dasd: cylinders '%s' is not 1-%d\n", cylarg, DASD_MAX_CYLS);
        return DC_USAGE;
    }
    char err[700], first[600];
    struct dasd_bar bar;
    dasd_bar_init(&o, &bar, argv[1]);
    if (dasd_create_ex(argv[1], g, cyls, vol, &o, err, sizeof err) != 0) {
        fprintf(stderr, "s370 dasd: %s\n", err);
        return DC_ERR;
    }
    dasd_first_file(argv[1], first, sizeof first);
    if (prog) {
        size_t len = 0;
        uint8_t *img = vol ? dasd_read_prog(prog, &len) : NULL;
        if (!vol)
            fprintf(stderr, "s370 dasd: --ipl needs a labelled volume (not -r)\n");
        int bad = !img || dasd_write_ipl(first, img, len, err, sizeof err) != 0;
        if (img && bad)
            fprintf(stderr, "s370 dasd: %s\n", err);
        free(img);
        if (bad) {
            dasd_remove_made(argv[1], first);
            return DC_ERR;
        }
    }
    printf("%s: %s-%s %s%s, %u cylinders, %u heads, track size %u%s\n", first, g->type,
           g->model, vol ? "volume " : "unlabelled volume", vol ? vol : "", cyls, g->heads,
           g->trksize, o.comp == DASD_CCKD_ZLIB ? ", compressed (CCKD, zlib)" :
           o.comp == DASD_CCKD_NONE ? ", CCKD (not compressed)" :
           strcmp(first, argv[1]) ? ", split into files of under 2 GB" : "");
    if (prog)
        printf("%s: IPL text loads %s\n", first, prog);
    return DC_OK;
}

static int dasd_sub_info(int argc, char **argv)
{
    (void)argc;
    struct dasd_image img;
    char err[700], vol[7];
    if (dasd_open(&img, argv[0], true, err, sizeof err) != 0) {
        fprintf(stderr, "s370 dasd: %s\n", err);
        return DC_ERR;
    }
    const struct dasd_geom *m = dasd_geom_model(img.geom->devtype, img.cyls);
    printf("file: %s\nformat: %s\ntype: %s\nmodel: %s\ncylinders: %u\n"
           "heads: %u\ntrack size: %u\n", argv[0],
           img.format == DASD_FMT_CCKD ? "CCKD (compressed)" : "CKD (uncompressed)", m->type,
           m->cyls <= img.cyls ? m->model : "(smaller than any model)", img.cyls, m->heads,
           m->trksize);
    if (dasd_volser(&img, vol) == 0)
        printf("volser: %s\n", vol);
    else
        printf("volser: (none)\n");
    struct dasd_space sp;
    dasd_space(&img, &sp);
    if (img.nfiles > 1)
        printf("files: %u\n", img.nfiles);
    printf("file size: %llu\n", (unsigned long long)sp.size);
    if (img.format == DASD_FMT_CCKD)
        printf("used: %llu\nfree: %llu in %u spaces, largest %u\nimbedded free: %llu\n"
               "empty tracks: %u of %u\n", (unsigned long long)sp.used,
               (unsigned long long)sp.free, sp.nfree, sp.largest,
               (unsigned long long)sp.imbedded, sp.null_tracks, img.cyls * img.geom->heads);
    struct dasd_vtoc v;
    if (dasd_vtoc_list(&img, NULL, NULL, &v, err, sizeof err) == 0)
        printf("vtoc: cylinder %u head %u, %u tracks, %u DSCBs free\ndatasets: %u\n"
               "tracks allocated: %u\ntracks free: %u\n", v.vtoc.bcyl, v.vtoc.bhead,
               v.vtoc_tracks, v.free_dscbs, v.ndatasets, v.used_tracks, v.free_tracks);
    else
        printf("vtoc: (none: %s)\n", err);
    dasd_close(&img);
    return DC_OK;
}

static int dasd_sub_check(int argc, char **argv)
{
    bool repair = false;
    struct dasd_create_opts o = { .comp = DASD_CKD };
    int i = dasd_options(argc, argv, "--repair", &o, &repair);
    if (i < 0 || argc - i != 1)
        return dasd_usage();
    char err[700];
    int rc = dasd_check(argv[i], repair, stderr, err, sizeof err);
    if (rc < 0) {
        fprintf(stderr, "s370 dasd: %s\n", err);
        return DC_ERR;
    }
    return rc == 0 ? DC_OK : DC_ERR;
}

/* Remove a half-made copy: first, or the files of a split volume. */
static void dasd_remove(const char *out, const char *first, uint32_t nfiles)
{
    char name[600];
    if (nfiles == 1)
        unlink(first);
    for (uint32_t n = 1; nfiles > 1 && n <= nfiles; n++)
        if (dasd_split_name(out, n, name, sizeof name) == 0)
            unlink(name);
}

/* Copy every track of in to a new image out made with o (raw, then overwritten). */
static int dasd_copy_image(const char *in, const char *out, struct dasd_create_opts *o,
                           bool keep_format)
{
    struct dasd_image src, dst;
    char err[700], first[600];
    if (dasd_open(&src, in, true, err, sizeof err) != 0) {
        fprintf(stderr, "s370 dasd: %s\n", err);
        return DC_ERR;
    }
    if (keep_format)
        o->comp = src.format == DASD_FMT_CCKD ? DASD_CCKD_ZLIB : DASD_CKD;
    o->raw = true;
    struct dasd_create_opts quiet = *o;
    quiet.progress = NULL;
    int rc = DC_ERR;
    uint8_t *trk = malloc(src.geom->trksize);
    if (!trk)
        fprintf(stderr, "s370 dasd: %s: out of memory\n", in);
    else if (dasd_create_ex(out, src.geom, src.cyls, NULL, &quiet, err, sizeof err) != 0)
        fprintf(stderr, "s370 dasd: %s\n", err);
    else {
        dasd_first_file(out, first, sizeof first);
        if (dasd_open(&dst, first, false, err, sizeof err) != 0)
            fprintf(stderr, "s370 dasd: %s\n", err);
        else {
            rc = DC_OK;
            for (uint32_t c = 0; c < src.cyls && rc == DC_OK; c++) {
                for (uint32_t h = 0; h < src.geom->heads && rc == DC_OK; h++)
                    if (dasd_read_track(&src, c, h, trk, err, sizeof err) != 0 ||
                        dasd_write_track(&dst, c, h, trk, err, sizeof err) != 0) {
                        fprintf(stderr, "s370 dasd: %s\n", err);
                        rc = DC_ERR;
                    }
                if (o->progress)
                    o->progress(o->ctx, c + 1, src.cyls);
            }
            uint32_t nfiles = dst.nfiles;
            dasd_close(&dst);
            if (rc != DC_OK)
                dasd_remove(out, first, nfiles);
            if (rc == DC_OK)
                printf("%s: %u cylinders copied from %s%s\n", first, src.cyls, in,
                       o->comp == DASD_CCKD_ZLIB ? " (CCKD, zlib)" :
                       o->comp == DASD_CCKD_NONE ? " (CCKD, stored)" : " (CKD)");
        }
    }
    free(trk);
    dasd_close(&src);
    return rc;
}

static int dasd_sub_convert(int argc, char **argv)
{
    struct dasd_create_opts o = { .comp = DASD_CKD };
    struct dasd_bar bar;
    int i = dasd_options(argc, argv, "-z -0 --lfs", &o, NULL);
    if (i < 0 || argc - i != 2)
        return dasd_usage();
    dasd_bar_init(&o, &bar, argv[i + 1]);
    return dasd_copy_image(argv[i], argv[i + 1], &o, false);
}

static int dasd_sub_copy(int argc, char **argv)
{
    struct dasd_create_opts o = { .comp = DASD_CKD };
    struct dasd_bar bar;
    int i = dasd_options(argc, argv, "--lfs", &o, NULL);
    if (i < 0 || argc - i != 2)
        return dasd_usage();
    dasd_bar_init(&o, &bar, argv[i + 1]);
    return dasd_copy_image(argv[i], argv[i + 1], &o, true);
}

/* One line a dataset, as IEHLIST LISTVTOC summarises it; -e adds the extents. */
struct dasd_ls {
    bool extents;
    uint32_t heads;
};

static int dasd_ls_one(void *ctx, const struct dasd_dsinfo *ds)
{
    const struct dasd_ls *l = ctx;
    char org[8], rf[12];
    dasd_dsorg_name(ds, org, sizeof org);
    dasd_recfm_name(ds, rf, sizeof rf);
    printf("%-44s %-4s %-5s %5u %5u %3u %4u.%03u %3u %6u\n", ds->name, org, rf, ds->lrecl,
           ds->blksize, ds->keylen, ds->cre_year, ds->cre_day, ds->next, ds->tracks);
    for (unsigned i = 0; l->extents && i < ds->next; i++) {
        const struct dasd_extent *x = &ds->ext[i];
        printf("    extent %2u: cylinder %5u head %2u to cylinder %5u head %2u, %u tracks\n",
               x->seq, x->bcyl, x->bhead, x->ecyl, x->ehead,
               (x->ecyl * l->heads + x->ehead) - (x->bcyl * l->heads + x->bhead) + 1);
    }
    return 0;
}

static int dasd_sub_ls(int argc, char **argv)
{
    struct dasd_create_opts o = { .comp = DASD_CKD };
    struct dasd_ls l = { 0 };
    int i = dasd_options(argc, argv, "-e", &o, &l.extents);
    if (i < 0 || argc - i != 1)
        return dasd_usage();
    struct dasd_image img;
    char err[700];
    if (dasd_open(&img, argv[i], true, err, sizeof err) != 0) {
        fprintf(stderr, "s370 dasd: %s\n", err);
        return DC_ERR;
    }
    l.heads = img.geom->heads;
    printf("%-44s %-4s %-5s %5s %5s %3s %8s %3s %6s\n", "DATASET", "ORG", "RECFM", "LRECL",
           "BLKSZ", "KEY", "CREATED", "EXT", "TRACKS");
    struct dasd_vtoc v;
    int rc = dasd_vtoc_list(&img, dasd_ls_one, &l, &v, err, sizeof err);
    if (rc == 0)
        printf("volume %s: %u datasets; %u tracks allocated (VTOC %u), %u free, of %u\n",
               v.volser, v.ndatasets, v.used_tracks, v.vtoc_tracks, v.free_tracks,
               img.cyls * img.geom->heads);
    else
        fprintf(stderr, "s370 dasd: %s\n", err);
    dasd_close(&img);
    return rc == 0 ? DC_OK : DC_ERR;
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
