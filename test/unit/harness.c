/* harness.c - see harness.h. */
#include <stdio.h>
#include <stdlib.h>
#include "harness.h"

void h_setup(struct harness *h, unsigned mb)
{
    struct config cfg;
    char err[256];
    config_defaults(&cfg);
    cfg.mainsize_mb = mb ? mb : 1;
    memset(h, 0, sizeof *h);
    if (machine_init(&h->m, &cfg, err, sizeof err)) {
        fprintf(stderr, "harness: %s\n", err);
        abort();
    }
    h->m.out = stderr;
    h->c = h->m.cpus[0];
    /* program new PSW: BC, disabled wait, IA = H_PGM_NEW_IA */
    static const uint8_t pnew[8] = { 0, 0x02, 0, 0, 0, 0, 0x0F, 0x00 };
    memcpy(h->m.mainstor + 0x68, pnew, 8);
}

void h_teardown(struct harness *h)
{
    machine_free(&h->m);
}

void h_load(struct harness *h, uint32_t addr, const uint8_t *b, unsigned len)
{
    memcpy(h->m.mainstor + addr, b, len);
    h->c->psw.ia = addr;
    h->c->psw.wait = false;
    cpu_update_ctx(h->c);
}

static unsigned hexbytes(const char *hex, uint8_t *out, unsigned max)
{
    unsigned n = 0;
    int hi = -1;
    for (const char *p = hex; *p && n < max; p++) {
        int v;
        if (*p >= '0' && *p <= '9') v = *p - '0';
        else if (*p >= 'A' && *p <= 'F') v = *p - 'A' + 10;
        else if (*p >= 'a' && *p <= 'f') v = *p - 'a' + 10;
        else continue;
        if (hi < 0) hi = v;
        else { out[n++] = (uint8_t)(hi << 4 | v); hi = -1; }
    }
    return n;
}

void h_poke(struct harness *h, uint32_t addr, const char *hex)
{
    uint8_t b[4096];
    unsigned n = hexbytes(hex, b, sizeof b);
    memcpy(h->m.mainstor + addr, b, n);
}

void h_peek(struct harness *h, uint32_t addr, uint8_t *out, unsigned len)
{
    memcpy(out, h->m.mainstor + addr, len);
}

int h_step(struct harness *h)
{
    memset(h->m.mainstor + 0x28, 0, 8);  /* program old PSW */
    memset(h->m.mainstor + 0x8C, 0, 4);
    cpu_step(h->c);
    if (h->c->psw.ia == H_PGM_NEW_IA && h->c->psw.wait) {
        const uint8_t *old = h->m.mainstor + 0x28;
        int code = (old[1] & 0x08) ? be16(h->m.mainstor + 0x8E) : be16(old + 2);
        /* restore the old PSW so that tests can continue from where it stopped */
        cpu_psw_load(h->c, old);
        return code ? code : -1;
    }
    return 0;
}

int h_exec(struct harness *h, uint32_t addr, const char *hex)
{
    uint8_t b[64];
    unsigned n = hexbytes(hex, b, sizeof b);
    h_load(h, addr, b, n);
    return h_step(h);
}

void h_ec_mode(struct harness *h, uint8_t sysmask)
{
    h->c->psw.ec = true;
    h->c->psw.sysmask = sysmask;
    cpu_update_ctx(h->c);
}
