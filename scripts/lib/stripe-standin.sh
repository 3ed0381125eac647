# shellcheck shell=bash
# The Stripe stand-in (standins/Stripe: an in-memory Stripe API with signed
# webhooks, see its README) on 127.0.0.1, run from its Release build output as
# a child of the script, tied to it (see spawn_tied). The scripts build it
# (STRIPE_STANDIN_PROJECT) before starting it. Needs common.sh and ports.sh.

STRIPE_STANDIN_PID=''
STRIPE_STANDIN_PROJECT=standins/Stripe
STRIPE_STANDIN_DLL=VetrAI.StripeStandIn.dll
# Its build output, from the repository's top (the scripts run from there).
_stripe_standin_dir=$(cd -- "${BASH_SOURCE[0]%/*}/../.." && pwd)/$STRIPE_STANDIN_PROJECT/bin/Release/net10.0

# stripe_standin_launch PORT LOG [NAME=VALUE]...: starts it without waiting,
# with the stand-in's settings given (STRIPE_STANDIN_WEBHOOK_URL, ...);
# stripe_standin_wait PORT LOG then waits.
stripe_standin_launch() {
  local port=$1 logfile=$2
  shift 2
  [[ -f $_stripe_standin_dir/$STRIPE_STANDIN_DLL ]] ||
    die "the Stripe stand-in is not built: $_stripe_standin_dir/$STRIPE_STANDIN_DLL is missing (dotnet build $STRIPE_STANDIN_PROJECT -c Release)"
  mkdir -p -- "$(dirname -- "$logfile")"
  # From its output folder, like VetrAI, so that it finds its runtime files.
  spawn_tied --dir "$_stripe_standin_dir" --log "$logfile" -- \
    env STRIPE_STANDIN_URL="http://127.0.0.1:$port" "$@" dotnet "$STRIPE_STANDIN_DLL"
  STRIPE_STANDIN_PID=$SPAWNED_PID
}

# stripe_standin_wait PORT LOG: waits until GET /_standin/health answers 200.
stripe_standin_wait() {
  local port=$1 logfile=$2 deadline=$((SECONDS + 60))
  until [[ $(http_status "$port" /_standin/health || true) == 200 ]]; do
    if ! is_alive "$STRIPE_STANDIN_PID"; then
      log "the Stripe stand-in exited before answering on 127.0.0.1:$port"
      _show_log_tail "$logfile"
      return 1
    fi
    if ((SECONDS >= deadline)); then
      log "timed out after 60s waiting for the Stripe stand-in to answer GET http://127.0.0.1:$port/_standin/health"
      _show_log_tail "$logfile"
      return 1
    fi
    sleep 0.2
  done
}

stripe_standin_stop() {
  [[ -n $STRIPE_STANDIN_PID ]] || return 0
  stop_process "$STRIPE_STANDIN_PID" "the Stripe stand-in"
  STRIPE_STANDIN_PID=''
}

# stripe_standin_random_secret: a webhook signing secret as Stripe makes them.
stripe_standin_random_secret() {
  printf 'whsec_%s\n' "$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
}
