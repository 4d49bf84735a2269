#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# udev/sanblk_id, the helper of udev/60-sanblk.rules, against a fake
# sysfs built here, under dash and busybox sh: the ID_PATH of an AoE disk
# (with the PCI address of its NIC, and without one), of an iSCSI disk
# (IPv4 and IPv6 portal, LUN groups to Linux's decimal LUN, options
# dropped), and ID_SERIAL made safe for a link name.
set -u
top=${SANBLK_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
id=$top/udev/sanblk_id
tmp=$(mktemp -d /tmp/test_sanblk_id.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; }

S=$tmp/sys
mkdir -p "$S/class/net" "$S/devices/pci0000:00/0000:00:03.0/virtio0/net/eth0" \
	"$S/devices/virtual/net/br0"
ln -s ../../devices/pci0000:00/0000:00:03.0/virtio0/net/eth0 "$S/class/net/eth0"
ln -s ../../../virtio0 "$S/devices/pci0000:00/0000:00:03.0/virtio0/net/eth0/device"
ln -s ../../devices/virtual/net/br0 "$S/class/net/br0"

# disk ID TRANSPORT TARGET NIC MODEL SERIAL
disk() {
	local d=$S/devices/sanblk/$1
	mkdir -p "$d/block/sanblk$1"
	ln -s "../../../$1" "$d/block/sanblk$1/device"
	echo "$2" >"$d/transport"
	echo "$3" >"$d/target"
	echo "$4" >"$d/nic"
	echo "$5" >"$d/model"
	echo "$6" >"$d/serial"
}
declare -a want
disk 0 aoe "aoe:e0.1,nic=52:54:00:12:34:56,timeout=0" "eth0 eth1" "EtherDrive vblade" "vb 0/1"
disk 1 aoe "aoe:e12.3" "br0" "" ""
disk 2 iscsi "iscsi:10.99.0.1::3260:1:iqn.2026-11.test:disk1,conns=2" "eth0" "VIRTUAL-DISK" "beaf11"
disk 3 iscsi "iscsi:[fd99::1]::3260:a-2:iqn.2026-11.test:disk1" "" "" ""

want[0]="ID_BUS=aoe
ID_TYPE=disk
ID_PATH=pci-0000:00:03.0-aoe-e0.1
ID_MODEL=EtherDrive_vblade
ID_SERIAL_SHORT=vb_0_1
ID_SERIAL=EtherDrive_vblade_vb_0_1"
want[1]="ID_BUS=aoe
ID_TYPE=disk
ID_PATH=aoe-e12.3"
want[2]="ID_BUS=iscsi
ID_TYPE=disk
ID_PATH=ip-10.99.0.1:3260-iscsi-iqn.2026-11.test:disk1-lun-1
ID_MODEL=VIRTUAL-DISK
ID_SERIAL_SHORT=beaf11
ID_SERIAL=VIRTUAL-DISK_beaf11"
# LUN 000a-0002: Linux's LUN is 0xa + (2 << 16)
want[3]="ID_BUS=iscsi
ID_TYPE=disk
ID_PATH=ip-fd99::1:3260-iscsi-iqn.2026-11.test:disk1-lun-131082"

for sh in dash "busybox sh"; do
	if ! command -v "${sh%% *}" >/dev/null; then
		echo "SKIP sanblk_id[$sh]: not installed"
		continue
	fi
	for n in 0 1 2 3; do
		got=$(SANBLK_SYSFS=$S $sh "$id" "/devices/sanblk/$n/block/sanblk$n" 2>&1)
		if [ "$got" = "${want[n]}" ]; then
			pass "sanblk_id[$sh] disk$n"
		else
			fail "sanblk_id[$sh] disk$n: got '$got', want '${want[n]}'"
		fi
	done
	if SANBLK_SYSFS=$S $sh "$id" /devices/virtual/block/loop0 >/dev/null 2>&1; then
		fail "sanblk_id[$sh] not-sanblk: succeeded"
	else
		pass "sanblk_id[$sh] not-sanblk"
	fi
done
