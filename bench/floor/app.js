// The benchmark's floor: a plain JavaScript CDK app that declares the sample app's resources (default context)
// as raw CfnResources, with nothing between the app and aws-cdk-lib. bench/run.mjs checks that its template has the
// same resources, properties and outputs as the sample's before timing it, and names the aws-cdk-lib to load in
// BENCH_AWS_CDK_LIB (default: the project's, from package-lock.json).
'use strict';
const cdk = require(process.env.BENCH_AWS_CDK_LIB || 'aws-cdk-lib');

const app = new cdk.App();
const stack = new cdk.Stack(app, 'MfaEnforcedGroupFloor', {
  description: 'IAM group whose members must sign in with MFA (MfaEnforcedGroup sample)',
});

const iamArn = (resource) => cdk.Fn.join('', ['arn:', cdk.Aws.PARTITION, ':iam::', cdk.Aws.ACCOUNT_ID, ':' + resource]);
const enrolment = ['iam:CreateVirtualMFADevice', 'iam:EnableMFADevice', 'iam:GetMFADevice', 'iam:GetUser',
  'iam:ListMFADevices', 'iam:ListVirtualMFADevices', 'iam:ResyncMFADevice', 'sts:GetSessionToken'];
const ownUser = ['iam:ChangePassword', 'iam:CreateAccessKey', 'iam:CreateServiceSpecificCredential',
  'iam:DeactivateMFADevice', 'iam:DeleteAccessKey', 'iam:DeleteSSHPublicKey', 'iam:DeleteServiceSpecificCredential',
  'iam:DeleteSigningCertificate', 'iam:EnableMFADevice', 'iam:GetLoginProfile', 'iam:GetMFADevice',
  'iam:GetSSHPublicKey', 'iam:GetUser', 'iam:ListAccessKeys', 'iam:ListMFADevices', 'iam:ListSSHPublicKeys',
  'iam:ListServiceSpecificCredentials', 'iam:ListSigningCertificates', 'iam:ResetServiceSpecificCredential',
  'iam:ResyncMFADevice', 'iam:UpdateAccessKey', 'iam:UpdateLoginProfile', 'iam:UpdateSSHPublicKey',
  'iam:UpdateServiceSpecificCredential', 'iam:UpdateSigningCertificate', 'iam:UploadSSHPublicKey',
  'iam:UploadSigningCertificate'];

const policy = new cdk.CfnResource(stack, 'MfaPolicy', {
  type: 'AWS::IAM::ManagedPolicy',
  properties: {
    Description: 'Allows MFA enrolment and denies everything else until the caller signs in with MFA.',
    Path: '/',
    PolicyDocument: {
      Statement: [
        { Action: ['iam:GetAccountPasswordPolicy', 'iam:ListVirtualMFADevices'], Effect: 'Allow', Resource: '*',
          Sid: 'AllowViewAccountInfo' },
        { Action: 'iam:CreateVirtualMFADevice', Effect: 'Allow', Resource: iamArn('mfa/*'),
          Sid: 'AllowManageOwnVirtualMFADevice' },
        { Action: ownUser, Effect: 'Allow', Resource: [iamArn('user/${aws:username}'), iamArn('user/*/${aws:username}')],
          Sid: 'AllowManageOwnMFAAndCredentials' },
        { NotAction: enrolment, Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
          Effect: 'Deny', Resource: '*', Sid: 'DenyAllExceptListedIfNoMFA' },
      ],
      Version: '2012-10-17',
    },
  },
});
policy.overrideLogicalId('MfaEnforcedGroupMfaPolicy6A925495');

const group = new cdk.CfnResource(stack, 'Group', {
  type: 'AWS::IAM::Group',
  properties: {
    GroupName: 'mfa-enforced-users',
    ManagedPolicyArns: [policy.ref, cdk.Fn.join('', ['arn:', cdk.Aws.PARTITION, ':iam::aws:policy/PowerUserAccess'])],
  },
});
group.overrideLogicalId('MfaEnforcedGroupF854F5CB');

new cdk.CfnOutput(stack, 'GroupName', { value: group.ref, description: 'The MFA-enforced IAM group' });
new cdk.CfnOutput(stack, 'MfaPolicyArn', { value: policy.ref, description: 'The customer managed policy that enforces MFA' });

app.synth();
