#!/usr/bin/env bash
# Deploy rehearsal: runs the real `cdk bootstrap`, `cdk deploy` and `cdk destroy` of the sample app against a local
# moto server on 127.0.0.1, with fake credentials, and checks through the AWS API that the group, its policies and
# members are wired as synthesized and that nothing of the stack is left after destroy.
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
server_pid=
cleanup() {
  status=$?
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [ "$status" -ne 0 ] && [ -f "$work/moto.log" ]; then
    echo "--- last lines of the moto server log ---" >&2
    tail -n 40 "$work/moto.log" >&2
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

# Fake credentials and a loopback endpoint only; no profile, config or token from the environment is used.
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_ROLE_ARN AWS_WEB_IDENTITY_TOKEN_FILE AWS_CONTAINER_CREDENTIALS_FULL_URI \
  AWS_CONTAINER_CREDENTIALS_RELATIVE_URI CDK_DEFAULT_ACCOUNT CDK_DEFAULT_REGION
export AWS_CONFIG_FILE="$work/aws-config" AWS_SHARED_CREDENTIALS_FILE="$work/aws-credentials"
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
export AWS_EC2_METADATA_DISABLED=true
# `localhost`, not 127.0.0.1: moto reads the S3 bucket from the host name (bucket.localhost).
export AWS_ENDPOINT_URL="http://localhost:$port"
export CDK_DISABLE_CLI_TELEMETRY=true JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
# moto loads AWS managed policies (PowerUserAccess among them) only when asked.
export MOTO_IAM_LOAD_MANAGED_POLICIES=true

echo "== moto server on 127.0.0.1:$port"
"$python" scripts/moto_server_with_iam_groups.py -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
server_pid=$!
"$python" scripts/rehearsal_checks.py wait-for-server "$port" "$server_pid"

echo "== users created through the AWS API before the deploy: ${users[*]}"
"$python" scripts/rehearsal_checks.py prepare "${users[@]}"
account=$("$python" -c 'import boto3; print(boto3.client("sts").get_caller_identity()["Account"])')

context=(-c "users=$(IFS=,; echo "${users[*]}")" -c "groupName=$group_name")
cdk_options=(--no-notices --output "$work/cdk.out")

echo "== cdk bootstrap aws://$account/$AWS_REGION"
"$cdk" bootstrap "${cdk_options[@]}" "aws://$account/$AWS_REGION" >"$work/bootstrap.log" 2>&1 \
  || { cat "$work/bootstrap.log" >&2; exit 1; }

echo "== cdk deploy ${context[*]}"
"$cdk" deploy "${cdk_options[@]}" "${context[@]}" --all --require-approval never >"$work/deploy.log" 2>&1 \
  || { cat "$work/deploy.log" >&2; exit 1; }

templates=("$work"/cdk.out/*.template.json)
if [ "${#templates[@]}" -ne 1 ] || [ ! -f "${templates[0]}" ]; then
  echo "error: expected one synthesized stack template in cdk.out, found: ${templates[*]}" >&2
  exit 1
fi
stack=$(basename "${templates[0]}" .template.json)
"$python" scripts/rehearsal_checks.py deployed "${templates[0]}" "$stack" "$work/state.json" "${users[@]}"

echo "== cdk destroy $stack"
"$cdk" destroy "${cdk_options[@]}" "${context[@]}" --all --force >"$work/destroy.log" 2>&1 \
  || { cat "$work/destroy.log" >&2; exit 1; }
"$python" scripts/rehearsal_checks.py destroyed "$stack" "$work/state.json" "${users[@]}"

echo "== deploy rehearsal passed (wiring only: moto does not evaluate policy conditions)"
