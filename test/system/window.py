#!/usr/bin/env python3
"""window.py -- the SDL2 window end to end, drawn by SDL's dummy video driver: `s370 run
--window` on a 3270 display that runs test/system/window.S, with `screenshot FILE`
PNGs read back here (zlib from the standard library) and every character cell
matched against the glyphs of console/font3270.c, so text, positions, colors (the
field attributes) and the cursor are all checked. Keys reach the program through
`winkey`/`wintype`, which feed SDL's own event queue, so the keyboard map is
checked too: Enter with the typed name, PF13 as Shift+F1, PA2 as Ctrl+F2, field
erase (End), Clear (Escape). Also: no display means a clear error and exit 1, a
device that is not a 3270 the same, the WINDOW statement opens the window and
--no-window overrides it.

Run from the build directory (srcdir set by automake); exit 0 pass, 1 fail, 77 skip.
"""
import os, queue, re, socket, struct, subprocess, sys, tempfile, threading, time, zlib

SKIP = 77
SRCDIR = os.environ.get("srcdir", ".")
PROGRAM = "test/system/window.bin"
TIMEOUT = 60.0                  # for a condition on a loaded machine, not a sleep

FONT_W, FONT_H, RULE_H = 9, 16, 4
COLORS = {                      # console/winrender.c's palette
    (0x00, 0x00, 0x00): "black", (0x55, 0x8C, 0xFF): "blue", (0xFF, 0x3C, 0x3C): "red",
    (0xFF, 0x6E, 0xFF): "pink", (0x3C, 0xF0, 0x3C): "green", (0x3C, 0xF0, 0xF0): "turquoise",
    (0xFF, 0xFF, 0x3C): "yellow", (0xFF, 0xFF, 0xFF): "white", (0x3C, 0xC8, 0xC8): "status",
    (0x3C, 0x78, 0x78): "rule",
}

CONFIG = """ARCHMODE  S/370
MAINSIZE  1
NUMCPU    1
CNSLPORT  127.0.0.1:{port}
{extra}
00C0      3270
00C1      3270
"""

# EBCDIC AIDs as the program shows them (a character of code page 037).
AID_ENTER, AID_PF13, AID_PA2, AID_PF3, AID_CLEAR = "'", "A", ">", "3", "_"


def load_font():
    """console/font3270.c: {Latin-1 code: 16 row bitmaps}, bit 8 the leftmost pixel."""
    with open(os.path.join(SRCDIR, "console", "font3270.c"), encoding="utf-8") as f:
        src = f.read()
    font = {}
    for m in re.finditer(r"\[0x([0-9A-F]{2})\] = \{([^}]*)\}", src):
        font[int(m.group(1), 16)] = [int(v, 16) for v in m.group(2).split(",")]
    if len(font) < 90:
        raise AssertionError("font3270.c: only %d glyphs found" % len(font))
    return font


def read_png(path):
    """A palette PNG as png.c writes it: (width, height, rows of RGB tuples)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise AssertionError("%s: not a PNG" % path)
    off, idat, plte, ihdr = 8, b"", None, None
    while off < len(data):
        n, kind = struct.unpack(">I4s", data[off:off + 8])
        body = data[off + 8:off + 8 + n]
        crc = struct.unpack(">I", data[off + 8 + n:off + 12 + n])[0]
        if zlib.crc32(kind + body) != crc:
            raise AssertionError("%s: bad CRC in %s" % (path, kind))
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"PLTE":
            plte = [tuple(body[i:i + 3]) for i in range(0, n, 3)]
        elif kind == b"IDAT":
            idat += body
        off += 12 + n
    w, h, depth, ctype = ihdr[:4]
    if depth != 8 or ctype != 3 or not plte:
        raise AssertionError("%s: not an 8-bit palette image" % path)
    raw = zlib.decompress(idat)
    rows = []
    for y in range(h):
        line = raw[y * (w + 1):(y + 1) * (w + 1)]
        if line[0] != 0:
            raise AssertionError("%s: row %d has filter %d" % (path, y, line[0]))
        rows.append([plte[i] for i in line[1:]])
    return w, h, rows


class Screen:
    """A screenshot read back as cells: text[row] and color[row][col] (the foreground;
    'rev-COLOR' for reverse video, 'under-COLOR' for an underline), '?' where no
    glyph of the font matches."""

    def __init__(self, path, font):
        w, h, px = read_png(path)
        self.cols = w // FONT_W
        self.rows = (h - RULE_H) // FONT_H - 1
        if self.cols * FONT_W != w or (self.rows + 1) * FONT_H + RULE_H != h:
            raise AssertionError("%s: %dx%d is not a screen with a status line" % (path, w, h))
        self.font = font
        self.by_bits = {}
        for code in sorted(font, reverse=True):
            self.by_bits[tuple(font[code])] = chr(code)
        self.by_bits[(0,) * FONT_H] = " "
        self.text, self.color = [], []
        for r in range(self.rows):
            cells = [self.cell(px, r * FONT_H, c) for c in range(self.cols)]
            self.text.append("".join(ch for ch, _ in cells))
            self.color.append([col for _, col in cells])
        y = self.rows * FONT_H
        self.rule = [COLORS.get(p, "?") for p in px[y + RULE_H // 2 - 1]]
        st = [self.cell(px, y + RULE_H, c) for c in range(self.cols)]
        self.status = "".join(ch for ch, _ in st)
        self.status_colors = {col for ch, col in st if ch != " "}

    def cell(self, px, y0, col):
        block = [px[y0 + r][col * FONT_W:(col + 1) * FONT_W] for r in range(FONT_H)]
        names = {COLORS.get(p, "?") for line in block for p in line}
        if "?" in names:
            return "?", "?"
        if names == {"black"}:
            return " ", None
        if len(names) == 1:
            return " ", "rev-" + names.pop()
        if len(names) != 2 or "black" not in names:
            return "?", "?"
        other = (names - {"black"}).pop()
        for fg, tag in (("black", "rev-" + other), (other, other)):
            bits = tuple(sum(1 << (FONT_W - 1 - i) for i, p in enumerate(line)
                             if COLORS[p] == fg) for line in block)
            if bits in self.by_bits:
                return self.by_bits[bits], tag
            under = bits[:FONT_H - 2] + (0,) * 2
            if all(b == 0x1FF for b in bits[FONT_H - 2:]):
                for code, glyph in self.font.items():
                    if tuple(glyph[:FONT_H - 2]) == under[:FONT_H - 2]:
                        return chr(code), "under-" + tag
                if not any(under):
                    return " ", "under-" + tag
        return "?", "?"

    def field(self, row, col, text):
        """The text at row, col and its colors (one if all cells agree)."""
        got = self.text[row][col:col + len(text)]
        colors = {self.color[row][c] for c in range(col, col + len(text))
                  if self.text[row][c] != " "}
        return got, colors

    def dump(self):
        return "\n".join("%2d|%s|" % (i, t) for i, t in enumerate(self.text)) + \
            "\n  |%s|" % self.status


class Machine:
    """`./s370 run --window` with SDL's dummy video driver and its console output
    collected by a reader thread."""

    def __init__(self, work, args, env_extra=None, extra_conf=""):
        self.work = work
        conf = os.path.join(work, "window.conf")
        with open(conf, "w") as f:
            f.write(CONFIG.format(port=free_port(), extra=extra_conf))
        env = dict(os.environ)
        env.update(env_extra or {"SDL_VIDEODRIVER": "dummy"})
        self.p = subprocess.Popen(["./s370", "run"] + args + [conf], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  text=True, errors="replace", env=env)
        self.out = ""
        self.lines = queue.Queue()
        self.shots = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.p.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def send(self, line):
        self.p.stdin.write(line + "\n")
        self.p.stdin.flush()

    def wait_for(self, text, start=0):
        deadline = time.monotonic() + TIMEOUT
        while True:
            i = self.out.find(text, start)
            if i >= 0:
                return i + len(text)
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError("timed out waiting for %r; output:\n%s" % (text, self.out))
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                continue
            if line is None:
                raise AssertionError("s370 ended before %r; output:\n%s" % (text, self.out))
            self.out += line

    def screenshot(self, font):
        self.shots += 1
        path = os.path.join(self.work, "shot%d.png" % self.shots)
        start = len(self.out)
        self.send("screenshot " + path)
        self.wait_for("HHC1W001I Screenshot written to " + path, start)
        return Screen(path, font)

    def until(self, font, what, pred):
        """Screenshots until pred(screen) holds; the last screen."""
        deadline = time.monotonic() + TIMEOUT
        while True:
            s = self.screenshot(font)
            if pred(s):
                return s
            if time.monotonic() > deadline:
                raise AssertionError("timed out waiting for %s; the screen:\n%s" % (what, s.dump()))
            time.sleep(0.05)

    def finish(self):
        try:
            self.send("quit")
            self.p.stdin.close()
        except BrokenPipeError:
            pass
        try:
            self.p.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()
            raise AssertionError("s370 did not end after quit")
        for line in iter(self.lines.get, None):
            self.out += line
        return self.p.returncode


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_plain(work, args, env, extra_conf=""):
    """s370 run ARGS with stdin at its end: (exit code, output)."""
    conf = os.path.join(work, "plain.conf")
    with open(conf, "w") as f:
        f.write(CONFIG.format(port=free_port(), extra=extra_conf))
    r = subprocess.run(["./s370", "run"] + args + [conf], stdin=subprocess.DEVNULL,
                       capture_output=True, text=True, errors="replace", env=env,
                       timeout=TIMEOUT)
    return r.returncode, r.stdout + r.stderr


def expect(cond, what, screen=None):
    if not cond:
        raise AssertionError(what + ("\n" + screen.dump() if screen else ""))


def expect_field(s, row, col, text, color):
    got, colors = s.field(row, col, text)
    expect(got == text, "row %d col %d: %r, not %r" % (row, col, got, text), s)
    expect(colors == {color}, "row %d %r: colors %s, not %s" % (row, text, colors, color), s)


def check_first_screen(s):
    expect_field(s, 0, 1, "s370 window test", "white")         # protected, intensified
    expect_field(s, 2, 1, "Protected normal", "blue")
    expect_field(s, 3, 1, "Protected intensified", "white")
    expect(s.text[4].strip() == "", "row 4: the hidden field shows %r" % s.text[4], s)
    expect_field(s, 5, 1, "Input normal", "green")
    expect_field(s, 6, 1, "Input intensified", "red")
    expect_field(s, 7, 1, "Yellow", "yellow")                  # SFE color
    expect_field(s, 8, 1, "Reverse", "rev-blue")               # SFE reverse video
    expect(s.color[8][20] == "rev-blue", "reverse video covers the whole field", s)
    expect_field(s, 9, 1, "Name:", "blue")
    expect(s.color[9][7] == "rev-red" and s.text[9][7] == " ",
           "the cursor: a red block at row 9 col 7 (got %r %r)" % (s.text[9][7], s.color[9][7]), s)
    expect_field(s, 12, 1, "Keys go to the program", "blue")
    expect_field(s, 20, 1, "AID", "blue")
    expect_field(s, 21, 1, "Data", "blue")
    expect(s.status.startswith("         00C0 CP00 "), "status line: %r" % s.status, s)
    expect(re.search(r"CP00 (WAIT|RUN ) PSW [0-9A-F]{8} [0-9A-F]{8} +[0-9.]+ MIPS IO \d+",
                     s.status), "status line: %r" % s.status, s)
    expect(s.status.rstrip().endswith("10/008"), "status cursor: %r" % s.status, s)
    expect(s.status_colors == {"status"}, "status colors %s" % s.status_colors, s)
    expect("rule" in s.rule, "no rule above the status line", s)


def answered(aid, data=None):
    def pred(s):
        return s.text[20][5] == aid and s.status[:8].strip() == "" and \
            (data is None or s.text[21][6:36].rstrip() == data)
    return pred


def main():
    if not os.path.exists(PROGRAM):
        print("window: %s not built (no s390x assembler); skipped" % PROGRAM)
        return SKIP
    font = load_font()
    with tempfile.TemporaryDirectory() as work:
        program = os.path.abspath(PROGRAM)
        env = dict(os.environ, SDL_VIDEODRIVER="dummy")
        code9, out9 = run_plain(work, ["--window", "0009"], env)
        if "built without SDL2" in out9:
            print("window: s370 built without SDL2; skipped")
            return SKIP

        # No display: a clear message and exit 1, before the CPUs start.
        bare = {k: v for k, v in os.environ.items()
                if k not in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER")}
        code, out = run_plain(work, ["--window"], bare)
        expect(code == 1 and "s370: window: no display" in out,
               "without a display: exit %d, output:\n%s" % (code, out))
        expect(code9 == 1 and "s370: window: device 0009 is not a 3270 display" in out9,
               "--window 0009: exit %d, output:\n%s" % (code9, out9))
        code, out = run_plain(work, ["--no-window"], env, "WINDOW 00C1")
        expect(code == 0 and "the window shows" not in out,
               "--no-window with WINDOW: exit %d, output:\n%s" % (code, out))
        # An invisible window (dummy driver) ends with its input, as headless s370.
        code, out = run_plain(work, ["--window=c1"], env)
        expect(code == 0 and "the window shows 3270 device 00C1" in out,
               "--window=c1 at the end of input: exit %d, output:\n%s" % (code, out))

        # The WINDOW statement picks the device; quit from the console ends it all.
        m = Machine(work, [], extra_conf="WINDOW 00C1")
        m.wait_for("s370: the window shows 3270 device 00C1")
        s = m.screenshot(font)
        expect(s.rows == 24 and s.cols == 80, "screen %dx%d" % (s.rows, s.cols), s)
        expect(s.status.startswith("         00C1 CP00 STOP"), "status %r" % s.status, s)
        expect(m.finish() == 0, "WINDOW 00C1: exit code %s" % m.p.returncode)

        # The program's screen, then keys.
        m = Machine(work, ["--window"])
        try:
            m.wait_for("s370: the window shows 3270 device 00C0")
            m.send("loadcore %s 0" % program)
            m.send("restart")
            # (the status line is refreshed on its own clock: wait for it too)
            s = m.until(font, "the program's screen",
                        lambda s: "s370 window test" in s.text[0] and " STOP " not in s.status)
            check_first_screen(s)

            m.send("wintype Ann")
            m.send("winkey Return")
            s = m.until(font, "Enter with the name", answered(AID_ENTER, "Ann"))
            expect_field(s, 9, 7, "Ann", "red")
            expect_field(s, 21, 6, "Ann", "blue")

            for keys, aid, what in ((["Shift+F1"], AID_PF13, "PF13"), (["Ctrl+F2"], AID_PA2, "PA2"),
                                    (["F3"], AID_PF3, "PF3")):
                m.send("winkey " + " ".join(keys))
                s = m.until(font, what, answered(aid))

            # Field erase: Backtab to the start of the name field, End erases to its
            # end; Enter sends it empty.
            m.send("winkey Shift+Tab End Return")
            s = m.until(font, "the erased name", answered(AID_ENTER, ""))
            expect(s.text[9][7:27].strip() == "", "row 9: the name field still shows %r" %
                   s.text[9][7:27], s)
            expect_field(s, 5, 1, "Input normal", "green")

            # Clear (Escape) empties the screen; the program only writes its answer.
            m.send("winkey Escape")
            s = m.until(font, "Clear", answered(AID_CLEAR))
            expect(all(s.text[r].strip() == "" for r in range(20)), "Clear left text", s)
            expect(m.finish() == 0, "exit code %s; output:\n%s" % (m.p.returncode, m.out))
        except BaseException:
            if m.p.poll() is None:
                m.p.kill()
            raise
    print("window: all checks passed")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except AssertionError as e:
        print("FAIL: %s" % e)
        sys.exit(1)
