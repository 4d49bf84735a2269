# SPDX-License-Identifier: GPL-2.0-only
#
#   make                 build sanbft.ko and sanblk.ko for the running kernel
#   make KVER=6.1.0-56-amd64      ... or for another installed kernel
#   make KDIR=/path/to/build      ... or for a kernel build tree
#   make check           install test dependencies, run every test tier
#   make fuzz            run every fuzzer for longer (FUZZ_SECONDS, default 300)
#   make demo            boot Debian from a SAN disk by iPXE sanboot (TRANSPORT=aoe/iscsi)
#   make bench           sanblk against aoe.ko, open-iscsi and virtio-blk (tests/vm/bench)
#   make tools           build scripts/mkbft
#   make install         install the modules (modules_install) for KVER
#   make install-tools   install sanctl, mkbft, the boot scripts and the udev
#                        rules (DESTDIR=)
#   make install-man     build the man pages (rst2man) and install them
#   make install-src     install the module sources where DKMS wants them
#   make deb             build the Debian packages into build/deb/

KVER ?= $(shell uname -r)
KDIR ?= /lib/modules/$(KVER)/build
VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)
CC ?= cc
TOOL_CFLAGS := -O2 -g -Wall -Wextra -Werror -std=gnu11 -Ikmod/include -Ikmod/bft

all: modules

# The compat header is regenerated whenever the kernel tree changes.
COMPAT_STAMP := kmod/compat/generated.kdir
kmod/compat/generated.h: kmod/compat/probe.sh $(wildcard kmod/compat/probes/*.c) FORCE
	@if [ ! -f $@ ] || [ "$$(cat $(COMPAT_STAMP) 2>/dev/null)" != "$(KDIR)" ] || \
	    [ -n "$$(find kmod/compat/probe.sh kmod/compat/probes -newer $@ 2>/dev/null)" ]; then \
		echo "  PROBE   $(KDIR)"; \
		sh kmod/compat/probe.sh $(KDIR) $@ && echo "$(KDIR)" > $(COMPAT_STAMP); \
	fi

modules: kmod/compat/generated.h
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

install: modules
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules_install

tools: scripts/mkbft

# What the sanblk package (and the boot tests, into a Debian root) install
# besides the modules: the CLI, the table maker, and the initramfs side of
# a SAN boot for both generators.
DRACUT_DIR := /usr/lib/dracut/modules.d/90sanblk
ITOOLS_DIR := /usr/share/initramfs-tools
install-tools: scripts/mkbft
	install -D -m 0755 scripts/sanctl $(DESTDIR)/usr/sbin/sanctl
	install -D -m 0755 scripts/mkbft $(DESTDIR)/usr/bin/mkbft
	install -D -m 0755 scripts/sanblk-boot $(DESTDIR)/usr/lib/sanblk/sanblk-boot
	install -D -m 0755 scripts/sanblk-initrd-overlay $(DESTDIR)/usr/sbin/sanblk-initrd-overlay
	install -m 0644 scripts/sanblk-handoff.sh $(DESTDIR)/usr/lib/sanblk/
	install -d $(DESTDIR)$(DRACUT_DIR)
	install -m 0755 dracut-module/90sanblk/*.sh $(DESTDIR)$(DRACUT_DIR)/
	install -D -m 0755 initramfs-hooks/hooks/sanblk \
		$(DESTDIR)$(ITOOLS_DIR)/hooks/sanblk
	install -D -m 0755 initramfs-hooks/scripts/local-top/sanblk \
		$(DESTDIR)$(ITOOLS_DIR)/scripts/local-top/sanblk
	install -D -m 0755 initramfs-hooks/scripts/local-bottom/sanblk \
		$(DESTDIR)$(ITOOLS_DIR)/scripts/local-bottom/sanblk
	install -D -m 0644 udev/60-sanblk.rules $(DESTDIR)/usr/lib/udev/rules.d/60-sanblk.rules
	install -D -m 0755 udev/sanblk_id $(DESTDIR)/usr/lib/udev/sanblk_id

MKBFT_SRCS := scripts/mkbft.c scripts/mkbft_ibft.c scripts/mkbft_abft.c
scripts/mkbft: $(MKBFT_SRCS) scripts/mkbft.h kmod/bft/bft_parse.h \
		kmod/include/sanblk_pure.h
	$(CC) $(TOOL_CFLAGS) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $(MKBFT_SRCS)

# Man pages: reStructuredText in Documentation/man/NAME.SECTION.rst.
MAN_RST := $(wildcard Documentation/man/*.rst)
MAN_PAGES := $(patsubst Documentation/man/%.rst,build/man/%,$(MAN_RST))
build/man/%: Documentation/man/%.rst
	@mkdir -p build/man
	rst2man --exit-status=2 --no-generator --no-datestamp $< $@

man: $(MAN_PAGES)

install-man: $(MAN_PAGES)
	for p in $(MAN_PAGES); do \
		install -D -m 0644 $$p $(DESTDIR)/usr/share/man/man$${p##*.}/$${p##*/} || exit 1; \
	done

# The module sources as DKMS builds them: what the modules target needs,
# nothing generated.
SRC_DIR := /usr/src/sanblk-$(VERSION)
install-src:
	install -d $(DESTDIR)$(SRC_DIR)
	install -m 0644 Kbuild Makefile dkms.conf $(DESTDIR)$(SRC_DIR)/
	find kmod -type f \( -name '*.[ch]' -o -name Kbuild -o -name '*.mk' -o -name '*.sh' \) \
		! -name generated.h ! -name '*.mod.c' -print | \
		while read -r f; do install -D -m 0644 $$f $(DESTDIR)$(SRC_DIR)/$$f || exit 1; done

# Debian packages, built from a clean copy of the tree (tracked files and
# new ones not ignored) so that the work tree stays as it was.
DEB_SRC := build/deb/src/sanblk-$(VERSION)
deb:
	@v=$$(dpkg-parsechangelog -S Version); [ "$$v" = "$(VERSION)" ] || \
		{ echo "debian/changelog is at $$v, dkms.conf at $(VERSION)"; exit 1; }
	rm -rf build/deb
	mkdir -p $(DEB_SRC)
	if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
		git ls-files -z --cached --others --exclude-standard | \
			tar cf - --ignore-failed-read --null -T -; \
	else \
		tar cf - --exclude=./build .; \
	fi | tar -C $(DEB_SRC) -xf -
	cd $(DEB_SRC) && dpkg-buildpackage -us -uc -b
	mv build/deb/src/*.deb build/deb/src/*.buildinfo build/deb/src/*.changes build/deb/
	rm -rf build/deb/src

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null
	rm -f kmod/compat/generated.h $(COMPAT_STAMP) scripts/mkbft
	rm -rf build

check:
	sh scripts/install-deps
	bash tests/run

fuzz:
	bash tests/fuzz/run $${FUZZ_SECONDS:-300}

demo:
	bash tests/vm/demo

bench:
	sh scripts/install-deps bench
	bash tests/vm/bench

version:
	@echo $(VERSION)

.PHONY: all modules install install-tools man install-man install-src deb tools clean check fuzz demo bench version FORCE
