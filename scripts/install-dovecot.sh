#!/usr/bin/env bash
# Installs Debian's Dovecot IMAP server, which the inbound tests run as private instances under target/, when it is
# missing. The system service is never started: a policy-rc.d that refuses every start is in place during the install
# (and removed afterwards if this script put it there), and the service is disabled for later boots. Run by the Maven
# build before the tests (skipped with -DskipTests).
set -euo pipefail
if [ -x /usr/sbin/dovecot ] && [ -x /usr/lib/dovecot/imap ] && [ -x /usr/lib/dovecot/imap-login ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "The inbound tests need Dovecot (Debian packages dovecot-core and dovecot-imapd): install them." >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
POLICY=/usr/sbin/policy-rc.d
OURS=""
if [ ! -e "$POLICY" ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$POLICY" >/dev/null
  $SUDO chmod 755 "$POLICY"
  OURS=1
fi
cleanup() { if [ -n "$OURS" ]; then $SUDO rm -f "$POLICY"; fi; }
trap cleanup EXIT
export DEBIAN_FRONTEND=noninteractive
echo "Installing dovecot-core and dovecot-imapd for the inbound tests (the system service stays off)"
$SUDO apt-get install -y -q dovecot-core dovecot-imapd >/dev/null \
  || { $SUDO apt-get update -q >/dev/null && $SUDO apt-get install -y -q dovecot-core dovecot-imapd >/dev/null; }
# nor at the next boot: the tests never use the system instance
if command -v systemctl >/dev/null 2>&1; then
  $SUDO systemctl disable --quiet dovecot.service dovecot.socket >/dev/null 2>&1 || true
fi
if command -v update-rc.d >/dev/null 2>&1; then
  $SUDO update-rc.d dovecot disable >/dev/null 2>&1 || true
fi
# a system instance must not hold the standard ports or the default base_dir should one have started anyway
if [ -r /run/dovecot/master.pid ]; then
  $SUDO kill "$(cat /run/dovecot/master.pid)" 2>/dev/null || true
fi
