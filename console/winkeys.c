/* winkeys.c - the SDL2 window's keyboard (see window.h): host keys to 3270 keys, and
 * key names as the `winkey` command takes them. README "Keys in the window" lists the
 * same map. */
#include <config.h>
#include "console/window.h"

#ifdef HAVE_SDL2
#include <string.h>
#include <strings.h>
#include <SDL.h>

enum mods { M_NONE, M_SHIFT, M_CTRL, M_ALT };

static const struct {
    SDL_Keycode sym;
    enum mods mod;
    enum term3270_key key;
} keymap[] = {
    { SDLK_RETURN, M_NONE, T3270_K_ENTER }, { SDLK_KP_ENTER, M_NONE, T3270_K_ENTER },
    { SDLK_RETURN, M_SHIFT, T3270_K_NEWLINE }, { SDLK_RETURN, M_CTRL, T3270_K_NEWLINE },
    { SDLK_ESCAPE, M_NONE, T3270_K_CLEAR }, { SDLK_PAUSE, M_NONE, T3270_K_CLEAR },
    { SDLK_r, M_CTRL, T3270_K_RESET }, { SDLK_ESCAPE, M_SHIFT, T3270_K_RESET },
    { SDLK_F1, M_CTRL, T3270_K_PA1 }, { SDLK_F2, M_CTRL, T3270_K_PA2 },
    { SDLK_F3, M_CTRL, T3270_K_PA3 }, { SDLK_F1, M_ALT, T3270_K_PA1 },
    { SDLK_F2, M_ALT, T3270_K_PA2 }, { SDLK_F3, M_ALT, T3270_K_PA3 },
    { SDLK_PAGEUP, M_NONE, T3270_K_PA1 }, { SDLK_PAGEDOWN, M_NONE, T3270_K_PA2 },
    { SDLK_TAB, M_NONE, T3270_K_TAB }, { SDLK_TAB, M_SHIFT, T3270_K_BACKTAB },
    { SDLK_HOME, M_NONE, T3270_K_HOME },
    { SDLK_UP, M_NONE, T3270_K_UP }, { SDLK_DOWN, M_NONE, T3270_K_DOWN },
    { SDLK_LEFT, M_NONE, T3270_K_LEFT }, { SDLK_RIGHT, M_NONE, T3270_K_RIGHT },
    { SDLK_BACKSPACE, M_NONE, T3270_K_ERASE }, { SDLK_DELETE, M_NONE, T3270_K_DELETE },
    { SDLK_END, M_NONE, T3270_K_ERASE_EOF }, { SDLK_k, M_CTRL, T3270_K_ERASE_EOF },
    { SDLK_END, M_CTRL, T3270_K_ERASE_INPUT }, { SDLK_u, M_CTRL, T3270_K_ERASE_INPUT },
    { SDLK_INSERT, M_NONE, T3270_K_INSERT },
    { SDLK_d, M_CTRL, T3270_K_DUP }, { SDLK_f, M_CTRL, T3270_K_FIELD_MARK },
};

/* One modifier class a key: Ctrl wins over Alt over Shift, so that Ctrl+Shift+F1 is
 * still PA1 rather than nothing. */
static enum mods mod_class(uint16_t mod)
{
    if (mod & KMOD_CTRL) return M_CTRL;
    if (mod & KMOD_ALT) return M_ALT;
    if (mod & KMOD_SHIFT) return M_SHIFT;
    return M_NONE;
}

bool con_window_map_key(int32_t sym, uint16_t mod, enum term3270_key *key)
{
    enum mods mc = mod_class(mod);
    /* F1-F12 are PF1-PF12, with Shift PF13-PF24; keyboards with F13-F24 have those. */
    if (sym >= SDLK_F1 && sym <= SDLK_F12 && (mc == M_NONE || mc == M_SHIFT)) {
        *key = (enum term3270_key)(T3270_K_PF1 + (sym - SDLK_F1) + (mc == M_SHIFT ? 12 : 0));
        return true;
    }
    if (sym >= SDLK_F13 && sym <= SDLK_F24 && mc == M_NONE) {
        *key = (enum term3270_key)(T3270_K_PF1 + 12 + (sym - SDLK_F13));
        return true;
    }
    for (size_t i = 0; i < sizeof keymap / sizeof keymap[0]; i++) {
        if (keymap[i].sym == sym && keymap[i].mod == mc) {
            *key = keymap[i].key;
            return true;
        }
    }
    return false;
}

int con_window_parse_key(const char *name, int32_t *sym, uint16_t *mod)
{
    static const struct { const char *prefix; uint16_t mod; } mods[] = {
        { "shift+", KMOD_LSHIFT }, { "ctrl+", KMOD_LCTRL }, { "alt+", KMOD_LALT },
    };
    *mod = KMOD_NONE;
    for (bool more = true; more;) {
        more = false;
        for (size_t i = 0; i < sizeof mods / sizeof mods[0]; i++) {
            size_t n = strlen(mods[i].prefix);
            if (!strncasecmp(name, mods[i].prefix, n) && name[n]) {
                *mod |= mods[i].mod;
                name += n;
                more = true;
            }
        }
    }
    *sym = SDL_GetKeyFromName(name);
    return *sym == SDLK_UNKNOWN ? -1 : 0;
}

#endif
