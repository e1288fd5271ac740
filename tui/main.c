/* `quern`: with arguments, the command line (cli/quern-cli.h); without,
 * the terminal user interface when this build links it (QUERN_HAVE_TUI,
 * see cli/CMakeLists.txt) and runs on a terminal, else the usage. */
#include <glib.h>
#include <locale.h>
#include <stdio.h>
#include <unistd.h>

#include "quern-cli.h"
#ifdef QUERN_HAVE_TUI
#include "tui.h"
#endif

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    g_set_prgname("quern");
    if (argc > 1) {
        return cli_main(argc, argv);
    }
#ifdef QUERN_HAVE_TUI
    /* The TUI needs a terminal; a script that runs `quern` gets the usage. */
    if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
        return tui_main(argc, argv);
    }
    cli_print_usage(stdout);
    return 0;
#else
    cli_print_usage(stdout);
    return 0;
#endif
}
