// Checks the Orleans wiring of each rendered overlay, beyond what the API schema can say: the
// silos' Kubernetes hosting (labels, downward-API variables, service account, Role and binding),
// the ids and ports that silos and front ends must agree on, the NetworkPolicies in front of the
// Orleans ports and Redis, and the references between objects (Secret and ConfigMap keys,
// Service selectors, probe ports).
// Usage (from k8s/validate.sh): node orleans-checks.mjs WORKDIR SECRET_TEMPLATE RENDERED...
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const [workDir, secretTemplate, ...files] = process.argv.slice(2);
const require = createRequire(path.join(workDir, "package.json"));
const yaml = require("js-yaml");

const SILO = "vetrai-silo";
const FRONTEND = "vetrai-frontend";
const REDIS = "vetrai-redis";
const SECRET = "vetrai-secrets";
const SERVICE_ID_LABEL = "orleans/serviceId";
const CLUSTER_ID_LABEL = "orleans/clusterId";
// What Orleans' Kubernetes agent does with pods (Orleans docs, "Optional Kubernetes hosting
// package"); "delete" only with DeleteDefunctSiloPods, which VetrAI leaves off.
const ORLEANS_POD_VERBS = ["get", "list", "watch", "patch"];
// Pods that are neither silos nor front ends, for the NetworkPolicy checks: another app, and
// another part of this one (the local PostgreSQL, Redis).
const STRANGERS = [
  { "app.kubernetes.io/name": "something-else" },
  { "app.kubernetes.io/name": "vetrai", "app.kubernetes.io/component": "something-else" },
];
const WORKLOAD_KINDS = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"];

const templateKeys = new Set(Object.keys(yaml.load(fs.readFileSync(secretTemplate, "utf8")).stringData ?? {}));

let failures = 0;
let passed = 0;

function check(overlay, what, problems) {
  const list = (Array.isArray(problems) ? problems : [problems]).filter(Boolean);
  if (list.length === 0) {
    passed++;
    console.log(`ok    ${overlay}: ${what}`);
  } else {
    failures++;
    console.log(`FAIL  ${overlay}: ${what}`);
    for (const problem of list) console.log(`        - ${problem}`);
  }
}

function selects(selector, labels) {
  if (!selector) return false;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, key);
    if (operator === "In" && !(has && values.includes(labels[key]))) return false;
    if (operator === "NotIn" && has && values.includes(labels[key])) return false;
    if (operator === "Exists" && !has) return false;
    if (operator === "DoesNotExist" && has) return false;
  }
  return true;
}

function decode(secret, key) {
  if (secret.stringData && Object.hasOwn(secret.stringData, key)) return secret.stringData[key];
  if (secret.data && Object.hasOwn(secret.data, key)) return Buffer.from(secret.data[key].replace(/\s/g, ""), "base64").toString("utf8");
  return undefined;
}

function podPort(podSpec, port) {
  for (const container of podSpec.containers ?? []) {
    for (const p of container.ports ?? []) {
      if (typeof port === "number" ? p.containerPort === port : p.name === port) return p.containerPort;
    }
  }
  return undefined;
}

for (const file of files) {
  const overlay = path.basename(file, ".yaml");
  const docs = yaml.loadAll(fs.readFileSync(file, "utf8")).filter(Boolean);
  const find = (kind, name) => docs.find((d) => d.kind === kind && d.metadata?.name === name);
  const ofKind = (kind) => docs.filter((d) => d.kind === kind);
  const workloads = docs.filter((d) => WORKLOAD_KINDS.includes(d.kind) && d.spec?.template);
  const configMaps = ofKind("ConfigMap");
  const secrets = ofKind("Secret");

  // The value an environment variable gets in a pod: a string, or a description of where it
  // comes from when the manifests do not hold it (the Secret is created out of band).
  function envSource(workload, container, name) {
    const entry = (container.env ?? []).find((e) => e.name === name);
    if (!entry) return { missing: true };
    if (entry.value !== undefined) return { value: entry.value };
    const from = entry.valueFrom ?? {};
    if (from.fieldRef) {
      const label = /^metadata\.labels\['(.+)'\]$/.exec(from.fieldRef.fieldPath);
      if (label) return { value: workload.spec.template.metadata?.labels?.[label[1]], field: from.fieldRef.fieldPath };
      return { field: from.fieldRef.fieldPath };
    }
    if (from.configMapKeyRef) {
      const map = configMaps.find((m) => m.metadata.name === from.configMapKeyRef.name);
      return { value: map?.data?.[from.configMapKeyRef.key], ref: `configmap ${from.configMapKeyRef.name}/${from.configMapKeyRef.key}` };
    }
    if (from.secretKeyRef) {
      const secret = secrets.find((s) => s.metadata.name === from.secretKeyRef.name);
      return { value: secret && decode(secret, from.secretKeyRef.key), ref: `secret ${from.secretKeyRef.name}/${from.secretKeyRef.key}` };
    }
    return {};
  }

  // NetworkPolicy: may a pod with these labels (same namespace) open a TCP connection to this
  // port of the target workload's pods?
  function admits(target, sourceLabels, portNumber) {
    const targetLabels = target.spec.template.metadata?.labels ?? {};
    const namespace = target.metadata.namespace;
    const policies = ofKind("NetworkPolicy").filter(
      (p) => p.metadata.namespace === namespace
        && selects(p.spec.podSelector, targetLabels)
        && (p.spec.policyTypes ?? ["Ingress"]).includes("Ingress"));
    if (policies.length === 0) return true;
    return policies.some((policy) => (policy.spec.ingress ?? []).some((rule) => {
      const peers = rule.from ?? [];
      const peerOk = peers.length === 0 || peers.some((peer) => {
        if (peer.ipBlock) return true;
        if (peer.namespaceSelector && !peer.podSelector) return true;
        return selects(peer.podSelector, sourceLabels);
      });
      const ports = rule.ports ?? [];
      const portOk = ports.length === 0 || ports.some((p) => {
        if ((p.protocol ?? "TCP") !== "TCP") return false;
        if (p.port === undefined) return true;
        const first = typeof p.port === "number" ? p.port : podPort(target.spec.template.spec, p.port);
        return first !== undefined && portNumber >= first && portNumber <= (p.endPort ?? first);
      });
      return peerOk && portOk;
    }));
  }

  function portRules(target, rules) {
    return rules.flatMap(([sourceName, sourceLabels, portName, expected]) => {
      const number = podPort(target.spec.template.spec, portName);
      if (number === undefined) return [`${target.metadata.name} has no container port named ${portName}`];
      const actual = admits(target, sourceLabels, number);
      return actual === expected ? [] : [`${sourceName} pods ${JSON.stringify(sourceLabels)} ${actual ? "may" : "may not"} reach ${target.metadata.name}:${portName} (${number})`];
    });
  }

  const silo = find("Deployment", SILO);
  const frontend = find("Deployment", FRONTEND);
  if (!silo || !frontend) {
    check(overlay, "silos and front ends are Deployments", [!silo && `no Deployment ${SILO}`, !frontend && `no Deployment ${FRONTEND}`]);
    continue;
  }
  const siloLabels = silo.spec.template.metadata?.labels ?? {};
  const frontendLabels = frontend.spec.template.metadata?.labels ?? {};
  const siloPod = silo.spec.template.spec;
  const siloContainer = siloPod.containers[0];
  const frontendContainer = frontend.spec.template.spec.containers[0];
  const serviceId = siloLabels[SERVICE_ID_LABEL];
  const clusterId = siloLabels[CLUSTER_ID_LABEL];

  // Orleans' Kubernetes hosting supports one Deployment owning one cluster.
  const carriers = workloads.filter((w) => w.spec.template.metadata?.labels?.[SERVICE_ID_LABEL] !== undefined
    || w.spec.template.metadata?.labels?.[CLUSTER_ID_LABEL] !== undefined);
  check(overlay, `one Deployment (${SILO}) carries the orleans/* pod labels, outside its selector`, [
    !serviceId && `${SILO} pod template has no ${SERVICE_ID_LABEL} label`,
    !clusterId && `${SILO} pod template has no ${CLUSTER_ID_LABEL} label`,
    carriers.length !== 1 && `carried by ${carriers.map((w) => `${w.kind}/${w.metadata.name}`).join(", ")}`,
    ...Object.keys(silo.spec.selector?.matchLabels ?? {}).filter((k) => k.startsWith("orleans/")).map((k) => `${k} is in the selector (the agent may patch it)`),
  ]);

  const expectEnv = (workload, container, name, test, wanted) => {
    const source = envSource(workload, container, name);
    if (source.missing) return `${workload.metadata.name}: ${name} is not set`;
    return test(source) ? null : `${workload.metadata.name}: ${name} is ${JSON.stringify(source)}, wanted ${wanted}`;
  };
  const field = (path) => (s) => s.field === path;
  const equals = (value) => (s) => s.value !== undefined && String(s.value) === String(value);
  const present = (s) => !s.missing;

  check(overlay, "silo env for Microsoft.Orleans.Hosting.Kubernetes (downward API)", [
    expectEnv(silo, siloContainer, "POD_NAME", field("metadata.name"), "metadata.name"),
    expectEnv(silo, siloContainer, "POD_NAMESPACE", field("metadata.namespace"), "metadata.namespace"),
    expectEnv(silo, siloContainer, "POD_IP", field("status.podIP"), "status.podIP"),
    expectEnv(silo, siloContainer, "ORLEANS_SERVICE_ID", equals(serviceId), `the ${SERVICE_ID_LABEL} label (${serviceId})`),
    expectEnv(silo, siloContainer, "ORLEANS_CLUSTER_ID", equals(clusterId), `the ${CLUSTER_ID_LABEL} label (${clusterId})`),
  ]);

  const siloPort = podPort(siloPod, "silo");
  const gatewayPort = podPort(siloPod, "gateway");
  check(overlay, "silo VETRAI_* settings: ids as the labels, ports as the container ports, pod IP advertised", [
    siloPort === undefined && `${SILO} has no container port named silo`,
    gatewayPort === undefined && `${SILO} has no container port named gateway`,
    expectEnv(silo, siloContainer, "VETRAI_SERVICE_ID", equals(serviceId), serviceId),
    expectEnv(silo, siloContainer, "VETRAI_CLUSTER_ID", equals(clusterId), clusterId),
    expectEnv(silo, siloContainer, "VETRAI_CLUSTER_PORT", equals(siloPort), `the silo port (${siloPort})`),
    expectEnv(silo, siloContainer, "VETRAI_GATEWAY_PORT", equals(gatewayPort), `the gateway port (${gatewayPort})`),
    expectEnv(silo, siloContainer, "VETRAI_ADVERTISED_ADDRESS", field("status.podIP"), "status.podIP"),
    expectEnv(silo, siloContainer, "VETRAI_DATABASE_URL", present, "set"),
    expectEnv(silo, siloContainer, "VETRAI_REDIS_URL", present, "set"),
  ]);

  const siloRedis = envSource(silo, siloContainer, "VETRAI_REDIS_URL");
  const frontendRedis = envSource(frontend, frontendContainer, "VETRAI_REDIS_URL");
  check(overlay, "front ends are Orleans clients of the same service, cluster and Redis", [
    expectEnv(frontend, frontendContainer, "VETRAI_HOST_SILO", equals("false"), "false"),
    expectEnv(frontend, frontendContainer, "VETRAI_SERVICE_ID", equals(serviceId), `the silos' ${SERVICE_ID_LABEL} (${serviceId})`),
    expectEnv(frontend, frontendContainer, "VETRAI_CLUSTER_ID", equals(clusterId), `the silos' ${CLUSTER_ID_LABEL} (${clusterId})`),
    expectEnv(frontend, frontendContainer, "VETRAI_REDIS_URL", present, "set"),
    (siloRedis.ref !== frontendRedis.ref || siloRedis.value !== frontendRedis.value)
      && `silos and front ends read VETRAI_REDIS_URL from different places (${siloRedis.ref ?? siloRedis.value}, ${frontendRedis.ref ?? frontendRedis.value})`,
    ...Object.keys(frontendLabels).filter((k) => k.startsWith("orleans/")).map((k) => `front-end pods carry ${k}: Orleans' agent would take them for silos`),
  ]);

  check(overlay, "no workload still reads VETRAI_CLUSTER_SECRET",
    workloads.flatMap((w) => (w.spec.template.spec.containers ?? [])
      .filter((c) => (c.env ?? []).some((e) => e.name === "VETRAI_CLUSTER_SECRET"))
      .map((c) => `${w.kind}/${w.metadata.name} container ${c.name}`)));

  // RBAC: the silo's own account, its token mounted, bound to a Role with the pod verbs.
  const namespace = silo.metadata.namespace;
  const accountName = siloPod.serviceAccountName ?? "default";
  const account = docs.find((d) => d.kind === "ServiceAccount" && d.metadata.name === accountName && d.metadata.namespace === namespace);
  const tokenMounted = siloPod.automountServiceAccountToken ?? account?.automountServiceAccountToken ?? true;
  const bindings = ofKind("RoleBinding").filter((b) => b.metadata.namespace === namespace
    && (b.subjects ?? []).some((s) => s.kind === "ServiceAccount" && s.name === accountName && (s.namespace ?? b.metadata.namespace) === namespace));
  const rules = bindings.flatMap((b) => {
    const role = b.roleRef.kind === "Role"
      ? docs.find((d) => d.kind === "Role" && d.metadata.name === b.roleRef.name && d.metadata.namespace === namespace)
      : docs.find((d) => d.kind === "ClusterRole" && d.metadata.name === b.roleRef.name);
    return role?.rules ?? [];
  });
  const podRules = rules.filter((r) => (r.apiGroups ?? []).some((g) => g === "" || g === "*")
    && (r.resources ?? []).some((res) => res === "pods" || res === "*")
    && !(r.resourceNames?.length));
  const missingVerbs = ORLEANS_POD_VERBS.filter((verb) => !podRules.some((r) => r.verbs.includes(verb) || r.verbs.includes("*")));
  check(overlay, `silo ServiceAccount with its token mounted, bound to a Role on pods (${ORLEANS_POD_VERBS.join(", ")})`, [
    accountName === "default" && `${SILO} runs under the namespace's default account`,
    !account && `no ServiceAccount ${accountName} in ${namespace}`,
    !tokenMounted && `${SILO} pods do not mount the service-account token`,
    bindings.length === 0 && `no RoleBinding in ${namespace} names ServiceAccount ${accountName}`,
    missingVerbs.length > 0 && `the bound roles lack these verbs on pods (without resourceNames): ${missingVerbs.join(", ")}`,
  ]);

  check(overlay, "NetworkPolicy: silo port from silos only, gateway from silos and front ends", portRules(silo, [
    ["silo", siloLabels, "silo", true],
    ["silo", siloLabels, "gateway", true],
    ["front-end", frontendLabels, "gateway", true],
    ["front-end", frontendLabels, "silo", false],
    ...STRANGERS.flatMap((labels) => [["other", labels, "silo", false], ["other", labels, "gateway", false]]),
  ]));

  const redis = find("Deployment", REDIS);
  if (redis) {
    check(overlay, "NetworkPolicy: Redis from silos and front ends only", portRules(redis, [
      ["silo", siloLabels, "redis", true],
      ["front-end", frontendLabels, "redis", true],
      ...STRANGERS.map((labels) => ["other", labels, "redis", false]),
    ]));
  }

  // VETRAI_REDIS_URL, when the overlay holds its value: its first endpoint is a Service here.
  if (siloRedis.value !== undefined) {
    const [host, port = "6379"] = siloRedis.value.split(",")[0].trim().split(":");
    const inCluster = !host.includes(".") || host.endsWith(".svc") || host.includes(".svc.");
    const service = inCluster && docs.find((d) => d.kind === "Service" && d.metadata.name === host.split(".")[0]);
    check(overlay, `VETRAI_REDIS_URL (${siloRedis.value}) names a Service of this overlay`, [
      inCluster && !service && `no Service ${host}`,
      service && !(service.spec.ports ?? []).some((p) => String(p.port) === port) && `Service ${host} has no port ${port}`,
    ]);
  }

  check(overlay, "no HorizontalPodAutoscaler scales the silos (each change moves grains)",
    ofKind("HorizontalPodAutoscaler").filter((h) => h.spec.scaleTargetRef.name === SILO).map((h) => `HorizontalPodAutoscaler/${h.metadata.name}`));

  // References between objects.
  const referenceProblems = [];
  for (const w of workloads) {
    const podSpec = w.spec.template.spec;
    for (const c of [...(podSpec.initContainers ?? []), ...(podSpec.containers ?? [])]) {
      for (const e of c.env ?? []) {
        const mapRef = e.valueFrom?.configMapKeyRef;
        if (mapRef && !mapRef.optional) {
          const map = configMaps.find((m) => m.metadata.name === mapRef.name);
          if (!map || !Object.hasOwn(map.data ?? {}, mapRef.key)) referenceProblems.push(`${w.metadata.name}: ${e.name} needs ConfigMap key ${mapRef.name}/${mapRef.key}`);
        }
        const secretRef = e.valueFrom?.secretKeyRef;
        if (secretRef && !secretRef.optional) {
          const secret = secrets.find((s) => s.metadata.name === secretRef.name);
          if (secret ? decode(secret, secretRef.key) === undefined : secretRef.name !== SECRET || !templateKeys.has(secretRef.key)) {
            referenceProblems.push(`${w.metadata.name}: ${e.name} needs Secret key ${secretRef.name}/${secretRef.key} (${secret ? "not in the rendered Secret" : "not in base/secret.template.yaml"})`);
          }
        }
      }
      for (const probe of ["startupProbe", "readinessProbe", "livenessProbe"]) {
        const port = c[probe]?.tcpSocket?.port ?? c[probe]?.httpGet?.port;
        if (typeof port === "string" && !(c.ports ?? []).some((p) => p.name === port)) {
          referenceProblems.push(`${w.metadata.name}: ${probe} names port ${port}, which container ${c.name} does not declare`);
        }
      }
    }
  }
  for (const service of ofKind("Service")) {
    if (!service.spec.selector) continue;
    const backends = workloads.filter((w) => w.metadata.namespace === service.metadata.namespace
      && selects({ matchLabels: service.spec.selector }, w.spec.template.metadata?.labels ?? {}));
    if (backends.length === 0) referenceProblems.push(`Service ${service.metadata.name} selects no workload's pods`);
    for (const p of service.spec.ports ?? []) {
      if (typeof p.targetPort === "string" && !backends.every((w) => podPort(w.spec.template.spec, p.targetPort) !== undefined)) {
        referenceProblems.push(`Service ${service.metadata.name}: target port ${p.targetPort} is not declared by every backend`);
      }
    }
  }
  check(overlay, "ConfigMap and Secret keys, probe ports and Service selectors resolve", referenceProblems);
}

console.log(`${passed} Orleans wiring checks passed; ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
