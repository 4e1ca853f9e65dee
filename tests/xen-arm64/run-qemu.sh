#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Boot Xen + dom0 under qemu-system-aarch64 (TCG) once and wait for it.
#   run-qemu.sh XEN IMAGE DOM0_INITRD SCENARIOS TIMEOUT LOG [INPUT]
# SCENARIOS ("a+b": QEMU options cannot hold commas) go to dom0 as xentest=.
# QEMU's serial goes to LOG; its stdin is a FIFO held open by this script
# (QEMU never sees EOF), into which INPUT, if given, is written once dom0
# prints "XENTEST SERVICES-UP".  QEMU is killed after TIMEOUT seconds.
# A kernel or Xen panic (noreboot keeps QEMU alive) stops QEMU at once.
# XEN_CMDLINE_EXTRA is appended to Xen's command line, XEN_DOM0_EXTRA to
# dom0's (no commas either); XEN_QEMU_SMP is
# the number of CPUs, default 1: with 2, a PL011 guest's stream of ioreqs
# regularly left one Xen pCPU idle with a runnable vCPU in its run queue
# (debug keys 'r'/'q', credit and credit2 alike) for minutes, until any
# serial input woke it (README.md, "Pitfalls").
# Exit status: QEMU's; 124 on timeout; 125 after a panic.
set -eu

xen=$1 image=$2 initrd=$3 scenarios=$4 limit=$5 log=$6 input=${7:-}
fifo_dir=$(mktemp -d)
fifo=$fifo_dir/stdin
mkfifo "$fifo"
feeder=""
# shellcheck disable=SC2317 # called through the trap
cleanup() {
	[ -n "$feeder" ] && kill "$feeder" 2>/dev/null
	rm -rf "$fifo_dir"
}
trap cleanup EXIT

# Opened read-write so neither side blocks and QEMU never reads EOF.
exec 3<>"$fifo"

if [ -n "$input" ]; then
	(
		until grep -q 'XENTEST SERVICES-UP' "$log" 2>/dev/null; do
			sleep 1
		done
		cat "$input" >&3
	) &
	feeder=$!
fi

xen_args="dom0_mem=512M console=dtuart dtuart=/pl011@9000000 noreboot"
xen_args="$xen_args bootscrub=0 ${XEN_CMDLINE_EXTRA:-}"
dom0_args="console=hvc0 earlycon=xen rdinit=/init xentest=$scenarios"
dom0_args="$dom0_args ${XEN_DOM0_EXTRA:-}"
: > "$log"
set +e
timeout -k 10 "$limit" qemu-system-aarch64 \
	-machine virt,virtualization=on,gic-version=3 -cpu cortex-a57 \
	-smp "${XEN_QEMU_SMP:-1}" -m 2048 -nographic -nic none \
	-kernel "$xen" \
	-append "$xen_args" \
	-device "guest-loader,addr=0x49000000,kernel=$image,bootargs=$dom0_args" \
	-device guest-loader,addr=0x4c000000,initrd="$initrd" \
	<&3 >"$log" 2>&1 &
qemu=$!
set -e

panicked() {
	grep -aqE 'end Kernel panic|\(XEN\) Panic on CPU|\(XEN\) Reboot in five' \
		"$log"
}

while kill -0 "$qemu" 2>/dev/null; do
	if panicked; then
		echo "run-qemu: panic in $log, stopping QEMU" >&2
		kill "$qemu" 2>/dev/null || :
		wait "$qemu" || :
		exit 125
	fi
	sleep 1
done
wait "$qemu" && rc=0 || rc=$?
exit "$rc"
