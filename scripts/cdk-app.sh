#!/usr/bin/env bash
# cdk.json's "app" command: runs the sample app with `java -cp` on a cached classpath, and builds through Maven
# only when the build inputs changed, so that a `cdk synth` of unchanged sources does not pay Maven's start-up.
#
# Correctness: the inputs (pom.xml, .mvn/ and every file under src/, by path and content) are hashed on each run.
# The classes are used only when that hash equals the one stamped after the last successful build, target/classes
# is as that build left it, the compiled main class is there and every jar on the cached classpath still exists; otherwise it runs
# `mvn compile dependency:build-classpath` first (so a fresh clone, a `git pull`, an edit, a new or deleted file
# or a new dependency all rebuild). The stamp holds the hash taken before the build: a file edited during the
# build is seen as changed on the next run. A failed build leaves no stamp and fails the command.
# Arguments are passed to the app unchanged; CDK context (`cdk synth -c key=value`) reaches it through the
# environment the CLI sets. Cache files live in target/cdk-app (git-ignored, removed by `mvn clean`).
#
# Written here because neither Maven nor the CDK CLI caches a classpath for an app command.
# Environment: APP_JAVA_OPTS replaces the JVM options below; APP_MVN and APP_JAVA name other mvn and java commands.
set -euo pipefail

project=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache="$project/target/cdk-app"
main_class=io.github.cdkmfa.sample.SampleApp
mvn_cmd=${APP_MVN:-mvn}
java_cmd=${APP_JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}
# Short run: the app lives for seconds, so C1 only and the serial collector start fastest.
java_opts=${APP_JAVA_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC}

inputs_hash() {
  local inputs=(pom.xml src) dir
  for dir in .mvn; do [ ! -e "$project/$dir" ] || inputs+=("$dir"); done
  (cd "$project" && find "${inputs[@]}" -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum) \
    | sha256sum | cut -d' ' -f1
}

# What is in target/classes: each file's path, size and modification time. A build run outside this script (an IDE,
# `mvn compile` after an edit that was then undone) changes it, so the classes no longer match the stamped inputs.
classes_fingerprint() {
  (cd "$project" && find target/classes -type f -printf '%P %s %T@\n' 2>/dev/null | LC_ALL=C sort) \
    | sha256sum | cut -d' ' -f1
}

up_to_date() {
  [ -f "$cache/inputs.sha256" ] && [ -f "$cache/classes.sha256" ] && [ -f "$cache/classpath.txt" ] || return 1
  [ "$(cat "$cache/inputs.sha256")" = "$1" ] || return 1
  [ "$(cat "$cache/classes.sha256")" = "$(classes_fingerprint)" ] || return 1
  [ -f "$project/target/classes/${main_class//.//}.class" ] || return 1
  local jar
  IFS=: read -r -a jars < "$cache/classpath.txt"
  for jar in "${jars[@]}"; do
    [ -e "$jar" ] || return 1
  done
}

hash=$(inputs_hash)
if ! up_to_date "$hash"; then
  mkdir -p "$cache"
  rm -f "$cache/inputs.sha256" "$cache/classes.sha256"
  $mvn_cmd -e -q -B -ntp -f "$project/pom.xml" compile dependency:build-classpath -Dmdep.includeScope=runtime \
    -Dmdep.outputFile="$cache/classpath.txt.new" >&2
  mv "$cache/classpath.txt.new" "$cache/classpath.txt"
  classes_fingerprint > "$cache/classes.sha256"
  echo "$hash" > "$cache/inputs.sha256.new"
  mv "$cache/inputs.sha256.new" "$cache/inputs.sha256"
fi

# jsii prints a page-long banner on every run while Node 20 is what the project pins; set the variable to
# anything else to see it.
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=${JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION:-20}
# shellcheck disable=SC2086 # java_opts holds several options
exec $java_cmd $java_opts -cp "$project/target/classes:$(cat "$cache/classpath.txt")" "$main_class" "$@"
