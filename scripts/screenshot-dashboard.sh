#!/usr/bin/env bash
# Takes the README's dashboard screenshot (docs/dashboard.png) from a running
# VetrAI (./run.sh in another terminal): signs in as the super admin, signs a
# headless Debian chromium in to /dashboard the way a person does, and saves
# the page. Installs chromium with apt when it is missing (as root).
#   VETRAI_URL (default http://127.0.0.1:8080), VETRAI_BOOTSTRAP_ADMIN_EMAIL and
#   VETRAI_BOOTSTRAP_ADMIN_PASSWORD (the super admin run.sh was started with).
set -euo pipefail

top=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"
# shellcheck source=scripts/lib/all.sh
source scripts/lib/all.sh
export_dotnet_defaults

url=${VETRAI_URL:-http://127.0.0.1:8080}
email=${VETRAI_BOOTSTRAP_ADMIN_EMAIL:?set VETRAI_BOOTSTRAP_ADMIN_EMAIL to the super admin of the running VetrAI}
password=${VETRAI_BOOTSTRAP_ADMIN_PASSWORD:?set VETRAI_BOOTSTRAP_ADMIN_PASSWORD too}
output=${1:-$top/docs/dashboard.png}

if ! command -v chromium >/dev/null 2>&1; then
  ((EUID == 0)) || die "chromium is missing; install it with: sudo apt-get install chromium"
  log "installing chromium"
  apt_install chromium || die "apt-get could not install chromium"
fi

login=$(jq -n --arg e "$email" --arg p "$password" '{email: $e, password: $p}' \
  | curl -fsS -H 'Content-Type: application/json' --data-binary @- "$url/api/v1/login") \
  || die "could not sign in as $email at $url (is ./run.sh running with that super admin?)"
token=$(jq -r .access_token <<<"$login")

mkdir -p -- "$(dirname -- "$output")"
dotnet run --project tools/DashboardScreenshot -c Release -- "$url" "$token" "$output" "$(command -v chromium)"
