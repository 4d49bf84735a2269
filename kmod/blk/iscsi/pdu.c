// SPDX-License-Identifier: GPL-2.0-only
/*
 * iSCSI BHS encode/decode and framing.  Pure code (see pdu.h).
 */
#include "pdu.h"

int sanblk_iscsi_put_bhs(u8 *buf, size_t len, const struct sanblk_iscsi_bhs *h)
{
	if (len < SANBLK_ISCSI_BHS_LEN || h->dlength > SANBLK_ISCSI_DSL_MAX)
		return -ENOSPC;
	buf[0] = (h->opcode & 0x3f) |
		 (h->immediate ? SANBLK_ISCSI_OP_IMMEDIATE : 0);
	buf[1] = h->flags;
	buf[2] = h->b2;
	buf[3] = h->b3;
	/* DataSegmentLength is the low 24 bits of the word at byte 4 */
	sanblk_put_be32(buf + 4, h->dlength);
	buf[4] = h->ahs_words;
	memcpy(buf + 8, h->lun, 8);
	sanblk_put_be32(buf + 16, h->itt);
	sanblk_put_be32(buf + 20, h->f20);
	sanblk_put_be32(buf + 24, h->f24);
	sanblk_put_be32(buf + 28, h->f28);
	memcpy(buf + 32, h->spec, 16);
	return SANBLK_ISCSI_BHS_LEN;
}

int sanblk_iscsi_get_bhs(const u8 *buf, size_t len, struct sanblk_iscsi_bhs *h)
{
	if (len < SANBLK_ISCSI_BHS_LEN)
		return -EMSGSIZE;
	h->opcode = buf[0] & 0x3f;
	h->immediate = buf[0] & SANBLK_ISCSI_OP_IMMEDIATE;
	h->flags = buf[1];
	h->b2 = buf[2];
	h->b3 = buf[3];
	h->ahs_words = buf[4];
	h->dlength = sanblk_get_be32(buf + 4) & 0xffffff;
	memcpy(h->lun, buf + 8, 8);
	h->itt = sanblk_get_be32(buf + 16);
	h->f20 = sanblk_get_be32(buf + 20);
	h->f24 = sanblk_get_be32(buf + 24);
	h->f28 = sanblk_get_be32(buf + 28);
	memcpy(h->spec, buf + 32, 16);
	return SANBLK_ISCSI_BHS_LEN;
}

void sanblk_iscsi_lun(u8 out[8], u32 lun)
{
	memset(out, 0, 8);
	if (lun < 256) {
		out[1] = (u8)lun;		/* peripheral device addressing */
	} else {
		out[0] = 0x40 | ((lun >> 8) & 0x3f);	/* flat space */
		out[1] = lun & 0xff;
	}
}

void sanblk_iscsi_login_req(struct sanblk_iscsi_bhs *h, const u8 isid[6],
			    u16 tsih, u16 cid, u8 csg, u8 nsg, bool transit)
{
	memset(h, 0, sizeof(*h));
	h->opcode = SANBLK_ISCSI_OP_LOGIN_REQ;
	h->immediate = true;		/* login requests always are */
	h->flags = (u8)((csg & 3) << 2);
	/* NSG means something only with T set; keep it zero otherwise */
	if (transit)
		h->flags |= SANBLK_ISCSI_FL_TRANSIT | (nsg & 3);
	memcpy(h->lun, isid, 6);
	sanblk_put_be16(h->lun + 6, tsih);
	h->f20 = (u32)cid << 16;
}

void sanblk_iscsi_scsi_cmd(struct sanblk_iscsi_bhs *h, const u8 *cdb,
			   size_t cdb_len, u32 xfer_len, bool write)
{
	memset(h, 0, sizeof(*h));
	h->opcode = SANBLK_ISCSI_OP_SCSI_CMD;
	h->flags = SANBLK_ISCSI_FL_FINAL | SANBLK_ISCSI_ATTR_SIMPLE;
	if (xfer_len)
		h->flags |= write ? SANBLK_ISCSI_FL_WRITE : SANBLK_ISCSI_FL_READ;
	h->f20 = xfer_len;
	/* CDBs longer than 16 bytes need an extended CDB AHS: not used */
	if (cdb_len > sizeof(h->spec))
		cdb_len = sizeof(h->spec);
	memcpy(h->spec, cdb, cdb_len);
}

void sanblk_iscsi_nop_out(struct sanblk_iscsi_bhs *h, u32 ttt)
{
	memset(h, 0, sizeof(*h));
	h->opcode = SANBLK_ISCSI_OP_NOP_OUT;
	h->immediate = true;
	h->flags = SANBLK_ISCSI_FL_FINAL;
	h->f20 = ttt;
}

void sanblk_iscsi_tmf_req(struct sanblk_iscsi_bhs *h, u8 func, u32 rtt,
			  u32 ref_cmdsn)
{
	memset(h, 0, sizeof(*h));
	h->opcode = SANBLK_ISCSI_OP_TMF_REQ;
	h->immediate = true;
	h->flags = SANBLK_ISCSI_FL_FINAL | (func & 0x7f);
	h->f20 = rtt;
	sanblk_iscsi_set_spec32(h, 0, ref_cmdsn);
}

void sanblk_iscsi_logout_req(struct sanblk_iscsi_bhs *h)
{
	memset(h, 0, sizeof(*h));
	h->opcode = SANBLK_ISCSI_OP_LOGOUT_REQ;
	h->immediate = true;
	h->flags = SANBLK_ISCSI_FL_FINAL;	/* reason 0: close the session */
}

const char *sanblk_iscsi_tmf_text(u8 response)
{
	switch (response) {
	case 0:
		return "function complete";
	case 1:
		return "task does not exist";
	case 2:
		return "LUN does not exist";
	case 3:
		return "task still allegiant";
	case 4:
		return "task allegiance reassignment not supported";
	case 5:
		return "function not supported";
	case 6:
		return "function authorization failed";
	case 255:
		return "function rejected";
	default:
		return "unknown response";
	}
}

bool sanblk_iscsi_target_opcode(u8 opcode)
{
	switch (opcode) {
	case SANBLK_ISCSI_OP_NOP_IN:
	case SANBLK_ISCSI_OP_SCSI_RSP:
	case SANBLK_ISCSI_OP_TMF_RSP:
	case SANBLK_ISCSI_OP_LOGIN_RSP:
	case SANBLK_ISCSI_OP_TEXT_RSP:
	case SANBLK_ISCSI_OP_DATA_IN:
	case SANBLK_ISCSI_OP_LOGOUT_RSP:
	case SANBLK_ISCSI_OP_R2T:
	case SANBLK_ISCSI_OP_ASYNC:
	case SANBLK_ISCSI_OP_REJECT:
		return true;
	}
	return false;
}

/*
 * Size a received PDU.  -EPROTO for an opcode a target never sends,
 * -EMSGSIZE when its data segment exceeds what we declared we accept:
 * the stream cannot be trusted after either, the connection must go.
 */
int sanblk_iscsi_pdu_len(const struct sanblk_iscsi_bhs *h,
			 const struct sanblk_iscsi_framing *fr,
			 struct sanblk_iscsi_pdu_len *pl)
{
	u32 dig = SANBLK_ISCSI_DIGEST_LEN;

	if (!sanblk_iscsi_target_opcode(h->opcode))
		return -EPROTO;
	if (h->dlength > fr->max_recv_dsl)
		return -EMSGSIZE;
	pl->ahs = (u32)h->ahs_words * 4;
	pl->data = h->dlength;
	pl->pad = sanblk_iscsi_pad(h->dlength);
	/* at most 48 + 1020 + 4 + 2^24 + 4: no overflow in 32 bits */
	pl->total = SANBLK_ISCSI_BHS_LEN + pl->ahs + pl->data + pl->pad;
	if (fr->header_digest)
		pl->total += dig;
	if (fr->data_digest && pl->data)
		pl->total += dig;
	return 0;
}

/*
 * Given the first have bytes of a PDU, how many more complete it: the rest
 * of the BHS first, then everything the BHS announces.  0 in *need means
 * the PDU is whole.
 */
int sanblk_iscsi_pdu_need(const u8 *buf, size_t have,
			  const struct sanblk_iscsi_framing *fr, size_t *need)
{
	struct sanblk_iscsi_pdu_len pl;
	struct sanblk_iscsi_bhs h;
	int err;

	if (have < SANBLK_ISCSI_BHS_LEN) {
		*need = SANBLK_ISCSI_BHS_LEN - have;
		return 0;
	}
	sanblk_iscsi_get_bhs(buf, have, &h);
	err = sanblk_iscsi_pdu_len(&h, fr, &pl);
	if (err)
		return err;
	if (have > pl.total)
		return -EINVAL;		/* caller read past this PDU */
	*need = pl.total - have;
	return 0;
}
