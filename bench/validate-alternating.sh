#!/usr/bin/env bash
# API-key validation on several builds of the front end at once (bench/README.md): each given repository
# root (this one, a git worktree of another commit, e.g. the old runtime's) has its src/ApiFrontend built
# (Release) and started in one process with a database of its own; then wrk runs short rounds against
# them in turn, so that every build sees the same moments of a shared machine's load. One line per round
# (with the CPU time the build's process used per validation), then the means of each and its ratio to
# the first build round by round, with that ratio's standard error. A ROOT written
# ROOT@otel is that build started with OpenTelemetry export on (OTEL_EXPORTER_OTLP_ENDPOINT to a sink of
# this script that accepts and discards OTLP/HTTP, the default sampling), so tracing on and off meet the
# same load; ROOT@traces and ROOT@metrics turn on one signal only.
#
# Each build is warmed up (-w, 60 s by default) before the first round: under this load the JIT is still
# tiering code up a minute in, more so in a build with more code on its path (bench/README.md, "Tracing on
# and off"), and that is start-up cost, not the steady state a long-running front end is in.
#
#   bench/validate-alternating.sh [-r ROUNDS] [-s SECONDS] [-w WARMUP_SECONDS] ROOT[@otel|@traces|@metrics]...
#   bench/validate-alternating.sh -r 6 -s 5 . /tmp/oldrt
#   bench/validate-alternating.sh -r 24 -s 5 . .@otel     # tracing off vs on
set -euo pipefail
roots=() labels=() traced=()
rounds=6 seconds=5 warmup=60
while (($# > 0)); do
  case $1 in
    -r) rounds=$2 && shift 2 ;;
    -s) seconds=$2 && shift 2 ;;
    -w) warmup=$2 && shift 2 ;;
    *)
      labels+=("$1")
      if [[ $1 =~ ^(.*)@(otel|traces|metrics)$ ]]; then
        traced+=("${BASH_REMATCH[2]}") && roots+=("$(realpath -- "${BASH_REMATCH[1]}")")
      else
        traced+=(off) && roots+=("$(realpath -- "$1")")
      fi
      shift
      ;;
  esac
done
cd "$(dirname -- "${BASH_SOURCE[0]}")/.."
# shellcheck source=../scripts/lib/all.sh
source scripts/lib/all.sh
WARMUP=$warmup
# shellcheck source=lib.sh
source bench/lib.sh
if ((${#roots[@]} == 0)) || ! [[ $rounds =~ ^[1-9][0-9]*$ && $seconds =~ ^[1-9][0-9]*$ && $warmup =~ ^[1-9][0-9]*$ ]]; then
  die "usage: $0 [-r ROUNDS] [-s SECONDS] [-w WARMUP_SECONDS] ROOT[@otel|@traces|@metrics]..."
fi

bench_setup alternating
bench_wrk
for root in "${roots[@]}"; do bench_build "$root/src/ApiFrontend"; done
bench_postgres
bench_redis
if [[ " ${traced[*]} " =~ \ (otel|traces|metrics)\  ]]; then
  # The OTLP endpoint of the traced builds: answers every POST 200 with an empty (successful) body.
  free_port SINK_PORT
  start "OTLP sink" "$WORK/sink.log" python3 -c '
import http.server, sys
class Sink(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200); self.send_header("Content-Length", "0"); self.end_headers()
    def log_message(self, *args): pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Sink).serve_forever()' "$SINK_PORT"
  wait_for_port "$SINK_PORT" 30 "OTLP sink" "$LAST_PID" "$WORK/sink.log"
fi
ports=() keys=() pids=()
for i in "${!roots[@]}"; do
  root=${roots[i]}
  pg_createdb "$PG_PORT" "alternating_$i"
  free_port HTTP_PORT
  # Builds on Orleans co-host a silo (Redis membership, a cluster of their own); the runtime before them
  # needs no more than the database.
  orleans=()
  if [[ -f $root/scripts/lib/redis.sh ]]; then
    free_port SILO_PORT
    free_port GATEWAY_PORT
    orleans=(VETRAI_REDIS_URL="$VETRAI_REDIS_URL" VETRAI_CLUSTER_ID="alternating-$i"
      VETRAI_CLUSTER_PORT="$SILO_PORT" VETRAI_GATEWAY_PORT="$GATEWAY_PORT")
  fi
  otel=()
  case ${traced[i]} in
    otel) otel=(OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$SINK_PORT") ;;
    traces) otel=(OTEL_EXPORTER_OTLP_TRACES_ENDPOINT="http://127.0.0.1:$SINK_PORT/v1/traces") ;;
    metrics) otel=(OTEL_EXPORTER_OTLP_METRICS_ENDPOINT="http://127.0.0.1:$SINK_PORT/v1/metrics") ;;
  esac
  ((${#otel[@]} == 0)) || otel+=(OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf)
  start "build $i (${labels[i]})" "$WORK/build-$i.log" env "${orleans[@]}" "${otel[@]}" VETRAI_HTTP_PORT="$HTTP_PORT" \
    VETRAI_DATABASE_URL="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=alternating_$i" \
    VETRAI_DATA_DIR="$WORK/data-$i" ASPNETCORE_ENVIRONMENT=Production \
    VETRAI_BOOTSTRAP_ADMIN_EMAIL=bench-admin@vetrai.test VETRAI_BOOTSTRAP_ADMIN_PASSWORD=bench-password-1 \
    dotnet "$root/src/ApiFrontend/bin/Release/net10.0/VetrAI.ApiFrontend.dll"
  wait_for_port "$HTTP_PORT" 120 "build $i" "$LAST_PID" "$WORK/build-$i.log"
  pids+=("$LAST_PID")
  wait_ready "$HTTP_PORT" "build $i"
  bench_key "http://127.0.0.1:$HTTP_PORT/api/v1" bench-admin@vetrai.test bench-password-1
  ports+=("$HTTP_PORT") keys+=("$KEY")
done

url() { echo "http://127.0.0.1:${ports[$1]}/api/v1/keys/validate"; }
# CPU time (user + system, clock ticks) the process of build $1 has used so far.
cpu_ticks() { sed 's/.*) //' "/proc/${pids[$1]}/stat" | awk '{ print $12 + $13 }'; }
ticks_per_second=$(getconf CLK_TCK)
for i in "${!roots[@]}"; do
  VETRAI_BENCH_KEY=${keys[i]} wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -s bench/wrk/validate.lua "$(url "$i")" >/dev/null
done
echo "wrk -t$THREADS -c$CONNECTIONS, $seconds s rounds after a $WARMUP s warm-up each; load average at start $LOAD_AT_START"
echo "| round | build | load | validations/s | p50 ms | p99 ms | errors | CPU µs/validation |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|"
for ((round = 1; round <= rounds; round++)); do
  for i in "${!roots[@]}"; do
    load=$(cut -d' ' -f1 /proc/loadavg)
    before=$(cpu_ticks "$i")
    line=$(VETRAI_BENCH_KEY=${keys[i]} wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --timeout 10s \
      -s bench/wrk/validate.lua "$(url "$i")" | grep '^RESULT')
    after=$(cpu_ticks "$i")
    [[ $line =~ rps=([0-9.]+)\ p50_us=([0-9]+)\ p90_us=[0-9]+\ p99_us=([0-9]+)\ errors=([0-9]+) ]] || die "unexpected wrk output: $line"
    # The server's own CPU time per validation: the machine's other load moves throughput far more than it
    # moves this, so it shows a build's cost with less noise (bench/README.md, "Tracing on and off").
    cpu_us=$(awk -v t="$((after - before))" -v hz="$ticks_per_second" -v rps="${BASH_REMATCH[1]}" -v s="$seconds" \
      'BEGIN { printf "%.2f", t / hz * 1e6 / (rps * s) }')
    awk -v r="$round" -v b="${labels[i]}" -v l="$load" -v rps="${BASH_REMATCH[1]}" -v p50="${BASH_REMATCH[2]}" \
      -v p99="${BASH_REMATCH[3]}" -v e="${BASH_REMATCH[4]}" -v c="$cpu_us" \
      'BEGIN { printf "| %d | %s | %s | %.0f | %.2f | %.2f | %d | %s |\n", r, b, l, rps, p50 / 1000, p99 / 1000, e, c }'
    echo "${labels[i]} ${BASH_REMATCH[1]} $cpu_us" >>"$WORK/rounds"
  done
done
echo
# Means of each build, and its ratio to the first build round by round (each round against the first build's
# round next to it, so that both met the same moment of the machine's load), with that ratio's standard error.
echo "| build | mean validations/s | vs the first | paired, mean +- s.e. | mean CPU µs/validation | vs the first | paired, mean +- s.e. |"
echo "|---|---:|---:|---:|---:|---:|---:|"
awk '{
    if (!($1 in n)) { order[++k] = $1; n[$1] = 0 }
    r = ++n[$1]; rps[$1, r] = $2; cpu[$1, r] = $3
  }
  function se(squares, count, mean) { return count > 1 ? sqrt((squares - count * mean * mean) / (count - 1) / count) : 0 }
  END {
    for (j = 1; j <= k; j++) {
      b = order[j]; m = 0; c = 0; sx = 0; qx = 0; sy = 0; qy = 0
      for (r = 1; r <= n[b]; r++) {
        m += rps[b, r]; c += cpu[b, r]
        x = rps[b, r] / rps[order[1], r]; y = cpu[b, r] / cpu[order[1], r]
        sx += x; qx += x * x; sy += y; qy += y * y
      }
      m /= n[b]; c /= n[b]; mx = sx / n[b]; my = sy / n[b]
      if (j == 1) { first = m; firstc = c }
      printf "| %s | %.0f | %.1f%% | %.1f%% +- %.1f | %.2f | %.1f%% | %.1f%% +- %.1f |\n", b, m, 100 * m / first,
        100 * mx, 100 * se(qx, n[b], mx), c, 100 * c / firstc, 100 * my, 100 * se(qy, n[b], my)
    }
  }' "$WORK/rounds"
