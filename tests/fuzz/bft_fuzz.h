/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The libFuzzer entry point both table harnesses share.  A harness defines
 * check_one(), which parses one input and checks what it gets, and then
 * includes this file.
 *
 * Each input is tried as it is and, so that mutations reach past the
 * header, with its length field set to the input size and its checksum
 * made right (both tables keep them at the same ACPI header offsets).
 */
#ifndef SANBLK_BFT_FUZZ_H
#define SANBLK_BFT_FUZZ_H

#include <stdlib.h>

#include "sanblk_pure.h"

#define BFT_FUZZ_LENGTH		4
#define BFT_FUZZ_CHECKSUM	9

static void check_one(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);
int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	u8 *fixed, sum = 0;
	size_t i;

	check_one(data, size);
	if (size <= BFT_FUZZ_CHECKSUM || size > 0xffffff)
		return 0;
	fixed = malloc(size);
	if (!fixed)
		return 0;
	memcpy(fixed, data, size);
	sanblk_put_le32(fixed + BFT_FUZZ_LENGTH, size);
	fixed[BFT_FUZZ_CHECKSUM] = 0;
	for (i = 0; i < size; i++)
		sum += fixed[i];
	fixed[BFT_FUZZ_CHECKSUM] = -sum;
	check_one(fixed, size);
	free(fixed);
	return 0;
}

#endif /* SANBLK_BFT_FUZZ_H */
