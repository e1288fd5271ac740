"""Drives `quern` (the TUI) in a detached tmux session, for the tests.

A TuiSession owns a temporary directory holding the XDG directories the TUI
and its engines use (config, data, runtime, cache), a private tmux server
(its own socket, so nothing touches the user's tmux) and a fixed terminal
size. Tests send keys with keys()/type(), read the screen with screen(), and
WAIT FOR TEXT with wait_for(): polling with a deadline, never a fixed sleep.
close() ends the tmux server and any engine the session's VMs left running
(by the pids in their state directories), then removes the directory.
"""

import os
import re
import shutil
import signal
import subprocess
import tempfile
import time

DEFAULT_TIMEOUT = 30.0
POLL = 0.05


class TuiTimeout(AssertionError):
    pass


class TuiSession:
    def __init__(self, quern, engine, templates, cols=80, rows=24,
                 extra_env=None):
        self.quern = quern
        self.root = tempfile.mkdtemp(prefix="quern-tui-test-")
        self.dirs = {}
        for name in ("config", "data", "runtime", "cache"):
            path = os.path.join(self.root, name)
            os.makedirs(path, mode=0o700)
            self.dirs[name] = path
        self.sock = os.path.join(self.root, "tmux.sock")
        self.env = {
            "XDG_CONFIG_HOME": self.dirs["config"],
            "XDG_DATA_HOME": self.dirs["data"],
            "XDG_RUNTIME_DIR": self.dirs["runtime"],
            "XDG_CACHE_HOME": self.dirs["cache"],
            "QUERN_ENGINE": engine,
            "QUERN_TEMPLATES": templates,
            "TERM": "xterm-256color",
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
        }
        for key in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"):
            if key in os.environ:
                self.env[key] = os.environ[key]
        self.env.update(extra_env or {})
        self.cols, self.rows = cols, rows
        self.started = False

    # -- tmux ------------------------------------------------------------
    def tmux(self, *args, check=True):
        return subprocess.run(["tmux", "-S", self.sock] + list(args),
                              check=check, capture_output=True, text=True)

    def start(self):
        """Starts `quern` (again, after quit()) in the session's terminal."""
        env = " ".join("%s=%s" % (k, shell_quote(v))
                       for k, v in sorted(self.env.items()))
        # The exit status stays on screen so a crash is visible to the test.
        cmd = "env %s %s; echo QUERN-EXITED $?; sleep 3600" % (
            env, shell_quote(self.quern))
        if not self.started:
            self.tmux("-f", "/dev/null", "new-session", "-d", "-s", "tui",
                      "-x", str(self.cols), "-y", str(self.rows), cmd)
            self.tmux("set-option", "-g", "status", "off")
            self.started = True
        else:
            self.tmux("respawn-pane", "-k", "-t", "tui", cmd)
        return self

    def resize(self, cols, rows):
        self.tmux("resize-window", "-t", "tui", "-x", str(cols),
                  "-y", str(rows))
        self.cols, self.rows = cols, rows

    def keys(self, *keys):
        """tmux key names: "Enter", "Escape", "C-]", "Down", "s"..."""
        self.tmux("send-keys", "-t", "tui", *keys)

    def type(self, text):
        self.tmux("send-keys", "-t", "tui", "-l", text)

    def screen(self):
        return self.tmux("capture-pane", "-p", "-t", "tui").stdout

    def pane_text(self):
        """The right-hand pane's text as one line: its rows joined with
        blanks, so a line the pane wrapped reads whole."""
        rows = []
        for line in self.screen().split("\n"):
            for sep in ("││", "||"):
                if sep in line:
                    rows.append(line.split(sep, 1)[1].rstrip("│|"))
                    break
        return " ".join(" ".join(rows).split())

    def keybar(self):
        """The function bar: the screen's last row."""
        rows = self.tmux("capture-pane", "-p", "-t", "tui").stdout.split("\n")
        return rows[self.rows - 1] if len(rows) >= self.rows else ""

    # -- waiting ---------------------------------------------------------
    def wait_for(self, pattern, timeout=DEFAULT_TIMEOUT, regex=False):
        """Returns the screen once it shows pattern; fails with the screen
        after timeout seconds."""
        deadline = time.monotonic() + timeout
        while True:
            text = self.screen()
            if (re.search(pattern, text) if regex else pattern in text):
                return text
            if "QUERN-EXITED" in text and "QUERN-EXITED" not in pattern:
                raise TuiTimeout("quern exited while waiting for %r:\n%s"
                                 % (pattern, text))
            if time.monotonic() > deadline:
                raise TuiTimeout("no %r on screen after %.0f s:\n%s"
                                 % (pattern, timeout, text))
            time.sleep(POLL)

    def wait_for_any(self, patterns, timeout=DEFAULT_TIMEOUT):
        """The first of patterns to show on screen (returns it)."""
        deadline = time.monotonic() + timeout
        while True:
            text = self.screen()
            for p in patterns:
                if p in text:
                    return p
            if time.monotonic() > deadline:
                raise TuiTimeout("none of %r on screen after %.0f s:\n%s"
                                 % (patterns, timeout, text))
            time.sleep(POLL)

    def wait_until(self, predicate, what, timeout=DEFAULT_TIMEOUT):
        """Polls predicate() (something outside the screen: a file, a
        process) until it is true; fails naming what after timeout."""
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise TuiTimeout("not true after %.0f s: %s\n%s"
                                 % (timeout, what, self.screen()))
            time.sleep(POLL)

    def wait_gone(self, pattern, timeout=DEFAULT_TIMEOUT):
        deadline = time.monotonic() + timeout
        while True:
            text = self.screen()
            if pattern not in text:
                return text
            if time.monotonic() > deadline:
                raise TuiTimeout("%r still on screen after %.0f s:\n%s"
                                 % (pattern, timeout, text))
            time.sleep(POLL)

    def quit(self):
        """q, and waits until quern has exited; returns its exit status."""
        self.keys("q")
        text = self.wait_for("QUERN-EXITED")
        return int(re.search(r"QUERN-EXITED (\d+)", text).group(1))

    # -- files -----------------------------------------------------------
    def profile_path(self, name):
        return os.path.join(self.dirs["config"], "quern", "profiles",
                            name + ".cfg")

    def state_dir(self, name):
        return os.path.join(self.dirs["runtime"], "quern", "vms", name)

    def engine_pids(self):
        pids = []
        vms = os.path.join(self.dirs["runtime"], "quern", "vms")
        for name in os.listdir(vms) if os.path.isdir(vms) else []:
            try:
                with open(os.path.join(vms, name, "pid")) as f:
                    pids.append(int(f.read().strip()))
            except (OSError, ValueError):
                pass
        return pids

    def close(self):
        for pid in self.engine_pids():
            try:
                os.kill(pid, signal.SIGTERM)
            except OSError:
                pass
        self.tmux("kill-server", check=False)
        shutil.rmtree(self.root, ignore_errors=True)


def shell_quote(s):
    return "'" + s.replace("'", "'\\''") + "'"


def pid_alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except OSError:
        return False
