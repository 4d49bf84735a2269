/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The target string, one grammar everywhere (sanblk.target=, the bus "add"
 * attribute, sanctl, the firmware root_path):
 *
 *   aoe:e<shelf>.<slot>[,options]
 *   iscsi:[user:pass[:ruser:rpass]@]<server>:[proto]:[port]:[lun]:<name>[,options]
 *
 * <server> is an IPv4 address or a bracketed IPv6 address (the kernel has no
 * resolver).  [proto] is empty or 6 (TCP), [port] defaults to 3260.  [lun]
 * is RFC 4173 hexadecimal in up to four '-'-separated 16-bit groups, as
 * iPXE reads it: "1" is LUN 1 and "10" is LUN 16 (0x10); empty is LUN 0.
 * <name> is the rest up to the first ',' and may contain ':'.  Credentials
 * end at the last '@' and may not contain ':'.
 *
 * Options, comma-separated: nic=<name|MAC>, timeout=<seconds, 0 = never>,
 * ro, rw, initiator=<iqn>, ip=<addr>/<prefix>, gw=<addr>, vlan=<1-4094>,
 * header_digest=none|crc32c, data_digest=none|crc32c, conns=<1-16>,
 * chap=<absolute path> (the credentials, in the form above, read from a
 * root-only file when the disk is created; not with inline credentials).
 * ip= and vlan= need nic=: they say what to give that NIC.
 *
 * Pure code: compiled into sanblk.ko and into the userspace unit tests and
 * fuzzers; includes only sanblk_pure.h and the pure sanblk_text.h.
 */
#ifndef SANBLK_TARGET_H
#define SANBLK_TARGET_H

#include "sanblk_pure.h"
#include "sanblk_text.h"

#define SANBLK_TARGET_MAX	1024	/* longest target string accepted */
#define SANBLK_IQN_MAX		224	/* RFC 3720: 223 bytes + NUL */
#define SANBLK_SECRET_MAX	256
#define SANBLK_CHAP_PATH_MAX	256	/* chap= path, NUL included */
/* Longest chap= file: four fields of 255 bytes, three ':', a newline. */
#define SANBLK_CHAP_FILE_MAX	(4 * (SANBLK_SECRET_MAX - 1) + 4)
#define SANBLK_NICNAME_MAX	16	/* IFNAMSIZ */
#define SANBLK_ERR_MAX		160	/* one message line */
#define SANBLK_ISCSI_PORT	3260
#define SANBLK_CONNS_MAX	16	/* iSCSI connections per disk */
#define SANBLK_AOE_SHELF_MAX	65534	/* 0xffff is the broadcast shelf */
#define SANBLK_AOE_SLOT_MAX	254	/* 0xff is the broadcast slot */
#define SANBLK_VLAN_MAX		4094
/* Longest timeout= (seconds): a year; 0 means never. */
#define SANBLK_TIMEOUT_MAX	31536000

enum sanblk_transport_kind {
	SANBLK_TRANSPORT_NONE = 0,
	SANBLK_TRANSPORT_AOE,
	SANBLK_TRANSPORT_ISCSI,
};

enum sanblk_digest {
	SANBLK_DIGEST_NONE = 0,
	SANBLK_DIGEST_CRC32C,
};

struct sanblk_addr {
	u8 family;		/* 0 (absent), 4 or 6 */
	u8 addr[16];		/* IPv4 in addr[0..3] */
};

struct sanblk_target {
	enum sanblk_transport_kind transport;

	/* aoe */
	u16 shelf;
	u8 slot;

	/* iscsi */
	struct sanblk_addr server;
	u16 port;
	u8 lun[8];		/* SAM LUN as on the wire */
	char name[SANBLK_IQN_MAX];
	char user[SANBLK_SECRET_MAX];
	char pass[SANBLK_SECRET_MAX];
	char ruser[SANBLK_SECRET_MAX];
	char rpass[SANBLK_SECRET_MAX];
	enum sanblk_digest header_digest;
	enum sanblk_digest data_digest;
	char initiator[SANBLK_IQN_MAX];
	u8 conns;		/* connections; 0: the module's default */
	char chap_file[SANBLK_CHAP_PATH_MAX];	/* chap=, "" when not given */

	/* both */
	char nic_name[SANBLK_NICNAME_MAX];	/* "" when not given by name */
	bool has_nic_mac;
	u8 nic_mac[6];
	bool has_timeout;
	u32 timeout;		/* seconds, 0 = never; valid if has_timeout */
	bool ro;
	struct sanblk_addr ip;	/* address to give the NIC when it has none */
	u8 prefix;
	struct sanblk_addr gw;
	u16 vlan;		/* iscsi: the VLAN on the NIC, 0 = none */
};

/*
 * Parse s into *t.  Returns 0, or -EINVAL with one line in err naming the
 * field and the offending value, e.g. "aoe: shelf '70000' out of range
 * 0-65534".  Credentials never appear in err.
 */
int sanblk_target_parse(const char *s, struct sanblk_target *t,
			char *err, size_t errlen);

/*
 * Canonical form without credentials.  With options, the non-default
 * options follow in a fixed order.  Returns the length written (as
 * snprintf; truncated output is NUL-terminated).
 */
int sanblk_target_format(const struct sanblk_target *t, bool options,
			 char *buf, size_t len);

/*
 * The contents of t's chap= file, buf[0..n) (not NUL-terminated): one line
 * of user:secret or user:secret:ruser:rsecret, a trailing newline ignored,
 * into t's credential fields.  Returns 0, or -EINVAL with one line in err
 * to follow "chap file <path>: " that never quotes the contents; t then
 * holds no credential from buf.
 */
int sanblk_target_read_creds(struct sanblk_target *t, const char *buf,
			     size_t n, char *err, size_t errlen);

/* Whether a and b name the same iSCSI target and LUN, however reached. */
bool sanblk_target_same_lun(const struct sanblk_target *a,
			    const struct sanblk_target *b);
/* Whether a and b name the same remote disk (options are ignored). */
bool sanblk_target_same(const struct sanblk_target *a,
			const struct sanblk_target *b);

/*
 * Text helpers, also used for sysfs.  An address of no family reads
 * "none"; the others, and LUNs (sanblk_format_lun()), are written by the
 * code shared with sanbft.ko (sanblk_text.h).
 */
int sanblk_format_addr(const struct sanblk_addr *a, char *buf, size_t len);
int sanblk_parse_mac(const char *s, size_t n, u8 mac[6]);

#endif /* SANBLK_TARGET_H */
