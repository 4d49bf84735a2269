# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
# Shared by every test tier.  A tier prints one line per test case:
#   PASS <name> [detail]      FAIL <name>: <reason>      SKIP <name>: <reason>
# and tests/run counts them.  Source this file from bash.

SANBLK_TOP=${SANBLK_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
SANBLK_BUILD=${SANBLK_BUILD:-$SANBLK_TOP/build}
export SANBLK_TOP SANBLK_BUILD

pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; }
skip() { echo "SKIP $*"; }

# each_parallel FUNC ARG...: FUNC ARG for every ARG, as many at a time as
# there are CPUs, each one's output kept apart and all printed in the
# order of the ARGs once the last is done (for checks that use one CPU
# each: fuzzers, checkpatch, shellcheck).
each_parallel() {
	local fn=$1 dir i=0 j a ncpu
	shift
	ncpu=$(nproc)
	dir=$(mktemp -d "${TMPDIR:-/tmp}/sanblk-each.XXXXXX") || return 1
	for a in "$@"; do
		while [ "$(jobs -pr | wc -l)" -ge "$ncpu" ]; do
			wait -n
		done
		"$fn" "$a" >"$dir/$i" 2>&1 &
		i=$((i + 1))
	done
	wait
	for ((j = 0; j < i; j++)); do
		cat "$dir/$j"
	done
	rm -rf "$dir"
}

# The Debian kernel lines the project supports: newest installed of each.
# Override with SANBLK_KVERS="a b".
sanblk_kvers() {
	if [ -n "${SANBLK_KVERS:-}" ]; then
		echo "$SANBLK_KVERS"
		return
	fi
	local line k out=
	for line in '6\.1\.' '6\.12\.'; do
		k=$(find /lib/modules -mindepth 1 -maxdepth 1 -printf '%f\n' |
			grep -E "^${line}[0-9].*-amd64$" | grep -v -e cloud -e rt |
			sort -V | tail -n 1)
		[ -n "$k" ] && out="$out $k"
	done
	echo "$out"
}

# A kernel that is not installed on this machine (tests/debug builds one):
# SANBLK_KROOT is a directory laid out like / for it, with
# boot/vmlinuz-KVER and lib/modules/KVER/ (modules, modules.dep and
# modules.builtin*, "build" linking to its build tree).  Every helper that
# looks for a kernel's image, build tree or modules asks sanblk_kroot KVER
# for the root to look under: SANBLK_KROOT when it holds KVER, else
# nothing, i.e. the host's own /boot and /lib/modules.
sanblk_kroot() {
	if [ -n "${SANBLK_KROOT:-}" ] && [ -d "$SANBLK_KROOT/lib/modules/$1" ]; then
		echo "$SANBLK_KROOT"
	fi
}

# Build the modules for one kernel in a private copy of the tree, so the
# two kernel lines never share object files.  Output in $SANBLK_BUILD/$kver.
# Returns non-zero on a failed build or on any compiler warning.
sanblk_build() {
	local kver=$1 dir=$SANBLK_BUILD/$1/src log kdir
	kdir=$(sanblk_kroot "$kver")/lib/modules/$kver/build
	mkdir -p "$dir"
	(cd "$SANBLK_TOP" && tar cf - Kbuild Makefile dkms.conf kmod) |
		(cd "$dir" && tar xf -)
	log=$SANBLK_BUILD/$kver/build.log
	if ! make -C "$dir" KVER="$kver" KDIR="$kdir" W=1 modules >"$log" 2>&1; then
		return 1
	fi
	! grep -E 'warning:|error:' "$log" >/dev/null
}

sanblk_module() { echo "$SANBLK_BUILD/$1/src/kmod/$2"; }
