"""Checks for scripts/deploy-rehearsal.sh, made through the AWS API (boto3) against the moto server that
AWS_ENDPOINT_URL names. Expected values come from the synthesized template and the rehearsal's configuration, never
from the API answers they are compared with.

Usage:
  rehearsal_checks.py wait-for-server PORT SERVER_PID
  rehearsal_checks.py prepare USER...                 (create IAM users; require the AWS managed PowerUserAccess)
  rehearsal_checks.py deployed TEMPLATE STACK STATE USER...
  rehearsal_checks.py destroyed STACK STATE USER...
"""
import json
import os
import socket
import sys
import time
from typing import Any

import boto3
from botocore.exceptions import ClientError

POWER_USER_ACCESS = "PowerUserAccess"


def fail(message: str) -> None:
    print(f"rehearsal check FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def ok(message: str) -> None:
    print(f"rehearsal check ok: {message}")


def clients() -> tuple[Any, Any, Any]:
    return boto3.client("iam"), boto3.client("cloudformation"), boto3.client("sts")


def caller() -> tuple[str, str]:
    identity = boto3.client("sts").get_caller_identity()
    return identity["Account"], identity["Arn"].split(":")[1]


def resolve(value: Any, refs: dict[str, str]) -> Any:
    """Resolve the intrinsics CDK writes into this template: Fn::Join and Ref (pseudo parameters, resources)."""
    if isinstance(value, dict):
        if set(value) == {"Ref"}:
            if value["Ref"] not in refs:
                fail(f"cannot resolve Ref {value['Ref']}")
            return refs[value["Ref"]]
        if set(value) == {"Fn::Join"}:
            delimiter, parts = value["Fn::Join"]
            return delimiter.join(str(resolve(part, refs)) for part in parts)
        if any(key.startswith("Fn::") for key in value):
            fail(f"unexpected intrinsic in the template: {json.dumps(value)}")
        return {key: resolve(item, refs) for key, item in value.items()}
    if isinstance(value, list):
        return [resolve(item, refs) for item in value]
    return value


def wait_for_server(port: int, server_pid: int) -> None:
    for _ in range(150):
        try:
            os.kill(server_pid, 0)
        except OSError:
            fail("moto_server exited during start-up")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    fail("moto_server did not listen within 30 s")


def prepare(users: list[str]) -> None:
    iam = boto3.client("iam")
    account, partition = caller()
    for user in users:
        iam.create_user(UserName=user)
    try:
        iam.get_policy(PolicyArn=f"arn:{partition}:iam::aws:policy/{POWER_USER_ACCESS}")
    except ClientError as error:
        fail(f"moto has no AWS managed policy {POWER_USER_ACCESS} ({error}); start it with "
             "MOTO_IAM_LOAD_MANAGED_POLICIES=true")
    ok(f"account {account}: users {', '.join(users)} created; AWS managed {POWER_USER_ACCESS} present")


def deployed(template_file: str, stack: str, state_file: str, users: list[str]) -> None:
    iam, cfn, _ = clients()
    account, partition = caller()
    status = cfn.describe_stacks(StackName=stack)["Stacks"][0]["StackStatus"]
    if status != "CREATE_COMPLETE":
        fail(f"stack {stack} is {status}, expected CREATE_COMPLETE")

    with open(template_file, encoding="utf-8") as file:
        resources = json.load(file)["Resources"]
    # moto lists resources it has no model for (AWS::CDK::Metadata) without ids: skip those.
    physical = {item["LogicalResourceId"]: item["PhysicalResourceId"]
                for item in cfn.describe_stack_resources(StackName=stack)["StackResources"]
                if "LogicalResourceId" in item and "PhysicalResourceId" in item}
    refs = {"AWS::Partition": partition, "AWS::AccountId": account,
            "AWS::Region": boto3.session.Session().region_name, "AWS::URLSuffix": "amazonaws.com", **physical}

    groups = [key for key, value in resources.items() if value["Type"] == "AWS::IAM::Group"]
    policies = [key for key, value in resources.items() if value["Type"] == "AWS::IAM::ManagedPolicy"]
    if len(groups) != 1 or len(policies) != 1:
        fail(f"expected one group and one managed policy in the template, found {groups} and {policies}")
    for logical_id in (groups[0], policies[0]):
        if logical_id not in physical:
            fail(f"the stack has no physical resource for {logical_id} ({resources[logical_id]['Type']}): "
                 "CloudFormation did not create it")
    group_name = physical[groups[0]]
    policy_arn = physical[policies[0]]
    group_properties = resolve(resources[groups[0]]["Properties"], refs)
    expected_document = resolve(resources[policies[0]]["Properties"]["PolicyDocument"], refs)

    try:
        group = iam.get_group(GroupName=group_name)
    except ClientError as error:
        fail(f"group {group_name} does not exist: {error}")
    ok(f"group {group_name} exists")

    members = sorted(user["UserName"] for user in group["Users"])
    if members != sorted(users):
        fail(f"group members are {members}, expected the configured users {sorted(users)}")
    ok(f"members are the configured users {members}")

    attached = sorted(item["PolicyArn"] for item in
                      iam.list_attached_group_policies(GroupName=group_name)["AttachedPolicies"])
    power_user = f"arn:{partition}:iam::aws:policy/{POWER_USER_ACCESS}"
    if attached != sorted([policy_arn, power_user]):
        fail(f"attached policies are {attached}, expected the MFA policy {policy_arn} and {power_user}")
    if attached != sorted(group_properties["ManagedPolicyArns"]):
        fail(f"attached policies {attached} differ from the template's {group_properties['ManagedPolicyArns']}")
    ok(f"attached: {', '.join(attached)}")

    policy = iam.get_policy(PolicyArn=policy_arn)["Policy"]
    document = iam.get_policy_version(PolicyArn=policy_arn,
                                      VersionId=policy["DefaultVersionId"])["PolicyVersion"]["Document"]
    if isinstance(document, str):
        document = json.loads(document)
    if document != expected_document:
        fail("the MFA policy's default version differs from the synthesized document:\n"
             f"deployed:    {json.dumps(document, sort_keys=True)}\nsynthesized: "
             f"{json.dumps(expected_document, sort_keys=True)}")
    ok(f"MFA policy {policy_arn} default version {policy['DefaultVersionId']} equals the synthesized document "
       f"({len(document['Statement'])} statements)")

    with open(state_file, "w", encoding="utf-8") as file:
        json.dump({"group": group_name, "policy": policy_arn}, file)
    alerts_deployed(resources, physical, refs, state_file)


def destroyed(stack: str, state_file: str, users: list[str]) -> None:
    iam, cfn, _ = clients()
    with open(state_file, encoding="utf-8") as file:
        state = json.load(file)
    try:
        status = cfn.describe_stacks(StackName=stack)["Stacks"][0]["StackStatus"]
        if status != "DELETE_COMPLETE":
            fail(f"stack {stack} is {status} after destroy")
    except ClientError:
        pass  # the stack is gone
    try:
        iam.get_group(GroupName=state["group"])
        fail(f"group {state['group']} still exists after destroy")
    except ClientError as error:
        if error.response["Error"]["Code"] != "NoSuchEntity":
            raise
    try:
        iam.get_policy(PolicyArn=state["policy"])
        fail(f"policy {state['policy']} still exists after destroy")
    except ClientError as error:
        if error.response["Error"]["Code"] != "NoSuchEntity":
            raise
    for user in users:
        groups = iam.list_groups_for_user(UserName=user)["Groups"]
        if groups:
            fail(f"user {user} is still in {[group['GroupName'] for group in groups]} after destroy")
    ok(f"after destroy: stack, group {state['group']} and policy {state['policy']} are gone; "
       f"users {', '.join(users)} (created outside the stack) remain, in no group")
    alerts_destroyed(state_file)


# MfaAlerts: the EventBridge rules, the SNS topic and its KMS key.
# What moto 5.2.1 cannot show: its CloudFormation has no AWS::SNS::TopicPolicy and no AWS::SNS::Subscription (both
# are skipped, so the TLS-only topic policy, EventBridge's publish permission and e-mail subscriptions cannot be
# checked here); it never delivers an EventBridge event to SNS (put_events reaches SQS and log groups only), so no
# alert is sent end to end; it deletes a KMS key outright where AWS schedules its deletion (7-day window). The event
# patterns themselves are checked with AWS's event-ruler in MfaAlertsEventPatternTest.
def _alerts_state_file(state_file: str) -> str:
    return state_file + ".alerts.json"


def alerts_deployed(resources: dict[str, Any], physical: dict[str, str], refs: dict[str, str],
                    state_file: str) -> None:
    events, sns, kms = boto3.client("events"), boto3.client("sns"), boto3.client("kms")
    by_type: dict[str, list[str]] = {}
    for logical_id, resource in resources.items():
        by_type.setdefault(resource["Type"], []).append(logical_id)
    rules, topics, keys = (by_type.get(kind, []) for kind in ("AWS::Events::Rule", "AWS::SNS::Topic", "AWS::KMS::Key"))
    if len(rules) != 3 or len(topics) != 1 or len(keys) != 1:
        fail(f"expected the sample's alerts (3 rules, 1 topic, 1 key) in the template, found {rules}, {topics}, {keys}")
    for logical_id in rules + topics + keys:
        if logical_id not in physical:
            fail(f"the stack has no physical resource for {logical_id} ({resources[logical_id]['Type']})")
    topic_arn, key_id = physical[topics[0]], physical[keys[0]]

    key = kms.describe_key(KeyId=key_id)["KeyMetadata"]
    if key["KeyState"] != "Enabled" or not kms.get_key_rotation_status(KeyId=key_id)["KeyRotationEnabled"]:
        fail(f"key {key_id} is {key['KeyState']}, rotation {kms.get_key_rotation_status(KeyId=key_id)}; "
             "expected Enabled with rotation")
    expected_policy = resolve(resources[keys[0]]["Properties"]["KeyPolicy"], refs)
    policy = json.loads(kms.get_key_policy(KeyId=key_id, PolicyName="default")["Policy"])
    if policy != expected_policy:
        fail(f"key policy differs from the template:\ndeployed:    {json.dumps(policy, sort_keys=True)}\n"
             f"synthesized: {json.dumps(expected_policy, sort_keys=True)}")
    ok(f"KMS key {key_id} enabled, rotation on, key policy as synthesized")

    attributes = sns.get_topic_attributes(TopicArn=topic_arn)["Attributes"]
    if attributes.get("KmsMasterKeyId") != key["Arn"]:
        fail(f"topic {topic_arn} is encrypted with {attributes.get('KmsMasterKeyId')!r}, expected {key['Arn']}")
    ok(f"SNS topic {topic_arn} encrypted with the key")

    names = []
    for logical_id in rules:
        name = physical[logical_id]
        expected = resources[logical_id]["Properties"]
        try:
            rule = events.describe_rule(Name=name)
        except ClientError as error:
            fail(f"rule {name} does not exist: {error}")
        if json.loads(rule["EventPattern"]) != expected["EventPattern"] or rule["State"] != expected["State"]:
            fail(f"rule {name}: pattern {rule['EventPattern']} state {rule['State']} differ from the template")
        targets = events.list_targets_by_rule(Rule=name)["Targets"]
        transformer = expected["Targets"][0]["InputTransformer"]
        if [target["Arn"] for target in targets] != [topic_arn] or targets[0].get("InputTransformer") != transformer:
            fail(f"rule {name} targets {targets}, expected the topic {topic_arn} with the synthesized message")
        names.append(name)
    ok(f"EventBridge rules {', '.join(sorted(names))}: patterns as synthesized, each targets the topic with its "
       "message")
    with open(_alerts_state_file(state_file), "w", encoding="utf-8") as file:
        json.dump({"rules": names, "topic": topic_arn, "key": key_id}, file)


def alerts_destroyed(state_file: str) -> None:
    events, sns, kms = boto3.client("events"), boto3.client("sns"), boto3.client("kms")
    with open(_alerts_state_file(state_file), encoding="utf-8") as file:
        state = json.load(file)
    for name in state["rules"]:
        try:
            events.describe_rule(Name=name)
            fail(f"rule {name} still exists after destroy")
        except ClientError as error:
            if error.response["Error"]["Code"] != "ResourceNotFoundException":
                raise
    try:
        sns.get_topic_attributes(TopicArn=state["topic"])
        fail(f"topic {state['topic']} still exists after destroy")
    except ClientError as error:
        if error.response["Error"]["Code"] != "NotFound":
            raise
    try:
        key_state = kms.describe_key(KeyId=state["key"])["KeyMetadata"]["KeyState"]
        if key_state != "PendingDeletion":
            fail(f"key {state['key']} is {key_state} after destroy, expected it deleted or pending deletion")
    except ClientError as error:
        if error.response["Error"]["Code"] != "NotFoundException":
            raise
    ok(f"after destroy: rules {', '.join(sorted(state['rules']))}, topic and key are gone")


if __name__ == "__main__":
    command, arguments = sys.argv[1], sys.argv[2:]
    if command == "wait-for-server":
        wait_for_server(int(arguments[0]), int(arguments[1]))
    elif command == "prepare":
        prepare(arguments)
    elif command == "deployed":
        deployed(arguments[0], arguments[1], arguments[2], arguments[3:])
    elif command == "destroyed":
        destroyed(arguments[0], arguments[1], arguments[2:])
    else:
        fail(f"unknown command {command}")
