#!/usr/bin/env bash
# Runs every test. Works on a fresh clone with only the .NET SDK and Node.js: installs the emulators
# (npm ci) when node_modules is missing; the tests start Azurite and s3rver themselves on loopback.
# Ends with one line of its own, "N passed, N failed", and exits non-zero when a test failed or none ran.
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

step() { printf '\n== %s\n' "$*"; }

# The tests' processes carry this marker in their environment. Whatever still carries it at exit (an emulator whose
# test host died before its watchdog could stop it) is killed, so a run leaves nothing behind however it ends.
run_marker="BUCKETFUNCTIONS_TEST_RUN=$$.$(date +%s%N)"
stop_leftovers() {
  local pids
  pids=$(grep -lzxF -- "$run_marker" /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3)
  [ -z "$pids" ] && return 0
  echo "Stopping processes the tests left running: $(echo $pids)"
  kill -KILL $pids 2>/dev/null || true
}
trap stop_leftovers EXIT
trap 'exit 130' INT TERM

if [ ! -x node_modules/.bin/azurite ] || [ ! -x node_modules/.bin/s3rver ]; then
  step "Installing emulators (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error || { echo "npm ci failed"; echo "0 passed, 0 failed"; exit 1; }
fi

step "Building"
if ! dotnet build BucketFunctions.sln -c Release -nologo -v quiet; then
  echo "The build failed."
  echo "0 passed, 0 failed"
  exit 1
fi

step "Compiling and linting infra/ (Bicep; any warning fails)"
infra_status=0
bash scripts/check-infra.sh --bicep-only || infra_status=1

step "Testing"
results=$(mktemp -d)
status=0
env "$run_marker" dotnet test BucketFunctions.sln -c Release --no-build -nologo --logger "console;verbosity=normal" --logger "trx" \
  --results-directory "$results" 2>&1 | tee "$results/console.log" || status=$?
stop_leftovers

passed=0 failed=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
rm -rf "$results"

echo
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "dotnet test exited with $status although no test reported a failure (a test host crashed or a project did not run)."
fi
[ "$infra_status" -ne 0 ] && echo "The Bicep check failed: see 'Compiling and linting infra/' above."
echo "$passed passed, $failed failed"
if [ "$status" -ne 0 ] || [ "$infra_status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
