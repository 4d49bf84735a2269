#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# emergency hook: when the SAN root disk never came, say which NIC, which
# target and what sanctl diagnose finds, before the shell.

[ -e /dev/sanblk-root ] && return 0
[ -n "$(SANBLK_LIB=/usr/lib/sanblk /usr/lib/sanblk/sanblk-boot root-target)" ] || return 0
SANBLK_LIB=/usr/lib/sanblk /usr/lib/sanblk/sanblk-boot explain
