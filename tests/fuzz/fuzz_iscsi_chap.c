// SPDX-License-Identifier: GPL-2.0-only
// SOURCES: kmod/blk/iscsi/chap.c
/*
 * CHAP values as a target may send them: the first byte picks what the
 * rest is (CHAP_C, CHAP_I, CHAP_R).  A decoded value stays within its
 * bound and survives a hex round trip; a response or verification never
 * reads past its input; the comparison agrees with memcmp.
 */
#include <assert.h>
#include "iscsi/chap.h"
#include "../unit/md5_ref.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static struct md5_ref_ctx rctx;
static const struct sanblk_iscsi_chap_ops ops = {
	.md5 = md5_ref_chap, .random = md5_ref_random, .ctx = &rctx,
};
static u8 bin[SANBLK_ISCSI_CHAP_CHAL_MAX], again[SANBLK_ISCSI_CHAP_CHAL_MAX];
static char hex[2 * SANBLK_ISCSI_CHAP_CHAL_MAX + 3];

static void challenge(const char *s, size_t len, bool mutual)
{
	static const u8 mine[16] = { 1, 2, 3 };
	char r[35];
	int n, m;

	n = sanblk_iscsi_chap_decode(s, len, bin, sizeof(bin));
	assert(n == -EINVAL || n == -E2BIG ||
	       (n >= 1 && n <= SANBLK_ISCSI_CHAP_CHAL_MAX));
	if (n < 0)
		return;
	assert(sanblk_iscsi_chap_encode(bin, (size_t)n, hex, sizeof(hex)) ==
	       2 + 2 * n);
	m = sanblk_iscsi_chap_decode(hex, strlen(hex), again, sizeof(again));
	assert(m == n && !memcmp(bin, again, (size_t)n));
	n = sanblk_iscsi_chap_respond(&ops, "secret", 7, bin, (size_t)n,
				      mutual ? mine : NULL, r, sizeof(r));
	assert(n == 0 || n == -EACCES);
	assert(n || (strlen(r) == 34 && !memcmp(r, "0x", 2)));
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	const char *s = (const char *)data + 1;
	static const u8 chal[16];
	size_t len;
	int id;

	if (!size)
		return 0;
	len = size - 1;
	switch (data[0] & 3) {
	case 0:
		challenge(s, len, data[0] & 4);
		break;
	case 1:
		id = sanblk_iscsi_chap_decode_id(s, len);
		assert(id == -EINVAL || (id >= 0 && id <= 255));
		break;
	case 2:
		id = sanblk_iscsi_chap_verify(&ops, data[0], "rsecret", chal,
					      sizeof(chal), s, len);
		assert(id == 0 || id == -EACCES || id == -EPROTO);
		break;
	default:
		if (len >= 2)
			assert(sanblk_iscsi_chap_equal(data + 1,
						       data + 1 + len / 2,
						       len / 2) ==
			       !memcmp(data + 1, data + 1 + len / 2, len / 2));
	}
	return 0;
}
