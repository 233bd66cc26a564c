#!/usr/bin/env bash
# Installs Debian's Chromium and ChromeDriver, which the admin page's browser test drives, when they are missing.
# Run by the Maven build before the tests (skipped with -DskipTests).
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "The browser test needs Chromium and ChromeDriver (Debian packages chromium and chromium-driver): install them." >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
echo "Installing chromium and chromium-driver for the browser test"
$SUDO apt-get install -y -q chromium chromium-driver >/dev/null \
  || { $SUDO apt-get update -q >/dev/null && $SUDO apt-get install -y -q chromium chromium-driver >/dev/null; }
