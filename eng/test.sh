#!/usr/bin/env bash
# Runs every check the project has, on a fresh machine with the .NET SDK and Node.js:
# system packages the tests use (PostgreSQL, Chromium, the sqlite3 shell), the npm validators, formatting, a
# warnings-as-errors build, then all tests. Ends with one line: "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
# The Playground feedback scenario reads the bot's SQLite database (Node before 22.5 has no node:sqlite).
command -v sqlite3 >/dev/null 2>&1 || need_apt+=(sqlite3)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing ${need_apt[*]} ..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  else
    echo "The tests need these Debian packages: sudo apt-get install -y ${need_apt[*]}" >&2
    exit 1
  fi
fi

if [ -f tests/node/package-lock.json ]; then
  npm ci --prefix tests/node --no-audit --no-fund --loglevel=error
fi

dotnet tool restore >/dev/null
dotnet format --verify-no-changes
dotnet build -c Release -warnaserror -nologo -v quiet

results="$(pwd)/TestResults"
rm -rf "$results"
status=0
dotnet test -c Release --no-build -nologo --logger "trx;LogFileName=results.trx" --results-directory "$results" || status=$?

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
  status=1
  echo "No test results were produced." >&2
fi
echo "$passed passed, $failed failed"
exit "$status"
