// SPDX-License-Identifier: GPL-2.0-only
/*
 * Console log files (see logfile.h).  Output is transformed (timestamps,
 * CR stripping after LF as stock xenconsoled does with timestamps, ESC
 * replacement) into a local buffer and written in large chunks, not a
 * write() per line.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "logfile.h"

#define TIMESTAMP_MAX	32
#define CHUNK		8192

/* ---- names ---------------------------------------------------------------- */

static bool plain_byte(unsigned char c, bool first)
{
	if (c <= ' ' || c >= 0x7f || c == '/' || c == '%')
		return false;
	return !(first && c == '.');	/* no hidden files, no "." or ".." */
}

static size_t encoded_len(const char *name)
{
	size_t n = 0;

	for (size_t i = 0; name[i]; i++)
		n += plain_byte((unsigned char)name[i], i == 0) ? 1 : 3;
	return n;
}

/* FNV-1a: tags a shortened name so distinct long names stay distinct. */
static uint32_t name_hash(const char *name)
{
	uint32_t h = 2166136261u;

	for (; *name; name++)
		h = (h ^ (unsigned char)*name) * 16777619u;
	return h;
}

/* Encode name into out, whole units only, using at most room bytes. */
static size_t encode(char *out, size_t room, const char *name)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t used = 0;

	for (size_t i = 0; name[i]; i++) {
		unsigned char c = (unsigned char)name[i];

		if (plain_byte(c, i == 0)) {
			if (used + 1 > room)
				break;
			out[used++] = (char)c;
			continue;
		}
		if (used + 3 > room)
			break;
		out[used++] = '%';
		out[used++] = hex[c >> 4];
		out[used++] = hex[c & 15];
	}
	return used;
}

int logfile_make_name(char *buf, size_t len, const char *prefix,
		      const char *domain_name, const char *suffix)
{
	static const char tail[] = ".log";
	size_t limit = len - 1 < LOGFILE_NAME_MAX ? len - 1 : LOGFILE_NAME_MAX;
	size_t fixed = strlen(prefix) + strlen(suffix) + strlen(tail);
	size_t room, used;
	bool cut;

	if (len == 0 || fixed + 10 > limit)
		return -ENAMETOOLONG;
	room = limit - fixed;
	cut = encoded_len(domain_name) > room;
	if (cut)
		room -= 9;		/* "~" and 8 hex digits */
	used = strlen(prefix);
	memcpy(buf, prefix, used);
	used += encode(buf + used, room, domain_name);
	if (cut)
		used += (size_t)sprintf(buf + used, "~%08x", name_hash(domain_name));
	sprintf(buf + used, "%s%s", suffix, tail);
	return 0;
}

/* ---- files ---------------------------------------------------------------- */

/* No symlink, and only a plain file with one link: nothing planted. */
static int open_in_dir(int dirfd, const char *name, uint64_t *size,
		       uint64_t *ino)
{
	struct stat st;
	int fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW |
			O_NONBLOCK | O_CLOEXEC | O_NOCTTY, 0644);

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_nlink != 1) {
		close(fd);
		return -EPERM;
	}
	*size = (uint64_t)st.st_size;
	*ino = (uint64_t)st.st_ino;
	return fd;
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

struct emitter {
	struct logfile *lf;
	char buf[CHUNK + TIMESTAMP_MAX + 1];
	size_t used;
	char stamp[TIMESTAMP_MAX];
	size_t stamp_len;
	int rc;
};

static void flush(struct emitter *e)
{
	int rc;

	if (!e->used || e->rc)
		return;
	rc = write_all(e->lf->fd, e->buf, e->used);
	if (rc == 0)
		e->lf->size += e->used;
	e->rc = rc;
	e->used = 0;
}

/* One input byte through the log's line state into the chunk. */
static void emit_byte(struct emitter *e, unsigned char c)
{
	struct logfile *lf = e->lf;
	const struct logfile_config *cfg = lf->config;

	if (lf->after_newline && c == '\r')
		return;
	lf->after_newline = false;
	if (lf->at_line_start && cfg->timestamps) {
		memcpy(e->buf + e->used, e->stamp, e->stamp_len);
		e->used += e->stamp_len;
	}
	lf->at_line_start = c == '\n';
	lf->after_newline = c == '\n' && cfg->timestamps;
	e->buf[e->used++] = (c == 0x1b && cfg->replace_escape) ? '.' : (char)c;
	if (e->used >= CHUNK)
		flush(e);
}

/* Nothing to transform: write the caller's bytes as they are. */
static int emit_verbatim(struct logfile *lf, const char *data, size_t len)
{
	int rc = write_all(lf->fd, data, len);

	if (rc == 0 && len) {
		lf->size += len;
		lf->at_line_start = data[len - 1] == '\n';
	}
	return rc;
}

static int emit(struct logfile *lf, const void *data, size_t len, time_t now)
{
	const unsigned char *p = data;
	struct emitter e;
	struct tm tm;

	if (lf->fd < 0)
		return -EBADF;
	if (!lf->config->timestamps && !lf->config->replace_escape)
		return emit_verbatim(lf, data, len);
	/* Not the 8 KiB buffer: this runs for every batch of output. */
	e.lf = lf;
	e.used = e.stamp_len = 0;
	e.rc = 0;
	if (lf->config->timestamps && localtime_r(&now, &tm))
		e.stamp_len = strftime(e.stamp, sizeof(e.stamp),
				       "[%Y-%m-%d %H:%M:%S] ", &tm);
	for (size_t i = 0; i < len && !e.rc; i++)
		emit_byte(&e, p[i]);
	flush(&e);
	return e.rc;
}

/* Open name as the current file, keeping the counters. */
static int open_named(struct logfile *lf, const char *name)
{
	int fd;

	if (strlen(name) > LOGFILE_NAME_MAX)
		return -ENAMETOOLONG;
	if (name != lf->name)
		strcpy(lf->name, name);
	fd = open_in_dir(lf->config->dirfd, name, &lf->size, &lf->ino);
	if (fd < 0) {
		lf->stats.errors++;
		return fd;
	}
	lf->fd = fd;
	lf->size_at_open = lf->size;
	lf->at_line_start = true;
	lf->after_newline = false;
	if (lf->config->timestamps)
		emit(lf, "Logfile Opened\n", 15, time(NULL));
	return 0;
}

int logfile_open(struct logfile *lf, const struct logfile_config *config,
		 const char *name)
{
	memset(lf, 0, sizeof(*lf));
	lf->fd = -1;
	lf->config = config;
	return open_named(lf, name);
}

void logfile_close(struct logfile *lf)
{
	if (lf->fd >= 0)
		close(lf->fd);
	lf->fd = -1;
}

int logfile_reopen(struct logfile *lf, const char *name)
{
	logfile_close(lf);
	return open_named(lf, name);
}

/* name.log -> name.log.1 -> ... -> name.log.N; the oldest is replaced. */
static int rotate(struct logfile *lf)
{
	const struct logfile_config *cfg = lf->config;
	char from[LOGFILE_NAME_MAX + 16], to[LOGFILE_NAME_MAX + 16];
	int rc;

	logfile_close(lf);
	if (cfg->backups == 0 && unlinkat(cfg->dirfd, lf->name, 0) < 0 &&
	    errno != ENOENT)
		lf->stats.errors++;
	for (unsigned int i = cfg->backups; i >= 1; i--) {
		snprintf(from, sizeof(from), i == 1 ? "%s" : "%s.%u", lf->name, i - 1);
		snprintf(to, sizeof(to), "%s.%u", lf->name, i);
		if (renameat(cfg->dirfd, from, cfg->dirfd, to) < 0 && errno != ENOENT)
			lf->stats.errors++;
	}
	rc = open_named(lf, lf->name);
	if (rc == 0)
		lf->stats.rotations++;
	return rc;
}

int logfile_write(struct logfile *lf, const void *data, size_t len,
		  time_t now)
{
	uint64_t max = lf->config->max_size;
	int rc = 0;

	if (max && lf->size && lf->size + len > max)
		rc = rotate(lf);
	if (rc == 0)
		rc = emit(lf, data, len, now);
	if (rc) {
		lf->stats.lost += len;
		lf->stats.errors++;
		return rc;
	}
	lf->stats.bytes += len;
	return 0;
}

int logfile_note(struct logfile *lf, time_t now, const char *fmt, ...)
{
	char line[256];
	va_list ap;
	int n = 0;

	if (!lf->at_line_start)
		line[n++] = '\n';
	n += snprintf(line + n, sizeof(line) - (size_t)n, "[xenconsoled: ");
	va_start(ap, fmt);
	n += vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	va_end(ap);
	if ((size_t)n > sizeof(line) - 3)
		n = (int)sizeof(line) - 3;
	line[n++] = ']';
	line[n++] = '\n';
	return emit(lf, line, (size_t)n, now);
}

struct logfile_mark logfile_mark(const struct logfile *lf)
{
	return (struct logfile_mark){ lf->ino, lf->size };
}

bool logfile_written_after(const struct logfile *lf, struct logfile_mark mark)
{
	return lf->fd >= 0 && lf->ino == mark.ino &&
	       lf->size_at_open > mark.size;
}
