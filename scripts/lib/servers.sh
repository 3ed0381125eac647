# shellcheck shell=bash
# The servers run.sh and cluster.sh start for VetrAI on 127.0.0.1, each unless
# the environment already names one: PostgreSQL (unless VETRAI_DATABASE_URL),
# s3rver (unless VETRAI_S3_ENDPOINT), maildev (unless VETRAI_SMTP_HOST),
# Redis (unless VETRAI_REDIS_URL), the Stripe stand-in (unless
# VETRAI_STRIPE_SECRET_KEY: a real Stripe, or one the user runs) and the
# Twilio stand-in (unless VETRAI_TWILIO_ACCOUNT_SID). Their data and logs live under
# $VETRAI_DATA_DIR, their pids in $VETRAI_DATA_DIR/run for the next run to
# stop what a run killed with SIGKILL left behind (in case its servers, tied
# to it, did not go with it). Needs every other library in this folder.
#
# In a script: servers_plan, servers_stop_leftovers, servers_port_checks
# (for ports_check), servers_build_projects (what to build besides VetrAI),
# servers_install, servers_start, and servers_stop when it ends.

# The ports of the servers this run starts; empty for those it does not.
SERVERS_PG_PORT=''
SERVERS_S3_PORT=''
SERVERS_SMTP_PORT=''
SERVERS_WEB_PORT=''
SERVERS_REDIS_PORT=''
SERVERS_STRIPE_PORT=''
SERVERS_TWILIO_PORT=''

# servers_plan: decides which servers to start, and on which ports, from the
# environment. Starts nothing.
servers_plan() {
  if [[ -z ${VETRAI_DATABASE_URL:-} ]]; then SERVERS_PG_PORT=${VETRAI_PG_PORT:-55432}; fi
  if [[ -z ${VETRAI_S3_ENDPOINT:-} ]]; then SERVERS_S3_PORT=${VETRAI_S3_PORT:-59000}; fi
  if [[ -z ${VETRAI_SMTP_HOST:-} ]]; then
    SERVERS_SMTP_PORT=${VETRAI_SMTP_PORT:-51025}
    SERVERS_WEB_PORT=${VETRAI_MAILDEV_WEB_PORT:-51080}
  fi
  if [[ -z ${VETRAI_REDIS_URL:-} ]]; then SERVERS_REDIS_PORT=${VETRAI_REDIS_PORT:-56379}; fi
  if [[ -z ${VETRAI_STRIPE_SECRET_KEY:-} ]]; then SERVERS_STRIPE_PORT=${VETRAI_STRIPE_STANDIN_PORT:-12111}; fi
  if [[ -z ${VETRAI_TWILIO_ACCOUNT_SID:-} ]]; then SERVERS_TWILIO_PORT=${VETRAI_TWILIO_STANDIN_PORT:-12112}; fi
  return 0
}

# servers_build_projects ARRAY: appends to the array named ARRAY the projects
# of the planned servers that are built from this repository.
servers_build_projects() {
  local -n _servers_projects=$1
  if [[ -n $SERVERS_STRIPE_PORT ]]; then _servers_projects+=("$STRIPE_STANDIN_PROJECT"); fi
  if [[ -n $SERVERS_TWILIO_PORT ]]; then _servers_projects+=("$TWILIO_STANDIN_PROJECT"); fi
  return 0
}

# servers_port_checks ARRAY: appends the planned servers' ports to the array
# named ARRAY, as ports_check takes them.
servers_port_checks() {
  local -n _servers_checks=$1
  if [[ -n $SERVERS_PG_PORT ]]; then _servers_checks+=(VETRAI_PG_PORT "$SERVERS_PG_PORT" 1 PostgreSQL); fi
  if [[ -n $SERVERS_S3_PORT ]]; then _servers_checks+=(VETRAI_S3_PORT "$SERVERS_S3_PORT" 1 s3rver); fi
  if [[ -n $SERVERS_SMTP_PORT ]]; then
    _servers_checks+=(VETRAI_SMTP_PORT "$SERVERS_SMTP_PORT" 1 "maildev's SMTP server")
    _servers_checks+=(VETRAI_MAILDEV_WEB_PORT "$SERVERS_WEB_PORT" 1 "maildev's web page")
  fi
  if [[ -n $SERVERS_REDIS_PORT ]]; then _servers_checks+=(VETRAI_REDIS_PORT "$SERVERS_REDIS_PORT" 1 Redis); fi
  if [[ -n $SERVERS_STRIPE_PORT ]]; then _servers_checks+=(VETRAI_STRIPE_STANDIN_PORT "$SERVERS_STRIPE_PORT" 1 "the Stripe stand-in"); fi
  if [[ -n $SERVERS_TWILIO_PORT ]]; then _servers_checks+=(VETRAI_TWILIO_STANDIN_PORT "$SERVERS_TWILIO_PORT" 1 "the Twilio stand-in"); fi
  return 0
}

# servers_stop_leftovers: stops the servers an earlier run in this data
# folder left running, so that they free their ports.
servers_stop_leftovers() {
  local run_dir=$VETRAI_DATA_DIR/run
  stop_leftover "$run_dir/s3rver.pid" s3rver s3rver
  stop_leftover "$run_dir/maildev.pid" maildev maildev
  stop_leftover "$run_dir/redis.pid" Redis redis-server
  stop_leftover "$run_dir/stripe-standin.pid" "the Stripe stand-in" "$STRIPE_STANDIN_DLL"
  stop_leftover "$run_dir/twilio-standin.pid" "the Twilio stand-in" "$TWILIO_STANDIN_DLL"
  pg_stop_leftover "$VETRAI_DATA_DIR/postgres"
}

# servers_install: installs the planned servers that are missing.
servers_install() {
  if [[ -n $SERVERS_PG_PORT ]]; then
    pg_ensure_installed
    pg_init "$VETRAI_DATA_DIR/postgres"
  fi
  if [[ -n $SERVERS_S3_PORT || -n $SERVERS_SMTP_PORT ]]; then node_tools_install; fi
  if [[ -n $SERVERS_REDIS_PORT ]]; then redis_ensure_installed; fi
  return 0
}

# servers_start: starts the planned servers, waits until each serves, and
# exports the variables that hand them to VetrAI.
servers_start() {
  local data=$VETRAI_DATA_DIR run_dir=$VETRAI_DATA_DIR/run logs=$VETRAI_DATA_DIR/logs
  mkdir -p -- "$run_dir" "$logs"
  # The node servers take a second or two to start: let them while PostgreSQL does.
  if [[ -n $SERVERS_S3_PORT ]]; then
    s3rver_launch "$data/s3" "$SERVERS_S3_PORT" "$logs/s3rver.log"
    echo "$S3RVER_PID" >"$run_dir/s3rver.pid"
  fi
  if [[ -n $SERVERS_SMTP_PORT ]]; then
    maildev_launch "$SERVERS_SMTP_PORT" "$SERVERS_WEB_PORT" "$logs/maildev.log"
    echo "$MAILDEV_PID" >"$run_dir/maildev.pid"
  fi
  if [[ -n $SERVERS_REDIS_PORT ]]; then
    # A fresh membership table per run: silos of an earlier run are gone.
    rm -rf -- "$data/redis"
    redis_launch "$SERVERS_REDIS_PORT" "$logs/redis.log" "$data/redis"
    echo "$REDIS_PID" >"$run_dir/redis.pid"
  fi
  if [[ -n $SERVERS_STRIPE_PORT ]]; then
    # A new signing secret per run (unless given): only this run's VetrAI knows it.
    export VETRAI_STRIPE_WEBHOOK_SECRET=${VETRAI_STRIPE_WEBHOOK_SECRET:-$(stripe_standin_random_secret)}
    export VETRAI_STRIPE_PRICE_PRO=${VETRAI_STRIPE_PRICE_PRO:-price_vetrai_pro}
    export VETRAI_STRIPE_PRICE_ENTERPRISE=${VETRAI_STRIPE_PRICE_ENTERPRISE:-price_vetrai_enterprise}
    # Every account gets VetrAI's webhook endpoint (the front end's HTTP port,
    # which the calling script sets), and knows its two prices.
    stripe_standin_launch "$SERVERS_STRIPE_PORT" "$logs/stripe-standin.log" \
      STRIPE_STANDIN_WEBHOOK_URL="http://127.0.0.1:${VETRAI_HTTP_PORT:?}/api/v1/webhooks/stripe" \
      STRIPE_STANDIN_WEBHOOK_SECRET="$VETRAI_STRIPE_WEBHOOK_SECRET" \
      STRIPE_STANDIN_PRICES="$VETRAI_STRIPE_PRICE_PRO:2900:usd,$VETRAI_STRIPE_PRICE_ENTERPRISE:49900:usd"
    echo "$STRIPE_STANDIN_PID" >"$run_dir/stripe-standin.pid"
  fi
  if [[ -n $SERVERS_TWILIO_PORT ]]; then
    twilio_standin_launch "$SERVERS_TWILIO_PORT" "$logs/twilio-standin.log"
    echo "$TWILIO_STANDIN_PID" >"$run_dir/twilio-standin.pid"
  fi

  if [[ -n $SERVERS_PG_PORT ]]; then
    pg_start "$data/postgres" "$SERVERS_PG_PORT"
    pg_createdb "$SERVERS_PG_PORT" vetrai
    export VETRAI_DATABASE_URL="Host=127.0.0.1;Port=$SERVERS_PG_PORT;Username=postgres;Database=vetrai"
    log "PostgreSQL on 127.0.0.1:$SERVERS_PG_PORT, data in $(pg_data_dir "$data/postgres")"
  fi
  if [[ -n $SERVERS_S3_PORT ]]; then
    s3rver_wait "$SERVERS_S3_PORT" "$logs/s3rver.log" || die "s3rver did not start; see $logs/s3rver.log"
    export VETRAI_S3_ENDPOINT=http://127.0.0.1:$SERVERS_S3_PORT
    # s3rver accepts only this key pair and does not check signatures.
    export VETRAI_S3_ACCESS_KEY=S3RVER VETRAI_S3_SECRET_KEY=S3RVER
    log "s3rver on 127.0.0.1:$SERVERS_S3_PORT, data in $data/s3"
  fi
  if [[ -n $SERVERS_SMTP_PORT ]]; then
    maildev_wait "$SERVERS_SMTP_PORT" "$SERVERS_WEB_PORT" "$logs/maildev.log" ||
      die "maildev did not start; see $logs/maildev.log"
    export VETRAI_SMTP_HOST=127.0.0.1 VETRAI_SMTP_PORT=$SERVERS_SMTP_PORT
    log "maildev: SMTP on 127.0.0.1:$SERVERS_SMTP_PORT, mail to read at http://127.0.0.1:$SERVERS_WEB_PORT"
  fi
  if [[ -n $SERVERS_REDIS_PORT ]]; then
    redis_wait "$SERVERS_REDIS_PORT" "$logs/redis.log" || die "Redis did not start; see $logs/redis.log"
    # A StackExchange.Redis configuration string, as Orleans' Redis clustering takes it.
    export VETRAI_REDIS_URL=127.0.0.1:$SERVERS_REDIS_PORT
    log "Redis (cluster membership, this run only) on 127.0.0.1:$SERVERS_REDIS_PORT, append-only file in $data/redis"
  fi
  if [[ -n $SERVERS_STRIPE_PORT ]]; then
    stripe_standin_wait "$SERVERS_STRIPE_PORT" "$logs/stripe-standin.log" ||
      die "the Stripe stand-in did not start; see $logs/stripe-standin.log"
    export VETRAI_STRIPE_API_BASE=http://127.0.0.1:$SERVERS_STRIPE_PORT
    # The stand-in takes any test key; this fixed one is VetrAI's account there.
    export VETRAI_STRIPE_SECRET_KEY=sk_test_vetrai_local
    log "Stripe stand-in on 127.0.0.1:$SERVERS_STRIPE_PORT (webhooks to :$VETRAI_HTTP_PORT/api/v1/webhooks/stripe), log $logs/stripe-standin.log"
  fi
  if [[ -n $SERVERS_TWILIO_PORT ]]; then
    twilio_standin_wait "$SERVERS_TWILIO_PORT" "$logs/twilio-standin.log" ||
      die "the Twilio stand-in did not start; see $logs/twilio-standin.log"
    twilio_standin_export_settings "$SERVERS_TWILIO_PORT"
    log "Twilio stand-in on 127.0.0.1:$SERVERS_TWILIO_PORT (account $VETRAI_TWILIO_ACCOUNT_SID, from $VETRAI_TWILIO_FROM), log $logs/twilio-standin.log"
  fi
}

# servers_stop: stops the servers servers_start started. Never fails.
servers_stop() {
  local run_dir=$VETRAI_DATA_DIR/run
  if [[ -n $MAILDEV_PID ]]; then maildev_stop && rm -f -- "$run_dir/maildev.pid"; fi
  if [[ -n $S3RVER_PID ]]; then s3rver_stop && rm -f -- "$run_dir/s3rver.pid"; fi
  if [[ -n $REDIS_PID ]]; then redis_stop && rm -f -- "$run_dir/redis.pid"; fi
  if [[ -n $STRIPE_STANDIN_PID ]]; then stripe_standin_stop && rm -f -- "$run_dir/stripe-standin.pid"; fi
  if [[ -n $TWILIO_STANDIN_PID ]]; then twilio_standin_stop && rm -f -- "$run_dir/twilio-standin.pid"; fi
  if [[ -n $PG_PID ]]; then pg_stop "$VETRAI_DATA_DIR/postgres"; fi
  return 0
}
