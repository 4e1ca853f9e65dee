# SPDX-License-Identifier: GPL-2.0-only
#
# TAP for shell tests: ok STATUS NAME, is GOT WANT NAME, files_equal A B NAME,
# diag TEXT, bail TEXT, tap_done (prints the plan, returns the status).

tap_n=0
tap_failed=0

ok() {
	local status=$1
	shift
	tap_n=$((tap_n + 1))
	if [ "$status" -eq 0 ]; then
		echo "ok $tap_n - $*"
	else
		echo "not ok $tap_n - $*"
		tap_failed=$((tap_failed + 1))
	fi
}

is() {
	if [ "$1" = "$2" ]; then
		ok 0 "$3"
		return 0
	fi
	ok 1 "$3"
	printf '%s\n' "got:  '$1'" "want: '$2'" | sed 's/^/#   /'
	return 1
}

files_equal() {
	cmp -s "$1" "$2"
	local status=$?
	ok $status "$3"
	[ $status -eq 0 ] || cmp "$1" "$2" 2>&1 | sed 's/^/#   /'
	return $status
}

diag() {
	echo "# $*"
}

bail() {
	echo "Bail out! $*"
	exit 1
}

tap_done() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}
