# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# The VM test rig: Debian kernels under qemu-system-x86_64 -accel tcg, a
# busybox initramfs carrying the freshly built modules and a guest script,
# and real targets (vblade, tgtd, dnsmasq) behind a tap device inside a
# network namespace the test creates.  Source it from bash after
# tests/lib.sh.
#
# The guest reports through a channel of its own, the second serial port
# (/dev/ttyS1 in the guest, $VM_WORK/NAME.result on the host), never through
# the console: lines "PASS name [detail]", "FAIL name: reason", "INFO text",
# hex dumps between "HEX name" and "END name", and a last "END <n> checks",
# which the guest's init writes only when the case script reached its end
# (n: the PASS and FAIL lines of the case itself).  The guest side
# (tests/vm/guest-lib.sh, sourced by tests/vm/guest-init) checks dmesg for
# WARNING/BUG/Oops/panic/lockdep/hung task/general protection/Call Trace
# after the case script and powers off.  A boot passes only when its result
# file holds the end marker with n > 0 and no FAIL line, when the console
# shows none of those kernel messages either (they may come after the
# guest's last word: sanblk flushes caches at power-off), when the kernel
# said "Power down" (VM_END: "Restarting system" for a boot that is to
# end in a reboot) and QEMU exited by itself, and when the host's own
# checks of the boot (NAME.host, see vm_host_pass) hold no FAIL line.
#
# Every process started here is recorded and killed by PID, every namespace
# deleted, by vm_cleanup, which vm_setup installs as the EXIT trap.  Call
# vm_setup once per (sub)shell that uses the rig.
#
# Setup and cleanup
#   vm_setup [NAME]            make the work dir $VM_WORK, install the trap
#   vm_cleanup                 run vm_atexit commands, kill recorded PIDs,
#                              drop claims (vm_tgtd_ctl), delete
#                              namespaces (the EXIT trap)
#   vm_atexit CMD...           run CMD at cleanup (before PIDs are killed)
#   vm_track_pid PID           kill PID (TERM, then KILL) at cleanup
#   vm_log MSG...              progress message on stderr (VM_VERBOSE=1)
#   When a boot failed (vm_verdict), cleanup keeps the logs of $VM_WORK
#   (console, result, qemu, host and daemon output; not disks or initramfs) and
#   says where; VM_KEEP=1 keeps everything.
#
# Kernels, modules and initramfs
#   vm_kernel KVER             path of the kernel image for KVER
#   vm_kmods KVER MOD...       module files MOD and their dependencies need,
#                              in load order (builtin ones left out)
#     both look under sanblk_kroot KVER (tests/lib.sh): a kernel built
#     elsewhere, not installed on the host
#   vm_initramfs OUT KVER SCRIPT [opts]
#                              build a gzip'd cpio: static busybox,
#                              guest-init as /init, guest-lib.sh, SCRIPT as
#                              /case.sh, the virtio NIC modules loaded at
#                              boot; opts: -m MOD (more in-tree modules
#                              loaded at boot), -k FILE.ko (our module,
#                              copied to /lib/modules/, loaded by the case
#                              with g_insmod), -f SRC:DST (any file)
#   vm_our_module KVER REL     path of a built module (REL: bft/sanbft.ko),
#                              fails with a message when it was not built
#   vm_copy_ko SRC DIR         copy a module (.ko, .ko.xz, .ko.zst, .ko.gz)
#                              decompressed into DIR, print its file name
#
# Booting (QEMU output in $VM_WORK/NAME.{console,result}; time in $VM_SECS)
#   vm_boot NAME KVER INITRD [QEMU ARGS...]
#                              boot the kernel directly (-kernel/-initrd)
#   vm_sanboot NAME [QEMU ARGS...]
#                              BIOS boot through the NIC's iPXE ROM (-boot n)
#   vm_uefiboot NAME [QEMU ARGS...]
#                              UEFI boot (OVMF without Secure Boot, a fresh
#                              copy of its variable store per boot) through
#                              the NIC's iPXE EFI driver ($VM_EFI_ROM, the
#                              first boot device)
#     all three honour: VM_NS (run inside it, NIC on its tap0), VM_MAC (NIC
#     MAC, default 52:54:00:12:34:56, empty: no NIC), VM_TIMEOUT (s,
#     default 120), VM_APPEND (more kernel command line), VM_MEM (MiB),
#     VM_SMP (guest CPUs, default 1; more run as threads of their own,
#     so that the transports' softirq and workqueue sides really run at
#     the same time)
#     VM_TIME_SCALE (integer, default 1) multiplies every VM_TIMEOUT, for
#     slower kernels (tests/debug)
#     Without VM_NS the NIC sits alone on a QEMU hub: no traffic leaves.
#     The NIC is virtio-net-pci at PCI 00:03.0 (eth0 in the guest); add
#     more devices with QEMU ARGS.
#   vm_qemu NAME [QEMU ARGS...] the QEMU run under both (timeout, serial
#                              ports, no default devices); sets VM_SECS
#   vm_nic_args rom|norom|efi  the -netdev/-device words for the NIC
#   vm_verdict NAME LABEL      print "PASS LABEL ..." or "FAIL LABEL: ..."
#                              from NAME's result, console, QEMU and host
#                              files; returns 0 on PASS
#   vm_host_pass NAME CHECK [DETAIL], vm_host_fail NAME CHECK REASON
#                              a check the host made of boot NAME (say, that
#                              a fault it injected happened), for
#                              vm_verdict; safe from background jobs
#   vm_guest_ended FILE        true when result FILE holds the end marker
#   vm_console_bad NAME        print the kernel messages on NAME's console
#                              that fail a boot
#   vm_timeout SECS            SECS times VM_TIME_SCALE: for the timeouts
#                              a case writes into its guest script
#   vm_result_hex NAME TAG OUT write the hex dump TAG from NAME's result
#                              file to OUT as binary
#
# Network namespace and targets (all inside $VM_NS)
#   vm_netns                   create namespace $VM_NS with tap0 =
#                              10.99.0.1/24, fd99::1/64 (a name no other
#                              boot uses, also one running in parallel)
#   vm_ns CMD...               run CMD inside $VM_NS
#   vm_vblade SHELF SLOT DISK  export DISK over AoE on tap0 (VM_VBLADE_ARGS:
#                              more vblade options, e.g. "-b 5")
#   vm_dnsmasq ROOTPATH [ARGS...]
#                              DHCPv4 (10.99.0.100-199) + RA, root-path
#                              option (none when ROOTPATH is empty);
#                              ARGS go to dnsmasq (e.g.
#                              --dhcp-option=203,IQN)
#   vm_tgtd IQN DISK [USER:PASS [RUSER:RPASS]]
#                              iSCSI target IQN, LUN 1 = DISK, optional
#                              (mutual) CHAP, on a control index of its
#                              own (vm_tgtd_ctl); torn down at cleanup
#   vm_tgtd_start IQN DISK [USER:PASS [RUSER:RPASS]]
#                              the same on the index vm_tgtd claimed
#                              ($VM_TGTD_CTL), neither tracked nor torn
#                              down: to start tgtd again after it was
#                              killed; VM_TGTD_PID is the timeout(1)
#                              that runs it
#
# Disks
#   vm_sanboot_disk OUT KERNEL INITRD APPEND
#                              64 MiB BIOS-bootable disk: MBR, FAT16
#                              partition with syslinux (serial console),
#                              the kernel, the initrd and APPEND
#   vm_syslinux_part DISK START SIZE KERNEL INITRD APPEND
#                              the same in an existing partition at START
#                              (sectors) of SIZE sectors, syslinux MBR code
#
# The whole iPXE hand-over in one call
#   vm_ipxe NAME KVER INITRD aoe|iscsi [QEMU ARGS...]
#                              new namespace; a sanboot disk with KVER's
#                              kernel and INITRD exported by vblade as
#                              e$VM_AOE_SHELF.$VM_AOE_SLOT or by tgtd as
#                              $VM_IQN_TARGET LUN 1; dnsmasq giving the
#                              guest 10.99.0.10 ($VM_GUEST_IP), the root
#                              path ($VM_ROOT_AOE or $VM_ROOT_ISCSI) and
#                              option 203 = $VM_IQN_INITIATOR; then
#                              vm_sanboot.  The disk stays as
#                              $VM_WORK/NAME.disk.

VM_TOP=${SANBLK_TOP:?source tests/lib.sh first}
VM_DIR=$VM_TOP/tests/vm
VM_MAC_DEFAULT=52:54:00:12:34:56
# slub_debug=FZP: slab consistency checks, red zones and poisoning, so
# that a use after free or an overrun is reported (and fails the dmesg
# check) where it happens, not as a crash somewhere else later; about 10%
# more time under TCG.  U (who allocated and freed) costs 45%: add
# VM_APPEND=slub_debug=FZPU when hunting one.
VM_CMDLINE="console=ttyS0,115200 panic=-1 panic_on_warn=1 oops=panic slub_debug=FZP"
VM_BUSYBOX=${VM_BUSYBOX:-/bin/busybox}
VM_OVMF_CODE=${VM_OVMF_CODE:-/usr/share/OVMF/OVMF_CODE.fd}
VM_OVMF_VARS=${VM_OVMF_VARS:-/usr/share/OVMF/OVMF_VARS.fd}
VM_EFI_ROM=${VM_EFI_ROM:-/usr/lib/ipxe/qemu/efi-virtio.rom}
VM_PIDS=()
VM_NSS=()
VM_CLAIMS=()
VM_ATEXIT=()
VM_NS=${VM_NS:-}
VM_SECS=0
VM_SEQ=0
VM_FAILED=
VM_GUEST_IP=10.99.0.10
VM_AOE_SHELF=0
VM_AOE_SLOT=1
VM_IQN_TARGET=iqn.2026-11.test:disk1
VM_IQN_INITIATOR=iqn.2026-11.test:initiator1
VM_ROOT_AOE=aoe:e$VM_AOE_SHELF.$VM_AOE_SLOT
VM_ROOT_ISCSI=iscsi:10.99.0.1::3260:1:$VM_IQN_TARGET

vm_log() {
	[ -n "${VM_VERBOSE:-}" ] && echo "vm: $*" >&2
	return 0
}

vm_setup() {
	local name=${1:-vm}
	mkdir -p "$SANBLK_BUILD/vm"
	VM_WORK=$(mktemp -d "$SANBLK_BUILD/vm/$name.XXXXXX") || return 1
	export VM_WORK
	trap vm_cleanup EXIT
	trap 'exit 130' INT TERM
}

vm_atexit() {
	VM_ATEXIT+=("$*")
}

vm_track_pid() {
	VM_PIDS+=("$1")
}

vm_cleanup() {
	local cmd pid ns c i
	for cmd in "${VM_ATEXIT[@]}"; do
		eval "$cmd" >/dev/null 2>&1
	done
	VM_ATEXIT=()
	for pid in "${VM_PIDS[@]}"; do
		kill -TERM "$pid" 2>/dev/null
	done
	for pid in "${VM_PIDS[@]}"; do
		# timeout(1) passes TERM on and KILLs its child 5 s later
		for i in $(seq 40); do
			kill -0 "$pid" 2>/dev/null || break
			[ "$i" = 40 ] && kill -KILL "$pid" 2>/dev/null
			sleep 0.2
		done
		wait "$pid" 2>/dev/null
	done
	VM_PIDS=()
	for c in "${VM_CLAIMS[@]}"; do
		rm -rf "$c"
	done
	VM_CLAIMS=()
	for ns in "${VM_NSS[@]}"; do
		ip netns delete "$ns" 2>/dev/null
	done
	VM_NSS=()
	if [ -z "${VM_WORK:-}" ] || [ ! -d "$VM_WORK" ] || [ -n "${VM_KEEP:-}" ]; then
		return 0
	fi
	if [ -n "${VM_FAILED:-}" ]; then
		find "$VM_WORK" -type f ! -name '*.console' ! -name '*.result' \
			! -name '*.qemu' ! -name '*.host' ! -name '*.log' \
			! -name '*.sh' -delete
		find "$VM_WORK" -depth -type d -empty -delete
		echo "    (logs kept in $VM_WORK)"
	else
		rm -rf "$VM_WORK"
	fi
}

vm_kernel() {
	echo "$(sanblk_kroot "$1")/boot/vmlinuz-$1"
}

vm_kmods() {
	local kver=$1 m root
	shift
	root=$(sanblk_kroot "$kver")
	for m in "$@"; do
		modprobe -d "${root:-/}" -S "$kver" --show-depends "$m" || return 1
	done | awk '$1 == "insmod" && !seen[$2]++ { print $2 }'
}

vm_our_module() {
	local f
	f=$(sanblk_module "$1" "$2")
	if [ ! -f "$f" ]; then
		echo "$2 not built for $1 (see $SANBLK_BUILD/$1/build.log)" >&2
		return 1
	fi
	echo "$f"
}

# Copy one module file, decompressed and without debug sections (our
# modules carry megabytes of them), to DIR/NAME.ko.
vm_copy_ko() {
	local src=$1 dir=$2 base
	base=$(basename "$src")
	base=${base%.xz}
	base=${base%.zst}
	base=${base%.gz}
	case $src in
	*.xz) xz -dc "$src" >"$dir/$base" ;;
	*.zst) zstd -qdc "$src" >"$dir/$base" ;;
	*.gz) gzip -dc "$src" >"$dir/$base" ;;
	*) objcopy --strip-debug "$src" "$dir/$base" ;;
	esac || return 1
	echo "$base"
}

vm_initramfs() {
	local out=$1 kver=$2 script=$3 root f b opt
	# sanblk.ko needs libcrc32c, which needs a crc32c implementation
	local -a mods=(virtio_pci virtio_net crc32c_generic libcrc32c) ours=() files=()
	shift 3
	OPTIND=1
	while getopts "m:k:f:" opt; do
		case $opt in
		m) mods+=("$OPTARG") ;;
		k) ours+=("$OPTARG") ;;
		f) files+=("$OPTARG") ;;
		*) return 1 ;;
		esac
	done
	root=$(mktemp -d "$VM_WORK/initramfs.XXXXXX") || return 1
	mkdir -p "$root"/{bin,sbin,dev,proc,sys,tmp,run,etc,lib/modules}
	cp "$VM_BUSYBOX" "$root/bin/busybox"
	cp "$VM_DIR/guest-init" "$root/init"
	cp "$VM_DIR/guest-lib.sh" "$root/lib/vm-guest.sh"
	cp "$script" "$root/case.sh"
	chmod 755 "$root/init"
	: >"$root/lib/modules/boot.order"
	for f in $(vm_kmods "$kver" "${mods[@]}"); do
		# libcrc32c's soft dependency; TCG's CPU has no SSE 4.2 for it
		case $f in */crc32c-intel.ko*) continue ;; esac
		b=$(vm_copy_ko "$f" "$root/lib/modules") || return 1
		echo "$b" >>"$root/lib/modules/boot.order"
	done
	for f in "${ours[@]}"; do
		vm_copy_ko "$f" "$root/lib/modules" >/dev/null || return 1
	done
	for f in "${files[@]}"; do
		mkdir -p "$root/$(dirname "${f#*:}")"
		cp "${f%%:*}" "$root/${f#*:}" || return 1
	done
	echo "$kver" >"$root/etc/kver"
	(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$out" || return 1
	rm -rf "$root"
}

# The NIC arguments for vm_boot/vm_sanboot/vm_uefiboot; romfile= empty
# skips iPXE; under OVMF the NIC is the first boot device.
vm_nic_args() {
	local rom=$1 mac=${VM_MAC-$VM_MAC_DEFAULT} dev
	[ -n "$mac" ] || return 0
	dev="virtio-net-pci,netdev=n0,mac=$mac,addr=3"
	[ "$rom" = norom ] && dev="$dev,romfile="
	[ "$rom" = efi ] && dev="$dev,romfile=$VM_EFI_ROM,bootindex=1"
	if [ -n "$VM_NS" ]; then
		echo "-netdev tap,id=n0,ifname=tap0,script=no,downscript=no -device $dev"
	else
		echo "-netdev hubport,id=n0,hubid=0 -device $dev"
	fi
}

# Run QEMU for boot NAME with the common arguments plus "$@".
vm_qemu() {
	local name=$1 start rc
	local -a pre=()
	shift
	[ -n "$VM_NS" ] && pre=(ip netns exec "$VM_NS")
	: >"$VM_WORK/$name.console"
	: >"$VM_WORK/$name.result"
	start=$(date +%s.%N)
	vm_log "boot $name: qemu $*"
	"${pre[@]}" timeout -k 5 "$(vm_timeout "${VM_TIMEOUT:-120}")" \
		qemu-system-x86_64 -accel tcg -m "${VM_MEM:-512}" \
		-smp "${VM_SMP:-1}" -display none -monitor none -no-reboot -nodefaults \
		-machine graphics=off -vga none \
		-serial "file:$VM_WORK/$name.console" \
		-serial "file:$VM_WORK/$name.result" \
		"$@" </dev/null >"$VM_WORK/$name.qemu" 2>&1
	rc=$?
	VM_SECS=$(echo "$(date +%s.%N) $start" | awk '{ printf "%.1f", $1 - $2 }')
	[ "$rc" = 124 ] && echo "timeout after $(vm_timeout "${VM_TIMEOUT:-120}") s" >>"$VM_WORK/$name.qemu"
	return 0
}

vm_boot() {
	local name=$1 kver=$2 initrd=$3
	shift 3
	# shellcheck disable=SC2046 # vm_nic_args is a word list
	vm_qemu "$name" -kernel "$(vm_kernel "$kver")" -initrd "$initrd" \
		-append "$VM_CMDLINE vm.name=$name ${VM_APPEND:-}" \
		$(vm_nic_args norom) "$@"
}

vm_sanboot() {
	local name=$1
	shift
	# shellcheck disable=SC2046 # vm_nic_args is a word list
	vm_qemu "$name" -boot n $(vm_nic_args rom) "$@"
}

# Secure Boot firmware would refuse iPXE's unsigned boot file: the plain
# OVMF_CODE.fd, read-only, and a writable copy of the variable store.
vm_uefiboot() {
	local name=$1 vars=$VM_WORK/$1.vars.fd
	shift
	cp "$VM_OVMF_VARS" "$vars" || return 1
	# shellcheck disable=SC2046 # vm_nic_args is a word list
	vm_qemu "$name" \
		-drive "if=pflash,format=raw,readonly=on,file=$VM_OVMF_CODE" \
		-drive "if=pflash,format=raw,file=$vars" \
		$(vm_nic_args efi) "$@"
}

# What no kernel message may say, in the guest's dmesg as on the console
# (tests/vm/guest-lib.sh G_KERNEL_BAD and G_KERNEL_OK: keep them alike):
# warnings, lockdep reports, KASAN and might_sleep BUGs, the hung-task
# detector, RCU stalls (rcu: INFO: ...), kmemleak, oopses and panics.
# VM_KERNEL_OK is what a debug kernel says at boot about its detectors.
VM_KERNEL_BAD='WARNING|BUG|Oops|Kernel panic|lockdep|hung task|blocked for more than|INFO: |general protection|Call Trace|memory leak'
VM_KERNEL_OK='RCU lockdep checking is enabled|kmemleak: Kernel memory leak detector initialized|kmemleak: Automatic memory scanning thread'

vm_host_pass() {
	local name=$1
	shift
	echo "PASS $*" >>"$VM_WORK/$name.host"
}

vm_host_fail() {
	local name=$1 check=$2
	shift 2
	echo "FAIL $check: $*" >>"$VM_WORK/$name.host"
}

vm_guest_ended() {
	grep -Eq '^END [0-9]+ checks'$'\r''?$' "$1" 2>/dev/null
}

# Kernel messages only (printk's time stamp in front: what a program in
# the guest wrote to the console does not count), the command line aside.
vm_console_bad() {
	tr -d '\r' <"$VM_WORK/$1.console" |
		grep -a -E '\[ *[0-9]+\.[0-9]+\] ' | grep -a -v 'Command line:' |
		grep -a -E "$VM_KERNEL_BAD" | grep -a -v -E "$VM_KERNEL_OK"
}

vm_verdict() {
	local name=$1 label=$2 res=$VM_WORK/$1.result host=$VM_WORK/$1.host
	local p f n hp=0 hf=0 bad why=''
	sed -i 's/\r$//' "$res"
	p=$(grep -c '^PASS ' "$res")
	f=$(grep -c '^FAIL ' "$res")
	n=$(sed -n 's/^END \([0-9][0-9]*\) checks$/\1/p' "$res" | tail -n 1)
	if [ -f "$host" ]; then
		hp=$(grep -c '^PASS ' "$host")
		hf=$(grep -c '^FAIL ' "$host")
	fi
	if [ -z "$n" ]; then
		VM_FAILED=1
		fail "$label: no end marker from the guest after $VM_SECS s (the case script stopped before its end, or the guest died)"
		sed 's/^/    qemu: /' "$VM_WORK/$name.qemu" | tail -n 5
		grep -h '^FAIL ' "$res" "$host" 2>/dev/null | sed 's/^/    /'
		tr -d '\r' <"$VM_WORK/$name.console" | tail -n 25 | sed 's/^/    console: /'
		return 1
	fi
	[ "$n" -gt 0 ] || why+="; the case made no check of its own"
	[ "$f" -gt 0 ] && why+="; $f of $((p + f)) guest checks failed"
	[ "$hf" -gt 0 ] && why+="; $hf of $((hp + hf)) host checks failed"
	bad=$(vm_console_bad "$name")
	[ -n "$bad" ] && why+="; kernel trouble on the console"
	grep -q "reboot: ${VM_END:-Power down}" "$VM_WORK/$name.console" ||
		why+="; the kernel never said '${VM_END:-Power down}'"
	grep -q '^timeout after' "$VM_WORK/$name.qemu" 2>/dev/null &&
		why+="; QEMU killed: $(grep -m 1 '^timeout after' "$VM_WORK/$name.qemu")"
	if [ -n "$why" ]; then
		VM_FAILED=1
		fail "$label: ${why#; } ($VM_SECS s)"
		grep -h '^FAIL ' "$res" "$host" 2>/dev/null | head -n 40 | sed 's/^/    /'
		echo "$bad" | grep . | head -n 20 | sed 's/^/    console: /'
		return 1
	fi
	pass "$label ($n checks$([ "$hp" -gt 0 ] && echo " + $hp on the host"), $VM_SECS s)"
}

vm_result_hex() {
	local name=$1 tag=$2 out=$3
	sed -n "/^HEX $tag\$/,/^END $tag\$/p" "$VM_WORK/$name.result" |
		sed '1d;$d' | tr -d ' \r\n' | xxd -r -p >"$out"
	[ -s "$out" ]
}

# Boots run in parallel (tests/vm/run), each in a subshell of the same
# shell: the names of what is global on the host take the subshell's own
# PID ($BASHPID, not $$) and are taken only when free.
vm_netns() {
	local i err
	for i in $(seq 20); do
		VM_SEQ=$((VM_SEQ + 1))
		VM_NS=sanblk-vm-$BASHPID-$VM_SEQ
		err=$(ip netns add "$VM_NS" 2>&1) && break
		if [ "$i" = 20 ]; then
			echo "vm_netns: $err" >&2
			return 1
		fi
	done
	VM_NSS+=("$VM_NS")
	vm_ns ip link set lo up &&
		vm_ns ip tuntap add dev tap0 mode tap &&
		vm_ns ip addr add 10.99.0.1/24 dev tap0 &&
		vm_ns ip -6 addr add fd99::1/64 dev tap0 nodad &&
		vm_ns ip link set tap0 up
}

vm_ns() {
	ip netns exec "$VM_NS" "$@"
}

vm_vblade() {
	local shelf=$1 slot=$2 disk=$3
	# shellcheck disable=SC2086 # VM_VBLADE_ARGS: options, split on purpose
	ip netns exec "$VM_NS" timeout -k 5 "${VM_DAEMON_TIMEOUT:-900}" \
		vblade ${VM_VBLADE_ARGS:-} "$shelf" "$slot" tap0 "$disk" \
		>"$VM_WORK/vblade-$shelf.$slot.log" 2>&1 &
	vm_track_pid $!
}

vm_dnsmasq() {
	local rootpath=$1
	shift
	# no root path at all for an empty one (iPXE would hook it)
	[ -n "$rootpath" ] && set -- --dhcp-option=option:root-path,"$rootpath" "$@"
	ip netns exec "$VM_NS" timeout -k 5 "${VM_DAEMON_TIMEOUT:-900}" \
		dnsmasq --no-daemon --conf-file=/dev/null --user=root \
		--pid-file= --port=0 --interface=tap0 --bind-interfaces \
		--dhcp-leasefile="$VM_WORK/dnsmasq.leases" \
		--dhcp-range=10.99.0.100,10.99.0.199,255.255.255.0,1h \
		--no-ping --enable-ra --dhcp-range=fd99::,ra-only,64 \
		"$@" >"$VM_WORK/dnsmasq.log" 2>&1 &
	vm_track_pid $!
}

# tgtd's control socket, /var/run/tgtd/socket.N, is not namespaced: claim
# an index N in 1000-1999 with a lock directory no other boot on this
# host holds (a claim whose owner is gone is cleared for the next one).
# Sets VM_TGTD_CTL; the claim goes at cleanup, once tgtd is gone.
VM_TGTD_LOCKS=${VM_TGTD_LOCKS:-/run/lock/sanblk-tgtd}

vm_tgtd_ctl() {
	local i n owner
	mkdir -p "$VM_TGTD_LOCKS" || return 1
	for i in $(seq 0 999); do
		n=$((1000 + (BASHPID + i) % 1000))
		if mkdir "$VM_TGTD_LOCKS/$n" 2>/dev/null; then
			echo "$BASHPID" >"$VM_TGTD_LOCKS/$n/owner"
			VM_CLAIMS+=("$VM_TGTD_LOCKS/$n")
			VM_TGTD_CTL=$n
			return 0
		fi
		owner=$(cat "$VM_TGTD_LOCKS/$n/owner" 2>/dev/null)
		if [ -n "$owner" ] && ! kill -0 "$owner" 2>/dev/null; then
			rm -rf "${VM_TGTD_LOCKS:?}/$n"
		fi
	done
	echo "vm_tgtd_ctl: no free tgtd control index in $VM_TGTD_LOCKS" >&2
	return 1
}

vm_tgtd() {
	local ret
	vm_tgtd_ctl || return 1
	vm_tgtd_start "$@"
	ret=$?
	[ -n "$VM_TGTD_PID" ] && vm_track_pid "$VM_TGTD_PID"
	vm_atexit "timeout 10 tgtadm -C $VM_TGTD_CTL --lld iscsi --op delete --mode target --tid 1 --force;" \
		"timeout 10 tgtadm -C $VM_TGTD_CTL --lld iscsi --op delete --mode system"
	return "$ret"
}

vm_tgtd_start() {
	local iqn=$1 disk=$2 chap=${3:-} rchap=${4:-} ctl=$VM_TGTD_CTL i pid
	local -a adm=(tgtadm -C "$ctl" --lld iscsi)
	VM_TGTD_PID=
	echo "tgtd -f -C $ctl" >>"$VM_WORK/tgtd.log"
	ip netns exec "$VM_NS" timeout -k 5 "${VM_DAEMON_TIMEOUT:-900}" tgtd -f -C "$ctl" \
		>>"$VM_WORK/tgtd.log" 2>&1 &
	pid=$!
	VM_TGTD_PID=$pid
	for i in $(seq 50); do
		# answered by this tgtd, not one that held the index already
		if timeout 5 "${adm[@]}" --op show --mode target >/dev/null 2>&1; then
			kill -0 "$pid" 2>/dev/null && break
			echo "tgtd -C $ctl exited: $(tail -n 1 "$VM_WORK/tgtd.log")" >&2
			return 1
		fi
		[ "$i" = 50 ] && { echo "tgtd did not start" >&2; return 1; }
		sleep 0.1
	done
	timeout 10 "${adm[@]}" --op new --mode target --tid 1 -T "$iqn" &&
		timeout 10 "${adm[@]}" --op new --mode logicalunit --tid 1 \
			--lun 1 -b "$disk" &&
		timeout 10 "${adm[@]}" --op bind --mode target --tid 1 -I ALL ||
		return 1
	if [ -n "$chap" ]; then
		timeout 10 "${adm[@]}" --mode account --op new \
			--user "${chap%%:*}" --password "${chap#*:}" &&
			timeout 10 "${adm[@]}" --mode account --op bind --tid 1 \
				--user "${chap%%:*}" || return 1
	fi
	if [ -n "$rchap" ]; then
		timeout 10 "${adm[@]}" --mode account --op new \
			--user "${rchap%%:*}" --password "${rchap#*:}" &&
			timeout 10 "${adm[@]}" --mode account --op bind --tid 1 \
				--user "${rchap%%:*}" --outgoing || return 1
	fi
}

# Make partition START (sectors) of SIZE sectors on DISK a FAT16 file system
# holding KERNEL, INITRD and a serial-console syslinux.cfg with APPEND, and
# make the disk boot it (syslinux in the partition, its MBR code in sector 0).
vm_syslinux_part() {
	local disk=$1 start=$2 size=$3 kernel=$4 initrd=$5 append=$6 cfg
	local at=$((start * 512))
	cfg=$(mktemp "$VM_WORK/syslinux.XXXXXX") || return 1
	cat >"$cfg" <<-EOF
		SERIAL 0 115200
		DEFAULT linux
		PROMPT 0
		TIMEOUT 0
		LABEL linux
		  KERNEL /vmlinuz
		  INITRD /initrd
		  APPEND $append
	EOF
	mkfs.vfat -F 16 --offset "$start" "$disk" $((size / 2)) \
		>"$VM_WORK/mkfs.vfat.log" 2>&1 &&
		mcopy -i "$disk@@$at" "$kernel" ::/vmlinuz &&
		mcopy -i "$disk@@$at" "$initrd" ::/initrd &&
		mcopy -i "$disk@@$at" "$cfg" ::/syslinux.cfg &&
		syslinux --offset "$at" --install "$disk" &&
		dd if=/usr/lib/syslinux/mbr/mbr.bin of="$disk" bs=440 count=1 \
			conv=notrunc status=none
}

vm_sanboot_disk() {
	local out=$1 kernel=$2 initrd=$3 append=$4
	rm -f "$out"
	truncate -s 64M "$out" &&
		printf 'label: dos\nstart=2048, type=6, bootable\n' |
		sfdisk -q "$out" &&
		vm_syslinux_part "$out" 2048 129024 "$kernel" "$initrd" "$append"
}

vm_ipxe() {
	local name=$1 kver=$2 initrd=$3 transport=$4 disk=$VM_WORK/$1.disk root
	shift 4
	vm_sanboot_disk "$disk" "$(vm_kernel "$kver")" "$initrd" \
		"$VM_CMDLINE vm.name=$name ${VM_APPEND:-}" || return 1
	vm_netns || return 1
	case $transport in
	aoe)
		vm_vblade "$VM_AOE_SHELF" "$VM_AOE_SLOT" "$disk"
		root=$VM_ROOT_AOE
		;;
	iscsi)
		vm_tgtd "$VM_IQN_TARGET" "$disk" || return 1
		root=$VM_ROOT_ISCSI
		;;
	*)
		echo "vm_ipxe: unknown transport $transport" >&2
		return 1
		;;
	esac
	vm_dnsmasq "$root" --dhcp-option=203,"$VM_IQN_INITIATOR" \
		--dhcp-host="${VM_MAC-$VM_MAC_DEFAULT},$VM_GUEST_IP"
	vm_sanboot "$name" "$@"
}

vm_timeout() {
	echo $(($1 * ${VM_TIME_SCALE:-1}))
}
