// SPDX-License-Identifier: GPL-2.0-only
/*
 * xenconsoled's command line: every option of the stock daemon with the
 * same meaning, plus rotation, the PL011 backend, the state directory and
 * the statistics socket.  A bad value gives one message naming the option
 * and what it expects.  Knows nothing of Xen.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "xen_pl011_place.h"
#include "xenconsoled_control.h"

#define PROGRAM		"xenconsoled"
#define DEFAULT_LOG_DIR	"/var/log/xen/console"
#define DEFAULT_STATE_DIR "/var/run/xen/xenconsoled"

enum { OPT_LOG = 256, OPT_LOG_DIR, OPT_PID_FILE, OPT_REPLACE_ESCAPE,
       OPT_LOG_MAX_SIZE, OPT_LOG_BACKUPS, OPT_PL011, OPT_PL011_BASE,
       OPT_PL011_SPI, OPT_PL011_RESET, OPT_PL011_TX, OPT_PL011_FAST_PATH, OPT_PL011_ISOLATION,
       OPT_PL011_EMULATOR, OPT_PL011_UID_BASE, OPT_STATE_DIR,
       OPT_CONTROL };

static void usage(FILE *to)
{
	fprintf(to,
"Usage: " PROGRAM " [-h] [-V] [-v] [-i] [--log=none|guest|hv|all]\n"
"       [--log-dir=DIR] [--pid-file=PATH] [-t, --timestamp=none|guest|hv|all]\n"
"       [-o, --overflow-data=discard|keep] [--replace-escape]\n"
"       [--log-max-size=SIZE[k|M|G]] [--log-backups=N]\n"
"       [--pl011=off|xenstore|auto] [--pl011-base=ADDR] [--pl011-spi=N]\n"
"       [--pl011-reset=firmware|trm] [--pl011-tx=block|drop]\n"
"       [--pl011-isolation=process|none] [--pl011-emulator=PATH]\n"
"       [--pl011-uid-base=UID] [--pl011-fast-path=on|off]\n"
"       [--state-dir=DIR] [--control=SOCKET]\n");
}

static int bad(const char *option, const char *value, const char *expected)
{
	fprintf(stderr, PROGRAM ": invalid %s '%s': expected %s\n", option,
		value, expected);
	return -EINVAL;
}

/* "none|guest|hv|all" into two flags. */
static int parse_which(const char *option, const char *value, bool *guest,
		       bool *hv)
{
	static const char *const names[] = { "none", "guest", "hv", "all" };

	for (int i = 0; i < 4; i++) {
		if (strcmp(value, names[i]))
			continue;
		*guest = i == 1 || i == 3;
		*hv = i == 2 || i == 3;
		return 0;
	}
	return bad(option, value, "none, guest, hv or all");
}

static int parse_size(const char *value, uint64_t *size)
{
	char *end;
	unsigned long long n;
	unsigned int shift = 0;

	errno = 0;
	n = strtoull(value, &end, 10);
	if (*end == 'k' || *end == 'K')
		shift = 10;
	else if (*end == 'M')
		shift = 20;
	else if (*end == 'G')
		shift = 30;
	if (shift)
		end++;
	if (errno || end == value || *end || value[0] == '-' ||
	    n > (UINT64_MAX >> shift))
		return bad("--log-max-size", value, "a size such as 10M");
	*size = (uint64_t)n << shift;
	return 0;
}

static int parse_count(const char *value, unsigned int *count)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(value, &end, 10);
	if (errno || end == value || *end || value[0] == '-' || n > 99)
		return bad("--log-backups", value, "a number from 0 to 99");
	*count = (unsigned int)n;
	return 0;
}

/* One of names[] (NULL-terminated) into its index. */
static int parse_choice(const char *option, const char *value,
			const char *const *names, const char *expected,
			unsigned int *index)
{
	for (unsigned int i = 0; names[i]; i++) {
		if (!strcmp(value, names[i])) {
			*index = i;
			return 0;
		}
	}
	return bad(option, value, expected);
}

static int parse_number(const char *option, const char *value, uint64_t max,
			uint64_t *n)
{
	char *end;

	errno = 0;
	*n = strtoull(value, &end, 0);
	if (errno || end == value || *end || value[0] == '-' || *n > max)
		return bad(option, value, "a number in range");
	return 0;
}

static int parse_pl011_option(int c, const char *arg, struct options *o)
{
	static const char *const modes[] = { "off", "xenstore", "auto", NULL };
	static const char *const resets[] = { "firmware", "trm", NULL };
	static const char *const txs[] = { "block", "drop", NULL };
	static const char *const isolations[] = { "none", "process", NULL };
	static const char *const switches[] = { "off", "on", NULL };
	unsigned int i = 0;
	uint64_t n = 0;
	int rc;

	switch (c) {
	case OPT_PL011:
		rc = parse_choice("--pl011", arg, modes, "off, xenstore or auto", &i);
		o->pl011.mode = (enum pl011_mode)i;
		return rc;
	case OPT_PL011_RESET:
		rc = parse_choice("--pl011-reset", arg, resets, "firmware or trm", &i);
		o->pl011.trm_reset = i == 1;
		return rc;
	case OPT_PL011_TX:
		rc = parse_choice("--pl011-tx", arg, txs, "block or drop", &i);
		o->pl011.tx_drop = i == 1;
		return rc;
	case OPT_PL011_FAST_PATH:
		rc = parse_choice("--pl011-fast-path", arg, switches,
				  "on or off", &i);
		o->pl011.fast_path = i == 1;
		return rc;
	case OPT_PL011_ISOLATION:
		rc = parse_choice("--pl011-isolation", arg, isolations,
				  "process or none", &i);
		o->pl011.isolation = (enum pl011_isolation)i;
		return rc;
	case OPT_PL011_EMULATOR:
		o->pl011.emulator = arg;
		return 0;
	case OPT_PL011_UID_BASE:
		/* Room for a uid per domid and the reaper's below -1. */
		rc = parse_number("--pl011-uid-base", arg,
				  UINT32_MAX - 0x10000ull, &n);
		o->pl011.uid_base = (long long)n;
		return rc;
	case OPT_PL011_BASE:
		rc = parse_number("--pl011-base", arg, UINT64_MAX, &n);
		if (rc == 0 && !xen_pl011_base_ok(n))
			rc = bad("--pl011-base", arg, "a 4 KiB aligned address");
		o->pl011.base = n;
		return rc;
	case OPT_PL011_SPI:
		rc = parse_number("--pl011-spi", arg, UINT64_MAX, &n);
		if (rc == 0 && !xen_pl011_spi_ok(n))
			rc = bad("--pl011-spi", arg, "an SPI from 32 to 1019");
		o->pl011.spi = (unsigned int)n;
		return rc;
	}
	return -EINVAL;
}

static int parse_option(int c, const char *arg, struct options *o)
{
	switch (c) {
	case 'v':	o->verbose = true; return 0;
	case 'i':	o->interactive = true; return 0;
	case OPT_LOG:	return parse_which("--log", arg, &o->log_guest, &o->log_hv);
	case 't':	return parse_which("--timestamp", arg, &o->stamp_guest,
					   &o->stamp_hv);
	case OPT_LOG_DIR:	o->log_dir = arg; return 0;
	case OPT_PID_FILE:	o->pid_file = arg; return 0;
	case OPT_STATE_DIR:	o->state_dir = arg; return 0;
	case OPT_CONTROL:	o->control = arg; return 0;
	case OPT_REPLACE_ESCAPE: o->replace_escape = true; return 0;
	case OPT_LOG_MAX_SIZE:	return parse_size(arg, &o->log_max_size);
	case OPT_LOG_BACKUPS:	return parse_count(arg, &o->log_backups);
	case 'o':
		if (!strcmp(arg, "discard"))
			o->overflow = OVERFLOW_DISCARD;
		else if (!strcmp(arg, "keep"))
			o->overflow = OVERFLOW_KEEP;
		else
			return bad("--overflow-data", arg, "discard or keep");
		return 0;
	}
	return parse_pl011_option(c, arg, o);
}

int options_parse(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "interactive", no_argument, NULL, 'i' },
		{ "log", required_argument, NULL, OPT_LOG },
		{ "log-dir", required_argument, NULL, OPT_LOG_DIR },
		{ "pid-file", required_argument, NULL, OPT_PID_FILE },
		{ "timestamp", required_argument, NULL, 't' },
		{ "overflow-data", required_argument, NULL, 'o' },
		{ "replace-escape", no_argument, NULL, OPT_REPLACE_ESCAPE },
		{ "log-max-size", required_argument, NULL, OPT_LOG_MAX_SIZE },
		{ "log-backups", required_argument, NULL, OPT_LOG_BACKUPS },
		{ "pl011", required_argument, NULL, OPT_PL011 },
		{ "pl011-base", required_argument, NULL, OPT_PL011_BASE },
		{ "pl011-spi", required_argument, NULL, OPT_PL011_SPI },
		{ "pl011-reset", required_argument, NULL, OPT_PL011_RESET },
		{ "pl011-tx", required_argument, NULL, OPT_PL011_TX },
		{ "pl011-fast-path", required_argument, NULL,
		  OPT_PL011_FAST_PATH },
		{ "pl011-isolation", required_argument, NULL,
		  OPT_PL011_ISOLATION },
		{ "pl011-emulator", required_argument, NULL, OPT_PL011_EMULATOR },
		{ "pl011-uid-base", required_argument, NULL, OPT_PL011_UID_BASE },
		{ "state-dir", required_argument, NULL, OPT_STATE_DIR },
		{ "control", required_argument, NULL, OPT_CONTROL },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*o = (struct options){
		.log_dir = DEFAULT_LOG_DIR, .log_backups = 3,
		.state_dir = DEFAULT_STATE_DIR, .control = XENCONSOLED_CONTROL_SOCKET,
		.pl011 = { .mode = PL011_XENSTORE, .base = XEN_GUEST_PL011_BASE,
			   .spi = XEN_GUEST_PL011_SPI,
			   .isolation = PL011_ISOLATION_PROCESS,
			   .uid_base = -1, .fast_path = true },
	};
	while ((c = getopt_long(argc, argv, "hVvit:o:", longopts, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return 1;
		}
		if (c == 'V') {
			printf("Xen Console Daemon 3.0 (with PL011 backend)\n");
			return 1;
		}
		if (c == '?' || parse_option(c, optarg, o)) {
			usage(stderr);
			return -EINVAL;
		}
	}
	if (optind < argc) {
		fprintf(stderr, PROGRAM ": unexpected argument '%s'\n", argv[optind]);
		return -EINVAL;
	}
	return 0;
}
