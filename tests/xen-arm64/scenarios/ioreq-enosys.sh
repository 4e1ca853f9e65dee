# SPDX-License-Identifier: GPL-2.0-only
#
# Negative control for (c), on Debian's own hypervisor (no IOREQ_SERVER).
exec sh /xentest/scenarios/ioreq-probe.sh --expect-enosys
