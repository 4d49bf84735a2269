/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The SCSI commands the iSCSI transport sends (SBC/SPC): CDB builders,
 * parsers for what the target answers, sense data decoding and what to do
 * about a status.  Every length a target sends is bounded by both the
 * buffer it arrived in and the length field that announces it, whichever
 * is smaller; nothing here trusts either alone.
 *
 * scsi.c: CDBs, READ CAPACITY, MODE SENSE, REPORT LUNS.
 * inquiry.c: standard INQUIRY and the VPD pages.
 * sense.c: sense data, status to action, text for the kernel log.
 *
 * Pure code: compiled into sanblk.ko and into the userspace unit tests and
 * fuzzers; includes only sanblk_pure.h.
 */
#ifndef SANBLK_ISCSI_SCSI_H
#define SANBLK_ISCSI_SCSI_H

#include "sanblk_pure.h"

static inline size_t sanblk_scsi_min(size_t a, size_t b)
{
	return a < b ? a : b;
}

#define SANBLK_SCSI_CDB_MAX		16
#define SANBLK_SCSI_INQUIRY_LEN		36	/* standard data we need */
#define SANBLK_SCSI_RC16_LEN		32
#define SANBLK_SCSI_RC10_LEN		8
#define SANBLK_SCSI_UNMAP_PARAM_LEN	24	/* header and one descriptor */
#define SANBLK_SCSI_SENSE_MAX		252	/* SPC: 8 + 244 */

/*
 * CDB builders: fill cdb[SANBLK_SCSI_CDB_MAX] (zeroing what the command
 * does not use) and return the CDB length, or -EINVAL for arguments no
 * CDB can carry.
 */
int sanblk_scsi_cdb_rw(u8 *cdb, bool write, u64 lba, u32 blocks, bool fua);
int sanblk_scsi_cdb_sync(u8 *cdb, u64 lba, u32 blocks);
int sanblk_scsi_cdb_inquiry(u8 *cdb, int vpd_page, u16 alloc);
int sanblk_scsi_cdb_read_capacity16(u8 *cdb, u32 alloc);
int sanblk_scsi_cdb_read_capacity10(u8 *cdb);
int sanblk_scsi_cdb_report_luns(u8 *cdb, u32 alloc);
int sanblk_scsi_cdb_tur(u8 *cdb);
int sanblk_scsi_cdb_mode_sense10(u8 *cdb, u8 page, u8 subpage, u16 alloc);
int sanblk_scsi_cdb_unmap(u8 *cdb, u16 param_len);
int sanblk_scsi_unmap_param(u8 *buf, size_t len, u64 lba, u32 blocks);
int sanblk_scsi_cdb_write_same16(u8 *cdb, u64 lba, u32 blocks, bool unmap);

#define SANBLK_SCSI_MODE_CACHING	0x08
#define SANBLK_SCSI_MODE_ALL		0x3f

/*
 * Standard INQUIRY data.  Qualifier 3 (0x7f in byte 0) means there is no
 * logical unit behind this LUN.  Strings are the fields without leading
 * or trailing blanks (or NUL padding), non-printable bytes shown as '?'.
 */
struct sanblk_scsi_inquiry {
	u8 qualifier, pdt;
	bool removable;
	u8 version;
	char vendor[9], product[17], revision[5];
};

#define SANBLK_SCSI_PDT_DISK		0x00
#define SANBLK_SCSI_PDT_CONTROLLER	0x0c
#define SANBLK_SCSI_PDT_NONE		0x1f
#define SANBLK_SCSI_QUAL_NONE		3

int sanblk_scsi_parse_inquiry(const u8 *buf, size_t len,
			      struct sanblk_scsi_inquiry *inq);
const char *sanblk_scsi_pdt_name(u8 pdt);

/* VPD pages we use, as bits of sanblk_scsi_parse_vpd_list()'s bitmap. */
#define SANBLK_SCSI_VPD_LIST		0x00
#define SANBLK_SCSI_VPD_SERIAL		0x80
#define SANBLK_SCSI_VPD_DEVID		0x83
#define SANBLK_SCSI_VPD_LIMITS		0xb0
#define SANBLK_SCSI_VPD_BDC		0xb1
#define SANBLK_SCSI_VPD_LBP		0xb2
#define SANBLK_SCSI_HAVE_LIST		0x01
#define SANBLK_SCSI_HAVE_SERIAL		0x02
#define SANBLK_SCSI_HAVE_DEVID		0x04
#define SANBLK_SCSI_HAVE_LIMITS		0x08
#define SANBLK_SCSI_HAVE_BDC		0x10
#define SANBLK_SCSI_HAVE_LBP		0x20

/*
 * The VPD parsers return 0, or -EINVAL when the reply is not the page
 * asked for or too short for what must be in it.
 */
int sanblk_scsi_parse_vpd_list(const u8 *buf, size_t len, u32 *pages);

/*
 * The text parsers (unit serial number, device identification) write a
 * NUL-terminated string of at most outlen bytes and return the length
 * of the whole text, as snprintf() does, or a negative errno.
 */
int sanblk_scsi_parse_vpd_serial(const u8 *buf, size_t len, char *out,
				 size_t outlen);

/*
 * The best logical unit designator of page 0x83 (association LU; port
 * and target designators are skipped): "naa.<hex>" (NAA 6, then 5, then
 * 3 or 2), "eui.<hex>" (EUI-64 of 16, 12, then 8 bytes),
 * "t10.<vendor id>", "name.<SCSI name string>", in that order of
 * preference.  -ENOENT when there is none.
 */
int sanblk_scsi_parse_vpd_devid(const u8 *buf, size_t len, char *out,
				size_t outlen);

/* Block Limits (0xb0); 0 where the target leaves a field out or zero. */
struct sanblk_scsi_limits {
	u32 max_xfer_blocks;
	u32 opt_xfer_blocks;
	u32 max_unmap_blocks;
	u32 max_unmap_desc;
	u32 unmap_granularity;
	u64 max_write_same_blocks;
};

int sanblk_scsi_parse_vpd_limits(const u8 *buf, size_t len,
				 struct sanblk_scsi_limits *l);

/* Logical Block Provisioning (0xb2) */
struct sanblk_scsi_provisioning {
	bool lbpu, lbpws, lbpws10, lbprz;
};

int sanblk_scsi_parse_vpd_lbp(const u8 *buf, size_t len,
			      struct sanblk_scsi_provisioning *p);

/*
 * READ CAPACITY: blocks is the last LBA + 1; the block size must be a
 * power of two from 512 to 65536, else -EINVAL.  READ CAPACITY(10)
 * answers -EOVERFLOW when the disk is too large for it (last LBA
 * 0xffffffff): ask READ CAPACITY(16).
 */
struct sanblk_scsi_capacity {
	u64 blocks;
	u32 block_size;
	u8 phys_exp;		/* log2 of logical blocks per physical block */
	bool lbpme, lbprz;
};

int sanblk_scsi_parse_capacity16(const u8 *buf, size_t len,
				 struct sanblk_scsi_capacity *c);

/*
 * What the LUN offers for discards and for writing zeroes, from READ
 * CAPACITY(16)'s LBPME and the block limits and provisioning VPD pages,
 * as sd does: discards only on a thin-provisioned LUN (LBPME), with UNMAP
 * when it is supported and has limits, else WRITE SAME(16) with UNMAP;
 * zeroes with WRITE SAME(16) when the LUN gives it a length (or, thin
 * and with WRITE SAME + UNMAP, up to sd's default length), unmapping as
 * well when unmapped blocks read zeroes.  Lengths are in logical blocks,
 * at most max_blocks (the caller's bound); 0 means not offered.
 */
#define SANBLK_SCSI_WS_BLOCKS	0x7fffff	/* WRITE SAME without a limit: sd's */

struct sanblk_scsi_provision_plan {
	u32 discard_blocks;
	bool discard_unmap;		/* UNMAP; else WRITE SAME(16) + UNMAP */
	u32 zeroes_blocks;
	bool zeroes_unmap;		/* WRITE SAME(16) may set UNMAP */
};

void sanblk_scsi_plan_provisioning(const struct sanblk_scsi_capacity *cap,
				   const struct sanblk_scsi_limits *l,
				   const struct sanblk_scsi_provisioning *p,
				   u32 max_blocks,
				   struct sanblk_scsi_provision_plan *plan);
int sanblk_scsi_parse_capacity10(const u8 *buf, size_t len,
				 struct sanblk_scsi_capacity *c);

/*
 * MODE SENSE(10) reply: the header's write protect and DPOFUA bits, and
 * the caching page.  -ENOENT when the reply holds no caching page.
 */
struct sanblk_scsi_caching {
	bool wce, rcd, dpofua, wp;
};

int sanblk_scsi_parse_mode_caching(const u8 *buf, size_t len,
				   struct sanblk_scsi_caching *c);

/*
 * REPORT LUNS: store up to max LUNs (the 8 bytes as a big-endian number)
 * and return how many were stored.  sanblk_scsi_report_luns_len() says
 * how many bytes the whole list needs, to ask again with more room.
 */
int sanblk_scsi_parse_report_luns(const u8 *buf, size_t len, u64 *luns,
				  int max);
u32 sanblk_scsi_report_luns_len(const u8 *buf, size_t len);

/* A single-level LUN as a number for messages; 0xffffffff if it is not. */
u32 sanblk_scsi_lun_number(const u8 lun[8]);

static inline void sanblk_scsi_lun_bytes(u8 out[8], u64 lun)
{
	sanblk_put_be64(out, lun);
}

/* Sense data, fixed (0x70/0x71) and descriptor (0x72/0x73) formats. */
struct sanblk_scsi_sense {
	u8 key, asc, ascq;
	bool valid;		/* a sense format we know */
	bool deferred;		/* about an earlier command */
	bool info_valid;	/* info holds the INFORMATION field */
	u64 info;
};

#define SANBLK_SCSI_KEY_NO_SENSE	0x0
#define SANBLK_SCSI_KEY_RECOVERED	0x1
#define SANBLK_SCSI_KEY_NOT_READY	0x2
#define SANBLK_SCSI_KEY_MEDIUM		0x3
#define SANBLK_SCSI_KEY_HARDWARE	0x4
#define SANBLK_SCSI_KEY_ILLEGAL		0x5
#define SANBLK_SCSI_KEY_UNIT_ATTENTION	0x6
#define SANBLK_SCSI_KEY_DATA_PROTECT	0x7
#define SANBLK_SCSI_KEY_ABORTED		0xb
#define SANBLK_SCSI_KEY_MISCOMPARE	0xe

/* 0, or -EINVAL (s->valid false) when buf holds no sense data we know. */
int sanblk_scsi_parse_sense(const u8 *buf, size_t len,
			    struct sanblk_scsi_sense *s);
/*
 * iSCSI SCSI Response data segment (RFC 7143 11.4.7): SenseLength, then
 * the sense data.  -ENODATA when the segment carries none.
 */
int sanblk_scsi_iscsi_sense(const u8 *seg, size_t len,
			    struct sanblk_scsi_sense *s);

/* SAM status byte */
#define SANBLK_SCSI_GOOD		0x00
#define SANBLK_SCSI_CHECK_CONDITION	0x02
#define SANBLK_SCSI_CONDITION_MET	0x04
#define SANBLK_SCSI_BUSY		0x08
#define SANBLK_SCSI_RESERVATION_CONFLICT	0x18
#define SANBLK_SCSI_TASK_SET_FULL	0x28
#define SANBLK_SCSI_ACA_ACTIVE		0x30
#define SANBLK_SCSI_TASK_ABORTED	0x40

enum sanblk_scsi_action {
	SANBLK_SCSI_OK,		/* GOOD, or recovered error */
	/*
	 * UNIT ATTENTION (but those below), ABORTED COMMAND, BUSY, TASK
	 * SET FULL, deferred errors: again at once, a bounded number of
	 * times.
	 */
	SANBLK_SCSI_RETRY,
	/*
	 * NOT READY for a while (becoming ready, an operation in
	 * progress, ALUA transition): again within the disk's timeout.
	 */
	SANBLK_SCSI_RETRY_LATER,
	/*
	 * UA capacity, mode parameters, inquiry data or LUN inventory
	 * changed: identify the LU again, then retry.
	 */
	SANBLK_SCSI_CHANGED,
	SANBLK_SCSI_FAIL_MEDIUM,	/* MEDIUM ERROR (BLK_STS_MEDIUM) */
	SANBLK_SCSI_FAIL_NOSPC,		/* thin pool out of space (27/07) */
	SANBLK_SCSI_FAIL_PROTECT,	/* DATA PROTECT: write protected */
	SANBLK_SCSI_FAIL_NOTSUPP,	/* invalid opcode or field in CDB */
	SANBLK_SCSI_FAIL,		/* anything else: I/O error */
};

/* s may be NULL, and is only read for CHECK CONDITION. */
enum sanblk_scsi_action
sanblk_scsi_status_action(u8 status, const struct sanblk_scsi_sense *s);

/*
 * The command went to a LUN the target does not have: CHECK CONDITION,
 * ILLEGAL REQUEST, LOGICAL UNIT NOT SUPPORTED (25/00).  LIO answers an
 * INQUIRY to an unmapped LUN so; tgtd returns INQUIRY data with
 * peripheral qualifier 011b instead.
 */
bool sanblk_scsi_lun_unsupported(int status,
				 const struct sanblk_scsi_sense *s);

/*
 * One line for the kernel log, snprintf() semantics:
 * "MEDIUM ERROR: unrecovered read error (11/00) at LBA 1234".
 */
int sanblk_scsi_sense_text(const struct sanblk_scsi_sense *s, char *buf,
			   size_t len);
const char *sanblk_scsi_status_name(u8 status);
const char *sanblk_scsi_key_name(u8 key);

#endif /* SANBLK_ISCSI_SCSI_H */
