#!/usr/bin/env bash
# Starts everything a newcomer needs on this machine and serves the API on http://127.0.0.1:7071:
# Azurite (Blob + Table, with a demo container) and s3rver (with a demo bucket) on loopback, an S3 stand-in for the bucket
# settings s3rver lacks (versioning, object lock…; tools/BucketFunctions.S3StandIn), the local host, and a
# demo organization, workspace and token. Prints a curl command per provider (S3, GCS HMAC, Azure) to try.
# Ctrl-C stops everything. Data lives under .local/ (delete it to start afresh).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

API=http://127.0.0.1:7071
S3_PORT=${S3_PORT:-4568}
STANDIN_PORT=${STANDIN_PORT:-4569}
STATE=.local
mkdir -p "$STATE/azurite" "$STATE/s3rver"
pids=()

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
stopped=
cleanup() {
  [ -n "$stopped" ] && return; stopped=1
  say "Stopping"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_for_port() { # port, name, log
  for _ in $(seq 1 120); do port_busy "$1" && return 0; sleep 0.5; done
  echo "$2 did not start; see $3"; exit 1
}

for port in 10000 10001 10002 "$S3_PORT" "$STANDIN_PORT" 7071; do
  if port_busy "$port"; then echo "Port $port is already in use on 127.0.0.1; stop whatever holds it (an earlier run?) and try again."; exit 1; fi
done

if [ ! -x node_modules/.bin/azurite ] || [ ! -x node_modules/.bin/s3rver ]; then
  say "Installing the emulators (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi
if [ ! -f local.settings.json ]; then
  say "Creating local.settings.json from local.settings.sample.json"
  cp local.settings.sample.json local.settings.json
fi

say "Starting Azurite on 127.0.0.1:10000-10002 (log: $STATE/azurite.log)"
node_modules/.bin/azurite --silent --skipApiVersionCheck --disableTelemetry --location "$STATE/azurite" \
  --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 >"$STATE/azurite.log" 2>&1 &
pids+=($!)

say "Starting s3rver on 127.0.0.1:$S3_PORT with bucket demo-bucket (log: $STATE/s3rver.log)"
node_modules/.bin/s3rver -d "$STATE/s3rver" -a 127.0.0.1 -p "$S3_PORT" --configure-bucket demo-bucket >"$STATE/s3rver.log" 2>&1 &
pids+=($!)
wait_for_port 10002 Azurite "$STATE/azurite.log"
wait_for_port "$S3_PORT" s3rver "$STATE/s3rver.log"
node scripts/azurite-container.js http://127.0.0.1:10000/devstoreaccount1 demo-container

say "Building and starting the API on $API (log: $STATE/api.log)"
dotnet build functions/BucketFunctions.Local -c Release -nologo -v quiet >"$STATE/build.log" 2>&1 || { cat "$STATE/build.log"; exit 1; }
dotnet build tools/BucketFunctions.S3StandIn -c Release -nologo -v quiet >>"$STATE/build.log" 2>&1 || { cat "$STATE/build.log"; exit 1; }

say "Starting the S3 stand-in on 127.0.0.1:$STANDIN_PORT (in memory; log: $STATE/s3-stand-in.log)"
dotnet run --project tools/BucketFunctions.S3StandIn -c Release --no-build -- "$STANDIN_PORT" >"$STATE/s3-stand-in.log" 2>&1 &
pids+=($!)
wait_for_port "$STANDIN_PORT" "The S3 stand-in" "$STATE/s3-stand-in.log"

ASPNETCORE_ENVIRONMENT=Development Endpoints__AllowLoopbackHttp=true \
  dotnet run --project functions/BucketFunctions.Local -c Release --no-build --no-launch-profile >"$STATE/api.log" 2>&1 &
pids+=($!)
wait_for_port 7071 "The API" "$STATE/api.log"

AZURITE_KEY=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==  # Azurite's published dev key
admin_key=$(node -e 'const s=require("./local.settings.json").Values||{}; process.stdout.write(process.env.Admin__Key||s["Admin__Key"]||s["Admin:Key"]||"")')
admin() { # method, path, json body -> prints the body; 409 (already exists from an earlier run) is fine
  local out status
  out=$(curl -sS -X "$1" "$API$2" -H "x-admin-key: $admin_key" -H 'Content-Type: application/json' -d "$3" -w '\n%{http_code}')
  status=${out##*$'\n'}
  if [ "$status" != 200 ] && [ "$status" != 409 ]; then echo "$1 $2 answered $status: ${out%$'\n'*}"; exit 1; fi
  printf '%s' "${out%$'\n'*}"
}

say "Creating the demo organization, workspace and token"
admin POST /manage/organizations '{"organizationId":"demo","name":"Demo organization","bucketLimit":10}' >/dev/null
admin POST /manage/organizations/demo/workspaces '{"workspaceId":"workspace-123","name":"Demo workspace"}' >/dev/null
token=$(admin POST /manage/organizations/demo/tokens \
  '{"description":"run-local demo","workspaces":["*"],"capabilities":["listBuckets","readBuckets","writeBuckets","deleteBuckets"]}' |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.stdout.write(JSON.parse(s).token))')

auth="-H \"Authorization: Bearer $token\" -H \"Content-Type: application/json\""
cat <<MSG

The API is up on $API (Ctrl-C stops everything). Register a bucket with each provider:

# S3 (s3rver's demo-bucket)
curl -sS -X POST $API/bucket $auth \\
  -d '{"name":"S3 demo","bucket":"demo-bucket","storageType":"S3","key":"S3RVER","secret":"S3RVER","endpoint":"http://127.0.0.1:$S3_PORT","workspaceId":"workspace-123"}'

# GCS with HMAC keys, through the XML interoperability API (s3rver stands in for storage.googleapis.com)
curl -sS -X POST $API/bucket $auth \\
  -d '{"name":"GCS demo","bucket":"demo-bucket","storageType":"GCS","key":"S3RVER","secret":"S3RVER","endpoint":"http://127.0.0.1:$S3_PORT","workspaceId":"workspace-123"}'

# Azure Blob (Azurite's demo-container, its published development account)
curl -sS -X POST $API/bucket $auth \\
  -d '{"name":"Azure demo","bucket":"demo-container","storageType":"AZURE","key":"devstoreaccount1","secret":"$AZURITE_KEY","endpoint":"http://127.0.0.1:10000/devstoreaccount1","workspaceId":"workspace-123"}'

# Create the bucket at the provider first (provision): private, versioned, object-locked, 30 days governance retention,
# on the S3 stand-in (s3rver has no versioning or object lock)
curl -sS -X POST $API/bucket $auth \\
  -d '{"name":"Locked demo","bucket":"locked-demo","storageType":"S3","key":"STANDINKEY","secret":"any-secret","endpoint":"http://127.0.0.1:$STANDIN_PORT","workspaceId":"workspace-123","provision":{"bucketType":"allPrivate","versioning":true,"fileLockEnabled":true,"defaultRetention":{"mode":"GOVERNANCE","period":{"duration":30,"unit":"days"}}}}'

Check without storing anything (every step reported; write=true also writes and deletes a probe object):
curl -sS -X POST "$API/bucket/validate?write=true" $auth \\
  -d '{"name":"Check","bucket":"demo-container","storageType":"AZURE","key":"devstoreaccount1","secret":"$AZURITE_KEY","endpoint":"http://127.0.0.1:10000/devstoreaccount1","workspaceId":"workspace-123"}'

Then, with the token: curl -sS $API/bucket -H "Authorization: Bearer $token"   (list), and the same for $API/user/quota;
without one: curl -sS $API/health, and $API/openapi.json.
requests.http walks every route. The demo organization persists under .local/; a second registration with a name
already used answers 409.
MSG

wait "${pids[3]}"  # the API
