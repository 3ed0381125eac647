# shellcheck shell=bash
# A private PostgreSQL 15 cluster on 127.0.0.1, run from the Debian binaries.
# Needs common.sh.

PG_BIN=${VETRAI_PG_BIN:-/usr/lib/postgresql/15/bin}

# pg_ensure_installed: the server binaries, and the postgres OS user that runs
# them (initdb and postgres refuse to run as root).
pg_ensure_installed() {
  if [[ ! -x $PG_BIN/initdb ]]; then
    ((EUID == 0)) || die "PostgreSQL 15 is missing ($PG_BIN/initdb); install it with: sudo apt-get install postgresql-15"
    log "installing PostgreSQL 15 from Debian"
    # We run clusters of our own: keep the package from starting its default
    # one on port 5432 (a policy-rc.d that says no, only for this install).
    local policy=''
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
      policy=/usr/sbin/policy-rc.d
      printf '#!/bin/sh\nexit 101\n' >"$policy"
      chmod 755 "$policy"
    fi
    local rc=0
    DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null ||
      rc=$?
    if [[ -n $policy ]]; then rm -f "$policy"; fi
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
# Listens on 127.0.0.1:PORT only, with its unix socket in DIR; returns once
# the server accepts connections. A server already running in DIR on PORT is
# kept (e.g. left by a run that was killed).
pg_start() {
  local dir port=$2 opts item running_port
  dir=$(pg_data_dir "$1")
  shift 2
  if pg_is_running "$dir"; then
    running_port=$(sed -n 4p "$dir/postmaster.pid")
    if [[ $running_port == "$port" ]]; then
      log "PostgreSQL in $dir is already running on port $port; using it"
      return 0
    fi
    log "PostgreSQL in $dir runs on port $running_port; restarting it on $port"
    pg_stop "$dir"
  fi
  # A unix socket path longer than 107 bytes cannot be bound; clients here
  # use TCP anyway, so a deep DIR just gets no socket.
  local sockdir=$dir
  if ((${#dir} + ${#port} + 10 > 107)); then sockdir=''; fi
  opts="-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$(printf '%q' "$sockdir")"
  for item in "$@"; do opts+=" $(printf '%q' "$item")"; done
  if ! (_close_inherited_fds && _pg_run "$PG_BIN/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 -o "$opts" start >/dev/null); then
    _show_pg_log "$dir"
    die "PostgreSQL in $dir did not start and become ready on 127.0.0.1:$port within 60s"
  fi
  wait_until 30 "PostgreSQL to accept connections on 127.0.0.1:$port" \
    "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres
}

# pg_stop DIR: fast shutdown (rolls back open transactions, writes a
# checkpoint); does nothing when no server runs in DIR.
pg_stop() {
  local dir
  dir=$(pg_data_dir "$1")
  pg_is_running "$dir" || return 0
  if ! _pg_run "$PG_BIN/pg_ctl" -D "$dir" -m fast -w -t 60 stop >/dev/null; then
    log "PostgreSQL in $dir did not stop within 60s; stopping it immediately"
    _pg_run "$PG_BIN/pg_ctl" -D "$dir" -m immediate -w -t 30 stop >/dev/null || true
  fi
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

# The server outlives this script when it is killed: it must not hold on to
# pipes we inherited (a CI runner or test host waiting for their end), so a
# subshell closes every descriptor above stderr before starting it.
_close_inherited_fds() {
  local fd path
  for path in /proc/"$BASHPID"/fd/*; do
    fd=${path##*/}
    if ((fd > 2)); then exec {fd}>&-; fi
  done 2>/dev/null
  return 0
}

_show_pg_log() {
  local logfile=$1/server.log
  [[ -s $logfile ]] || return 0
  log "last lines of $logfile:"
  tail -n 30 "$logfile" >&2
}
