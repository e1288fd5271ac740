#!/usr/bin/env python3
"""Boots the riscv64 guest images under an emulator and checks what the
guest observes, through its serial console.

    guest-boot-check.py [--boots N] [--timeout S] IMAGES PROFILE EMULATOR [ARG...]

IMAGES is the directory scripts/guest/build-guest.sh prints; PROFILE the
config-group file (profiles/linux-riscv64.cfg); EMULATOR is
qemu-system-riscv64 or quern-engine, run as

    EMULATOR -nographic -readconfig PROFILE' [ARG...]

in a scratch directory holding links to the kernel and initramfs and a copy
of the disk, so the cached images are never written. PROFILE' is PROFILE
without the [quern] group (a front-end's notes, which QEMU rejects) and with
the host side of its port forward moved to a free port.

Checks, in order: the ready line; `nproc` equals the profile's cpus; the
virtio disk has the image's size, mounts, and its file reads back; a file
the guest writes and syncs survives `reboot -f` (which must boot again) and
is in the disk image afterwards (read on the host with debugfs); /dev/hwrng
gives random bytes; on quern-engine, a virtio-rng device hot-plugged over
QMP is bound by the guest and gives bytes, and device_del of it completes
(DEVICE_DELETED) only once the guest unbinds it; DHCP configures eth0, the
guest fetches a page from a server on the host, and the host fetches a page
from busybox httpd in the guest through the profile's port forward;
`poweroff -f` ends the emulator with exit status 0. Prints one "ok" line
per check and the time from exec to the ready line; with --boots N, boots N
times and prints the median. Exit status 0 when every check passes, 1
otherwise (with the end of the console transcript).
"""

import argparse
import http.server
import json
import os
import re
import select
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

READY = re.compile(rb"QUERN-GUEST-READY uptime=([0-9.]+)")
SLOW_HART = b"failed to come online"
DISK_FILE_TEXT = "quern-disk-ok"
GUEST_WRITTEN_TEXT = "written-by-the-guest"
HOST_PAGE_TEXT = b"quern-host-page-ok"
GUEST_PAGE_TEXT = b"quern-guest-httpd-ok"
# The shell's mark function prints "<<ARGS>>": the echo of the typed command
# holds "<<$*>>" or "m NAME ...", never "<<NAME value>>", so a match is the
# command's output and not the terminal echoing what was typed.
MARK_FUNCTION = 'm() { echo "<<$*>>"; }'


class CheckFailed(Exception):
    pass


class Console:
    """The emulator's stdin and stdout, read with select so every wait has a
    deadline."""

    def __init__(self, proc):
        self.proc = proc
        self.buf = b""
        self.pos = 0
        os.set_blocking(proc.stdout.fileno(), False)

    def _read_some(self, deadline):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        ready, _, _ = select.select([self.proc.stdout], [], [], remaining)
        if not ready:
            return False
        chunk = self.proc.stdout.read()
        if not chunk:
            return None     # end of file: the emulator is gone
        self.buf += chunk
        return True

    def expect(self, pattern, timeout, what):
        """Waits for PATTERN (bytes regex) after the last match."""
        regex = re.compile(pattern) if isinstance(pattern, bytes) else pattern
        deadline = time.monotonic() + timeout
        while True:
            m = regex.search(self.buf, self.pos)
            if m:
                self.pos = m.end()
                return m
            got = self._read_some(deadline)
            if got is None:
                raise CheckFailed(f"{what}: the emulator exited "
                                  f"(status {self.proc.wait()})")
            if got is False and time.monotonic() >= deadline:
                raise CheckFailed(f"{what}: nothing after {timeout} s")

    def send(self, line):
        self.proc.stdin.write(line.encode() + b"\n")
        self.proc.stdin.flush()

    def run(self, command, name, timeout):
        """Types COMMAND followed by `m NAME ...` and returns the marked
        values (the text after NAME)."""
        self.send(command)
        m = self.expect(re.compile(rb"<<" + re.escape(name.encode()) +
                                   rb"(?: ([^>\r\n]*))?>>"), timeout, name)
        return (m.group(1) or b"").decode(errors="replace")

    def drain_until_exit(self, timeout):
        """The emulator's exit status, or None if it still runs after
        TIMEOUT seconds."""
        deadline = time.monotonic() + timeout
        while True:
            got = self._read_some(deadline)
            if got is None:     # output closed: it is exiting
                try:
                    return self.proc.wait(timeout=max(deadline - time.monotonic(), 0))
                except subprocess.TimeoutExpired:
                    return None
            if got is False:
                return None

    def tail(self, n=60):
        text = self.buf.decode(errors="replace").replace("\r", "")
        return "\n".join(text.splitlines()[-n:])


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def group_value(profile_text, group_header, key):
    """The value of KEY in the group whose header line starts with
    GROUP_HEADER, or None."""
    current = None
    for line in profile_text.splitlines():
        stripped = line.strip()
        if stripped.startswith("["):
            current = stripped
        elif current is not None and current.startswith(group_header):
            m = re.match(r'(\w[\w-]*)\s*=\s*"(.*)"$', stripped)
            if m and m.group(1) == key:
                return m.group(2)
    return None


def emulator_profile(profile_text, fwd_port):
    """PROFILE without its [quern] group, the forward's host port moved."""
    out = []
    skipping = False
    for line in profile_text.splitlines():
        stripped = line.strip()
        if stripped.startswith("["):
            skipping = stripped == "[quern]"
        if not skipping:
            out.append(re.sub(r"(hostfwd\s*=\s*\"tcp:127\.0\.0\.1:)\d+",
                              rf"\g<1>{fwd_port}", line))
    return "\n".join(out) + "\n"


class HostPage(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", str(len(HOST_PAGE_TEXT) + 1))
        self.end_headers()
        self.wfile.write(HOST_PAGE_TEXT + b"\n")

    def log_message(self, *args):
        pass


def ok(text):
    print(f"ok - {text}", flush=True)


def fetch_through_forward(port, timeout):
    """GETs / from the guest's httpd through the port forward, retrying
    while the server starts."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/",
                                        timeout=5) as reply:
                return reply.read()
        except OSError as e:
            last = e
            time.sleep(0.2)
    raise CheckFailed(f"port forward: no page from 127.0.0.1:{port} ({last})")


def qmp_call(path, execute, arguments=None):
    """One QMP command on a fresh connection to the engine at PATH: its
    reply (the "return" or "error" object)."""
    with socket.socket(socket.AF_UNIX) as s:
        s.settimeout(30)
        s.connect(path)
        f = s.makefile("rwb", buffering=0)
        json.loads(f.readline())                    # the greeting
        for msg in ({"execute": "qmp_capabilities"},
                    {"execute": execute, "arguments": arguments or {}}):
            f.write((json.dumps(msg) + "\n").encode())
            while True:
                reply = json.loads(f.readline())
                if "event" not in reply:
                    break
        return reply


class QmpSession:
    """A QMP connection kept open, so the events that come between commands
    are seen, in the order the engine sent them."""

    def __init__(self, path, timeout):
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.settimeout(timeout)
        self.sock.connect(path)
        self.file = self.sock.makefile("rwb", buffering=0)
        self.events = []
        self._receive()                             # the greeting
        self.call("qmp_capabilities")

    def _receive(self):
        try:
            line = self.file.readline()
        except socket.timeout:
            raise CheckFailed("QMP: no message from the engine in time")
        if not line:
            raise CheckFailed("QMP: the engine closed the connection")
        return json.loads(line)

    def call(self, execute, arguments=None):
        """The reply (its "return" or "error"); events before it are kept."""
        self.file.write((json.dumps({"execute": execute,
                                     "arguments": arguments or {}}) +
                         "\n").encode())
        while True:
            msg = self._receive()
            if "event" not in msg:
                return msg
            self.events.append(msg)

    def has_event(self, name, device):
        return any(e["event"] == name and
                   e.get("data", {}).get("device") == device
                   for e in self.events)

    def wait_event(self, name, device):
        while not self.has_event(name, device):
            self.events.append(self._receive())

    def close(self):
        self.file.close()
        self.sock.close()


def check_hotplug(console, qmp_path, t):
    """quern-engine only (QEMU's virtio-mmio buses refuse hot-plug): a
    virtio-rng device added live over QMP fills a free virtio-mmio slot,
    which the guest binds by hand (Linux probes the device tree's slots at
    boot only); a second hwrng appears and gives bytes. device_del while
    the guest's driver holds it leaves it in place, no DEVICE_DELETED; the
    guest's unbind resets the device, and DEVICE_DELETED arrives."""
    hw = "/sys/class/misc/hw_random"
    drv = "/sys/bus/platform/drivers/virtio-mmio"
    console_from = len(console.buf)
    before = console.run(f"m rngs $(cat {hw}/rng_available)", "rngs", t).split()
    current = console.run(f"m current $(cat {hw}/rng_current)", "current", t)
    qmp = QmpSession(qmp_path, t)
    try:
        reply = qmp.call("device_add", {"driver": "virtio-rng-device",
                                        "id": "rng9"})
        if "return" not in reply:
            raise CheckFailed(f"device_add virtio-rng-device: {reply}")
        # Every slot Linux left unbound is tried; the empty ones refuse
        # (no device there), the new one binds.
        bound = console.run(
            "n=; for d in /sys/bus/platform/devices/*.virtio_mmio; do "
            "[ -e $d/driver ] || { echo ${d##*/} >" + drv + "/bind "
            '2>/dev/null && n="$n ${d##*/}"; }; done; m bound $n',
            "bound", t).split()
        if len(bound) != 1:
            raise CheckFailed(f"binding the unbound virtio-mmio slots bound "
                              f"{bound}, not one new slot")
        slot = bound[0]
        after = console.run(f"m rngs2 $(cat {hw}/rng_available)",
                            "rngs2", t).split()
        new = [r for r in after if r not in before]
        if len(after) != 2 or len(new) != 1 or \
                not all(r.startswith("virtio_rng") for r in after):
            raise CheckFailed(f"after the bind, rng_available is {after} "
                              f"(before: {before})")
        ok(f"device_add virtio-rng-device: the guest binds {slot} and "
           f"lists two hwrngs ({' '.join(after)})")

        reply = qmp.call("device_del", {"id": "rng9"})
        if "return" not in reply:
            raise CheckFailed(f"device_del rng9: {reply}")
        again = qmp.call("device_del", {"id": "rng9"})
        if "in the process of unplug" not in \
                again.get("error", {}).get("desc", ""):
            raise CheckFailed(f"a second device_del rng9 said {again}")
        if qmp.has_event("DEVICE_DELETED", "rng9"):
            raise CheckFailed("rng9 went while the guest's driver held it")
        got = console.run(
            f"echo {new[0]} >{hw}/rng_current && "
            f"m rng9 $(head -c 32 /dev/hwrng | od -An -v -tx1 | "
            f"tr -d ' \\n') && echo {current} >{hw}/rng_current",
            "rng9", t)
        if not re.fullmatch(r"[0-9a-f]{64}", got) or len(set(got)) < 4:
            raise CheckFailed(f"{new[0]} gave {got!r}")
        if qmp.has_event("DEVICE_DELETED", "rng9"):
            raise CheckFailed("rng9 went while the guest's driver held it")
        ok(f"device_del rng9 waits while the guest holds it ({new[0]} still "
           f"gives bytes: {got[:16]}...; a second device_del says so)")

        console.run(f"echo {slot} >{drv}/unbind && m unbound", "unbound", t)
        qmp.wait_event("DEVICE_DELETED", "rng9")
        left = console.run(f"m rngs3 $(cat {hw}/rng_available)",
                           "rngs3", t).split()
        if left != before:
            raise CheckFailed(f"after the unbind, rng_available is {left}")
        # The kernel prints its warnings on the console: a driver that
        # found the device gone under it would say so here.
        said = console.buf[console_from:]
        for alarm in (b"cut here", b"WARNING:", b"Oops", b"BUG:"):
            if alarm in said:
                raise CheckFailed(f"the kernel printed {alarm.decode()!r} "
                                  "during the hot-plug steps")
        ok(f"the guest unbinds {slot}: DEVICE_DELETED for rng9, one hwrng "
           f"left")
    finally:
        qmp.close()


def port_refuses(port):
    with socket.socket() as s:
        s.settimeout(5)
        return s.connect_ex(("127.0.0.1", port)) != 0


def boot_once(args, profile_text, scratch, checks):
    """Boots once and returns the seconds from exec to the ready line. With
    CHECKS runs every check; without, only powers off after the ready line.
    Raises CheckFailed."""
    shutil.copyfile(os.path.join(args.images, "disk.img"),
                    os.path.join(scratch, "disk.img"))
    for name in ("Image", "initramfs.cpio.gz"):
        link = os.path.join(scratch, name)
        if not os.path.lexists(link):
            os.symlink(os.path.join(os.path.abspath(args.images), name), link)
    fwd_port = free_port()
    with open(os.path.join(scratch, "profile.cfg"), "w") as f:
        f.write(emulator_profile(profile_text, fwd_port))

    cpus = group_value(profile_text, "[smp-opts]", "cpus") or "1"
    disk_sectors = os.path.getsize(os.path.join(args.images, "disk.img")) // 512
    t = args.timeout

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), HostPage)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host_port = server.server_address[1]

    command = [args.emulator, "-nographic", "-readconfig", "profile.cfg"] + args.extra
    # quern-engine also gets a QMP socket: a forward is added and removed
    # live (QEMU has no QMP twin of hostfwd_add).
    qmp_path = None
    if "quern" in os.path.basename(args.emulator):
        qmp_path = os.path.join(scratch, "qmp.sock")
        command += ["-qmp", f"unix:{qmp_path},server=on,wait=off"]
    start = time.monotonic()
    proc = subprocess.Popen(command, cwd=scratch, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    console = Console(proc)
    try:
        m = console.expect(READY, t, "ready line")
        ready_after = time.monotonic() - start
        if checks:
            ok(f"ready line after {ready_after:.2f} s "
               f"(guest uptime {m.group(1).decode()} s)")
            print(f"# {console.buf[:m.end()].decode(errors='replace')}"
                  .replace("\n", "\n# "), file=sys.stderr)
        if not checks:
            console.send("poweroff -f")
            status = console.drain_until_exit(t)
            if status != 0:
                raise CheckFailed(f"poweroff: exit status {status}")
            return ready_after

        console.send(MARK_FUNCTION)
        nproc = console.run("m nproc $(nproc)", "nproc", t)
        if nproc != cpus:
            raise CheckFailed(f"nproc is {nproc}, the profile has {cpus} cpus")
        ok(f"nproc = {nproc}")
        isa = console.run("m isa $(grep -m1 '^isa' /proc/cpuinfo | tr -d ' \t')",
                          "isa", t)
        ok(f"/proc/cpuinfo: {isa}")

        size = console.run("m vda $(cat /sys/block/vda/size)", "vda", t)
        if size != str(disk_sectors):
            raise CheckFailed(f"/dev/vda has {size!r} sectors, the image {disk_sectors}")
        ok(f"/dev/vda has the image's {disk_sectors} sectors")
        text = console.run("mount /dev/vda /mnt && m hello $(cat /mnt/hello.txt)",
                           "hello", t)
        if text != DISK_FILE_TEXT:
            raise CheckFailed(f"/mnt/hello.txt reads {text!r}")
        ok("/dev/vda mounts and /hello.txt reads back")
        console.run(f"echo {GUEST_WRITTEN_TEXT} >/mnt/guest.txt && sync && "
                    "umount /mnt && m umounted", "umounted", t)

        # A reset must boot the same machine again, with what was written
        # to the disk still there.
        console.send("reboot -f")
        console.expect(READY, t, "ready line after reboot -f")
        console.send(MARK_FUNCTION)
        text = console.run("mount /dev/vda /mnt && m again $(cat /mnt/guest.txt)",
                           "again", t)
        if text != GUEST_WRITTEN_TEXT:
            raise CheckFailed(f"after reboot -f, /mnt/guest.txt reads {text!r}")
        ok("reboot -f boots again and the file written before it reads back")

        rng = console.run("m rng $(cat /sys/class/misc/hw_random/rng_current)"
                          " $(head -c 32 /dev/hwrng | od -An -v -tx1 | tr -d ' \\n')",
                          "rng", t).split()
        if len(rng) != 2 or not rng[0].startswith("virtio_rng") \
                or not re.fullmatch(r"[0-9a-f]{64}", rng[1]) \
                or len(set(rng[1])) < 4:
            raise CheckFailed(f"/dev/hwrng: {rng}")
        ok(f"/dev/hwrng ({rng[0]}) gives 32 bytes: {rng[1][:16]}...")
        if qmp_path:
            check_hotplug(console, qmp_path, t)

        addr = console.run("udhcpc -i eth0 -n -q -t 5 >/dev/null 2>&1; "
                           "m ip $(ip -4 -o addr show eth0 | awk '{print $4}')",
                           "ip", t)
        if not addr.startswith("10.0.2."):
            raise CheckFailed(f"DHCP gave eth0 {addr!r}")
        ok(f"DHCP configured eth0 as {addr}")
        page = console.run(f"m page $(wget -q -O - http://10.0.2.2:{host_port}/)",
                           "page", t)
        if page != HOST_PAGE_TEXT.decode():
            raise CheckFailed(f"the guest fetched {page!r} from the host")
        ok("the guest fetches a page from the host (10.0.2.2)")
        guest_port = group_value(profile_text, '[netdev', "hostfwd")
        guest_port = guest_port.rsplit(":", 1)[1] if guest_port else None
        if guest_port:
            console.run(f"httpd -p {guest_port} -h /mnt/www && m httpd", "httpd", t)
            body = fetch_through_forward(fwd_port, t)
            if GUEST_PAGE_TEXT not in body:
                raise CheckFailed(f"the forward gave {body!r}")
            ok(f"the host fetches the guest's page through the port forward "
               f"(host {fwd_port} -> guest {guest_port})")
            if qmp_path:
                live_port = free_port()
                rule = f"tcp:127.0.0.1:{live_port}-:{guest_port}"
                reply = qmp_call(qmp_path, "hostfwd-add", {"rule": rule})
                if "return" not in reply:
                    raise CheckFailed(f"hostfwd-add {rule}: {reply}")
                body = fetch_through_forward(live_port, t)
                if GUEST_PAGE_TEXT not in body:
                    raise CheckFailed(f"the live forward gave {body!r}")
                reply = qmp_call(qmp_path, "hostfwd-remove", {"rule": rule})
                if "return" not in reply:
                    raise CheckFailed(f"hostfwd-remove {rule}: {reply}")
                if not port_refuses(live_port):
                    raise CheckFailed(f"port {live_port} still listens after "
                                      "hostfwd-remove")
                ok(f"a forward added live with QMP reaches the guest "
                   f"(host {live_port}), and is gone once removed")

        # A hostile guest: garbage through /dev/mem into the virtio-mmio
        # slot of the entropy device (the second -device, so slot 6 at
        # 0x10007000 as on QEMU): a ring outside RAM, an absurd queue size,
        # notifies of queues that are not ready, status and config junk.
        # The emulator keeps running and the other devices keep working.
        hostile = " && ".join(
            f"devmem 0x{0x10007000 + off:x} 32 0x{val:x}" for off, val in (
                (0x030, 0), (0x038, 0xffffffff), (0x080, 0xfffff000),
                (0x084, 0xffffffff), (0x090, 0x12345678), (0x0a0, 0xdeadbeef),
                (0x044, 1), (0x050, 0), (0x050, 7), (0x030, 3), (0x050, 3),
                (0x070, 0xff), (0x100, 0xffffffff), (0x0fc, 1)))
        console.run(f"{hostile} && m hostile", "hostile", t)
        # A write that must reach the disk: sync waits for the device.
        console.run("echo after >/mnt/after-hostile.txt && sync && "
                    "m synced", "synced", t)
        if qmp_path and "return" not in qmp_call(qmp_path, "query-status"):
            raise CheckFailed("the engine stopped answering QMP")
        ok("garbage written to a virtio-mmio slot with devmem leaves the "
           "disk working" + (" and QMP answering" if qmp_path else ""))
        console.run("killall httpd; umount /mnt && m unmounted", "unmounted", t)
        console.send("poweroff -f")
        status = console.drain_until_exit(t)
        if status != 0:
            raise CheckFailed(f"poweroff -f: the emulator's exit status is {status}")
        ok("poweroff -f ends the emulator with exit status 0")

        written = subprocess.run(["debugfs", "-R", "cat /guest.txt",
                                  os.path.join(scratch, "disk.img")],
                                 capture_output=True, text=True).stdout.strip()
        if written != GUEST_WRITTEN_TEXT:
            raise CheckFailed(f"the disk image's /guest.txt holds {written!r}")
        ok("the file the guest wrote is in the disk image")
        return ready_after
    except CheckFailed as e:
        print(f"not ok - {e}", flush=True)
        print("# the end of the console:", file=sys.stderr)
        print(console.tail(), file=sys.stderr)
        e.transcript = console.buf
        raise
    finally:
        server.shutdown()
        server.server_close()
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--boots", type=int, default=1,
                        help="boots to time: the checked one, then N-1 that only "
                             "wait for the ready line and power off")
    parser.add_argument("--timeout", type=float, default=120.0,
                        help="seconds each step may take")
    parser.add_argument("images")
    parser.add_argument("profile")
    parser.add_argument("emulator")
    parser.add_argument("extra", nargs=argparse.REMAINDER)
    args = parser.parse_args()

    with open(args.profile) as f:
        profile_text = f.read()
    with tempfile.TemporaryDirectory(prefix="quern-guest-") as scratch:
        try:
            try:
                times = [boot_once(args, profile_text, scratch, checks=True)]
            except CheckFailed as e:
                # The kernel gives a secondary hart one second of guest time
                # to come up, and an emulator whose guest clock follows the
                # host's can miss that on a loaded host: a fact about the
                # host, not the guest. A second boot decides.
                if SLOW_HART not in getattr(e, "transcript", b""):
                    raise
                print("# the kernel said a hart failed to come online "
                      "(a busy host?); booting once more", flush=True)
                times = [boot_once(args, profile_text, scratch, checks=True)]
            for _ in range(args.boots - 1):
                times.append(boot_once(args, profile_text, scratch, checks=False))
        except CheckFailed:
            return 1
    if len(times) > 1:
        print(f"# exec to ready line over {len(times)} boots: "
              f"min {min(times):.2f} s, median {statistics.median(times):.2f} s, "
              f"max {max(times):.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
