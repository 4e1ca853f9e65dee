#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Stock xenconsoled against ours on the simulated Xen, same workload,
# measured in one run: one busy guest writes BENCH_MIB MiB (default 4) to
# its PV console beside 1, 100 and 1000 idle guests.  Prints guest->log
# throughput and the daemon's CPU time per MiB (from /proc/PID/schedstat,
# nanoseconds), and each daemon's CPU cost with many idle guests
# relative to one.  Targets (issue): ours >= stock throughput at <= stock
# CPU/MiB; 1000 idle guests cost ours <= 1.1x the 1-guest figure.
. tests/xensim/env.sh
xensim_enter_namespace "$0" "$@"

ours=$PWD/${BUILD:-build}/tools/console/daemon/xenconsoled
client=$PWD/${BUILD:-build}/tools/console/client/xenconsole
# A daemon busy with many consoles may leave the ring full for long.
export XENSIM_GUEST_TIMEOUT_MS=600000
mib=${BENCH_MIB:-4}
idle_counts=${BENCH_IDLE:-1 100 1000}
daemons=${BENCH_DAEMONS:-stock ours}

cpu_ns() {
	cut -d' ' -f1 "/proc/$1/schedstat"
}

# All SIZE guest bytes logged?  Ours may add lines saying what the pty
# missed, so ask its statistics how many guest bytes it logged, but only
# once the file is that long: a statistics request walks every console,
# and one per poll would bill the daemon the bench's own curiosity, more
# with each idle guest.
logged_all() {
	local size=$1 logged
	logged=$(stat -c %s "$XENSIM_DIR/log/guest-busy.log" 2>/dev/null)
	if xensim_consoled_is_stock; then
		[ "$logged" = "$size" ]
		return
	fi
	[ "${logged:-0}" -ge "$size" ] && [ "$("$client" --stats --json 2>/dev/null | perl -MJSON::PP -e '
		my $d = decode_json(join "", <STDIN>);
		print map { $_->{log_bytes} } grep { $_->{name} eq "busy" } @{$d->{consoles}}')" = "$size" ]
}

# run stock|ours IDLE: prints "BYTES_PER_S CPU_NS_PER_MIB"
run() {
	local daemon=$1 idle=$2 pid busy t0 t1 c0 c1 size i
	xensim_start || return 1
	ulimit -n 20000 2>/dev/null
	[ "$daemon" = ours ] && export XENCONSOLED=$ours
	xensim_spawn xenconsoled "$(xensim_consoled)" -i --log=guest \
		--log-dir="$XENSIM_DIR/log"
	pid=$(cat "$XENSIM_DIR/pids/xenconsoled")
	for i in $(seq "$idle"); do
		"$XENSIM_BIN/xensim" create "idle$i" >/dev/null || return 1
	done
	busy=$("$XENSIM_BIN/xensim" create busy) || return 1
	xensim_wait 120 xs_read "/local/domain/$busy/console/tty" >/dev/null ||
		return 1
	size=$((mib * 1048576))
	head -c "$size" /dev/urandom >"$XENSIM_DIR/payload"
	[ -e "/proc/$pid" ] || { cat "$XENSIM_DIR/xenconsoled.err" >&2; return 1; }
	c0=$(cpu_ns "$pid")
	t0=$(date +%s%N)
	"$XENSIM_BIN/xensim-guest" "$busy" write pv <"$XENSIM_DIR/payload"
	xensim_wait 600 logged_all "$size" || return 1
	t1=$(date +%s%N)
	c1=$(cpu_ns "$pid")
	if ! xensim_consoled_is_stock; then
		# Our own account: output passes, so cost per wakeup is visible.
		"$client" --stats --json | perl -MJSON::PP -e '
			my $d = decode_json(join "", <STDIN>);
			for (grep { $_->{name} eq "busy" } @{$d->{consoles}}) {
				printf STDERR "  busy console: %d output passes, %.0f bytes and %.1f us each\n",
					$_->{drain_count}, $_->{out_bytes} / $_->{drain_count},
					$_->{drain_ns_mean} / 1000;
			}' 2>>"${BENCH_PASSES:-/dev/stderr}" >/dev/null
		echo "$((c1 - c0)) ns daemon CPU" >>"${BENCH_PASSES:-/dev/stderr}"
	fi
	echo "$(( size * 1000000 / ((t1 - t0) / 1000) )) $(( (c1 - c0) / mib ))"
	xensim_stop
}

declare -A tput cpu
printf '%-6s %6s %14s %14s %10s\n' daemon idle "KiB/s" "CPU ms/MiB" "vs 1 idle"
for daemon in $daemons; do
	for idle in $idle_counts; do
		read -r t c < <(run "$daemon" "$idle") ||
			{ echo "daemon-bench: $daemon with $idle idle guests failed" >&2; exit 1; }
		tput[$daemon.$idle]=$t
		cpu[$daemon.$idle]=$c
		base=${cpu[$daemon.${idle_counts%% *}]}
		printf '%-6s %6s %14s %14s %9s\n' $daemon "$idle" \
			"$(( t / 1024 ))" \
			"$(awk -v c="$c" 'BEGIN { printf "%.2f", c / 1e6 }')" \
			"$(awk -v c="$c" -v b="$base" 'BEGIN { printf "%.2fx", c / b }')"
	done
done
first=${idle_counts%% *}
last=${idle_counts##* }
awk -v ts="${tput[stock.$first]}" -v to="${tput[ours.$first]}" \
    -v cs="${cpu[stock.$first]}" -v co="${cpu[ours.$first]}" \
    -v c1="${cpu[ours.$first]}" -v cn="${cpu[ours.$last]}" -v n="$last" 'BEGIN {
	printf "ours/stock throughput %.1fx (target >= 1): %s\n", to / ts,
		(to >= ts ? "met" : "MISSED")
	printf "ours/stock CPU per MiB %.2fx (target <= 1): %s\n", co / cs,
		(co <= cs ? "met" : "MISSED")
	printf "ours with %d idle guests: %.2fx the CPU of one (target <= 1.1): %s\n",
		n, cn / c1, (cn <= 1.1 * c1 ? "met" : "MISSED")
}'
