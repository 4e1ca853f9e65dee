/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Console log files: one per console (guest-NAME.log, guest-NAME-vuart0.log)
 * plus hypervisor.log, inside one log directory held open as a dirfd.
 *
 * Names are made safe for any domain name; files are opened without
 * following symlinks and refused unless they are plain files with one
 * link.  Each log keeps its own line state, so timestamps are per
 * console (stock xenconsoled shares one flag between all guests).
 * Optional size-capped rotation (name.log -> name.log.1 -> ... .N), and
 * reopen by name for logrotate on SIGHUP.  Knows nothing of Xen.
 */
#ifndef LOGFILE_H
#define LOGFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* Longest file name we make: NAME_MAX less room for ".log.NNN". */
#define LOGFILE_NAME_MAX	240

struct logfile_config {
	int dirfd;			/* the log directory */
	bool timestamps;		/* "[%Y-%m-%d %H:%M:%S] " per line */
	bool replace_escape;		/* ESC becomes '.' (logs only) */
	uint64_t max_size;		/* rotate beyond this; 0: never */
	unsigned int backups;		/* rotated files kept */
};

struct logfile_stats {
	uint64_t bytes;			/* guest bytes written */
	uint64_t lost;			/* guest bytes a failed write lost */
	uint64_t rotations;
	uint64_t errors;		/* failed writes, opens, renames */
};

struct logfile {
	const struct logfile_config *config;
	int fd;				/* -1 when closed */
	char name[LOGFILE_NAME_MAX + 1];
	uint64_t size;			/* bytes in the current file */
	uint64_t ino;			/* the current file's inode */
	uint64_t size_at_open;		/* before anything of ours went in */
	bool at_line_start;		/* the next byte gets a timestamp */
	bool after_newline;		/* drop '\r' directly after '\n' */
	struct logfile_stats stats;
};

/*
 * Build "<prefix><domain name><suffix>.log" with the name made safe:
 * bytes other than printable ASCII, '/', '%' and a leading '.' become
 * %XX; a name too long is cut and tagged with a hash of the whole, so
 * distinct names give distinct files.  Returns 0 or -ENAMETOOLONG when
 * prefix and suffix alone do not fit.
 */
int logfile_make_name(char *buf, size_t len, const char *prefix,
		      const char *domain_name, const char *suffix);

/* Open (create, append) name in config->dirfd.  0 or -errno. */
int logfile_open(struct logfile *lf, const struct logfile_config *config,
		 const char *name);

/* Close and open again under name (a renamed domain, or SIGHUP). */
int logfile_reopen(struct logfile *lf, const char *name);

void logfile_close(struct logfile *lf);

/*
 * Append guest output, timestamped as configured with now.  Rotates first
 * if the file would grow past max_size.  0, or -errno after counting the
 * bytes lost in stats.lost.
 */
int logfile_write(struct logfile *lf, const void *data, size_t len,
		  time_t now);

/* A place in a log: the file, and its size at one moment. */
struct logfile_mark {
	uint64_t ino, size;
};

/* Where the next byte written goes. */
struct logfile_mark logfile_mark(const struct logfile *lf);

/*
 * Whether bytes written after mark (by an earlier process, say) reached
 * the file, as far as what this one found when it opened it tells: the
 * same file, grown past the mark before anything of ours went in.  False
 * when it cannot tell: another file, or none open.
 */
bool logfile_written_after(const struct logfile *lf, struct logfile_mark mark);

/*
 * Append a line of the daemon's own ("[xenconsoled: ...]"), on a line of
 * its own: used to say where and how many bytes were dropped.
 */
__attribute__((format(printf, 3, 4)))
int logfile_note(struct logfile *lf, time_t now, const char *fmt, ...);

#endif
