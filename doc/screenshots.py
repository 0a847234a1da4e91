#!/usr/bin/env python3
"""screenshots.py -- make the README's pictures of the default program's screen:

  doc/screen-c3270.png   c3270 (Debian's c3270) connected over TN3270, running in tmux;
                         tmux's capture-pane text with its colors, drawn here with the
                         window's font (console/font3270.c) and an xterm palette
  doc/screen-window.png  the SDL2 window (`s370 run --window`, SDL's offscreen driver),
                         saved by its `screenshot` command

One s370 runs images/default.conf (from the build directory, where `make` built the
card deck) on a loopback port of its own: the window takes 3270 device 00C0, c3270
gets 00C1. On both the name Ann is typed and Enter pressed, and the pictures are
taken once the greeting shows (the window's screenshots are read back with the
window test's reader, test/system/window.py). Usage, from anywhere:
doc/screenshots.sh [BUILDDIR]. Needs tmux, c3270 and an s370 built with SDL2.
Standard library only.
"""
import os, re, shutil, socket, struct, subprocess, sys, tempfile, threading, time, zlib

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("srcdir", TOP)
sys.dont_write_bytecode = True          # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(TOP, "test", "system"))
import window  # noqa: E402  (Screen, load_font: the window test's PNG reader)
TIMEOUT = 60.0
FONT_W, FONT_H = 9, 16
COLS, ROWS = 80, 25                     # c3270 model 2: 24 rows and its status line
XTERM = [(0x00, 0x00, 0x00), (0xCD, 0x00, 0x00), (0x00, 0xCD, 0x00), (0xCD, 0xCD, 0x00),
         (0x00, 0x00, 0xEE), (0xCD, 0x00, 0xCD), (0x00, 0xCD, 0xCD), (0xE5, 0xE5, 0xE5),
         (0x7F, 0x7F, 0x7F), (0xFF, 0x00, 0x00), (0x00, 0xFF, 0x00), (0xFF, 0xFF, 0x00),
         (0x5C, 0x5C, 0xFF), (0xFF, 0x00, 0xFF), (0x00, 0xFF, 0xFF), (0xFF, 0xFF, 0xFF)]


def write_png(path, w, h, rgb_rows):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + \
            struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\0" + bytes(v for px in row for v in px) for row in rgb_rows)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
                chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def parse_ansi(text):
    """tmux capture-pane -e output: rows of (char, fg, bg, reverse, underline)."""
    cells, fg, bg, bold, rev, under = [], 7, 0, False, False, False
    for line in text.split("\n")[:ROWS]:
        row = []
        for tok in re.findall(r"\x1b\[[0-9;]*m|[^\x1b]", line):
            if not tok.startswith("\x1b"):
                c = fg + 8 if bold and fg < 8 else fg
                row.append((tok, XTERM[c], XTERM[bg], rev, under))
                continue
            codes = [int(c) if c else 0 for c in tok[2:-1].split(";")]
            i = 0
            while i < len(codes):
                c = codes[i]
                if c == 0:
                    fg, bg, bold, rev, under = 7, 0, False, False, False
                elif c == 1:
                    bold = True
                elif c == 4:
                    under = True
                elif c == 7:
                    rev = True
                elif 30 <= c <= 37:
                    fg = c - 30
                elif 90 <= c <= 97:
                    fg = c - 90 + 8
                elif 40 <= c <= 47:
                    bg = c - 40
                elif c == 39:
                    fg = 7
                elif c == 49:
                    bg = 0
                elif c in (38, 48) and i + 2 < len(codes) and codes[i + 1] == 5:
                    if c == 38:
                        fg = codes[i + 2] % 16
                    else:
                        bg = codes[i + 2] % 16
                    i += 2
                i += 1
        cells.append(row)
    return cells


def render_terminal(cells, cursor, font, path):
    w, h = COLS * FONT_W, ROWS * FONT_H
    px = [[XTERM[0]] * w for _ in range(h)]
    for r in range(ROWS):
        row = cells[r] if r < len(cells) else []
        for c in range(COLS):
            ch, fg, bg, rev, under = row[c] if c < len(row) else (" ", XTERM[7], XTERM[0], False, False)
            if (c, r) == cursor:
                rev = not rev
            if rev:
                fg, bg = bg, fg
            code = ord(ch) if ord(ch) < 256 else ord("?")
            glyph = font.get(code, [0] * FONT_H)
            for y in range(FONT_H):
                bits = 0x1FF if under and y >= FONT_H - 2 else glyph[y]
                line = px[r * FONT_H + y]
                for x in range(FONT_W):
                    line[c * FONT_W + x] = fg if bits & (1 << (FONT_W - 1 - x)) else bg
    write_png(path, w, h, px)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait(what, pred):
    deadline = time.monotonic() + TIMEOUT
    while not pred():
        if time.monotonic() > deadline:
            sys.exit("screenshots: timed out waiting for " + what)
        time.sleep(0.1)


def main():
    build = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".")
    out = os.path.join(TOP, "doc")
    for tool in ("tmux", "c3270"):
        if not shutil.which(tool):
            sys.exit("screenshots: %s is not installed (apt-get install %s)" % (tool, tool))
    s370 = os.path.join(build, "s370")
    if not os.path.exists(os.path.join(build, "images", "default.deck")):
        sys.exit("screenshots: %s/images/default.deck missing: build s370 there first" % build)
    font = window.load_font()
    session = "s370shot%d" % os.getpid()
    with tempfile.TemporaryDirectory() as work:
        port = free_port()
        conf = os.path.join(work, "shot.conf")
        with open(conf, "w") as f:
            f.write("INCLUDE %s\nCNSLPORT 127.0.0.1:%d\n" %
                    (os.path.join(TOP, "images", "default.conf"), port))
        env = dict(os.environ, SDL_VIDEODRIVER="offscreen", HERCULES_RC="")
        p = subprocess.Popen([s370, "run", "--window", conf], cwd=build, env=env, text=True,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT)
        output = []
        threading.Thread(target=lambda: output.extend(l.rstrip("\n") for l in p.stdout),
                         daemon=True).start()
        try:
            p.stdin.write("ipl 00c\n")
            p.stdin.flush()
            subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", str(COLS), "-y",
                            str(ROWS), "c3270 -model 3279-2 127.0.0.1:%d" % port], check=True)

            def pane(*extra):
                return subprocess.run(["tmux", "capture-pane", "-t", session, "-p"] + list(extra),
                                      capture_output=True, text=True).stdout
            wait("c3270's screen", lambda: "Your name" in pane() and "Terminal" in pane())
            subprocess.run(["tmux", "send-keys", "-t", session, "Ann", "Enter"], check=True)
            wait("c3270's greeting", lambda: "Hello, Ann" in pane())
            text = pane("-e")
            cx, cy = subprocess.run(["tmux", "display-message", "-t", session, "-p",
                                     "#{cursor_x} #{cursor_y}"], capture_output=True,
                                    text=True).stdout.split()
            render_terminal(parse_ansi(text), (int(cx), int(cy)), font,
                            os.path.join(out, "screen-c3270.png"))
            shot = os.path.join(work, "window.png")
            done = "HHC1W001I Screenshot written to " + shot

            def window_shows(text):
                seen = output.count(done)
                p.stdin.write("screenshot %s\n" % shot)
                p.stdin.flush()
                wait("the screenshot command", lambda: output.count(done) > seen)
                return any(text in row for row in window.Screen(shot, font).text)
            wait("the window's screen", lambda: window_shows("Your name"))
            p.stdin.write("wintype Ann\nwinkey Return\n")
            p.stdin.flush()
            wait("the window's greeting", lambda: window_shows("Hello, Ann"))
            shutil.copy(shot, os.path.join(out, "screen-window.png"))
        finally:
            subprocess.run(["tmux", "kill-session", "-t", session], stderr=subprocess.DEVNULL)
            try:
                p.stdin.write("quit\n")
                p.stdin.close()
                p.wait(timeout=TIMEOUT)
            except (BrokenPipeError, subprocess.TimeoutExpired):
                p.kill()
    print("screenshots: wrote doc/screen-c3270.png and doc/screen-window.png")


if __name__ == "__main__":
    main()
