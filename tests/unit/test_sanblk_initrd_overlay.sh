#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# scripts/sanblk-initrd-overlay with stand-in modules (ELF objects with a
# .modinfo section, which is all modinfo reads): the archive it writes
# holds the modules, the tools, the udev rules and the installer's
# startup script for that kernel; modules of another kernel, missing
# modules and bad arguments are refused with a message and no archive.
set -u
top=${SANBLK_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
ov=$top/scripts/sanblk-initrd-overlay
tmp=$(mktemp -d /tmp/test_sanblk_initrd_overlay.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
# not this machine's /lib/modules, where DKMS may have built the real ones
export SANBLK_MODULES=$tmp/lib-modules

pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; }

# fake_ko DIR NAME KVER: NAME.ko built "for" KVER
fake_ko() {
	mkdir -p "$1"
	echo 'int sanblk_fake;' >"$tmp/fake.c"
	printf 'vermagic=%s SMP preempt mod_unload modversions \0name=%s\0' "$3" "$2" >"$tmp/modinfo"
	cc -c -o "$tmp/fake.o" "$tmp/fake.c" &&
		objcopy --add-section .modinfo="$tmp/modinfo" "$tmp/fake.o" "$1/$2.ko"
}

k=6.1.0-50-amd64
if ! { fake_ko "$tmp/good" sanbft "$k" && fake_ko "$tmp/good" sanblk "$k"; }; then
	fail "overlay: cannot make stand-in modules"
	exit 0
fi
fake_ko "$tmp/other" sanbft 6.12.9-amd64 && fake_ko "$tmp/other" sanblk 6.12.9-amd64
fake_ko "$tmp/half" sanbft "$k"

out=$tmp/ov.cpio.gz
if msg=$(sh "$ov" -m "$tmp/good" -o "$out" "$k" 2>&1) && [ -s "$out" ]; then
	pass "overlay: written"
else
	fail "overlay: not written: $msg"
fi
list=$(zcat "$out" 2>/dev/null | cpio -t --quiet 2>/dev/null)
for f in "lib/modules/$k/updates/sanblk/sanbft.ko" "lib/modules/$k/updates/sanblk/sanblk.ko" \
	sbin/sanctl usr/lib/sanblk/sanblk-boot usr/lib/sanblk/sanblk-handoff.sh \
	lib/udev/rules.d/60-sanblk.rules lib/udev/sanblk_id \
	lib/debian-installer-startup.d/S05sanblk; do
	if echo "$list" | grep -qx "$f"; then pass "overlay: has $f"; else fail "overlay: no $f"; fi
done
mkdir -p "$tmp/x"
(cd "$tmp/x" && zcat "$out" | cpio -id --quiet 2>/dev/null)
s=$tmp/x/lib/debian-installer-startup.d/S05sanblk
if [ -x "$s" ] && grep -qx "kver=$k" "$s" && sh -n "$s"; then
	pass "overlay: startup script for $k"
else
	fail "overlay: startup script missing, not executable, or not for $k"
fi
case $(stat -c %u:%g "$s" 2>/dev/null) in
0:0) pass "overlay: owned by root" ;;
*) fail "overlay: owner $(stat -c %u:%g "$s" 2>/dev/null)" ;;
esac

# refused: message, status, and no archive left behind
refuse() {
	local name=$1 want=$2 msg rc
	shift 2
	rm -f "$out"
	msg=$(sh "$ov" "$@" 2>&1)
	rc=$?
	if [ "$rc" -ne 0 ] && [ ! -e "$out" ] && echo "$msg" | grep -q -- "$want"; then
		pass "overlay: refuses $name"
	else
		fail "overlay: $name: status $rc, '$msg' (want '$want')"
	fi
}
refuse other-kernel "built for 6.12.9-amd64, not $k" -m "$tmp/other" -o "$out" "$k"
refuse missing-module "no sanblk.ko for $k" -m "$tmp/half" -o "$out" "$k"
refuse no-kver "usage:" -m "$tmp/good" -o "$out"
refuse bad-kver "is no kernel version" -m "$tmp/good" -o "$out" ../etc
refuse bad-option "usage:" -x -o "$out" "$k"
