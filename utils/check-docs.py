#!/usr/bin/env python3
"""Runs the commands the documentation shows and checks what it says they print.

    check-docs.py SOURCE_DIR BUILD_DIR C_COMPILER [FILE.md ...]

Every Markdown file (README.md and docs/**/*.md unless files are given) is
read for:

- fenced ```sh blocks: each line (with backslash continuations joined) is a
  command, run with bash from a scratch directory laid out like the source
  tree (build/bin and build/lib are the build's, examples/, test/, docs/ the
  sources'; everything else written lands in the scratch directory). The
  commands of one file run in order in one directory, so a tutorial's steps
  build on each other. Set-up commands (./utils/setup-deps.sh, cmake, ctest)
  are skipped: CI runs them itself; in a `&&` chain only they are dropped.
- a ```text output or ```mlir output block right after a ```sh block: the
  standard output of that block's last command must match it line by line,
  trailing blanks ignored; a line `...` matches any number of lines.
- an <!-- file: PATH --> comment right before a fenced block: the block must
  equal the file PATH (relative to the source directory), so that an example
  input shown is the one the commands use.
- inline code spans that start with `build/bin/` and take arguments: run like
  the commands of ```sh blocks.

```text blocks without `output` are synopses and are not run. Prints one line
per file and exits non-zero on the first file with a failure, showing the
command, its output and what was expected.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

SETUP = re.compile(r"^\s*(\./utils/setup-deps\.sh|cmake|ctest|sudo|apt-get)\b")
FENCE = re.compile(r"^```(\S*)\s*(.*)$")
FILE_MARK = re.compile(r"^<!--\s*file:\s*(\S+)\s*-->$")
INLINE = re.compile(r"`(build/bin/[^`]+ [^`]+)`")


class Failure(Exception):
    pass


def parse(path):
    """Yields ('sh', line, [commands]), ('output', line, text, kind),
    ('file', line, path, text) and ('inline', line, command) in order."""
    lines = open(path, encoding="utf-8").read().split("\n")
    i = 0
    pending_file = None
    while i < len(lines):
        line = lines[i]
        mark = FILE_MARK.match(line.strip())
        if mark:
            pending_file = mark.group(1)
            i += 1
            continue
        fence = FENCE.match(line)
        if fence:
            lang, extra = fence.group(1), fence.group(2)
            start = i + 1
            j = start
            while j < len(lines) and not lines[j].startswith("```"):
                j += 1
            body = lines[start:j]
            if pending_file:
                yield ("file", start, pending_file, "\n".join(body) + "\n")
                pending_file = None
            if lang == "sh":
                commands, current = [], ""
                for b in body:
                    if b.rstrip().endswith("\\"):
                        current += b.rstrip()[:-1] + " "
                        continue
                    current += b
                    if current.strip() and not current.strip().startswith("#"):
                        commands.append(current.strip())
                    current = ""
                yield ("sh", start, commands)
            elif "output" in extra.split():
                yield ("output", start, body, lang)
            i = j + 1
            continue
        pending_file = None
        for m in INLINE.finditer(line):
            yield ("inline", i + 1, m.group(1))
        i += 1


def strip_setup(command):
    """Drops set-up steps; returns the rest of an && chain, or None."""
    parts = [p.strip() for p in command.split("&&")]
    kept = [p for p in parts if not SETUP.match(p)]
    return " && ".join(kept) if kept else None


def matches(expected, actual):
    """Line-by-line match with `...` wildcard lines."""
    exp = [e.rstrip() for e in expected]
    act = [a.rstrip() for a in actual]
    while exp and not exp[-1]:
        exp.pop()
    while act and not act[-1]:
        act.pop()

    def go(i, j):
        if i == len(exp):
            return j == len(act)
        if exp[i] == "...":
            return any(go(i + 1, k) for k in range(j, len(act) + 1))
        return j < len(act) and exp[i] == act[j] and go(i + 1, j + 1)

    return go(0, 0)


def make_scratch(src, build, cc, root):
    os.makedirs(os.path.join(root, "build"))
    for name in ("bin", "lib"):
        os.symlink(os.path.join(build, name), os.path.join(root, "build", name))
    for name in ("examples", "test", "docs", "include", "utils", "benchmarks"):
        os.symlink(os.path.join(src, name), os.path.join(root, name))
    shims = os.path.join(root, ".bin")
    os.makedirs(shims)
    if shutil.which("cc") is None:
        os.symlink(cc, os.path.join(shims, "cc"))
    env = dict(os.environ)
    env["PATH"] = shims + os.pathsep + env.get("PATH", "")
    # Documentation examples use Debian's python3 (numpy).
    if os.path.exists("/usr/bin/python3"):
        env["PATH"] = "/usr/bin" + os.pathsep + env["PATH"]
    # Compiled code is cached in the scratch tree, not the user's home: the
    # commands run as a user's would, cache included, and leave nothing.
    env["QMLIR_CACHE_DIR"] = os.path.join(root, ".cache")
    return env


def run(command, cwd, env, where):
    proc = subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=cwd,
                          env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        raise Failure(f"{where}: `{command}` exited with {proc.returncode}\n"
                      f"--- stdout\n{proc.stdout}--- stderr\n{proc.stderr}")
    return proc.stdout


def check_file(path, src, build, cc):
    rel = os.path.relpath(path, src)
    count = 0
    with tempfile.TemporaryDirectory(prefix="qmlir-docs-") as root:
        env = make_scratch(src, build, cc, root)
        last_output = None
        last_command = None
        for item in parse(path):
            kind, line = item[0], item[1]
            where = f"{rel}:{line}"
            if kind == "file":
                shown, file_path = item[3], os.path.join(src, item[2])
                if not os.path.exists(file_path):
                    raise Failure(f"{where}: {item[2]} does not exist")
                actual = open(file_path, encoding="utf-8").read()
                if shown.rstrip() != actual.rstrip():
                    raise Failure(f"{where}: the block differs from {item[2]}")
                count += 1
            elif kind in ("sh", "inline"):
                commands = item[2] if kind == "sh" else [item[2]]
                last_output = None
                for command in commands:
                    command = strip_setup(command)
                    if command is None:
                        continue
                    last_command = command
                    last_output = run(command, root, env, where)
                    count += 1
            elif kind == "output":
                if last_output is None:
                    raise Failure(f"{where}: an output block without a command "
                                  "run before it")
                if not matches(item[2], last_output.split("\n")):
                    raise Failure(
                        f"{where}: the output of `{last_command}` differs\n"
                        f"--- documented\n" + "\n".join(item[2]) +
                        f"\n--- actual\n{last_output}")
                count += 1
                last_output = None
    return count


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    src, build, cc = (os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]),
                      sys.argv[3])
    files = sys.argv[4:]
    if not files:
        files = [os.path.join(src, "README.md")]
        for dirpath, _, names in sorted(os.walk(os.path.join(src, "docs"))):
            files += [os.path.join(dirpath, n) for n in sorted(names)
                      if n.endswith(".md")]
    total = 0
    for path in files:
        try:
            n = check_file(os.path.abspath(path), src, build, cc)
        except Failure as failure:
            print(f"FAIL {failure}")
            sys.exit(1)
        print(f"ok   {os.path.relpath(path, src)}: {n} checks")
        total += n
    print(f"check-docs: {total} checks in {len(files)} files passed")


if __name__ == "__main__":
    main()
