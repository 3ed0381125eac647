#!/usr/bin/env bash
# API-key validation through a client-only front end (an Orleans client, VETRAI_HOST_SILO=false) in front
# of two silo processes, next to the one-process figure (the front end co-hosting its silo), with the same
# wrk script as bench/validate.sh. One PostgreSQL (grain state: the same key for both runs), one Redis
# (membership; each shape is a cluster of its own); prints a table.
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
bench_wrk
bench_build src/ApiFrontend src/Silo
bench_postgres
bench_redis
export VETRAI_DATABASE_URL=$DB VETRAI_ADVERTISED_ADDRESS=127.0.0.1
export VETRAI_DATA_DIR=$WORK/data VETRAI_JWT_SIGNING_KEY=bench-signing-key-with-enough-bytes-0123456789
export VETRAI_BOOTSTRAP_ADMIN_EMAIL=bench-admin@vetrai.test VETRAI_BOOTSTRAP_ADMIN_PASSWORD=bench-password-1
export Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production

# start_frontend NAME CLUSTER HOST_SILO: port in FRONTEND_PORT, pid in FRONTEND_PID. A front end that
# hosts its silo gets silo and gateway ports; a client-only one has none.
start_frontend() {
  local ports=(-u VETRAI_CLUSTER_PORT -u VETRAI_GATEWAY_PORT)
  if [[ $3 == true ]]; then
    free_port SILO_PORT
    free_port GATEWAY_PORT
    ports=(VETRAI_CLUSTER_PORT="$SILO_PORT" VETRAI_GATEWAY_PORT="$GATEWAY_PORT")
  fi
  free_port FRONTEND_PORT
  start "$1" "$WORK/$1.log" env "${ports[@]}" VETRAI_HTTP_PORT="$FRONTEND_PORT" VETRAI_CLUSTER_ID="$2" \
    VETRAI_HOST_SILO="$3" dotnet src/ApiFrontend/bin/Release/net10.0/VetrAI.ApiFrontend.dll
  FRONTEND_PID=$LAST_PID
  wait_for_port "$FRONTEND_PORT" 120 "$1" "$FRONTEND_PID" "$WORK/$1.log"
  wait_ready "$FRONTEND_PORT" "$1"
}

# --- 1. one process: the front end hosts the silo ----------------------------------------------------
start_frontend one-process bench-one-process true
bench_key "http://127.0.0.1:$FRONTEND_PORT/api/v1" "$VETRAI_BOOTSTRAP_ADMIN_EMAIL" "$VETRAI_BOOTSTRAP_ADMIN_PASSWORD"
run_wrk one-process "$FRONTEND_PORT"
# A graceful stop persists the key grain's state, which the cluster's silos load.
stop_process "$FRONTEND_PID" "one-process VetrAI" 60

# --- 2. two silo processes and a client-only front end -----------------------------------------------
for i in 1 2; do
  free_port SILO_PORT
  free_port GATEWAY_PORT
  start "silo-$i" "$WORK/silo-$i.log" env VETRAI_CLUSTER_ID=bench-cluster \
    VETRAI_CLUSTER_PORT="$SILO_PORT" VETRAI_GATEWAY_PORT="$GATEWAY_PORT" dotnet src/Silo/bin/Release/net10.0/VetrAI.Silo.dll
done
start_frontend client-frontend bench-cluster false
SAMPLE=$(curl -sf -X POST "http://127.0.0.1:$FRONTEND_PORT/api/v1/keys/validate" -H 'Content-Type: application/json' -d "{\"key\":\"$KEY\"}")
[[ $SAMPLE == *'"code":"VALID"'* ]] || die "the key does not validate through the cluster: $SAMPLE"
run_wrk "client+2-silos" "$FRONTEND_PORT"

bench_title
awk '
  BEGIN {
    printf "| %-20s | %14s | %8s | %8s | %7s |\n", "target", "validations/s", "p50 ms", "p99 ms", "errors"
    printf "|%s|%s|%s|%s|%s|\n", "----------------------", "----------------", "----------", "----------", "---------"
  }
  { printf "| %-20s | %14.0f | %8.2f | %8.2f | %7d |\n", $1, $2, $3 / 1000, $4 / 1000, $5 }
' "$WORK/results"
