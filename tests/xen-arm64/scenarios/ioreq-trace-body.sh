# SPDX-License-Identifier: GPL-2.0-only
#
# Not a scenario: the body of ioreq-trace and ioreq-trace-smp2 (the same
# on one or two pCPUs), on the debug hypervisor (XEN_VARIANT=trace of
# build-xen.sh, booted with tbuf_size=): a guest writes a burst to our
# PL011, served by the emulator's timestamp build (stamps.h), while
# Debian's xentrace records it; trace_breakdown then prints where a round
# trip goes (trap, ioreq sent, dom0 woken, our epoll_wait, our notify,
# guest resumed) and how idle pCPUs were woken.
ioreq_trace_scenario() {
	bytes=${1:-1024}
	dir=/var/log/xen/console
	trace=/tmp/ioreq.trace
	stamps=/tmp/ioreq.stamps
	name=xt-trace
	pvlog=$dir/guest-$name.log

	# Our daemon again, its PL011 served by the timestamp build, every
	# access a round trip (the fast path off: what is timed is one
	# ioreq).  Its standard error is a pipe: the confined emulator may
	# not grow a file (RLIMIT_FSIZE 0), so its stamps could not reach one.
	kill "$(pidof xenconsoled)"
	xentest_wait 10 sh -c '! pidof xenconsoled' >/dev/null
	rm -f /tmp/consoled.err
	mkfifo /tmp/consoled.err
	cat /tmp/consoled.err >>"$XENTEST_CONSOLED_ERR" &
	# shellcheck disable=SC2046
	xenconsoled $(cat /xentest/consoled.args) \
		--pl011-emulator=/xentest/bin/pl011-emulator-stamps \
		--pl011-fast-path=off \
		>/dev/null 2>/tmp/consoled.err &
	xentest_wait 10 pidof xenconsoled >/dev/null
	xentest_ok $? "daemon restarted with the emulator's timestamp build"

	voff=$(xl dmesg | sed -n 's/.*dbgtrace: d0 CNTVOFF 0x\([0-9a-f]*\).*/\1/p' |
		tail -n 1)
	[ -n "$voff" ]
	xentest_ok $? "dom0's CNTVOFF from the hypervisor's log: 0x$voff" ||
		return 1
	echo "# xl info: $(xl info | grep -E '^(nr_cpus|xen_commandline)' |
		tr -s ' ' | tr '\n' ';')"

	domid=$(xentest_pl011_create "$name" "console=hvc0 quiet rdinit=/init \
xentest.run=burst xentest.tty=$XENTEST_PL011_TTY xentest.bytes=$bytes")
	xentest_ok $? "$name: created (its PL011 in the timestamp emulator)" ||
		return 1
	xentest_wait_text 180 "$pvlog" XENTEST-BURST-READY
	xentest_ok $? "$name: ready for its burst" || return 1
	xentrace -D -e all "$trace" 2>/tmp/xentrace.err &
	tracer=$!
	xentest_wait_text 20 "$pvlog" XENTEST-BURST-BEGIN
	t0=$(xentest_ms)
	xentest_wait_text 240 "$pvlog" XENTEST-BURST-END
	xentest_ok $? "$name: wrote $bytes bytes to $XENTEST_PL011_TTY" ||
		xentest_show "$pvlog"
	xentest_time "ioreq-trace-burst-$bytes" "$t0"
	kill -INT "$tracer"
	wait "$tracer"
	size=$(wc -c < "$trace" 2>/dev/null)
	[ "${size:-0}" -gt 0 ]
	xentest_ok $? "xentrace recorded ${size:-0} bytes" ||
		xentest_show /tmp/xentrace.err
	# The emulator writes its last stamps when it exits.
	xl destroy "$domid"
	xentest_ok $? "$name: xl destroy"
	sleep 1
	grep -a '^pl011-stamp ' "$XENTEST_CONSOLED_ERR" > "$stamps"
	/xentest/bin/trace_breakdown "$trace" "$domid" "$voff" "$stamps" \
		> /tmp/breakdown.out
	xentest_ok $? "trace_breakdown" || return 1
	# Shown in the TAP output as diagnostics.
	sed 's/^/XENTEST TAP /' /tmp/breakdown.out
	grep -q 'matched to the emulator' /tmp/breakdown.out &&
		! grep -q ' 0 matched' /tmp/breakdown.out
	xentest_ok $? "round trips matched to the emulator's stamps"
}
