# shellcheck shell=bash
# Messages, deadline-bound waits, starting and stopping processes, Debian
# packages and environment defaults shared by the scripts.

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

# stop_process PID WHAT [SECONDS [SIGNAL]]
# SIGNAL (default TERM), then SIGKILL if it is still there after SECONDS
# (default 15). Reaps it when it is our child so that no zombie is left behind.
stop_process() {
  local pid=$1 what=$2 timeout=${3:-15} signal=${4:-TERM}
  is_alive "$pid" || { wait "$pid" 2>/dev/null || true; return 0; }
  kill -"$signal" "$pid" 2>/dev/null || true
  if ! wait_until "$timeout" "$what (pid $pid) to exit after SIG$signal" _not_alive "$pid"; then
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

SPAWNED_PID=''

# spawn_tied [--signal SIG] [--dir DIR] [--log FILE] [--user NAME] [--session] [--] COMMAND...
# Starts COMMAND in the background as a direct child of this shell, tied to
# it: the kernel sends it SIG (default TERM) when this shell dies, however it
# dies, SIGKILL included, so no server outlives the script that started it.
# Its pid goes to SPAWNED_PID. COMMAND runs in DIR (default: here), with
# nothing on stdin and, with --log, its output appended to FILE. --user runs
# it as that user (for PostgreSQL as root); --session in a process group and
# session of its own.
#
# How: setpriv sets the parent-death signal, then every step up to COMMAND is
# an exec, so that COMMAND keeps it and its parent stays this shell. Nothing
# there may fork (runuser would), and COMMAND must not daemonize. A shell that
# dies before setpriv ran would leave COMMAND untied: a bash -c step checks
# that its parent is still this shell and gives up otherwise.
# Call it from the script's main shell, not from $(...) or a pipeline.
spawn_tied() {
  local signal=TERM dir=. logfile='' user='' session=''
  while (($# > 0)); do
    case $1 in
      --signal) signal=$2 && shift 2 ;;
      --dir) dir=$2 && shift 2 ;;
      --log) logfile=$2 && shift 2 ;;
      --user) user=$2 && shift 2 ;;
      --session) session=1 && shift ;;
      --) shift && break ;;
      *) break ;;
    esac
  done
  command -v setpriv >/dev/null 2>&1 || die "setpriv is missing; install it with: sudo apt-get install util-linux"
  # A function rather than ( ... ): bash names the job by this line when it
  # reports a child killed by a signal.
  _spawn_exec "$signal" "$dir" "$logfile" "$user" "$session" "$@" </dev/null &
  # shellcheck disable=SC2034 # read by the callers
  SPAWNED_PID=$!
}

# _spawn_exec SIG DIR LOG USER SESSION COMMAND...: the child's side of
# spawn_tied, in the subshell & made; ends in exec.
_spawn_exec() {
  local signal=$1 dir=$2 logfile=$3 user=$4 session=$5 tied_to=$$
  shift 5
  local run=()
  if [[ -n $session ]]; then run+=(setsid); fi
  run+=(setpriv)
  if [[ -n $user ]]; then run+=(--reuid="$user" --regid="$user" --init-groups); fi
  run+=(--pdeathsig "$signal" --)
  _close_inherited_fds
  cd -- "$dir" || exit 1
  if [[ -n $logfile ]]; then exec >>"$logfile" 2>&1; fi
  # shellcheck disable=SC2016 # expanded by the inner bash
  exec "${run[@]}" bash -c '[[ $PPID == "$1" ]] || exit 1; shift; exec "$@"' _ "$tied_to" "$@"
}

# A server may still be shutting down after the script is gone: it must not
# hold on to pipes we inherited (a CI runner or test host waiting for their
# end), so a child closes every descriptor above stderr before starting it.
_close_inherited_fds() {
  local fd path
  for path in /proc/"$BASHPID"/fd/*; do
    fd=${path##*/}
    if ((fd > 2)); then exec {fd}>&-; fi
  done 2>/dev/null
  return 0
}

_apt_updated=''

# apt_install PACKAGE...: installs Debian packages (needs root), quietly, and
# keeps them from starting services of their own: the scripts run their own
# servers on ports of their own (a policy-rc.d that says no, only for this
# install). Waits for another apt run to finish rather than failing.
apt_install() {
  local policy='' rc=0
  local apt=(apt-get -qq -o DPkg::Lock::Timeout=300)
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    policy=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod 755 "$policy"
  fi
  if [[ -z $_apt_updated ]]; then
    DEBIAN_FRONTEND=noninteractive "${apt[@]}" update && _apt_updated=1 || rc=$?
  fi
  if ((rc == 0)); then
    DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y --no-install-recommends "$@" >/dev/null || rc=$?
  fi
  if [[ -n $policy ]]; then rm -f -- "$policy"; fi
  return "$rc"
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

# lock_data_dir: one run.sh or cluster.sh at a time per $VETRAI_DATA_DIR.
# Without it, the second would take the first's processes for leftovers of a
# killed run and stop them. The lock goes with our process, however it ends
# (spawn_tied keeps children from inheriting it).
lock_data_dir() {
  local file=$VETRAI_DATA_DIR/run/lock holder
  mkdir -p -- "${file%/*}"
  exec {_data_dir_lock}<>"$file"
  if ! flock -n "$_data_dir_lock"; then
    holder=$(<"$file")
    die "another run.sh or cluster.sh${holder:+ (pid $holder)} is using $VETRAI_DATA_DIR; stop it, or set VETRAI_DATA_DIR to another folder"
  fi
  printf '%s\n' "$$" >"$file"
}
