#!/usr/bin/env python3
"""ctest check: every #include "..." of the product's sources names its folder, and no file
includes a header from a layer above its own (docs/architecture.md, "Layers").

    check-layers.py SOURCE_DIR

A folder is a layer. LAYERS says which layers each one may include directly; what those may
include is allowed too (the closure). A file may always include headers of its own folder.
Tests are not checked: they may reach into any layer.
"""
import os
import re
import sys

# layer -> the layers it stands on directly
LAYERS = {
    "models/core": [],
    "models/taxonomy": ["models/core"],
    "models/geo": ["models/core"],  # the world map: atlas, projection, great circles
    "models/domain": ["models/taxonomy"],
    "models/security": ["models/core"],
    "models/interchange": ["models/domain"],
    "models/demo": ["models/interchange"],  # the generator writes directory files
    "models/storage": ["models/domain", "models/security"],
    "models/matching": ["models/domain"],
    "models/export": ["models/storage"],
    "models/sync": ["models/storage"],
    "models/session": ["models/storage", "models/matching", "models/interchange", "models/export",
                       "models/sync"],
    "models/itemmodels": ["models/session"],
    "translations": [],
    "app/common": ["models/core"],  # SecretInput reads into SecureBytes
    "views": ["models/itemmodels", "models/geo", "translations"],
    "app/cli": ["models/session", "app/common", "translations"],
    "app/desktop": ["views", "app/common"],
    "app/screenshots": ["views", "models/demo"],  # the README's pictures, from the real window
    "server": ["models/interchange", "models/demo", "app/common"],
}

# Where an include path's first folder points (models/ is the models' include root).
MODEL_FOLDERS = {name.split("/", 1)[1] for name in LAYERS if name.startswith("models/")}
GENERATED = re.compile(r"^(ui_\w+\.h|\w+\.moc|moc_\w+\.cpp|htmse/Version\.h)$")
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.MULTILINE)


def closure(layer, seen=None):
    seen = set() if seen is None else seen
    for dep in LAYERS[layer]:
        if dep not in seen:
            seen.add(dep)
            closure(dep, seen)
    return seen


def layer_of_file(path):
    """The layer a source file (relative to the source dir) belongs to, or None."""
    best = None
    for name in LAYERS:
        if path.startswith(name + "/") and (best is None or len(name) > len(best)):
            best = name
    return best


def layer_of_include(include):
    first = include.split("/", 1)[0]
    if first in MODEL_FOLDERS:
        return "models/" + first
    return layer_of_file(include)


def main():
    source_dir = sys.argv[1]
    problems = []
    checked = 0
    for top in ("models", "views", "app", "server", "translations"):
        for root, _dirs, files in os.walk(os.path.join(source_dir, top)):
            for name in files:
                if not name.endswith((".h", ".cpp")):
                    continue
                full = os.path.join(root, name)
                rel = os.path.relpath(full, source_dir).replace(os.sep, "/")
                own = layer_of_file(rel)
                if own is None:
                    problems.append(f"{rel}: lies in no layer; add its folder to cmake/check-layers.py")
                    continue
                allowed = closure(own) | {own}
                with open(full, encoding="utf-8") as f:
                    text = f.read()
                checked += 1
                for include in INCLUDE.findall(text):
                    if GENERATED.match(include):
                        continue
                    if "/" not in include:
                        problems.append(f'{rel}: #include "{include}" does not name its folder')
                        continue
                    target = layer_of_include(include)
                    if target is None:
                        problems.append(f'{rel}: #include "{include}" is in no known layer')
                    elif target not in allowed:
                        problems.append(f'{rel} ({own}): #include "{include}" reaches up or across into {target}')
    for p in problems:
        print(p)
    print(f"{checked} files checked, {len(problems)} layering problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
