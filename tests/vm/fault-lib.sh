# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Fault injection for sanblk.ko over AoE or iSCSI, on top of the VM rig
# (tests/vm/lib.sh) and the sanblk helpers (tests/vm/sanblk-lib.sh, whose
# initramfs carries fio and iproute2's tc with their libraries).  One boot
# per fault: the guest attaches e0.1 with sanblk target=aoe:e0.1, or LUN 1
# of $VM_IQN_TARGET with target=iscsi:10.99.0.1::3260:1:IQN (timeout 0:
# requests wait for ever), starts a fio write with crc32c verify on
# /dev/sanblk0, and the fault strikes while fio runs, either inside the
# guest (the case's guest code) or on the host (a background action on
# the namespace or on the target, vblade or tgtd).  The fault passes when
# it is seen to happen -- every command that injects it succeeds, an
# outage takes the disk out of "live" (to "reconnecting"), AoE
# retransmits grow where the guest's own link stays up, iSCSI logs in
# again on new connections, a killed target is gone -- and when fio's
# write and verify pass, a second fio run reading everything back
# verifies too, the disk is live with no failed request, and dmesg is
# clean (the rig's check).  An outage that ended only after fio was done
# fails the boot: such a run proves nothing.
#
# Host side
#   fault_boot NAME KVER GUEST [-t TRANSPORT] [-m MOD]... [-h ACTION]
#              [-p] [-a FUNC] [-E] [-n NIC]
#                              boot KVER with sanblk and a fresh target on
#                              a 64 MiB disk in a new namespace: vblade
#                              (-t aoe, the default) or tgtd serving LUN 1
#                              (-t iscsi; the guest is 10.99.0.10, and
#                              FAULT_TARGET_OPTS, e.g. ",conns=2", ends
#                              its target string); GUEST is a file of
#                              guest code run after f_attach (it sees
#                              the functions of fault_guest_lib);
#                              -m loads more in-tree modules at boot; -h
#                              runs the host action ACTION when the guest
#                              says fio runs: "tap-down SECS" (tap0 down,
#                              the target behind a bridge, see
#                              fault_switch), "vblade-restart SECS" (AoE:
#                              vblade killed and started again) or
#                              "tgtd-restart SECS" (iSCSI: tgtd killed,
#                              nothing listens on port 3260, then started
#                              again with the same target, LUN and
#                              disk); the outage lasts SECS, and
#                              longer if need be until the guest reports
#                              the disk out of live (at most
#                              FAULT_MAX_OUTAGE s, default 30).  The
#                              action's findings are host checks of the
#                              boot (vm_host_pass); -p gives the guest a
#                              second path: eth1 (MAC $FAULT_MAC1, PCI
#                              00:04.0) on tap1, whose end in the
#                              namespace is 10.98.0.1/24 (tgtd listens
#                              on every address: a second portal); -a
#                              FUNC runs "FUNC NAME" in the background
#                              during the boot, for the host actions a
#                              case's guest asks for with INFO lines
#                              (see fault_agent_wait); -E: GUEST ends
#                              the checks itself (f_readback and f_final
#                              are not appended: call them); -n NIC
#                              (iSCSI): the guest leaves eth0 down and
#                              without an address, the target string
#                              says ",nic=NIC,ip=10.99.0.10/24" (NIC a
#                              MAC or a name) and sanblk configures the
#                              NIC itself (f_attach checks it said so).
#                              After the boot the host compares the
#                              first F_SIZE of its disk image with what
#                              the guest read there at f_final (check
#                              host-cmp).  Prints one PASS/FAIL line.
#   fault_switch               put tap0 and a veth port for the target
#                              on a bridge in $VM_NS (iSCSI: 10.99.0.1
#                              moves from tap0 to that port)
#   fault_vblade DISK PIDFILE  start vblade e$VM_AOE_SHELF.$VM_AOE_SLOT
#                              on $FAULT_VBLADE_IF (tap0), the PID of the
#                              timeout(1) that runs it in PIDFILE
#   fault_boot_over NAME       true once boot NAME is over: its guest
#                              wrote the end marker, or QEMU is gone
#                              (a -a agent's loop ends on it)
#   fault_agent_wait NAME PID  after boot NAME: wait for its -a agent
#                              to end by itself, at most
#                              FAULT_AGENT_GRACE s (default 30), then
#                              stop it; a host check fails when it had
#                              to be stopped
#   fault_tgtd DISK PIDFILE    start tgtd on the control index claimed
#                              (vm_tgtd_ctl) with $VM_IQN_TARGET LUN 1 =
#                              DISK, the PID of its timeout(1) in PIDFILE
#   fault_host_cmp NAME        the host-cmp check of boot NAME: the
#                              guest's "INFO host-md5 SUM MIB" against
#                              the first MIB MiB of $VM_WORK/disk.img
#
# Guest side (fault_guest_lib, busybox sh; the guest code may set F_SIZE,
# the amount fio writes at random offsets, 4-64 KiB at a time, default 6M;
# F_RATE, the write rate (default 1m: the write phase lasts about 6 s and
# the fault strikes 1 s into it); F_SEED; F_JOB, more options for every
# fio run, the read-back's too)
#   f_attach                   load sanbft and sanblk, wait for the disk,
#                              start the state watcher: each state the
#                              disk enters is reported as "INFO state S
#                              at T s, R retransmits" (iSCSI: "..., conns
#                              C", the connections' state and local
#                              address; the host waits for these) and
#                              kept in /tmp/states; F_TRANSPORT is aoe or
#                              iscsi
#   f_fio_start                start the fio write + verify in background,
#                              back once fio's first I/O ended (FAIL
#                              fio-start when none does within 20 s): a
#                              fault that follows strikes I/O in flight,
#                              not fio's start-up
#   f_fio_read_start           write F_SIZE first (not rate-limited), then
#                              start fio reading it back and verifying it
#                              at F_RATE in background (a fault on reads)
#   f_running WHEN             FAIL overlap when fio is no longer running
#   f_ready                    tell the host fio runs (it may act now)
#   f_not_live NAME SECS       PASS NAME when the disk leaves live within
#                              SECS s (a fault the guest itself injects)
#   f_wait_left NAME SECS SINCE
#                              PASS NAME when the watcher sees the disk
#                              out of live at or after SINCE (s_now)
#                              within SECS s (an outage that ended
#                              already counts too); FAIL otherwise
#   f_left_live NAME           PASS NAME when the watcher saw the disk out
#                              of live since f_fio_start, with (AoE) more
#                              retransmits by then than at f_ready (a host
#                              fault the guest's link does not see), or
#                              (iSCSI) every connection up again on
#                              another local address:port than at
#                              f_attach (it logged in again)
#   f_fio_wait [SECS]          wait for fio (SECS, default 60, times
#                              VM_TIME_SCALE), PASS/FAIL fio-verify
#   f_readback                 fio read-back verify: PASS/FAIL readback
#   f_final                    disk live, no failed request, no "I/O
#                              error" in the kernel log; INFO counters;
#                              the first F_SIZE (in MiB) read with
#                              O_DIRECT and its md5 sent to the host
#                              (f_host_md5; not when fio is stuck)
#   f_nic_by_mac MAC           the interface that has MAC now
#   f_cmds                     iSCSI: the SCSI commands all connections
#                              sent so far
#   f_nic_log                  the kernel log lines in which sanblk
#                              brought a NIC up or gave it an address,
#                              without their time stamps
# and g_do (tests/vm/guest-lib.sh) for each command that injects a fault.

# shellcheck source=tests/vm/sanblk-lib.sh
. "$SANBLK_TOP/tests/vm/sanblk-lib.sh"

FAULT_MAC=${VM_MAC-$VM_MAC_DEFAULT}
FAULT_MAC1=52:54:00:12:34:57
FAULT_VBLADE_IF=tap0
FAULT_TRANSPORT=aoe

# A switch in the namespace: the target on a veth port of bridge sw0, the
# guest's tap0 on another.  Taking tap0 down then cuts the guest's link
# only: vblade on tap0 itself would exit ("read network: Network is down");
# tgtd's address on tap0 would be unreachable through the bridge, and
# would lose its carrier with tap0: it moves to the veth port.
fault_switch() {
	vm_ns ip link add sw0 type bridge &&
		vm_ns ip link add vb0 type veth peer name vb1 &&
		vm_ns ip link set vb1 master sw0 &&
		vm_ns ip link set tap0 master sw0 &&
		vm_ns ip link set vb1 up &&
		vm_ns ip link set vb0 up &&
		vm_ns ip link set sw0 up &&
		FAULT_VBLADE_IF=vb0 || return 1
	if [ "$FAULT_TRANSPORT" = iscsi ]; then
		vm_ns ip addr del 10.99.0.1/24 dev tap0 &&
			vm_ns ip addr add 10.99.0.1/24 dev vb0
	fi
}

fault_vblade() {
	local disk=$1 pidfile=$2
	ip netns exec "$VM_NS" timeout -k 5 "${VM_DAEMON_TIMEOUT:-900}" \
		vblade "$VM_AOE_SHELF" "$VM_AOE_SLOT" "$FAULT_VBLADE_IF" "$disk" \
		>>"$VM_WORK/vblade.log" 2>&1 &
	echo $! >"$pidfile"
}

# tgtd on the control index claimed already: the target may be started
# again with the same index, name, LUN and disk.
fault_tgtd() {
	local disk=$1 pidfile=$2 ret
	vm_tgtd_start "$VM_IQN_TARGET" "$disk"
	ret=$?
	echo "$VM_TGTD_PID" >"$pidfile"
	return "$ret"
}

# Stop tgtd as it wants (it ignores SIGTERM): delete its target and
# itself, then its timeout(1), PID in PIDFILE.
fault_tgtd_stop() {
	local -a adm=(tgtadm -C "$VM_TGTD_CTL" --lld iscsi)
	timeout 10 "${adm[@]}" --op delete --mode target --tid 1 --force >/dev/null 2>&1
	timeout 10 "${adm[@]}" --op delete --mode system >/dev/null 2>&1
	fault_stop "$(cat "$1")"
}

# The target daemon of this boot's transport, and where its PID is.
fault_daemon() {
	if [ "$FAULT_TRANSPORT" = iscsi ]; then echo tgtd; else echo vblade; fi
}

fault_pidfile() {
	echo "$VM_WORK/$(fault_daemon).pid"
}

# fault_tgtd_kill NAME: kill tgtd (SIGKILL: it ignores SIGTERM), prove
# it is gone and nothing listens on the iSCSI port any more.
fault_tgtd_kill() {
	local name=$1 pid tg i listen
	pid=$(cat "$VM_WORK/tgtd.pid")
	tg=$(fault_daemon_pid "$pid")
	if [ -z "$tg" ]; then
		vm_host_fail "$name" tgtd-dead "no tgtd process under timeout(1) $pid"
		return
	fi
	kill -KILL "$tg"
	for i in $(seq 50); do
		kill -0 "$tg" 2>/dev/null || break
		sleep 0.1
	done
	listen=$(vm_ns ss -Htln 'sport = :3260' 2>&1)
	if kill -0 "$tg" 2>/dev/null; then
		vm_host_fail "$name" tgtd-dead "tgtd $tg still runs after SIGKILL"
	elif [ -n "$listen" ]; then
		vm_host_fail "$name" tgtd-dead "port 3260 still listens: $listen"
	else
		vm_host_pass "$name" tgtd-dead "tgtd $tg is gone, nothing listens on port 3260"
	fi
}

# fault_tgtd_again NAME: tgtd started again, same index, target and disk.
fault_tgtd_again() {
	local name=$1 tg err luns
	if ! err=$(fault_tgtd "$VM_WORK/disk.img" "$VM_WORK/tgtd.pid" 2>&1); then
		vm_host_fail "$name" tgtd-restarted "tgtd did not start again: $err $(tail -n 1 "$VM_WORK/tgtd.log")"
		return
	fi
	tg=$(fault_daemon_pid "$(cat "$VM_WORK/tgtd.pid")")
	luns=$(timeout 10 tgtadm -C "$VM_TGTD_CTL" --lld iscsi --op show \
		--mode target 2>&1 | grep -c "Backing store path: $VM_WORK/disk.img")
	if [ -n "$tg" ] && kill -0 "$tg" 2>/dev/null && [ "$luns" = 1 ]; then
		vm_host_pass "$name" tgtd-restarted "tgtd $tg, $VM_IQN_TARGET LUN 1 on the same disk"
	else
		vm_host_fail "$name" tgtd-restarted "tgtd '$tg' not up with the disk ($luns LUNs on it): $(tail -n 1 "$VM_WORK/tgtd.log")"
	fi
}

# The PID of the daemon (vblade, tgtd) that timeout(1) PID runs (empty
# until it runs).
fault_daemon_pid() {
	local i pid
	for i in $(seq 20); do
		pid=$(ps -o pid= --ppid "$1" 2>/dev/null | tr -d ' ')
		[ -n "$pid" ] && break
		sleep 0.1
	done
	echo "$pid"
}

# How many times the guest reported the disk out of live so far.
fault_outages() {
	grep -Ec '^INFO state reconnecting ' "$1" 2>/dev/null
}

# fault_outage NAME RESULT SECS N: the outage goes on for SECS and then
# until the guest has reported more than N outages, FAULT_MAX_OUTAGE at
# most.  Says how long it lasted.
fault_outage() {
	local name=$1 res=$2 secs=$3 n=$4 t0 i
	t0=$(date +%s.%N)
	sleep "$secs"
	for i in $(seq $((${FAULT_MAX_OUTAGE:-30} * 10))); do
		[ "$(fault_outages "$res")" -gt "$n" ] && break
		awk -v t0="$t0" -v max="${FAULT_MAX_OUTAGE:-30}" -v now="$(date +%s.%N)" \
			'BEGIN { exit !(now - t0 >= max) }' && break
		sleep 0.1
	done
	echo "INFO outage of $(echo "$(date +%s.%N) $t0" |
		awk '{ printf "%.1f", $1 - $2 }') s" >>"$VM_WORK/$name.host"
}

# Stop a process started here: TERM (timeout(1) passes it on and KILLs
# its child 5 s later), bounded wait.
fault_stop() {
	local pid=$1 i
	kill -TERM "$pid" 2>/dev/null || return 0
	for i in $(seq 50); do
		kill -0 "$pid" 2>/dev/null || break
		[ "$i" = 50 ] && kill -KILL "$pid" 2>/dev/null
		sleep 0.2
	done
	wait "$pid" 2>/dev/null
	return 0
}

fault_boot_over() {
	vm_guest_ended "$VM_WORK/$1.result" || [ -e "$VM_WORK/$1.over" ]
}

fault_agent_wait() {
	local name=$1 pid=$2 i
	for i in $(seq $((${FAULT_AGENT_GRACE:-30} * 10))); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		vm_host_fail "$name" agent "the host agent was still busy ${FAULT_AGENT_GRACE:-30} s after the boot"
		fault_stop "$pid"
	else
		wait "$pid" 2>/dev/null
	fi
}

fault_host_cmp() {
	local name=$1 sum mib got
	read -r sum mib < <(sed -n 's/^INFO host-md5 //p' "$VM_WORK/$name.result" | tail -n 1)
	if [ -z "$sum" ] || ! [[ $mib =~ ^[1-9][0-9]*$ ]]; then
		vm_host_fail "$name" host-cmp "the guest sent no checksum of the disk"
		return
	fi
	got=$(dd if="$VM_WORK/disk.img" bs=1M count="$mib" 2>/dev/null | md5sum | cut -d ' ' -f 1)
	if [ "$got" = "$sum" ]; then
		vm_host_pass "$name" host-cmp "the first $mib MiB of the disk image are what the guest read ($got)"
	else
		vm_host_fail "$name" host-cmp "the guest read $sum from the first $mib MiB, the disk image holds $got"
	fi
}

# The PID of boot NAME's QEMU (not of the timeout(1) above it).
fault_qemu_pid() {
	local p
	for p in $(pgrep -f -- "file:$VM_WORK/$1.console"); do
		[ "$(cat "/proc/$p/comm" 2>/dev/null)" = qemu-system-x86 ] &&
			echo "$p" && return 0
	done
	return 1
}

# fault_host_act NAME ACTION SECS: runs in the background during the
# boot.  Waits for the guest's "INFO fault-ready", strikes, checks the
# fault happened, ends it, and then checks fio had not finished yet.
# Findings are host checks of the boot, "INFO" lines are kept.
fault_host_act() {
	local name=$1 action=$2 secs=$3 res=$VM_WORK/$1.result
	local out=$VM_WORK/$1.host i t0 n pid vb err lim daemon

	lim=$(($(vm_timeout "${VM_TIMEOUT:-120}") * 5))
	for i in $(seq "$lim"); do
		grep -q '^INFO fault-ready' "$res" 2>/dev/null && break
		if vm_guest_ended "$res" || [ "$i" = "$lim" ]; then
			vm_host_fail "$name" fault "the guest never said fio was running"
			return
		fi
		sleep 0.2
	done
	t0=$(date +%s.%N)
	n=$(fault_outages "$res")
	case $action in
	tap-down)
		if err=$(vm_ns ip link set tap0 down 2>&1); then
			vm_host_pass "$name" tap0-down
		else
			vm_host_fail "$name" tap0-down "ip link set tap0 down: $err"
		fi
		fault_outage "$name" "$res" "$secs" "$n"
		if err=$(vm_ns ip link set tap0 up 2>&1); then
			vm_host_pass "$name" tap0-up
		else
			vm_host_fail "$name" tap0-up "ip link set tap0 up: $err"
		fi
		daemon=$(fault_daemon)
		if kill -0 "$(cat "$(fault_pidfile)")" 2>/dev/null; then
			vm_host_pass "$name" "$daemon-stayed"
		else
			vm_host_fail "$name" "$daemon-stayed" "$daemon exited during the outage: $(tail -n 1 "$VM_WORK/$daemon.log")"
		fi
		;;
	vblade-restart)
		pid=$(cat "$VM_WORK/vblade.pid")
		vb=$(fault_daemon_pid "$pid")
		fault_stop "$pid"
		if [ -z "$vb" ]; then
			vm_host_fail "$name" vblade-dead "no vblade process under timeout(1) $pid"
		elif kill -0 "$vb" 2>/dev/null; then
			vm_host_fail "$name" vblade-dead "vblade $vb still runs after the kill"
		else
			vm_host_pass "$name" vblade-dead "vblade $vb is gone"
		fi
		fault_outage "$name" "$res" "$secs" "$n"
		fault_vblade "$VM_WORK/disk.img" "$VM_WORK/vblade.pid"
		vb=$(fault_daemon_pid "$(cat "$VM_WORK/vblade.pid")")
		sleep 0.5
		if [ -n "$vb" ] && kill -0 "$vb" 2>/dev/null; then
			vm_host_pass "$name" vblade-restarted "vblade $vb"
		else
			vm_host_fail "$name" vblade-restarted "the new vblade did not stay up: $(tail -n 1 "$VM_WORK/vblade.log")"
		fi
		;;
	tgtd-restart)
		fault_tgtd_kill "$name"
		fault_outage "$name" "$res" "$secs" "$n"
		fault_tgtd_again "$name"
		;;
	freeze)
		# the whole guest stands still, its clocks run on (a stalled
		# host, a paused VM)
		pid=$(fault_qemu_pid "$name")
		if [ -z "$pid" ]; then
			vm_host_fail "$name" frozen "no QEMU process of boot $name"
			return
		fi
		kill -STOP "$pid"
		sleep 0.5
		if grep -q '^State:.*T' "/proc/$pid/status"; then
			vm_host_pass "$name" frozen "QEMU $pid stopped for $secs s"
		else
			vm_host_fail "$name" frozen "QEMU $pid is not stopped: $(grep '^State:' "/proc/$pid/status")"
		fi
		sleep "$secs"
		kill -CONT "$pid"
		;;
	*)
		vm_host_fail "$name" fault "unknown host action $action"
		return
		;;
	esac
	echo "INFO $action done $(echo "$(date +%s.%N) $t0" |
		awk '{ printf "%.1f", $1 - $2 }') s after the guest said fio runs" >>"$out"
	if grep -q '^INFO fio-done' "$res"; then
		vm_host_fail "$name" fault "fio finished before the $action fault ended: no overlap"
	else
		vm_host_pass "$name" fault "$action while fio ran"
	fi
}

fault_boot() {
	local name=$1 kver=$2 guest=$3 label
	local script=$VM_WORK/$1.sh initrd=$VM_WORK/$1.initrd bft blk
	local action='' secs=0 hpid='' agent='' apid='' opt ends='' nic=''
	local -a mods=() qemu=()
	shift 3
	label=$(basename "${FAULT_CASE:-sanblk-fault}")/$name@$kver
	OPTIND=1
	while getopts "t:m:h:pa:En:" opt; do
		case $opt in
		t) FAULT_TRANSPORT=$OPTARG ;;
		m) mods+=(-m "$OPTARG") ;;
		h)
			action=${OPTARG%% *}
			secs=${OPTARG#* }
			;;
		p)
			qemu=(-netdev "tap,id=n1,ifname=tap1,script=no,downscript=no"
				-device "virtio-net-pci,netdev=n1,mac=$FAULT_MAC1,addr=4,romfile=")
			;;
		a) agent=$OPTARG ;;
		E) ends=1 ;;
		n) nic=$OPTARG ;;
		*) return 1 ;;
		esac
	done
	if [ -n "$nic" ] && [ "$FAULT_TRANSPORT" != iscsi ]; then
		fail "$label: -n is for iSCSI (ip=)"
		return 1
	fi
	if ! bft=$(vm_our_module "$kver" bft/sanbft.ko 2>&1) ||
		! blk=$(vm_our_module "$kver" blk/sanblk.ko 2>&1); then
		fail "$label: $bft $blk"
		return 1
	fi
	{
		FAULT_NIC=$nic fault_guest_lib
		echo "f_attach || return"
		cat "$guest"
		if [ -z "$ends" ]; then
			echo "f_readback"
			echo "f_final"
		fi
	} >"$script"
	if ! sblk_initramfs "$initrd" "$kver" "$script" -b /usr/bin/fio \
		-b /usr/sbin/tc "${mods[@]}"; then
		fail "$label: cannot build the initramfs"
		return 1
	fi
	rm -f "$VM_WORK/disk.img" "$VM_WORK/$name.host"
	truncate -s 64M "$VM_WORK/disk.img"
	if ! vm_netns; then
		fail "$label: cannot create the network namespace"
		return 1
	fi
	if [ "$action" = tap-down ] && ! fault_switch; then
		fail "$label: cannot build the bridge in the namespace"
		return 1
	fi
	if [ ${#qemu[@]} -gt 0 ] && ! { vm_ns ip tuntap add dev tap1 mode tap &&
		vm_ns ip addr add 10.98.0.1/24 dev tap1 &&
		vm_ns ip link set tap1 up; }; then
		fail "$label: cannot add tap1 to the namespace"
		return 1
	fi
	# the host action may replace the target: stop whichever runs at the end
	case $FAULT_TRANSPORT in
	aoe)
		fault_vblade "$VM_WORK/disk.img" "$VM_WORK/vblade.pid"
		vm_atexit "kill -TERM \$(cat $VM_WORK/vblade.pid)"
		;;
	iscsi)
		if ! vm_tgtd_ctl; then
			fail "$label: no tgtd control index"
			return 1
		fi
		vm_atexit "fault_tgtd_stop $VM_WORK/tgtd.pid"
		if ! fault_tgtd "$VM_WORK/disk.img" "$VM_WORK/tgtd.pid" \
			2>"$VM_WORK/tgtd.err"; then
			fail "$label: tgtd: $(cat "$VM_WORK/tgtd.err")"
			return 1
		fi
		# tgtd-restart kills it: no "Killed" job notice
		disown "$(cat "$VM_WORK/tgtd.pid")"
		;;
	*)
		fail "$label: unknown transport $FAULT_TRANSPORT"
		return 1
		;;
	esac
	: >"$VM_WORK/$name.result"
	if [ -n "$action" ]; then
		fault_host_act "$name" "$action" "$secs" &
		hpid=$!
	fi
	rm -f "$VM_WORK/$name.over"
	if [ -n "$agent" ]; then
		"$agent" "$name" &
		apid=$!
	fi
	VM_MEM=${VM_MEM:-768} VM_TIMEOUT=${VM_TIMEOUT:-150} vm_boot "$name" \
		"$kver" "$initrd" "${qemu[@]}"
	: >"$VM_WORK/$name.over"
	[ -n "$hpid" ] && fault_stop "$hpid"
	[ -n "$apid" ] && fault_agent_wait "$name" "$apid"
	if [ "$FAULT_TRANSPORT" = iscsi ]; then
		fault_tgtd_stop "$VM_WORK/tgtd.pid"
	else
		fault_stop "$(cat "$VM_WORK/vblade.pid")"
	fi
	ip netns delete "$VM_NS" 2>/dev/null
	sed -i 's/\r$//' "$VM_WORK/$name.result"
	# the target is gone: nothing writes the image any more
	fault_host_cmp "$name"
	rm -f "$initrd" "$VM_WORK/disk.img"
	if [ -n "${VM_VERBOSE:-}" ]; then
		sed 's/^/    guest: /' "$VM_WORK/$name.result" >&2
		sed -n 's/^\(PASS\|FAIL\) /    host: &/p' "$VM_WORK/$name.host" >&2
	fi
	if [ -n "$action" ]; then
		grep -q '^\(PASS\|FAIL\) fault' "$VM_WORK/$name.host" 2>/dev/null ||
			vm_host_fail "$name" fault "the $action action never finished"
		sed -n 's/^INFO /    host: /p' "$VM_WORK/$name.host"
	fi
	vm_verdict "$name" "$label"
}

# The guest helpers, busybox sh, printed into the guest script.
fault_guest_lib() {
	{
	cat <<-'EOF'
		F_DEV=/dev/sanblk0
		F_SYS=/sys/bus/sanblk/devices/0
		F_SIZE=${F_SIZE:-6M}
		F_RATE=${F_RATE:-1m}
		F_SEED=${F_SEED:-4242}
		F_JOB=${F_JOB:-}
		F_MAC=@MAC@
		F_TRANSPORT=@TRANSPORT@
		F_NIC=@NIC@
		. /lib/sanblk-guest.sh
		export PATH=/usr/sbin:/usr/bin:/sbin:/bin

		# iproute2's, not busybox's (no netem), which ash prefers
		tc() {
			/usr/sbin/tc "$@"
		}

		f_fio() {
			fio --name=fault --filename=$F_DEV --ioengine=libaio \
				--direct=1 --iodepth=8 --rw=randwrite \
				--bsrange=4k-64k --size=$F_SIZE --randseed=$F_SEED \
				--verify=crc32c --verify_fatal=1 $F_JOB "$@"
		}

		f_nic_by_mac() {
			for _n in /sys/class/net/*; do
				if [ "$(cat $_n/address)" = "$1" ] &&
				   [ ! -e $_n/bridge ]; then
					echo "${_n##*/}"
					return 0
				fi
			done
			return 1
		}

		f_sanblk_log() {
			g_modlog sanblk | tail -n "${1:-15}"
		}

		f_nic_log() {
			g_modlog sanblk | grep -e ': iscsi: brought ' -e ': iscsi: gave ' |
				sed 's/^\[[ 0-9.]*\] //'
		}

		# iSCSI: each connection as "state local tsih", one line
		f_conns() {
			awk '{ printf "%s%s %s %s", (NR > 1 ? ", " : ""), $2, $3, $4 }' \
				$F_SYS/connections
		}

		# where a stuck request is
		f_diag() {
			if [ $F_TRANSPORT = iscsi ]; then
				echo "connections $(f_conns), last_error $(cat $F_SYS/last_error)"
			else
				echo "inflight $(cat $F_SYS/inflight), retransmits $(cat $F_SYS/retransmits)"
			fi
		}

		f_attach() {
			if [ -n "$F_NIC" ]; then
				# sanblk brings eth0 up and gives it the address
				_tgt=iscsi:10.99.0.1::3260:1:@IQN@@OPTS@,nic=$F_NIC,ip=@GUEST_IP@/24
			elif [ $F_TRANSPORT = iscsi ]; then
				g_do address ip addr add @GUEST_IP@/24 dev eth0 || return 1
				_tgt=iscsi:10.99.0.1::3260:1:@IQN@@OPTS@
			else
				_tgt=aoe:e0.1
			fi
			[ -n "$F_NIC" ] || ip link set eth0 up
			g_insmod sanbft || return 1
			g_insmod sanblk target=$_tgt wait=30 || return 1
			if [ ! -b $F_DEV ] || ! s_wait_state 0 live 5; then
				g_fail attach "no live $F_DEV after wait=30 s: state $(cat $F_SYS/state 2>&1)"
				g_info "$(f_sanblk_log)"
				return 1
			fi
			if [ $F_TRANSPORT = iscsi ]; then
				F_CONN0=$(awk '{ print $3 }' $F_SYS/connections)
				g_pass attach "$(cat $F_SYS/size) sectors via $(cat $F_SYS/portal), $(f_conns)"
			else
				g_pass attach "$(cat $F_SYS/size) sectors via $(cat $F_SYS/nic)"
			fi
			if [ -n "$F_NIC" ]; then
				_l=$(f_nic_log)
				if echo "$_l" | grep -q ': iscsi: brought eth0 up$' &&
				   echo "$_l" | grep -q ': iscsi: gave eth0 the address @GUEST_IP@/24$'; then
					g_pass nic-config "$(echo "$_l" | tr '\n' '|')"
				else
					g_fail nic-config "sanblk did not bring eth0 up and give it @GUEST_IP@/24: '$(echo "$_l" | tr '\n' '|')'"
				fi
			fi
			f_watch &
			F_WATCH=$!
		}

		# every state the disk enters, with the retransmits by then
		# (iSCSI: and its connections)
		f_watch() {
			_last=
			while :; do
				read -r _s <$F_SYS/state
				if [ "$_s" != "$_last" ]; then
					_r=$(cat $F_SYS/retransmits)
					_t=$(s_now)
					echo "$_t $_s $_r" >>/tmp/states
					if [ $F_TRANSPORT = iscsi ]; then
						_p="conns $(f_conns)"
					else
						_p="$_r retransmits"
					fi
					g_out "INFO state $_s at $_t s, $_p"
					_last=$_s
				fi
				sleep 0.1
			done
		}

		f_wait_left() {
			_i=0
			while :; do
				_out=$(awk -v t="$3" '$1 >= t && $2 != "live" { print; exit }' /tmp/states)
				if [ -n "$_out" ]; then
					set -- "$1" "$2" "$3" $_out
					g_pass "$1" "$5 at $4 s, $(awk -v a="$3" -v b="$4" 'BEGIN { printf "%.1f", b - a }') s after $3"
					return 0
				fi
				_i=$((_i + 1))
				if [ $_i -gt $(($2 * 10)) ]; then
					g_fail "$1" "the disk stayed $(cat $F_SYS/state) for $2 s: no outage; $(f_states)"
					return 1
				fi
				sleep 0.1
			done
		}

		f_cmds() {
			awk '{ for (f = 3; f <= NF; f++) if ($f ~ /^cmds=/) n += substr($f, 6) }
				END { print n + 0 }' $F_SYS/connections
		}

		f_states() {
			awk '{ printf "%s%s at %s s", (NR > 1 ? ", " : ""), $2, $1 }' /tmp/states
		}

		f_not_live() {
			_i=0
			_t0=$(s_now)
			while :; do
				case $(cat $F_SYS/state) in
				reconnecting)
					g_pass "$1" "$(cat $F_SYS/state) after $(s_since "$_t0") s"
					return 0
					;;
				esac
				_i=$((_i + 1))
				if [ $_i -gt $(($2 * 10)) ]; then
					g_fail "$1" "the disk stayed $(cat $F_SYS/state) for $2 s: no outage"
					return 1
				fi
				sleep 0.1
			done
		}

		# iSCSI: every connection up from another local address than
		# at f_attach, i.e. logged in again
		f_relogin() {
			_now=$(awk '{ print $3 }' $F_SYS/connections)
			_up=$(awk '$2 != "up"' $F_SYS/connections)
			_same=
			for _l in $_now; do
				for _o in $F_CONN0; do
					[ "$_l" = "$_o" ] && _same="$_same $_l"
				done
			done
			if [ -n "$_up" ] || [ -n "$_same" ]; then
				g_fail "$1" "connections not all up on new local addresses: $(f_conns) (at attach: $(echo $F_CONN0))"
				return 1
			fi
			g_pass "$1" "$(echo $F_CONN0) -> $(f_conns)"
		}

		f_left_live() {
			_out=$(awk -v t="$F_U0" '$1 >= t && $2 == "reconnecting" { print; exit }' /tmp/states)
			if [ -z "$_out" ]; then
				g_fail "$1" "the disk never left live during the fault: $(f_states)"
				return 1
			fi
			if [ $F_TRANSPORT = iscsi ]; then
				set -- "$1" $_out
				g_pass "$1" "$3 at $2 s; $(f_states)"
				f_relogin relogin
				return
			fi
			set -- "$1" $_out
			if [ "$4" -gt "${F_RT0:-0}" ]; then
				g_pass "$1" "$3 at $2 s after $(($4 - ${F_RT0:-0})) retransmits; $(f_states)"
			else
				g_fail "$1" "$3 at $2 s with no retransmit since the fault began ($4): $(f_states)"
			fi
		}

		f_fio_read_start() {
			if ! f_fio --do_verify=0 >/tmp/fio-w.out 2>&1; then
				g_fail prewrite "$(grep -e err= -e error /tmp/fio-w.out | head -n 3 | tr '\n' '|')"
				return 1
			fi
			F_WHAT="read back and verified"
			F_T0=$(date +%s)
			F_U0=$(s_now)
			f_fio --rw=randread --rate=$F_RATE >/tmp/fio.out 2>&1 &
			F_PID=$!
			f_fio_going
		}

		# reads and writes the disk completed so far
		f_ios() {
			awk '{ print $1 + $5 }' /sys/block/${F_DEV##*/}/stat
		}

		# fio (F_PID) has had an I/O completed: it is past its
		# start-up, which on a slow host takes seconds
		f_fio_going() {
			_n0=$(f_ios)
			_i=0
			while [ "$(f_ios)" = "$_n0" ]; do
				_i=$((_i + 1))
				if ! kill -0 $F_PID 2>/dev/null ||
				   [ $_i -gt $((200 * @SCALE@)) ]; then
					g_fail fio-start "no I/O from fio after $((_i / 10)) s: $(tail -n 3 /tmp/fio.out | tr '\n' '|')"
					return 1
				fi
				sleep 0.1
			done
			g_info "fio's first I/O after $(s_since "$F_U0") s"
		}

		f_fio_start() {
			F_T0=$(date +%s)
			F_U0=$(s_now)
			f_fio --do_verify=1 --rate=,$F_RATE >/tmp/fio.out 2>&1 &
			F_PID=$!
			f_fio_going
		}

		f_running() {
			if kill -0 $F_PID 2>/dev/null; then
				g_info "fio still running $1 ($(($(date +%s) - F_T0)) s)"
				return 0
			fi
			g_fail overlap "fio was already done $1 ($(($(date +%s) - F_T0)) s): the fault missed the I/O"
			g_info "$(tail -n 8 /tmp/fio.out)"
			return 1
		}

		f_ready() {
			F_RT0=$(cat $F_SYS/retransmits)
			f_running "when the host fault starts" && g_out "INFO fault-ready"
		}

		f_fio_wait() {
			_lim=$((${1:-60} * @SCALE@))
			_i=0
			while kill -0 $F_PID 2>/dev/null; do
				_i=$((_i + 1))
				if [ $_i -gt $_lim ]; then
					g_fail fio-verify "not done $_lim s after the fault: state $(cat $F_SYS/state), $(f_diag)"
					g_info "$(f_sanblk_log 25)"
					g_info "$(tail -n 5 /tmp/fio.out)"
					F_STUCK=1
					return 1
				fi
				sleep 1
			done
			wait $F_PID
			_rc=$?
			g_out "INFO fio-done"
			if [ $_rc != 0 ] || grep -q -e '^verify:' -e 'err= *[1-9]' /tmp/fio.out ||
			   ! grep -q 'err= 0' /tmp/fio.out; then
				g_fail fio-verify "fio exited $_rc: $(grep -e verify: -e err= -e error /tmp/fio.out | head -n 5 | tr '\n' '|')"
				g_info "$(f_sanblk_log 25)"
				return 1
			fi
			g_pass fio-verify "$F_SIZE ${F_WHAT:-written and verified} in $(($(date +%s) - F_T0)) s, $(grep -o 'WRITE: bw=[^ ]*' /tmp/fio.out || grep -o 'READ: bw=[^ ]*' /tmp/fio.out)"
		}

		f_readback() {
			if [ -n "${F_STUCK:-}" ]; then
				g_fail readback "not run: the first fio is stuck"
				return 1
			fi
			if f_fio --verify_only=1 >/tmp/fio-rb.out 2>&1 &&
			   grep -q 'err= 0' /tmp/fio-rb.out; then
				g_pass readback "$(grep -o 'READ: bw=[^ ]*' /tmp/fio-rb.out)"
			else
				g_fail readback "$(grep -e verify: -e err= -e error /tmp/fio-rb.out | head -n 5 | tr '\n' '|')"
			fi
		}

		# the first F_SIZE (MiB) as the disk holds it, for the host
		f_host_md5() {
			_mib=${F_SIZE%M}
			case $_mib in
			''|*[!0-9]*)
				g_fail host-md5 "F_SIZE $F_SIZE is not in MiB"
				return 0
				;;
			esac
			if [ -n "${F_STUCK:-}" ] || [ "$(cat $F_SYS/state)" != live ]; then
				g_info "no checksum for the host: the disk is $(cat $F_SYS/state)"
				return 0
			fi
			_sum=$(dd if=$F_DEV bs=1M count=$_mib iflag=direct 2>/dev/null | md5sum)
			g_out "INFO host-md5 ${_sum%% *} $_mib"
		}

		f_final() {
			kill $F_WATCH
			g_check state "$(cat $F_SYS/state)" live
			g_check errors "$(cat $F_SYS/errors)" 0
			g_check no-io-error "$(dmesg | grep 'I/O error' | head -n 3)" ""
			if [ $F_TRANSPORT = iscsi ]; then
				g_info "$(f_diag)"
			else
				g_info "retransmits $(cat $F_SYS/retransmits), rtt_us $(cat $F_SYS/rtt_us), nic $(cat $F_SYS/nic)"
			fi
			g_info "$(f_sanblk_log 20)"
			f_host_md5
		}
	EOF
	} | sed -e "s/@MAC@/$FAULT_MAC/" -e "s/@SCALE@/${VM_TIME_SCALE:-1}/" \
		-e "s/@TRANSPORT@/$FAULT_TRANSPORT/" -e "s/@GUEST_IP@/$VM_GUEST_IP/" \
		-e "s/@IQN@/$VM_IQN_TARGET/" -e "s/@OPTS@/${FAULT_TARGET_OPTS:-}/" \
		-e "s/@NIC@/${FAULT_NIC:-}/"
}
