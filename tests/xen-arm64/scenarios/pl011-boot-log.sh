# SPDX-License-Identifier: GPL-2.0-only
#
# Issue 6 scenario 1: a Linux domU whose kernel console is our PL011
# (guest-pl011.cfg: ttyAMA1 at 0x22001000, SPI 33 on the 4.17 route,
# ttyAMA0 at 0x22000000, SPI 32 on 4.20): the amba-pl011 driver
# probes it, the whole boot log lands byte-exact in
# guest-xt-boot-serial0.log, the guest reaches userspace.
. /xentest/lib.sh
. /xentest/scenarios/pl011-log.sh
pl011_log_scenario xt-boot exact "console=$XENTEST_PL011_TTY rdinit=/init"
