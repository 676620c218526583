#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "csystem.h"

// The flags are spelled out because older headers lack the constants.
#define SIPGPO_RENAME_NOREPLACE 1
#define SIPGPO_RENAME_EXCHANGE 2

static int sipgpo_renameat2(int dirfd, const char *from, const char *to, unsigned int flags) {
#if defined(__linux__) && defined(SYS_renameat2)
    return (int)syscall(SYS_renameat2, dirfd, from, dirfd, to, flags);
#else
    (void)dirfd; (void)from; (void)to; (void)flags;
    errno = ENOSYS;
    return -1;
#endif
}

int sipgpo_rename_exchange(int dirfd, const char *from, const char *to) {
    return sipgpo_renameat2(dirfd, from, to, SIPGPO_RENAME_EXCHANGE);
}

int sipgpo_rename_noreplace(int dirfd, const char *from, const char *to) {
    return sipgpo_renameat2(dirfd, from, to, SIPGPO_RENAME_NOREPLACE);
}

int sipgpo_syncfs(int fd) {
#if defined(__linux__)
    return syncfs(fd);
#else
    (void)fd;
    errno = ENOSYS;
    return -1;
#endif
}

