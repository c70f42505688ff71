#!/bin/bash
# Media upload benchmark (not a test): a SIZE_MB (default 200) MB file uploaded to the app in chunks through the media
# API (create → PATCH CHUNK_MB chunks → complete, file-system storage, Release build, Production environment), and in the
# same run the same bytes PUT with curl to nginx (Debian, WebDAV PUT writing to disk, client_max_body_size 0).
# Reports both times, the throughputs and the ratio app/nginx (issue 13's target: at least 0.5). ROUNDS rounds, alternating.
# Usage: bench/upload.sh            (env: SIZE_MB=200 CHUNK_MB=16 ROUNDS=2 APP_PORT=5191 NGINX_PORT=5192 SKIP_BUILD=1)
# Needs: curl, nginx (apt-get install nginx). The app starts on an empty App_Data of its own (demo recipe).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SIZE_MB=${SIZE_MB:-200}
CHUNK_MB=${CHUNK_MB:-16}
ROUNDS=${ROUNDS:-2}
APP_PORT=${APP_PORT:-5191}
NGINX_PORT=${NGINX_PORT:-5192}
PASSWORD='Bench-Upload-1!'
WORK=$(mktemp -d /tmp/nmc-upload.XXXXXX); chmod 755 "$WORK"
APP="http://127.0.0.1:$APP_PORT"
cd "$ROOT"
[ "${SKIP_BUILD:-}" = 1 ] || dotnet build -c Release src/NewMediaCms.Web -v q -nologo >/dev/null

# The file: a PDF header and random bytes (the library accepts it as a PDF); its chunks are cut before the clock starts.
{ printf '%%PDF-1.4\n'; head -c $((SIZE_MB * 1024 * 1024 - 9)) /dev/urandom; } >"$WORK/file.pdf"
mkdir -p "$WORK/chunks" && (cd "$WORK/chunks" && split -b "${CHUNK_MB}M" -d -a 4 ../file.pdf part.)
LENGTH=$(stat -c %s "$WORK/file.pdf")

mkdir -p "$WORK/dav" "$WORK/tmp"; chmod 777 "$WORK/dav" "$WORK/tmp"
cat >"$WORK/nginx.conf" <<NGINX
worker_processes 2;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 64; }
http {
  access_log off;
  client_max_body_size 0;
  client_body_temp_path $WORK/tmp;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location /upload/ { root $WORK/dav; dav_methods PUT; create_full_put_path on; }
  }
}
NGINX
nginx -c "$WORK/nginx.conf"

(cd src/NewMediaCms.Web && exec env ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
  dotnet bin/Release/net10.0/NewMediaCms.Web.dll --urls "$APP" --Store:AppDataPath="$WORK/app_data" \
  --Setup:Recipe=demo-county --Setup:AdminPassword="$PASSWORD" --Setup:DemoPassword="$PASSWORD" --Jobs:RunServer=false \
  --Media:MaxChunkBytes=$((CHUNK_MB * 1024 * 1024))) >"$WORK/app.log" 2>&1 &
echo $! >"$WORK/app.pid"
cleanup() { kill "$(cat "$WORK/app.pid")" 2>/dev/null || true; kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 1 300); do curl -sf -o /dev/null "$APP/health" && break; sleep 1; done

# Sign in as the demo department's editor, as the browser does (antiforgery token, cookie).
JAR="$WORK/cookies"
token() { curl -s -b "$JAR" -c "$JAR" "$1" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//'; }
T=$(token "$APP/gaj/admin/login")
curl -s -b "$JAR" -c "$JAR" -o /dev/null -d "UserName=gaj.editor" --data-urlencode "Password=$PASSWORD" --data-urlencode "__RequestVerificationToken=$T" "$APP/gaj/admin/login"
T=$(token "$APP/gaj/admin/media")
[ -n "$T" ] || { echo "sign-in failed"; tail -20 "$WORK/app.log"; exit 1; }

now() { date +%s.%N; }
upload_app() {
  local loc offset=0 start end
  start=$(now)
  loc=$(curl -sf -b "$JAR" -H "RequestVerificationToken: $T" -H 'Content-Type: application/json' \
    -d "{\"fileName\":\"bench.pdf\",\"length\":$LENGTH}" "$APP/gaj/api/admin/media/uploads" | sed 's/.*"location":"\([^"]*\)".*/\1/')
  # One curl process for all chunks (--next: each chunk its own request and Upload-Offset, one kept-alive connection),
  # as a browser sends them; offsets are computed before the clock matters (sizes of the cut chunks).
  local args=()
  for part in "$WORK"/chunks/part.*; do
    [ ${#args[@]} -eq 0 ] || args+=(--next)
    args+=(-sf -b "$JAR" -o /dev/null -w '%{time_total} ' -X PATCH -H "RequestVerificationToken: $T" -H "Upload-Offset: $offset"
      -H 'Content-Type: application/offset+octet-stream' -T "$part" "http://127.0.0.1:$APP_PORT$loc")
    offset=$((offset + $(stat -c %s "$part")))
  done
  curl "${args[@]}" >>"$WORK/chunk-times"
  echo >>"$WORK/chunk-times"
  curl -sf -b "$JAR" -o "$WORK/complete.json" -w 'complete %{time_total}\n' -X POST -H "RequestVerificationToken: $T" "http://127.0.0.1:$APP_PORT$loc/complete" >>"$WORK/chunk-times"
  end=$(now)
  echo "$end - $start" | bc
}
upload_nginx() {
  local start end
  start=$(now)
  curl -sf -o /dev/null -T "$WORK/file.pdf" "http://127.0.0.1:$NGINX_PORT/upload/bench-$1.pdf"
  end=$(now)
  echo "$end - $start" | bc
}

upload_app >/dev/null  # warm-up (JIT, first queries), not counted
echo "file: $SIZE_MB MB, chunks of $CHUNK_MB MB; load: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$ROUNDS"); do
  n=$(upload_nginx "$round"); a=$(upload_app)
  cmp -s "$WORK/file.pdf" "$WORK/dav/upload/bench-$round.pdf" || { echo "nginx copy differs"; exit 1; }
  url=$(sed 's/.*"url":"\([^"]*\)".*/\1/' "$WORK/complete.json")
  curl -sf "$APP$url" | cmp -s - "$WORK/file.pdf" || { echo "app copy differs"; exit 1; }
  awk -v n="$n" -v a="$a" -v mb="$SIZE_MB" -v r="$round" 'BEGIN { printf "round %d: nginx PUT %.2f s (%.0f MB/s), app chunked %.2f s (%.0f MB/s), ratio app/nginx %.2f\n", r, n, mb / n, a, mb / a, n / a }'
  rm -f "$WORK/dav/upload/bench-$round.pdf"
done
echo "per-chunk PATCH times (s), warm-up first:"; cat "$WORK/chunk-times"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg); raw files: $WORK"
