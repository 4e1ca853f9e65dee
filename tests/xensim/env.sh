# SPDX-License-Identifier: GPL-2.0-only
#
# A private simulated Xen for one test: source this file (bash), then
#
#   xensim_enter_namespace "$0" "$@"  re-exec the test in a private mount
#                                     namespace (a user namespace too when
#                                     not root); call first
#   xensim_start                      hypervisor + stock xenstored (real
#                                     dom0 initialisation, no -D)
#   xensim_spawn NAME CMD...          run CMD in the background with the
#                                     simulated libraries; pid kept as NAME,
#                                     stdin from $XENSIM_STDIN (/dev/null),
#                                     stdout/stderr in $XENSIM_DIR/NAME.*
#   xensim_kill NAME [SIGNAL]         signal it (default TERM) and reap it
#   xensim_wait TIMEOUT_S CMD...      retry CMD every 50 ms until it
#                                     succeeds; non-zero on timeout
#   xensim_stop                       kill everything spawned, remove state
#
# Exported for the test: XENSIM_DIR (state: hv.sock, mem/, logs),
# XENSTORED_PATH (xenstored's socket), XENSIM_BIN (our binaries),
# XENSIM_STOCK (unpacked Debian root), XENSIM_LIBDIR.  Nothing here touches
# the host's /var/run/xenstored, /var/log/xen or /proc/xen.

XENSIM_BUILD=${XENSIM_BUILD:-build}
XENSIM_BIN=$XENSIM_BUILD/tests/xensim
XENSIM_LIBDIR=$XENSIM_BIN/lib
export XENSIM_BIN XENSIM_LIBDIR

xensim_enter_namespace() {
	[ -n "${XENSIM_IN_NS:-}" ] && return 0
	export XENSIM_IN_NS=1
	if [ "$(id -u)" -eq 0 ]; then
		exec unshare -m --propagation private bash "$@"
	fi
	exec unshare -U -r -m --propagation private bash "$@"
}

xensim_wait() {
	local deadline=$(( $(date +%s%N) / 1000000 + $1 * 1000 ))
	shift
	until "$@" 2>/dev/null; do
		[ $(( $(date +%s%N) / 1000000 )) -lt "$deadline" ] || return 1
		sleep 0.05
	done
}

# xensim_has_open PID PATH: the process holds PATH open (a client that
# has attached to its pty, say).
xensim_has_open() {
	local fd

	for fd in /proc/"$1"/fd/*; do
		[ "$(readlink "$fd" 2>/dev/null)" = "$2" ] && return 0
	done
	return 1
}

xensim_spawn() {
	local name=$1
	shift
	LD_LIBRARY_PATH=$XENSIM_LIBDIR "$@" <"${XENSIM_STDIN:-/dev/null}" \
		>"$XENSIM_DIR/$name.out" 2>"$XENSIM_DIR/$name.err" &
	echo $! >"$XENSIM_DIR/pids/$name"
}

xensim_kill() {
	local pidfile=$XENSIM_DIR/pids/$1 pid
	[ -f "$pidfile" ] || return 0
	pid=$(cat "$pidfile")
	kill "-${2:-TERM}" "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	rm -f "$pidfile"
}

# xenstored reads its dom0 ring and port from /proc/xen/xsd_kva and
# /proc/xen/xsd_port.  It alone runs with a tmpfs over /proc holding them
# (links to the hypervisor's dom0 page and port files).
xensim_run_xenstored() {
	local d=$XENSIM_DIR
	xensim_spawn xenstored unshare -m --propagation private sh -c '
		mount -t tmpfs -o size=64k,mode=755 xensim /proc &&
		mkdir /proc/xen &&
		ln -s "$1/mem/d0/39001" /proc/xen/xsd_kva &&
		cp "$1/xsd_port" /proc/xen/xsd_port &&
		exec "$2" --no-fork --pid-file "$1/xenstored.pid"' \
		sh "$d" "$XENSIM_STOCK/usr/lib/xen-4.17/bin/xenstored"
}

xensim_start() {
	XENSIM_STOCK=$(sh tests/xensim/stock.sh) || return 1
	XENSIM_DIR=$(mktemp -d /tmp/xensim.XXXXXX) || return 1
	XENSTORED_PATH=$XENSIM_DIR/xenstored/socket
	export XENSIM_STOCK XENSIM_DIR XENSTORED_PATH
	export XENSTORED_RUNDIR=$XENSIM_DIR/xenstored
	mkdir -p "$XENSIM_DIR/pids" "$XENSIM_DIR/xenstored" "$XENSIM_DIR/log"
	# A private /run/lock: xenconsole takes /var/lock/xenconsole.DOMID.
	# Only inside our own mount namespace, never over the host's.
	[ -n "${XENSIM_IN_NS:-}" ] &&
		mount -t tmpfs xensim-lock /run/lock 2>/dev/null
	# A private /run/xen: the daemon's pid file, state and control socket.
	mkdir -p /run/xen 2>/dev/null
	mount -t tmpfs xensim-run /run/xen 2>/dev/null
	xensim_spawn hv "$XENSIM_BIN/xensim-hv" "$XENSIM_DIR"
	xensim_wait 5 test -S "$XENSIM_DIR/hv.sock" || return 1
	xensim_run_xenstored
	xensim_wait 5 test -S "$XENSTORED_PATH" || return 1
}

xensim_stop() {
	local f
	[ -n "${XENSIM_DIR:-}" ] && [ -d "$XENSIM_DIR/pids" ] || return 0
	for f in "$XENSIM_DIR"/pids/*; do
		[ -f "$f" ] && [ "${f##*/}" != hv ] && xensim_kill "${f##*/}"
	done
	xensim_kill hv
	rm -rf "$XENSIM_DIR"
}

# A test's whole prologue: private namespace, a started simulation torn
# down on exit (bails with TAP's "Bail out!" when it cannot start).
xensim_test_setup() {
	xensim_enter_namespace "$0" "$@"
	trap xensim_stop EXIT
	xensim_start || bail "cannot start the simulated Xen"
}

# The console daemon under test: $XENCONSOLED if set, else Debian's stock
# one.  Scenario tests run against both and expect what each should do.
xensim_consoled() {
	echo "${XENCONSOLED:-$(xensim_stock_bin xenconsoled)}"
}

xensim_consoled_is_stock() {
	[ -z "${XENCONSOLED:-}" ]
}

# The stock client and tools, by name.
xensim_stock_bin() {
	case $1 in
	xenstore*) echo "$XENSIM_STOCK/usr/bin/$1" ;;
	*) echo "$XENSIM_STOCK/usr/lib/xen-4.17/bin/$1" ;;
	esac
}

xs_read() {
	LD_LIBRARY_PATH=$XENSIM_LIBDIR "$(xensim_stock_bin xenstore-read)" "$@"
}
