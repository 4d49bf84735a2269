// SPDX-License-Identifier: GPL-2.0-only
/*
 * mkbft - write an iBFT or aBFT, whole (ACPI header and checksum included),
 * from a short description, for QEMU's -acpitable file=X and for the tests.
 * Defects can be asked for, so the parsers' refusals can be tested too.
 * "mkbft --help" gives the grammar.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>

#include "sanblk_pure.h"
#include "bft_parse.h"

static const char usage[] =
"usage: mkbft ibft -o FILE [-f DESCFILE] [LINE ...]\n"
"       mkbft abft -o FILE [-f DESCFILE] [LINE ...]\n"
"\n"
"Writes a whole table (header and checksum included), usable with\n"
"qemu -acpitable file=FILE.  Description lines come from DESCFILE (one a\n"
"line, '#' starts a comment) and from the arguments (each a whole line).\n"
"\n"
"iBFT lines:\n"
"  initiator NAME [flags=F]\n"
"  nic IDX mac=MAC [ip=IP[/PREFIX]] [gw=IP] [dns=IP[,IP]] [dhcp=IP]\n"
"      [vlan=N] [origin=N|other|manual|dhcp] [bdf=BB:DD.F] [host=NAME]\n"
"      [flags=F]\n"
"  target IDX nic=IDX ip=IP [port=3260] [lun=1|lun=0001-0002] [name=IQN]\n"
"      [chap=USER:SECRET] [rchap=USER:SECRET] [flags=F]\n"
"aBFT lines:\n"
"  aoe shelf=N slot=N mac=MAC\n"
"Both:\n"
"  oem id=XXXXXX table=YYYYYYYY      (default FENSYS / iPXE)\n"
"  revision N                        (default 1)\n"
"  break checksum[=SUM]              leave the byte sum at SUM (default 1)\n"
"  break revision=N | signature=XXXX | length=N (header length field)\n"
"  break truncate=N                  write only the first N bytes\n"
"  break byte=OFF:VAL                poke one byte (after layout)\n"
"iBFT only:\n"
"  break nic-length=IDX:N | target-length=IDX:N | initiator-length=N\n"
"  break nic-index=IDX:N | target-chap-type=IDX:N\n"
"  break target-name-offset=IDX:OFF | target-name-length=IDX:N\n"
"  break initiator-name-length=N | initiator-name-offset=OFF\n"
"  break control-offset=SLOT:OFF     (slot 0 initiator, 1 nic0, 2 target0...)\n"
"  break control-length=N | control-id=N\n"
"\n"
"F is valid,boot[,global], none, or a number; default valid,boot.\n"
"Numbers may be decimal or 0x-prefixed hex.  IP is IPv4 or IPv6.\n"
"Layout as iPXE writes it: control at 0x30, initiator, NICs and targets\n"
"(each 16-byte aligned), then the strings, each followed by a NUL.\n"
"The checksum is recomputed after the other breaks unless 'break checksum'\n"
"is given.  Errors name the bad word and exit with status 2.\n";

#define MAX_WORDS	64
#define ALIGN16(x)	(((x) + 15) & ~(size_t)15)

enum { MODE_IBFT, MODE_ABFT };

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

struct brk {
	char *what;
	unsigned long a, b;
	bool has_b;
	const char *src;	/* for error messages */
};

static struct {
	int mode;
	char *initiator;
	bool has_initiator;
	u8 ini_flags;
	size_t ini_off;
	struct nic *nics;
	unsigned int n_nics;
	struct target *tgts;
	unsigned int n_tgts;
	bool has_aoe;
	unsigned long shelf, slot;
	u8 aoe_mac[6];
	char oem_id[7], oem_table[9];
	unsigned long revision;
	struct brk *brks;
	unsigned int n_brks;
	const char *where;	/* "file:line" or "argument N" */
} d;

static noreturn void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "mkbft: ");
	if (d.where)
		fprintf(stderr, "%s: ", d.where);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p) {
		fprintf(stderr, "mkbft: out of memory\n");
		exit(1);
	}
	return p;
}

static char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p) {
		fprintf(stderr, "mkbft: out of memory\n");
		exit(1);
	}
	return p;
}

static unsigned long num(const char *word, const char *s, unsigned long max)
{
	unsigned long v;
	char *end;

	errno = 0;
	if (!*s || *s == '-' || *s == '+' || isspace((unsigned char)*s))
		die("bad word '%s': '%s' is not a number", word, s);
	v = strtoul(s, &end, 0);
	if (errno || *end)
		die("bad word '%s': '%s' is not a number", word, s);
	if (v > max)
		die("bad word '%s': %lu is larger than %lu", word, v, max);
	return v;
}

/* "A:B" as two numbers. */
static void num_pair(const char *word, const char *s, unsigned long *a,
		     unsigned long *b)
{
	char buf[64], *colon;

	if (strlen(s) >= sizeof(buf))
		die("bad word '%s': expected NUMBER:NUMBER", word);
	strcpy(buf, s);
	colon = strchr(buf, ':');
	if (!colon)
		die("bad word '%s': expected NUMBER:NUMBER", word);
	*colon = '\0';
	*a = num(word, buf, 0xffffffffUL);
	*b = num(word, colon + 1, 0xffffffffUL);
}

static void parse_mac(const char *word, const char *s, u8 mac[6])
{
	unsigned int v[6];
	char end;

	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &v[0], &v[1], &v[2], &v[3],
		   &v[4], &v[5], &end) != 6 || strlen(s) != 17)
		die("bad word '%s': not a MAC address like 52:54:00:12:34:56",
		    word);
	for (int i = 0; i < 6; i++)
		mac[i] = v[i];
}

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

/* Split "key=value"; returns value or NULL when word has no '='. */
static const char *kv(const char *word, char *key, size_t keylen)
{
	const char *eq = strchr(word, '=');
	size_t n;

	if (!eq)
		return NULL;
	n = eq - word;
	if (n >= keylen)
		n = keylen - 1;
	memcpy(key, word, n);
	key[n] = '\0';
	return eq + 1;
}

static void need_mode(int mode, const char *word)
{
	if (d.mode != mode)
		die("bad word '%s': only for an %s", word,
		    mode == MODE_IBFT ? "iBFT" : "aBFT");
}

static void line_initiator(char **w, int n)
{
	char key[32];
	const char *v;

	need_mode(MODE_IBFT, w[0]);
	if (n < 2)
		die("bad word '%s': expected 'initiator NAME'", w[0]);
	if (d.has_initiator)
		die("bad word '%s': a second initiator", w[0]);
	d.has_initiator = true;
	d.initiator = xstrdup(w[1]);
	d.ini_flags = SANBFT_FL_VALID | SANBFT_FL_BOOT_SELECTED;
	for (int i = 2; i < n; i++) {
		v = kv(w[i], key, sizeof(key));
		if (v && !strcmp(key, "flags"))
			d.ini_flags = parse_flags(w[i], v, false);
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
	d.nics = xrealloc(d.nics, (d.n_nics + 1) * sizeof(*d.nics));
	nic = &d.nics[d.n_nics++];
	memset(nic, 0, sizeof(*nic));
	nic->idx = num(w[1], w[1], 255);
	nic->flags = SANBFT_FL_VALID | SANBFT_FL_BOOT_SELECTED;
	for (unsigned int i = 0; i + 1 < d.n_nics; i++)
		if (d.nics[i].idx == nic->idx)
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
	d.tgts = xrealloc(d.tgts, (d.n_tgts + 1) * sizeof(*d.tgts));
	t = &d.tgts[d.n_tgts++];
	memset(t, 0, sizeof(*t));
	t->idx = num(w[1], w[1], 255);
	t->flags = SANBFT_FL_VALID | SANBFT_FL_BOOT_SELECTED;
	t->port = 3260;
	for (unsigned int i = 0; i + 1 < d.n_tgts; i++)
		if (d.tgts[i].idx == t->idx)
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

static void line_aoe(char **w, int n)
{
	bool has_shelf = false, has_slot = false, has_mac = false;
	char key[32];
	const char *v;

	need_mode(MODE_ABFT, w[0]);
	if (d.has_aoe)
		die("bad word '%s': a second aoe line", w[0]);
	d.has_aoe = true;
	for (int i = 1; i < n; i++) {
		v = kv(w[i], key, sizeof(key));
		if (v && !strcmp(key, "shelf")) {
			d.shelf = num(w[i], v, 0xffff);
			has_shelf = true;
		} else if (v && !strcmp(key, "slot")) {
			d.slot = num(w[i], v, 0xff);
			has_slot = true;
		} else if (v && !strcmp(key, "mac")) {
			parse_mac(w[i], v, d.aoe_mac);
			has_mac = true;
		} else {
			die("bad word '%s'", w[i]);
		}
	}
	if (!has_shelf || !has_slot || !has_mac)
		die("bad word '%s': expected 'aoe shelf=N slot=N mac=MAC'",
		    w[0]);
}

static void line_oem(char **w, int n)
{
	char key[32];
	const char *v;

	for (int i = 1; i < n; i++) {
		v = kv(w[i], key, sizeof(key));
		if (v && !strcmp(key, "id") && strlen(v) <= 6)
			strcpy(d.oem_id, v);
		else if (v && !strcmp(key, "table") && strlen(v) <= 8)
			strcpy(d.oem_table, v);
		else
			die("bad word '%s': expected id=(up to 6 chars) or table=(up to 8 chars)",
			    w[i]);
	}
}

static const char * const ibft_breaks[] = {
	"nic-length", "target-length", "initiator-length", "nic-index",
	"target-chap-type", "target-name-offset", "target-name-length",
	"initiator-name-length", "initiator-name-offset", "control-offset",
	"control-length", "control-id", NULL
};

static const char * const pair_breaks[] = {
	"nic-length", "target-length", "nic-index", "target-chap-type",
	"target-name-offset", "target-name-length", "control-offset", "byte",
	NULL
};

static bool in_list(const char * const *list, const char *s)
{
	for (; *list; list++)
		if (!strcmp(*list, s))
			return true;
	return false;
}

static void line_break(char **w, int n)
{
	struct brk *b;
	char key[32];
	const char *v;

	if (n != 2)
		die("bad word '%s': expected 'break WHAT[=VALUE]'", w[0]);
	d.brks = xrealloc(d.brks, (d.n_brks + 1) * sizeof(*d.brks));
	b = &d.brks[d.n_brks++];
	memset(b, 0, sizeof(*b));
	b->src = xstrdup(w[1]);
	v = kv(w[1], key, sizeof(key));
	if (!v) {
		if (strcmp(w[1], "checksum"))
			die("bad word '%s': needs =VALUE", w[1]);
		b->what = xstrdup("checksum");
		b->a = 1;
		return;
	}
	b->what = xstrdup(key);
	if (!strcmp(key, "signature")) {
		if (strlen(v) != 4)
			die("bad word '%s': a signature has 4 characters", w[1]);
		b->src = xstrdup(v);
		return;
	}
	if (in_list(pair_breaks, key)) {
		num_pair(w[1], v, &b->a, &b->b);
		b->has_b = true;
	} else if (!strcmp(key, "checksum")) {
		b->a = num(w[1], v, 0xff);
		if (!b->a)
			die("bad word '%s': a checksum break needs a nonzero sum",
			    w[1]);
	} else if (!strcmp(key, "revision") || !strcmp(key, "control-id")) {
		b->a = num(w[1], v, 0xff);
	} else if (!strcmp(key, "length") || !strcmp(key, "truncate")) {
		b->a = num(w[1], v, 0xffffffffUL);
	} else if (in_list(ibft_breaks, key)) {
		b->a = num(w[1], v, 0xffff);
	} else {
		die("bad word '%s': unknown defect", w[1]);
	}
	if (in_list(ibft_breaks, key))
		need_mode(MODE_IBFT, w[1]);
}

static void do_line(char *line)
{
	char *w[MAX_WORDS], *save, *hash;
	int n = 0;

	hash = strchr(line, '#');
	if (hash)
		*hash = '\0';
	for (char *tok = strtok_r(line, " \t\r\n", &save); tok;
	     tok = strtok_r(NULL, " \t\r\n", &save)) {
		if (n == MAX_WORDS)
			die("too many words");
		w[n++] = tok;
	}
	if (!n)
		return;
	if (!strcmp(w[0], "initiator"))
		line_initiator(w, n);
	else if (!strcmp(w[0], "nic"))
		line_nic(w, n);
	else if (!strcmp(w[0], "target"))
		line_target(w, n);
	else if (!strcmp(w[0], "aoe"))
		line_aoe(w, n);
	else if (!strcmp(w[0], "oem"))
		line_oem(w, n);
	else if (!strcmp(w[0], "revision") && n == 2)
		d.revision = num(w[1], w[1], 0xff);
	else if (!strcmp(w[0], "break"))
		line_break(w, n);
	else
		die("bad word '%s': expected initiator, nic, target, aoe, oem, revision or break",
		    w[0]);
}

static void read_desc(const char *path)
{
	static char where[512];
	char line[4096];
	unsigned int lineno = 0;
	FILE *f = fopen(path, "r");

	if (!f) {
		fprintf(stderr, "mkbft: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		snprintf(where, sizeof(where), "%s:%u", path, lineno);
		d.where = where;
		if (!strchr(line, '\n') && !feof(f))
			die("line too long");
		do_line(line);
	}
	d.where = NULL;
	fclose(f);
}

/* The growing table. */
static u8 *tab;
static size_t tab_len;

static void grow(size_t len)
{
	if (len <= tab_len)
		return;
	tab = xrealloc(tab, len);
	memset(tab + tab_len, 0, len - tab_len);
	tab_len = len;
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

static void put_acpi_header(const char *sig)
{
	memcpy(tab, sig, 4);
	sanblk_put_le32(tab + 4, tab_len);
	tab[8] = d.revision;
	memcpy(tab + 10, d.oem_id, strlen(d.oem_id));
	memcpy(tab + 16, d.oem_table, strlen(d.oem_table));
}

static struct nic *nic_by_idx(unsigned long idx, const char *src)
{
	for (unsigned int i = 0; i < d.n_nics; i++)
		if (d.nics[i].idx == idx)
			return &d.nics[i];
	die("break %s: no nic %lu", src, idx);
}

static struct target *tgt_by_idx(unsigned long idx, const char *src)
{
	for (unsigned int i = 0; i < d.n_tgts; i++)
		if (d.tgts[i].idx == idx)
			return &d.tgts[i];
	die("break %s: no target %lu", src, idx);
}

static size_t ini_off(const char *src)
{
	if (!d.has_initiator)
		die("break %s: no initiator", src);
	return d.ini_off;
}

static void build_ibft(void)
{
	unsigned int pairs = d.n_nics > d.n_tgts ? d.n_nics : d.n_tgts;
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
	if (d.has_initiator) {
		d.ini_off = off;
		grow(off + SANBFT_IBFT_INITIATOR_LEN);
		put_struct_hdr(off, SANBFT_IBFT_ID_INITIATOR,
			       SANBFT_IBFT_INITIATOR_LEN, 0, d.ini_flags);
		sanblk_put_le16(tab + SANBFT_IBFT_HDR_LEN + 8, off);
		off = ALIGN16(tab_len);
	}
	for (unsigned int i = 0; i < d.n_nics; i++) {
		struct nic *nic = &d.nics[i];

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
	for (unsigned int i = 0; i < d.n_tgts; i++) {
		struct target *t = &d.tgts[i];

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
	for (unsigned int i = 0; i < d.n_nics; i++)
		put_string(d.nics[i].off + 98, d.nics[i].host);
	if (d.has_initiator)
		put_string(d.ini_off + 70, d.initiator);
	for (unsigned int i = 0; i < d.n_tgts; i++) {
		struct target *t = &d.tgts[i];

		put_string(t->off + 34, t->name);
		put_string(t->off + 38, t->chap_name);
		put_string(t->off + 42, t->chap_secret);
		put_string(t->off + 46, t->rchap_name);
		put_string(t->off + 50, t->rchap_secret);
	}
	put_acpi_header("iBFT");
}

static void build_abft(void)
{
	if (!d.has_aoe)
		die("an aBFT needs an 'aoe shelf=N slot=N mac=MAC' line");
	grow(SANBFT_ABFT_LEN);
	sanblk_put_le16(tab + 36, d.shelf);
	tab[38] = d.slot;
	memcpy(tab + 40, d.aoe_mac, 6);
	put_acpi_header("aBFT");
}

static void poke16(size_t at, unsigned long v, const char *src)
{
	if (at + 2 > tab_len)
		die("break %s: offset 0x%zx outside the table", src, at);
	sanblk_put_le16(tab + at, v);
}

/* Apply one break; returns the byte sum wanted (0 unless checksum). */
static void apply_break(const struct brk *b, size_t *truncate,
			unsigned long *sum)
{
	const char *w = b->what;
	const char *src = b->src;

	if (!strcmp(w, "checksum")) {
		*sum = b->a;
	} else if (!strcmp(w, "revision")) {
		tab[8] = b->a;
	} else if (!strcmp(w, "signature")) {
		memcpy(tab, src, 4);
	} else if (!strcmp(w, "length")) {
		sanblk_put_le32(tab + 4, b->a);
	} else if (!strcmp(w, "truncate")) {
		*truncate = b->a;
	} else if (!strcmp(w, "byte")) {
		if (b->a >= tab_len || b->b > 0xff)
			die("break %s: offset outside the table or value above 0xff",
			    src);
		tab[b->a] = b->b;
	} else if (!strcmp(w, "nic-length")) {
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

static void finish(const char *out)
{
	unsigned long sum_wanted = 0;
	size_t truncate = tab_len, n;
	u32 hlen;
	u8 sum = 0;
	FILE *f;

	for (unsigned int i = 0; i < d.n_brks; i++)
		apply_break(&d.brks[i], &truncate, &sum_wanted);
	/* Sum over what a parser will: the header's length, if it fits. */
	hlen = sanblk_get_le32(tab + 4);
	n = hlen < tab_len ? hlen : tab_len;
	tab[9] = 0;
	for (size_t i = 0; i < n; i++)
		sum += tab[i];
	if (n > 9)
		tab[9] = (u8)(sum_wanted - sum);
	if (truncate > tab_len)
		die("break truncate=%zu: the table has only %zu bytes",
		    truncate, tab_len);

	f = fopen(out, "wb");
	if (!f) {
		fprintf(stderr, "mkbft: %s: %s\n", out, strerror(errno));
		exit(2);
	}
	if ((truncate && fwrite(tab, truncate, 1, f) != 1) || fclose(f)) {
		fprintf(stderr, "mkbft: %s: %s\n", out, strerror(errno));
		exit(1);
	}
}

/* One argument: a whole description line. */
static void do_arg(const char *arg, int i)
{
	static char where[32];
	char *line = xstrdup(arg);

	snprintf(where, sizeof(where), "argument %d", i);
	d.where = where;
	do_line(line);
	d.where = NULL;
	free(line);
}

int main(int argc, char **argv)
{
	const char *out = NULL;
	int i;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (!strcmp(argv[1], "ibft"))
		d.mode = MODE_IBFT;
	else if (!strcmp(argv[1], "abft"))
		d.mode = MODE_ABFT;
	else
		die("bad word '%s': expected ibft or abft (see --help)",
		    argv[1]);
	strcpy(d.oem_id, "FENSYS");
	strcpy(d.oem_table, "iPXE");
	d.revision = 1;

	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "-o") || !strcmp(argv[i], "-f")) {
			if (i + 1 == argc)
				die("bad word '%s': needs a file name",
				    argv[i]);
			if (argv[i][1] == 'o')
				out = argv[++i];
			else
				read_desc(argv[++i]);
		} else if (!strcmp(argv[i], "--help")) {
			fputs(usage, stdout);
			exit(0);
		} else {
			do_arg(argv[i], i);
		}
	}
	if (!out)
		die("no output file: use -o FILE");
	if (d.mode == MODE_IBFT)
		build_ibft();
	else
		build_abft();
	finish(out);
	return 0;
}
