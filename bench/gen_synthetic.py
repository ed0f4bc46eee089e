#!/usr/bin/env python3
"""Generates the synthetic C program of bench/speed.sh: FUNCS small functions spread over OBJS
translation units (obj0.c .. obj<OBJS-1>.c), deterministic for a given seed.

    bench/gen_synthetic.py --funcs 20000 --objs 50 [--seed 9] --out DIR
    bench/gen_synthetic.py --count OBJ...    # prints: total bytes, total relocation entries

Every object k defines two global arrays, `unsigned gi_k[64]` (initialized, .data) and
`double gd_k[64]` (.bss), and a table of function pointers `tab_k[16]` (const, so
.data.rel.ro with absolute relocations in a PIE object). Each function (`unsigned
synthetic_func_<i>(unsigned x, int d)`, noinline) reads and writes the int and double arrays of
other objects, uses floating-point constants, runs a hash loop over a string literal from an
offset that depends on x (so the compiler cannot fold it), and, while d > 0, calls another
function directly (often in another object) and about half the time one more through another
object's table. run_k_c(h) calls a chunk of the object's functions with d = 2 and folds the results
into the 64-bit hash h; sum_k(h) folds the object's arrays in. main (in obj0) calls every chunk,
then every sum, and prints `checksum <16 hex digits>`, the same however the program is linked.

The arithmetic is unsigned (no undefined overflow) and the doubles stay bounded, so the
checksum does not depend on the optimization level either. Writes the sources only; the caller
compiles them (bench/speed.sh: clang-22 -c, in parallel).
"""
import argparse
import os
import random
import struct
import sys

ARR = 64  # elements of each gi_k / gd_k
TAB = 16  # entries of each tab_k
CHUNK = 64  # functions called by one run_k_c
DEPTH = 2  # call depth main starts every function with

WORDS = ("lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor "
         "incididunt ut labore et dolore magna aliqua enim ad minim veniam quis nostrud "
         "exercitation ullamco laboris nisi aliquip ex ea commodo consequat").split()


def split(funcs, objs):
    """The functions of each object: contiguous ranges, as even as possible."""
    return [range(k * funcs // objs, (k + 1) * funcs // objs) for k in range(objs)]


def fconst(rng, lo, hi):
    """A double constant in [lo, hi), printed exactly (repr round-trips)."""
    return repr(round(rng.uniform(lo, hi), 9))


def gen_function(i, rng, objs, funcs):
    """Source of synthetic_func_<i>. Returns (code, externs used)."""
    ext = set()
    # The int arrays of two objects picked at random (one read, one written), and two double
    # arrays likewise (with one object, they are all its own).
    oi1, oi2, od1, od2 = (rng.randrange(objs) for _ in range(4))
    # Often the write goes back to the array just read (one address load fewer: this sets
    # the relocation count to ~9.3 a function at -O2).
    if rng.random() < 0.6:
        oi2 = oi1
    if rng.random() < 0.6:
        od2 = od1
    c1, c2, c3, c5 = (rng.randrange(1, 1 << 16) for _ in range(4))
    c4, c6 = rng.randrange(3, 29), rng.randrange(1, 9)
    # |m1| < 0.5 keeps every gd element below 2 * 255 * 1.95 in magnitude.
    m1, m2 = fconst(rng, 0.05, 0.5), fconst(rng, -1.95, 1.95)
    s = "%s %d %s %s %s" % (rng.choice(WORDS), i, rng.choice(WORDS), rng.choice(WORDS),
                            rng.choice(WORDS))
    callee = rng.randrange(funcs)
    lines = [
        "__attribute__((noinline)) unsigned synthetic_func_%d(unsigned x, int d) {" % i,
        "  unsigned a = gi_%d[(x + %du) & %d] + x * %du;" % (oi1, c1, ARR - 1, c2 | 1),
        "  gi_%d[(a ^ %du) & %d] += a;" % (oi2, c3, ARR - 1),
        "  double t = gd_%d[(a >> 3) & %d] * %s + %s * (double)(x & 255u);"
        % (od1, ARR - 1, m1, m2),
        "  gd_%d[(x + a) & %d] = t;" % (od2, ARR - 1),
        "  for (const char *s = &\"%s\"[x & 3u]; *s; s++) a = (a ^ (unsigned char)*s) * 16777619u;"
        % s,
        "  a = (a ^ (a >> %d)) * %du + (x >> %d);" % (c4, c5 | 1, c6),
        "  if (d > 0) {",
        "    a += synthetic_func_%d(a, d - 1);" % callee,
    ]
    ext.add(("f", callee))
    if rng.random() < 0.5:
        t = rng.randrange(objs)
        lines.append("    a ^= tab_%d[a & %d](x, d - 1);" % (t, TAB - 1))
        ext.add(("tab", t))
    lines += ["  }", "  return a + (unsigned)(int)t;", "}"]
    for o in (oi1, oi2):
        ext.add(("gi", o))
    for o in (od1, od2):
        ext.add(("gd", o))
    return "\n".join(lines), ext


def count(paths):
    """Total bytes and relocation entries (SHT_RELA and SHT_REL sections) of ELF64 objects."""
    size = relocs = 0
    for p in paths:
        with open(p, "rb") as f:
            data = f.read()
        if data[:5] != b"\x7fELF\x02":
            sys.exit("%s: not an ELF64 object" % p)
        size += len(data)
        end = "<" if data[5] == 1 else ">"
        shoff, = struct.unpack_from(end + "Q", data, 0x28)
        shentsize, shnum = struct.unpack_from(end + "HH", data, 0x3A)
        for n in range(shnum):
            h = shoff + n * shentsize
            sh_type, = struct.unpack_from(end + "I", data, h + 4)
            sh_size, = struct.unpack_from(end + "Q", data, h + 0x20)
            sh_entsize, = struct.unpack_from(end + "Q", data, h + 0x38)
            if sh_type in (4, 9) and sh_entsize:
                relocs += sh_size // sh_entsize
    print(size, relocs)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--funcs", type=int)
    ap.add_argument("--objs", type=int)
    ap.add_argument("--seed", type=int, default=9)
    ap.add_argument("--out")
    ap.add_argument("--count", nargs="+", metavar="OBJ",
                    help="instead: print the total bytes and relocations of these objects")
    args = ap.parse_args()
    if args.count:
        return count(args.count)
    if args.funcs is None or args.objs is None or args.out is None:
        ap.error("--funcs, --objs and --out are required")
    funcs, objs = args.funcs, args.objs
    if objs < 1 or funcs < objs * TAB:
        ap.error("need at least %d functions per object" % TAB)
    rng = random.Random("%d/%d/%d" % (args.seed, funcs, objs))
    ranges = split(funcs, objs)
    owner = [0] * funcs
    for k, r in enumerate(ranges):
        for i in r:
            owner[i] = k
    # tab_k holds TAB functions of object k, chosen at random.
    tables = [rng.sample(list(r), TAB) for r in ranges]
    os.makedirs(args.out, exist_ok=True)
    chunks = []  # (object, chunk index)
    for k, r in enumerate(ranges):
        bodies, ext = [], set()
        for i in r:
            code, e = gen_function(i, rng, objs, funcs)
            bodies.append(code)
            ext |= e
        decls = ["#include <stdio.h>", ""]
        for kind, n in sorted(ext):
            if kind == "f" and owner[n] != k:
                decls.append("unsigned synthetic_func_%d(unsigned, int);" % n)
            elif kind == "gi" and n != k:
                decls.append("extern unsigned gi_%d[%d];" % (n, ARR))
            elif kind == "gd" and n != k:
                decls.append("extern double gd_%d[%d];" % (n, ARR))
            elif kind == "tab" and n != k:
                decls.append("extern unsigned (*const tab_%d[%d])(unsigned, int);" % (n, TAB))
        # Own functions, declared up front so that any order of calls compiles.
        decls += ["unsigned synthetic_func_%d(unsigned, int);" % i for i in r]
        init = ", ".join("%du" % rng.randrange(1 << 20) for _ in range(ARR))
        decls += [
            "unsigned gi_%d[%d] = {%s};" % (k, ARR, init),
            "double gd_%d[%d];" % (k, ARR),
            "unsigned (*const tab_%d[%d])(unsigned, int) = {%s};"
            % (k, TAB, ", ".join("synthetic_func_%d" % i for i in tables[k])),
            "",
        ]
        tail = []
        idx = list(r)
        for c in range(0, len(idx), CHUNK):
            tail.append("unsigned long long run_%d_%d(unsigned long long h) {" % (k, c // CHUNK))
            for i in idx[c:c + CHUNK]:
                tail.append("  h = h * 1000003u + synthetic_func_%d(%du, %d);" % (i, i, DEPTH))
            tail += ["  return h;", "}"]
            chunks.append((k, c // CHUNK))
        tail += [
            "unsigned long long sum_%d(unsigned long long h) {" % k,
            "  for (int j = 0; j < %d; j++)" % ARR,
            "    h = (h ^ gi_%d[j]) * 1099511628211u + (unsigned long long)(long long)(gd_%d[j] * 1024.0);"
            % (k, k),
            "  return h;",
            "}",
        ]
        if k == 0:
            tail.append("")
            tail += ["unsigned long long run_%d_%d(unsigned long long);" % ch
                     for ch in chunks_of(ranges)]
            tail += ["unsigned long long sum_%d(unsigned long long);" % o for o in range(objs)]
            tail += ["int main(void) {", "  unsigned long long h = 14695981039346656037u;"]
            tail += ["  h = run_%d_%d(h);" % ch for ch in chunks_of(ranges)]
            tail += ["  h = sum_%d(h);" % o for o in range(objs)]
            tail += ["  printf(\"checksum %016llx\\n\", h);", "  return 0;", "}"]
        path = os.path.join(args.out, "obj%d.c" % k)
        with open(path + ".tmp", "w") as f:
            f.write("\n".join(decls + bodies + [""] + tail) + "\n")
        os.replace(path + ".tmp", path)


def chunks_of(ranges):
    for k, r in enumerate(ranges):
        for c in range(0, len(r), CHUNK):
            yield (k, c // CHUNK)


if __name__ == "__main__":
    main()
