#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The VM harness cannot pass by accident: the guest's init helpers
# (tests/vm/guest-lib.sh, run by busybox sh as in the guest) write the end
# marker only when the case script reached its last line, and vm_verdict
# (tests/vm/lib.sh) fails a boot on canned result, console, QEMU and host
# files for every reason it must: no end marker, no check of the case's
# own, a failed check, a kernel WARNING/BUG/panic/lockdep/hung task on the
# console (also after the guest's last word), no "Power down", a QEMU
# timeout, a failed host check.  No VM is booted.
set -u
top=${SANBLK_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
SANBLK_TOP=$top
SANBLK_BUILD=$(mktemp -d /tmp/test_vm_verdict.XXXXXX)
trap 'rm -rf "$SANBLK_BUILD"' EXIT
# shellcheck source=tests/lib.sh
. "$top/tests/lib.sh"
# shellcheck source=tests/vm/lib.sh
. "$top/tests/vm/lib.sh"

VM_WORK=$SANBLK_BUILD/work
mkdir -p "$VM_WORK"
VM_SECS=1.0
boot_console='[    0.000000] Linux version 6.1.0-57-amd64
[    0.000000] Command line: console=ttyS0,115200 panic=-1 panic_on_warn=1 oops=panic
[    1.234567] sanbft: aBFT in ACPI at 0x3f775000: aoe:e0.1 on 52:54:00:12:34:56
FAIL readback: a program wrote this, and WARNING, to the console'
power_down='[    9.100000] sanblk: sanblk0: cache flushed for shutdown
[    9.200000] reboot: Power down'

# verdict WANT NAME WHAT: vm_verdict on the files prepared for NAME must
# give WANT (PASS or FAIL).
verdict() {
	local want=$1 name=$2 what=$3 out got l
	out=$(VM_FAILED='' vm_verdict "$name" "$name" 2>&1)
	got=${out%% *}
	if [ "$got" = "$want" ]; then
		pass "vm-verdict/$name: $what"
	else
		fail "vm-verdict/$name: $what: got '$(echo "$out" | head -n 1)', want $want"
		while IFS= read -r l; do echo "    $l"; done <<<"$out"
	fi
}

# canned NAME RESULT [CONSOLE [QEMU [HOST]]]: the files of one boot.
canned() {
	printf '%s\n' "$2" >"$VM_WORK/$1.result"
	printf '%s\n' "${3-$boot_console
$power_down}" >"$VM_WORK/$1.console"
	printf '%s' "${4:-}" >"$VM_WORK/$1.qemu"
	rm -f "$VM_WORK/$1.host"
	[ -n "${5:-}" ] && printf '%s\n' "$5" >"$VM_WORK/$1.host"
	return 0
}

good='INFO kernel 6.1.0-57-amd64
PASS insmod-sanbft
PASS state
PASS dmesg-clean
END 2 checks'

canned good "$good"
verdict PASS good "a case that reached its end with its checks passed"
canned crlf "${good//$'\n'/$'\r\n'}"$'\r'
verdict PASS crlf "carriage returns from the serial line"
canned no-end "$(echo "$good" | grep -v '^END')"
verdict FAIL no-end "no end marker (the case stopped early or the guest died)"
canned done-only "${good/END 2 checks/DONE}"
verdict FAIL done-only "the old marker DONE alone"
canned zero 'PASS dmesg-clean
END 0 checks'
verdict FAIL zero "a case with no check of its own, only the dmesg check"
canned failed "${good/PASS state/FAIL state: got nopath, want live}"
verdict FAIL failed "a failed check"
canned hex "INFO x
HEX abft0
 61 42 46 54
END abft0
PASS found
END 1 checks"
verdict PASS hex "a hex dump's END line is not the end marker"
canned hex-only "PASS found
HEX abft0
 61 42 46 54
END abft0"
verdict FAIL hex-only "a hex dump's END line alone"

i=0
for msg in \
	'WARNING: CPU: 0 PID: 1 at kmod/blk/disk.c:99 sanblk_reboot+0x1/0x2 [sanblk]' \
	'BUG: KASAN: slab-use-after-free in sanblk_reboot' \
	'BUG kmalloc-64 (Tainted: G           OE     ): Redzone overwritten' \
	'Oops: 0000 [#1] PREEMPT SMP NOPTI' \
	'Kernel panic - not syncing: panic_on_warn set ...' \
	'INFO: task poweroff:99 blocked for more than 30 seconds.' \
	'general protection fault, probably for non-canonical address' \
	'Call Trace:' \
	'WARNING: possible circular locking dependency detected (lockdep)'; do
	i=$((i + 1))
	canned "console-bad-$i" "$good" "$boot_console
[    9.000000] $msg
$power_down"
	verdict FAIL "console-bad-$i" "on the console after the guest's last word: ${msg%% (*}"
done
canned console-user "$good" "$boot_console
WARNING: a program's own words, no time stamp
$power_down"
verdict PASS console-user "a program's text on the console is not a kernel message"
canned no-power-down "$good" "$boot_console"
verdict FAIL no-power-down "the kernel never said Power down (the shutdown did not finish)"
canned timeout "$good" "$boot_console
$power_down" "timeout after 120 s"
verdict FAIL timeout "QEMU was killed by its timeout"
canned host-fail "$good" "" "" "PASS tap-down-rc
FAIL vblade-dead: vblade 123 still runs after the kill"
verdict FAIL host-fail "a failed host check"
canned host-pass "$good" "$boot_console
$power_down" "" "PASS tap-down-rc
PASS vblade-dead"
verdict PASS host-pass "host checks that passed"

# The guest side: the inits' helpers under busybox sh.
busybox=${VM_BUSYBOX:-/bin/busybox}
if ! "$busybox" sh -c true 2>/dev/null; then
	skip "vm-guest-end: no busybox to run tests/vm/guest-lib.sh"
	exit 0
fi

# guest NAME SCRIPT: run SCRIPT as a case the way tests/vm/guest-init
# does, into NAME's result file.
guest() {
	local name=$1 state=$SANBLK_BUILD/state-$1
	printf '%s\n' "$2" >"$SANBLK_BUILD/$name.case"
	: >"$VM_WORK/$name.result"
	printf '%s\n' "$boot_console" "$power_down" >"$VM_WORK/$name.console"
	: >"$VM_WORK/$name.qemu"
	rm -f "$VM_WORK/$name.host"
	# shellcheck disable=SC2016 # expanded by busybox sh
	G_CHAN=$VM_WORK/$name.result G_STATE=$state G_CONSOLE=/dev/null \
		"$busybox" sh -c '. "$1"; g_start; g_run_case "$2"; g_end' sh \
		"$top/tests/vm/guest-lib.sh" "$SANBLK_BUILD/$name.case" \
		>/dev/null 2>&1
}

# end_is NAME WANT: NAME's end marker line is WANT ("" for none).
end_is() {
	local got
	got=$(grep '^END [0-9]' "$VM_WORK/$1.result")
	if [ "$got" = "$2" ]; then
		pass "vm-guest-end/$1: end marker '$2'"
	else
		fail "vm-guest-end/$1: end marker '$got', want '$2'"
	fi
}

guest g-full 'g_pass one
g_check two a a
if true; then g_pass three; fi'
end_is g-full "END 3 checks"
verdict PASS g-full "a case script that ran to its end"
guest g-last-fails 'g_pass one
false'
end_is g-last-fails "END 1 checks"
verdict PASS g-last-fails "a case whose last command fails (not a check)"
guest g-return 'g_pass one
return
g_pass two'
end_is g-return ""
verdict FAIL g-return "a case script that returns early"
guest g-return-fn 'f() { g_pass one; return 0; }
f || return
[ -e /nonexistent ] || return 0
g_pass two'
end_is g-return-fn ""
verdict FAIL g-return-fn "a case script that returns 0 from a guard"
guest g-exit 'g_pass one
exit 0
g_pass two'
end_is g-exit ""
verdict FAIL g-exit "a case script that exits 0 midway"
# shellcheck disable=SC2016 # the case script's own $PPID
guest g-killed 'g_pass one
sh -c '\''kill -9 $PPID'\''
g_pass two'
end_is g-killed ""
verdict FAIL g-killed "a case script killed midway"
guest g-syntax 'g_pass one
if then fi
g_pass two'
end_is g-syntax ""
verdict FAIL g-syntax "a case script with a syntax error"
guest g-none 'true'
end_is g-none "END 0 checks"
verdict FAIL g-none "a case script that checks nothing"
guest g-background 'g_pass one
( sleep 0.2; g_pass late ) &
wait'
end_is g-background "END 2 checks"
verdict PASS g-background "checks of the case's background jobs count"
