# shellcheck shell=bash
# Every helper library at once, for the top-level scripts (run.sh, cluster.sh, test.sh).
lib_dir=${BASH_SOURCE[0]%/*}
# shellcheck source=scripts/lib/common.sh
source "$lib_dir/common.sh"
# shellcheck source=scripts/lib/ports.sh
source "$lib_dir/ports.sh"
# shellcheck source=scripts/lib/postgres.sh
source "$lib_dir/postgres.sh"
# shellcheck source=scripts/lib/node-tools.sh
source "$lib_dir/node-tools.sh"
# shellcheck source=scripts/lib/redis.sh
source "$lib_dir/redis.sh"
# shellcheck source=scripts/lib/stripe-standin.sh
source "$lib_dir/stripe-standin.sh"
# shellcheck source=scripts/lib/twilio-standin.sh
source "$lib_dir/twilio-standin.sh"
# shellcheck source=scripts/lib/servers.sh
source "$lib_dir/servers.sh"
unset lib_dir
