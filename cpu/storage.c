/* storage.c - the slow path of storage access: DAT, prefixing, key protection,
 * reference and change recording, and the TLB that makes the fast path possible. */
#include <string.h>
#include "cpu/storage.h"

#define INVALID_TAG 0xFFFFFFFFu

void cpu_tlb_purge(struct cpu *c)
{
    c->ib_va = IB_INVALID;
    for (int a = 0; a < 2; a++)
        for (int i = 0; i < TLB_SIZE; i++) c->tlb[a][i].tag = INVALID_TAG;
}

void cpu_tlb_purge_all(struct machine *m, struct cpu *self)
{
    for (unsigned i = 0; i < m->numcpu; i++) {
        struct cpu *o = m->cpus[i];
        if (!o) continue;
        if (o == self) cpu_tlb_purge(o);
        else cpu_signal(o, EV_TLBFLUSH);
    }
}

/* OS/VS1 resets the reference bit of every frame it owns, frame by frame; purging
 * every TLB each time took 15% of its boot. The map says which blocks a TLB may
 * map (set whenever a translation reaches the block); it is cleared before the
 * purge, so a CPU that fills an entry afterwards marks its block again. */
void cpu_key_changed(struct machine *m, struct cpu *self, uint32_t abs)
{
    if (!__atomic_load_n(&m->tlbmap[abs >> BLOCK_SHIFT], __ATOMIC_RELAXED)) return;
    memset(m->tlbmap, 0, m->mainsize >> BLOCK_SHIFT);
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    cpu_tlb_purge_all(m, self);
}

/* The context bits that make a TLB entry valid: PSW key and DAT mode. */
void cpu_update_ctx(struct cpu *c)
{
    bool dat = c->psw.ec && (c->psw.sysmask & EC_DAT);
    c->ib_va = IB_INVALID;
    c->ctx = (uint32_t)c->psw.key << 4 | (dat ? 1u : 0u) | 0x100u;
}

uint32_t cpu_real_to_abs(const struct cpu *c, uint32_t r)
{
    r &= AMASK;
    if (r < 0x1000) return r + c->prefix;
    if ((r & ~0xFFFu) == c->prefix) return r - c->prefix;
    return r;
}

uint8_t *cpu_abs_ptr_try(struct machine *m, uint32_t a, unsigned len)
{
    if ((uint64_t)a + len > m->mainsize) return NULL;
    return m->mainstor + a;
}

uint8_t *cpu_real_ptr(struct cpu *c, uint32_t r, unsigned len)
{
    uint32_t a = cpu_real_to_abs(c, r);
    uint8_t *p = cpu_abs_ptr_try(c->m, a, len);
    if (!p) cpu_program_check(c, PGM_ADDRESSING);
    return p;
}

void cpu_abs_set_ref(struct machine *m, uint32_t a, bool change)
{
    if (a >= m->mainsize) return;
    /* Atomic: other CPUs and the channel set these bits concurrently. */
    __atomic_fetch_or(&m->keys[a >> BLOCK_SHIFT], (uint8_t)(SK_REF | (change ? SK_CHG : 0)), __ATOMIC_RELAXED);
}

/* S/370 DAT (PoO: dynamic address translation). CR0 bits 8-9 page size (01 2K,
 * 10 4K), bit 10 zero, bits 11-12 segment size (00 64K, 10 1M); CR1 bits 0-7
 * segment-table length in 64-byte units, bits 8-25 segment-table origin. */
int cpu_dat(struct cpu *c, uint32_t va, uint32_t *raddr, bool *prot, struct dat_detail *det)
{
    struct dat_detail dummy;
    if (!det) det = &dummy;
    struct machine *m = c->m;
    uint32_t cr0 = c->cr[0], cr1 = c->cr[1];
    unsigned ps = (cr0 >> 22) & 3, ss = (cr0 >> 19) & 3;
    va &= AMASK;
    c->trans_addr = va;
    if ((ps != 1 && ps != 2) || (cr0 & 0x00200000) || (ss != 0 && ss != 2))
        return PGM_TRANSLATION_SPEC;
    bool page4k = ps == 2, seg1m = ss == 2;
    unsigned pshift = page4k ? 12 : 11;
    unsigned sshift = seg1m ? 20 : 16;
    uint32_t sx = va >> sshift;
    uint32_t px = (va & ((1u << sshift) - 1)) >> pshift;
    unsigned pxbits = sshift - pshift;

    /* Segment-table length: one more than CR1 bits 0-7, in units of 16 entries. */
    uint32_t sto = cr1 & 0x00FFFFC0;
    uint32_t stea = (sto + sx * 4) & AMASK;
    det->entry = stea;
    det->lra_cc = 3;
    if ((sx >> 4) > (cr1 >> 24)) return PGM_SEGMENT_TRANSLATION;
    if (stea + 4 > m->mainsize) return PGM_ADDRESSING;
    uint32_t ste = be32(m->mainstor + stea);
    det->lra_cc = 1;
    if (ste & 1) return PGM_SEGMENT_TRANSLATION;
    if (ste & 0x0F000000) return PGM_TRANSLATION_SPEC;
    /* Page-table length in sixteenths of the largest table, against the leftmost
     * four bits of the page index. */
    uint32_t pto = ste & 0x00FFFFF8;
    uint32_t ptea = (pto + px * 2) & AMASK;
    det->entry = ptea;
    det->lra_cc = 3;
    if ((px >> (pxbits - 4)) > (ste >> 28)) return PGM_PAGE_TRANSLATION;
    det->lra_cc = 2;
    if (ptea + 2 > m->mainsize) return PGM_ADDRESSING;
    uint16_t pte = be16(m->mainstor + ptea);
    uint32_t frame;
    if (page4k) {
        if (pte & 0x0008) return PGM_PAGE_TRANSLATION;
        /* Bits 13-14 extend the frame address beyond 16M (extended real addressing). */
        frame = (uint32_t)(pte & 0xFFF0) << 8 | (uint32_t)(pte & 0x0006) << 23;
    } else {
        if (pte & 0x0004) return PGM_PAGE_TRANSLATION;
        if (pte & 0x0002) return PGM_TRANSLATION_SPEC;
        frame = (uint32_t)(pte & 0xFFF8) << 8;
    }
    *raddr = frame | (va & ((1u << pshift) - 1));
    if (prot) *prot = (ste & 0x4) != 0;  /* segment protection */
    return 0;
}

/* Key-controlled protection (PoO: storage protection). */
static bool key_denies(uint8_t skey, uint8_t pkey, int acc)
{
    if (pkey == 0) return false;
    if ((skey >> 4) == pkey) return false;
    return acc == ACC_STORE || (skey & SK_FETCH);
}

uint8_t *cpu_xlate_slow(struct cpu *c, uint32_t addr, int acc)
{
    struct machine *m = c->m;
    addr &= AMASK;
    uint32_t real = addr;
    bool dat = c->psw.ec && (c->psw.sysmask & EC_DAT);
    bool segprot = false;
    if (dat) {
        int code = cpu_dat(c, addr, &real, &segprot, NULL);
        if (code) cpu_program_check(c, code);
        if (segprot && acc == ACC_STORE) cpu_program_check(c, PGM_PROTECTION);
    }
    uint32_t abs = cpu_real_to_abs(c, real);
    if (abs >= m->mainsize) cpu_program_check(c, PGM_ADDRESSING);
    uint8_t *skey = &m->keys[abs >> BLOCK_SHIFT];
    if (key_denies(*skey, c->psw.key, acc)) cpu_program_check(c, PGM_PROTECTION);
    /* Low-address protection (CR0 bit 3): stores to logical 0-511. */
    bool lap = (c->cr[0] & 0x10000000) && addr < 512;
    if (acc == ACC_STORE && lap) cpu_program_check(c, PGM_PROTECTION);
    __atomic_fetch_or(skey, (uint8_t)(SK_REF | (acc == ACC_STORE ? SK_CHG : 0)), __ATOMIC_RELAXED);
    __atomic_store_n(&m->tlbmap[abs >> BLOCK_SHIFT], 1, __ATOMIC_RELAXED);
    uint8_t *host = m->mainstor + abs;
    /* Block 0 under low-address protection stays off the store TLB. */
    if (!(acc == ACC_STORE && (c->cr[0] & 0x10000000) && addr < 0x800) && !segprot) {
        struct tlbe *e = &c->tlb[acc][(addr >> BLOCK_SHIFT) & (TLB_SIZE - 1)];
        e->tag = (addr & ~0x7FFu) | c->ctx;
        e->hbase = host - addr;
    }
    return host;
}

void cpu_check_access(struct cpu *c, uint32_t addr, unsigned len, int acc)
{
    uint32_t a = addr & AMASK;
    while (len) {
        cpu_xlate(c, a, acc);
        unsigned n = 0x800 - (a & 0x7FF);
        if (n >= len) break;
        len -= n;
        a = (a + n) & AMASK;
    }
}

void cpu_fetch_slow(struct cpu *c, uint32_t addr, uint8_t *buf, unsigned len)
{
    while (len) {
        unsigned n = 0x800 - (addr & 0x7FF);
        if (n > len) n = len;
        memcpy(buf, cpu_xlate(c, addr, ACC_FETCH), n);
        buf += n; len -= n; addr = (addr + n) & AMASK;
    }
}

void cpu_store_slow(struct cpu *c, uint32_t addr, const uint8_t *buf, unsigned len)
{
    cpu_check_access(c, addr, len, ACC_STORE);
    while (len) {
        unsigned n = 0x800 - (addr & 0x7FF);
        if (n > len) n = len;
        memcpy(cpu_xlate(c, addr, ACC_STORE), buf, n);
        buf += n; len -= n; addr = (addr + n) & AMASK;
    }
}
