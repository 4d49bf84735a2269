// SPDX-License-Identifier: GPL-2.0-only
// SOURCES: kmod/bft/ibft_parse.c kmod/bft/abft_parse.c kmod/bft/table.c kmod/bft/format.c kmod/common/text.c
/*
 * The committed firmware-table fixtures.  For each tests/fixtures/
 * {ibft,abft}-*.desc: mkbft must still make exactly the committed .bin,
 * and the parser must give what the description's comments say:
 *   # expect-error: MESSAGE      refused with exactly this message
 *   # expect-entries: N          accepted, N boot entries
 *   # expect-root I: PATH        entry I has this root path
 *   # expect-invalid: I          entry I is not flagged valid
 * Captures from real firmware (tests/fixtures/ipxe-*.bin) must parse and
 * give a root path for every entry.
 */
#include <glob.h>

#include "unit.h"
#include "bft_util.h"
#include "bft_parse.h"

struct result {
	int rc;
	char err[SANBFT_ERR_MAX];
	unsigned int entries;
	struct sanbft_entry e[8];
};

static void parse_any(const u8 *buf, size_t len, struct result *r)
{
	struct sanbft_ibft ibft;
	struct sanbft_abft abft;
	unsigned int i;

	memset(r, 0, sizeof(*r));
	if (len >= 4 && !memcmp(buf, "aBFT", 4)) {
		r->rc = sanbft_abft_parse(buf, len, &abft, r->err,
					  sizeof(r->err));
		if (!r->rc) {
			sanbft_abft_entry(&abft, &r->e[0]);
			r->entries = 1;
		}
		return;
	}
	r->rc = sanbft_ibft_parse(buf, len, &ibft, r->err, sizeof(r->err));
	if (r->rc)
		return;
	r->entries = ibft.n_targets;
	for (i = 0; i < ibft.n_targets && i < ARRAY_SIZE(r->e); i++)
		if (sanbft_ibft_entry(&ibft, i, &r->e[i]))
			r->rc = -EIO;
}

static const char *root(struct result *r, unsigned int i)
{
	static char path[SANBFT_ROOT_PATH_MAX];

	if (i >= r->entries || i >= ARRAY_SIZE(r->e) ||
	    sanbft_root_path(&r->e[i], path, sizeof(path)) < 0)
		return "(none)";
	return path;
}

/* Check the .bin against the .desc's expectations. */
static void check_fixture(const char *desc)
{
	char bin[512], line[512], kind[8], *nl;
	size_t len = 0, glen = 0;
	struct result r;
	unsigned int i, checks = 0, invalid = 0;
	u8 *buf, *gen;
	FILE *f;

	unit_case_failed = 0;
	snprintf(bin, sizeof(bin), "%.*s.bin", (int)(strlen(desc) - 5), desc);
	snprintf(kind, sizeof(kind), "%.4s", strrchr(desc, '/') + 1);
	buf = bft_read(bin, &len);
	CHECK(buf);
	gen = bft_gen(kind, &glen, "-f", desc, NULL);
	CHECK(gen);
	if (!buf || !gen)
		goto out;
	if (glen != len || memcmp(buf, gen, len)) {
		printf("  %s differs from what mkbft makes of %s: run tests/fixtures/regen\n",
		       bin, desc);
		CHECK(0);
	}
	parse_any(buf, len, &r);
	f = fopen(desc, "r");
	CHECK(f);
	if (!f)
		goto out;
	while (fgets(line, sizeof(line), f)) {
		nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		if (!strncmp(line, "# expect-error: ", 16)) {
			CHECK_INT(r.rc, -EINVAL);
			CHECK_STR(r.err, line + 16);
			checks++;
		} else if (!strncmp(line, "# expect-entries: ", 18)) {
			CHECK_INT(r.rc, 0);
			CHECK_STR(r.err, "");
			CHECK_INT(r.entries, atoi(line + 18));
			checks++;
		} else if (sscanf(line, "# expect-root %u:", &i) == 1) {
			CHECK_STR(root(&r, i), strchr(line, ':') + 2);
			checks++;
		} else if (sscanf(line, "# expect-invalid: %u", &i) == 1) {
			CHECK(i < r.entries && i < ARRAY_SIZE(r.e));
			invalid |= 1u << (i & 31);
			checks++;
		}
	}
	fclose(f);
	/* Entries said to be invalid must be, all others valid. */
	for (i = 0; !r.rc && i < r.entries && i < ARRAY_SIZE(r.e); i++)
		CHECK_INT(r.e[i].valid, !(invalid & (1u << i)));
	if (!checks) {
		printf("  %s has no expect- line\n", desc);
		CHECK(0);
	}
out:
	printf("%s fixtures.%s\n", unit_case_failed ? "FAIL" : "PASS",
	       strrchr(desc, '/') + 1);
	unit_failures += unit_case_failed;
	free(buf);
	free(gen);
}

static void check_capture(const char *bin)
{
	const char *name = strrchr(bin, '/') + 1;
	char paths[512] = "";
	struct result r;
	unsigned int i;
	size_t len;
	u8 *buf;

	unit_case_failed = 0;
	buf = bft_read(bin, &len);
	CHECK(buf);
	if (buf) {
		parse_any(buf, len, &r);
		CHECK_INT(r.rc, 0);
		CHECK_STR(r.err, "");
		CHECK(r.entries > 0);
		for (i = 0; i < r.entries && i < ARRAY_SIZE(r.e); i++) {
			CHECK(strcmp(root(&r, i), "(none)"));
			snprintf(paths + strlen(paths),
				 sizeof(paths) - strlen(paths), " %s",
				 root(&r, i));
		}
	}
	if (unit_case_failed)
		printf("FAIL fixtures.%s: %s\n", name, r.err);
	else
		printf("PASS fixtures.%s%s\n", name, paths);
	unit_failures += unit_case_failed;
	free(buf);
}

int main(void)
{
	static const char * const pats[] = {
		"tests/fixtures/ibft-*.desc", "tests/fixtures/abft-*.desc",
	};
	char pat[512];
	unsigned int p, n = 0;
	glob_t g;
	size_t i;

	for (p = 0; p < ARRAY_SIZE(pats); p++) {
		snprintf(pat, sizeof(pat), "%s/%s", bft_top(), pats[p]);
		if (glob(pat, 0, NULL, &g))
			continue;
		for (i = 0; i < g.gl_pathc; i++, n++)
			check_fixture(g.gl_pathv[i]);
		globfree(&g);
	}
	if (!n) {
		printf("FAIL fixtures.present: no tests/fixtures/*.desc\n");
		unit_failures++;
	}
	snprintf(pat, sizeof(pat), "%s/tests/fixtures/ipxe-*.bin", bft_top());
	if (!glob(pat, 0, NULL, &g)) {
		for (i = 0; i < g.gl_pathc; i++)
			check_capture(g.gl_pathv[i]);
		globfree(&g);
	} else {
		printf("SKIP fixtures.ipxe_captures: no tests/fixtures/ipxe-*.bin yet\n");
	}
	bft_cleanup();
	UNIT_EXIT();
}
