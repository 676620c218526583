#ifndef SIPGPO_CSYSTEM_H
#define SIPGPO_CSYSTEM_H

/// Atomically exchanges two names in one folder (Linux renameat2 with RENAME_EXCHANGE). Returns 0, or -1 with errno
/// set (EINVAL or ENOSYS where the file system or kernel cannot exchange).
int sipgpo_rename_exchange(int dirfd, const char *from, const char *to);

/// Renames `from` to `to` in one folder unless `to` exists (renameat2 with RENAME_NOREPLACE). Returns 0, or -1 with
/// errno set: EEXIST when `to` exists, EINVAL or ENOSYS where the file system or kernel cannot refuse to replace.
int sipgpo_rename_noreplace(int dirfd, const char *from, const char *to);

/// Commits every file of the file system holding `fd` to the disk (Linux syncfs). Returns 0, or -1 with errno set
/// (ENOSYS where there is no syncfs).
int sipgpo_syncfs(int fd);

#endif
