#!/usr/bin/env bash
# The system programs the tests need. Installs them with apt when we are root on
# Debian; otherwise stops with one line naming what to install.
set -euo pipefail

missing=()
command -v ip >/dev/null 2>&1 || missing+=(iproute2)
# The UI tests drive Debian's Chromium (Playwright cannot download its own here).
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)

[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing ${missing[*]} with apt-get"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "parley: the tests need ${missing[*]}: install them (e.g. sudo apt-get install ${missing[*]}) and run again" >&2
  exit 1
fi
