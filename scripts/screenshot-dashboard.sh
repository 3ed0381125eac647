#!/usr/bin/env bash
# Takes the README's screenshot of the Orleans Dashboard: docs/dashboard.png,
# or the path given as the only argument (1440x900 PNG).
#
# Starts a VetrAI of its own with ./run.sh: every port a free one, a
# throw-away data folder, servers of its own (PostgreSQL, Redis, ...) and a
# generated super admin, so that it collides with nothing already running.
# Then tools/DashboardScreenshot (Microsoft.Playwright driving Debian's
# chromium, headless) signs in as that super admin, signs the browser in to
# /dashboard/ with POST /api/v1/dashboard/session, sends real API traffic of a
# few organizations, waits until the page shows it and saves the picture.
# Stops everything it started, whatever happens; the picture is replaced only
# when a new one was taken.
#
# With VETRAI_URL, it uses that running VetrAI instead and starts none; give
# it the super admin in VETRAI_BOOTSTRAP_ADMIN_EMAIL and _PASSWORD. Installs
# chromium with apt when it is missing (as root).
#   VETRAI_SCREENSHOT_START_TIMEOUT  seconds for run.sh to build and start VetrAI (default 900)
#   VETRAI_SCREENSHOT_RENDER_TIMEOUT seconds for the page to show the traffic (default 180)
set -euo pipefail

invoked_from=$PWD
top=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"
# shellcheck source=scripts/lib/all.sh
source scripts/lib/all.sh
export_dotnet_defaults

output=${1:-$top/docs/dashboard.png}
[[ $output == /* ]] || output=$invoked_from/$output
tool_project=tools/DashboardScreenshot
tool_dll=$top/$tool_project/bin/Release/net10.0/VetrAI.DashboardScreenshot.dll
start_timeout=${VETRAI_SCREENSHOT_START_TIMEOUT:-900}
kept_log=${TMPDIR:-/tmp}/vetrai-screenshot-run.log

work=''
run_pid=''
tool_pid=''
build_pid=''

# shellcheck disable=SC2317 # reached through the traps below
cleanup() {
  local rc=$?
  set +e
  # A second Ctrl-C must not cut the cleanup short; its waits have deadlines.
  trap '' INT TERM
  if [[ -n $build_pid ]]; then stop_process "$build_pid" "the build" 30; fi
  if [[ -n $tool_pid ]]; then stop_process "$tool_pid" "the screenshot tool" 15; fi
  # run.sh stops VetrAI gracefully (up to 90s), then its servers.
  if [[ -n $run_pid ]]; then
    log "stopping VetrAI"
    stop_process "$run_pid" run.sh 150
  fi
  # What went wrong is in run.sh's output: keep it past the folder.
  if ((rc != 0)) && [[ -n $work && -s $work/run.log ]]; then
    cp -f -- "$work/run.log" "$kept_log" && log "run.sh's output (VetrAI's log): $kept_log"
  fi
  if [[ -n $work ]]; then rm -rf -- "$work"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap '' PIPE

if [[ -n ${VETRAI_URL:-} ]]; then
  [[ -n ${VETRAI_BOOTSTRAP_ADMIN_EMAIL:-} && -n ${VETRAI_BOOTSTRAP_ADMIN_PASSWORD:-} ]] ||
    die "with VETRAI_URL, set VETRAI_BOOTSTRAP_ADMIN_EMAIL and VETRAI_BOOTSTRAP_ADMIN_PASSWORD to the super admin of that VetrAI"
  export VETRAI_BOOTSTRAP_ADMIN_EMAIL VETRAI_BOOTSTRAP_ADMIN_PASSWORD
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/vetrai-screenshot.XXXXXX")
# The postgres user must enter it to reach the cluster run.sh keeps there.
chmod 755 "$work"

if ! command -v chromium >/dev/null 2>&1; then
  ((EUID == 0)) || die "chromium is missing; install it with: sudo apt-get install chromium"
  log "installing chromium"
  apt_install chromium || die "apt-get could not install chromium"
fi
chromium_path=$(command -v chromium)

log "building $tool_project (Release)"
spawn_tied --log "$work/build.log" -- dotnet build "$tool_project" -c Release -nologo
build_pid=$SPAWNED_PID
build_rc=0
wait "$build_pid" || build_rc=$?
build_pid=''
if ((build_rc != 0)); then
  tail -n 30 "$work/build.log" >&2
  die "the build of $tool_project failed (exit code $build_rc)"
fi

if [[ -n ${VETRAI_URL:-} ]]; then
  url=${VETRAI_URL%/}
else
  # Everything of its own: servers named by the environment are not used.
  unset VETRAI_DATABASE_URL VETRAI_S3_ENDPOINT VETRAI_S3_ACCESS_KEY VETRAI_S3_SECRET_KEY VETRAI_SMTP_HOST \
    VETRAI_REDIS_URL VETRAI_STRIPE_SECRET_KEY VETRAI_STRIPE_API_BASE VETRAI_STRIPE_WEBHOOK_SECRET \
    VETRAI_TWILIO_ACCOUNT_SID VETRAI_TWILIO_API_BASE VETRAI_TWILIO_AUTH_TOKEN VETRAI_PUBLIC_URL \
    VETRAI_JWT_SIGNING_KEY VETRAI_HOST_SILO
  for setting in VETRAI_HTTP_PORT VETRAI_CLUSTER_PORT VETRAI_GATEWAY_PORT VETRAI_PG_PORT VETRAI_S3_PORT \
    VETRAI_SMTP_PORT VETRAI_MAILDEV_WEB_PORT VETRAI_REDIS_PORT VETRAI_STRIPE_STANDIN_PORT VETRAI_TWILIO_STANDIN_PORT; do
    free_port "$setting"
    export "${setting?}"
  done
  export VETRAI_DATA_DIR=$work/data VETRAI_LOG_FORMAT=text
  export VETRAI_BOOTSTRAP_ADMIN_EMAIL=dashboard-admin@example.com
  VETRAI_BOOTSTRAP_ADMIN_PASSWORD=Shot$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')9
  export VETRAI_BOOTSTRAP_ADMIN_PASSWORD
  url=http://127.0.0.1:$VETRAI_HTTP_PORT

  log "starting VetrAI with ./run.sh on $url (output in $work/run.log; the first build takes minutes)"
  # Tied to us: if this script is killed outright, run.sh still gets SIGTERM and stops it all.
  spawn_tied --log "$work/run.log" -- "$top/run.sh"
  run_pid=$SPAWNED_PID
  deadline=$((SECONDS + start_timeout))
  until [[ $(http_status "$VETRAI_HTTP_PORT" /health/ready || true) == 200 ]]; do
    if ! is_alive "$run_pid" || ((SECONDS >= deadline)); then
      log "run.sh said:"
      grep -F '[run.sh]' "$work/run.log" | tail -n 20 >&2
      is_alive "$run_pid" || die "run.sh exited before VetrAI was ready"
      die "VetrAI was not ready within ${start_timeout}s (set VETRAI_SCREENSHOT_START_TIMEOUT to wait longer)"
    fi
    sleep 1
  done
  log "VetrAI is ready"
fi

mkdir -p -- "$(dirname -- "$output")"
spawn_tied -- dotnet "$tool_dll" "$url" "$work/dashboard.png" "$chromium_path"
tool_pid=$SPAWNED_PID
tool_rc=0
wait "$tool_pid" || tool_rc=$?
tool_pid=''
((tool_rc == 0)) || die "the screenshot tool failed (exit code $tool_rc)"
mv -f -- "$work/dashboard.png" "$output"
log "saved $output ($(stat -c %s "$output") bytes)"
