# SPDX-License-Identifier: GPL-2.0-only
#
# (a) xl create of a Linux domU with a PV console; its boot log and its
# /init's line must land in the console daemon's guest-xt-pv.log.
. /xentest/lib.sh
. /xentest/scenarios/boot-log.sh
boot_log_scenario /xentest/guests/pv.cfg \
	/var/log/xen/console/guest-xt-pv.log "console=hvc0"
