#!/usr/bin/env bash
# Runs a local VetrAI cluster: N silo processes and one front end (a cluster
# client without a silo of its own) on 127.0.0.1, plus the servers they need
# (PostgreSQL unless VETRAI_DATABASE_URL is given, s3rver and maildev unless
# their endpoints are given). Prints the front end's URL once it is ready.
# Ctrl-C or SIGTERM stops the front end, then the silos (each persists its
# grains), then the servers. Process ids go to $VETRAI_DATA_DIR/pids/.
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
silo_count=$1
((silo_count >= 1 && silo_count <= 16)) || usage

export_dotnet_defaults
export_data_dir "$top" "$invoked_from"
export VETRAI_HTTP_PORT=${VETRAI_HTTP_PORT:-8080}
export VETRAI_CLUSTER_ID=${VETRAI_CLUSTER_ID:-vetrai}
export VETRAI_ADVERTISED_ADDRESS=127.0.0.1
first_cluster_port=${VETRAI_CLUSTER_PORT:-11111}
ready_timeout=${VETRAI_READY_TIMEOUT:-180}
stop_timeout=${VETRAI_STOP_TIMEOUT:-90}
pid_dir=$VETRAI_DATA_DIR/pids
log_dir=$VETRAI_DATA_DIR/logs
silo_dir=$top/src/Silo/bin/Release/net10.0
frontend_dir=$top/src/ApiFrontend/bin/Release/net10.0

pg_dir=''
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
  if [[ -n $frontend_pid ]]; then stop_process "$frontend_pid" "the front end" "$stop_timeout"; fi
  # Silos stop one after the other: each hands its grains to the ones still running.
  local i
  for ((i = ${#silo_pids[@]} - 1; i >= 0; i--)); do
    stop_process "${silo_pids[i]}" "silo $((i + 1))" "$stop_timeout"
  done
  rm -f -- "$pid_dir"/silo-*.pid "$pid_dir"/frontend.pid
  maildev_stop
  s3rver_stop
  if [[ -n $pg_dir ]]; then pg_stop "$pg_dir"; fi
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

command -v dotnet >/dev/null 2>&1 || die "dotnet is not on PATH: install the .NET 10 SDK (see README.md)"
log "building src/Silo and src/ApiFrontend (Release)"
dotnet build src/Silo -c Release -nologo -v quiet
dotnet build src/ApiFrontend -c Release -nologo -v quiet

mkdir -p -- "$pid_dir" "$log_dir"

if [[ -z ${VETRAI_DATABASE_URL:-} ]]; then
  pg_port=${VETRAI_PG_PORT:-55432}
  pg_ensure_installed
  pg_init "$VETRAI_DATA_DIR/postgres"
  pg_dir=$VETRAI_DATA_DIR/postgres
  pg_start "$pg_dir" "$pg_port"
  pg_createdb "$pg_port" vetrai
  export VETRAI_DATABASE_URL="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=vetrai"
  log "PostgreSQL on 127.0.0.1:$pg_port"
fi

if [[ -z ${VETRAI_S3_ENDPOINT:-} || -z ${VETRAI_SMTP_HOST:-} ]]; then
  node_tools_install
fi
if [[ -z ${VETRAI_S3_ENDPOINT:-} ]]; then
  s3_port=${VETRAI_S3_PORT:-59000}
  s3rver_start "$VETRAI_DATA_DIR/s3" "$s3_port" "$log_dir/s3rver.log"
  export VETRAI_S3_ENDPOINT=http://127.0.0.1:$s3_port VETRAI_S3_ACCESS_KEY=S3RVER VETRAI_S3_SECRET_KEY=S3RVER
fi
if [[ -z ${VETRAI_SMTP_HOST:-} ]]; then
  smtp_port=${VETRAI_SMTP_PORT:-51025}
  maildev_start "$smtp_port" "${VETRAI_MAILDEV_WEB_PORT:-51080}" "$log_dir/maildev.log"
  export VETRAI_SMTP_HOST=127.0.0.1 VETRAI_SMTP_PORT=$smtp_port
fi

# Every member must present the same secret; a local cluster keeps one under the data dir.
if [[ -z ${VETRAI_CLUSTER_SECRET:-} ]]; then
  secret_file=$VETRAI_DATA_DIR/cluster-secret
  [[ -s $secret_file ]] || (umask 077 && head -c 32 /dev/urandom | base64 >"$secret_file")
  VETRAI_CLUSTER_SECRET=$(<"$secret_file")
  export VETRAI_CLUSTER_SECRET
fi

for ((i = 1; i <= silo_count; i++)); do
  port=$((first_cluster_port + i - 1))
  port_in_use "$port" && die "cluster port $port is taken: set VETRAI_CLUSTER_PORT to the first of $silo_count free ports"
  (cd "$silo_dir" && VETRAI_CLUSTER_PORT=$port exec dotnet VetrAI.Silo.dll) </dev/null >"$log_dir/silo-$i.log" 2>&1 &
  silo_pids+=("$!")
  echo "$!" >"$pid_dir/silo-$i.pid"
  log "silo $i: pid $!, cluster port $port, log $log_dir/silo-$i.log"
done

(cd "$frontend_dir" && VETRAI_HOST_SILO=false exec dotnet VetrAI.ApiFrontend.dll) </dev/null >"$log_dir/frontend.log" 2>&1 &
frontend_pid=$!
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
