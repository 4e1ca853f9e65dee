#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# What `make check-xen` decides when the Debian archive answers "not
# listed", "404", nothing at all or "here it is" (archive.sh): which Xen
# source build-xen.sh takes, when fetch-arm64.sh and the whole route are
# skipped with the reason, and what still fails.  No network: apt-get and
# apt-cache on PATH are a fake archive set by FAKE_* variables.
set -u
top=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$top"
. tests/lib/tap.sh

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin=$work/bin
mkdir -p "$bin"

# The fake archive.  FAKE_SOURCES: "VERSION=ANSWER ..." with ANSWER ok,
# 404, unlisted (not in any index), hang or broken (an apt error that is
# not the archive's answer); FAKE_UPDATE ok or unreachable;
# FAKE_CANDIDATE, the arm64 candidate of every package; FAKE_DOWNLOAD ok
# or 404.  Every call goes to FAKE_LOG.
cat > "$bin/apt-get" <<'FAKE'
#!/bin/sh
echo "$(basename "$0") $*" >> "$FAKE_LOG"
# The words that are not options.
for arg; do
	shift
	case $arg in
	-o) skip=1 ;;
	-*) ;;
	*) [ -n "${skip:-}" ] || set -- "$@" "$arg"; skip="" ;;
	esac
done
cmd=$1
shift
answer_for() {
	for s in $FAKE_SOURCES; do
		[ "${s%%=*}" = "$1" ] && { echo "${s#*=}"; return; }
	done
	echo unlisted
}
fetch_fails() {
	echo "E: Failed to fetch http://deb.debian.org/debian/pool/main/$1" \
		" 404  Not Found [IP: 192.0.2.1 80]" >&2
	echo "E: Failed to fetch some archives." >&2
	exit 100
}
case $cmd in
update)
	[ "${FAKE_UPDATE:-ok}" = ok ] && exit 0
	echo "W: Failed to fetch http://deb.debian.org/debian/dists/x/InRelease" \
		" Temporary failure resolving 'deb.debian.org'" >&2
	echo "E: Some index files failed to download." >&2
	exit 100 ;;
showsrc)
	for s in $FAKE_SOURCES; do
		[ "${s#*=}" = unlisted ] || printf 'Package: xen\nVersion: %s\n\n' \
			"${s%%=*}"
	done ;;
source)
	v=${1#xen=}
	case $(answer_for "$v") in
	ok) touch "xen_$v.dsc" ;;
	404) fetch_fails "x/xen/xen_$v.dsc" ;;
	hang) sleep 30 ;;
	broken)
		echo "E: dpkg was interrupted, you must manually run" \
			"'dpkg --configure -a' to correct the problem." >&2
		exit 100 ;;
	*)
		echo "E: Can not find version '$v' of package 'xen'" >&2
		echo "E: Unable to find a source package for xen" >&2
		exit 100 ;;
	esac ;;
depends)
	printf '%s\n  Depends: linux-image-6.1.0-99-arm64:arm64\n' "$1" ;;
policy)
	for p in "$@"; do
		printf '%s:\n  Installed: (none)\n  Candidate: %s\n' "$p" \
			"$FAKE_CANDIDATE"
	done ;;
download)
	[ "$FAKE_DOWNLOAD" = ok ] || fetch_fails "${1%%:*}_arm64.deb" ;;
esac
FAKE
chmod +x "$bin/apt-get"
ln -s apt-get "$bin/apt-cache"
# What check-xen looks for on a host that setup-host.sh prepared.
for c in qemu-system-aarch64 aarch64-linux-gnu-gcc dtc dpkg-source; do
	printf '#!/bin/sh\nexit 1\n' > "$bin/$c"
	chmod +x "$bin/$c"
done

export PATH="$bin:$PATH" FAKE_LOG="$work/apt.log" XEN_ROUTE=4.20 \
	XEN_APT_TIMEOUT=2 FAKE_UPDATE=ok FAKE_CANDIDATE=1.0 FAKE_DOWNLOAD=ok \
	FAKE_SOURCES=""
unset XEN_SRC_VERSIONS XEN_REQUIRE_ROUTES XEN_VERDICT_FILE
pinned=4.20.3+127-gc42374a105-0+deb13u1

# run NAME CMD...: CMD with a cache of its own; out, err and rc are kept.
run() {
	name=$1
	shift
	export XEN_CACHE="$work/cache-$name"
	: > "$FAKE_LOG"
	rc=0
	"$@" > "$work/out" 2> "$work/err" || rc=$?
	out=$(cat "$work/out")
}

# 1. The source: the pinned version first, then every 4.20 listed, newest
# first; the first one served wins.
FAKE_SOURCES="$pinned=unlisted 4.20.9-1=404 4.20.4-1=ok 4.20.2-1=ok \
4.17.5-1=ok"
run choose sh hypervisor-ioreq-arm/build-xen.sh --find-source
is "$rc" 0 "a served 4.20 source is found"
is "${out%% *}" 4.20.4-1 "the newest one served, not an older one or 4.17"
is "$(sed -n 's/.*source -qq --download-only xen=//p' "$FAKE_LOG" |
	tr '\n' ' ')" "$pinned 4.20.9-1 4.20.4-1 " \
	"tried in order: pinned, then newest first, stopping at the first"

FAKE_SOURCES="$pinned=unlisted 4.20.4+63-1=404 4.20.4+39-1=404"
run none sh hypervisor-ioreq-arm/build-xen.sh --find-source
is "$rc" 77 "no source served: exit 77 (unavailable), not a failure"
is "$out" "no Xen 4.20 source in the archive (tried: $pinned (not \
listed), 4.20.4+63-1 (404 Not Found), 4.20.4+39-1 (404 Not Found))" \
	"the reason names every version tried and the archive's answer"

FAKE_SOURCES="4.20.9-1=hang 4.20.1-1=ok"
XEN_SRC_VERSIONS=all run hang sh hypervisor-ioreq-arm/build-xen.sh \
	--find-source
is "$rc:${out%% *}" 0:4.20.1-1 "a download that hangs is given up on"
grep -q "4.20.9-1: timed out after 2 s" "$work/err"
ok $? "and says it timed out"

FAKE_SOURCES="$pinned=broken 4.20.1-1=ok"
run broken sh hypervisor-ioreq-arm/build-xen.sh --find-source
is "$rc" 1 "an apt error that is not the archive's answer fails"

FAKE_UPDATE=unreachable FAKE_SOURCES=""
run offline sh hypervisor-ioreq-arm/build-xen.sh --find-source
is "$rc" 77 "no archive at all: unavailable"
case $out in
*"no source lists: archive unreachable"*) ok 0 "the reason says so" ;;
*) ok 1 "the reason says so: $out" ;;
esac
FAKE_UPDATE=ok

# 2. A hypervisor built earlier from another 4.20 source, with today's
# fragment and recipe, serves when the archive has none (the whole
# script now, not --find-source).
FAKE_SOURCES="$pinned=404"
recipe=$(sed -n 's/^recipe=//p' hypervisor-ioreq-arm/build-xen.sh)
# build-xen.sh's recipe_text: the fragment, the recipe, our patches.
stamp=$( (cat hypervisor-ioreq-arm/ioreq.config; echo "recipe $recipe"
	find hypervisor-ioreq-arm/patches -maxdepth 1 -name '*.patch' |
		LC_ALL=C sort | while read -r p; do
			echo "patch ${p##*/}"
			cat "$p"
		done) | sha256sum | cut -c1-16)
cached_build() {
	mkdir -p "$XEN_CACHE/xen-ioreq/$1"
	touch "$XEN_CACHE/xen-ioreq/$1/xen"
	echo "$2" > "$XEN_CACHE/xen-ioreq/$1/recipe"
}
XEN_CACHE=$work/cache-reuse
cached_build 4.20.1-1-0123456789abcdef "$stamp"
cached_build 4.20.2-1-0123456789abcdef "other"
cached_build 4.17.5-1-0123456789abcdef "$stamp"
run reuse sh hypervisor-ioreq-arm/build-xen.sh
is "$rc:$out" "0:$XEN_CACHE/xen-ioreq/4.20.1-1-0123456789abcdef/xen" \
	"no source: the cached 4.20 build with today's recipe is used"
grep -q "using the cached hypervisor" "$work/err"
ok $? "and it says which"
run nocache sh hypervisor-ioreq-arm/build-xen.sh
is "$rc" 77 "no source and no cached build: unavailable"

# 3. The binary packages.
FAKE_CANDIDATE="(none)"
run nocandidate sh tests/xen-arm64/fetch-arm64.sh
is "$rc" 77 "a package with no arm64 candidate: unavailable"
case $out in
"Debian trixie lists no arm64 candidate for busybox-static "*)
	ok 0 "the reason names the packages" ;;
*) ok 1 "the reason names the packages: $out" ;;
esac
FAKE_CANDIDATE=1.0 FAKE_DOWNLOAD=404
run download sh tests/xen-arm64/fetch-arm64.sh
is "$rc" 77 "a package download answering 404: unavailable"
is "$out" "arm64 packages of Debian trixie: apt-get download: 404 Not \
Found" "the reason says what failed and how"
is "$(grep -c ' download ' "$FAKE_LOG"):$(grep -c ' update ' "$FAKE_LOG")" \
	2:2 "after the 404 the lists are fetched anew and the download retried"
FAKE_DOWNLOAD=ok

# 4. The harness: check-xen on a prepared host (XEN_SETUP_HOST=0).
check_xen() {
	XEN_SETUP_HOST=0 BUILD=$work/build XEN_VERDICT_FILE=$work/verdict \
		sh tests/xen-arm64/check-xen
}
FAKE_SOURCES="$pinned=unlisted 4.20.4+63-1=404"
run skip check_xen
is "$rc" 0 "check-xen: a route whose source is gone is no failure"
grep -qx "1..0 # SKIP xen route 4.20: no Xen 4.20 source in the archive \
(tried: $pinned (not listed), 4.20.4+63-1 (404 Not Found))" "$work/out"
ok $? "its TAP is a skip with the reason"
is "$(cat "$work/verdict")" "skipped: no Xen 4.20 source in the archive \
(tried: $pinned (not listed), 4.20.4+63-1 (404 Not Found))" \
	"the verdict for run-tests' summary says the same"

XEN_REQUIRE_ROUTES="4.17 4.20" run required check_xen
is "$rc" 1 "XEN_REQUIRE_ROUTES makes that skip a failure"
grep -q "^Bail out! xen route 4.20 is required" "$work/out"
ok $? "and says why"

FAKE_SOURCES="$pinned=broken"
run harness-broken check_xen
is "$rc:$(cat "$work/verdict")" 1:failed \
	"an apt error that is not the archive's still fails the route"

# A source is served, the build itself fails (dpkg-source here): ours.
FAKE_SOURCES="$pinned=ok"
run build-fails check_xen
is "$rc:$(cat "$work/verdict")" 1:failed "a failing build fails the route"
grep -q "^Bail out! phase xen-build failed" "$work/out"
ok $? "at the phase that failed"

tap_done
