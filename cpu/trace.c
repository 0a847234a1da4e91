/* trace.c - the instruction trace (`t+`), program-interruption names, and the
 * register and storage displays it shares with the console. Layouts follow
 * Hercules 3.13 so that the traces of the two can be compared line by line. */
#include <stdarg.h>
#include <stdio.h>
#include "cpu/insn.h"

/* EBCDIC to printable ASCII as Hercules displays it: code page 037 with Hercules'
 * choices for ^ | [ ], '.' for everything without a printable ASCII equivalent. */
static const char ebcdic_text[256] =
    "................" /* 00 */
    "................" /* 10 */
    "................" /* 20 */
    "................" /* 30 */
    " ...........<(+|" /* 40 */
    "&.........!$*);^" /* 50 */
    "-/........|,%_>?" /* 60 */
    ".........`:#@'=\"" /* 70 */
    ".abcdefghi......" /* 80 */
    ".jklmnopqr......" /* 90 */
    ".~stuvwxyz...[.." /* A0 */
    ".............].." /* B0 */
    "{ABCDEFGHI......" /* C0 */
    "}JKLMNOPQR......" /* D0 */
    "\\.STUVWXYZ......" /* E0 */
    "0123456789......" /* F0 */;

/* Program-interruption names, as Hercules prints them before "exception". */
static const char *const pgm_names[] = {
    [PGM_OPERATION] = "Operation",
    [PGM_PRIVILEGED] = "Privileged-operation",
    [PGM_EXECUTE] = "Execute",
    [PGM_PROTECTION] = "Protection",
    [PGM_ADDRESSING] = "Addressing",
    [PGM_SPECIFICATION] = "Specification",
    [PGM_DATA] = "Data",
    [PGM_FIXED_OVERFLOW] = "Fixed-point-overflow",
    [PGM_FIXED_DIVIDE] = "Fixed-point-divide",
    [PGM_DECIMAL_OVERFLOW] = "Decimal-overflow",
    [PGM_DECIMAL_DIVIDE] = "Decimal-divide",
    [PGM_EXPONENT_OVERFLOW] = "Exponent-overflow",
    [PGM_EXPONENT_UNDERFLOW] = "Exponent-underflow",
    [PGM_SIGNIFICANCE] = "Significance",
    [PGM_FLOAT_DIVIDE] = "Floating-point-divide",
    [PGM_SEGMENT_TRANSLATION] = "Segment-translation",
    [PGM_PAGE_TRANSLATION] = "Page-translation",
    [PGM_TRANSLATION_SPEC] = "Translation-specification",
    [PGM_SPECIAL_OPERATION] = "Special-operation",
    [PGM_MONITOR] = "Monitor-event",
    [PGM_PER] = "PER-event",
};

/* A PER event may accompany another condition (code 0x80 | other): name the other. */
const char *cpu_pgm_name(int code)
{
    if (code > PGM_PER && code < 0x100) code &= 0x7F;
    if (code > 0 && code < (int)(sizeof pgm_names / sizeof pgm_names[0]) && pgm_names[code])
        return pgm_names[code];
    return "Unknown";
}

void cpu_fmt_text(const uint8_t *p, unsigned n, char *out)
{
    for (unsigned i = 0; i < n; i++) out[i] = ebcdic_text[p[i]];
    out[n] = 0;
}

/* snprintf that appends and never runs past the end. */
static int cat(char *buf, size_t size, int len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int cat(char *buf, size_t size, int len, const char *fmt, ...)
{
    if (len < 0 || (size_t)len >= size) return len;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + len, size - (size_t)len, fmt, ap);
    va_end(ap);
    if (n < 0) return len;
    return (size_t)(len + n) >= size ? (int)size - 1 : len + n;
}

int cpu_fmt_regs(const struct cpu *c, char which, char *buf, size_t size)
{
    int n = 0;
    buf[0] = 0;
    if (which == 'F') {
        for (int i = 0; i < 4; i++)
            n = cat(buf, size, n, "FPR%d=%08X %08X%s", 2 * i, (unsigned)(c->fpr[i] >> 32),
                    (unsigned)c->fpr[i], i & 1 ? "\n" : "  ");
        return n;
    }
    const uint32_t *r = which == 'C' ? c->cr : c->gr;
    const char *name = which == 'C' ? "CR" : "GR";
    for (int i = 0; i < 16; i++)
        n = cat(buf, size, n, "%s%02d=%08X%s", name, i, r[i], (i & 3) == 3 ? "\n" : "  ");
    return n;
}

/* Hex in groups that follow word boundaries of the address, 36 columns, then the
 * text, 16 columns: the layout of Hercules' `r` and of its trace. */
unsigned cpu_fmt_stor(struct machine *m, char tag, uint32_t addr, uint32_t abs,
                      char *buf, size_t size, bool framed)
{
    if (abs >= m->mainsize) {
        snprintf(buf, size, "%c:%08X: Real address is not valid\n", tag, addr);
        return 0;
    }
    char hex[40], text[17];
    int h = 0;
    unsigned i = 0;
    while (i < 16) {
        uint8_t b = m->mainstor[abs + i];
        h += snprintf(hex + h, sizeof hex - (size_t)h, "%02X", b);
        text[i++] = ebcdic_text[b];
        if (((addr + i) & 3) == 0) hex[h++] = ' ';
        if (((abs + i) & 0x7FF) == 0 || abs + i >= m->mainsize) break;
    }
    hex[h] = 0;
    text[i] = 0;
    /* The console frames the text in asterisks (the layout the operator commands
     * promise); the trace keeps Hercules 3.13's unframed layout for diffing. */
    if (framed)
        snprintf(buf, size, "%c:%08X:K:%02X=%-36s *%s*\n", tag, addr,
                 m->keys[abs >> BLOCK_SHIFT], hex, text);
    else
        snprintf(buf, size, "%c:%08X:K:%02X=%-36s %-16s\n", tag, addr,
                 m->keys[abs >> BLOCK_SHIFT], hex, text);
    return i;
}

/* Operands in Hercules' assembler-like notation: displacements and lengths in
 * decimal, lengths as coded plus one. */
static void operands(const uint8_t *p, int format, char *buf, size_t size)
{
    unsigned r1 = R1(p), r2 = R2(p);
    switch (format) {
    case F_RR:
        if (p[0] == 0x04) snprintf(buf, size, "%u", r1);             /* SPM r1 */
        else if (p[0] == 0x0A) snprintf(buf, size, "%u", p[1]);      /* SVC i */
        else snprintf(buf, size, "%u,%u", r1, r2);
        break;
    case F_RX:
        snprintf(buf, size, "%u,%u(%u,%u)", r1, D2(p), X2(p), B2(p));
        break;
    case F_RS:
        if (p[0] >= 0x88 && p[0] <= 0x8F)                            /* shifts: no r3 */
            snprintf(buf, size, "%u,%u(%u)", r1, D2(p), B2(p));
        else
            snprintf(buf, size, "%u,%u,%u(%u)", r1, r2, D2(p), B2(p));
        break;
    case F_SI:
        snprintf(buf, size, "%u(%u),%u", D2(p), B2(p), I2(p));
        break;
    case F_S:
        snprintf(buf, size, "%u(%u)", D2(p), B2(p));
        break;
    case F_SS:
        snprintf(buf, size, "%u(%u,%u),%u(%u)", D2(p), LL(p) + 1, B2(p), D4(p), B4(p));
        break;
    case F_SS2:
        snprintf(buf, size, "%u(%u,%u),%u(%u,%u)", D2(p), L1(p) + 1, B2(p), D4(p),
                 L2(p) + 1, B4(p));
        break;
    default:
        snprintf(buf, size, ",");
        break;
    }
}

/* One storage line for an operand address: virtual through DAT when it is on. */
static int operand_line(struct cpu *c, uint32_t ea, char *buf, size_t size, int n)
{
    char line[160];
    uint32_t real = ea;
    char tag = 'R';
    if (c->psw.ec && (c->psw.sysmask & EC_DAT)) {
        uint32_t saved = c->trans_addr;
        int code = cpu_dat(c, ea, &real, NULL, NULL);
        c->trans_addr = saved;
        tag = 'V';
        if (code) return cat(buf, size, n, "V:%08X: Translation exception %04X\n", ea, code);
    }
    cpu_fmt_stor(c->m, tag, ea, cpu_real_to_abs(c, real), line, sizeof line, false);
    return cat(buf, size, n, "%s", line);
}

static bool float_opcode(uint8_t op)
{
    return (op >= 0x20 && op <= 0x3F) || (op >= 0x60 && op <= 0x6F) || (op >= 0x78 && op <= 0x7F);
}

/* Called before the instruction executes: registers and operands as they are now.
 * Hercules ends the first line with its internal routine name; we have none, so
 * the line ends after the operands. */
void cpu_trace_insn(struct cpu *c, const uint8_t *inst, uint32_t addr)
{
    static const uint8_t lens[4] = { 2, 4, 4, 6 };
    const struct insn_def *d = cpu_insn_lookup(inst);
    bool known = d->mnemonic[0] != '?';
    unsigned len = lens[inst[0] >> 6];
    uint8_t o[8];
    char buf[2048], hex[16], ops[48];
    int n = 0;

    cpu_psw_store(c, o);   /* a BC PSW shows the ILC of the instruction before */
    int h = 0;
    for (unsigned i = 0; i < len; i++) h += snprintf(hex + h, sizeof hex - (size_t)h, "%02X", inst[i]);
    operands(inst, known ? d->format : F_E, ops, sizeof ops);
    if (c->m->numcpu > 1) n = cat(buf, sizeof buf, n, "CPU%04X: ", (unsigned)c->cpuad);
    n = cat(buf, sizeof buf, n, "PSW=%02X%02X%02X%02X %02X%06X INST=%-12s %-5s %s\n",
            o[0], o[1], o[2], o[3], o[4], addr & AMASK, hex, known ? d->mnemonic : "?????", ops);

    if (known) {
        switch (d->format) {
        case F_RX: n = operand_line(c, ea_rx(c, inst), buf, sizeof buf, n); break;
        case F_RS: case F_S: n = operand_line(c, EA_S(c, inst), buf, sizeof buf, n); break;
        case F_SI: n = operand_line(c, EA_SS1(c, inst), buf, sizeof buf, n); break;
        case F_SS: case F_SS2:
            n = operand_line(c, EA_SS1(c, inst), buf, sizeof buf, n);
            n = operand_line(c, EA_SS2(c, inst), buf, sizeof buf, n);
            break;
        default: break;
        }
    }
    n += cpu_fmt_regs(c, 'G', buf + n, sizeof buf - (size_t)n);
    if (inst[0] == 0xB2 || (c->psw.ec && (c->psw.sysmask & EC_DAT)))
        n += cpu_fmt_regs(c, 'C', buf + n, sizeof buf - (size_t)n);
    if (float_opcode(inst[0]))
        cpu_fmt_regs(c, 'F', buf + n, sizeof buf - (size_t)n);
    machine_msg(c->m, "%s", buf);
}
