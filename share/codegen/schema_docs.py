"""The field and type descriptions of the generated schema: kube's OpenAPI text for `kubectl explain`.

kube-apiserver's OpenAPI descriptions are the Go doc comments of the API types, formatted by kube-openapi;
go-to-protobuf copies the same comments into generated.proto. This module

  * extracts them from real generated.proto files into the committed digests share/codegen/proto/docs/*.txt
    (`gen_schema.py --extract-docs PROTO...`), already formatted as kube-openapi formats them, one line each:
        P <package>                    (a key of gen_schema.PACKAGES)
        M <Message> [description]      (a message; its description, if any)
        F <json name> <description>    (a field of the message above)
    with "\\" written "\\\\", newline "\\n" and tab "\\t";
  * reads the digests and renders Sources/KubeAPI/Schema/GeneratedDescriptions.swift: the descriptions of the
    messages the registry holds, one line each, "<definition>[.<field>] <text>" (escapes as above). It is a
    file of its own so the schema table stays small: the Swift side parses it only when it first builds the
    OpenAPI documents.
"""
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(HERE, "proto", "docs")
OUT = os.path.join(os.path.dirname(os.path.dirname(HERE)), "Sources", "KubeAPI", "Schema", "GeneratedDescriptions.swift")


def go_doc_lines(comment):
    """gengo's CommentLines from the `//` lines of a proto comment: the marker and one space removed (Go's
    CommentGroup.Text), blank lines at either end dropped and runs of blank lines made one."""
    lines = []
    for raw in comment:
        text = raw[2:] if raw.startswith("//") else raw
        if text.startswith(" "):
            text = text[1:]
        text = text.rstrip()
        if not text and (not lines or not lines[-1]):
            continue
        lines.append(text)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def openapi_description(lines):
    """kube-openapi's generateDescription: paragraphs kept, lines joined by spaces, indented lines on lines of
    their own, `+marker` and `TODO` lines dropped, nothing after a `---` line."""
    out = ""
    for line in lines:
        if line == "---":
            break
        line = line.rstrip(" ")
        leading = line.lstrip(" ")
        if not line:
            out = out[:-1] + "\n\n"
        elif leading.startswith("TODO") or leading.startswith("+"):
            continue
        elif line.startswith((" ", "\t")):
            out = out[:-1] + "\n" + line + "\n"
        else:
            out += line + " "
    return out.strip()


def escape(text):
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")


def extract(paths, packages, qualify):
    """Writes one digest per generated.proto: the descriptions of its messages and their fields."""
    short_name = {qualified: short for short, qualified in packages.items()}
    os.makedirs(DOCS, exist_ok=True)
    for path in paths:
        text = open(path).read()
        package = qualify(re.search(r"^package ([\w.]+);", text, re.M).group(1), "")
        if package not in short_name:
            raise SystemExit("%s: package %s is not one of gen_schema.PACKAGES" % (path, package))
        out, comment = ["P " + short_name[package]], []
        for line in text.splitlines():
            stripped = line.strip()
            if stripped.startswith("//"):
                comment.append(stripped)
                continue
            message = re.match(r"message (\w+) \{", stripped)
            field = re.match(r"(?:optional|repeated)?\s*(?:map<[^>]+>|[\w.]+) (\w+) = \d+;", stripped)
            if message:
                described = openapi_description(go_doc_lines(comment))
                out.append(("M %s %s" % (message.group(1), escape(described))).rstrip())
            elif field:
                described = openapi_description(go_doc_lines(comment))
                if described:
                    out.append("F %s %s" % (field.group(1), escape(described)))
            comment = []
        target = os.path.join(DOCS, short_name[package] + ".txt")
        header = "# Descriptions of %s from its generated.proto: the proto comments, formatted as kube-openapi\n" \
                 "# formats Go doc comments (share/codegen/schema_docs.py; gen_schema.py --extract-docs PROTO...).\n" % package
        with open(target, "w") as f:
            f.write(header + "\n".join(out) + "\n")
        print("wrote %s (%d lines)" % (target, len(out)))


def read(packages):
    """{definition: text, definition.field: text} from the committed digests (text still escaped)."""
    docs = {}
    if not os.path.isdir(DOCS):
        return docs
    for name in sorted(os.listdir(DOCS)):
        package = current = None
        for line in open(os.path.join(DOCS, name)):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            kind, _, rest = line.partition(" ")
            if kind == "P":
                package = packages[rest]
            elif kind == "M":
                message, _, described = rest.partition(" ")
                current = package + "." + message
                if described:
                    docs[current] = described
            elif kind == "F":
                field, _, described = rest.partition(" ")
                docs[current + "." + field] = described
    return docs


def render_swift(names, messages, packages):
    """GeneratedDescriptions.swift for the messages `names` (the registry's), fields in table order."""
    docs = read(packages)
    lines = []
    for name in names:
        if name in docs:
            lines.append("%s %s" % (name, docs[name]))
        for field in messages.get(name, []):
            key = name + "." + field.name
            if key in docs:
                lines.append("%s %s" % (key, docs[key]))
    return "\n".join([
        "// Code generated by share/codegen/gen_schema.py. DO NOT EDIT.",
        "// swift-format-ignore-file",
        "// The descriptions of the registry's messages and fields, from the proto comments of k8s.io/api and",
        "// k8s.io/apimachinery (share/codegen/proto/docs). %d lines: \"<definition>[.<field>] <text>\", the text" % len(lines),
        "// with \\\\n for a newline, \\\\t for a tab and \\\\\\\\ for a backslash.",
        "",
        "extension SchemaDescriptions {",
        "    static let generatedTable = #\"\"\"",
    ] + ["    " + line for line in lines] + ["    \"\"\"#", "}", ""])
