#!/usr/bin/env python3
"""Records the request bodies kubectl sends for typed commands, to commit them as test fixtures.

A tiny fake API server on 127.0.0.1 (plain HTTP) answers /version, minimal discovery and, for every
POST, saves the body and its Content-Type and answers 201 with a small JSON object. It then runs

    kubectl create namespace demo
    kubectl create configmap cm1 --from-literal=a=b -n default
    kubectl create secret generic s1 --from-literal=password=hunter2
    kubectl auth can-i create pods
    kubectl run web --image=nginx:1.27 --port=80 --labels=app=web --env=MODE=demo -n default
    kubectl create service clusterip svc1 --tcp=80:8080 -n default
    kubectl create serviceaccount sa1 -n default

against it and prints, per request, the path, the Content-Type and the body in base64 (and writes the
same as JSON to the file named by --out). Usage:

    python3 share/codegen/capture_kubectl.py [--kubectl /usr/bin/kubectl] [--out /tmp/capture.json]
"""
import argparse
import base64
import json
import os
import subprocess
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CORE_RESOURCES = [
    ("namespaces", "Namespace", False), ("configmaps", "ConfigMap", True), ("secrets", "Secret", True),
    ("pods", "Pod", True), ("services", "Service", True), ("serviceaccounts", "ServiceAccount", True),
]
VERBS = ["create", "delete", "get", "list", "patch", "update", "watch"]


def varint(data, i):
    shift = value = 0
    while True:
        b = data[i]
        i += 1
        value |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return value, i


def fields(data):
    """(field number, wire type, value) of one protobuf message, enough to find metadata.name."""
    i = 0
    while i < len(data):
        key, i = varint(data, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, i = varint(data, i)
        elif wire == 2:
            length, i = varint(data, i)
            value, i = data[i:i + length], i + length
        elif wire == 1:
            value, i = data[i:i + 8], i + 8
        elif wire == 5:
            value, i = data[i:i + 4], i + 4
        else:
            raise ValueError("wire type %d" % wire)
        yield number, wire, value


def name_of(body):
    """metadata.name of a k8s\\0 envelope, or of a JSON object."""
    try:
        if body.startswith(b"k8s\x00"):
            raw = next(v for n, _, v in fields(body[4:]) if n == 2)
            meta = next(v for n, _, v in fields(raw) if n == 1)
            return next(v for n, _, v in fields(meta) if n == 1).decode()
        return json.loads(body)["metadata"]["name"]
    except Exception:
        return "unknown"


class Handler(BaseHTTPRequestHandler):
    captured = []

    def log_message(self, *args):
        pass

    def reply(self, code, obj):
        data = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        path = self.path.split("?")[0]
        if path == "/version":
            return self.reply(200, {"major": "1", "minor": "32", "gitVersion": "v1.32.0"})
        if path == "/api":
            return self.reply(200, {"kind": "APIVersions", "versions": ["v1"],
                                    "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0",
                                                                    "serverAddress": "127.0.0.1"}]})
        if path == "/apis":
            gv = {"groupVersion": "authorization.k8s.io/v1", "version": "v1"}
            return self.reply(200, {"kind": "APIGroupList", "apiVersion": "v1", "groups": [
                {"name": "authorization.k8s.io", "versions": [gv], "preferredVersion": gv}]})
        if path == "/api/v1":
            return self.reply(200, {"kind": "APIResourceList", "groupVersion": "v1", "resources": [
                {"name": n, "singularName": k.lower(), "namespaced": ns, "kind": k, "verbs": VERBS}
                for n, k, ns in CORE_RESOURCES]})
        if path == "/apis/authorization.k8s.io/v1":
            return self.reply(200, {"kind": "APIResourceList", "groupVersion": "authorization.k8s.io/v1",
                                    "resources": [{"name": "selfsubjectaccessreviews", "singularName": "",
                                                   "namespaced": False, "kind": "SelfSubjectAccessReview",
                                                   "verbs": ["create"]}]})
        self.reply(404, {"kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": "NotFound",
                         "code": 404, "message": "the server could not find the requested resource"})

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.captured.append({"method": "POST", "path": self.path,
                              "contentType": self.headers.get("Content-Type", ""),
                              "accept": self.headers.get("Accept", ""),
                              "userAgent": self.headers.get("User-Agent", ""),
                              "body": base64.b64encode(body).decode()})
        path = self.path.split("?")[0]
        if path.endswith("selfsubjectaccessreviews"):
            return self.reply(201, {"kind": "SelfSubjectAccessReview", "apiVersion": "authorization.k8s.io/v1",
                                    "metadata": {}, "spec": {}, "status": {"allowed": True}})
        kind = {"namespaces": "Namespace", "configmaps": "ConfigMap", "secrets": "Secret", "pods": "Pod",
                "services": "Service", "serviceaccounts": "ServiceAccount"}.get(path.rsplit("/", 1)[-1], "Unknown")
        self.reply(201, {"kind": kind, "apiVersion": "v1", "metadata": {"name": name_of(body)}})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--kubectl", default="/usr/bin/kubectl")
    parser.add_argument("--out", default="")
    args = parser.parse_args()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    home = tempfile.mkdtemp(prefix="capture-kubectl-")
    kubeconfig = os.path.join(home, "kubeconfig")
    with open(kubeconfig, "w") as f:
        f.write("""apiVersion: v1
kind: Config
clusters:
- name: capture
  cluster: {server: "http://127.0.0.1:%d"}
users:
- name: capture
  user: {token: capture}
contexts:
- name: capture
  context: {cluster: capture, user: capture, namespace: default}
current-context: capture
""" % server.server_address[1])
    commands = [["create", "namespace", "demo"],
                ["create", "configmap", "cm1", "--from-literal=a=b", "-n", "default"],
                ["create", "secret", "generic", "s1", "--from-literal=password=hunter2"],
                ["auth", "can-i", "create", "pods"],
                ["run", "web", "--image=nginx:1.27", "--port=80", "--labels=app=web", "--env=MODE=demo", "-n", "default"],
                ["create", "service", "clusterip", "svc1", "--tcp=80:8080", "-n", "default"],
                ["create", "serviceaccount", "sa1", "-n", "default"]]
    env = dict(os.environ, HOME=home, KUBECACHEDIR=os.path.join(home, "cache"))
    for command in commands:
        done = subprocess.run([args.kubectl, "--kubeconfig", kubeconfig] + command, env=env,
                              capture_output=True, text=True, timeout=60)
        print("$ kubectl %s -> exit %d: %s %s" % (" ".join(command), done.returncode, done.stdout.strip(),
                                                 done.stderr.strip()), file=sys.stderr)
    server.shutdown()
    version = subprocess.run([args.kubectl, "version", "--client"], capture_output=True, text=True).stdout
    result = {"kubectl": version.strip(), "requests": Handler.captured}
    text = json.dumps(result, indent=1)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
