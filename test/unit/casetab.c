/* casetab.c - see casetab.h. */
#include <stdio.h>
#include <stdlib.h>
#include "casetab.h"

#define INSN_ADDR 0x1000

static unsigned parse_hexbytes(const char *s, size_t n, uint8_t *out)
{
    unsigned k = 0;
    for (size_t i = 0; i + 1 < n + 1 && i < n; i += 2) {
        char b[3] = { s[i], s[i + 1], 0 };
        out[k++] = (uint8_t)strtoul(b, NULL, 16);
    }
    return k;
}

/* Apply (set=true) or check (set=false) one token. */
static void token(struct harness *h, const struct icase *k, const char *t, size_t len, bool set,
                  bool *saw_pgm, int pgm)
{
    char key[16] = { 0 }, val[600] = { 0 };
    const char *eq = memchr(t, '=', len);
    size_t kl = eq ? (size_t)(eq - t) : len;
    if (kl >= sizeof key) kl = sizeof key - 1;
    memcpy(key, t, kl);
    if (eq) {
        size_t vl = len - kl - 1;
        if (vl >= sizeof val) vl = sizeof val - 1;
        memcpy(val, eq + 1, vl);
    }
    struct cpu *c = h->c;
    unsigned long long v = strtoull(val, NULL, 16);
    if (key[0] == 'R' && kl == 2) {
        unsigned r = (unsigned)strtoul(key + 1, NULL, 16);
        if (set) c->gr[r] = (uint32_t)v;
        else ck_assert_msg(c->gr[r] == (uint32_t)v, "%s: GR%u=%08X expected %08llX", k->name, r, c->gr[r], v);
    } else if (key[0] == 'F' && kl == 2) {
        unsigned r = (unsigned)(key[1] - '0');
        if (set) c->fpr[r / 2] = v;
        else ck_assert_msg(c->fpr[r / 2] == v, "%s: FPR%u=%016llX expected %016llX", k->name, r,
                           (unsigned long long)c->fpr[r / 2], v);
    } else if (!strcmp(key, "CC")) {
        if (set) c->psw.cc = (uint8_t)v;
        else ck_assert_msg(c->psw.cc == v, "%s: CC=%u expected %llu", k->name, c->psw.cc, v);
    } else if (!strcmp(key, "PM")) {
        c->psw.progmask = (uint8_t)v;
    } else if (!strcmp(key, "KEY")) {
        if (set) { c->psw.key = (uint8_t)v; cpu_update_ctx(c); }
        else ck_assert_msg(c->psw.key == v, "%s: key %u expected %llu", k->name, c->psw.key, v);
    } else if (!strcmp(key, "SM")) {
        if (set) { c->psw.sysmask = (uint8_t)v; cpu_update_ctx(c); }
        else ck_assert_msg(c->psw.sysmask == v, "%s: system mask %02X expected %02llX", k->name, c->psw.sysmask, v);
    } else if (!strcmp(key, "PFX")) {
        if (set) c->prefix = (uint32_t)v;
        else ck_assert_msg(c->prefix == v, "%s: prefix %08X expected %08llX", k->name, c->prefix, v);
    } else if (!strcmp(key, "PROB")) {
        c->psw.prob = true;
    } else if (!strcmp(key, "EC")) {
        h_ec_mode(h, (uint8_t)v);
    } else if (!strcmp(key, "PGM")) {
        *saw_pgm = true;
        ck_assert_msg(pgm == (int)v, "%s: program interruption %02X expected %02llX", k->name, pgm, v);
    } else if (!strcmp(key, "IA")) {
        ck_assert_msg(c->psw.ia == v, "%s: IA=%06X expected %06llX", k->name, c->psw.ia, v);
    } else if (key[0] == 'C' && key[1] == 'R') {
        unsigned r = (unsigned)strtoul(key + 2, NULL, 16);
        if (set) c->cr[r] = (uint32_t)v;
        else ck_assert_msg(c->cr[r] == (uint32_t)v, "%s: CR%u=%08X expected %08llX", k->name, r, c->cr[r], v);
    } else if (key[0] == 'S' && key[1] == 'K') {
        uint32_t a = (uint32_t)strtoul(key + 2, NULL, 16);
        if (set) h->m.keys[a >> BLOCK_SHIFT] = (uint8_t)v;
        else ck_assert_msg(h->m.keys[a >> BLOCK_SHIFT] == v, "%s: key(%X)=%02X expected %02llX", k->name, a,
                           h->m.keys[a >> BLOCK_SHIFT], v);
    } else if (key[0] == 'M') {
        uint32_t a = (uint32_t)strtoul(key + 1, NULL, 16);
        uint8_t b[300];
        unsigned n = parse_hexbytes(val, strlen(val), b);
        if (set) {
            memcpy(h->m.mainstor + a, b, n);
        } else {
            for (unsigned i = 0; i < n; i++)
                ck_assert_msg(h->m.mainstor[a + i] == b[i], "%s: storage %06X=%02X expected %02X", k->name,
                              a + i, h->m.mainstor[a + i], b[i]);
        }
    } else {
        ck_abort_msg("%s: bad token %s", k->name, key);
    }
}

static void each_token(struct harness *h, const struct icase *k, const char *s, bool set, bool *saw_pgm, int pgm)
{
    while (s && *s) {
        while (*s == ' ') s++;
        const char *e = s;
        while (*e && *e != ' ') e++;
        if (e > s) token(h, k, s, (size_t)(e - s), set, saw_pgm, pgm);
        s = e;
    }
}

void icase_run(const struct icase *k)
{
    struct harness h;
    h_setup(&h, 1);
    bool saw = false;
    each_token(&h, k, k->before, true, &saw, 0);
    uint8_t b[8];
    unsigned n = parse_hexbytes(k->insn, strlen(k->insn), b);
    memcpy(h.m.mainstor + INSN_ADDR, b, n);
    h.c->psw.ia = INSN_ADDR;
    int pgm = h_step(&h);
    saw = false;
    each_token(&h, k, k->after, false, &saw, pgm);
    if (!saw) ck_assert_msg(pgm == 0, "%s: unexpected program interruption %02X", k->name, pgm);
    h_teardown(&h);
}
