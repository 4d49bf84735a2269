#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# cmdline hook: only parses.  When root= (or netroot=) names a SAN target,
# the root is /dev/sanblk-root, the udev link the root handler
# (sanblk-attach.sh) gives the partition it picks (not /dev/root, which
# mount and the kernel read as the root= of the command line); dracut's
# initqueue waits for it.  Under systemd, sanblk-generator.sh makes the
# sysroot.mount that mounts it.

[ "$(getarg rd.sanblk)" = 0 ] && return 0
sanblk_t=$(SANBLK_LIB=/usr/lib/sanblk /usr/lib/sanblk/sanblk-boot root-target)
if [ -n "$sanblk_t" ]; then
	# shellcheck disable=SC2034 # read by dracut
	root=block:/dev/sanblk-root
	# shellcheck disable=SC2034
	rootok=1
	unset netroot
	wait_for_dev -n /dev/sanblk-root
	# under systemd, dracut-initqueue.service does the waiting
	[ -n "$DRACUT_SYSTEMD" ] && echo >/lib/dracut/need-initqueue
fi
unset sanblk_t
