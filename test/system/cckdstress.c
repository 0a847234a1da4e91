/* cckdstress.c - the writer and the verifier of the kill -9 test (cckdkill.py).
 *
 *   cckdstress write FILE FIRSTSEQ THREADS   rewrite random tracks until killed
 *   cckdstress verify FILE [ORIGINAL]        list what every track holds
 *
 * write: each thread picks tracks of its own (track number modulo THREADS), so the
 * threads share the image (and its lock) but never a track. Operation seq (counting
 * from FIRSTSEQ) either stores R1 with contents that follow from seq, or empties the
 * track (every seventh). Before it starts, "try SEQ CYL HEAD"; after dasd_write_track
 * returned 0, "ack SEQ CYL HEAD" on stdout, flushed: an acknowledged write.
 * verify: "trk CYL HEAD SEQ" for a track holding the intact R1 of seq, "trk CYL HEAD 0"
 * for an empty one, "orig CYL HEAD" for one still as in the image ORIGINAL (a copy taken
 * before writing: track 0 keeps the IPL1 record `dasd create` wrote until an operation
 * lands on it), "bad CYL HEAD why" for anything else. Exit 0, or 1 on error.
 * Without arguments (as `make check` runs every check program): a short self-test,
 * writes to a CCKD image in a temporary directory, close, reopen, every write there. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "dasd/dasd.h"

struct stress {
    struct dasd_image img;
    pthread_mutex_t out;
    unsigned long long seq;         /* next operation number */
    unsigned nthreads;
};

struct worker {
    struct stress *s;
    unsigned id;
};

static uint64_t mix(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    return x ^ (x >> 33);
}

/* The track image of operation seq on (cyl, head); false if it empties the track. */
static bool make_track(uint8_t *trk, uint32_t trksize, uint32_t cyl, uint32_t head,
                       unsigned long long seq)
{
    memset(trk, 0, trksize);
    trk[1] = (uint8_t)(cyl >> 8), trk[2] = (uint8_t)cyl;
    trk[3] = (uint8_t)(head >> 8), trk[4] = (uint8_t)head;
    uint8_t *p = trk + 5;
    memcpy(p, trk + 1, 4);
    p[4] = 0, p[5] = 0, p[6] = 0, p[7] = 8;                     /* R0: 8 zero bytes */
    p += 16;
    bool data = seq % 7 != 0;
    if (data) {
        uint64_t r = mix(seq);
        uint32_t dl = 16 + (uint32_t)(r % (trksize / 2));
        memcpy(p, trk + 1, 4);
        p[4] = 1, p[5] = 0, p[6] = (uint8_t)(dl >> 8), p[7] = (uint8_t)dl;
        uint8_t *d = p + 8;
        for (int i = 0; i < 8; i++)
            d[i] = (uint8_t)(seq >> (56 - 8 * i));
        for (uint32_t i = 8; i < dl; i++)      /* some compress well, some not at all */
            d[i] = r % 3 == 0 ? 0 : r % 3 == 1 ? (uint8_t)mix(seq * 65536 + i) : (uint8_t)(i % 23);
        p = d + dl;
    }
    memset(p, 0xff, 8);
    return data;
}

static void *writer(void *arg)
{
    struct worker *w = arg;
    struct stress *s = w->s;
    const struct dasd_geom *g = s->img.geom;
    uint32_t ntrks = s->img.cyls * g->heads;
    uint8_t *trk = malloc(g->trksize);
    char err[600];
    for (;;) {
        pthread_mutex_lock(&s->out);
        unsigned long long seq = s->seq++;
        pthread_mutex_unlock(&s->out);
        uint32_t t = (uint32_t)(mix(seq ^ 0x5eed) % ntrks);
        t -= t % s->nthreads;
        t += w->id;
        if (t >= ntrks)
            t = w->id;
        uint32_t cyl = t / g->heads, head = t % g->heads;
        make_track(trk, g->trksize, cyl, head, seq);
        pthread_mutex_lock(&s->out);
        printf("try %llu %u %u\n", seq, cyl, head);
        fflush(stdout);
        pthread_mutex_unlock(&s->out);
        if (dasd_write_track(&s->img, cyl, head, trk, err, sizeof err) != 0) {
            fprintf(stderr, "cckdstress: %s\n", err);
            exit(1);
        }
        pthread_mutex_lock(&s->out);
        printf("ack %llu %u %u\n", seq, cyl, head);
        fflush(stdout);
        pthread_mutex_unlock(&s->out);
    }
    return NULL;
}

static int verify(const char *path, const char *original)
{
    struct dasd_image img, orig;
    char err[600];
    if (dasd_open(&img, path, true, err, sizeof err) != 0 ||
        (original && dasd_open(&orig, original, true, err, sizeof err) != 0)) {
        fprintf(stderr, "cckdstress: %s\n", err);
        return 1;
    }
    uint32_t ts = img.geom->trksize;
    uint8_t *trk = malloc(ts), *want = malloc(ts);
    for (uint32_t c = 0; c < img.cyls; c++)
        for (uint32_t h = 0; h < img.geom->heads; h++) {
            struct dasd_rec rec;
            if (dasd_read_track(&img, c, h, trk, err, sizeof err) != 0)
                printf("bad %u %u %s\n", c, h, err);
            else if (dasd_track_find(trk, ts, 1, &rec) != 0 || rec.dl < 8)
                printf("trk %u %u 0\n", c, h);
            else {
                unsigned long long seq = 0;
                for (int i = 0; i < 8; i++)
                    seq = seq << 8 | rec.data[i];
                if (make_track(want, ts, c, h, seq) && memcmp(want, trk, ts) == 0)
                    printf("trk %u %u %llu\n", c, h, seq);
                else if (original && dasd_read_track(&orig, c, h, want, err, sizeof err) == 0 &&
                         memcmp(want, trk, ts) == 0)
                    printf("orig %u %u\n", c, h);
                else
                    printf("bad %u %u R1 of operation %llu is not intact\n", c, h, seq);
            }
        }
    free(trk);
    free(want);
    dasd_close(&img);
    if (original)
        dasd_close(&orig);
    return 0;
}

/* The in-process test: 400 operations on a small CCKD 3390, then read back. */
static int selftest(void)
{
    char dir[] = "/tmp/s370-cckdstress-XXXXXX", path[64], err[600];
    if (!mkdtemp(dir))
        return 1;
    snprintf(path, sizeof path, "%s/t.390", dir);
    struct dasd_create_opts o = { .comp = DASD_CCKD_ZLIB };
    struct dasd_image img;
    static unsigned long long last[4 * 15];
    int bad = 0;
    uint8_t *trk = malloc(56832), *back = malloc(56832);
    if (dasd_create_ex(path, dasd_geom_find("3390"), 4, "STRESS", &o, err, sizeof err) != 0 ||
        dasd_open(&img, path, false, err, sizeof err) != 0) {
        fprintf(stderr, "cckdstress: %s\n", err);
        return 1;
    }
    for (unsigned long long seq = 1; seq <= 400; seq++) {
        uint32_t t = (uint32_t)(mix(seq) % 60);
        make_track(trk, 56832, t / 15, t % 15, seq);
        if (dasd_write_track(&img, t / 15, t % 15, trk, err, sizeof err) != 0) {
            fprintf(stderr, "cckdstress: %s\n", err);
            return 1;
        }
        last[t] = seq;
    }
    dasd_close(&img);
    if (dasd_open(&img, path, true, err, sizeof err) != 0) {
        fprintf(stderr, "cckdstress: %s\n", err);
        return 1;
    }
    for (uint32_t t = 0; t < 60; t++) {
        if (last[t])
            make_track(trk, 56832, t / 15, t % 15, last[t]);
        if (dasd_read_track(&img, t / 15, t % 15, back, err, sizeof err) != 0 ||
            (last[t] && memcmp(trk, back, 56832) != 0)) {
            fprintf(stderr, "cckdstress: track %u: not the last write (%s)\n", t, err);
            bad = 1;
        }
    }
    dasd_close(&img);
    unlink(path);
    rmdir(dir);
    free(trk);
    free(back);
    printf("%s: cckdstress self-test\n", bad ? "FAIL" : "PASS");
    return bad;
}

int main(int argc, char **argv)
{
    if (argc == 1)
        return selftest();
    if ((argc == 3 || argc == 4) && strcmp(argv[1], "verify") == 0)
        return verify(argv[2], argc == 4 ? argv[3] : NULL);
    if (argc != 5 || strcmp(argv[1], "write") != 0) {
        fprintf(stderr, "usage: cckdstress write FILE FIRSTSEQ THREADS | verify FILE [ORIGINAL]\n");
        return 2;
    }
    static struct stress s;
    char err[600];
    s.seq = strtoull(argv[3], NULL, 10);
    s.nthreads = (unsigned)atoi(argv[4]);
    if (s.nthreads < 1 || s.nthreads > 8)
        s.nthreads = 1;
    pthread_mutex_init(&s.out, NULL);
    if (dasd_open(&s.img, argv[2], false, err, sizeof err) != 0) {
        fprintf(stderr, "cckdstress: %s\n", err);
        return 1;
    }
    pthread_t th[8];
    struct worker w[8];
    for (unsigned i = 0; i < s.nthreads; i++) {
        w[i] = (struct worker){ &s, i };
        pthread_create(&th[i], NULL, writer, &w[i]);
    }
    for (unsigned i = 0; i < s.nthreads; i++)
        pthread_join(th[i], NULL);
    return 0;
}
