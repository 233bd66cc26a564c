#!/usr/bin/env bash
# Outbound against a real MTA: a private Postfix (STARTTLS, XOAUTH2 through Dovecot's auth socket, each mail queued
# to disk before its 250), the plain Jakarta Mail loop on one connection beside mailbridge's single requests and one
# batch. Postfix and Dovecot come from Debian's packages, installed by the build's script if missing.
# Usage: bench/run-outbound-postfix.sh [mails per way and round, default 1000] [rounds, default 3]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-mail-servers.sh
mvn -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
CP="$PWD/target/test-classes:$PWD/target/classes:$(cat target/bench.classpath)"
java -cp "$CP" io.mailbridge.bench.OutboundPostfixBench "${1:-1000}" "${2:-3}" 2>&1 | grep -E "^outbound|^FAILED|Exception"
