# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# The boot tier's rig: a SAN disk holding a real Debian root (tests/boot/
# root.sh) with the freshly built modules and the boot scripts installed
# as the packages install them, an initramfs made inside that root by its
# own generator, a checker that systemd runs in the real root, and the
# host's view of what the root wrote.  Source after tests/lib.sh,
# tests/vm/lib.sh and tests/vm/sanblk-lib.sh.
#
#   boot_tree DIR KVER            the cached root unpacked into DIR, with
#                                 only KVER's kernel, our modules (as DKMS
#                                 puts them, updates/) and tools, the
#                                 checker unit; fstab by label.
#                                 BOOT_BARE=1: neither our modules nor
#                                 our tools, the root as an installer
#                                 leaves it (the flow installs them, e.g.
#                                 from the packages)
#   boot_checks DIR FILE          the flow's own checks (sh, run by the
#                                 checker in the real root before the
#                                 marker) from FILE
#   boot_initramfs DIR KVER GEN [ARGS]
#                                 run GEN (initramfs-tools or dracut) in
#                                 the root for KVER; the image is
#                                 DIR/boot/initrd.img-KVER
#   boot_disk DIR DISK            DISK: MBR, partition 1 ext4 (label
#                                 sanroot) made from DIR
#   boot_direct NAME KVER DIR APPEND
#                                 boot the root's kernel and initramfs
#                                 with APPEND (and $BOOT_APPEND, for
#                                 experiments), the NIC on the rig's tap
#   boot_sanboot_disk DIR DISK KVER APPEND
#                                 DISK for iPXE's sanboot: syslinux, the
#                                 kernel and initramfs on partition 1,
#                                 the root (ext4) on partition 2
#   boot_uefi_disk DIR DISK KVER APPEND
#                                 DISK for iPXE's sanboot under OVMF: GPT,
#                                 the ESP with systemd-boot, the kernel
#                                 and initramfs on partition 1, the root
#                                 (ext4) on partition 2
#   boot_only_on CASE KVER oldest|newest
#                                 a SKIP line and true when the case runs
#                                 on the other line in make check
#   boot_host_checks NAME DISK LABEL [PART]
#                                 the marker the checker reported is on
#                                 the disk, whose file system is clean;
#                                 how long shutdown took

BOOT_TOP=$SANBLK_TOP/tests/boot
# The guest's memory is taken before it starts: on this machine (itself a
# VM) a page the host hands out for the first time can take long enough
# that a guest filling its page cache sat in clear_page for 20 s (soft
# lockup, RCU stall, a NOP timeout on the iSCSI path) in the middle of a
# boot.
BOOT_QEMU="-mem-prealloc"
# Every boot's kernel command line begins with this.  Even so, the real
# roots' guests still stand still now and then, 10-50 s in a row, on both
# kernel lines, inside clear_page of a user page fault (seen in
# boot-iscsi-dracut and boot-cross; never in the VM tier's small
# guests); sanblk logs each time ("this machine stood still") and keeps
# its paths.  The kernel's own detectors would call that an RCU stall
# (21 s) or a soft lockup (20 s) and fail a boot over the host, so here
# they wait 90 s; the VM and debug tiers, which boot our code in small
# guests, keep the defaults.  boot_host_checks reports the stalls.
BOOT_CMDLINE="console=ttyS0,115200 panic=-1 rcupdate.rcu_cpu_stall_timeout=90 watchdog_thresh=45"
# shellcheck source=tests/boot/root.sh
. "$BOOT_TOP/root.sh"

# Everything but KVER's kernel (merged /usr: the modules are under usr/).
boot_tree() {
	local dir=$1 kver=$2 tarball k ex=() mods
	# shellcheck disable=SC2046 # one argument per kernel
	tarball=$(boot_root $(boot_kvers)) || return 1
	for k in $(boot_kvers); do
		[ "$k" = "$kver" ] && continue
		ex+=(--exclude="./usr/lib/modules/$k" --exclude="./boot/*-$k")
	done
	rm -rf "$dir" && mkdir -p "$dir" &&
		tar -C "$dir" "${ex[@]}" -xf "$tarball" || return 1
	[ -f "$dir/boot/vmlinuz-$kver" ] || {
		echo "boot_tree: the root has no kernel $kver" >&2
		return 1
	}
	if [ -z "${BOOT_BARE:-}" ]; then
		mods=$dir/usr/lib/modules/$kver/updates/sanblk
		mkdir -p "$mods" &&
			cp "$(sanblk_module "$kver" bft/sanbft.ko)" \
				"$(sanblk_module "$kver" blk/sanblk.ko)" "$mods/" &&
			depmod -b "$dir" "$kver" || return 1
		make -s -C "$SANBLK_TOP" install-tools DESTDIR="$dir" >/dev/null || return 1
	fi
	printf 'LABEL=sanroot / ext4 defaults 0 1\n' >"$dir/etc/fstab"
	echo sanblk-test >"$dir/etc/hostname"
	mkdir -p "$dir/usr/lib/sanblk-test" &&
		cp "$VM_DIR/guest-lib.sh" "$dir/usr/lib/sanblk-test/vm-guest.sh" &&
		cp "$SBLK_GUEST" "$dir/usr/lib/sanblk-test/sanblk-guest.sh" &&
		cp "$BOOT_TOP/root-check" "$dir/usr/lib/sanblk-test/check" &&
		cp "$BOOT_TOP/flow-lib.sh" "$dir/usr/lib/sanblk-test/flow-lib.sh" &&
		chmod 755 "$dir/usr/lib/sanblk-test/check" || return 1
	cat >"$dir/etc/systemd/system/sanblk-test.service" <<-'EOF'
		[Unit]
		Description=sanblk boot test: check the SAN root, write the marker, power off
		After=multi-user.target

		[Service]
		Type=oneshot
		ExecStart=/usr/lib/sanblk-test/check

		[Install]
		WantedBy=multi-user.target
	EOF
	mkdir -p "$dir/etc/systemd/system/multi-user.target.wants" &&
		ln -sf /etc/systemd/system/sanblk-test.service \
			"$dir/etc/systemd/system/multi-user.target.wants/"
	# A root password nobody needs: the console login of make demo.
	: >"$dir/usr/lib/sanblk-test/flow.sh"
}

boot_checks() {
	cp "$2" "$1/usr/lib/sanblk-test/flow.sh"
}

# How long each step of the setup took, for the case's output.
boot_time() {
	local t0=$SECONDS rc
	"$@"
	rc=$?
	BOOT_TIMES="${BOOT_TIMES:+$BOOT_TIMES, }$1 $((SECONDS - t0)) s"
	return "$rc"
}

boot_initramfs() {
	local dir=$1 kver=$2 gen=$3 log
	shift 3
	log=$VM_WORK/initramfs-$gen.log
	case $gen in
	initramfs-tools)
		BOOT_CHROOT_TIMEOUT=600 boot_chroot "$dir" update-initramfs -c -k "$kver" "$@" >"$log" 2>&1
		;;
	dracut)
		BOOT_CHROOT_TIMEOUT=600 boot_chroot "$dir" dracut -f "$@" \
			"/boot/initrd.img-$kver" "$kver" >"$log" 2>&1
		;;
	*)
		echo "boot_initramfs: no generator $gen" >&2
		return 1
		;;
	esac || {
		echo "boot_initramfs: $gen failed:" >&2
		tail -n 20 "$log" >&2
		return 1
	}
	[ -s "$dir/boot/initrd.img-$kver" ]
}

boot_disk() {
	local dir=$1 disk=$2 mib
	mib=$(du -sm "$dir" | awk '{ print int($1 * 1.25) + 64 }')
	sblk_ext4 "$VM_WORK/root.img" "$mib" "$dir" sanroot &&
		sblk_mbr_disk "$disk" $((mib + 2)) 83:- &&
		sblk_part_put "$disk" 1 "$VM_WORK/root.img" &&
		rm -f "$VM_WORK/root.img"
}

boot_direct() {
	local name=$1 kver=$2 dir=$3 append=$4
	# shellcheck disable=SC2046 # vm_nic_args is a word list
	VM_MEM=${VM_MEM:-1024} vm_qemu "$name" $BOOT_QEMU -kernel "$dir/boot/vmlinuz-$kver" \
		-initrd "$dir/boot/initrd.img-$kver" \
		-append "$BOOT_CMDLINE $append ${BOOT_APPEND:-}" \
		$(vm_nic_args norom)
}

# The marker the checker reported is in the backing file, the file system
# is clean after the power-off, and shutdown took so long (from the
# marker's time stamp to the kernel's "reboot: Power down", or "Restarting system").
boot_host_checks() {
	local name=$1 disk=$2 label=$3 part=${4:-1} want got why t0 t1 stood
	want=$(sed -n 's/^MARKER //p' "$VM_WORK/$name.result" | tr -d '\r')
	got=$(sblk_ext4_cat "$disk" "$part" /var/lib/sanblk-test/marker)
	if ! why=$(sblk_ext4_fsck "$disk" "$part"); then
		fail "$label/host: the root file system is not clean after power-off: $why"
		return 1
	elif [ -z "$want" ] || [ "$got" != "$want" ]; then
		fail "$label/host: the marker on the disk is '$got', the guest wrote '$want'"
		return 1
	fi
	t0=$(sed -n 's/^SHUTDOWN-AT //p' "$VM_WORK/$name.result" | tr -d '\r')
	t1=$(tr -d '\r' <"$VM_WORK/$name.console" |
		sed -n 's/^\[ *\([0-9.]*\)\] reboot: \(Power down\|Restarting system\).*/\1/p' | tail -n 1)
	BOOT_SHUTDOWN=$(awk -v a="$t0" -v b="$t1" 'BEGIN { if (a != "" && b != "") printf "%.1f", b - a; else print "?" }')
	BOOT_UP=$(sed -n 's/^BOOTED-AT //p' "$VM_WORK/$name.result" | tr -d '\r')
	# the host's stalls of the guest, as sanblk's iSCSI keepalive saw them
	stood=$(sed -n 's/.*this machine stood still for \([0-9]*\) ms.*/\1/p' \
		"$VM_WORK/$name.console" | sort -n | awk '{ n++; m = $1 }
		END { if (n) printf "; the guest stood still %d time(s), at most %d ms", n, m }')
	pass "$label/host marker durable, file system clean; up ${BOOT_UP:-?} s after the kernel started, shut down in $BOOT_SHUTDOWN s$stood: $got"
}

# DISK for an iPXE sanboot of the root in DIR: MBR, partition 1 FAT16
# (bootable) with syslinux, the root's kernel and initramfs and APPEND as
# the command line, partition 2 ext4 (label sanroot) made from DIR.
boot_sanboot_disk() {
	local dir=$1 disk=$2 kver=$3 append=$4 mib
	mib=$(du -sm "$dir" | awk '{ print int($1 * 1.25) + 64 }')
	sblk_ext4 "$VM_WORK/root.img" "$mib" "$dir" sanroot &&
		sblk_mbr_disk "$disk" $((mib + 100)) 6:96:boot 83:- &&
		sblk_syslinux "$disk" 1 "$dir/boot/vmlinuz-$kver" \
			"$dir/boot/initrd.img-$kver" "$BOOT_CMDLINE $append" &&
		sblk_part_put "$disk" 2 "$VM_WORK/root.img" &&
		rm -f "$VM_WORK/root.img"
}

# DISK for an iPXE sanboot (UEFI) of the root in DIR: GPT, partition 1
# the ESP (FAT) with systemd-boot as EFI/BOOT/BOOTX64.EFI and one entry,
# the root's kernel and initramfs with APPEND, partition 2 ext4 (label
# sanroot) made from DIR.  (A unified kernel image of Debian's stub, the
# kernel and a 30 MB dracut initramfs dies in OVMF with an invalid
# opcode; systemd-boot loads the kernel's own EFI stub instead.)
boot_uefi_disk() {
	local dir=$1 disk=$2 kver=$3 append=$4 mib start esp
	mib=$(du -sm "$dir" | awk '{ print int($1 * 1.25) + 64 }')
	printf 'default sanblk.conf\ntimeout 0\n' >"$VM_WORK/loader.conf"
	printf 'title Debian on sanblk\nlinux /vmlinuz\ninitrd /initrd.img\noptions %s %s\n' \
		"$BOOT_CMDLINE" "$append" >"$VM_WORK/sanblk.conf"
	sblk_ext4 "$VM_WORK/root.img" "$mib" "$dir" sanroot &&
		sblk_gpt_disk "$disk" $((mib + 100)) U:96 L:- &&
		sblk_esp "$disk" 1 "$BOOT_SDBOOT" &&
		read -r start _ < <(sblk_part_geom "$disk" 1) &&
		esp="$disk@@$((start * 512))" &&
		mmd -i "$esp" ::/loader ::/loader/entries &&
		mcopy -i "$esp" "$VM_WORK/loader.conf" ::/loader/loader.conf &&
		mcopy -i "$esp" "$VM_WORK/sanblk.conf" ::/loader/entries/sanblk.conf &&
		mcopy -i "$esp" "$dir/boot/vmlinuz-$kver" ::/vmlinuz &&
		mcopy -i "$esp" "$dir/boot/initrd.img-$kver" ::/initrd.img &&
		sblk_part_put "$disk" 2 "$VM_WORK/root.img" &&
		rm -f "$VM_WORK/root.img"
}
BOOT_SDBOOT=/usr/lib/systemd/boot/efi/systemd-bootx64.efi

# boot_only_on CASE KVER oldest|newest: true (and a SKIP line) when KVER
# is not that kernel line and SANBLK_BOOT_ALL is unset: the longest cases
# run on one line in make check, to keep it within its time budget; both
# lines with SANBLK_BOOT_ALL=1.
boot_only_on() {
	local want
	[ -n "${SANBLK_BOOT_ALL:-}" ] && return 1
	case $3 in
	oldest) want=$(boot_kvers | awk '{ print $1 }') ;;
	*) want=$(boot_kvers | awk '{ print $NF }') ;;
	esac
	[ "$2" = "$want" ] && return 1
	skip "$1@$2: runs on $want only in make check (SANBLK_BOOT_ALL=1 runs it on every line)"
}
boot_newest_only() { boot_only_on "$1" "$2" newest; }
