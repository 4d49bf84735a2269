#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# systemd generator, in a dracut image with systemd: when root= or
# netroot= names a SAN target, /sysroot is the partition the root handler
# (sanblk-attach.sh) links to /dev/sanblk-root.  systemd's own
# fstab-generator reads root=aoe:e0.1 as a network file system and would
# mount "aoe:e0.1"; a sysroot.mount in the early directory takes
# precedence over it (and stands alone for netroot=, where nothing else
# makes one).  The wait for the device is rd.sanblk.timeout= (180 s).
# $2: the early generator directory.

early=${2:?}
# shellcheck disable=SC2013 # the command line is words
for a in $(cat /proc/cmdline); do
	case $a in
	rd.sanblk=0) exit 0 ;;
	rootflags=*) flags=${a#rootflags=} ;;
	rootfstype=*) fstype=${a#rootfstype=} ;;
	ro) ro=ro ;;
	rw) ro=rw ;;
	rd.sanblk.timeout=*) secs=${a#rd.sanblk.timeout=} ;;
	esac
done
[ -n "$(SANBLK_LIB=/usr/lib/sanblk /usr/lib/sanblk/sanblk-boot root-target 2>/dev/null)" ] ||
	exit 0
opts=${flags:-}
[ -n "${ro:-}" ] && opts=${opts:+$opts,}$ro
mkdir -p "$early/initrd-root-fs.target.requires" "$early/dev-sanblk\\x2droot.device.d"
printf '[Unit]\nBefore=initrd-root-fs.target\n\n[Mount]\nWhat=/dev/sanblk-root\nWhere=/sysroot\nType=%s\nOptions=%s\n' \
	"${fstype:-auto}" "${opts:-defaults}" >"$early/sysroot.mount"
ln -sf ../sysroot.mount "$early/initrd-root-fs.target.requires/sysroot.mount"
printf '[Unit]\nJobTimeoutSec=%s\nJobRunningTimeoutSec=%s\n' "${secs:-180}" "${secs:-180}" \
	>"$early/dev-sanblk\\x2droot.device.d/timeout.conf"
