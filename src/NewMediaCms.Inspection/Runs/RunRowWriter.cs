using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using NewMediaCms.Core.Data;
using Npgsql;
using NpgsqlTypes;

namespace NewMediaCms.Inspection.Runs;

/// <summary>
/// Writes a run's rows (per-account results and findings) in bulk, inside the caller's open transaction, without EF Core
/// change tracking: SQLite gets one prepared multi-row INSERT per table, reused for every batch; PostgreSQL gets binary
/// COPY. The rows are stored exactly as EF Core would store them (enums as names, times as UTC), so every reader of a
/// run (dashboard, comparison, exports, report) reads them through the model as before.
/// </summary>
public static class RunRowWriter
{
    /// <summary>Rows per SQLite INSERT. Microsoft.Data.Sqlite binds each parameter by name (a linear search in SQLite),
    /// so a statement with thousands of parameters costs more than it saves; a few dozen rows per statement is the sweet spot.</summary>
    public const int SqliteRowsPerStatement = 16;

    private sealed record Column<T>(string Name, NpgsqlDbType Type, Func<T, object?> Value);

    private static readonly Column<InspectionAccountResult>[] ResultColumns =
    [
        new("RunId", NpgsqlDbType.Bigint, r => r.RunId),
        new("AccountId", NpgsqlDbType.Varchar, r => r.AccountId),
        new("TenantId", NpgsqlDbType.Varchar, r => r.TenantId),
        new("DepartmentName", NpgsqlDbType.Varchar, r => r.DepartmentName),
        new("AccountName", NpgsqlDbType.Varchar, r => r.AccountName),
        new("Platform", NpgsqlDbType.Varchar, r => r.Platform.ToString()),
        new("Kind", NpgsqlDbType.Varchar, r => r.Kind.ToString()),
        new("State", NpgsqlDbType.Varchar, r => r.State.ToString()),
        new("LastPostUtc", NpgsqlDbType.TimestampTz, r => r.LastPostUtc),
        new("DaysSinceLastPost", NpgsqlDbType.Integer, r => r.DaysSinceLastPost),
        new("Posts14", NpgsqlDbType.Integer, r => r.Posts14),
        new("Posts30", NpgsqlDbType.Integer, r => r.Posts30),
        new("Posts90", NpgsqlDbType.Integer, r => r.Posts90),
        new("Status", NpgsqlDbType.Varchar, r => r.Status.ToString()),
        new("Score", NpgsqlDbType.Double, r => r.Score),
        new("RulesBroken", NpgsqlDbType.Varchar, r => r.RulesBroken),
    ];

    private static readonly Column<InspectionFinding>[] FindingColumns =
    [
        new("RunId", NpgsqlDbType.Bigint, f => f.RunId),
        new("RuleId", NpgsqlDbType.Varchar, f => f.RuleId),
        new("Severity", NpgsqlDbType.Varchar, f => f.Severity.ToString()),
        new("TenantId", NpgsqlDbType.Varchar, f => f.TenantId),
        new("AccountId", NpgsqlDbType.Varchar, f => f.AccountId),
        new("Points", NpgsqlDbType.Double, f => f.Points),
        new("Message", NpgsqlDbType.Varchar, f => f.Message),
        new("Threshold", NpgsqlDbType.Varchar, f => f.Threshold),
        new("EvidenceJson", NpgsqlDbType.Varchar, f => f.EvidenceJson),
        new("Task", NpgsqlDbType.Varchar, f => f.Task),
    ];

    public static async Task WriteAsync(NmcDbContext db, IEnumerable<InspectionAccountResult> results, IEnumerable<InspectionFinding> findings, CancellationToken ct)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("A run's rows are written inside the run's transaction.");
        var connection = transaction.Connection!;
        if (connection is NpgsqlConnection npgsql)
        {
            await CopyAsync(npgsql, Table<InspectionAccountResult>(db), ResultColumns, results, ct);
            await CopyAsync(npgsql, Table<InspectionFinding>(db), FindingColumns, findings, ct);
        }
        else
        {
            await InsertAsync(connection, transaction, Table<InspectionAccountResult>(db), ResultColumns, results, ct);
            await InsertAsync(connection, transaction, Table<InspectionFinding>(db), FindingColumns, findings, ct);
        }
    }

    private static string Table<T>(NmcDbContext db) => db.Model.FindEntityType(typeof(T))!.GetTableName()!;

    private static async Task CopyAsync<T>(NpgsqlConnection connection, string table, Column<T>[] columns, IEnumerable<T> rows, CancellationToken ct)
    {
        var sql = $"COPY \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) FROM STDIN (FORMAT BINARY)";
        await using var copy = await connection.BeginBinaryImportAsync(sql, ct);
        // Values are written synchronously: they go into Npgsql's buffer, which is sent when full; an await per value
        // (over a million for a large run) cost more than the sends.
        foreach (var row in rows)
        {
            ct.ThrowIfCancellationRequested();
            copy.StartRow();
            foreach (var c in columns)
            {
                switch (c.Value(row))
                {
                    case null:
                        copy.WriteNull();
                        break;
                    case DateTime d:
                        copy.Write(DateTime.SpecifyKind(d, DateTimeKind.Utc), c.Type);
                        break;
                    case var v:
                        copy.Write(v, c.Type);
                        break;
                }
            }
        }
        await copy.CompleteAsync(ct);
    }

    private static async Task InsertAsync<T>(DbConnection connection, DbTransaction transaction, string table, Column<T>[] columns, IEnumerable<T> rows, CancellationToken ct)
    {
        DbCommand? full = null;
        try
        {
            var batch = new List<T>(SqliteRowsPerStatement);
            foreach (var row in rows)
            {
                batch.Add(row);
                if (batch.Count == SqliteRowsPerStatement)
                {
                    full ??= Prepare(connection, transaction, table, columns, SqliteRowsPerStatement);
                    await ExecuteAsync(full, columns, batch, ct);
                    batch.Clear();
                }
            }
            if (batch.Count > 0)
            {
                await using var rest = Prepare(connection, transaction, table, columns, batch.Count);
                await ExecuteAsync(rest, columns, batch, ct);
            }
        }
        finally
        {
            if (full is not null)
            {
                await full.DisposeAsync();
            }
        }
    }

    private static DbCommand Prepare<T>(DbConnection connection, DbTransaction transaction, string table, Column<T>[] columns, int rows)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        var sql = new StringBuilder($"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) VALUES ");
        for (var r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < columns.Length; c++)
            {
                var name = $"$p{r}_{c}";
                sql.Append(c == 0 ? name : ", " + name);
                var p = command.CreateParameter();
                p.ParameterName = name;
                command.Parameters.Add(p);
            }
            sql.Append(')');
        }
        command.CommandText = sql.ToString();
        command.Prepare();
        return command;
    }

    private static async Task ExecuteAsync<T>(DbCommand command, Column<T>[] columns, List<T> batch, CancellationToken ct)
    {
        var i = 0;
        foreach (var row in batch)
        {
            foreach (var c in columns)
            {
                command.Parameters[i++].Value = c.Value(row) switch
                {
                    null => DBNull.Value,
                    // As EF Core's SQLite provider stores a DateTime (TEXT, sortable).
                    DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
                    var v => v,
                };
            }
        }
        await command.ExecuteNonQueryAsync(ct);
    }
}
