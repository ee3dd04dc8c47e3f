#!/usr/bin/env python3
"""Generates Sources/KubeAPI/Schema/GeneratedSchema.swift: the type registry of the kinds served.

Input: the messages of k8s.io/api core/v1, authorization/v1 and authentication/v1 and of apimachinery's meta/v1,
api/resource, util/intstr and runtime, either
  * the committed digests in share/codegen/proto/*.txt (the default), one line per field, transcribed
    from those packages' generated.proto: "P pkg" sets the package, "M Name" starts a message and
    "NUMBER name TYPE [?] [inline] [@strategy:mergeKey] [list=...] [map=...] [default=JSON]" is a field,
    where ? marks a `+optional` field, *T a repeated one and map<K,V> a map, list=atomic|set|map:KEY,...
    its `+listType`/`+listMapKey` markers, map=atomic|granular its `+mapType`/`+structType` and default=
    its `+default` literal; "M Name struct=atomic" marks a `+structType=atomic` message; or
  * real generated.proto files given with --proto (same result; comments give +optional and the
    patch strategy, and the embedded structs are known by name).

Output: only the messages reachable from the served kinds, as a line table the Swift side parses once:
    M <definition name> [special=<time|microTime|duration|quantity|intOrString|rawJSON|stringList>]
      [gvk=<group>/<version>/<Kind>,...] [struct=atomic]
    F <number> <json name> <type> <flags>
with type one of string int32 int64 bool double bytes or a definition name, prefixed "[]" when repeated
and "{}" for a map with string keys; flags, "|"-separated: o (zero value omitted), i (inline),
r (required), v (a Go value field: a struct or time always written, `{}` or null when zero), s=<patch strategy>, k=<patch merge key>, l=<list type: atomic, set or map:KEY,KEY...>,
m=<map or struct type: atomic or granular>, d=<default, a JSON literal>; or "-". The list, map and
struct types are what server-side apply tracks field ownership by (x-kubernetes-list-type etc.).

Beside it, Sources/KubeAPI/Schema/GeneratedDescriptions.swift: the messages' and fields' descriptions for
OpenAPI, from the digests share/codegen/proto/docs/*.txt (see schema_docs.py).

    python3 share/codegen/gen_schema.py            # writes GeneratedSchema.swift and GeneratedDescriptions.swift
    python3 share/codegen/gen_schema.py --check    # exits 1 if a committed file is stale
    python3 share/codegen/gen_schema.py --extract-docs PROTO...   # rewrites the docs digests from generated.proto
"""
import argparse
import os
import re
import sys

import schema_docs

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(ROOT, "Sources", "KubeAPI", "Schema", "GeneratedSchema.swift")

PACKAGES = {
    "core": "io.k8s.api.core.v1",
    "authorization": "io.k8s.api.authorization.v1",
    "authentication": "io.k8s.api.authentication.v1",
    "policy": "io.k8s.api.policy.v1",
    "autoscaling": "io.k8s.api.autoscaling.v1",
    "coordination": "io.k8s.api.coordination.v1",
    "meta": "io.k8s.apimachinery.pkg.apis.meta.v1",
    "resource": "io.k8s.apimachinery.pkg.api.resource",
    "intstr": "io.k8s.apimachinery.pkg.util.intstr",
    "runtime": "io.k8s.apimachinery.pkg.runtime",
}
GROUPS = {"io.k8s.api.core.v1": ("", "v1"), "io.k8s.api.authorization.v1": ("authorization.k8s.io", "v1"),
          "io.k8s.api.authentication.v1": ("authentication.k8s.io", "v1"),
          "io.k8s.api.policy.v1": ("policy", "v1"), "io.k8s.api.autoscaling.v1": ("autoscaling", "v1"),
          "io.k8s.api.coordination.v1": ("coordination.k8s.io", "v1")}
SCALARS = {"string", "int32", "int64", "bool", "double", "bytes"}
META = PACKAGES["meta"]

# Types whose JSON form is not an object of their proto fields.
SPECIAL = {
    META + ".Time": "time", META + ".MicroTime": "microTime", META + ".Duration": "duration",
    META + ".FieldsV1": "rawJSON", PACKAGES["runtime"] + ".RawExtension": "rawJSON",
    PACKAGES["resource"] + ".Quantity": "quantity", PACKAGES["intstr"] + ".IntOrString": "intOrString",
    PACKAGES["authorization"] + ".ExtraValue": "stringList", PACKAGES["authentication"] + ".ExtraValue": "stringList",
}
# Embedded Go structs (`json:",inline"`): their fields appear in the parent's JSON object.
INLINE_TYPES = {"LocalObjectReference", "VolumeSource", "ProbeHandler", "EphemeralContainerCommon",
                "PersistentVolumeSource"}
# +optional scalars that are Go pointers: an explicit zero (false, 0) is sent and kept. Every other
# +optional scalar is a plain omitempty field that gogo-protobuf writes even when zero, so a zero
# value on the wire means "unset" and is left out of the JSON, as Go's encoding/json would.
POINTERS = {
    "ConfigMap.immutable", "Secret.immutable", "ConfigMapEnvSource.optional", "ConfigMapKeySelector.optional",
    "ConfigMapProjection.optional", "ConfigMapVolumeSource.optional", "ConfigMapVolumeSource.defaultMode",
    "SecretEnvSource.optional", "SecretKeySelector.optional", "SecretProjection.optional",
    "SecretVolumeSource.optional", "SecretVolumeSource.defaultMode", "DownwardAPIVolumeSource.defaultMode",
    "DownwardAPIVolumeFile.mode", "KeyToPath.mode", "ProjectedVolumeSource.defaultMode", "CSIVolumeSource.readOnly",
    "FileKeySelector.optional", "ClusterTrustBundleProjection.optional", "PodCertificateProjection.maxExpirationSeconds",
    "ServiceAccountTokenProjection.expirationSeconds", "ClientIPConfig.timeoutSeconds",
    "PodSpec.terminationGracePeriodSeconds", "PodSpec.activeDeadlineSeconds", "PodSpec.automountServiceAccountToken",
    "PodSpec.shareProcessNamespace", "PodSpec.priority", "PodSpec.enableServiceLinks", "PodSpec.setHostnameAsFQDN",
    "PodSpec.hostUsers", "PodSecurityContext.runAsUser", "PodSecurityContext.runAsGroup",
    "PodSecurityContext.runAsNonRoot", "PodSecurityContext.fsGroup", "SecurityContext.privileged",
    "SecurityContext.runAsUser", "SecurityContext.runAsGroup", "SecurityContext.runAsNonRoot",
    "SecurityContext.readOnlyRootFilesystem", "SecurityContext.allowPrivilegeEscalation",
    "WindowsSecurityContextOptions.hostProcess", "Probe.terminationGracePeriodSeconds", "ContainerStatus.started",
    "TopologySpreadConstraint.minDomains", "Toleration.tolerationSeconds", "ServiceSpec.allocateLoadBalancerNodePorts",
    "ServiceAccount.automountServiceAccountToken", "PodLogOptions.sinceSeconds", "PodLogOptions.tailLines",
    "PodLogOptions.limitBytes", "ReplicationControllerSpec.replicas", "NodeSwapStatus.capacity",
    "NodeFeatures.supplementalGroupsPolicy", "NodeFeatures.containerUlimits",
    "NodeRuntimeHandlerFeatures.recursiveReadOnlyMounts", "NodeRuntimeHandlerFeatures.userNamespaces",
    "DeleteOptions.gracePeriodSeconds", "DeleteOptions.orphanDependents",
    "DeleteOptions.ignoreStoreReadErrorWithClusterBreakingPotential", "ObjectMeta.deletionGracePeriodSeconds",
    "ListMeta.remainingItemCount", "OwnerReference.controller", "OwnerReference.blockOwnerDeletion",
    "PatchOptions.force", "PersistentVolumeClaimVolumeSource.readOnly", "TokenRequestSpec.expirationSeconds",
    "PersistentVolumeSpec.volumeMode", "PersistentVolumeSpec.volumeAttributesClassName",
    "PersistentVolumeClaimSpec.storageClassName", "PersistentVolumeClaimSpec.volumeMode",
    "PersistentVolumeClaimSpec.volumeAttributesClassName", "PersistentVolumeClaimStatus.currentVolumeAttributesClassName",
    "LocalVolumeSource.fsType", "TypedObjectReference.apiGroup", "TypedObjectReference.namespace",
    "TypedLocalObjectReference.apiGroup", "GlusterfsPersistentVolumeSource.endpointsNamespace",
    "ISCSIPersistentVolumeSource.initiatorName", "AzureFilePersistentVolumeSource.secretNamespace",
    "HostPathVolumeSource.type", "LeaseSpec.holderIdentity", "LeaseSpec.leaseDurationSeconds",
    "LeaseSpec.leaseTransitions", "LeaseSpec.strategy", "LeaseSpec.preferredHolder",
}
# Non-pointer struct and time fields (not inline): a Go struct always has them, so kube writes them even when
# zero, a struct as `{}` and a metav1.Time or MicroTime as null, and its field manager owns them as it owns
# any field. Listed from the v1.32 types.go of the packages served (a field that is `Type`, not `*Type`,
# `[]Type` or `map[...]Type`, of a struct or time type, with a json name).
VALUE_FIELDS = {
    "Binding.target", "Container.resources", "ContainerStateRunning.startedAt", "ContainerStateTerminated.startedAt",
    "ContainerStateTerminated.finishedAt", "ContainerStatus.state", "ContainerStatus.lastState",
    "EphemeralContainerCommon.resources", "Event.involvedObject", "Event.source", "Event.firstTimestamp",
    "Event.lastTimestamp", "Event.eventTime", "EventSeries.lastObservedTime", "Lease.spec", "LimitRange.spec",
    "Namespace.spec", "Namespace.status", "NamespaceCondition.lastTransitionTime", "Node.spec", "Node.status",
    "NodeCondition.lastHeartbeatTime", "NodeCondition.lastTransitionTime", "NodeDaemonEndpoints.kubeletEndpoint",
    "NodeStatus.daemonEndpoints", "NodeStatus.nodeInfo", "ObjectMeta.creationTimestamp", "PersistentVolume.spec",
    "PersistentVolume.status", "PersistentVolumeClaim.spec", "PersistentVolumeClaim.status",
    "PersistentVolumeClaimCondition.lastProbeTime", "PersistentVolumeClaimCondition.lastTransitionTime",
    "PersistentVolumeClaimSpec.resources", "PersistentVolumeClaimTemplate.spec", "Pod.spec", "Pod.status",
    "PodCondition.lastProbeTime", "PodCondition.lastTransitionTime", "PodTemplate.template", "PodTemplateSpec.spec",
    "PreferAvoidPodsEntry.evictionTime", "PreferAvoidPodsEntry.podSignature", "PreferredSchedulingTerm.preference",
    "ReplicationController.spec", "ReplicationController.status", "ReplicationControllerCondition.lastTransitionTime",
    "ResourceQuota.spec", "ResourceQuota.status", "Scale.spec", "Scale.status", "SerializedReference.reference",
    "Service.spec", "Service.status", "ServiceStatus.loadBalancer", "WeightedPodAffinityTerm.podAffinityTerm",
    "Condition.lastTransitionTime",
}
SERVED = ["Namespace", "Node", "Pod", "Service", "Endpoints", "Event", "Secret", "ConfigMap", "ServiceAccount",
          "ReplicationController", "PodTemplate", "LimitRange", "ResourceQuota", "PersistentVolume",
          "PersistentVolumeClaim", "ComponentStatus"]
ROOTS = ([PACKAGES["core"] + "." + k for k in SERVED] + [PACKAGES["core"] + "." + k + "List" for k in SERVED]
         + [PACKAGES["core"] + ".Binding", PACKAGES["policy"] + ".Eviction", PACKAGES["autoscaling"] + ".Scale",
            PACKAGES["coordination"] + ".Lease", PACKAGES["coordination"] + ".LeaseList"]
         + [PACKAGES["authorization"] + "." + k for k in ("SelfSubjectAccessReview", "SubjectAccessReview", "SelfSubjectRulesReview")]
         + [PACKAGES["authentication"] + "." + k for k in ("SelfSubjectReview", "TokenReview", "TokenRequest")]
         + [META + "." + k for k in ("DeleteOptions", "Status", "WatchEvent", "Preconditions")])


class Field:
    def __init__(self, number, name, type_, repeated, is_map, optional, inline, strategy, merge_key,
                 list_type=None, map_type=None, default=None):
        self.number, self.name, self.type, self.repeated, self.is_map = number, name, type_, repeated, is_map
        self.optional, self.inline, self.strategy, self.merge_key = optional, inline, strategy, merge_key
        # "atomic", "set" or "map:KEY,KEY" (+listType, +listMapKey); "atomic"/"granular" (+mapType,
        # +structType on the field); a JSON literal (+default).
        self.list_type, self.map_type, self.default = list_type, map_type, default


# Messages marked +structType=atomic: server-side apply owns them whole.
ATOMIC_STRUCTS = set()


def qualify(type_, package):
    if type_ in SCALARS:
        return type_
    type_ = type_.lstrip(".")
    if type_.startswith("k8s.io."):
        return "io.k8s." + type_[len("k8s.io."):]
    if "." in type_:
        prefix, name = type_.split(".", 1)
        return PACKAGES[prefix] + "." + name
    return package + "." + type_


def parse_digest(path, messages):
    package, current = None, None
    for number, line in enumerate(open(path), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        words = line.split()
        if words[0] == "P":
            package = PACKAGES[words[1]]
        elif words[0] == "M":
            current = messages.setdefault(package + "." + words[1], [])
            if "struct=atomic" in words[2:]:
                ATOMIC_STRUCTS.add(package + "." + words[1])
        else:
            if len(words) < 3 or not words[0].isdigit():
                sys.exit("%s:%d: cannot read %r" % (path, number, line))
            type_, repeated, is_map = words[2], False, False
            if type_.startswith("*"):
                type_, repeated = type_[1:], True
            match = re.fullmatch(r"map<string,(.+)>", type_)
            if match:
                type_, is_map = match.group(1), True
            strategy = merge_key = list_type = map_type = default = None
            for word in words[3:]:
                if word.startswith("@"):
                    strategy, _, merge_key = word[1:].partition(":")
                elif word.startswith("list="):
                    list_type = word[5:]
                elif word.startswith("map="):
                    map_type = word[4:]
                elif word.startswith("default="):
                    default = word[8:]
            current.append(Field(int(words[0]), words[1], qualify(type_, package), repeated, is_map,
                                 "?" in words[3:], "inline" in words[3:], strategy, merge_key or None,
                                 list_type, map_type, default))


def parse_proto(path, messages):
    """Reads a real generated.proto (go-to-protobuf output)."""
    text = open(path).read()
    package = qualify(re.search(r"^package ([\w.]+);", text, re.M).group(1), "")
    current, notes = None, []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("//"):
            notes.append(line[2:].strip())
            continue
        match = re.match(r"message (\w+) \{", line)
        if match:
            if "+structType=atomic" in notes:
                ATOMIC_STRUCTS.add(package + "." + match.group(1))
            current, notes = messages.setdefault(package + "." + match.group(1), []), []
            continue
        match = re.match(r"(optional|repeated)?\s*(map<\s*string\s*,\s*([\w.]+)\s*>|[\w.]+) (\w+) = (\d+);", line)
        if match and current is not None:
            label, whole, map_value, name, number = match.groups()
            type_ = map_value or whole
            note = lambda key: next((n.split("=", 1)[1] for n in notes if n.startswith(key + "=")), None)
            short = type_.rsplit(".", 1)[-1]
            list_type = note("+listType")
            if list_type == "map":
                list_type += ":" + ",".join(n.split("=", 1)[1] for n in notes if n.startswith("+listMapKey="))
            default = note("+default")
            if default is not None and not re.fullmatch(r'"[^" ]*"|-?[0-9]+|true|false', default):
                default = None  # ref(...) and other non-literals: never a list-map key's default
            current.append(Field(int(number), name, qualify(type_, package), label == "repeated",
                                 map_value is not None, "+optional" in notes,
                                 short in INLINE_TYPES and name == short[0].lower() + short[1:],
                                 note("+patchStrategy"), note("+patchMergeKey"),
                                 list_type, note("+mapType") or note("+structType"), default))
        notes = []


def closure(messages):
    seen, todo = [], list(ROOTS)
    while todo:
        name = todo.pop(0)
        if name in seen:
            continue
        if name not in messages:
            sys.exit("message %s is referenced but not defined" % name)
        seen.append(name)
        if name not in SPECIAL:
            todo += [f.type for f in messages[name] if f.type not in SCALARS]
    return sorted(seen)


def kinds(name, fields):
    package, short = name.rsplit(".", 1)
    if name == META + ".Status":
        return [("", "v1", "Status")]
    if name in (META + ".DeleteOptions", META + ".WatchEvent"):
        # Registered in every group/version (clients encode them with their own), and in meta.k8s.io/v1.
        return [(g, v, short) for g, v in sorted(GROUPS.values()) + [("meta.k8s.io", "v1")]]
    if package in GROUPS and fields and fields[0].number == 1 and fields[0].name == "metadata" \
            and not short.endswith(("Spec", "ClaimTemplate")):
        return [GROUPS[package] + (short,)]
    return []


def render(messages):
    lines = []
    for name in closure(messages):
        fields = messages[name]
        head = "M " + name
        if name in SPECIAL:
            head += " special=" + SPECIAL[name]
        gvks = kinds(name, fields)
        if gvks:
            head += " gvk=" + ",".join("%s/%s/%s" % g for g in gvks)
        if name in ATOMIC_STRUCTS:
            head += " struct=atomic"
        lines.append(head)
        if name in SPECIAL:
            continue
        short = name.rsplit(".", 1)[-1]
        for f in fields:
            type_ = ("[]" if f.repeated else "{}" if f.is_map else "") + f.type
            flags = ""
            pointer = short + "." + f.name in POINTERS
            if f.optional and not f.repeated and not f.is_map and f.type in SCALARS and not pointer:
                flags += "o"
            if f.inline:
                flags += "i"
            if not f.optional and not f.inline and f.name != "metadata":
                flags += "r"
            if short + "." + f.name in VALUE_FIELDS and not f.repeated and not f.is_map:
                flags += "v"
            if f.strategy:
                flags += "|s=" + f.strategy
            if f.merge_key:
                flags += "|k=" + f.merge_key
            if f.list_type:
                flags += "|l=" + f.list_type
            if f.map_type:
                flags += "|m=" + f.map_type
            if f.default:
                flags += "|d=" + f.default
            lines.append("F %d %s %s %s" % (f.number, f.name, type_, flags.lstrip("|") or "-"))
    return lines


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--proto", nargs="*", default=None, help="generated.proto files instead of the digests")
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--extract-docs", nargs="+", default=None, metavar="PROTO",
                        help="write share/codegen/proto/docs/*.txt from these generated.proto files, then stop")
    args = parser.parse_args()
    if args.extract_docs:
        schema_docs.extract(args.extract_docs, PACKAGES, qualify)
        return
    messages = {}
    if args.proto:
        for path in args.proto:
            parse_proto(path, messages)
        parse_digest(os.path.join(HERE, "proto", "support.txt"), messages)
    else:
        for file in ("core.txt", "meta.txt", "authorization.txt", "authentication.txt", "policy.txt", "autoscaling.txt",
                     "coordination.txt", "support.txt"):
            parse_digest(os.path.join(HERE, "proto", file), messages)
    table = render(messages)
    swift = "\n".join([
        # The standard generated-code header (golang.org/s/generatedcode), then the formatter's opt-out:
        # the table is data, laid out by this script.
        "// Code generated by share/codegen/gen_schema.py. DO NOT EDIT.",
        "// swift-format-ignore-file",
        "// From the generated.proto files of k8s.io/api (core/v1, authorization/v1, authentication/v1, policy/v1,",
        "// autoscaling/v1, coordination/v1) and k8s.io/apimachinery",
        "// (meta/v1, api/resource, util/intstr, runtime).",
        "// %d messages, %d fields. Line format: see the generator." % (
            sum(1 for l in table if l.startswith("M")), sum(1 for l in table if l.startswith("F"))),
        "",
        "extension SchemaRegistry {",
        "    static let generatedTable = \"\"\"",
    ] + ["    " + line for line in table] + ["    \"\"\"", "}", ""])
    descriptions = schema_docs.render_swift(closure(messages), messages, PACKAGES)
    for path, text in ((OUT, swift), (schema_docs.OUT, descriptions)):
        if args.check:
            current = open(path).read() if os.path.exists(path) else ""
            if current != text:
                sys.exit("%s is stale: run python3 share/codegen/gen_schema.py" % path)
            continue
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        print("wrote %s (%d lines)" % (path, text.count("\n")))


if __name__ == "__main__":
    main()
