#!/bin/bash
# Reader pages benchmark (not a test): wrk 2 threads, 64 connections, 15 s against a notice page of the demo site
# (Release build, Production environment), in the same run as nginx serving the saved HTML of that page as a
# static file; the app is measured with the output cache on and then off.
# Usage: bench/reader-pages.sh [NOTICE_PATH] [ROUNDS]     (default /gaj/notices/gaj-n-0035, 1 round)
# Each line also gives the app's process CPU time per request (utime+stime over the wrk run / requests) and the load.
# Needs: wrk, nginx (apt-get install wrk nginx). Builds the demo site's App_Data on first start if absent.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PAGE=${1:-/gaj/notices/gaj-n-0035}
ROUNDS=${2:-1}
APP_PORT=${APP_PORT:-5187}
NGINX_PORT=${NGINX_PORT:-5188}
WORK=$(mktemp -d /tmp/nmc-bench.XXXXXX); chmod 755 "$WORK"   # nginx workers (www-data) read the saved page
WRK="wrk -t2 -c64 -d15s --latency"
# Before each measured run the same load for 5 s, discarded: the app starts cold (tiered JIT, first loads of the
# read model and templates), and a 15 s run from a cold start measures the start as much as the page.
WARMUP="wrk -t2 -c64 -d5s"

cd "$ROOT"
[ "${SKIP_BUILD:-}" = 1 ] || dotnet build -c Release src/NewMediaCms.Web -v q -nologo >/dev/null

start_app() { # $1 = true|false (output cache)
  (cd src/NewMediaCms.Web && exec env ASPNETCORE_ENVIRONMENT=Production PublicSite__OutputCache=$1 Logging__LogLevel__Default=Warning \
    dotnet bin/Release/net10.0/NewMediaCms.Web.dll --urls "http://127.0.0.1:$APP_PORT") >"$WORK/app-$1.log" 2>&1 &
  echo $! >"$WORK/app.pid"
  for _ in $(seq 1 240); do curl -sf -o /dev/null "http://127.0.0.1:$APP_PORT/health" && return 0; sleep 1; done
  echo "app did not start"; cat "$WORK/app-$1.log"; exit 1
}
stop_app() { # wait until the port is free, so the next start does not find the old process still answering
  kill "$(cat "$WORK/app.pid")"
  for _ in $(seq 1 60); do curl -s -o /dev/null "http://127.0.0.1:$APP_PORT/health" || return 0; sleep 1; done
}

# nginx serving the saved HTML of the same page (same bytes, same content type).
mkdir -p "$WORK/www"
cat >"$WORK/nginx.conf" <<NGINX
worker_processes 2;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  types { text/html html; }
  default_type text/html;
  server { listen 127.0.0.1:$NGINX_PORT; root $WORK/www; location / { try_files /page.html =404; } }
}
NGINX

cpu_ticks() { # utime + stime of a process, in clock ticks
  awk '{print $14 + $15}' "/proc/$1/stat"
}

report() { # label, wrk output file[, app CPU ticks used during the run]
  local rps p99 n cpu=""
  rps=$(awk '/Requests\/sec/ {print $2}' "$2"); p99=$(awk '$1=="99%" {print $2}' "$2")
  if [ -n "${3:-}" ]; then
    n=$(awk '/requests in/ {print $1}' "$2")
    # Process CPU per request: less sensitive than req/s to what else runs on the machine.
    cpu=$(awk -v t="$3" -v n="$n" -v hz="$(getconf CLK_TCK)" 'BEGIN { if (n > 0) printf "app CPU %.0f us/request", t / hz * 1e6 / n }')
  fi
  printf '%-28s %10s req/s   p99 %-9s %s   (load %s)\n' "$1" "$rps" "$p99" "$cpu" "$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "$1|$rps|$p99|$cpu" >>"$WORK/summary"
}

wrk_app() { # label, output file: wrk against the app, with the app's CPU time over the run
  local before after
  $WARMUP "http://127.0.0.1:$APP_PORT$PAGE" >/dev/null
  before=$(cpu_ticks "$(cat "$WORK/app.pid")")
  $WRK "http://127.0.0.1:$APP_PORT$PAGE" >"$2"
  after=$(cpu_ticks "$(cat "$WORK/app.pid")")
  report "$1" "$2" $((after - before))
}

for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round ($(date -u +%H:%M:%S) UTC, load: $(cut -d' ' -f1-3 /proc/loadavg))"
  start_app true
  curl -sf "http://127.0.0.1:$APP_PORT$PAGE" -o "$WORK/www/page.html"
  nginx -c "$WORK/nginx.conf"
  curl -sf -o /dev/null "http://127.0.0.1:$NGINX_PORT$PAGE" || { echo "nginx not serving"; exit 1; }
  $WARMUP "http://127.0.0.1:$NGINX_PORT$PAGE" >/dev/null
  $WRK "http://127.0.0.1:$NGINX_PORT$PAGE" >"$WORK/nginx-$round.txt"; report "nginx static file" "$WORK/nginx-$round.txt"
  wrk_app "app, output cache on" "$WORK/cache-on-$round.txt"
  stop_app
  start_app false
  curl -sf -o /dev/null "http://127.0.0.1:$APP_PORT$PAGE"
  wrk_app "app, output cache off" "$WORK/cache-off-$round.txt"
  stop_app
  kill "$(cat "$WORK/nginx.pid")"
  sleep 1
done
echo "raw wrk output: $WORK"
awk -F'|' '{s[$1]+=$2; n[$1]++} END {for (k in s) printf "mean %-28s %10.0f req/s over %d round(s)\n", k, s[k]/n[k], n[k]}' "$WORK/summary"
