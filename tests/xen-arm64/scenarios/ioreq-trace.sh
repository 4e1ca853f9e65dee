# SPDX-License-Identifier: GPL-2.0-only
#
# Where one MMIO round trip to our PL011 goes, on one pCPU (QEMU -smp 1):
# see ioreq-trace-body.sh.  Not in the default list: it boots the debug
# hypervisor (XEN_SCENARIOS=ioreq-trace).
. /xentest/lib.sh
. /xentest/scenarios/ioreq-trace-body.sh
ioreq_trace_scenario 1024
