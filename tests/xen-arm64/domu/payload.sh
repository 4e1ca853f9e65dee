# SPDX-License-Identifier: GPL-2.0-only
#
# The payload of the three-consoles scenario, made the same way in the
# domU and in dom0 (both images carry this file): 256 numbered lines of
# 64 bytes, 16 KiB of printable text whose loss or reordering shows.
xentest_payload() {
	awk 'BEGIN { for (i = 0; i < 256; i++) printf "%05d-%s\n", i,
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ01234" }'
}
