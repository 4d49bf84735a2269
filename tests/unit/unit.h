/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Minimal harness for the userspace unit tests: each CHECK that fails prints
 * the expression; each case ends with one PASS or FAIL line for tests/run.
 */
#ifndef SANBLK_UNIT_H
#define SANBLK_UNIT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int unit_case_failed;
static int unit_failures;

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		printf("  %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
		unit_case_failed = 1;					\
	}								\
} while (0)

#define CHECK_STR(a, b) do {						\
	const char *_a = (a), *_b = (b);				\
	if (strcmp(_a, _b)) {						\
		printf("  %s:%d: \"%s\" != \"%s\"\n", __FILE__, __LINE__, _a, _b); \
		unit_case_failed = 1;					\
	}								\
} while (0)

#define CHECK_INT(a, b) do {						\
	long long _a = (a), _b = (b);					\
	if (_a != _b) {							\
		printf("  %s:%d: %s == %lld, expected %lld\n", __FILE__, __LINE__, #a, _a, _b); \
		unit_case_failed = 1;					\
	}								\
} while (0)

/* Run one case: prints PASS/FAIL <prefix>.<name>. */
#define RUN(prefix, fn) do {						\
	unit_case_failed = 0;						\
	fn();								\
	printf("%s %s.%s\n", unit_case_failed ? "FAIL" : "PASS", prefix, #fn); \
	unit_failures += unit_case_failed;				\
} while (0)

#define UNIT_EXIT() return unit_failures ? 1 : 0

#endif /* SANBLK_UNIT_H */
