# SPDX-License-Identifier: GPL-2.0-only
#
# xentest.run=flood: numbered lines on the console, for as long as the
# daemon-restart scenario needs to kill and restart the daemon meanwhile.
i=0
while [ $i -lt 400 ]; do
	echo "XENTEST-SEQ $i"
	i=$((i + 1))
done
echo XENTEST-SEQ-END
