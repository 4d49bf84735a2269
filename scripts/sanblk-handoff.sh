# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# The hand-off of the boot NIC to the real root, sourced by sanblk-boot:
# files under /run (never edits of /etc) that keep the network manager the
# real root runs from resetting a NIC the root disk goes through, at boot,
# on a restart of the network service and at shutdown:
#
#   /run/sanblk/handoff                  one line per NIC: name, MAC, how
#                                        it got its address (dhcp, static,
#                                        none), address/prefix, gateway
#   /run/systemd/network/10-sanblk-<if>.network
#                                        systemd-networkd: the NIC by MAC,
#                                        KeepConfiguration=yes, its
#                                        address kept as it is (DHCP=ipv4
#                                        when it came from DHCP), not
#                                        required for "online"
#   /run/systemd/network/10-sanblk-<if>.link
#                                        udev: the NIC (by MAC) keeps the
#                                        name it has now; renaming a NIC
#                                        that is up fails on older kernels
#                                        and leaves it unconfigured for
#                                        networkd, and names in ifupdown's
#                                        files would no longer match
#   /run/systemd/system/networking.service.d/50-sanblk.conf and
#   /run/sanblk/ifupdown.env             ifupdown: "ifup -a" and "ifdown -a"
#                                        (boot, restart, shutdown) leave the
#                                        NIC out (EXCLUDE_INTERFACES)
#   /run/systemd/system/ifup@<if>.service.d/50-sanblk.conf
#                                        ifupdown's hotplug unit does
#                                        nothing for it
#   /run/net-<if>.conf                   initramfs-tools' record of a NIC
#                                        configured in the initramfs
#   /run/NetworkManager/conf.d/90-sanblk.conf
#                                        NetworkManager: the NIC (by MAC)
#                                        unmanaged, so it neither re-leases
#                                        nor downs it; the DNS servers the
#                                        initramfs knows for it (DHCP, iBFT)
#                                        as NetworkManager's global DNS,
#                                        since it takes no DNS from an
#                                        unmanaged NIC
#
# systemd reads /run/systemd/system at boot, before any of those units
# starts.  When the root is not on a sanblk disk, every such file is
# removed instead.

HO_DIR=$RUN/sanblk
HO_NETWORKD=$RUN/systemd/network
HO_UNITS=$RUN/systemd/system
HO_NM=$RUN/NetworkManager/conf.d/90-sanblk.conf

ho_remove() {
	if [ -f "$HO_DIR/handoff" ]; then
		while read -r ho_if _; do
			rm -f "$HO_NETWORKD/10-sanblk-$ho_if.network" \
				"$HO_NETWORKD/10-sanblk-$ho_if.link" \
				"$HO_UNITS/ifup@$ho_if.service.d/50-sanblk.conf"
			rmdir "$HO_UNITS/ifup@$ho_if.service.d" 2>/dev/null
			grep -q '^# sanblk' "$RUN/net-$ho_if.conf" 2>/dev/null &&
				rm -f "$RUN/net-$ho_if.conf"
		done <"$HO_DIR/handoff"
	fi
	rm -f "$HO_DIR/handoff" "$HO_DIR/ifupdown.env" "$HO_NM" \
		"$HO_UNITS/networking.service.d/50-sanblk.conf"
	rmdir "$HO_UNITS/networking.service.d" 2>/dev/null
	return 0
}

# "addr/prefix" of NIC $1's first IPv4 address, "" when none.
ho_addr() {
	$IPCMD -o -4 addr show dev "$1" 2>/dev/null |
		sed -n 's/.* inet \([0-9.]*\/[0-9]*\) .*/\1/p' | head -n 1
}

ho_gateway() {
	$IPCMD -4 route show default dev "$1" 2>/dev/null |
		sed -n 's/^default via \([0-9.]*\).*/\1/p' | head -n 1
}

# How NIC $1 (MAC $2) got its address: dhcp when initramfs-tools' ipconfig
# or the firmware (iBFT origin 3) says so, static when it has one
# otherwise, none when it has none (AoE needs none).
ho_proto() {
	grep -qs '^PROTO=.*dhcp' "$RUN/net-$1.conf" && { echo dhcp; return; }
	for ho_e in "$SYS"/firmware/sanbft/entry*/nic; do
		[ "$(cat "$ho_e/mac" 2>/dev/null)" = "$2" ] || continue
		[ "$(cat "$ho_e/origin" 2>/dev/null)" = 3 ] && { echo dhcp; return; }
	done
	[ -n "$3" ] && echo static || echo none
}

# The DNS servers known for NIC $1 (MAC $2): initramfs-tools' DHCP
# record, else the firmware's entry for that MAC; one per line.
ho_dns() {
	if [ -f "$RUN/net-$1.conf" ] && ! grep -q '^# sanblk' "$RUN/net-$1.conf"; then
		sed -n "s/^IPV4DNS[01]='\{0,1\}\([0-9.]*\)'\{0,1\}$/\1/p" "$RUN/net-$1.conf" |
			grep -v '^0\.0\.0\.0$' | grep .
		return 0
	fi
	for ho_e in "$SYS"/firmware/sanbft/entry*/nic; do
		[ "$(cat "$ho_e/mac" 2>/dev/null)" = "$2" ] && cat "$ho_e/dns" 2>/dev/null
	done
	return 0
}

ho_nm() {
	mkdir -p "${HO_NM%/*}" || return 1
	[ -f "$HO_NM" ] ||
		printf '# sanblk: the root disk goes through these NICs; written by the
# initramfs, gone when the root is not on a SAN disk.
' >"$HO_NM"
	printf '\n[device-sanblk-%s]\nmatch-device=mac:%s\nmanaged=0\n' "$1" "$2" >>"$HO_NM"
}

ho_networkd() {
	ho_f=$HO_NETWORKD/10-sanblk-$1.network
	mkdir -p "$HO_NETWORKD" || return 1
	{
		echo "# sanblk: the root disk goes through this NIC; written by the"
		echo "# initramfs, gone when the root is not on a SAN disk."
		printf '[Match]\nMACAddress=%s\n\n[Link]\nRequiredForOnline=no\n\n' "$2"
		printf '[Network]\nKeepConfiguration=yes\nLinkLocalAddressing=no\nIPv6AcceptRA=no\n'
		case $3 in
		dhcp) echo "DHCP=ipv4" ;;
		static)
			echo "Address=$4"
			[ -n "$5" ] && echo "Gateway=$5"
			;;
		esac
		[ "$3" = dhcp ] && printf '\n[DHCPv4]\nSendRelease=no\n'
	} >"$ho_f"
	printf '# sanblk: the root disk goes through this NIC: keep its name\n[Match]\nMACAddress=%s\n\n[Link]\nName=%s\n' \
		"$2" "$1" >"$HO_NETWORKD/10-sanblk-$1.link"
}

ho_ifupdown() {
	mkdir -p "$HO_UNITS/networking.service.d" "$HO_UNITS/ifup@$1.service.d" ||
		return 1
	printf '# sanblk: keep ifupdown off the NICs the root disk goes through\n[Service]\nEnvironmentFile=-%s\n' \
		"$HO_DIR/ifupdown.env" >"$HO_UNITS/networking.service.d/50-sanblk.conf"
	printf '# sanblk: the root disk goes through %s\n[Service]\nExecStart=\nExecStart=/bin/true\nExecStop=\n' \
		"$1" >"$HO_UNITS/ifup@$1.service.d/50-sanblk.conf"
	[ -e "$RUN/net-$1.conf" ] && return 0
	{
		echo "# sanblk: configured in the initramfs"
		echo "DEVICE='$1'"
		echo "PROTO='$3'"
		echo "IPV4ADDR='${4%/*}'"
		echo "IPV4PREFIX='${4#*/}'"
		echo "IPV4GATEWAY='$5'"
	} >"$RUN/net-$1.conf"
}

cmd_handoff() {
	[ -n "${1:-}" ] || { echo "usage: sanblk-boot handoff ROOTDEV" >&2; return 2; }
	ho_remove
	if ! ho_disk=$(sanblk_disk_of "$1"); then
		return 0
	fi
	ho_nics=$(tr -s ' ,' '\n' <"$BUS/devices/${ho_disk#sanblk}/nic" 2>/dev/null |
		grep -v '^-*$' | sort -u)
	if [ -z "$ho_nics" ]; then
		say "the root is on $ho_disk, but it goes through no NIC now: no hand-off"
		return 0
	fi
	mkdir -p "$HO_DIR" || return 1
	ho_ex=''
	ho_dns_all=''
	for ho_if in $ho_nics; do
		ho_mac=$(cat "$SYS/class/net/$ho_if/address" 2>/dev/null) || continue
		ho_a=$(ho_addr "$ho_if")
		ho_gw=$(ho_gateway "$ho_if")
		ho_p=$(ho_proto "$ho_if" "$ho_mac" "$ho_a")
		echo "$ho_if $ho_mac $ho_p ${ho_a:--} ${ho_gw:--}" >>"$HO_DIR/handoff"
		ho_networkd "$ho_if" "$ho_mac" "$ho_p" "$ho_a" "$ho_gw"
		ho_ifupdown "$ho_if" "$ho_mac" "$ho_p" "$ho_a" "$ho_gw"
		ho_nm "$ho_if" "$ho_mac"
		ho_dns_all="$ho_dns_all $(ho_dns "$ho_if" "$ho_mac" | tr '\n' ' ')"
		ho_ex="$ho_ex $ho_if"
		say "root on $ho_disk through $ho_if ($ho_mac, $ho_p${ho_a:+ $ho_a}): networkd, ifupdown, NetworkManager and the initramfs told to keep it as it is"
	done
	echo "EXCLUDE_INTERFACES=\"${ho_ex# }\"" >"$HO_DIR/ifupdown.env"
	ho_dns_all=$(echo "$ho_dns_all" | tr -s ' ' '\n' | grep . | awk '!s[$0]++' |
		tr '\n' ';')
	[ -n "$ho_dns_all" ] &&
		printf '\n[global-dns-domain-*]\nservers=%s\n' "$ho_dns_all" >>"$HO_NM"
	return 0
}
