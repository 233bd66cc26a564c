#!/usr/bin/env bash
# Inbound benchmarks: throughput against a plain Jakarta Mail loop, and a 50 MB attachment under -Xmx256m.
# Usage: bench/run-inbound.sh [message count, default 1000]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
CP="$PWD/target/test-classes:$PWD/target/classes:$(cat target/bench.classpath)"
java -cp "$CP" io.mailbridge.bench.InboundThroughputBench "${1:-1000}" 2>&1 | grep -E "^inbound|FAILED|Exception"
java -cp "$CP" io.mailbridge.bench.InboundMemoryBench 2>&1 | grep -E "^inbound|FAILED|Exception"
