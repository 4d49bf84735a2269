/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ATA over Ethernet (AoE protocol 1, Coraid "AoE r11") wire format, and the
 * bits of ATA the initiator uses (IDENTIFY, READ/WRITE SECTORS (EXT),
 * FLUSH CACHE (EXT)).  Offsets are from the start of the AoE header, the
 * first byte after the Ethernet type field.  Decoders check every length
 * and never read past the buffer.
 *
 * Pure code: compiled into sanblk.ko and into the userspace unit tests and
 * fuzzers; includes only sanblk_pure.h.
 */
#ifndef SANBLK_AOE_WIRE_H
#define SANBLK_AOE_WIRE_H

#include "sanblk_pure.h"

#define SANBLK_AOE_ETHERTYPE	0x88a2
#define SANBLK_AOE_VERSION	1

#define SANBLK_AOE_HDR_LEN	10	/* ver/flags .. tag */
#define SANBLK_AOE_ATA_LEN	12	/* aflags .. reserved */
#define SANBLK_AOE_CFG_LEN	8	/* bufcnt .. cslen */
#define SANBLK_AOE_CS_MAX	1024	/* config string */
#define SANBLK_SECTOR		512

/* header flags (low nibble of the first byte) */
#define SANBLK_AOE_FL_RSP	0x08
#define SANBLK_AOE_FL_ERR	0x04

/* header commands */
#define SANBLK_AOE_CMD_ATA	0
#define SANBLK_AOE_CMD_CFG	1

/* header error codes (when SANBLK_AOE_FL_ERR) */
#define SANBLK_AOE_ERR_BADCMD	1	/* unrecognized command code */
#define SANBLK_AOE_ERR_BADARG	2	/* bad argument parameter */
#define SANBLK_AOE_ERR_DEVUNAVAIL 3	/* device unavailable */
#define SANBLK_AOE_ERR_CFG_SET	4	/* config string present */
#define SANBLK_AOE_ERR_BADVER	5	/* unsupported version */
#define SANBLK_AOE_ERR_RESERVED	6	/* target is reserved */

/* ATA aflags */
#define SANBLK_AOE_AFL_EXT	0x40	/* LBA48 */
#define SANBLK_AOE_AFL_DEV	0x10	/* device/head register is valid */
#define SANBLK_AOE_AFL_ASYNC	0x02
#define SANBLK_AOE_AFL_WRITE	0x01

/* config commands */
#define SANBLK_AOE_CCMD_READ	0
#define SANBLK_AOE_CCMD_TEST	1	/* exact match */
#define SANBLK_AOE_CCMD_PTEST	2	/* prefix match */
#define SANBLK_AOE_CCMD_SET	3
#define SANBLK_AOE_CCMD_FSET	4

/* ATA commands and registers */
#define SANBLK_ATA_READ		0x20
#define SANBLK_ATA_READ_EXT	0x24
#define SANBLK_ATA_WRITE	0x30
#define SANBLK_ATA_WRITE_EXT	0x34
#define SANBLK_ATA_FLUSH	0xe7
#define SANBLK_ATA_FLUSH_EXT	0xea
#define SANBLK_ATA_IDENTIFY	0xec

#define SANBLK_ATA_ST_BSY	0x80
#define SANBLK_ATA_ST_DRDY	0x40
#define SANBLK_ATA_ST_DF	0x20
#define SANBLK_ATA_ST_DRQ	0x08
#define SANBLK_ATA_ST_ERR	0x01

/* The highest LBA each addressing can name, and so how many sectors. */
#define SANBLK_ATA_LBA28_MAX	((1ULL << 28) - 1)
#define SANBLK_ATA_LBA48_MAX	((1ULL << 48) - 1)
#define SANBLK_ATA_LBA28_SECTORS	(SANBLK_ATA_LBA28_MAX + 1)
#define SANBLK_ATA_LBA48_SECTORS	(SANBLK_ATA_LBA48_MAX + 1)
#define SANBLK_ATA_ID_LEN	512

struct sanblk_aoe_hdr {
	u8 ver;
	u8 flags;
	u8 error;
	u16 major;		/* shelf */
	u8 minor;		/* slot */
	u8 cmd;
	u32 tag;
};

struct sanblk_aoe_ata {
	u8 aflags;
	u8 feature;		/* error register in a response */
	u8 scnt;		/* sector count */
	u8 cmd;			/* status register in a response */
	u64 lba;		/* 48 bits; for LBA28 byte 3 is the device reg */
};

struct sanblk_aoe_cfg {
	u16 bufcnt;		/* commands the target queues */
	u16 fwver;
	u8 scnt;		/* sectors per ATA command, 0 = unknown */
	u8 aoever;		/* protocol version the target speaks */
	u8 ccmd;
	u16 cslen;
	const u8 *cs;		/* points into the decoded buffer */
};

/* What the initiator needs out of ATA IDENTIFY DEVICE. */
struct sanblk_ata_id {
	u64 sectors;		/* 512-byte sectors, no more than lba48 reaches */
	u64 claimed;		/* what the target said: words 60-61 or 100-103 */
	bool clamped;		/* claimed > sectors: cut to the reach, log it */
	bool lba48;		/* LBA48 commands, else LBA28 */
	bool write_cache;	/* volatile write cache enabled */
	bool flush;		/* FLUSH CACHE supported */
	bool flush_ext;		/* FLUSH CACHE EXT supported */
	char serial[21];
	char firmware[9];
	char model[41];
};

/* Encoders return the bytes written or -ENOSPC. */
int sanblk_aoe_put_hdr(u8 *buf, size_t len, const struct sanblk_aoe_hdr *h);
int sanblk_aoe_put_ata(u8 *buf, size_t len, const struct sanblk_aoe_ata *a);
int sanblk_aoe_put_cfg(u8 *buf, size_t len, const struct sanblk_aoe_cfg *c);

/*
 * Decoders return the bytes consumed, or -EMSGSIZE when buf is too short,
 * -EPROTONOSUPPORT for another AoE version (sanblk_aoe_get_hdr).
 */
int sanblk_aoe_get_hdr(const u8 *buf, size_t len, struct sanblk_aoe_hdr *h);
int sanblk_aoe_get_ata(const u8 *buf, size_t len, struct sanblk_aoe_ata *a);
int sanblk_aoe_get_cfg(const u8 *buf, size_t len, struct sanblk_aoe_cfg *c);

/*
 * Fill an ATA READ/WRITE SECTORS (EXT) command for nsect sectors at lba:
 * LBA48 when lba48, else LBA28 with the device register set.  Returns
 * -ERANGE when the range does not fit the addressing, -EINVAL for
 * nsect 0 or above 255 (the AoE sector count is one byte).
 */
int sanblk_aoe_ata_rw(struct sanblk_aoe_ata *a, bool write, bool lba48,
		      u64 lba, unsigned int nsect);
/* IDENTIFY DEVICE, and FLUSH CACHE (EXT when ext). */
void sanblk_aoe_ata_identify(struct sanblk_aoe_ata *a);
void sanblk_aoe_ata_flush(struct sanblk_aoe_ata *a, bool ext);

/*
 * Decode IDENTIFY DEVICE data; -EMSGSIZE when short, -ENODEV no LBA.
 *
 * The disk is addressed with LBA48 when word 83 is valid and it and word
 * 86 say the 48-bit feature set is supported and enabled and words
 * 100-103 hold a count; otherwise with LBA28 and the count of words 60-61
 * (words 100-103 are then ignored, whatever they hold).  The target is
 * not trusted to claim only what that addressing reaches, LBAs 0 to
 * SANBLK_ATA_LBA28_MAX or SANBLK_ATA_LBA48_MAX: a larger count is cut to
 * SANBLK_ATA_LBA28_SECTORS or SANBLK_ATA_LBA48_SECTORS and clamped set,
 * claimed keeping the count as given, so that the caller can say so
 * ("claims N sectors, LBA28 reaches M").  Every sector below id->sectors
 * is then one sanblk_aoe_ata_rw() can encode.  ATA caps the counts one
 * below the reach (words 60-61 at 0x0fffffff, words 100-103 at 2^48 - 1),
 * so a target that keeps to the standard is never clamped.
 */
int sanblk_ata_identify_parse(const u8 *buf, size_t len,
			      struct sanblk_ata_id *id);

/* "device unavailable", "bad argument parameter", ... */
const char *sanblk_aoe_error_name(u8 error);
/* "status 0x51 (DRDY ERR) error 0x04 (ABRT)": snprintf-style return. */
int sanblk_ata_status_format(u8 status, u8 error, char *buf, size_t len);
/* Whether an ATA status byte in a response means failure. */
static inline bool sanblk_ata_failed(u8 status)
{
	return status & (SANBLK_ATA_ST_ERR | SANBLK_ATA_ST_DF |
			 SANBLK_ATA_ST_BSY);
}

/*
 * Sectors per frame: what fits in mtu after the AoE and ATA headers,
 * capped by the target's scnt (0 = no cap) and by 255.
 */
unsigned int sanblk_aoe_frame_sectors(unsigned int mtu, u8 target_scnt);

#endif /* SANBLK_AOE_WIRE_H */
