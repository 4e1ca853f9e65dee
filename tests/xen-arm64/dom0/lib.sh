# SPDX-License-Identifier: GPL-2.0-only
#
# Shared by dom0's /init and the scenario scripts (busybox sh).  Every line
# the harness parses starts with "XENTEST ": "XENTEST TAP <tap line>" for a
# check, "XENTEST TIME <name> <ms>" for a measured duration, "XENTEST
# <word> ..." for progress.  Scenario scripts print TAP through xentest_ok
# and return nonzero only for a broken setup.

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
		timeout "${XENTEST_SCENARIO_TIMEOUT:-240}" sh "$script"
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
