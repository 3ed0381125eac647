#!/usr/bin/env bash
# Builds VetrAI and runs it in the foreground on 127.0.0.1, starting the
# servers it needs (PostgreSQL, s3rver, maildev) unless they are given.
# Ctrl-C or SIGTERM stops VetrAI gracefully, then those servers.
set -euo pipefail

invoked_from=$PWD
top=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
cd "$top"
# shellcheck source=scripts/lib/all.sh
source scripts/lib/all.sh

export_dotnet_defaults
export_data_dir "$top" "$invoked_from"
export VETRAI_HTTP_PORT=${VETRAI_HTTP_PORT:-8080}
ready_timeout=${VETRAI_READY_TIMEOUT:-180}
stop_timeout=${VETRAI_STOP_TIMEOUT:-90}
app_dir=$top/src/ApiFrontend/bin/Release/net10.0
app_dll=VetrAI.ApiFrontend.dll
# Pids of what we start, for the next run to stop if this one gets SIGKILL.
run_dir=$VETRAI_DATA_DIR/run

pg_dir=''
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
  maildev_stop
  s3rver_stop
  if [[ -n $pg_dir ]]; then pg_stop "$pg_dir"; fi
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

command -v dotnet >/dev/null 2>&1 || die "dotnet is not on PATH: install the .NET 10 SDK (see README.md)"
log "building src/ApiFrontend (Release)"
# In the background: on a fresh machine, installing PostgreSQL and the npm
# tools meanwhile saves about a minute.
dotnet build src/ApiFrontend -c Release -nologo </dev/null &
build_pid=$!

mkdir -p -- "$VETRAI_DATA_DIR/logs" "$run_dir"
stop_leftover "$run_dir/vetrai.pid" VetrAI "$app_dll"
stop_leftover "$run_dir/s3rver.pid" s3rver s3rver
stop_leftover "$run_dir/maildev.pid" maildev maildev
if [[ -z ${VETRAI_DATABASE_URL:-} ]]; then
  pg_ensure_installed
  pg_init "$VETRAI_DATA_DIR/postgres"
fi
if [[ -z ${VETRAI_S3_ENDPOINT:-} || -z ${VETRAI_SMTP_HOST:-} ]]; then
  node_tools_install
fi

build_rc=0
wait "$build_pid" || build_rc=$?
build_pid=''
((build_rc == 0)) || die "the build failed (exit code $build_rc)"
[[ -f $app_dir/$app_dll ]] || die "the build did not produce $app_dir/$app_dll"

if [[ -z ${VETRAI_DATABASE_URL:-} ]]; then
  pg_port=${VETRAI_PG_PORT:-55432}
  pg_dir=$VETRAI_DATA_DIR/postgres
  pg_start "$pg_dir" "$pg_port"
  pg_createdb "$pg_port" vetrai
  export VETRAI_DATABASE_URL="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=vetrai"
  log "PostgreSQL on 127.0.0.1:$pg_port, data in $(pg_data_dir "$pg_dir")"
fi

if [[ -z ${VETRAI_S3_ENDPOINT:-} ]]; then
  s3_port=${VETRAI_S3_PORT:-59000}
  s3rver_launch "$VETRAI_DATA_DIR/s3" "$s3_port" "$VETRAI_DATA_DIR/logs/s3rver.log"
  echo "$S3RVER_PID" >"$run_dir/s3rver.pid"
  s3rver_wait "$s3_port" "$VETRAI_DATA_DIR/logs/s3rver.log"
  export VETRAI_S3_ENDPOINT=http://127.0.0.1:$s3_port
  # s3rver accepts only this key pair and does not check signatures.
  export VETRAI_S3_ACCESS_KEY=S3RVER VETRAI_S3_SECRET_KEY=S3RVER
  log "s3rver on 127.0.0.1:$s3_port, data in $VETRAI_DATA_DIR/s3"
fi

if [[ -z ${VETRAI_SMTP_HOST:-} ]]; then
  smtp_port=${VETRAI_SMTP_PORT:-51025}
  web_port=${VETRAI_MAILDEV_WEB_PORT:-51080}
  maildev_launch "$smtp_port" "$web_port" "$VETRAI_DATA_DIR/logs/maildev.log"
  echo "$MAILDEV_PID" >"$run_dir/maildev.pid"
  maildev_wait "$smtp_port" "$web_port" "$VETRAI_DATA_DIR/logs/maildev.log"
  export VETRAI_SMTP_HOST=127.0.0.1 VETRAI_SMTP_PORT=$smtp_port
  log "maildev: SMTP on 127.0.0.1:$smtp_port, mail to read at http://127.0.0.1:$web_port"
fi

# From its output folder, so that it finds its appsettings*.json.
(cd "$app_dir" && exec dotnet "$app_dll") </dev/null &
app_pid=$!
echo "$app_pid" >"$run_dir/vetrai.pid"

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
