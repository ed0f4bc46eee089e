# An undefined name with a newline and a byte that is not UTF-8 in it (bad\nname\xff, patched
# into the string table by build.sh from badXnameY): the error stays on one line, with the
# name escaped.
        .text
        .globl  main
        .type   main,@function
main:
        jmp     badXnameY
