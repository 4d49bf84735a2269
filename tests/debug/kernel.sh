# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# The debug kernel of tests/debug: Debian's linux-source-6.12 configured
# with "make allnoconfig" plus the fragment tests/debug/kernel.config
# (what the guests need, and the checks: lockdep, KASAN, kmemleak, ...),
# built once and cached under $SANBLK_CACHE/debug-kernel/KEY/, KEY being
# a hash of the fragment, the source package's version and the compiler.
# A change to any of them builds a new kernel beside the old ones (remove
# $SANBLK_CACHE/debug-kernel to reclaim the space, about 3 GB each).
# Source it from bash after tests/lib.sh.
#
#   debug_kernel_key           print KEY
#   debug_kernel               build the kernel unless it is cached (in
#                              place: an interrupted build resumes) and
#                              print its root for SANBLK_KROOT; the build
#                              log is KEY/build.log
#
# KEY/ holds
#   linux/                     the source and build tree: the modules
#                              build against it (KDIR)
#   root/boot/vmlinuz-KVER     the image
#   root/lib/modules/KVER/     modules_install's tree (modules.dep,
#                              modules.builtin*), build -> linux/
#   root/kernel.release        KVER
#   done                       written last, when all of it is there

SANBLK_CACHE=${SANBLK_CACHE:-/var/cache/sanblk}
DEBUG_SRC_PKG=linux-source-6.12
DEBUG_SRC_TAR=/usr/src/$DEBUG_SRC_PKG.tar.xz
DEBUG_FRAGMENT=$SANBLK_TOP/tests/debug/kernel.config
# Bump when the layout of KEY/ or the way it is built changes.
DEBUG_LAYOUT=1

debug_kernel_key() {
	local ver
	ver=$(dpkg-query -W -f '${Version}' "$DEBUG_SRC_PKG" 2>/dev/null) || {
		echo "debug kernel: $DEBUG_SRC_PKG is not installed" >&2
		return 1
	}
	{
		echo "layout $DEBUG_LAYOUT"
		echo "$DEBUG_SRC_PKG $ver"
		gcc --version | head -n 1
		cat "$DEBUG_FRAGMENT"
	} | sha256sum | cut -c 1-16
}

# Every line of the fragment must have taken effect: a symbol whose
# dependencies are missing is dropped by Kconfig without a word.
debug_kernel_config_check() {
	local config=$1 line sym bad=0
	while IFS= read -r line; do
		case $line in
		CONFIG_*)
			sym=${line%%=*}
			grep -qxF "$line" "$config" && continue
			;;
		"# CONFIG_"*" is not set")
			sym=${line#\# }
			sym=${sym%% *}
			grep -q "^$sym=" "$config" || continue
			;;
		*) continue ;;
		esac
		echo "debug kernel: '$line' did not take: .config has" \
			"'$(grep -E "^$sym=|^# $sym is not set" "$config" || echo nothing)'" >&2
		bad=1
	done <"$DEBUG_FRAGMENT"
	return "$bad"
}

# The build itself, in KEY/, under the lock; output goes to the log.
debug_kernel_make() {
	local dir=$1 tree=$1/linux kver
	local -a mk=(nice -n 10 make -C "$tree" LOCALVERSION=)
	if [ ! -f "$tree/Makefile" ]; then
		rm -rf "${tree:?}" "${dir:?}/$DEBUG_SRC_PKG"
		tar -C "$dir" -xf "$DEBUG_SRC_TAR" &&
			mv "$dir/$DEBUG_SRC_PKG" "$tree" || return 1
	fi
	cp "$DEBUG_FRAGMENT" "$dir/kernel.config" &&
		"${mk[@]}" -s allnoconfig KCONFIG_ALLCONFIG="$dir/kernel.config" &&
		debug_kernel_config_check "$tree/.config" &&
		timeout 7200 "${mk[@]}" -j "$(nproc)" bzImage modules || return 1
	kver=$("${mk[@]}" -s kernelrelease) || return 1
	rm -rf "$dir/root"
	mkdir -p "$dir/root/boot" &&
		"${mk[@]}" -s INSTALL_MOD_PATH="$dir/root" modules_install &&
		cp "$tree/arch/x86/boot/bzImage" "$dir/root/boot/vmlinuz-$kver" &&
		ln -sfn ../../../../linux "$dir/root/lib/modules/$kver/build" &&
		echo "$kver" >"$dir/root/kernel.release" &&
		date +%s >"$dir/done"
}

debug_kernel() {
	local key dir
	key=$(debug_kernel_key) || return 1
	dir=$SANBLK_CACHE/debug-kernel/$key
	mkdir -p "$dir" || return 1
	(
		# another make check may be building the same kernel
		flock -w 7200 9 || { echo "debug kernel: $dir is locked" >&2; exit 1; }
		[ -f "$dir/done" ] && exit 0
		if [ ! -f "$DEBUG_SRC_TAR" ]; then
			echo "debug kernel: no $DEBUG_SRC_TAR" >&2
			exit 1
		fi
		if ! debug_kernel_make "$dir" >"$dir/build.log" 2>&1; then
			echo "debug kernel: the build failed, see $dir/build.log" >&2
			tail -n 20 "$dir/build.log" | sed 's/^/    /' >&2
			exit 1
		fi
	) 9>"$dir.lock" || return 1
	echo "$dir/root"
}
