// SPDX-License-Identifier: GPL-2.0-only
/*
 * Console log files: safe names for hostile domain names, refusal of
 * planted symlinks, hard links and FIFOs, per-console timestamps and CR
 * stripping, ESC replacement, rotation, reopen after logrotate, notes,
 * and counted loss on a failing disk.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "logfile.h"
#include "tap.h"

#define T0	1700000000	/* 2023-11-14 22:13:20 UTC */
#define STAMP	"[2023-11-14 22:13:20] "

static char dir[64];
static int dirfd_;

static const char *slurp(const char *name)
{
	static char buf[4096];
	int fd = openat(dirfd_, name, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

	if (fd >= 0)
		close(fd);
	buf[n < 0 ? 0 : n] = 0;
	return n < 0 ? "(missing)" : buf;
}

static void test_names(void)
{
	char a[300], b[300], long1[400], long2[400];

	logfile_make_name(a, sizeof(a), "guest-", "web-1", "");
	ok(!strcmp(a, "guest-web-1.log"), "ordinary names unchanged: %s", a);
	logfile_make_name(a, sizeof(a), "guest-", "web-1", "-vuart0");
	ok(!strcmp(a, "guest-web-1-vuart0.log"), "vuart suffix: %s", a);
	logfile_make_name(a, sizeof(a), "guest-", "../../etc/x", "");
	ok(!strcmp(a, "guest-%2E.%2F..%2Fetc%2Fx.log"), "dots and slashes: %s", a);
	logfile_make_name(a, sizeof(a), "guest-", "a b\x01\x1b%\xc3\xa9", "");
	ok(!strcmp(a, "guest-a%20b%01%1B%25%C3%A9.log"),
	   "space, control, ESC, percent, UTF-8 encoded: %s", a);
	memset(long1, 'x', 300);
	long1[300] = 0;
	strcpy(long2, long1);
	long2[299] = 'y';
	logfile_make_name(a, sizeof(a), "guest-", long1, "-vuart0");
	logfile_make_name(b, sizeof(b), "guest-", long2, "-vuart0");
	ok(strlen(a) <= LOGFILE_NAME_MAX && strchr(a, '~'), "long name cut and tagged");
	ok(strcmp(a, b) != 0, "long names differing at the end stay distinct");
	ok(!strcmp(a + strlen(a) - 11, "-vuart0.log"), "suffix kept on a long name");
	is_num((uint64_t)-logfile_make_name(a, 8, "guest-", "x", ""), ENAMETOOLONG,
	       "too small a buffer is an error");
}

static void test_plain_and_timestamps(void)
{
	struct logfile_config plain = { .dirfd = dirfd_ };
	struct logfile_config ts = { .dirfd = dirfd_, .timestamps = true };
	struct logfile a, b;

	logfile_open(&a, &plain, "plain.log");
	logfile_write(&a, "hello\r\nworld\n", 13, T0);
	logfile_close(&a);
	ok(!strcmp(slurp("plain.log"), "hello\r\nworld\n"),
	   "without timestamps bytes are written verbatim");

	logfile_open(&a, &ts, "ts-a.log");
	logfile_open(&b, &ts, "ts-b.log");
	logfile_write(&a, "partial", 7, T0);
	logfile_write(&b, "line\n", 5, T0);
	logfile_write(&a, " rest\n\r\r", 8, T0);
	logfile_write(&a, "\rnext\n", 6, T0);
	logfile_close(&a);
	logfile_close(&b);
	const char *got = slurp("ts-a.log");
	const char *nl = strchr(got, '\n');
	ok(nl && !strncmp(nl - 16, "] Logfile Opened", 16), "Logfile Opened first");
	ok(nl && !strcmp(nl + 1, STAMP "partial rest\n" STAMP "next\n"),
	   "per-console line state; CRs after LF stripped across writes");
	nl = strchr(slurp("ts-b.log"), '\n');
	ok(nl && !strcmp(nl + 1, STAMP "line\n"), "the other console unaffected");
}

static void test_replace_escape(void)
{
	struct logfile_config cfg = { .dirfd = dirfd_, .replace_escape = true };
	struct logfile lf;

	logfile_open(&lf, &cfg, "esc.log");
	logfile_write(&lf, "\x1b[31mred\x1b[0m\n", 14, T0);
	logfile_close(&lf);
	ok(!strcmp(slurp("esc.log"), ".[31mred.[0m\n"), "ESC replaced by '.'");
}

static void test_planted(void)
{
	struct logfile_config cfg = { .dirfd = dirfd_ };
	struct logfile lf;
	char target[128];
	int fd;

	snprintf(target, sizeof(target), "%s-target", dir);
	fd = open(target, O_CREAT | O_WRONLY | O_TRUNC, 0600);
	close(fd);
	ok(!symlinkat(target, dirfd_, "guest-evil.log"), "planted a symlink");
	is_num((uint64_t)-logfile_open(&lf, &cfg, "guest-evil.log"), ELOOP,
	       "a planted symlink is refused");
	ok(!linkat(AT_FDCWD, target, dirfd_, "guest-hard.log", 0),
	   "planted a hard link");
	is_num((uint64_t)-logfile_open(&lf, &cfg, "guest-hard.log"), EPERM,
	       "a planted hard link is refused");
	mkfifoat(dirfd_, "guest-fifo.log", 0600);
	ok(logfile_open(&lf, &cfg, "guest-fifo.log") < 0, "a planted FIFO is refused, no hang");
	struct stat st;
	ok(stat(target, &st) == 0 && st.st_size == 0, "the target was never written");
	unlink(target);
}

static void test_rotation(void)
{
	struct logfile_config cfg = { .dirfd = dirfd_, .max_size = 100, .backups = 2 };
	struct logfile lf;
	char chunk[61];

	logfile_open(&lf, &cfg, "rot.log");
	for (int i = 0; i < 5; i++) {
		memset(chunk, '0' + i, 60);
		chunk[59] = '\n';
		chunk[60] = 0;
		logfile_write(&lf, chunk, 60, T0);
	}
	logfile_close(&lf);
	is_num(lf.stats.rotations, 4, "four rotations for five 60-byte writes at 100");
	ok(slurp("rot.log")[0] == '4' && slurp("rot.log.1")[0] == '3' &&
	   slurp("rot.log.2")[0] == '2', "newest in .log, then .1, .2");
	ok(!strcmp(slurp("rot.log.3"), "(missing)"), "no more than 2 backups kept");
	is_num(lf.stats.bytes, 300, "every byte counted");

	struct logfile_config trunc = { .dirfd = dirfd_, .max_size = 100 };
	logfile_open(&lf, &trunc, "trunc.log");
	logfile_write(&lf, chunk, 60, T0);
	memset(chunk, 'z', 60);
	logfile_write(&lf, chunk, 60, T0);
	logfile_close(&lf);
	ok(slurp("trunc.log")[0] == 'z' && strlen(slurp("trunc.log")) == 60,
	   "no backups: the log starts over");
}

static void test_reopen_and_note(void)
{
	struct logfile_config cfg = { .dirfd = dirfd_ };
	struct logfile lf;

	logfile_open(&lf, &cfg, "hup.log");
	logfile_write(&lf, "before\n", 7, T0);
	renameat(dirfd_, "hup.log", dirfd_, "hup.log.old");	/* logrotate */
	logfile_reopen(&lf, "hup.log");
	logfile_write(&lf, "abc", 3, T0);
	logfile_note(&lf, T0, "dropped %u bytes from the pty", 5u);
	logfile_write(&lf, "def\n", 4, T0);
	logfile_close(&lf);
	ok(!strcmp(slurp("hup.log.old"), "before\n"), "renamed file keeps the old data");
	ok(!strcmp(slurp("hup.log"),
		   "abc\n[xenconsoled: dropped 5 bytes from the pty]\ndef\n"),
	   "reopen creates a new file; a note gets a line of its own");
}

static void test_write_failure(void)
{
	struct logfile_config cfg = { .dirfd = dirfd_ };
	struct logfile lf;
	int full = open("/dev/full", O_WRONLY);

	logfile_open(&lf, &cfg, "full.log");
	if (full < 0 || dup2(full, lf.fd) < 0) {
		ok(false, "cannot stage /dev/full");
		return;
	}
	close(full);
	ok(logfile_write(&lf, "lost", 4, T0) == -ENOSPC, "a full disk is reported");
	ok(lf.stats.lost == 4 && lf.stats.errors == 1, "...and the loss counted");
	logfile_close(&lf);
}

/* The test directory holds only plain entries. */
static void remove_dir(void)
{
	DIR *d = fdopendir(dirfd_);
	struct dirent *e;

	while (d && (e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			unlinkat(dirfd_, e->d_name, 0);
	if (d)
		closedir(d);
	rmdir(dir);
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	snprintf(dir, sizeof(dir), "/tmp/logfile-test.XXXXXX");
	if (!mkdtemp(dir) || (dirfd_ = open(dir, O_DIRECTORY | O_RDONLY)) < 0) {
		ok(false, "temporary directory");
		return tap_done();
	}
	test_names();
	test_plain_and_timestamps();
	test_replace_escape();
	test_planted();
	test_rotation();
	test_reopen_and_note();
	test_write_failure();
	remove_dir();
	return tap_done();
}
