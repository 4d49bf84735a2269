/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers for the firmware-table unit tests: run scripts/mkbft, read the
 * table it wrote into an exactly-sized heap buffer (so AddressSanitizer
 * sees any read past it), and fix checksums after hand edits.
 */
#ifndef SANBLK_BFT_UTIL_H
#define SANBLK_BFT_UTIL_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sanblk_pure.h"

static char bft_tmp[256];

static inline const char *bft_top(void)
{
	const char *top = getenv("SANBLK_TOP");

	return top ? top : ".";
}

/* Read a whole file into a buffer of exactly its size; NULL on error. */
static inline u8 *bft_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	u8 *buf = NULL;
	long n;

	*len = 0;
	if (!f)
		return NULL;
	n = fseek(f, 0, SEEK_END) ? -1 : ftell(f);
	if (n >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc(n ? n : 1);
		if (buf && fread(buf, 1, n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		*len = n;
	}
	fclose(f);
	return buf;
}

/* Run mkbft with argv words; returns its exit status (-1 if not run). */
static inline int bft_run(char *const argv[])
{
	char path[512];
	pid_t pid;
	int status;

	snprintf(path, sizeof(path), "%s/scripts/mkbft", bft_top());
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		if (!freopen("/dev/null", "w", stdout) ||
		    !freopen("/dev/null", "w", stderr))
			_exit(127);
		execv(path, argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/*
 * mkbft MODE -o TMP LINE... (NULL-terminated); returns the table or NULL
 * (also when mkbft fails).
 */
static inline u8 *bft_gen(const char *mode, size_t *len, ...)
{
	char *argv[64];
	va_list ap;
	int n = 0, fd;
	u8 *buf;

	*len = 0;
	if (!bft_tmp[0]) {
		snprintf(bft_tmp, sizeof(bft_tmp), "/tmp/sanblk-bft-XXXXXX");
		fd = mkstemp(bft_tmp);
		if (fd < 0)
			return NULL;
		close(fd);
	}
	argv[n++] = "mkbft";
	argv[n++] = (char *)mode;
	argv[n++] = "-o";
	argv[n++] = bft_tmp;
	va_start(ap, len);
	while (n < 63 && (argv[n] = va_arg(ap, char *)))
		n++;
	va_end(ap);
	argv[n] = NULL;
	if (bft_run(argv) != 0)
		return NULL;
	buf = bft_read(bft_tmp, len);
	return buf;
}

static inline void bft_cleanup(void)
{
	if (bft_tmp[0])
		unlink(bft_tmp);
}

/* Make the bytes of buf[0..len) sum to 0 again through byte 9. */
static inline void bft_fix_checksum(u8 *buf, size_t len)
{
	u8 sum = 0;
	size_t i;

	buf[9] = 0;
	for (i = 0; i < len; i++)
		sum += buf[i];
	buf[9] = (u8)-sum;
}

#endif /* SANBLK_BFT_UTIL_H */
