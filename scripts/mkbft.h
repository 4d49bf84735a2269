/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the parts of mkbft share.  mkbft.c is the tool itself: command
 * line, description lines common to both tables (oem, revision, break),
 * the ACPI header, the defects, the checksum and the output file.  The
 * two writers each keep their own description and lay out their table:
 * mkbft_ibft.c the iBFT, mkbft_abft.c the aBFT.
 */
#ifndef MKBFT_H
#define MKBFT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdnoreturn.h>

#include "sanblk_pure.h"
#include "bft_parse.h"

enum { MODE_IBFT, MODE_ABFT };

/* One "break" line: a defect asked for, applied after the layout. */
struct brk {
	char *what;
	unsigned long a, b;
	bool has_b;
	const char *src;	/* for error messages */
};

/*
 * The table being written, grown as the writer lays it out; the ACPI
 * header (put_acpi_header()) is filled in last, when its length is known.
 */
extern u8 *tab;
extern size_t tab_len;

/* Errors name the line they are on and exit with status 2. */
noreturn void die(const char *fmt, ...);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

/* Helpers for the words of a description line; each dies on a bad word. */
unsigned long num(const char *word, const char *s, unsigned long max);
void parse_mac(const char *word, const char *s, u8 mac[6]);
const char *kv(const char *word, char *key, size_t keylen);
void need_mode(int mode, const char *word);

void grow(size_t len);
void put_acpi_header(const char *sig);

/*
 * The writers.  *_line() takes a description line if its first word is
 * theirs (returning false if not), *_build() lays out the table.
 */
bool ibft_line(char **w, int n);
void ibft_build(void);
/* The defects that reach into the iBFT's structures (nic-length...). */
void ibft_apply_break(const struct brk *b);

bool abft_line(char **w, int n);
void abft_build(void);

#endif /* MKBFT_H */
