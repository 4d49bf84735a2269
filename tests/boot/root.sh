# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# The Debian root the boot tier boots: bookworm from debootstrap, with
# systemd, both initramfs generators (initramfs-tools, dracut-core), the
# three network managers a distribution may run on the boot NIC
# (ifupdown, systemd-networkd, NetworkManager) and the Debian kernels of
# both supported lines installed by dpkg, as an installer leaves them.
# Built once and cached as a tarball under $SANBLK_CACHE/debian-root/KEY/,
# KEY being a hash of what goes in; a change builds a new one beside the
# old (remove $SANBLK_CACHE/debian-root to reclaim the space).  Source it
# from bash after tests/lib.sh.
#
#   boot_root_key KVER...     print KEY
#   boot_root KVER...         build the root unless it is cached and print
#                             the tarball's path; the log is KEY/build.log
#   boot_chroot DIR CMD...    run CMD in DIR with /proc, /sys and /dev,
#                             in a mount namespace of its own (nothing
#                             stays mounted when it returns), for at
#                             most BOOT_CHROOT_TIMEOUT seconds (1800),
#                             at nice BOOT_NICE (10: guests booting
#                             beside it come first)

SANBLK_CACHE=${SANBLK_CACHE:-/var/cache/sanblk}
BOOT_SUITE=bookworm
# Bump when the way the root is built changes.
BOOT_ROOT_LAYOUT=1
# debootstrap's own resolver does not follow alternatives (dbus-system-bus):
# it installs the base, apt in the root the rest.
BOOT_ROOT_BASE="systemd-sysv udev kmod iproute2 e2fsprogs"
BOOT_ROOT_PKGS="dbus iputils-ping procps util-linux busybox zstd
initramfs-tools dracut-core ifupdown isc-dhcp-client network-manager fio"

# The root holds every supported kernel line, whichever SANBLK_KVERS picks
# for a run, so that one cached root serves them all.
boot_kvers() {
	SANBLK_KVERS='' sanblk_kvers
}

# The mirror the host's own apt uses (deb822 or one-line sources).
boot_mirror() {
	local f m
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		m=$(awk '/^URIs:/ { print $2; exit }' "$f")
		[ -n "$m" ] && { echo "$m"; return; }
	done
	m=$(awk '$1 == "deb" && $0 !~ /security/ { print $2; exit }' \
		/etc/apt/sources.list 2>/dev/null)
	echo "${m:-http://deb.debian.org/debian}"
}

boot_root_key() {
	local k
	{
		echo "layout $BOOT_ROOT_LAYOUT suite $BOOT_SUITE"
		echo "$BOOT_ROOT_BASE $BOOT_ROOT_PKGS"
		for k in "$@"; do
			echo "$k $(dpkg-query -W -f '${Version}' "linux-image-$k" 2>/dev/null)"
		done
	} | sha256sum | cut -c 1-16
}

boot_chroot() {
	local dir=$1
	shift
	# shellcheck disable=SC2016 # expanded by the inner shell
	nice -n "${BOOT_NICE:-10}" timeout -k 5 "${BOOT_CHROOT_TIMEOUT:-1800}" \
		unshare -m --propagation private sh -c '
		d=$1; shift
		mount -t proc proc "$d/proc" &&
		mount -t sysfs sysfs "$d/sys" &&
		mount --bind /dev "$d/dev" &&
		mount -t tmpfs tmpfs "$d/run" &&
		mount -t tmpfs tmpfs "$d/tmp" || exit 1
		exec chroot "$d" "$@"' boot-chroot "$dir" \
		env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
		DEBIAN_FRONTEND=noninteractive INITRD=No "$@"
}

# debootstrap, then the rest and the kernels by apt in the root;
# INITRD=No: each flow makes the initramfs it boots.
boot_root_build() {
	local dir=$1 log=$2 mirror k
	local -a debs
	shift 2
	read -r -a debs <<<"$(echo "$BOOT_ROOT_PKGS" | tr '\n' ' ')"
	mirror=$(boot_mirror)
	# an interrupted build starts again after debootstrap when that ended
	if [ ! -f "$dir.debootstrapped" ]; then
		rm -rf "$dir"
		echo "debootstrap $BOOT_SUITE from $mirror" >>"$log"
		timeout 1800 debootstrap --variant=minbase \
			--include="$(echo "$BOOT_ROOT_BASE" | tr -s ' \n' ',,')" \
			"$BOOT_SUITE" "$dir" "$mirror" >>"$log" 2>&1 || return 1
		touch "$dir.debootstrapped"
	fi
	cp /etc/apt/sources.list.d/*.sources "$dir/etc/apt/sources.list.d/" 2>/dev/null
	for k in "$@"; do
		debs+=("linux-image-$k")
	done
	boot_chroot "$dir" sh -c 'apt-get -qq update &&
		apt-get install -y -qq --no-install-recommends "$@" &&
		apt-get clean' apt "${debs[@]}" >>"$log" 2>&1 || return 1
	for k in "$@"; do
		if [ ! -f "$dir/boot/vmlinuz-$k" ] || [ ! -d "$dir/lib/modules/$k" ]; then
			echo "linux-image-$k left no kernel in the root" >>"$log"
			return 1
		fi
	done
}

boot_root() {
	local key dir
	key=$(boot_root_key "$@")
	dir=$SANBLK_CACHE/debian-root/$key
	mkdir -p "$dir" || return 1
	(
		flock 9
		[ -f "$dir/done" ] && exit 0
		: >"$dir/build.log"
		if ! boot_root_build "$dir/root" "$dir/build.log" "$@"; then
			echo "boot root: building the Debian root failed, see $dir/build.log" >&2
			tail -n 5 "$dir/build.log" >&2
			exit 1
		fi
		tar -C "$dir/root" --one-file-system -cf "$dir/root.tar" . &&
			rm -rf "$dir/root" "$dir/root.debootstrapped" && touch "$dir/done"
	) 9>"$dir/lock" || return 1
	echo "$dir/root.tar"
}
