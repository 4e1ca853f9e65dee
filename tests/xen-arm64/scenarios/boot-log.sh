# SPDX-License-Identifier: GPL-2.0-only
#
# Not a scenario: the body shared by the boot-log scenarios.
# boot_log_scenario CFG LOG TEXT: create the domU, wait for its /init's
# marker in LOG, check the kernel's first line and TEXT are there too,
# time it, destroy the domU.

boot_log_scenario() {
	cfg=$1 log=$2 text=$3
	name=$(basename "$cfg" .cfg)
	t0=$(xentest_ms)
	domid=$(xentest_create "$cfg")
	xentest_ok $? "xl create $name.cfg" || return 1
	xentest_wait_text 180 "$log" XENTEST-DOMU-UP
	up=$?
	xentest_time "domu-$name-create-to-userspace" "$t0"
	xentest_ok "$up" "domU /init line in $(basename "$log")"
	grep -qF "Booting Linux on physical CPU" "$log"
	xentest_ok $? "kernel boot log from its first line"
	grep -qF "$text" "$log"
	xentest_ok $? "log has \"$text\""
	[ "$up" -eq 0 ] || xentest_show "$log"
	echo "# $(wc -c < "$log") bytes logged"
	xl destroy "$domid"
	xentest_ok $? "xl destroy $name"
}
