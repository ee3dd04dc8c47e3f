#if canImport(Glibc)
import Glibc
#endif

/// The terminal's character set, as the locale says (LANG, LC_ALL, LC_CTYPE): UTF-8, or something a
/// box-drawing character would garble (POSIX, C, an 8-bit set), which gets the ASCII theme.
enum TerminalLocale {
    /// Adopts the environment's locale (curses needs it) and says whether it is UTF-8.
    static func adoptAndCheckUTF8() -> Bool {
        setlocale(LC_ALL, "")
        guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
        let name = String(cString: codeset).uppercased()
        return name == "UTF-8" || name == "UTF8"
    }
}
