/* models/shared.c: the variables every model object reaches. */
#include "models.h"

__thread long shared_tls = 100;
__thread long shared_arr[4];

void *shared_addr(void) { return &shared_tls; }
