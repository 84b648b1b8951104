#!/usr/bin/env python3
"""Builds the pass reference: docs/Passes.md with each pass's generated page.

    build-pass-docs.py PASSES_MD OUTPUT GENERATED.md ...

GENERATED.md are the pages mlir-tblgen -gen-pass-doc makes from the
Passes.td files (one `### \\`-flag\\`` section per pass: summary,
description, options, statistics). docs/Passes.md has one `## flag` section
per pass with the reasoning and a checked example; OUTPUT is docs/Passes.md
with each pass's generated reference inserted under its heading, so that
the options shown are the ones declared.

Fails (exit 1, one line per problem, nothing written) when a pass declared
in a Passes.td has no section in docs/Passes.md, or a section names no
declared pass.
"""

import os
import re
import sys
import tempfile

GENERATED_HEADING = re.compile(r"^### `-([a-z0-9-]+)`\s*$")
SECTION_HEADING = re.compile(r"^## ([a-z0-9-]+)\s*$")


def read_generated(paths):
    """The generated page and reference text of each pass flag."""
    passes = {}
    for path in paths:
        flag, body = None, []
        for line in open(path, encoding="utf-8").read().split("\n") + ["### `-`"]:
            heading = GENERATED_HEADING.match(line) or line == "### `-`"
            if heading:
                if flag:
                    passes[flag] = (os.path.basename(path), "\n".join(body).strip())
                flag = heading.group(1) if line != "### `-`" else None
                body = []
                continue
            if line.startswith("<!--"):
                continue
            body.append(line)
    return passes


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    source, output, generated = sys.argv[1], sys.argv[2], sys.argv[3:]
    passes = read_generated(generated)
    lines = open(source, encoding="utf-8").read().split("\n")
    sections = [SECTION_HEADING.match(l).group(1) for l in lines
                if SECTION_HEADING.match(l)]
    problems = []
    for flag in sorted(set(passes) - set(sections)):
        problems.append(f"{source}: pass '{flag}' ({passes[flag][0]}) has no "
                        f"'## {flag}' section")
    for flag in sorted(set(sections) - set(passes)):
        problems.append(f"{source}: section '## {flag}' names no pass "
                        f"declared in a Passes.td")
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    out = ["<!-- Built from docs/Passes.md and the Passes.td files by "
           "utils/build-pass-docs.py; edit those. -->", ""]
    for line in lines:
        out.append(line)
        match = SECTION_HEADING.match(line)
        if match:
            page, body = passes[match.group(1)]
            out += ["", f"### Reference ({page})", "", body, ""]
    directory = os.path.dirname(os.path.abspath(output))
    os.makedirs(directory, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=directory, delete=False,
                                     encoding="utf-8") as f:
        f.write("\n".join(out))
    os.chmod(f.name, 0o644)
    os.replace(f.name, output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
