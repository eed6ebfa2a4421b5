#!/usr/bin/env python3
"""Load check of `cbam serve`: good uploads from concurrent clients with hostile ones mixed in.

Starts `CBAM serve --port 0` on 127.0.0.1 (loopback only), then sends GOOD uploads of the cement
sample to /api/compute from CLIENTS threads, with 20 hostile requests mixed in at random
positions (fixed seed): 5 zip bombs (tests/fixtures/bad/49-zip-bomb.xlsx), 5 uploads of random
bytes, 3 uploads announcing more than the endpoint's limit (Content-Length), 2 chunked uploads that
really send more than the limit, 5 QReport XMLs with a DOCTYPE of nested entities to /api/validate.

Then, on a fresh server, FLOOD (8) chunked uploads past the limit sent all at once: each must get
413, and the peak resident memory is reported (the uploads in flight share room for two bodies of
the workbook limit, src/serve/form.rs, so the peak stays near two of them, not eight).

Checks: every good upload answered 200 with exactly the JSON `cbam compute --format json` prints
(run once before the load), every hostile one a 4xx, the server still answering /healthz after.
Reports the latency of the good uploads (client side: connect to last byte read), the hostile
ones' statuses and latencies, and the server's peak resident memory (VmHWM from /proc). Every
request has a 60 s timeout, so the run ends by itself. Exit 1 if a check fails; the goals
(p95 <= 100 ms, peak <= 300 MB) are reported, not enforced.

Usage: python3 benches/serve_load.py CBAM [GOOD] [CLIENTS] [FLOOD]   (default 200 uploads, 8 clients, 8)
"""

import http.client
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLE = os.path.join(ROOT, "samples/cement-integrated-cn.xlsx")
ZIP_BOMB = os.path.join(ROOT, "tests/fixtures/bad/49-zip-bomb.xlsx")
DOCTYPE_XML = os.path.join(ROOT, "tests/fixtures/xml/bad-doctype-entities.xml")
# The workbook endpoint's limit: read::workbook::MAX_FILE_BYTES and 1 MiB of form (src/serve/form.rs).
LIMIT = 64 * 1024 * 1024 + 1024 * 1024
TIMEOUT = 60
BOUNDARY = "----cbamloadboundary7f3a9c"


def form(field, name, data, content_type="application/octet-stream"):
    head = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\n"
            f"Content-Type: {content_type}\r\n\r\n").encode()
    return head + data + f"\r\n--{BOUNDARY}--\r\n".encode()


def post(port, path, body):
    """One POST on a fresh connection: (status, body bytes, seconds)."""
    t0 = time.perf_counter()
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    try:
        c.request("POST", path, body=body, headers={"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"})
        r = c.getresponse()
        data = r.read()
        return r.status, data, time.perf_counter() - t0
    finally:
        c.close()


def announced_too_large(port):
    """Headers announcing more than the limit, then a little of the body: the answer must come
    before the rest is sent."""
    t0 = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as s:
        s.sendall((f"POST /api/compute HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n"
                   f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\nContent-Length: {LIMIT + 1}\r\n\r\n").encode())
        s.sendall(form("file", "big.xlsx", b"\0" * 65536)[:65536])
        raw = b""
        while b"\r\n\r\n" not in raw:
            chunk = s.recv(65536)
            if not chunk:
                break
            raw += chunk
    status = int(raw.split(b" ", 2)[1]) if raw.startswith(b"HTTP/1.1 ") else 0
    return status, raw, time.perf_counter() - t0


def streamed_too_large(port):
    """A chunked upload (no length announced) that really sends past the limit, 1 MiB at a time,
    stopping as soon as the server answers or closes."""
    t0 = time.perf_counter()
    head = form("file", "big.xlsx", b"")[: -len(f"\r\n--{BOUNDARY}--\r\n")]
    block = os.urandom(1024 * 1024)
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as s:
        s.sendall((f"POST /api/compute HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n"
                   f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\nTransfer-Encoding: chunked\r\n\r\n").encode())
        s.sendall(b"%x\r\n%s\r\n" % (len(head), head))
        s.settimeout(0)
        sent = 0
        raw = b""
        while sent < LIMIT + 8 * 1024 * 1024:
            try:
                raw += s.recv(65536)
                if raw:
                    break
            except BlockingIOError:
                pass
            s.settimeout(TIMEOUT)
            try:
                s.sendall(b"%x\r\n%s\r\n" % (len(block), block))
            except (BrokenPipeError, ConnectionResetError, socket.timeout):
                break
            s.settimeout(0)
            sent += len(block)
        s.settimeout(TIMEOUT)
        try:
            while b"\r\n\r\n" not in raw:
                chunk = s.recv(65536)
                if not chunk:
                    break
                raw += chunk
        except (ConnectionResetError, socket.timeout):
            pass
    status = int(raw.split(b" ", 2)[1]) if raw.startswith(b"HTTP/1.1 ") else 0
    return status, raw, time.perf_counter() - t0


def vm(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def pct(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, max(0, int(round(p / 100 * len(s) + 0.5)) - 1))]


def start(cbam):
    """`cbam serve --port 0`: the process and its port (None if it did not start)."""
    server = subprocess.Popen([cbam, "serve", "--port", "0"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    line = server.stderr.readline()
    m = re.search(r"http://localhost:(\d+)/", line)
    if not m:
        print("the server did not start: " + line + server.stderr.read(), file=sys.stderr)
        server.kill()
        return server, None
    threading.Thread(target=server.stderr.read, daemon=True).start()
    return server, int(m.group(1))


def stop(server):
    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()


def flood(cbam, n):
    """N streamed uploads past the limit at once on a fresh server: statuses, peak and after RSS."""
    server, port = start(cbam)
    if port is None:
        return None
    try:
        rss_idle = vm(server.pid, "VmRSS")
        t0 = time.perf_counter()
        with ThreadPoolExecutor(max_workers=n) as pool:
            results = list(pool.map(lambda _: streamed_too_large(port), range(n)))
        wall = time.perf_counter() - t0
        hwm = vm(server.pid, "VmHWM")
        rss_after = vm(server.pid, "VmRSS")
    finally:
        stop(server)
    return [r[0] for r in results], rss_idle, hwm, rss_after, wall


def main():
    cbam = sys.argv[1]
    good_n = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    clients = int(sys.argv[3]) if len(sys.argv) > 3 else 8
    flood_n = int(sys.argv[4]) if len(sys.argv) > 4 else 8
    expected = subprocess.run([cbam, "compute", SAMPLE, "--format", "json"], check=True, capture_output=True).stdout
    see = [(g["cn_code"], g["see_direct"], g["see_indirect"]) for g in json.loads(expected)["goods"]]
    sample = open(SAMPLE, "rb").read()
    good_body = form("file", "cement-integrated-cn.xlsx", sample)
    rng = random.Random(15)
    doctype = open(DOCTYPE_XML, "rb").read()
    bomb = form("file", "bomb.xlsx", open(ZIP_BOMB, "rb").read())
    garbage = [form("file", "garbage.xlsx", rng.randbytes(200_000)) for _ in range(5)]
    hostile = ([("zip bomb", lambda p: post(p, "/api/compute", bomb))] * 5
               + [("random bytes", lambda p, b=b: post(p, "/api/compute", b)) for b in garbage]
               + [("announced > limit", announced_too_large)] * 3
               + [("streamed > limit", streamed_too_large)] * 2
               + [("XML with DOCTYPE", lambda p: post(p, "/api/validate", form("file", "doctype.xml", doctype, "application/xml")))] * 5)
    jobs = [("good", lambda p: post(p, "/api/compute", good_body))] * good_n + hostile
    rng.shuffle(jobs)

    server, port = start(cbam)
    if port is None:
        return 1
    try:
        rss_idle = vm(server.pid, "VmRSS")
        # One good upload first, so that the figures are those of a running server.
        status, body, _ = post(port, "/api/compute", good_body)
        assert status == 200 and body == expected, (status, body[:300])

        results = []
        t0 = time.perf_counter()
        with ThreadPoolExecutor(max_workers=clients) as pool:
            futures = [(kind, pool.submit(fn, port)) for kind, fn in jobs]
            for kind, fut in futures:
                try:
                    results.append((kind, *fut.result()))
                except Exception as e:  # a failed request is a failed check, not a crash of the run
                    results.append((kind, 0, repr(e).encode(), float("nan")))
        wall = time.perf_counter() - t0
        hwm = vm(server.pid, "VmHWM")
        rss_after = vm(server.pid, "VmRSS")
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        c.request("GET", "/healthz")
        alive = c.getresponse().status == 200
        c.close()
    finally:
        stop(server)

    failures = []
    good = [r for r in results if r[0] == "good"]
    for kind, status, body, _ in good:
        if status != 200 or body != expected:
            failures.append(f"good upload: {status} {body[:200]!r}")
    for kind, status, body, _ in results:
        if kind != "good" and not 400 <= status < 500:
            failures.append(f"{kind}: {status} {body[:200]!r}")
    if not alive:
        failures.append("the server no longer answers /healthz")

    lat = [r[3] * 1000 for r in good]
    print(f"server: {cbam} serve, {clients} clients, {len(good)} good uploads (cement sample, {len(sample)} bytes) "
          f"and {len(results) - len(good)} hostile ones in {wall:.2f} s")
    print(f"expected: the JSON of `cbam compute --format json`, {len(expected)} bytes; SEE direct/indirect: "
          + ", ".join(f"{k} {d[:8]}/{i[:8]}" for k, d, i in see))
    print(f"good uploads: {sum(1 for r in good if r[1] == 200 and r[2] == expected)}/{len(good)} answered 200 with that JSON")
    print(f"latency of good uploads (ms): p50 {statistics.median(lat):.1f}, p95 {pct(lat, 95):.1f}, p99 {pct(lat, 99):.1f}, "
          f"max {max(lat):.1f}; throughput {len(good) / wall:.0f}/s")
    for kind in sorted({r[0] for r in results} - {"good"}):
        these = [r for r in results if r[0] == kind]
        codes = sorted({r[1] for r in these})
        print(f"  {kind}: {len(these)} x, status {', '.join(map(str, codes))}, max {max(r[3] for r in these) * 1000:.0f} ms")
    print(f"server memory: {rss_idle / 1024:.1f} MiB resident at start, peak (VmHWM) {hwm / 1024:.1f} MiB, "
          f"{rss_after / 1024:.1f} MiB after the run")
    print(f"goals: p95 <= 100 ms: {'met' if pct(lat, 95) <= 100 else 'MISSED'}; peak <= 300 MB: "
          f"{'met' if hwm * 1024 <= 300e6 else 'MISSED'}")
    if flood_n > 0:
        f = flood(cbam, flood_n)
        if f is None:
            failures.append("the server for the flood did not start")
        else:
            statuses, idle, hwm2, after, wall2 = f
            print(f"flood: {flood_n} chunked uploads past the limit at once on a fresh server: status "
                  f"{', '.join(map(str, sorted(set(statuses))))} in {wall2:.2f} s; memory {idle / 1024:.1f} MiB at start, "
                  f"peak (VmHWM) {hwm2 / 1024:.1f} MiB, {after / 1024:.1f} MiB after")
            failures += [f"flood upload: status {s}" for s in statuses if s != 413]
    for f in failures[:20]:
        print("FAILED: " + f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
