#!/usr/bin/env bash
# The API-key validation benchmark (bench/README.md): POST /api/v1/keys/validate at 64 connections with wrk,
# against (1) VetrAI in one process (the front end co-hosting its Orleans silo), (2) a bare Kestrel
# endpoint answering a body of the same size (the ceiling) and (3) the straightforward design that reads
# the key's row and updates its counter in PostgreSQL per validation. One run, one PostgreSQL (and a Redis for the silo's membership), the three one after
# another; prints a table.
#
#   bench/validate.sh                       # 20 s per target after a 10 s warm-up
#   BENCH_DURATION=30 BENCH_CONNECTIONS=64 bench/validate.sh
set -euo pipefail
cd "$(dirname -- "${BASH_SOURCE[0]}")/.."
# shellcheck source=../scripts/lib/all.sh
source scripts/lib/all.sh

# shellcheck disable=SC2034 # read by run_wrk in bench/lib.sh
WARMUP=${BENCH_WARMUP:-10}
# shellcheck source=lib.sh
source bench/lib.sh

bench_setup bench
bench_wrk
bench_build src/ApiFrontend bench/ValidationBaselines
bench_postgres
bench_redis

# --- 1. VetrAI -------------------------------------------------------------------------------------
free_port VETRAI_PORT
free_port SILO_PORT
free_port GATEWAY_PORT
ADMIN_EMAIL=bench-admin@vetrai.test
ADMIN_PASSWORD=bench-password-1
start VetrAI "$WORK/vetrai.log" env \
  VETRAI_DATABASE_URL="$DB" VETRAI_HTTP_PORT="$VETRAI_PORT" VETRAI_DATA_DIR="$WORK/data" \
  VETRAI_REDIS_URL="$VETRAI_REDIS_URL" VETRAI_CLUSTER_PORT="$SILO_PORT" VETRAI_GATEWAY_PORT="$GATEWAY_PORT" \
  VETRAI_BOOTSTRAP_ADMIN_EMAIL="$ADMIN_EMAIL" VETRAI_BOOTSTRAP_ADMIN_PASSWORD="$ADMIN_PASSWORD" \
  Logging__LogLevel__Default=Information Logging__LogLevel__Microsoft.AspNetCore=Warning ASPNETCORE_ENVIRONMENT=Production \
  dotnet src/ApiFrontend/bin/Release/net10.0/VetrAI.ApiFrontend.dll
VETRAI_PID=$LAST_PID
wait_for_port "$VETRAI_PORT" 120 VetrAI "$VETRAI_PID" "$WORK/vetrai.log"
wait_ready "$VETRAI_PORT" VetrAI

API=http://127.0.0.1:$VETRAI_PORT/api/v1
bench_key "$API" "$ADMIN_EMAIL" "$ADMIN_PASSWORD"
SAMPLE=$(curl -sf -X POST "$API/keys/validate" -H 'Content-Type: application/json' -d "{\"key\":\"$KEY\"}")
log "VetrAI answers ${#SAMPLE} bytes: $SAMPLE"
[[ $SAMPLE == *'"code":"VALID"'* ]] || die "the benchmark key does not validate"
run_wrk "VetrAI" "$VETRAI_PORT"
FINAL=$(curl -sf -X POST "$API/keys/validate" -H 'Content-Type: application/json' -d "{\"key\":\"$KEY\"}")
[[ $FINAL == *'"code":"VALID"'* ]] || log "warning: after the run the key answers $FINAL"
stop_process "$VETRAI_PID" VetrAI 60

# --- 2. bare Kestrel ---------------------------------------------------------------------------------
BASELINES=(dotnet bench/ValidationBaselines/bin/Release/net10.0/VetrAI.Bench.ValidationBaselines.dll)
free_port BARE_PORT
start "bare Kestrel" "$WORK/bare.log" "${BASELINES[@]}" bare --port "$BARE_PORT"
BARE_PID=$LAST_PID
wait_for_port "$BARE_PORT" 60 "bare Kestrel" "$BARE_PID" "$WORK/bare.log"
BARE_SAMPLE=$(curl -sf -X POST "http://127.0.0.1:$BARE_PORT/api/v1/keys/validate" -H 'Content-Type: application/json' -d "{\"key\":\"$KEY\"}")
log "bare Kestrel answers ${#BARE_SAMPLE} bytes"
run_wrk "bare-Kestrel" "$BARE_PORT"
stop_process "$BARE_PID" "bare Kestrel" 30

# --- 3. PostgreSQL per request -----------------------------------------------------------------------
free_port PGDESIGN_PORT
start "PostgreSQL-per-request" "$WORK/pgdesign.log" "${BASELINES[@]}" postgres --port "$PGDESIGN_PORT" \
  --database "$DB;Maximum Pool Size=64" --key "$KEY"
PGDESIGN_PID=$LAST_PID
wait_for_port "$PGDESIGN_PORT" 60 "PostgreSQL-per-request" "$PGDESIGN_PID" "$WORK/pgdesign.log"
PG_SAMPLE=$(curl -sf -X POST "http://127.0.0.1:$PGDESIGN_PORT/api/v1/keys/validate" -H 'Content-Type: application/json' -d "{\"key\":\"$KEY\"}")
[[ $PG_SAMPLE == *'"code":"VALID"'* ]] || die "the PostgreSQL design does not validate the key: $PG_SAMPLE"
run_wrk "PostgreSQL-per-request" "$PGDESIGN_PORT"
stop_process "$PGDESIGN_PID" "PostgreSQL-per-request" 30

# --- table -------------------------------------------------------------------------------------------
bench_title
awk -v bare="$(awk '$1 == "bare-Kestrel" { print $2 }' "$WORK/results")" \
    -v pg="$(awk '$1 == "PostgreSQL-per-request" { print $2 }' "$WORK/results")" '
  BEGIN {
    printf "| %-24s | %14s | %8s | %8s | %7s | %9s | %13s |\n", "target", "validations/s", "p50 ms", "p99 ms", "errors", "vs bare", "vs PG design"
    printf "|%s|%s|%s|%s|%s|%s|%s|\n", "--------------------------", "----------------", "----------", "----------", "---------", "-----------", "---------------"
  }
  { printf "| %-24s | %14.0f | %8.2f | %8.2f | %7d | %8.0f%% | %12.1fx |\n", $1, $2, $3 / 1000, $4 / 1000, $5, 100 * $2 / bare, $2 / pg }
' "$WORK/results"
