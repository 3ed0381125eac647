# shellcheck shell=bash
# The Twilio stand-in (standins/Twilio: an in-memory Twilio Messages API, see
# its README) on 127.0.0.1, run from its Release build output as a child of
# the script, tied to it (see spawn_tied). The scripts build it
# (TWILIO_STANDIN_PROJECT) before starting it. Needs common.sh and ports.sh.

TWILIO_STANDIN_PID=''
TWILIO_STANDIN_PROJECT=standins/Twilio
TWILIO_STANDIN_DLL=VetrAI.TwilioStandIn.dll
_twilio_standin_dir=$(cd -- "${BASH_SOURCE[0]%/*}/../.." && pwd)/$TWILIO_STANDIN_PROJECT/bin/Release/net10.0

# twilio_standin_launch PORT LOG: starts it without waiting;
# twilio_standin_wait PORT LOG then waits.
twilio_standin_launch() {
  local port=$1 logfile=$2
  [[ -f $_twilio_standin_dir/$TWILIO_STANDIN_DLL ]] ||
    die "the Twilio stand-in is not built: $_twilio_standin_dir/$TWILIO_STANDIN_DLL is missing (dotnet build $TWILIO_STANDIN_PROJECT -c Release)"
  mkdir -p -- "$(dirname -- "$logfile")"
  spawn_tied --dir "$_twilio_standin_dir" --log "$logfile" -- \
    env TWILIO_STANDIN_URL="http://127.0.0.1:$port" dotnet "$TWILIO_STANDIN_DLL"
  TWILIO_STANDIN_PID=$SPAWNED_PID
}

# twilio_standin_wait PORT LOG: waits until GET /_standin/health answers 200.
twilio_standin_wait() {
  local port=$1 logfile=$2 deadline=$((SECONDS + 60))
  until [[ $(http_status "$port" /_standin/health || true) == 200 ]]; do
    if ! is_alive "$TWILIO_STANDIN_PID"; then
      log "the Twilio stand-in exited before answering on 127.0.0.1:$port"
      _show_log_tail "$logfile"
      return 1
    fi
    if ((SECONDS >= deadline)); then
      log "timed out after 60s waiting for the Twilio stand-in to answer GET http://127.0.0.1:$port/_standin/health"
      _show_log_tail "$logfile"
      return 1
    fi
    sleep 0.2
  done
}

twilio_standin_stop() {
  [[ -n $TWILIO_STANDIN_PID ]] || return 0
  stop_process "$TWILIO_STANDIN_PID" "the Twilio stand-in"
  TWILIO_STANDIN_PID=''
}

# twilio_standin_export_settings PORT: hands the stand-in to VetrAI. Any
# SID/token pair is an account there: this fixed one is VetrAI's, sending from
# Twilio's magic test number (+15005550006) unless VETRAI_TWILIO_FROM is set.
twilio_standin_export_settings() {
  export VETRAI_TWILIO_API_BASE=http://127.0.0.1:$1
  export VETRAI_TWILIO_ACCOUNT_SID=AC00000000000000000000000000000001
  export VETRAI_TWILIO_AUTH_TOKEN=vetrai-local-twilio-token
  export VETRAI_TWILIO_FROM=${VETRAI_TWILIO_FROM:-+15005550006}
}
