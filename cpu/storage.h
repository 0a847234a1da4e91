/* storage.h - every storage reference of the CPU: logical -> real (DAT) -> absolute
 * (prefixing) -> host pointer, cached in the TLB. Big-endian values only through here. */
#ifndef S370_STORAGE_H
#define S370_STORAGE_H

#include <string.h>
#include "cpu/cpu.h"
#include "cpu/machine.h"

#define AMASK 0x00FFFFFFu       /* 24-bit addressing */
#define IB_INVALID 0x80000000u  /* no instruction block cached (above any address) */

#if defined(__GNUC__)
#define LIKELY(x) __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define LIKELY(x) (x)
#define UNLIKELY(x) (x)
#endif

_Noreturn void cpu_program_check(struct cpu *c, int code);

/* Slow path: translate, check protection, set R/C, fill the TLB. */
uint8_t *cpu_xlate_slow(struct cpu *c, uint32_t addr, int acc);
void cpu_tlb_purge(struct cpu *c);
/* Purge the TLBs of all CPUs (after SSK, RRB: keys changed). */
void cpu_tlb_purge_all(struct machine *m, struct cpu *self);
/* The storage key of the block at abs changed (SSK) or lost its reference bit
 * (RRB): purge the TLBs if one may map the block (they assume the reference and
 * change bits are set). */
void cpu_key_changed(struct machine *m, struct cpu *self, uint32_t abs);
/* Recompute the TLB context after the PSW key or DAT bit changed. */
void cpu_update_ctx(struct cpu *c);

/* Host pointer of the byte at logical address addr (within one 2K block). */
static inline uint8_t *cpu_xlate(struct cpu *c, uint32_t addr, int acc)
{
    addr &= AMASK;
    struct tlbe *e = &c->tlb[acc][(addr >> BLOCK_SHIFT) & (TLB_SIZE - 1)];
    if (LIKELY(e->tag == ((addr & ~0x7FFu) | c->ctx)))
        return e->hbase + addr;
    return cpu_xlate_slow(c, addr, acc);
}

static inline uint16_t be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static inline uint32_t be32(const uint8_t *p)
{
    uint32_t v; memcpy(&v, p, 4); return __builtin_bswap32(v);
}
static inline uint64_t be64(const uint8_t *p)
{
    uint64_t v; memcpy(&v, p, 8); return __builtin_bswap64(v);
}
static inline void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static inline void put32(uint8_t *p, uint32_t v) { v = __builtin_bswap32(v); memcpy(p, &v, 4); }
static inline void put64(uint8_t *p, uint64_t v) { v = __builtin_bswap64(v); memcpy(p, &v, 8); }

/* Is [addr, addr+len) inside one 2K block? */
static inline bool same_block(uint32_t addr, unsigned len)
{
    return ((addr & 0x7FF) + len) <= 0x800;
}

void cpu_fetch_slow(struct cpu *c, uint32_t addr, uint8_t *buf, unsigned len);
void cpu_store_slow(struct cpu *c, uint32_t addr, const uint8_t *buf, unsigned len);

static inline uint8_t cpu_fetch1(struct cpu *c, uint32_t addr)
{
    return *cpu_xlate(c, addr, ACC_FETCH);
}
static inline uint16_t cpu_fetch2(struct cpu *c, uint32_t addr)
{
    addr &= AMASK;
    if (LIKELY(same_block(addr, 2))) return be16(cpu_xlate(c, addr, ACC_FETCH));
    uint8_t b[2]; cpu_fetch_slow(c, addr, b, 2); return be16(b);
}
static inline uint32_t cpu_fetch4(struct cpu *c, uint32_t addr)
{
    addr &= AMASK;
    if (LIKELY(same_block(addr, 4))) return be32(cpu_xlate(c, addr, ACC_FETCH));
    uint8_t b[4]; cpu_fetch_slow(c, addr, b, 4); return be32(b);
}
static inline uint64_t cpu_fetch8(struct cpu *c, uint32_t addr)
{
    addr &= AMASK;
    if (LIKELY(same_block(addr, 8))) return be64(cpu_xlate(c, addr, ACC_FETCH));
    uint8_t b[8]; cpu_fetch_slow(c, addr, b, 8); return be64(b);
}
static inline void cpu_store1(struct cpu *c, uint32_t addr, uint8_t v)
{
    *cpu_xlate(c, addr, ACC_STORE) = v;
}
static inline void cpu_store2(struct cpu *c, uint32_t addr, uint16_t v)
{
    addr &= AMASK;
    if (LIKELY(same_block(addr, 2))) { put16(cpu_xlate(c, addr, ACC_STORE), v); return; }
    uint8_t b[2]; put16(b, v); cpu_store_slow(c, addr, b, 2);
}
static inline void cpu_store4(struct cpu *c, uint32_t addr, uint32_t v)
{
    addr &= AMASK;
    if (LIKELY(same_block(addr, 4))) { put32(cpu_xlate(c, addr, ACC_STORE), v); return; }
    uint8_t b[4]; put32(b, v); cpu_store_slow(c, addr, b, 4);
}
static inline void cpu_store8(struct cpu *c, uint32_t addr, uint64_t v)
{
    addr &= AMASK;
    if (LIKELY(same_block(addr, 8))) { put64(cpu_xlate(c, addr, ACC_STORE), v); return; }
    uint8_t b[8]; put64(b, v); cpu_store_slow(c, addr, b, 8);
}

/* Fetch or store len (1..256) bytes; all access exceptions are recognised before
 * any byte is stored (the whole operand is the unit of operation). */
static inline void cpu_fetch_bytes(struct cpu *c, uint32_t addr, void *buf, unsigned len)
{
    addr &= AMASK;
    if (LIKELY(same_block(addr, len))) { memcpy(buf, cpu_xlate(c, addr, ACC_FETCH), len); return; }
    cpu_fetch_slow(c, addr, buf, len);
}
static inline void cpu_store_bytes(struct cpu *c, uint32_t addr, const void *buf, unsigned len)
{
    addr &= AMASK;
    if (LIKELY(same_block(addr, len))) { memcpy(cpu_xlate(c, addr, ACC_STORE), buf, len); return; }
    cpu_store_slow(c, addr, buf, len);
}

/* Check that len bytes at addr are accessible (recognising exceptions now). */
void cpu_check_access(struct cpu *c, uint32_t addr, unsigned len, int acc);

/* Real and absolute storage for interruptions, channel and console: no key
 * protection; addressing exception (or NULL for the _try form) past the end. */
uint32_t cpu_real_to_abs(const struct cpu *c, uint32_t raddr);
uint8_t *cpu_real_ptr(struct cpu *c, uint32_t raddr, unsigned len);
uint8_t *cpu_abs_ptr_try(struct machine *m, uint32_t aaddr, unsigned len);
void cpu_abs_set_ref(struct machine *m, uint32_t aaddr, bool change);

/* DAT (PoO: dynamic address translation). Returns 0 and sets *raddr, or the
 * program-interruption code of the exception (translation-exception address in
 * c->trans_addr). Used by the TLB fill, LRA and the console's v command. */
struct dat_detail {
    int lra_cc;          /* LRA condition code: 1 STE invalid, 2 PTE invalid, 3 length */
    uint32_t entry;      /* real address of the failing table entry */
};
int cpu_dat(struct cpu *c, uint32_t vaddr, uint32_t *raddr, bool *prot, struct dat_detail *det);

#endif
