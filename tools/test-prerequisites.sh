#!/usr/bin/env bash
# Run by `dotnet test` before any test starts (target ProvisionTestPrerequisites in
# Functions.Tests.csproj). The tests need, besides the .NET SDK and Node.js:
#   - Chromium at /usr/bin/chromium (browser tests: Playwright drives it; Playwright never downloads one),
#   - python3 with networkx and igraph at /usr/bin/python3 (independent reference for the measures),
#   - the npm servers under tools/ installed from their lock files.
# On Debian or Ubuntu as root it installs what is missing; anywhere else it stops at once and prints
# the exact command to run. SURVEYNETWORK_NO_PROVISION=1 turns installing off (check only).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=()
[ -x /usr/bin/chromium ] || packages+=(chromium)
if [ ! -x /usr/bin/python3 ]; then
  packages+=(python3 python3-networkx python3-igraph)
else
  /usr/bin/python3 -c 'import networkx' 2>/dev/null || packages+=(python3-networkx)
  /usr/bin/python3 -c 'import igraph' 2>/dev/null || packages+=(python3-igraph)
fi

if [ ${#packages[@]} -gt 0 ]; then
  command="apt-get update && apt-get install -y ${packages[*]}"
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null && [ "${SURVEYNETWORK_NO_PROVISION:-}" != "1" ]; then
    echo "Test prerequisites: installing ${packages[*]} (Debian packages)"
    export DEBIAN_FRONTEND=noninteractive
    if ! { apt-get update -qq && apt-get install -y -qq "${packages[@]}" >/dev/null; }; then
      echo "error: could not install ${packages[*]}; run: $command" >&2
      exit 1
    fi
  else
    echo "error: the tests need ${packages[*]}. Run: sudo sh -c '$command'" >&2
    exit 1
  fi
fi

if ! command -v npm >/dev/null; then
  echo "error: the tests need Node.js 20+ with npm (for the Cosmos DB emulator, Azurite, MailDev and Redocly under tools/)." >&2
  exit 1
fi
for dir in tools/*/; do
  if [ -f "$dir/package-lock.json" ] && [ ! -d "$dir/node_modules" ]; then
    echo "Test prerequisites: npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) || { echo "error: npm ci failed in $dir" >&2; exit 1; }
  fi
done
