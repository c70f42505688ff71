using Microsoft.Extensions.Logging;
using HangfireLog = Hangfire.Logging;

namespace NewMediaCms.Jobs;

/// <summary>
/// Hangfire's log provider is process-wide, while a logger factory belongs to one application instance. When the
/// provider outlives its host (a second host in the same process, as in the tests), writing to a disposed factory
/// must not fail the job or the start-up of the other host: such messages are dropped.
/// </summary>
internal sealed class HostLogProvider(ILoggerFactory factory) : HangfireLog.ILogProvider
{
    public HangfireLog.ILog GetLogger(string name)
    {
        try
        {
            return new Logger(factory.CreateLogger(name));
        }
        catch (ObjectDisposedException)
        {
            return Logger.Dropped;
        }
    }

    private sealed class Logger(ILogger? logger) : HangfireLog.ILog
    {
        public static readonly Logger Dropped = new(null);

        public bool Log(HangfireLog.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            if (logger is null)
            {
                return false;
            }
            var level = logLevel switch
            {
                HangfireLog.LogLevel.Trace => LogLevel.Trace,
                HangfireLog.LogLevel.Debug => LogLevel.Debug,
                HangfireLog.LogLevel.Info => LogLevel.Information,
                HangfireLog.LogLevel.Warn => LogLevel.Warning,
                HangfireLog.LogLevel.Error => LogLevel.Error,
                _ => LogLevel.Critical,
            };
            try
            {
                if (messageFunc is null)
                {
                    return logger.IsEnabled(level);
                }
                if (logger.IsEnabled(level))
                {
                    logger.Log(level, 0, messageFunc(), exception, static (message, _) => message);
                }
                return true;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }
    }
}
