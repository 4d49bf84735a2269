#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# scripts/sanctl against a fake sysfs/dev/proc tree built here, run by every
# shell it must work with: dash, and busybox sh with nothing but busybox
# applets on PATH (as in an initramfs).  Every subcommand, --json validity
# (python3 -m json.tool), the error paths with real errno values (a write
# to /dev/full is ENOSPC; a write of a target string or of "0" to
# /proc/self/clear_refs is EINVAL and changes nothing), a malformed table,
# a firmware NIC that no interface has, and that no credential leaks: every
# command, with and without --json, on a tree with CHAP credentials in
# sysfs, the kernel log and /proc/cmdline.
# The check bodies are single-quoted on purpose: check() evaluates them.
# shellcheck disable=SC2016
set -u
top=${SANBLK_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
sanctl=$top/scripts/sanctl

tmp=$(mktemp -d /tmp/test_sanctl.XXXXXX)
kernel_pid=
cleanup() {
	[ -n "$kernel_pid" ] && kill "$kernel_pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; }
skip() { echo "SKIP $*"; }

# put FILE VALUE: an attribute file holding VALUE and a newline, as sysfs
# shows it (an empty VALUE gives an empty file, as for an unset field).
put() {
	mkdir -p "$(dirname "$1")"
	if [ -n "$2" ]; then
		printf '%s\n' "$2" >"$1"
	else
		: >"$1"
	fi
}

# The tree a failed iSCSI boot leaves: one good iBFT (mutual CHAP), one
# malformed aBFT, one AoE entry whose NIC is missing, an AoE disk that is
# live and an iSCSI disk still discovering its target.
build_tree() {
	local r=$1 s=$1/sys fw b d
	rm -rf "$r"
	mkdir -p "$r/dev" "$r/proc" "$s/module/sanbft" "$s/module/sanblk/parameters"
	fw=$s/firmware/sanbft
	put "$fw/tables/ibft0/signature" iBFT
	put "$fw/tables/ibft0/source" acpi
	put "$fw/tables/ibft0/address" 0x3f775000
	put "$fw/tables/ibft0/length" 593
	put "$fw/tables/ibft0/revision" 1
	put "$fw/tables/ibft0/oem_id" FENSYS
	put "$fw/tables/ibft0/oem_table_id" iPXE
	put "$fw/tables/ibft0/status" ok
	printf 'iBFT...s3cr3tPW...r3v3rs3PW' >"$fw/tables/ibft0/raw"
	put "$fw/tables/abft0/signature" aBFT
	put "$fw/tables/abft0/source" lowmem
	put "$fw/tables/abft0/address" 0x9e6a0
	put "$fw/tables/abft0/status" "checksum 0x3c, expected 0"

	d=$fw/entry0
	put "$d/transport" iscsi
	put "$d/source" "iBFT in ACPI at 0x3f775000"
	put "$d/table" ibft0
	put "$d/valid" 1
	put "$d/boot_selected" 1
	put "$d/root_path" "iscsi:10.99.0.1::3260:1:iqn.2026-11.test:disk1"
	put "$d/initiator_name" "iqn.2010-04.org.ipxe:00000000"
	put "$d/nic/index" 0
	put "$d/nic/flags" 0x3
	put "$d/nic/mac" 52:54:00:12:34:56
	put "$d/nic/ip" 10.99.0.100
	put "$d/nic/prefix" 24
	put "$d/nic/gateway" 10.99.0.1
	printf '10.99.0.1\n10.99.0.2\n' >"$d/nic/dns"
	put "$d/nic/dhcp_server" 10.99.0.1
	put "$d/nic/vlan" ""
	put "$d/nic/pci_bdf" 00:03.0
	put "$d/nic/hostname" "host\"with\\odd	chars"
	put "$d/nic/origin" 3
	put "$d/nic/netdev" "eth0 (PCI 0000:00:03.0, as firmware says)"
	put "$d/target/index" 0
	put "$d/target/flags" 0x3
	put "$d/target/ip" 10.99.0.1
	put "$d/target/port" 3260
	put "$d/target/lun" 1
	put "$d/target/name" iqn.2026-11.test:disk1
	put "$d/target/chap_type" 2
	put "$d/target/nic_index" 0
	put "$d/target/chap_name" chapuser
	put "$d/target/chap_secret" s3cr3tPW
	put "$d/target/rchap_name" revuser
	put "$d/target/rchap_secret" r3v3rs3PW
	chmod 0400 "$d"/target/*chap_name "$d"/target/*chap_secret

	d=$fw/entry1
	put "$d/transport" aoe
	put "$d/source" "aBFT in low memory at 0x9e000"
	put "$d/table" abft1
	put "$d/valid" 1
	put "$d/boot_selected" 1
	put "$d/root_path" aoe:e7.3
	put "$d/nic/mac" 52:54:00:ab:cd:ef
	put "$d/nic/netdev" "none: no network interface has MAC 52:54:00:ab:cd:ef (present: lo, eth0 52:54:00:12:34:56)"
	put "$d/target/shelf" 7
	put "$d/target/slot" 3

	b=$s/bus/sanblk
	mkdir -p "$b"
	: >"$b/add"
	: >"$b/remove"
	d=$b/devices/0
	put "$d/disk" sanblk0
	put "$d/size" 2097152
	put "$d/model" "vblade disk"
	put "$d/serial" 0123456789
	put "$d/transport" aoe
	put "$d/target" aoe:e1.1
	put "$d/state" live
	put "$d/nic" eth0
	put "$d/target_mac" 00:11:22:33:44:55
	put "$d/path_state" up
	put "$d/path_commands" 4612
	put "$d/frame_sectors" 2
	put "$d/rtt_us" 350
	put "$d/inflight" 0
	put "$d/retransmits" 2
	put "$d/errors" 0
	put "$d/timeout" 0
	printf 'x\001y\n' >"$d/odd_attr"
	mkdir -p "$d/block/sanblk0"
	d=$b/devices/1
	put "$d/disk" sanblk1
	put "$d/size" 0
	put "$d/model" ""
	put "$d/serial" ""
	put "$d/transport" iscsi
	put "$d/target" 'iscsi:10.99.0.1::3260:1:iqn.2026-11.test:q"uo\te'
	put "$d/state" discovering
	put "$d/nic" eth1
	put "$d/target_mac" ""
	put "$d/rtt_us" 0
	put "$d/inflight" 3
	put "$d/retransmits" 0
	put "$d/errors" 1
	put "$d/timeout" 0
	put "$d/portal" 10.99.0.1:3260
	put "$d/conns" 1
	put "$d/connections" "0 down local=- tsih=0 cmds=0 read=0 written=0 nic=-"
	put "$d/negotiated" none
	put "$d/last_error" none
	: >"$r/dev/sanblk0"
	put "$s/class/block/sanblk0/ro" 0
	mkdir -p "$s/class/block/sanblk0/sanblk0p1/holders"
	mkdir -p "$s/class/block/sanblk0/holders"
	put "$s/module/sanblk/parameters/wait" 0

	put "$s/class/net/eth0/operstate" up
	put "$s/class/net/eth0/carrier" 1
	put "$s/class/net/eth1/operstate" down
	put "$s/class/net/eth1/carrier" ""
	put "$s/class/net/lo/operstate" unknown

	put "$r/proc/cmdline" "BOOT_IMAGE=/vmlinuz root=/dev/sanblk1p1 ro quiet"
	put "$r/proc/mounts" "/dev/sanblk0p1 /mnt ext4 rw 0 0"
	cat >"$r/dmesg" <<'EOF'
[    0.000000] Command line: BOOT_IMAGE=/vmlinuz root=/dev/sanblk1p1 sanblk.target=iscsi:u:pw5ecret@10.99.0.1::3260:1:iqn.2026-11.test:disk1
[    0.010000] Kernel command line: BOOT_IMAGE=/vmlinuz root=/dev/sanblk1p1 sanblk.target=iscsi:u:pw5ecret@10.99.0.1::3260:1:iqn.2026-11.test:disk1
[    0.900000] sanbft: loading out-of-tree module taints kernel.
[    0.950000] [    T1] sanblk: version 0.1 loaded
[    1.000000] sanbft: iBFT in ACPI at 0x3f775000: iscsi:10.99.0.1::3260:1:iqn.2026-11.test:disk1 via 52:54:00:12:34:56
[    1.000100] sanbft: aBFT in low memory at 0x9e6a0: checksum 0x3c, expected 0
[    1.200000] e1000: eth0 NIC Link is Up
[    1.500000] sanblk: firmware entry 0 (iBFT in ACPI at 0x3f775000): iscsi: the firmware's CHAP name or secret is empty or unusable
[    2.000000] sanblk: sanblk1: iscsi:10.99.0.1::3260:1:iqn.2026-11.test:disk1: login failed: authentication failure (0x0201)
[    2.100000] EXT4-fs (sanblk0p1): mounted filesystem with ordered data mode
[    2.200000] usb 1-1: a line that mentions sanbft: and sanblk: in passing
EOF
	cat >"$r/ip" <<'EOF'
#!/bin/sh
# fake ip: eth0 has an IPv4 and a link-local IPv6 address, others none
case "$*" in
*"dev eth0"*)
	echo "2: eth0    inet 10.99.0.100/24 brd 10.99.0.255 scope global eth0\\       valid_lft forever preferred_lft forever"
	echo "2: eth0    inet6 fe80::5054:ff:fe12:3456/64 scope link \\       valid_lft forever preferred_lft forever"
	;;
esac
EOF
	chmod +x "$r/ip"
}

# The same machine once the boot works: both disks live, only the iBFT.
heal_tree() {
	local r=$1 s=$1/sys
	rm -rf "$s/firmware/sanbft/tables/abft0" "$s/firmware/sanbft/entry1"
	put "$s/bus/sanblk/devices/1/state" live
	put "$s/bus/sanblk/devices/1/nic" eth0
	put "$s/bus/sanblk/devices/1/target" \
		"iscsi:10.99.0.1::3260:1:iqn.2026-11.test:disk1"
	: >"$r/dev/sanblk1"
	: >"$r/dev/sanblk1p1"
	: >"$r/dmesg"
}

# run SHELL ROOT ARGS...: sanctl's stdout, stderr and exit code in
# $tmp/out, $tmp/err, $rc.
run() {
	local sh=$1 r=$2
	shift 2
	# shellcheck disable=SC2086 # $sh is a command with arguments
	SANCTL_SYSFS=$r/sys SANCTL_DEV=$r/dev SANCTL_PROC=$r/proc \
		SANCTL_DMESG=$r/dmesg SANCTL_IP=$r/ip PATH=$run_path$shpath \
		timeout 60 $sh "$sanctl" "$@" >"$tmp/out" 2>"$tmp/err" <"$run_stdin"
	rc=$?
}
run_stdin=/dev/null
run_path=

# run_write_error ERRNO-TEXT KERNEL-LINE SHELL ROOT ARGS...: run, with the
# write to add or remove failing as the kernel fails it: cat (which
# sanctl writes sysfs with) says "write error: ERRNO-TEXT" after the
# kernel logged KERNEL-LINE (none when empty).  For the errors a write to
# a file here cannot produce (EEXIST, EBUSY, ENOENT).
run_write_error() {
	local err=$1 line=$2
	shift 2
	mkdir -p "$tmp/fakecat"
	cat >"$tmp/fakecat/cat" <<EOF
#!/bin/sh
if [ \$# -gt 0 ]; then
	exec $(PATH=$shpath command -v cat) "\$@"
fi
$(PATH=$shpath command -v cat) >/dev/null
[ -z '$line' ] || printf '%s\\n' '$line' >>"\$SANCTL_DMESG"
echo 'cat: write error: $err' >&2
exit 1
EOF
	chmod +x "$tmp/fakecat/cat"
	cp "$2/dmesg" "$tmp/dmesg.saved"
	run_path=$tmp/fakecat:
	run "$@"
	run_path=
	mv "$tmp/dmesg.saved" "$2/dmesg"
}

# Checks on the last run; each returns non-zero and sets $why on failure.
why=
want_rc() { [ "$rc" = "$1" ] || { why="exit $rc, expected $1; stderr: $(head -c 300 "$tmp/err")"; return 1; }; }
has() { grep -qF -- "$2" "$tmp/$1" || { why="$1 lacks '$2': $(head -c 400 "$tmp/$1")"; return 1; }; }
hasnt() { ! grep -qF -- "$2" "$tmp/$1" || { why="$1 shows '$2'"; return 1; }; }
# Without python3 the JSON is not checked (one SKIP line says so).
have_py=
command -v python3 >/dev/null && have_py=1
json_ok() {
	[ -n "$have_py" ] || return 0
	python3 -m json.tool "$tmp/out" >/dev/null 2>"$tmp/json.err" ||
		{ why="invalid JSON: $(cat "$tmp/json.err"): $(head -c 400 "$tmp/out")"; return 1; }
}
# py EXPR: a Python expression over the parsed JSON (j) that must hold.
py() {
	[ -n "$have_py" ] || return 0
	python3 -c "import json,sys; j=json.load(open(sys.argv[1])); sys.exit(0 if ($1) else 1)" \
		"$tmp/out" 2>"$tmp/py.err" || { why="JSON check failed: $1 $(cat "$tmp/py.err")"; return 1; }
}
# types KIND: the JSON of list, show or fw has every attribute sanctl
# knows, each of its one type (null when missing).
types() {
	[ -n "$have_py" ] || return 0
	python3 "$tmp/types.py" "$1" "$tmp/out" >"$tmp/py.err" 2>&1 ||
		{ why="JSON types: $(head -c 600 "$tmp/py.err")"; return 1; }
}
cat >"$tmp/types.py" <<'EOF'
import json, sys
N, S, B = "num", "str", "bool"
NL, SL = "numlist", "strlist"
DISK = dict(id=N, device=S, ro=B, partitions=SL, disk=S, transport=S,
            target=S, state=S, nic=SL, target_mac=SL, path_state=SL,
            path_commands=NL, frame_sectors=NL, timeout=N, size=N, model=S,
            serial=S, rtt_us=N, inflight=N, retransmits=N, errors=N,
            portal=S, conns=N, connections="conns", negotiated="neg",
            last_error=S, paths="paths")
CONN = dict(index=N, state=S, local=S, tsih=N, cmds=N, read=N, written=N,
            nic=S, tmf=N, path=N)
PATH = dict(index=N, state=S, portal=S, nic=S, error=S)
NEG = dict(HeaderDigest=S, DataDigest=S, MaxRecvDataSegmentLength=N,
           MaxXmitDataSegmentLength=N, MaxBurstLength=N, FirstBurstLength=N,
           InitialR2T=B, ImmediateData=B, MaxOutstandingR2T=N,
           DefaultTime2Wait=N, DefaultTime2Retain=N, ErrorRecoveryLevel=N,
           TargetPortalGroupTag=N)
LIST = dict(id=N, device=S, transport=S, target=S, state=S, nic=SL)
TABLE = dict(name=S, signature=S, source=S, address=S, length=N,
             revision=N, oem_id=S, oem_table_id=S, status=S)
ENTRY = dict(name=S, transport=S, source=S, table=S, valid=B,
             boot_selected=B, root_path=S, initiator_name=S)
NIC = dict(index=N, flags=S, mac=S, netdev=S, ip=S, prefix=N, gateway=S,
           dns=SL, dhcp_server=S, vlan=N, pci_bdf=S, hostname=S, origin=N)
TARGET = dict(index=N, flags=S, ip=S, port=N, lun=S, name=S, shelf=N,
              slot=N, nic_index=N, chap_type=N)

def typed(v, t):
    if v is None:
        return True
    if t == "conns":
        return type(v) is list and all(
            type(c) is dict and set(CONN) <= set(c) and
            all(typed(c[k], CONN[k]) for k in CONN) for c in v)
    if t == "paths":
        return type(v) is list and all(
            type(p) is dict and set(PATH) == set(p) and
            all(typed(p[k], PATH[k]) for k in PATH) for p in v)
    if t == "neg":
        return type(v) is dict and all(
            typed(x, NEG.get(k, S)) for k, x in v.items())
    if t == N:
        return type(v) is int
    if t == S:
        return type(v) is str
    if t == B:
        return type(v) is bool
    if type(v) is not list:
        return False
    return all((type(x) is int or x is None) if t == NL else type(x) is str
               for x in v)

def obj(o, want, where):
    if type(o) is not dict:
        sys.exit("%s: not an object" % where)
    for k, t in want.items():
        if k not in o:
            sys.exit("%s: %s missing" % (where, k))
        if not typed(o[k], t):
            sys.exit("%s: %s is %r, not %s" % (where, k, o[k], t))

j = json.load(open(sys.argv[2]))
kind = sys.argv[1]
if kind == "list":
    for i, d in enumerate(j):
        obj(d, LIST, "disk %d" % i)
elif kind == "show":
    obj(j, DISK, "disk")
elif kind == "fw":
    for t in j["tables"]:
        obj(t, TABLE, "table")
    for e in j["entries"]:
        obj(e, ENTRY, "entry")
        obj(e["nic"], NIC, "entry nic")
        obj(e["target"], TARGET, "entry target")
EOF

nosecret() {
	! grep -qE 's3cr3tPW|r3v3rs3PW|pw5ecret|chapuser|revuser' "$tmp/out" "$tmp/err" ||
		{ why="a CHAP secret or user name was printed"; return 1; }
}

check() {
	local name=$1
	shift
	why=
	if "$@"; then
		pass "$prefix/$name"
	else
		fail "$prefix/$name: ${why:-check failed}"
	fi
}

# A stand-in for the kernel side of "add": when the add file is written,
# create bus device 2 and, after a moment, its node (as udev would; not
# with "nonode": the target never answers).
fake_kernel() {
	local r=$1 _
	for _ in $(seq 100); do
		if [ -s "$r/sys/bus/sanblk/add" ]; then
			mkdir -p "$r/sys/bus/sanblk/devices/2"
			put "$r/sys/bus/sanblk/devices/2/target" "$(cat "$r/sys/bus/sanblk/add")"
			if [ "${2:-}" = nonode ]; then
				put "$r/sys/bus/sanblk/devices/2/state" noanswer
				return 0
			fi
			mkdir -p "$r/sys/bus/sanblk/devices/2/block/sanblk2"
			put "$r/sys/bus/sanblk/devices/2/state" live
			sleep 0.3
			: >"$r/dev/sanblk2"
			return 0
		fi
		sleep 0.05
	done
}

# The exit status of the kernel's refusals sanctl tells apart.
write_error_cases() {
	local sh=$1 r=$2
	: >"$r/sys/bus/sanblk/add"
	: >"$r/sys/bus/sanblk/remove"
	# already attached: exit 3, and the disk that has it on stdout
	run_write_error "File exists" \
		"[    9.000000] sanblk: aoe:e1.1: already attached as sanblk0" \
		"$sh" "$r" attach aoe:e1.1
	check attach-exists eval 'want_rc 3 && [ "$(cat "$tmp/out")" = "$r/dev/sanblk0" ] &&
		has err "already attached" && has err "File exists, EEXIST" ||
		{ why="${why:-out $(cat "$tmp/out")}"; false; }'
	run_write_error "File exists" "" "$sh" "$r" attach aoe:e001.01,nic=eth0
	check attach-exists-aoe-same-disk eval 'want_rc 3 && [ "$(cat "$tmp/out")" = "$r/dev/sanblk0" ] ||
		{ why="${why:-out $(cat "$tmp/out")}"; false; }'
	run_write_error "File exists" "" "$sh" "$r" --json attach aoe:e1.1
	check attach-exists-json eval 'want_rc 3 && json_ok &&
		py "j[\"id\"] == 0 and j[\"state\"] == \"live\""'
	run_write_error "File exists" "" "$sh" "$r" attach 'iscsi:10.99.0.1::3260:1:iqn.x'
	check attach-exists-unknown-disk eval 'want_rc 3 && [ ! -s "$tmp/out" ]'
	run_write_error "Operation not permitted" "" "$sh" "$r" attach aoe:e2.3
	check attach-eperm eval 'want_rc 1 && has err EPERM'
	run_write_error "Device or resource busy" \
		"[    9.000000] sanblk: sanblk0: in use (open 1 times); write 'sanblk0 force' to remove it anyway" \
		"$sh" "$r" detach sanblk0
	check detach-busy eval 'want_rc 5 && has err "in use (open 1 times)" &&
		has err "EBUSY" && has err "detach with --force"'
	run_write_error "No such file or directory" \
		"[    9.000000] sanblk: remove: no disk 'sanblk0'" "$sh" "$r" detach sanblk0
	check detach-gone eval 'want_rc 4 && has err "ENOENT"'
}

# iSCSI disks: the NIC in list, portal, connections, negotiated
# parameters and last_error in show, and in diagnose one problem and one
# piece of advice per failure the kernel reports (last_error, else its
# log).  The command line and the kernel log hold CHAP credentials
# throughout; none may show.
iscsi_cases() {
	local sh=$1 r=$2 d=$2/sys/bus/sanblk/devices/1 e=$2/sys/firmware/sanbft/entry0
	local name st lun where msg want1 want2 nowant
	cp -a "$d" "$tmp/dev1"
	cp -a "$e" "$tmp/entry0"
	cp "$r/dmesg" "$tmp/dmesg1"
	cp "$r/proc/cmdline" "$tmp/cmdline1"
	put "$r/proc/cmdline" "root=/dev/sanblk1p1 sanblk.target=iscsi:chapuser:pw5ecret:revuser:r3v3rs3PW@10.99.0.1::3260:1:iqn.2026-11.test:disk1"
	cat >>"$r/dmesg" <<'EOF'
[    4.000000] sanblk: sanblk1: iscsi:chapuser:pw5ecret@10.99.0.1::3260:1:iqn.2026-11.test:disk1: login: the connection broke (-104); still trying
EOF

	# live, on two connections through two NICs
	rm -f "$d/target_mac"
	put "$d/state" live
	put "$d/target" "iscsi:10.99.0.1::3260:1:iqn.2026-11.test:disk1,nic=eth0"
	put "$d/nic" "eth0 eth1"
	put "$d/conns" 2
	printf '%s\n' "0 up local=10.99.0.100:40312 tsih=5 cmds=4612 read=1048576 written=512 nic=eth0 tmf=0 path=0" \
		"1 up local=10.99.1.100:40313 tsih=6 cmds=17 read=0 written=4096 nic=eth1 tmf=3 path=1 new=x" >"$d/connections"
	printf '%s\n' "0 up portal=10.99.0.1:3260 nic=eth0 error=none" \
		"1 down portal=[fd99::1]:3260 nic=- error=cannot connect to [fd99::1]:3260: no answer" >"$d/paths"
	put "$d/negotiated" "HeaderDigest=CRC32C DataDigest=None MaxRecvDataSegmentLength=262144 MaxXmitDataSegmentLength=8192 MaxBurstLength=262144 FirstBurstLength=65536 InitialR2T=Yes ImmediateData=No MaxOutstandingR2T=1 DefaultTime2Wait=2 DefaultTime2Retain=0 ErrorRecoveryLevel=0 TargetPortalGroupTag=1"
	put "$d/last_error" none
	: >"$r/dev/sanblk1"
	run "$sh" "$r" list
	check iscsi-list-nic eval 'want_rc 0 && nosecret &&
		grep -qE "^$r/dev/sanblk1 +iscsi +iscsi:10.99.0.1::3260:1:iqn.2026-11.test:disk1,nic=eth0 +live +eth0 eth1\$" "$tmp/out" ||
		{ why="${why:-$(cat "$tmp/out")}"; false; }'
	run "$sh" "$r" --json list
	check iscsi-list-json-nic eval 'want_rc 0 && json_ok && types list &&
		py "j[1][\"nic\"] == [\"eth0\", \"eth1\"] and j[1][\"transport\"] == \"iscsi\""'
	run "$sh" "$r" show sanblk1
	check iscsi-show eval 'want_rc 0 && nosecret && has out "portal        10.99.0.1:3260" &&
		has out "conns         2" &&
		has out "connections   #0 up, local 10.99.0.100:40312 via eth0, tsih 5, 4612 commands, read 1048576 bytes (1 MiB), written 512 bytes, path 0" &&
		has out "              #1 up, local 10.99.1.100:40313 via eth1, tsih 6, 17 commands, read 0 bytes, written 4096 bytes, 3 task management requests, path 1, new=x" &&
		has out "paths         0 up portal=10.99.0.1:3260 nic=eth0 error=none" &&
		has out "              1 down portal=[fd99::1]:3260 nic=- error=cannot connect to [fd99::1]:3260: no answer" &&
		hasnt out "0 task management" &&
		has out "negotiated    HeaderDigest=CRC32C DataDigest=None" &&
		has out " ImmediateData=No" && has out " TargetPortalGroupTag=1" &&
		[ "$(grep -c "=" "$tmp/out")" -ge 4 ] && hasnt out last_error'
	run "$sh" "$r" --json show 1
	check iscsi-show-json eval 'want_rc 0 && json_ok && types show && nosecret && py "
		j[\"portal\"] == \"10.99.0.1:3260\" and j[\"conns\"] == 2 and
		j[\"connections\"][0] == {\"index\": 0, \"state\": \"up\", \"local\": \"10.99.0.100:40312\",
			\"tsih\": 5, \"cmds\": 4612, \"read\": 1048576, \"written\": 512, \"nic\": \"eth0\", \"tmf\": 0,
			\"path\": 0} and
		j[\"paths\"] == [{\"index\": 0, \"state\": \"up\", \"portal\": \"10.99.0.1:3260\", \"nic\": \"eth0\", \"error\": None},
			{\"index\": 1, \"state\": \"down\", \"portal\": \"[fd99::1]:3260\", \"nic\": None,
			 \"error\": \"cannot connect to [fd99::1]:3260: no answer\"}] and
		j[\"connections\"][1][\"nic\"] == \"eth1\" and j[\"connections\"][1][\"tmf\"] == 3 and
		j[\"connections\"][1][\"new\"] == \"x\" and len(j[\"connections\"]) == 2 and
		j[\"negotiated\"][\"HeaderDigest\"] == \"CRC32C\" and len(j[\"negotiated\"]) == 13 and
		j[\"negotiated\"][\"MaxBurstLength\"] == 262144 and j[\"negotiated\"][\"InitialR2T\"] is True and
		j[\"negotiated\"][\"ImmediateData\"] is False and j[\"last_error\"] == \"none\" and
		j[\"target_mac\"] is None and j[\"path_state\"] is None"'
	run "$sh" "$r" diagnose
	check iscsi-diagnose-live eval 'nosecret &&
		has out "ok       sanblk1 iscsi:10.99.0.1::3260:1:iqn.2026-11.test:disk1,nic=eth0 via eth0 eth1, state live" &&
		hasnt out "PROBLEM  sanblk1"'

	# not live: every connection down, an error
	put "$d/state" noanswer
	put "$d/nic" ""
	put "$d/target" "iscsi:10.99.0.1::3260:1:iqn.2026-11.test:disk1"
	printf '%s\n' "0 down local=- tsih=0 cmds=4612 read=1048576 written=512 nic=-" \
		"1 down local=- tsih=0 cmds=17 read=0 written=4096 nic=-" >"$d/connections"
	put "$d/negotiated" none
	put "$d/last_error" "login refused: authentication failed: check the CHAP user name and secret (status 0x0201)"
	run "$sh" "$r" show 1
	check iscsi-show-down eval 'want_rc 0 && nosecret &&
		has out "connections   #0 down, tsih 0, 4612 commands" && hasnt out "local -" &&
		has out "negotiated    none (no connection is up)" &&
		has out "last_error    login refused: authentication failed: check the CHAP user name and secret (status 0x0201)"'
	run "$sh" "$r" --json show 1
	check iscsi-show-json-down eval 'want_rc 0 && json_ok && types show && nosecret && py "
		j[\"negotiated\"] is None and j[\"nic\"] == [] and j[\"connections\"][0][\"local\"] is None and
		j[\"connections\"][0][\"nic\"] is None and j[\"connections\"][0][\"cmds\"] == 4612 and
		j[\"connections\"][0][\"tmf\"] is None and
		j[\"last_error\"].startswith(\"login refused: authentication failed\")"'

	# diagnose: NAME|STATE|LUN|last_error or log|MESSAGE|WANT|WANT|NOT
	# shellcheck disable=SC2034 # want1, want2, nowant: read by the check bodies
	while IFS='|' read -r name st lun where msg want1 want2 nowant; do
		[ -n "$name" ] || continue
		cp "$tmp/dmesg1" "$r/dmesg"
		put "$d/state" "$st"
		put "$d/target" "iscsi:10.99.0.1::3260:$lun:iqn.2026-11.test:disk1"
		put "$d/last_error" none
		if [ "$where" = log ]; then
			printf '[    5.000000] sanblk: sanblk1: %s\n' "$msg" >>"$r/dmesg"
			printf '[    5.100000] sanblk: sanblk1: the LUN is not a disk; the disk is failed (remove it)\n' >>"$r/dmesg"
		else
			put "$d/last_error" "$msg"
		fi
		run "$sh" "$r" diagnose
		check "iscsi-diagnose-$name" eval 'want_rc 1 && nosecret && has out "PROBLEM  sanblk1 iscsi:10.99.0.1::3260:$lun:" &&
			has out "$want1" && has out "$want2" && hasnt out "${nowant:-@@none@@}" &&
			[ "$(grep -c "^  [0-9]*\. sanblk1: " "$tmp/out")" = 1 ] ||
			{ why="${why:-advice for sanblk1 not one: $(cat "$tmp/out")}"; false; }'
		run "$sh" "$r" --json diagnose
		check "iscsi-diagnose-json-$name" eval 'want_rc 1 && json_ok && nosecret && py "
			[c for c in j[\"checks\"] if c[\"section\"] == \"disks\" and c[\"result\"] == \"problem\" and
			 c[\"text\"].startswith(\"sanblk1: \")] and
			len([a for a in j[\"advice\"] if a.startswith(\"sanblk1: \")]) == 1"'
	done <<'EOF'
controller|failed|0|last_error|LUN 0 of iqn.2026-11.test:disk1 is a storage controller, not a disk; disks on this target: LUN 1, LUN 2|PROBLEM  sanblk1: LUN 0 of iqn.2026-11.test:disk1 is a storage controller, not a disk; disks on this target: LUN 1, LUN 2 (last_error)|use LUN 1 instead (disks on this target: LUN 1, LUN 2): detach sanblk1 (sanctl detach sanblk1) and attach iscsi:10.99.0.1::3260:1:iqn.2026-11.test:disk1 (the LUN field is hexadecimal|has failed for good
controller-log|failed|0|log|LUN 0 of iqn.2026-11.test:disk1 is a storage controller, not a disk; disks on this target: LUN 1|PROBLEM  sanblk1: LUN 0 of iqn.2026-11.test:disk1 is a storage controller, not a disk; disks on this target: LUN 1 (kernel log)|use LUN 1 instead|sanblk1 has failed (the target came back
lun-absent|noanswer|10|last_error|LUN 16 of iqn.2026-11.test:disk1 does not exist; disks on this target: LUN 26, LUN 27|LUN 16 of iqn.2026-11.test:disk1 does not exist|attach iscsi:10.99.0.1::3260:1a:iqn.2026-11.test:disk1 (the LUN field is hexadecimal: LUN 26 is '1a')|the iSCSI target did not answer
no-disk-lun|failed|0|log|LUN 0 of iqn.2026-11.test:disk1 is a storage controller, not a disk; disks on this target: none|is a storage controller, not a disk; disks on this target: none (kernel log)|the target has no disk LUN at all: give it one|use LUN
chap|noanswer|1|last_error|login refused: authentication failed: check the CHAP user name and secret (status 0x0201)|PROBLEM  sanblk1: CHAP authentication failed: the target refused the user name or secret (last_error: login refused|check the CHAP user name and secret|the iSCSI target did not answer
chap-log|discovering|1|log|iscsi:chapuser:pw5ecret@10.99.0.1::3260:1:iqn.2026-11.test:disk1: login refused: authentication failed: check the CHAP user name and secret (status 0x0201); still trying|the target refused the user name or secret (kernel log: login refused: authentication failed|sanctl never shows them|has not found its target yet
chap-failed|failed|1|last_error|login refused: authentication failed: check the CHAP user name and secret (status 0x0201)|CHAP authentication failed|sanctl never shows them. sanblk1 has failed for good: once that is changed, detach it (sanctl detach sanblk1) and attach the target again.|@@none@@
mutual-chap|noanswer|1|last_error|the target failed mutual CHAP: its response to our challenge is wrong|mutual CHAP failed|mutual (reverse) CHAP user name and secret|@@none@@
acl|noanswer|1|last_error|login refused: not authorized: allow this initiator name in the target's ACL (status 0x0202)|the target does not allow this initiator|allow this initiator's name in the ACL of iqn.2026-11.test:disk1|@@none@@
not-found|noanswer|1|last_error|login refused: target not found: check the target name (IQN) (status 0x0203)|PROBLEM  sanblk1: 10.99.0.1:3260 has no target iqn.2026-11.test:disk1|correct the target name (the last field of the target string, or iPXE's root path;|one it offers
not-found-offers|noanswer|1|last_error|login refused: target not found: check the target name (IQN) (status 0x0203); this portal offers: iqn.2026-11.test:disk2, iqn.2026-11.test:data., and 3 more|10.99.0.1:3260 has no target iqn.2026-11.test:disk1|to one it offers: iqn.2026-11.test:disk2, iqn.2026-11.test:data, and 3 more.|offers: iqn.2026-11.test:disk1
removed|noanswer|1|last_error|login refused: target removed: it no longer exists on this portal (status 0x0204)|the target iqn.2026-11.test:disk1 was removed from 10.99.0.1:3260|correct the target name|@@none@@
refused|noanswer|1|last_error|cannot connect to 10.99.0.1:3260: refused (is the target running, on that port?)|PROBLEM  sanblk1: 10.99.0.1:3260 refuses connections (last_error: cannot connect|nothing listens at 10.99.0.1:3260: start the iSCSI target (tgtd, LIO) on that host, or correct the port|the iSCSI target did not answer
no-answer|noanswer|1|last_error|cannot connect to 10.99.0.1:3260: no answer|10.99.0.1:3260 does not answer|no firewall drops TCP to that port|@@none@@
no-route|noanswer|1|log|iscsi:10.99.0.1::3260:1:iqn.2026-11.test:disk1: cannot connect to [fd99::1]:3260: no route (is the NIC up, with an address?); still trying|no route to [fd99::1]:3260 (kernel log|give it an address in the target's network (ip=<addr>/<prefix> in the target string|@@none@@
no-nic-mac|noanswer|1|last_error|no NIC has MAC 52:54:00:ab:cd:01; NICs here: eth0 52:54:00:12:34:56 eth1 52:54:00:12:34:57|no interface has the MAC 52:54:00:ab:cd:01 (NICs here: eth0 52:54:00:12:34:56 eth1 52:54:00:12:34:57)|load that NIC's driver (in an initramfs: add its module|@@none@@
no-nic-name|noanswer|1|last_error|no NIC is called eth5; NICs here: none (is its driver loaded?)|there is no interface eth5 (NICs here: none (is its driver loaded?))|nic=<name|MAC>|@@none@@
no-address|noanswer|1|last_error|eth0 has no IPv4 address and none to give it (ip=, or the iBFT's)|eth0 has no address, and sanblk has none to give it|give eth0 an address: add ip=<addr>/<prefix>|@@none@@
other-lun|noanswer|1|last_error|path 1 reaches another LUN (id 'naa.6001405abd', 131072 sectors), not the disk's ('naa.6001405abc', 131072 sectors)|PROBLEM  sanblk1: path 1 leads to another LUN than the disk's|fix the target's portals or LUN mapping; the disk goes on through its other paths|@@none@@
login-dropped|noanswer|1|last_error|login: the connection broke (-104)|the target at 10.99.0.1:3260 dropped the login|look at the target's log|@@none@@
EOF
	# one that sanctl does not know: said as it is, with the state's advice
	cp "$tmp/dmesg1" "$r/dmesg"
	put "$d/state" noanswer
	put "$d/last_error" "a sentence from a newer sanblk"
	run "$sh" "$r" diagnose
	check iscsi-diagnose-unknown eval 'want_rc 1 && nosecret &&
		has out "PROBLEM  sanblk1: last error: a sentence from a newer sanblk" &&
		has out "sanblk1: the iSCSI target did not answer"'

	# the firmware's iSCSI entry without its NIC, and the disk from it
	put "$e/nic/netdev" "none: no network interface has MAC 52:54:00:12:34:56 (present: lo)"
	put "$d/last_error" "no NIC has MAC 52:54:00:12:34:56; NICs here: none (is its driver loaded?)"
	run "$sh" "$r" diagnose
	check iscsi-diagnose-fw-nic-missing eval 'want_rc 1 && nosecret &&
		has out "PROBLEM  entry0: the firmware'"'"'s NIC 52:54:00:12:34:56 is not present: no network interface has MAC 52:54:00:12:34:56 (present: lo)" &&
		has out "No interface has the boot NIC'"'"'s MAC 52:54:00:12:34:56 (PCI 00:03.0): its driver is missing or not loaded" &&
		has out "sanblk.target=iscsi:10.99.0.1::3260:1:iqn.2026-11.test:disk1,nic=<name>,ip=<addr>/<prefix> unless it gets an address otherwise, and the firmware'"'"'s CHAP user name and secret in front of the server address." &&
		has out "PROBLEM  sanblk1: no interface has the MAC 52:54:00:12:34:56 (NICs here: none (is its driver loaded?))" &&
		[ "$(grep -c "MAC 52:54:00:12:34:56" "$tmp/out")" -ge 3 ] &&
		hasnt out "load that NIC'"'"'s driver"'
	run "$sh" "$r" --json diagnose
	check iscsi-diagnose-json-fw-nic-missing eval 'want_rc 1 && json_ok && nosecret && py "
		[c for c in j[\"checks\"] if c[\"section\"] == \"firmware\" and c[\"result\"] == \"problem\" and
		 c[\"text\"].startswith(\"entry0: the firmware\")] and
		[a for a in j[\"advice\"] if \"disk1,nic=<name>,ip=<addr>/<prefix>\" in a]"'

	rm -rf "$d" "$e"
	mv "$tmp/dev1" "$d"
	mv "$tmp/entry0" "$e"
	mv "$tmp/dmesg1" "$r/dmesg"
	mv "$tmp/cmdline1" "$r/proc/cmdline"
	rm -f "$r/dev/sanblk1"
}

suite() {
	local sh=$1 r=$tmp/root a b
	build_tree "$r"

	# -- usage --
	run "$sh" "$r" --help
	check help eval 'want_rc 0 && has out "Usage: sanctl" && has out diagnose &&
		has out "3  attach: the target is already attached" &&
		has out "4  show, detach: no such disk" && has out "5  detach: the disk is in use" &&
		has out "6  attach: the kernel took the target"'
	run "$sh" "$r"
	check no-command eval 'want_rc 2 && has err Usage'
	run "$sh" "$r" frobnicate
	check unknown-command eval "want_rc 2 && has err \"unknown command 'frobnicate'\""
	run "$sh" "$r" list extra
	check list-extra-arg want_rc 2
	run "$sh" "$r" show
	check show-no-arg want_rc 2
	run "$sh" "$r" attach
	check attach-no-arg want_rc 2
	run "$sh" "$r" attach aoe:e1.1 --wait soon
	check attach-bad-wait eval 'want_rc 2 && has err "not a number"'
	run "$sh" "$r" attach --bogus aoe:e1.1
	check attach-bad-option want_rc 2
	run "$sh" "$r" detach
	check detach-no-arg want_rc 2
	run "$sh" "$r" --json help
	check help-json-is-text eval 'want_rc 0 && has out "Usage: sanctl"'
	run "$sh" "$r" --json frobnicate
	check unknown-command-json eval 'want_rc 2 && [ ! -s "$tmp/out" ]'

	# -- list --
	run "$sh" "$r" list
	check list eval 'want_rc 0 && has out DEVICE && has out "/dev/sanblk0 " &&
		has out "aoe:e1.1" && has out discovering && has out eth1 &&
		[ "$(wc -l <"$tmp/out")" = 3 ]'
	a=$(sed -n 2p "$tmp/out" | grep -ob 'live' | cut -d: -f1)
	b=$(sed -n 3p "$tmp/out" | grep -ob 'discovering' | cut -d: -f1)
	check list-columns-aligned eval '[ -n "$a" ] && [ "$a" = "$b" ] || { why="state at column $a and $b"; false; }'
	run "$sh" "$r" --json list
	check list-json eval 'want_rc 0 && json_ok && types list && py "len(j) == 2 and j[0][\"id\"] == 0 and
		j[0][\"device\"].endswith(\"/dev/sanblk0\") and j[1][\"state\"] == \"discovering\" and
		j[0][\"nic\"] == [\"eth0\"] and
		j[1][\"target\"].endswith(\"q\\\"uo\\\\te\")"'

	# -- show --
	run "$sh" "$r" show sanblk0
	cp "$tmp/out" "$tmp/show0"
	check show eval 'want_rc 0 && has out "rtt_us        350" &&
		has out "2097152 sectors (1024 MiB)" && has out "/dev/sanblk0p1" &&
		has out "target_mac    00:11:22:33:44:55" && has out "odd_attr      x?y" &&
		has out "path_state    up" && has out "path_commands 4612" &&
		has out "frame_sectors 2" &&
		{ grep -A 1 "^  target_mac " "$tmp/out" | tail -n 1 | grep -q "^  path_state " || { why="path_state does not follow target_mac: $(cat "$tmp/out")"; false; }; }'
	run "$sh" "$r" show "$r/dev/sanblk0"
	check show-by-path eval 'want_rc 0 && cmp -s "$tmp/out" "$tmp/show0" || { why="differs from show sanblk0"; false; }'
	run "$sh" "$r" show 0
	check show-by-id eval 'want_rc 0 && cmp -s "$tmp/out" "$tmp/show0" || { why="differs from show sanblk0"; false; }'
	run "$sh" "$r" show sanblk9
	check show-missing eval 'want_rc 4 && has err "no sanblk disk '"'sanblk9'"'"'
	run "$sh" "$r" show sanblk0p1
	check show-partition eval 'want_rc 4 && has err "is a partition"'
	run "$sh" "$r" show --json sanblk1
	check show-json eval 'want_rc 0 && json_ok && types show && py "j[\"id\"] == 1 and j[\"inflight\"] == 3 and
		j[\"errors\"] == 1 and j[\"target_mac\"] == [] and j[\"partitions\"] == [] and
		j[\"nic\"] == [\"eth1\"] and j[\"path_state\"] is None and j[\"ro\"] is None and
		j[\"model\"] == \"\" and j[\"size\"] == 0 and
		j[\"target\"].endswith(\"q\\\"uo\\\\te\")"'
	run "$sh" "$r" --json show 0
	check show-json-controls eval 'want_rc 0 && json_ok && types show && py "j[\"odd_attr\"] == \"x?y\" and
		j[\"size\"] == 2097152 and j[\"ro\"] is False and j[\"rtt_us\"] == 350 and
		j[\"nic\"] == [\"eth0\"] and j[\"target_mac\"] == [\"00:11:22:33:44:55\"] and
		j[\"path_state\"] == [\"up\"] and j[\"path_commands\"] == [4612] and
		j[\"frame_sectors\"] == [2] and j[\"serial\"] == \"0123456789\""'
	# two paths; an attribute that fails to read (ENODEV around attach
	# and removal) is null; one that is not a number where one is due
	# is null too, never a string
	d=$r/sys/bus/sanblk/devices/0
	cp -a "$d" "$tmp/dev0"
	put "$d/nic" "eth0 eth1"
	put "$d/target_mac" "00:11:22:33:44:55 00:11:22:33:44:66"
	put "$d/path_state" "up down"
	put "$d/path_commands" "4612 17"
	put "$d/frame_sectors" "2 17"
	put "$d/timeout" ""
	put "$d/errors" "many"
	rm -f "$d/rtt_us" "$d/model"
	ln -s /proc/self/mem "$d/rtt_us"
	printf 'a\nb"c\\\n' >"$d/multi_line"
	run "$sh" "$r" --json show 0
	check show-json-paths eval 'want_rc 0 && json_ok && types show && py "j[\"nic\"] == [\"eth0\", \"eth1\"] and
		j[\"target_mac\"] == [\"00:11:22:33:44:55\", \"00:11:22:33:44:66\"] and
		j[\"path_state\"] == [\"up\", \"down\"] and j[\"path_commands\"] == [4612, 17] and
		j[\"frame_sectors\"] == [2, 17] and j[\"rtt_us\"] is None and j[\"model\"] is None and
		j[\"timeout\"] is None and j[\"errors\"] is None and
		j[\"multi_line\"] == \"a\" + chr(10) + \"b\" + chr(34) + \"c\" + chr(92)"'
	rm -rf "$d"
	mv "$tmp/dev0" "$d"

	# -- iSCSI --
	iscsi_cases "$sh" "$r"

	# -- fw --
	run "$sh" "$r" fw
	check fw eval 'want_rc 0 && has out "ibft0  iBFT in acpi at 0x3f775000, rev 1, 593 bytes, OEM FENSYS/iPXE: ok" &&
		has out "abft0  aBFT in lowmem at 0x9e6a0: BAD: checksum 0x3c, expected 0" &&
		has out "entry0: iscsi (boot selected), from iBFT in ACPI at 0x3f775000" &&
		has out "52:54:00:12:34:56 -> eth0 (PCI" && has out "10.99.0.100/24 gw 10.99.0.1 dns 10.99.0.1 10.99.0.2 dhcp server 10.99.0.1 (dhcp)" &&
		has out "target      10.99.0.1 port 3260 lun 1 iqn.2026-11.test:disk1" &&
		has out "chap        mutual (user names and secrets not shown)" &&
		has out "52:54:00:ab:cd:ef -> none: no network interface has MAC" &&
		has out "shelf 7 slot 3" && has out "hostname host\"with\\odd?chars" && nosecret'
	run "$sh" "$r" fw --show-secrets
	check fw-show-secrets-refused eval 'want_rc 2 && has err "never prints CHAP credentials" && nosecret'
	run "$sh" "$r" --json fw
	check fw-json eval 'want_rc 0 && json_ok && types fw && nosecret && py "len(j[\"tables\"]) == 2 and
		[t[\"status\"] for t in j[\"tables\"] if t[\"name\"] == \"abft0\"][0].startswith(\"checksum\") and
		not [t for t in j[\"tables\"] if \"raw\" in t] and
		[k for k in j[\"entries\"][0][\"target\"] if \"chap\" in k] == [\"chap_type\"] and
		j[\"entries\"][0][\"nic\"][\"dns\"] == [\"10.99.0.1\", \"10.99.0.2\"] and
		j[\"entries\"][0][\"nic\"][\"hostname\"] == \"host\\\"with\\\\odd?chars\" and
		j[\"entries\"][0][\"valid\"] is True and j[\"entries\"][0][\"target\"][\"port\"] == 3260 and
		j[\"entries\"][1][\"nic\"][\"netdev\"].startswith(\"none:\") and
		j[\"entries\"][0][\"nic\"][\"vlan\"] is None and j[\"entries\"][0][\"nic\"][\"prefix\"] == 24 and
		j[\"entries\"][0][\"target\"][\"lun\"] == \"1\" and j[\"entries\"][0][\"target\"][\"chap_type\"] == 2 and
		[t[\"length\"] for t in j[\"tables\"] if t[\"name\"] == \"ibft0\"] == [593] and
		[t[\"length\"] for t in j[\"tables\"] if t[\"name\"] == \"abft0\"] == [None] and
		j[\"entries\"][1][\"target\"][\"shelf\"] == 7 and j[\"entries\"][1][\"target\"][\"slot\"] == 3 and
		j[\"entries\"][1][\"target\"][\"port\"] is None"'
	run "$sh" "$r" --json --show-secrets fw
	check fw-json-show-secrets-refused eval 'want_rc 2 && nosecret'

	# -- attach --
	: >"$r/sys/bus/sanblk/add"
	fake_kernel "$r" &
	kernel_pid=$!
	run "$sh" "$r" attach aoe:e2.3 --wait 10
	wait "$kernel_pid"
	kernel_pid=
	check attach eval 'want_rc 0 && [ "$(cat "$tmp/out")" = "$r/dev/sanblk2" ] &&
		[ "$(cat "$r/sys/bus/sanblk/add")" = aoe:e2.3 ] || { why="${why:-out $(cat "$tmp/out"), add $(cat "$r/sys/bus/sanblk/add")}"; false; }'
	rm -rf "$r/sys/bus/sanblk/devices/2" "$r/dev/sanblk2"

	: >"$r/sys/bus/sanblk/add"
	fake_kernel "$r" &
	kernel_pid=$!
	run "$sh" "$r" --json attach aoe:e2.3 --wait 10
	wait "$kernel_pid"
	kernel_pid=
	check attach-json eval 'want_rc 0 && json_ok && py "j[\"id\"] == 2 and
		j[\"device\"].endswith(\"/dev/sanblk2\") and j[\"state\"] == \"live\""'
	rm -rf "$r/sys/bus/sanblk/devices/2" "$r/dev/sanblk2"

	: >"$r/sys/bus/sanblk/add"
	fake_kernel "$r" &
	kernel_pid=$!
	printf 'iscsi:u:pw5ecret@10.99.0.1::::iqn.x\n' >"$tmp/stdin"
	SANCTL_SYSFS=$r/sys SANCTL_DEV=$r/dev SANCTL_PROC=$r/proc SANCTL_DMESG=$r/dmesg \
		PATH=$shpath timeout 60 "$sh" "$sanctl" attach - --wait=10 \
		<"$tmp/stdin" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	wait "$kernel_pid"
	kernel_pid=
	check attach-stdin eval 'want_rc 0 && nosecret && [ "$(cat "$r/sys/bus/sanblk/add")" = "iscsi:u:pw5ecret@10.99.0.1::::iqn.x" ] ||
		{ why="${why:-add holds $(cat "$r/sys/bus/sanblk/add")}"; false; }'
	rm -rf "$r/sys/bus/sanblk/devices/2" "$r/dev/sanblk2"

	: >"$r/sys/bus/sanblk/add"
	run "$sh" "$r" attach aoe:e2.3 --wait 0
	check attach-nothing-appears eval 'want_rc 6 && has err "no disk appeared" &&
		[ ! -s "$tmp/out" ]'

	: >"$r/sys/bus/sanblk/add"
	fake_kernel "$r" nonode &
	kernel_pid=$!
	run "$sh" "$r" attach aoe:e2.3 --wait 1
	wait "$kernel_pid"
	kernel_pid=
	check attach-no-node eval 'want_rc 6 && has err "sanblk2 is attached but" &&
		has err "state noanswer" && [ ! -s "$tmp/out" ]'
	rm -rf "$r/sys/bus/sanblk/devices/2"

	: >"$r/sys/bus/sanblk/add"
	fake_kernel "$r" nonode &
	kernel_pid=$!
	run "$sh" "$r" --json attach aoe:e2.3 --wait 1
	wait "$kernel_pid"
	kernel_pid=
	check attach-no-node-json eval 'want_rc 6 && json_ok &&
		py "j[\"id\"] == 2 and j[\"state\"] == \"noanswer\""'
	rm -rf "$r/sys/bus/sanblk/devices/2"

	rm -f "$r/sys/bus/sanblk/add"
	ln -s /proc/self/clear_refs "$r/sys/bus/sanblk/add"
	run "$sh" "$r" attach 'iscsi:u:pw5ecret@10.99.0.1::3260:1:iqn.2026-11.test:disk1'
	check attach-einval eval 'want_rc 1 && has err "Invalid argument, EINVAL" &&
		has err "could not parse the target string" && has err "hint:" &&
		has err "login failed" && has err "***@10.99.0.1" && nosecret'
	rm -f "$r/sys/bus/sanblk/add"
	ln -s /dev/full "$r/sys/bus/sanblk/add"
	run "$sh" "$r" attach aoe:e2.3
	check attach-enospc eval 'want_rc 1 && has err "No space left on device, ENOSPC" && has err "hint:"'
	run "$sh" "$r" attach 'iscsi:u:p@s,s@[fd99::1]::3260:0012:iqn.x:a,ro'
	check attach-decimal-lun-note eval 'want_rc 1 &&
		has err "LUN '"'0012'"' is hexadecimal (RFC 4173, as iPXE reads it): LUN 18; for LUN 12 write '"'c'"'"'
	run "$sh" "$r" attach 'iscsi:192.0.2.1::3260:1:iqn.x:a'
	check attach-hex-lun-no-note eval 'want_rc 1 && hasnt err "note:"'
	rm -f "$r/sys/bus/sanblk/add"
	run "$sh" "$r" attach aoe:e2.3
	check attach-no-add-file eval 'want_rc 1 && has err "add is missing"'
	: >"$r/sys/bus/sanblk/add"

	# -- errors a write to a file here cannot produce --
	if [ -n "$bb_applets" ]; then
		skip "$prefix/write-errors: busybox sh runs its own cat whatever PATH says, so they cannot be faked (dash runs them)"
	else
		write_error_cases "$sh" "$r"
	fi

	# -- detach --
	run "$sh" "$r" detach sanblk1
	check detach eval 'want_rc 0 && has out "detached sanblk1" &&
		[ "$(cat "$r/sys/bus/sanblk/remove")" = 1 ] || { why="${why:-remove holds $(cat "$r/sys/bus/sanblk/remove")}"; false; }'
	run "$sh" "$r" --json detach 1
	check detach-json eval 'want_rc 0 && json_ok &&
		py "j == {\"id\": 1, \"device\": \"$r/dev/sanblk1\"}"'
	run "$sh" "$r" --json detach sanblk7
	check detach-json-missing eval 'want_rc 4 && [ ! -s "$tmp/out" ]'
	run "$sh" "$r" detach --force /dev/sanblk0
	check detach-force eval 'want_rc 0 && [ "$(cat "$r/sys/bus/sanblk/remove")" = "0 force" ] ||
		{ why="${why:-remove holds $(cat "$r/sys/bus/sanblk/remove")}"; false; }'
	run "$sh" "$r" detach sanblk5
	check detach-missing eval 'want_rc 4 && has err "no sanblk disk"'
	rm -f "$r/sys/bus/sanblk/remove"
	ln -s /proc/self/clear_refs "$r/sys/bus/sanblk/remove"
	run "$sh" "$r" detach sanblk0
	check detach-error-names-users eval 'want_rc 1 && has err "/dev/sanblk0p1 is mounted on /mnt" &&
		has err "(Invalid argument, EINVAL)" && has err "hint:"'
	rm -f "$r/sys/bus/sanblk/remove"
	: >"$r/sys/bus/sanblk/remove"

	# -- diagnose --
	run "$sh" "$r" diagnose
	check diagnose-failing-boot eval 'want_rc 1 && nosecret &&
		has out "ok       sanbft is loaded" && has out "ok       sanblk is loaded" &&
		has out "PROBLEM  abft0: aBFT in lowmem at 0x9e6a0: BAD: checksum 0x3c" &&
		has out "PROBLEM  entry1: the firmware'"'"'s NIC 52:54:00:ab:cd:ef is not present: no network interface has MAC 52:54:00:ab:cd:ef (present: lo, eth0" &&
		has out "ok       eth0: link up" && has out "eth0 has address 10.99.0.100/24" &&
		has out "PROBLEM  sanblk1 " && has out "state discovering" && has out "sanblk1 has not found its target yet" &&
		has out "PROBLEM  eth1: interface is down" &&
		has out "PROBLEM  the root device" && has out "login failed: authentication failure" &&
		has out "note     parameter wait=0" && hasnt out "taints kernel" &&
		has out "The firmware'"'"'s entry0 (iscsi:10.99.0.1::3260:1:iqn.2026-11.test:disk1) was not attached" &&
		has out "The firmware'"'"'s entry1 (aoe:e7.3) was not attached" &&
		has out "What to change:" && has out "1. " &&
		has out "No interface has the boot NIC'"'"'s MAC 52:54:00:ab:cd:ef: its driver" &&
		has out "sanblk.target=aoe:e7.3,nic=<name>" && has out "PROBLEM  no disk for entry1 (aoe:e7.3)" &&
		hasnt out "firmware'"'"'s entries are not used"'
	check diagnose-klog-only-modules eval 'nosecret &&
		has out "[    T1] sanblk: version 0.1 loaded" && hasnt out "Command line" &&
		hasnt out "EXT4-fs" && hasnt out "in passing"'
	run "$sh" "$r" --json diagnose
	check diagnose-json eval 'want_rc 1 && json_ok && nosecret && py "
		j[\"problems\"] == len([c for c in j[\"checks\"] if c[\"result\"] == \"problem\"]) > 0 and
		{c[\"section\"] for c in j[\"checks\"]} == {\"modules\", \"cmdline\", \"firmware\", \"disks\"} and
		{c[\"result\"] for c in j[\"checks\"]} == {\"ok\", \"note\", \"problem\"} and
		{\"section\": \"firmware\", \"result\": \"problem\", \"text\": \"abft0: aBFT in lowmem at 0x9e6a0: BAD: checksum 0x3c, expected 0\"} in j[\"checks\"] and
		j[\"cmdline\"] == [\"root=/dev/sanblk1p1\"] and
		any(m.endswith(\"sanblk: version 0.1 loaded\") for m in j[\"kernel_messages\"]) and
		not [m for m in j[\"kernel_messages\"] if \"Command line\" in m] and
		any(a.startswith(\"No interface has the boot NIC\") for a in j[\"advice\"])"'
	cp "$r/proc/cmdline" "$tmp/cmdline"
	put "$r/proc/cmdline" "root=/dev/sanblk1p1 sanblk.target=iscsi:u:pw5ecret@10.99.0.1::3260:1:iqn.2026-11.test:disk1 sanblk.wait=30"
	run "$sh" "$r" diagnose
	check diagnose-cmdline-target eval 'want_rc 1 && nosecret &&
		has out "sanblk.target=iscsi:***@10.99.0.1::3260:1:iqn.2026-11.test:disk1" &&
		has out "  sanblk.wait=30" && has out "sanblk.target= is given: the firmware'"'"'s entries are not used" &&
		hasnt out "no disk for entry"'
	cp "$tmp/cmdline" "$r/proc/cmdline"
	# the disk states, and an older sanblk's "nopath" as reconnecting
	for st in new discovering noanswer:iscsi noanswer:aoe reconnecting \
		nopath deleting dead failed; do
		put "$r/sys/bus/sanblk/devices/1/state" "${st%:*}"
		put "$r/sys/bus/sanblk/devices/1/transport" iscsi
		[ "$st" = noanswer:aoe ] && put "$r/sys/bus/sanblk/devices/1/transport" aoe
		run "$sh" "$r" diagnose
		a="state ${st%:*}"
		[ "$st" = nopath ] && a="state reconnecting"
		case $st in
		new) b="sanblk1 has just been created" ;;
		discovering) b="sanblk1 has not found its target yet" ;;
		noanswer:iscsi) b="sanblk1: the iSCSI target did not answer: check that the target service" ;;
		noanswer:aoe) b="sanblk1: no target answered its queries on eth1: check that the target runs and exports exactly this shelf and slot" ;;
		reconnecting | nopath) b="sanblk1 lost its path to the target and is reconnecting: I/O waits (timeout 0 s" ;;
		deleting) b="sanblk1 is being detached" ;;
		dead) b="sanblk1 has been detached but something still holds it" ;;
		failed) b="sanblk1 has failed" ;;
		esac
		check "diagnose-state-$(echo "$st" | tr : -)" eval 'want_rc 1 && has out "PROBLEM  sanblk1 " &&
			has out "$a," && has out "$b" && hasnt out nopath &&
			case $st in
			deleting | dead) hasnt out "eth1: interface is down" ;;
			*) has out "PROBLEM  eth1: interface is down" ;;
			esac'
	done
	put "$r/sys/bus/sanblk/devices/1/transport" iscsi
	put "$r/sys/bus/sanblk/devices/1/state" nopath
	run "$sh" "$r" list
	check list-nopath-is-reconnecting eval 'want_rc 0 && has out " reconnecting " && hasnt out nopath'
	run "$sh" "$r" --json list
	check list-json-nopath-is-reconnecting eval 'want_rc 0 && json_ok && py "j[1][\"state\"] == \"reconnecting\""'
	run "$sh" "$r" show 1
	check show-nopath-is-reconnecting eval 'want_rc 0 && has out "state         reconnecting" && hasnt out nopath'
	run "$sh" "$r" --json show 1
	check show-json-nopath-is-reconnecting eval 'want_rc 0 && json_ok && py "j[\"state\"] == \"reconnecting\""'
	put "$r/sys/bus/sanblk/devices/1/state" reconnecting
	run "$sh" "$r" --json show 1
	check show-json-reconnecting eval 'want_rc 0 && json_ok && py "j[\"state\"] == \"reconnecting\""'
	heal_tree "$r"
	run "$sh" "$r" diagnose
	check diagnose-healthy-boot eval 'want_rc 0 && has out "Nothing wrong found" && hasnt out PROBLEM'
	run "$sh" "$r" --json diagnose
	check diagnose-healthy-boot-json eval 'want_rc 0 && json_ok &&
		py "j[\"problems\"] == 0 and j[\"advice\"] == [] and j[\"kernel_messages\"] == []"'
	# a second target that claims the disk's AoE address
	d=$r/sys/bus/sanblk/devices/0
	put "$d/nic" "eth0 eth0"
	put "$d/target_mac" "00:11:22:33:44:55 00:11:22:33:44:66"
	put "$d/path_state" "up rejected"
	run "$sh" "$r" diagnose
	check diagnose-rejected-path eval 'want_rc 1 &&
		has out "ok       sanblk0 aoe:e1.1 via eth0 eth0, state live" &&
		has out "PROBLEM  sanblk0: 00:11:22:33:44:66 via eth0 answers for the same address but is another disk" &&
		hasnt out "00:11:22:33:44:55 via" &&
		has out "Two AoE targets answer for the address of sanblk0 (aoe:e1.1)"'
	put "$d/path_state" "up verifying"
	run "$sh" "$r" diagnose
	check diagnose-verifying-path eval 'want_rc 0 && hasnt out PROBLEM'

	# -- modules not loaded --
	rm -rf "$r/sys"
	mkdir -p "$r/sys"
	run "$sh" "$r" list
	check list-not-loaded eval 'want_rc 1 && has err "modprobe sanblk"'
	run "$sh" "$r" fw
	check fw-not-loaded eval 'want_rc 1 && has err "modprobe sanbft"'
	run "$sh" "$r" --json list
	check list-json-not-loaded eval 'want_rc 0 && json_ok && py "j == []"'
	run "$sh" "$r" diagnose
	check diagnose-not-loaded eval 'want_rc 1 && has out "PROBLEM  sanbft is not loaded" &&
		has out "Load sanblk (modprobe sanblk)"'
	run "$sh" "$r" --json diagnose
	check diagnose-not-loaded-json eval 'want_rc 1 && json_ok && py "j[\"problems\"] >= 2"'
	run "$sh" "$r" --json fw
	check fw-json-not-loaded eval 'want_rc 1 && [ ! -s "$tmp/out" ] && has err "modprobe sanbft"'
	run "$sh" "$r" --json show 0
	check show-json-not-loaded eval 'want_rc 1 && [ ! -s "$tmp/out" ]'
}

# Credentials wherever sanctl might pick them up: target strings with
# CHAP secrets in the disks' target, the firmware's root_path, a readable
# module parameter, /proc/cmdline (sanblk.target=, dracut's netroot= and
# rd.iscsi.*), kernel messages (the kernel's own parameter errors, whole
# and cut short, and key=value), and attributes named like a credential.
poison_tree() {
	local r=$1 s=$1/sys
	put "$s/bus/sanblk/devices/1/target" \
		'iscsi:chapuser:pw5ecret:revuser:r3v3rs3PW@10.99.0.1::3260:1:iqn.2026-11.test:disk1'
	put "$s/bus/sanblk/devices/0/chap_secret" s3cr3tPW
	put "$s/bus/sanblk/devices/0/auth_password" s3cr3tPW
	put "$s/bus/sanblk/devices/0/note" "user=chapuser password=pw5ecret"
	put "$s/firmware/sanbft/entry0/root_path" \
		'iscsi:chapuser:s3cr3tPW@10.99.0.1::3260:1:iqn.2026-11.test:disk1'
	put "$s/module/sanblk/parameters/target" \
		'iscsi:chapuser:pw5ecret@10.99.0.1::3260:1:iqn.2026-11.test:disk1'
	put "$r/proc/cmdline" "BOOT_IMAGE=/vmlinuz root=/dev/sanblk1p1 sanblk.target=iscsi:chapuser:pw5ecret:revuser:r3v3rs3PW@[fd99::1]::3260:1:iqn.x netroot=iscsi:chapuser:pw5ecret@10.99.0.1::::iqn.x rd.iscsi.username=chapuser rd.iscsi.password=pw5ecret rd.iscsi.in.username=revuser rd.iscsi.in.password=r3v3rs3PW iscsi_password=pw5ecret"
	cat >>"$r/dmesg" <<'EOF'
[    3.000000] sanblk: `iscsi:chapuser:pw5ecret@10.99.0.1::3260:1:iqn.x' invalid for parameter `target'
[    3.100000] sanblk: `iscsi:chapuser:pw5ecret:revuser:r3v3rs3PW' too large for parameter `target'
[    3.200000] sanbft: entry0: chap_name=chapuser chap_secret=s3cr3tPW rchap_name=revuser rchap_secret=r3v3rs3PW
[    3.300000] sanblk: sanblk1: ISCSI:chapuser:pw5ecret@10.99.0.1::3260:1:iqn.x: login failed
[    3.400000] sanblk: sanblk1: iscsi:chapuser:pw5ecret:revuser:r3v3rs3PW@10.99.0.1::3260:1:iqn.x: login refused: authentication failed: check the CHAP user name and secret (status 0x0201); still trying
EOF
	put "$s/bus/sanblk/devices/1/last_error" \
		"login refused: authentication failed (status 0x0201) for iscsi:chapuser:pw5ecret@10.99.0.1 user=chapuser"
}

# Every command, with and without --json, whatever its exit status, on a
# tree full of credentials: neither its output nor its errors may hold
# one.
secrets_suite() {
	local sh=$1 r=$tmp/leak j cmd name secret_t
	secret_t='iscsi:chapuser:pw5ecret:revuser:r3v3rs3PW@10.99.0.1::3260:1:iqn.2026-11.test:disk1'
	build_tree "$r"
	poison_tree "$r"
	rm -f "$r/sys/bus/sanblk/add" "$r/sys/bus/sanblk/remove"
	ln -s /proc/self/clear_refs "$r/sys/bus/sanblk/add"
	ln -s /proc/self/clear_refs "$r/sys/bus/sanblk/remove"
	printf '%s\n' "$secret_t" >"$tmp/secret_stdin"
	for j in "" --json; do
		while read -r cmd; do
			name=$(printf '%s\n' "no-secret${j:+-json}/$cmd" |
				sed "s|$secret_t|TARGET|" | tr -c 'A-Za-z0-9/.=\n-' _)
			run_stdin=/dev/null
			[ "$cmd" = "attach -" ] && run_stdin=$tmp/secret_stdin
			# shellcheck disable=SC2086 # $cmd is words on purpose
			run "$sh" "$r" $j $cmd
			run_stdin=/dev/null
			check "$name" nosecret
			# with --json, every command's output is JSON or nothing
			# (help is text whatever is given)
			[ -n "$j" ] && [ "$cmd" != help ] && [ -s "$tmp/out" ] &&
				check "json-or-nothing/${name#*/}" json_ok
		done <<EOF
help
list
show sanblk0
show 1
fw
diagnose
detach sanblk1
attach $secret_t
attach -
attach --wait=$secret_t aoe:e1.1
attach --bogus=$secret_t
show $secret_t
detach $secret_t
$secret_t
--show-secrets fw
EOF
		# the kernel accepts, and no disk appears
		rm -f "$r/sys/bus/sanblk/add"
		: >"$r/sys/bus/sanblk/add"
		run "$sh" "$r" $j attach --wait 0 "$secret_t"
		check "no-secret${j:+-json}/attach-no-disk" nosecret
		rm -f "$r/sys/bus/sanblk/add"
		ln -s /proc/self/clear_refs "$r/sys/bus/sanblk/add"
	done
	run "$sh" "$r" diagnose
	check secrets-masked eval 'has out "sanblk.target=iscsi:***@[fd99::1]::3260:1:iqn.x" &&
		has out "netroot=iscsi:***@10.99.0.1" && has out "rd.iscsi.password=***" &&
		has out "rd.iscsi.in.username=***" && has out "parameter target=iscsi:***@10.99.0.1" &&
		has out "sanblk: \`iscsi:***@10.99.0.1::3260:1:iqn.x'"'"' invalid" &&
		has out "sanblk: \`iscsi:***'"'"' too large" && has out "chap_secret=*** rchap_name=***" &&
		has out "sanblk1: ISCSI:***@10.99.0.1" &&
		has out "sanblk1: CHAP authentication failed" &&
		has out "(last_error: login refused: authentication failed (status 0x0201) for iscsi:***@10.99.0.1 user=***)"'
	put "$r/sys/bus/sanblk/devices/1/last_error" none
	run "$sh" "$r" diagnose
	check secrets-masked-iscsi-log eval 'nosecret && has out "sanblk1: CHAP authentication failed" &&
		has out "(kernel log: login refused: authentication failed"'
	run "$sh" "$r" --json diagnose
	check secrets-masked-iscsi-log-json eval 'json_ok && nosecret'
	run "$sh" "$r" show sanblk0
	check secrets-attrs-skipped eval 'hasnt out chap_secret && hasnt out auth_password &&
		has out "user=*** password=***"'
}

# dash, and busybox ash with nothing but busybox applets on PATH.
if command -v dash >/dev/null; then
	prefix="sanctl-dash"
	shpath=$PATH
	bb_applets=
	suite dash
	secrets_suite dash
else
	skip "sanctl-dash: dash is not installed"
fi
if command -v busybox >/dev/null; then
	mkdir -p "$tmp/bb"
	for a in $(busybox --list); do
		ln -s "$(command -v busybox)" "$tmp/bb/$a"
	done
	prefix="sanctl-busybox"
	shpath=$tmp/bb
	bb_applets=1
	suite "$tmp/bb/sh"
	secrets_suite "$tmp/bb/sh"
else
	skip "sanctl-busybox: busybox is not installed"
fi

prefix="sanctl"
why=
[ -n "$have_py" ] || skip "sanctl/json: python3 is not installed: JSON output not validated"
if out=$(shellcheck "$sanctl" 2>&1); then
	pass "sanctl/shellcheck"
else
	fail "sanctl/shellcheck: $(echo "$out" | head -5)"
fi
