# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# Guest helpers for the sanblk cases (busybox sh), installed by
# sblk_initramfs as /lib/sanblk-guest.sh; source it after /lib/vm-guest.sh.
# It adds /usr/sbin and /usr/bin to PATH.
#
#   s_dev ID ATTR            cat /sys/bus/sanblk/devices/ID/ATTR
#   s_wait_path PATH SECS    wait (0.1 s steps) until PATH exists; 0 if
#                            it does
#   s_wait_state ID STATE SECS
#                            wait until device ID is in STATE
#   s_write FILE TEXT        write TEXT (no newline) to FILE in one write;
#                            on failure print dd's error (which ends in
#                            strerror) and return 1.  An empty TEXT makes
#                            no write at all (sysfs would ignore one).
#   s_log_mark               remember how many kernel log lines there are
#   s_log_new                the kernel log lines since s_log_mark
#   s_refused NAME FILE TEXT ERRTEXT LOGTEXT
#                            PASS NAME when writing TEXT to FILE fails with
#                            an error ending in ERRTEXT (e.g. "Invalid
#                            argument") and a new kernel log line contains
#                            LOGTEXT (fixed string); FAIL otherwise
#   s_now                    seconds since boot, with hundredths
#   s_modprobe_fs            modprobe crc32c_generic and ext4 (from the
#                            sblk_initramfs module tree, -M ext4
#                            -M crc32c_generic)

# Programs sblk_initramfs -b added keep their host paths.
PATH=$PATH:/usr/sbin:/usr/bin
export PATH
S_BUS=/sys/bus/sanblk

s_dev() {
	cat "$S_BUS/devices/$1/$2" 2>/dev/null
}

s_wait_path() {
	_i=0
	while [ ! -e "$1" ]; do
		_i=$((_i + 1))
		[ "$_i" -gt $(($2 * 10)) ] && return 1
		sleep 0.1
	done
	return 0
}

s_wait_state() {
	_i=0
	while [ "$(s_dev "$1" state)" != "$2" ]; do
		_i=$((_i + 1))
		[ "$_i" -gt $(($3 * 10)) ] && return 1
		sleep 0.1
	done
	return 0
}

s_write() {
	# dd reports the error of the write(2) (the shell's builtins do not
	# say why); the text is in a file so that it goes in one write.
	printf '%s' "$2" >/tmp/.s_write
	_o=$(dd if=/tmp/.s_write of="$1" bs=4096 conv=notrunc 2>&1) && return 0
	echo "$_o" | grep -m 1 -e 'error writing' -e "can't open" || echo "$_o"
	return 1
}

s_log_mark() {
	S_LOG_MARK=$(dmesg | wc -l)
}

s_log_new() {
	dmesg | tail -n +$((S_LOG_MARK + 1))
}

s_refused() {
	_name=$1
	s_log_mark
	if _err=$(s_write "$2" "$3"); then
		g_fail "$_name" "writing '$3' to $2 succeeded"
		return 1
	fi
	_log=$(s_log_new)
	case $_err in
	*"$4")
		;;
	*)
		g_fail "$_name" "error '$_err', want '$4'"
		return 1
		;;
	esac
	case $_log in
	*"$5"*)
		g_pass "$_name" "$(echo "$_log" | grep -F "$5" | head -n 1 |
			sed 's/^\[[ 0-9.]*\] //')"
		;;
	*)
		g_fail "$_name" "no log line with '$5'; log: $(echo "$_log" | tr '\n' '|')"
		return 1
		;;
	esac
}

s_now() {
	cut -d ' ' -f 1 /proc/uptime
}

# seconds since T (an s_now), to a tenth
s_since() {
	awk -v a="$1" -v b="$(s_now)" 'BEGIN { printf "%.1f", b - a }'
}

s_modprobe_fs() {
	modprobe crc32c_generic && modprobe ext4
}
