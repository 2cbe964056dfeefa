// The benchmark's floor: a plain JavaScript CDK app that declares the sample app's resources (default context)
// as raw CfnResources, with nothing between the app and aws-cdk-lib. bench/run.mjs checks that its template has the
// same resources, properties and outputs as the sample's before timing it, and names the aws-cdk-lib to load in
// BENCH_AWS_CDK_LIB (default: the project's, from package-lock.json).
//
// The resources are read from the sample's golden template (test/resources/snapshots), which SampleStackSnapshotTest
// keeps equal to what the sample synthesizes, so the floor follows every change of the sample without a hand copy.
// Reading that file costs a few milliseconds of the floor's time; everything else is aws-cdk-lib's own work.
'use strict';
const fs = require('fs');
const path = require('path');
const cdk = require(process.env.BENCH_AWS_CDK_LIB || 'aws-cdk-lib');

const golden = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'test', 'resources', 'snapshots',
  'MfaEnforcedGroupSample.template.json'), 'utf8'));

const app = new cdk.App();
const stack = new cdk.Stack(app, 'MfaEnforcedGroupFloor', { description: golden.Description });

for (const [logicalId, resource] of Object.entries(golden.Resources)) {
  if (resource.Type === 'AWS::CDK::Metadata') {
    continue; // the stack adds its own
  }
  const declared = new cdk.CfnResource(stack, logicalId, { type: resource.Type, properties: resource.Properties });
  declared.overrideLogicalId(logicalId);
  for (const attribute of ['DependsOn', 'DeletionPolicy', 'UpdateReplacePolicy', 'Condition']) {
    if (resource[attribute] !== undefined) {
      declared.addOverride(attribute, resource[attribute]);
    }
  }
}
for (const [name, output] of Object.entries(golden.Outputs || {})) {
  new cdk.CfnOutput(stack, name, { value: output.Value, description: output.Description });
}

app.synth();
