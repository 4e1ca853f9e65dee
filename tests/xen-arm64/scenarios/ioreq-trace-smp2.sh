# SPDX-License-Identifier: GPL-2.0-only
#
# The same on two pCPUs (QEMU -smp 2; check-xen picks it by the name),
# where a PL011 guest's stream of ioreqs used to leave a pCPU idle with a
# runnable vCPU queued: ioreq-trace-body.sh with 16 KiB (what three-consoles
# writes), whose trace_breakdown also
# reports how long SGIs sent to idle pCPUs took to be taken.
. /xentest/lib.sh
. /xentest/scenarios/ioreq-trace-body.sh
ioreq_trace_scenario 16384
