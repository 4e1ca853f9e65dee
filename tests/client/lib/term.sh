# SPDX-License-Identifier: GPL-2.0-only
#
# Shared by tests/client/*.sh: xenconsole on the simulated Xen, attached
# to a real terminal (a tmux pane).  Source after tests/xensim/env.sh and
# tests/lib/tap.sh, then call client_setup.
#
#   XENCONSOLE    the client under test (default: ours in build/)
#   XENCONSOLED   the console daemon serving the guests (default: Debian's
#                 stock xenconsoled); run as "$XENCONSOLED -i" plus
#                 XENCONSOLED_ARGS (default --log=none)
#
#   client_setup          private simulated Xen + tmux server; call first
#   daemon_start          start the daemon (pid kept as "daemon")
#   guest_create NAME     create a guest, print its domid
#   guest_say DOMID TEXT  the guest prints TEXT (printf format) on hvc0
#   guest_hears DOMID N   print N bytes the guest reads from hvc0 (5 s)
#   tty_of DOMID [NODE]   the pty path in NODE (default console/tty)
#   xs_write PATH VALUE   write a xenstore node
#   term_run T ARGS...    run "$XENCONSOLE ARGS" in the terminal of a new
#                         tmux session T (see pane.sh for what it records);
#                         XENCONSOLE_LOCK_DIR is passed on if set
#   term_type T TEXT      type TEXT literally;  term_keys T HEX...: bytes
#   term_screen T         print what the terminal shows
#   term_shows T TEXT     succeed once the screen contains TEXT (5 s)
#   term_exited T         succeed once the client has exited (5 s)
#   term_rc T, term_err T, term_pid T, term_file T NAME
#   term_tty T            the pane's own pty (/dev/pts/N)
#   term_restored T       the terminal modes after equal those before

XENCONSOLE=${XENCONSOLE:-$PWD/$XENSIM_BUILD/tools/console/client/xenconsole}
XENCONSOLED_ARGS=${XENCONSOLED_ARGS:---log=none}

client_teardown() {
	[ -S "${TMUX_SOCKET:-}" ] && tmux_ kill-server 2>/dev/null
	xensim_stop
}

client_setup() {
	command -v tmux >/dev/null ||
		bail "tmux is not installed (run tools/setup-deps)"
	trap client_teardown EXIT
	xensim_start || bail "cannot start the simulated Xen"
	XENCONSOLED=${XENCONSOLED:-$(xensim_stock_bin xenconsoled)}
	[ -x "$XENCONSOLE" ] || bail "no client at $XENCONSOLE"
	[ -x "$XENCONSOLED" ] || bail "no daemon at $XENCONSOLED"
	TMUX_SOCKET=$XENSIM_DIR/tmux.sock
	export TERM=xterm
	unset TMUX
	diag "client $XENCONSOLE, daemon $XENCONSOLED"
}

tmux_() {
	tmux -S "$TMUX_SOCKET" -f /dev/null "$@"
}

daemon_start() {
	# shellcheck disable=SC2086
	xensim_spawn daemon "$XENCONSOLED" -i $XENCONSOLED_ARGS
}

guest_create() {
	"$XENSIM_BIN/xensim" create "$@"
}

guest_say() {
	# shellcheck disable=SC2059
	printf "$2" | "$XENSIM_BIN/xensim-guest" "$1" write pv
}

guest_hears() {
	"$XENSIM_BIN/xensim-guest" "$1" read pv "$2" 5000
}

tty_of() {
	local t
	t=$(xs_read "/local/domain/$1/${2:-console/tty}") && [ -n "$t" ] &&
		echo "$t"
}

xs_write() {
	LD_LIBRARY_PATH=$XENSIM_LIBDIR "$(xensim_stock_bin xenstore-write)" \
		"$@"
}

term_dir() {
	echo "$XENSIM_DIR/term-$1"
}

# The tmux server's environment is fixed when it starts: pass on what a
# test sets for one client.
term_run() {
	local t=$1 dir env=()
	shift
	dir=$(term_dir "$t")
	mkdir -p "$dir"
	[ -n "${XENCONSOLE_LOCK_DIR:-}" ] &&
		env=(-e "XENCONSOLE_LOCK_DIR=$XENCONSOLE_LOCK_DIR")
	tmux_ new-session -d -s "$t" -x 100 -y 30 "${env[@]}" \
		bash "$PWD/tests/client/lib/pane.sh" "$dir" "$XENCONSOLE" "$@"
	xensim_wait 5 test -s "$dir/pid"
}

term_type() {
	tmux_ send-keys -t "$1" -l "$2"
}

term_keys() {
	local t=$1
	shift
	tmux_ send-keys -t "$t" -H "$@"
}

term_screen() {
	tmux_ capture-pane -p -t "$1"
}

screen_has() {
	term_screen "$1" | grep -qF -- "$2"
}

# tmux drops trailing blanks, so TEXT should not end in one.
term_shows() {
	xensim_wait 5 screen_has "$1" "$2" && return 0
	term_screen "$1" | sed 's/^/#   screen: /'
	return 1
}

term_exited() {
	xensim_wait 5 test -e "$(term_dir "$1")/rc"
}

term_file() {
	cat "$(term_dir "$1")/$2"
}

term_rc() {
	term_file "$1" rc
}

term_err() {
	term_file "$1" err
}

term_pid() {
	term_file "$1" pid
}

term_tty() {
	tmux_ display-message -p -t "$1" '#{pane_tty}'
}

term_restored() {
	local dir
	dir=$(term_dir "$1")
	[ -s "$dir/stty.before" ] && cmp -s "$dir/stty.before" "$dir/stty.after"
}

# A terminal in raw mode has (among others) -icanon, -echo and -isig.
term_is_raw() {
	local modes m
	modes=$(stty -a <"$(term_tty "$1")" | tr ' ' '\n') || return 1
	for m in -icanon -echo -isig; do
		grep -qx -- "$m" <<<"$modes" || return 1
	done
}
