// Checks that two synthesized templates declare the same resources (logical id, type, properties), outputs,
// parameters, rules and conditions. Ignored: each resource's Metadata (construct paths differ) and the
// AWS::CDK::Metadata resource's Analytics string (it lists the constructs used). Exit 1 with a diff otherwise.
'use strict';
const fs = require('fs');
const util = require('util');

function normalized(file) {
  const t = JSON.parse(fs.readFileSync(file, 'utf8'));
  const resources = {};
  for (const [id, r] of Object.entries(t.Resources || {})) {
    const copy = { ...r };
    delete copy.Metadata;
    if (copy.Type === 'AWS::CDK::Metadata') copy.Properties = {};
    resources[id] = copy;
  }
  return { Description: t.Description, Resources: resources, Outputs: t.Outputs, Parameters: t.Parameters,
    Rules: t.Rules, Conditions: t.Conditions };
}

const [a, b] = process.argv.slice(2).map(normalized);
if (!util.isDeepStrictEqual(a, b)) {
  for (const key of Object.keys(a)) {
    if (!util.isDeepStrictEqual(a[key], b[key])) {
      console.error(`templates differ in ${key}:\n${JSON.stringify(a[key], null, 1)}\n---\n${JSON.stringify(b[key], null, 1)}`);
    }
  }
  process.exit(1);
}
console.log(`same resources: ${Object.entries(a.Resources).map(([id, r]) => `${id} (${r.Type})`).join(', ')}`);
