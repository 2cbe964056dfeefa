#!/usr/bin/env bash
# Synth benchmark for the MfaEnforcedGroup sample app. Prints:
#   1. `cdk synth` of the sample app through the project's cdk.json against bench/floor (a plain JavaScript app
#      declaring the same resources as raw CfnResources): runs alternated, medians and their ratio;
#   2. scale: define + synthesize 1, 10 and 50 MfaEnforcedGroups with 0 and 20 users each, one fresh JVM per run,
#      with per-group and per-user cost from a least-squares fit;
#   3. the MFA policy's size (non-white-space characters, partition aws-us-gov) for the default and each option;
#   4. the test suite's wall time (`mvn -B verify`).
#
# Usage: bench/run.sh [--runs N] [--scale-runs N] [--skip-tests] [--only synth|scale|size|tests]
# Needs: Java 17, Maven, Node 20 and the project's Node tools (npm ci); nothing else. Timing uses bash and node.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

runs=5
scale_runs=3
skip_tests=false
only=all
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --scale-runs) scale_runs=$2; shift 2 ;;
    --skip-tests) skip_tests=true; shift ;;
    --only) only=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done

export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
export CDK_DISABLE_CLI_TELEMETRY=true
out="$root/target/bench"
mkdir -p "$out"
bash scripts/ensure-node-tools.sh
cdk="$root/node_modules/.bin/cdk"

now_ms() { date +%s%3N; }
# median of the numbers given as arguments
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
want() { [ "$only" = all ] || [ "$only" = "$1" ]; }

echo "== machine"
echo "nproc $(nproc), memory $(free -g | awk '/^Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1),"\
  "node $(node -v), $(mvn -v 2>/dev/null | head -1 | sed 's/\x1b\[[0-9;]*m//g'), cdk CLI $("$cdk" --version 2>/dev/null | cut -d' ' -f1)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

if want synth; then
  echo
  echo "== 1. cdk synth: sample app (cdk.json: $(node -p 'require("./cdk.json").app')) vs JavaScript floor"
  sample() { "$cdk" synth -q -o "$out/sample.out" >/dev/null; }
  floor() { (cd bench/floor && "$cdk" synth -q -o "$out/floor.out" >/dev/null 2>"$out/floor.stderr"); }
  # One untimed run each: builds the sample if needed and warms the file cache.
  sample
  floor
  node bench/compare-templates.js "$out/sample.out/MfaEnforcedGroupSample.template.json" \
    "$out/floor.out/MfaEnforcedGroupFloor.template.json"
  # Wall time, and CPU time (user + system, the command and its children) which shared cores disturb less.
  timed() {
    local TIMEFORMAT='%R %U %S' times
    times=$( { time "$1"; } 2>&1 )
    set -- $times
    wall=$(awk -v r="$1" 'BEGIN {printf "%d", r * 1000}')
    cpu=$(awk -v u="$2" -v s="$3" 'BEGIN {printf "%d", (u + s) * 1000}')
  }
  a=(); b=(); ac=(); bc=()
  for i in $(seq "$runs"); do
    timed sample; a+=("$wall"); ac+=("$cpu")
    timed floor; b+=("$wall"); bc+=("$cpu")
  done
  ma=$(median "${a[@]}"); mb=$(median "${b[@]}"); mac=$(median "${ac[@]}"); mbc=$(median "${bc[@]}")
  echo "sample wall ms: ${a[*]}   cpu ms: ${ac[*]}"
  echo "floor  wall ms: ${b[*]}   cpu ms: ${bc[*]}"
  echo "median wall: sample ${ma} ms, floor ${mb} ms, ratio $(awk -v a="$ma" -v b="$mb" 'BEGIN {printf "%.2f", a/b}') (target <= 1.20)"
  echo "median cpu:  sample ${mac} ms, floor ${mbc} ms, ratio $(awk -v a="$mac" -v b="$mbc" 'BEGIN {printf "%.2f", a/b}')"
fi

bench_cp() {
  if [ ! -f "$out/test-classpath.txt" ] || [ pom.xml -nt "$out/test-classpath.txt" ]; then
    mvn -B -q -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$out/test-classpath.txt" >/dev/null
  fi
  mvn -B -q -ntp test-compile >/dev/null
  echo "$root/target/test-classes:$root/target/classes:$(cat "$out/test-classpath.txt")"
}

if want scale; then
  echo
  echo "== 2. scale: define + synthesize N MfaEnforcedGroups with U users each (fresh JVM per run, median of $scale_runs)"
  cp=$(bench_cp)
  # The sample app's context (cdk.json's feature flags) as the CLI passes it, stack traces off as the CLI sets them;
  # the default-rules validation is off because 50 groups of 20 users pass CloudFormation's 500 resources.
  context=$(node -p 'JSON.stringify({...require("./cdk.json").context, "aws:cdk:disable-stack-trace": true, "@aws-cdk/core:validateAgainstDefaultRules": false})')
  configs=("1 0" "10 0" "50 0" "1 20" "10 20" "50 20")
  : > "$out/scale.txt"
  for r in $(seq "$scale_runs"); do
    for c in "${configs[@]}"; do
      set -- $c
      t=$(now_ms)
      line=$(CDK_CONTEXT_JSON="$context" java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$cp" io.github.cdkmfa.SynthScaleBench "$1" "$2" "$out/scale.out")
      echo "$1 $2 $(( $(now_ms) - t )) $line" >> "$out/scale.txt"
    done
  done
  node bench/scale-report.js "$out/scale.txt"
fi

if want size; then
  echo
  echo "== 3. MFA policy size (non-white-space characters, aws-us-gov, 12-digit account; IAM limit 6,144)"
  cp=$(bench_cp)
  java -cp "$cp" io.github.cdkmfa.PolicySizeBench
fi

if want tests && [ "$skip_tests" = false ]; then
  echo
  echo "== 4. test suite: mvn -B -ntp verify"
  t=$(now_ms)
  if mvn -B -ntp verify > "$out/verify.log" 2>&1; then status=passed; else status=FAILED; fi
  echo "mvn -B -ntp verify: $status in $(( $(now_ms) - t )) ms ($(grep -E 'Tests run:.*Fail' "$out/verify.log" | tail -1 | sed 's/^\[[A-Z]*\] //'))"
  [ "$status" = passed ] || { tail -40 "$out/verify.log"; exit 1; }
fi
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
