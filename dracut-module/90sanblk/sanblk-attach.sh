#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# pre-trigger hook, the root handler: load sanblk (it attaches
# sanblk.target= and the firmware's entries itself), add the targets of
# root=, netroot= and rd.sanblk.target=, and, when root= names a target,
# wait in the background for its disk and have udev link /dev/sanblk-root to the
# root partition (rd.sanblk.timeout=, default 180 s; dracut gives up on
# its own timeout and the emergency hook explains).

export SANBLK_LIB=/usr/lib/sanblk
[ "$(getarg rd.sanblk)" = 0 ] && return 0
if [ -z "$(/usr/lib/sanblk/sanblk-boot targets | head -n 1)" ] &&
	! getarg sanblk.target= >/dev/null; then
	modprobe -q sanbft
	ls -d /sys/firmware/sanbft/entry* >/dev/null 2>&1 || return 0
fi
/usr/lib/sanblk/sanblk-boot attach
if [ -n "$(/usr/lib/sanblk/sanblk-boot root-target)" ]; then
	(
		dev=$(/usr/lib/sanblk/sanblk-boot find-root) || exit 0
		mkdir -p /run/udev/rules.d
		printf 'KERNEL=="%s", SYMLINK+="sanblk-root"\n' "${dev##*/}" \
			>/run/udev/rules.d/99-sanblk-root.rules
		udevadm control --reload
		udevadm trigger --action=change "/sys/class/block/${dev##*/}"
	) </dev/null >/dev/null 2>&1 &
fi
