#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# pre-pivot hook: the root is mounted at $NEWROOT; when it is on a sanblk
# disk, leave the hand-off files in /run for the real root's network
# manager, otherwise remove any.

[ -d /sys/bus/sanblk ] || return 0
sanblk_dev=$(awk -v m="${NEWROOT:-/sysroot}" '$2 == m { d = $1 } END { print d }' /proc/mounts)
SANBLK_LIB=/usr/lib/sanblk /usr/lib/sanblk/sanblk-boot handoff "${sanblk_dev:-none}"
unset sanblk_dev
