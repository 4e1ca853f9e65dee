# SPDX-License-Identifier: GPL-2.0-only
#
# Issue 6 scenario 3: earlycon=pl011,mmio32 on our PL011: the messages
# from before the real driver probes arrive too (through earlycon, which
# replays the log from its first line): every kernel line byte-exact, in
# order; the hand-over from earlycon to the driver may repeat lines.
. /xentest/lib.sh
. /xentest/scenarios/pl011-log.sh
base=$XENTEST_PL011_BASE
pl011_log_scenario xt-early in-order \
	"console=$XENTEST_PL011_TTY earlycon=pl011,mmio32,$base rdinit=/init" \
	"earlycon: pl11 at MMIO32 0x00000000${base#0x}"
