#!/usr/bin/env python3
"""The TUI end to end, in tmux, against the real engine.

    test-tui-e2e.py none|linux QUERN ENGINE SOURCE_DIR

Scenario "none", on an empty `none` VM (always), at 80x24: every key of
the main view's function bar readable, create a VM from a template, start
it, the HMP console pane, the QMP console (a reply wider than the pane
wraps, nothing cut, and PgUp/PgDn scroll it), the editor's documentation
of a field wrapped under the fields, the QOM tree (search; a fixed property refused
by the TUI itself, nothing sent, checked by a second QMP client), help,
resize, quit with the VM running, start the TUI again and find it
running, stop it (its state directory goes); two VMs from a template
that forwards a host port: the second's port moved, said in the event
log.

Scenario "linux", on riscv64 Linux (exit 77, CTest's skip, when the engine
has no `virt` or the guest images are not built): boot the stock
linux-riscv64 template, type `uname -m` in the serial console and see
riscv64, find the UART in the QOM tree, hot-plug virtio-rng-device and see
it in the tree, the guest binds it, remove it and see the removal pending
while the guest holds it, then done once the guest lets go; change the
runtime property max-bytes of rng0 live and read 4096 back (and the guest
still reads /dev/hwrng); quit with the VM running, start the TUI again and
find it running, stop it.

Every wait is for text on the screen, with a deadline; no fixed sleeps.
"""

import json
import os
import re
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

# A host port no other test forwards; two VMs made from this template
# cannot both have it.
FORWARD_TEMPLATE = """\
[machine]
  type = "none"
[netdev "net0"]
  type = "user"
  hostfwd = "tcp:127.0.0.1:47022-:22"
[quern]
  description = "A host port forwarded to the guest"
"""

# The function bar of the VM list at 80 columns: every labelled key of the
# view and the global ones, whole, in table order.
MAIN_KEYBAR = ["n:new", "e:edit", "s:start", "S:stop", "p:pause",
               "c:console", "t:tree", "::qmp", "?:help", "q:quit"]


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


VIRTIO_MMIO_DRIVER = "/sys/bus/platform/drivers/virtio-mmio"


def find_in_tree(t, text):
    """'/' text Enter in the tree browser (objects or properties)."""
    t.keys("/")
    t.type(text)
    t.keys("Enter")


def console_run(t, command, answer):
    """Runs a shell command in the serial console pane; waits for the
    regex answer on the screen (it must not match the command as typed)
    and returns its first group. Leaves the console."""
    t.keys("c")
    t.wait_for("Serial: ")
    t.type(command)
    t.keys("Enter")
    text = t.wait_for(answer, regex=True, timeout=60)
    t.keys("C-]")
    return re.search(answer, text).group(1)


def box_inner_width(t, title):
    """Columns inside the box whose top border carries title."""
    for line in t.screen().split("\n"):
        at = line.find(title)
        if at >= 0:
            left = max(line.rfind("┌", 0, at), line.rfind("+", 0, at))
            right = line.find("┐", at)
            right = right if right >= 0 else line.find("+", at)
            return right - left - 1
    raise AssertionError("no box %r on screen:\n%s" % (title, t.screen()))


def plain_words(text):
    """Text the pretty printer shows as it is (json-c escapes '/')."""
    return re.fullmatch(r"[A-Za-z0-9 ,.()_^*+=-]+", text or "") is not None


def qmp_long_reply_wraps(t):
    """In the QMP pane (its right edge the screen's column 80): the
    descriptions of virtio-rng-device's properties, pretty-printed wider
    than the pane, read whole on some screen while PgUp scrolls back, and
    PgUp reaches the command as typed (itself wrapped). The descriptions
    are the engine's, read through a second QMP client."""
    props = qmp(os.path.join(t.state_dir("vm1"), "qmp.sock"),
                "device-list-properties",
                {"typename": "virtio-rng-device"})["return"]
    width = box_inner_width(t, "QMP: vm1")
    # A reply's rows after its first start with two blanks; the JSON
    # nests a description four deeper.
    long_docs = [p["description"] for p in props
                 if plain_words(p.get("description")) and
                 len('      "description": "%s",' % p["description"]) > width]
    assert long_docs, "no description is wider than the pane: pick another"
    command = "device-list-properties typename=virtio-rng-device"
    t.type(command)
    t.keys("Enter")
    t.wait_until(lambda: '"name": "%s"' % props[-1]["name"] in t.pane_text(),
                 "the end of the reply")
    seen = set()
    for _ in range(60):
        text = t.pane_text()
        seen.update(d for d in long_docs
                    if '"description": "%s"' % d in text)
        if "> " + command in text:
            break
        before = t.screen()
        t.keys("PPage")
        t.wait_until(lambda: t.screen() != before, "PgUp scrolls back")
    else:
        raise AssertionError("PgUp never reached the command:\n" + t.screen())
    missing = [d for d in long_docs if d not in seen]
    assert not missing, "cut, never whole on screen: %r" % missing
    for _ in range(60):
        if '"name": "%s"' % props[-1]["name"] in t.pane_text():
            break
        before = t.screen()
        t.keys("NPage")
        t.wait_until(lambda: t.screen() != before, "PgDn scrolls forward")
    else:
        raise AssertionError("PgDn never came back to the end:\n" +
                             t.screen())


def editor_doc_wraps(t):
    """e, then a: virtio-rng-device added to the form, its last property
    selected: the documentation under the fields, wider than the editor,
    reads whole over several rows (the catalog's words, as the engine
    describes the property)."""
    props = {p["name"]: p for p in
             qmp(os.path.join(t.state_dir("vm1"), "qmp.sock"),
                 "device-list-properties",
                 {"typename": "virtio-rng-device"})["return"]}
    t.keys("e")
    t.wait_for("Edit vm1")
    t.keys("a")
    t.wait_for("Add which device?")
    t.type("virtio-rng")
    t.wait_for("›virtio-rng-device")
    t.keys("Enter")
    t.wait_for("Edit vm1 (changed)")
    rows = t.screen().split("\n")
    hint = next(i for i, row in enumerate(rows)
                if "Space/Right: next choice" in row)
    # The documentation rows: between the last field and the keys line.
    doc_rows = [row.strip("│| ") for row in rows[hint - 3:hint]]
    doc = " ".join(" ".join(doc_rows).split())
    m = re.search(r'\[device "dev0"\] (\S+) \((\w+)\): (.*)', doc)
    assert m, "no field documentation under the fields:\n" + t.screen()
    name, kind, shown = m.groups()
    want = props[name]["description"]
    whole = '[device "dev0"] %s (%s): %s' % (name, kind, want)
    # The editor writes two columns in from each side of its box.
    assert len(whole) > box_inner_width(t, "Edit vm1") - 2, \
        "%s's documentation fits one row: pick a longer one" % name
    assert shown == want, "%r, not %r:\n%s" % (shown, want, t.screen())
    t.keys("Escape")
    t.wait_for("closed without saving")


def scenario_none(quern, engine):
    tpl = os.path.join(os.environ.get("TMPDIR", "/tmp"),
                       "quern-tui-tpl-%d" % os.getpid())
    os.makedirs(tpl, exist_ok=True)
    with open(os.path.join(tpl, "empty.cfg"), "w") as f:
        f.write(EMPTY_TEMPLATE)
    with open(os.path.join(tpl, "fwd.cfg"), "w") as f:
        f.write(FORWARD_TEMPLATE)
    t = TuiSession(quern, engine, tpl)
    try:
        t.start()
        step("the empty list")
        t.wait_for("no VMs yet")
        t.wait_for("n:new")

        step("80x24: every key of the function bar, whole")
        bar = t.wait_for("q:quit") and t.keybar()
        assert bar.split() == MAIN_KEYBAR, bar

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

        step("80x24: a long QMP reply wraps instead of being cut, and "
             "scrolls back")
        qmp_long_reply_wraps(t)
        t.keys("Escape")

        step("80x24: the editor's documentation of a field wraps")
        editor_doc_wraps(t)

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
        t.keys("/")
        t.type("kern")
        t.keys("Enter")
        # The engine said which properties are runtime: kernel is not.
        t.wait_for("str (fixed): The guest kernel image")
        t.keys("Enter")
        # The TUI refuses without asking for a value or sending anything;
        # another client still reads the old value.
        text = t.wait_for("kernel is fixed while the VM runs")
        assert "new value" not in text, text
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
        t.wait_until(lambda: not pid_alive(pid), "the engine has exited",
                     timeout=10)
        # Nothing of it is left behind: the supervisor forgot it.
        t.wait_until(lambda: not os.path.exists(t.state_dir("vm1")),
                     "vm1's state directory is gone", timeout=10)

        step("two VMs from one template: the second's host port moves")
        for name in ("fwd-1", "fwd-2"):
            t.keys("n")
            t.wait_for("New VM from which template?")
            t.type("f")
            t.wait_for("A host port forwarded to the guest")
            t.keys("Enter")
            t.wait_for("Name of the new VM")
            t.keys("C-u")
            t.type(name)
            t.keys("Enter")
            t.wait_for(name + " ")
        t.wait_for("created fwd-2; 1 host port moved off another VM's")
        with open(t.profile_path("fwd-2")) as f:
            profile = f.read()
        assert "47022-" not in profile and "ports-moved" in profile, profile
        t.keys("l")
        # Whole in the event log, wrapped to the pane.
        t.wait_until(lambda: re.search(
            r"fwd-2: host port moved: netdev net0: tcp host port 47022 is "
            r"forwarded by profile 'fwd-1', moved to \d+", t.pane_text()),
            "the event log says which port moved")
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
        # A refusal is a failure, with the engine's words on the screen.
        got = t.wait_for_any(["device added", "device_add:"], timeout=30)
        assert got == "device added", t.screen()
        find_in_tree(t, "rng9")
        t.wait_for("rng9 (virtio-rng-device)", timeout=30)

        step("linux: the guest binds it (Linux probes slots at boot only)")
        slot = console_run(
            t, "n=; for d in /sys/bus/platform/devices/*.virtio_mmio; do "
            "[ -e $d/driver ] || { echo ${d##*/} >" + VIRTIO_MMIO_DRIVER +
            "/bind 2>/dev/null && n=\"$n ${d##*/}\"; }; done; "
            "echo BOUND:$n:", r"BOUND: (\S+\.virtio_mmio):")

        step("linux: remove it: pending while the guest holds it")
        t.keys("t")
        t.wait_for("QOM tree: linux1")
        find_in_tree(t, "rng9")
        t.keys("-")
        t.wait_for("Remove device rng9 from linux1?")
        t.keys("y")
        t.wait_for("rng9 (virtio-rng-device) removal pending", timeout=30)
        t.wait_for("device rng9: removal pending: the guest holds it")
        listed = qmp(t.state_dir("linux1") + "/qmp.sock", "qom-list",
                     {"path": "/machine/peripheral"})
        assert "rng9" in [p["name"] for p in listed["return"]], listed
        # A second removal is not sent: the TUI knows it is on its way.
        t.keys("-")
        t.wait_for("rng9 is on its way out already")

        step("linux: the guest lets go: rng9 is gone")
        console_run(t, "echo %s >%s/unbind; echo UNBOUND:$?:"
                    % (slot, VIRTIO_MMIO_DRIVER), r"UNBOUND:(0):")
        t.wait_for("device rng9 removed", timeout=30)
        t.keys("t")
        t.wait_for("QOM tree: linux1")
        t.wait_gone("(loading)", timeout=30)
        t.wait_for("─ /machine/peripheral ─")
        t.wait_gone("rng9 (virtio-rng-device)")
        t.keys("/")
        t.type("rng9")
        t.keys("Enter")
        t.wait_for("'rng9' is not in the tree")

        step("linux: max-bytes of rng0 (runtime) changed live, read back")
        find_in_tree(t, "rng0")
        t.wait_for("rng0 (virtio-rng-device)")
        t.keys("p")
        t.wait_for("*realized")
        t.keys("/")
        t.type("max-bytes")
        t.keys("Enter")
        t.wait_for("uint64 (runtime): Bytes the guest may take")
        t.keys("Enter")
        t.wait_for("max-bytes (uint64): new value")
        t.keys("C-u")
        t.type("4096")
        t.keys("Enter")
        t.wait_for(r"\*max-bytes +4096 ", regex=True, timeout=30)
        got = qmp(t.state_dir("linux1") + "/qmp.sock", "qom-get",
                  {"path": "/machine/peripheral/rng0",
                   "property": "max-bytes"})
        assert got.get("return") == 4096, got
        # A fixed one beside it is refused by the TUI, as on the none VM.
        t.keys("/")
        t.type("period")
        t.keys("Enter")
        t.wait_for("uint32 (fixed)")
        t.keys("Enter")
        t.wait_for("period is fixed while the VM runs")

        step("linux: the guest still reads /dev/hwrng")
        console_run(t, "echo HW$(head -c 8 /dev/hwrng | od -An -v -tx1 | "
                    "tr -d ' \\n')END", r"HW([0-9a-f]{16})END")

        step("linux: quit with the VM running; the TUI again finds it")
        pid = t.engine_pids()[0]
        t.keys("Escape")
        assert t.quit() == 0
        assert pid_alive(pid), "quitting the TUI stopped the VM"
        t.start()
        t.wait_for(r"linux1 +running", regex=True)
        # The same guest: its shell answers, what it printed before is
        # there (the engine's backlog).
        console_run(t, "echo STILL-$((6*7))", r"STILL-(42)")
        t.wait_for("HW[0-9a-f]{16}END", regex=True)

        step("linux: stop it (asks first)")
        t.keys("S")
        t.wait_for("Stop linux1?")
        t.keys("y")
        t.wait_for(r"linux1 +stopped", regex=True, timeout=60)
        t.wait_until(lambda: not pid_alive(pid), "the engine has exited",
                     timeout=10)
        t.wait_until(lambda: not os.path.exists(t.state_dir("linux1")),
                     "linux1's state directory is gone", timeout=10)
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
