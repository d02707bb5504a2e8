#!/usr/bin/env bash
# The benchmark: builds the local host, a bare ASP.NET Core app and the bench console in Release, then runs the bench,
# which starts Azurite, s3rver and the host on free loopback ports and prints a table (see docs/PERFORMANCE.md).
#   scripts/bench.sh            full run (under 10 minutes on 2 cores), writes docs/PERFORMANCE.md
#   scripts/bench.sh --quick    a smoke run in about a minute; writes nothing unless --out FILE is given
#   scripts/bench.sh --help     every flag
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [ ! -x node_modules/.bin/azurite ] || [ ! -x node_modules/.bin/s3rver ]; then
  echo "==> Installing the emulators (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi

echo "==> Building (Release)"
for project in functions/BucketFunctions.Local bench/BareApp bench/BucketFunctions.Bench; do
  dotnet build "$project" -c Release -nologo -v quiet >/dev/null || { dotnet build "$project" -c Release -nologo -v quiet; exit 1; }
done

echo "==> Running"
exec dotnet bench/BucketFunctions.Bench/bin/Release/net10.0/BucketFunctions.Bench.dll "$@"
