#!/usr/bin/env bash
# Builds VetrAI and runs it in the foreground on 127.0.0.1, its silo co-hosted,
# starting the servers it needs (PostgreSQL, s3rver, maildev, Redis, the
# Stripe and Twilio stand-ins) unless they are given. Ctrl-C or SIGTERM stops VetrAI gracefully, then those
# servers. Everything it starts is tied to it: none outlives it, not even
# when run.sh itself is killed with SIGKILL.
set -euo pipefail

invoked_from=$PWD
top=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
cd "$top"
# shellcheck source=scripts/lib/all.sh
source scripts/lib/all.sh

export_dotnet_defaults
export_data_dir "$top" "$invoked_from"
export VETRAI_HTTP_PORT=${VETRAI_HTTP_PORT:-8080}
# The co-hosted silo's ports: silo-to-silo, and gateway for Orleans clients.
export VETRAI_CLUSTER_PORT=${VETRAI_CLUSTER_PORT:-11111}
export VETRAI_GATEWAY_PORT=${VETRAI_GATEWAY_PORT:-30000}
ready_timeout=${VETRAI_READY_TIMEOUT:-180}
stop_timeout=${VETRAI_STOP_TIMEOUT:-90}
app_dir=$top/src/ApiFrontend/bin/Release/net10.0
app_dll=VetrAI.ApiFrontend.dll
# Pids of what we start, for the next run to stop if this one gets SIGKILL.
run_dir=$VETRAI_DATA_DIR/run
mkdir -p -- "$VETRAI_DATA_DIR/logs" "$run_dir"
# Before the traps: a run that finds the folder taken must not clean it up.
lock_data_dir

build_pid=''
app_pid=''
stop_requested=''
cleaning=''

# shellcheck disable=SC2317 # reached through the traps below
cleanup() {
  local rc=$?
  # Stop everything, even if one step fails.
  set +e
  cleaning=1
  if [[ -n $build_pid ]]; then stop_process "$build_pid" "the build" 30; fi
  if [[ -n $app_pid ]] && is_alive "$app_pid"; then
    stop_process "$app_pid" VetrAI "$stop_timeout"
  fi
  servers_stop
  rm -f -- "$run_dir"/*.pid
  exit "$rc"
}

# INT/TERM: ask VetrAI to stop; the main loop below waits for it. Before it
# runs there is nothing graceful to wait for, so just clean up.
# shellcheck disable=SC2317 # reached through the traps below
on_signal() {
  [[ -z $cleaning ]] || return 0
  stop_requested=1
  if [[ -z $app_pid ]]; then exit "$1"; fi
  kill -TERM "$app_pid" 2>/dev/null || true
}

trap cleanup EXIT
trap 'on_signal 130' INT
trap 'on_signal 143' TERM
# Whoever reads our output may be gone (a closed terminal, a killed parent):
# SIGPIPE would kill us without cleaning up; a failed write ends us through
# the EXIT trap instead.
trap '' PIPE

# What an earlier run killed with SIGKILL may have left running (its servers
# go with it, but one caught at the wrong moment could not) would hold ports.
stop_leftover "$run_dir/vetrai.pid" VetrAI "$app_dll"
servers_plan
servers_stop_leftovers

# Every port this run will listen on, checked before anything starts, and
# again after the build, which can take minutes.
port_checks=(
  VETRAI_HTTP_PORT "$VETRAI_HTTP_PORT" 1 "VetrAI's HTTP API"
  VETRAI_CLUSTER_PORT "$VETRAI_CLUSTER_PORT" 1 "the silo's silo-to-silo port"
)
# 0: a silo without a gateway (it takes no Orleans clients).
if [[ $VETRAI_GATEWAY_PORT != 0 ]]; then
  port_checks+=(VETRAI_GATEWAY_PORT "$VETRAI_GATEWAY_PORT" 1 "the silo's gateway port")
fi
servers_port_checks port_checks
ports_check "${port_checks[@]}" || exit 1

command -v dotnet >/dev/null 2>&1 || die "dotnet is not on PATH: install the .NET 10 SDK (see README.md)"
# VetrAI, and the servers built from this repository (the Stripe and Twilio stand-ins).
build_projects=(src/ApiFrontend)
servers_build_projects build_projects
log "building ${build_projects[*]} (Release)"
for project in "${build_projects[@]}"; do
  # In the background: on a fresh machine, installing PostgreSQL, Redis and the
  # npm tools meanwhile saves about a minute.
  spawn_tied -- dotnet build "$project" -c Release -nologo
  build_pid=$SPAWNED_PID
  if [[ $project == src/ApiFrontend ]]; then servers_install; fi
  build_rc=0
  wait "$build_pid" || build_rc=$?
  build_pid=''
  ((build_rc == 0)) || die "the build of $project failed (exit code $build_rc)"
done
[[ -f $app_dir/$app_dll ]] || die "the build did not produce $app_dir/$app_dll"

ports_check "${port_checks[@]}" || exit 1
servers_start

# From its output folder, so that it finds its appsettings*.json. Killed outright if
# this script dies without stopping it (SIGKILL): PostgreSQL and Redis go down at
# the same moment, so a graceful stop could save nothing and would only linger.
spawn_tied --signal KILL --dir "$app_dir" -- dotnet "$app_dll"
app_pid=$SPAWNED_PID
echo "$app_pid" >"$run_dir/vetrai.pid"
log "VetrAI: pid $app_pid, silo port $VETRAI_CLUSTER_PORT, gateway port $VETRAI_GATEWAY_PORT"

deadline=$((SECONDS + ready_timeout))
while [[ -z $stop_requested ]] && is_alive "$app_pid"; do
  if [[ $(http_status "$VETRAI_HTTP_PORT" /health/ready || true) == 200 ]]; then
    echo "VetrAI is ready at http://127.0.0.1:$VETRAI_HTTP_PORT (API docs: http://127.0.0.1:$VETRAI_HTTP_PORT/docs)"
    break
  fi
  if ((SECONDS >= deadline)); then
    log "timed out after ${ready_timeout}s waiting for GET http://127.0.0.1:$VETRAI_HTTP_PORT/health/ready to answer 200; stopping"
    exit 1
  fi
  sleep 0.5
done

# Wait for VetrAI to exit: by itself, or after on_signal sent it SIGTERM, in
# which case it gets stop_timeout seconds to persist its grains.
stop_deadline=''
while is_alive "$app_pid"; do
  if [[ -z $stop_requested ]]; then
    wait "$app_pid" || true # returns early when a signal arrives
  elif [[ -z $stop_deadline ]]; then
    stop_deadline=$((SECONDS + stop_timeout))
  elif ((SECONDS >= stop_deadline)); then
    log "VetrAI did not exit within ${stop_timeout}s of SIGTERM; killing it"
    kill -KILL "$app_pid" 2>/dev/null || true
    stop_deadline=$((SECONDS + 10))
  else
    sleep 0.2
  fi
done
app_rc=0
wait "$app_pid" || app_rc=$?
app_pid=''
if [[ -z $stop_requested ]]; then
  log "VetrAI exited by itself with code $app_rc; stopping the servers"
fi
exit "$app_rc"
