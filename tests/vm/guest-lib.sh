# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# Helpers for VM guest scripts (busybox sh).  /init sources this file, then
# the case script /case.sh.  Everything reported goes to the result
# channel, the second serial port, one line each:
#   g_pass NAME [DETAIL]       PASS NAME [DETAIL]
#   g_fail NAME REASON         FAIL NAME: REASON
#   g_info TEXT                INFO TEXT, each line (kept in the host log)
#   g_check NAME GOT WANT      PASS or FAIL comparing two strings
#   g_expect PATH WANT         compare the content of $G_SYSFS/PATH (default
#                              /sys/firmware/sanbft) with WANT
#   g_absent PATH              PASS when $G_SYSFS/PATH does not exist
#   g_insmod NAME [PARAMS]     insmod /lib/modules/NAME.ko, FAIL when refused
#   g_hex TAG FILE             hex dump FILE between "HEX TAG" and "END TAG"
#   g_mem_find SIG LO HI       print the physical addresses in [LO, HI), in
#                              16-byte steps, where /dev/mem holds SIG
#                              (4 characters)
#   g_mem_table ADDR OUT       copy the ACPI-style table at physical ADDR
#                              (its length from the header) to OUT
#   g_modlog MOD               the kernel log lines of module MOD ("MOD: ..."),
#                              without the kernel's out-of-tree/unsigned
#                              module taint notices
#   g_dmesg_check              FAIL dmesg when the kernel log shows a
#                              warning, BUG, oops, lockdep or hung task
#   g_done                     DONE (the host's proof the script finished)

G_CHAN=/dev/ttyS1
G_SYSFS=/sys/firmware/sanbft

g_out() {
	echo "$*" >>"$G_CHAN"
}

g_start() {
	stty -F "$G_CHAN" 115200 raw -echo 2>/dev/null
	g_info "kernel $(uname -r)"
}

g_pass() {
	g_out "PASS $*"
}

g_fail() {
	_n=$1
	shift
	g_out "FAIL $_n: $*"
	echo "FAIL $_n: $*" >/dev/console
}

g_info() {
	echo "$*" | while IFS= read -r _l; do
		g_out "INFO $_l"
	done
}

g_check() {
	if [ "$2" = "$3" ]; then
		g_pass "$1"
	else
		g_fail "$1" "got '$2', want '$3'"
	fi
}

g_expect() {
	if [ ! -e "$G_SYSFS/$1" ]; then
		g_fail "$1" "missing (want '$2')"
		return
	fi
	g_check "$1" "$(cat "$G_SYSFS/$1" 2>&1)" "$2"
}

g_absent() {
	if [ -e "$G_SYSFS/$1" ]; then
		g_fail "$1" "exists, should not"
	else
		g_pass "$1-absent"
	fi
}

g_insmod() {
	_m=$1
	shift
	if _e=$(insmod "/lib/modules/$_m.ko" "$@" 2>&1); then
		g_pass "insmod-$_m"
	else
		g_fail "insmod-$_m" "$_e"
		return 1
	fi
}

g_hex() {
	g_out "HEX $1"
	od -An -v -tx1 "$2" >>"$G_CHAN"
	g_out "END $1"
}

g_mem_find() {
	_lo=$(($2))
	_hi=$(($3))
	dd if=/dev/mem bs=16 skip=$((_lo / 16)) count=$(((_hi - _lo) / 16)) \
		2>/dev/null | od -An -v -tx1 -w16 |
		awk -v lo="$_lo" -v sig="$1" '
		BEGIN {
			for (i = 0; i < 4; i++) {
				c = substr(sig, i + 1, 1)
				for (b = 32; b < 127; b++)
					if (sprintf("%c", b) == c)
						want = want sprintf(" %02x", b)
			}
		}
		substr($0, 1, 12) == want { printf "0x%x\n", lo + (NR - 1) * 16 }'
}

g_mem_table() {
	_a=$(($1))
	_len=$(dd if=/dev/mem bs=1 skip=$((_a + 4)) count=4 2>/dev/null |
		od -An -tu4 | tr -d ' ')
	if [ -z "$_len" ] || [ "$_len" -lt 36 ] || [ "$_len" -gt 65536 ]; then
		return 1
	fi
	dd if=/dev/mem bs=1 skip="$_a" count="$_len" of="$2" 2>/dev/null
}

g_modlog() {
	dmesg | grep "$1: " | grep -v -e 'loading out-of-tree module taints kernel' \
		-e 'module verification failed'
}

g_dmesg_check() {
	_bad=$(dmesg | grep -E 'WARNING|BUG|Oops|lockdep|hung task|general protection|Call Trace')
	if [ -n "$_bad" ]; then
		g_fail dmesg "$(echo "$_bad" | head -n 20 | tr '\n' '|')"
	else
		g_pass dmesg-clean
	fi
}

g_done() {
	g_out DONE
}
