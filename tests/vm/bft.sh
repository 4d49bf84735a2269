# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Helpers for the sanbft VM cases (sourced after tests/vm/lib.sh).
#
#   bft_mkbft KIND OUT DESCFILE
#                        generate a table with scripts/mkbft from DESCFILE
#   bft_flags F          the number behind mkbft's flags=F (valid,boot,...)
#   bft_ibft_expect DESCFILE TABLE [WHERE [FIRST]]
#                        guest script lines (g_expect ...) saying what
#                        /sys/firmware/sanbft/entry<N>/ must show for the
#                        iBFT that DESCFILE describes, found as TABLE
#                        (e.g. ibft0) in WHERE ("ACPI", the default, or
#                        "low memory"); one entry per target line, in
#                        order, numbered from FIRST (default 0)
#   bft_abft_expect DESCFILE TABLE [WHERE [ENTRY]]
#                        the same for an aBFT (entry ENTRY, default 0)
#   bft_table_expect TABLE SIG SOURCE FILE
#                        guest lines checking tables/TABLE/{signature,
#                        source,length,revision,oem_id,oem_table_id,status,
#                        raw} against the table file FILE (bft_acpi_boot puts it into
#                        the initramfs as /tables/$(basename FILE))
#   bft_acpi_boot NAME KVER LABEL GUEST TABLE...
#                        boot KVER with sanbft.ko, the guest script GUEST
#                        and each TABLE file as -acpitable; print the
#                        verdict as LABEL
#   bft_log_expect PATTERN
#                        guest lines: sanbft logged exactly one line (taint
#                        notices aside), and it matches the shell glob
#                        "*sanbft: PATTERN"
#   bft_ipxe_boot NAME KVER LABEL GUEST aoe|iscsi
#                        boot KVER with sanbft.ko and GUEST by a real iPXE
#                        sanboot (vm_ipxe); print the verdict as LABEL
#   bft_lowmem_expect TABLE SIG
#                        guest lines: tables/TABLE is SIG, from low memory,
#                        good, written by iPXE, and its raw bytes are what
#                        a scan of /dev/mem below 0xA0000 finds at its
#                        address; the bytes are dumped as "HEX TABLE"
#
# The description grammar is mkbft's (scripts/mkbft --help).  The
# expectations are computed here from the same lines, independently of the
# module: numbers as the ABI says (flags in hex, origin decimal), addresses
# as written in the description (use canonical forms there: 10.0.0.1,
# fd99::1), LUNs in RFC 4173 hex groups.

BFT_MKBFT=$SANBLK_TOP/scripts/mkbft
BFT_QEMU=()	# more QEMU arguments for bft_acpi_boot (NICs...)

bft_mkbft() {
	if [ ! -x "$BFT_MKBFT" ]; then
		echo "scripts/mkbft is not built (make tools)" >&2
		return 1
	fi
	"$BFT_MKBFT" "$1" -o "$2" -f "$3"
}

bft_flags() {
	local f=$1 n=0 w
	case $f in
	none) echo 0; return ;;
	[0-9]*) echo $((f)); return ;;
	esac
	for w in ${f//,/ }; do
		case $w in
		valid) n=$((n | 1)) ;;
		boot) n=$((n | 2)) ;;
		global) n=$((n | 4)) ;;
		esac
	done
	echo "$n"
}

# LUN as mkbft takes it (a number, or hex groups a-b-c-d) to the RFC 4173
# text sanbft shows: hex groups, trailing zero groups dropped.
bft_lun_text() {
	local lun=$1 g out='' i
	local -a groups
	if [[ $lun != *-* ]]; then
		printf '%x\n' "$((lun))"
		return
	fi
	IFS=- read -r -a groups <<<"$lun"
	while [ "${#groups[@]}" -gt 1 ] && [ $((16#${groups[-1]})) -eq 0 ]; do
		unset 'groups[-1]'
	done
	for i in "${!groups[@]}"; do
		g=$(printf '%x' "$((16#${groups[i]}))")
		out=${out:+$out-}$g
	done
	echo "$out"
}

bft_ibft_expect() {
	local desc=$1 table=$2 where=${3:-ACPI} first=${4:-0} kind idx w key val line initiator='' t n
	local e ip server port lun chap_type tflags nflags nip
	local -A NIC TGT
	local -a targets=()
	while read -r line; do
		line=${line%%#*}
		# shellcheck disable=SC2086 # split the line into words
		set -- $line
		[ $# -gt 0 ] || continue
		kind=$1
		case $kind in
		initiator) initiator=$2; continue ;;
		nic | target) idx=$2; shift 2 ;;
		*) continue ;;
		esac
		[ "$kind" = target ] && targets+=("$idx")
		for w in "$@"; do
			key=${w%%=*}
			val=${w#*=}
			if [ "$kind" = nic ]; then
				NIC[$idx.$key]=$val
			else
				TGT[$idx.$key]=$val
			fi
		done
	done <"$desc"

	e=$first
	for t in "${targets[@]}"; do
		n=${TGT[$t.nic]}
		nip=${NIC[$n.ip]:-}
		tflags=$(bft_flags "${TGT[$t.flags]:-valid,boot}")
		nflags=$(bft_flags "${NIC[$n.flags]:-valid,boot}")
		ip=${TGT[$t.ip]:-}
		server=$ip
		[[ $ip == *:* ]] && server="[$ip]"
		port=${TGT[$t.port]:-3260}
		lun=$(bft_lun_text "${TGT[$t.lun]:-0}")
		chap_type=0
		[ -n "${TGT[$t.chap]:-}" ] && chap_type=1
		[ -n "${TGT[$t.rchap]:-}" ] && chap_type=2
		cat <<-EOF
			g_expect entry$e/transport iscsi
			g_expect entry$e/table $table
			g_expect entry$e/source "iBFT in $where at \$(cat \$G_SYSFS/tables/$table/address)"
			g_expect entry$e/valid $(((tflags & 1) && (nflags & 1)))
			g_expect entry$e/boot_selected $(((tflags & 2) != 0))
			g_expect entry$e/root_path 'iscsi:$server::$port:$lun:${TGT[$t.name]:-}'
			g_expect entry$e/initiator_name '$initiator'
			g_expect entry$e/target/index $t
			g_expect entry$e/target/flags $(printf '0x%x' "$tflags")
			g_expect entry$e/target/ip '$ip'
			g_expect entry$e/target/port '$port'
			g_expect entry$e/target/lun '$lun'
			g_expect entry$e/target/name '${TGT[$t.name]:-}'
			g_expect entry$e/target/chap_type $chap_type
			g_expect entry$e/target/nic_index $n
			g_expect entry$e/target/chap_name '$(bft_user "${TGT[$t.chap]:-}")'
			g_expect entry$e/target/chap_secret '$(bft_secret "${TGT[$t.chap]:-}")'
			g_expect entry$e/target/rchap_name '$(bft_user "${TGT[$t.rchap]:-}")'
			g_expect entry$e/target/rchap_secret '$(bft_secret "${TGT[$t.rchap]:-}")'
			g_absent entry$e/target/shelf
			g_expect entry$e/nic/index $n
			g_expect entry$e/nic/flags $(printf '0x%x' "$nflags")
			g_expect entry$e/nic/mac '${NIC[$n.mac]:-}'
			g_expect entry$e/nic/ip '${nip%/*}'
			g_expect entry$e/nic/prefix '$(bft_prefix "$nip")'
			g_expect entry$e/nic/gateway '${NIC[$n.gw]:-}'
			g_expect entry$e/nic/dns '$(echo "${NIC[$n.dns]:-}" | tr , '\n')'
			g_expect entry$e/nic/dhcp_server '${NIC[$n.dhcp]:-}'
			g_expect entry$e/nic/vlan '$(bft_nonzero "${NIC[$n.vlan]:-0}")'
			g_expect entry$e/nic/pci_bdf '${NIC[$n.bdf]:-}'
			g_expect entry$e/nic/hostname '${NIC[$n.host]:-}'
			g_expect entry$e/nic/origin '$((${NIC[$n.origin]:-0}))'
		EOF
		e=$((e + 1))
	done
}

bft_abft_expect() {
	local desc=$1 table=$2 where=${3:-ACPI} e=${4:-0} w shelf='' slot='' mac=''
	# shellcheck disable=SC2013 # words, not lines
	for w in $(grep '^aoe ' "$desc"); do
		case $w in
		shelf=*) shelf=$((${w#*=})) ;;
		slot=*) slot=$((${w#*=})) ;;
		mac=*) mac=${w#*=} ;;
		esac
	done
	cat <<-EOF
		g_expect entry$e/transport aoe
		g_expect entry$e/table $table
		g_expect entry$e/source "aBFT in $where at \$(cat \$G_SYSFS/tables/$table/address)"
		g_expect entry$e/valid 1
		g_expect entry$e/boot_selected 1
		g_expect entry$e/root_path aoe:e$shelf.$slot
		g_expect entry$e/nic/mac $mac
		g_expect entry$e/target/shelf $shelf
		g_expect entry$e/target/slot $slot
		g_absent entry$e/initiator_name
		g_absent entry$e/nic/ip
		g_absent entry$e/target/ip
		g_absent entry$e/target/name
	EOF
}

# Guest line: the number of entry directories must be N.
bft_entry_count() {
	echo "g_check entry-count \"\$(ls -d \$G_SYSFS/entry* 2>/dev/null | wc -l)\" $1"
}

bft_user() { [ -n "$1" ] && echo "${1%%:*}"; }
bft_secret() { [ -n "$1" ] && echo "${1#*:}"; }
bft_nonzero() { [ "$(($1))" != 0 ] && echo "$(($1))"; }

bft_prefix() {
	case $1 in
	*/*) echo "${1#*/}" ;;
	"") ;;
	*) echo 0 ;;
	esac
}

bft_table_expect() {
	local table=$1 sig=$2 source=$3 file=$4
	cat <<-EOF
		g_expect tables/$table/signature $sig
		g_expect tables/$table/source $source
		g_expect tables/$table/length $(stat -c %s "$file")
		g_expect tables/$table/revision $(od -An -tu1 -j8 -N1 "$file" | tr -d ' ')
		g_expect tables/$table/oem_id '$(dd if="$file" bs=1 skip=10 count=6 status=none | tr -d '\0')'
		g_expect tables/$table/oem_table_id '$(dd if="$file" bs=1 skip=16 count=8 status=none | tr -d '\0')'
		g_expect tables/$table/status ok
		if cmp -s \$G_SYSFS/tables/$table/raw /tables/$(basename "$file"); then
			g_pass tables/$table/raw
		else
			g_fail tables/$table/raw "differs from the injected table (offset, got, want in octal:" \\
				"\$(cmp -l \$G_SYSFS/tables/$table/raw /tables/$(basename "$file") 2>&1 | head -n 8 | tr '\\n' ' '))"
		fi
	EOF
}

bft_acpi_boot() {
	local name=$1 kver=$2 label=$3 guest=$4 ko f
	local -a acpi=() files=()
	shift 4
	if ! ko=$(vm_our_module "$kver" bft/sanbft.ko 2>&1); then
		fail "$label: $ko"
		return 1
	fi
	for f in "$@"; do
		acpi+=(-acpitable "file=$f")
		files+=(-f "$f:/tables/$(basename "$f")")
	done
	if ! vm_initramfs "$VM_WORK/$name.cpio.gz" "$kver" "$guest" -k "$ko" \
		"${files[@]}"; then
		fail "$label: cannot build the initramfs"
		return 1
	fi
	vm_boot "$name" "$kver" "$VM_WORK/$name.cpio.gz" "${acpi[@]}" \
		"${BFT_QEMU[@]}"
	vm_verdict "$name" "$label"
}

bft_ipxe_boot() {
	local name=$1 kver=$2 label=$3 guest=$4 transport=$5 ko
	if ! ko=$(vm_our_module "$kver" bft/sanbft.ko 2>&1); then
		fail "$label: $ko"
		return 1
	fi
	if ! vm_initramfs "$VM_WORK/$name.cpio.gz" "$kver" "$guest" -k "$ko"; then
		fail "$label: cannot build the initramfs"
		return 1
	fi
	if ! vm_ipxe "$name" "$kver" "$VM_WORK/$name.cpio.gz" "$transport" \
		>"$VM_WORK/$name.setup" 2>&1; then
		fail "$label: cannot set up the iPXE boot: $(tail -n 3 "$VM_WORK/$name.setup")"
		return 1
	fi
	vm_verdict "$name" "$label"
}

bft_lowmem_expect() {
	local table=$1 sig=$2
	cat <<-EOF
		g_expect tables/$table/signature $sig
		g_expect tables/$table/source lowmem
		g_expect tables/$table/status ok
		g_expect tables/$table/oem_id FENSYS
		g_expect tables/$table/oem_table_id iPXE
		a=\$(g_mem_find $sig 0x80000 0xa0000)
		g_info "$sig in /dev/mem at \$a"
		g_check $table-address "\$a" "\$(cat \$G_SYSFS/tables/$table/address)"
		if g_mem_table "\$a" /tmp/$table.mem && cmp -s /tmp/$table.mem \$G_SYSFS/tables/$table/raw; then
			g_pass tables/$table/raw
		else
			g_fail tables/$table/raw "differs from the bytes in /dev/mem at \$a"
		fi
		g_hex $table \$G_SYSFS/tables/$table/raw
	EOF
}

bft_log_expect() {
	cat <<-EOF
		pat='$1'
		log=\$(g_modlog sanbft)
		g_info "\$log"
		g_check log-lines "\$(echo "\$log" | grep -c .)" 1
		case \$log in
		*"sanbft: "\$pat) g_pass log-line ;;
		*) g_fail log-line "'\$log' does not match 'sanbft: \$pat'" ;;
		esac
	EOF
}
