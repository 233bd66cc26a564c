#!/usr/bin/env bash
# Inbound throughput against a real IMAP server (a private Dovecot) beside a one-shot Python imaplib client, on
# loopback and through a proxy that delays each direction.
# Usage: bench/run-inbound-dovecot.sh [message count, default 1000] [delay per direction in ms, default 25] [rounds, default 4]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-mail-servers.sh
mvn -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
CP="$PWD/target/test-classes:$PWD/target/classes:$(cat target/bench.classpath)"
for delay in 0 "${2:-25}"; do
  java -cp "$CP" io.mailbridge.bench.InboundDovecotBench "${1:-1000}" "$delay" "${3:-4}" 2>&1 | grep -E "^inbound|FAILED|Exception"
done
