# Names are bytes: two functions whose names differ only in a byte that is not UTF-8
# (foo\xff1 and foo\xfe1, patched into the string table by build.sh from fooA1 and fooB1,
# which have the same length). They are distinct symbols: main returns 1 + 2 = 3. Before
# names were kept as bytes, both became "foo\u{fffd}1" and the link failed with a duplicate
# definition.
        .text
        .globl  main
        .type   main,@function
main:
        callq   fooA1
        movl    %eax, %ecx
        callq   fooB1
        addl    %ecx, %eax
        retq

        .globl  fooA1
        .type   fooA1,@function
fooA1:
        movl    $1, %eax
        retq

        .globl  fooB1
        .type   fooB1,@function
fooB1:
        movl    $2, %eax
        retq
