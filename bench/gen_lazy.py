#!/usr/bin/env python3
"""Generates the lazy-linking benchmark's program (bench/lazy.sh): OBJECTS objects of
FUNCTIONS functions each, and a main.c whose table takes the address of every object's entry
function but calls only the first CALLED of them, so an eager link (of the objects, or of an
archive of them: the table pulls every member) links everything and a lazy one links CALLED
objects.

    gen_lazy.py DIR OBJECTS FUNCTIONS CALLED
"""
import os
import sys


def object_source(k, functions):
    out = [f"/* bench/gen_lazy.py: object {k} */", "#include <stdint.h>"]
    out.append(f"static const uint32_t o{k}_table[16] = {{" +
               ", ".join(str((k * 31 + i * 17) % 251) for i in range(16)) + "};")
    out.append(f"int o{k}_total;")
    out.append(f"const char *o{k}_name = \"object {k}\";")
    for j in reversed(range(functions)):
        callee = f"o{k}_f{j + 1}(x ^ {j})" if j + 1 < functions else "x"
        out.append(f"int o{k}_f{j}(int x) {{")
        out.append(f"  int acc = {k * 7 + j};")
        out.append(f"  for (int i = 0; i < 4; i++) acc = acc * 33 + (int)o{k}_table[(x + i + {j}) & 15];")
        out.append(f"  o{k}_total += acc & 0xff;")
        out.append(f"  return (acc ^ {callee}) & 0xffffff;")
        out.append("}")
    out.append(f"int o{k}_entry(int x) {{ return o{k}_f0(x) + o{k}_total; }}")
    return "\n".join(out) + "\n"


def main_source(objects, called):
    out = ["/* bench/gen_lazy.py: main */", "#include <stdio.h>"]
    for k in range(objects):
        out.append(f"int o{k}_entry(int);")
    out.append("static int (*const entries[])(int) = {")
    out.extend(f"  o{k}_entry," for k in range(objects))
    out.append("};")
    out.append("int main(void) {")
    out.append("  unsigned sum = 0;")
    out.append(f"  for (int k = 0; k < {called}; k++) sum = sum * 31 + (unsigned)entries[k](k);")
    out.append('  printf("checksum %u\\n", sum);')
    out.append("  return 0;")
    out.append("}")
    return "\n".join(out) + "\n"


def main():
    d, objects, functions, called = sys.argv[1], *map(int, sys.argv[2:5])
    os.makedirs(d, exist_ok=True)
    for k in range(objects):
        with open(os.path.join(d, f"obj{k}.c"), "w") as f:
            f.write(object_source(k, functions))
    with open(os.path.join(d, "main.c"), "w") as f:
        f.write(main_source(objects, called))


main()
