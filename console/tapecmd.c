/* tapecmd.c - `s370 tape`: list and create AWSTAPE/HET tape images.
 *
 *   s370 tape ls FILE             per file: blocks, block sizes, bytes (like
 *                                 `hetmap -t`, plus byte counts)
 *   s370 tape create FILE [--het] an empty tape: two tapemarks (as `hetinit -n`)
 *
 * Exit codes: 0 ok, 1 error (named on stderr), 2 usage. */
#include <stdio.h>
#include <string.h>
#include "console/console.h"
#include "devices/awstape.h"

enum { TC_OK = 0, TC_ERR = 1, TC_USAGE = 2 };

struct tc_file {
    uint32_t blocks, minblk, maxblk;
    uint64_t bytes, stored;
};

struct tc_sub {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *synopsis;
};

static int tc_usage(void);

static void tc_add(struct tc_file *f, uint32_t len, uint32_t stored)
{
    if (!f->blocks || len < f->minblk) f->minblk = len;
    if (len > f->maxblk) f->maxblk = len;
    f->blocks++;
    f->bytes += len;
    f->stored += stored;
}

static void tc_print(unsigned n, const struct tc_file *f)
{
    printf("File %u: Blocks=%u, block size min=%u, max=%u, bytes=%llu, stored=%llu\n", n,
           f->blocks, f->minblk, f->maxblk, (unsigned long long)f->bytes,
           (unsigned long long)f->stored);
}

/* Walk the tape: a tapemark ends a file; data after the last one is a file too. */
static int tc_ls(int argc, char **argv)
{
    if (argc != 2) return tc_usage();
    struct tape_opts o;
    struct tape_file t;
    char err[1200];
    tape_opts_default(&o);
    o.ro = true;
    if (tape_open(&t, argv[1], &o, err, sizeof err)) {
        fprintf(stderr, "s370 tape: %s\n", err);
        return TC_ERR;
    }
    printf("%s: %s tape image\n", argv[1], t.fmt == TAPE_FMT_HET ? "HET" : "AWS");
    struct tc_file cur = { 0 }, all = { 0 };
    unsigned files = 0;
    enum tape_rc rc;
    uint32_t len;
    while ((rc = tape_read(&t, t.blk, &len)) == TAPE_OK || rc == TAPE_TM) {
        if (rc == TAPE_OK) {
            tc_add(&cur, len, t.lastraw);
            continue;
        }
        tc_print(++files, &cur);
        all.blocks += cur.blocks;
        all.bytes += cur.bytes;
        all.stored += cur.stored;
        memset(&cur, 0, sizeof cur);
    }
    int status = TC_OK;
    if (rc != TAPE_EOD) {
        fprintf(stderr, "s370 tape: %s: block %u: %s: %s\n", argv[1], t.blockno + 1,
                tape_rc_str(rc), t.why);
        status = TC_ERR;
    }
    if (cur.blocks) {
        tc_print(++files, &cur);
        all.blocks += cur.blocks;
        all.bytes += cur.bytes;
        all.stored += cur.stored;
    }
    printf("End of tape: %u files, %u blocks, %llu bytes, %llu stored\n", files, all.blocks,
           (unsigned long long)all.bytes, (unsigned long long)all.stored);
    tape_close(&t);
    return status;
}

static int tc_create(int argc, char **argv)
{
    const char *path = NULL;
    bool het = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--het")) het = true;
        else if (argv[i][0] == '-' && argv[i][1]) return tc_usage();
        else if (path) return tc_usage();
        else path = argv[i];
    }
    if (!path) return tc_usage();
    if (het && !tape_name_is_het(path)) {
        fprintf(stderr, "s370 tape: %s: a HET image's name must end in .het "
                        "(that is how it is recognised)\n", path);
        return TC_ERR;
    }
    char err[1200];
    if (tape_create(path, err, sizeof err)) {
        fprintf(stderr, "s370 tape: %s\n", err);
        return TC_ERR;
    }
    printf("%s: empty %s tape image created\n", path, tape_name_is_het(path) ? "HET" : "AWS");
    return TC_OK;
}

static const struct tc_sub tc_subs[] = {
    { "ls", tc_ls, "ls FILE" },
    { "create", tc_create, "create FILE [--het]" },
};

static int tc_usage(void)
{
    fprintf(stderr, "usage:\n");
    for (size_t i = 0; i < sizeof tc_subs / sizeof tc_subs[0]; i++)
        fprintf(stderr, "  s370 tape %s\n", tc_subs[i].synopsis);
    return TC_USAGE;
}

int tape_cmd_main(int argc, char **argv)
{
    if (argc < 2) return tc_usage();
    for (size_t i = 0; i < sizeof tc_subs / sizeof tc_subs[0]; i++)
        if (!strcmp(argv[1], tc_subs[i].name)) return tc_subs[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "s370 tape: unknown command %s\n", argv[1]);
    return tc_usage();
}
