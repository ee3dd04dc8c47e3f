#!/usr/bin/env python3
"""The floor for watchers.sh: the least a server can do to fan one write out to N watch connections.

One thread, one epoll, no store: it answers the list with resourceVersion 1, every watch with a chunked
200 head, and a create (POST) with its 201, then sends the create's event line to every watcher, one
send() each, as kube-console does. What it costs per write is the loopback TCP work of N sends (and, on
loopback, the receiving end's too) plus a little Python; kube-console's figures are read against it.
Usage: watch-floor.py PORT   (watchers.sh REFERENCE=floor runs it in kube-console's place)
"""
import json, select, socket, sys

port = int(sys.argv[1])
listener = socket.socket()
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", port))
listener.listen(4096)
listener.setblocking(False)
poller = select.epoll()
poller.register(listener.fileno(), select.EPOLLIN)
pending = {}   # fd -> (socket, bytes read so far): connections that have not sent a whole request
watchers = []  # sockets of registered watches, in the order they came
HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"


def answer(sock, status, body):
    sock.sendall(b"HTTP/1.1 %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s"
                 % (status, len(body), body))
    poller.unregister(sock.fileno())
    sock.close()


def request(sock, data):
    """Handles a whole request; False while more bytes are needed."""
    head, sep, body = data.partition(b"\r\n\r\n")
    if not sep:
        return False
    line = head.split(b"\r\n", 1)[0]
    if line.startswith(b"POST "):
        length = next(int(h.split(b":", 1)[1]) for h in head.split(b"\r\n") if h.lower().startswith(b"content-length:"))
        if len(body) < length:
            return False
        created = json.loads(body[:length])
        created["metadata"]["resourceVersion"] = "2"
        object_bytes = json.dumps(created, separators=(",", ":")).encode()
        answer(sock, b"201 Created", object_bytes)
        line_bytes = b'{"type":"ADDED","object":%s}\n' % object_bytes
        chunk = b"%x\r\n%s\r\n" % (len(line_bytes), line_bytes)
        send = socket.socket.send
        for watcher in watchers:
            send(watcher, chunk)  # 200-odd bytes into an empty send buffer: taken whole
    elif b"watch=1" in line:
        poller.unregister(sock.fileno())
        sock.sendall(HEAD)
        watchers.append(sock)
    else:
        answer(sock, b"200 OK", b'{"kind":"ConfigMapList","metadata":{"resourceVersion":"1"},"items":[]}')
    return True


while True:
    for fd, _ in poller.poll():
        if fd == listener.fileno():
            while True:
                try:
                    sock, _ = listener.accept()
                except BlockingIOError:
                    break
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                pending[sock.fileno()] = (sock, b"")
                poller.register(sock.fileno(), select.EPOLLIN)
            continue
        sock, data = pending[fd]
        chunk = sock.recv(65536)
        if not chunk:
            poller.unregister(fd)
            del pending[fd]
            sock.close()
            continue
        data += chunk
        if request(sock, data):
            del pending[fd]
        else:
            pending[fd] = (sock, data)
