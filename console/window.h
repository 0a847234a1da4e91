/* window.h - the SDL2 console window: a 3270 display of its own (a terminal of a
 * configured 3270 device, console/term3270.c) and a status line (CPU state, PSW,
 * instruction rate, I/O activity). The picture is made by a renderer that needs no
 * display (console/winrender.c), so screenshots are PNG files from any build and the
 * tests need no screen. The window itself (console/window.c, keys in
 * console/winkeys.c) exists only when config.h defines HAVE_SDL2; without it
 * con_window_open says so. */
#ifndef S370_WINDOW_H
#define S370_WINDOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "console/term3270.h"

struct machine;
struct con_window;

/* The font (console/font3270.c): 9x16 cells, indexed by ISO 8859-1 code, row y of a
 * glyph with bit 8 its leftmost pixel. */
#define CON_FONT_W 9
#define CON_FONT_H 16
extern const uint16_t con_font3270[256][CON_FONT_H];

/* The renderer's palette: index 0 is the background, CON_PAL_BLUE.. the seven 3279
 * colors in the order of their codes X'F1'-X'F7', then the status line's. */
enum {
    CON_PAL_BLACK, CON_PAL_BLUE, CON_PAL_RED, CON_PAL_PINK, CON_PAL_GREEN,
    CON_PAL_TURQUOISE, CON_PAL_YELLOW, CON_PAL_WHITE, CON_PAL_STATUS, CON_PAL_RULE,
    CON_PAL_COUNT
};
extern const uint8_t con_palette[CON_PAL_COUNT][3];

/* The picture of a rows x cols screen: the cells, a gap of CON_RULE_H rows with a
 * rule in it, the status line. Underscore highlighting and the insert-mode cursor
 * are the cell's last CON_UNDERLINE_H rows. */
#define CON_RULE_H 4
#define CON_UNDERLINE_H 2
void con_render_size(unsigned rows, unsigned cols, unsigned *w, unsigned *h);
/* Draw t and the status text (ASCII/Latin-1, cut at the width) into pix, one
 * palette index per pixel, w x h at least what con_render_size gave for t's size.
 * The cursor is a block in reverse video (an underline in insert mode) when
 * show_cursor; blinking characters are shown when blink_on. */
void con_render(const struct term3270 *t, const char *status, bool show_cursor, bool blink_on,
                uint8_t *pix, unsigned w, unsigned h);
/* Render t with status (cursor shown, blinking characters on) into a PNG file. 0,
 * or -1 with the reason in err. */
int con_render_png(const struct term3270 *t, const char *status, const char *path,
                   char *err, size_t errlen);

/* Open the window on the 3270 display devnum (-1: the first free display without a
 * terminal group; none configured: the window shows only the status line) and bind
 * its terminal to it. Done before the CPUs start, so a missing display stops the
 * start. NULL with the reason in err (built without SDL2, no video, devnum not a
 * free 3270 display). */
struct con_window *con_window_open(struct machine *m, int devnum, char *err, size_t errlen);
/* Run the operator console on a thread of its own (commands from in) while the
 * window keeps this thread, which must be the one that opened it. Returns when
 * `quit` was entered or the window was closed. At the end of in the console stops
 * reading but a window on a display stays until it is closed (one drawn by SDL's
 * offscreen or dummy driver, which nobody can close, ends as headless s370 does). */
void con_window_run(struct con_window *w, FILE *in, bool interactive);
/* Unbind the device and close the window (also when con_window_run never ran). */
void con_window_close(struct con_window *w);

/* Console commands (console thread). `screenshot FILE`: the window's screen and
 * status line as PNG. `winkey KEY...`: host keys, as the keyboard would send them
 * (names as SDL_GetKeyName gives them, with Shift+, Ctrl+, Alt+ in front).
 * `wintype TEXT`: typed text. 0, or -1 with the reason in err. */
int con_window_screenshot(struct machine *m, const char *path, char *err, size_t errlen);
int con_window_keys(struct machine *m, int nkeys, char **keys, char *err, size_t errlen);
int con_window_type(struct machine *m, const char *text, char *err, size_t errlen);

/* The keyboard map (console/winkeys.c, SDL2 builds): an SDL key code with its
 * modifier state to a 3270 key; false when the key has no 3270 meaning (characters
 * come as text input instead). */
bool con_window_map_key(int32_t sym, uint16_t mod, enum term3270_key *key);
/* "Shift+F1", "Return", "Ctrl+End" to an SDL key code and modifier state. 0, or -1
 * for a name SDL does not know. */
int con_window_parse_key(const char *name, int32_t *sym, uint16_t *mod);

#endif
