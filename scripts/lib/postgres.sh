# shellcheck shell=bash
# A private PostgreSQL 15 cluster on 127.0.0.1, run from the Debian binaries
# as a child of the script, tied to it (see spawn_tied). Needs common.sh.

PG_BIN=${VETRAI_PG_BIN:-/usr/lib/postgresql/15/bin}
# The server pg_start started, and its data folder.
PG_PID=''
PG_DIR=''

# pg_ensure_installed: the server binaries, and the postgres OS user that runs
# them (initdb and postgres refuse to run as root).
pg_ensure_installed() {
  if [[ ! -x $PG_BIN/initdb ]]; then
    ((EUID == 0)) || die "PostgreSQL 15 is missing ($PG_BIN/initdb); install it with: sudo apt-get install postgresql-15"
    log "installing PostgreSQL 15 from Debian"
    # apt_install keeps the package from starting its default cluster on 5432.
    local rc=0
    apt_install postgresql-15 || rc=$?
    ((rc == 0)) || die "apt-get could not install postgresql-15 (exit code $rc)"
    [[ -x $PG_BIN/initdb ]] || die "PostgreSQL 15 was installed but $PG_BIN/initdb is still missing"
  fi
  if ((EUID == 0)) && ! id -u postgres >/dev/null 2>&1; then
    log "creating the postgres system user"
    if getent group postgres >/dev/null; then
      useradd --system --gid postgres --no-create-home --shell /usr/sbin/nologin postgres
    else
      useradd --system --user-group --no-create-home --shell /usr/sbin/nologin postgres
    fi
  fi
}

# _pg_run COMMAND...: runs a PostgreSQL tool as the postgres user when we are
# root, from / so that it never starts in a directory it cannot enter.
_pg_run() {
  if ((EUID == 0)); then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

# _pg_can_reach DIR: can the postgres user enter DIR (or, if DIR does not
# exist yet, the nearest ancestor that does, which mkdir -p would extend)?
_pg_can_reach() {
  local dir=$1
  while [[ ! -d $dir ]]; do dir=$(dirname -- "$dir"); done
  _pg_run test -x "$dir"
}

# pg_data_dir DIR: prints where the cluster asked for at DIR really lives.
# Normally DIR itself. But as root, DIR may sit where the postgres user cannot
# go (a repo under /root, a 0700 temp dir); then the cluster lives in
# /var/tmp/vetrai-pg-<hash of DIR's absolute path>: the same DIR always maps
# to the same place, and /var/tmp survives reboots, so the data is kept
# between runs as it would have been in DIR.
pg_data_dir() {
  local want
  want=$(realpath -m -- "$1")
  if ((EUID != 0)) || _pg_can_reach "$(dirname -- "$want")"; then
    printf '%s\n' "$want"
  else
    printf '/var/tmp/vetrai-pg-%s\n' "$(printf '%s' "$want" | sha256sum | cut -c1-16)"
  fi
}

# pg_init DIR: creates the cluster unless DIR already holds one.
pg_init() {
  local dir out
  dir=$(pg_data_dir "$1")
  if [[ $dir != "$(realpath -m -- "$1")" ]]; then
    log "the postgres user cannot reach $1; its cluster lives in $dir"
  fi
  [[ -f $dir/PG_VERSION ]] && return 0
  mkdir -p -- "$dir"
  if ((EUID == 0)); then chown postgres:postgres "$dir"; fi
  chmod 700 "$dir"
  if ! out=$(_pg_run "$PG_BIN/initdb" -D "$dir" --auth=trust -E UTF8 --locale=C.UTF-8 -U postgres 2>&1); then
    printf '%s\n' "$out" >&2
    die "initdb failed for $dir"
  fi
}

# pg_is_running DIR
pg_is_running() {
  local dir
  dir=$(pg_data_dir "$1")
  [[ -f $dir/postmaster.pid ]] && _pg_run "$PG_BIN/pg_ctl" -D "$dir" status >/dev/null 2>&1
}

# pg_start DIR PORT [postgres options, e.g. -c fsync=off]...
# Runs the server (postgres itself, not pg_ctl, which would daemonize it) as
# a child tied to this shell, listening on 127.0.0.1:PORT only, with its unix
# socket in DIR; sets PG_PID and returns once it accepts connections. A
# server already running in DIR (left by a run that was killed) is stopped
# first: ours must be our child.
pg_start() {
  local dir port=$2 as=()
  dir=$(pg_data_dir "$1")
  shift 2
  pg_stop_leftover "$dir"
  # A unix socket path longer than 107 bytes cannot be bound; clients here
  # use TCP anyway, so a deep DIR just gets no socket.
  local sockdir=$dir
  if ((${#dir} + ${#port} + 10 > 107)); then sockdir=''; fi
  # postgres refuses to run as root. SIGINT on our death: a fast shutdown
  # (SIGTERM's smart one would wait for every client to leave).
  if ((EUID == 0)); then
    as=(--user postgres)
    # We open its log for it; it stays the postgres user's, as pg_ctl -l would leave it.
    touch -- "$dir/server.log" && chown postgres:postgres -- "$dir/server.log"
  fi
  spawn_tied "${as[@]}" --signal INT --dir / --log "$dir/server.log" -- \
    "$PG_BIN/postgres" -D "$dir" -c listen_addresses=127.0.0.1 -p "$port" \
    -c "unix_socket_directories=$sockdir" "$@"
  PG_PID=$SPAWNED_PID
  PG_DIR=$dir
  local deadline=$((SECONDS + 60))
  until "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres; do
    if ! is_alive "$PG_PID"; then
      wait "$PG_PID" 2>/dev/null || true
      PG_PID=''
      _show_pg_log "$dir"
      die "PostgreSQL in $dir exited before accepting connections on 127.0.0.1:$port"
    fi
    if ((SECONDS >= deadline)); then
      _show_pg_log "$dir"
      die "PostgreSQL in $dir did not accept connections on 127.0.0.1:$port within 60s"
    fi
    sleep 0.2
  done
}

# pg_stop DIR: fast shutdown (rolls back open transactions, writes a
# checkpoint) of the server pg_start started in DIR, or else of any server
# running in DIR; does nothing when none runs there.
pg_stop() {
  local dir
  dir=$(pg_data_dir "$1")
  if [[ -n $PG_PID && $dir == "$PG_DIR" ]]; then
    stop_process "$PG_PID" PostgreSQL 60 INT
    PG_PID='' PG_DIR=''
    return 0
  fi
  pg_is_running "$dir" || return 0
  if ! _pg_run "$PG_BIN/pg_ctl" -D "$dir" -m fast -w -t 60 stop >/dev/null; then
    log "PostgreSQL in $dir did not stop within 60s; stopping it immediately"
    _pg_run "$PG_BIN/pg_ctl" -D "$dir" -m immediate -w -t 30 stop >/dev/null || true
  fi
}

# pg_stop_leftover DIR: stops a server an earlier run left running in DIR
# (one killed before it could stop it), so that it frees its port.
pg_stop_leftover() {
  [[ -x $PG_BIN/pg_ctl ]] || return 0
  # Without the postgres user no cluster of ours can run (and pg_data_dir could not tell where it is).
  if ((EUID == 0)) && ! id -u postgres >/dev/null 2>&1; then return 0; fi
  local dir
  dir=$(pg_data_dir "$1")
  [[ -n $PG_PID && $dir == "$PG_DIR" ]] && return 0
  pg_is_running "$dir" || return 0
  log "stopping the PostgreSQL an earlier run left running in $dir"
  pg_stop "$dir"
}

# pg_createdb PORT NAME: creates database NAME unless it exists.
pg_createdb() {
  local port=$1 name=$2 found
  [[ $name =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || die "unusable database name: $name"
  found=$("$PG_BIN/psql" -X -q -t -A -h 127.0.0.1 -p "$port" -U postgres -d postgres \
    -c "SELECT 1 FROM pg_database WHERE datname = '$name'")
  [[ $found == 1 ]] && return 0
  "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres "$name"
}

_show_pg_log() {
  local logfile=$1/server.log
  [[ -s $logfile ]] || return 0
  log "last lines of $logfile:"
  tail -n 30 "$logfile" >&2
}
