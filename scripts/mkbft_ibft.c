// SPDX-License-Identifier: GPL-2.0-only
/*
 * mkbft's iBFT writer: the initiator, nic and target lines, the layout
 * iPXE uses (control structure, initiator, NICs and targets, then the
 * strings), and the defects that reach into those structures.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "mkbft.h"

#define ALIGN16(x)	(((x) + 15) & ~(size_t)15)

struct nic {
	unsigned int idx;
	u8 flags;
	u8 mac[6];
	bool has_mac;
	u8 ip[16], gw[16], dns[2][16], dhcp[16];
	u8 prefix;
	u16 vlan;
	u8 origin;
	u16 bdf;
	char *host;
	size_t off;
};

struct target {
	unsigned int idx;
	unsigned int nic;
	u8 flags;
	u8 ip[16];
	bool has_ip;
	u16 port;
	u8 lun[8];
	u8 chap_type;
	char *name, *chap_name, *chap_secret, *rchap_name, *rchap_secret;
	size_t off;
};

/* What the iBFT lines described, and where the layout put it. */
static struct {
	char *initiator;
	bool has_initiator;
	u8 ini_flags;
	size_t ini_off;
	struct nic *nics;
	unsigned int n_nics;
	struct target *tgts;
	unsigned int n_tgts;
} ibft;

/* IPv4 as ::ffff:a.b.c.d, IPv6 as is; *prefix (optional) from "/N". */
static void parse_ip(const char *word, const char *s, u8 out[16], u8 *prefix)
{
	char buf[INET6_ADDRSTRLEN + 8], *slash;
	unsigned long max = 128;

	if (strlen(s) >= sizeof(buf))
		die("bad word '%s': not an IP address", word);
	strcpy(buf, s);
	slash = strchr(buf, '/');
	if (slash) {
		if (!prefix)
			die("bad word '%s': no /PREFIX allowed here", word);
		*slash++ = '\0';
	}
	memset(out, 0, 16);
	if (inet_pton(AF_INET, buf, out + 12) == 1) {
		out[10] = 0xff;
		out[11] = 0xff;
		max = 32;
	} else if (inet_pton(AF_INET6, buf, out) != 1) {
		die("bad word '%s': '%s' is not an IP address", word, buf);
	}
	if (slash)
		*prefix = num(word, slash, max);
}

static u8 parse_flags(const char *word, const char *s, bool nic)
{
	char buf[64], *tok, *save;
	u8 flags = 0;

	if (!strcmp(s, "none"))
		return 0;
	if (isdigit((unsigned char)*s))
		return num(word, s, 0xff);
	if (strlen(s) >= sizeof(buf))
		die("bad word '%s'", word);
	strcpy(buf, s);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (!strcmp(tok, "valid"))
			flags |= SANBFT_FL_VALID;
		else if (!strcmp(tok, "boot"))
			flags |= SANBFT_FL_BOOT_SELECTED;
		else if (nic && !strcmp(tok, "global"))
			flags |= SANBFT_NIC_FL_GLOBAL;
		else
			die("bad word '%s': unknown flag '%s'", word, tok);
	}
	return flags;
}

/* RFC 4173 LUN: up to four '-'-separated groups of up to four hex digits. */
static const char lun_grammar[] =
	"LUN is up to four '-'-separated groups of 1-4 hex digits";

static void parse_lun(const char *word, const char *s, u8 lun[8])
{
	const char *p = s;
	int g = 0;

	memset(lun, 0, 8);
	for (;;) {
		unsigned int v = 0, n = 0;

		while (isxdigit((unsigned char)*p) && n < 5) {
			v = v * 16 + (isdigit((unsigned char)*p) ? *p - '0' :
				      (tolower((unsigned char)*p) - 'a' + 10));
			p++;
			n++;
		}
		if (!n || n > 4 || g == 4)
			die("bad word '%s': %s", word, lun_grammar);
		sanblk_put_be16(lun + 2 * g++, v);
		if (!*p)
			return;
		if (*p++ != '-')
			die("bad word '%s': %s", word, lun_grammar);
	}
}

static void parse_userpass(const char *word, const char *s, char **user,
			   char **pass)
{
	const char *colon = strchr(s, ':');

	if (!colon || colon == s || !colon[1])
		die("bad word '%s': expected USER:SECRET", word);
	*user = xstrdup(s);
	(*user)[colon - s] = '\0';
	*pass = xstrdup(colon + 1);
}

static void line_initiator(char **w, int n)
{
	char key[32];
	const char *v;

	need_mode(MODE_IBFT, w[0]);
	if (n < 2)
		die("bad word '%s': expected 'initiator NAME'", w[0]);
	if (ibft.has_initiator)
		die("bad word '%s': a second initiator", w[0]);
	ibft.has_initiator = true;
	ibft.initiator = xstrdup(w[1]);
	ibft.ini_flags = SANBFT_FL_VALID | SANBFT_FL_BOOT_SELECTED;
	for (int i = 2; i < n; i++) {
		v = kv(w[i], key, sizeof(key));
		if (v && !strcmp(key, "flags"))
			ibft.ini_flags = parse_flags(w[i], v, false);
		else
			die("bad word '%s'", w[i]);
	}
}

static void line_nic(char **w, int n)
{
	struct nic *nic;
	char key[32], buf[128], *comma;
	const char *v;
	unsigned int b, dv, f;
	char end;

	need_mode(MODE_IBFT, w[0]);
	if (n < 2)
		die("bad word '%s': expected 'nic IDX ...'", w[0]);
	ibft.nics = xrealloc(ibft.nics, (ibft.n_nics + 1) * sizeof(*ibft.nics));
	nic = &ibft.nics[ibft.n_nics++];
	memset(nic, 0, sizeof(*nic));
	nic->idx = num(w[1], w[1], 255);
	nic->flags = SANBFT_FL_VALID | SANBFT_FL_BOOT_SELECTED;
	for (unsigned int i = 0; i + 1 < ibft.n_nics; i++)
		if (ibft.nics[i].idx == nic->idx)
			die("bad word '%s': nic %u given twice", w[1], nic->idx);
	for (int i = 2; i < n; i++) {
		v = kv(w[i], key, sizeof(key));
		if (!v) {
			die("bad word '%s'", w[i]);
		} else if (!strcmp(key, "mac")) {
			parse_mac(w[i], v, nic->mac);
			nic->has_mac = true;
		} else if (!strcmp(key, "ip")) {
			parse_ip(w[i], v, nic->ip, &nic->prefix);
		} else if (!strcmp(key, "gw")) {
			parse_ip(w[i], v, nic->gw, NULL);
		} else if (!strcmp(key, "dns")) {
			if (strlen(v) >= sizeof(buf))
				die("bad word '%s'", w[i]);
			strcpy(buf, v);
			comma = strchr(buf, ',');
			if (comma)
				*comma++ = '\0';
			parse_ip(w[i], buf, nic->dns[0], NULL);
			if (comma)
				parse_ip(w[i], comma, nic->dns[1], NULL);
		} else if (!strcmp(key, "dhcp")) {
			parse_ip(w[i], v, nic->dhcp, NULL);
		} else if (!strcmp(key, "vlan")) {
			nic->vlan = num(w[i], v, 0xffff);
		} else if (!strcmp(key, "origin")) {
			if (!strcmp(v, "other"))
				nic->origin = 0;
			else if (!strcmp(v, "manual"))
				nic->origin = 1;
			else if (!strcmp(v, "dhcp"))
				nic->origin = 3;
			else
				nic->origin = num(w[i], v, 255);
		} else if (!strcmp(key, "bdf")) {
			if (sscanf(v, "%2x:%2x.%1x%c", &b, &dv, &f, &end) != 3 ||
			    dv > 31 || f > 7)
				die("bad word '%s': expected bdf=BB:DD.F", w[i]);
			nic->bdf = b << 8 | dv << 3 | f;
		} else if (!strcmp(key, "host")) {
			nic->host = xstrdup(v);
		} else if (!strcmp(key, "flags")) {
			nic->flags = parse_flags(w[i], v, true);
		} else {
			die("bad word '%s'", w[i]);
		}
	}
	if (!nic->has_mac)
		die("bad word '%s': nic %u needs mac=", w[0], nic->idx);
}

static void line_target(char **w, int n)
{
	struct target *t;
	bool has_nic = false;
	char key[32];
	const char *v;

	need_mode(MODE_IBFT, w[0]);
	if (n < 2)
		die("bad word '%s': expected 'target IDX ...'", w[0]);
	ibft.tgts = xrealloc(ibft.tgts, (ibft.n_tgts + 1) * sizeof(*ibft.tgts));
	t = &ibft.tgts[ibft.n_tgts++];
	memset(t, 0, sizeof(*t));
	t->idx = num(w[1], w[1], 255);
	t->flags = SANBFT_FL_VALID | SANBFT_FL_BOOT_SELECTED;
	t->port = 3260;
	for (unsigned int i = 0; i + 1 < ibft.n_tgts; i++)
		if (ibft.tgts[i].idx == t->idx)
			die("bad word '%s': target %u given twice", w[1], t->idx);
	for (int i = 2; i < n; i++) {
		v = kv(w[i], key, sizeof(key));
		if (!v) {
			die("bad word '%s'", w[i]);
		} else if (!strcmp(key, "nic")) {
			t->nic = num(w[i], v, 255);
			has_nic = true;
		} else if (!strcmp(key, "ip")) {
			parse_ip(w[i], v, t->ip, NULL);
			t->has_ip = true;
		} else if (!strcmp(key, "port")) {
			t->port = num(w[i], v, 0xffff);
		} else if (!strcmp(key, "lun")) {
			parse_lun(w[i], v, t->lun);
		} else if (!strcmp(key, "name")) {
			t->name = xstrdup(v);
		} else if (!strcmp(key, "chap")) {
			parse_userpass(w[i], v, &t->chap_name, &t->chap_secret);
		} else if (!strcmp(key, "rchap")) {
			parse_userpass(w[i], v, &t->rchap_name,
				       &t->rchap_secret);
		} else if (!strcmp(key, "flags")) {
			t->flags = parse_flags(w[i], v, false);
		} else {
			die("bad word '%s'", w[i]);
		}
	}
	if (!has_nic)
		die("bad word '%s': target %u needs nic=", w[0], t->idx);
	if (!t->has_ip)
		die("bad word '%s': target %u needs ip=", w[0], t->idx);
	if (t->rchap_name && !t->chap_name)
		die("bad word '%s': rchap= needs chap=", w[0]);
	t->chap_type = t->rchap_name ? SANBFT_CHAP_MUTUAL :
		       t->chap_name ? SANBFT_CHAP_ONEWAY : SANBFT_CHAP_NONE;
}

bool ibft_line(char **w, int n)
{
	if (!strcmp(w[0], "initiator"))
		line_initiator(w, n);
	else if (!strcmp(w[0], "nic"))
		line_nic(w, n);
	else if (!strcmp(w[0], "target"))
		line_target(w, n);
	else
		return false;
	return true;
}

/* Append a string, NUL after it; fill the (length, offset) pair. */
static void put_string(size_t pair, const char *s)
{
	size_t len, off = tab_len;

	if (!s)
		return;
	len = strlen(s);
	if (len > 0xffff || off > 0xffff)
		die("string '%.20s...' does not fit an iBFT", s);
	grow(off + len + 1);
	memcpy(tab + off, s, len);
	sanblk_put_le16(tab + pair, len);
	sanblk_put_le16(tab + pair + 2, off);
}

static void put_struct_hdr(size_t off, u8 id, u16 len, u8 index, u8 flags)
{
	tab[off] = id;
	tab[off + 1] = 1;
	sanblk_put_le16(tab + off + 2, len);
	tab[off + 4] = index;
	tab[off + 5] = flags;
}

static struct nic *nic_by_idx(unsigned long idx, const char *src)
{
	for (unsigned int i = 0; i < ibft.n_nics; i++)
		if (ibft.nics[i].idx == idx)
			return &ibft.nics[i];
	die("break %s: no nic %lu", src, idx);
}

static struct target *tgt_by_idx(unsigned long idx, const char *src)
{
	for (unsigned int i = 0; i < ibft.n_tgts; i++)
		if (ibft.tgts[i].idx == idx)
			return &ibft.tgts[i];
	die("break %s: no target %lu", src, idx);
}

static size_t ini_off(const char *src)
{
	if (!ibft.has_initiator)
		die("break %s: no initiator", src);
	return ibft.ini_off;
}

void ibft_build(void)
{
	unsigned int pairs = ibft.n_nics > ibft.n_tgts ? ibft.n_nics :
			     ibft.n_tgts;
	size_t ctl_len, off;

	if (pairs < 2)
		pairs = 2;
	ctl_len = 10 + 4 * pairs;	/* header, extensions, initiator, pairs */
	if (ctl_len > 0xfffe)
		die("too many NIC/target pairs");
	grow(SANBFT_IBFT_HDR_LEN + ctl_len);
	put_struct_hdr(SANBFT_IBFT_HDR_LEN, SANBFT_IBFT_ID_CONTROL, ctl_len, 0,
		       0);
	off = ALIGN16(tab_len);
	if (ibft.has_initiator) {
		ibft.ini_off = off;
		grow(off + SANBFT_IBFT_INITIATOR_LEN);
		put_struct_hdr(off, SANBFT_IBFT_ID_INITIATOR,
			       SANBFT_IBFT_INITIATOR_LEN, 0, ibft.ini_flags);
		sanblk_put_le16(tab + SANBFT_IBFT_HDR_LEN + 8, off);
		off = ALIGN16(tab_len);
	}
	for (unsigned int i = 0; i < ibft.n_nics; i++) {
		struct nic *nic = &ibft.nics[i];

		nic->off = off;
		grow(off + SANBFT_IBFT_NIC_LEN);
		put_struct_hdr(off, SANBFT_IBFT_ID_NIC, SANBFT_IBFT_NIC_LEN,
			       nic->idx, nic->flags);
		memcpy(tab + off + 6, nic->ip, 16);
		tab[off + 22] = nic->prefix;
		tab[off + 23] = nic->origin;
		memcpy(tab + off + 24, nic->gw, 16);
		memcpy(tab + off + 40, nic->dns[0], 16);
		memcpy(tab + off + 56, nic->dns[1], 16);
		memcpy(tab + off + 72, nic->dhcp, 16);
		sanblk_put_le16(tab + off + 88, nic->vlan);
		memcpy(tab + off + 90, nic->mac, 6);
		sanblk_put_le16(tab + off + 96, nic->bdf);
		sanblk_put_le16(tab + SANBFT_IBFT_HDR_LEN + 10 + 4 * i, off);
		off = ALIGN16(tab_len);
	}
	for (unsigned int i = 0; i < ibft.n_tgts; i++) {
		struct target *t = &ibft.tgts[i];

		t->off = off;
		grow(off + SANBFT_IBFT_TARGET_LEN);
		put_struct_hdr(off, SANBFT_IBFT_ID_TARGET,
			       SANBFT_IBFT_TARGET_LEN, t->idx, t->flags);
		memcpy(tab + off + 6, t->ip, 16);
		sanblk_put_le16(tab + off + 22, t->port);
		memcpy(tab + off + 24, t->lun, 8);
		tab[off + 32] = t->chap_type;
		tab[off + 33] = t->nic;
		sanblk_put_le16(tab + SANBFT_IBFT_HDR_LEN + 12 + 4 * i, off);
		off = ALIGN16(tab_len);
	}
	/* Strings, in the order iPXE writes them. */
	for (unsigned int i = 0; i < ibft.n_nics; i++)
		put_string(ibft.nics[i].off + 98, ibft.nics[i].host);
	if (ibft.has_initiator)
		put_string(ibft.ini_off + 70, ibft.initiator);
	for (unsigned int i = 0; i < ibft.n_tgts; i++) {
		struct target *t = &ibft.tgts[i];

		put_string(t->off + 34, t->name);
		put_string(t->off + 38, t->chap_name);
		put_string(t->off + 42, t->chap_secret);
		put_string(t->off + 46, t->rchap_name);
		put_string(t->off + 50, t->rchap_secret);
	}
	put_acpi_header("iBFT");
}

static void poke16(size_t at, unsigned long v, const char *src)
{
	if (at + 2 > tab_len)
		die("break %s: offset 0x%zx outside the table", src, at);
	sanblk_put_le16(tab + at, v);
}

void ibft_apply_break(const struct brk *b)
{
	const char *w = b->what;
	const char *src = b->src;

	if (!strcmp(w, "nic-length")) {
		poke16(nic_by_idx(b->a, src)->off + 2, b->b, src);
	} else if (!strcmp(w, "nic-index")) {
		tab[nic_by_idx(b->a, src)->off + 4] = b->b;
	} else if (!strcmp(w, "target-length")) {
		poke16(tgt_by_idx(b->a, src)->off + 2, b->b, src);
	} else if (!strcmp(w, "target-chap-type")) {
		tab[tgt_by_idx(b->a, src)->off + 32] = b->b;
	} else if (!strcmp(w, "target-name-offset")) {
		poke16(tgt_by_idx(b->a, src)->off + 36, b->b, src);
	} else if (!strcmp(w, "target-name-length")) {
		poke16(tgt_by_idx(b->a, src)->off + 34, b->b, src);
	} else if (!strcmp(w, "initiator-length")) {
		poke16(ini_off(src) + 2, b->a, src);
	} else if (!strcmp(w, "initiator-name-length")) {
		poke16(ini_off(src) + 70, b->a, src);
	} else if (!strcmp(w, "initiator-name-offset")) {
		poke16(ini_off(src) + 72, b->a, src);
	} else if (!strcmp(w, "control-offset")) {
		size_t at = SANBFT_IBFT_HDR_LEN + 8 + 2 * b->a;

		if (b->a > 0xffff || at + 2 > (size_t)SANBFT_IBFT_HDR_LEN +
		    sanblk_get_le16(tab + SANBFT_IBFT_HDR_LEN + 2))
			die("break %s: no control slot %lu", src, b->a);
		poke16(at, b->b, src);
	} else if (!strcmp(w, "control-length")) {
		poke16(SANBFT_IBFT_HDR_LEN + 2, b->a, src);
	} else if (!strcmp(w, "control-id")) {
		tab[SANBFT_IBFT_HDR_LEN] = b->a;
	}
}
