#!/usr/bin/env bash
# Checks the deployment files. Compiles infra/main.bicep and lints every infra/*.bicep with the Bicep CLI, where any
# diagnostic, a warning included, fails the check; then runs the deployment tests (tests/BucketFunctions.Deployment.Tests:
# assertions over the compiled ARM JSON, settings coverage, host.json). The CLI is the NuGet package
# Azure.Bicep.CommandLine.linux-x64, which that test project downloads (its version: BicepCliVersion in
# Directory.Packages.props); nothing needs installing first.
#   scripts/check-infra.sh               compile, lint, then the deployment tests
#   scripts/check-infra.sh --bicep-only  compile and lint only (scripts/test.sh runs the tests with all the others)
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

project=tests/BucketFunctions.Deployment.Tests

# Restores the package and sets the binary's run bit (the project's MakeBicepExecutable target), and asks for its path.
if ! bicep=$(dotnet msbuild "$project" -restore -nologo -v:q -t:MakeBicepExecutable -getProperty:BicepPath) || [ ! -x "$bicep" ]; then
  echo "FAILED: could not restore the Bicep CLI through $project (got '${bicep:-}')."
  exit 1
fi

status=0
diagnostics=$(mktemp)
trap 'rm -f "$diagnostics"' EXIT
# Runs one bicep command; fails when it fails or prints any diagnostic.
check() { # description, bicep arguments...
  local description=$1; shift
  if "$bicep" "$@" >/dev/null 2>"$diagnostics" && [ ! -s "$diagnostics" ]; then
    echo "ok      $description"
  else
    echo "FAILED  $description"
    sed 's/^/        /' "$diagnostics"
    status=1
  fi
}

printf '\n== Bicep %s\n' "$("$bicep" --version | sed -n 's/^Bicep CLI version \([^ ]*\).*/\1/p')"
check "bicep build infra/main.bicep" build infra/main.bicep --stdout
check "bicep lint infra/**/*.bicep" lint --pattern 'infra/**/*.bicep'

if [ "${1:-}" != --bicep-only ]; then
  printf '\n== Deployment tests\n'
  dotnet test "$project" -c Release -nologo -v quiet || status=1
fi

exit "$status"
