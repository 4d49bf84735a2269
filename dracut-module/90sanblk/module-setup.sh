#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# dracut module 90sanblk: boot from a SAN disk through sanblk.ko, AoE or
# iSCSI, with no userspace initiator and no network module (unless ip=
# asks for DHCP).  The cmdline hook only parses; sanblk-boot attaches,
# finds the root partition and hands the boot NIC over to the real root.

# Is / (or what holds it) a sanblk disk?
sanblk_root_on_san() {
	local dev
	dev=$(findmnt -n -o SOURCE / 2>/dev/null) || return 1
	dev=$(readlink -f "$dev")
	[[ ${dev##*/} == sanblk* ]]
}

# Does the firmware describe a SAN boot?
sanblk_firmware_boot() {
	compgen -G '/sys/firmware/sanbft/entry*' >/dev/null ||
		[[ -e /sys/firmware/acpi/tables/iBFT || -e /sys/firmware/acpi/tables/aBFT ||
			-d /sys/firmware/ibft ]]
}

# called by dracut
check() {
	require_binaries sanctl /usr/lib/sanblk/sanblk-boot || return 1
	[[ $hostonly ]] || return 0
	sanblk_root_on_san && return 0
	sanblk_firmware_boot && return 0
	return 255
}

# called by dracut
depends() {
	echo udev-rules rootfs-block
	return 0
}

# called by dracut
installkernel() {
	local drivers
	# not loaded on the machine that builds the image (an installer's
	# chroot): hostonly instmods would skip them
	hostonly='' instmods sanbft sanblk 8021q crc32c
	if [[ $hostonly ]]; then
		drivers=$(/usr/lib/sanblk/sanblk-boot nic-drivers)
		if [[ $drivers ]]; then
			# shellcheck disable=SC2086 # a list of module names
			hostonly='' instmods $drivers
			return 0
		fi
	fi
	hostonly='' instmods -s "=drivers/net/ethernet" virtio_net vmxnet3 \
		hv_netvsc xen-netfront
	return 0
}

# called by dracut
# shellcheck disable=SC2154 # moddir: set by dracut
install() {
	inst_multiple sanctl ip dd od tr sed grep sort tail head wc readlink \
		sleep id cat dmesg awk modprobe ln udevadm
	# the device links (udev's own rules leave sanblk disks out): root=UUID=
	inst_rules 60-sanblk.rules
	inst_script /usr/lib/udev/sanblk_id /usr/lib/udev/sanblk_id
	inst_simple /usr/lib/sanblk/sanblk-boot
	inst_simple /usr/lib/sanblk/sanblk-handoff.sh
	inst_hook cmdline 90 "$moddir/parse-sanblk.sh"
	inst_hook pre-trigger 90 "$moddir/sanblk-attach.sh"
	inst_hook pre-pivot 90 "$moddir/sanblk-handoff.sh"
	if dracut_module_included systemd; then
		inst_script "$moddir/sanblk-generator.sh" \
			"$systemdutildir/system-generators/sanblk-generator"
	fi
	inst_hook emergency 90 "$moddir/sanblk-emergency.sh"
}

# called by dracut
cmdline() {
	local d t
	sanblk_root_on_san || return 0
	d=$(readlink -f "$(findmnt -n -o SOURCE /)")
	d=${d##*/}
	d=${d%p[0-9]*}
	t=$(cat "/sys/bus/sanblk/devices/${d#sanblk}/target" 2>/dev/null) || return 0
	# A disk from the firmware needs nothing on the command line.
	[[ $(cat "/sys/bus/sanblk/devices/${d#sanblk}/origin" 2>/dev/null) == firmware* ]] &&
		return 0
	printf ' rd.sanblk.target=%s' "$t"
}
