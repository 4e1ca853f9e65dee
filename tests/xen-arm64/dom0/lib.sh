# SPDX-License-Identifier: GPL-2.0-only
#
# Shared by dom0's /init and the scenario scripts (busybox sh).  Every line
# the harness parses starts with "XENTEST ": "XENTEST TAP <tap line>" for a
# check, "XENTEST TIME <name> <ms>" for a measured duration, "XENTEST
# <word> ..." for progress.  Scenario scripts print TAP through xentest_ok
# and return nonzero only for a broken setup.  /xentest/route.sh (written
# by mkimages.sh) says where the route puts the guest's PL011: XENTEST_PL011_*
# (BASE, SPI, TTY; KEYS=yes when dom0 must write serial/0 for it),
# XENTEST_VUART_TTY (Xen's SBSA UART, empty when the guest has none).
. /xentest/route.sh

xentest_line() {
	echo "XENTEST $*"
}

# Milliseconds since dom0 boot (dom0's clock: the only reliable one here).
xentest_ms() {
	awk '{ printf "%d", $1 * 1000 }' /proc/uptime
}

xentest_ok() {
	cond=$1
	shift
	if [ "$cond" -eq 0 ]; then
		xentest_line "TAP ok - $*"
	else
		xentest_line "TAP not ok - $*"
	fi
	[ "$cond" -eq 0 ]
}

# Run "$@" until it succeeds or $1 seconds have passed.
xentest_wait() {
	limit=$(( $(xentest_ms) + $1 * 1000 ))
	shift
	until "$@"; do
		[ "$(xentest_ms)" -ge "$limit" ] && return 1
		sleep 0.2
	done
}

# Wait up to $1 s for file $2 to contain the fixed string $3.
xentest_wait_text() {
	xentest_wait "$1" grep -qF "$3" "$2" 2>/dev/null
}

xentest_time() {
	xentest_line "TIME $1 $(( $(xentest_ms) - $2 ))"
}

# Each scenario gets a time limit so one hang cannot eat the harness's.
xentest_run_scenario() {
	script=/xentest/scenarios/$1.sh
	xentest_line "SCENARIO-START $1 $(xentest_ms)"
	if [ ! -f "$script" ]; then
		xentest_ok 1 "scenario $1 exists"
	else
		timeout "${XENTEST_SCENARIO_TIMEOUT:-540}" sh "$script"
		rc=$?
		xentest_ok "$rc" "scenario $1 ran to its end (rc $rc)"
	fi
	xentest_line "SCENARIO-END $1 $(xentest_ms)"
}

# xl create FILE [opts]; prints the domain id on success.
xentest_create() {
	cfg=$1
	shift
	xl create "$@" "$cfg" >/tmp/xl-create.log 2>&1 || {
		sed 's/^/# xl: /' /tmp/xl-create.log >&2
		return 1
	}
	xl domid "$(sed -n 's/^name *= *"\(.*\)"/\1/p' "$cfg")"
}

# Show the tail of a log on the console when a check fails.
xentest_show() {
	echo "# --- last lines of $1:"
	tail -n "${2:-20}" "$1" 2>/dev/null | sed 's/^/# | /'
}

# The console daemon with the image's arguments, in the background so that
# a daemon that does not fork works too; its standard error (our daemon's
# -v messages) goes to XENTEST_CONSOLED_ERR.  Fails if it is not running
# 10 s later.
XENTEST_CONSOLED_ERR=/var/log/xen/xenconsoled.stderr
xentest_start_consoled() {
	# shellcheck disable=SC2046
	xenconsoled $(cat /xentest/consoled.args) 2>>"$XENTEST_CONSOLED_ERR" &
	xentest_wait 10 pidof xenconsoled >/dev/null
}

# The PL011 of hypervisor-ioreq-arm/guest-pl011.cfg as our daemon's
# xenstore keys, in one transaction (xenstore-write makes one), so the
# daemon never sees a type without its base and SPI.
xentest_pl011_keys() {
	p=/local/domain/$1/serial/0
	xenstore-write "$p/base" "$XENTEST_PL011_BASE" \
		"$p/spi" "$XENTEST_PL011_SPI" "$p/type" pl011
}

# xentest_pl011_create NAME CMDLINE: guest-pl011.cfg as domain NAME with
# kernel command line CMDLINE.  Created paused, given its PL011 keys on a
# route that needs them (the daemon's --pl011=auto finds the guest
# otherwise), unpaused once the daemon has claimed the page (it then
# writes serial/0/tty), so the guest never touches an unclaimed UART.
# Prints the domid.
xentest_pl011_create() {
	xl create -p /xentest/guest-pl011.cfg "name=\"$1\"" "extra=\"$2\"" \
		>/tmp/xl-create.log 2>&1 || {
		sed 's/^/# xl: /' /tmp/xl-create.log >&2
		return 1
	}
	domid=$(xl domid "$1") || return 1
	if [ "$XENTEST_PL011_KEYS" = yes ]; then
		xentest_pl011_keys "$domid" || return 1
	fi
	xentest_wait 30 xenstore-read \
		"/local/domain/$domid/serial/0/tty" >/dev/null 2>&1 || {
		echo "# dom$domid: the daemon never claimed the PL011" >&2
		xentest_show "$XENTEST_CONSOLED_ERR" >&2
		return 1
	}
	xl unpause "$domid" && echo "$domid"
}

# Keeps a --pl011=auto daemon off the page of domain $1 (a serial/0/type
# other than pl011), for another ioreq server to claim it.
xentest_pl011_optout() {
	xenstore-write "/local/domain/$1/serial/0/type" none
}

# Stand-in for toolstack support on 4.17: libxl re-creates a rebooted
# guest itself and unpauses it, so its PL011 keys must be there before
# the daemon first looks at it.  Writes them (or runs $2 DOMID instead,
# e.g. xentest_pl011_optout) as soon as a domain named $1 appears in
# xenstore (libxl names it long before it builds and introduces it).
# Runs until killed (in the background).
xentest_pl011_hook() {
	writer=${2:-xentest_pl011_keys}
	xenstore-watch /local/domain | while read -r path _; do
		case $path in
		/local/domain/*/name) ;;
		*) continue ;;
		esac
		[ "$(xenstore-read "$path" 2>/dev/null)" = "$1" ] || continue
		domid=${path#/local/domain/}
		domid=${domid%/name}
		xenstore-read "/local/domain/$domid/serial/0/type" \
			>/dev/null 2>&1 || "$writer" "$domid"
	done
}

# The value of xentest.$1= on dom0's command line (check-xen's facts about
# this boot, e.g. fastpath: 1 when the hypervisor has the fast-path patch).
xentest_arg() {
	sed -n "s/.*xentest\.$1=\([^ ]*\).*/\1/p" /proc/cmdline
}

# xentest_seq_ok NAME LOG LINES: the flood guest's (domu/flood.sh)
# numbered lines in LOG are 0 .. LINES-1, each once and in order; a TAP
# line says so, and the log is shown when they are not.
xentest_seq_ok() {
	tr -d '\r' < "$2" | sed -n 's/^XENTEST-SEQ \([0-9]*\)$/\1/p' > /tmp/seq
	seq 0 $(($3 - 1)) | cmp - /tmp/seq >&2
	xentest_ok $? "$1: every line once, in order ($(wc -l < /tmp/seq) of" \
		"$3)" || xentest_show "$2"
}

# Number of lines of file $1 that contain the fixed string $2.
xentest_count() {
	grep -cF "$2" "$1" 2>/dev/null || :
}

# What the console daemon is doing, for a check that found a guest stuck.
# xentest_stats NAME: the daemon's counters for NAME's consoles, a
# "# stats:" line each (the control socket's JSON has an object a console).
xentest_stats() {
	timeout 10 /xentest/bin/xentest_tool stats \
		/var/run/xen/xenconsoled.sock | tr '{' '\n' |
		grep -F "\"name\":\"$1\"" | sed 's/^/# stats: /'
}

# xentest_stat NAME KIND FIELD: one counter of NAME's KIND console (pv,
# vuart or pl011) from the daemon's statistics; empty when there is none.
xentest_stat() {
	timeout 10 /xentest/bin/xentest_tool stats \
		/var/run/xen/xenconsoled.sock | tr '{' '\n' |
		grep -F "\"name\":\"$1\",\"kind\":\"$2\"" |
		sed -n "s/.*,\"$3\":\([0-9]*\).*/\1/p"
}

# xentest_restart_daemon [OPTION]: our daemon again, with the image's
# arguments and OPTION.
xentest_restart_daemon() {
	kill "$(pidof xenconsoled)"
	xentest_wait 10 sh -c '! pidof xenconsoled' >/dev/null
	# shellcheck disable=SC2046,SC2086
	xenconsoled $(cat /xentest/consoled.args) $1 >/dev/null \
		2>>"$XENTEST_CONSOLED_ERR" &
	xentest_wait 10 pidof xenconsoled >/dev/null
}

xentest_daemon_diag() {
	for pid in $(pidof xenconsoled); do
		echo "# xenconsoled $pid: state $(cut -d' ' -f3 "/proc/$pid/stat")" \
			"wchan $(cat "/proc/$pid/wchan" 2>/dev/null)" \
			"utime+stime $(cut -d' ' -f14,15 "/proc/$pid/stat")"
		sed 's/^/# | /' "/proc/$pid/stack" 2>/dev/null
	done
	top -b -n 1 | head -n 12 | sed 's/^/# top: /'
	xentest_show "$XENTEST_CONSOLED_ERR"
}
