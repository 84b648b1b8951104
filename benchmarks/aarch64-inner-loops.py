#!/usr/bin/env python3
"""Static performance evidence for AArch64 objects: the innermost loops.

  aarch64-inner-loops.py OBJECT.o [--objdump llvm-objdump-22] [--all]

Disassembles the object and finds its innermost loops (a backward branch
whose body holds no other backward branch). For each loop that does
arithmetic on vectors it prints the instructions of one iteration: dot
products (sdot/udot/usdot), matrix multiply-accumulates (smmla/ummla/
usmmla), widening multiply-accumulates (smull/smlal and their high-half
forms, not the 64-bit ones of requantization), fmla, vector loads with the bytes they read, and stack accesses
(spills: `[sp`). Then a summary over those loops: multiply-accumulates per
byte loaded, per instruction, and the loops with spills.

No time is measured: this says what the code asks of the core, for a
reading against published per-core throughputs (docs/Targets.md#aarch64).
"""

import argparse
import re
import subprocess
import sys

LINE = re.compile(r"^\s*([0-9a-f]+):\s+(?:[0-9a-f]{8}\s+)?(\S+)\s*(.*)$")
FUNC = re.compile(r"^[0-9a-f]+ <(.+)>:$")
BRANCH = re.compile(r"^(b\.\w+|b|cbnz|cbz|tbnz|tbz)$")
TARGET = re.compile(r"0x([0-9a-f]+)")

# int8 multiply-accumulates per instruction (16-byte vectors).
MACS = {"sdot": 16, "udot": 16, "usdot": 16, "sudot": 16,
        "smmla": 32, "ummla": 32, "usmmla": 32,
        "smlal": 4, "smlal2": 4, "smull": 4, "smull2": 4,
        "umlal": 4, "umlal2": 4, "fmla": 4}


def load_bytes(op, args):
    """Bytes a vector load reads, 0 for anything else."""
    if op == "ld1r":
        m = re.search(r"\.(\d+)([bhsd])", args)
        return {"b": 1, "h": 2, "s": 4, "d": 8}[m.group(2)] if m else 0
    if op in ("ldr", "ldur") and re.match(r"q\d+,", args):
        return 16
    if op in ("ldr", "ldur") and re.match(r"d\d+,", args):
        return 8
    if op in ("ldr", "ldur") and re.match(r"s\d+,", args):
        return 4
    if op == "ldp" and re.match(r"q\d+,", args):
        return 32
    if op == "ld1":
        regs = len(re.findall(r"v\d+\.", args.split("}")[0]))
        m = re.search(r"\.(\d+)([bhsd])", args)
        if m:
            lanes, size = int(m.group(1)), {"b": 1, "h": 2, "s": 4, "d": 8}[m.group(2)]
            return regs * lanes * size
    return 0


def parse(text):
    """{function: [(address, op, args)]}"""
    funcs, current = {}, None
    for line in text.splitlines():
        m = FUNC.match(line.strip())
        if m:
            current = funcs.setdefault(m.group(1), [])
            continue
        m = LINE.match(line)
        if m and current is not None:
            current.append((int(m.group(1), 16), m.group(2), m.group(3)))
    return funcs


def inner_loops(insts):
    """(start index, end index) of each innermost loop."""
    index = {addr: i for i, (addr, _, _) in enumerate(insts)}
    loops = []
    for i, (addr, op, args) in enumerate(insts):
        if not BRANCH.match(op):
            continue
        t = TARGET.search(args)
        if not t:
            continue
        target = int(t.group(1), 16)
        if target <= addr and target in index:
            loops.append((index[target], i))
    return [(s, e) for s, e in loops
            if not any((s2, e2) != (s, e) and s <= s2 and e2 <= e for s2, e2 in loops)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("object")
    parser.add_argument("--objdump", default="llvm-objdump-22")
    parser.add_argument("--all", action="store_true",
                        help="print every vector loop, not only the summary's top 12")
    opts = parser.parse_args()
    run = subprocess.run([opts.objdump, "-d", "--no-show-raw-insn", opts.object],
                         capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit("objdump failed: " + run.stderr.strip())
    rows = []
    for name, insts in parse(run.stdout).items():
        for s, e in inner_loops(insts):
            body = insts[s:e + 1]
            counts, loaded, spills = {}, 0, 0
            for _, op, args in body:
                # 32 x 32 -> 64-bit products (.2d) are requantization
                # arithmetic, not products of the model's operands.
                if op in MACS and not (op.startswith(("sm", "um")) and
                                       args.startswith("v") and ".2d" in args.split(",")[0]):
                    counts[op] = counts.get(op, 0) + 1
                loaded += load_bytes(op, args)
                spills += "[sp" in args
            if not counts:
                continue
            macs = sum(MACS[op] * n for op, n in counts.items())
            rows.append((name, body[0][0], len(body), counts, loaded, spills, macs))
    if not rows:
        sys.exit("no vector multiply-accumulate loops in " + opts.object)
    rows.sort(key=lambda r: -r[6])
    print("%-34s %6s %5s %-28s %6s %6s %8s" % ("function", "addr", "insts", "per iteration",
                                              "bytes", "spills", "MAC/byte"))
    for name, addr, n, counts, loaded, spills, macs in rows[:None if opts.all else 12]:
        what = " ".join("%d %s" % (c, op) for op, c in sorted(counts.items()))
        print("%-34s %6x %5d %-28s %6d %6d %8s" % (
            name[-34:], addr, n, what, loaded, spills,
            "%.1f" % (macs / loaded) if loaded else "-"))
    kinds = {}
    for row in rows:
        for op, c in row[3].items():
            kinds[op] = kinds.get(op, 0) + 1
    print()
    print("innermost loops with vector multiply-accumulates: %d" % len(rows))
    print("  by instruction: " + ", ".join("%s in %d" % (op, c) for op, c in sorted(kinds.items())))
    print("  with stack accesses (spills): %d" % sum(1 for r in rows if r[5]))
    dot = [r for r in rows if any(op in r[3] for op in ("sdot", "udot", "usdot", "smmla", "usmmla"))]
    if dot:
        best = max(dot, key=lambda r: r[6])
        print("  largest dot-product loop: %s (%s, %d instructions, %d bytes loaded)" % (
            best[0], " ".join("%d %s" % (c, op) for op, c in best[3].items()), best[2], best[4]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
