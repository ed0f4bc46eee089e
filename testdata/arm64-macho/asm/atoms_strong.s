# The strong definition of _weak_fn that overrides atoms.s's weak one (see atoms.s).
        .section __TEXT,__text,regular,pure_instructions
        .p2align 2
        .globl  _weak_fn
_weak_fn:
        mov     w0, #2
        ret

.subsections_via_symbols
