#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# Helpers for the boot tier's flows (tests/boot/cases/*: the checks they
# hand to boot_checks), sourced by the checker in the real root after
# the g_* helpers of tests/vm/guest-lib.sh.
#
#   boot_restart_under_io UNIT NAME
#                       restart UNIT while a 24 MiB copy (O_DIRECT) runs
#                       on the root: restart-NAME (the command succeeds),
#                       NAME-restarted (UNIT's main process started anew)
#                       and copy-after-restart (the copy equals its source)

boot_restart_under_io() {
	bri_unit=$1 bri_name=$2
	dd if=/dev/urandom of=/var/tmp/payload bs=1M count=24 status=none
	bri_sum=$(md5sum </var/tmp/payload)
	bri_before=$(systemctl show -p ExecMainStartTimestampMonotonic --value "$bri_unit")
	(dd if=/var/tmp/payload of=/var/tmp/copy bs=64k oflag=direct status=none && sync) &
	bri_w=$!
	g_do "restart-$bri_name" systemctl restart "$bri_unit"
	bri_after=$(systemctl show -p ExecMainStartTimestampMonotonic --value "$bri_unit")
	if [ "$bri_after" != "$bri_before" ]; then
		g_pass "$bri_name-restarted" "$bri_before -> $bri_after"
	else
		g_fail "$bri_name-restarted" "start time unchanged ($bri_before)"
	fi
	wait "$bri_w"
	g_check copy-after-restart "$(md5sum </var/tmp/copy)" "$bri_sum"
	rm -f /var/tmp/payload /var/tmp/copy
}
