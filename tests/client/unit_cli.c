// SPDX-License-Identifier: GPL-2.0-only
/*
 * The xenconsole binary's answers when it cannot start, all reached
 * without Xen: a bad command line gives EINVAL (22, as stock) and exactly
 * one "xenconsole: ..." line on stderr, --help prints every option on
 * stdout, a closed --start-notify-fd is refused before connecting, and an
 * unreachable xenstored gives status 1 and one line.
 */
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"

#define MAX_ARGS 8

struct run {
	int status;		/* exit status, or -1 if it did not exit */
	char out[4096];
	char err[4096];
};

static void slurp(FILE *f, char *buf, size_t size)
{
	size_t n;

	rewind(f);
	n = fread(buf, 1, size - 1, f);
	buf[n] = 0;
	fclose(f);
}

static void child(char *const argv[], FILE *out, FILE *err)
{
	/* Nowhere to connect to: xs_open() tries this path only. */
	char *const envp[] = { "XENSTORED_PATH=/nonexistent/xenstored", NULL };

	dup2(fileno(out), STDOUT_FILENO);
	dup2(fileno(err), STDERR_FILENO);
	close_range(3, ~0U, 0);
	execve(argv[0], argv, envp);
	_exit(127);
}

/* Run the client with the NULL-terminated arguments, stdin closed. */
static void run(struct run *r, char *const args[])
{
	char *argv[MAX_ARGS + 2] = { XENCONSOLE_BIN };
	FILE *out = tmpfile(), *err = tmpfile();
	int i, wstatus;
	pid_t pid;

	for (i = 0; args[i] && i < MAX_ARGS; i++)
		argv[i + 1] = args[i];
	if (!out || !err) {
		perror("tmpfile");
		exit(1);
	}
	pid = fork();
	if (pid == 0)
		child(argv, out, err);
	waitpid(pid, &wstatus, 0);
	r->status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1;
	slurp(out, r->out, sizeof(r->out));
	slurp(err, r->err, sizeof(r->err));
}

static bool one_line(const char *s, const char *part)
{
	const char *nl = strchr(s, '\n');

	return !strncmp(s, "xenconsole: ", 12) && nl && !nl[1] &&
	       strstr(s, part) && strstr(s, part) < nl;
}

/* Exit @status, nothing on stdout, one stderr line containing @part. */
static void expect_failure(char *const args[], int status, const char *part,
			   const char *what)
{
	struct run r;

	run(&r, args);
	is_num(r.status, status, "%s: exit status", what);
	ok(!r.out[0] && one_line(r.err, part), "%s: one line: %.*s", what,
	   (int)strcspn(r.err, "\n"), r.err);
}

static void test_usage_errors(void)
{
	expect_failure((char *[]){ NULL }, 22, "DOMID missing", "no DOMID");
	expect_failure((char *[]){ "0", NULL }, 22, "domain 0", "DOMID 0");
	expect_failure((char *[]){ "dom1", NULL }, 22, "invalid DOMID",
		       "a name for DOMID");
	expect_failure((char *[]){ "--type", "hvc", "1", NULL }, 22,
		       "invalid console type 'hvc'", "bad --type");
	expect_failure((char *[]){ "-e", "^xx", "1", NULL }, 22,
		       "invalid escape '^xx'", "bad --escape");
	expect_failure((char *[]){ "-n", "one", "1", NULL }, 22,
		       "invalid console number 'one'", "bad --num");
	expect_failure((char *[]){ "--frobnicate", "1", NULL }, 22,
		       "unknown option '--frobnicate'", "unknown option");
	expect_failure((char *[]){ "1", "--type", NULL }, 22,
		       "option '--type' needs an argument", "missing value");
	/* The child has nothing open beyond 2. */
	expect_failure((char *[]){ "1", "--start-notify-fd", "9", NULL }, 22,
		       "--start-notify-fd 9", "closed notify fd");
}

static void test_help(void)
{
	static const char *const options[] = {
		"--help", "--num", "--type", "--escape", "--start-notify-fd",
		"--interactive", "DOMID",
	};
	struct run r;
	size_t i;

	run(&r, (char *[]){ "--help", NULL });
	is_num(r.status, 0, "--help: exit status 0");
	ok(!r.err[0], "--help: nothing on stderr");
	for (i = 0; i < sizeof(options) / sizeof(options[0]); i++)
		ok(strstr(r.out, options[i]) != NULL, "--help mentions %s",
		   options[i]);
	run(&r, (char *[]){ "-h", NULL });
	ok(r.status == 0 && strstr(r.out, "Usage: xenconsole"),
	   "-h: the same usage");
}

static void test_no_xenstore(void)
{
	expect_failure((char *[]){ "--type", "pv", "3", NULL }, 1,
		       "cannot connect to xenstore", "no xenstored");
}

int main(void)
{
	test_usage_errors();
	test_help();
	test_no_xenstore();
	return tap_done();
}
