# shellcheck shell=bash
# Redis 7 from Debian on 127.0.0.1, for Orleans' cluster membership, run as a
# child of the script, tied to it (see spawn_tied). Given a folder, it keeps an
# append-only file there, so a Redis that restarts during a run still knows the
# cluster (running silos that no longer find themselves in the table stop).
# Needs common.sh and ports.sh.

REDIS_PID=''

# redis_ensure_installed: Debian's redis-server (which brings redis-cli).
redis_ensure_installed() {
  command -v redis-server >/dev/null 2>&1 && return 0
  ((EUID == 0)) || die "redis-server is missing; install it with: sudo apt-get install redis-server"
  log "installing redis-server from Debian"
  # apt_install keeps the package from starting its own server on 6379.
  local rc=0
  apt_install redis-server || rc=$?
  ((rc == 0)) || die "apt-get could not install redis-server (exit code $rc)"
  command -v redis-server >/dev/null 2>&1 || die "redis-server was installed but is still not on PATH"
}

# redis_start PORT LOG: sets REDIS_PID and waits until it answers PING.
redis_start() {
  redis_launch "$@" && redis_wait "$@"
}

# redis_launch PORT LOG [DATA_DIR]: starts it without waiting, so that the
# caller can start other servers meanwhile; redis_wait PORT LOG then waits.
# With DATA_DIR, membership survives a restart of Redis (append-only file,
# fsync every second); without, nothing is written (throw-away test runs).
redis_launch() {
  local port=$1 logfile=$2 data=${3:-} dir
  dir=$(dirname -- "$logfile")
  mkdir -p -- "$dir"
  local persistence=(--appendonly no)
  if [[ -n $data ]]; then
    mkdir -p -- "$data"
    dir=$data
    persistence=(--appendonly yes --appendfsync everysec)
  fi
  spawn_tied --dir "$dir" --log "$logfile" -- \
    redis-server --bind 127.0.0.1 --port "$port" --save '' --dir "$dir" "${persistence[@]}"
  REDIS_PID=$SPAWNED_PID
}

redis_wait() {
  local port=$1 logfile=$2 deadline=$((SECONDS + 30))
  until redis_ping "$port"; do
    if ! is_alive "$REDIS_PID"; then
      log "Redis exited before answering PING on 127.0.0.1:$port"
      _show_log_tail "$logfile"
      return 1
    fi
    if ((SECONDS >= deadline)); then
      log "timed out after 30s waiting for Redis to answer PING on 127.0.0.1:$port"
      _show_log_tail "$logfile"
      return 1
    fi
    sleep 0.1
  done
}

# redis_ping PORT: true when 127.0.0.1:PORT answers PING with PONG. With
# bash's /dev/tcp, so that it needs nothing from the package.
redis_ping() {
  local reply
  # shellcheck disable=SC2016 # expanded by the inner bash
  reply=$(timeout 2 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf "PING\r\n" >&3
    IFS= read -r line <&3 && printf "%s" "$line"' _ "$1" 2>/dev/null) || return 1
  [[ $reply == +PONG* ]]
}

redis_stop() {
  [[ -n $REDIS_PID ]] || return 0
  stop_process "$REDIS_PID" Redis
  REDIS_PID=''
}
