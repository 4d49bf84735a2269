#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# mount hook, under systemd only (dracut-mount.service runs the mount hooks
# until $NEWROOT is mounted; without systemd, rootfs-block's mount-root.sh
# mounts $root): mount the partition the root handler linked to
# /dev/sanblk-root, with rootflags=/ro/rw and rootfstype= as dracut parsed
# them.

# shellcheck disable=SC2154 # root, NEWROOT, fstype, rflags: dracut's
[ "${root#block:}" = /dev/sanblk-root ] || return 0
ismounted "$NEWROOT" && return 0
[ -b /dev/sanblk-root ] || return 0
# shellcheck disable=SC2086 # rflags: a comma list, fstype: one word
mount ${fstype:+-t "$fstype"} ${rflags:+-o "$rflags"} /dev/sanblk-root "$NEWROOT"
