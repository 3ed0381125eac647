#!/usr/bin/env bash
# Offline checks, no cluster and no Docker engine needed: every YAML file parses, every overlay
# renders with kustomize, every rendered object (and the Secret template) matches the
# Kubernetes API schema with no unknown field, each overlay's Orleans wiring holds together
# (orleans-checks.mjs: Kubernetes hosting env, labels and RBAC, ids and ports shared by silos
# and front ends, NetworkPolicies on the silo, gateway and Redis ports, references between
# objects), the Grafana dashboard queries only metrics README.md lists (grafana/dashboard-checks.mjs),
# and the Dockerfiles pass a syntax lint (building them needs a Docker engine). Needs
# kubectl with kustomize v5 and Node 20+; the checkers come from npm into .tools/k8s-validate
# (pinned below).
set -euo pipefail
here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
top=$(dirname -- "$here")
work=$top/.tools/k8s-validate
command -v kubectl >/dev/null || { echo "validate.sh: kubectl is needed (for kubectl kustomize)" >&2; exit 1; }
command -v npm >/dev/null || { echo "validate.sh: node and npm are needed" >&2; exit 1; }

mkdir -p -- "$work"
pins=(kubernetes-models@5.1.0 js-yaml@5.5.0 typescript@5.9.3 dockerfile-utils@0.16.3)
if [[ $(cat "$work/.pins" 2>/dev/null) != "${pins[*]}" ]]; then
  (cd -- "$work" && { [[ -f package.json ]] || echo '{"private": true}' > package.json; } \
    && npm install --no-audit --no-fund --silent "${pins[@]}" \
    && echo "${pins[*]}" > .pins)
fi

echo "== YAML syntax"
mapfile -t yaml_files < <(find "$here" -name '*.yaml' | sort)
NODE_PATH=$work/node_modules node -e '
  const fs = require("fs"), yaml = require("js-yaml");
  for (const f of process.argv.slice(1)) { yaml.loadAll(fs.readFileSync(f, "utf8")); console.log("ok  " + f); }
' "${yaml_files[@]}"

rendered=()
for overlay in "$here"/overlays/*/; do
  name=$(basename -- "$overlay")
  echo "== kubectl kustomize overlays/$name"
  kubectl kustomize "$overlay" > "$work/$name.yaml"
  rendered+=("$work/$name.yaml")
  grep -E '^kind:' "$work/$name.yaml" | sort | uniq -c
done

echo "== schema and unknown fields"
node "$here/validate.mjs" "$work" "${rendered[@]}" "$here/base/secret.template.yaml"

echo "== Orleans wiring"
node "$here/orleans-checks.mjs" "$work" "$here/base/secret.template.yaml" "${rendered[@]}"

echo "== Grafana dashboard against README.md's metrics"
node "$here/grafana/dashboard-checks.mjs" "$top/README.md" "$here/grafana/vetrai-dashboard.json"

echo "== Dockerfile lint"
for dockerfile in "$here"/docker/Dockerfile.*; do
  "$work/node_modules/.bin/dockerfile-utils" lint "$dockerfile"
  echo "ok  $dockerfile"
done
