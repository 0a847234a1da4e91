/* fuzz_config.c - libFuzzer target for configuration files (console/config.c) and
 * the device statements' arguments: the input is the configuration text, parsed by
 * config_parse_string as if it were FUZZDIR/fuzz.conf (INCLUDE finds the small files
 * made there). A configuration that parses makes a machine from it, attaches every
 * device as `s370 run` does (console/main.c, attach_devices: dev_attach with the
 * statement's arguments), describes each one (devlist) and detaches them. Built and run
 * by `make fuzz` (test/fuzz/fuzz.am).
 *
 * The host is kept out of it: the file a punch, printer, tape drive or disk opens (its
 * first argument, which the device may create, truncate or write) is taken from
 * FUZZDIR whatever directory the statement names, and FUZZDIR is emptied and its
 * files (a card deck, AWS and HET tapes, 3330 and 3390 volumes, INCLUDE files) made
 * again before each input. A card reader's decks are looked for there too. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include "channel/channel.h"
#include "console/config.h"
#include "cpu/machine.h"
#include "dasd/dasd.h"
#include "devices/awstape.h"
#include "devices/devtab.h"
#include "fuzzutil.h"


struct fuzz {
    struct fuzz_files k;        /* the scratch directory and its files */
    char name[128];             /* the configuration's own name */
    FILE *null;
    bool verbose;               /* FUZZ_VERBOSE set: say why statements fail */
};

static struct fuzz *fuzz_setup(void)
{
    struct fuzz *z = calloc(1, sizeof *z);
    char err[700];
    if (!z) abort();
    fuzz_scratch(z->k.dir, sizeof z->k.dir, "config");
    fuzz_path(z->k.dir, "fuzz.conf", z->name, sizeof z->name);
    z->null = fopen("/dev/null", "w");
    if (!z->null) abort();
    z->verbose = getenv("FUZZ_VERBOSE") != NULL;
    char path[400];
    struct dasd_create_opts o = { .comp = DASD_CCKD_ZLIB };
    fuzz_path(z->k.dir, "vol.3390", path, sizeof path);
    if (dasd_create_ex(path, dasd_geom_find("3390"), 1, "FUZZ01", &o, err, sizeof err)) abort();
    fuzz_keep(&z->k, "vol.3390");
    fuzz_path(z->k.dir, "vol.3330", path, sizeof path);
    if (dasd_create_ex(path, dasd_geom_find("3330"), 1, "FUZZ02", &o, err, sizeof err)) abort();
    fuzz_keep(&z->k, "vol.3330");
    fuzz_path(z->k.dir, "tape.aws", path, sizeof path);
    if (tape_create(path, err, sizeof err)) abort();
    fuzz_keep(&z->k, "tape.aws");
    fuzz_path(z->k.dir, "tape.het", path, sizeof path);
    if (tape_create(path, err, sizeof err)) abort();
    fuzz_keep(&z->k, "tape.het");
    static uint8_t cards[160];
    memset(cards, 0x40, sizeof cards);
    memcpy(cards, "\x61\x61\xC6\xE4\xE9\xE9", 6);
    fuzz_keep_bytes(&z->k, "default.deck", cards, sizeof cards);
    fuzz_keep_text(&z->k, "deck.txt", "//FUZZ JOB\n// EXEC PGM=IEFBR14\n");
    fuzz_keep_text(&z->k, "inc.conf", "MAINSIZE 1\n0019 3505 deck.txt\n0181 3390 vol.3390 ro\n");
    fuzz_keep_text(&z->k, "loop.conf", "INCLUDE loop.conf\n");
    fuzz_keep_text(&z->k, "bad.conf", "NUMCPU 9\n");
    fuzz_keep_text(&z->k, "devs.conf", "0100 3390 vol.3390\n0101 3330 vol.3330\n0580 3420 tape.het\n");
    fuzz_empty_dir(z->k.dir);
    return z;
}

static bool is_reader(const char *type)
{
    return !strcasecmp(type, "3505") || !strcasecmp(type, "2540R") || !strcasecmp(type, "1442");
}

/* The file arguments of devices that open them for writing. */
static bool writes_file(const char *type)
{
    static const char *const types[] = {
        "3525", "2540P", "1403", "3211", "3420", "3480", "3330", "3350", "3380", "3390",
    };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (!strcasecmp(type, types[i])) return true;
    return false;
}

/* FUZZDIR/base name of path (a tape's "*" stays: no tape mounted). */
static char *confined(const struct fuzz *z, const char *path)
{
    if (!strcmp(path, "*")) return strdup(path);
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (!*base || !strcmp(base, ".") || !strcmp(base, "..")) base = "x";
    size_t n = strlen(z->k.dir) + strlen(base) + 2;
    char *p = malloc(n);
    if (p) snprintf(p, n, "%s/%s", z->k.dir, base);
    return p;
}

static bool known_type(const char *type)
{
    return dev_type_find(type) != NULL;
}

static void attach_all(struct fuzz *z, const struct config *cfg, struct devstmt *devs)
{
    struct machine m;
    char err[700];
    memset(&m, 0, sizeof m);
    if (machine_init(&m, cfg, err, sizeof err)) {
        machine_free(&m);
        return;
    }
    m.out = z->null;
    if (chan_init(&m)) abort();
    for (struct devstmt *d = devs; d; d = d->next) {
        for (int i = 0; i < d->argc; i++) {
            /* A writer's file is its first argument; a reader's decks look like file
             * names (its options are words). */
            if (writes_file(d->type) ? i == 0
                                     : is_reader(d->type) && strpbrk(d->argv[i], "./")) {
                char *p = confined(z, d->argv[i]);
                if (!p) abort();
                free(d->argv[i]);
                d->argv[i] = p;
            }
        }
        if (dev_attach(&m, d->devnum, d->type, d->argc, d->argv, err, sizeof err) && z->verbose)
            fprintf(stderr, "%s:%d: %s\n", d->file, d->line, err);
    }
    for (struct device *d = m.devs; d; d = d->next) {
        char line[600];
        if (d->ops->describe) d->ops->describe(d, line, sizeof line);
    }
    chan_shutdown(&m);
    dev_detach_all(&m);
    machine_free(&m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct fuzz *z;
    if (!z) z = fuzz_setup();
    char *text = malloc(size + 1);
    if (!text) abort();
    memcpy(text, data, size);
    text[size] = 0;
    fuzz_empty_dir(z->k.dir);
    for (unsigned i = 0; i < z->k.n; i++)
        fuzz_put(&z->k, &z->k.f[i]);
    struct config cfg;
    struct devstmt *devs = NULL;
    char err[1024];
    if (config_parse_string(z->name, text, &cfg, &devs, z->verbose ? stderr : z->null, err,
                            sizeof err, known_type) == 0)
        attach_all(z, &cfg, devs);
    else if (z->verbose)
        fprintf(stderr, "%s\n", err);
    config_free_devs(devs);
    free(text);
    return 0;
}
