#!/usr/bin/env bash
# Outbound benchmarks: the pooled sender, and the whole flow (HTTP API -> durable queue -> SMTP, status recorded), each
# against a plain Jakarta Mail loop and the stock camel-mail producer; then an invoice run of 10,000 mails with a
# 100 KB PDF each through mailbridge running with -Xmx256m (needs about 5 GB free in the temp folder).
# Usage: bench/run-outbound.sh [message count, default 1000] [mails in the memory run, default 10000]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
CP="$PWD/target/test-classes:$PWD/target/classes:$(cat target/bench.classpath)"
java -cp "$CP" io.mailbridge.bench.OutboundSenderBench "${1:-1000}" 2>&1 | grep -E "^outbound|^FAILED|Exception"
java -cp "$CP" io.mailbridge.bench.OutboundEndToEndBench "${1:-1000}" 2>&1 | grep -E "^outbound|^FAILED|Exception"
java -cp "$CP" io.mailbridge.bench.OutboundBatchMemoryBench "${2:-10000}" 2>&1 | grep -E "^outbound|^FAILED|Exception"
