"""Checks for scripts/deploy-rehearsal.sh, made through the AWS API (boto3) against the moto server that
AWS_ENDPOINT_URL names. Expected values come from the synthesized template and the rehearsal's configuration, never
from the API answers they are compared with.

Each passing check names whose work it shows:
- MOTO: moto 5.2.1's own implementation (CloudFormation stacks and change sets, Ref and Fn::Join resolution, its
  AWS::IAM::ManagedPolicy model, the IAM API). These are the rehearsal's evidence.
- ADD_ON: the project's add-on scripts/moto_server_with_iam_groups.py, which creates, updates and deletes groups and
  memberships, updates and deletes the managed policy, from the template it reads. Such a check shows that the
  add-on did what the template says, which the add-on was written to do: consistency, never evidence.
The summary counts them apart; what moto does not implement is reported as such (NOT_IMPLEMENTED), never passed.

Usage:
  rehearsal_checks.py wait-for-server PORT_FILE SERVER_PID
  rehearsal_checks.py prepare USER...                 (create IAM users; require the AWS managed PowerUserAccess)
  rehearsal_checks.py deployed TEMPLATE STACK STATE USER...
  rehearsal_checks.py updated TEMPLATE STACK STATE USER...
  rehearsal_checks.py destroyed STACK STATE USER...
  rehearsal_checks.py failed TEMPLATE STACK DEPLOY_LOG GROUP
  rehearsal_checks.py summary
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
MOTO = "moto"
ADD_ON = "add-on"
NOT_IMPLEMENTED = "not implemented by moto"


def fail(message: str) -> None:
    print(f"rehearsal check FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def record(source: str, message: str) -> None:
    ledger = os.environ.get("REHEARSAL_LEDGER")
    if ledger:
        with open(ledger, "a", encoding="utf-8") as file:
            file.write(json.dumps({"source": source, "message": message}) + "\n")


def ok(message: str, source: str = MOTO) -> None:
    """A passing check; source says whether it shows moto's behaviour (evidence) or the add-on's (consistency)."""
    label = "evidence, moto" if source == MOTO else "consistency only, done by the add-on"
    print(f"rehearsal check ok [{label}]: {message}")
    record(source, message)


def not_implemented(message: str) -> None:
    print(f"rehearsal note [{NOT_IMPLEMENTED}]: {message}")
    record(NOT_IMPLEMENTED, message)


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


def wait_for_server(port_file: str, server_pid: int) -> None:
    """The server writes its port only once it listens on it; then one connection confirms it."""
    for _ in range(300):
        try:
            os.kill(server_pid, 0)
        except OSError:
            fail("moto_server exited during start-up")
        if os.path.exists(port_file):
            with open(port_file, encoding="utf-8") as file:
                port = int(file.read())
            socket.create_connection(("127.0.0.1", port), timeout=5).close()
            return
        time.sleep(0.2)
    fail("moto_server did not listen within 60 s")


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


def stack_refs(stack: str) -> tuple[dict[str, str], dict[str, str]]:
    """Physical ids of the stack's resources, and the values Ref resolves to in the template."""
    cfn = boto3.client("cloudformation")
    account, partition = caller()
    # moto lists resources it has no model for (AWS::CDK::Metadata) without ids: skip those.
    physical = {item["LogicalResourceId"]: item["PhysicalResourceId"]
                for item in cfn.describe_stack_resources(StackName=stack)["StackResources"]
                if "LogicalResourceId" in item and "PhysicalResourceId" in item}
    refs = {"AWS::Partition": partition, "AWS::AccountId": account,
            "AWS::Region": boto3.session.Session().region_name, "AWS::URLSuffix": "amazonaws.com", **physical}
    return physical, refs


def group_and_policy(template_file: str) -> tuple[dict[str, Any], str, str]:
    with open(template_file, encoding="utf-8") as file:
        resources = json.load(file)["Resources"]
    groups = [key for key, value in resources.items() if value["Type"] == "AWS::IAM::Group"]
    policies = [key for key, value in resources.items() if value["Type"] == "AWS::IAM::ManagedPolicy"]
    if len(groups) != 1 or len(policies) != 1:
        fail(f"expected one group and one managed policy in the template, found {groups} and {policies}")
    return resources, groups[0], policies[0]


def stack_status(stack: str, expected: str) -> None:
    status = boto3.client("cloudformation").describe_stacks(StackName=stack)["Stacks"][0]["StackStatus"]
    if status != expected:
        fail(f"stack {stack} is {status}, expected {expected}")
    ok(f"stack {stack} is {expected}")


def default_document(policy_arn: str) -> tuple[str, Any]:
    iam = boto3.client("iam")
    version_id = iam.get_policy(PolicyArn=policy_arn)["Policy"]["DefaultVersionId"]
    document = iam.get_policy_version(PolicyArn=policy_arn, VersionId=version_id)["PolicyVersion"]["Document"]
    return version_id, json.loads(document) if isinstance(document, str) else document


def deployed(template_file: str, stack: str, state_file: str, users: list[str]) -> None:
    iam = boto3.client("iam")
    _, partition = caller()
    stack_status(stack, "CREATE_COMPLETE")
    resources, group_id, policy_id = group_and_policy(template_file)
    physical, refs = stack_refs(stack)

    if policy_id not in physical:
        fail(f"the stack has no physical resource for {policy_id}: CloudFormation did not create the MFA policy")
    policy_arn = physical[policy_id]
    version_id, document = default_document(policy_arn)
    expected_document = resolve(resources[policy_id]["Properties"]["PolicyDocument"], refs)
    if document != expected_document:
        fail("the MFA policy's default version differs from the synthesized document:\n"
             f"deployed:    {json.dumps(document, sort_keys=True)}\nsynthesized: "
             f"{json.dumps(expected_document, sort_keys=True)}")
    ok(f"MFA policy {policy_arn} created by moto's CloudFormation; default version {version_id} equals the "
       f"synthesized document ({len(document['Statement'])} statements)")

    if group_id not in physical:
        fail(f"the stack has no physical resource for {group_id}: the add-on did not create the group")
    group_name = physical[group_id]
    group_properties = resolve(resources[group_id]["Properties"], refs)
    try:
        group = iam.get_group(GroupName=group_name)
    except ClientError as error:
        fail(f"group {group_name} does not exist: {error}")
    ok(f"group {group_name} exists (id {group['Group']['GroupId']})", ADD_ON)

    members = sorted(user["UserName"] for user in group["Users"])
    if members != sorted(users):
        fail(f"group members are {members}, expected the configured users {sorted(users)}")
    ok(f"members are the configured users {members}", ADD_ON)

    attached = sorted(item["PolicyArn"] for item in
                      iam.list_attached_group_policies(GroupName=group_name)["AttachedPolicies"])
    power_user = f"arn:{partition}:iam::aws:policy/{POWER_USER_ACCESS}"
    if attached != sorted([policy_arn, power_user]):
        fail(f"attached policies are {attached}, expected the MFA policy {policy_arn} and {power_user}")
    if attached != sorted(group_properties["ManagedPolicyArns"]):
        fail(f"attached policies {attached} differ from the template's {group_properties['ManagedPolicyArns']}")
    ok(f"attached: {', '.join(attached)}", ADD_ON)

    with open(state_file, "w", encoding="utf-8") as file:
        json.dump({"group": group_name, "group_id": group["Group"]["GroupId"], "policy": policy_arn,
                   "policy_version": version_id, "logical_ids": [group_id, policy_id]}, file)
    alerts_deployed(resources, physical, refs, state_file)


def updated(template_file: str, stack: str, state_file: str, users: list[str]) -> None:
    """After a deploy with changed options: the same group and policy, the policy's document changed in place."""
    iam = boto3.client("iam")
    with open(state_file, encoding="utf-8") as file:
        state = json.load(file)
    stack_status(stack, "UPDATE_COMPLETE")
    resources, group_id, policy_id = group_and_policy(template_file)
    if [group_id, policy_id] != state["logical_ids"]:
        fail(f"the changed options changed the logical ids {state['logical_ids']} to {[group_id, policy_id]}: "
             "CloudFormation would replace the group and the policy")
    physical, refs = stack_refs(stack)
    if physical.get(policy_id) != state["policy"] or physical.get(group_id) != state["group"]:
        fail(f"physical ids changed: {physical.get(group_id)}, {physical.get(policy_id)}; before: {state['group']}, "
             f"{state['policy']}")
    ok(f"the stack still maps {group_id} to {state['group']} and {policy_id} to {state['policy']} (the add-on's "
       "update models keep the resources)", ADD_ON)

    version_id, document = default_document(state["policy"])
    expected_document = resolve(resources[policy_id]["Properties"]["PolicyDocument"], refs)
    if version_id == state["policy_version"]:
        fail(f"the MFA policy's default version is still {version_id}")
    if document != expected_document:
        fail("the MFA policy's new default version differs from the synthesized document:\n"
             f"deployed:    {json.dumps(document, sort_keys=True)}\nsynthesized: "
             f"{json.dumps(expected_document, sort_keys=True)}")
    ok(f"MFA policy {state['policy']} updated in place: default version {state['policy_version']} -> {version_id}, "
       "equal to the new synthesized document", ADD_ON)

    group = iam.get_group(GroupName=state["group"])
    if group["Group"]["GroupId"] != state["group_id"]:
        fail(f"group {state['group']} has the id {group['Group']['GroupId']}, before {state['group_id']}: replaced")
    members = sorted(user["UserName"] for user in group["Users"])
    if members != sorted(users):
        fail(f"group members are {members} after the update, expected {sorted(users)}")
    attached = sorted(item["PolicyArn"] for item in
                      iam.list_attached_group_policies(GroupName=state["group"])["AttachedPolicies"])
    if attached != [state["policy"]]:
        fail(f"attached policies after the update are {attached}, expected only the MFA policy")
    ok(f"group {state['group']} kept its id {state['group_id']} and members {members}; PowerUserAccess detached",
       ADD_ON)
    with open(state_file, "w", encoding="utf-8") as file:
        json.dump({**state, "policy_version": version_id}, file)


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
    ok(f"after destroy: stack {stack} is deleted")
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
    ok(f"after destroy: group {state['group']} and policy {state['policy']} are gone; users {', '.join(users)} "
       "(created outside the stack) remain, in no group", ADD_ON)

    alerts_destroyed(state_file)

def failed(template_file: str, stack: str, deploy_log: str, group_name: str) -> None:
    """A deploy with a member that does not exist: it must fail; what is left depends on moto's rollback."""
    iam, cfn, _ = clients()
    with open(deploy_log, encoding="utf-8", errors="replace") as file:
        log = file.read()
    if "no-such-user" not in log:
        fail(f"the failed deploy's output does not name the missing user no-such-user:\n{log[-3000:]}")
    ok("cdk deploy failed and named the missing member no-such-user (moto's IAM refused to add it, called by the "
       "add-on's UserToGroupAddition)", ADD_ON)
    _, _, policy_id = group_and_policy(template_file)
    try:
        status = cfn.describe_stacks(StackName=stack)["Stacks"][0]["StackStatus"]
    except ClientError:
        status = "gone"
    group_left = True
    try:
        iam.get_group(GroupName=group_name)
    except ClientError as error:
        if error.response["Error"]["Code"] != "NoSuchEntity":
            raise
        group_left = False
    policies_left = [policy["Arn"] for policy in iam.list_policies(Scope="Local")["Policies"]]
    if status in ("ROLLBACK_COMPLETE", "UPDATE_ROLLBACK_COMPLETE", "gone"):
        if group_left or policies_left:
            fail(f"stack {stack} is {status}, yet group {group_name} left: {group_left}, policies left: "
                 f"{policies_left}")
        ok(f"stack {stack} rolled back ({status}) and left no group and no policy")
    elif status.endswith("_COMPLETE") and not status.startswith(("ROLLBACK", "DELETE")):
        fail(f"stack {stack} is {status} although the deploy failed")
    else:
        not_implemented(f"stack {stack} stays {status}: moto 5.2.1 has no rollback (its execute_change_set applies "
                        f"resources until one fails); left behind: group {group_name}: {group_left}, customer "
                        f"managed policies: {policies_left or 'none'}. CloudFormation would roll back and delete "
                        f"them; the rehearsal does not claim it")


def summary() -> None:
    ledger = os.environ.get("REHEARSAL_LEDGER")
    if not ledger or not os.path.exists(ledger):
        fail("no checks were recorded")
    with open(ledger, encoding="utf-8") as file:
        entries = [json.loads(line) for line in file if line.strip()]
    count = {source: sum(1 for entry in entries if entry["source"] == source)
             for source in (MOTO, ADD_ON, NOT_IMPLEMENTED)}
    print(f"== rehearsal checks: {count[MOTO]} of moto's own behaviour (evidence); {count[ADD_ON]} of the add-on's "
          f"work (consistency only, not evidence); {count[NOT_IMPLEMENTED]} noted as not implemented by moto")


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
    # Every rule the template defines is checked below; the count follows the alerts the sample turns on.
    if not rules or len(topics) != 1 or len(keys) != 1:
        fail(f"expected the sample's alerts (rules, 1 topic, 1 key) in the template, found {rules}, {topics}, {keys}")
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
    ok(f"KMS key {key_id} enabled, rotation on")
    # The add-on turns the template's key policy into the text moto's KMS API expects: consistency only.
    ok(f"KMS key {key_id}: key policy as synthesized", ADD_ON)

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
        wait_for_server(arguments[0], int(arguments[1]))
    elif command == "prepare":
        prepare(arguments)
    elif command == "deployed":
        deployed(arguments[0], arguments[1], arguments[2], arguments[3:])
    elif command == "updated":
        updated(arguments[0], arguments[1], arguments[2], arguments[3:])
    elif command == "failed":
        failed(arguments[0], arguments[1], arguments[2], arguments[3])
    elif command == "summary":
        summary()
    elif command == "destroyed":
        destroyed(arguments[0], arguments[1], arguments[2:])
    else:
        fail(f"unknown command {command}")
