#!/usr/bin/env bash
# Synthesizes the sample app through cdk.json in the default and in non-default context configurations, and runs
# cfn-lint over every template: any finding (error, warning or informational) fails the build. Templates of the
# constructs the sample does not use with every option are linted by the unit tests themselves (CfnLint).
set -euo pipefail
cd "$(dirname "$0")/.."

required=1.51.0
if ! command -v cfn-lint >/dev/null 2>&1; then
  echo "error: cfn-lint is not installed; install cfn-lint $required (pip install cfn-lint==$required)." >&2
  exit 1
fi
found=$(cfn-lint --version | awk '{print $2}')
if [ "$found" != "$required" ]; then
  echo "error: cfn-lint $found found; this build is checked with cfn-lint $required (pip install cfn-lint==$required)." >&2
  exit 1
fi
cdk=node_modules/.bin/cdk
if [ ! -x "$cdk" ]; then
  echo "error: $cdk is missing: run scripts/ensure-node-tools.sh (npm ci) first." >&2
  exit 1
fi
export CDK_DISABLE_CLI_TELEMETRY=true JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20

work=$(mktemp -d "${TMPDIR:-/tmp}/mfa-cfn-lint.XXXXXX")
trap 'rm -rf "$work"' EXIT

# name|context options (none: cdk.json's defaults)
configurations=(
  "default|"
  "organization|-c organizationTargets=r-ab12,ou-ab12-34cd56ef -c maxMfaAge=PT12H"
  "members-console-only-max-age|-c users=alice,bob -c enforcement=console-only -c maxMfaAge=PT12H -c alertEmail=security@example.com"
  "no-power-user-password-change|-c users=alice -c powerUserAccess=false -c allowPasswordChangeWithoutMfa=true -c groupName=auditors -c alerts=false"
)
for configuration in "${configurations[@]}"; do
  name=${configuration%%|*}
  read -r -a options <<<"${configuration#*|}"
  out="$work/$name"
  echo "== cdk synth ($name) ${options[*]:-}"
  "$cdk" synth --quiet --no-notices --output "$out" ${options[@]+"${options[@]}"} >"$work/$name.log" 2>&1 \
    || { cat "$work/$name.log" >&2; exit 1; }
  templates=("$out"/*.template.json)
  if [ ! -f "${templates[0]}" ]; then
    echo "error: cdk synth ($name) wrote no template to $out" >&2
    exit 1
  fi
  echo "== cfn-lint ${templates[*]##*/}"
  cfn-lint --include-checks I --format parseable -- "${templates[@]}"
done
echo "== cfn-lint: no findings in ${#configurations[@]} configurations"
