/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-console state that must outlive the daemon process: a fixed-size
 * file in the state directory, mapped shared, so every update is in the
 * page cache the moment it is made and survives even kill -9.  Layouts
 * are the callers'; files are never followed through symlinks.
 */
#ifndef PERSIST_H
#define PERSIST_H

#include <stdbool.h>
#include <stddef.h>

/* Map name (created zeroed if absent; *existed says which).  NULL+errno. */
void *persist_map(int dirfd, const char *name, size_t size, bool *existed);
void persist_unmap(void *map, size_t size);
void persist_remove(int dirfd, const char *name);

#endif
