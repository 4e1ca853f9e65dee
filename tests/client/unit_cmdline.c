// SPDX-License-Identifier: GPL-2.0-only
/*
 * xenconsole's command line parser alone: the invocations xl makes
 * (DOMID first, then --num/--type/--start-notify-fd/--escape), the short
 * forms, escape parsing as in stock 4.18, and the one-line reasons for
 * everything it refuses, and the --stats options.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"
#include "tap.h"

#define MAX_ARGS 16

static struct cmdline cmd;
static char why[256];

/* Parse the NULL-terminated arguments after the program name. */
static int parse(const char *first, ...)
{
	char *argv[MAX_ARGS + 2] = { "xenconsole" };
	const char *arg = first;
	int argc = 1;
	va_list ap;

	va_start(ap, first);
	while (arg && argc <= MAX_ARGS) {
		argv[argc++] = (char *)(uintptr_t)arg;
		arg = va_arg(ap, const char *);
	}
	va_end(ap);
	why[0] = 0;
	return cmdline_parse(argc, argv, &cmd, why, sizeof(why));
}

/* Refused with -EINVAL and a reason containing @part, on one line. */
static void refused(int rc, const char *part, const char *what)
{
	ok(rc == -EINVAL && strstr(why, part) && !strchr(why, '\n'),
	   "%s: refused (\"%s\")", what, why);
}

static void test_defaults(void)
{
	is_num(parse("7", NULL), 0, "DOMID alone");
	is_num(cmd.domid, 7, "domid");
	is_num(cmd.num, 0, "num defaults to 0");
	is_num(cmd.type, CONSOLE_DEFAULT, "type left to the client");
	is_hex(cmd.escape, 0x1d, "escape defaults to ^]");
	is_num(cmd.notify_fd, (uint64_t)-1, "no notify fd");
	ok(!cmd.interactive && !cmd.help, "not interactive, no help");
}

static void test_xl_invocation(void)
{
	/* libxl_console_exec(): DOMID first. */
	is_num(parse("12", "--num", "1", "--type", "vuart",
		     "--start-notify-fd", "9", "--escape", "^a", NULL), 0,
	       "xl's argument order");
	is_num(cmd.domid, 12, "domid");
	is_num(cmd.num, 1, "num");
	is_num(cmd.type, CONSOLE_VUART, "type vuart");
	is_num(cmd.notify_fd, 9, "notify fd");
	is_hex(cmd.escape, 0x01, "escape ^a");

	is_num(parse("-n", "2", "-t", "serial", "-e", "x", "--interactive",
		     "3", NULL), 0, "short forms, DOMID last");
	ok(cmd.num == 2 && cmd.type == CONSOLE_SERIAL && cmd.escape == 'x' &&
	   cmd.interactive && cmd.domid == 3, "short forms parsed");

	is_num(parse("--type=pv", "--num=0", "--", "32751", NULL), 0,
	       "--opt=value and --");
	ok(cmd.type == CONSOLE_PV && cmd.domid == 32751,
	   "pv, highest ordinary domid");

	is_num(parse("-h", NULL), 0, "-h needs no DOMID");
	ok(cmd.help, "help requested");
}

static void test_escape(void)
{
	is_hex(cmdline_parse_escape("^]"), 0x1d, "^] is 0x1d");
	is_hex(cmdline_parse_escape("^A"), 0x01, "^A is 0x01");
	is_hex(cmdline_parse_escape("^a"), 0x01, "^a is 0x01 too");
	is_hex(cmdline_parse_escape("^@"), 0x00, "^@ is NUL");
	is_hex(cmdline_parse_escape("^?"), 0x1f, "^? masks like stock");
	is_hex(cmdline_parse_escape("q"), 'q', "one character");
	is_hex(cmdline_parse_escape("^"), '^', "a lone ^ is itself");
	is_hex(cmdline_parse_escape("\xe9"), 0xe9, "a high byte");
	ok(cmdline_parse_escape("") == -EINVAL, "empty refused");
	ok(cmdline_parse_escape("ab") == -EINVAL, "two characters refused");
	ok(cmdline_parse_escape("^ab") == -EINVAL, "^ and two refused");
}

static void test_refusals(void)
{
	refused(parse(NULL), "DOMID missing", "no DOMID");
	refused(parse("0", NULL), "domain 0", "DOMID 0");
	refused(parse("32752", NULL), "invalid DOMID '32752'",
		"DOMID_FIRST_RESERVED");
	refused(parse("-5", NULL), "unknown option '-5'", "negative DOMID");
	refused(parse("5x", NULL), "invalid DOMID '5x'", "trailing junk");
	refused(parse(" 5", NULL), "invalid DOMID", "leading blank");
	refused(parse("5", "6", NULL), "unexpected argument '6'",
		"two DOMIDs");
	refused(parse("5", "--", "6", NULL), "unexpected argument '6'",
		"a second DOMID after --");
	refused(parse("--type", "hvc", "5", NULL),
		"invalid console type 'hvc'", "unknown type");
	refused(parse("--num", "-1", "5", NULL),
		"invalid console number '-1'", "negative num");
	refused(parse("--num", "99999999999", "5", NULL),
		"invalid console number", "num overflow");
	refused(parse("--escape", "ab", "5", NULL), "invalid escape 'ab'",
		"bad escape");
	refused(parse("--start-notify-fd", "x", "5", NULL),
		"invalid --start-notify-fd 'x'", "bad notify fd");
	refused(parse("--bogus", "5", NULL), "unknown option '--bogus'",
		"unknown long option");
	refused(parse("-x", "5", NULL), "unknown option '-x'",
		"unknown short option");
	refused(parse("5", "--num", NULL), "option '--num' needs an argument",
		"missing argument, long");
	refused(parse("5", "-t", NULL), "option '-t' needs an argument",
		"missing argument, short");
	refused(parse("--interactive=yes", "5", NULL),
		"option '--interactive' takes no argument",
		"argument to a flag");
}

/* --stats: DOMID optional, --json for every guest only. */
static void test_stats(void)
{
	is_num(parse("--stats", NULL), 0, "--stats alone");
	ok(cmd.stats && !cmd.json && cmd.domid == 0 && !cmd.stats_socket,
	   "--stats: every guest, default socket");
	is_num(parse("4", "--stats", "--stats-socket=/tmp/s", NULL), 0,
	   "DOMID --stats --stats-socket=PATH");
	ok(cmd.stats && cmd.domid == 4 && !strcmp(cmd.stats_socket, "/tmp/s"),
	   "domid 4, socket /tmp/s");
	is_num(parse("--stats", "--json", NULL), 0, "--stats --json");
	ok(cmd.stats && cmd.json, "json set");
	refused(parse("--json", NULL), "--json needs --stats", "--json alone");
	refused(parse("--stats-socket", "/s", "3", NULL),
		"--stats-socket needs --stats", "--stats-socket alone");
	refused(parse("--stats", "--json", "3", NULL), "give no DOMID",
		"--json with a DOMID");
	refused(parse("--stats", "--stats-socket=", NULL),
		"empty --stats-socket", "an empty socket path");
	refused(parse("--stats=1", NULL), "takes no argument",
		"--stats with an argument");
}

int main(void)
{
	test_defaults();
	test_xl_invocation();
	test_escape();
	test_refusals();
	test_stats();
	/* A refusal leaves nothing behind for the next parse. */
	is_num(parse("9", NULL), 0, "parses again after refusals");
	is_hex(cmd.escape, 0x1d, "with fresh defaults");
	return tap_done();
}
