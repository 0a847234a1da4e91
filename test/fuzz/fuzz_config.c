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
#include <dirent.h>
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

struct file {
    const char *name;
    uint8_t *bytes;
    size_t len;
};

struct fuzz {
    char dir[64];
    char name[128];             /* the configuration's own name */
    struct file files[12];
    unsigned nfiles;
    FILE *null;
    bool verbose;               /* FUZZ_VERBOSE set: say why statements fail */
};

static struct fuzz *the;

static void empty_dir(struct fuzz *z)
{
    DIR *d = opendir(z->dir);
    if (!d) abort();
    struct dirent *e;
    char path[400];
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
            snprintf(path, sizeof path, "%s/%s", z->dir, e->d_name);
            if (unlink(path) && rmdir(path)) abort();
        }
    closedir(d);
}

static void fuzz_cleanup(void)
{
    empty_dir(the);
    rmdir(the->dir);
}

static void put_file(struct fuzz *z, const char *name, const void *bytes, size_t len)
{
    char path[400];
    snprintf(path, sizeof path, "%s/%s", z->dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || (len && fwrite(bytes, 1, len, f) != len) || fclose(f)) abort();
}

/* Keep a file made by the library (a tape, a volume) to write it again per input. */
static void keep(struct fuzz *z, const char *name)
{
    char path[400];
    snprintf(path, sizeof path, "%s/%s", z->dir, name);
    FILE *f = fopen(path, "rb");
    if (!f || fseek(f, 0, SEEK_END)) abort();
    long n = ftell(f);
    struct file *k = &z->files[z->nfiles++];
    k->name = name;
    k->len = (size_t)n;
    k->bytes = malloc(k->len + 1);
    rewind(f);
    if (!k->bytes || fread(k->bytes, 1, k->len, f) != k->len) abort();
    fclose(f);
}

static void keep_text(struct fuzz *z, const char *name, const char *text)
{
    struct file *k = &z->files[z->nfiles++];
    k->name = name;
    k->len = strlen(text);
    k->bytes = (uint8_t *)strdup(text);
    if (!k->bytes) abort();
}

static struct fuzz *fuzz_setup(void)
{
    struct fuzz *z = calloc(1, sizeof *z);
    char err[700];
    if (!z) abort();
    snprintf(z->dir, sizeof z->dir, "/dev/shm/s370-fuzz-config-XXXXXX");
    if (!mkdtemp(z->dir)) {
        snprintf(z->dir, sizeof z->dir, "/tmp/s370-fuzz-config-XXXXXX");
        if (!mkdtemp(z->dir)) abort();
    }
    the = z;
    atexit(fuzz_cleanup);
    snprintf(z->name, sizeof z->name, "%s/fuzz.conf", z->dir);
    z->null = fopen("/dev/null", "w");
    if (!z->null) abort();
    z->verbose = getenv("FUZZ_VERBOSE") != NULL;
    char path[400];
    struct dasd_create_opts o = { .comp = DASD_CCKD_ZLIB };
    snprintf(path, sizeof path, "%s/vol.3390", z->dir);
    if (dasd_create_ex(path, dasd_geom_find("3390"), 1, "FUZZ01", &o, err, sizeof err)) abort();
    keep(z, "vol.3390");
    snprintf(path, sizeof path, "%s/vol.3330", z->dir);
    if (dasd_create_ex(path, dasd_geom_find("3330"), 1, "FUZZ02", &o, err, sizeof err)) abort();
    keep(z, "vol.3330");
    snprintf(path, sizeof path, "%s/tape.aws", z->dir);
    if (tape_create(path, err, sizeof err)) abort();
    keep(z, "tape.aws");
    snprintf(path, sizeof path, "%s/tape.het", z->dir);
    if (tape_create(path, err, sizeof err)) abort();
    keep(z, "tape.het");
    static uint8_t cards[160];
    memset(cards, 0x40, sizeof cards);
    memcpy(cards, "\x61\x61\xC6\xE4\xE9\xE9", 6);
    struct file *k = &z->files[z->nfiles++];
    *k = (struct file){ "default.deck", cards, sizeof cards };
    keep_text(z, "deck.txt", "//FUZZ JOB\n// EXEC PGM=IEFBR14\n");
    keep_text(z, "inc.conf", "MAINSIZE 1\n0019 3505 deck.txt\n0181 3390 vol.3390 ro\n");
    keep_text(z, "loop.conf", "INCLUDE loop.conf\n");
    keep_text(z, "bad.conf", "NUMCPU 9\n");
    keep_text(z, "devs.conf", "0100 3390 vol.3390\n0101 3330 vol.3330\n0580 3420 tape.het\n");
    empty_dir(z);
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
    size_t n = strlen(z->dir) + strlen(base) + 2;
    char *p = malloc(n);
    if (p) snprintf(p, n, "%s/%s", z->dir, base);
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
    empty_dir(z);
    for (unsigned i = 0; i < z->nfiles; i++)
        put_file(z, z->files[i].name, z->files[i].bytes, z->files[i].len);
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
