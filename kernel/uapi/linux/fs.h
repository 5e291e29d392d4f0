// File-system calls' small values: lseek's whence, faccessat's mode,
// renameat2's flags, mount and umount2 flags.
#pragma once

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4

#define RENAME_NOREPLACE 1         // EEXIST rather than replace newpath
#define RENAME_EXCHANGE  2         // swap the two names, atomically

// mount flags (statfs's f_flags reports them as ST_*: the same bits).
#define MS_RDONLY  1
#define MS_NOSUID  2
#define MS_NODEV   4
#define MS_NOEXEC  8
#define MS_REMOUNT 32
#define MS_BIND    4096

// umount2 flags.
#define MNT_FORCE       1
#define MNT_DETACH      2
#define MNT_EXPIRE      4
#define UMOUNT_NOFOLLOW 8
