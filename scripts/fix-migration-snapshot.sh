#!/usr/bin/env bash
# After merging branches that each added migrations: keep every migration, rewrite the model snapshot to the full
# current model (ef writes it when adding a migration; the temporary migration itself is deleted), then check that
# a further migration would be empty.
set -euo pipefail
cd "${1:-.}"
dotnet build src/NewMediaCms.Web -v q -nologo 2>&1 | grep -E " error |rror\(s\)|Elapsed" | sort -u | tail -5
for p in Sqlite PostgreSql; do
  extra=(); [ $p = PostgreSql ] && extra=("--Store:ConnectionString=Host=127.0.0.1;Database=x")
  dotnet ef migrations add ZzSnapshotTmp --no-build --project src/NewMediaCms.Migrations.$p --startup-project src/NewMediaCms.Web --output-dir Migrations -- --Store:Provider=$p "${extra[@]}" >/dev/null
  f=$(ls src/NewMediaCms.Migrations.$p/Migrations/*_ZzSnapshotTmp.cs)
  echo "== $p: temporary migration body (should be the union of the helpers' changes only if migrations are missing):"
  grep -c "migrationBuilder\." "$f" || true
  rm -f src/NewMediaCms.Migrations.$p/Migrations/*_ZzSnapshotTmp.cs src/NewMediaCms.Migrations.$p/Migrations/*_ZzSnapshotTmp.Designer.cs
done
