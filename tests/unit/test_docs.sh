#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Documentation/ against the code: every target-string parser message is in
# the target string page, every sysfs attribute has an ABI entry (and every
# ABI entry an attribute), every module parameter is in the parameter page,
# every page is in the index, and the rst parses (when docutils is there).
set -u
top=${SANBLK_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$top" || exit 1

pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; }
skip() { echo "SKIP $*"; }

if ! command -v python3 >/dev/null; then
	skip "docs: python3 is not installed"
	exit 0
fi

if ! python3 - <<'EOF'; then
import glob, os, re

def out(ok, name, why=""):
    print(("PASS docs/%s" % name) if ok else ("FAIL docs/%s: %s" % (name, why)))

def read(p):
    with open(p, encoding="utf-8") as f:
        return f.read()

# 1. parser messages: every literal piece of every FAIL() format, in
#    whichever part of the parser it is (the .c files: the FAIL()
#    definition in the header is not a message)
src = "".join(read(p) for p in sorted(glob.glob("kmod/blk/target*.c")))
form = re.search(r'#define ISCSI_FORM\s+"([^"]*)"', src)
if form:
    src = re.sub(r'"\s*ISCSI_FORM\s*"', form.group(1), src)
    src = re.sub(r'"\s*ISCSI_FORM\b', '"' + form.group(1) + '"', src)
doc = read("Documentation/admin-guide/target-string.rst")
fmts = set(re.findall(r'FAIL\(\s*(?:[^"]*\?\s*)?"((?:[^"\\]|\\.)*)"', src))
fmts |= set(re.findall(r'"(%s: option \'%s\' [a-z ]+)"', src))
missing = []
for f in sorted(fmts):
    # the whole message on one line, any placeholder text for %s and %d
    pieces = re.split(r"%\.\*s|%s|%d|%u", f)
    rx = r"[^\n]{0,40}?".join(re.escape(x) for x in pieces)
    if not re.search(rx, doc):
        missing.append(f)
out(len(fmts) > 20 and not missing, "target-string-messages",
    "%d formats; not in target-string.rst: %s" % (len(fmts), missing))

# 2. sysfs attributes <-> ABI entries
def whats(p):
    return {w.rstrip("/") for w in re.findall(r"^What:\s*(\S+)", read(p), re.M)}

m = read("kmod/blk/main.c")
blk = "".join(read(p) for p in sorted(glob.glob("kmod/blk/**/*.c", recursive=True)))
attrs = {"/sys/bus/sanblk/devices/<id>/" + a
         for a in re.findall(r"&dev_attr_(\w+)\.attr", blk)}
attrs |= {"/sys/bus/sanblk/" + a for a in re.findall(r"&bus_attr_(\w+)\.attr", m)}
abi = whats("Documentation/ABI/testing/sysfs-bus-sanblk")
abi.discard("/sys/bus/sanblk/devices/<id>")
out(attrs and attrs == abi, "abi-bus-sanblk",
    "undocumented %s, documented but absent %s" %
    (sorted(attrs - abi), sorted(abi - attrs)))

if os.path.exists("kmod/bft/sysfs.c") and \
   os.path.exists("Documentation/ABI/testing/sysfs-firmware-sanbft"):
    s = read("kmod/bft/sysfs.c")
    want = {"/sys/firmware/sanbft/tables/<name>/" + a
            for a in re.findall(r"SANBFT_TABLE_ATTR\(([a-z]\w*)", s)}
    for grp, a in re.findall(r"SANBFT_NODE_ATTR\(([a-z]\w*), (\w+)", s):
        sub = {"entry": "", "nic": "nic/", "target": "target/"}[grp]
        want.add("/sys/firmware/sanbft/entry<N>/" + sub + a)
    have = whats("Documentation/ABI/testing/sysfs-firmware-sanbft")
    out(want and not (want - have), "abi-firmware-sanbft",
        "undocumented %s" % sorted(want - have))

# 3. module parameters
params = set(re.findall(r"module_param(?:_cb|_named)?\((\w+)", m))
kp = read("Documentation/admin-guide/kernel-parameters.rst")
nodoc = sorted(p for p in params if "sanblk.%s=" % p not in kp)
out(params and not nodoc, "kernel-parameters", "not documented: %s" % nodoc)

# 4. the index names every page and every ABI file
idx = read("Documentation/index.rst")
pages = [p[len("Documentation/"):-4] for p in
         glob.glob("Documentation/**/*.rst", recursive=True)
         if not p.endswith("/index.rst")]
abis = [p[len("Documentation/"):] for p in glob.glob("Documentation/ABI/*/*")]
absent = [p for p in pages + abis if p not in idx]
out(not absent, "index", "not in Documentation/index.rst: %s" % absent)
EOF
	fail "docs: the checker failed"
fi

# 5. the rst parses without warnings (Sphinx roles aside)
if command -v rst2pseudoxml >/dev/null; then
	for f in Documentation/index.rst Documentation/admin-guide/*.rst; do
		[ -e "$f" ] || continue
		err=$(rst2pseudoxml --report=2 "$f" 2>&1 >/dev/null |
			grep -E '\((WARNING|ERROR|SEVERE)/' |
			grep -v -e 'role "doc"' -e 'directive type "toctree"')
		if [ -z "$err" ]; then
			pass "docs/rst $f"
		else
			fail "docs/rst $f: $(echo "$err" | head -3)"
		fi
	done
else
	skip "docs/rst: rst2pseudoxml (python3-docutils) is not installed"
fi
