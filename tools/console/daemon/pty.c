// SPDX-License-Identifier: GPL-2.0-only
/*
 * pty creation (see pty.h).  posix_openpt rather than openpty(3) so the
 * daemon needs no libutil and every fd is close-on-exec from the start.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "errno_rc.h"
#include "pty.h"

static int make_raw(int fd)
{
	struct termios t;

	if (tcgetattr(fd, &t) < 0)
		return -errno;
	cfmakeraw(&t);
	return tcsetattr(fd, TCSANOW, &t) < 0 ? -errno : 0;
}

int pty_open(struct pty *pty)
{
	int rc;

	pty->slave = -1;
	pty->master = posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (pty->master < 0)
		return -errno;
	if (grantpt(pty->master) < 0 || unlockpt(pty->master) < 0 ||
	    ptsname_r(pty->master, pty->path, sizeof(pty->path)) != 0)
		goto fail_errno;
	pty->slave = open(pty->path, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (pty->slave < 0)
		goto fail_errno;
	rc = make_raw(pty->slave);
	if (rc)
		goto fail;
	return 0;

fail_errno:
	rc = errno_rc();
fail:
	pty_close(pty);
	return rc;
}

void pty_close(struct pty *pty)
{
	if (pty->slave >= 0)
		close(pty->slave);
	if (pty->master >= 0)
		close(pty->master);
	pty->slave = pty->master = -1;
	pty->path[0] = 0;
}
