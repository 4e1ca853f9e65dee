#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Helper of parity.sh (not a test by itself): two guests print a mix of
# text, CR/LF, escape sequences and all byte values through the daemon
# named by $XENCONSOLED (default: stock), with --replace-escape; their
# logs and the console keys of xenstore (tty paths masked) go to $1.
. tests/xensim/env.sh
xensim_enter_namespace "$0" "$@"
trap xensim_stop EXIT
out=$1
xensim_start || exit 1
log=$XENSIM_DIR/log
xensim_spawn xenconsoled "$(xensim_consoled)" -i --log=guest --replace-escape \
	--log-dir="$log"
a=$("$XENSIM_BIN/xensim" create alpha) || exit 1
b=$("$XENSIM_BIN/xensim" create beta --vcpus 2) || exit 1
for d in "$a" "$b"; do
	xensim_wait 5 xs_read "/local/domain/$d/console/tty" >/dev/null || exit 1
done
printf 'boot\r\n\x1b[1mbold\x1b[0m\n' | "$XENSIM_BIN/xensim-guest" "$a" write pv
perl -e 'print map { chr } (0 .. 255) x 12' | "$XENSIM_BIN/xensim-guest" "$b" write pv
printf 'tail without newline' | "$XENSIM_BIN/xensim-guest" "$a" write pv
xensim_wait 5 grep -q 'tail without newline' "$log/guest-alpha.log" || exit 1
xensim_wait 5 test "$(stat -c %s "$log/guest-beta.log")" = 3072 || exit 1
cp "$log/guest-alpha.log" "$log/guest-beta.log" "$out/"
for d in "$a" "$b"; do
	LD_LIBRARY_PATH=$XENSIM_LIBDIR "$(xensim_stock_bin xenstore-ls)" -f \
		"/local/domain/$d/console" | sed "s|/local/domain/$d/||; s|/dev/pts/[0-9]*|PTY|"
done >"$out/xenstore.txt"
