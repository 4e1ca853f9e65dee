#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Our xenconsoled against Debian's stock one on the simulated Xen:
#  - the stock-binary scenarios of tests/xensim/t/ (PV console both ways,
#    the stock client, options, SIGHUP, life cycle, kill -9), run against
#    ours; where stock is weak they expect ours to do better;
#  - one scripted workload through each daemon in turn, comparing what a
#    user sees: the guest logs byte for byte and the xenstore keys.
. tests/xensim/env.sh
. tests/lib/tap.sh

ours=$PWD/${BUILD:-build}/tools/console/daemon/xenconsoled
[ -x "$ours" ] || bail "build $ours first"

for scenario in stock-pv-console stock-options stock-lifecycle; do
	out=$(XENCONSOLED=$ours bash "tests/xensim/t/$scenario.sh" 2>&1)
	status=$?
	ok $status "scenario $scenario with our daemon"
	[ $status -eq 0 ] || grep -E '^(not ok|#)' <<<"$out" | sed 's/^/#   /'
done

stock_out=$(mktemp -d /tmp/parity-stock.XXXXXX)
ours_out=$(mktemp -d /tmp/parity-ours.XXXXXX)
trap 'rm -rf "$stock_out" "$ours_out"' EXIT
bash tests/daemon/t/parity-workload.sh "$stock_out" >/dev/null 2>&1
ok $? "workload through the stock daemon"
XENCONSOLED=$ours bash tests/daemon/t/parity-workload.sh "$ours_out" >/dev/null 2>&1
ok $? "workload through ours"
for f in guest-alpha.log guest-beta.log xenstore.txt; do
	files_equal "$ours_out/$f" "$stock_out/$f" "$f: ours and stock agree"
done
tap_done
