#!/usr/bin/env bash
# The API-key validation benchmark (bench/README.md): POST /api/v1/keys/validate at 64 connections with wrk,
# against (1) VetrAI, (2) a bare Kestrel endpoint answering a body of the same size (the ceiling) and
# (3) the straightforward design that reads the key's row and updates its counter in PostgreSQL per
# validation. One run, one PostgreSQL, the three one after another; prints a table.
#
#   bench/validate.sh                       # 20 s per target after a 10 s warm-up
#   BENCH_DURATION=30 BENCH_CONNECTIONS=64 bench/validate.sh
set -euo pipefail
cd "$(dirname -- "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
# shellcheck source=../scripts/lib/common.sh
source scripts/lib/common.sh
# shellcheck source=../scripts/lib/ports.sh
source scripts/lib/ports.sh
# shellcheck source=../scripts/lib/postgres.sh
source scripts/lib/postgres.sh

DURATION=${BENCH_DURATION:-20}
WARMUP=${BENCH_WARMUP:-10}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 UseSharedCompilation=false DOTNET_NOLOGO=1

if ! command -v wrk >/dev/null; then
  ((EUID == 0)) || die "wrk is missing; install it with: sudo apt-get install wrk"
  log "installing wrk from Debian"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk >/dev/null
fi

LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)
WORK=$(mktemp -d /tmp/vetrai-bench.XXXXXX)
chmod 755 "$WORK"
PG_DIR=$WORK/pg
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do stop_process "$pid" "benchmark server" 60; done
  pg_stop "$PG_DIR" || true
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "building (Release)"
dotnet build -c Release -v q -nologo src/ApiFrontend >"$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log"; die "build failed"; }
dotnet build -c Release -v q -nologo bench/ValidationBaselines >>"$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log"; die "build failed"; }

# synchronous_commit=off spares the per-request design a WAL flush per update: the baseline gets the
# benefit of the doubt. VetrAI's own writes (usage flushes) are rare and unaffected either way.
pg_ensure_installed
pg_init "$PG_DIR"
free_port PG_PORT
pg_start "$PG_DIR" "$PG_PORT" -c synchronous_commit=off -c max_connections=200
pg_createdb "$PG_PORT" vetrai_bench
DB="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=vetrai_bench"

# run_wrk NAME PORT: warm-up, then the measured run; appends "NAME rps p50_us p99_us errors" to results.
run_wrk() {
  local name=$1 port=$2 url="http://127.0.0.1:$2/api/v1/keys/validate" line
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -s bench/wrk/validate.lua "$url" >/dev/null
  line=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s bench/wrk/validate.lua "$url" | grep '^RESULT')
  log "$name: $line"
  [[ $line =~ rps=([0-9.]+)\ p50_us=([0-9]+)\ p90_us=([0-9]+)\ p99_us=([0-9]+)\ errors=([0-9]+) ]] || die "unexpected wrk output: $line"
  printf '%s %s %s %s %s\n' "$name" "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}" "${BASH_REMATCH[4]}" "${BASH_REMATCH[5]}" >>"$WORK/results"
}

# start NAME LOG COMMAND...: starts a server in the background and remembers its pid in LAST_PID.
start() {
  local name=$1 logfile=$2
  shift 2
  "$@" >"$logfile" 2>&1 &
  LAST_PID=$!
  PIDS+=("$LAST_PID")
  log "started $name (pid $LAST_PID)"
}

json_field() { # json_field NAME < body: the first string value of "NAME"
  grep -o "\"$1\":\"[^\"]*\"" | head -1 | cut -d'"' -f4
}

# --- 1. VetrAI -------------------------------------------------------------------------------------
free_port VETRAI_PORT
ADMIN_EMAIL=bench-admin@vetrai.test
ADMIN_PASSWORD=bench-password-1
start VetrAI "$WORK/vetrai.log" env \
  VETRAI_DATABASE_URL="$DB" VETRAI_HTTP_PORT="$VETRAI_PORT" VETRAI_DATA_DIR="$WORK/data" \
  VETRAI_BOOTSTRAP_ADMIN_EMAIL="$ADMIN_EMAIL" VETRAI_BOOTSTRAP_ADMIN_PASSWORD="$ADMIN_PASSWORD" \
  Logging__LogLevel__Default=Information Logging__LogLevel__Microsoft.AspNetCore=Warning ASPNETCORE_ENVIRONMENT=Production \
  dotnet src/ApiFrontend/bin/Release/net10.0/VetrAI.ApiFrontend.dll
VETRAI_PID=$LAST_PID
wait_for_port "$VETRAI_PORT" 120 VetrAI "$VETRAI_PID" "$WORK/vetrai.log"
wait_until 120 "VetrAI to be ready" bash -c "[[ \$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:$VETRAI_PORT/health/ready) == 200 ]]"

API=http://127.0.0.1:$VETRAI_PORT/api/v1
TOKEN=$(curl -sf -X POST "$API/login" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$ADMIN_EMAIL\",\"password\":\"$ADMIN_PASSWORD\"}" | json_field access_token)
[[ -n $TOKEN ]] || die "could not sign in as the bootstrapped super admin"
ORG=$(curl -sf -X POST "$API/organizations" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"name":"Bench","plan":"enterprise"}' | json_field id)
[[ -n $ORG ]] || die "could not create the benchmark organization"
# The key's own limit is far above what the run can reach, so every answer is VALID: the path measured is
# the full one (bucket, credits, quota, usage counting), not an early rejection.
KEY=$(curl -sf -X POST "$API/keys" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d "{\"name\":\"bench\",\"organization_id\":\"$ORG\",\"rate_limit\":{\"limit\":1000000,\"window_seconds\":1}}" | json_field key)
[[ $KEY == vetrai_* ]] || die "could not create the benchmark key"
export VETRAI_BENCH_KEY=$KEY
SAMPLE=$(curl -sf -X POST "$API/keys/validate" -H 'Content-Type: application/json' -d "{\"key\":\"$KEY\"}")
log "VetrAI answers ${#SAMPLE} bytes: $SAMPLE"
[[ $SAMPLE == *'"code":"VALID"'* ]] || die "the benchmark key does not validate"
run_wrk "VetrAI" "$VETRAI_PORT"
FINAL=$(curl -sf -X POST "$API/keys/validate" -H 'Content-Type: application/json' -d "{\"key\":\"$KEY\"}")
[[ $FINAL == *'"code":"VALID"'* ]] || log "warning: after the run the key answers $FINAL"
stop_process "$VETRAI_PID" VetrAI 60

# --- 2. bare Kestrel ---------------------------------------------------------------------------------
BASELINES="dotnet bench/ValidationBaselines/bin/Release/net10.0/VetrAI.Bench.ValidationBaselines.dll"
free_port BARE_PORT
start "bare Kestrel" "$WORK/bare.log" $BASELINES bare --port "$BARE_PORT"
BARE_PID=$LAST_PID
wait_for_port "$BARE_PORT" 60 "bare Kestrel" "$BARE_PID" "$WORK/bare.log"
BARE_SAMPLE=$(curl -sf -X POST "http://127.0.0.1:$BARE_PORT/api/v1/keys/validate" -H 'Content-Type: application/json' -d "{\"key\":\"$KEY\"}")
log "bare Kestrel answers ${#BARE_SAMPLE} bytes"
run_wrk "bare-Kestrel" "$BARE_PORT"
stop_process "$BARE_PID" "bare Kestrel" 30

# --- 3. PostgreSQL per request -----------------------------------------------------------------------
free_port PGDESIGN_PORT
start "PostgreSQL-per-request" "$WORK/pgdesign.log" $BASELINES postgres --port "$PGDESIGN_PORT" \
  --database "$DB;Maximum Pool Size=64" --key "$KEY"
PGDESIGN_PID=$LAST_PID
wait_for_port "$PGDESIGN_PORT" 60 "PostgreSQL-per-request" "$PGDESIGN_PID" "$WORK/pgdesign.log"
PG_SAMPLE=$(curl -sf -X POST "http://127.0.0.1:$PGDESIGN_PORT/api/v1/keys/validate" -H 'Content-Type: application/json' -d "{\"key\":\"$KEY\"}")
[[ $PG_SAMPLE == *'"code":"VALID"'* ]] || die "the PostgreSQL design does not validate the key: $PG_SAMPLE"
run_wrk "PostgreSQL-per-request" "$PGDESIGN_PORT"
stop_process "$PGDESIGN_PID" "PostgreSQL-per-request" 30

# --- table -------------------------------------------------------------------------------------------
echo
echo "POST /api/v1/keys/validate, wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s (after ${WARMUP}s warm-up), $(nproc) cores; load average at start $LOAD_AT_START, at end $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v bare="$(awk '$1 == "bare-Kestrel" { print $2 }' "$WORK/results")" \
    -v pg="$(awk '$1 == "PostgreSQL-per-request" { print $2 }' "$WORK/results")" '
  BEGIN {
    printf "| %-24s | %14s | %8s | %8s | %7s | %9s | %13s |\n", "target", "validations/s", "p50 ms", "p99 ms", "errors", "vs bare", "vs PG design"
    printf "|%s|%s|%s|%s|%s|%s|%s|\n", "--------------------------", "----------------", "----------", "----------", "---------", "-----------", "---------------"
  }
  { printf "| %-24s | %14.0f | %8.2f | %8.2f | %7d | %8.0f%% | %12.1fx |\n", $1, $2, $3 / 1000, $4 / 1000, $5, 100 * $2 / bare, $2 / pg }
' "$WORK/results"
