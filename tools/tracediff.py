#!/usr/bin/env python3
"""tracediff -- find where two S/370 instruction traces part: s370 against Hercules 3.13.

Both emulators print the same `t+` trace (cpu/trace.c copies Hercules' layout): a line
`PSW=xxxxxxxx xxxxxxxx INST=hex MNEMONIC operands`, the operand storage lines
(`R:`/`V:`), then the general registers (and control registers with DAT on or for
B2xx, floating-point registers for floating-point opcodes). Run the same
configuration and the same operator commands on both, save their console output,
and give the two files (plain or .gz) to this tool:

    s370 run ipl.conf < cmds | gzip -1 > s370.gz
    HERCULES_RC=cmds.rc hercules -d -f ipl.conf > herc.txt   # `t+` in the rc file
    tools/tracediff.py s370.gz herc.txt

What it does:
  * parses every trace record, tolerating Hercules' messages that cut into its trace
    lines (CCW trace HHCCP048I, program checks HHCCP014I and the instruction display
    that follows them) and s370's `pgmreport` messages;
  * collapses polling and delay loops: a run of records whose (address, instruction)
    repeats with a period of up to --period records keeps two iterations (loops
    end after different counts on the two machines, because device and timer
    timing differ);
  * aligns the two streams on (instruction address, instruction bytes). When they
    part, it looks ahead up to --window records on each side for the nearest point
    where --sync records agree again and skips the difference on one or both sides.
    A skip is benign when it is caused by an interruption taken at a different
    instruction (an I/O or timer interruption arriving earlier or later: the side
    with the extra records enters or leaves a handler there) or by more iterations
    of a loop; otherwise it is a control divergence;
  * compares the aligned records: PSW (masks, key, condition code, program mask;
    the BC-mode interruption code), general, control and floating-point registers,
    and the storage operands the instruction fetches (only their length). Values
    that legitimately differ are tracked as "tainted": results of STCK, STPT,
    STCKC, STIDP, the interval timer at location 80, old PSWs at 24-63, registers
    that differ at a benign skip, and whatever is computed from or stored from
    tainted values. A difference in an untainted value is a data divergence;
  * prints each real divergence with the matched records before it and the raw
    records of both sides, and stops after --max of them (default 1).

    tools/tracediff.py [options] A B
      --events        compare only the event streams: I/O instructions (device and
                      condition code), SVCs, program interruptions, Hercules CCW
                      trace lines; fast, and a good first look
      --ccw CCUU,...  compare the CCW traces (`t+CCUU` on both machines; `all` for
                      every device): commands, flags, counts, output data, status,
                      residual counts and input data, in order
      --max N         report N divergences (default 1)
      --context N     matched records shown before a divergence (default 12)
      --window N      look-ahead for resynchronisation (default 40000)
      --sync N        records that must agree to resynchronise (default 6)
      --period N      longest loop body collapsed (default 48)
      --no-data       control flow only
      --no-cr         do not compare control registers
      --ignore A-B    storage addresses (hex) whose contents may differ; repeatable
      --start-a HEX, --start-b HEX
                      begin each trace at the first record at this address
      --quiet-skips   do not list benign skips
      --io-loose      a different condition code from an I/O instruction (and the
                      CSW it stores) is device timing, not a divergence: listed,
                      then tainted

Exit status: 0 if no real divergence was found, 1 if one was, 2 on bad usage.

Limits: one CPU (records prefixed `CPUnnnn:` are taken as they come); the storage
lines show at most 16 bytes, so longer operands are compared in part; which
registers an instruction reads is inferred from its register fields.
"""
import argparse
import collections
import gzip
import re
import sys

# ---- parsing ------------------------------------------------------------------------

PSW_RE = re.compile(r'PSW=([0-9A-F]{8}) ([0-9A-F]{8}) INST=([0-9A-F]+)\s+(\S+)\s*(\S*)')
STOR_RE = re.compile(r'^([RVA]):([0-9A-F]{8}):(?:K:([0-9A-F]{2})=(.*)|(.*))$')
FPR_RE = re.compile(r'\bFPR(\d)=([0-9A-F]{8}) ([0-9A-F]{8})')
HERC_PGM_RE = re.compile(r'HHCCP014I .*?(\S+(?: \S+)?) exception CODE=([0-9A-F]{4}) ILC=(\d)')
S370_PGM_RE = re.compile(r'HHC00801I .*exception code ([0-9A-F]{4}) ilc (\d)')
MSG_RE = re.compile(r'HHC[A-Z0-9]{5,6}[IEWASD]')


class Rec:
    __slots__ = ('n', 'line', 'psw', 'ia', 'inst', 'mnem', 'ops', 'stor', 'gr', 'cr', 'fpr',
                 'raw', 'events', 'pgm', 'loops', 'echo', 'tin')

    def __init__(self, n, line, psw, inst, mnem, ops):
        self.n, self.line, self.psw, self.inst, self.mnem, self.ops = n, line, psw, inst, mnem, ops
        self.ia = int(psw[9:], 16) & 0xFFFFFF
        self.stor, self.gr, self.cr, self.fpr = [], {}, {}, {}
        self.raw, self.events = [], []
        self.pgm, self.loops, self.echo = None, 0, False
        self.tin = False                           # computed from tainted input

    @property
    def key(self):
        return (self.ia, self.inst)

    def brief(self):
        return '%-17s %-12s %-5s %s' % (self.psw, self.inst, self.mnem, self.ops)


def opener(path):
    if path == '-':
        return sys.stdin
    if path.endswith('.gz'):
        return gzip.open(path, 'rt', errors='replace')
    return open(path, errors='replace')


def split_messages(text):
    """Split a physical line at Hercules messages and trace lines that cut into it."""
    parts, pos = [], 0
    for m in re.finditer(r'HHC[A-Z0-9]{5,6}[IEWASD] |PSW=[0-9A-F]{8} ', text):
        if m.start() > pos:
            parts.append(text[pos:m.start()])
        pos = m.start()
    parts.append(text[pos:])
    return [p for p in parts if p.strip()]


def records(path):
    """Yield the trace records of a console log, in order."""
    cur, n, lineno = None, 0, 0
    echo_next = False
    pending_pgm = None
    with opener(path) as f:
        for physical in f:
            lineno += 1
            line = physical.rstrip('\n')
            if 'HHC' in line or line.find('PSW=', 1) > 0:
                parts = split_messages(line)
            else:
                parts = (line,)
            for text in parts:
                t = text.lstrip()
                c = t[:1]
                if c == 'P' and t.startswith('PSW='):
                    m = PSW_RE.match(t)
                    if m:
                        if cur is not None:
                            yield cur
                        cur = Rec(n, lineno, m.group(1) + ' ' + m.group(2), m.group(3),
                                  m.group(4), m.group(5))
                        n += 1
                        cur.raw.append(text)
                        if echo_next:
                            cur.echo, cur.pgm = True, pending_pgm
                            echo_next = False
                        continue
                if cur is None:
                    continue
                if (c == 'G' or c == 'C') and t[2:3].isdigit() and t[4:5] == '=':
                    try:
                        for tok in t.split():
                            (cur.gr if tok[0] == 'G' else cur.cr)[int(tok[2:4])] = int(tok[5:13], 16)
                    except ValueError:
                        pass
                    cur.raw.append(text)
                    continue
                if c in ('R', 'V', 'A') and t[1:2] == ':':
                    sm = STOR_RE.match(t)
                    if sm:
                        cur.stor.append((sm.group(1), int(sm.group(2), 16),
                                         (sm.group(4) or '')[:36].replace(' ', ''),
                                         sm.group(5)))
                        cur.raw.append(text)
                        continue
                if c == 'F' and t.startswith('FPR'):
                    for num, hi, lo in FPR_RE.findall(t):
                        cur.fpr[int(num)] = hi + lo
                    cur.raw.append(text)
                    continue
                if 'HHC' not in t:
                    if t and not t.startswith(('pause', 't+', 't-')):
                        cur.events.append('console: ' + t)
                    continue
                hm = HERC_PGM_RE.search(t)
                if hm:
                    # Hercules displays the failing instruction again after this line.
                    pending_pgm = int(hm.group(2), 16)
                    echo_next = True
                    cur.raw.append(text)
                    continue
                pm = S370_PGM_RE.search(t)
                if pm:
                    cur.pgm = int(pm.group(1), 16)
                    cur.raw.append(text)
                    continue
                cur.events.append(t)
                cur.raw.append(text)
    if cur is not None:
        yield cur


def ex_target(rec):
    """Address of the instruction an EXECUTE names."""
    b = bytes.fromhex(rec.inst)
    x, base, d = b[1] & 15, b[2] >> 4, ((b[2] & 15) << 8) | b[3]
    return (d + (rec.gr.get(x, 0) if x else 0) + (rec.gr.get(base, 0) if base else 0)) & 0xFFFFFF


def merged(path):
    """Records without Hercules' echo displays (their program check goes to the
    record traced before them) and without s370's record of an EXECUTE target
    (Hercules traces the EXECUTE alone)."""
    prev = None
    for r in records(path):
        if (prev is not None and prev.inst[:2] == '44' and r.ia == ex_target(prev)
                and not r.echo):
            prev.events.extend(r.events)
            continue
        if r.echo:
            if prev is not None:
                prev.pgm = r.pgm
                prev.events.extend(r.events)
                prev.raw.extend(r.raw)
            continue
        if prev is not None:
            yield prev
        prev = r
    if prev is not None:
        yield prev


def collapse_loops(stream, period, stats):
    """Keep two iterations of any repeating run of keys; count the rest."""
    hist = collections.deque(maxlen=2 * period + 2)
    body, k, last = None, 0, None
    for r in stream:
        if body is not None:
            if r.key == body[k]:
                k = (k + 1) % len(body)
                if last is not None:
                    last.loops += 1
                stats['collapsed'] += 1
                last_events = r.events
                if last_events and last is not None:
                    last.events.extend(last_events)
                continue
            body = None
        yield r
        last = r
        hist.append(r.key)
        h = list(hist)
        for p in range(1, period + 1):
            if len(h) < 2 * p:
                break
            if h[-1] == h[-1 - p] and h[-p:] == h[-2 * p:-p]:
                body, k = h[-p:], 0
                break


def skip_to(stream, addr):
    for r in stream:
        if r.ia == addr:
            yield r
            break
    yield from stream

# ---- instruction facts ----------------------------------------------------------------

def ilen(op):
    return (2, 4, 4, 6)[op >> 6]


def fmt_of(op):
    if op < 0x40:
        return 'RR'
    if op < 0x80:
        return 'RX'
    if op in (0x80, 0x82, 0x83, 0x93, 0x9C, 0x9D, 0x9E, 0x9F, 0xB2):
        return 'S'
    if op < 0x90 or 0x98 <= op <= 0x9A or op in (0xB6, 0xB7, 0xBA, 0xBB, 0xBD, 0xBE, 0xBF,
                                                0x84, 0x85, 0x90, 0xA8, 0xAC, 0xAD, 0xAE):
        return 'RS'
    if op < 0xC0:
        return 'SI'
    return 'SS'


# Opcodes whose R1 field names a register they only write.
R1_OUTPUT = {0x05, 0x0D, 0x10, 0x11, 0x12, 0x13, 0x18, 0x41, 0x45, 0x48, 0x4D, 0x58}


def op_regs(inst):
    """General registers an instruction reads, from its register fields (a base or
    index field of 0 names no register)."""
    op = int(inst[:2], 16)
    f = fmt_of(op)
    b = bytes.fromhex(inst)
    regs, addr = set(), set()
    if f == 'RR':
        regs |= {b[1] & 15} if op in R1_OUTPUT else {b[1] >> 4, b[1] & 15}
        if op in (0x0E, 0x0F, 0x1C, 0x1D):      # MVCL, CLCL, MR, DR: even/odd pairs
            regs |= {(b[1] >> 4) | 1, (b[1] & 15) | 1}
    elif f == 'RX':
        if op not in R1_OUTPUT:
            regs.add(b[1] >> 4)
        addr |= {b[1] & 15, b[2] >> 4}
    elif f == 'RS':
        r1, r3 = b[1] >> 4, b[1] & 15
        if op != 0x98:                            # LM only writes r1..r3
            regs |= {r1, r3}
        addr.add(b[2] >> 4)
        if op == 0x90:                            # STM r1..r3
            regs |= {(r1 + i) & 15 for i in range(((r3 - r1) & 15) + 1)}
        if op in (0x8C, 0x8D, 0x8E, 0x8F, 0xBB):  # double shifts, CDS: pairs
            regs |= {r1 | 1, r3 | 1}
    elif f in ('S', 'SI'):
        addr.add(b[2] >> 4)
    else:
        addr |= {b[2] >> 4, b[4] >> 4}
    addr.discard(0)
    return regs | addr


# Bytes of the first storage operand fetched, by opcode (RX, RS, SI and S formats).
FETCH_LEN = {0x43: 1, 0x44: 2, 0x4F: 8, 0x82: 8, 0x80: 1, 0x93: 1, 0xBA: 4, 0xBB: 8}
FETCH_LEN.update({op: 4 for op in list(range(0x54, 0x60)) + list(range(0x78, 0x80))})
FETCH_LEN.update({op: 2 for op in range(0x48, 0x4D)})
FETCH_LEN.update({op: 8 for op in list(range(0x68, 0x70)) + [0x67]})
FETCH_LEN.update({op: 1 for op in (0x91, 0x94, 0x95, 0x96, 0x97)})
# STCK, STPT, STCKC, STIDP: results that differ between machines by nature.
VOLATILE = {'B205', 'B209', 'B207', 'B202'}
STORES = {0x50: 4, 0x40: 2, 0x42: 1, 0x60: 8, 0x70: 4, 0x4E: 8, 0x92: 1, 0x93: 1,
          0x94: 1, 0x96: 1, 0x97: 1, 0xBA: 4, 0xBB: 8}


def fetched(rec):
    """(address, bytes) of each storage operand the instruction fetches, as shown."""
    op = int(rec.inst[:2], 16)
    b = bytes.fromhex(rec.inst)
    out = []
    if not rec.stor:
        return out
    tag, addr, hexs, _ = rec.stor[0]
    if op in FETCH_LEN:
        out.append((addr, hexs[:2 * FETCH_LEN[op]]))
    elif op == 0x98:                              # LM
        n = (((b[1] & 15) - (b[1] >> 4)) & 15) + 1
        out.append((addr, hexs[:8 * n]))
    elif op in (0xBD, 0xBF):                      # CLM, ICM
        out.append((addr, hexs[:2 * bin(b[1] & 15).count('1')]))
    elif op in (0xB7,):                            # LCTL
        n = (((b[1] & 15) - (b[1] >> 4)) & 15) + 1
        out.append((addr, hexs[:8 * n]))
    elif op >= 0xD0:                              # SS: which operands are fetched
        second = rec.stor[1] if len(rec.stor) > 1 else None
        if op < 0xF0:
            l1 = l2 = b[1] + 1
            first_fetched = op not in (0xD2,)      # MVC only stores its first operand
        else:
            l1, l2 = (b[1] >> 4) + 1, (b[1] & 15) + 1
            first_fetched = op not in (0xF1, 0xF2, 0xF3, 0xF8)
        if first_fetched:
            out.append((addr, hexs[:2 * l1]))
        if second is not None and op not in (0xDC, 0xDD, 0xF0):
            out.append((second[1], second[2][:2 * l2]))
    return out


def store_target(rec):
    """(address, length) the instruction stores into, if known."""
    op = int(rec.inst[:2], 16)
    b = bytes.fromhex(rec.inst)
    if not rec.stor:
        return None
    addr = rec.stor[0][1]
    if op in STORES:
        return addr, STORES[op]
    if op in (0x90, 0xB6):                        # STM, STCTL
        return addr, 4 * ((((b[1] & 15) - (b[1] >> 4)) & 15) + 1)
    if op == 0xBE:                                # STCM
        return addr, bin(b[1] & 15).count('1')
    if op >= 0xD0 and op not in (0xD5, 0xDD, 0xF9):
        return addr, (b[1] + 1) if op < 0xF0 else (b[1] >> 4) + 1
    if rec.inst[:4] in VOLATILE:
        return addr, 8
    return None


def successors(rec):
    """Instruction addresses that may follow rec without an interruption; None: any."""
    op = int(rec.inst[:2], 16)
    nxt = (rec.ia + ilen(op)) & 0xFFFFFF
    b = bytes.fromhex(rec.inst)
    g = rec.gr
    def ea_rx():
        x, base, d = b[1] & 15, b[2] >> 4, ((b[2] & 15) << 8) | b[3]
        return (d + (g.get(x, 0) if x else 0) + (g.get(base, 0) if base else 0)) & 0xFFFFFF
    if op in (0x05, 0x06, 0x07, 0x0D):
        r2 = b[1] & 15
        return {nxt, g.get(r2, 0) & 0xFFFFFF} if r2 else {nxt}
    if op in (0x45, 0x46, 0x47, 0x4D):
        return {nxt, ea_rx()}
    if op in (0x86, 0x87):
        base, d = b[2] >> 4, ((b[2] & 15) << 8) | b[3]
        return {nxt, (d + (g.get(base, 0) if base else 0)) & 0xFFFFFF}
    if op in (0x44, 0x0A, 0x82):                  # EX, SVC, LPSW
        return None
    return {nxt}


def cc_of(psw):
    if int(psw[2:4], 16) & 8:
        return (int(psw[4:6], 16) >> 4) & 3
    return (int(psw[9:11], 16) >> 4) & 3


def without_cc(psw):
    """The PSW with its condition code zeroed (byte 2 in EC mode, byte 4 in BC)."""
    if int(psw[2:4], 16) & 8:
        return psw[:4] + '%02X' % (int(psw[4:6], 16) & 0xCF) + psw[6:]
    return psw[:9] + '%02X' % (int(psw[9:11], 16) & 0xCF) + psw[11:]


def psw_fields(psw):
    """The PSW without the BC-mode ILC (set differently around interruptions)."""
    if int(psw[2:4], 16) & 8:
        return psw
    return psw[:9] + '%02X' % (int(psw[9:11], 16) & 0x3F) + psw[11:]

# ---- events ------------------------------------------------------------------------------

IO_NAMES = {'9C00': 'SIO', '9C01': 'SIOF', '9D00': 'TIO', '9D01': 'CLRIO', '9E00': 'HIO',
            '9E01': 'HDV', '9F00': 'TCH', 'B203': 'STIDC'}


def events(stream):
    """(text, record) for I/O instructions, SVCs, program checks, CCW trace lines."""
    prev = None
    for r in stream:
        if prev is not None:
            name = IO_NAMES.get(prev.inst[:4])
            if name:
                b = bytes.fromhex(prev.inst)
                base, d = b[2] >> 4, ((b[2] & 15) << 8) | b[3]
                dev = (d + (prev.gr.get(base, 0) if base else 0)) & 0xFFFF
                yield '%s %04X cc=%d' % (name, dev, cc_of(r.psw)), prev
        if r.inst[:2] == '0A':
            yield 'SVC %d' % int(r.inst[2:4], 16), r
        if r.pgm is not None:
            yield 'program check %04X' % r.pgm, r
        for e in r.events:
            if 'HHCCP048I' in e or 'HHCCP075I' in e or e.startswith('console: '):
                yield e.split(' ', 1)[1] if e.startswith('HHC') else e, r
        prev = r


def collapse_events(evs):
    """[text, first record, count] with repeats of the same event folded."""
    out = []
    for text, rec in evs:
        if out and out[-1][0] == text:
            out[-1][2] += 1
        else:
            out.append([text, rec, 1])
    return out


def list_diff(a, b, args, what, show):
    """Walk two lists of (key, ...) in step; at each difference print the context
    (show(tag, item) formats an item) and resynchronise at the nearest point where
    --sync keys agree again. Returns the number of differences reported."""
    i = j = reported = 0
    while i < len(a) and j < len(b) and reported < args.max:
        if a[i][0] == b[j][0]:
            i += 1
            j += 1
            continue
        reported += 1
        print('=== %s divergence after %d equal entries' % (what, i))
        for k in range(max(0, i - args.context), i):
            print(show('=', a[k]))
        need, first, best = args.sync, {}, None
        for y in range(j, min(len(b), j + args.window)):
            first.setdefault(tuple(x[0] for x in b[y:y + need]), y)
        for x in range(i, min(len(a), i + args.window)):
            if best is not None and x - i >= best[0] - i + best[1] - j:
                break
            y = first.get(tuple(z[0] for z in a[x:x + need]))
            if y is not None and (best is None or x - i + y - j < best[0] - i + best[1] - j):
                best = (x, y)
        ea = best[0] if best else min(len(a), i + args.context)
        eb = best[1] if best else min(len(b), j + args.context)
        for k in range(i, min(ea, i + args.context)):
            print(show('A', a[k]))
        for k in range(j, min(eb, j + args.context)):
            print(show('B', b[k]))
        if best is None:
            print('(no resynchronisation within %d entries)' % args.window)
            break
        print('(resynchronised: A skips %d, B skips %d)' % (best[0] - i, best[1] - j))
        i, j = best
    if not reported:
        print('%s: %d and %d entries, no difference' % (what, len(a), len(b)))
    return reported


def compare_events(a_path, b_path, args):
    lists = []
    for path in (a_path, b_path):
        ev = collapse_events(events(collapse_loops(merged(path), args.period,
                                                   collections.Counter())))
        # Polling answers that only tell the device was still busy are timing.
        lists.append([e for e in ev if not e[0].startswith('console: ')
                      and not (e[0].startswith(('TIO', 'TCH')) and e[0].endswith('cc=2'))])
    a, b = lists
    # CCW trace lines count only when both traces have them.
    if not any('CCW=' in e[0] for e in a) or not any('CCW=' in e[0] for e in b):
        a = [e for e in a if 'CCW=' not in e[0] and 'Stat=' not in e[0]]
        b = [e for e in b if 'CCW=' not in e[0] and 'Stat=' not in e[0]]
    show = lambda tag, e: '  %s %-40s %s#%d line %d  x%d' % (tag, e[0], 'B' if tag == 'B' else 'A',
                                                           e[1].n, e[1].line, e[2])
    return 1 if list_diff(a, b, args, 'event', show) else 0


def ccw_lines(path, devs):
    """(text to compare, line number, raw) of each CCW trace line (Hercules `t+CCUU`:
    HHCCP048I CCW, HHCCP075I status, HHCCP076I sense). Data are compared for the
    bytes the CCW moves only (the lines show 16 bytes of the area); Hercules shows a
    first CCW twice when it starts a program synchronously and then retries it
    asynchronously: the repeat is dropped."""
    out, lineno = [], 0
    last_ccw = {}                                 # device -> (text, count, input)
    with opener(path) as f:
        for physical in f:
            lineno += 1
            if 'HHCCP0' not in physical:
                continue
            for text in split_messages(physical.rstrip('\n')):
                m = re.match(r'\s*HHCCP0(48|75|76)I ([0-9A-F]{4}):(.*)$', text)
                if not m or (devs and m.group(2) not in devs):
                    continue
                dev, body = m.group(2), m.group(3).rstrip()
                head, _, data = body.partition('=>')
                data = data[:35].replace(' ', '')
                if m.group(1) == '48':
                    cmd, count = int(head[4:6], 16), int(head[17:21], 16)
                    inp = (cmd & 3) == 2 or (cmd & 0x0F) in (4, 0x0C)
                    shown = 0 if inp or (cmd & 0x0F) == 8 else min(count, 16)
                    key = '%s %s %s' % (dev, head, data[:2 * shown])
                    prev = last_ccw.get(dev)
                    if prev and prev[0] == key and out and out[-1][0] == key:
                        continue
                    last_ccw[dev] = (key, count, inp)
                    out.append((key, lineno, text.strip()))
                elif m.group(1) == '75':
                    prev = last_ccw.get(dev)
                    moved = 0
                    if prev and prev[2]:
                        moved = max(0, min(16, prev[1] - int(head[-4:] or '0', 16)))
                    out.append(('%s %s %s' % (dev, head.strip(), data[:2 * moved]), lineno,
                                text.strip()))
                else:
                    out.append(('%s %s' % (dev, body), lineno, text.strip()))
    return out


def compare_ccws(args):
    devs = set(d.upper().zfill(4) for d in args.ccw.split(',')) if args.ccw != 'all' else set()
    a, b = ccw_lines(args.a, devs), ccw_lines(args.b, devs)
    show = lambda tag, e: '  %s L%-9d %s' % (tag, e[1], e[2])
    return 1 if list_diff(a, b, args, 'CCW trace', show) else 0


# ---- alignment ------------------------------------------------------------------------------

class Side:
    """A record stream with look-ahead."""
    def __init__(self, name, stream):
        self.name, self.it, self.buf, self.done = name, iter(stream), collections.deque(), False

    def fill(self, n):
        while len(self.buf) < n and not self.done:
            try:
                self.buf.append(next(self.it))
            except StopIteration:
                self.done = True
        return len(self.buf)

    def peek(self, k=0):
        return self.buf[k] if self.fill(k + 1) > k else None

    def pop(self):
        self.fill(1)
        return self.buf.popleft() if self.buf else None


def find_sync(a, b, window, sync):
    """Smallest (i, j), by i + j, with `sync` equal keys from a[i] and b[j]."""
    na, nb = a.fill(window + sync), b.fill(window + sync)
    ka = [r.key for r in list(a.buf)[:na]]
    kb = [r.key for r in list(b.buf)[:nb]]
    need = min(sync, na, nb)
    if need == 0:
        return None
    first = {}
    for j in range(0, max(0, nb - need + 1)):
        t = tuple(kb[j:j + need])
        if t not in first:
            first[t] = j
    best = None
    for i in range(0, max(0, na - need + 1)):
        if best is not None and i >= best[0] + best[1]:
            break
        j = first.get(tuple(ka[i:i + need]))
        if j is not None and (best is None or i + j < best[0] + best[1]):
            best = (i, j)
    return best


def interrupted_between(prev, rec):
    """Did an interruption come between prev and rec (rec is not a successor)?"""
    if prev is None or rec is None:
        return False
    s = successors(prev)
    return s is not None and rec.ia not in s


class Taint:
    def __init__(self, ignore):
        self.regs = set()
        self.stor = set()                          # byte addresses
        self.ignore = ignore

    def stor_tainted(self, addr, nbytes):
        if self.stor and any(a in self.stor for a in range(addr, addr + max(nbytes, 1))):
            return True
        for lo, hi in self.ignore:
            if addr <= hi and addr + nbytes - 1 >= lo:
                return True
        return False

    def mark(self, addr, nbytes, on):
        rng = range(addr, addr + max(nbytes, 1))
        if on:
            self.stor.update(rng)
        elif self.stor:
            self.stor.difference_update(rng)


def compare(ra, rb, prev_a, prev_b, taint, args):
    """Differences between aligned records that taint does not explain."""
    diffs = []
    # Results of the previous instruction may differ if its input did.
    excused = prev_a is not None and prev_a.tin
    if (args.io_loose and prev_a is not None and prev_a.inst[:4] in IO_NAMES
            and cc_of(ra.psw) != cc_of(rb.psw)):
        # Device timing: the other machine's device had not finished yet, or already had.
        excused = True
        taint.mark(0x40, 8, True)
        if not args.quiet_skips:
            print('... io: %s A cc=%d B cc=%d at A#%d L%d / B#%d L%d' % (
                prev_a.brief(), cc_of(ra.psw), cc_of(rb.psw), prev_a.n, prev_a.line,
                prev_b.n, prev_b.line))
    for r in range(16):
        va, vb = ra.gr.get(r), rb.gr.get(r)
        if va is None or vb is None:
            continue
        if va == vb:
            taint.regs.discard(r)
        elif r in taint.regs:
            continue
        elif excused:
            taint.regs.add(r)
        else:
            diffs.append('GR%02d %08X %08X' % (r, va, vb))
    pa, pb = psw_fields(ra.psw), psw_fields(rb.psw)
    if pa != pb and not (excused and without_cc(pa) == without_cc(pb)):
        diffs.append('PSW %s %s' % (ra.psw, rb.psw))
    if not args.no_cr:
        for r in range(16):
            va, vb = ra.cr.get(r), rb.cr.get(r)
            if va is not None and vb is not None and va != vb:
                diffs.append('CR%02d %08X %08X' % (r, va, vb))
    for r in range(8):
        va, vb = ra.fpr.get(r), rb.fpr.get(r)
        if va is not None and vb is not None and va != vb and not excused:
            diffs.append('FPR%d %s %s' % (r, va, vb))
    # Storage operands fetched.
    tainted_input = bool(op_regs(ra.inst) & taint.regs)
    fa, fb = fetched(ra), fetched(rb)
    for (aa, ha), (ab, hb) in zip(fa, fb):
        if aa != ab or ha == hb:
            continue
        if taint.stor_tainted(aa, len(ha) // 2):
            tainted_input = True
            continue
        diffs.append('storage %06X %s %s' % (aa, ha, hb))
    if ra.inst[:4] in VOLATILE:
        tainted_input = True
    ra.tin = tainted_input
    st = store_target(ra)
    if st:
        taint.mark(st[0], st[1], tainted_input)
    return diffs, tainted_input


def show_rec(tag, r):
    for ln in r.raw:
        print('  %s| %s' % (tag, ln))


def align(a_path, b_path, args):
    stats = collections.Counter()
    sa = collapse_loops(merged(a_path), args.period, stats)
    sb = collapse_loops(merged(b_path), args.period, stats)
    if args.start_a is not None:
        sa = skip_to(sa, args.start_a)
    if args.start_b is not None:
        sb = skip_to(sb, args.start_b)
    A, B = Side('A', sa), Side('B', sb)
    taint = Taint(args.ignore)
    hist = collections.deque(maxlen=args.context)
    prev_a = prev_b = None
    reported = matched = 0

    def report(kind, detail, extra_a=(), extra_b=()):
        nonlocal reported
        reported += 1
        print('=== %s after %d matched records: %s' % (kind, matched, detail))
        print('--- matched before it (A record/line, B record/line):')
        for ha, hb, d in hist:
            print('  A#%-8d L%-9d B#%-8d L%-9d %s%s' % (ha.n, ha.line, hb.n, hb.line, ha.brief(),
                                                     '  <' + '; '.join(d) if d else ''))
        print('--- A (%s):' % args.a)
        for r in extra_a:
            show_rec('A', r)
        print('--- B (%s):' % args.b)
        for r in extra_b:
            show_rec('B', r)
        print()

    while reported < args.max:
        ra, rb = A.peek(), B.peek()
        if ra is None or rb is None:
            break
        if ra.key == rb.key:
            A.pop(); B.pop()
            diffs = []
            if not args.no_data:
                diffs, _ = compare(ra, rb, prev_a, prev_b, taint, args)
            hist.append((ra, rb, diffs))
            matched += 1
            if diffs:
                report('data divergence', '; '.join(diffs), [prev_a, ra] if prev_a else [ra],
                       [prev_b, rb] if prev_b else [rb])
                taint.regs |= {int(d[2:4]) for d in diffs if d.startswith('GR')}
            prev_a, prev_b = ra, rb
            continue
        s = find_sync(A, B, args.window, args.sync)
        if s is None:
            report('control divergence (no resynchronisation within %d records)' % args.window,
                   'A %s / B %s' % (ra.brief(), rb.brief()),
                   [x for x in list(A.buf)[:4]], [x for x in list(B.buf)[:4]])
            break
        i, j = s
        skipped_a, skipped_b = list(A.buf)[:i], list(B.buf)[:j]
        after_a, after_b = A.peek(i), B.peek(j)
        # Benign: the side with the extra records entered an interruption handler there
        # (an interruption taken at another instruction than on the other machine), or
        # one side ran more loop iterations.
        benign = any(skipped and interrupted_between(prev, skipped[0])
                     for prev, skipped in ((prev_a, skipped_a), (prev_b, skipped_b)))
        loopy = prev_a is not None and all(
            x.key in {h[0].key for h in hist} for x in skipped_a + skipped_b)
        if not benign and not loopy and matched:
            report('control divergence', 'A skips %d, B skips %d to resynchronise at A#%d/B#%d'
                   % (i, j, after_a.n if after_a else -1, after_b.n if after_b else -1),
                   ([prev_a] if prev_a else []) + skipped_a[:6], ([prev_b] if prev_b else []) + skipped_b[:6])
        elif not args.quiet_skips:
            print('... skip A %d B %d (%s) at A#%d L%d / B#%d L%d' % (
                i, j, 'interruption' if benign else 'loop', ra.n, ra.line, rb.n, rb.line))
        stats['skips'] += 1
        for _ in range(i):
            A.pop()
        for _ in range(j):
            B.pop()
        # Registers that differ now are a consequence of the skip.
        if after_a is not None and after_b is not None:
            for r in range(16):
                if after_a.gr.get(r) != after_b.gr.get(r):
                    taint.regs.add(r)
            prev_a, prev_b = None, None
    if reported < args.max:
        # One trace was stopped later than the other: worth knowing, not a divergence.
        for side, other in ((A, B), (B, A)):
            r = side.peek()
            if r is not None and other.peek() is None:
                print('(%s goes on after the end of %s: %s#%d L%d %s)'
                      % (side.name, other.name, side.name, r.n, r.line, r.brief()))
    print('matched %d records, %d resynchronisations, %d loop records collapsed'
          % (matched, stats['skips'], stats['collapsed']))
    return 1 if reported else 0


def parse_range(s):
    lo, _, hi = s.partition('-')
    lo = int(lo, 16)
    return (lo, int(hi, 16) if hi else lo)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('a')
    ap.add_argument('b')
    ap.add_argument('--events', action='store_true')
    ap.add_argument('--ccw', metavar='CCUU[,CCUU...]|all')
    ap.add_argument('--max', type=int, default=1)
    ap.add_argument('--context', type=int, default=12)
    ap.add_argument('--window', type=int, default=40000)
    ap.add_argument('--sync', type=int, default=6)
    ap.add_argument('--period', type=int, default=48)
    ap.add_argument('--no-data', action='store_true')
    ap.add_argument('--no-cr', action='store_true')
    ap.add_argument('--ignore', action='append', type=parse_range, default=[])
    ap.add_argument('--start-a', type=lambda s: int(s, 16))
    ap.add_argument('--start-b', type=lambda s: int(s, 16))
    ap.add_argument('--quiet-skips', action='store_true')
    ap.add_argument('--io-loose', action='store_true')
    args = ap.parse_args()
    # Interval timer (80-83) and the old PSWs (24-63) differ with interruption timing.
    args.ignore += [(0x50, 0x53), (0x18, 0x3F)]
    if args.ccw:
        return compare_ccws(args)
    if args.events:
        return compare_events(args.a, args.b, args)
    return align(args.a, args.b, args)


if __name__ == '__main__':
    try:
        sys.exit(main())
    except BrokenPipeError:
        sys.exit(1)
