/* main.c - the s370 program: a table of subcommands (run now; dasd and tape later).
 * Exit codes: 0 ok, 1 configuration or start-up error, 2 usage error. Messages go
 * to stdout (the console), errors to stderr. */
#include <config.h>     /* the generated one (PACKAGE_VERSION), not console/config.h */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "console/config.h"
#include "console/console.h"
#include "console/telnet.h"
#include "console/window.h"
#include "channel/channel.h"
#include "devices/devices.h"
#include "devices/devtab.h"
#include "dasd/dasd.h"

#define DEFAULT_CONFIG "images/default.conf"

enum { EXIT_OK = 0, EXIT_CONFIG = 1, EXIT_USAGE = 2 };

struct subcommand {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *synopsis;
    const char *help;
};

static int sub_run(int argc, char **argv);

static const struct subcommand subcommands[] = {
    { "run", sub_run, "run [--window [CCUU]] [CONFIG]",
      "start the machine from CONFIG (default " DEFAULT_CONFIG "); console commands on stdin" },
    { "dasd", dasd_cmd_main, "dasd create|info ...", "create or describe CKD DASD images" },
    { "tape", tape_cmd_main, "tape ls|create FILE", "list or create AWSTAPE/HET tape images" },
};

static void usage(FILE *f)
{
    fprintf(f, "usage: s370 --help | --version | SUBCOMMAND [ARGS]\n\nsubcommands:\n");
    for (size_t i = 0; i < sizeof subcommands / sizeof subcommands[0]; i++)
        fprintf(f, "  s370 %-28s %s\n", subcommands[i].synopsis, subcommands[i].help);
    fprintf(f, "\nSee s370(1) for configuration statements and console commands.\n");
}

/* The configuration's device lines name types from the device-type table. */
static bool dev_type_known(const char *type)
{
    return dev_type_find(type) != NULL;
}

/* Create the devices of the configuration; an error names the file and line. */
static int attach_devices(struct machine *m, const struct devstmt *d, char *err, size_t errlen)
{
    for (; d; d = d->next) {
        char why[512];
        if (dev_attach(m, d->devnum, d->type, d->argc, d->argv, why, sizeof why)) {
            snprintf(err, errlen, "%.400s:%d: %.400s", d->file, d->line, why);
            return -1;
        }
    }
    return 0;
}

/* Remote consoles (3215, 1052) are reached by telnet on CNSLPORT. Without the
 * listener the machine still runs; those consoles stay not ready. */
static void start_listener(struct machine *m)
{
    char err[512];
    if (!con_listener_wanted(m)) return;
    if (con_listener_start(m, err, sizeof err)) {
        fprintf(stderr, "s370: %s; telnet consoles not available\n", err);
        return;
    }
    printf("s370: telnet consoles on port %d\n", con_listener_port(m));
}

/* The run-commands file, as Hercules reads hercules.rc: panel commands run once the
 * machine has started, each logged after "> " (`#` lines are silent comments, `*` lines
 * are logged). HERCULES_RC names it (empty: none); else the file next to the
 * configuration with its base name and .rc (hercules.cnf and hercules.rc,
 * images/default.conf and images/default.rc); else hercules.rc in the current
 * directory. A missing file is no error. 1 when it ran quit. */
static int run_rc(struct machine *m, const char *config)
{
    char path[1024];
    const char *env = getenv("HERCULES_RC");
    const char *slash = strrchr(config, '/');
    const char *dot = strrchr(config, '.');
    int base = dot && dot > (slash ? slash : config) ? (int)(dot - config) : (int)strlen(config);
    if (env) snprintf(path, sizeof path, "%s", env);
    else snprintf(path, sizeof path, "%.*s.rc", base, config);
    FILE *f = *path && strcmp(path, config) ? fopen(path, "r") : NULL;
    if (!f && !env) f = fopen("hercules.rc", "r");
    if (!f) return 0;
    char *line = NULL;
    size_t cap = 0;
    int quit = 0;
    while (!quit && getline(&line, &cap, f) >= 0) {
        line[strcspn(line, "\r\n")] = 0;
        const char *s = line + strspn(line, " \t");
        if (!*s || *s == '#') continue;
        if (*s == '*') {
            machine_msg(m, "%s\n", s);
            continue;
        }
        machine_msg(m, "> %s\n", s);
        quit = con_command(m, s) == 1;
    }
    free(line);
    fclose(f);
    return quit;
}

/* 1 to 4 hex digits. */
static bool is_devnum(const char *s)
{
    size_t n = strlen(s);
    return n >= 1 && n <= 4 && strspn(s, "0123456789abcdefABCDEF") == n;
}

static int sub_run(int argc, char **argv)
{
    const char *path = NULL;
    int window = -1;            /* --window, --no-window: 1, 0; -1: as the configuration says */
    int window_dev = -1;        /* -1: the first free 3270 display */
    for (int i = 1; i < argc; i++) {
        const char *dev = NULL;
        if (!strcmp(argv[i], "--window")) {
            window = 1;
            /* `--window CCUU`: a following 1 to 4 hex digits name the device (a
             * configuration file by such a name is ./NAME). */
            if (i + 1 < argc && is_devnum(argv[i + 1])) dev = argv[++i];
        } else if (!strncmp(argv[i], "--window=", 9)) {
            window = 1;
            dev = argv[i] + 9;
            if (!is_devnum(dev)) {
                fprintf(stderr, "s370 run: --window=CCUU needs a device number, not %s\n", dev);
                return EXIT_USAGE;
            }
        } else if (!strcmp(argv[i], "--no-window")) {
            window = 0;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "s370 run: unknown option %s\n", argv[i]);
            return EXIT_USAGE;
        } else if (path) {
            fprintf(stderr, "s370 run: only one configuration file, not %s and %s\n", path, argv[i]);
            return EXIT_USAGE;
        } else {
            path = argv[i];
        }
        if (dev) window_dev = (int)strtol(dev, NULL, 16);
    }
    if (!path) path = DEFAULT_CONFIG;

    struct config cfg;
    struct devstmt *devs = NULL;
    char err[1024];
    if (config_load(path, &cfg, &devs, stdout, err, sizeof err, dev_type_known)) {
        fprintf(stderr, "s370: %s\n", err);
        return EXIT_CONFIG;
    }
    struct machine m;
    if (machine_init(&m, &cfg, err, sizeof err)) {
        fprintf(stderr, "s370: %s: %s\n", path, err);
        machine_free(&m);
        config_free_devs(devs);
        return EXIT_CONFIG;
    }
    m.out = stdout;
    if (chan_init(&m) || attach_devices(&m, devs, err, sizeof err)) {
        fprintf(stderr, "s370: %s\n", err);
        dev_detach_all(&m);
        chan_shutdown(&m);
        machine_free(&m);
        config_free_devs(devs);
        return EXIT_CONFIG;
    }
    printf("s370 %s: S/370, MAINSIZE %uM, NUMCPU %u, configuration %s\n", PACKAGE_VERSION,
           cfg.mainsize_mb, cfg.numcpu, path);
    start_listener(&m);
    fflush(stdout);
    int rc = EXIT_OK;
    /* The window opens before the CPUs start: without a display s370 stops here. */
    struct con_window *win = NULL;
    if (window < 0 && cfg.window) {
        window = 1;
        window_dev = cfg.window_dev;
    }
    if (window == 1 && !(win = con_window_open(&m, window_dev, err, sizeof err))) {
        fprintf(stderr, "s370: window: %s\n", err);
        rc = EXIT_CONFIG;
    } else if (con_machine_start(&m)) {
        rc = EXIT_CONFIG;
    } else if (!run_rc(&m, path)) {
        if (win) con_window_run(win, stdin, isatty(STDIN_FILENO));
        else con_run(&m, stdin, isatty(STDIN_FILENO));
    }
    con_window_close(win);
    con_machine_shutdown(&m);
    con_listener_stop(&m);      /* sessions end: their consoles become not ready */
    chan_shutdown(&m);          /* halts programs still running (a console read) */
    dev_detach_all(&m);
    machine_free(&m);
    config_free_devs(devs);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(stdout);
        return EXIT_OK;
    }
    if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
        printf("s370 %s\n", PACKAGE_VERSION);
        return EXIT_OK;
    }
    for (size_t i = 0; i < sizeof subcommands / sizeof subcommands[0]; i++)
        if (!strcmp(argv[1], subcommands[i].name))
            return subcommands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "s370: unknown subcommand %s (try s370 --help)\n", argv[1]);
    return EXIT_USAGE;
}
