# COMDAT group `foo` (text + data sections) in two objects, comdat_a.o and comdat_b.o. Only the
# first copy on the command line is kept, as a whole group: foo() returns 10 + foo_data = 51 from
# comdat_a.o, 20 + foo_data = 62 from comdat_b.o (a mixed 52 or 61 means the group was split).
# a_get (outside the group) calls foo, which must bind to the kept copy.
        .section .text.foo,"axG",@progbits,foo,comdat
        .globl  foo
        .type   foo,@function
foo:
        movl    foo_data(%rip), %eax
        addl    $10, %eax
        retq
        .size   foo, .-foo

        .section .data.foo,"awG",@progbits,foo,comdat
        .globl  foo_data
        .p2align 2
foo_data:
        .long   41
        .size   foo_data, 4

        .text
        .globl  a_get
        .type   a_get,@function
a_get:
        jmp     foo
        .size   a_get, .-a_get
