# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Helpers for the sanblk VM cases, sourced after tests/vm/lib.sh: guest
# initramfs with a module tree modprobe can use, programs with their
# libraries, disk images built without loop mounts, and a real root file
# system to switch_root into.
#
# Initramfs
#   sblk_initramfs OUT KVER SCRIPT [opts]
#                        (with -i "$VM_DIR/sanblk-init": an init that runs
#                        SCRIPT and switch_roots into what SCRIPT mounted
#                        on /newroot, see that file)
#                        vm_initramfs OUT KVER SCRIPT plus, in an
#                        uncompressed cpio segment put in front of it
#                        (cheap to unpack under TCG, however large):
#                          /lib/modules/KVER/ with sanbft.ko, sanblk.ko (in
#                            extra/) and a modules.dep, so that a plain
#                            "modprobe sanblk" works (busybox modprobe also
#                            takes sanblk.* options from /proc/cmdline);
#                            the two are also /lib/modules/NAME.ko for
#                            g_insmod;
#                          /lib/sanblk-guest.sh (tests/vm/sanblk-guest.sh);
#                        opts:
#                          -M MOD    an in-tree module (and the modules it
#                                    depends on) in that tree, not loaded;
#                                    load it with modprobe MOD
#                          -b BIN    a program and every library ldd lists
#                                    (e.g. -b "$(command -v fio)")
#                          -i FILE   FILE as /sbin/sblk-init; boot with
#                                    VM_APPEND=rdinit=/sbin/sblk-init to run
#                                    it as PID 1 instead of guest-init
#                                    (needed to switch_root)
#                          -f SRC:DST, -m MOD, -k KO  as vm_initramfs
#                        A case that modprobes ext4 should -M crc32c_generic
#                        and modprobe it first: the guest's CPU has no
#                        SSE4.2 for crc32c-intel, and there is no
#                        /sbin/modprobe for the kernel to ask.
#   sblk_cpio_prepend OUT DIR
#                        put DIR as an uncompressed newc segment in front
#                        of the initramfs OUT (the kernel does not find a
#                        segment behind a compressed one)
#   sblk_add_bin DIR BIN...
#                        copy each BIN and its ldd libraries into DIR,
#                        same paths
#   sblk_modtree DIR KVER [MOD...]
#                        DIR/lib/modules/KVER/: our modules, the in-tree
#                        MODs with their hard dependencies (decompressed),
#                        depmod'ed
#
# SAN boot
#   sblk_sanboot_guest MAC ROOT TABLE WHERE [OPTS]
#                        print the initramfs case script of a boot from
#                        the SAN disk ROOT (a root path) that the firmware
#                        table TABLE (aBFT, iBFT) names and sanbft finds
#                        in WHERE ("low memory", "ACPI"): no sanblk
#                        parameter on the command line, a bare
#                        "modprobe sanblk", /dev/sanblk0p2 mounted on
#                        /newroot for sanblk-init to switch_root into;
#                        the disk's target string must be
#                        "ROOT,nic=MAC,timeout=0OPTS".  For iSCSI the NIC
#                        has no IPv4 address before the modprobe and the
#                        iBFT's ($VM_GUEST_IP/24) after it, given by sanblk
#
# Data and disks (all sizes in MiB unless said otherwise)
#   sblk_pattern OUT MIB random data (the expected content of a region)
#   sblk_disk OUT MIB    a sparse, zero-filled backing file
#   sblk_rootfs DIR [INIT]
#                        a minimal root file system in DIR: static busybox
#                        as /bin/busybox (the init installs the links),
#                        INIT (default tests/vm/sanblk-root-init: writes
#                        /marker, reports "MARKER <content>", ends the boot) as
#                        /sbin/init, /lib/vm-guest.sh and
#                        /lib/sanblk-guest.sh, empty /proc /sys /dev /tmp
#                        /run /mnt
#   sblk_ext4 OUT MIB DIR [LABEL]
#                        an ext4 file system image of MIB holding DIR
#                        (mkfs.ext4 -d: no mounting)
#   sblk_mbr_disk OUT MIB SPEC...
#                        OUT: an MBR disk of MIB, one primary partition per
#                        SPEC "TYPE:SIZE[:boot]" (sfdisk hex type, SIZE in
#                        MiB or "-" for the rest), consecutive from 1 MiB
#   sblk_gpt_disk OUT MIB SPEC...
#                        the same with a GPT (sfdisk), SPEC "TYPE:SIZE"
#                        with TYPE an sfdisk GPT alias: U (EFI System), L
#                        (Linux file system)
#   sblk_part_start DISK N
#                        byte offset of partition N of DISK
#   sblk_part_put DISK N IMAGE
#                        write IMAGE into partition N (must fit)
#   sblk_part_get DISK N OUT
#                        copy partition N out to OUT
#   sblk_ext4_cat DISK N PATH
#                        print file PATH of the ext4 file system in
#                        partition N of DISK (debugfs on a copy whose
#                        journal e2fsck replayed)
#   sblk_ext4_fsck DISK N
#                        e2fsck -fn partition N of DISK (a copy): succeeds
#                        when the file system is clean; prints e2fsck's
#                        complaints otherwise
#   sblk_syslinux DISK N KERNEL INITRD APPEND
#                        make partition N of DISK a FAT16 file system with
#                        syslinux (serial console), KERNEL, INITRD and
#                        APPEND, and put syslinux's MBR code on DISK, so
#                        that a BIOS (or iPXE sanboot) boots it
#   sblk_uki OUT KERNEL INITRD CMDLINE
#                        OUT: a unified kernel image, an EFI program that
#                        starts KERNEL with INITRD and CMDLINE (the
#                        sections put onto systemd-boot's stub,
#                        $SBLK_EFI_STUB, with objcopy); KERNEL must be
#                        under 16 MiB
#   sblk_esp DISK N EFI  make partition N of DISK a FAT file system whose
#                        only file is EFI as \EFI\BOOT\BOOTX64.EFI, the
#                        program a UEFI firmware (or iPXE EFI's sanboot)
#                        runs from a disk it has no boot entry for
#
# Timing
#   sblk_watch FILE REGEX OUT [SECS]
#                        in the background: when a line of FILE matches
#                        REGEX (grep -E), write the time since the call to
#                        OUT (seconds, 0.1 s resolution); give up after
#                        SECS (default 300).  The watcher is killed at
#                        cleanup.
#
# Guest side: tests/vm/sanblk-guest.sh (installed as /lib/sanblk-guest.sh)
# documents its own functions.

SBLK_GUEST=$VM_DIR/sanblk-guest.sh
SBLK_EFI_STUB=${SBLK_EFI_STUB:-/usr/lib/systemd/boot/efi/linuxx64.efi.stub}

sblk_modtree() {
	local dir=$1 kver=$2 m f name root
	local -a todo=() done_=()
	shift 2
	local top=$dir/lib/modules/$kver
	root=$(sanblk_kroot "$kver")
	mkdir -p "$top/extra" "$top/kernel" || return 1
	# which modules are built in, so that the guest's modprobe of one
	# (ext4 in a kernel that has it built in) succeeds with nothing to do
	for f in modules.builtin modules.builtin.modinfo; do
		[ -f "$root/lib/modules/$kver/$f" ] || continue
		cp "$root/lib/modules/$kver/$f" "$top/" || return 1
	done
	for m in bft/sanbft.ko blk/sanblk.ko; do
		f=$(vm_our_module "$kver" "$m") || return 1
		vm_copy_ko "$f" "$top/extra" >/dev/null || return 1
	done
	todo=("$@")
	while [ ${#todo[@]} -gt 0 ]; do
		m=${todo[0]}
		todo=("${todo[@]:1}")
		[[ " ${done_[*]} " == *" $m "* ]] && continue
		done_+=("$m")
		f=$(modinfo -b "${root:-/}" -k "$kver" -n "$m" 2>/dev/null) || {
			echo "sblk_modtree: no module $m for $kver" >&2
			return 1
		}
		[ "$f" = "(builtin)" ] && continue
		vm_copy_ko "$f" "$top/kernel" >/dev/null || return 1
		for name in $(modinfo -b "${root:-/}" -k "$kver" -F depends "$m" | tr ',' ' '); do
			todo+=("$name")
		done
	done
	depmod -b "$dir" "$kver" 2>"$dir/depmod.err" || {
		cat "$dir/depmod.err" >&2
		return 1
	}
	rm -f "$dir/depmod.err"
}

sblk_add_bin() {
	local dir=$1 bin lib
	shift
	for bin in "$@"; do
		mkdir -p "$dir/$(dirname "$bin")"
		cp -L "$bin" "$dir/$bin" || return 1
		for lib in $(ldd "$bin" | awk '/=>/ { print $3 } /^\t\// { print $1 }'); do
			[ -e "$dir/$lib" ] && continue
			mkdir -p "$dir/$(dirname "$lib")"
			cp -L "$lib" "$dir/$lib" || return 1
		done
	done
}

sblk_cpio_prepend() {
	local out=$1 dir=$2
	(cd "$dir" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) \
		>"$out.new" &&
		cat "$out" >>"$out.new" &&
		mv "$out.new" "$out"
}

sblk_initramfs() {
	local out=$1 kver=$2 script=$3 opt seg ko
	local -a mods=() bins=() pass=()
	shift 3
	seg=$(mktemp -d "$VM_WORK/seg.XXXXXX") || return 1
	OPTIND=1
	while getopts "M:b:i:f:m:k:" opt; do
		case $opt in
		M) mods+=("$OPTARG") ;;
		b) bins+=("$OPTARG") ;;
		i)
			mkdir -p "$seg/sbin"
			cp "$OPTARG" "$seg/sbin/sblk-init" &&
				chmod 755 "$seg/sbin/sblk-init" || return 1
			;;
		f | m | k) pass+=("-$opt" "$OPTARG") ;;
		*) return 1 ;;
		esac
	done
	vm_initramfs "$out" "$kver" "$script" "${pass[@]}" || return 1
	sblk_modtree "$seg" "$kver" "${mods[@]}" || return 1
	for ko in sanbft sanblk; do
		cp "$seg/lib/modules/$kver/extra/$ko.ko" "$seg/lib/modules/" || return 1
	done
	if [ ${#bins[@]} -gt 0 ]; then
		sblk_add_bin "$seg" "${bins[@]}" || return 1
	fi
	cp "$SBLK_GUEST" "$seg/lib/sanblk-guest.sh" || return 1
	sblk_cpio_prepend "$out" "$seg" || return 1
	rm -rf "$seg"
}

sblk_sanboot_guest() {
	local mac=$1 root=$2 table=$3 where=$4 opts=${5:-}
	cat <<-EOF
		addr4() { ip -4 addr show dev eth0 | awk '/inet / { print \$2 }' | tr '\n' ' ' | sed 's/ \$//'; }
		case "$root" in
		iscsi:*) g_check no-address "\$(addr4)" "" ;;
		esac
		case " \$(cat /proc/cmdline) " in
		*sanblk.*) g_fail cmdline-clean "sanblk parameters on the command line: \$(cat /proc/cmdline)" ;;
		*) g_pass cmdline-clean ;;
		esac
		s_modprobe_fs || g_fail modprobe-ext4 "cannot load ext4"
		if modprobe sanblk; then g_pass modprobe-sanblk; else g_fail modprobe-sanblk failed; return; fi
		if ! s_wait_path /dev/sanblk0p2 60; then
			g_fail sanblk0p2 "no /dev/sanblk0p2 60 s after modprobe (state \$(s_dev 0 state))"
			g_info "\$(g_modlog sanbft; g_modlog sanblk)"
			return
		fi
		g_pass sanblk0p2 "at \$(s_now) s"
		g_check target "\$(s_dev 0 target)" "$root,nic=$mac,timeout=0$opts"
		g_check nic "\$(s_dev 0 nic)" eth0
		g_check origin "\$(g_modlog sanblk | grep -c 'sanblk0: $root from $table in $where')" 1
		case "$root" in
		iscsi:*)
			g_check nic-addr "\$(addr4)" $VM_GUEST_IP/24
			g_check log-addr "\$(g_modlog sanblk | grep -c 'sanblk0: iscsi: gave eth0 the address $VM_GUEST_IP/24')" 1
			;;
		esac
		g_check partitions "\$(ls /sys/block/sanblk0 | grep -c '^sanblk0p')" 2
		if mount -t ext4 /dev/sanblk0p2 /newroot; then
			g_pass mount-root
		else
			g_fail mount-root "cannot mount /dev/sanblk0p2"
		fi
		g_info "\$(g_modlog sanbft; g_modlog sanblk)"
	EOF
}

sblk_pattern() {
	head -c "$(($2 << 20))" /dev/urandom >"$1"
}

sblk_disk() {
	rm -f "$1"
	truncate -s "$2M" "$1"
}

sblk_rootfs() {
	local dir=$1 init=${2:-$VM_DIR/sanblk-root-init}
	mkdir -p "$dir"/{bin,sbin,lib,proc,sys,dev,tmp,run,mnt,etc} || return 1
	cp "$VM_BUSYBOX" "$dir/bin/busybox" &&
		cp "$init" "$dir/sbin/init" &&
		chmod 755 "$dir/sbin/init" &&
		cp "$VM_DIR/guest-lib.sh" "$dir/lib/vm-guest.sh" &&
		cp "$SBLK_GUEST" "$dir/lib/sanblk-guest.sh"
}

sblk_ext4() {
	local out=$1 mib=$2 dir=$3 label=${4:-sanroot}
	rm -f "$out"
	truncate -s "$mib"M "$out" &&
		mkfs.ext4 -q -F -L "$label" -E root_owner=0:0 -d "$dir" "$out"
}

sblk_mbr_disk() {
	local out=$1 mib=$2 spec type size boot start=1 script=''
	shift 2
	for spec in "$@"; do
		IFS=: read -r type size boot <<<"$spec"
		script+="start=$((start << 11)), "
		if [ "$size" != - ]; then
			script+="size=$((size << 11)), "
			start=$((start + size))
		fi
		script+="type=$type${boot:+, bootable}"$'\n'
	done
	sblk_disk "$out" "$mib" &&
		printf 'label: dos\n%s' "$script" | sfdisk -q "$out"
}

sblk_gpt_disk() {
	local out=$1 mib=$2 spec type size start=1 script=''
	shift 2
	for spec in "$@"; do
		IFS=: read -r type size <<<"$spec"
		script+="start=$((start << 11)), "
		if [ "$size" != - ]; then
			script+="size=$((size << 11)), "
			start=$((start + size))
		fi
		script+="type=$type"$'\n'
	done
	sblk_disk "$out" "$mib" &&
		printf 'label: gpt\n%s' "$script" | sfdisk -q "$out"
}

# "start size" of partition N, in sectors.
sblk_part_geom() {
	sfdisk -d "$1" | awk -v n="$2" -F '[ ,=]+' '
		$1 ~ /[^0-9]/ && $1 ~ ("[^0-9]" n "$") && $2 == ":" {
			for (i = 3; i < NF; i++) {
				if ($i == "start") s = $(i + 1)
				if ($i == "size") z = $(i + 1)
			}
			print s, z
			found = 1
		}
		END { exit !found }'
}

sblk_part_start() {
	local start size
	read -r start size < <(sblk_part_geom "$1" "$2") || return 1
	echo $((start * 512))
}

sblk_part_put() {
	local disk=$1 n=$2 img=$3 start size
	read -r start size < <(sblk_part_geom "$disk" "$n") || return 1
	if [ "$(stat -c %s "$img")" -gt $((size * 512)) ]; then
		echo "sblk_part_put: $img does not fit partition $n of $disk" >&2
		return 1
	fi
	# whole MiBs, the offset in bytes: a root image is a GB and more
	dd if="$img" of="$disk" bs=1M seek=$((start * 512)) oflag=seek_bytes \
		conv=notrunc,sparse status=none
}

sblk_part_get() {
	local disk=$1 n=$2 out=$3 start size
	read -r start size < <(sblk_part_geom "$disk" "$n") || return 1
	dd if="$disk" of="$out" bs=1M skip=$((start * 512)) count=$((size * 512)) \
		iflag=skip_bytes,count_bytes status=none
}

sblk_ext4_cat() {
	local disk=$1 n=$2 path=$3 tmp
	tmp=$(mktemp "$VM_WORK/part.XXXXXX") || return 1
	if sblk_part_get "$disk" "$n" "$tmp"; then
		e2fsck -fy "$tmp" >/dev/null 2>&1
		debugfs -R "cat $path" "$tmp" 2>/dev/null
	fi
	rm -f "$tmp"
}

sblk_ext4_fsck() {
	local tmp rc=1
	tmp=$(mktemp "$VM_WORK/part.XXXXXX") || return 1
	if sblk_part_get "$1" "$2" "$tmp"; then
		e2fsck -fn "$tmp" >"$tmp.log" 2>&1
		rc=$?
		[ "$rc" = 0 ] || grep -v '^e2fsck' "$tmp.log" | head -n 10
	fi
	rm -f "$tmp" "$tmp.log"
	return "$rc"
}

sblk_syslinux() {
	local disk=$1 n=$2 kernel=$3 initrd=$4 append=$5 start size
	read -r start size < <(sblk_part_geom "$disk" "$n") || return 1
	vm_syslinux_part "$disk" "$start" "$size" "$kernel" "$initrd" "$append"
}

# The sections at the addresses the stub's own (under 0x1a000) leave free:
# the kernel at 32 MiB, the initramfs 16 MiB above it.
sblk_uki() {
	local out=$1 kernel=$2 initrd=$3 cmdline=$4 tmp rc
	if [ "$(stat -c %s "$kernel")" -ge $((16 << 20)) ]; then
		echo "sblk_uki: $kernel is 16 MiB or more, it would overlap the initramfs" >&2
		return 1
	fi
	tmp=$(mktemp -d "$VM_WORK/uki.XXXXXX") || return 1
	printf 'ID=sanblk\nNAME=sanblk test\n' >"$tmp/osrel"
	printf '%s' "$cmdline" >"$tmp/cmdline"
	objcopy \
		--add-section .osrel="$tmp/osrel" --change-section-vma .osrel=0x20000 \
		--add-section .cmdline="$tmp/cmdline" --change-section-vma .cmdline=0x30000 \
		--add-section .linux="$kernel" --change-section-vma .linux=0x2000000 \
		--add-section .initrd="$initrd" --change-section-vma .initrd=0x3000000 \
		"$SBLK_EFI_STUB" "$out"
	rc=$?
	rm -rf "$tmp"
	return "$rc"
}

sblk_esp() {
	local disk=$1 n=$2 efi=$3 start size at
	read -r start size < <(sblk_part_geom "$disk" "$n") || return 1
	at=$((start * 512))
	# FAT16 said outright: mkfs.vfat picks the FAT size from the whole
	# file, not from the block count, and on a disk image of a root
	# (1.3 GB) chose FAT32 with too few clusters for it, and failed
	mkfs.vfat -F 16 --offset "$start" "$disk" $((size / 2)) \
		>"$VM_WORK/mkfs.vfat.log" 2>&1 &&
		mmd -i "$disk@@$at" ::/EFI ::/EFI/BOOT &&
		mcopy -i "$disk@@$at" "$efi" ::/EFI/BOOT/BOOTX64.EFI
}

sblk_watch() {
	local file=$1 re=$2 out=$3 secs=${4:-300}
	(
		trap - EXIT
		start=$(date +%s.%N)
		for _ in $(seq $((secs * 10))); do
			if grep -Eq "$re" "$file" 2>/dev/null; then
				echo "$(date +%s.%N) $start" |
					awk '{ printf "%.1f\n", $1 - $2 }' >"$out"
				exit 0
			fi
			sleep 0.1
		done
	) &
	vm_track_pid $!
}
