# shellcheck shell=bash
# What the benchmark scripts share: settings, a work folder cleaned up on exit, wrk, a throw-away
# PostgreSQL and Redis, background servers tied to the script, the benchmark key, and the wrk run itself.
# Sourced from the repository root after scripts/lib/all.sh.

DURATION=${BENCH_DURATION:-20}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 UseSharedCompilation=false DOTNET_NOLOGO=1

# bench_setup NAME: makes $WORK (removed on exit with every server started).
bench_setup() {
  LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)
  WORK=$(mktemp -d "/tmp/vetrai-$1.XXXXXX")
  # The postgres user has to enter it to reach its cluster.
  chmod 755 "$WORK"
  PIDS=()
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
}

# shellcheck disable=SC2317 # reached through the EXIT trap
bench_cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do stop_process "$pid" "benchmark process" 60; done
  redis_stop || true
  pg_stop "$WORK/pg" || true
  rm -rf "$WORK"
}

# bench_wrk: installs Debian's wrk if it is missing.
bench_wrk() {
  command -v wrk >/dev/null && return 0
  ((EUID == 0)) || die "wrk is missing; install it with: sudo apt-get install wrk"
  log "installing wrk from Debian"
  apt_install wrk || die "apt-get could not install wrk"
}

# bench_build PROJECT...: Release builds, the log shown only on failure.
bench_build() {
  log "building (Release)"
  local project
  for project in "$@"; do
    dotnet build -c Release -v q -nologo "$project" >>"$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log"; die "build of $project failed"; }
  done
}

# bench_postgres: a PostgreSQL of its own under $WORK; its connection string in DB.
# synchronous_commit=off spares the per-request baseline a WAL flush per update (the benefit of the
# doubt); VetrAI's own writes (usage flushes) are rare and unaffected either way.
bench_postgres() {
  pg_ensure_installed
  pg_init "$WORK/pg"
  free_port PG_PORT
  pg_start "$WORK/pg" "$PG_PORT" -c synchronous_commit=off -c max_connections=200
  pg_createdb "$PG_PORT" vetrai_bench
  # shellcheck disable=SC2034 # read by the benchmark scripts
  DB="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=vetrai_bench"
}

# bench_redis: a Redis of its own (Orleans' cluster membership, nothing persisted) on a free port;
# exports VETRAI_REDIS_URL.
bench_redis() {
  redis_ensure_installed
  free_port REDIS_PORT
  redis_start "$REDIS_PORT" "$WORK/redis.log" || die "Redis did not start; see $WORK/redis.log"
  export VETRAI_REDIS_URL=127.0.0.1:$REDIS_PORT
}

# start NAME LOG COMMAND...: starts a server in the background, tied to this script (it goes when the
# script goes, even on SIGKILL); its pid in LAST_PID.
start() {
  local name=$1 logfile=$2
  shift 2
  spawn_tied --log "$logfile" -- "$@"
  LAST_PID=$SPAWNED_PID
  PIDS+=("$LAST_PID")
  log "started $name (pid $LAST_PID)"
}

# wait_ready PORT WHAT: until GET /health/ready answers 200.
wait_ready() {
  wait_until 180 "$2 to be ready" bash -c "[[ \$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:$1/health/ready) == 200 ]]"
}

json_field() { # json_field NAME < body: the first string value of "NAME"
  grep -o "\"$1\":\"[^\"]*\"" | head -1 | cut -d'"' -f4
}

# bench_key API EMAIL PASSWORD: signs in as the super admin, creates an enterprise organization and a
# key whose own limit the run cannot reach (every answer VALID: the full path is measured, not an
# early rejection); exports it as VETRAI_BENCH_KEY for bench/wrk/validate.lua.
bench_key() {
  local api=$1 token org
  token=$(curl -sf -X POST "$api/login" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$2\",\"password\":\"$3\"}" | json_field access_token)
  [[ -n $token ]] || die "could not sign in as the bootstrapped super admin"
  org=$(curl -sf -X POST "$api/organizations" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d '{"name":"Bench","plan":"enterprise"}' | json_field id)
  [[ -n $org ]] || die "could not create the benchmark organization"
  KEY=$(curl -sf -X POST "$api/keys" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"name\":\"bench\",\"organization_id\":\"$org\",\"rate_limit\":{\"limit\":1000000,\"window_seconds\":1}}" | json_field key)
  [[ $KEY == vetrai_* ]] || die "could not create the benchmark key"
  export VETRAI_BENCH_KEY=$KEY
}

# run_wrk NAME PORT: warm-up, then the measured run; appends "NAME rps p50_us p99_us errors" to $WORK/results.
run_wrk() {
  local name=$1 url="http://127.0.0.1:$2/api/v1/keys/validate" line
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -s bench/wrk/validate.lua "$url" >/dev/null
  line=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s bench/wrk/validate.lua "$url" | grep '^RESULT')
  log "$name: $line"
  [[ $line =~ rps=([0-9.]+)\ p50_us=([0-9]+)\ p90_us=([0-9]+)\ p99_us=([0-9]+)\ errors=([0-9]+) ]] || die "unexpected wrk output: $line"
  printf '%s %s %s %s %s\n' "$name" "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}" "${BASH_REMATCH[4]}" "${BASH_REMATCH[5]}" >>"$WORK/results"
}

# bench_title: the line above a results table: what ran, on what, under what load.
bench_title() {
  echo
  echo "POST /api/v1/keys/validate, wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s (after ${WARMUP}s warm-up), $(nproc) cores; load average at start $LOAD_AT_START, at end $(cut -d' ' -f1-3 /proc/loadavg)"
}
