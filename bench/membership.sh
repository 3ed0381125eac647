#!/usr/bin/env bash
# Failure detection under load: for each membership configuration, a fresh cluster of three silo processes
# and a client-only front end under bench/wrk/validate.lua; one silo at a time is killed with SIGKILL and
# the time until its entry in the Redis membership hash reads Status 6 (Dead) is measured (polled every
# 50 ms), then a new silo takes its place. Counts the suspicions recorded against silos that were never
# killed and wrk's errors over the whole run; prints a table.
#
#   bench/membership.sh                        # 3 kills per configuration
#   BENCH_KILLS=5 BENCH_CONNECTIONS=64 bench/membership.sh
set -euo pipefail
cd "$(dirname -- "${BASH_SOURCE[0]}")/.."
# shellcheck source=../scripts/lib/all.sh
source scripts/lib/all.sh
# shellcheck source=lib.sh
source bench/lib.sh

KILLS=${BENCH_KILLS:-3}
SETTLE=${BENCH_SETTLE:-5}
# name probe-timeout-ms missed-probes death-votes ("-": VetrAI's defaults, nothing set)
CONFIGS=(
  "orleans-defaults 5000 3 2"
  "vetrai-production - - -"
  "tests 1000 2 2"
)

bench_setup membership-bench
bench_wrk
bench_build src/ApiFrontend src/Silo
bench_postgres
bench_redis
export VETRAI_DATABASE_URL=$DB VETRAI_ADVERTISED_ADDRESS=127.0.0.1
export VETRAI_DATA_DIR=$WORK/data VETRAI_JWT_SIGNING_KEY=bench-signing-key-with-enough-bytes-0123456789
export VETRAI_BOOTSTRAP_ADMIN_EMAIL=bench-admin@vetrai.test VETRAI_BOOTSTRAP_ADMIN_PASSWORD=bench-password-1
export Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production

rcli() { redis-cli -p "$REDIS_PORT" --raw "$@"; }

# member_json PORT: the membership entry (JSON) of the silo on that port, empty if none.
member_json() {
  rcli HGETALL "$MEMBERS" | awk -v port="$1" '
    NR % 2 == 1 { field = $0; next }
    field ~ (":" port "([^0-9]|$)") { print; exit }'
}

# member_status PORT: its Status as stored (6 or "Dead" once declared dead).
member_status() {
  member_json "$1" | jq -r '.Status // empty' 2>/dev/null || true
}

active_count() {
  rcli HVALS "$MEMBERS" | jq -r 'select(type == "object") | .Status | tostring' 2>/dev/null | grep -cxE '3|Active' || true
}

# start_silo CONFIG...: a silo with the membership settings; its port appended to LIVE_PORTS, pid to LIVE_PIDS.
start_silo() {
  local probe=$1 missed=$2 votes=$3 settings=()
  [[ $probe == - ]] || settings+=(VETRAI_MEMBERSHIP_PROBE_TIMEOUT="$probe")
  [[ $missed == - ]] || settings+=(VETRAI_MEMBERSHIP_MISSED_PROBES="$missed")
  [[ $votes == - ]] || settings+=(VETRAI_MEMBERSHIP_DEATH_VOTES="$votes")
  free_port SILO_PORT
  free_port GATEWAY_PORT
  SILO_N=$((SILO_N + 1))
  start "silo-$SILO_N" "$WORK/$CLUSTER-silo-$SILO_N.log" env "${settings[@]}" VETRAI_CLUSTER_ID="$CLUSTER" \
    VETRAI_CLUSTER_PORT="$SILO_PORT" VETRAI_GATEWAY_PORT="$GATEWAY_PORT" dotnet src/Silo/bin/Release/net10.0/VetrAI.Silo.dll
  LIVE_PORTS+=("$SILO_PORT")
  LIVE_PIDS+=("$LAST_PID")
  ALL_PORTS+=("$SILO_PORT")
}

all_active() { [[ $(active_count) -ge 3 ]]; }

: >"$WORK/results"
SILO_N=0
for config in "${CONFIGS[@]}"; do
  read -r name probe missed votes <<<"$config"
  CLUSTER=bench-membership-$name
  MEMBERS="vetrai/members/$CLUSTER"
  LIVE_PORTS=() LIVE_PIDS=() ALL_PORTS=() KILLED_PORTS=()
  log "--- $name (probe timeout $probe ms, missed probes $missed, death votes $votes)"
  for _ in 1 2 3; do start_silo "$probe" "$missed" "$votes"; done
  free_port FRONTEND_PORT
  start "$name-frontend" "$WORK/$name-frontend.log" env -u VETRAI_CLUSTER_PORT -u VETRAI_GATEWAY_PORT \
    VETRAI_HTTP_PORT="$FRONTEND_PORT" VETRAI_CLUSTER_ID="$CLUSTER" VETRAI_HOST_SILO=false \
    dotnet src/ApiFrontend/bin/Release/net10.0/VetrAI.ApiFrontend.dll
  FRONTEND_PID=$LAST_PID
  wait_for_port "$FRONTEND_PORT" 180 "$name front end" "$FRONTEND_PID" "$WORK/$name-frontend.log"
  wait_ready "$FRONTEND_PORT" "$name front end"
  wait_until 180 "3 active silos in $MEMBERS" all_active || die "the cluster did not form; see $WORK"
  [[ -n ${KEY:-} ]] || bench_key "http://127.0.0.1:$FRONTEND_PORT/api/v1" "$VETRAI_BOOTSTRAP_ADMIN_EMAIL" "$VETRAI_BOOTSTRAP_ADMIN_PASSWORD"
  SAMPLE=$(curl -sf -X POST "http://127.0.0.1:$FRONTEND_PORT/api/v1/keys/validate" -H 'Content-Type: application/json' -d "{\"key\":\"$KEY\"}")
  [[ $SAMPLE == *'"code":"VALID"'* ]] || die "the key does not validate through the cluster: $SAMPLE"
  rcli HGETALL "$MEMBERS" >"$WORK/$name-members-start.txt"

  # Load for the whole run; SIGINT makes wrk stop and print its summary.
  spawn_tied --log "$WORK/$name-wrk.log" -- wrk -t"$THREADS" -c"$CONNECTIONS" -d3600s --timeout 10s \
    -s bench/wrk/validate.lua "http://127.0.0.1:$FRONTEND_PORT/api/v1/keys/validate"
  WRK_PID=$SPAWNED_PID
  PIDS+=("$WRK_PID")
  sleep "$SETTLE"

  times=()
  for ((k = 1; k <= KILLS; k++)); do
    victim_port=${LIVE_PORTS[0]} victim_pid=${LIVE_PIDS[0]}
    LIVE_PORTS=("${LIVE_PORTS[@]:1}") LIVE_PIDS=("${LIVE_PIDS[@]:1}")
    KILLED_PORTS+=("$victim_port")
    t0=$EPOCHREALTIME
    kill -KILL "$victim_pid"
    dead=''
    while [[ -z $dead ]]; do
      case $(member_status "$victim_port") in 6 | Dead) dead=$EPOCHREALTIME ;; esac
      [[ -n $dead ]] || sleep 0.05
      if [[ -z $dead ]] && (($(date +%s) - ${t0%.*} > 180)); then die "silo on port $victim_port not declared dead after 180 s"; fi
    done
    wait "$victim_pid" 2>/dev/null || true
    ms=$(awk -v a="$t0" -v b="$dead" 'BEGIN { printf "%.0f", (b - a) * 1000 }')
    times+=("$ms")
    log "$name kill $k: silo on port $victim_port declared dead after $ms ms"
    start_silo "$probe" "$missed" "$votes"
    wait_until 180 "the replacement silo to be active" all_active || die "the replacement silo did not join; see $WORK"
    sleep "$SETTLE"
  done

  kill -INT "$WRK_PID"
  wait "$WRK_PID" 2>/dev/null || true
  wrk_line=$(grep '^RESULT' "$WORK/$name-wrk.log") || die "wrk printed no summary; see $WORK/$name-wrk.log"
  [[ $wrk_line =~ requests=([0-9]+).*rps=([0-9.]+).*errors=([0-9]+) ]] || die "unexpected wrk output: $wrk_line"
  requests=${BASH_REMATCH[1]} rps=${BASH_REMATCH[2]} errors=${BASH_REMATCH[3]}

  # Suspicions recorded against silos that were never killed.
  rcli HGETALL "$MEMBERS" >"$WORK/$name-members-end.txt"
  healthy_suspicions=0
  for port in "${ALL_PORTS[@]}"; do
    [[ " ${KILLED_PORTS[*]} " == *" $port "* ]] && continue
    n=$(member_json "$port" | jq -r '(.SuspectTimes // []) | length')
    healthy_suspicions=$((healthy_suspicions + ${n:-0}))
  done
  sorted=$(printf '%s\n' "${times[@]}" | sort -n | paste -sd' ')
  log "$name: detection ms $sorted; healthy suspicions $healthy_suspicions; wrk $wrk_line"
  printf '%s %s %s %s %s %s %s %s %s\n' "$name" "$probe" "$missed" "$votes" "$healthy_suspicions" "$requests" "$rps" "$errors" "$sorted" >>"$WORK/results"

  for pid in "${LIVE_PIDS[@]}" "$FRONTEND_PID"; do stop_process "$pid" "benchmark process" 60; done
done

echo
echo "Membership failure detection: 3 silos + client-only front end, wrk -t$THREADS -c$CONNECTIONS validate.lua throughout, $KILLS SIGKILLs per configuration, $(nproc) cores; load average at start $LOAD_AT_START, at end $(cut -d' ' -f1-3 /proc/loadavg)"
awk '
  BEGIN {
    printf "| %-18s | %-18s | %11s | %9s | %-22s | %19s | %13s | %13s |\n", "configuration", "probe x missed", "median ms", "worst ms", "each kill (ms)", "healthy suspicions", "validations/s", "wrk errors"
    printf "|%s|%s|%s|%s|%s|%s|%s|%s|\n", "--------------------", "--------------------", "-------------", "-----------", "------------------------", "---------------------", "---------------", "---------------"
  }
  {
    n = NF - 8
    for (i = 1; i <= n; i++) t[i] = $(8 + i)
    median = (n % 2) ? t[(n + 1) / 2] : (t[n / 2] + t[n / 2 + 1]) / 2
    each = t[1]; for (i = 2; i <= n; i++) each = each ", " t[i]
    p = ($2 == "-") ? "2000 x 3 (default)" : $2 " x " $3
    printf "| %-18s | %-18s | %11.0f | %9d | %-22s | %19d | %13.0f | %13s |\n", $1, p, median, t[n], each, $5, $7, $8 " / " $6
  }
' "$WORK/results"
