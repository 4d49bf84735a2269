// SPDX-License-Identifier: GPL-2.0-only
/*
 * mkbft - write an iBFT or aBFT, whole (ACPI header and checksum included),
 * from a short description, for QEMU's -acpitable file=X and for the tests.
 * Defects can be asked for, so the parsers' refusals can be tested too.
 * "mkbft --help" gives the grammar.
 *
 * This is the part common to both tables (see mkbft.h); the writers are
 * mkbft_ibft.c and mkbft_abft.c.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>

#include "mkbft.h"

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

/* What both tables' descriptions hold (the writers keep the rest). */
static struct {
	int mode;
	char oem_id[7], oem_table[9];
	unsigned long revision;
	struct brk *brks;
	unsigned int n_brks;
	const char *where;	/* "file:line" or "argument N" */
} d;

noreturn void die(const char *fmt, ...)
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

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p) {
		fprintf(stderr, "mkbft: out of memory\n");
		exit(1);
	}
	return p;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p) {
		fprintf(stderr, "mkbft: out of memory\n");
		exit(1);
	}
	return p;
}

unsigned long num(const char *word, const char *s, unsigned long max)
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

void parse_mac(const char *word, const char *s, u8 mac[6])
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

/* Split "key=value"; returns value or NULL when word has no '='. */
const char *kv(const char *word, char *key, size_t keylen)
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

void need_mode(int mode, const char *word)
{
	if (d.mode != mode)
		die("bad word '%s': only for an %s", word,
		    mode == MODE_IBFT ? "iBFT" : "aBFT");
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

/*
 * The breaks that only an iBFT has (ibft_apply_break() does them), and
 * those that take a pair of numbers.
 */
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
	/* initiator, nic and target lines are the iBFT's, aoe the aBFT's */
	if (ibft_line(w, n) || abft_line(w, n))
		return;
	if (!strcmp(w[0], "oem"))
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
u8 *tab;
size_t tab_len;

void grow(size_t len)
{
	if (len <= tab_len)
		return;
	tab = xrealloc(tab, len);
	memset(tab + tab_len, 0, len - tab_len);
	tab_len = len;
}

void put_acpi_header(const char *sig)
{
	memcpy(tab, sig, 4);
	sanblk_put_le32(tab + 4, tab_len);
	tab[8] = d.revision;
	memcpy(tab + 10, d.oem_id, strlen(d.oem_id));
	memcpy(tab + 16, d.oem_table, strlen(d.oem_table));
}

/*
 * Apply one break: those of the ACPI header and the raw bytes here, those
 * of the iBFT's structures in ibft_apply_break().  A checksum break sets
 * *sum (the byte sum wanted), a truncate break *truncate.
 */
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
	} else {
		ibft_apply_break(b);
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
		ibft_build();
	else
		abft_build();
	finish(out);
	return 0;
}
