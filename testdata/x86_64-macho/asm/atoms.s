# Mach-O atoms and special sections (x86_64):
#   - .subsections_via_symbols: each symbol starts an atom; an unreferenced non-global function
#     (_dead_local) is dead-stripped (tests/macho_relocations.rs checks that it has no address),
#     a referenced one (_used_local) is kept and called directly;
#   - N_ALT_ENTRY (.alt_entry _alt_entry): a second entry into _with_alt's atom, not a new atom;
#   - a weak definition (_weak_fn, .weak_definition) that atoms_strong.o overrides with a strong
#     one, and one (_weak_only) that nothing overrides;
#   - __DATA,__mod_init_func (S_MOD_INIT_FUNC_POINTERS): a pointer to _init_fn (not run: -noexec).
#     rjitlink keeps the initializer section live and fixes it up (`# rjitlink-check:`, second RUN
#     line); llvm-jitlink-22 without -orc-runtime dead-strips it, so it has no section address;
#   - .no_dead_strip _kept_local: a non-global, unreferenced atom that survives;
#   - literal sections: __TEXT,__cstring and __TEXT,__literal8.
#
# RUN: llvm-mc-22 -triple=x86_64-apple-macosx -filetype=obj atoms.s -o atoms.o
# RUN: llvm-mc-22 -triple=x86_64-apple-macosx -filetype=obj atoms_strong.s -o atoms_strong.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -check atoms.s atoms.o atoms_strong.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -check-name=rjitlink-check -check atoms.s atoms.o atoms_strong.o

        .section __TEXT,__text,regular,pure_instructions
        .globl  _main
_main:
        callq   _used_local
        callq   _alt_entry
        callq   _weak_fn
        callq   _weak_only
        xorl    %eax, %eax
        retq

# jitlink-check: *{4}(_main + 1) = (_used_local - (_main + 5))[31:0]
# jitlink-check: *{1}_used_local = 0xc3
_used_local:
        retq

_dead_local:
        movl    $0xdead, %eax
        retq

# _alt_entry is 5 bytes into _with_alt; both are in one atom, so the bytes between stay.
# jitlink-check: _alt_entry = _with_alt + 5
# jitlink-check: *{4}(_main + 6) = (_alt_entry - (_main + 10))[31:0]
# jitlink-check: *{1}_with_alt = 0xb8
# jitlink-check: *{4}(_with_alt + 1) = 0x1234
        .globl  _with_alt
_with_alt:
        movl    $0x1234, %eax
        .globl  _alt_entry
        .alt_entry _alt_entry
_alt_entry:
        retq

# The weak _weak_fn here is overridden by atoms_strong.o's strong one (which returns 2).
# jitlink-check: *{4}(_main + 11) = (_weak_fn - (_main + 15))[31:0]
# jitlink-check: *{4}(_weak_fn + 1) = 2
        .globl  _weak_fn
        .weak_definition _weak_fn
_weak_fn:
        movl    $1, %eax
        retq

# _weak_only: weak, not overridden, so this definition is used.
# jitlink-check: *{4}(_main + 16) = (_weak_only - (_main + 20))[31:0]
# jitlink-check: *{4}(_weak_only + 1) = 3
        .globl  _weak_only
        .weak_definition _weak_only
_weak_only:
        movl    $3, %eax
        retq

        .globl  _init_fn
_init_fn:
        retq

# _kept_local is neither global nor referenced, but no_dead_strip keeps it (and its name).
# jitlink-check: *{4}_kept_local = 0x0000beb8
        .no_dead_strip _kept_local
_kept_local:
        movl    $0xbe, %eax
        retq

# Literals: movsd Ldbl(%rip), %xmm0 (f2 0f 10 05 disp32) and leaq Lstr(%rip), %rdi
# (48 8d 3d disp32), to the only literal in __literal8 and the only string in __cstring.
# jitlink-check: *{4}(_use_literals + 4) = (section_addr(atoms.o, __TEXT,__literal8) - (_use_literals + 8))[31:0]
# jitlink-check: *{8}section_addr(atoms.o, __TEXT,__literal8) = 0x400921fb54442d18
# jitlink-check: *{4}(_use_literals + 11) = (section_addr(atoms.o, __TEXT,__cstring) - (_use_literals + 15))[31:0]
# jitlink-check: *{4}section_addr(atoms.o, __TEXT,__cstring) = 0x6d6f7461
        .globl  _use_literals
_use_literals:
        movsd   Ldbl(%rip), %xmm0
        leaq    Lstr(%rip), %rdi
        retq

# The initializer pointer (rjitlink-only: llvm-jitlink-22 -noexec strips the section).
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
