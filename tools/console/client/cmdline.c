// SPDX-License-Identifier: GPL-2.0-only
/*
 * xenconsole command line (see cmdline.h).  Same options as the stock
 * 4.18 client, plus -t and -e as short forms.  Unlike stock, numbers are
 * checked instead of atoi()ed, every error is one line, and options after
 * DOMID are accepted even when POSIXLY_CORRECT is set.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"

/* DOMID_FIRST_RESERVED - 1 (xen/xen.h): the highest ordinary domid. */
#define DOMID_MAX	0x7fefUL

enum { OPT_NOTIFY_FD = 256, OPT_INTERACTIVE, OPT_STATS, OPT_JSON,
       OPT_STATS_SOCKET };

static const struct option long_options[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "num", required_argument, NULL, 'n' },
	{ "type", required_argument, NULL, 't' },
	{ "escape", required_argument, NULL, 'e' },
	{ "start-notify-fd", required_argument, NULL, OPT_NOTIFY_FD },
	{ "interactive", no_argument, NULL, OPT_INTERACTIVE },
	{ "stats", no_argument, NULL, OPT_STATS },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "stats-socket", required_argument, NULL, OPT_STATS_SOCKET },
	{ NULL, 0, NULL, 0 },
};

/*
 * '-' first: DOMID comes back in order as option 1, whatever the
 * environment says; ':' next: a missing argument is reported as ':'.
 */
static const char short_options[] = "-:hn:t:e:";

int cmdline_invalid(char *why, size_t why_len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, why_len, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* Plain decimal only: no sign, no spaces, no trailing junk. */
static int parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	unsigned long v;
	char *end;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

static int parse_type(const char *arg, enum console_type *type)
{
	static const char *const names[] = {
		[CONSOLE_PV] = "pv",
		[CONSOLE_SERIAL] = "serial",
		[CONSOLE_VUART] = "vuart",
	};
	size_t i;

	for (i = CONSOLE_PV; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcmp(arg, names[i])) {
			*type = i;
			return 0;
		}
	}
	return -EINVAL;
}

int cmdline_parse_escape(const char *arg)
{
	/* As stock: "^X" is X's control character, even for "^?" */
	if (arg[0] == '^' && arg[1] && !arg[2])
		return arg[1] & 0x1f;
	if (arg[0] && !arg[1])
		return (unsigned char)arg[0];
	return -EINVAL;
}

static int parse_domid(const char *arg, struct cmdline *cmd, bool *seen,
		       char *why, size_t why_len)
{
	unsigned long v;

	if (*seen)
		return cmdline_invalid(why, why_len, "unexpected argument '%s'", arg);
	if (parse_uint(arg, DOMID_MAX, &v))
		return cmdline_invalid(why, why_len,
			      "invalid DOMID '%s': not a number from 1 to %lu",
			      arg, DOMID_MAX);
	if (v == 0)
		return cmdline_invalid(why, why_len, "domain 0 has no console here: "
			      "give a guest's DOMID");
	cmd->domid = v;
	*seen = true;
	return 0;
}

static int apply_option(int opt, const char *arg, struct cmdline *cmd,
			char *why, size_t why_len)
{
	unsigned long v;
	int escape;

	switch (opt) {
	case 'h':
		cmd->help = true;
		return 0;
	case 'n':
		if (parse_uint(arg, INT_MAX, &v))
			return cmdline_invalid(why, why_len,
				      "invalid console number '%s'", arg);
		cmd->num = v;
		return 0;
	case 't':
		if (parse_type(arg, &cmd->type))
			return cmdline_invalid(why, why_len, "invalid console type "
				      "'%s': use pv, serial or vuart", arg);
		return 0;
	case 'e':
		escape = cmdline_parse_escape(arg);
		if (escape < 0)
			return cmdline_invalid(why, why_len, "invalid escape '%s': "
				      "use one character or ^X", arg);
		cmd->escape = escape;
		return 0;
	case OPT_NOTIFY_FD:
		if (parse_uint(arg, INT_MAX, &v))
			return cmdline_invalid(why, why_len,
				      "invalid --start-notify-fd '%s'", arg);
		cmd->notify_fd = v;
		return 0;
	case OPT_INTERACTIVE:
		cmd->interactive = true;
		return 0;
	case OPT_STATS:
		cmd->stats = true;
		return 0;
	case OPT_JSON:
		cmd->json = true;
		return 0;
	case OPT_STATS_SOCKET:
		if (!*arg)
			return cmdline_invalid(why, why_len, "empty --stats-socket");
		cmd->stats_socket = arg;
		return 0;
	}
	return cmdline_invalid(why, why_len, "internal error: option %d", opt);
}

/*
 * After a '?' or ':' from getopt: name the offending option.  optopt is
 * the short option, or for a long one the option's value when it came
 * with an argument it does not take (or without one it needs).
 */
static int reject_option(int opt, char *argv[], char *why, size_t why_len)
{
	const char *word = argv[optind - 1];
	bool is_long = !strncmp(word, "--", 2);
	int name_len = strcspn(word, "=");

	if (opt == ':' && is_long)
		return cmdline_invalid(why, why_len, "option '%s' needs an argument",
			      word);
	if (opt == ':')
		return cmdline_invalid(why, why_len, "option '-%c' needs an argument",
			      optopt);
	if (is_long && optopt)
		return cmdline_invalid(why, why_len, "option '%.*s' takes no argument",
			      name_len, word);
	if (is_long)
		return cmdline_invalid(why, why_len, "unknown option '%.*s'", name_len,
			      word);
	return cmdline_invalid(why, why_len, "unknown option '-%c'", optopt);
}

static void set_defaults(struct cmdline *cmd)
{
	memset(cmd, 0, sizeof(*cmd));
	cmd->type = CONSOLE_DEFAULT;
	cmd->escape = CMDLINE_DEFAULT_ESCAPE;
	cmd->notify_fd = -1;
}

/* What only makes sense together, once every argument is in. */
static int check_combination(const struct cmdline *cmd, bool have_domid,
			     char *why, size_t why_len)
{
	if ((cmd->json || cmd->stats_socket) && !cmd->stats)
		return cmdline_invalid(why, why_len, "%s needs --stats", cmd->json ?
			      "--json" : "--stats-socket");
	if (cmd->json && have_domid)
		return cmdline_invalid(why, why_len, "--json prints every guest: "
			      "give no DOMID");
	if (!have_domid && !cmd->help && !cmd->stats)
		return cmdline_invalid(why, why_len, "DOMID missing");
	return 0;
}

int cmdline_parse(int argc, char *argv[], struct cmdline *cmd,
		  char *why, size_t why_len)
{
	bool have_domid = false;
	int opt, rc;

	set_defaults(cmd);
	optind = 0;		/* glibc: full re-initialisation */
	opterr = 0;		/* we word the errors ourselves */
	while ((opt = getopt_long(argc, argv, short_options, long_options,
				  NULL)) != -1) {
		if (opt == '?' || opt == ':')
			return reject_option(opt, argv, why, why_len);
		if (opt == 1)
			rc = parse_domid(optarg, cmd, &have_domid, why,
					 why_len);
		else
			rc = apply_option(opt, optarg, cmd, why, why_len);
		if (rc)
			return rc;
	}
	/* Whatever follows "--" */
	for (; optind < argc; optind++) {
		rc = parse_domid(argv[optind], cmd, &have_domid, why, why_len);
		if (rc)
			return rc;
	}
	return check_combination(cmd, have_domid, why, why_len);
}

void cmdline_usage(FILE *out, const char *prog)
{
	fprintf(out,
		"Usage: %s [OPTION]... DOMID\n"
		"  or:  %s --stats [--stats-socket PATH] [--json | DOMID]\n"
		"Attach to a domain's console, or show what its consoles\n"
		"cost in xenconsoled.\n"
		"\n"
		"  -h, --help              display this help and exit\n"
		"  -n, --num N             use console number N (default 0)\n"
		"  -t, --type TYPE         pv, serial or vuart (default:\n"
		"                          serial if the guest is HVM or\n"
		"                          Arm and has one, else pv)\n"
		"  -e, --escape C          detach on character C, or ^X\n"
		"                          for a control key (default ^])\n"
		"      --start-notify-fd N write a byte to fd N once attached\n"
		"      --interactive       forward standard input even if\n"
		"                          it is not a terminal\n"
		"      --stats             print xenconsoled's per-console\n"
		"                          statistics of DOMID, or of every\n"
		"                          guest\n"
		"      --stats-socket PATH where xenconsoled serves them\n"
		"                          (default " CMDLINE_STATS_SOCKET ")\n"
		"      --json              print the daemon's JSON document\n"
		"                          unchanged\n",
		prog, prog);
}
