#ifndef KUBE_CONSOLE_CNCURSES_SHIM_H
#define KUBE_CONSOLE_CNCURSES_SHIM_H
// The wide-character API (cchar_t, add_wch, get_wch), which `pkg-config ncursesw` would ask for with
// -D_XOPEN_SOURCE=600; these say it directly (see Package.swift).
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <ncursesw/curses.h>

// Macros Swift cannot import, as functions.
static inline int kc_color_pair(int n) { return COLOR_PAIR(n); }
static inline int kc_lines(void) { return LINES; }
static inline int kc_cols(void) { return COLS; }
static inline attr_t kc_a_bold(void) { return A_BOLD; }
static inline attr_t kc_a_reverse(void) { return A_REVERSE; }
static inline attr_t kc_a_dim(void) { return A_DIM; }
static inline attr_t kc_a_underline(void) { return A_UNDERLINE; }
static inline WINDOW *kc_stdscr(void) { return stdscr; }
#endif
