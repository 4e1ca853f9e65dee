# SPDX-License-Identifier: GPL-2.0-only
#
# (b) a domU with vuart="sbsa_uart" and console=ttyAMA0: its boot log
# and /init's line must land in guest-xt-vuart-vuart0.log.
. /xentest/lib.sh
. /xentest/scenarios/boot-log.sh
boot_log_scenario /xentest/guests/vuart.cfg \
	/var/log/xen/console/guest-xt-vuart-vuart0.log \
	"ttyAMA0 at MMIO 0x22000000"
