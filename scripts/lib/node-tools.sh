# shellcheck shell=bash
# s3rver (S3) and maildev (SMTP capture), installed from npm into .tools/ at
# the repo top and run on 127.0.0.1 as children of the script, tied to it
# (see spawn_tied); and Redocly CLI, the OpenAPI linter the tests run on
# /openapi/v1.json (.tools/node_modules/.bin/redocly). Needs common.sh and
# ports.sh.

S3RVER_VERSION=3.7.1
MAILDEV_VERSION=3.0.0
REDOCLY_VERSION=2.77.0
NODE_TOOLS_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)/.tools
S3RVER_PID=''
MAILDEV_PID=''

# node_tools_install: npm installs the tools at their exact versions, unless
# they are already there.
node_tools_install() {
  _node_ensure
  mkdir -p -- "$NODE_TOOLS_DIR"
  # run.sh and test.sh may install at the same moment; npm does not lock.
  (
    flock 9
    _node_tool_has s3rver "$S3RVER_VERSION" && _node_tool_has maildev "$MAILDEV_VERSION" &&
      _node_tool_has redocly "$REDOCLY_VERSION" @redocly/cli && exit 0
    log "installing s3rver $S3RVER_VERSION, maildev $MAILDEV_VERSION and @redocly/cli $REDOCLY_VERSION into $NODE_TOOLS_DIR"
    # Newer maildev dependencies ask for node 22 but run on 20: silence the
    # engine warnings, keep real errors. The versions are exact, so npm's
    # cached metadata will do when it has it (half the time of a fresh clone).
    npm install --prefix "$NODE_TOOLS_DIR" --no-audit --no-fund --save-exact --loglevel=error --prefer-offline \
      "s3rver@$S3RVER_VERSION" "maildev@$MAILDEV_VERSION" "@redocly/cli@$REDOCLY_VERSION" >&2
  ) 9>"$NODE_TOOLS_DIR/.install.lock"
  _node_tool_has s3rver "$S3RVER_VERSION" || die "s3rver $S3RVER_VERSION is not in $NODE_TOOLS_DIR after npm install"
  _node_tool_has maildev "$MAILDEV_VERSION" || die "maildev $MAILDEV_VERSION is not in $NODE_TOOLS_DIR after npm install"
  _node_tool_has redocly "$REDOCLY_VERSION" @redocly/cli ||
    die "@redocly/cli $REDOCLY_VERSION is not in $NODE_TOOLS_DIR after npm install"
}

# s3rver_start DATA_DIR PORT LOG: sets S3RVER_PID and waits until it serves.
s3rver_start() {
  s3rver_launch "$@" && s3rver_wait "$2" "$3"
}

# s3rver_launch DATA_DIR PORT LOG: starts it without waiting, so that the
# caller can start other servers meanwhile; s3rver_wait PORT LOG then waits.
s3rver_launch() {
  local data=$1 port=$2 logfile=$3
  mkdir -p -- "$data" "$(dirname -- "$logfile")"
  # -a: its default is localhost, which may resolve to ::1 only.
  spawn_tied --log "$logfile" -- "$NODE_TOOLS_DIR/node_modules/.bin/s3rver" -d "$data" -a 127.0.0.1 -p "$port"
  S3RVER_PID=$SPAWNED_PID
}

s3rver_wait() {
  wait_for_port "$1" 60 "s3rver" "$S3RVER_PID" "$2"
}

# maildev_start SMTP_PORT WEB_PORT LOG: sets MAILDEV_PID and waits until it serves.
maildev_start() {
  maildev_launch "$@" && maildev_wait "$@"
}

# maildev_launch SMTP_PORT WEB_PORT LOG: starts it without waiting;
# maildev_wait SMTP_PORT WEB_PORT LOG then waits.
maildev_launch() {
  local smtp=$1 web=$2 logfile=$3
  mkdir -p -- "$(dirname -- "$logfile")"
  # Both --ip flags: maildev's defaults listen on every interface.
  spawn_tied --log "$logfile" -- \
    "$NODE_TOOLS_DIR/node_modules/.bin/maildev" --ip 127.0.0.1 --web-ip 127.0.0.1 -s "$smtp" -w "$web"
  MAILDEV_PID=$SPAWNED_PID
}

maildev_wait() {
  wait_for_port "$1" 60 "maildev (SMTP)" "$MAILDEV_PID" "$3" &&
    wait_for_port "$2" 60 "maildev (web)" "$MAILDEV_PID" "$3"
}

s3rver_stop() {
  [[ -n $S3RVER_PID ]] || return 0
  stop_process "$S3RVER_PID" s3rver
  S3RVER_PID=''
}

maildev_stop() {
  [[ -n $MAILDEV_PID ]] || return 0
  stop_process "$MAILDEV_PID" maildev
  MAILDEV_PID=''
}

# _node_tool_has BIN VERSION [PACKAGE]: PACKAGE (default BIN) is installed at
# VERSION and its command BIN is there.
_node_tool_has() {
  local manifest=$NODE_TOOLS_DIR/node_modules/${3:-$1}/package.json
  [[ -x $NODE_TOOLS_DIR/node_modules/.bin/$1 && -f $manifest ]] &&
    grep -q "\"version\": *\"$2\"" "$manifest"
}

# Node is on the usual image; a bare Debian gets the distribution's.
_node_ensure() {
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 && return 0
  ((EUID == 0)) || die "node and npm are missing; install them with: sudo apt-get install nodejs npm"
  log "installing node and npm from Debian"
  apt_install nodejs npm || die "apt-get could not install nodejs and npm"
}
