/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Pure, bounds-checked parsers for the boot firmware tables: the iSCSI Boot
 * Firmware Table (iBFT, also seen as IBFT or BIFT) and the AoE Boot Firmware
 * Table (aBFT).  Everything here works on (buf, len) alone, never reads past
 * len, and compiles both into sanbft.ko and into the userspace unit tests and
 * fuzzers.  Only sanblk_pure.h may be included.
 */
#ifndef SANBFT_BFT_PARSE_H
#define SANBFT_BFT_PARSE_H

#include "sanblk_pure.h"

#define SANBFT_ISCSI_NAME_MAX	224	/* RFC 3720: 223 bytes + NUL */
#define SANBFT_HOSTNAME_MAX	256
#define SANBFT_CHAP_MAX		256
#define SANBFT_ERR_MAX		160	/* one log line describing a defect */
#define SANBFT_ROOT_PATH_MAX	320

/* iBFT structure ids and flag bits (iBFT 1.03) */
#define SANBFT_IBFT_ID_CONTROL		1
#define SANBFT_IBFT_ID_INITIATOR	2
#define SANBFT_IBFT_ID_NIC		3
#define SANBFT_IBFT_ID_TARGET		4
#define SANBFT_IBFT_ID_EXTENSIONS	5

#define SANBFT_FL_VALID			0x01
#define SANBFT_FL_BOOT_SELECTED		0x02
#define SANBFT_NIC_FL_GLOBAL		0x04	/* address is global, not link-local */
#define SANBFT_TGT_FL_RADIUS_CHAP	0x04
#define SANBFT_TGT_FL_RADIUS_RCHAP	0x08

#define SANBFT_CHAP_NONE		0
#define SANBFT_CHAP_ONEWAY		1
#define SANBFT_CHAP_MUTUAL		2

/* Sizes of the fixed parts (BUILD_BUG_ON'd against the wire layout). */
#define SANBFT_ACPI_HDR_LEN		36
#define SANBFT_IBFT_HDR_LEN		48
#define SANBFT_IBFT_CONTROL_LEN		18
#define SANBFT_IBFT_INITIATOR_LEN	74
#define SANBFT_IBFT_NIC_LEN		102
#define SANBFT_IBFT_TARGET_LEN		54
#define SANBFT_ABFT_LEN			46

enum sanbft_transport {
	SANBFT_TRANSPORT_NONE = 0,
	SANBFT_TRANSPORT_AOE,
	SANBFT_TRANSPORT_ISCSI,
};

/* An address as the table holds it: family 0 when all-zero (absent). */
struct sanbft_ip {
	u8 family;		/* 0, 4 or 6 */
	u8 addr[16];		/* IPv4 in addr[0..3], IPv6 in all 16 */
};

struct sanbft_table_info {
	char signature[5];	/* "iBFT", "IBFT", "BIFT" or "aBFT" */
	u32 length;
	u8 revision;
	char oem_id[7];
	char oem_table_id[9];
};

struct sanbft_initiator {
	u8 flags;
	struct sanbft_ip isns, slp, radius[2];
	char name[SANBFT_ISCSI_NAME_MAX];
};

struct sanbft_nic {
	u8 index;
	u8 flags;
	u8 origin;		/* NL_PREFIX_ORIGIN: 0 other, 1 manual, 3 DHCP... */
	u8 prefix;
	struct sanbft_ip ip, gateway, dns[2], dhcp;
	u16 vlan;		/* 0 = none */
	u8 mac[6];
	u16 pci_bdf;		/* bus << 8 | device << 3 | function */
	char hostname[SANBFT_HOSTNAME_MAX];
};

struct sanbft_target {
	u8 index;
	u8 flags;
	struct sanbft_ip ip;
	u16 port;
	u8 lun[8];		/* SAM LUN, as on the wire */
	u8 chap_type;		/* SANBFT_CHAP_* */
	u8 nic_index;		/* index of the NIC structure to use */
	char name[SANBFT_ISCSI_NAME_MAX];
	char chap_name[SANBFT_CHAP_MAX];
	char chap_secret[SANBFT_CHAP_MAX];
	char rchap_name[SANBFT_CHAP_MAX];
	char rchap_secret[SANBFT_CHAP_MAX];
};

/*
 * A validated iBFT.  sanbft_ibft_parse() checks the whole table (header,
 * checksum, control structure, every structure it lists and every string
 * offset+length) before it says yes; the accessors below then decode one
 * structure at a time and cannot fail on a table it accepted.  The control
 * structure may list any number of NIC/target structures.
 */
struct sanbft_ibft {
	const u8 *buf;
	size_t len;			/* == info.length */
	struct sanbft_table_info info;
	u16 control_len;
	unsigned int n_initiators;	/* 0 or 1 */
	unsigned int n_nics;
	unsigned int n_targets;
};

struct sanbft_abft {
	struct sanbft_table_info info;
	u16 shelf;
	u8 slot;
	u8 mac[6];
};

/*
 * A boot entry: one target with the NIC it names and the initiator, ready
 * for sanblk.  For AoE only nic.mac, shelf and slot are meaningful.
 */
struct sanbft_entry {
	enum sanbft_transport transport;
	bool valid;			/* target (and its NIC) flagged valid */
	bool boot_selected;		/* target flagged firmware-boot-selected */
	bool has_nic;			/* a NIC structure with nic_index exists */
	struct sanbft_nic nic;
	struct sanbft_target target;	/* iSCSI */
	char initiator_name[SANBFT_ISCSI_NAME_MAX];
	u16 shelf;			/* AoE */
	u8 slot;			/* AoE */
};

/*
 * Return 0 and fill *t when buf[0..len) is a well-formed table; otherwise
 * return -EINVAL and write one line naming the exact defect into err (e.g.
 * "checksum 0x3c, expected 0", "target0 name offset 0x2f0+22 beyond table
 * length 0x251").  len is how much memory may be read; the table's own
 * length field must fit inside it.  t->buf points into buf.
 */
int sanbft_ibft_parse(const void *buf, size_t len, struct sanbft_ibft *t,
		      char *err, size_t errlen);
int sanbft_abft_parse(const void *buf, size_t len, struct sanbft_abft *t,
		      char *err, size_t errlen);

/* Decode the i-th structure of a kind (0-based, in control-list order). */
int sanbft_ibft_initiator(const struct sanbft_ibft *t,
			  struct sanbft_initiator *ini);
int sanbft_ibft_nic(const struct sanbft_ibft *t, unsigned int i,
		    struct sanbft_nic *nic);
int sanbft_ibft_target(const struct sanbft_ibft *t, unsigned int i,
		       struct sanbft_target *tgt);

/* Boot entry i of an iBFT (one per target structure) and of an aBFT. */
int sanbft_ibft_entry(const struct sanbft_ibft *t, unsigned int i,
		      struct sanbft_entry *e);
void sanbft_abft_entry(const struct sanbft_abft *t, struct sanbft_entry *e);

/*
 * Canonical root path in the DESIGN.md grammar, without credentials:
 * "aoe:e<shelf>.<slot>" or "iscsi:<server>::<port>:<lun>:<name>", server
 * bracketed when IPv6, LUN in RFC 4173 hex groups, port left empty when
 * the table says 0.  Returns the length written (as snprintf) or -EINVAL
 * for an entry with no transport, or an iSCSI entry without a target
 * address or name (buf is then the empty string).
 */
int sanbft_root_path(const struct sanbft_entry *e, char *buf, size_t len);

/*
 * Text helpers shared by sysfs and the tests.  An absent address (family
 * 0) is the empty string; the text of the others and of LUNs is the one
 * sanblk.ko writes too (sanblk_text.h).
 */
int sanbft_format_ip(const struct sanbft_ip *ip, char *buf, size_t len);
int sanbft_format_lun(const u8 lun[8], char *buf, size_t len);
int sanbft_format_mac(const u8 mac[6], char *buf, size_t len);
/* A table signature for an error message: printable, others as \xNN. */
int sanbft_format_signature(const u8 sig[4], char *buf, size_t len);

/*
 * Shared by both parsers (table.c): the checks of the ACPI-style header once
 * the table's own length tlen is known to cover it (length within the len
 * bytes available, revision 1, checksum 0), and its decoding.
 */
int sanbft_table_check(const u8 *p, u32 tlen, size_t len, char *err,
		       size_t errlen);
void sanbft_table_info(const u8 *p, struct sanbft_table_info *info);

#endif /* SANBFT_BFT_PARSE_H */
