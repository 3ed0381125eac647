#!/usr/bin/env bash
# Runs the whole test suite against throw-away servers (PostgreSQL, s3rver,
# maildev, Redis, the Stripe and Twilio stand-ins) on free 127.0.0.1 ports, and stops them afterwards, whatever
# happens: they are tied to this script (see spawn_tied), so even a SIGKILL of
# it takes them, and the test processes, down.
# Arguments go to `dotnet test`, e.g. ./test.sh --filter Runtime
# Ends with one line `tests: N passed, N failed, N skipped`; exits non-zero on
# any failure, or when no test ran.
set -euo pipefail

top=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
cd "$top"
# shellcheck source=scripts/lib/all.sh
source scripts/lib/all.sh

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
# A test run leaves nothing running: no MSBuild nodes, no compiler server.
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 UseSharedCompilation=false

# A run killed with SIGKILL takes its servers along but cannot remove its
# folder: remove those whose lock no run holds any more.
for old_work in "${TMPDIR:-/tmp}"/vetrai-test.*; do
  [[ -O $old_work && -f $old_work/lock ]] || continue
  flock -n "$old_work/lock" rm -rf -- "$old_work" || true
done
work=$(mktemp -d "${TMPDIR:-/tmp}/vetrai-test.XXXXXX")
# mktemp makes it 0700; the postgres user has to enter it to reach its cluster.
chmod 755 "$work"
# Held as long as we run (spawn_tied keeps our children from inheriting it).
exec {work_lock}>"$work/lock"
flock "$work_lock"
pg_dir=$work/postgres
group_pid=''
watcher_pid=''
out_fd=''
tee_pid=''

# shellcheck disable=SC2317 # reached through the traps below
cleanup() {
  local rc=$?
  # Stop everything, even if one step fails.
  set +e
  # A second Ctrl-C must not cut the cleanup short; its waits have deadlines.
  trap '' INT TERM
  if [[ -n $group_pid ]]; then stop_group "$group_pid"; fi
  if [[ -n $watcher_pid ]]; then stop_process "$watcher_pid" "the test group's watcher" 5; fi
  if [[ -n $out_fd ]]; then exec {out_fd}>&-; fi
  if [[ -n $tee_pid ]]; then stop_process "$tee_pid" tee 5; fi
  stripe_standin_stop
  twilio_standin_stop
  maildev_stop
  s3rver_stop
  redis_stop
  pg_stop "$pg_dir"
  rm -rf -- "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
# SIGPIPE (our reader gone) would end us without the cleanup above.
trap '' PIPE

# run_in_group COMMAND...: runs COMMAND in its own process group (so that an
# interrupted run can stop it and everything it started, test hosts
# included) and returns its exit code. `wait` also lets our traps run at once
# on a signal instead of after the command.
# If we are killed (SIGKILL: no cleanup), the tie stops only the command
# itself; a watcher, tied to us too, then stops the rest of its group.
run_in_group() {
  spawn_tied --session -- "$@"
  group_pid=$SPAWNED_PID
  # Its output nowhere: it must not keep dotnet test's pipe to tee open.
  spawn_tied --log /dev/null -- bash -c "$(declare -f _watch_group); _watch_group $group_pid"
  watcher_pid=$SPAWNED_PID
  local rc=0
  wait "$group_pid" || rc=$?
  # What the command left running in its group goes too.
  stop_group "$group_pid"
  stop_process "$watcher_pid" "the test group's watcher" 5
  group_pid='' watcher_pid=''
  return "$rc"
}

# _watch_group GROUP: runs in a process of its own until process group GROUP
# is empty; on SIGTERM (the tie's, when we die), stops the group. We send it
# SIGTERM too, once we have stopped the group ourselves.
# shellcheck disable=SC2317 # runs in the watcher's bash
_watch_group() {
  local group=$1 i
  trap 'kill -TERM -- "-$group" 2>/dev/null
    for ((i = 0; i < 600; i++)); do kill -0 -- "-$group" 2>/dev/null || exit 0; sleep 0.1; done
    kill -KILL -- "-$group" 2>/dev/null; exit 0' TERM
  while kill -0 -- "-$group" 2>/dev/null; do
    sleep 1 &
    wait $! || true
  done
}

# shellcheck disable=SC2317 # reached through cleanup
stop_group() {
  kill -TERM -- "-$1" 2>/dev/null || return 0
  # Give the whole group time: a test may be stopping servers of its own.
  if ! wait_until 60 "the test processes (group $1) to exit" _group_gone "$1"; then
    kill -KILL -- "-$1" 2>/dev/null || true
  fi
  wait "$1" 2>/dev/null || true
}

# shellcheck disable=SC2317 # reached through wait_until
_group_gone() {
  ! kill -0 -- "-$1" 2>/dev/null
}

# count_results TRX_DIR LOG: sets passed, failed and skipped, summed over
# every test assembly. Two sources, as either can come up short: the .trx
# files (one per assembly, but two finishing in the same second race for a
# file name) and the per-assembly "Passed!/Failed! - Failed: N, Passed: N,
# Skipped: N" lines in dotnet test's output (missing for a crashed host).
# The one that saw more tests wins.
count_results() {
  local trx_passed=0 trx_failed=0 trx_skipped=0 outcomes
  shopt -s nullglob
  local files=("$1"/*.trx)
  shopt -u nullglob
  if ((${#files[@]} > 0)); then
    # One <UnitTestResult ...> start tag per test, with its outcome in it.
    outcomes=$(grep -ho '<UnitTestResult [^>]*' "${files[@]}" | grep -o ' outcome="[A-Za-z]*"' || true)
    trx_passed=$(grep -c '"Passed"' <<<"$outcomes" || true)
    trx_skipped=$(grep -c '"NotExecuted"' <<<"$outcomes" || true)
    # Failed, Error, Timeout, Aborted...: whatever is neither of those.
    trx_failed=$(grep -vc -e '"Passed"' -e '"NotExecuted"' -e '^$' <<<"$outcomes" || true)
  fi
  read -r failed passed skipped < <(
    grep -aoE '(Passed|Failed)! +- Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+' "$2" |
      awk -F'[^0-9]+' '{ f += $2; p += $3; s += $4 } END { print f + 0, p + 0, s + 0 }'
  )
  if ((trx_passed + trx_failed + trx_skipped >= passed + failed + skipped)); then
    passed=$trx_passed failed=$trx_failed skipped=$trx_skipped
  fi
}

started=$SECONDS
pg_ensure_installed
node_tools_install
redis_ensure_installed
pg_port='' s3_port='' smtp_port='' web_port='' redis_port='' stripe_port='' twilio_port=''
free_port pg_port
free_port s3_port
free_port smtp_port
free_port web_port
free_port redis_port
free_port stripe_port
free_port twilio_port
# The node servers take a second or two to start: let them while initdb runs.
s3rver_launch "$work/s3" "$s3_port" "$work/s3rver.log"
maildev_launch "$smtp_port" "$web_port" "$work/maildev.log"
redis_launch "$redis_port" "$work/redis.log"
pg_init "$pg_dir"
# Durability is useless for a database thrown away after the run.
pg_start "$pg_dir" "$pg_port" -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300
s3rver_wait "$s3_port" "$work/s3rver.log"
maildev_wait "$smtp_port" "$web_port" "$work/maildev.log"
redis_wait "$redis_port" "$work/redis.log"
log "servers ready in $((SECONDS - started))s: PostgreSQL :$pg_port, s3rver :$s3_port, maildev SMTP :$smtp_port web :$web_port, Redis :$redis_port"

export VETRAI_TEST_DATABASE_URL="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
export VETRAI_TEST_S3_ENDPOINT=http://127.0.0.1:$s3_port
export VETRAI_TEST_SMTP_HOST=127.0.0.1
export VETRAI_TEST_SMTP_PORT=$smtp_port
export VETRAI_TEST_MAILDEV_URL=http://127.0.0.1:$web_port
# A StackExchange.Redis configuration string, for Orleans' Redis clustering.
export VETRAI_TEST_REDIS_URL=127.0.0.1:$redis_port
# Temporary files of the tests go in $work too, so that they are removed
# with it even when a test host is killed before it could clean up.
mkdir -m 755 "$work/tmp"
export TMPDIR=$work/tmp

command -v dotnet >/dev/null 2>&1 || die "dotnet is not on PATH: install the .NET 10 SDK (see README.md)"
log "building VetrAI.sln (Release)"
run_in_group dotnet build VetrAI.sln -c Release -nologo || die "the build failed"

# Built with the solution, so started only now. The tests give each fixture an
# account of its own (a key of its own) on this one stand-in.
stripe_standin_launch "$stripe_port" "$work/stripe-standin.log"
stripe_standin_wait "$stripe_port" "$work/stripe-standin.log" || die "the Stripe stand-in did not start"
export VETRAI_TEST_STRIPE_URL=http://127.0.0.1:$stripe_port
log "Stripe stand-in :$stripe_port"
# Each fixture is an account of its own there (a random SID and token).
twilio_standin_launch "$twilio_port" "$work/twilio-standin.log"
twilio_standin_wait "$twilio_port" "$work/twilio-standin.log" || die "the Twilio stand-in did not start"
export VETRAI_TEST_TWILIO_URL=http://127.0.0.1:$twilio_port
log "Twilio stand-in :$twilio_port"

results=$work/results
test_rc=0
# Shown as it runs, and kept for count_results. tee ignores Ctrl-C: it must
# outlive dotnet test to pass on its last words.
exec {out_fd}> >(trap '' INT && exec tee "$work/dotnet-test.log")
tee_pid=$!
# The pipe goes to dotnet test as stdout and stderr only: an extra copy
# inherited down to a daemon (a test's PostgreSQL) would keep tee waiting.
run_in_group dotnet test VetrAI.sln -c Release --no-build --logger trx --results-directory "$results" "$@" \
  >&"$out_fd" 2>&1 {out_fd}>&- || test_rc=$?
exec {out_fd}>&-
out_fd=''
wait "$tee_pid" || true
tee_pid=''

passed=0 failed=0 skipped=0
count_results "$results" "$work/dotnet-test.log"
echo "tests: $passed passed, $failed failed, $skipped skipped"
if ((test_rc != 0)); then exit "$test_rc"; fi
if ((failed > 0)); then exit 1; fi
if ((passed + failed == 0)); then
  log "no test ran"
  exit 1
fi
