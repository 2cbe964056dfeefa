#!/usr/bin/env bash
# Checks the built library jars: the main, sources and javadoc jars hold no class, source or page of the sample app
# (package io.github.cdkmfa.sample), and the main jar does hold the library.
set -euo pipefail
cd "$(dirname "$0")/.."

artifact=$(basename "$(ls target/mfa-enforced-group-*.jar 2>/dev/null | grep -v -- '-sources.jar$\|-javadoc.jar$' | head -1)" .jar)
if [ -z "$artifact" ]; then
  echo "error: no library jar in target/: run the package phase first (mvn package)." >&2
  exit 1
fi
status=0
for jar in "target/$artifact.jar" "target/$artifact-sources.jar" "target/$artifact-javadoc.jar"; do
  if [ ! -f "$jar" ]; then
    echo "error: $jar was not built" >&2
    status=1
    continue
  fi
  sample=$(unzip -Z1 "$jar" | grep '^io/github/cdkmfa/sample/' || true)
  if [ -n "$sample" ]; then
    echo "error: $jar contains the sample app:" >&2
    echo "$sample" >&2
    status=1
  fi
done
# The listing is taken whole first: `unzip | grep -q` under pipefail fails when grep stops reading early.
listing=$(unzip -Z1 "target/$artifact.jar")
if ! grep -qx 'io/github/cdkmfa/MfaEnforcedGroup.class' <<< "$listing"; then
  echo "error: target/$artifact.jar lacks io/github/cdkmfa/MfaEnforcedGroup.class" >&2
  status=1
fi
[ "$status" -eq 0 ] && echo "== jars hold the library and no sample class, source or page"
exit "$status"
