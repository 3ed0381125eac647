// Checks the Grafana dashboard against README.md's metrics tables (section "Observability"): every
// metric a panel queries is one the README lists, under its Prometheus name, and every VetrAI metric
// has a panel. Prometheus names as the collector's prometheus exporter makes them: "." and "-" to
// "_", the unit as a suffix ("s" -> "_seconds", "By" -> "_bytes", "{...}" none), "_total" on counters,
// "_bucket"/"_sum"/"_count" on histograms.
// Usage (from k8s/validate.sh): node dashboard-checks.mjs README.md DASHBOARD.json
import fs from "node:fs";

const [readmePath, dashboardPath] = process.argv.slice(2);
const readme = fs.readFileSync(readmePath, "utf8").split("\n");

function table(name) {
  const start = readme.findIndex((l) => l.startsWith(`<!-- metrics:${name} `));
  if (start < 0) throw new Error(`${readmePath} has no '<!-- metrics:${name}' table`);
  const rows = [];
  for (const line of readme.slice(start + 3)) {
    if (!line.startsWith("|")) break;
    const [metric, type, unit] = line.replace(/^\||\|$/g, "").split("|").map((c) => c.trim().replace(/^`|`$/g, ""));
    rows.push({ metric, type, unit });
  }
  return rows;
}

const suffixes = { s: "_seconds", ms: "_milliseconds", By: "_bytes" };
function prometheusNames({ metric, type, unit }) {
  const base = metric.replace(/[.-]/g, "_") + (suffixes[unit] ?? "");
  if (type === "histogram") return ["_bucket", "_sum", "_count"].map((s) => base + s);
  return [type.endsWith("counter") && !type.includes("up-down") ? base + "_total" : base];
}

const ours = table("vetrai");
const known = new Map();
for (const row of [...ours, ...table("libraries")]) for (const name of prometheusNames(row)) known.set(name, row.metric);

const promql = new Set(["sum", "rate", "irate", "increase", "histogram_quantile", "avg", "max", "min", "count", "topk", "by", "without", "on", "ignoring", "and", "or", "unless"]);
const dashboard = JSON.parse(fs.readFileSync(dashboardPath, "utf8"));
const problems = [];
const used = new Set();
let queries = 0;
for (const panel of dashboard.panels ?? []) {
  for (const target of panel.targets ?? []) {
    queries++;
    const bare = target.expr
      .replace(/\b(by|without)\s*\([^)]*\)/g, "")
      .replace(/\{[^}]*\}/g, "")
      .replace(/\[[^\]]*\]/g, "")
      .replace(/"[^"]*"/g, "");
    for (const token of bare.match(/[A-Za-z_:][\w:]*/g) ?? []) {
      if (promql.has(token)) continue;
      if (!known.has(token)) problems.push(`panel "${panel.title}": ${token} is not a metric README.md lists`);
      else used.add(known.get(token));
    }
  }
}
for (const row of ours) if (!used.has(row.metric)) problems.push(`no panel shows ${row.metric} (README.md lists it)`);

for (const p of problems) console.log(p);
console.log(`${queries} dashboard queries over ${used.size} README metrics; ${problems.length} problem(s)`);
process.exit(problems.length === 0 ? 0 : 1);
