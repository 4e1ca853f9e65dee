# SPDX-License-Identifier: GPL-2.0-only
#
# Not a program: sourced, after route.sh, by check-xen, setup-host.sh,
# fetch-arm64.sh and hypervisor-ioreq-arm/build-xen.sh.
#
# Everything `make check-xen` takes from the Debian archive can vanish: a
# point release drops the version an index named, a mirror answers 404
# for a source it still lists.  Such an answer is not a failure of ours,
# so the route it belongs to is skipped with the reason, never failed;
# whatever else goes wrong stays a failure.  The convention between the
# scripts: one that finds an outside input unavailable prints the reason
# as the last line of its stdout and exits 77 (archive_skip); check-xen
# turns that into the route's TAP skip (route_skip), or into a failure
# for a route named in XEN_REQUIRE_ROUTES.
# shellcheck shell=sh
# shellcheck disable=SC2154 # route and route_cache come from route.sh
# shellcheck disable=SC2034 # archive_answer is for the callers

archive_unavailable=77
# Seconds one apt command may take (a download included).
archive_timeout=${XEN_APT_TIMEOUT:-300}
# The private apt configuration (apt_private_write) that archive_apt
# uses; empty: the host's own.
archive_dir=""

# What the archive's answer in apt's messages ($1, a file) amounts to, in
# a few words; false when the messages are not the archive's answer.
archive_classify() {
	if grep -q ' 404 ' "$1"; then
		echo "404 Not Found"
	elif grep -Eq "Can not find version|Unable to find a source package|\
Unable to locate package|has no installation candidate|\
does not have a Release file" "$1"; then
		echo "not listed"
	elif grep -Eq "Could not resolve|Temporary failure resolving|\
Could not connect|Connection failed|Network is unreachable|\
No route to host|Connection timed out" "$1"; then
		echo "archive unreachable"
	elif grep -q "Hash Sum mismatch" "$1"; then
		echo "hash mismatch against the signed index"
	elif grep -Eq "NO_PUBKEY|EXPKEYSIG|is not signed|signatures were invalid" \
		"$1"; then
		echo "index signature not verified"
	elif grep -q "Failed to fetch" "$1"; then
		echo "fetch failed"
	else
		return 1
	fi
}

# archive_apt apt-get|apt-cache ARGS...: one apt command in archive_dir's
# configuration, bounded by archive_timeout; its messages still reach
# stderr.  On failure archive_answer says what the archive
# answered and the status is archive_unavailable, or 1 when what went
# wrong was not the archive's answer.
archive_apt() {
	archive_errors=$route_cache/.apt-errors.$$
	mkdir -p "$route_cache"
	archive_status=0
	archive_cmd=$1
	shift
	# shellcheck disable=SC2046 # one word per option
	timeout "$archive_timeout" "$archive_cmd" \
		$(apt_private_options "$archive_dir") \
		-o APT::Sandbox::User=root "$@" 2> "$archive_errors" ||
		archive_status=$?
	cat "$archive_errors" >&2
	archive_answer=""
	if [ "$archive_status" -eq 124 ]; then
		archive_answer="timed out after $archive_timeout s"
	elif [ "$archive_status" -ne 0 ] &&
		! archive_answer=$(archive_classify "$archive_errors"); then
		archive_answer="$archive_cmd exit $archive_status: $(grep -m 1 \
			'^E:' "$archive_errors")"
		rm -f "$archive_errors"
		return 1
	fi
	rm -f "$archive_errors"
	[ "$archive_status" -eq 0 ] || return "$archive_unavailable"
}

# archive_verdict STATUS WHAT: after archive_apt returned STATUS for WHAT,
# nothing when it succeeded; a skip (archive_skip) when the archive did
# not serve it; a failure (exit 1) when something else went wrong.
archive_verdict() {
	case $1 in
	0) ;;
	"$archive_unavailable") archive_skip "$2: $archive_answer" ;;
	*) echo "$2: $archive_answer" >&2; exit 1 ;;
	esac
}

# archive_skip REASON...: the script's input is not in the archive.
archive_skip() {
	echo "$*"
	exit "$archive_unavailable"
}

# archive_open DIR SOURCES: use a private apt configuration under the
# cache, DIR, with the sources.list text SOURCES: lists and caches all
# there, so the host's /etc/apt and /var/lib/apt stay as they were (an
# empty DIR is the host's own, which setup-host.sh keeps).  The lists
# are fetched when there are none or they are a day old (stable's point
# releases remove the versions older lists name); old lists do when the
# archive does not answer, and a suite that some mirror lacks leaves the
# others usable.  False, with archive_answer, when no list can be had.
archive_open() {
	archive_dir=$1 archive_sources=$2
	[ -n "$archive_dir" ] || return 0
	mkdir -p "$archive_dir/sources.list.d" "$archive_dir/lists/partial" \
		"$archive_dir/cache/archives/partial"
	printf '%s\n' "# Written by tests/xen-arm64/archive.sh." \
		"$archive_sources" \
		> "$archive_dir/sources.list.new"
	stamp=$archive_dir/lists/.updated
	if cmp -s "$archive_dir/sources.list.new" "$archive_dir/sources.list"
	then
		rm "$archive_dir/sources.list.new"
	else
		mv "$archive_dir/sources.list.new" "$archive_dir/sources.list"
		rm -f "$stamp"
	fi
	[ -n "$(find "$stamp" -mmin -1440 2>/dev/null)" ] && return 0
	if archive_apt apt-get update -qq; then
		touch "$stamp"
		return 0
	fi
	# Some suites answered, or older lists are there: they will do.
	[ -n "$(find "$archive_dir/lists" -maxdepth 1 -name '*Release' \
		2>/dev/null)" ]
}

# archive_refresh: the lists again, whatever their age: a 404 for a file
# they name may only mean that they are older than the archive.
archive_refresh() {
	if [ -n "$archive_dir" ]; then
		rm -f "$archive_dir/lists/.updated"
		archive_open "$archive_dir" "$archive_sources"
	else
		archive_apt apt-get update -qq
	fi
}

apt_private_options() {
	[ -n "$1" ] || return 0
	echo "-o Dir::Etc::sourcelist=$1/sources.list" \
		"-o Dir::Etc::sourceparts=$1/sources.list.d" \
		"-o Dir::State::Lists=$1/lists -o Dir::Cache=$1/cache"
}

# Is this route one that must run (XEN_REQUIRE_ROUTES, "4.17 4.20")?
route_required() {
	case " ${XEN_REQUIRE_ROUTES:-} " in
	*" $route "*) return 0 ;;
	esac
	return 1
}

# route_skip REASON: check-xen's verdict for a route whose input the
# archive does not serve.  XEN_VERDICT_FILE, when set, gets the verdict
# line for tools/run-tests' summary.
route_skip() {
	if route_required; then
		route_verdict "failed: required (XEN_REQUIRE_ROUTES) but $1"
		echo "Bail out! xen route $route is required" \
			"(XEN_REQUIRE_ROUTES) but unavailable: $1"
		exit 1
	fi
	route_verdict "skipped: $1"
	echo "1..0 # SKIP xen route $route: $1"
	exit 0
}

route_verdict() {
	[ -z "${XEN_VERDICT_FILE:-}" ] || echo "$1" > "$XEN_VERDICT_FILE"
}
