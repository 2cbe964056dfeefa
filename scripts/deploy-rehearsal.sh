#!/usr/bin/env bash
# Deploy rehearsal: runs the real `cdk bootstrap`, `cdk deploy` (then again with changed options), `cdk destroy` and a
# deploy that must fail, of the sample app against a local moto server on 127.0.0.1, with fake credentials, and checks
# through the AWS API what each step left. scripts/rehearsal_checks.py says for each check whether it shows moto's
# own behaviour or only the work of the project's add-on (scripts/moto_server_with_iam_groups.py); see CONTRIBUTING.md, "Deploy rehearsal".
#
# It shows wiring, never enforcement: moto does not evaluate policy conditions, so it cannot show that a member
# without MFA is denied. That is what the policy tests are for.
#
# Needs: Node tools from package.json (scripts/ensure-node-tools.sh), Python 3 with moto 5.2.1 and boto3.
# Settings are passed as CDK context; the app itself is whatever cdk.json's "app" runs.
set -euo pipefail
cd "$(dirname "$0")/.."

users=(alice bob)
group_name=mfa-rehearsal-users
python=${PYTHON:-python3}
cdk=node_modules/.bin/cdk

if ! "$python" -c 'import moto, boto3, sys; sys.exit(0 if moto.__version__ == "5.2.1" else 1)' 2>/dev/null; then
  echo "error: the deploy rehearsal needs Python 3 with moto 5.2.1 (server extra) and boto3:" >&2
  echo "       pip install 'moto[server]==5.2.1'   (found: $("$python" -c 'import moto; print(moto.__version__)' 2>&1 | tail -1))" >&2
  exit 1
fi
if [ ! -x "$cdk" ]; then
  echo "error: $cdk is missing: run scripts/ensure-node-tools.sh (npm ci) first." >&2
  exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/mfa-rehearsal.XXXXXX")
# Every long-running child (moto, each cdk command with the node and java processes under it) starts in a process
# group of its own (job control, `set -m`: bash on Linux and macOS alike), so that stopping it stops all of it; its id
# is kept here until it has ended.
set -m
children=()
stop_children() {
  local pid
  for pid in ${children[@]+"${children[@]}"}; do
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM -- "-$pid" 2>/dev/null || true
    fi
  done
  for pid in ${children[@]+"${children[@]}"}; do
    for _ in $(seq 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL -- "-$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  children=()
}
cleanup() {
  status=$?
  trap - EXIT INT TERM
  stop_children
  if [ "$status" -ne 0 ] && [ -f "$work/moto.log" ]; then
    echo "--- last lines of the moto server log ---" >&2
    tail -n 40 "$work/moto.log" >&2
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
# Bash runs a trap only once the foreground command has ended: the commands below therefore run in the background
# and are waited for (run), so a signal stops the rehearsal, and cleanup its children, at once.
trap 'exit 130' INT
trap 'exit 143' TERM
forget() {
  local kept=() pid
  for pid in ${children[@]+"${children[@]}"}; do
    [ "$pid" = "$1" ] || kept+=("$pid")
  done
  children=(${kept[@]+"${kept[@]}"})
}
run() {
  local log=$1
  shift
  "$@" >"$log" 2>&1 &
  local pid=$!
  children+=("$pid")
  local status=0
  wait "$pid" || status=$?
  forget "$pid"
  return "$status"
}

# Fake credentials and a loopback endpoint only; no profile, config or token from the environment is used.
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_ROLE_ARN AWS_WEB_IDENTITY_TOKEN_FILE AWS_CONTAINER_CREDENTIALS_FULL_URI \
  AWS_CONTAINER_CREDENTIALS_RELATIVE_URI CDK_DEFAULT_ACCOUNT CDK_DEFAULT_REGION
export AWS_CONFIG_FILE="$work/aws-config" AWS_SHARED_CREDENTIALS_FILE="$work/aws-credentials"
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
export AWS_EC2_METADATA_DISABLED=true
export CDK_DISABLE_CLI_TELEMETRY=true JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
# moto loads AWS managed policies (PowerUserAccess among them) only when asked.
export MOTO_IAM_LOAD_MANAGED_POLICIES=true
# Each check says whose work it shows; the summary at the end counts them apart.
export REHEARSAL_LEDGER="$work/checks.jsonl"

# moto binds a free port itself and holds it from then on; it names the port in a file once it listens.
"$python" scripts/moto_server_with_iam_groups.py --port-file "$work/port" >"$work/moto.log" 2>&1 &
children+=("$!")
"$python" scripts/rehearsal_checks.py wait-for-server "$work/port" "$!"
port=$(cat "$work/port")
echo "== moto server on 127.0.0.1:$port"
# `localhost`, not 127.0.0.1: moto reads the S3 bucket from the host name (bucket.localhost).
export AWS_ENDPOINT_URL="http://localhost:$port"

echo "== users created through the AWS API before the deploy: ${users[*]}"
"$python" scripts/rehearsal_checks.py prepare "${users[@]}"
account=$("$python" -c 'import boto3; print(boto3.client("sts").get_caller_identity()["Account"])')

# One forwarding Region besides the home Region shows the forwarding stack; the default (every Region) would only
# repeat it sixteen times.
forward_region=eu-west-1
context=(-c "users=$(IFS=,; echo "${users[*]}")" -c "groupName=$group_name" -c "alertRegions=$forward_region")
# The changed options of the upgrade step: enforcement mode, maximum MFA age, PowerUserAccess off.
changed=(-c enforcement=console-only -c maxMfaAge=PT1H -c powerUserAccess=false)
cdk_options=(--no-notices)

echo "== cdk bootstrap aws://$account/$AWS_REGION aws://$account/$forward_region"
# Its own output folder: bootstrap synthesizes the app with cdk.json's context (every Region), and those templates must
# not mix with the deploy's.
run "$work/bootstrap.log" "$cdk" bootstrap "${cdk_options[@]}" --output "$work/cdk.out.bootstrap" "aws://$account/$AWS_REGION" \
  "aws://$account/$forward_region" || { cat "$work/bootstrap.log" >&2; exit 1; }

echo "== cdk deploy ${context[*]}"
run "$work/deploy.log" "$cdk" deploy "${cdk_options[@]}" --output "$work/cdk.out" "${context[@]}" --all \
  --require-approval never || { cat "$work/deploy.log" >&2; exit 1; }

stack=MfaEnforcedGroupSample
forwarder=$stack-MfaAlertsForwarding-$forward_region
templates=("$work"/cdk.out/*.template.json)
if [ "${#templates[@]}" -ne 2 ] || [ ! -f "$work/cdk.out/$stack.template.json" ] ||
  [ ! -f "$work/cdk.out/$forwarder.template.json" ]; then
  echo "error: expected the templates of $stack and $forwarder in cdk.out, found: ${templates[*]}" >&2
  exit 1
fi
"$python" scripts/rehearsal_checks.py deployed "$work/cdk.out/$stack.template.json" "$stack" "$work/state.json" \
  "${users[@]}"
"$python" scripts/rehearsal_checks.py forwarding-deployed "$work/cdk.out/$forwarder.template.json" "$forwarder" \
  "$forward_region" "arn:aws:events:$AWS_REGION:$account:event-bus/default"

# --method=direct (UpdateStack): through a change set, moto 5.2.1 answers the CLI's DescribeChangeSet of the update
# with "Stack with id cdk-deploy-change-set does not exist", which fails the deploy. --no-previous-parameters: moto
# 5.2.1's UpdateStack fails with a KeyError on the template parameter BootstrapVersion when the CLI asks for its
# previous value; without it, moto reads the parameter's default (an SSM parameter name), as CloudFormation would.
echo "== cdk deploy --method=direct ${context[*]} ${changed[*]} (an upgrade with changed options)"
run "$work/update.log" "$cdk" deploy "${cdk_options[@]}" --output "$work/cdk.out.updated" "${context[@]}" \
  "${changed[@]}" --method=direct --no-previous-parameters --all --require-approval never || { cat "$work/update.log" >&2; exit 1; }
"$python" scripts/rehearsal_checks.py updated "$work/cdk.out.updated/$stack.template.json" "$stack" \
  "$work/state.json" "${users[@]}"

echo "== cdk destroy $stack"
run "$work/destroy.log" "$cdk" destroy "${cdk_options[@]}" --output "$work/cdk.out" "${context[@]}" --all --force \
  || { cat "$work/destroy.log" >&2; exit 1; }
"$python" scripts/rehearsal_checks.py destroyed "$stack" "$work/state.json" "${users[@]}"

# The organization part (MfaEnforcedOrganization): moto's CloudFormation has no model for the SCP or the StackSet, so
# the template is synthesized and their API calls are made against moto's Organizations and StackSets instead.
org_targets=r-ab12,ou-ab12-34cd56ef
echo "== cdk synth -c organizationTargets=$org_targets; the SCP and the StackSet through the API"
run "$work/org-synth.log" "$cdk" synth "${cdk_options[@]}" --quiet --output "$work/cdk.out.org" "${context[@]}" \
  -c "organizationTargets=$org_targets" || { cat "$work/org-synth.log" >&2; exit 1; }
"$python" scripts/rehearsal_organization.py "$work/cdk.out.org/$stack.template.json"

failing_group=mfa-rehearsal-failed
echo "== cdk deploy -c users=no-such-user -c groupName=$failing_group (must fail)"
if run "$work/failed.log" "$cdk" deploy "${cdk_options[@]}" --output "$work/cdk.out.failed" -c users=no-such-user -c alertRegions=none \
  -c "groupName=$failing_group" --all --require-approval never; then
  cat "$work/failed.log" >&2
  echo "error: the deploy with a member that does not exist succeeded" >&2
  exit 1
fi
"$python" scripts/rehearsal_checks.py failed "$work/cdk.out.failed/$stack.template.json" "$stack" "$work/failed.log" \
  "$failing_group"

"$python" scripts/rehearsal_checks.py summary
echo "== deploy rehearsal passed (wiring only: moto does not evaluate policy conditions)"
