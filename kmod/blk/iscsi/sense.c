// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sense data, what a status asks of the initiator, and text for the
 * kernel log.  Pure code (see scsi.h).
 */
#include "scsi.h"

#define SANBLK_SCSI_SENSE_FIXED_ASC	12	/* ASC, ASCQ at 12, 13 */
#define SANBLK_SCSI_DESC_INFO		0x00	/* Information descriptor */

/* Fixed format: VALID bit, INFORMATION at 3..6, ADDITIONAL LENGTH at 7. */
static int sanblk_scsi_sense_fixed(const u8 *buf, size_t len,
				   struct sanblk_scsi_sense *s)
{
	size_t end;

	if (len < 3)
		return -EINVAL;
	s->key = buf[2] & 0x0f;
	if (len >= 7 && (buf[0] & 0x80)) {
		s->info_valid = true;
		s->info = sanblk_get_be32(buf + 3);
	}
	end = len >= 8 ? sanblk_scsi_min(len, 8 + (size_t)buf[7]) : len;
	if (end >= SANBLK_SCSI_SENSE_FIXED_ASC + 2) {
		s->asc = buf[SANBLK_SCSI_SENSE_FIXED_ASC];
		s->ascq = buf[SANBLK_SCSI_SENSE_FIXED_ASC + 1];
	}
	return 0;
}

/*
 * Descriptor format: key, ASC, ASCQ in the header; the INFORMATION in
 * its own descriptor, found by a walk bounded by the ADDITIONAL LENGTH.
 */
static int sanblk_scsi_sense_desc(const u8 *buf, size_t len,
				  struct sanblk_scsi_sense *s)
{
	size_t end, off = 8;

	if (len < 4)
		return -EINVAL;
	s->key = buf[1] & 0x0f;
	s->asc = buf[2];
	s->ascq = buf[3];
	if (len < 8)
		return 0;
	end = sanblk_scsi_min(len, 8 + (size_t)buf[7]);
	while (off + 2 <= end && off + 2 + buf[off + 1] <= end) {
		const u8 *d = buf + off;

		if (d[0] == SANBLK_SCSI_DESC_INFO && d[1] >= 10) {
			s->info_valid = d[2] & 0x80;
			s->info = sanblk_get_be64(d + 4);
			break;
		}
		off += 2 + d[1];
	}
	return 0;
}

int sanblk_scsi_parse_sense(const u8 *buf, size_t len,
			    struct sanblk_scsi_sense *s)
{
	int ret = -EINVAL;

	memset(s, 0, sizeof(*s));
	if (!len)
		return -EINVAL;
	switch (buf[0] & 0x7f) {
	case 0x70:
	case 0x71:
		ret = sanblk_scsi_sense_fixed(buf, len, s);
		break;
	case 0x72:
	case 0x73:
		ret = sanblk_scsi_sense_desc(buf, len, s);
		break;
	}
	if (ret)
		return ret;
	s->valid = true;
	s->deferred = (buf[0] & 0x7f) == 0x71 || (buf[0] & 0x7f) == 0x73;
	return 0;
}

/* A SenseLength beyond the segment is cut to what did arrive. */
int sanblk_scsi_iscsi_sense(const u8 *seg, size_t len,
			    struct sanblk_scsi_sense *s)
{
	size_t n;

	memset(s, 0, sizeof(*s));
	if (len < 2)
		return -ENODATA;
	n = sanblk_scsi_min(sanblk_get_be16(seg), len - 2);
	if (!n)
		return -ENODATA;
	return sanblk_scsi_parse_sense(seg + 2, n, s);
}

static bool sanblk_scsi_is(const struct sanblk_scsi_sense *s, u8 asc,
			   u8 ascq)
{
	return s->asc == asc && s->ascq == ascq;
}

/* NOT READY causes that pass by themselves (04/xx). */
static bool sanblk_scsi_becoming_ready(u8 ascq)
{
	switch (ascq) {
	case 0x01:	/* becoming ready */
	case 0x04:	/* format in progress */
	case 0x05:	/* rebuild in progress */
	case 0x06:	/* recalculation in progress */
	case 0x07:	/* operation in progress */
	case 0x08:	/* long write in progress */
	case 0x09:	/* self-test in progress */
	case 0x0a:	/* asymmetric access state transition */
	case 0x14:	/* space allocation in progress */
	case 0x1a:	/* start stop unit in progress */
	case 0x1b:	/* sanitize in progress */
		return true;
	}
	return false;
}

static enum sanblk_scsi_action
sanblk_scsi_unit_attention(const struct sanblk_scsi_sense *s)
{
	if (sanblk_scsi_is(s, 0x2a, 0x09) ||	/* capacity data changed */
	    sanblk_scsi_is(s, 0x2a, 0x01) ||	/* mode parameters changed */
	    sanblk_scsi_is(s, 0x3f, 0x03) ||	/* inquiry data changed */
	    sanblk_scsi_is(s, 0x3f, 0x0e))	/* reported LUNs changed */
		return SANBLK_SCSI_CHANGED;
	/* soft threshold (38/07) too: a warning, the command did not run */
	return SANBLK_SCSI_RETRY;
}

static enum sanblk_scsi_action
sanblk_scsi_sense_action(const struct sanblk_scsi_sense *s)
{
	switch (s->key) {
	case SANBLK_SCSI_KEY_RECOVERED:
		return SANBLK_SCSI_OK;
	case SANBLK_SCSI_KEY_NOT_READY:
		if (s->asc == 0x04 && sanblk_scsi_becoming_ready(s->ascq))
			return SANBLK_SCSI_RETRY_LATER;
		return SANBLK_SCSI_FAIL;
	case SANBLK_SCSI_KEY_MEDIUM:
		return SANBLK_SCSI_FAIL_MEDIUM;
	case SANBLK_SCSI_KEY_ILLEGAL:
		if (sanblk_scsi_is(s, 0x20, 0x00) ||
		    sanblk_scsi_is(s, 0x24, 0x00))
			return SANBLK_SCSI_FAIL_NOTSUPP;
		return SANBLK_SCSI_FAIL;
	case SANBLK_SCSI_KEY_UNIT_ATTENTION:
		return sanblk_scsi_unit_attention(s);
	case SANBLK_SCSI_KEY_DATA_PROTECT:
		if (sanblk_scsi_is(s, 0x27, 0x07))
			return SANBLK_SCSI_FAIL_NOSPC;
		return SANBLK_SCSI_FAIL_PROTECT;
	case SANBLK_SCSI_KEY_ABORTED:
		/* protection information check failed (10/xx): data is bad */
		return s->asc == 0x10 ? SANBLK_SCSI_FAIL : SANBLK_SCSI_RETRY;
	case SANBLK_SCSI_KEY_NO_SENSE:
		/* CHECK CONDITION that says nothing: not a success either */
		return SANBLK_SCSI_RETRY;
	}
	return SANBLK_SCSI_FAIL;
}

enum sanblk_scsi_action
sanblk_scsi_status_action(u8 status, const struct sanblk_scsi_sense *s)
{
	switch (status) {
	case SANBLK_SCSI_GOOD:
	case SANBLK_SCSI_CONDITION_MET:
		return SANBLK_SCSI_OK;
	case SANBLK_SCSI_BUSY:
	case SANBLK_SCSI_TASK_SET_FULL:
	case SANBLK_SCSI_TASK_ABORTED:
		return SANBLK_SCSI_RETRY;
	case SANBLK_SCSI_CHECK_CONDITION:
		/* no sense, or an earlier command's: this one did not run */
		if (!s || !s->valid || s->deferred)
			return SANBLK_SCSI_RETRY;
		return sanblk_scsi_sense_action(s);
	}
	return SANBLK_SCSI_FAIL;		/* RESERVATION CONFLICT, ... */
}

const char *sanblk_scsi_status_name(u8 status)
{
	switch (status) {
	case SANBLK_SCSI_GOOD:
		return "GOOD";
	case SANBLK_SCSI_CHECK_CONDITION:
		return "CHECK CONDITION";
	case SANBLK_SCSI_CONDITION_MET:
		return "CONDITION MET";
	case SANBLK_SCSI_BUSY:
		return "BUSY";
	case SANBLK_SCSI_RESERVATION_CONFLICT:
		return "RESERVATION CONFLICT";
	case SANBLK_SCSI_TASK_SET_FULL:
		return "TASK SET FULL";
	case SANBLK_SCSI_ACA_ACTIVE:
		return "ACA ACTIVE";
	case SANBLK_SCSI_TASK_ABORTED:
		return "TASK ABORTED";
	}
	return "unknown status";
}

static const char *const sanblk_scsi_keys[16] = {
	"NO SENSE", "RECOVERED ERROR", "NOT READY", "MEDIUM ERROR",
	"HARDWARE ERROR", "ILLEGAL REQUEST", "UNIT ATTENTION", "DATA PROTECT",
	"BLANK CHECK", "VENDOR SPECIFIC", "COPY ABORTED", "ABORTED COMMAND",
	"RESERVED KEY", "VOLUME OVERFLOW", "MISCOMPARE", "COMPLETED",
};

const char *sanblk_scsi_key_name(u8 key)
{
	return sanblk_scsi_keys[key & 0x0f];
}

/* ASCQ SANBLK_SCSI_ANY: every ASCQ of that ASC not listed before it. */
#define SANBLK_SCSI_ANY		0x100

struct sanblk_scsi_asc {
	u8 asc;
	u16 ascq;
	const char *text;
};

static const struct sanblk_scsi_asc sanblk_scsi_ascs[] = {
	{ 0x00, 0x00, "no additional sense information" },
	{ 0x04, 0x00, "logical unit not ready, cause not reportable" },
	{ 0x04, 0x01, "logical unit is becoming ready" },
	{ 0x04, 0x02, "logical unit not ready, initializing command required" },
	{ 0x04, 0x03, "logical unit not ready, manual intervention required" },
	{ 0x04, 0x04, "logical unit not ready, format in progress" },
	{ 0x04, 0x07, "logical unit not ready, operation in progress" },
	{ 0x04, 0x08, "logical unit not ready, long write in progress" },
	{ 0x04, 0x0a, "asymmetric access state transition" },
	{ 0x04, 0x0b, "target port in standby state" },
	{ 0x04, 0x0c, "target port in unavailable state" },
	{ 0x04, 0x14, "logical unit not ready, space allocation in progress" },
	{ 0x04, SANBLK_SCSI_ANY, "logical unit not ready" },
	{ 0x05, 0x00, "logical unit does not respond to selection" },
	{ 0x08, 0x00, "logical unit communication failure" },
	{ 0x0c, 0x00, "write error" },
	{ 0x0c, 0x02, "write error, auto reallocation failed" },
	{ 0x10, 0x01, "logical block guard check failed" },
	{ 0x10, 0x02, "logical block application tag check failed" },
	{ 0x10, 0x03, "logical block reference tag check failed" },
	{ 0x11, 0x00, "unrecovered read error" },
	{ 0x11, 0x04, "unrecovered read error, auto reallocate failed" },
	{ 0x14, 0x01, "record not found" },
	{ 0x1d, 0x00, "miscompare during verify operation" },
	{ 0x20, 0x00, "invalid command operation code" },
	{ 0x21, 0x00, "logical block address out of range" },
	{ 0x24, 0x00, "invalid field in CDB" },
	{ 0x25, 0x00, "logical unit not supported" },
	{ 0x26, 0x00, "invalid field in parameter list" },
	{ 0x27, 0x07, "space allocation failed write protect" },
	{ 0x27, SANBLK_SCSI_ANY, "write protected" },
	{ 0x28, 0x00, "not ready to ready change, medium may have changed" },
	{ 0x29, 0x00, "power on, reset, or bus device reset occurred" },
	{ 0x29, 0x07, "I_T nexus loss occurred" },
	{ 0x29, SANBLK_SCSI_ANY, "power on or reset occurred" },
	{ 0x2a, 0x01, "mode parameters changed" },
	{ 0x2a, 0x03, "reservations preempted" },
	{ 0x2a, 0x06, "asymmetric access state changed" },
	{ 0x2a, 0x09, "capacity data has changed" },
	{ 0x2a, SANBLK_SCSI_ANY, "parameters changed" },
	{ 0x2c, 0x00, "command sequence error" },
	{ 0x31, 0x00, "medium format corrupted" },
	{ 0x38, 0x07, "thin provisioning soft threshold reached" },
	{ 0x3a, 0x00, "medium not present" },
	{ 0x3f, 0x01, "microcode has been changed" },
	{ 0x3f, 0x03, "inquiry data has changed" },
	{ 0x3f, 0x0e, "reported luns data has changed" },
	{ 0x3f, SANBLK_SCSI_ANY, "target operating conditions have changed" },
	{ 0x44, 0x00, "internal target failure" },
	{ 0x47, 0x03, "information unit iuCRC error detected" },
	{ 0x47, SANBLK_SCSI_ANY, "SCSI parity error" },
	{ 0x49, 0x00, "invalid message error" },
	{ 0x4b, SANBLK_SCSI_ANY, "data phase error" },
	{ 0x55, SANBLK_SCSI_ANY, "system resource failure" },
	{ 0x5d, SANBLK_SCSI_ANY, "failure prediction threshold exceeded" },
	{ 0x74, 0x71, "logical unit access not authorized" },
};

static const char *sanblk_scsi_asc_text(u8 asc, u8 ascq)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sanblk_scsi_ascs); i++) {
		const struct sanblk_scsi_asc *a = &sanblk_scsi_ascs[i];

		if (a->asc == asc && (a->ascq == ascq ||
				      a->ascq == SANBLK_SCSI_ANY))
			return a->text;
	}
	return "additional sense";
}

bool sanblk_scsi_lun_unsupported(int status,
				 const struct sanblk_scsi_sense *s)
{
	return status == SANBLK_SCSI_CHECK_CONDITION && s->valid &&
	       s->key == SANBLK_SCSI_KEY_ILLEGAL && s->asc == 0x25 &&
	       s->ascq == 0x00;
}

/* Keys whose INFORMATION field is the LBA the error is about. */
static bool sanblk_scsi_info_is_lba(u8 key)
{
	return key == SANBLK_SCSI_KEY_RECOVERED ||
	       key == SANBLK_SCSI_KEY_MEDIUM ||
	       key == SANBLK_SCSI_KEY_HARDWARE ||
	       key == SANBLK_SCSI_KEY_MISCOMPARE;
}

int sanblk_scsi_sense_text(const struct sanblk_scsi_sense *s, char *buf,
			   size_t len)
{
	char at[32] = "";

	if (!s->valid)
		return snprintf(buf, len, "no sense data");
	if (s->info_valid && sanblk_scsi_info_is_lba(s->key))
		snprintf(at, sizeof(at), " at LBA %llu",
			 (unsigned long long)s->info);
	return snprintf(buf, len, "%s: %s (%02x/%02x)%s%s",
			sanblk_scsi_key_name(s->key),
			sanblk_scsi_asc_text(s->asc, s->ascq), s->asc, s->ascq,
			at, s->deferred ? ", deferred" : "");
}
