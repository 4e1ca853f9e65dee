// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for emu_wire_check() (emulator_wire.c), what a guest
 * that took its PL011 emulator over reaches in the daemon: any packet at
 * all.  The input is one packet, in a buffer allocated to the byte for
 * AddressSanitizer, checked as the daemon reads it and as the emulator
 * reads it.  Checked: a packet accepted in one direction is refused in
 * the other; an accepted packet's length field is its size, its type is
 * one of that direction's, and whatever it counts (output bytes, text up
 * to its NUL, input bytes) lies inside the packet and inside its struct.
 */
#include <stdlib.h>
#include <string.h>

#include "emulator_wire.h"
#include "fuzz.h"

static void check_accepted(const uint8_t *buf, size_t n, int type)
{
	struct emu_header h;

	memcpy(&h, buf, sizeof(h));
	CHECK(h.len == n && h.type == (uint32_t)type);
	switch (type) {
	case EMU_UPDATE: {
		const struct emu_update *u = (const void *)buf;

		CHECK(u->out_len <= EMU_OUTBOX_MAX &&
		      offsetof(struct emu_update, out) + u->out_len == n);
		break;
	}
	case EMU_INPUT:
		CHECK(n > offsetof(struct emu_input, data) &&
		      n <= sizeof(struct emu_input));
		break;
	case EMU_LOG:
	case EMU_GUEST_ERROR:
	case EMU_FAILED: {
		const struct emu_text *t = (const void *)buf;
		size_t room = n - offsetof(struct emu_text, text);

		CHECK(n <= sizeof(*t) && strnlen(t->text, room) < room);
		break;
	}
	default:
		CHECK(type > 0 && type < EMU_TYPES);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *buf = malloc(size ? size : 1);
	int to_daemon, to_emulator;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	to_daemon = emu_wire_check(buf, size, 1);
	to_emulator = emu_wire_check(buf, size, 0);
	CHECK(to_daemon < 0 || to_emulator < 0);
	if (to_daemon > 0) {
		CHECK(to_daemon >= EMU_READY);
		check_accepted(buf, size, to_daemon);
	}
	if (to_emulator > 0) {
		CHECK(to_emulator < EMU_READY);
		check_accepted(buf, size, to_emulator);
	}
	free(buf);
	return 0;
}
