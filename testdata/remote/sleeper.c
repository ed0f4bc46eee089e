/* sleeper: prints (and flushes) one line, then waits forever. The no-orphan test kills
 * rjitlink while this runs in the executor; the executor must die with it. */
#include <stdio.h>
#include <unistd.h>

int main(void) {
    printf("sleeper: ready\n");
    fflush(stdout);
    for (;;)
        pause();
}
