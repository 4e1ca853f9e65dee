# SPDX-License-Identifier: GPL-2.0-only
#
# Issue 14: one guest booted four times in one boot of Xen, its kernel
# console (no quiet: the whole boot log) on the PV console (hvc0), on
# Xen's vpl011, on our PL011 with the fast path (Xen posts DR writes and
# answers FR, RIS, MIS and the other side-effect-free reads from the page
# our emulator publishes, hypervisor-ioreq-arm/fast-path.md; the daemon
# restarted with --pl011-fast-path=on, the default, whatever the boot's
# arguments said) and on our PL011 without it (--pl011-fast-path=off).
# Each time: ms from unpause to the /init line on that console, then 16
# KiB through printk and 16 KiB through the tty in raw mode
# (xentest.run=console-paths), timed marker to marker in the daemon's
# log and checked line by line.  Then,
# the guest's shell now on that console, a user's typed commands: dom0
# types "echo rt-I-$((I*7))" through xenconsole (its standard input a
# pipe, --interactive) $commands times, each once the answer to the one
# before came back, and times each from the write to the computed answer
# (xentest_tool rtt).  On our PL011 the guest also runs a shell on
# vpl011 (xentest.beside=), and dom0 types into the two in turn, command
# by command, so that the ratio of ours to vpl011's holds under a
# changing load on the host.  Prints one table with the ratios to vpl011
# (the 4.20 route has no vpl011: no ratios there); asserts no figure,
# only that every byte and every answer arrived, in order.
. /xentest/lib.sh
. /xentest/domu/payload.sh
dir=/var/log/xen/console
bytes=16384
commands=20
expected=$(xentest_payload | md5sum | cut -d' ' -f1)

# What a path carried between its markers: the payload's lines (the
# kernel's timestamps and "\r" taken off printk's), and no other kernel
# line (a slow console draws warnings of its own).
carried() {
	tr -d '\r' < "$1" | sed -n "/XENTEST-BEGIN-$2\$/,/XENTEST-END-$2\$/p" |
		sed '1d;$d' | sed 's/^\[ *[0-9]*\.[0-9]*\] //' |
		grep '^[0-9][0-9][0-9][0-9][0-9]-' | md5sum | cut -d' ' -f1
}

# counters NAME KIND: the daemon's events, ioreqs, posted writes and
# interrupts of NAME's console of KIND (pv, vuart or pl011).
counters() {
	n='\([0-9]*\)'
	timeout 10 /xentest/bin/xentest_tool stats \
		/var/run/xen/xenconsoled.sock | tr '{' '\n' |
		grep -F "\"name\":\"$1\"" | grep -F "\"kind\":\"$2\"" |
		sed "s/.*\"events\":$n.*\"irqs\":$n.*\"posted_writes\":$n/\1 \2 \3/
			s/,.*\"request_count\":$n.*/ \1/" |
		awk '{ print $1, $4, $3, $2 }'
}

# typed LABEL TYPE DOMID [BESIDE]: the round trips of typed commands
# through `xenconsole --type TYPE`, "MEDIAN MAX" (ms) in /tmp/rtt-LABEL;
# with BESIDE (a client type), the same through that console in turn
# with TYPE's, in /tmp/rtt-LABEL-beside.  Also what the daemon saw of
# TYPE's commands, per command.
typed() {
	case $2 in
	serial) kind=pl011 ;;
	*) kind=$2 ;;
	esac
	before=$(counters "xt-fp-$1" "$kind")
	# xenconsole takes one lock a domain (as Xen's): the second client's
	# elsewhere (XENCONSOLE_LOCK_DIR, xenconsole(1)).
	/xentest/bin/xentest_tool rtt "$commands" 60 \
		xenconsole --type "$2" --interactive "$3" \
		${4:+-- env XENCONSOLE_LOCK_DIR=/tmp \
			xenconsole --type "$4" --interactive "$3"} \
		> "/tmp/rtt-$1.out" 2> "/tmp/rtt-$1.err"
	xentest_ok $? "$1: $commands commands typed through xenconsole" \
		"--type $2${4:+ (and $4, in turn)}, every answer in order" || {
		xentest_show "/tmp/rtt-$1.err" 30
		return 1
	}
	sed -n 's/^rtt-summary 0 [0-9]* //p' "/tmp/rtt-$1.out" > "/tmp/rtt-$1"
	sed -n 's/^rtt-summary 1 [0-9]* //p' "/tmp/rtt-$1.out" \
		> "/tmp/rtt-$1-beside"
	read -r median max < "/tmp/rtt-$1"
	xentest_line "TIME pl011-fast-path-$1-command-median $median"
	xentest_line "TIME pl011-fast-path-$1-command-max $max"
	# shellcheck disable=SC2046
	echo "# $1: command round trips (ms):" \
		$(sed -n 's/^rtt 0 [0-9]* //p' "/tmp/rtt-$1.out")
	if [ -n "$4" ]; then
		read -r median max < "/tmp/rtt-$1-beside"
		xentest_line "TIME pl011-fast-path-$1-beside-command-median" \
			"$median"
		# shellcheck disable=SC2046
		echo "# $1: $4 beside it (ms):" \
			$(sed -n 's/^rtt 1 [0-9]* //p' "/tmp/rtt-$1.out")
	fi
	# The first command (untimed) counts too.
	echo "$before $(counters "xt-fp-$1" "$kind")" |
		awk -v n=$((commands + 1)) -v l="$1" 'NF == 8 {
		printf "# %s: per command, the daemon saw %.1f events, %.1f" \
			" ioreqs, %.1f posted writes, %.1f interrupts\n", l,
			($5 - $1) / n, ($6 - $2) / n, ($7 - $3) / n,
			($8 - $4) / n }'
}

# boot LABEL DEV LOG-SUFFIX CLIENT-TYPE [BESIDE]: one guest, its console
# on DEV; sets the label's boot, printk and tty milliseconds in
# /tmp/fp-LABEL, then its typed commands' round trips through xenconsole
# --type CLIENT-TYPE in /tmp/rtt-LABEL; with BESIDE, the guest has a
# second shell on vpl011 and the commands go to both in turn.
boot() {
	name=xt-fp-$1 log=$dir/guest-xt-fp-$1$3.log pids=""
	for path in printk tty; do
		/xentest/bin/xentest_tool markers "$log" "XENTEST-BEGIN-$path" \
			"XENTEST-END-$path" 300 > "/tmp/ms-$1-$path" &
		pids="$pids $!"
	done
	extra=${5:+" xentest.beside=$XENTEST_VUART_TTY"}
	t0=$(xentest_ms)
	domid=$(xentest_pl011_create "$name" \
		"console=$2 rdinit=/init xentest.run=console-paths$extra")
	xentest_ok $? "$1: created, its kernel console on $2" || return 1
	xentest_wait_text 300 "$log" XENTEST-DOMU-UP
	xentest_ok $? "$1: its /init line on $2"
	up=$(( $(xentest_ms) - t0 ))
	# shellcheck disable=SC2086
	wait $pids
	for path in printk tty; do
		[ -s "/tmp/ms-$1-$path" ] &&
			[ "$(carried "$log" "$path")" = "$expected" ]
		xentest_ok $? "$1: $bytes bytes through $path, every line" \
			"in order" || xentest_show "$log" 5
	done
	echo "$up $(cat "/tmp/ms-$1-printk") $(cat "/tmp/ms-$1-tty")" \
		> "/tmp/fp-$1"
	xentest_line "TIME pl011-fast-path-$1-boot $up"
	typed "$1" "$4" "$domid" ${5:+vuart}
	xentest_stats "$name"
	xl destroy "$domid"
	xentest_ok $? "$1: xl destroy"
}

# The client's names: vpl011 is "vuart" (as in Xen's own xenconsole);
# "serial" is ours (serial/0), which the 4.17 guest has beside vpl011.
labels=""
boot pv hvc0 "" pv && labels=pv
if [ -n "$XENTEST_VUART_TTY" ]; then
	boot vpl011 "$XENTEST_VUART_TTY" -vuart0 vuart &&
		labels="$labels vpl011"
fi
beside=${XENTEST_VUART_TTY:+yes}
xentest_restart_daemon --pl011-fast-path=on
boot fast "$XENTEST_PL011_TTY" -serial0 serial $beside &&
	labels="$labels fast"
xentest_restart_daemon --pl011-fast-path=off
boot slow "$XENTEST_PL011_TTY" -serial0 serial $beside &&
	labels="$labels slow"
xentest_restart_daemon

# The table goes into check-xen's output too (TAP comments).  A typed
# command's ratio is to the vpl011 shell typed into in turn with it when
# there was one (ours), else to the vpl011 guest's.
{
echo "# console          boot ms  (x vpl011)  printk KiB/s (x vpl011)" \
	" tty KiB/s (x vpl011)  command ms (x vpl011)   max ms  vpl011 beside"
vb=0 vp=0 vt=0 vcm=0
[ -s /tmp/fp-vpl011 ] && read -r vb vp vt < /tmp/fp-vpl011
[ -s /tmp/rtt-vpl011 ] && read -r vcm _ < /tmp/rtt-vpl011
for l in $labels; do
	read -r b p t < "/tmp/fp-$l"
	cm=0 cx=0 bm=0
	[ -s "/tmp/rtt-$l" ] && read -r cm cx < "/tmp/rtt-$l"
	[ -s "/tmp/rtt-$l-beside" ] && read -r bm _ < "/tmp/rtt-$l-beside"
	awk -v l="$l" -v n="$bytes" -v b="$b" -v p="$p" -v t="$t" \
		-v vb="$vb" -v vp="$vp" -v vt="$vt" -v cm="$cm" -v cx="$cx" \
		-v vcm="$vcm" -v bm="$bm" 'function r(x, y) {
			return x && y ? sprintf("%5.2f", x / y) : "    -" }
		function ms(x) { return x ? sprintf("%8.2f", x) : "       -" }
		BEGIN { kp = n / 1024 / (p / 1000); kt = n / 1024 / (t / 1000)
		vkp = vp ? n / 1024 / (vp / 1000) : 0
		vkt = vt ? n / 1024 / (vt / 1000) : 0
		printf "# %-15s %8d   %s      %8.2f   %s        %8.2f   %s" \
			"   %s   %s   %s     %s\n",
			l, b, r(b, vb), kp, r(kp, vkp), kt, r(kt, vkt),
			ms(cm), r(cm, bm ? bm : vcm), ms(cx), ms(bm) }'
done
} | sed 's/^/XENTEST TAP /'
