// SPDX-License-Identifier: GPL-2.0-only
// SOURCES: kmod/common/text.c kmod/blk/target.c kmod/blk/target_opt.c kmod/blk/target_value.c kmod/blk/target_cred.c
/*
 * The address and LUN text both modules write: for any 16 address bytes
 * and 8 LUN bytes the text stays in its bounds, is in RFC 5952 / RFC 4173
 * form (one "::" at most, lowercase hex), truncates as snprintf does and
 * parses back, through the target-string parser, to the same bytes.
 */
#include <assert.h>
#include "target.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static void check_text(const char *text, int n, const char *allowed)
{
	assert(n > 0 && (size_t)n == strlen(text));
	assert(strspn(text, allowed) == (size_t)n);
}

/* Groups written before and after "::" (after is -1 without one). */
static void count_groups(const char *text, int *before, int *after)
{
	const char *dc = strstr(text, "::"), *p;
	int *n = before;

	*before = 0;
	*after = dc ? 0 : -1;
	for (p = text; *p; p++) {
		if (p == dc) {
			n = after;
			p++;
			continue;
		}
		if (*p != ':' && (p == text || p[-1] == ':'))
			(*n)++;
	}
}

/* RFC 5952 4.2: the first longest run of two or more zero groups. */
static void zero_run(const u8 *addr, int *start, int *len)
{
	int i, j;

	*start = -1;
	*len = 0;
	for (i = 0; i < 8; i = j + 1) {
		for (j = i; j < 8 && !addr[2 * j] && !addr[2 * j + 1]; j++)
			;
		if (j - i >= 2 && j - i > *len) {
			*start = i;
			*len = j - i;
		}
	}
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	char a[SANBLK_IP_TEXT_MAX], l[SANBLK_LUN_TEXT_MAX], cut[64], s[128];
	static struct sanblk_target t;
	int n, m, before, after, start, run;
	const char *dc;
	size_t len;

	if (size < 25)
		return 0;
	n = sanblk_format_ip(6, data, a, sizeof(a));
	check_text(a, n, "0123456789abcdef:");
	dc = strstr(a, "::");
	assert(!dc || !strstr(dc + 1, "::"));
	assert(!strstr(a, ":::"));
	count_groups(a, &before, &after);
	zero_run(data, &start, &run);
	if (run)
		assert(dc && before == start && before + after == 8 - run);
	else
		assert(!dc && before == 8);
	m = sanblk_format_lun(data + 16, l, sizeof(l));
	check_text(l, m, "0123456789abcdef-");

	/* a cut text is the start of the whole one */
	len = data[24] % sizeof(cut);
	assert(sanblk_format_ip(6, data, len ? cut : NULL, len) == n);
	assert(!len || !strncmp(cut, a, len - 1));
	assert(sanblk_format_lun(data + 16, len ? cut : NULL, len) == m);
	assert(!len || !strncmp(cut, l, len - 1));

	snprintf(s, sizeof(s), "iscsi:[%s]:::%s:n", a, l);
	assert(!sanblk_target_parse(s, &t, NULL, 0));
	assert(t.server.family == 6 && !memcmp(t.server.addr, data, 16));
	assert(!memcmp(t.lun, data + 16, 8));

	n = sanblk_format_ip(4, data, a, sizeof(a));
	assert(n >= 7 && n <= 15 && (size_t)n == strlen(a));
	assert(sanblk_format_ip(data[24], data, a, sizeof(a)) == -EINVAL ||
	       data[24] == 4 || data[24] == 6);
	return 0;
}
