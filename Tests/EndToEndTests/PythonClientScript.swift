// The script PythonClientTests runs with the official Kubernetes Python client. Kept as Python so it can be
// read, and run by hand against a server: `python client.py <data-dir>/admin.kubeconfig crud|watch`.

extension PythonClientTests {
    static let script = #"""
        """kube-console with the official Kubernetes Python client.

        usage: python script.py KUBECONFIG crud|watch
        Prints one line `SUMMARY <json>` for the Swift test to check, or exits non-zero with a traceback.
        """
        import datetime
        import json
        import sys
        import time

        from kubernetes import client, config, watch
        from kubernetes.client.exceptions import ApiException

        config.load_kube_config(config_file=sys.argv[1])
        v1 = client.CoreV1Api()
        NS = "py-e2e"


        def meta(name, **labels):
            return client.V1ObjectMeta(name=name, labels=labels or None)


        def failure(call):
            """Runs call, which must raise ApiException; returns what the server said."""
            try:
                call()
            except ApiException as e:
                body = json.loads(e.body) if e.body else {}
                return {"status": e.status, "kind": body.get("kind"), "reason": body.get("reason"),
                        "message": body.get("message")}
            raise SystemExit("expected an ApiException from the server")


        def crud():
            out = {}
            version = client.VersionApi().get_code()
            out["gitVersion"] = version.git_version
            out["resources"] = sorted(r.name for r in v1.get_api_resources().resources)

            ns = v1.create_namespace(client.V1Namespace(metadata=meta(NS, suite="python")))
            out["namespace"] = {"name": ns.metadata.name, "phase": ns.status.phase if ns.status else None}

            # ConfigMap: create, read, replace, three kinds of patch, list by label, errors, delete.
            cm = v1.create_namespaced_config_map(NS, client.V1ConfigMap(metadata=meta("settings", app="py"),
                                                                        data={"color": "blue"}))
            read = v1.read_namespaced_config_map("settings", NS)
            read_data = dict(read.data)
            read.data["color"] = "green"
            replaced = v1.replace_namespaced_config_map("settings", NS, read)
            strategic = v1.patch_namespaced_config_map("settings", NS, {"data": {"size": "large"}})
            jsonpatch = v1.patch_namespaced_config_map("settings", NS,
                                                       [{"op": "add", "path": "/data/shape", "value": "round"}])
            merge = v1.patch_namespaced_config_map("settings", NS, {"metadata": {"labels": {"tier": "front"}}},
                                                   _content_type="application/merge-patch+json")
            steps = [cm, read, replaced, strategic, jsonpatch, merge]
            out["configmap"] = {
                "createdData": cm.data,
                "readData": read_data,
                "finalData": merge.data,
                "finalLabels": merge.metadata.labels,
                "uids": sorted({s.metadata.uid for s in steps}),
                "resourceVersions": [s.metadata.resource_version for s in steps],
                "createdIsDatetime": isinstance(cm.metadata.creation_timestamp, datetime.datetime),
                "listed": [c.metadata.name for c in v1.list_namespaced_config_map(NS, label_selector="app=py").items],
                "listedOther": len(v1.list_namespaced_config_map(NS, label_selector="app=other").items),
                "listedAll": [f"{c.metadata.namespace}/{c.metadata.name}"
                              for c in v1.list_config_map_for_all_namespaces(label_selector="tier=front").items],
                "duplicate": failure(lambda: v1.create_namespaced_config_map(
                    NS, client.V1ConfigMap(metadata=meta("settings")))),
                "stale": failure(lambda: v1.replace_namespaced_config_map("settings", NS, cm)),
            }
            v1.delete_namespaced_config_map("settings", NS)
            out["configmap"]["missing"] = failure(lambda: v1.read_namespaced_config_map("settings", NS))

            # Pod: typed create, strategic merge patch of one container by name, status subresource, delete.
            pod = client.V1Pod(metadata=meta("web", app="web"), spec=client.V1PodSpec(containers=[
                client.V1Container(name="nginx", image="nginx:1.25", ports=[client.V1ContainerPort(container_port=80)],
                                   env=[client.V1EnvVar(name="MODE", value="a")]),
                client.V1Container(name="sidecar", image="busybox:1.36", command=["sleep", "infinity"]),
            ]))
            v1.create_namespaced_pod(NS, pod)
            v1.patch_namespaced_pod("web", NS, {"spec": {"containers": [{"name": "nginx", "image": "nginx:1.26"}]}})
            v1.patch_namespaced_pod_status("web", NS, {"status": {"phase": "Running", "podIP": "10.0.0.7"}})
            got = v1.read_namespaced_pod("web", NS)
            out["pod"] = {
                "containers": [[c.name, c.image] for c in got.spec.containers],
                "env": [[e.name, e.value] for e in got.spec.containers[0].env],
                "ports": [p.container_port for p in got.spec.containers[0].ports],
                "command": got.spec.containers[1].command,
                "phase": got.status.phase,
                "podIP": got.status.pod_ip,
                "allNamespaces": [f"{p.metadata.namespace}/{p.metadata.name}"
                                  for p in v1.list_pod_for_all_namespaces(label_selector="app=web").items],
            }
            deleted = v1.delete_namespaced_pod("web", NS)
            out["pod"]["deletedName"] = deleted.metadata.name
            out["pod"]["missing"] = failure(lambda: v1.read_namespaced_pod("web", NS))

            # Service: ports with a numeric and a named target port.
            v1.create_namespaced_service(NS, client.V1Service(metadata=meta("web"), spec=client.V1ServiceSpec(
                selector={"app": "web"},
                ports=[client.V1ServicePort(name="http", port=80, target_port=8080, protocol="TCP"),
                       client.V1ServicePort(name="metrics", port=9090, target_port="metrics")])))
            svc = v1.read_namespaced_service("web", NS)
            out["service"] = {
                "ports": [[p.name, p.port, p.target_port] for p in svc.spec.ports],
                "selector": svc.spec.selector,
                "listed": [s.metadata.name for s in v1.list_namespaced_service(NS).items],
            }
            v1.delete_namespaced_service("web", NS)

            # Paging with limit and continue, then deletecollection by label.
            for i in range(5):
                v1.create_namespaced_config_map(NS, client.V1ConfigMap(metadata=meta(f"page-{i}", batch="p")))
            pages, token = [], None
            while len(pages) < 10:
                page = v1.list_namespaced_config_map(NS, label_selector="batch=p", limit=2, _continue=token)
                pages.append([c.metadata.name for c in page.items])
                token = page.metadata._continue
                if not token:
                    break
            v1.delete_collection_namespaced_config_map(NS, label_selector="batch=p")
            out["paging"] = {"pages": pages,
                             "afterDeleteCollection": len(v1.list_namespaced_config_map(NS, label_selector="batch=p").items)}

            out["missingNamespace"] = failure(lambda: v1.create_namespaced_config_map(
                "ghost", client.V1ConfigMap(metadata=meta("x"))))

            # A token for the namespace's default service account (made with the namespace), used to ask who it is.
            request = v1.create_namespaced_service_account_token("default", NS, client.AuthenticationV1TokenRequest(
                spec=client.V1TokenRequestSpec(audiences=[], expiration_seconds=600)))
            as_account = client.Configuration.get_default_copy()
            as_account.api_key = {"authorization": "Bearer " + request.status.token}
            as_account.refresh_api_key_hook = None  # the kubeconfig loader's hook would put the admin's token back
            review = client.AuthenticationV1Api(client.ApiClient(as_account)).create_self_subject_review(client.V1SelfSubjectReview())
            out["serviceAccountToken"] = {
                "parts": len(request.status.token.split(".")),
                "audiences": request.spec.audiences,
                "expirationSeconds": request.spec.expiration_seconds,
                "expiresInSeconds": (request.status.expiration_timestamp - request.metadata.creation_timestamp).total_seconds(),
                "username": review.status.user_info.username,
                "groups": review.status.user_info.groups,
            }
            v1.delete_namespace(NS)
            return out


        def watch_configmaps():
            """ADDED is replayed from the list's resourceVersion; MODIFIED and DELETED come from changes made
            while the stream is open, each in answer to the event before it."""
            v1.create_namespace(client.V1Namespace(metadata=meta(NS)))
            start = v1.list_namespaced_config_map(NS).metadata.resource_version
            v1.create_namespaced_config_map(NS, client.V1ConfigMap(metadata=meta("watched"), data={"step": "1"}))
            events = []
            w = watch.Watch()
            for e in w.stream(v1.list_namespaced_config_map, NS, resource_version=start, timeout_seconds=30):
                obj = e["object"]
                events.append({"type": e["type"], "name": obj.metadata.name, "data": obj.data,
                               "resourceVersion": obj.metadata.resource_version, "class": type(obj).__name__})
                if e["type"] == "ADDED":
                    v1.patch_namespaced_config_map("watched", NS, {"data": {"step": "2"}})
                elif e["type"] == "MODIFIED":
                    v1.delete_namespaced_config_map("watched", NS)
                elif e["type"] == "DELETED":
                    w.stop()
            # A watch with nothing to report ends when the server closes it at timeoutSeconds.
            began = time.monotonic()
            quiet = list(watch.Watch().stream(v1.list_namespaced_config_map, NS, timeout_seconds=1))
            return {"start": start, "events": events,
                    "quiet": {"events": len(quiet), "seconds": time.monotonic() - began}}


        def applied(**data):
            """The configuration applied: the client sends it as JSON, which apply-patch+yaml bodies may be."""
            return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "applied"}, "data": data}


        def apply(body, manager=None, **options):
            return v1.patch_namespaced_config_map("applied", NS, body, field_manager=manager,
                                                  _content_type="application/apply-patch+yaml", **options)


        def server_side_apply():
            """Server-side apply through patch_namespaced_config_map with the apply content type."""
            v1.create_namespace(client.V1Namespace(metadata=meta(NS)))
            out = {}
            cm = apply(applied(color="blue", size="large"), "py")
            out["created"] = cm.data
            out["managers"] = [[m.manager, m.operation] for m in cm.metadata.managed_fields]
            out["reapplied"] = apply(applied(color="blue"), "py").data
            out["conflict"] = failure(lambda: apply(applied(color="red"), "other"))
            cm = apply(applied(color="red"), "other", force=True)
            out["forced"] = cm.data
            out["owners"] = {m.manager: m.fields_v1 for m in cm.metadata.managed_fields}
            out["noManager"] = failure(lambda: apply(applied(color="blue")))
            return out


        mode = sys.argv[2]
        summary = {"crud": crud, "watch": watch_configmaps, "apply": server_side_apply}[mode]()
        print("SUMMARY " + json.dumps(summary, sort_keys=True))
        """#
}
