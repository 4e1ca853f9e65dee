// SPDX-License-Identifier: GPL-2.0-only
/*
 * The one check of a message read from the other side (see
 * emulator_wire.h): its type is one this reader may receive, and its
 * length is exactly what its type and its own counts say.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>

#include "emulator_wire.h"

/* Messages with a variable tail: the fixed part, then up to the whole. */
static bool tail_fits(size_t n, size_t fixed, size_t whole)
{
	return n > fixed && n <= whole;
}

static bool text_fits(const struct emu_text *t, size_t n)
{
	size_t fixed = offsetof(struct emu_text, text);

	return tail_fits(n, fixed, sizeof(*t)) && t->text[n - fixed - 1] == 0;
}

static bool update_fits(const struct emu_update *u, size_t n)
{
	size_t fixed = offsetof(struct emu_update, out);

	return n >= fixed && u->out_len <= EMU_OUTBOX_MAX &&
	       n == fixed + u->out_len;
}

static bool length_fits(const void *buf, size_t n, uint32_t type)
{
	switch (type) {
	case EMU_START:
		return n == sizeof(struct emu_start);
	case EMU_INPUT:
		return tail_fits(n, offsetof(struct emu_input, data),
				 sizeof(struct emu_input));
	case EMU_DELIVERED:
		return n == sizeof(struct emu_delivered);
	case EMU_STOP:
		return n == sizeof(struct emu_header);
	case EMU_READY:
		return n == sizeof(struct emu_ready);
	case EMU_UPDATE:
		return update_fits(buf, n);
	default:			/* the text messages */
		return text_fits(buf, n);
	}
}

int emu_wire_check(const void *buf, size_t n, int from_emulator)
{
	struct emu_header h;
	bool emulators = false;

	if (n < sizeof(h))
		return -EBADMSG;
	memcpy(&h, buf, sizeof(h));
	if (h.len != n || h.type == 0 || h.type >= EMU_TYPES)
		return -EBADMSG;
	emulators = h.type >= EMU_READY;
	if (emulators != !!from_emulator || !length_fits(buf, n, h.type))
		return -EBADMSG;
	return (int)h.type;
}

ssize_t emu_recv(int fd, union emu_msg *msg)
{
	ssize_t n = recv(fd, msg, sizeof(*msg), MSG_DONTWAIT);

	if (n > 0)
		return n;
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	if (n == 0)
		errno = ECONNRESET;	/* closed: as good as reset */
	return -1;
}
