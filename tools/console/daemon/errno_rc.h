/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ERRNO_RC_H
#define ERRNO_RC_H

#include <errno.h>

/*
 * The -errno a failed call left, for returning it: read it right after
 * the call, before anything else can clobber errno.  -EIO when the call
 * set none (some Xen library paths do not).
 */
static inline int errno_rc(void)
{
	return errno ? -errno : -EIO;
}

#endif
