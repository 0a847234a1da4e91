/* test_telnet.c - the CNSLPORT listener in-process: a machine with a remote 3215 (and
 * sometimes a 1052), a listener on a free loopback port, clients on sockets, and the
 * console driven by real channel programs (SIO, TIO) from the guest side. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "harness.h"
#include "channel/channel.h"
#include "console/telnet.h"
#include "devices/devices.h"
#include "devices/devtab.h"
#include "devices/ebcdic.h"

#define INSN 0x1000
#define CCWS 0x800
#define DATA 0x2000
#define CON "001F"
#define BANNER "Connected to device 001F (3215)\r\n"
#define REFUSED "no 3215 or 1052 console is free"
#define WAIT_MS 3000

struct fx {
    struct harness h;
    FILE *out;
};

static void fx_setup_dev(struct fx *f, const char *type, int argc, char **argv)
{
    h_setup(&f->h, 1);
    f->out = tmpfile();
    ck_assert_ptr_nonnull(f->out);
    f->h.m.out = f->out;
    ck_assert_int_eq(chan_init(&f->h.m), 0);
    chan_set_sync(&f->h.m, false);
    char err[256];
    ck_assert_int_eq(dev_attach(&f->h.m, 0x001F, type, argc, argv, err, sizeof err), 0);
    h_poke(&f->h, 0x48, "00000800");            /* CAW: key 0, CCWs at 800 */
    strcpy(f->h.m.cfg.cnslport, "127.0.0.1:0");
    ck_assert(con3215_remote_configured(&f->h.m));
    ck_assert_int_eq(con_listener_start(&f->h.m, err, sizeof err), 0);
    ck_assert_int_gt(con_listener_port(&f->h.m), 0);
}

static void fx_setup(struct fx *f)
{
    fx_setup_dev(f, "3215", 0, NULL);
}

static void fx_done(struct fx *f)
{
    con_listener_stop(&f->h.m);
    ck_assert_int_eq(con_listener_port(&f->h.m), 0);
    chan_shutdown(&f->h.m);
    dev_detach_all(&f->h.m);
    h_teardown(&f->h);
    fclose(f->out);
}

static void sleep_ms(unsigned ms)
{
    struct timespec ts = { 0, (long)ms * 1000000L };
    nanosleep(&ts, NULL);
}

/* ---- the guest side ------------------------------------------------------------------ */

static void ccw(struct fx *f, uint32_t at, uint8_t cmd, uint32_t data, uint8_t flags, uint16_t count)
{
    uint8_t *p = f->h.m.mainstor + at;
    p[0] = cmd;
    p[1] = (uint8_t)(data >> 16); p[2] = (uint8_t)(data >> 8); p[3] = (uint8_t)data;
    p[4] = flags; p[5] = 0;
    put16(p + 6, count);
}

static void put_ebcdic(struct fx *f, uint32_t at, const char *s)
{
    for (size_t i = 0; s[i]; i++) f->h.m.mainstor[at + i] = ascii_to_ebcdic((uint8_t)s[i]);
}

static int io(struct fx *f, const char *hex)
{
    ck_assert_int_eq(h_exec(&f->h, INSN, hex), 0);
    return f->h.c->psw.cc;
}

static uint8_t csw_us(struct fx *f) { return f->h.m.mainstor[0x44]; }
static uint16_t csw_count(struct fx *f) { return be16(f->h.m.mainstor + 0x46); }

/* TIO until it answers something other than cc want_not; the condition code. */
static int wait_tio_not(struct fx *f, int want_not)
{
    int cc = want_not;
    for (int i = 0; i < WAIT_MS && cc == want_not; i++) {
        cc = io(f, "9D00" CON);
        if (cc == want_not) sleep_ms(1);
    }
    return cc;
}

/* Start the program at CCWS and wait for its end; the CSW is at 64. */
static void run(struct fx *f)
{
    ck_assert_int_eq(io(f, "9C00" CON), 0);
    ck_assert_int_eq(wait_tio_not(f, 2), 1);
}

/* Attention from the console (a line typed with no read pending). */
static void expect_attention(struct fx *f)
{
    ck_assert_int_eq(wait_tio_not(f, 0), 1);
    ck_assert_int_eq(csw_us(f), US_ATTN);
}

/* Take the status the console raised meanwhile (attention), once it is quiet. */
static void drain(struct fx *f)
{
    sleep_ms(50);
    for (int i = 0; i < 100 && io(f, "9D00" CON) == 1; i++) continue;
}

static uint8_t sense(struct fx *f)
{
    ccw(f, CCWS, 0x04, DATA + 0x100, 0, 1);
    run(f);
    return f->h.m.mainstor[DATA + 0x100];
}

static void guest_write(struct fx *f, const char *text)
{
    put_ebcdic(f, DATA, text);
    ccw(f, CCWS, 0x09, DATA, 0, (uint16_t)strlen(text));
    run(f);
}

/* ---- the client side ----------------------------------------------------------------- */

static int client(struct fx *f)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    ck_assert_int_ge(fd, 0);
    struct sockaddr_in sa = { .sin_family = AF_INET,
                              .sin_port = htons((uint16_t)con_listener_port(&f->h.m)) };
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    return fd;
}

static void say(int fd, const void *p, size_t n)
{
    ck_assert_int_eq(send(fd, p, n, MSG_NOSIGNAL), (ssize_t)n);
}

#define SAY(fd, lit) say(fd, lit, sizeof lit - 1)

/* Receive until want has arrived (true), the peer closed or time ran out. Everything
 * received goes to buf (size 4096). */
static bool hear(int fd, const char *want, size_t wantlen, char *buf, size_t *len)
{
    *len = 0;
    for (int i = 0; i < WAIT_MS / 10; i++) {
        if (*len >= wantlen && memmem(buf, *len, want, wantlen)) return true;
        struct pollfd p = { .fd = fd, .events = POLLIN };
        if (poll(&p, 1, 10) <= 0) continue;
        ssize_t n = recv(fd, buf + *len, 4095 - *len, 0);
        if (n <= 0) break;
        *len += (size_t)n;
    }
    return *len >= wantlen && memmem(buf, *len, want, wantlen);
}

static bool hears(int fd, const char *want)
{
    char buf[4096];
    size_t len;
    return hear(fd, want, strlen(want), buf, &len);
}

/* True when the server closes the connection within the wait. */
static bool closed(int fd)
{
    char buf[256];
    for (int i = 0; i < WAIT_MS / 10; i++) {
        struct pollfd p = { .fd = fd, .events = POLLIN };
        if (poll(&p, 1, 10) <= 0) continue;
        ssize_t n = recv(fd, buf, sizeof buf, 0);
        if (n == 0 || (n < 0 && errno == ECONNRESET)) return true;
    }
    return false;
}

/* A client that got the console (retrying while a dropped session frees it). */
static int client_with_console(struct fx *f)
{
    for (int i = 0; i < 100; i++) {
        int fd = client(f);
        char buf[4096];
        size_t len;
        if (hear(fd, BANNER, strlen(BANNER), buf, &len)) return fd;
        close(fd);
        sleep_ms(10);
    }
    ck_abort_msg("the console never became free");
    return -1;
}

/* ---- tests ---------------------------------------------------------------------------- */

/* A line typed with no read pending presents attention; the read takes it. */
START_TEST(t_banner_input_read)
{
    struct fx f;
    fx_setup(&f);
    int fd = client(&f);
    ck_assert(hears(fd, BANNER));
    SAY(fd, "Hi there\r\n");
    expect_attention(&f);
    ccw(&f, CCWS, 0x0A, DATA, CCW_SLI, 20);
    run(&f);
    ck_assert_int_eq(csw_us(&f), US_CE | US_DE);
    ck_assert_int_eq(csw_count(&f), 20 - 8);
    static const uint8_t want[] = { 0xC8, 0x89, 0x40, 0xA3, 0x88, 0x85, 0x99, 0x85 };
    ck_assert_mem_eq(f.h.m.mainstor + DATA, want, sizeof want);
    ck_assert(hears(fd, "HHC1C001A Enter input for console device 001F\r\n"));
    close(fd);
    fx_done(&f);
}
END_TEST

/* A read that waits gets the next line; an empty line answers it with nothing, and
 * with no read pending it is attention only. */
START_TEST(t_read_waits)
{
    struct fx f;
    fx_setup(&f);
    int fd = client(&f);
    ck_assert(hears(fd, BANNER));
    ccw(&f, CCWS, 0x0A, DATA, CCW_SLI, 80);
    ck_assert_int_eq(io(&f, "9C00" CON), 0);
    ck_assert(hears(fd, "HHC1C001A"));
    ck_assert_int_eq(io(&f, "9D00" CON), 2);
    SAY(fd, "\r\n");
    ck_assert_int_eq(wait_tio_not(&f, 2), 1);
    ck_assert_int_eq(csw_us(&f), US_CE | US_DE);
    ck_assert_int_eq(csw_count(&f), 80);
    SAY(fd, "\r\n");
    expect_attention(&f);
    ck_assert_int_eq(io(&f, "9D00" CON), 0);
    close(fd);
    fx_done(&f);
}
END_TEST

/* CR LF, CR NUL and a bare LF end lines; erase works; a long line is cut. */
START_TEST(t_line_ends)
{
    struct fx f;
    fx_setup(&f);
    int fd = client(&f);
    ck_assert(hears(fd, BANNER));
    say(fd, "ab\r\0cX\x7f\nd\r\n", 11);
    static const char *want[] = { "ab", "c", "d" };
    expect_attention(&f);
    for (int i = 0; i < 3; i++) {
        drain(&f);
        ccw(&f, CCWS, 0x0A, DATA, CCW_SLI, 80);
        run(&f);
        ck_assert_int_eq(csw_count(&f), 80 - strlen(want[i]));
        ck_assert_int_eq(f.h.m.mainstor[DATA], ascii_to_ebcdic((uint8_t)want[i][0]));
    }
    char big[2000];
    memset(big, 'x', sizeof big);
    say(fd, big, sizeof big);
    SAY(fd, "\r\n");
    expect_attention(&f);
    ccw(&f, CCWS, 0x0A, DATA, CCW_SLI, 1000);
    run(&f);
    ck_assert_int_eq(csw_us(&f), US_CE | US_DE);
    ck_assert_int_gt(csw_count(&f), 1000 - 512 - 1);
    ck_assert_int_eq(f.h.m.mainstor[DATA], 0xA7);
    close(fd);
    fx_done(&f);
}
END_TEST

/* Guest output reaches the client with CR LF line ends. */
START_TEST(t_guest_write)
{
    struct fx f;
    fx_setup(&f);
    int fd = client(&f);
    ck_assert(hears(fd, BANNER));
    put_ebcdic(&f, DATA, "ENTER: ");
    put_ebcdic(&f, DATA + 0x10, "Hello, World!");
    ccw(&f, CCWS, 0x01, DATA, CCW_CC, 7);
    ccw(&f, CCWS + 8, 0x09, DATA + 0x10, 0, 13);
    run(&f);
    ck_assert_int_eq(csw_us(&f), US_CE | US_DE);
    ck_assert(hears(fd, "ENTER: Hello, World!\r\n"));
    close(fd);
    fx_done(&f);
}
END_TEST

/* With the only console taken, the next client is told so and disconnected. */
START_TEST(t_refused)
{
    struct fx f;
    fx_setup(&f);
    int fd = client(&f);
    ck_assert(hears(fd, BANNER));
    int fd2 = client(&f);
    ck_assert(hears(fd2, REFUSED));
    ck_assert(closed(fd2));
    close(fd2);
    guest_write(&f, "still here");
    ck_assert(hears(fd, "still here\r\n"));
    close(fd);
    fx_done(&f);
}
END_TEST

/* Without a client the console is not ready; a client leaving ends a read with
 * intervention required, and frees the console for the next one. */
START_TEST(t_disconnect)
{
    struct fx f;
    fx_setup(&f);
    guest_write(&f, "nobody");
    ck_assert_int_eq(csw_us(&f), US_CE | US_DE | US_UC);
    ck_assert_int_eq(sense(&f), SENSE_INTREQ);
    int fd = client(&f);
    ck_assert(hears(fd, BANNER));
    ccw(&f, CCWS, 0x0A, DATA, CCW_SLI, 80);
    ck_assert_int_eq(io(&f, "9C00" CON), 0);
    ck_assert(hears(fd, "HHC1C001A"));
    close(fd);
    ck_assert_int_eq(wait_tio_not(&f, 2), 1);
    ck_assert_int_eq(csw_us(&f), US_CE | US_DE | US_UC);
    ck_assert_int_eq(sense(&f), SENSE_INTREQ);
    ccw(&f, CCWS, 0x0A, DATA, CCW_SLI, 80);
    run(&f);
    ck_assert_int_eq(csw_us(&f), US_CE | US_DE | US_UC);
    fd = client_with_console(&f);
    guest_write(&f, "again");
    ck_assert_int_eq(csw_us(&f), US_CE | US_DE);
    ck_assert(hears(fd, "again\r\n"));
    close(fd);
    fx_done(&f);
}
END_TEST

/* Every option is refused; malformed sequences do not upset the session. */
START_TEST(t_negotiation)
{
    struct fx f;
    fx_setup(&f);
    int fd = client(&f);
    ck_assert(hears(fd, BANNER));
    SAY(fd, "\xff\xfd\x01");                           /* DO ECHO */
    char buf[4096];
    size_t len;
    ck_assert(hear(fd, "\xff\xfc\x01", 3, buf, &len));  /* WONT ECHO */
    SAY(fd, "\xff\xfb\x18");                           /* WILL TTYPE */
    ck_assert(hear(fd, "\xff\xfe\x18", 3, buf, &len));  /* DONT TTYPE */
    SAY(fd, "\xff\xfa\x18junk\xff\xf0");               /* a subnegotiation never asked for */
    SAY(fd, "\xff\x07\xff\xff\xff\xfa\xff\xf0\xff");   /* odd commands, IAC IAC, a lone IAC */
    SAY(fd, "\xf0ok\r\n");
    expect_attention(&f);
    ccw(&f, CCWS, 0x0A, DATA, CCW_SLI, 80);
    run(&f);
    ck_assert_int_eq(csw_us(&f), US_CE | US_DE);
    ck_assert_int_eq(f.h.m.mainstor[DATA + 80 - csw_count(&f) - 1], 0x92);   /* ...k */
    close(fd);
    fx_done(&f);
}
END_TEST

/* Random bytes and many short connections: the listener keeps serving. */
START_TEST(t_churn)
{
    struct fx f;
    fx_setup(&f);
    srand(370);
    for (int i = 0; i < 60; i++) {
        int fd = client(&f);
        char junk[300];
        for (size_t j = 0; j < sizeof junk; j++) junk[j] = (char)rand();
        if (i % 3 == 0) send(fd, junk, sizeof junk, MSG_NOSIGNAL);
        close(fd);
    }
    int fd = client_with_console(&f);
    drain(&f);
    guest_write(&f, "alive");
    ck_assert(hears(fd, "alive\r\n"));
    close(fd);
    fx_done(&f);
}
END_TEST

/* A client that does not read loses its session instead of holding up the guest. */
START_TEST(t_slow_reader)
{
    struct fx f;
    fx_setup(&f);
    chan_set_sync(&f.h.m, true);
    int fd = client(&f);
    ck_assert(hears(fd, BANNER));
    char line[2001];
    memset(line, 'z', 2000);
    line[2000] = 0;
    bool dropped = false;
    for (int i = 0; i < 2000 && !dropped; i++) {
        guest_write(&f, line);
        dropped = csw_us(&f) & US_UC;
    }
    ck_assert(dropped);
    ck_assert_int_eq(sense(&f), SENSE_INTREQ);
    close(fd);
    fd = client_with_console(&f);
    close(fd);
    fx_done(&f);
}
END_TEST

/* The address filter of `3215 [noprompt] [group|*] [ip [mask]]`, and 1052. */
START_TEST(t_address_filter)
{
    struct fx f;
    char *args[] = { "*", "10.1.2.3" };
    fx_setup_dev(&f, "3215", 2, args);
    int fd = client(&f);
    ck_assert(hears(fd, REFUSED));
    close(fd);
    char err[256];
    char *args2[] = { "noprompt", "*", "127.0.0.0", "255.0.0.0" };
    ck_assert_int_eq(dev_attach(&f.h.m, 0x0009, "1052", 4, args2, err, sizeof err), 0);
    fd = client(&f);
    ck_assert(hears(fd, "Connected to device 0009 (1052)\r\n"));
    ccw(&f, CCWS, 0x0A, DATA, CCW_SLI, 80);
    ck_assert_int_eq(io(&f, "9C000009"), 0);
    SAY(fd, "x\r\n");
    for (int i = 0; i < WAIT_MS && io(&f, "9D000009") == 2; i++) sleep_ms(1);
    ck_assert_int_eq(csw_count(&f), 79);
    char *bad[] = { "noprompt", "*", "not-an-address" };
    ck_assert_int_eq(dev_attach(&f.h.m, 0x000A, "3215", 3, bad, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "not-an-address"));
    close(fd);
    fx_done(&f);
}
END_TEST

/* Detaching the console a client holds ends the session. */
START_TEST(t_detach)
{
    struct fx f;
    fx_setup(&f);
    int fd = client(&f);
    ck_assert(hears(fd, BANNER));
    char err[256];
    ck_assert_int_eq(dev_detach(&f.h.m, 0x001F, err, sizeof err), 0);
    ck_assert(closed(fd));
    close(fd);
    fx_done(&f);
}
END_TEST

/* CNSLIDLE arithmetic: input read in the same turn, after the turn's clock was taken,
 * made now - last wrap around and ended an active session (tnidle.sh flaked). */
START_TEST(t_idle_expired)
{
    ck_assert(!con_idle_expired(1000, 1001, 2));            /* input after now */
    ck_assert(!con_idle_expired(1000, 1000, 2));
    ck_assert(!con_idle_expired(2999, 1000, 2));
    ck_assert(con_idle_expired(3000, 1000, 2));
    ck_assert(!con_idle_expired(UINT64_MAX, 0, 0));          /* 0: never */
}
END_TEST

int main(void)
{
    Suite *s = suite_create("telnet");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, t_banner_input_read);
    tcase_add_test(tc, t_read_waits);
    tcase_add_test(tc, t_line_ends);
    tcase_add_test(tc, t_guest_write);
    tcase_add_test(tc, t_refused);
    tcase_add_test(tc, t_disconnect);
    tcase_add_test(tc, t_negotiation);
    tcase_add_test(tc, t_churn);
    tcase_add_test(tc, t_slow_reader);
    tcase_add_test(tc, t_address_filter);
    tcase_add_test(tc, t_detach);
    tcase_add_test(tc, t_idle_expired);
    suite_add_tcase(s, tc);
    SRunner *r = srunner_create(s);
    srunner_run_all(r, CK_NORMAL);
    int f = srunner_ntests_failed(r);
    srunner_free(r);
    return f ? 1 : 0;
}
