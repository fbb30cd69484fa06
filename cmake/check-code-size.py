#!/usr/bin/env python3
"""ctest check: no source file of the product over 1,000 lines and no function over 120.

    check-code-size.py SOURCE_DIR [--files N] [--functions N]

Functions are found the way the sources are formatted (.clang-format): a definition's opening
brace stands alone at the start of a line, after the signature, and its closing brace at the same
indentation. Class, struct, enum and namespace bodies are not functions. Lambdas count toward the
function they are written in.
"""
import argparse
import os
import re
import sys

TOPS = ("models", "server", "app", "views")
NOT_A_FUNCTION = re.compile(r"^\s*(class|struct|enum|union|namespace)\b|=\s*$|^\s*(template\s*<.*>\s*)?(class|struct)\b")


def functions(lines):
    """(first line, length, signature) of each function body in a file."""
    for i, line in enumerate(lines):
        stripped = line.rstrip("\n")
        if stripped.strip() != "{":
            continue
        indent = len(stripped) - len(stripped.lstrip())
        # The signature: the lines before, back to one that ends a statement or a block.
        j = i - 1
        signature = []
        while j >= 0:
            prev = lines[j].rstrip("\n")
            if not prev.strip() or prev.rstrip().endswith((";", "}", "{")) or prev.lstrip().startswith(("//", "#")):
                break
            signature.insert(0, prev.strip())
            j -= 1
        text = " ".join(signature)
        if not text or "(" not in text or NOT_A_FUNCTION.search(text):
            continue
        # The closing brace at the same indentation.
        for k in range(i + 1, len(lines)):
            closing = lines[k].rstrip("\n")
            if closing.startswith(" " * indent + "}") and (len(closing) - len(closing.lstrip())) == indent:
                yield i + 1, k - i + 1, text
                break


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("source_dir")
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--functions", type=int, default=120)
    args = parser.parse_args()
    problems = []
    files = 0
    longest = (0, "")
    for top in TOPS:
        for root, _dirs, names in os.walk(os.path.join(args.source_dir, top)):
            for name in sorted(names):
                if not name.endswith((".cpp", ".h")):
                    continue
                path = os.path.join(root, name)
                rel = os.path.relpath(path, args.source_dir)
                with open(path, encoding="utf-8") as f:
                    lines = f.readlines()
                files += 1
                if len(lines) > args.files:
                    problems.append(f"{rel}: {len(lines)} lines (at most {args.files})")
                for start, length, signature in functions(lines):
                    if length > longest[0]:
                        longest = (length, f"{rel}:{start}")
                    if length > args.functions:
                        problems.append(f"{rel}:{start}: a function of {length} lines (at most {args.functions}): "
                                        f"{signature[:100]}")
    for p in problems:
        print(p)
    print(f"{files} files checked; the longest function has {longest[0]} lines ({longest[1]}); "
          f"{len(problems)} over the limits")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
