// SPDX-License-Identifier: GPL-2.0-only
/* The console kinds the daemon serves: one line each (see console.h). */
#include "console.h"

extern const struct console_kind console_kind_pl011, console_kind_pv,
	console_kind_vuart;

/*
 * The PV console comes last: libxl unpauses the guest once console/tty
 * appears, and by then every other console must be ready for it.
 */
const struct console_kind *const console_kinds[] = {
	&console_kind_pl011,
	&console_kind_vuart,
	&console_kind_pv,
};
const size_t console_nr_kinds = sizeof(console_kinds) / sizeof(console_kinds[0]);
