#!/usr/bin/env bash
# Outbound throughput of 1, 2 and 3 mailbridge instances sharing one external Artemis (standalone, in its own process)
# and one PostgreSQL database, 60 mailboxes with their limits raised, one SMTP server on loopback; the CPU of each
# part is reported beside the rate. PostgreSQL must be installed (the tests start it if it is down).
# Usage: bench/run-outbound-instances.sh [mails per mailbox, default 50] [max instances, default 3]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
CP="$PWD/target/test-classes:$PWD/target/classes:$(cat target/bench.classpath)"
java -cp "$CP" io.mailbridge.bench.OutboundInstancesBench "${1:-50}" "${2:-3}" 2>&1 | grep -E "^outbound|^FAILED|Exception"
