#!/usr/bin/env bash
# Inbound memory with a realistic mix against a real IMAP server (a private Dovecot): 1,000 messages in one poll's
# reach, every tenth with a 100 KB PDF, one with a 50 MB PDF, delivered by mailbridge in its own JVM at -Xmx256m.
# Usage: bench/run-inbound-mix.sh [message count, default 1000]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-mail-servers.sh
mvn -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
CP="$PWD/target/test-classes:$PWD/target/classes:$(cat target/bench.classpath)"
java -cp "$CP" io.mailbridge.bench.InboundMixBench "${1:-1000}" 2>&1 | grep -E "^inbound|FAILED|Exception"
