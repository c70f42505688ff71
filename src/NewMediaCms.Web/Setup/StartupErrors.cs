using Microsoft.Extensions.Options;
using NewMediaCms.Core.Recipes;

namespace NewMediaCms.Web.Setup;

/// <summary>Start-up problems the operator can fix by changing a setting: said in one line each, without a stack trace.</summary>
public static class StartupErrors
{
    /// <summary>The message to show, or null for an exception that is a defect (it keeps its stack trace).</summary>
    public static string? Describe(Exception ex) => ex switch
    {
        StoreUnavailableException or OptionsValidationException or RecipeException or NewMediaCms.Audit.AuditKeyException => ex.Message,
        // Several options failed at once (IStartupValidator): one line each.
        AggregateException { InnerExceptions: var inner } when inner.All(e => e is OptionsValidationException)
            => string.Join(Environment.NewLine + "启动失败：", inner.Select(e => e.Message)),
        _ => null,
    };
}
