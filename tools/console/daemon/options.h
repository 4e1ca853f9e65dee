/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The daemon's options (see xenconsoled(8)) and their parser.
 */
#ifndef OPTIONS_H
#define OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

enum overflow_policy {
	OVERFLOW_DISCARD,		/* drop the oldest pty output, counted */
	OVERFLOW_KEEP,			/* stop reading the guest until the pty drains */
};

enum pl011_mode {
	PL011_OFF,			/* no PL011 consoles */
	PL011_XENSTORE,			/* guests whose serial/0/type is "pl011" */
	PL011_AUTO,			/* also every guest without a vuart */
};

/* Where each guest's UART runs. */
enum pl011_isolation {
	PL011_ISOLATION_NONE,		/* in the daemon (for debugging) */
	PL011_ISOLATION_PROCESS,	/* in a confined emulator per guest */
};

/* The PL011 console kind's own options. */
struct pl011_options {
	enum pl011_mode mode;		/* which guests get a PL011 */
	uint64_t base;			/* defaults for guests that name none */
	unsigned int spi;
	bool trm_reset;			/* TRM reset values, not firmware's */
	bool tx_drop;			/* never block the guest on output */
	bool fast_path;			/* posted writes, published reads */
	enum pl011_isolation isolation;
	const char *emulator;		/* NULL: the installed one */
	long long uid_base;		/* -1: from passwd, else built in */
};

struct options {
	bool interactive;		/* -i: stay in the foreground */
	bool verbose;
	bool log_guest, log_hv;		/* --log */
	bool stamp_guest, stamp_hv;	/* -t */
	bool replace_escape;
	enum overflow_policy overflow;
	const char *log_dir;
	const char *pid_file;
	const char *state_dir;		/* what outlives a restart */
	const char *control;		/* statistics socket; "" for none */
	uint64_t log_max_size;		/* 0: no rotation */
	unsigned int log_backups;

	struct pl011_options pl011;
};

/*
 * Parse argv into o, defaults first.  0 to run; 1 when -h or -V printed
 * what was asked (exit 0); -EINVAL after one message on stderr.
 */
int options_parse(int argc, char **argv, struct options *o);

#endif
