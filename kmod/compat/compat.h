/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Differences between the kernel lines sanblk builds against (Debian 6.1
 * and 6.12) live here and only here.  HAVE_* come from the compile probes
 * in probes/ (kmod/compat/probe.sh), never from version numbers:
 * distributions backport.  Force-included into every module source file.
 */
#ifndef SANBLK_COMPAT_H
#define SANBLK_COMPAT_H

#include "generated.h"

#endif /* SANBLK_COMPAT_H */
