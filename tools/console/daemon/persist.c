// SPDX-License-Identifier: GPL-2.0-only
/*
 * Shared-mapped state files (see persist.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "persist.h"

void *persist_map(int dirfd, const char *name, size_t size, bool *existed)
{
	struct stat st;
	void *map;
	int err, fd;

	fd = openat(dirfd, name, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_nlink != 1) {
		err = errno ? errno : EPERM;
		goto fail;
	}
	*existed = (size_t)st.st_size == size;
	if (!*existed && (ftruncate(fd, 0) < 0 || ftruncate(fd, (off_t)size) < 0)) {
		err = errno;
		goto fail;
	}
	map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	err = errno;
	close(fd);
	if (map == MAP_FAILED) {
		errno = err;
		return NULL;
	}
	return map;

fail:
	close(fd);
	errno = err;
	return NULL;
}

void persist_unmap(void *map, size_t size)
{
	if (map)
		munmap(map, size);
}

void persist_remove(int dirfd, const char *name)
{
	unlinkat(dirfd, name, 0);
}
