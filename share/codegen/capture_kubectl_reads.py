#!/usr/bin/env python3
"""Records the reads kubectl's typed (client-go) clients send, to commit them as test fixtures.

A recording proxy on 127.0.0.1 forwards every request to a running kube-console's localhost port and
saves, per request, the method, the path with its query and the Accept and User-Agent headers. It runs

    kubectl describe pod web -n demo        # GET the pod, LIST its events: Accept protobuf first
    kubectl events -n demo --watch          # WATCH events: Accept protobuf first (stopped after 3 s)

against it (the pod `web` and an event about it must exist in `demo`; --setup makes them) and prints the
requests that asked for protobuf as JSON (and writes them to the file named by --out). Usage:

    kube-console serve --port 8080 ... &
    python3 share/codegen/capture_kubectl_reads.py --server http://127.0.0.1:8080 --setup [--out reads.json]
"""
import argparse
import http.client
import json
import os
import subprocess
import sys
import tempfile
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

UPSTREAM = None
CAPTURED = []


class Proxy(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.forward("GET")

    def do_POST(self):
        self.forward("POST")

    def forward(self, method):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length) if length else None
        CAPTURED.append({"method": method, "path": self.path, "accept": self.headers.get("Accept", ""),
                         "userAgent": self.headers.get("User-Agent", "")})
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
        upstream = http.client.HTTPConnection(UPSTREAM.hostname, UPSTREAM.port, timeout=60)
        upstream.request(method, self.path, body=body, headers=headers)
        answer = upstream.getresponse()
        self.send_response(answer.status)
        for key, value in answer.getheaders():
            if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(key, value)
        if answer.getheader("Transfer-Encoding") == "chunked":
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            while True:
                data = answer.read1(65536)
                if not data:
                    break
                self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
                self.wfile.flush()
            self.wfile.write(b"0\r\n\r\n")
        else:
            data = answer.read()
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)


def setup(server):
    """The namespace demo, the pod web and one event about it, created in JSON."""
    def post(path, obj):
        c = http.client.HTTPConnection(server.hostname, server.port, timeout=10)
        c.request("POST", path, body=json.dumps(obj), headers={"Content-Type": "application/json"})
        return json.loads(c.getresponse().read())
    post("/api/v1/namespaces", {"metadata": {"name": "demo"}})
    pod = post("/api/v1/namespaces/demo/pods", {"metadata": {"name": "web"},
                                               "spec": {"containers": [{"name": "nginx", "image": "nginx:1.27"}]}})
    post("/api/v1/namespaces/demo/events", {
        "metadata": {"name": "web.1"}, "reason": "Scheduled", "message": "assigned demo/web to node-1", "type": "Normal",
        "involvedObject": {"kind": "Pod", "namespace": "demo", "name": "web", "uid": pod["metadata"]["uid"]},
        "source": {"component": "default-scheduler"}, "count": 1})


def main():
    global UPSTREAM
    parser = argparse.ArgumentParser()
    parser.add_argument("--kubectl", default="/usr/bin/kubectl")
    parser.add_argument("--server", required=True, help="a kube-console localhost port, http://127.0.0.1:PORT")
    parser.add_argument("--setup", action="store_true", help="create the namespace, pod and event first")
    parser.add_argument("--out", default="")
    args = parser.parse_args()
    UPSTREAM = urllib.parse.urlparse(args.server)
    if args.setup:
        setup(UPSTREAM)
    proxy = ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    home = tempfile.mkdtemp(prefix="capture-kubectl-reads-")
    kubeconfig = os.path.join(home, "kubeconfig")
    with open(kubeconfig, "w") as f:
        f.write("apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {server: \"http://127.0.0.1:%d\"}\n"
                "contexts:\n- name: c\n  context: {cluster: c, namespace: demo}\ncurrent-context: c\n"
                % proxy.server_address[1])
    env = dict(os.environ, HOME=home, KUBECACHEDIR=os.path.join(home, "cache"))
    for command, timeout in ((["describe", "pod", "web", "-n", "demo"], 60), (["events", "-n", "demo", "--watch"], 3)):
        try:
            done = subprocess.run([args.kubectl, "--kubeconfig", kubeconfig] + command, env=env, capture_output=True,
                                  text=True, timeout=timeout)
            print("$ kubectl %s -> exit %d" % (" ".join(command), done.returncode), file=sys.stderr)
        except subprocess.TimeoutExpired:
            print("$ kubectl %s -> stopped after %ds" % (" ".join(command), timeout), file=sys.stderr)
    proxy.shutdown()
    version = subprocess.run([args.kubectl, "version", "--client"], capture_output=True, text=True).stdout
    reads = [r for r in CAPTURED if "protobuf" in r["accept"]]
    text = json.dumps({"kubectl": version.strip(), "requests": reads}, indent=1)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
