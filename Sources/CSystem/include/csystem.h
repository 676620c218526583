#ifndef SIPGPO_CSYSTEM_H
#define SIPGPO_CSYSTEM_H

/// Atomically exchanges two paths (Linux renameat2 with RENAME_EXCHANGE). Returns 0, or -1 with errno set
/// (EINVAL or ENOSYS where the file system or kernel cannot exchange).
int sipgpo_rename_exchange(const char *from, const char *to);

#endif
