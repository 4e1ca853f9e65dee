/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Confinement of a per-guest emulator process, after Xen's
 * docs/designs/qemu-deprivilege.md: a uid of its own per domain, an empty
 * root, private namespaces, resource limits, a reaper that kills every
 * process of a dead domain's uid; and, past that design, a seccomp
 * allowlist that kills the process on any other system call.
 *
 * The daemon looks the uid range up (confine_range_lookup), hands each
 * emulator its uid (confine_uid) and reaps a dead domain's uid
 * (confine_reap); the emulator restricts its Xen handles, then calls
 * confine_self before it reads its first guest request.
 */
#ifndef CONFINE_H
#define CONFINE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* The passwd users that set the range, as libxl's xen-qemuuser-range-base
 * and xen-qemuuser-reaper do for QEMU (tools/libs/light/libxl_dm.c). */
#define CONFINE_USER_RANGE_BASE	"xen-pl011-range-base"
#define CONFINE_USER_REAPER	"xen-pl011-reaper"

/*
 * Without an option or a passwd user: the first uid past systemd's
 * container range (524288-1879048191, systemd.io/UIDS-GIDS), which
 * nothing allocates: systemd leaves 1879048192-2147483647 unused but for
 * its foreign range at 2147352576 (0x7FFE0000), far above our 32753 uids;
 * Debian's useradd hands out subordinate ids only up to SUB_UID_MAX
 * 600100000 (login.defs(5)); and it stays below 2^31, where tools that
 * hold a uid in a signed int go wrong.
 */
#define CONFINE_DEFAULT_BASE	0x70000000u

/* uid and gid (the same number) of each guest's emulator, and the reaper's. */
struct confine_range {
	uid_t base;		/* domid D runs as base + D */
	uid_t reaper;		/* no emulator's: only confine_reap uses it */
	const char *source;	/* where base came from */
	const char *reaper_source;
};

/*
 * base_option < 0: none given.  The base is the option, else the uid of
 * passwd user CONFINE_USER_RANGE_BASE, else CONFINE_DEFAULT_BASE; the
 * reaper is passwd user CONFINE_USER_REAPER, else the uid just past the
 * range.  The range holds DOMID_FIRST_RESERVED uids, none of them root or
 * (uid_t)-1, and the reaper is outside it.  0 or -errno (-ERANGE: no such
 * range; -EINVAL: a reaper inside it or root).
 */
int confine_range_lookup(struct confine_range *r, long long base_option);

/* The uid (and gid) of domid's emulator; (uid_t)-1 for a reserved domid. */
uid_t confine_uid(const struct confine_range *r, uint32_t domid);

struct confine_plan {
	uid_t uid;
	gid_t gid;
	/*
	 * The new root: made if missing (mode 0555); refused unless it is a
	 * root-owned directory that no one else may write to, and empty.
	 */
	const char *empty_dir;
	/*
	 * The highest descriptor the process holds, and may ever hold: no
	 * new one above it, whether from accept4 or SCM_RIGHTS.
	 */
	int max_fd;
};

/*
 * Confine the calling process for good, after it restricted its Xen
 * handles and opened every descriptor it will need: tzset (so that
 * localtime_r keeps the zone), new mount, IPC and network namespaces
 * where the kernel lets us, chroot into the empty directory, resource
 * limits (no processes, no file writes, no core, no locked memory, no
 * descriptor above max_fd), no supplementary groups, the plan's uid and
 * gid in all three slots, no new privileges, not dumpable, no capability
 * left (checked), then the seccomp allowlist for every thread.
 *
 * RLIMIT_FSIZE 0 makes a write to a regular file raise SIGXFSZ: hold no
 * regular file to write to (a socket or pipe for stderr).
 *
 * Returns 0 or -errno, with why set to the failed step and its error.
 * On 0, why is empty when every step was taken, else it says which
 * namespaces the kernel refused (EPERM, EINVAL or ENOSPC: confinement
 * went on without them): a caller logs a non-empty why either way.
 */
int confine_self(const struct confine_plan *p, char *why, size_t why_len);

/*
 * Kill every process running as target (a dead domain's emulator and
 * whatever it forked), as libxl's kill_device_model_uid_child does: a
 * child with real uid reaper, effective uid target and saved uid root
 * sends kill(-1, SIGKILL), which reaches every process it may signal,
 * in one pass that no fork can race.  Waits for that child.  0 or
 * -errno; -EINVAL for root or target == reaper.  One reap at a time:
 * two reaper children share the reaper's uid, and would kill each other.
 */
int confine_reap(uid_t target, uid_t reaper);

#endif
