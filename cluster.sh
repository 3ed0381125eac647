#!/usr/bin/env bash
# Runs a local VetrAI cluster: N silo processes and one front end (an Orleans
# client without a silo of its own, finding the silos through Redis) on
# 127.0.0.1, plus the servers they need (PostgreSQL, s3rver, maildev, Redis
# and the Stripe and Twilio stand-ins, each unless the environment names one). Prints the
# front end's URL once it is ready. Ctrl-C or SIGTERM stops the front end, then the silos
# (each persists its grains), then the servers. Process ids go to
# $VETRAI_DATA_DIR/pids/. Everything it starts is tied to it: none outlives
# it, not even when cluster.sh itself is killed with SIGKILL.
#
#   ./cluster.sh 3
set -euo pipefail

invoked_from=$PWD
top=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
cd "$top"
# shellcheck source=scripts/lib/all.sh
source scripts/lib/all.sh

usage() {
  echo "usage: $0 N   (N silo processes, 1 to 16, and one front end)" >&2
  exit 2
}
[[ $# -eq 1 && $1 =~ ^[0-9]+$ ]] || usage
silo_count=$((10#$1))
((silo_count >= 1 && silo_count <= 16)) || usage

export_dotnet_defaults
export_data_dir "$top" "$invoked_from"
export VETRAI_HTTP_PORT=${VETRAI_HTTP_PORT:-8080}
export VETRAI_CLUSTER_ID=${VETRAI_CLUSTER_ID:-vetrai}
export VETRAI_ADVERTISED_ADDRESS=127.0.0.1
# Silo i gets the silo-to-silo port first_silo_port + i - 1 and the gateway
# port first_gateway_port + i - 1.
first_silo_port=${VETRAI_CLUSTER_PORT:-11111}
first_gateway_port=${VETRAI_GATEWAY_PORT:-30000}
ready_timeout=${VETRAI_READY_TIMEOUT:-180}
stop_timeout=${VETRAI_STOP_TIMEOUT:-90}
pid_dir=$VETRAI_DATA_DIR/pids
log_dir=$VETRAI_DATA_DIR/logs
silo_dir=$top/src/Silo/bin/Release/net10.0
frontend_dir=$top/src/ApiFrontend/bin/Release/net10.0
mkdir -p -- "$pid_dir" "$log_dir"
# Before the traps: a run that finds the folder taken must not clean it up.
lock_data_dir

build_pid=''
frontend_pid=''
silo_pids=()
stop_requested=''
cleaning=''
ready=''

# shellcheck disable=SC2317 # reached through the traps below
cleanup() {
  local rc=$?
  # Stop everything, even if one step fails.
  set +e
  cleaning=1
  if [[ -n $build_pid ]]; then stop_process "$build_pid" "the build" 30; fi
  if [[ -n $frontend_pid ]]; then stop_process "$frontend_pid" "the front end" "$stop_timeout"; fi
  # Silos stop one after the other: each hands its grains to the ones still running.
  local i
  for ((i = ${#silo_pids[@]} - 1; i >= 0; i--)); do
    stop_process "${silo_pids[i]}" "silo $((i + 1))" "$stop_timeout"
  done
  rm -f -- "$pid_dir"/silo-*.pid "$pid_dir"/frontend.pid
  servers_stop
  exit "$rc"
}

# A stop asked for once the cluster is ready is its normal end (exit 0, as run.sh); a signal
# during start-up ends with 128 + the signal's number.
# shellcheck disable=SC2317 # reached through the traps below
on_signal() {
  [[ -z $cleaning ]] || return 0
  stop_requested=1
  if [[ -n $ready ]]; then exit 0; fi
  exit "$1"
}

trap cleanup EXIT
trap 'on_signal 130' INT
trap 'on_signal 143' TERM

# What an earlier run killed with SIGKILL may have left running (its processes
# go with it, but one caught at the wrong moment could not) would hold ports.
for pid_file in "$pid_dir"/silo-*.pid; do
  [[ -e $pid_file ]] || continue
  name=${pid_file##*/}
  stop_leftover "$pid_file" "${name%.pid}" VetrAI.Silo.dll
done
stop_leftover "$pid_dir/frontend.pid" "the front end" VetrAI.ApiFrontend.dll
servers_plan
servers_stop_leftovers

# Every port the cluster will listen on, checked before anything starts, and
# again after the build. The front end hosts no silo: it needs no silo ports.
port_checks=(
  VETRAI_HTTP_PORT "$VETRAI_HTTP_PORT" 1 "the front end's HTTP API"
  VETRAI_CLUSTER_PORT "$first_silo_port" "$silo_count" "silo-to-silo port of silo"
  VETRAI_GATEWAY_PORT "$first_gateway_port" "$silo_count" "gateway port of silo"
)
servers_port_checks port_checks
ports_check "${port_checks[@]}" || exit 1
first_silo_port=$((10#$first_silo_port)) first_gateway_port=$((10#$first_gateway_port))

command -v dotnet >/dev/null 2>&1 || die "dotnet is not on PATH: install the .NET 10 SDK (see README.md)"
# The cluster, and the servers built from this repository (the Stripe and Twilio stand-ins).
build_projects=(src/Silo src/ApiFrontend)
servers_build_projects build_projects
log "building ${build_projects[*]} (Release)"
for project in "${build_projects[@]}"; do
  spawn_tied -- dotnet build "$project" -c Release -nologo -v quiet
  build_pid=$SPAWNED_PID
  # Installing the servers meanwhile saves about a minute on a fresh machine.
  if [[ $project == src/Silo ]]; then servers_install; fi
  build_rc=0
  wait "$build_pid" || build_rc=$?
  build_pid=''
  ((build_rc == 0)) || die "the build of $project failed (exit code $build_rc)"
done

ports_check "${port_checks[@]}" || exit 1
servers_start

for ((i = 1; i <= silo_count; i++)); do
  silo_port=$((first_silo_port + i - 1))
  gateway_port=$((first_gateway_port + i - 1))
  : >"$log_dir/silo-$i.log"
  # KILL if this script dies without stopping it: the servers go down with it (see run.sh).
  spawn_tied --signal KILL --dir "$silo_dir" --log "$log_dir/silo-$i.log" -- \
    env VETRAI_CLUSTER_PORT="$silo_port" VETRAI_GATEWAY_PORT="$gateway_port" dotnet VetrAI.Silo.dll
  silo_pids+=("$SPAWNED_PID")
  echo "$SPAWNED_PID" >"$pid_dir/silo-$i.pid"
  log "silo $i: pid $SPAWNED_PID, silo port $silo_port, gateway port $gateway_port, log $log_dir/silo-$i.log"
done

# A client of the cluster: it finds the silos' gateways in Redis.
: >"$log_dir/frontend.log"
spawn_tied --signal KILL --dir "$frontend_dir" --log "$log_dir/frontend.log" -- \
  env -u VETRAI_CLUSTER_PORT -u VETRAI_GATEWAY_PORT VETRAI_HOST_SILO=false dotnet VetrAI.ApiFrontend.dll
frontend_pid=$SPAWNED_PID
echo "$frontend_pid" >"$pid_dir/frontend.pid"
log "front end: pid $frontend_pid, log $log_dir/frontend.log"

# Ready when the front end sees an active silo and every silo is still running.
deadline=$((SECONDS + ready_timeout))
until [[ $(http_status "$VETRAI_HTTP_PORT" /health/ready || true) == 200 ]]; do
  for ((i = 0; i < silo_count; i++)); do
    is_alive "${silo_pids[i]}" || { tail -n 30 "$log_dir/silo-$((i + 1)).log" >&2; die "silo $((i + 1)) exited during start"; }
  done
  is_alive "$frontend_pid" || { tail -n 30 "$log_dir/frontend.log" >&2; die "the front end exited during start"; }
  ((SECONDS < deadline)) || die "the cluster was not ready within ${ready_timeout}s"
  sleep 0.5
done
echo "VetrAI cluster of $silo_count silo(s) is ready at http://127.0.0.1:$VETRAI_HTTP_PORT (API docs: http://127.0.0.1:$VETRAI_HTTP_PORT/docs)"
ready=1

# Stay in the foreground until a signal arrives or the front end exits by itself.
# A silo that exits is reported once; the others take over its grains.
reported=' '
while [[ -z $stop_requested ]]; do
  for ((i = 0; i < silo_count; i++)); do
    if [[ $reported != *" $i "* ]] && ! is_alive "${silo_pids[i]}"; then
      log "silo $((i + 1)) (pid ${silo_pids[i]}) exited; see $log_dir/silo-$((i + 1)).log"
      reported+="$i "
    fi
  done
  if ! is_alive "$frontend_pid"; then
    log "the front end exited by itself; stopping the cluster"
    exit 1
  fi
  sleep 1
done
