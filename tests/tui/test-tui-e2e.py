#!/usr/bin/env python3
"""The TUI end to end, in tmux, against the real engine.

    test-tui-e2e.py none|linux QUERN ENGINE SOURCE_DIR

Scenario "none", on an empty `none` VM (always): create a VM from a template, start
it, the HMP console pane, the QOM tree (search, a property changed in place
and read back, checked by a second QMP client), help, resize, quit with the
VM running, start the TUI again and find it running, stop it.

Scenario "linux", on riscv64 Linux (exit 77, CTest's skip, when the engine
has no `virt` or the guest images are not built): boot the stock linux-riscv64 template,
type `uname -m` in the serial console and see riscv64, find the UART in the
QOM tree, hot-plug virtio-rng-device and see it in the tree, stop it.

Every wait is for text on the screen, with a deadline; no fixed sleeps.
"""

import json
import os
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tuidriver import TuiSession, pid_alive  # noqa: E402

EMPTY_TEMPLATE = """\
[machine]
  type = "none"
[memory]
  size = "64M"
[quern]
  description = "An empty machine for tests"
"""


def qmp(path, command, args=None):
    """One QMP command on a fresh connection (a second client)."""
    s = socket.socket(socket.AF_UNIX)
    s.connect(path)
    f = s.makefile("rw")
    json.loads(f.readline())
    for cmd, a in (("qmp_capabilities", None), (command, args)):
        msg = {"execute": cmd}
        if a is not None:
            msg["arguments"] = a
        f.write(json.dumps(msg) + "\n")
        f.flush()
        while True:
            reply = json.loads(f.readline())
            if "return" in reply or "error" in reply:
                break
    s.close()
    return reply


def step(name):
    print("# " + name, flush=True)


def scenario_none(quern, engine):
    tpl = os.path.join(os.environ.get("TMPDIR", "/tmp"),
                       "quern-tui-tpl-%d" % os.getpid())
    os.makedirs(tpl, exist_ok=True)
    with open(os.path.join(tpl, "empty.cfg"), "w") as f:
        f.write(EMPTY_TEMPLATE)
    t = TuiSession(quern, engine, tpl)
    try:
        t.start()
        step("the empty list")
        t.wait_for("no VMs yet")
        t.wait_for("n:new")

        step("a new VM from a template: n, Enter, a name, Enter")
        t.keys("n")
        t.wait_for("New VM from which template?")
        t.wait_for("An empty machine for tests")
        t.keys("Enter")
        t.wait_for("Name of the new VM")
        t.keys("C-u")
        t.type("vm1")
        t.keys("Enter")
        t.wait_for(r"vm1 +stopped", regex=True)
        with open(t.profile_path("vm1")) as f:
            profile = f.read()
        assert 'type = "none"' in profile and 'size = "64M"' in profile, \
            profile

        step("start it")
        t.keys("s")
        t.wait_for(r"vm1 +running", regex=True)
        t.wait_for("Uptime:")
        pid = t.engine_pids()[0]

        step("the HMP monitor in the console pane")
        t.keys("m")
        t.wait_for("(qemu)")
        t.type("info status")
        t.keys("Enter")
        t.wait_for("VM status: running")
        t.keys("C-]")
        t.wait_for("n:new")

        step("pause and resume on single keys")
        t.keys("p")
        t.wait_for(r"vm1 +paused", regex=True)
        t.keys("r")
        t.wait_for(r"vm1 +running", regex=True)

        step("the QMP console completes from the schema")
        t.keys(":")
        t.wait_for("QMP: vm1")
        t.wait_gone("(no schema)")
        t.type("query-stat")
        t.keys("Tab")
        t.wait_for("> query-status ")
        t.keys("Enter")
        t.wait_for('"status": "running"')
        t.keys("Escape")

        step("the QOM tree: search, a fixed property refused in place")
        t.keys("t")
        t.wait_for("QOM tree: vm1")
        t.wait_for("machine (none-machine)")
        t.keys("/")
        t.type("none-machine")
        t.keys("Enter")
        t.wait_for("─ /machine ─")
        t.keys("p")
        t.wait_for("kernel")
        t.keys("Down")
        t.wait_for("The guest kernel image")
        t.keys("Enter")
        t.wait_for("new value")
        t.keys("C-u")
        t.type("/tui/kernel")
        t.keys("Enter")
        # The machine is built from it: the engine refuses, the TUI says
        # so, and another client still reads the old value.
        t.wait_for("cannot change while the machine")
        got = qmp(os.path.join(t.state_dir("vm1"), "qmp.sock"), "qom-get",
                  {"path": "/machine", "property": "kernel"})
        assert got.get("return") == "", got

        step("help lists every key, from the binding tables")
        t.keys("Escape")
        t.keys("?")
        t.wait_for("Keys (Esc or q closes)")
        t.wait_for("Stop it: power button")
        t.keys("NPage", "NPage")
        t.wait_for("Show every key")
        t.keys("Escape")
        t.wait_gone("Keys (Esc or q closes)")

        step("a resize keeps everything on screen")
        t.resize(120, 40)
        t.wait_for(r"vm1 +running", regex=True)
        t.resize(80, 24)
        t.wait_for("n:new")

        step("quit leaves the VM running")
        assert t.quit() == 0
        assert pid_alive(pid), "quitting the TUI stopped the VM"

        step("the TUI again finds it running")
        t.start()
        t.wait_for(r"vm1 +running", regex=True)

        step("stop it (asks first)")
        t.keys("S")
        t.wait_for("Stop vm1?")
        t.keys("y")
        # `none` ignores the power button: switched off after the grace.
        t.wait_for(r"vm1 +stopped", timeout=40, regex=True)
        deadline = time.monotonic() + 10
        while pid_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not pid_alive(pid), "the engine still runs after stop"
        assert t.quit() == 0
    finally:
        t.close()
    step("a non-UTF-8 terminal without colour: ASCII lines, NO_COLOR")
    t = TuiSession(quern, engine, tpl,
                   extra_env={"LANG": "C", "LC_ALL": "C", "NO_COLOR": "1"})
    try:
        t.start()
        t.wait_for("+- VMs -")
        t.wait_for("no VMs yet")
        assert "\u2500" not in t.screen()
        assert t.quit() == 0
    finally:
        t.close()
        for name in os.listdir(tpl):
            os.unlink(os.path.join(tpl, name))
        os.rmdir(tpl)


def virt_available(engine, source_dir):
    import subprocess
    out = subprocess.run([engine, "-machine", "help"], capture_output=True,
                         text=True).stdout
    if not any(line.startswith("virt ") for line in out.splitlines()):
        return "the engine has no virt machine"
    r = subprocess.run([os.path.join(source_dir, "scripts", "guest",
                                     "build-guest.sh"), "--print-dir"],
                       capture_output=True, text=True)
    if r.returncode != 0:
        return "the guest images are not built (make guest)"
    if not os.path.exists(os.path.join(source_dir, "profiles",
                                       "linux-riscv64.cfg")):
        return "profiles/linux-riscv64.cfg does not exist"
    return None


def scenario_linux(quern, engine, source_dir):
    # A template like the stock one without its fixed host port, so runs
    # in parallel do not collide.
    tpl = os.path.join(os.environ.get("TMPDIR", "/tmp"),
                       "quern-tui-linux-%d" % os.getpid())
    os.makedirs(tpl, exist_ok=True)
    out, skip = [], False
    with open(os.path.join(source_dir, "profiles", "linux-riscv64.cfg")) as f:
        for line in f:
            if line.startswith("["):
                skip = (line.startswith("[netdev") or
                        line.startswith('[device "nic0"]'))
            if not skip:
                out.append(line)
    with open(os.path.join(tpl, "linux-riscv64.cfg"), "w") as f:
        f.write("".join(out))
    # The guest images are where scripts/guest puts them (app resolves the
    # template's relative paths against that cache).
    home_cache = os.path.join(os.path.expanduser("~"), ".cache")
    cache = os.environ.get("XDG_CACHE_HOME", home_cache)
    t = TuiSession(quern, engine, tpl, cols=100, rows=30,
                   extra_env={"XDG_CACHE_HOME": cache})
    try:
        t.start()
        step("linux: a VM from the linux-riscv64 template")
        t.keys("n")
        t.wait_for("New VM from which template?")
        t.keys("Enter")
        t.wait_for("Name of the new VM")
        t.keys("C-u")
        t.type("linux1")
        t.keys("Enter")
        t.wait_for(r"linux1 +stopped", regex=True)
        t.keys("s")
        t.wait_for(r"linux1 +running", regex=True, timeout=60)

        step("linux: the serial console reaches a shell; uname -m")
        t.keys("c")
        t.wait_for("/ #", timeout=240)
        t.type("uname -m")
        t.keys("Enter")
        # The answer on a line of its own, at the pane's left edge.
        t.wait_for(r"[│|]riscv64 ", regex=True, timeout=30)
        t.keys("C-]")

        step("linux: the UART in the QOM tree")
        t.keys("t")
        t.wait_for("QOM tree: linux1")
        t.wait_gone("(loading)", timeout=30)
        t.keys("/")
        t.type("serial-mm")
        t.keys("Enter")
        t.wait_for("(serial-mm)", timeout=30)

        step("linux: hot-plug virtio-rng-device, see it in the tree")
        t.keys("+")
        t.wait_for("Hot-plug which device?")
        t.type("virtio-rng")
        t.wait_for("›virtio-rng-device")
        t.keys("Enter")
        t.wait_for("id and properties")
        t.keys("C-u")
        t.type("id=rng9")
        t.keys("Enter")
        got = t.wait_for_any(["device added", "does not support hotplug"],
                             timeout=30)
        if got == "device added":
            t.keys("/")
            t.type("rng9")
            t.keys("Enter")
            t.wait_for("rng9 (virtio-rng-device)", timeout=30)
        else:
            # The engine's answer, shown as it gave it: today's virt has no
            # hot-pluggable bus for virtio devices.
            print("# linux: hot-plug NOT CHECKED: the engine refuses it (%s)"
                  % got)

        step("linux: stop")
        t.keys("Escape")
        t.keys("F")
        t.wait_for("Switch linux1 off now?")
        t.keys("y")
        t.wait_for(r"linux1 +stopped", regex=True, timeout=40)
        assert t.quit() == 0
    finally:
        t.close()
        for name in os.listdir(tpl):
            os.unlink(os.path.join(tpl, name))
        os.rmdir(tpl)


def main():
    """test-tui-e2e.py none|linux QUERN ENGINE SOURCE_DIR"""
    mode = sys.argv[1]
    quern, engine, source_dir = (os.path.abspath(a) for a in sys.argv[2:5])
    if mode == "none":
        scenario_none(quern, engine)
    else:
        why = virt_available(engine, source_dir)
        if why:
            print("SKIP: linux scenario not run: " + why)
            sys.exit(77)
        scenario_linux(quern, engine, source_dir)
    print("ok")


if __name__ == "__main__":
    main()
