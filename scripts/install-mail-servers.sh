#!/usr/bin/env bash
# Installs Debian's Dovecot (IMAP, LMTP) and Postfix, which the tests run as private instances of their own (config,
# ports and data under target/), when they are missing. The system services are never started: a policy-rc.d that
# refuses every start is in place during the install (and removed afterwards if this script put it there), and the
# services are disabled for later boots. Run by the Maven build before the tests (skipped with -DskipTests).
set -euo pipefail
PACKAGES="dovecot-core dovecot-imapd dovecot-lmtpd postfix"
if [ -x /usr/sbin/dovecot ] && [ -x /usr/lib/dovecot/imap ] && [ -x /usr/lib/dovecot/imap-login ] \
    && [ -x /usr/lib/dovecot/lmtp ] && [ -x /usr/sbin/postfix ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "The tests need Dovecot and Postfix (Debian packages $PACKAGES): install them." >&2
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
# Postfix asks what kind of mail system this is: none, the tests bring their own configuration
echo "postfix postfix/main_mailer_type select No configuration" | $SUDO debconf-set-selections
echo "Installing $PACKAGES for the tests (the system services stay off)"
# shellcheck disable=SC2086
$SUDO apt-get install -y -q $PACKAGES >/dev/null \
  || { $SUDO apt-get update -q >/dev/null && $SUDO apt-get install -y -q $PACKAGES >/dev/null; }
# nor at the next boot: the tests never use the system instances
for service in dovecot postfix; do
  if command -v systemctl >/dev/null 2>&1; then
    $SUDO systemctl disable --quiet "$service.service" >/dev/null 2>&1 || true
  fi
  if command -v update-rc.d >/dev/null 2>&1; then
    $SUDO update-rc.d "$service" disable >/dev/null 2>&1 || true
  fi
done
# a system instance must not hold the standard ports or the default base_dir should one have started anyway
if [ -r /run/dovecot/master.pid ]; then
  $SUDO kill "$(cat /run/dovecot/master.pid)" 2>/dev/null || true
fi
if [ -r /var/spool/postfix/pid/master.pid ]; then
  $SUDO kill "$(tr -d ' ' < /var/spool/postfix/pid/master.pid)" 2>/dev/null || true
fi
