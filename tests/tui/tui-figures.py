#!/usr/bin/env python3
"""Figures for the TUI (not a test: nothing here asserts a speed).

    tui-figures.py QUERN ENGINE SOURCE_DIR [PROFILES]

  1. start to first full screen with PROFILES (default 200) profiles: from
     spawning `quern` in tmux until the screen shows the title with the VM
     count and the function bar (tmux polling adds up to ~5 ms);
  2. idle CPU (utime+stime over 10 s) and resident memory after that;
  3. keypress-to-screen latency while a Linux guest floods its serial
     console (`yes` in the console pane): Ctrl-] leaves the console, and the
     time until the list's function bar is on screen is one sample; 'c'
     goes back. Needs the virt machine and the guest images.
"""

import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tuidriver import TuiSession  # noqa: E402

NONE = '[machine]\n  type = "none"\n[memory]\n  size = "64M"\n'


def quern_pid(t):
    pane = t.tmux("list-panes", "-t", "tui", "-F", "#{pane_pid}").stdout
    out = subprocess.run(["pgrep", "-P", pane.strip()], capture_output=True,
                         text=True).stdout.split()
    for pid in out:
        exe = os.readlink("/proc/%s/exe" % pid)
        if exe.endswith("/quern"):
            return int(pid)
    return None


def proc_cpu(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def proc_rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def figure_start(quern, engine, n):
    tpl = TuiSession(quern, engine, "/nonexistent")
    prof = os.path.join(tpl.dirs["config"], "quern", "profiles")
    os.makedirs(prof)
    for i in range(n):
        with open(os.path.join(prof, "vm%03d.cfg" % i), "w") as f:
            f.write(NONE + '[quern]\n  description = "figure %d"\n' % i)
    t = tpl
    try:
        t0 = time.monotonic()
        t.start()
        t.wait_for("%d VMs, 0 running" % n, timeout=60)
        t.wait_for("?:help")
        start_ms = (time.monotonic() - t0) * 1000
        pid = quern_pid(t)
        c0 = proc_cpu(pid)
        time.sleep(10)
        idle = (proc_cpu(pid) - c0) / 10 * 100
        rss = proc_rss_kib(pid)
        print("start to first full screen, %d profiles: %.0f ms" % (n, start_ms))
        print("idle CPU: %.2f %% of one core (over 10 s); RSS %d KiB"
              % (idle, rss))
        t.quit()
    finally:
        t.close()


def figure_flood(quern, engine, source_dir):
    sys.argv = [sys.argv[0]]
    import importlib.util
    spec = importlib.util.spec_from_file_location(
        "e2e", os.path.join(os.path.dirname(os.path.abspath(__file__)),
                            "test-tui-e2e.py"))
    e2e = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(e2e)
    why = e2e.virt_available(engine, source_dir)
    if why:
        print("flood latency: not measured (%s)" % why)
        return
    tpl = "/tmp/quern-tui-fig-%d" % os.getpid()
    os.makedirs(tpl)
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
    cache = os.environ.get("XDG_CACHE_HOME",
                           os.path.join(os.path.expanduser("~"), ".cache"))
    t = TuiSession(quern, engine, tpl, extra_env={"XDG_CACHE_HOME": cache})
    try:
        t.start()
        t.keys("n")
        t.wait_for("New VM from which template?")
        t.keys("Enter")
        t.wait_for("Name of the new VM")
        t.keys("Enter")
        t.wait_for(r"linux\S* +stopped", regex=True)
        t.keys("s")
        t.wait_for(r"linux\S* +running", regex=True, timeout=60)
        t.keys("c")
        t.wait_for("/ #", timeout=240)
        t.type("yes quern-flood")
        t.keys("Enter")
        t.wait_for(r"[│|]quern-flood +[│|]", regex=True)
        samples = []
        for _ in range(20):
            t0 = time.monotonic()
            t.keys("C-]")
            t.wait_for("n:new", timeout=10)
            samples.append((time.monotonic() - t0) * 1000)
            t.keys("c")
            t.wait_for("^]:back", timeout=10)
        t.keys("C-c")
        print("keypress to screen while the guest floods its console: "
              "median %.0f ms, max %.0f ms (20 samples, tmux round trip "
              "included)" % (statistics.median(samples), max(samples)))
        t.keys("C-]")
        t.keys("F")
        t.wait_for("off now?")
        t.keys("y")
        t.wait_for(r"linux\S* +stopped", regex=True, timeout=40)
        t.quit()
    except Exception as e:
        print("flood latency: not measured (%s)" % str(e).splitlines()[0])
    finally:
        t.close()
        os.unlink(os.path.join(tpl, "linux-riscv64.cfg"))
        os.rmdir(tpl)


def main():
    quern, engine, source_dir = (os.path.abspath(a) for a in sys.argv[1:4])
    n = int(sys.argv[4]) if len(sys.argv) > 4 else 200
    figure_start(quern, engine, n)
    figure_flood(quern, engine, source_dir)


if __name__ == "__main__":
    main()
