#!/usr/bin/env bash
# Checks the library jars this build made: the main, sources and javadoc jars hold no class, source or page of the
# sample app (package io.github.cdkmfa.sample), and the main jar does hold the library.
#
# Usage: check-jar.sh target/FINAL_NAME   (the pom passes ${project.build.directory}/${project.build.finalName}, so
# jars of other versions left in target/ are never checked in its place)
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 TARGET_DIR/FINAL_NAME (without .jar)" >&2
  exit 2
fi
base=$1
status=0
for jar in "$base.jar" "$base-sources.jar" "$base-javadoc.jar"; do
  if [ ! -f "$jar" ]; then
    echo "error: $jar was not built: run the package phase first (mvn package)" >&2
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
if [ -f "$base.jar" ]; then
  # The listing is taken whole first: `unzip | grep -q` under pipefail fails when grep stops reading early.
  listing=$(unzip -Z1 "$base.jar")
  if ! grep -qx 'io/github/cdkmfa/MfaEnforcedGroup.class' <<< "$listing"; then
    echo "error: $base.jar lacks io/github/cdkmfa/MfaEnforcedGroup.class" >&2
    status=1
  fi
fi
[ "$status" -eq 0 ] && echo "== $(basename "$base").jar and its sources and javadoc jars hold the library and no sample class, source or page"
exit "$status"
