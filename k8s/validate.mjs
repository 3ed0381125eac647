// Checks rendered Kubernetes manifests offline, two ways: against the API's OpenAPI schema
// (types, formats, required fields) with kubernetes-models' validators, and for unknown or
// misspelt fields with TypeScript's excess-property checks against the same models' types.
// Usage (from k8s/validate.sh): node validate.mjs WORKDIR FILE...
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";

const [workDir, ...files] = process.argv.slice(2);
const require = createRequire(path.join(workDir, "package.json"));
const yaml = require("js-yaml");
const models = path.join(workDir, "node_modules", "kubernetes-models");

let failures = 0;
let valid = 0;
const imports = [];
const literals = [];
for (const file of files) {
  for (const doc of yaml.loadAll(fs.readFileSync(file, "utf8"))) {
    if (!doc) continue;
    const [group, version] = doc.apiVersion.includes("/") ? doc.apiVersion.split("/") : [null, doc.apiVersion];
    const modelPath = path.join(models, ...(group ? [group] : []), version, `${doc.kind}.js`);
    const { [doc.kind]: Model } = await import(modelPath);
    const copy = structuredClone(doc);
    // kustomize wraps long base64 values over lines as MIME does; the API server's decoder
    // skips the line breaks, the schema's "byte" format does not.
    if (copy.kind === "Secret" && copy.data) {
      for (const key of Object.keys(copy.data)) copy.data[key] = copy.data[key].replace(/\s/g, "");
    }
    try {
      new Model(copy).validate();
      valid++;
    } catch (error) {
      failures++;
      console.log(`${file}: ${doc.kind}/${doc.metadata?.name}: ${error.message}`);
    }
    const type = `T${literals.length}`;
    imports.push(`import type { I${doc.kind} as ${type} } from "${modelPath.replace(/\.js$/, "")}";`);
    literals.push(`// ${file}: ${doc.kind}/${doc.metadata?.name}\nexport const v${literals.length}: ${type} = ${JSON.stringify(doc, null, 1)};`);
  }
}

const checkFile = path.join(workDir, "check.ts");
fs.writeFileSync(checkFile, `${imports.join("\n")}\n${literals.join("\n")}\n`);
try {
  execFileSync(path.join(workDir, "node_modules", ".bin", "tsc"),
    ["--noEmit", "--strict", "--skipLibCheck", "--target", "es2022", "--module", "nodenext", "--moduleResolution", "nodenext", checkFile],
    { stdio: "pipe" });
} catch (error) {
  failures++;
  console.log(`unknown or mistyped fields (see ${checkFile}):\n${error.stdout}`);
}
console.log(`${valid} documents match the schema; ${failures} problem(s)`);
process.exit(failures === 0 ? 0 : 1);
