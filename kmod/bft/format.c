// SPDX-License-Identifier: GPL-2.0-only
/*
 * Text forms of what the boot firmware tables hold: addresses, LUNs, MACs,
 * table signatures and the canonical root path.  Every function has
 * snprintf semantics: it returns the length of the full text and writes at
 * most len bytes, always NUL-terminated when len is not 0.
 */
#include "sanblk_pure.h"
#include "sanblk_text.h"
#include "bft_parse.h"

static const char sanbft_hex[] = "0123456789abcdef";

int sanbft_format_ip(const struct sanbft_ip *ip, char *buf, size_t len)
{
	/* an absent address (all zeros in the table) is the empty string */
	if (!ip->family)
		return snprintf(buf, len, "%s", "");
	return sanblk_format_ip(ip->family, ip->addr, buf, len);
}

int sanbft_format_lun(const u8 lun[8], char *buf, size_t len)
{
	return sanblk_format_lun(lun, buf, len);
}

int sanbft_format_mac(const u8 mac[6], char *buf, size_t len)
{
	return snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x",
			mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}

int sanbft_format_signature(const u8 sig[4], char *buf, size_t len)
{
	char text[17], *p = text;
	int i;

	for (i = 0; i < 4; i++) {
		if (sig[i] >= 0x20 && sig[i] < 0x7f && sig[i] != '\\' &&
		    sig[i] != '"') {
			*p++ = sig[i];
		} else {
			*p++ = '\\';
			*p++ = 'x';
			*p++ = sanbft_hex[sig[i] >> 4];
			*p++ = sanbft_hex[sig[i] & 0xf];
		}
	}
	*p = '\0';
	return snprintf(buf, len, "%s", text);
}

int sanbft_root_path(const struct sanbft_entry *e, char *buf, size_t len)
{
	const struct sanbft_target *tgt = &e->target;
	char server[SANBLK_IP_TEXT_MAX + 2], addr[SANBLK_IP_TEXT_MAX];
	char port[8], lun[SANBLK_LUN_TEXT_MAX];

	if (len)
		buf[0] = '\0';
	switch (e->transport) {
	case SANBFT_TRANSPORT_AOE:
		return snprintf(buf, len, "aoe:e%u.%u", e->shelf, e->slot);
	case SANBFT_TRANSPORT_ISCSI:
		break;
	default:
		return -EINVAL;
	}
	if (!tgt->ip.family || !tgt->name[0])
		return -EINVAL;
	if (sanbft_format_ip(&tgt->ip, addr, sizeof(addr)) < 0)
		return -EINVAL;
	if (tgt->ip.family == 6)
		snprintf(server, sizeof(server), "[%s]", addr);
	else
		snprintf(server, sizeof(server), "%s", addr);
	/* Port 0 means "not given": RFC 4173 leaves the field empty. */
	if (tgt->port)
		snprintf(port, sizeof(port), "%u", tgt->port);
	else
		port[0] = '\0';
	sanbft_format_lun(tgt->lun, lun, sizeof(lun));
	return snprintf(buf, len, "iscsi:%s::%s:%s:%s", server, port, lun,
			tgt->name);
}
