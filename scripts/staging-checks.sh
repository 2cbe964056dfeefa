#!/usr/bin/env bash
# Checks what a release would publish, as a consumer would receive it. Run by `mvn verify` after the build has
# signed its artifacts with a throwaway key (scripts/prepare-staging.sh) and deployed them to a file repository
# under target/ (maven-deploy-plugin, the layout Maven Central serves):
#  1. the staging repository holds the pom and the main, sources and javadoc jars, the jar this build made among them;
#  2. `gpg --verify` passes on every .asc in it, each made by the throwaway key;
#  3. the company app in examples/company-app, copied to target/, is built and tested with Maven against the staging
#     repository and a local repository of its own (never ~/.m2 or target/classes), and synthesized through the
#     project's `cdk` CLI; the library it used must be the staged jar, downloaded from the staging repository.
#
# Usage: staging-checks.sh STAGING_REPO GROUP_ID ARTIFACT_ID VERSION TARGET/FINAL_NAME GNUPGHOME MAVEN_LOCAL_REPO
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

staging=$(cd "$1" && pwd) group_id=$2 artifact_id=$3 version=$4 built=$5 gnupg_home=$6 maven_local=$7
fail() {
  echo "error: $*" >&2
  exit 1
}

# 1. The staged artifacts.
dir="$staging/${group_id//.//}/$artifact_id/$version"
[ -d "$dir" ] || fail "nothing was deployed to $dir"
if [[ $version == *-SNAPSHOT ]]; then
  # A snapshot is deployed under a timestamped name; the staging repository was emptied before this build.
  stamped=$(sed -n 's:.*<value>\(.*\)</value>.*:\1:p' "$dir/maven-metadata.xml" | head -1)
  [ -n "$stamped" ] || fail "$dir/maven-metadata.xml names no snapshot version"
else
  stamped=$version
fi
prefix="$dir/$artifact_id-$stamped"
for file in "$prefix.pom" "$prefix.jar" "$prefix-sources.jar" "$prefix-javadoc.jar"; do
  [ -f "$file" ] || fail "$file was not deployed to the staging repository"
  [ -f "$file.asc" ] || fail "$file has no signature $file.asc"
done
cmp -s "$prefix.jar" "$built.jar" || fail "the staged $prefix.jar is not the jar this build made ($built.jar)"
echo "== staged: $artifact_id-$stamped .pom, .jar, -sources.jar, -javadoc.jar, each signed"

# 2. Every signature, by the throwaway key of this build.
fingerprint=$(gpg --homedir "$gnupg_home" --batch --with-colons --list-keys | awk -F: '$1 == "fpr" {print $10; exit}')
[ -n "$fingerprint" ] || fail "no throwaway key in $gnupg_home"
count=0
while IFS= read -r -d '' signature; do
  status=$(gpg --homedir "$gnupg_home" --batch --status-fd 1 --verify "$signature" "${signature%.asc}" 2>/dev/null) \
    || fail "gpg --verify failed on $signature"
  grep -q "^\[GNUPG:\] VALIDSIG $fingerprint " <<<"$status" || fail "$signature is not a valid signature by $fingerprint"
  count=$((count + 1))
done < <(find "$staging" -name '*.asc' -print0)
gpgconf --homedir "$gnupg_home" --kill gpg-agent 2>/dev/null || true
[ "$count" -ge 4 ] || fail "expected at least 4 signatures in $staging, found $count"
echo "== gpg --verify: $count signatures in the staging repository, all by the throwaway key $fingerprint"

# 3. The company app, against the staging repository alone.
cdk=$root/node_modules/.bin/cdk
[ -x "$cdk" ] || fail "$cdk is missing: run scripts/ensure-node-tools.sh (npm ci) first"
work=$root/target/company-app
rm -rf "$work"
mkdir -p "$work/app"
(cd examples/company-app && tar --exclude=./target --exclude=./cdk.out -cf - .) | (cd "$work/app" && tar -xf -)
# Repositories, in order: the staging repository; the build's own local repository as a read-only cache of
# third-party releases (aws-cdk-lib is 119 MB), with snapshots disabled; Maven Central. The app's local repository
# starts empty, so the library can only come from one of these, and step 4 checks it came from staging.
cat >"$work/settings.xml" <<SETTINGS
<settings>
  <profiles>
    <profile>
      <id>staging</id>
      <repositories>
        <repository>
          <id>staging</id>
          <url>file://$staging</url>
          <releases><enabled>true</enabled></releases>
          <snapshots><enabled>true</enabled></snapshots>
        </repository>
        <repository>
          <id>third-party-cache</id>
          <url>file://$maven_local</url>
          <releases><enabled>true</enabled><checksumPolicy>ignore</checksumPolicy></releases>
          <snapshots><enabled>false</enabled></snapshots>
        </repository>
      </repositories>
      <pluginRepositories>
        <pluginRepository>
          <id>third-party-cache</id>
          <url>file://$maven_local</url>
          <releases><enabled>true</enabled><checksumPolicy>ignore</checksumPolicy></releases>
          <snapshots><enabled>false</enabled></snapshots>
        </pluginRepository>
      </pluginRepositories>
    </profile>
  </profiles>
  <activeProfiles>
    <activeProfile>staging</activeProfile>
  </activeProfiles>
</settings>
SETTINGS
# Read by every mvn run in the app's folder, the one cdk.json's "app" starts included.
mkdir -p "$work/app/.mvn"
printf '%s\n' "-s" "$work/settings.xml" "-Dmaven.repo.local=$work/repository" \
  "-Dmfa-enforced-group.version=$version" "-ntp" >"$work/app/.mvn/maven.config"

export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 CDK_DISABLE_CLI_TELEMETRY=true
unset CDK_DEFAULT_ACCOUNT CDK_DEFAULT_REGION
echo "== company app: mvn -B verify (its own tests) against the staging repository"
(cd "$work/app" && mvn -B verify >"$work/mvn-verify.log" 2>&1) || { cat "$work/mvn-verify.log" >&2; fail "the company app's build failed"; }
grep -E '^\[INFO\] Tests run: [1-9][0-9]*, Failures: 0, Errors: 0' "$work/mvn-verify.log" | tail -1 || fail "the company app ran no test"

# 4. Where the library came from.
resolved="$work/repository/${group_id//.//}/$artifact_id/$version"
grep -q ">staging=" "$resolved/_remote.repositories" 2>/dev/null \
  || fail "the company app did not get $artifact_id $version from the staging repository: $(cat "$resolved/_remote.repositories" 2>&1)"
cmp -s "$resolved/$artifact_id-$version.jar" "$built.jar" || fail "the company app used a jar other than the one this build made"
echo "== company app used $artifact_id $version from the staging repository, byte for byte the jar this build made"

echo "== company app: cdk synth through $cdk (cdk.json: $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["app"])' "$work/app/cdk.json"))"
(cd "$work/app" && "$cdk" synth --quiet --no-notices --output "$work/cdk.out" >"$work/cdk-synth.log" 2>&1) \
  || { cat "$work/cdk-synth.log" >&2; fail "cdk synth of the company app failed"; }
python3 - "$work/cdk.out/CompanyIam.template.json" <<'PY'
import json, sys
resources = json.load(open(sys.argv[1]))["Resources"].values()
count = lambda kind: sum(1 for resource in resources if resource["Type"] == kind)
found = {kind: count(kind) for kind in ("AWS::IAM::Group", "AWS::IAM::ManagedPolicy", "AWS::IAM::User",
                                        "AWS::IAM::UserToGroupAddition")}
expected = {"AWS::IAM::Group": 2, "AWS::IAM::ManagedPolicy": 3, "AWS::IAM::User": 1, "AWS::IAM::UserToGroupAddition": 2}
if found != expected:
    sys.exit(f"error: the company app's template has {found}, expected {expected}")
print(f"== company app synthesized: {found}")
PY
