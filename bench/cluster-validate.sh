#!/usr/bin/env bash
# API-key validation through a separate front end in front of a 2-silo cluster, next to the
# one-process figure (front end hosting its silo), with the same wrk script as bench/validate.sh.
# One PostgreSQL, the same key for both runs; prints a table.
#
#   bench/cluster-validate.sh                  # 20 s per target after a 5 s warm-up
#   BENCH_DURATION=30 BENCH_CONNECTIONS=64 bench/cluster-validate.sh
set -euo pipefail
cd "$(dirname -- "${BASH_SOURCE[0]}")/.."
# shellcheck source=../scripts/lib/all.sh
source scripts/lib/all.sh

# shellcheck disable=SC2034 # read by run_wrk in bench/lib.sh
WARMUP=${BENCH_WARMUP:-5}
# shellcheck source=lib.sh
source bench/lib.sh

bench_setup cluster-bench
bench_build src/ApiFrontend src/Silo
bench_postgres
export VETRAI_DATABASE_URL=$DB
export VETRAI_CLUSTER_SECRET=bench-cluster-secret VETRAI_ADVERTISED_ADDRESS=127.0.0.1
export VETRAI_DATA_DIR=$WORK/data VETRAI_JWT_SIGNING_KEY=bench-signing-key-with-enough-bytes-0123456789
export VETRAI_BOOTSTRAP_ADMIN_EMAIL=bench-admin@vetrai.test VETRAI_BOOTSTRAP_ADMIN_PASSWORD=bench-password-1
export Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production

start_frontend() { # start_frontend NAME HOST_SILO: port in FRONTEND_PORT, pid in FRONTEND_PID
  free_port FRONTEND_PORT
  start "$1" "$WORK/$1.log" env VETRAI_HTTP_PORT="$FRONTEND_PORT" VETRAI_HOST_SILO="$2" \
    dotnet src/ApiFrontend/bin/Release/net10.0/VetrAI.ApiFrontend.dll
  FRONTEND_PID=$LAST_PID
  wait_ready "$FRONTEND_PORT" "$1"
}

# --- 1. one process: the front end hosts the silo ----------------------------------------------------
start_frontend one-process true
bench_key "http://127.0.0.1:$FRONTEND_PORT/api/v1" "$VETRAI_BOOTSTRAP_ADMIN_EMAIL" "$VETRAI_BOOTSTRAP_ADMIN_PASSWORD"
run_wrk one-process "$FRONTEND_PORT"
stop_process "$FRONTEND_PID" "one-process VetrAI" 60

# --- 2. two silo processes and a front end without a silo --------------------------------------------
for i in 1 2; do
  free_port CLUSTER_PORT
  start "silo $i" "$WORK/silo-$i.log" env VETRAI_CLUSTER_PORT="$CLUSTER_PORT" dotnet src/Silo/bin/Release/net10.0/VetrAI.Silo.dll
done
start_frontend cluster-frontend false
SAMPLE=$(curl -sf -X POST "http://127.0.0.1:$FRONTEND_PORT/api/v1/keys/validate" -H 'Content-Type: application/json' -d "{\"key\":\"$KEY\"}")
[[ $SAMPLE == *'"code":"VALID"'* ]] || die "the key does not validate through the cluster: $SAMPLE"
run_wrk "front-end+2-silos" "$FRONTEND_PORT"

bench_title
awk '
  BEGIN {
    printf "| %-20s | %14s | %8s | %8s | %7s |\n", "target", "validations/s", "p50 ms", "p99 ms", "errors"
    printf "|%s|%s|%s|%s|%s|\n", "----------------------", "----------------", "----------", "----------", "---------"
  }
  { printf "| %-20s | %14.0f | %8.2f | %8.2f | %7d |\n", $1, $2, $3 / 1000, $4 / 1000, $5 }
' "$WORK/results"
