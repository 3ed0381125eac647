# shellcheck shell=bash
# Free 127.0.0.1 ports, checks of the ports a script was told to use, and
# waits on them, with bash and coreutils only (no python, nc or curl on a
# bare machine).

# Ports handed out by this shell, so that two calls never return the same one
# before either server has bound it.
_ports_given=' '

# port_in_use PORT: true when something listens on PORT or a socket holds it.
port_in_use() {
  local port=$1
  # ss also sees sockets bound on other addresses, which would make our bind fail.
  if command -v ss >/dev/null 2>&1 && [[ -n $(ss -Htan "sport = :$port" 2>/dev/null) ]]; then
    return 0
  fi
  port_accepts "$port"
}

# port_listened PORT: true when a socket listens on PORT, on any address (so
# that our bind on 127.0.0.1 would fail). Unlike port_in_use, connections in
# TIME_WAIT after an earlier run's server stopped do not count: servers bind
# with SO_REUSEADDR.
port_listened() {
  if command -v ss >/dev/null 2>&1; then
    [[ -n $(ss -Hltn "sport = :$1" 2>/dev/null) ]]
  else
    port_accepts "$1"
  fi
}

# ports_check SETTING PORT COUNT WHAT [SETTING PORT COUNT WHAT]...
# For a script about to start servers: the COUNT ports from PORT on (read
# from SETTING, e.g. VETRAI_HTTP_PORT), used for WHAT, must be port numbers,
# given to one use only, and free. Says in one line per port that is not
# which SETTING to change, then returns 1; call it before starting anything.
ports_check() {
  local setting port count what i p label hint bad=0
  local -A wanted_by=()
  while (($# >= 4)); do
    setting=$1 port=$2 count=$3 what=$4
    shift 4
    hint="set $setting to a free port"
    if ((count > 1)); then hint="set $setting to the first of $count free consecutive ports"; fi
    if ! [[ $port =~ ^[0-9]{1,5}$ ]] || ((10#$port < 1 || 10#$port + count - 1 > 65535)); then
      log "error: $setting=$port is not a TCP port number from 1 to $((65536 - count)): $hint"
      bad=1
      continue
    fi
    port=$((10#$port))
    for ((i = 0; i < count; i++)); do
      p=$((port + i)) label=$what
      if ((count > 1)); then label+=" $((i + 1))"; fi
      if [[ -n ${wanted_by[$p]:-} ]]; then
        log "error: port $p is wanted both for ${wanted_by[$p]} and for $label: $hint"
        bad=1
      elif port_listened "$p"; then
        log "error: port $p ($label) is already in use on 127.0.0.1: $hint"
        bad=1
      fi
      wanted_by[$p]="$label ($setting)"
    done
  done
  return "$bad"
}

# port_accepts PORT: true when 127.0.0.1:PORT accepts a TCP connection.
port_accepts() {
  # shellcheck disable=SC2016 # expanded by the inner bash
  timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null
}

# free_port VAR: stores a free 127.0.0.1 TCP port in the variable named VAR.
free_port() {
  local port tries
  for ((tries = 0; tries < 500; tries++)); do
    # Below Linux's ephemeral range (32768 and up), so that outgoing
    # connections do not take the port before our server binds it.
    port=$((20000 + RANDOM % 12000))
    [[ $_ports_given == *" $port "* ]] && continue
    port_in_use "$port" && continue
    _ports_given+="$port "
    printf -v "$1" '%s' "$port"
    return 0
  done
  die "found no free TCP port on 127.0.0.1"
}

# wait_for_port PORT SECONDS WHAT [PID [LOG]]
# Waits until 127.0.0.1:PORT accepts connections. With PID, gives up as soon
# as that process dies, and shows the end of LOG to say why.
wait_for_port() {
  local port=$1 timeout=$2 what=$3 pid=${4:-} logfile=${5:-}
  local deadline=$((SECONDS + timeout))
  until port_accepts "$port"; do
    if [[ -n $pid ]] && ! is_alive "$pid"; then
      log "$what exited before accepting connections on 127.0.0.1:$port"
      _show_log_tail "$logfile"
      return 1
    fi
    if ((SECONDS >= deadline)); then
      log "timed out after ${timeout}s waiting for $what to accept connections on 127.0.0.1:$port"
      _show_log_tail "$logfile"
      return 1
    fi
    sleep 0.2
  done
}

# http_status PORT PATH: prints the HTTP status code of GET http://127.0.0.1:PORT/PATH.
http_status() {
  local line
  # shellcheck disable=SC2016 # expanded by the inner bash
  line=$(timeout 5 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf "GET %s HTTP/1.0\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n" "$2" "$1" >&3
    IFS= read -r line <&3 && printf "%s" "$line"' _ "$1" "$2" 2>/dev/null) || return 1
  [[ $line =~ ^HTTP/[0-9.]+\ ([0-9]{3}) ]] || return 1
  printf '%s\n' "${BASH_REMATCH[1]}"
}

_show_log_tail() {
  [[ -n ${1:-} && -s $1 ]] || return 0
  log "last lines of $1:"
  tail -n 30 "$1" >&2
}
