#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "csystem.h"

int sipgpo_rename_exchange(const char *from, const char *to) {
#if defined(__linux__) && defined(SYS_renameat2)
    // RENAME_EXCHANGE is 2; spelled out because older headers lack the constant.
    return (int)syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, 2);
#else
    errno = ENOSYS;
    return -1;
#endif
}
