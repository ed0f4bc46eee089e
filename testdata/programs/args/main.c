/* args: prints its arguments; exit status is argc. */
#include <stdio.h>

void show_arg(int i, const char *s);

int main(int argc, char **argv) {
    printf("argc=%d\n", argc);
    for (int i = 0; i < argc; i++)
        show_arg(i, argv[i]);
    printf("argv[argc] is %s\n", argv[argc] ? "non-null" : "NULL");
    return argc;
}
