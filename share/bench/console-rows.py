#!/usr/bin/env python3
"""A small client of the console channel's wire format (share/doc/console-protocol.md), for benchmarks.

  console-rows.py SOCKET PORT [PROBES] [RATE]

Attaches to the master's console socket, then sends PROBES requests (GET /console-probe-N) to the
localhost PORT at RATE a second and, for each, takes the time from the end of its response to the moment
its row arrives on the console stream. Prints the count, the rows that arrived, p50, p99 and max in ms.
Both clocks are this process's monotonic clock.
"""
import http.client
import json
import socket
import sys
import threading
import time

sock_path, port = sys.argv[1], int(sys.argv[2])
probes = int(sys.argv[3]) if len(sys.argv) > 3 else 500
rate = float(sys.argv[4]) if len(sys.argv) > 4 else 50.0

answered = {}   # path -> monotonic time the response was read
arrived = {}    # path -> monotonic time its row came in
lock = threading.Lock()
done = threading.Event()


def follow():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(sock_path)
    s.sendall(b"GET /debug/console/v1/stream HTTP/1.1\r\nHost: localhost\r\n\r\n")
    raw = b""
    while b"\r\n\r\n" not in raw:
        raw += s.recv(65536)
    head, raw = raw.split(b"\r\n\r\n", 1)
    assert head.startswith(b"HTTP/1.1 200"), head
    body = b""
    s.settimeout(0.5)
    while not done.is_set():
        try:
            data = s.recv(1 << 20)
        except socket.timeout:
            continue
        if not data:
            break
        now = time.monotonic()
        raw += data
        while True:  # de-chunk what is complete
            end = raw.find(b"\r\n")
            if end < 0:
                break
            size = int(raw[:end].split(b";")[0], 16)
            if len(raw) < end + 2 + size + 2:
                break
            body += raw[end + 2:end + 2 + size]
            raw = raw[end + 2 + size + 2:]
        *lines, body = body.split(b"\n")
        for line in lines:
            frame = json.loads(line)
            for row in frame.get("requests", []):
                if row["path"].startswith("/console-probe-"):
                    with lock:
                        arrived.setdefault(row["path"], now)


reader = threading.Thread(target=follow, daemon=True)
reader.start()
time.sleep(0.5)  # the snapshot first
conn = http.client.HTTPConnection("127.0.0.1", port)
start = time.monotonic()
for n in range(probes):
    path = "/console-probe-%d" % n
    conn.request("GET", path)
    conn.getresponse().read()
    with lock:
        answered[path] = time.monotonic()
    wait = start + (n + 1) / rate - time.monotonic()
    if wait > 0:
        time.sleep(wait)
deadline = time.monotonic() + 2
while time.monotonic() < deadline and len(arrived) < probes:
    time.sleep(0.05)
done.set()
with lock:
    delays = sorted((arrived[p] - answered[p]) * 1000 for p in answered if p in arrived)
if not delays:
    print("probes %d arrived 0" % probes)
    sys.exit(1)
pick = lambda q: delays[min(len(delays) - 1, int(q * len(delays)))]
print("probes %d arrived %d p50 %.1f ms p99 %.1f ms max %.1f ms" % (probes, len(delays), pick(0.5), pick(0.99), delays[-1]))
