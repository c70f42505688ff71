using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace NewMediaCms.Audit;

/// <summary>
/// A checkpoint of the chain head, kept outside the database: the sequence and MAC the log had reached, when, with
/// which key, the removal base, and the signature of the previous checkpoint, all signed with the audit key.
/// </summary>
public sealed record AuditCheckpoint(
    [property: JsonPropertyName("sequence")] long Sequence,
    [property: JsonPropertyName("mac")] string Mac,
    [property: JsonPropertyName("timeUtc")] string TimeUtc,
    [property: JsonPropertyName("keyId")] string KeyId,
    [property: JsonPropertyName("base")] long Base,
    [property: JsonPropertyName("previous")] string Previous,
    [property: JsonPropertyName("signature")] string Signature)
{
    public string SignedText => string.Join('\n', Sequence.ToString(CultureInfo.InvariantCulture), Mac, TimeUtc, KeyId,
        Base.ToString(CultureInfo.InvariantCulture), Previous);
}

/// <summary>One line of the checkpoint file as read back: the checkpoint if it parsed, and what is wrong with it.</summary>
public sealed record AnchorLine(int LineNumber, AuditCheckpoint? Checkpoint, string? Problem);

/// <summary>
/// The checkpoint file (<c>audit-anchors.jsonl</c>, one signed JSON line per checkpoint, 0600 in a 0700 directory outside
/// the database) and, when configured, a copy of each checkpoint to a syslog server (RFC 5424). Someone who can write
/// the database but not this file cannot cut the tail of the log, empty it or rewrite it without <c>audit verify</c>
/// seeing that the log no longer reaches the last checkpoint with the same MAC.
/// </summary>
public sealed class AuditAnchor(AuditKeyRing keys, AuditPaths paths, IOptions<AuditOptions> options, TimeProvider clock, ILogger<AuditAnchor> logger)
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Lock _lock = new();

    public string File => paths.AnchorFile;

    /// <summary>
    /// Appends a checkpoint of (<paramref name="sequence"/>, <paramref name="mac"/>) unless the file already has one at or
    /// beyond that sequence. Several processes may share the file: it is opened exclusively, with retries.
    /// </summary>
    public AuditCheckpoint? Write(long sequence, string mac, long baseSequence)
    {
        if (sequence <= 0)
        {
            return null;
        }
        AuditCheckpoint checkpoint;
        lock (_lock)
        {
            AuditPaths.EnsurePrivateDirectory(paths.AnchorDirectory);
            using var stream = OpenExclusive();
            var last = LastLine(stream);
            if (last is not null && last.Sequence >= sequence)
            {
                return null;
            }
            var time = clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            var unsigned = new AuditCheckpoint(sequence, mac, time, keys.KeyId, baseSequence, last?.Signature ?? "", "");
            checkpoint = unsigned with { Signature = keys.AnchorMac(unsigned.SignedText) };
            stream.Seek(0, SeekOrigin.End);
            stream.Write(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(checkpoint, Json) + "\n"));
            stream.Flush(flushToDisk: true);
        }
        SendToSyslog(checkpoint);
        return checkpoint;
    }

    /// <summary>Every line of the file, each with its signature and its link to the line before checked.</summary>
    public List<AnchorLine> Read()
    {
        var lines = new List<AnchorLine>();
        if (!System.IO.File.Exists(File))
        {
            return lines;
        }
        string[] text;
        lock (_lock)
        {
            text = System.IO.File.ReadAllLines(File, Encoding.UTF8);
        }
        string previous = "";
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i].Length == 0)
            {
                continue;
            }
            var number = i + 1;
            var checkpoint = Parse(text[i]);
            if (checkpoint is null)
            {
                lines.Add(new AnchorLine(number, null, $"外部检查点文件第 {number} 行无法读取（被篡改或损坏）。"));
                continue;
            }
            string? problem = null;
            if (!AuditKeyRing.SameMac(keys.AnchorMac(checkpoint.SignedText), checkpoint.Signature))
            {
                problem = checkpoint.KeyId != keys.KeyId
                    ? $"外部检查点文件第 {number} 行（第 {checkpoint.Sequence} 条）用密钥 {checkpoint.KeyId} 签名，与当前审计密钥 {keys.KeyId} 不符。"
                    : $"外部检查点文件第 {number} 行（第 {checkpoint.Sequence} 条）的签名不符（检查点被篡改）。";
            }
            else if (checkpoint.Previous != previous)
            {
                problem = $"外部检查点文件第 {number} 行（第 {checkpoint.Sequence} 条）与上一行不衔接（检查点被删除或插入）。";
            }
            previous = checkpoint.Signature;
            lines.Add(new AnchorLine(number, checkpoint, problem));
        }
        return lines;
    }

    private static AuditCheckpoint? Parse(string line)
    {
        try
        {
            var checkpoint = JsonSerializer.Deserialize<AuditCheckpoint>(line, Json);
            return checkpoint is { Mac: not null, TimeUtc: not null, KeyId: not null, Previous: not null, Signature: not null } ? checkpoint : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private FileStream OpenExclusive()
    {
        var fileOptions = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(File, fileOptions);
            }
            catch (IOException) when (attempt < 50)
            {
                Thread.Sleep(100); // another process is appending
            }
        }
    }

    /// <summary>The last checkpoint of the file (read from its end; the file only grows).</summary>
    private static AuditCheckpoint? LastLine(FileStream stream)
    {
        var length = stream.Length;
        if (length == 0)
        {
            return null;
        }
        var size = (int)Math.Min(length, 8192);
        var buffer = new byte[size];
        stream.Seek(length - size, SeekOrigin.Begin);
        stream.ReadExactly(buffer);
        var lines = Encoding.UTF8.GetString(buffer).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return lines.Length == 0 ? null : Parse(lines[^1]);
    }

    /// <summary>RFC 5424 message of a checkpoint: facility 13 (log audit), severity 5 (notice).</summary>
    public static string SyslogMessage(AuditCheckpoint checkpoint, string host)
        => $"<109>1 {checkpoint.TimeUtc} {host} newmediacms {Environment.ProcessId} audit-checkpoint - {JsonSerializer.Serialize(checkpoint, Json)}";

    private void SendToSyslog(AuditCheckpoint checkpoint)
    {
        var o = options.Value;
        if (string.IsNullOrEmpty(o.SyslogHost))
        {
            return;
        }
        try
        {
            var message = Encoding.UTF8.GetBytes(SyslogMessage(checkpoint, Environment.MachineName));
            if (o.SyslogProtocol == "tcp")
            {
                using var tcp = new TcpClient();
                tcp.SendTimeout = 5000;
                tcp.Connect(o.SyslogHost, o.SyslogPort);
                using var net = tcp.GetStream();
                // RFC 6587 octet counting: "LENGTH SP MESSAGE".
                net.Write(Encoding.ASCII.GetBytes(message.Length.ToString(CultureInfo.InvariantCulture) + " "));
                net.Write(message);
            }
            else
            {
                using var udp = new UdpClient();
                udp.Send(message, message.Length, o.SyslogHost, o.SyslogPort);
            }
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
            // The file already holds the checkpoint; a syslog server that is down must not stop the application.
            logger.LogWarning(ex, "审计检查点未能发送到 syslog 服务器 {Host}:{Port}", o.SyslogHost, o.SyslogPort);
        }
    }
}
