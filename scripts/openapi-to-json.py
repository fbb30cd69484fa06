#!/usr/bin/env python3
"""Converts docs/api/openapi.yaml to JSON for the tests, refusing a document that is not
the shape of an OpenAPI 3 document.

    scripts/openapi-to-json.py docs/api/openapi.yaml build/.../openapi.json

Checks: the YAML parses, with no key given twice in one mapping; `openapi` is a 3.x
version string; `info` has `title` and `version`; `paths` is an object of path items whose
operations each have `responses`; every templated path segment has a path parameter;
operationIds are unique; every local `$ref` resolves (other references are refused). On
any problem it prints every problem found and exits with status 1, writing nothing.
"""

import json
import os
import re
import sys

try:
    import yaml
except ImportError:  # pragma: no cover
    sys.exit("openapi-to-json: PyYAML is missing (Debian: apt-get install python3-yaml)")

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


class UniqueKeyLoader(yaml.SafeLoader):
    """A safe loader that refuses a key given twice in one mapping."""


def _construct_mapping(loader, node, deep=False):
    loader.flatten_mapping(node)
    seen = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping", node.start_mark,
                f"found the key {key!r} twice (first at line {seen[key] + 1})", key_node.start_mark)
        seen[key] = key_node.start_mark.line
    return loader.construct_mapping(node, deep=deep)


UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def resolve_pointer(document, ref):
    """The value a local reference ("#/a/b") points to, or raises KeyError."""
    if ref == "#":
        return document
    if not ref.startswith("#/"):
        raise KeyError(ref)
    node = document
    for raw in ref[2:].split("/"):
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            raise KeyError(ref)
    return node


def check_refs(document, node, where, problems):
    if isinstance(node, dict):
        ref = node.get("$ref")
        if ref is not None:
            if not isinstance(ref, str) or not ref.startswith("#"):
                problems.append(f"{where}: $ref {ref!r} is not a local reference")
            else:
                try:
                    resolve_pointer(document, ref)
                except KeyError:
                    problems.append(f"{where}: $ref {ref!r} does not resolve")
        for key, value in node.items():
            escaped = str(key).replace("~", "~0").replace("/", "~1")
            check_refs(document, value, f"{where}/{escaped}", problems)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            check_refs(document, value, f"{where}/{i}", problems)


def deref(document, node):
    seen = 0
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and seen < 32:
        try:
            node = resolve_pointer(document, node["$ref"])
        except KeyError:
            return {}
        seen += 1
    return node


def check_shape(document, problems):
    if not isinstance(document, dict):
        problems.append("the document is not a mapping")
        return
    version = document.get("openapi")
    if not isinstance(version, str) or not re.fullmatch(r"3\.\d+\.\d+", version):
        problems.append(f"openapi: expected a 3.x.y version string, got {version!r}")
    info = document.get("info")
    if not isinstance(info, dict):
        problems.append("info: missing or not a mapping")
    else:
        for key in ("title", "version"):
            if not isinstance(info.get(key), str) or not info.get(key):
                problems.append(f"info.{key}: missing or not a string")
    paths = document.get("paths")
    if not isinstance(paths, dict):
        problems.append("paths: missing or not a mapping")
        return
    operation_ids = {}
    for path, item in paths.items():
        if not isinstance(path, str) or not path.startswith("/"):
            problems.append(f"paths: {path!r} does not start with /")
            continue
        if not isinstance(item, dict):
            problems.append(f"paths.{path}: not a mapping")
            continue
        templated = set(re.findall(r"\{([^}/]+)\}", path))
        path_level = {deref(document, p).get("name") for p in item.get("parameters", [])
                      if deref(document, p).get("in") == "path"}
        operations = [m for m in METHODS if m in item]
        if not operations:
            problems.append(f"paths.{path}: no operation")
        for method in operations:
            op = item[method]
            where = f"paths.{path}.{method}"
            if not isinstance(op, dict):
                problems.append(f"{where}: not a mapping")
                continue
            responses = op.get("responses")
            if not isinstance(responses, dict) or not responses:
                problems.append(f"{where}.responses: missing or empty")
            else:
                for status in responses:
                    if not re.fullmatch(r"[1-5]([0-9]{2}|XX)|default", str(status)):
                        problems.append(f"{where}.responses: {status!r} is not a status code")
            op_id = op.get("operationId")
            if op_id is not None:
                if op_id in operation_ids:
                    problems.append(f"{where}.operationId: {op_id!r} is also used by {operation_ids[op_id]}")
                operation_ids[op_id] = where
            declared = set(path_level)
            declared |= {deref(document, p).get("name") for p in op.get("parameters", [])
                         if deref(document, p).get("in") == "path"}
            for name in sorted(templated - declared):
                problems.append(f"{where}: the path parameter {{{name}}} is not declared")


def main(argv):
    if len(argv) != 3:
        print("usage: openapi-to-json.py IN.yaml OUT.json", file=sys.stderr)
        return 2
    source, target = argv[1], argv[2]
    try:
        with open(source, encoding="utf-8") as f:
            document = yaml.load(f, Loader=UniqueKeyLoader)  # noqa: S506 (a safe loader)
    except (OSError, yaml.YAMLError) as e:
        print(f"openapi-to-json: {source}: {e}", file=sys.stderr)
        return 1
    problems = []
    check_shape(document, problems)
    if isinstance(document, dict):
        check_refs(document, document, "#", problems)
    try:
        text = json.dumps(document, indent=1, ensure_ascii=False, allow_nan=False, sort_keys=False)
    except (TypeError, ValueError) as e:
        problems.append(f"a value cannot be written as JSON (quote dates and the like): {e}")
        text = None
    if problems:
        for p in problems:
            print(f"openapi-to-json: {source}: {p}", file=sys.stderr)
        print(f"openapi-to-json: {source}: {len(problems)} problem(s); {target} not written", file=sys.stderr)
        return 1
    directory = os.path.dirname(os.path.abspath(target))
    os.makedirs(directory, exist_ok=True)
    temporary = target + ".tmp"
    with open(temporary, "w", encoding="utf-8") as f:
        f.write(text)
        f.write("\n")
    os.replace(temporary, target)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
