#!/usr/bin/env bash
# Checks the deployment files. Compiles every infra/*.bicep with a Bicep compiler where one is installed (`bicep`, or
# `az bicep`), and says plainly that it skipped that step where none is; then always runs the static deployment tests
# (tests/BucketFunctions.Deployment.Tests: settings coverage, no keys or SAS in infra/, role assignments, host.json).
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

status=0
mapfile -t files < <(find infra -name '*.bicep' | sort)

compile() {
  if command -v bicep >/dev/null 2>&1; then
    bicep build --stdout "$1" >/dev/null
  else
    az bicep build --stdout --file "$1" >/dev/null
  fi
}

printf '\n== Compiling %d Bicep files\n' "${#files[@]}"
if command -v bicep >/dev/null 2>&1 || { command -v az >/dev/null 2>&1 && az bicep version >/dev/null 2>&1; }; then
  for file in "${files[@]}"; do
    if compile "$file"; then echo "ok      $file"; else echo "FAILED  $file"; status=1; fi
  done
else
  echo "SKIPPED: no Bicep compiler here (neither 'bicep' nor 'az bicep'); the files were not compiled."
  echo "         Install one (az bicep install) to compile them; the static tests below still run."
fi

printf '\n== Static deployment tests\n'
dotnet test tests/BucketFunctions.Deployment.Tests -c Release -nologo -v quiet || status=1

exit "$status"
