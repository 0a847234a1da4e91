/* test_config.c - the configuration parser: every statement, every error, comments,
 * INCLUDE, notices and device statements. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>
#include "harness.h"
#include "console/config.h"
#include "devices/devtab.h"

/* Parse text as "t.conf"; notices are collected in notes. */
struct result {
    int rc;
    struct config cfg;
    struct devstmt *devs;
    char err[512];
    char *notes;
    size_t noteslen;
};

static void parse_with(struct result *r, const char *text, config_devtype_check check)
{
    FILE *n = open_memstream(&r->notes, &r->noteslen);
    r->rc = config_parse_string("t.conf", text, &r->cfg, &r->devs, n, r->err, sizeof r->err, check);
    fclose(n);
}

static void parse(struct result *r, const char *text)
{
    parse_with(r, text, NULL);
}

static void done(struct result *r)
{
    config_free_devs(r->devs);
    free(r->notes);
}

/* The text must fail with exactly this message. */
static void expect_error(const char *text, const char *msg)
{
    struct result r;
    parse(&r, text);
    ck_assert_msg(r.rc == -1, "accepted: %s", text);
    ck_assert_str_eq(r.err, msg);
    ck_assert_ptr_null(r.devs);
    done(&r);
}

static bool known_types(const char *type)
{
    return !strcmp(type, "3215") || !strcmp(type, "3505") || !strcmp(type, "3420");
}

START_TEST(t_defaults_and_empty)
{
    struct result r;
    parse(&r, "");
    ck_assert_int_eq(r.rc, 0);
    ck_assert_uint_eq(r.cfg.mainsize_mb, 2);
    ck_assert_uint_eq(r.cfg.numcpu, 1);
    ck_assert_uint_eq(r.cfg.cpumodel, 0x3033);
    ck_assert_uint_eq(r.cfg.cpuverid, 0xFD);
    ck_assert_int_eq(r.cfg.sysepoch, 1900);
    ck_assert_str_eq(r.cfg.cnslport, "3270");
    ck_assert_str_eq(r.cfg.path, "t.conf");
    ck_assert_ptr_null(r.devs);
    ck_assert_uint_eq(r.noteslen, 0);
    done(&r);
}
END_TEST

START_TEST(t_all_statements)
{
    struct result r;
    parse(&r,
          "archmode s/370\n"
          "MAINSIZE 16\n"
          "NumCpu 4\n"
          "CPUSERIAL 0123AB\n"
          "CPUMODEL 0158\n"
          "CPUVERID 0A\n"
          "SYSEPOCH 1960\n"
          "YROFFSET -28\n"
          "TZOFFSET -0530\n"
          "LOADPARM abc.1\n"
          "CNSLPORT 127.0.0.1:3271\n"
          "CNSLIDLE 90\n");
    ck_assert_msg(r.rc == 0, "%s", r.err);
    ck_assert_uint_eq(r.cfg.cnslidle_sec, 90 * 60);
    ck_assert_uint_eq(r.cfg.mainsize_mb, 16);
    ck_assert_uint_eq(r.cfg.numcpu, 4);
    ck_assert_uint_eq(r.cfg.cpuserial, 0x0123AB);
    ck_assert_uint_eq(r.cfg.cpumodel, 0x0158);
    ck_assert_uint_eq(r.cfg.cpuverid, 0x0A);
    ck_assert_int_eq(r.cfg.sysepoch, 1960);
    ck_assert_int_eq(r.cfg.yroffset, -28);
    ck_assert_int_eq(r.cfg.tzoffset_sec, -(5 * 3600 + 30 * 60));
    ck_assert_str_eq(r.cfg.loadparm, "ABC.1");
    ck_assert_str_eq(r.cfg.cnslport, "127.0.0.1:3271");
    done(&r);
}
END_TEST

START_TEST(t_value_forms)
{
    struct result r;
    parse(&r, "ARCHMODE S370\nSYSEPOCH 1900 +142\nTZOFFSET 0100\nCNSLPORT 3270\n"
              "CPUSERIAL 1\nCPUVERID f\nYROFFSET +5\nLOADPARM 12345678\n");
    ck_assert_msg(r.rc == 0, "%s", r.err);
    ck_assert_int_eq(r.cfg.yroffset, 5);   /* the later YROFFSET wins */
    ck_assert_uint_eq(r.cfg.cnslidle_sec, 0);   /* no CNSLIDLE: never */
    ck_assert_int_eq(r.cfg.tzoffset_sec, 3600);
    ck_assert_uint_eq(r.cfg.cpuserial, 1);
    ck_assert_uint_eq(r.cfg.cpuverid, 0xF);
    ck_assert_str_eq(r.cfg.loadparm, "12345678");
    done(&r);
    parse(&r, "SYSEPOCH 1900 -142\nTZOFFSET +2359\n");
    ck_assert_msg(r.rc == 0, "%s", r.err);
    ck_assert_int_eq(r.cfg.yroffset, -142);
    ck_assert_int_eq(r.cfg.tzoffset_sec, 23 * 3600 + 59 * 60);
    done(&r);
    parse(&r, "CNSLIDLE 45s\n");
    ck_assert_uint_eq(r.cfg.cnslidle_sec, 45);
    done(&r);
    parse(&r, "CNSLIDLE 2h\n");
    ck_assert_uint_eq(r.cfg.cnslidle_sec, 2 * 3600);
    done(&r);
}
END_TEST

START_TEST(t_errors)
{
    expect_error("NUMCPU 1\nNUMCPU 9\n", "t.conf:2: NUMCPU 9 out of range (1 to 4)");
    expect_error("NUMCPU 0", "t.conf:1: NUMCPU 0 out of range (1 to 4)");
    expect_error("NUMCPU two", "t.conf:1: NUMCPU two is not a decimal number");
    expect_error("NUMCPU", "t.conf:1: NUMCPU: operand missing (NUMCPU count)");
    expect_error("NUMCPU 1 2", "t.conf:1: NUMCPU: unexpected operand 2 (NUMCPU count)");
    expect_error("MAINSIZE 17", "t.conf:1: MAINSIZE 17 out of range (1 to 16)");
    expect_error("MAINSIZE 0", "t.conf:1: MAINSIZE 0 out of range (1 to 16)");
    expect_error("MAINSIZE 2M", "t.conf:1: MAINSIZE 2M is not a decimal number");
    expect_error("ARCHMODE ESA/390",
                 "t.conf:1: ARCHMODE ESA/390 not supported: s370 emulates S/370 only");
    expect_error("ARCHMODE z/Arch",
                 "t.conf:1: ARCHMODE z/Arch not supported: s370 emulates S/370 only");
    expect_error("ARCHMODE ESAME",
                 "t.conf:1: ARCHMODE ESAME not supported: s370 emulates S/370 only");
    expect_error("CPUSERIAL 1234567", "t.conf:1: CPUSERIAL 1234567 is not 1 to 6 hexadecimal digits");
    expect_error("CPUSERIAL 12G4", "t.conf:1: CPUSERIAL 12G4 is not 1 to 6 hexadecimal digits");
    expect_error("CPUMODEL 158", "t.conf:1: CPUMODEL 158 is not 4 hexadecimal digits");
    expect_error("CPUMODEL 30333", "t.conf:1: CPUMODEL 30333 is not 4 hexadecimal digits");
    expect_error("CPUVERID 100", "t.conf:1: CPUVERID 100 is not 1 or 2 hexadecimal digits");
    expect_error("SYSEPOCH 1800", "t.conf:1: SYSEPOCH 1800 out of range (1900 to 1999)");
    expect_error("SYSEPOCH 1960 +200", "t.conf:1: YROFFSET +200 out of range (-142 to 142)");
    expect_error("YROFFSET -143", "t.conf:1: YROFFSET -143 out of range (-142 to 142)");
    expect_error("YROFFSET x", "t.conf:1: YROFFSET x is not a decimal number");
    expect_error("TZOFFSET 5", "t.conf:1: TZOFFSET 5 is not +hhmm or -hhmm");
    expect_error("TZOFFSET +2400", "t.conf:1: TZOFFSET +2400 out of range (-2359 to +2359)");
    expect_error("TZOFFSET -0060", "t.conf:1: TZOFFSET -0060 out of range (-2359 to +2359)");
    expect_error("LOADPARM 123456789", "t.conf:1: LOADPARM 123456789 longer than 8 characters");
    expect_error("CNSLPORT 0", "t.conf:1: CNSLPORT 0: port out of range (1 to 65535)");
    expect_error("CNSLIDLE 5d", "t.conf:1: CNSLIDLE 5d: the unit is s, m or h");
    expect_error("CNSLIDLE x", "t.conf:1: CNSLIDLE x: not a number with an optional unit s, m or h");
    expect_error("CNSLIDLE 10ss", "t.conf:1: CNSLIDLE 10ss: not a number with an optional unit s, m or h");
    expect_error("CNSLIDLE 200h", "t.conf:1: CNSLIDLE 200h out of range");
    expect_error("CNSLPORT 65536", "t.conf:1: CNSLPORT 65536: port out of range (1 to 65535)");
    expect_error("CNSLPORT host:", "t.conf:1: CNSLPORT host:: port is not a decimal number");
    expect_error("CNSLPORT :3270", "t.conf:1: CNSLPORT :3270: host missing before ':'");
    expect_error("CNSLPORT telnet", "t.conf:1: CNSLPORT telnet: port is not a decimal number");
    expect_error("FROBNICATE 1", "t.conf:1: unknown statement FROBNICATE");
    expect_error("IGNORE ERRORS", "t.conf:1: IGNORE ERRORS: only IGNORE INCLUDE_ERRORS is known");
    expect_error("LOADPARM \"AB", "t.conf:1: too many operands or unbalanced quotes");
    /* Found by fuzz_config: read to the end, /dev/zero filled memory. */
    expect_error("INCLUDE /dev/zero", "t.conf:1: INCLUDE /dev/zero: not a regular file");
}
END_TEST

START_TEST(t_comments)
{
    struct result r;
    parse(&r,
          "# a comment\n"
          "* another comment\n"
          "   # indented comment\n"
          "\n"
          "   \t\n"
          "NUMCPU 2   # trailing comment\n"
          "MAINSIZE\t4\t# tab separated\r\n"
          "LOADPARM A#B\n");
    ck_assert_msg(r.rc == 0, "%s", r.err);
    ck_assert_uint_eq(r.cfg.numcpu, 2);
    ck_assert_uint_eq(r.cfg.mainsize_mb, 4);
    ck_assert_str_eq(r.cfg.loadparm, "A#B");   /* '#' inside a word is data */
    done(&r);
    /* The line number counts comment and blank lines. */
    expect_error("# one\n\n* three\nNUMCPU 5 # four\n", "t.conf:4: NUMCPU 5 out of range (1 to 4)");
}
END_TEST

START_TEST(t_notices)
{
    struct result r;
    parse(&r, "MAXCPU 4\nNUMCPU 2\nOSTAILOR OS/390\nhttpport 8081\nPANRATE FAST\n");
    ck_assert_msg(r.rc == 0, "%s", r.err);
    ck_assert_uint_eq(r.cfg.numcpu, 2);
    ck_assert_str_eq(r.notes,
                     "t.conf:1: MAXCPU is not implemented by s370; statement ignored\n"
                     "t.conf:3: OSTAILOR is not implemented by s370; statement ignored\n"
                     "t.conf:4: httpport is not implemented by s370; statement ignored\n"
                     "t.conf:5: PANRATE is not implemented by s370; statement ignored\n");
    done(&r);
    static const char *const more[] = {
        "ENGINES CP", "LPARNAME HERC", "LPARNUM 1", "HTTPROOT /x", "PGMPRDOS LICENSED",
        "ECPSVM YES", "SHCMDOPT NODIAG8", "DIAG8CMD ENABLE", "CODEPAGE 037", "LEGACYSENSEID ON",
        "TIMERINT 50", "DEVTMAX 8", "XPNDSIZE 0", "MODPATH /usr/lib", "LDMOD dyncrypt",
        "IODELAY 0", "CCKD ra=2", "SYSGPORT 3278", "AUTO_SCSI_MOUNT NO", "TRACEOPT NOREGS",
        "CONKPALV (3,1,10)", "HERCPRIO 0", "CPUPRIO 15", "DEVPRIO 8", "TODPRIO -20",
        "ASN_AND_LX_REUSE DISABLE", "ALRF DISABLE", "MOUNTED_TAPE_REINIT ALLOW",
        "AUTOMOUNT +/tapes", "PANTITLE \"my system\"", "DEFSYM X Y",
    };
    for (size_t i = 0; i < sizeof more / sizeof more[0]; i++) {
        parse(&r, more[i]);
        ck_assert_msg(r.rc == 0, "%s: %s", more[i], r.err);
        ck_assert_msg(strstr(r.notes, "t.conf:1: ") == r.notes && strstr(r.notes, "not implemented"),
                      "%s: notice %s", more[i], r.notes);
        done(&r);
    }
}
END_TEST

START_TEST(t_device_unknown_by_default)
{
    expect_error("NUMCPU 1\n000C 3505 cards.txt\n", "t.conf:2: unknown device type 3505");
    expect_error("0009 3215-C /\n", "t.conf:1: unknown device type 3215-C");
}
END_TEST

START_TEST(t_devices)
{
    struct result r;
    parse_with(&r,
               "0009 3215 \"a b\" x # comment\n"
               "0180-0182 3420 tape.aws\n"
               "00C.2 3505 deck.txt ascii\n"
               "0300,0310 3505\n",
               known_types);
    ck_assert_msg(r.rc == 0, "%s", r.err);
    static const uint16_t want[] = { 0x0009, 0x0180, 0x0181, 0x0182, 0x000C, 0x000D, 0x0300, 0x0310 };
    struct devstmt *d = r.devs;
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++, d = d->next) {
        ck_assert_ptr_nonnull(d);
        ck_assert_uint_eq(d->devnum, want[i]);
        ck_assert_str_eq(d->file, "t.conf");
    }
    ck_assert_ptr_null(d);
    d = r.devs;
    ck_assert_str_eq(d->type, "3215");
    ck_assert_int_eq(d->argc, 2);
    ck_assert_str_eq(d->argv[0], "a b");
    ck_assert_str_eq(d->argv[1], "x");
    ck_assert_ptr_null(d->argv[2]);
    ck_assert_int_eq(d->line, 1);
    d = d->next->next->next->next;
    ck_assert_str_eq(d->type, "3505");
    ck_assert_int_eq(d->argc, 2);
    ck_assert_str_eq(d->argv[1], "ascii");
    ck_assert_int_eq(d->line, 3);
    ck_assert_int_eq(r.devs->next->argc, 1);
    done(&r);
}
END_TEST

START_TEST(t_device_errors)
{
    struct result r;
    parse_with(&r, "000C 3505 a\n0C 3505 b\n", known_types);
    ck_assert_int_eq(r.rc, -1);
    ck_assert_str_eq(r.err, "t.conf:2: device 000C already defined at t.conf:1");
    ck_assert_ptr_null(r.devs);
    done(&r);
    parse_with(&r, "0180-0182 3420\n0182 3420\n", known_types);
    ck_assert_str_eq(r.err, "t.conf:2: device 0182 already defined at t.conf:1");
    done(&r);
    parse_with(&r, "0182-0180 3420\n", known_types);
    ck_assert_str_eq(r.err, "t.conf:1: invalid device number 0182-0180 (CCUU, CCUU-CCUU or CCUU.count)");
    done(&r);
    parse_with(&r, "10000 3420\n", known_types);
    ck_assert_str_eq(r.err, "t.conf:1: invalid device number 10000 (CCUU, CCUU-CCUU or CCUU.count)");
    done(&r);
    parse_with(&r, "0180.0 3420\n", known_types);
    ck_assert_str_eq(r.err, "t.conf:1: invalid device number 0180.0 (CCUU, CCUU-CCUU or CCUU.count)");
    done(&r);
    parse_with(&r, "0180\n", known_types);
    ck_assert_str_eq(r.err, "t.conf:1: device 0180: device type missing");
    done(&r);
    parse_with(&r, "0180 9999\n", known_types);
    ck_assert_str_eq(r.err, "t.conf:1: unknown device type 9999");
    done(&r);
}
END_TEST

/* ---- files and INCLUDE ---------------------------------------------------- */

static char tmpdir[256];

static void write_file(const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

static int load(const char *name, struct result *r)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *n = open_memstream(&r->notes, &r->noteslen);
    r->rc = config_load(path, &r->cfg, &r->devs, n, r->err, sizeof r->err, NULL);
    fclose(n);
    return r->rc;
}

/* The error text after the directory part of the paths. */
static const char *rel(const char *msg)
{
    size_t n = strlen(tmpdir);
    return strncmp(msg, tmpdir, n) ? msg : msg + n + 1;
}

static void setup_dir(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/s370-test-config-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    char sub[512];
    snprintf(sub, sizeof sub, "%s/sub", tmpdir);
    mkdir(sub, 0700);
}

static void teardown_dir(void)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd)) {}
}

START_TEST(t_load_file)
{
    struct result r;
    write_file("main.conf", "NUMCPU 3\nINCLUDE sub/inc.conf\nMAINSIZE 8\n");
    write_file("sub/inc.conf", "# included\nCPUMODEL 0168\nINCLUDE more.conf\n");
    write_file("sub/more.conf", "LOADPARM deep\n");
    ck_assert_msg(load("main.conf", &r) == 0, "%s", r.err);
    ck_assert_uint_eq(r.cfg.numcpu, 3);
    ck_assert_uint_eq(r.cfg.mainsize_mb, 8);
    ck_assert_uint_eq(r.cfg.cpumodel, 0x0168);
    ck_assert_str_eq(r.cfg.loadparm, "DEEP");
    ck_assert_ptr_nonnull(strstr(r.cfg.path, "main.conf"));
    done(&r);
}
END_TEST

START_TEST(t_include_errors)
{
    struct result r;
    /* errors inside an included file name that file and its line */
    write_file("a.conf", "NUMCPU 1\nINCLUDE b.conf\n");
    write_file("b.conf", "\nNUMCPU 8\n");
    ck_assert_int_eq(load("a.conf", &r), -1);
    ck_assert_str_eq(rel(r.err), "b.conf:2: NUMCPU 8 out of range (1 to 4)");
    done(&r);

    write_file("loop1.conf", "INCLUDE loop2.conf\n");
    write_file("loop2.conf", "\nINCLUDE ./loop1.conf\n");
    ck_assert_int_eq(load("loop1.conf", &r), -1);
    ck_assert_ptr_nonnull(strstr(rel(r.err), "loop2.conf:2: INCLUDE loop: ") == rel(r.err) ? r.err : NULL);
    ck_assert_ptr_nonnull(strstr(r.err, "loop1.conf is already being read"));
    done(&r);
}
END_TEST

START_TEST(t_include_loop_self)
{
    struct result r;
    write_file("self.conf", "INCLUDE self.conf\n");
    ck_assert_int_eq(load("self.conf", &r), -1);
    ck_assert_ptr_nonnull(strstr(r.err, "self.conf:1: INCLUDE loop: "));
    ck_assert_ptr_nonnull(strstr(r.err, "is already being read"));
    done(&r);
}
END_TEST

START_TEST(t_include_depth)
{
    struct result r;
    char name[32], text[64];
    /* n0 includes n1 ... n8 (8 levels of nesting) is allowed; n9 is one too many. */
    for (int i = 0; i <= 9; i++) {
        snprintf(name, sizeof name, "n%d.conf", i);
        if (i < 9) snprintf(text, sizeof text, "INCLUDE n%d.conf\n", i + 1);
        else snprintf(text, sizeof text, "NUMCPU 2\n");
        write_file(name, text);
    }
    ck_assert_int_eq(load("n1.conf", &r), 0);
    ck_assert_uint_eq(r.cfg.numcpu, 2);
    done(&r);
    ck_assert_int_eq(load("n0.conf", &r), -1);
    ck_assert_str_eq(rel(r.err), "n8.conf:1: INCLUDE nested deeper than 8 files");
    done(&r);
}
END_TEST

START_TEST(t_include_missing)
{
    struct result r;
    write_file("m.conf", "INCLUDE nothere.conf\n");
    ck_assert_int_eq(load("m.conf", &r), -1);
    ck_assert_ptr_nonnull(strstr(r.err, "m.conf:1: INCLUDE "));
    ck_assert_ptr_nonnull(strstr(r.err, "nothere.conf: No such file or directory"));
    done(&r);
    write_file("m2.conf", "IGNORE INCLUDE_ERRORS\nINCLUDE nothere.conf\nNUMCPU 2\n");
    ck_assert_int_eq(load("m2.conf", &r), 0);
    ck_assert_uint_eq(r.cfg.numcpu, 2);
    ck_assert_ptr_nonnull(strstr(r.notes, "m2.conf:2: INCLUDE "));
    ck_assert_ptr_nonnull(strstr(r.notes, "; ignored"));
    done(&r);
    ck_assert_int_eq(load("absent.conf", &r), -1);
    ck_assert_str_eq(rel(r.err), "absent.conf: cannot open: No such file or directory");
    done(&r);
}
END_TEST

/* The shipped configuration names devices of the real device-type table. */
static bool shipped_types(const char *type)
{
    return dev_type_find(type) != NULL;
}

START_TEST(t_default_conf_loads)
{
    struct result r;
    /* automake's test driver exports srcdir */
    const char *srcdir = getenv("srcdir");
    char path[512];
    snprintf(path, sizeof path, "%s/images/default.conf", srcdir ? srcdir : ".");
    FILE *n = open_memstream(&r.notes, &r.noteslen);
    r.rc = config_load(path, &r.cfg, &r.devs, n, r.err, sizeof r.err, shipped_types);
    fclose(n);
    ck_assert_msg(r.rc == 0, "%s", r.err);
    ck_assert_uint_eq(r.noteslen, 0);
    ck_assert_uint_eq(r.cfg.numcpu, 1);
    ck_assert_uint_eq(r.cfg.mainsize_mb, 2);
    done(&r);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("config");
    TCase *tc = tcase_create("statements");
    tcase_add_test(tc, t_defaults_and_empty);
    tcase_add_test(tc, t_all_statements);
    tcase_add_test(tc, t_value_forms);
    tcase_add_test(tc, t_errors);
    tcase_add_test(tc, t_comments);
    tcase_add_test(tc, t_notices);
    tcase_add_test(tc, t_device_unknown_by_default);
    tcase_add_test(tc, t_devices);
    tcase_add_test(tc, t_device_errors);
    suite_add_tcase(s, tc);
    TCase *tf = tcase_create("files");
    tcase_add_checked_fixture(tf, setup_dir, teardown_dir);
    tcase_add_test(tf, t_load_file);
    tcase_add_test(tf, t_include_errors);
    tcase_add_test(tf, t_include_loop_self);
    tcase_add_test(tf, t_include_depth);
    tcase_add_test(tf, t_include_missing);
    tcase_add_test(tf, t_default_conf_loads);
    suite_add_tcase(s, tf);
    SRunner *r = srunner_create(s);
    srunner_run_all(r, CK_NORMAL);
    int f = srunner_ntests_failed(r);
    srunner_free(r);
    return f ? 1 : 0;
}
