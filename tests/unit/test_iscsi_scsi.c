// SPDX-License-Identifier: GPL-2.0-only
// SOURCES: kmod/blk/iscsi/scsi.c kmod/blk/iscsi/inquiry.c kmod/blk/iscsi/sense.c
/*
 * SCSI for the iSCSI transport: CDBs byte-exact against SBC/SPC (and the
 * 10/16 selection at its boundaries), replies as tgtd and LIO send them,
 * truncated replies and lying length fields, sense in both formats, what
 * each status asks for, and the log text.
 */
#include "iscsi/scsi.h"
#include "unit.h"

#define BYTES(s)	((const u8 *)(s)), (sizeof(s) - 1)

static void cdb_rw(void)
{
	static const u8 r10[16] = { 0x28, 0, 0x12, 0x34, 0x56, 0x78, 0, 0, 8 };
	static const u8 w10[16] = { 0x2a, 0x08, 0xff, 0xff, 0xff, 0xff, 0,
				    0xff, 0xff };
	static const u8 r16[16] = { 0x88, 0, 0, 0, 0, 1, 0, 0, 0, 0,
				    0, 0, 0, 8 };
	static const u8 w16[16] = { 0x8a, 0x08, 0, 0, 0, 0, 0, 0, 0, 0,
				    0, 1, 0, 0 };
	u8 cdb[16];

	memset(cdb, 0xee, sizeof(cdb));
	CHECK_INT(sanblk_scsi_cdb_rw(cdb, false, 0x12345678, 8, false), 10);
	CHECK(!memcmp(cdb, r10, 16));
	/* the largest LBA and count READ/WRITE(10) carry */
	CHECK_INT(sanblk_scsi_cdb_rw(cdb, true, 0xffffffff, 0xffff, true), 10);
	CHECK(!memcmp(cdb, w10, 16));
	CHECK_INT(sanblk_scsi_cdb_rw(cdb, false, 0x100000000ull, 8, false), 16);
	CHECK(!memcmp(cdb, r16, 16));
	CHECK_INT(sanblk_scsi_cdb_rw(cdb, true, 0, 0x10000, true), 16);
	CHECK(!memcmp(cdb, w16, 16));
	CHECK_INT(sanblk_scsi_cdb_rw(cdb, false, ~0ull, 1, false), 16);
	CHECK_INT(sanblk_get_be64(cdb + 2), ~0ull);
}

static void cdb_sync(void)
{
	static const u8 s10[16] = { 0x35, 0, 0, 0, 0x10, 0, 0, 0, 0x20 };
	static const u8 s16[16] = { 0x91, 0, 0, 0, 0, 0, 0, 0, 0, 0,
				    0, 1, 0, 0 };
	u8 cdb[16];

	CHECK_INT(sanblk_scsi_cdb_sync(cdb, 0x1000, 0x20), 10);
	CHECK(!memcmp(cdb, s10, 16));
	CHECK_INT(sanblk_scsi_cdb_sync(cdb, 0, 0x10000), 16);
	CHECK(!memcmp(cdb, s16, 16));
	CHECK_INT(sanblk_scsi_cdb_sync(cdb, 0, 0), 10);	/* whole disk */
	CHECK(cdb[0] == 0x35 && !cdb[2] && !cdb[8]);
}

static void cdb_misc(void)
{
	static const u8 inq[6] = { 0x12, 0, 0, 0, 96, 0 };
	static const u8 vpd[6] = { 0x12, 1, 0x83, 0x01, 0x00, 0 };
	static const u8 rc16[16] = { 0x9e, 0x10, 0, 0, 0, 0, 0, 0, 0, 0,
				     0, 0, 0, 32 };
	static const u8 rc10[10] = { 0x25 };
	static const u8 luns[12] = { 0xa0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0x08 };
	static const u8 ms[10] = { 0x5a, 0x08, 0x08, 0, 0, 0, 0, 0, 0xfc };
	static const u8 unmap[10] = { 0x42, 0, 0, 0, 0, 0, 0, 0, 24 };
	static const u8 ws[16] = { 0x93, 0x08, 0, 0, 0, 0, 0, 0, 0x10, 0,
				   0, 0, 0x08, 0 };
	u8 cdb[16];

	CHECK_INT(sanblk_scsi_cdb_inquiry(cdb, -1, 96), 6);
	CHECK(!memcmp(cdb, inq, 6) && !cdb[6] && !cdb[15]);
	CHECK_INT(sanblk_scsi_cdb_inquiry(cdb, 0x83, 256), 6);
	CHECK(!memcmp(cdb, vpd, 6));
	CHECK_INT(sanblk_scsi_cdb_inquiry(cdb, 256, 8), -EINVAL);
	CHECK_INT(sanblk_scsi_cdb_inquiry(cdb, -2, 8), -EINVAL);
	CHECK_INT(sanblk_scsi_cdb_read_capacity16(cdb, 32), 16);
	CHECK(!memcmp(cdb, rc16, 16));
	CHECK_INT(sanblk_scsi_cdb_read_capacity10(cdb), 10);
	CHECK(!memcmp(cdb, rc10, 10));
	CHECK_INT(sanblk_scsi_cdb_report_luns(cdb, 0x1008), 12);
	CHECK(!memcmp(cdb, luns, 12));
	memset(cdb, 0xee, sizeof(cdb));
	CHECK_INT(sanblk_scsi_cdb_tur(cdb), 6);
	CHECK(!memcmp(cdb, "\0\0\0\0\0\0", 6));
	CHECK_INT(sanblk_scsi_cdb_mode_sense10(cdb, SANBLK_SCSI_MODE_CACHING,
					       0, 0xfc), 10);
	CHECK(!memcmp(cdb, ms, 10));
	CHECK_INT(sanblk_scsi_cdb_unmap(cdb, 24), 10);
	CHECK(!memcmp(cdb, unmap, 10));
	CHECK_INT(sanblk_scsi_cdb_write_same16(cdb, 0x1000, 0x800, true), 16);
	CHECK(!memcmp(cdb, ws, 16));
	CHECK_INT(sanblk_scsi_cdb_write_same16(cdb, 0x1000, 0x800, false), 16);
	CHECK_INT(cdb[1], 0);
}

static void unmap_param(void)
{
	static const u8 want[24] = { 0, 22, 0, 16, 0, 0, 0, 0,
				     0, 0, 0, 1, 0, 0, 0, 0,
				     0, 0, 0x10, 0 };
	u8 buf[24];

	CHECK_INT(sanblk_scsi_unmap_param(buf, sizeof(buf), 1ull << 32, 4096),
		  24);
	CHECK(!memcmp(buf, want, 24));
	CHECK_INT(sanblk_scsi_unmap_param(buf, 23, 0, 1), -ENOSPC);
}

/* tgtd 1.0.x: LUN 0 is its controller, LUN 1 the backing file */
static const char tgtd_lun0[] =
	"\x0c\x00\x05\x42\x3b\x00\x00\x02" "IET     " "Controller      "
	"0001" "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"
	"\0\0\x03\x20\x09\x60\x03\x00\0\0\0\0\0\0\0\0";
static const char tgtd_lun1[] =
	"\x00\x00\x05\x42\x3b\x00\x00\x02" "IET     " "VIRTUAL-DISK    "
	"0001" "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"
	"\0\0\x03\x20\x09\x60\x03\x00\0\0\0\0\0\0\0\0";
/* LIO (targetcli, fileio backstore "disk0") */
static const char lio_inq[] =
	"\x00\x00\x06\x02\x1f\x00\x00\x02" "LIO-ORG " "disk0           "
	"4.0 ";

static void inquiry(void)
{
	struct sanblk_scsi_inquiry inq;
	u8 buf[36];

	CHECK_INT(sanblk_scsi_parse_inquiry(BYTES(tgtd_lun0), &inq), 0);
	CHECK_INT(inq.pdt, SANBLK_SCSI_PDT_CONTROLLER);
	CHECK_INT(inq.qualifier, 0);
	CHECK_INT(inq.version, 5);
	CHECK_STR(inq.vendor, "IET");
	CHECK_STR(inq.product, "Controller");
	CHECK_STR(inq.revision, "0001");
	CHECK_STR(sanblk_scsi_pdt_name(inq.pdt), "storage controller");
	CHECK_INT(sanblk_scsi_parse_inquiry(BYTES(tgtd_lun1), &inq), 0);
	CHECK_INT(inq.pdt, SANBLK_SCSI_PDT_DISK);
	CHECK_STR(inq.product, "VIRTUAL-DISK");
	CHECK_STR(sanblk_scsi_pdt_name(inq.pdt), "disk");
	CHECK_INT(sanblk_scsi_parse_inquiry(BYTES(lio_inq), &inq), 0);
	CHECK_STR(inq.vendor, "LIO-ORG");
	CHECK_STR(inq.product, "disk0");
	CHECK_STR(inq.revision, "4.0");
	CHECK(!inq.removable);

	/* truncated; ADDITIONAL LENGTH shorter than the fields */
	CHECK_INT(sanblk_scsi_parse_inquiry(BYTES(lio_inq) - 1, &inq),
		  -EINVAL);
	memcpy(buf, lio_inq, 36);
	buf[4] = 30;
	CHECK_INT(sanblk_scsi_parse_inquiry(buf, 36, &inq), -EINVAL);
	/* no LU at this LUN; NUL padding, leading blanks, control bytes */
	memcpy(buf, "\x7f\x80\x06\x02\x1f\0\0\0" "AB\0\0\0\0\0\0"
	       "  x\x01y\xff    \0\0\0\0\0\0" "\0\0\0\0", 36);
	CHECK_INT(sanblk_scsi_parse_inquiry(buf, 36, &inq), 0);
	CHECK_INT(inq.qualifier, SANBLK_SCSI_QUAL_NONE);
	CHECK_INT(inq.pdt, SANBLK_SCSI_PDT_NONE);
	CHECK(inq.removable);
	CHECK_STR(inq.vendor, "AB");
	CHECK_STR(inq.product, "x?y?");
	CHECK_STR(inq.revision, "");
	CHECK_STR(sanblk_scsi_pdt_name(0x1f), "unknown or no device");
	CHECK_STR(sanblk_scsi_pdt_name(0x05), "CD/DVD drive");
	CHECK_STR(sanblk_scsi_pdt_name(0x0d), "enclosure");
	CHECK_STR(sanblk_scsi_pdt_name(0x0a), "reserved");
	CHECK_STR(sanblk_scsi_pdt_name(0xff), "reserved");
}

/* LIO's supported pages, serial and device identification */
static const char lio_vpd0[] =
	"\x00\x00\x00\x07\x00\x80\x83\x86\xb0\xb1\xb2";
static const char lio_vpd80[] =
	"\x00\x80\x00\x24" "1b2c3d4e-5f60-7182-93a4-b5c6d7e8f901";
static const char lio_vpd83[] =
	"\x00\x83\x00\x74"
	"\x01\x13\x00\x10\x51\x23\x45\x67\x89\xab\xcd\xef\0\0\0\0\0\0\0\0"
	"\x01\x03\x00\x10\x60\x01\x40\x51\xb2\xc3\xd4\xe5\xf6\x07\x18\x29"
	"\x3a\x4b\x5c\x6d"
	"\x02\x01\x00\x30" "LIO-ORG " "disk0:1b2c3d4e-5f60-7182-93a4-b5c6d7e8f9"
	"\x51\x94\x00\x04\x00\x00\x00\x01"
	"\x51\x95\x00\x04\x00\x00\x00\x00"
	"\x01\x06\x00\x04\x00\x00\x00\x00";

static void vpd_pages(void)
{
	char s[64];
	u32 pages;
	u8 buf[80];

	CHECK_INT(sanblk_scsi_parse_vpd_list(BYTES(lio_vpd0), &pages), 0);
	CHECK_INT(pages, 0x3f);
	/* PAGE LENGTH past the buffer: only what arrived */
	CHECK_INT(sanblk_scsi_parse_vpd_list(BYTES(lio_vpd0) - 3, &pages), 0);
	CHECK_INT(pages, SANBLK_SCSI_HAVE_LIST | SANBLK_SCSI_HAVE_SERIAL |
		  SANBLK_SCSI_HAVE_DEVID);
	CHECK_INT(sanblk_scsi_parse_vpd_list(BYTES(lio_vpd80), &pages),
		  -EINVAL);
	CHECK_INT(pages, 0);

	CHECK_INT(sanblk_scsi_parse_vpd_serial(BYTES(lio_vpd80), s, sizeof(s)),
		  36);
	CHECK_STR(s, "1b2c3d4e-5f60-7182-93a4-b5c6d7e8f901");
	CHECK_INT(sanblk_scsi_parse_vpd_serial(BYTES(lio_vpd80), s, 9), 36);
	CHECK_STR(s, "1b2c3d4e");
	/* tgtd pads the serial with blanks; PAGE LENGTH shorter than len */
	memcpy(buf, "\x00\x80\x00\x0a" "   beaf10 " "junk", 18);
	CHECK_INT(sanblk_scsi_parse_vpd_serial(buf, 18, s, sizeof(s)), 6);
	CHECK_STR(s, "beaf10");
	CHECK_INT(sanblk_scsi_parse_vpd_serial(buf, 3, s, sizeof(s)), -EINVAL);
	CHECK_STR(s, "");
}

static int devid(const u8 *buf, size_t len, char *s, size_t n)
{
	return sanblk_scsi_parse_vpd_devid(buf, len, s, n);
}

static void vpd_devid(void)
{
	char s[80];
	u8 buf[160];
	size_t n = sizeof(lio_vpd83) - 1;

	/* the NAA 6 wins over the earlier port designator and the T10 one */
	CHECK_INT(devid(BYTES(lio_vpd83), s, sizeof(s)), 36);
	CHECK_STR(s, "naa.6001405" "1b2c3d4e5f60718293a4b5c6d");
	CHECK_INT(devid(BYTES(lio_vpd83), s, 12), 36);
	CHECK_STR(s, "naa.6001405");
	/* cut inside the NAA descriptor: the T10 one is not reached either */
	CHECK_INT(devid((const u8 *)lio_vpd83, 30, s, sizeof(s)), -ENOENT);
	CHECK_STR(s, "");
	/* without the NAA: the T10 vendor ID */
	memcpy(buf, lio_vpd83, n);
	buf[24 + 1] = 0x13;		/* now a target port designator */
	CHECK_INT(devid(buf, n, s, sizeof(s)), 52);
	CHECK_STR(s, "t10.LIO-ORG disk0:1b2c3d4e-5f60-7182-93a4-b5c6d7e8f9");
	/* a PAGE LENGTH that ends before the T10 descriptor */
	buf[3] = 44;
	CHECK_INT(devid(buf, n, s, sizeof(s)), -ENOENT);
	/* a designator length running past the page */
	buf[3] = 0x74;
	buf[44 + 3] = 0xff;
	CHECK_INT(devid(buf, n, s, sizeof(s)), -ENOENT);

	/* NAA 5 over EUI-64 and SCSI name; name from the UTF-8 string */
	memcpy(buf, "\x00\x83\x00\x28"
	       "\x03\x08\x00\x0c" "iqn.x\0\0\0\0\0\0\0"
	       "\x01\x02\x00\x08\x00\x14\x05\x00\x00\x00\x00\x01"
	       "\x01\x03\x00\x08\x50\x01\x40\x50\x00\x00\x00\x02", 44);
	CHECK_INT(devid(buf, 44, s, sizeof(s)), 20);
	CHECK_STR(s, "naa.5001405000000002");
	CHECK_INT(devid(buf, 32, s, sizeof(s)), 20);
	CHECK_STR(s, "eui.0014050000000001");
	CHECK_INT(devid(buf, 20, s, sizeof(s)), 10);
	CHECK_STR(s, "name.iqn.x");
	/* an NAA 6 of the wrong length is no NAA 6 */
	buf[36] = 0x60;
	CHECK_INT(devid(buf, 44, s, sizeof(s)), 20);
	CHECK_STR(s, "eui.0014050000000001");
	CHECK_INT(devid(BYTES(lio_vpd80), s, sizeof(s)), -EINVAL);
}

/* LIO fileio Block Limits and Logical Block Provisioning */
static const char lio_vpdb0[] =
	"\x00\xb0\x00\x3c\x01\x01\x00\x01\x00\x00\x20\x00\x00\x00\x20\x00"
	"\x00\x00\x00\x00\x00\x40\x00\x00\x00\x00\x00\x01\x00\x00\x00\x01"
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\xff\xff\x00\x00\x00\x00"
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00";
static const char lio_vpdb2[] = "\x00\xb2\x00\x04\x00\xe4\x00\x00";

static void vpd_limits(void)
{
	struct sanblk_scsi_limits l;
	struct sanblk_scsi_provisioning p;

	CHECK_INT(sanblk_scsi_parse_vpd_limits(BYTES(lio_vpdb0), &l), 0);
	CHECK_INT(l.max_xfer_blocks, 0x2000);
	CHECK_INT(l.opt_xfer_blocks, 0x2000);
	CHECK_INT(l.max_unmap_blocks, 0x400000);
	CHECK_INT(l.max_unmap_desc, 1);
	CHECK_INT(l.unmap_granularity, 1);
	CHECK_INT(l.max_write_same_blocks, 0xffff);
	/* an SBC-2 page of 12 bytes: no unmap fields */
	CHECK_INT(sanblk_scsi_parse_vpd_limits(BYTES("\x00\xb0\x00\x0c\0\0\0\0"
		  "\0\0\x10\0\0\0\x01\0" "\0\0\x40\0"), &l), 0);
	CHECK_INT(l.max_xfer_blocks, 0x1000);
	CHECK_INT(l.opt_xfer_blocks, 0x100);
	CHECK_INT(l.max_unmap_blocks, 0);
	/* a long PAGE LENGTH on a cut reply reads only what arrived */
	CHECK_INT(sanblk_scsi_parse_vpd_limits(BYTES(lio_vpdb0) - 30, &l), 0);
	CHECK_INT(l.max_unmap_blocks, 0x400000);
	CHECK_INT(l.unmap_granularity, 0);
	CHECK_INT(sanblk_scsi_parse_vpd_limits(BYTES(lio_vpdb2), &l), -EINVAL);

	CHECK_INT(sanblk_scsi_parse_vpd_lbp(BYTES(lio_vpdb2), &p), 0);
	CHECK(p.lbpu && p.lbpws && p.lbpws10 && p.lbprz);
	CHECK_INT(sanblk_scsi_parse_vpd_lbp(BYTES("\x00\xb2\x00\x04\x00\x88"),
					    &p), 0);
	CHECK(p.lbpu && !p.lbpws && !p.lbpws10 && !p.lbprz);
	CHECK_INT(sanblk_scsi_parse_vpd_lbp(BYTES("\x00\xb2\x00\x01\x00\xe4"),
					    &p), -EINVAL);
	CHECK_INT(sanblk_scsi_parse_vpd_lbp(BYTES("\x00\xb2\x00\x04\x00"),
					    &p), -EINVAL);
}

static void capacity(void)
{
	/* 1 TiB of 512-byte blocks, 4K physical, thin, zeroing */
	static const char rc16[] =
		"\x00\x00\x00\x00\x7f\xff\xff\xff\x00\x00\x02\x00\x00\x03\xc0"
		"\x00" "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";
	struct sanblk_scsi_capacity c;
	u8 buf[32];

	CHECK_INT(sanblk_scsi_parse_capacity16(BYTES(rc16), &c), 0);
	CHECK_INT(c.blocks, 0x80000000ull);
	CHECK_INT(c.block_size, 512);
	CHECK_INT(c.phys_exp, 3);
	CHECK(c.lbpme && c.lbprz);
	CHECK_INT(sanblk_scsi_parse_capacity16(BYTES(rc16) - 18, &c), -EINVAL);
	memcpy(buf, rc16, 32);
	buf[10] = 0x03;				/* 768: not a power of two */
	CHECK_INT(sanblk_scsi_parse_capacity16(buf, 32, &c), -EINVAL);
	sanblk_put_be32(buf + 8, 256);
	CHECK_INT(sanblk_scsi_parse_capacity16(buf, 32, &c), -EINVAL);
	sanblk_put_be32(buf + 8, 131072);
	CHECK_INT(sanblk_scsi_parse_capacity16(buf, 32, &c), -EINVAL);
	sanblk_put_be32(buf + 8, 65536);
	CHECK_INT(sanblk_scsi_parse_capacity16(buf, 32, &c), 0);
	memset(buf, 0xff, 8);			/* last LBA + 1 overflows */
	CHECK_INT(sanblk_scsi_parse_capacity16(buf, 32, &c), -EINVAL);

	CHECK_INT(sanblk_scsi_parse_capacity10(BYTES("\x00\x1f\xff\xff"
						     "\x00\x00\x10\x00"), &c),
		  0);
	CHECK_INT(c.blocks, 0x200000);
	CHECK_INT(c.block_size, 4096);
	CHECK(!c.lbpme);
	CHECK_INT(sanblk_scsi_parse_capacity10(BYTES("\xff\xff\xff\xff"
						     "\x00\x00\x02\x00"), &c),
		  -EOVERFLOW);
	CHECK_INT(sanblk_scsi_parse_capacity10(BYTES("\x00\x1f\xff\xff"
						     "\x00\x00\x10"), &c),
		  -EINVAL);
}

static void mode_caching(void)
{
	/* LIO: header (DPOFUA), caching page with WCE */
	static const char lio[] =
		"\x00\x1a\x00\x10\x00\x00\x00\x00"
		"\x08\x12\x04\x00\xff\xff\x00\x00\xff\xff\xff\xff\x80\x14"
		"\x00\x00\x00\x00\x00\x00";
	/* all pages, a block descriptor, control page before caching */
	static const char all[] =
		"\x00\x2a\x00\x80\x00\x00\x00\x08"
		"\x00\x00\x00\x00\x00\x00\x02\x00"
		"\x0a\x0a\x02\x00\x00\x00\x00\x00\xff\xff\x00\x1e"
		"\x48\x02\x00\x00"
		"\x88\x12\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
		"\x00\x00\x00\x00\x00\x00";
	struct sanblk_scsi_caching c;
	u8 buf[64];

	CHECK_INT(sanblk_scsi_parse_mode_caching(BYTES(lio), &c), 0);
	CHECK(c.wce && !c.rcd && c.dpofua && !c.wp);
	CHECK_INT(sanblk_scsi_parse_mode_caching(BYTES(all), &c), 0);
	CHECK(!c.wce && c.rcd && !c.dpofua && c.wp);
	/* no caching page; the page cut off by the MODE DATA LENGTH */
	CHECK_INT(sanblk_scsi_parse_mode_caching(BYTES(all) - 22, &c),
		  -ENOENT);
	memcpy(buf, lio, sizeof(lio) - 1);
	buf[1] = 8;
	CHECK_INT(sanblk_scsi_parse_mode_caching(buf, sizeof(lio) - 1, &c),
		  -ENOENT);
	buf[1] = 0x1a;
	buf[7] = 0xff;				/* descriptors past the end */
	CHECK_INT(sanblk_scsi_parse_mode_caching(buf, sizeof(lio) - 1, &c),
		  -ENOENT);
	/* a subpage-format page with a length running off the end */
	memcpy(buf, "\x00\x0e\x00\x00\x00\x00\x00\x00"
	       "\x5c\x01\xff\xff\x08\x12\x04", 15);
	CHECK_INT(sanblk_scsi_parse_mode_caching(buf, 15, &c), -ENOENT);
	CHECK_INT(sanblk_scsi_parse_mode_caching(buf, 7, &c), -EINVAL);
}

static void report_luns(void)
{
	/* tgtd: LUN 0 (controller) and 1 */
	static const char tgtd[] =
		"\x00\x00\x00\x10\0\0\0\0" "\0\0\0\0\0\0\0\0"
		"\x00\x01\0\0\0\0\0\0";
	static const char flat[] =
		"\x00\x00\x00\x18\0\0\0\0" "\x41\x2c\0\0\0\0\0\0"
		"\x00\x07\0\0\0\0\0\0" "\xc1\x01\0\0\0\0\0\0";
	u64 luns[4];
	u8 lun[8];

	CHECK_INT(sanblk_scsi_parse_report_luns(BYTES(tgtd), luns, 4), 2);
	CHECK_INT(luns[1], 0x0001000000000000ull);
	sanblk_scsi_lun_bytes(lun, luns[1]);
	CHECK_INT(sanblk_scsi_lun_number(lun), 1);
	CHECK_INT(sanblk_scsi_report_luns_len(BYTES(tgtd)), 24);
	/* max, the buffer and the LUN LIST LENGTH each bound the count */
	CHECK_INT(sanblk_scsi_parse_report_luns(BYTES(tgtd), luns, 1), 1);
	CHECK_INT(sanblk_scsi_parse_report_luns(BYTES(tgtd) - 1, luns, 4), 1);
	CHECK_INT(sanblk_scsi_parse_report_luns(BYTES(flat) - 8, luns, 4), 2);
	CHECK_INT(sanblk_scsi_parse_report_luns(BYTES(tgtd) - 17, luns, 4),
		  -EINVAL);
	CHECK_INT(sanblk_scsi_parse_report_luns(BYTES(flat), luns, 4), 3);
	/* a list longer than the allocation: ask again with this much */
	CHECK_INT(sanblk_scsi_report_luns_len(BYTES("\x00\x00\x10\x00\0\0\0"
						    "\0")), 0x1008);
	CHECK_INT(sanblk_scsi_report_luns_len(BYTES("\xff\xff\xff\xff\0\0\0"
						    "\0")), 0xffffffffu);
	sanblk_scsi_lun_bytes(lun, luns[0]);
	CHECK_INT(sanblk_scsi_lun_number(lun), 0x12c);	/* flat 300 */
	sanblk_scsi_lun_bytes(lun, luns[1]);
	CHECK_INT(sanblk_scsi_lun_number(lun), 7);
	sanblk_scsi_lun_bytes(lun, luns[2]);		/* REPORT LUNS W-LUN */
	CHECK_INT(sanblk_scsi_lun_number(lun), 0xffffffffu);
	sanblk_scsi_lun_bytes(lun, 0x0001000200000000ull);	/* 2 levels */
	CHECK_INT(sanblk_scsi_lun_number(lun), 0xffffffffu);
	sanblk_scsi_lun_bytes(lun, 0x0301000000000000ull);	/* bus 3 */
	CHECK_INT(sanblk_scsi_lun_number(lun), 0xffffffffu);
}

static void sense_fixed(void)
{
	/* MEDIUM ERROR, unrecovered read error, INFORMATION = LBA 1234 */
	static const char medium[] =
		"\xf0\x00\x03\x00\x00\x04\xd2\x0a\0\0\0\0\x11\x00\0\0\0\0";
	/* LIO: UNIT ATTENTION, power on or reset, no INFORMATION */
	static const char ua[] =
		"\x70\x00\x06\x00\x00\x00\x00\x0a\0\0\0\0\x29\x00\0\0\0\0";
	struct sanblk_scsi_sense s;

	CHECK_INT(sanblk_scsi_parse_sense(BYTES(medium), &s), 0);
	CHECK(s.valid && !s.deferred && s.info_valid);
	CHECK_INT(s.key, SANBLK_SCSI_KEY_MEDIUM);
	CHECK_INT(s.asc, 0x11);
	CHECK_INT(s.info, 1234);
	CHECK_INT(sanblk_scsi_parse_sense(BYTES(ua), &s), 0);
	CHECK(!s.info_valid);
	CHECK_INT(s.key, SANBLK_SCSI_KEY_UNIT_ATTENTION);
	CHECK_INT(s.asc, 0x29);
	/* deferred; an ADDITIONAL LENGTH without ASC/ASCQ; truncated */
	CHECK_INT(sanblk_scsi_parse_sense(BYTES("\x71\x00\x04\0\0\0\0\x0a"
						"\0\0\0\0\x44\x00"), &s), 0);
	CHECK(s.deferred && s.asc == 0x44);
	CHECK_INT(sanblk_scsi_parse_sense(BYTES("\x70\x00\x05\0\0\0\0\x04"
						"\0\0\0\0\x24\x00"), &s), 0);
	CHECK(s.key == 5 && s.asc == 0 && s.ascq == 0);
	CHECK_INT(sanblk_scsi_parse_sense(BYTES("\x70\x00\x05\0\0\0\0\x0a"
						"\0\0\0\0\x24"), &s), 0);
	CHECK(s.key == 5 && !s.asc);
	CHECK_INT(sanblk_scsi_parse_sense(BYTES("\x70\x00"), &s), -EINVAL);
	CHECK(!s.valid);
	CHECK_INT(sanblk_scsi_parse_sense(BYTES("\x7f\x00\x05\0"), &s),
		  -EINVAL);
	CHECK_INT(sanblk_scsi_parse_sense((const u8 *)"", 0, &s), -EINVAL);
}

static void sense_desc(void)
{
	/* ILLEGAL REQUEST, LBA out of range, information descriptor */
	static const char desc[] =
		"\x72\x05\x21\x00\x00\x00\x00\x14"
		"\x02\x06\x00\x00\x00\x00\x00\x00"
		"\x00\x0a\x80\x00\x00\x00\x00\x01\x00\x00\x00\x00";
	struct sanblk_scsi_sense s;
	u8 buf[32];

	CHECK_INT(sanblk_scsi_parse_sense(BYTES(desc), &s), 0);
	CHECK(s.valid && !s.deferred && s.info_valid);
	CHECK_INT(s.key, SANBLK_SCSI_KEY_ILLEGAL);
	CHECK_INT(s.asc, 0x21);
	CHECK_INT(s.info, 0x100000000ull);
	/* ADDITIONAL LENGTH stops before the information descriptor */
	memcpy(buf, desc, sizeof(desc) - 1);
	buf[7] = 8;
	CHECK_INT(sanblk_scsi_parse_sense(buf, sizeof(desc) - 1, &s), 0);
	CHECK(!s.info_valid && s.asc == 0x21);
	/* a descriptor length running past the end */
	buf[7] = 0x14;
	buf[9] = 0xf0;
	CHECK_INT(sanblk_scsi_parse_sense(buf, sizeof(desc) - 1, &s), 0);
	CHECK(!s.info_valid);
	CHECK_INT(sanblk_scsi_parse_sense(BYTES("\x73\x02\x04\x01"), &s), 0);
	CHECK(s.deferred && s.key == 2 && s.ascq == 1);
	CHECK_INT(sanblk_scsi_parse_sense(BYTES("\x72\x02\x04"), &s), -EINVAL);
}

static void iscsi_sense(void)
{
	/* as tgtd sends it: SenseLength 18, then fixed sense */
	static const char seg[] =
		"\x00\x12\x70\x00\x02\x00\x00\x00\x00\x0a\0\0\0\0\x04\x01"
		"\0\0\0\0";
	struct sanblk_scsi_sense s;

	CHECK_INT(sanblk_scsi_iscsi_sense(BYTES(seg), &s), 0);
	CHECK(s.valid && s.key == SANBLK_SCSI_KEY_NOT_READY);
	CHECK(s.asc == 4 && s.ascq == 1);
	/* SenseLength beyond the segment: cut to what arrived */
	CHECK_INT(sanblk_scsi_iscsi_sense(BYTES("\xff\xff\x70\x00\x06"), &s),
		  0);
	CHECK_INT(s.key, SANBLK_SCSI_KEY_UNIT_ATTENTION);
	CHECK_INT(sanblk_scsi_iscsi_sense(BYTES("\x00\x00\x70\x00\x06"), &s),
		  -ENODATA);
	CHECK_INT(sanblk_scsi_iscsi_sense(BYTES("\x00"), &s), -ENODATA);
	CHECK_INT(sanblk_scsi_iscsi_sense(BYTES("\x00\x02\x70\x00\x06"), &s),
		  -EINVAL);
}

static struct sanblk_scsi_sense sense(u8 key, u8 asc, u8 ascq)
{
	struct sanblk_scsi_sense s = {
		.key = key, .asc = asc, .ascq = ascq, .valid = true
	};

	return s;
}

static enum sanblk_scsi_action act(u8 key, u8 asc, u8 ascq)
{
	struct sanblk_scsi_sense s = sense(key, asc, ascq);

	return sanblk_scsi_status_action(SANBLK_SCSI_CHECK_CONDITION, &s);
}

/* A LUN the target does not have, as LIO reports it to INQUIRY. */
static void lun_unsupported(void)
{
	/* SenseLength 18, fixed sense: ILLEGAL REQUEST, 25/00 */
	static const char seg[] =
		"\x00\x12\x70\x00\x05\x00\x00\x00\x00\x0a\0\0\0\0\x25\x00"
		"\0\0\0\0";
	struct sanblk_scsi_sense s;

	CHECK_INT(sanblk_scsi_iscsi_sense(BYTES(seg), &s), 0);
	CHECK(sanblk_scsi_lun_unsupported(SANBLK_SCSI_CHECK_CONDITION, &s));
	/* only with CHECK CONDITION, and only 25/00 */
	CHECK(!sanblk_scsi_lun_unsupported(SANBLK_SCSI_GOOD, &s));
	CHECK(!sanblk_scsi_lun_unsupported(-EPROTO, &s));
	s = sense(SANBLK_SCSI_KEY_ILLEGAL, 0x24, 0x00);
	CHECK(!sanblk_scsi_lun_unsupported(SANBLK_SCSI_CHECK_CONDITION, &s));
	s = sense(SANBLK_SCSI_KEY_NOT_READY, 0x25, 0x00);
	CHECK(!sanblk_scsi_lun_unsupported(SANBLK_SCSI_CHECK_CONDITION, &s));
	s = sense(SANBLK_SCSI_KEY_ILLEGAL, 0x25, 0x00);
	s.valid = false;
	CHECK(!sanblk_scsi_lun_unsupported(SANBLK_SCSI_CHECK_CONDITION, &s));
}

static void action(void)
{
	struct sanblk_scsi_sense s = sense(3, 0x11, 0);

	s.deferred = true;
	CHECK_INT(sanblk_scsi_status_action(0x00, NULL), SANBLK_SCSI_OK);
	CHECK_INT(sanblk_scsi_status_action(0x08, NULL), SANBLK_SCSI_RETRY);
	CHECK_INT(sanblk_scsi_status_action(0x28, NULL), SANBLK_SCSI_RETRY);
	CHECK_INT(sanblk_scsi_status_action(0x18, NULL), SANBLK_SCSI_FAIL);
	CHECK_INT(sanblk_scsi_status_action(0x02, NULL), SANBLK_SCSI_RETRY);
	CHECK_INT(sanblk_scsi_status_action(0x02, &s), SANBLK_SCSI_RETRY);
	CHECK_INT(act(1, 0x5d, 0), SANBLK_SCSI_OK);
	CHECK_INT(act(2, 0x04, 0x01), SANBLK_SCSI_RETRY_LATER);
	CHECK_INT(act(2, 0x04, 0x0a), SANBLK_SCSI_RETRY_LATER);
	CHECK_INT(act(2, 0x04, 0x03), SANBLK_SCSI_FAIL);
	CHECK_INT(act(2, 0x3a, 0x00), SANBLK_SCSI_FAIL);
	CHECK_INT(act(3, 0x11, 0x00), SANBLK_SCSI_FAIL_MEDIUM);
	CHECK_INT(act(4, 0x44, 0x00), SANBLK_SCSI_FAIL);
	CHECK_INT(act(5, 0x20, 0x00), SANBLK_SCSI_FAIL_NOTSUPP);
	CHECK_INT(act(5, 0x24, 0x00), SANBLK_SCSI_FAIL_NOTSUPP);
	CHECK_INT(act(5, 0x21, 0x00), SANBLK_SCSI_FAIL);
	CHECK_INT(act(6, 0x29, 0x00), SANBLK_SCSI_RETRY);
	CHECK_INT(act(6, 0x38, 0x07), SANBLK_SCSI_RETRY);
	CHECK_INT(act(6, 0x2a, 0x09), SANBLK_SCSI_CHANGED);
	CHECK_INT(act(6, 0x3f, 0x0e), SANBLK_SCSI_CHANGED);
	CHECK_INT(act(7, 0x27, 0x07), SANBLK_SCSI_FAIL_NOSPC);
	CHECK_INT(act(7, 0x27, 0x00), SANBLK_SCSI_FAIL_PROTECT);
	CHECK_INT(act(0xb, 0x47, 0x03), SANBLK_SCSI_RETRY);
	CHECK_INT(act(0xb, 0x10, 0x01), SANBLK_SCSI_FAIL);
	CHECK_INT(act(0xe, 0x1d, 0x00), SANBLK_SCSI_FAIL);
	s.deferred = false;
	CHECK_INT(sanblk_scsi_status_action(0x02, &s), SANBLK_SCSI_FAIL_MEDIUM);
	CHECK_STR(sanblk_scsi_status_name(0x18), "RESERVATION CONFLICT");
	CHECK_STR(sanblk_scsi_status_name(0x28), "TASK SET FULL");
	CHECK_STR(sanblk_scsi_status_name(0x7e), "unknown status");
}

static void sense_text(void)
{
	struct sanblk_scsi_sense s = sense(3, 0x11, 0);
	char buf[128];

	s.info_valid = true;
	s.info = 1234;
	CHECK_INT(sanblk_scsi_sense_text(&s, buf, sizeof(buf)), 56);
	CHECK_STR(buf, "MEDIUM ERROR: unrecovered read error (11/00) at LBA "
		  "1234");
	CHECK_INT(sanblk_scsi_sense_text(&s, buf, 13), 56);
	CHECK_STR(buf, "MEDIUM ERROR");
	s = sense(2, 4, 0x1c);
	s.deferred = true;
	sanblk_scsi_sense_text(&s, buf, sizeof(buf));
	CHECK_STR(buf, "NOT READY: logical unit not ready (04/1c), deferred");
	s = sense(7, 0x27, 7);
	sanblk_scsi_sense_text(&s, buf, sizeof(buf));
	CHECK_STR(buf, "DATA PROTECT: space allocation failed write protect "
		  "(27/07)");
	s = sense(5, 0x24, 0);
	s.info_valid = true;		/* not an LBA for this key */
	sanblk_scsi_sense_text(&s, buf, sizeof(buf));
	CHECK_STR(buf, "ILLEGAL REQUEST: invalid field in CDB (24/00)");
	s = sense(6, 0x3f, 0x0e);
	sanblk_scsi_sense_text(&s, buf, sizeof(buf));
	CHECK_STR(buf, "UNIT ATTENTION: reported luns data has changed (3f/0e)");
	s = sense(9, 0x80, 0x12);
	sanblk_scsi_sense_text(&s, buf, sizeof(buf));
	CHECK_STR(buf, "VENDOR SPECIFIC: additional sense (80/12)");
	s.valid = false;
	sanblk_scsi_sense_text(&s, buf, sizeof(buf));
	CHECK_STR(buf, "no sense data");
	CHECK_INT(sanblk_scsi_sense_text(&s, NULL, 0), 13);
}

static void provisioning_plan(void)
{
	struct sanblk_scsi_capacity cap = { .blocks = 1 << 20, .block_size = 512 };
	struct sanblk_scsi_limits l = { 0 };
	struct sanblk_scsi_provisioning p = { 0 };
	struct sanblk_scsi_provision_plan plan;

	/* a thick LUN: no discard; zeroes only with a WRITE SAME length */
	sanblk_scsi_plan_provisioning(&cap, &l, &p, 1 << 16, &plan);
	CHECK_INT(plan.discard_blocks, 0);
	CHECK_INT(plan.zeroes_blocks, 0);
	l.max_write_same_blocks = 0x100000000ull;
	sanblk_scsi_plan_provisioning(&cap, &l, &p, 1 << 16, &plan);
	CHECK_INT(plan.zeroes_blocks, 1 << 16);
	CHECK(!plan.zeroes_unmap);
	CHECK_INT(plan.discard_blocks, 0);

	/* thin, UNMAP with limits */
	cap.lbpme = true;
	p.lbpu = true;
	p.lbpws = true;
	l.max_write_same_blocks = 0;
	sanblk_scsi_plan_provisioning(&cap, &l, &p, 1 << 30, &plan);
	CHECK_INT(plan.zeroes_blocks, SANBLK_SCSI_WS_BLOCKS);
	l.max_write_same_blocks = 0x100000000ull;
	l.max_unmap_blocks = 4096;
	l.max_unmap_desc = 1;
	sanblk_scsi_plan_provisioning(&cap, &l, &p, 1 << 16, &plan);
	CHECK_INT(plan.discard_blocks, 4096);
	CHECK(plan.discard_unmap);
	CHECK(!plan.zeroes_unmap);
	p.lbprz = true;
	sanblk_scsi_plan_provisioning(&cap, &l, &p, 1 << 16, &plan);
	CHECK(plan.zeroes_unmap);

	/* UNMAP said but no descriptor allowed: WRITE SAME with UNMAP */
	l.max_unmap_desc = 0;
	sanblk_scsi_plan_provisioning(&cap, &l, &p, 1 << 16, &plan);
	CHECK(!plan.discard_unmap);
	CHECK_INT(plan.discard_blocks, 1 << 16);
	l.max_write_same_blocks = 100;
	sanblk_scsi_plan_provisioning(&cap, &l, &p, 1 << 16, &plan);
	CHECK_INT(plan.discard_blocks, 100);
	CHECK_INT(plan.zeroes_blocks, 100);

	/* thin but neither UNMAP nor WRITE SAME with UNMAP */
	p.lbpu = false;
	p.lbpws = false;
	sanblk_scsi_plan_provisioning(&cap, &l, &p, 1 << 16, &plan);
	CHECK_INT(plan.discard_blocks, 0);
	CHECK(!plan.zeroes_unmap);
}

int main(void)
{
	RUN("iscsi_scsi", cdb_rw);
	RUN("iscsi_scsi", cdb_sync);
	RUN("iscsi_scsi", cdb_misc);
	RUN("iscsi_scsi", unmap_param);
	RUN("iscsi_scsi", inquiry);
	RUN("iscsi_scsi", vpd_pages);
	RUN("iscsi_scsi", vpd_devid);
	RUN("iscsi_scsi", vpd_limits);
	RUN("iscsi_scsi", capacity);
	RUN("iscsi_scsi", provisioning_plan);
	RUN("iscsi_scsi", mode_caching);
	RUN("iscsi_scsi", report_luns);
	RUN("iscsi_scsi", sense_fixed);
	RUN("iscsi_scsi", sense_desc);
	RUN("iscsi_scsi", iscsi_sense);
	RUN("iscsi_scsi", lun_unsupported);
	RUN("iscsi_scsi", action);
	RUN("iscsi_scsi", sense_text);
	UNIT_EXIT();
}
