# shellcheck shell=bash
# Messages, deadline-bound waits, process stopping and environment defaults shared by the scripts.

# Prefix messages with the script's name: run.sh, test.sh and the servers' own
# output end up interleaved on one terminal.
# Never fails: cleanup code logs too, and must go on when nobody reads stderr
# any more.
log() {
  printf '[%s] %s\n' "${0##*/}" "$*" >&2 2>/dev/null || true
}

die() {
  log "error: $*"
  exit 1
}

# wait_until SECONDS WHAT COMMAND...
# Polls COMMAND until it succeeds. Fails after SECONDS, saying it waited for WHAT.
wait_until() {
  local timeout=$1 what=$2
  shift 2
  local deadline=$((SECONDS + timeout))
  until "$@"; do
    if ((SECONDS >= deadline)); then
      log "timed out after ${timeout}s waiting for ${what}"
      return 1
    fi
    sleep 0.2
  done
}

# is_alive PID: true while the process exists (and is not yet reaped by us).
is_alive() {
  kill -0 "$1" 2>/dev/null
}

# stop_process PID WHAT [SECONDS]
# SIGTERM, then SIGKILL if it is still there after SECONDS (default 15).
# Reaps it when it is our child so that no zombie is left behind.
stop_process() {
  local pid=$1 what=$2 timeout=${3:-15}
  is_alive "$pid" || { wait "$pid" 2>/dev/null || true; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  if ! wait_until "$timeout" "$what (pid $pid) to exit after SIGTERM" _not_alive "$pid"; then
    log "killing $what (pid $pid)"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

_not_alive() {
  ! is_alive "$1"
}

# stop_leftover PIDFILE WHAT NAME
# Stops the process whose pid an earlier run wrote to PIDFILE, if it still
# runs and its command line still names NAME (so that a reused pid is left
# alone). A run killed with SIGKILL could not stop its children itself.
stop_leftover() {
  local file=$1 what=$2 name=$3 pid
  [[ -f $file ]] || return 0
  pid=$(<"$file")
  rm -f -- "$file"
  [[ $pid =~ ^[0-9]+$ ]] && is_alive "$pid" || return 0
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$name" || return 0
  log "stopping $what (pid $pid), left running by an earlier run"
  stop_process "$pid" "$what" 90
}

# export_dotnet_defaults: no telemetry banner, and no MSBuild node or compiler
# server left running after the script stops (unless the caller asks for them).
export_dotnet_defaults() {
  export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
  export MSBUILDDISABLENODEREUSE=${MSBUILDDISABLENODEREUSE:-1}
  export DOTNET_CLI_USE_MSBUILD_SERVER=${DOTNET_CLI_USE_MSBUILD_SERVER:-0}
  export UseSharedCompilation=${UseSharedCompilation:-false}
}

# export_data_dir TOP INVOKED_FROM: exports VETRAI_DATA_DIR as an absolute path,
# TOP/.data by default; a relative one is taken from where the script was called.
export_data_dir() {
  local data_dir=${VETRAI_DATA_DIR:-$1/.data}
  [[ $data_dir == /* ]] || data_dir=$2/$data_dir
  VETRAI_DATA_DIR=$(realpath -m -- "$data_dir")
  export VETRAI_DATA_DIR
}
