# SPDX-License-Identifier: GPL-2.0-only
#
# Shared by tests/pl011-xen/t/*.sh: a private simulated Xen (env.sh) with
# our xenconsoled, guests with a PL011, and the test guest.
#
#   px_setup                   namespace, hv + xenstored, EXIT trap; bails
#   px_daemon [OPTION...]      start our xenconsoled (-i -v, all logs; the
#                              UART where PX_ISOLATION says, default process;
#                              the fast path as PX_FAST_PATH says, default
#                              the daemon's)
#   px_create NAME [OPT...]    xensim create with 32 SPIs; prints the domid
#   px_serial DOMID [BASE SPI] ask for a PL011 (serial/0 keys, one
#                              transaction)
#   px_tty DOMID DIR           wait for DIR/tty (console, serial/0); print it
#   px_guest ARGS...           the test guest, bounded by PX_GUEST_TIMEOUT
#   px_crlf < IN > OUT         what a console that sends "\r\n" for "\n" puts
#                              on the wire
#   px_pattern N SEED > OUT    N reproducible bytes: all 256 values first
#                              (N >= 256), then pseudo-random ones
#   px_fd_count, px_rss_kb     the daemon's open fds and VmRSS
#   px_json_field FILE DOM KIND FIELD   a counter from --stats --json
#   px_run_driver, px_ok_guest, px_wait_size: see below
. tests/xensim/env.sh
. tests/lib/tap.sh

PX_GUEST_BIN=$XENSIM_BUILD/tests/pl011-xen/pl011-xen-guest
PX_DAEMON=${XENCONSOLED:-$XENSIM_BUILD/tools/console/daemon/xenconsoled}
PX_GUEST_TIMEOUT=${PX_GUEST_TIMEOUT:-60}

px_setup() {
	xensim_test_setup "$@"
	PX_LOG=$XENSIM_DIR/log
	PX_TMP=$XENSIM_DIR/px
	mkdir -p "$PX_TMP"
}

# The emulators' uids: a range of this test's own (from its pid), since a
# daemon kills every process of a guest's uid before it starts its
# emulator, and tests run side by side (prove -j, two clones) have the
# same domids.  Ranges are 0x10000 apart from the documented default.
PX_UID_BASE=$((0x70000000 + ($$ % 0x1000) * 0x10000))

px_daemon() {
	xensim_spawn xenconsoled "$PX_DAEMON" -i -v --log=all \
		--log-dir="$PX_LOG" --state-dir="$XENSIM_DIR/state" \
		--pl011-isolation="${PX_ISOLATION:-process}" \
		--pl011-uid-base="$PX_UID_BASE" \
		${PX_FAST_PATH:+--pl011-fast-path="$PX_FAST_PATH"} "$@"
}

px_daemon_pid() {
	cat "$XENSIM_DIR/pids/xenconsoled"
}

px_create() {
	"$XENSIM_BIN/xensim" create "$@" --nr-spis 32
}

px_serial() {
	local d=/local/domain/$1/serial/0

	LD_LIBRARY_PATH=$XENSIM_LIBDIR "$(xensim_stock_bin xenstore-write)" \
		"$d/type" pl011 "$d/base" "${2:-0x22000000}" \
		"$d/spi" "${3:-32}"
}

px_tty_now() {
	local t

	t=$(xs_read "/local/domain/$1/$2/tty") && [ -n "$t" ] && echo "$t"
}

px_tty() {
	xensim_wait 5 px_tty_now "$1" "$2" >/dev/null && px_tty_now "$1" "$2"
}

px_guest() {
	timeout "$PX_GUEST_TIMEOUT" "$PX_GUEST_BIN" "$@"
}

px_crlf() {
	perl -pe 's/\n/\r\n/g'
}

px_pattern() {
	perl -e 'my ($n, $seed) = @ARGV; srand($seed);
		print map { chr($_ < 256 ? ($_ * 167 + $seed) % 256 :
				int(rand(256))) } 0 .. $n - 1' "$1" "$2"
}

# px_json_field FILE DOMID KIND FIELD: one console's field from a
# `xenconsole --stats --json` document.
px_json_field() {
	perl -MJSON::PP -e '
		my ($file, $dom, $kind, $field) = @ARGV;
		open(my $fh, "<", $file) or die "$file: $!";
		my $doc = decode_json(do { local $/; <$fh> });
		for my $c (@{$doc->{consoles}}) {
			next unless $c->{domid} == $dom && $c->{kind} eq $kind;
			print $c->{$field};
			exit 0;
		}
		exit 1' "$@"
}

px_fd_count() {
	ls "/proc/$(px_daemon_pid)/fd" | wc -l
}

px_rss_kb() {
	awk '/^VmRSS:/ { print $2 }' "/proc/$(px_daemon_pid)/status"
}

# ok on a guest's exit status; its stderr as diagnostics on failure.
px_ok_guest() {
	local status=$1 err=$2

	shift 2
	ok "$status" "$*"
	[ "$status" -eq 0 ] || sed 's/^/#   /' "$err" | head -20
}

# ok when a file's size reaches N within S seconds.
px_size_at_least() {
	[ "$(stat -c %s "$1" 2>/dev/null || echo 0)" -ge "$2" ]
}

px_wait_size() {
	xensim_wait "$3" px_size_at_least "$1" "$2"
}

# px_run_driver DRIVER CRLF SEED: a new guest named DRIVER whose driver
# initialises the UART, prints PX_OUT_LEN bytes (CRLF 1: the driver sends
# "\r\n" for "\n") and takes PX_IN_LEN bytes typed on the pty; 5 TAP
# lines: guest checks, log and pty byte-exact, input in order.
PX_OUT_LEN=300		# earlycon: 3 accesses a byte, BUSY polls
PX_IN_LEN=256
px_run_driver() {
	local drv=$1 t=$PX_TMP/$1 dom tty reader guest status

	dom=$(px_create "$drv") && px_serial "$dom" &&
		tty=$(px_tty "$dom" serial/0)
	ok $? "$drv: guest $dom gets a PL011 and serial/0/tty ($tty)" ||
		return
	px_pattern $PX_OUT_LEN "$3" >"$t.out"
	if [ "$2" = 1 ]; then px_crlf <"$t.out"; else cat "$t.out"; fi \
		>"$t.wire"
	px_pattern $PX_IN_LEN $(($3 + 1)) >"$t.in"
	timeout 60 head -c "$(stat -c %s "$t.wire")" <"$tty" >"$t.pty" &
	reader=$!
	px_guest "$dom" replay "$drv" init write ready "$t.ready" \
		read $PX_IN_LEN 3000 <"$t.out" >"$t.got" 2>"$t.err" &
	guest=$!
	xensim_wait 60 test -e "$t.ready" && cat "$t.in" >"$tty"
	wait $guest
	status=$?
	px_ok_guest $status "$t.err" \
		"$drv: probe, output and input pass the driver's checks"
	wait $reader
	files_equal "$PX_LOG/guest-$drv-serial0.log" "$t.wire" \
		"$drv: guest-$drv-serial0.log is byte-exact"
	files_equal "$t.pty" "$t.wire" "$drv: the pty carries it byte-exact"
	files_equal "$t.got" "$t.in" \
		"$drv: $PX_IN_LEN bytes typed on the pty arrive in order"
}
