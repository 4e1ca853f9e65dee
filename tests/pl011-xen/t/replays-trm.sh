#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The drivers that program the UART themselves, on a daemon whose PL011s
# reset as the TRM says (--pl011-reset=trm: UARTEN off, FIFOs off, no
# divisors): Linux amba-pl011, U-Boot and EDK2 (which then takes its full
# initialisation path, TXFE wait included) bring it up and work as on
# the firmware reset.  SBSA and earlycon rely on firmware and are not
# run here (they would wait for ever, as on hardware).
. tests/pl011-xen/lib.sh
px_setup "$@"
px_daemon --pl011-reset=trm

px_run_driver linux-amba 1 110
px_run_driver u-boot 1 120
px_run_driver edk2 0 130

tap_done
