/* Run under rjitlink: inspects /proc/self/maps from inside the linked program and checks that
 * no mapping is writable and executable at once, and that the linked code, read-only data and
 * data are mapped r-x, r-- and rw- respectively. Exit status 0 when all hold. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

const char message[] = "read-only data";
int counter = 1;

static int perms_of(uintptr_t addr, char out[5]) {
    FILE *maps = fopen("/proc/self/maps", "r");
    if (!maps) return -1;
    char line[512];
    int found = -1;
    while (fgets(line, sizeof line, maps)) {
        unsigned long lo, hi;
        char perms[5];
        if (sscanf(line, "%lx-%lx %4s", &lo, &hi, perms) != 3) continue;
        if (addr >= lo && addr < hi) { memcpy(out, perms, 5); found = 0; }
    }
    fclose(maps);
    return found;
}

int main(void) {
    FILE *maps = fopen("/proc/self/maps", "r");
    if (!maps) { puts("cannot open /proc/self/maps"); return 2; }
    char line[512];
    int wx = 0;
    while (fgets(line, sizeof line, maps)) {
        unsigned long lo, hi;
        char perms[5];
        if (sscanf(line, "%lx-%lx %4s", &lo, &hi, perms) == 3 && perms[1] == 'w' && perms[2] == 'x') {
            printf("writable and executable: %s", line);
            wx++;
        }
    }
    fclose(maps);
    char code[5], rodata[5], data[5];
    if (perms_of((uintptr_t)&main, code) || perms_of((uintptr_t)message, rodata) ||
        perms_of((uintptr_t)&counter, data)) {
        puts("linked memory not found in /proc/self/maps");
        return 3;
    }
    printf("code %.3s, read-only data %.3s, data %.3s, writable+executable mappings: %d\n", code, rodata, data, wx);
    return wx != 0 || strncmp(code, "r-x", 3) || strncmp(rodata, "r--", 3) || strncmp(data, "rw-", 3);
}
