#!/usr/bin/env bash
# API-key validation through a separate front end in front of a 2-silo cluster, next to the
# one-process figure (front end hosting its silo), with the same wrk script as bench/validate.sh.
# One PostgreSQL, the same key for both runs; prints a table.
#
#   bench/cluster-validate.sh                  # 20 s per target after a 5 s warm-up
#   BENCH_DURATION=30 BENCH_CONNECTIONS=64 bench/cluster-validate.sh
set -euo pipefail
cd "$(dirname -- "${BASH_SOURCE[0]}")/.."
# shellcheck source=../scripts/lib/common.sh
source scripts/lib/common.sh
# shellcheck source=../scripts/lib/ports.sh
source scripts/lib/ports.sh
# shellcheck source=../scripts/lib/postgres.sh
source scripts/lib/postgres.sh

DURATION=${BENCH_DURATION:-20}
WARMUP=${BENCH_WARMUP:-5}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 UseSharedCompilation=false DOTNET_NOLOGO=1
command -v wrk >/dev/null || die "wrk is missing; install it with: apt-get install wrk"

LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)
WORK=$(mktemp -d /tmp/vetrai-cluster-bench.XXXXXX)
chmod 755 "$WORK"
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do stop_process "$pid" "benchmark process" 60; done
  pg_stop "$WORK/pg" || true
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "building (Release)"
dotnet build -c Release -v q -nologo src/ApiFrontend >"$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log"; die "build failed"; }
dotnet build -c Release -v q -nologo src/Silo >>"$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log"; die "build failed"; }

pg_ensure_installed
pg_init "$WORK/pg"
free_port PG_PORT
pg_start "$WORK/pg" "$PG_PORT" -c synchronous_commit=off -c max_connections=200
pg_createdb "$PG_PORT" vetrai_bench
export VETRAI_DATABASE_URL="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=vetrai_bench"
export VETRAI_CLUSTER_SECRET=bench-cluster-secret VETRAI_ADVERTISED_ADDRESS=127.0.0.1
export VETRAI_DATA_DIR=$WORK/data VETRAI_JWT_SIGNING_KEY=bench-signing-key-with-enough-bytes-0123456789
export VETRAI_BOOTSTRAP_ADMIN_EMAIL=bench-admin@vetrai.test VETRAI_BOOTSTRAP_ADMIN_PASSWORD=bench-password-1
export Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production

start() { # start LOG COMMAND...: in the background, pid in LAST_PID
  local logfile=$1
  shift
  "$@" >"$logfile" 2>&1 &
  LAST_PID=$!
  PIDS+=("$LAST_PID")
}

start_frontend() { # start_frontend NAME HOST_SILO: port in FRONTEND_PORT, pid in FRONTEND_PID
  free_port FRONTEND_PORT
  start "$WORK/$1.log" env VETRAI_HTTP_PORT="$FRONTEND_PORT" VETRAI_HOST_SILO="$2" \
    dotnet src/ApiFrontend/bin/Release/net10.0/VetrAI.ApiFrontend.dll
  FRONTEND_PID=$LAST_PID
  wait_until 180 "$1 to be ready" bash -c "[[ \$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:$FRONTEND_PORT/health/ready) == 200 ]]"
}

run_wrk() { # run_wrk NAME PORT: appends "NAME rps p50_us p99_us errors" to results
  local url="http://127.0.0.1:$2/api/v1/keys/validate" line
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -s bench/wrk/validate.lua "$url" >/dev/null
  line=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s bench/wrk/validate.lua "$url" | grep '^RESULT')
  log "$1: $line"
  [[ $line =~ rps=([0-9.]+)\ p50_us=([0-9]+)\ p90_us=([0-9]+)\ p99_us=([0-9]+)\ errors=([0-9]+) ]] || die "unexpected wrk output: $line"
  printf '%s %s %s %s %s\n' "$1" "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}" "${BASH_REMATCH[4]}" "${BASH_REMATCH[5]}" >>"$WORK/results"
}

json_field() { grep -o "\"$1\":\"[^\"]*\"" | head -1 | cut -d'"' -f4; }

# --- 1. one process: the front end hosts the silo ----------------------------------------------------
start_frontend one-process true
API=http://127.0.0.1:$FRONTEND_PORT/api/v1
TOKEN=$(curl -sf -X POST "$API/login" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$VETRAI_BOOTSTRAP_ADMIN_EMAIL\",\"password\":\"$VETRAI_BOOTSTRAP_ADMIN_PASSWORD\"}" | json_field access_token)
ORG=$(curl -sf -X POST "$API/organizations" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"name":"Bench","plan":"enterprise"}' | json_field id)
KEY=$(curl -sf -X POST "$API/keys" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d "{\"name\":\"bench\",\"organization_id\":\"$ORG\",\"rate_limit\":{\"limit\":1000000,\"window_seconds\":1}}" | json_field key)
[[ $KEY == vetrai_* ]] || die "could not create the benchmark key"
export VETRAI_BENCH_KEY=$KEY
run_wrk one-process "$FRONTEND_PORT"
stop_process "$FRONTEND_PID" "one-process VetrAI" 60

# --- 2. two silo processes and a front end without a silo --------------------------------------------
for i in 1 2; do
  free_port CLUSTER_PORT
  start "$WORK/silo-$i.log" env VETRAI_CLUSTER_PORT="$CLUSTER_PORT" dotnet src/Silo/bin/Release/net10.0/VetrAI.Silo.dll
done
start_frontend cluster-frontend false
SAMPLE=$(curl -sf -X POST "http://127.0.0.1:$FRONTEND_PORT/api/v1/keys/validate" -H 'Content-Type: application/json' -d "{\"key\":\"$KEY\"}")
[[ $SAMPLE == *'"code":"VALID"'* ]] || die "the key does not validate through the cluster: $SAMPLE"
run_wrk "front-end+2-silos" "$FRONTEND_PORT"

echo
echo "POST /api/v1/keys/validate, wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s (after ${WARMUP}s warm-up), $(nproc) cores; load average at start $LOAD_AT_START, at end $(cut -d' ' -f1-3 /proc/loadavg)"
awk '
  BEGIN {
    printf "| %-20s | %14s | %8s | %8s | %7s |\n", "target", "validations/s", "p50 ms", "p99 ms", "errors"
    printf "|%s|%s|%s|%s|%s|\n", "----------------------", "----------------", "----------", "----------", "---------"
  }
  { printf "| %-20s | %14.0f | %8.2f | %8.2f | %7d |\n", $1, $2, $3 / 1000, $4 / 1000, $5 }
' "$WORK/results"
