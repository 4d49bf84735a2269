# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
# shellcheck disable=SC2034 # VM_FAILED: read by vm_cleanup (tests/vm/lib.sh)
#
# The debug tier's proof that it can fail: tests/debug/canary/ is a module
# that makes, on purpose, each bug the debug kernel is there to catch.
# Two boots of the debug kernel load it, and each bug must have been
# printed by the kernel and turned into a failure by the rig's checks:
#   leak, lockdep, sleep, hung  one boot; the guest's kmemleak check and
#                               dmesg check must FAIL naming each
#   kasan                       a second boot; KASAN's report must be on
#                               the console and the guest must never
#                               finish (panic_on_warn)
# Source it from bash after tests/lib.sh, tests/vm/lib.sh and
# tests/debug/kernel.sh.
#
#   debug_canary KVER          build the canary for KVER, boot it, print
#                              one PASS/FAIL line per bug

# debug_canary_build KVER: the module, W=1, no warning; prints its path.
debug_canary_build() {
	local kver=$1 dir=$SANBLK_BUILD/$1/canary log
	log=$SANBLK_BUILD/$kver/canary.log
	rm -rf "$dir"
	mkdir -p "$dir" && cp "$SANBLK_TOP"/tests/debug/canary/* "$dir/" || return 1
	make -C "$(sanblk_kroot "$kver")/lib/modules/$kver/build" M="$dir" W=1 \
		modules >"$log" 2>&1 || return 1
	! grep -E 'warning:|error:' "$log" >/dev/null || return 1
	echo "$dir/sanblk_canary.ko"
}

# debug_canary_boot NAME KVER KO BUGS: boot with "insmod KO bugs=BUGS".
debug_canary_boot() {
	local name=$1 kver=$2 ko=$3 bugs=$4
	cat >"$VM_WORK/$name.sh" <<-EOF
		# the hung-task detector, at 2 s instead of 30, checks every 2 s
		echo 2 >/proc/sys/kernel/hung_task_timeout_secs
		insmod /lib/modules/sanblk_canary.ko bugs=$bugs hang=8
		g_pass canary-loaded
	EOF
	vm_initramfs "$VM_WORK/$name.initrd" "$kver" "$VM_WORK/$name.sh" \
		-k "$ko" || return 1
	VM_MAC='' VM_TIMEOUT=120 vm_boot "$name" "$kver" "$VM_WORK/$name.initrd"
	sed -i 's/\r$//' "$VM_WORK/$name.result"
	tr -d '\r' <"$VM_WORK/$name.console" >"$VM_WORK/$name.log"
}

# debug_canary_expect LABEL WHAT FILE TEXT: PASS LABEL when FILE's lines
# matching WHAT (grep -E) contain TEXT (fixed string).
debug_canary_expect() {
	local label=$1 what=$2 file=$3 text=$4
	if grep -E "$what" "$file" | grep -qF "$text"; then
		pass "$label ('$text')"
		return 0
	fi
	fail "$label: no '$text' where the rig looks (${file##*/})"
	VM_FAILED=1
	return 1
}

debug_canary() {
	local kver=$1 ko name=canary-$1 res con
	if ! ko=$(debug_canary_build "$kver"); then
		fail "debug-canary: the canary does not build cleanly, see $SANBLK_BUILD/$kver/canary.log"
		return 1
	fi
	(
		vm_setup debug-canary
		if ! debug_canary_boot "$name" "$kver" "$ko" leak,lockdep,sleep,hung; then
			fail "debug-canary: cannot build the initramfs"
			exit 1
		fi
		res=$VM_WORK/$name.result
		con=$VM_WORK/$name.log
		if ! vm_guest_ended "$res" || ! grep -q '^PASS canary-loaded' "$res"; then
			VM_FAILED=1
			fail "debug-canary: the guest did not finish ($VM_SECS s)"
			tail -n 25 "$con" | sed 's/^/    console: /'
			exit 1
		fi
		debug_canary_expect debug-canary-leak '^FAIL kmemleak' "$res" 'canary_leak+'
		debug_canary_expect debug-canary-lockdep '^FAIL dmesg' "$res" \
			'WARNING: possible circular locking dependency detected'
		debug_canary_expect debug-canary-sleep '^FAIL dmesg' "$res" \
			'BUG: sleeping function called from invalid context'
		debug_canary_expect debug-canary-hung '^FAIL dmesg' "$res" \
			'blocked for more than 2 seconds'

		if ! debug_canary_boot "$name-kasan" "$kver" "$ko" kasan; then
			fail "debug-canary: cannot build the initramfs"
			exit 1
		fi
		res=$VM_WORK/$name-kasan.result
		con=$VM_WORK/$name-kasan.log
		if vm_guest_ended "$res"; then
			VM_FAILED=1
			fail "debug-canary-kasan: the guest finished after a use after free"
		else
			debug_canary_expect debug-canary-kasan 'BUG: KASAN' "$con" \
				'BUG: KASAN: slab-use-after-free in canary_kasan'
		fi
	)
}
