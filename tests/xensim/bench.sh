#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Figures for the simulated Xen with Debian's stock xenconsoled: guest to
# log throughput of one PV console (bounded by xenconsoled's rate limit of
# 30 ring drains per 200 ms), and the cost of creating and destroying
# guests (xensim create: hypervisor, xenstore transactions, XS_INTRODUCE,
# xenconsoled picking the guest up).
. tests/xensim/env.sh
xensim_enter_namespace "$0" "$@"
trap xensim_stop EXIT
xensim_start || { echo "xensim bench: cannot start" >&2; exit 1; }

now_ms() {
	echo $(( $(date +%s%N) / 1000000 ))
}
has_size() {
	[ "$(stat -c %s "$1" 2>/dev/null)" = "$2" ]
}

log=$XENSIM_DIR/log
xensim_spawn xenconsoled "$(xensim_stock_bin xenconsoled)" -i --log=guest \
	--log-dir="$log"
domid=$("$XENSIM_BIN/xensim" create bench)
head -c 1048576 /dev/urandom >"$XENSIM_DIR/payload"
xensim_wait 5 test -e "$log/guest-bench.log"
t0=$(now_ms)
"$XENSIM_BIN/xensim-guest" "$domid" write pv <"$XENSIM_DIR/payload"
xensim_wait 20 has_size "$log/guest-bench.log" 1048576 ||
	echo "xensim bench: log incomplete" >&2
t1=$(now_ms)
echo "xensim: stock xenconsoled, 1 MiB guest->log: $((t1 - t0)) ms" \
     "($((1024 * 1000 / (t1 - t0 + 1))) KiB/s)"

t0=$(now_ms)
for i in $(seq 20); do
	"$XENSIM_BIN/xensim" create "g$i" >/dev/null
done
t1=$(now_ms)
for i in $(seq 20); do
	"$XENSIM_BIN/xensim" destroy "g$i"
done
t2=$(now_ms)
echo "xensim: create $(((t1 - t0) / 20)) ms/guest," \
     "destroy $(((t2 - t1) / 20)) ms/guest (20 guests)"
