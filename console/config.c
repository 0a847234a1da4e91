/* config.c - Hercules-compatible configuration files (hercconf.html): one statement
 * a line, `KEYWORD operands` for system parameters, `CCUU TYPE ARGS...` for devices.
 * Hercules has no continuation lines (each statement is one line), so neither do we. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include "console/config.h"

#define MAX_ARGS 64

/* One configuration being read: where results go and the INCLUDE stack. */
struct parse {
    struct config *cfg;
    struct devstmt *head, **tail;
    FILE *notices;
    config_devtype_check check;
    char *err;
    size_t errlen;
    int depth;                              /* files open, outermost is 1 */
    char stack[CONFIG_INCLUDE_MAX + 1][PATH_MAX];
    bool ignore_include_errors;
};

/* Where a statement came from, for messages. */
struct where {
    const char *file;
    int line;
};

typedef int stmt_fn(struct parse *p, const struct where *w, int argc, char **argv);

struct stmt {
    const char *name;
    unsigned minabbr;       /* shortest accepted abbreviation; 0: the full name only */
    stmt_fn *fn;
    const char *help;
};

bool config_no_devtypes(const char *type)
{
    (void)type;
    return false;
}

static int fail(struct parse *p, const struct where *w, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(struct parse *p, const struct where *w, const char *fmt, ...)
{
    int n = snprintf(p->err, p->errlen, "%s:%d: ", w->file, w->line);
    if (n < 0 || (size_t)n >= p->errlen) return -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
    va_end(ap);
    return -1;
}

static void notice(struct parse *p, const struct where *w, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void notice(struct parse *p, const struct where *w, const char *fmt, ...)
{
    if (!p->notices) return;
    fprintf(p->notices, "%s:%d: ", w->file, w->line);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(p->notices, fmt, ap);
    va_end(ap);
    fputc('\n', p->notices);
}

/* ---- operand conversion ---------------------------------------------------- */

/* Decimal with optional sign, nothing else. */
static bool parse_dec(const char *s, long *out)
{
    const char *d = s + (*s == '+' || *s == '-');
    if (!*d || strspn(d, "0123456789") != strlen(d) || strlen(d) > 9) return false;
    *out = strtol(s, NULL, 10);
    return true;
}

/* 1 to maxdigits hexadecimal digits, nothing else. */
static bool parse_hex(const char *s, size_t maxdigits, uint32_t *out)
{
    size_t n = strlen(s);
    if (n < 1 || n > maxdigits || strspn(s, "0123456789abcdefABCDEF") != n) return false;
    *out = (uint32_t)strtoul(s, NULL, 16);
    return true;
}

static int need_args(struct parse *p, const struct where *w, int argc, char **argv,
                     int min, int max, const char *syntax)
{
    if (argc - 1 < min)
        return fail(p, w, "%s: operand missing (%s %s)", argv[0], argv[0], syntax);
    if (argc - 1 > max)
        return fail(p, w, "%s: unexpected operand %s (%s %s)", argv[0], argv[max + 1],
                    argv[0], syntax);
    return 0;
}

/* A decimal operand within [lo, hi]. */
static int dec_range(struct parse *p, const struct where *w, const char *kw, const char *s,
                     long lo, long hi, long *out)
{
    if (!parse_dec(s, out)) return fail(p, w, "%s %s is not a decimal number", kw, s);
    if (*out < lo || *out > hi)
        return fail(p, w, "%s %s out of range (%ld to %ld)", kw, s, lo, hi);
    return 0;
}

/* ---- system parameters ----------------------------------------------------- */

static int st_archmode(struct parse *p, const struct where *w, int argc, char **argv)
{
    if (need_args(p, w, argc, argv, 1, 1, "S/370")) return -1;
    if (strcasecmp(argv[1], "S/370") && strcasecmp(argv[1], "S370"))
        return fail(p, w, "ARCHMODE %s not supported: s370 emulates S/370 only", argv[1]);
    return 0;
}

static int st_mainsize(struct parse *p, const struct where *w, int argc, char **argv)
{
    long v;
    if (need_args(p, w, argc, argv, 1, 1, "megabytes")) return -1;
    if (dec_range(p, w, "MAINSIZE", argv[1], 1, MAX_MAINSIZE_MB, &v)) return -1;
    p->cfg->mainsize_mb = (unsigned)v;
    return 0;
}

static int st_numcpu(struct parse *p, const struct where *w, int argc, char **argv)
{
    long v;
    if (need_args(p, w, argc, argv, 1, 1, "count")) return -1;
    if (dec_range(p, w, "NUMCPU", argv[1], 1, CPU_MAX, &v)) return -1;
    p->cfg->numcpu = (unsigned)v;
    return 0;
}

static int st_cpuserial(struct parse *p, const struct where *w, int argc, char **argv)
{
    uint32_t v;
    if (need_args(p, w, argc, argv, 1, 1, "xxxxxx")) return -1;
    if (!parse_hex(argv[1], 6, &v))
        return fail(p, w, "CPUSERIAL %s is not 1 to 6 hexadecimal digits", argv[1]);
    p->cfg->cpuserial = v;
    return 0;
}

static int st_cpumodel(struct parse *p, const struct where *w, int argc, char **argv)
{
    uint32_t v;
    if (need_args(p, w, argc, argv, 1, 1, "xxxx")) return -1;
    if (strlen(argv[1]) != 4 || !parse_hex(argv[1], 4, &v))
        return fail(p, w, "CPUMODEL %s is not 4 hexadecimal digits", argv[1]);
    p->cfg->cpumodel = (uint16_t)v;
    return 0;
}

static int st_cpuverid(struct parse *p, const struct where *w, int argc, char **argv)
{
    uint32_t v;
    if (need_args(p, w, argc, argv, 1, 1, "xx")) return -1;
    if (!parse_hex(argv[1], 2, &v))
        return fail(p, w, "CPUVERID %s is not 1 or 2 hexadecimal digits", argv[1]);
    p->cfg->cpuverid = (uint8_t)v;
    return 0;
}

/* TOD clock range is 142 years, so no offset may exceed it (hercconf: YROFFSET). */
static int yroffset(struct parse *p, const struct where *w, const char *s)
{
    long v;
    if (dec_range(p, w, "YROFFSET", s, -142, 142, &v)) return -1;
    p->cfg->yroffset = (int)v;
    return 0;
}

/* SYSEPOCH yyyy [+-years]: the optional offset is a YROFFSET. Epochs before 1900
 * precede the TOD clock's own epoch, so they are refused. */
static int st_sysepoch(struct parse *p, const struct where *w, int argc, char **argv)
{
    long v;
    if (need_args(p, w, argc, argv, 1, 2, "yyyy [+-years]")) return -1;
    if (dec_range(p, w, "SYSEPOCH", argv[1], 1900, 1999, &v)) return -1;
    p->cfg->sysepoch = (int)v;
    return argc > 2 ? yroffset(p, w, argv[2]) : 0;
}

static int st_yroffset(struct parse *p, const struct where *w, int argc, char **argv)
{
    if (need_args(p, w, argc, argv, 1, 1, "+-years")) return -1;
    return yroffset(p, w, argv[1]);
}

static int st_tzoffset(struct parse *p, const struct where *w, int argc, char **argv)
{
    if (need_args(p, w, argc, argv, 1, 1, "+-hhmm")) return -1;
    const char *s = argv[1];
    int sign = 1;
    if (*s == '+' || *s == '-') sign = *s++ == '-' ? -1 : 1;
    if (strlen(s) != 4 || strspn(s, "0123456789") != 4)
        return fail(p, w, "TZOFFSET %s is not +hhmm or -hhmm", argv[1]);
    int hh = (s[0] - '0') * 10 + (s[1] - '0'), mm = (s[2] - '0') * 10 + (s[3] - '0');
    if (hh > 23 || mm > 59)
        return fail(p, w, "TZOFFSET %s out of range (-2359 to +2359)", argv[1]);
    p->cfg->tzoffset_sec = sign * (hh * 3600 + mm * 60);
    return 0;
}

/* Hercules folds the IPL parameter to upper case before converting it to EBCDIC. */
static int st_loadparm(struct parse *p, const struct where *w, int argc, char **argv)
{
    if (need_args(p, w, argc, argv, 1, 1, "xxxxxxxx")) return -1;
    size_t n = strlen(argv[1]);
    if (n > 8) return fail(p, w, "LOADPARM %s longer than 8 characters", argv[1]);
    for (size_t i = 0; i <= n; i++)
        p->cfg->loadparm[i] = (char)toupper((unsigned char)argv[1][i]);
    return 0;
}

static int st_cnslport(struct parse *p, const struct where *w, int argc, char **argv)
{
    if (need_args(p, w, argc, argv, 1, 1, "[host:]port")) return -1;
    const char *s = argv[1];
    const char *colon = strrchr(s, ':');
    const char *port = colon ? colon + 1 : s;
    long v;
    if (colon == s) return fail(p, w, "CNSLPORT %s: host missing before ':'", s);
    if (strlen(s) >= sizeof p->cfg->cnslport)
        return fail(p, w, "CNSLPORT %s too long", s);
    if (!*port || strspn(port, "0123456789") != strlen(port) || !parse_dec(port, &v))
        return fail(p, w, "CNSLPORT %s: port is not a decimal number", s);
    if (v < 1 || v > 65535) return fail(p, w, "CNSLPORT %s: port out of range (1 to 65535)", s);
    strcpy(p->cfg->cnslport, s);
    return 0;
}

/* CNSLIDLE N[s|m|h] (s370's own): a terminal session whose client sends nothing for
 * that long is disconnected (minutes without a unit; 0, the default: never). */
static int st_cnslidle(struct parse *p, const struct where *w, int argc, char **argv)
{
    if (need_args(p, w, argc, argv, 1, 1, "N[s|m|h]")) return -1;
    static const struct { char unit; long secs; } units[] = {
        { '\0', 60 }, { 's', 1 }, { 'm', 60 }, { 'h', 3600 },
    };
    char num[16];
    const char *s = argv[1];
    size_t n = strspn(s, "0123456789");
    if (n == 0 || n >= sizeof num || (s[n] && s[n + 1]))
        return fail(p, w, "CNSLIDLE %s: not a number with an optional unit s, m or h", s);
    long mul = 0, v;
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (units[i].unit == s[n]) mul = units[i].secs;
    if (!mul) return fail(p, w, "CNSLIDLE %s: the unit is s, m or h", s);
    memcpy(num, s, n);
    num[n] = 0;
    if (!parse_dec(num, &v) || v > 7 * 24 * 3600 / mul)     /* a week at most */
        return fail(p, w, "CNSLIDLE %s out of range", s);
    p->cfg->cnslidle_sec = (uint32_t)(v * mul);
    return 0;
}

/* WINDOW [CCUU] (s370's own; Hercules has no window): open the SDL2 window at start,
 * on that 3270 display or the first free one, as `s370 run --window` does. */
static int st_window(struct parse *p, const struct where *w, int argc, char **argv)
{
    if (need_args(p, w, argc, argv, 0, 1, "[ccuu]")) return -1;
    uint32_t v = 0;
    if (argc == 2 && !parse_hex(argv[1], 4, &v))
        return fail(p, w, "WINDOW %s is not a device number (1 to 4 hex digits)", argv[1]);
    p->cfg->window = true;
    p->cfg->window_dev = argc == 2 ? (int)v : -1;
    return 0;
}

static int parse_file(struct parse *p, const char *path, const struct where *from);

/* INCLUDE is relative to the directory of the including file. */
static int st_include(struct parse *p, const struct where *w, int argc, char **argv)
{
    if (need_args(p, w, argc, argv, 1, 1, "file")) return -1;
    char path[PATH_MAX];
    const char *slash = strrchr(w->file, '/');
    if (argv[1][0] == '/' || !slash)
        snprintf(path, sizeof path, "%s", argv[1]);
    else
        snprintf(path, sizeof path, "%.*s/%s", (int)(slash - w->file), w->file, argv[1]);
    return parse_file(p, path, w);
}

/* IGNORE INCLUDE_ERRORS: later INCLUDEs of missing files are skipped with a notice. */
static int st_ignore(struct parse *p, const struct where *w, int argc, char **argv)
{
    if (need_args(p, w, argc, argv, 1, 1, "INCLUDE_ERRORS")) return -1;
    if (strcasecmp(argv[1], "INCLUDE_ERRORS"))
        return fail(p, w, "IGNORE %s: only IGNORE INCLUDE_ERRORS is known", argv[1]);
    p->ignore_include_errors = true;
    return 0;
}

/* Hercules statements that have no meaning here yet: accepted, but never silently. */
static int st_notimpl(struct parse *p, const struct where *w, int argc, char **argv)
{
    (void)argc;
    notice(p, w, "%s is not implemented by s370; statement ignored", argv[0]);
    return 0;
}

#define NOTIMPL(n) { n, 0, st_notimpl, "Hercules statement, accepted and ignored" }
static const struct stmt stmts[] = {
    { "ARCHMODE", 0, st_archmode, "architecture mode: S/370 (also S370) only" },
    { "MAINSIZE", 0, st_mainsize, "main storage in megabytes, 1 to 16" },
    { "NUMCPU", 0, st_numcpu, "number of CPUs, 1 to 4" },
    { "CPUSERIAL", 0, st_cpuserial, "CPU serial number, 1 to 6 hex digits (STIDP)" },
    { "CPUMODEL", 0, st_cpumodel, "CPU model, 4 hex digits (STIDP)" },
    { "CPUVERID", 0, st_cpuverid, "CPU version code, hex byte (STIDP)" },
    { "SYSEPOCH", 0, st_sysepoch, "TOD clock base year, 1900 to 1999 [+-years]" },
    { "YROFFSET", 0, st_yroffset, "years added to the host date, -142 to 142" },
    { "TZOFFSET", 0, st_tzoffset, "time zone offset +-hhmm" },
    { "LOADPARM", 0, st_loadparm, "IPL parameter, up to 8 characters" },
    { "CNSLPORT", 0, st_cnslport, "TN3270 listener [host:]port" },
    { "CNSLIDLE", 0, st_cnslidle, "disconnect terminals idle this long (N[s|m|h], 0: never)" },
    { "WINDOW", 0, st_window, "open the SDL2 window at start [on 3270 display ccuu]" },
    { "INCLUDE", 0, st_include, "read another file here (relative to this one)" },
    { "IGNORE", 0, st_ignore, "IGNORE INCLUDE_ERRORS: skip missing INCLUDE files" },
    NOTIMPL("ALRF"), NOTIMPL("ASN_AND_LX_REUSE"), NOTIMPL("AUTOMOUNT"),
    NOTIMPL("AUTO_SCSI_MOUNT"), NOTIMPL("CCKD"), NOTIMPL("CODEPAGE"), NOTIMPL("CONKPALV"),
    NOTIMPL("CPUPRIO"), NOTIMPL("DEFSYM"), NOTIMPL("DEVPRIO"), NOTIMPL("DEVTMAX"),
    NOTIMPL("DIAG8CMD"), NOTIMPL("ECPSVM"), NOTIMPL("ENGINES"), NOTIMPL("HERCLOGO"),
    NOTIMPL("HERCPRIO"), NOTIMPL("HTTPPORT"), NOTIMPL("HTTPROOT"), NOTIMPL("IODELAY"),
    NOTIMPL("LDMOD"), NOTIMPL("LEGACYSENSEID"), NOTIMPL("LOGOPT"), NOTIMPL("LPARNAME"),
    NOTIMPL("LPARNUM"), NOTIMPL("MANUFACTURER"), NOTIMPL("MAXCPU"), NOTIMPL("MODEL"),
    NOTIMPL("MODPATH"), NOTIMPL("MOUNTED_TAPE_REINIT"), NOTIMPL("MSGHLD"),
    NOTIMPL("NUMVEC"), NOTIMPL("OSTAILOR"), NOTIMPL("PANRATE"), NOTIMPL("PANTITLE"),
    NOTIMPL("PGMPRDOS"), NOTIMPL("PLANT"), NOTIMPL("SCLPROOT"), NOTIMPL("SHCMDOPT"),
    NOTIMPL("SHRDPORT"), NOTIMPL("SYSGPORT"), NOTIMPL("TIMERINT"), NOTIMPL("TODDRAG"),
    NOTIMPL("TODPRIO"), NOTIMPL("TRACEOPT"), NOTIMPL("XPNDSIZE"),
};

static const struct stmt *find_stmt(const char *word)
{
    size_t n = strlen(word);
    for (size_t i = 0; i < sizeof stmts / sizeof stmts[0]; i++) {
        const struct stmt *s = &stmts[i];
        if (!strcasecmp(word, s->name)) return s;
        if (s->minabbr && n >= s->minabbr && n < strlen(s->name) &&
            !strncasecmp(word, s->name, n))
            return s;
    }
    return NULL;
}

/* ---- device statements ----------------------------------------------------- */

/* Device numbers: CCUU, CCUU-CCUU, CCUU.count (decimal, as Hercules), and
 * comma-separated lists of these. Fills nums; returns the count or -1. */
static int parse_devnums(const char *spec, uint16_t *nums, int max)
{
    char buf[256];
    if (strlen(spec) >= sizeof buf) return -1;
    strcpy(buf, spec);
    int n = 0;
    char *save = NULL;
    for (char *item = strtok_r(buf, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
        char *sep = item + strcspn(item, "-.");
        char op = *sep;
        *sep = 0;
        uint32_t first, last;
        if (!parse_hex(item, 4, &first)) return -1;
        last = first;
        if (op == '-') {
            if (!parse_hex(sep + 1, 4, &last) || last < first) return -1;
        } else if (op == '.') {
            long cnt;
            if (!parse_dec(sep + 1, &cnt) || cnt < 1 || first + (uint32_t)cnt - 1 > 0xFFFF)
                return -1;
            last = first + (uint32_t)cnt - 1;
        }
        for (uint32_t d = first; d <= last; d++) {
            if (n >= max) return -1;
            nums[n++] = (uint16_t)d;
        }
    }
    return n ? n : -1;
}

/* Does the word look like device numbers rather than a keyword? */
static bool is_devspec(const char *s)
{
    return *s && isxdigit((unsigned char)*s) && strspn(s, "0123456789abcdefABCDEF-.,") == strlen(s);
}

static struct devstmt *find_dev(struct parse *p, uint16_t devnum)
{
    for (struct devstmt *d = p->head; d; d = d->next)
        if (d->devnum == devnum) return d;
    return NULL;
}

static void free_one(struct devstmt *d)
{
    for (int i = 0; i < d->argc; i++) free(d->argv[i]);
    free(d->argv);
    free(d);
}

static struct devstmt *new_dev(uint16_t devnum, const char *type, int argc, char **argv,
                               const struct where *w)
{
    struct devstmt *d = calloc(1, sizeof *d);
    if (!d) return NULL;
    d->devnum = devnum;
    snprintf(d->type, sizeof d->type, "%s", type);
    snprintf(d->file, sizeof d->file, "%s", w->file);
    d->line = w->line;
    d->argv = calloc((size_t)argc + 1, sizeof *d->argv);
    if (!d->argv) { free(d); return NULL; }
    for (int i = 0; i < argc; i++) {
        d->argv[i] = strdup(argv[i]);
        if (!d->argv[i]) { free_one(d); return NULL; }
        d->argc = i + 1;
    }
    return d;
}

static int device_stmt(struct parse *p, const struct where *w, int argc, char **argv)
{
    static const int maxdevs = 4096;
    uint16_t *nums = malloc(maxdevs * sizeof *nums);
    if (!nums) return fail(p, w, "out of memory");
    int n = parse_devnums(argv[0], nums, maxdevs);
    int rc = 0;
    if (n < 0)
        rc = fail(p, w, "invalid device number %s (CCUU, CCUU-CCUU or CCUU.count)", argv[0]);
    else if (argc < 2)
        rc = fail(p, w, "device %s: device type missing", argv[0]);
    else if (strlen(argv[1]) >= sizeof p->head->type || !p->check(argv[1]))
        rc = fail(p, w, "unknown device type %s", argv[1]);
    for (int i = 0; !rc && i < n; i++) {
        struct devstmt *old = find_dev(p, nums[i]);
        if (old) {
            rc = fail(p, w, "device %04X already defined at %s:%d", nums[i], old->file, old->line);
            break;
        }
        struct devstmt *d = new_dev(nums[i], argv[1], argc - 2, argv + 2, w);
        if (!d) { rc = fail(p, w, "out of memory"); break; }
        *p->tail = d;
        p->tail = &d->next;
    }
    free(nums);
    return rc;
}

/* ---- lines and files ------------------------------------------------------- */

/* Split a line into words in place. Double quotes group words with blanks; a `#`
 * that begins a word starts a trailing comment. Returns the count, or -1 when
 * there are too many words or a quote is not closed. */
static int split(char *s, char **argv, int max)
{
    int argc = 0;
    for (;;) {
        while (isspace((unsigned char)*s)) s++;
        if (!*s || *s == '#') return argc;
        if (argc == max) return -1;
        char *out = s;
        argv[argc++] = out;
        bool quoted = false;
        while (*s && (quoted || !isspace((unsigned char)*s))) {
            if (*s == '"') { quoted = !quoted; s++; continue; }
            *out++ = *s++;
        }
        if (quoted) return -1;
        bool end = !*s;
        *out = 0;
        if (end) return argc;
        s++;
    }
}

static int parse_line(struct parse *p, const struct where *w, char *line)
{
    char *argv[MAX_ARGS];
    char *s = line;
    while (isspace((unsigned char)*s)) s++;
    if (*s == '*' || *s == '#') return 0;
    int argc = split(s, argv, MAX_ARGS);
    if (argc < 0) return fail(p, w, "too many operands or unbalanced quotes");
    if (argc == 0) return 0;
    const struct stmt *st = find_stmt(argv[0]);
    if (st) return st->fn(p, w, argc, argv);
    if (is_devspec(argv[0])) return device_stmt(p, w, argc, argv);
    return fail(p, w, "unknown statement %s", argv[0]);
}

/* Parse text (a whole file) line by line; name is used in messages. */
static int parse_text(struct parse *p, const char *name, const char *text)
{
    struct where w = { name, 0 };
    const char *s = text;
    while (*s) {
        size_t n = strcspn(s, "\n");
        char *line = malloc(n + 1);
        if (!line) return fail(p, &w, "out of memory");
        memcpy(line, s, n);
        line[n] = 0;
        if (n && line[n - 1] == '\r') line[n - 1] = 0;
        w.line++;
        int rc = parse_line(p, &w, line);
        free(line);
        if (rc) return rc;
        s += n;
        if (*s) s++;
    }
    return 0;
}

/* A configuration is a few kilobytes; reading stops at this (INCLUDE /dev/zero). */
#define CONFIG_MAX_BYTES (16u << 20)

/* The whole file, or NULL (out of memory, or longer than CONFIG_MAX_BYTES). */
static char *read_all(FILE *f)
{
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    while (buf) {
        size_t got = fread(buf + len, 1, cap - len - 1, f);
        len += got;
        if (len < cap - 1) break;
        if (cap >= CONFIG_MAX_BYTES) {
            free(buf);
            return NULL;
        }
        char *nb = realloc(buf, cap *= 2);
        if (!nb) { free(buf); return NULL; }
        buf = nb;
    }
    if (buf) buf[len] = 0;
    return buf;
}

/* Enter a file (or string) named name: nesting and loop checks. */
static int push(struct parse *p, const char *id, const struct where *from, const char *name)
{
    for (int i = 0; i < p->depth; i++)
        if (!strcmp(p->stack[i], id))
            return fail(p, from, "INCLUDE loop: %s is already being read", name);
    if (p->depth > CONFIG_INCLUDE_MAX)
        return fail(p, from, "INCLUDE nested deeper than %d files", CONFIG_INCLUDE_MAX);
    snprintf(p->stack[p->depth++], sizeof p->stack[0], "%s", id);
    return 0;
}

/* from is NULL for the outermost file. */
static int parse_file(struct parse *p, const char *path, const struct where *from)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        if (!from) {
            snprintf(p->err, p->errlen, "%s: cannot open: %s", path, strerror(errno));
            return -1;
        }
        if (p->ignore_include_errors) {
            notice(p, from, "INCLUDE %s: %s; ignored", path, strerror(errno));
            return 0;
        }
        return fail(p, from, "INCLUDE %s: %s", path, strerror(errno));
    }
    /* An INCLUDE names a file: a device or a FIFO would block or never end. */
    struct stat st;
    if (from && (fstat(fileno(f), &st) || !S_ISREG(st.st_mode))) {
        fclose(f);
        return fail(p, from, "INCLUDE %s: not a regular file", path);
    }
    char id[PATH_MAX];
    if (!realpath(path, id)) snprintf(id, sizeof id, "%s", path);
    struct where top = { path, 0 };
    int rc = push(p, id, from ? from : &top, path);
    if (!rc) {
        char *text = read_all(f);
        if (!text)
            rc = fail(p, from ? from : &top, "%s: cannot read (or longer than %u bytes)", path,
                      CONFIG_MAX_BYTES);
        else rc = parse_text(p, path, text);
        free(text);
        p->depth--;
    }
    fclose(f);
    return rc;
}

static void begin(struct parse *p, struct config *cfg, FILE *notices, char *err, size_t errlen,
                  config_devtype_check check)
{
    memset(p, 0, sizeof *p);
    config_defaults(cfg);
    p->cfg = cfg;
    p->tail = &p->head;
    p->notices = notices;
    p->check = check ? check : config_no_devtypes;
    p->err = err;
    p->errlen = errlen;
    if (errlen) err[0] = 0;
}

static int finish(struct parse *p, int rc, struct devstmt **devs)
{
    if (rc) {
        config_free_devs(p->head);
        p->head = NULL;
    }
    *devs = p->head;
    return rc ? -1 : 0;
}

int config_load(const char *path, struct config *cfg, struct devstmt **devs,
                FILE *notices, char *err, size_t errlen, config_devtype_check check)
{
    struct parse *p = malloc(sizeof *p);
    if (!p) { snprintf(err, errlen, "%s: out of memory", path); *devs = NULL; return -1; }
    begin(p, cfg, notices, err, errlen, check);
    snprintf(cfg->path, sizeof cfg->path, "%s", path);
    int rc = finish(p, parse_file(p, path, NULL), devs);
    free(p);
    return rc;
}

int config_parse_string(const char *name, const char *text, struct config *cfg,
                        struct devstmt **devs, FILE *notices, char *err, size_t errlen,
                        config_devtype_check check)
{
    struct parse *p = malloc(sizeof *p);
    if (!p) { snprintf(err, errlen, "%s: out of memory", name); *devs = NULL; return -1; }
    begin(p, cfg, notices, err, errlen, check);
    snprintf(cfg->path, sizeof cfg->path, "%s", name);
    struct where top = { name, 0 };
    int rc = push(p, name, &top, name);
    if (!rc) rc = parse_text(p, name, text);
    rc = finish(p, rc, devs);
    free(p);
    return rc;
}

void config_free_devs(struct devstmt *d)
{
    while (d) {
        struct devstmt *next = d->next;
        free_one(d);
        d = next;
    }
}
