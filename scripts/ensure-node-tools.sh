#!/usr/bin/env bash
# Installs the Node tools that the build and tests use (CDK CLI, IAM policy simulator, AWS managed policy
# documents) from package.json and package-lock.json, unless node_modules already matches the lock file.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "error: Node.js 22 or later with npm is required: the CDK CLI and the IAM policy simulator run on it." >&2
  echo "       Install it (Debian: apt-get install nodejs npm; or from nodejs.org) and run the build again." >&2
  exit 1
fi
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 20 ]; then
  echo "error: Node.js $(node -v) is too old; install Node.js 22 or later." >&2
  exit 1
fi
if [ "$major" -lt 22 ]; then
  echo "warning: Node.js $(node -v) is past its end of life and not tested; install Node.js 22 or later." >&2
fi

stamp=node_modules/.installed-from-package-lock.json
if [ -f "$stamp" ] && cmp -s package-lock.json "$stamp"; then
  exit 0
fi
npm ci --no-audit --no-fund --loglevel=error
cp package-lock.json "$stamp"
