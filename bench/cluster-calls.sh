#!/usr/bin/env bash
# Remote grain calls between two Orleans silo processes (bench/Cluster.Bench, bench/README.md): builds it
# (Release), starts a Redis of its own for the membership, runs it, and prints its table.
#
#   bench/cluster-calls.sh          # 10 s per level
#   bench/cluster-calls.sh 20       # 20 s per level
set -euo pipefail
cd "$(dirname -- "${BASH_SOURCE[0]}")/.."
# shellcheck source=../scripts/lib/all.sh
source scripts/lib/all.sh
# shellcheck source=lib.sh
source bench/lib.sh

seconds=${1:-10}
[[ $seconds =~ ^[1-9][0-9]*$ ]] || die "usage: $0 [seconds-per-level]"
bench_setup cluster-calls
bench_build bench/Cluster.Bench
bench_redis
# Tied to this script like the servers (its second silo goes with it: it reads the first one's pipe).
spawn_tied -- dotnet bench/Cluster.Bench/bin/Release/net10.0/VetrAI.Cluster.Bench.dll "$seconds"
PIDS+=("$SPAWNED_PID")
wait "$SPAWNED_PID"
