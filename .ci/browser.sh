#!/usr/bin/env bash
# Installs Debian's headless-capable Chromium and its WebDriver for the web UI's browser tests
# (candor-app/src/test/java/candor/app/ui). Idempotent: does nothing when both are present.
# The tests skip with a message when /usr/bin/chromium is absent, so a machine without it still
# builds and passes the rest.
set -euo pipefail

if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
  echo "browser: $(/usr/bin/chromium --version 2>/dev/null || echo chromium) already installed"
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "browser: chromium and chromium-driver are missing; run this script as root to install them" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-dejavu-core >/dev/null
echo "browser: installed $(/usr/bin/chromium --version 2>/dev/null)"
