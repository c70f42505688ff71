#!/usr/bin/env bash
# The test command (README): installs and starts what the tests need, runs every test, and ends with one line
# "N passed, N failed". Exits non-zero on any failure. Runs as root (CI) or with sudo.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

log() { printf '\n== %s\n' "$*"; }

# 1. Debian packages: PostgreSQL (store tests), Chromium and a CJK font (browser tests). All apt steps first.
packages=(postgresql chromium fonts-wqy-microhei)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
pg_before=$(dpkg-query -W -f='${Version}' postgresql-15 2>/dev/null || true)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  $SUDO apt-get update -qq || { echo "apt-get update failed"; exit 1; }
  $SUDO apt-get install -y -q -o DPkg::Lock::Timeout=120 "${missing[@]}" >/dev/null || { echo "apt-get install failed"; exit 1; }
fi
pg_after=$(dpkg-query -W -f='${Version}' postgresql-15 2>/dev/null || true)

# 2. PostgreSQL: start (restart when apt upgraded it), a role with a password for 127.0.0.1.
PG_VERSION=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
log "starting PostgreSQL $PG_VERSION"
if ! pg_lsclusters -h 2>/dev/null | awk '{print $2}' | grep -qx main; then
  $SUDO pg_createcluster "$PG_VERSION" main >/dev/null
fi
if [ -n "$pg_before" ] && [ "$pg_before" != "$pg_after" ]; then
  $SUDO pg_ctlcluster "$PG_VERSION" main restart
else
  $SUDO pg_ctlcluster "$PG_VERSION" main start 2>/dev/null || true
fi
for i in $(seq 1 30); do
  $SUDO runuser -u postgres -- pg_isready -q -h 127.0.0.1 && break
  sleep 1
done
PG_PASSWORD=nmc_test_password
$SUDO runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 -h /var/run/postgresql -c \
  "DO \$\$ BEGIN
     IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'nmc_test') THEN
       CREATE ROLE nmc_test LOGIN CREATEDB PASSWORD '$PG_PASSWORD';
     ELSE
       ALTER ROLE nmc_test LOGIN CREATEDB PASSWORD '$PG_PASSWORD';
     END IF;
   END \$\$;" || { echo "could not create the PostgreSQL test role"; exit 1; }
# Databases left behind by an interrupted run; the role may end other sessions on its databases (DROP ... FORCE).
$SUDO runuser -u postgres -- psql -q -h /var/run/postgresql -c "GRANT pg_signal_backend TO nmc_test;" >/dev/null
for db in $($SUDO runuser -u postgres -- psql -At -h /var/run/postgresql -c "SELECT datname FROM pg_database WHERE datname LIKE 'nmc_test_%'"); do
  $SUDO runuser -u postgres -- psql -q -h /var/run/postgresql -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
done
export NMC_TEST_POSTGRES="Host=127.0.0.1;Port=5432;Database=postgres;Username=nmc_test;Password=$PG_PASSWORD"
export NMC_CHROMIUM=/usr/bin/chromium

# 3. Every test project of the solution.
log "dotnet test"
out=$(mktemp)
dotnet test "$ROOT/NewMediaCms.sln" -c Release 2>&1 | tee "$out"
rc=${PIPESTATUS[0]}

passed=$(grep -E '^(Passed|Failed)!' "$out" | sed -E 's/.*Passed: *([0-9]+).*/\1/' | awk '{s+=$1} END {print s+0}')
failed=$(grep -E '^(Passed|Failed)!' "$out" | sed -E 's/.*Failed: *([0-9]+),.*/\1/' | awk '{s+=$1} END {print s+0}')
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "dotnet test exited with code $rc without failed tests (build error or crashed test host): counted as 1 failure"
  failed=1
fi
rm -f "$out"
echo "$passed passed, $failed failed"
[ "$rc" -eq 0 ] && [ "$failed" -eq 0 ]
