/* Prints how the executor holds this program's code: "shared" when main lies in a mapping of
 * a POSIX shared-memory object (/dev/shm, the shared memory mapper), "private" otherwise.
 * tests/remote.rs runs it under each -use-memmgr choice. */
#include <stdio.h>
#include <string.h>

int main(void) {
    unsigned long here = (unsigned long)&main;
    FILE *maps = fopen("/proc/self/maps", "r");
    char line[512];
    if (!maps)
        return 2;
    while (fgets(line, sizeof line, maps)) {
        unsigned long start, end;
        if (sscanf(line, "%lx-%lx", &start, &end) == 2 && start <= here && here < end) {
            puts(strstr(line, "/dev/shm/") ? "shared" : "private");
            fclose(maps);
            return 0;
        }
    }
    fclose(maps);
    puts("not found");
    return 1;
}
