# SPDX-License-Identifier: GPL-2.0-only
# Flags every sanblk module is built with: pr_fmt set once, the compat
# header force-included, the shared headers on the include path, and the
# version read from dkms.conf (the only place it is written).
SANBLK_VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' $(src)/../../dkms.conf)

ccflags-y += -D'pr_fmt(fmt)=KBUILD_MODNAME ": " fmt'
ccflags-y += -DSANBLK_VERSION='"$(SANBLK_VERSION)"'
ccflags-y += -include $(src)/../compat/compat.h
ccflags-y += -I$(src)/../include -I$(src)/../compat

# Debug builds: on a kernel with lockdep (the debug tier's, tests/debug)
# the modules turn their own consistency checks into WARNs.
ccflags-$(CONFIG_PROVE_LOCKING) += -DSANBLK_DEBUG
