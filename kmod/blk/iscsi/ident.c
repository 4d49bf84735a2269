// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the LUN is, asked synchronously on the first connection before
 * the feature phase's io_work takes over: standard INQUIRY (a LUN that is
 * not a disk is refused with the LUNs that are), the VPD pages, READ
 * CAPACITY and the caching mode page.  The answer becomes the
 * transport-neutral struct sanblk_disk_info the core compares after
 * every reconnect.
 */
#include "iscsi.h"

#define ISCSI_SYNC_PDUS		64	/* PDUs one command may take */
#define ISCSI_IDENT_BUF		4096
#define ISCSI_LUNS_LISTED	16	/* LUNs looked at for a message */
#define ISCSI_TUR_TRIES		8

static int sanblk_iscsi_send_bhs_sync(struct iscsi_conn *c,
				      const struct sanblk_iscsi_bhs *h)
{
	u8 buf[SANBLK_ISCSI_BHS_LEN + SANBLK_ISCSI_DIGEST_LEN];
	size_t len = SANBLK_ISCSI_BHS_LEN;

	sanblk_iscsi_put_bhs(buf, sizeof(buf), h);
	if (c->fr.header_digest) {
		sanblk_put_le32(buf + len, ~crc32c(~0u, buf, len));
		len += SANBLK_ISCSI_DIGEST_LEN;
	}
	return sanblk_iscsi_send_sync(c, buf, len);
}

/* A NOP-In the target sent while we wait: answer a ping of its own. */
static int sanblk_iscsi_sync_nop(struct iscsi_conn *c,
				 const struct sanblk_iscsi_bhs *in)
{
	struct sanblk_iscsi_bhs h;

	if (in->f20 == SANBLK_ISCSI_RSVD_TAG)
		return 0;
	sanblk_iscsi_nop_out(&h, in->f20);
	h.immediate = true;
	memcpy(h.lun, in->lun, sizeof(h.lun));
	h.itt = SANBLK_ISCSI_RSVD_TAG;
	h.f24 = c->cmdsn;
	h.f28 = c->exp_statsn;
	return sanblk_iscsi_send_bhs_sync(c, &h);
}

/* Data-In for the command at its offset; false when it does not fit. */
static bool sanblk_iscsi_sync_data(const struct sanblk_iscsi_bhs *h,
				   const u8 *data, u32 dlen, u8 *buf, u32 len,
				   u32 *got)
{
	u32 off = sanblk_iscsi_spec32(h, 2);

	if (off > len || dlen > len - off)
		return false;
	memcpy(buf + off, data, dlen);
	*got = max(*got, off + dlen);
	return true;
}

/*
 * One SCSI command to lun, data in only, synchronously.  Returns the
 * SAM status (>= 0) with *got bytes in buf and sense decoded, or -errno
 * when the connection or the target's PDUs fail.
 */
static int sanblk_iscsi_exec_lun(struct iscsi_conn *c, const u8 *lun,
				 const u8 *cdb, int cdb_len, u8 *buf, u32 len,
				 u32 *got, struct sanblk_scsi_sense *sense)
{
	struct sanblk_iscsi_bhs h;
	u8 *data = c->rx->ctl;
	u32 dlen;
	int i, ret;

	*got = 0;
	memset(sense, 0, sizeof(*sense));
	sanblk_iscsi_scsi_cmd(&h, cdb, cdb_len, len, false);
	memcpy(h.lun, lun, sizeof(h.lun));
	h.itt = ISCSI_ITT_SYNC;
	h.f24 = c->cmdsn++;
	h.f28 = c->exp_statsn;
	ret = sanblk_iscsi_send_bhs_sync(c, &h);
	for (i = 0; !ret && i < ISCSI_SYNC_PDUS; i++) {
		ret = sanblk_iscsi_recv_sync(c, &h, data, sizeof(c->rx->ctl),
					     &dlen);
		if (ret)
			break;
		sanblk_iscsi_update_sn(c, &h);
		switch (h.opcode) {
		case SANBLK_ISCSI_OP_NOP_IN:
			ret = sanblk_iscsi_sync_nop(c, &h);
			continue;
		case SANBLK_ISCSI_OP_ASYNC:
			continue;
		case SANBLK_ISCSI_OP_DATA_IN:
			if (h.itt != ISCSI_ITT_SYNC ||
			    !sanblk_iscsi_sync_data(&h, data, dlen, buf, len, got))
				return -EPROTO;
			if (h.flags & SANBLK_ISCSI_FL_STATUS)
				return h.b3;
			continue;
		case SANBLK_ISCSI_OP_SCSI_RSP:
			if (h.itt != ISCSI_ITT_SYNC || h.b2)
				return -EPROTO;
			if (dlen)
				sanblk_scsi_iscsi_sense(data, dlen, sense);
			return h.b3;
		default:
			return -EPROTO;
		}
	}
	return ret ?: -EPROTO;
}

int sanblk_iscsi_exec_sync(struct iscsi_conn *c, const u8 *cdb, int cdb_len,
			   u8 *buf, u32 len, u32 *got,
			   struct sanblk_scsi_sense *sense)
{
	return sanblk_iscsi_exec_lun(c, c->id->lun, cdb, cdb_len, buf, len,
				     got, sense);
}

/* "naming" LUN n of the target as the messages do. */
static void sanblk_iscsi_lun_text(const u8 *lun, char *buf, size_t len)
{
	u32 n = sanblk_scsi_lun_number(lun);

	if (n == 0xffffffffu)
		sanblk_format_lun(lun, buf, len);
	else
		snprintf(buf, len, "%u", n);
}

/* "disks on this target: LUN 1, LUN 2" (or that there are none). */
static void sanblk_iscsi_list_disks(struct iscsi_conn *c, u8 *buf,
				    char *out, size_t outlen)
{
	u64 luns[ISCSI_LUNS_LISTED];
	struct sanblk_scsi_inquiry inq;
	struct sanblk_scsi_sense sense;
	size_t used = 0;
	int i, n, count, found = 0;
	u8 cdb[16], lun[8];
	char num[24];
	u32 got;

	strscpy(out, "none", outlen);
	/* LUN 0 answers REPORT LUNS even when it is no disk (SPC-4 4.6.19) */
	memset(lun, 0, sizeof(lun));
	n = sanblk_scsi_cdb_report_luns(cdb, ISCSI_IDENT_BUF);
	if (sanblk_iscsi_exec_lun(c, lun, cdb, n, buf, ISCSI_IDENT_BUF, &got,
				  &sense))
		return;
	count = sanblk_scsi_parse_report_luns(buf, got, luns, ARRAY_SIZE(luns));
	for (i = 0; i < count; i++) {
		sanblk_scsi_lun_bytes(lun, luns[i]);
		n = sanblk_scsi_cdb_inquiry(cdb, -1, 96);
		if (sanblk_iscsi_exec_lun(c, lun, cdb, n, buf, 96, &got, &sense) ||
		    sanblk_scsi_parse_inquiry(buf, got, &inq) ||
		    inq.qualifier || inq.pdt != 0)
			continue;
		sanblk_iscsi_lun_text(lun, num, sizeof(num));
		if (!found++)
			out[0] = '\0';
		used += scnprintf(out + used, outlen - used, "%sLUN %s",
				  used ? ", " : "", num);
	}
}

/* The LUN must be a disk that is there. */
static int sanblk_iscsi_check_lun(struct iscsi_path *p, u8 *buf, char *err,
				  size_t errlen)
{
	struct iscsi_conn *c = &p->conns[0];
	struct sanblk_scsi_inquiry inq;
	struct sanblk_scsi_sense sense;
	char num[24], disks[96];
	bool absent;
	u8 cdb[16];
	u32 got;
	int n, ret;

	n = sanblk_scsi_cdb_inquiry(cdb, -1, 96);
	ret = sanblk_iscsi_exec_sync(c, cdb, n, buf, 96, &got, &sense);
	absent = sanblk_scsi_lun_unsupported(ret, &sense);
	if (ret == 0)
		ret = sanblk_scsi_parse_inquiry(buf, got, &inq);
	if (ret && !absent) {
		snprintf(err, errlen, "INQUIRY failed (%d)", ret);
		return ret < 0 ? ret : -EIO;
	}
	if (!absent && !inq.qualifier && inq.pdt == 0)
		return 0;
	sanblk_iscsi_lun_text(p->id->lun, num, sizeof(num));
	sanblk_iscsi_list_disks(c, buf, disks, sizeof(disks));
	if (absent || inq.qualifier || inq.pdt == 0x1f) {
		snprintf(err, errlen, "LUN %s of %s does not exist; disks on this target: %s",
			 num, p->tgt.name, disks);
		return -ENOENT;
	}
	snprintf(err, errlen, "LUN %s of %s is a %s, not a disk; disks on this target: %s",
		 num, p->tgt.name, sanblk_scsi_pdt_name(inq.pdt), disks);
	return -ENODEV;
}

/* Clear a pending UNIT ATTENTION (reset, power on) and wait for ready. */
static int sanblk_iscsi_ready(struct iscsi_conn *c, u8 *buf, char *err,
			      size_t errlen)
{
	struct sanblk_scsi_sense sense;
	char text[96];
	u8 cdb[16];
	u32 got;
	int i, n, ret = 0;

	n = sanblk_scsi_cdb_tur(cdb);
	for (i = 0; i < ISCSI_TUR_TRIES; i++) {
		ret = sanblk_iscsi_exec_sync(c, cdb, n, buf, 0, &got, &sense);
		if (ret <= 0)
			break;
		if (sanblk_scsi_status_action(ret, &sense) == SANBLK_SCSI_RETRY_LATER)
			msleep(250);
	}
	if (ret < 0) {
		snprintf(err, errlen, "TEST UNIT READY failed (%d)", ret);
		return ret;
	}
	if (ret) {
		sanblk_scsi_sense_text(&sense, text, sizeof(text));
		snprintf(err, errlen, "the LUN is not ready: %s", text);
		return -EAGAIN;
	}
	return 0;
}

/* Ask for a page; 0 with *got bytes, or -errno (a CHECK CONDITION too). */
static int sanblk_iscsi_ask(struct iscsi_conn *c, const u8 *cdb, int n,
			    u8 *buf, u32 len, u32 *got)
{
	struct sanblk_scsi_sense sense;
	int ret = sanblk_iscsi_exec_sync(c, cdb, n, buf, len, got, &sense);

	return ret > 0 ? -EIO : ret;
}

static void sanblk_iscsi_vpd(struct iscsi_conn *c, u8 *buf,
			     struct iscsi_lun *lu)
{
	struct sanblk_disk_info *info = &lu->info;
	u32 pages = 0, got;
	u8 cdb[16];
	int n;

	memset(&lu->limits, 0, sizeof(lu->limits));
	memset(&lu->lbp, 0, sizeof(lu->lbp));
	n = sanblk_scsi_cdb_inquiry(cdb, 0x00, 255);
	if (!sanblk_iscsi_ask(c, cdb, n, buf, 255, &got))
		sanblk_scsi_parse_vpd_list(buf, got, &pages);
	n = sanblk_scsi_cdb_inquiry(cdb, 0x80, 255);
	if ((pages & SANBLK_SCSI_HAVE_SERIAL) &&
	    !sanblk_iscsi_ask(c, cdb, n, buf, 255, &got))
		sanblk_scsi_parse_vpd_serial(buf, got, info->serial,
					     sizeof(info->serial));
	n = sanblk_scsi_cdb_inquiry(cdb, 0x83, ISCSI_IDENT_BUF);
	if ((pages & SANBLK_SCSI_HAVE_DEVID) &&
	    !sanblk_iscsi_ask(c, cdb, n, buf, ISCSI_IDENT_BUF, &got))
		sanblk_scsi_parse_vpd_devid(buf, got, info->id, sizeof(info->id));
	n = sanblk_scsi_cdb_inquiry(cdb, 0xb0, 64);
	if ((pages & SANBLK_SCSI_HAVE_LIMITS) &&
	    !sanblk_iscsi_ask(c, cdb, n, buf, 64, &got))
		sanblk_scsi_parse_vpd_limits(buf, got, &lu->limits);
	n = sanblk_scsi_cdb_inquiry(cdb, 0xb2, 64);
	if ((pages & SANBLK_SCSI_HAVE_LBP) &&
	    !sanblk_iscsi_ask(c, cdb, n, buf, 64, &got))
		sanblk_scsi_parse_vpd_lbp(buf, got, &lu->lbp);
	/* a LUN without identifiers is known by its target and number */
	if (!info->id[0] && info->serial[0])
		snprintf(info->id, sizeof(info->id), "serial.%s", info->serial);
}

static int sanblk_iscsi_capacity(struct iscsi_conn *c, u8 *buf,
				 struct sanblk_scsi_capacity *cap)
{
	u8 cdb[16];
	u32 got;
	int n, ret;

	n = sanblk_scsi_cdb_read_capacity16(cdb, 32);
	ret = sanblk_iscsi_ask(c, cdb, n, buf, 32, &got);
	if (!ret)
		return sanblk_scsi_parse_capacity16(buf, got, cap);
	n = sanblk_scsi_cdb_read_capacity10(cdb);
	ret = sanblk_iscsi_ask(c, cdb, n, buf, 8, &got);
	return ret ?: sanblk_scsi_parse_capacity10(buf, got, cap);
}

static void sanblk_iscsi_caching(struct iscsi_conn *c, u8 *buf,
				 struct iscsi_lun *lu)
{
	u8 cdb[16];
	u32 got;
	int n;

	memset(&lu->caching, 0, sizeof(lu->caching));
	n = sanblk_scsi_cdb_mode_sense10(cdb, 0x08, 0, 128);
	if (!sanblk_iscsi_ask(c, cdb, n, buf, 128, &got))
		sanblk_scsi_parse_mode_caching(buf, got, &lu->caching);
}

static void sanblk_iscsi_fill_info(struct iscsi_dev *id,
				   const struct sanblk_scsi_capacity *cap,
				   struct iscsi_lun *lu)
{
	struct sanblk_disk_info *info = &lu->info;
	u32 max = ISCSI_MAX_SECTORS;

	lu->block_size = cap->block_size;
	lu->block_shift = ilog2(cap->block_size) - 9;
	info->sectors = cap->blocks << lu->block_shift;
	info->logical_block_size = cap->block_size;
	info->physical_block_size = cap->block_size << min_t(u8, cap->phys_exp, 6);
	if (lu->limits.max_xfer_blocks)
		max = min_t(u64, max,
			    (u64)lu->limits.max_xfer_blocks << lu->block_shift);
	info->max_sectors = max(max, cap->block_size >> 9);
	info->nr_hw_queues = id->nr_hw_queues;
	info->queue_depth = min(ISCSI_QUEUE_DEPTH * id->nconns,
				SANBLK_QUEUE_DEPTH_MAX);
	info->max_queue_depth = info->queue_depth;
	info->write_cache = lu->caching.wce;
	info->fua = lu->caching.wce && lu->caching.dpofua;
	/* lengths in sectors fit 32 bits; WRITE SAME's one block, a page */
	sanblk_scsi_plan_provisioning(cap, &lu->limits, &lu->lbp,
				      U32_MAX >> lu->block_shift, &lu->plan);
	if (lu->plan.discard_unmap || cap->block_size <= PAGE_SIZE)
		info->max_discard_sectors =
			lu->plan.discard_blocks << lu->block_shift;
	if (cap->block_size <= PAGE_SIZE)
		info->max_write_zeroes_sectors =
			lu->plan.zeroes_blocks << lu->block_shift;
}

int sanblk_iscsi_identify(struct iscsi_path *p, struct iscsi_lun *lu,
			  char *err, size_t errlen)
{
	struct sanblk_disk_info *info = &lu->info;
	struct iscsi_conn *c = &p->conns[0];
	struct sanblk_scsi_capacity cap;
	struct sanblk_scsi_inquiry inq;
	u8 *buf;
	int ret;

	buf = kzalloc(ISCSI_IDENT_BUF, GFP_NOIO);
	if (!buf)
		return -ENOMEM;
	memset(lu, 0, sizeof(*lu));
	ret = sanblk_iscsi_check_lun(p, buf, err, errlen);
	if (ret)
		goto out;
	if (!sanblk_scsi_parse_inquiry(buf, 96, &inq)) {
		snprintf(info->model, sizeof(info->model), "%s %s", inq.vendor,
			 inq.product);
		strscpy(info->firmware, inq.revision, sizeof(info->firmware));
	}
	ret = sanblk_iscsi_ready(c, buf, err, errlen);
	if (ret)
		goto out;
	sanblk_iscsi_vpd(c, buf, lu);
	ret = sanblk_iscsi_capacity(c, buf, &cap);
	if (ret) {
		snprintf(err, errlen, "READ CAPACITY failed (%d)", ret);
		goto out;
	}
	sanblk_iscsi_caching(c, buf, lu);
	sanblk_iscsi_fill_info(p->id, &cap, lu);
out:
	kfree(buf);
	return ret;
}
