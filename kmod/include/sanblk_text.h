/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Text that both modules write the same way: IP addresses (IPv6 in the
 * RFC 5952 form) and LUNs (RFC 4173 hex groups, as iPXE reads and writes
 * them).  One implementation, kmod/common/text.c, built into sanbft.ko and
 * into sanblk.ko (each module's text.c includes it) and into the userspace
 * unit tests and fuzzers.  Every function has snprintf semantics: it
 * returns the length of the full text and writes at most len bytes,
 * NUL-terminated when len is not 0.
 *
 * Pure code: includes only sanblk_pure.h.
 */
#ifndef SANBLK_TEXT_H
#define SANBLK_TEXT_H

#include "sanblk_pure.h"

#define SANBLK_IP_TEXT_MAX	40	/* 8 groups of 4, 7 ':' and a NUL */
#define SANBLK_LUN_TEXT_MAX	20	/* "ffff-ffff-ffff-ffff" and a NUL */

/*
 * family 4: dotted quad of addr[0..3]; family 6: RFC 5952 text of addr
 * (lowercase, no leading zeros, the longest run of two or more zero
 * groups - the first of equal runs - written "::").  Any other family:
 * -EINVAL and buf the empty string; what an absent address reads as is
 * the caller's choice.
 */
int sanblk_format_ip(u8 family, const u8 addr[16], char *buf, size_t len);

/*
 * An 8-byte SAM LUN as four big-endian 16-bit groups in hex joined by '-',
 * trailing all-zero groups dropped, at least one group: "0", "1", "1-2",
 * "0-0-0-7" (iPXE's scsi_parse_lun() reads it back to the same bytes).
 */
int sanblk_format_lun(const u8 lun[8], char *buf, size_t len);

#endif /* SANBLK_TEXT_H */
