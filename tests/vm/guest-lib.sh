# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# Helpers for VM guest scripts (busybox sh).  /init sources this file, then
# runs the case script /case.sh with g_run_case.  Everything reported goes
# to the result channel, the second serial port, one line each:
#   g_pass NAME [DETAIL]       PASS NAME [DETAIL]
#   g_fail NAME REASON         FAIL NAME: REASON
#                              (both count as one of the case's checks)
#   g_info TEXT                INFO TEXT, each line (kept in the host log)
#   g_check NAME GOT WANT      PASS or FAIL comparing two strings
#   g_do NAME CMD...           run CMD: PASS NAME when it succeeds, FAIL
#                              NAME with its status and output otherwise;
#                              returns CMD's status (a fault a case
#                              injects must be seen to happen)
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
#
# For the inits (tests/vm/guest-init, sanblk-init, sanblk-root-init):
#   g_start                    set up the channel, start counting checks
#   g_run_case SCRIPT          run SCRIPT in a subshell, as if it ended in a
#                              call to g_case_end; returns 0 when that was
#                              reached, else reports FAIL case-script: the
#                              script returned, exited or died before its
#                              end
#   g_case_end                 the case script reached its last line
#   g_report PASS|FAIL NAME [TEXT]
#                              a line of the init's own, not a check of
#                              the case (not counted)
#   g_checks                   how many checks the case made so far
#   g_dmesg_check              FAIL dmesg when the kernel log shows a
#                              warning, BUG, oops, panic, lockdep report
#                              or hung task (the init's own check)
#   g_end                      "END <n> checks", the init's last word, only
#                              when the case reached its end: the host
#                              fails a boot without it, and one whose case
#                              made no check of its own
#   g_kmemleak_check           on a kernel with kmemleak (tests/debug):
#                              scan, FAIL kmemleak when anything leaked
#                              (the init's own check)
# The count and the end marker live in $G_STATE, which survives
# switch_root (sanblk-init moves /run into the new root).

G_CHAN=${G_CHAN:-/dev/ttyS1}
G_CONSOLE=${G_CONSOLE:-/dev/console}
G_SYSFS=/sys/firmware/sanbft
G_STATE=${G_STATE:-/run/vm-guest}

g_out() {
	echo "$*" >>"$G_CHAN"
}

g_start() {
	stty -F "$G_CHAN" 115200 raw -echo 2>/dev/null
	mkdir -p "$G_STATE"
	: >"$G_STATE/checks"
	rm -f "$G_STATE/case-end"
	g_info "kernel $(uname -r)"
}

g_report() {
	_grr=$1
	_grn=$2
	shift 2
	if [ "$_grr" = FAIL ]; then
		g_out "FAIL $_grn: $*"
		echo "FAIL $_grn: $*" >"$G_CONSOLE"
	else
		g_out "PASS $_grn${*:+ $*}"
	fi
}

g_pass() {
	echo "$1" >>"$G_STATE/checks"
	g_out "PASS $*"
}

g_fail() {
	echo "$1" >>"$G_STATE/checks"
	g_report FAIL "$@"
}

g_checks() {
	wc -l <"$G_STATE/checks" 2>/dev/null || echo 0
}

g_case_end() {
	: >"$G_STATE/case-end"
}

g_run_case() {
	rm -f "$G_STATE/case-end"
	# the script as given, and one more line that only its end reaches
	{ cat "$1" && printf '\ng_case_end\n'; } >"$G_STATE/case.sh"
	# shellcheck source=/dev/null
	(. "$G_STATE/case.sh")
	_grc=$?
	[ -e "$G_STATE/case-end" ] && return 0
	g_report FAIL case-script "stopped before its end (status $_grc) after $(g_checks) checks"
	return 1
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

# Variables are global in POSIX sh: the helpers' own start with _g, out
# of the way of the case scripts' (_n, _rc...).
g_do() {
	_gdn=$1
	shift
	if _gdo=$("$@" 2>&1); then
		g_pass "$_gdn"
		return 0
	else
		_gdrc=$?
		g_fail "$_gdn" "'$*' exited $_gdrc: $(echo "$_gdo" | head -n 3 | tr '\n' '|')"
		return $_gdrc
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

# What no kernel log may show.  The host matches the same on the console
# (tests/vm/lib.sh VM_KERNEL_BAD and VM_KERNEL_OK): keep them alike.
G_KERNEL_BAD='WARNING|BUG|Oops|Kernel panic|lockdep|hung task|blocked for more than|INFO: |general protection|Call Trace|memory leak'
G_KERNEL_OK='RCU lockdep checking is enabled|kmemleak: Kernel memory leak detector initialized|kmemleak: Automatic memory scanning thread'

g_dmesg_check() {
	_bad=$(dmesg | grep -E "$G_KERNEL_BAD" | grep -v -E "$G_KERNEL_OK")
	if [ -n "$_bad" ]; then
		g_report FAIL dmesg "$(echo "$_bad" | head -n 20 | tr '\n' '|')"
	else
		g_report PASS dmesg-clean
	fi
}

# Any unreferenced object fails, not only those sanblk or sanbft
# allocated: once the module is unloaded its frames in a leak's backtrace
# are bare addresses, a leak it causes may be allocated by the core (a
# gendisk, an skb), and a boot of the debug kernel that never loads our
# modules leaks nothing.  kmemleak reports only objects older than 5 s,
# and two scans settle pointers still held in registers.
g_kmemleak_check() {
	_k=/sys/kernel/debug/kmemleak
	[ -e $_k ] || mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
	[ -e $_k ] || return 0
	sleep 5
	# refused (EPERM) when kmemleak turned itself off, e.g. out of memory
	if ! { echo scan >$_k && echo scan >$_k; } 2>/dev/null; then
		g_report FAIL kmemleak "cannot scan: $(dmesg | grep -m 1 'kmemleak:.*disabled')"
		return 1
	fi
	_leaks=$(cat $_k)
	if [ -z "$_leaks" ]; then
		g_report PASS kmemleak-clean
		return 0
	fi
	g_report FAIL kmemleak "$(echo "$_leaks" | grep -c '^unreferenced object') unreferenced objects; the first from: $(echo "$_leaks" |
		awk '/^unreferenced/ { n++ } /backtrace/ { bt = n; next }
			n == 1 && bt == 1 && NF && !/kmemleak_alloc/ && k++ < 8 {
				sub(/^ *(\[<[0-9a-f]*>\] )?/, ""); printf "%s ", $0 }')"
	g_info "$(echo "$_leaks" | head -n 300)"
}

g_end() {
	[ -e "$G_STATE/case-end" ] && g_out "END $(g_checks) checks"
}
