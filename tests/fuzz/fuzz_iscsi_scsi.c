// SPDX-License-Identifier: GPL-2.0-only
// SOURCES: kmod/blk/iscsi/scsi.c kmod/blk/iscsi/inquiry.c kmod/blk/iscsi/sense.c
/*
 * Every SCSI reply parser on what a target may send: the first byte picks
 * the parser (bits 1..3), its variant (bit 0) and the room for text, the
 * LUNs taken or the VPD page (bits 4..7); the rest is the reply.  No read past the reply (ASan), every string NUL-terminated
 * within the room it was given and nothing written past it, results
 * within the ranges the header promises.
 */
#include <assert.h>
#include "iscsi/scsi.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

#define ROOM	96
#define CANARY	0xa5

/* out[] has ROOM bytes; the parser was told room of them. */
static void check_text(const char *out, size_t room, int ret)
{
	size_t i, n = strnlen(out, room);

	assert(!room || n < room);
	if (ret >= 0)
		assert(n == (room ? sanblk_scsi_min((size_t)ret, room - 1) : 0));
	for (i = room; i < ROOM; i++)
		assert((u8)out[i] == CANARY);
}

static void fuzz_text(u8 sel, const u8 *buf, size_t len)
{
	size_t room = (sel >> 4) * 6;	/* 0 .. 90 */
	char out[ROOM];
	int ret;

	memset(out, CANARY, sizeof(out));
	if (sel & 1)
		ret = sanblk_scsi_parse_vpd_devid(buf, len, out, room);
	else
		ret = sanblk_scsi_parse_vpd_serial(buf, len, out, room);
	check_text(out, room, ret);
}

static void fuzz_inquiry(const u8 *buf, size_t len)
{
	struct sanblk_scsi_inquiry inq;

	memset(&inq, CANARY, sizeof(inq));
	if (sanblk_scsi_parse_inquiry(buf, len, &inq))
		return;
	assert(strnlen(inq.vendor, sizeof(inq.vendor)) < sizeof(inq.vendor));
	assert(strnlen(inq.product, sizeof(inq.product)) <
	       sizeof(inq.product));
	assert(strnlen(inq.revision, sizeof(inq.revision)) <
	       sizeof(inq.revision));
	assert(inq.qualifier < 8 && inq.pdt < 32);
	assert(sanblk_scsi_pdt_name(inq.pdt));
}

static void fuzz_sense(u8 sel, const u8 *buf, size_t len)
{
	struct sanblk_scsi_sense s;
	char out[ROOM];
	int ret;

	if (sel & 1)
		ret = sanblk_scsi_iscsi_sense(buf, len, &s);
	else
		ret = sanblk_scsi_parse_sense(buf, len, &s);
	assert(ret || s.valid);
	assert(s.key < 16);
	sanblk_scsi_status_action(SANBLK_SCSI_CHECK_CONDITION, &s);
	memset(out, CANARY, sizeof(out));
	ret = sanblk_scsi_sense_text(&s, out, sel >> 4);
	check_text(out, sel >> 4, ret);
}

static void fuzz_capacity(u8 sel, const u8 *buf, size_t len)
{
	struct sanblk_scsi_capacity c;
	int ret;

	if (sel & 1)
		ret = sanblk_scsi_parse_capacity10(buf, len, &c);
	else
		ret = sanblk_scsi_parse_capacity16(buf, len, &c);
	if (ret)
		return;
	assert(c.blocks && c.block_size >= 512 && c.block_size <= 65536);
	assert(!(c.block_size & (c.block_size - 1)));
}

static void fuzz_luns(u8 sel, const u8 *buf, size_t len)
{
	u64 luns[16];
	int max = sel >> 4, n, i;
	u8 lun[8];

	n = sanblk_scsi_parse_report_luns(buf, len, luns, max);
	assert(n <= max);
	assert(n < 0 || 8 + 8 * (size_t)n <= len);
	for (i = 0; i < n; i++) {
		sanblk_scsi_lun_bytes(lun, luns[i]);
		assert(sanblk_scsi_lun_number(lun) < 16384 ||
		       sanblk_scsi_lun_number(lun) == 0xffffffff);
	}
	assert(sanblk_scsi_report_luns_len(buf, len) >= 8);
}

static void fuzz_vpd(u8 sel, const u8 *buf, size_t len)
{
	struct sanblk_scsi_limits l;
	struct sanblk_scsi_provisioning p;
	struct sanblk_scsi_caching c;
	u32 pages;

	switch (sel & 3) {
	case 0:
		sanblk_scsi_parse_vpd_list(buf, len, &pages);
		assert(pages < 0x40);
		break;
	case 1:
		sanblk_scsi_parse_vpd_limits(buf, len, &l);
		break;
	case 2:
		sanblk_scsi_parse_vpd_lbp(buf, len, &p);
		break;
	default:
		sanblk_scsi_parse_mode_caching(buf, len, &c);
		break;
	}
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	const u8 *buf = data + 1;
	size_t len;
	u8 sel;

	if (!size)
		return 0;
	sel = data[0];
	len = size - 1;
	switch ((sel >> 1) & 7) {
	case 0:
		fuzz_inquiry(buf, len);
		break;
	case 1:
		fuzz_text(sel, buf, len);
		break;
	case 2:
		fuzz_sense(sel, buf, len);
		break;
	case 3:
		fuzz_capacity(sel, buf, len);
		break;
	case 4:
		fuzz_luns(sel, buf, len);
		break;
	default:
		fuzz_vpd(sel >> 4, buf, len);
		break;
	}
	return 0;
}
