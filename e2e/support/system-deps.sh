#!/usr/bin/env bash
# The system programs the tests need. Installs them with apt when we are root on
# Debian; otherwise stops with one line naming what to install.
set -euo pipefail

can_apt() { [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; }

required=()
command -v ip >/dev/null 2>&1 || required+=(iproute2)
# libfaketime: a discussion group's end, its clock moved on (e2e/discussions.test.ts).
[ -f /usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1 ] || required+=(faketime)
# The UI tests drive Debian's Chromium (Playwright cannot download its own here).
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || required+=(chromium)
# Fonts for Chinese text and emoji, so that the screenshots the UI tests save are
# legible; the tests pass without them, so they are only installed where apt can.
optional=()
fc-list 2>/dev/null | grep -qiE "micro ?hei" || optional+=(fonts-wqy-microhei)
fc-list 2>/dev/null | grep -qi "color emoji" || optional+=(fonts-noto-color-emoji)
# The NAT matrix (npm run test:nat) builds NAT routers in namespaces: it needs root
# anyway, so iptables is installed where apt can and the suite names it otherwise.
command -v iptables >/dev/null 2>&1 || optional+=(iptables)
# coturn: the TURN server of the NAT matrix's symmetric-NAT scenario (run by the
# test inside a namespace; its package starts no service here).
command -v turnserver >/dev/null 2>&1 || optional+=(coturn)
# miniupnpd (its nftables build, with nft to make its chains): the UPnP router of the
# NAT matrix's port-mapping scenario (run by the test inside a namespace).
command -v miniupnpd >/dev/null 2>&1 || [ -x /usr/sbin/miniupnpd ] || optional+=(miniupnpd-nftables)
command -v nft >/dev/null 2>&1 || [ -x /usr/sbin/nft ] || optional+=(nftables)
# The power-cut test (npm run test:powercut) mounts a FUSE filesystem that drops
# unsynced writes (e2e/powercut/lazyfs.py): Debian's Python with fusepy, and fuse3.
command -v fusermount >/dev/null 2>&1 || command -v fusermount3 >/dev/null 2>&1 || optional+=(fuse3)
[ -f /usr/lib/python3/dist-packages/fusepy.py ] || optional+=(python3-fusepy)

if [ ${#required[@]} -gt 0 ] && ! can_apt; then
  echo "parley: the tests need ${required[*]}: install them (e.g. sudo apt-get install ${required[*]}) and run again" >&2
  exit 1
fi
wanted=("${required[@]}")
can_apt && wanted+=("${optional[@]}")
[ ${#wanted[@]} -eq 0 ] && exit 0
echo "installing ${wanted[*]} with apt-get"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${wanted[@]}" >/dev/null
