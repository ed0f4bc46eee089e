# Mach-O atoms and special sections (arm64); see x86_64-macho/asm/atoms.s for the x86_64 twin.
#   - .subsections_via_symbols: an unreferenced non-global function (_dead_local) is
#     dead-stripped, a referenced one (_used_local) is kept and called directly;
#   - N_ALT_ENTRY (.alt_entry _alt_entry): a second entry into _with_alt's atom;
#   - a weak definition (_weak_fn) that atoms_strong.o overrides, and one (_weak_only) that
#     nothing overrides;
#   - __DATA,__mod_init_func: a pointer to _init_fn. rjitlink keeps it live under -noexec
#     (`# rjitlink-check:`, second RUN line); llvm-jitlink-22 without -orc-runtime strips it;
#   - .no_dead_strip _kept_local: a non-global, unreferenced atom that survives;
#   - literal sections: __TEXT,__cstring and __TEXT,__literal8 (adrp + add/ldr PAGEOFF12).
# The call to the overridden _weak_fn (defined in another object) is where the linkers differ:
# rjitlink branches directly (stubs are only range-extension veneers), llvm-jitlink-22 has no stub
# bypass on arm64 and goes through a stub. The `# llvm22-check:` lines record llvm-jitlink-22's
# behaviour (third RUN line, run only by the differential test); they are not a specification.
#
# RUN: llvm-mc-22 -triple=arm64-apple-macosx -filetype=obj atoms.s -o atoms.o
# RUN: llvm-mc-22 -triple=arm64-apple-macosx -filetype=obj atoms_strong.s -o atoms_strong.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -check atoms.s atoms.o atoms_strong.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -check-name=rjitlink-check -check atoms.s atoms.o atoms_strong.o
# RUN: llvm-jitlink-22 -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -check-name=llvm22-check -check atoms.s atoms.o atoms_strong.o

        .section __TEXT,__text,regular,pure_instructions
        .p2align 2
        .globl  _main
_main:
        bl      _used_local
        bl      _alt_entry
        bl      _weak_only
        mov     w0, #0
        ret

# jitlink-check: *{4}_main = ((_used_local - _main) >> 2)[25:0] | 0x94000000
# jitlink-check: *{4}_used_local = 0xd65f03c0
_used_local:
        ret

_dead_local:
        mov     w0, #0xdead
        ret

# _alt_entry is 4 bytes into _with_alt (mov w0, #0x1234 = 0x52824680); one atom.
# jitlink-check: _alt_entry = _with_alt + 4
# jitlink-check: *{4}(_main + 4) = ((_alt_entry - (_main + 4)) >> 2)[25:0] | 0x94000000
# jitlink-check: *{4}_with_alt = 0x52824680
        .globl  _with_alt
_with_alt:
        mov     w0, #0x1234
        .globl  _alt_entry
        .alt_entry _alt_entry
_alt_entry:
        ret

# The weak _weak_fn here is overridden by atoms_strong.o's (mov w0, #2 = 0x52800040).
# jitlink-check: *{4}_weak_fn = 0x52800040
# rjitlink-check: *{4}(_call_weak + 4) = ((_weak_fn - (_call_weak + 4)) >> 2)[25:0] | 0x94000000
# llvm22-check: *{4}(_call_weak + 4) = ((stub_addr(atoms.o, _weak_fn) - (_call_weak + 4)) >> 2)[25:0] | 0x94000000
# llvm22-check: *{8}got_addr(atoms.o, _weak_fn) = _weak_fn
        .globl  _weak_fn
        .weak_definition _weak_fn
_weak_fn:
        mov     w0, #1
        ret

        .globl  _call_weak
_call_weak:
        nop
        bl      _weak_fn
        ret

# _weak_only is not overridden (mov w0, #3 = 0x52800060).
# jitlink-check: *{4}(_main + 8) = ((_weak_only - (_main + 8)) >> 2)[25:0] | 0x94000000
# jitlink-check: *{4}_weak_only = 0x52800060
        .globl  _weak_only
        .weak_definition _weak_only
_weak_only:
        mov     w0, #3
        ret

        .globl  _init_fn
_init_fn:
        ret

# jitlink-check: *{4}_kept_local = 0x528017c0
        .no_dead_strip _kept_local
_kept_local:
        mov     w0, #0xbe
        ret

# Literals: adrp x0, Ldbl@PAGE; ldr d0, [x0, Ldbl@PAGEOFF]; adrp x1, Lstr@PAGE;
# add x1, x1, Lstr@PAGEOFF.
# jitlink-check: *{4}(_use_literals + 4) = (section_addr(atoms.o, __TEXT,__literal8)[11:3] << 10) | 0xfd400000
# jitlink-check: *{8}section_addr(atoms.o, __TEXT,__literal8) = 0x400921fb54442d18
# jitlink-check: decode_operand(_use_literals + 8, 1)[20:0] = (section_addr(atoms.o, __TEXT,__cstring)[63:12] - (_use_literals + 8)[63:12])[20:0]
# jitlink-check: *{4}(_use_literals + 12) = (section_addr(atoms.o, __TEXT,__cstring)[11:0] << 10) | 0x91000021
# jitlink-check: *{4}section_addr(atoms.o, __TEXT,__cstring) = 0x6d6f7461
        .globl  _use_literals
_use_literals:
        adrp    x0, Ldbl@PAGE
        ldr     d0, [x0, Ldbl@PAGEOFF]
        adrp    x1, Lstr@PAGE
        add     x1, x1, Lstr@PAGEOFF
        ret

# rjitlink-check: *{8}section_addr(atoms.o, __DATA,__mod_init_func) = _init_fn
        .section __DATA,__mod_init_func,mod_init_funcs
        .p2align 3
        .quad   _init_fn

        .section __TEXT,__literal8,8byte_literals
        .p2align 3
Ldbl:
        .quad   0x400921fb54442d18

        .section __TEXT,__cstring,cstring_literals
Lstr:
        .asciz  "atoms"

.subsections_via_symbols
