/* quern-engine: one process per VM. See engine-setup.h for what it does
 * and README.md for how to use it. */
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <fcntl.h>
#include <unistd.h>

#include "devices.h"
#include "engine-setup.h"

/* -daemonize, QEMU's way: the parent waits until the child has built the
 * VM (or failed), then exits with the child's verdict. Returns in the
 * child with the pipe's write end; never returns in the parent. */
static int daemonize_fork(void)
{
    int fds[2];
    pid_t pid;
    char status = 1;

    if (pipe(fds) < 0) {
        perror("quern-engine: -daemonize: pipe");
        exit(1);
    }
    pid = fork();
    if (pid < 0) {
        perror("quern-engine: -daemonize: fork");
        exit(1);
    }
    if (pid > 0) {
        close(fds[1]);
        if (read(fds[0], &status, 1) != 1) {
            status = 1;
        }
        exit(status);
    }
    close(fds[0]);
    setsid();
    return fds[1];
}

static void daemonize_done(int fd, bool ok)
{
    char status = ok ? 0 : 1;
    int null = open("/dev/null", O_RDWR);

    if (write(fd, &status, 1) != 1) {
        /* The parent is gone; nobody to tell. */
    }
    close(fd);
    if (ok && null >= 0) {
        dup2(null, STDIN_FILENO);
        dup2(null, STDOUT_FILENO);
        dup2(null, STDERR_FILENO);
    }
    if (null > STDERR_FILENO) {
        close(null);
    }
}

int main(int argc, char **argv)
{
    g_autoptr(EngineConfig) cfg = engine_config_new();
    g_autoptr(Engine) engine = NULL;
    Error *err = NULL;
    int daemon_fd = -1;
    int status;

    g_set_prgname("quern-engine");
    /* A peer that hangs up is an error on that socket, never a signal that
     * ends the VM. */
    signal(SIGPIPE, SIG_IGN);
    quern_devices_register();
    if (!engine_config_parse_argv(cfg, argc, argv, &err)) {
        error_report_err(err);
        return 1;
    }
    if (cfg->help_text) {
        fputs(cfg->help_text, stdout);
        return 0;
    }
    if (cfg->daemonize) {
        daemon_fd = daemonize_fork();
    }
    engine = engine_new(g_steal_pointer(&cfg));
    if (!engine_setup(engine, &err)) {
        error_report_err(err);
        if (daemon_fd >= 0) {
            daemonize_done(daemon_fd, false);
        }
        return 1;
    }
    if (daemon_fd >= 0) {
        daemonize_done(daemon_fd, true);
    }
    status = engine_run(engine);
    return status;
}
