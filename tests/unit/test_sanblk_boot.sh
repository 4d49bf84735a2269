#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# scripts/sanblk-boot, the initramfs side of a SAN boot, against command
# lines, disk images and a fake sysfs built here, under dash and under
# busybox sh with nothing but busybox applets on PATH (as in an
# initramfs): the targets a command line names (dracut's netroot= and
# static ip= included), the root partition it picks (MBR, GPT) or refuses
# to guess, the hand-off files it writes and removes, the NIC drivers it
# names for a host-only initramfs, and its wait for every disk.
set -u
top=${SANBLK_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
boot=$top/scripts/sanblk-boot
tmp=$(mktemp -d /tmp/test_sanblk_boot.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; }

IQN=iqn.2026-11.test:disk1
P=iscsi:10.99.0.1::3260:1:$IQN

# run SHELL CMDLINE ARGS...: sanblk-boot under SHELL with that command line.
run() {
	local sh=$1 cmdline=$2
	shift 2
	printf '%s\n' "$cmdline" >"$tmp/cmdline"
	SANBLK_CMDLINE=$tmp/cmdline SANBLK_LIB=$top/scripts SANCTL_SYSFS=$tmp/sys \
		SANCTL_DEV=$tmp/dev SANBLK_RUN=$tmp/run SANCTL_IP=$tmp/bin/ip PATH=$tmp/bin:$PATH_FOR \
		$sh "$boot" "$@" 2>"$tmp/err"
}

# expect SHELL NAME WANT CMDLINE ARGS...
expect() {
	local sh=$1 name=$2 want=$3 got
	shift 3
	got=$(run "$sh" "$@")
	if [ "$got" = "$want" ]; then
		pass "sanblk-boot[$sh] $name"
	else
		fail "sanblk-boot[$sh] $name: got '$got', want '$want' ($(cat "$tmp/err"))"
	fi
}

# A disk image as sanblk0: sfdisk script $1.
disk() {
	rm -f "$tmp/dev/sanblk0"
	truncate -s 8M "$tmp/dev/sanblk0"
	[ -n "$1" ] && printf '%s' "$1" | sfdisk -q "$tmp/dev/sanblk0" >/dev/null
	return 0
}

targets_cases() {
	local sh=$1
	expect "$sh" aoe-root aoe:e0.1 "ro root=aoe:e0.1 quiet" targets
	expect "$sh" iscsi-root "$P" "root=$P" targets
	expect "$sh" netroot-static-ip "$P,nic=eth0,ip=10.99.0.10/24,gw=10.99.0.1" \
		"netroot=$P ip=10.99.0.10::10.99.0.1:255.255.255.0::eth0:off" targets
	expect "$sh" netroot-mask-25 "$P,nic=ens3,ip=10.99.0.10/25" \
		"netroot=$P ip=10.99.0.10:::255.255.255.128::ens3:none" targets
	expect "$sh" netroot-bad-mask "$P" \
		"netroot=$P ip=10.99.0.10:::255.0.255.0::ens3:off" targets
	expect "$sh" netroot-dhcp "$P" "netroot=$P ip=dhcp" targets
	expect "$sh" nic-given-kept "$P,nic=eth1" \
		"root=$P,nic=eth1 ip=10.99.0.10::10.99.0.1:255.255.255.0::eth0:off" targets
	expect "$sh" uuid-and-targets "aoe:e1.2
$P" "root=UUID=1234 rd.sanblk.target=aoe:e1.2 rd.sanblk.target=$P" targets
	expect "$sh" root-target-uuid "" "root=UUID=1234 rd.sanblk.target=aoe:e1.2" root-target
	expect "$sh" disabled "" "rd.sanblk=0 root=aoe:e0.1 rd.sanblk.target=aoe:e1.2" targets
	expect "$sh" not-san "" "root=/dev/vda1 ip=dhcp" targets
}

pick_cases() {
	local sh=$1
	mkdir -p "$tmp/sys/block/sanblk0/queue"
	echo 512 >"$tmp/sys/block/sanblk0/queue/logical_block_size"
	disk 'label: dos
start=2048, type=83'
	expect "$sh" mbr-one-linux "sanblk0p1 the one Linux partition" "" pick sanblk0
	disk 'label: dos
start=2048, size=4096, type=b
start=6144, type=83'
	expect "$sh" mbr-fat-then-linux "sanblk0p2 the one Linux partition" "" pick sanblk0
	disk 'label: dos
start=2048, size=4096, type=83
start=6144, type=83'
	expect "$sh" mbr-two-linux "sanblk0 has more than one Linux (0x83) partition: name one with root=" "" pick sanblk0
	disk 'label: dos
start=2048, type=82'
	expect "$sh" mbr-no-linux "sanblk0 has no Linux (0x83) primary partition: name the root with root=" "" pick sanblk0
	disk 'label: gpt
start=2048, size=4096, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B
start=6144, size=4096, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4
start=10240, type=4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709'
	expect "$sh" gpt-root-type "sanblk0p3 GPT root partition" "" pick sanblk0
	disk 'label: gpt
start=2048, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4'
	expect "$sh" gpt-no-root-type "sanblk0 has no GPT partition of the x86-64 root type (4f68bce3-e8cd-4db1-96e7-fbcaf984b709): set that type or name the partition with root=" "" pick sanblk0
	disk ''
	expect "$sh" no-table "no partition table on sanblk0" "" pick sanblk0
}

handoff_cases() {
	local sh=$1 n=$tmp/run/systemd/network/10-sanblk-eth0.network got
	rm -rf "$tmp/run" && mkdir -p "$tmp/run"
	mkdir -p "$tmp/sys/bus/sanblk/devices/0" "$tmp/sys/class/net/eth0" \
		"$tmp/sys/firmware/sanbft/entry0/nic"
	# a firmware entry for another NIC: its DNS is not this NIC's
	echo 52:54:00:ff:ff:ff >"$tmp/sys/firmware/sanbft/entry0/nic/mac"
	echo 192.0.2.53 >"$tmp/sys/firmware/sanbft/entry0/nic/dns"
	echo eth0 >"$tmp/sys/bus/sanblk/devices/0/nic"
	echo 52:54:00:12:34:56 >"$tmp/sys/class/net/eth0/address"
	: >"$tmp/dev/sanblk0p1"
	run "$sh" "" handoff "$tmp/dev/sanblk0p1"
	got=$(cat "$tmp/run/sanblk/handoff" 2>&1)
	if [ "$got" = "eth0 52:54:00:12:34:56 static 10.99.0.10/24 10.99.0.1" ]; then
		pass "sanblk-boot[$sh] handoff-record"
	else
		fail "sanblk-boot[$sh] handoff-record: '$got' ($(cat "$tmp/err"))"
	fi
	if grep -qx 'MACAddress=52:54:00:12:34:56' "$n" && grep -qx 'KeepConfiguration=yes' "$n" &&
		grep -qx 'Address=10.99.0.10/24' "$n" && grep -qx 'Gateway=10.99.0.1' "$n" &&
		grep -qx 'Name=eth0' "${n%.network}.link" &&
		grep -qx 'MACAddress=52:54:00:12:34:56' "${n%.network}.link"; then
		pass "sanblk-boot[$sh] handoff-networkd"
	else
		fail "sanblk-boot[$sh] handoff-networkd: $(tr '\n' '|' <"$n" 2>&1)"
	fi
	if grep -qx 'EXCLUDE_INTERFACES="eth0"' "$tmp/run/sanblk/ifupdown.env" &&
		grep -q "EnvironmentFile=-$tmp/run/sanblk/ifupdown.env" \
			"$tmp/run/systemd/system/networking.service.d/50-sanblk.conf" &&
		grep -qx 'ExecStart=/bin/true' "$tmp/run/systemd/system/ifup@eth0.service.d/50-sanblk.conf" &&
		grep -qx "IPV4ADDR='10.99.0.10'" "$tmp/run/net-eth0.conf"; then
		pass "sanblk-boot[$sh] handoff-ifupdown"
	else
		fail "sanblk-boot[$sh] handoff-ifupdown: $(find "$tmp/run" -type f | tr '\n' ' ')"
	fi
	if grep -qx 'match-device=mac:52:54:00:12:34:56' "$tmp/run/NetworkManager/conf.d/90-sanblk.conf" &&
		grep -qx 'managed=0' "$tmp/run/NetworkManager/conf.d/90-sanblk.conf" &&
		! grep -q 'global-dns' "$tmp/run/NetworkManager/conf.d/90-sanblk.conf"; then
		pass "sanblk-boot[$sh] handoff-networkmanager"
	else
		fail "sanblk-boot[$sh] handoff-networkmanager: $(tr '\n' '|' <"$tmp/run/NetworkManager/conf.d/90-sanblk.conf" 2>&1)"
	fi
	# the firmware's entry for this NIC: its DNS for NetworkManager
	echo 52:54:00:12:34:56 >"$tmp/sys/firmware/sanbft/entry0/nic/mac"
	printf '10.99.0.1\n10.99.0.2\n' >"$tmp/sys/firmware/sanbft/entry0/nic/dns"
	run "$sh" "" handoff "$tmp/dev/sanblk0p1"
	if grep -qx 'servers=10.99.0.1;10.99.0.2;' "$tmp/run/NetworkManager/conf.d/90-sanblk.conf"; then
		pass "sanblk-boot[$sh] handoff-firmware-dns"
	else
		fail "sanblk-boot[$sh] handoff-firmware-dns: $(tr '\n' '|' <"$tmp/run/NetworkManager/conf.d/90-sanblk.conf" 2>&1)"
	fi
	rm -rf "$tmp/sys/firmware"
	# the root on another disk: every file goes
	: >"$tmp/dev/vda1"
	run "$sh" "" handoff "$tmp/dev/vda1"
	got=$(find "$tmp/run" -type f)
	if [ -z "$got" ]; then
		pass "sanblk-boot[$sh] handoff-removed"
	else
		fail "sanblk-boot[$sh] handoff-removed: left $got"
	fi
	# a lease initramfs-tools' ipconfig took: DHCP kept, its DNS for
	# NetworkManager, and its record left alone when the files go
	printf "DEVICE='eth0'\nPROTO='dhcp'\nIPV4ADDR='10.99.0.10'\nIPV4DNS0='10.99.0.1'\nIPV4DNS1='0.0.0.0'\n" \
		>"$tmp/run/net-eth0.conf"
	run "$sh" "" handoff "$tmp/dev/sanblk0p1"
	if grep -qx 'DHCP=ipv4' "$n" && grep -qx 'SendRelease=no' "$n" &&
		grep -qx 'servers=10.99.0.1;' "$tmp/run/NetworkManager/conf.d/90-sanblk.conf" &&
		[ "$(cut -d ' ' -f 3 "$tmp/run/sanblk/handoff")" = dhcp ]; then
		pass "sanblk-boot[$sh] handoff-dhcp"
	else
		fail "sanblk-boot[$sh] handoff-dhcp: $(cat "$tmp/run/sanblk/handoff" "$n" "$tmp/run/NetworkManager/conf.d/90-sanblk.conf" 2>&1 | tr '\n' '|')"
	fi
	run "$sh" "" handoff "$tmp/dev/vda1"
	got=$(find "$tmp/run" -type f)
	if [ "$got" = "$tmp/run/net-eth0.conf" ]; then
		pass "sanblk-boot[$sh] handoff-keeps-ipconfig-record"
	else
		fail "sanblk-boot[$sh] handoff-keeps-ipconfig-record: left '$got'"
	fi
}

# nic-drivers: disk 0 through eth0 (virtio_net) and br0 (no device),
# disk 1 through eth0 and eth1 (e1000e), disk 2 through eth2, whose
# driver is built in (no module link): each module once, nothing else.
nic_drivers_cases() {
	local sh=$1 s=$tmp/sys n
	rm -rf "$s"
	mkdir -p "$s/bus/sanblk/devices/0" "$s/bus/sanblk/devices/1" \
		"$s/bus/sanblk/devices/2" "$s/module/virtio_net" "$s/module/e1000e" \
		"$s/class/net/br0"
	echo "eth0 br0" >"$s/bus/sanblk/devices/0/nic"
	echo "eth0,eth1" >"$s/bus/sanblk/devices/1/nic"
	echo "eth2" >"$s/bus/sanblk/devices/2/nic"
	for n in eth0:virtio_net eth1:e1000e eth2:; do
		mkdir -p "$s/devices/${n%%:*}/driver" "$s/class/net/${n%%:*}"
		ln -s "../../../devices/${n%%:*}" "$s/class/net/${n%%:*}/device"
		[ -n "${n#*:}" ] && ln -s "../../../module/${n#*:}" "$s/devices/${n%%:*}/driver/module"
	done
	expect "$sh" nic-drivers "e1000e
virtio_net" "" nic-drivers
	rm -rf "$s/bus/sanblk/devices"
	expect "$sh" nic-drivers-no-disk "" "" nic-drivers
}

# wait-disks: every disk live at once; one that stays discovering past
# SECS (exit 1, the count said); none at all (exit 1).
wait_disks_cases() {
	local sh=$1 s=$tmp/sys got rc
	rm -rf "$s"
	mkdir -p "$s/bus/sanblk/devices/0" "$s/bus/sanblk/devices/1"
	echo live >"$s/bus/sanblk/devices/0/state"
	echo live >"$s/bus/sanblk/devices/1/state"
	expect "$sh" wait-disks-all "sanblk0
sanblk1" "" wait-disks 5
	echo discovering >"$s/bus/sanblk/devices/1/state"
	got=$(SANCTL=true run "$sh" "rd.sanblk.timeout=1" wait-disks)
	rc=$?
	if [ "$got" = sanblk0 ] && [ "$rc" = 1 ] &&
		grep -q "1 of 2 SAN disks did not come after 1 s" "$tmp/err"; then
		pass "sanblk-boot[$sh] wait-disks-one-missing"
	else
		fail "sanblk-boot[$sh] wait-disks-one-missing: rc $rc, out '$got', err $(tr '\n' ' ' <"$tmp/err")"
	fi
	rm -rf "$s/bus/sanblk/devices"
	got=$(run "$sh" "" wait-disks 0)
	rc=$?
	if [ -z "$got" ] && [ "$rc" = 1 ] && grep -q "no SAN disk" "$tmp/err"; then
		pass "sanblk-boot[$sh] wait-disks-none"
	else
		fail "sanblk-boot[$sh] wait-disks-none: rc $rc, out '$got', err $(tr '\n' ' ' <"$tmp/err")"
	fi
}

mkdir -p "$tmp/bin" "$tmp/dev" "$tmp/bb"
# ip as the hand-off asks it: eth0's address and default route.
cat >"$tmp/bin/ip" <<'EOF_IP'
#!/bin/sh
case "$*" in
"-o -4 addr show dev eth0") echo "2: eth0    inet 10.99.0.10/24 brd 10.99.0.255 scope global eth0\       valid_lft forever preferred_lft forever" ;;
"-4 route show default dev eth0") echo "default via 10.99.0.1 proto static" ;;
esac
EOF_IP
chmod +x "$tmp/bin/ip"
for a in $(busybox --list); do
	ln -s "$(command -v busybox)" "$tmp/bb/$a"
done
for sh in dash busybox; do
	if [ "$sh" = busybox ]; then
		PATH_FOR=$tmp/bb
		shell="busybox sh"
	else
		PATH_FOR=$PATH
		shell=dash
	fi
	targets_cases "$shell"
	pick_cases "$shell"
	handoff_cases "$shell"
	nic_drivers_cases "$shell"
	wait_disks_cases "$shell"
done
