#!/usr/bin/env bash
# Prepares the staging checks of `mvn verify` (see scripts/staging-checks.sh): empties the staging repository, so
# that only this build's artifacts are in it, and makes a signing key for this build only, in its own GNUPGHOME (under target/), so that `mvn verify` proves the
# release signing end to end without a real key: maven-gpg-plugin signs with it, scripts/staging-checks.sh verifies
# every signature with it. The key has no passphrase, expires after one day and never leaves target/.
#
# Usage: prepare-staging.sh STAGING_REPOSITORY GNUPGHOME USER_ID
set -euo pipefail

staging=$1
home=$2
uid=$3
rm -rf "$staging"
if ! command -v gpg >/dev/null 2>&1; then
  echo "error: gpg is required to prove the release signing (Debian: apt-get install gnupg)." >&2
  exit 1
fi
# A fresh home each build: no key of an earlier build, and nothing from the user's own keyring.
rm -rf "$home"
mkdir -p "$home"
chmod 700 "$home"
gpg --homedir "$home" --batch --quiet --passphrase '' --quick-generate-key "$uid" ed25519 sign 1d
# Stop the agent that key generation started: it would outlive the build.
gpgconf --homedir "$home" --kill gpg-agent 2>/dev/null || true
echo "== throwaway signing key for this build: $(gpg --homedir "$home" --batch --with-colons --list-keys | awk -F: '$1 == "fpr" {print $10; exit}')"
