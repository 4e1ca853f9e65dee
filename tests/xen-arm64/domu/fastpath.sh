# SPDX-License-Identifier: GPL-2.0-only
#
# Guest side of the ioreq-fast-path scenario: one devmem process per
# access to the page that dom0's `ioreq_probe --fast-path` serves.  Every
# value read is written back to the report word (+0xff8, a synchronous
# write), so the probe sees what the guest got and whether an ioreq came
# first; the control word (+0xffc) makes the probe change its published
# page.  The sequence the probe expects is fp_expected[] in ioreq_probe.c.
b=0x22001000
rd() { devmem $((b + $1)) "$2"; }
wr() { devmem $((b + $1)) "$2" "$3"; }
report() { wr 0xff8 32 "$1"; }
ctl() { wr 0xffc 32 "$1"; }

report "$(rd 0x18 32)"		# published, nothing pending
report "$(rd 0x19 8)"		# one byte lane of it
wr 0 8 0x41			# posted (1 pending, credit 2)
report "$(rd 0x18 32)"		# value[PENDING]
report "$(rd 0x24 32)"		# a word without VALID_PENDING: ioreq
wr 0 32 0x42			# posted (2 pending)
report "$(rd 0x18 32)"		# value[FULL]
wr 0 8 0x43			# no credit: ioreq
ctl 2				# credit 1
report "$(rd 0x18 32)"		# 2 pending > credit: ioreq
ctl 1				# applied = 2
report "$(rd 0x18 32)"		# value[IDLE]
wr 0 8 0x44			# posted (1 pending = credit 1)
ctl 3				# seq odd
report "$(rd 0x18 32)"		# ioreq
wr 0 8 0x45			# ioreq
ctl 4				# seq even
report "$(rd 0x18 32)"		# value[FULL]
report "$(rd 0x18 64)"		# 8 bytes: ioreq
ctl 255
echo "XENTEST-FASTPATH-DONE"
