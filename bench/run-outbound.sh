#!/usr/bin/env bash
# Outbound sender benchmark: pooled sender vs a plain Jakarta Mail loop vs the stock camel-mail producer.
# Usage: bench/run-outbound.sh [message count, default 500]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
CP="$PWD/target/test-classes:$PWD/target/classes:$(cat target/bench.classpath)"
java -cp "$CP" io.mailbridge.bench.OutboundSenderBench "${1:-500}" 2>&1 | grep -E "^outbound|FAILED|Exception"
