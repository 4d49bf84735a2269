// SPDX-License-Identifier: GPL-2.0-only
/*
 * Text forms of what the boot firmware tables hold: addresses, LUNs, MACs,
 * table signatures and the canonical root path.  Every function has
 * snprintf semantics: it returns the length of the full text and writes at
 * most len bytes, always NUL-terminated when len is not 0.
 */
#include "sanblk_pure.h"
#include "bft_parse.h"

static const char sanbft_hex[] = "0123456789abcdef";

/* Write v in lowercase hex without leading zeros; returns the new end. */
static char *sanbft_put_hex16(char *p, u16 v)
{
	int shift;
	bool started = false;

	for (shift = 12; shift >= 0; shift -= 4) {
		u8 nibble = (v >> shift) & 0xf;

		if (nibble || started || shift == 0) {
			*p++ = sanbft_hex[nibble];
			started = true;
		}
	}
	return p;
}

/* RFC 5952 text: lowercase, longest run of two or more zero groups as "::". */
static void sanbft_ip6_text(const u8 addr[16], char out[40])
{
	int best = -1, best_len = 1, run = -1, i;
	char *p = out;

	for (i = 0; i < 8; i++) {
		if (sanblk_get_be16(addr + 2 * i)) {
			run = -1;
			continue;
		}
		if (run < 0)
			run = i;
		if (i - run + 1 > best_len) {
			best = run;
			best_len = i - run + 1;
		}
	}
	for (i = 0; i < 8; i++) {
		if (i == best) {
			*p++ = ':';
			*p++ = ':';
			i += best_len - 1;
			continue;
		}
		if (i && i != best + best_len)
			*p++ = ':';
		p = sanbft_put_hex16(p, sanblk_get_be16(addr + 2 * i));
	}
	*p = '\0';
}

int sanbft_format_ip(const struct sanbft_ip *ip, char *buf, size_t len)
{
	char text[40];

	switch (ip->family) {
	case 0:
		return snprintf(buf, len, "%s", "");
	case 4:
		return snprintf(buf, len, "%u.%u.%u.%u", ip->addr[0],
				ip->addr[1], ip->addr[2], ip->addr[3]);
	case 6:
		sanbft_ip6_text(ip->addr, text);
		return snprintf(buf, len, "%s", text);
	default:
		if (len)
			buf[0] = '\0';
		return -EINVAL;
	}
}

/*
 * RFC 4173 / iPXE scsi_parse_lun(): four big-endian 16-bit groups in hex,
 * joined by '-', trailing all-zero groups dropped, at least one group.
 */
int sanbft_format_lun(const u8 lun[8], char *buf, size_t len)
{
	char text[20], *p = text;
	int groups = 4, i;

	while (groups > 1 && !sanblk_get_be16(lun + 2 * (groups - 1)))
		groups--;
	for (i = 0; i < groups; i++) {
		if (i)
			*p++ = '-';
		p = sanbft_put_hex16(p, sanblk_get_be16(lun + 2 * i));
	}
	*p = '\0';
	return snprintf(buf, len, "%s", text);
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
	char server[48], addr[40], port[8], lun[20];

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
