using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace NewMediaCms.Core.Export;

/// <summary>
/// CSV for spreadsheets, the one way every export writes it (inspection runs, the admin content list): UTF-8 with its BOM
/// (Excel reads the Chinese only with it), RFC 4180 quoting, and the formula guard.
/// </summary>
public static class SpreadsheetCsv
{
    /// <summary>Quoting as RFC 4180 asks (a field with a comma, quote or line break), and nothing else.</summary>
    private static readonly CsvConfiguration Format = new(CultureInfo.InvariantCulture)
    {
        NewLine = Environment.NewLine,
        ShouldQuote = args => args.Field is { } field && field.AsSpan().IndexOfAny(",\"\n\r") >= 0,
        // The formula guard is ours (Guard): CsvHelper's would also prefix negative numbers.
        InjectionOptions = InjectionOptions.None,
    };

    /// <summary>A leading =, +, - or @ is prefixed with ' so that a spreadsheet never runs it as a formula (numbers stay numbers).</summary>
    public static string Guard(string value)
        => value.Length > 0 && "=+-@".Contains(value[0]) && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? "'" + value : value;

    public static byte[] Write(IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<string>> rows)
    {
        using var stream = new MemoryStream();
        using (var writer = Writer(stream))
        using (var csv = new CsvWriter(writer, Format))
        {
            WriteRecord(csv, columns);
            foreach (var row in rows)
            {
                WriteRecord(csv, row);
            }
        }
        return stream.ToArray();
    }

    /// <summary>Streams the rows to <paramref name="stream"/> as they come (a large export never sits in memory).</summary>
    public static async Task WriteAsync(Stream stream, IReadOnlyList<string> columns, IAsyncEnumerable<IReadOnlyList<string>> rows, CancellationToken ct = default)
    {
        await using var writer = Writer(stream);
        await using var csv = new CsvWriter(writer, Format);
        WriteRecord(csv, columns);
        await foreach (var row in rows.WithCancellation(ct))
        {
            WriteRecord(csv, row);
            await csv.FlushAsync();
        }
    }

    private static StreamWriter Writer(Stream stream) => new(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 16 * 1024, leaveOpen: true);

    private static void WriteRecord(CsvWriter csv, IEnumerable<string> fields)
    {
        foreach (var field in fields)
        {
            csv.WriteField(Guard(field));
        }
        csv.NextRecord();
    }
}
