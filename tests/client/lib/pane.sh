#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Runs inside a tmux pane for term.sh: pane.sh DIR CMD...  Records the
# terminal's `stty -g` in DIR/stty.before, runs CMD (its pid in DIR/pid,
# its stderr in DIR/err, its exit status in DIR/rc), records `stty -g`
# again in DIR/stty.after, then keeps the pane open for inspection.
dir=$1
shift
stty -g >"$dir/stty.before"
LD_LIBRARY_PATH=$XENSIM_LIBDIR sh -c 'echo $$ >"$0/pid.tmp" &&
	mv "$0/pid.tmp" "$0/pid" && exec "$@"' "$dir" "$@" 2>"$dir/err"
echo $? >"$dir/rc.tmp"
stty -g >"$dir/stty.after"
mv "$dir/rc.tmp" "$dir/rc"
exec sleep 100000
