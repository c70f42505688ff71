using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.DataProtection;
using NewMediaCms.Accounts;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Interaction;
using NewMediaCms.Themes;

namespace NewMediaCms.PublicSite;

/// <summary>
/// The public side of the interaction capability on every department site (and the portal): the message form (留言),
/// the query-code lookup (查询码), the list of answered messages and the answer page. Liquid templates of the site's theme:
/// messages, message_form, message_sent, message_lookup, message. Form pages are never cached (antiforgery tokens);
/// the contact a citizen leaves is never rendered on any public page.
/// </summary>
public static class MessageEndpoints
{
    public const int PageSize = 20;

    /// <summary>The honeypot field: hidden from people, filled in by form-spamming bots.</summary>
    public const string HoneypotField = "website";

    /// <summary>
    /// The largest message form post read: far above the field limits (the body's 2,000 characters take at most 18 KB
    /// as a browser percent-encodes Chinese, 9 bytes a character), so that a citizen who typed or pasted too much gets
    /// the form back with every character kept and the length said, not an error page. 1 MB is about 116,000 characters.
    /// </summary>
    public const int MaxFormBytes = 1024 * 1024;

    /// <summary>The form has seven fields; a post with more than this many is not from it.</summary>
    public const int MaxFormFields = 32;

    /// <summary>The fields of the form as the theme renders it: token, account, name, contact, subject, body, honeypot.</summary>
    private const int MessageFormFields = 7;


    /// <summary>Mapped by <see cref="PublicSiteEndpoints.MapPublicSite"/>.</summary>
    internal static IEndpointRouteBuilder MapPublicMessages(this IEndpointRouteBuilder app, PublicRateLimits limits)
    {
        var group = app.MapGroup("/messages");
        group.MapGet("", ListAsync);
        group.MapGet("/new", FormAsync);
        group.MapGet("/sent", SentAsync);
        group.MapPost("/new", SubmitAsync).WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxFormBytes)).RequireRateLimiting(limits.MessageForm);
        group.MapGet("/lookup", LookupFormAsync);
        group.MapPost("/lookup", LookupAsync).WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(8 * 1024)).RequireRateLimiting(limits.MessageLookup);
        group.MapGet("/{id:long}", AnswerAsync);
        return app;
    }

    private static TenantInfo? Site(ITenantContext tenant) => tenant.Current is { State: TenantState.Running } t ? t : null;

    private static async Task<IResult> ListAsync(HttpContext http, ITenantContext tenant, MessageService messages, SiteModelBuilder models, CancellationToken ct)
    {
        if (Site(tenant) is not { } t || !PublicSiteEndpoints.TryPage(http, out var page))
        {
            return Results.NotFound();
        }
        var (items, total) = await messages.AnsweredAsync(page, PageSize, ct);
        var pageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        if (page > pageCount)
        {
            (items, _) = await messages.AnsweredAsync(page = pageCount, PageSize, ct);
        }
        var accounts = await AccountNamesAsync(messages, ct);
        var model = await PublicSiteEndpoints.BaseModelAsync(http, t, models, "互动留言", ct);
        model["messages"] = items.Select(m => View(m, t, Clock(http, t), accounts)).ToList();
        model["box"] = await BoxAsync(messages, t, ct);
        string Url(int p) => p == 1 ? $"{http.Request.PathBase}{http.Request.Path}" : $"{http.Request.PathBase}{http.Request.Path}?page={p}";
        model["pager"] = new PagerView(page, pageCount, total, page > 1 ? Url(page - 1) : null, page < pageCount ? Url(page + 1) : null);
        model["page"] = SiteModelBuilder.Page(http.Request, page > 1 ? $"互动留言（第 {page} 页）- {t.DisplayName}" : $"互动留言 - {t.DisplayName}",
            $"{t.DisplayName}已答复的网民留言，第 {page} 页，共 {total} 条。", page);
        return await PublicSiteEndpoints.RenderAsync(http, t, "messages", model);
    }

    private static async Task<IResult> AnswerAsync(long id, HttpContext http, ITenantContext tenant, MessageService messages, SiteModelBuilder models, CancellationToken ct)
    {
        if (Site(tenant) is not { } t || await messages.FindAnsweredAsync(id, ct) is not { } m)
        {
            return Results.NotFound();
        }
        var model = await PublicSiteEndpoints.BaseModelAsync(http, t, models, m.Subject, ct);
        model["message"] = View(m, t, Clock(http, t), await AccountNamesAsync(messages, ct));
        model["box"] = await BoxAsync(messages, t, ct);
        model["page"] = SiteModelBuilder.Page(http.Request, $"{m.Subject} - 互动留言 - {t.DisplayName}", $"网民留言“{m.Subject}”及{t.DisplayName}的答复。") with { OgType = "article" };
        return await PublicSiteEndpoints.RenderAsync(http, t, "message", model, lastModifiedUtc: m.RepliedUtc);
    }

    private static async Task<IResult> FormAsync(HttpContext http, ITenantContext tenant, MessageService messages, SiteModelBuilder models, IAntiforgery antiforgery, CancellationToken ct)
    {
        if (Site(tenant) is not { } t)
        {
            return Results.NotFound();
        }
        var account = http.Request.Query["account"].ToString();
        var input = new MessageInput(account.Length is > 0 and <= 64 ? account : null, null, null, null, null, null);
        return await RenderFormAsync(http, t, messages, models, antiforgery, input, new Dictionary<string, string>(), 200, ct);
    }

    private static async Task<IResult> SubmitAsync(HttpContext http, ITenantContext tenant, MessageService messages, SiteModelBuilder models, IAntiforgery antiforgery, CancellationToken ct)
    {
        if (Site(tenant) is not { } t)
        {
            return Results.NotFound();
        }
        if (!http.Request.HasFormContentType)
        {
            return Results.BadRequest();
        }
        // Read here with the form's own limits (the antiforgery check then reads the same parsed form): a post past them
        // is answered with the form and a Chinese sentence, never with an exception page.
        var (form, problem) = await PublicFormReader.ReadAsync(http.Request, MaxFormBytes, MaxFormFields, ct);
        if (problem == FormReadProblem.TooLarge)
        {
            return await RenderFormAsync(http, t, messages, models, antiforgery, new MessageInput(null, null, null, null, null, null),
                new Dictionary<string, string> { ["body"] = $"提交的内容超过 {MaxFormBytes / 1024 / 1024} MB（约 11 万字），无法接收。留言内容最多 {MessageLimits.Body} 字，请删减后再提交。" },
                StatusCodes.Status413PayloadTooLarge, ct);
        }
        if (problem == FormReadProblem.TooManyFields)
        {
            // More fields than the form has, or a field name longer than any of its own: not a post from this form.
            return await RenderFormAsync(http, t, messages, models, antiforgery, new MessageInput(null, null, null, null, null, null),
                new Dictionary<string, string> { ["form"] = $"提交的表单项过多或格式不正确（本表单只有 {MessageFormFields} 项），未被接受。请在本页填写后重新提交。" },
                StatusCodes.Status400BadRequest, ct);
        }
        string? F(string name) => form.TryGetValue(name, out var v) ? v.ToString() : null;
        var input = new MessageInput(F("accountId"), F("name"), F("contact"), F("subject"), F("body"), F(HoneypotField));
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            // An expired page or a forged post: nothing is stored, what was typed is kept.
            return await RenderFormAsync(http, t, messages, models, antiforgery, input,
                new Dictionary<string, string> { ["form"] = "页面已过期或来源无法验证，请核对后重新提交。" }, 400, ct);
        }
        var result = await messages.SubmitAsync(input, ct);
        if (!result.Ok)
        {
            return await RenderFormAsync(http, t, messages, models, antiforgery, result.Typed ?? input, result.Errors, 422, ct);
        }
        // Post/redirect/get: the receipt is a page of its own, so a reload shows it again and never sends a second message.
        // The query code travels in a protected, short-lived cookie (never in the address).
        var receipt = Protector(http).Protect($"{result.QueryCode}\n{result.Message!.Subject}");
        http.Response.Cookies.Append(SentCookie, receipt, new CookieOptions
        {
            HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps, Path = $"{http.Request.PathBase}/messages",
            MaxAge = TimeSpan.FromMinutes(30), IsEssential = true,
        });
        return new SeeOther($"{http.Request.PathBase}/messages/sent");
    }

    private const string SentCookie = "nmc-message-sent";

    private static IDataProtector Protector(HttpContext http)
        => http.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector("NewMediaCms.MessageReceipt");

    /// <summary>The receipt of a message just sent (GET after the post): its query code and subject, from the receipt cookie.</summary>
    private static async Task<IResult> SentAsync(HttpContext http, ITenantContext tenant, SiteModelBuilder models, CancellationToken ct)
    {
        if (Site(tenant) is not { } t)
        {
            return Results.NotFound();
        }
        string? text = null;
        if (http.Request.Cookies.TryGetValue(SentCookie, out var cookie))
        {
            try
            {
                text = Protector(http).Unprotect(cookie);
            }
            catch (System.Security.Cryptography.CryptographicException)
            {
                text = null; // expired or from elsewhere
            }
        }
        if (text?.Split('\n', 2) is not [var code, var subject])
        {
            return Results.Redirect($"{t.PathBase}/messages/new");
        }
        var model = await PublicSiteEndpoints.BaseModelAsync(http, t, models, "留言已提交", ct);
        model["sent"] = new MessageSentView(MessageService.Display(code), subject, $"{t.PathBase}/messages/lookup", $"{t.PathBase}/messages");
        model["page"] = SiteModelBuilder.Page(http.Request, $"留言已提交 - {t.DisplayName}", "");
        return await RenderNoStoreAsync(http, t, "message_sent", model, 200);
    }

    /// <summary>303 See Other: the browser follows with a GET.</summary>
    private sealed class SeeOther(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            httpContext.Response.Headers.CacheControl = "no-store";
            return Task.CompletedTask;
        }
    }

    private static async Task<IResult> LookupFormAsync(HttpContext http, ITenantContext tenant, SiteModelBuilder models, MessageService messages, IAntiforgery antiforgery, CancellationToken ct)
    {
        if (Site(tenant) is not { } t)
        {
            return Results.NotFound();
        }
        return await RenderLookupAsync(http, t, models, antiforgery, "", null, null, await AccountNamesAsync(messages, ct), 200, ct);
    }

    private static async Task<IResult> LookupAsync(HttpContext http, ITenantContext tenant, MessageService messages, SiteModelBuilder models, IAntiforgery antiforgery, CancellationToken ct)
    {
        if (Site(tenant) is not { } t)
        {
            return Results.NotFound();
        }
        if (!http.Request.HasFormContentType)
        {
            return Results.BadRequest();
        }
        var (form, problem) = await PublicFormReader.ReadAsync(http.Request, 8 * 1024, MaxFormFields, ct);
        var code = new string(form["code"].ToString().Where(c => !char.IsControl(c)).ToArray());
        code = code.Length > 40 ? code[..40] : code;
        var accounts = await AccountNamesAsync(messages, ct);
        if (problem != FormReadProblem.None)
        {
            return await RenderLookupAsync(http, t, models, antiforgery, "", "提交的内容过长或表单项过多，未被接受。请在本页输入查询码后重新查询。", null, accounts,
                problem == FormReadProblem.TooLarge ? 413 : 400, ct);
        }
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return await RenderLookupAsync(http, t, models, antiforgery, code, "页面已过期，请重新查询。", null, accounts, 400, ct);
        }
        if (MessageService.NormalizeCode(code) is null)
        {
            return await RenderLookupAsync(http, t, models, antiforgery, code, $"查询码为 {MessageService.CodeLength} 位字母和数字，请核对后再试。", null, accounts, 422, ct);
        }
        var found = await messages.LookupAsync(code, ct);
        return found is null
            ? await RenderLookupAsync(http, t, models, antiforgery, code, "没有找到与该查询码对应的留言，请核对查询码，并确认是在本部门网站留言。", null, accounts, 404, ct)
            : await RenderLookupAsync(http, t, models, antiforgery, code, null, found, accounts, 200, ct);
    }

    private static async Task<IResult> RenderLookupAsync(HttpContext http, TenantInfo t, SiteModelBuilder models, IAntiforgery antiforgery, string code, string? error,
        CitizenMessage? found, IReadOnlyDictionary<string, string> accounts, int status, CancellationToken ct)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var model = await PublicSiteEndpoints.BaseModelAsync(http, t, models, "留言查询", ct);
        model["lookup"] = new MessageLookupView($"{t.PathBase}/messages/lookup", tokens.FormFieldName, tokens.RequestToken ?? "", code, error,
            found is null ? null : View(found, t, Clock(http, t), accounts, forWriter: true));
        model["page"] = SiteModelBuilder.Page(http.Request, $"留言查询 - {t.DisplayName}", $"凭查询码查看在{t.DisplayName}网站的留言及答复。");
        return await RenderNoStoreAsync(http, t, "message_lookup", model, status);
    }

    private static async Task<IResult> RenderFormAsync(HttpContext http, TenantInfo t, MessageService messages, SiteModelBuilder models, IAntiforgery antiforgery,
        MessageInput input, IReadOnlyDictionary<string, string> errors, int status, CancellationToken ct)
    {
        var box = await messages.SwitchAsync(ct);
        var accounts = (await messages.AddressableAccountsAsync(ct)).Where(a => box.OpenFor(a.Id)).ToList();
        var tokens = antiforgery.GetAndStoreTokens(http);
        string? E(string key) => errors.TryGetValue(key, out var v) ? v : null;
        var fieldErrors = new MessageErrorsView(E("form"), E("accountId"), E("name"), E("contact"), E("subject"), E("body"));
        var model = await PublicSiteEndpoints.BaseModelAsync(http, t, models, "我要留言", ct);
        model["form"] = new MessageFormView(
            $"{t.PathBase}/messages/new",
            box.Enabled,
            tokens.FormFieldName,
            tokens.RequestToken ?? "",
            HoneypotField,
            [new OptionView("", $"本部门（{t.DisplayName}）", string.IsNullOrEmpty(input.AccountId)),
             .. accounts.Select(a => new OptionView(a.Id, $"{a.Name}（{PlatformNames.Chinese(a.Platform)}）", a.Id == input.AccountId))],
            input.Name ?? "", input.Contact ?? "", input.Subject ?? "", input.Body ?? "",
            fieldErrors,
            errors.Count,
            MessageLimits.Name, MessageLimits.Contact, MessageLimits.Subject, MessageLimits.Body);
        var title = errors.Count > 0 ? $"我要留言（有 {errors.Count} 处需要修改）- {t.DisplayName}" : $"我要留言 - {t.DisplayName}";
        model["page"] = SiteModelBuilder.Page(http.Request, title, $"向{t.DisplayName}留言咨询、建议或反映问题。");
        return await RenderNoStoreAsync(http, t, "message_form", model, status);
    }

    /// <summary>Form and lookup pages carry an antiforgery token and personal input: not cached anywhere, no ETag.</summary>
    private static async Task<IResult> RenderNoStoreAsync(HttpContext http, TenantInfo t, string template, Dictionary<string, object?> model, int status)
    {
        var themes = http.RequestServices.GetRequiredService<ThemeRenderer>();
        var html = await themes.RenderPageAsync(t.Theme, template, model, t.Id);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    private static async Task<MessageBoxView> BoxAsync(MessageService messages, TenantInfo t, CancellationToken ct)
        => new((await messages.SwitchAsync(ct)).Enabled, $"{t.PathBase}/messages/new", $"{t.PathBase}/messages/lookup", $"{t.PathBase}/messages");

    private static async Task<IReadOnlyDictionary<string, string>> AccountNamesAsync(MessageService messages, CancellationToken ct)
        => (await messages.AddressableAccountsAsync(ct)).ToDictionary(a => a.Id, a => a.Name);

    private static TenantClock Clock(HttpContext http, TenantInfo t) => TenantClock.For(t, http.RequestServices.GetRequiredService<TimeProvider>());

    /// <summary>What a reader sees of a message. Never the contact; the writer's name only as they gave it.</summary>
    private static MessageView View(CitizenMessage m, TenantInfo t, TenantClock clock, IReadOnlyDictionary<string, string> accounts, bool forWriter = false)
    {
        string Local(DateTime utc, string format) => clock.ToLocal(utc).ToString(format, CultureInfo.InvariantCulture);
        return new(
            m.Id,
            $"{t.PathBase}/messages/{m.Id}",
            m.Subject,
            m.Body,
            string.IsNullOrWhiteSpace(m.Name) ? "网友" : m.Name!,
            m.AccountId is null ? t.DisplayName : accounts.GetValueOrDefault(m.AccountId, t.DisplayName),
            Local(m.ReceivedUtc, "yyyy-MM-dd"),
            Local(m.ReceivedUtc, "yyyy-MM-ddTHH:mm:sszzz"),
            m.Status == MessageStatus.Answered || forWriter ? m.Reply : null,
            m.RepliedUtc is { } r ? Local(r, "yyyy-MM-dd") : null,
            m.RepliedUtc is { } r2 ? Local(r2, "yyyy-MM-ddTHH:mm:sszzz") : null,
            CitizenMessage.Chinese(m.Status),
            m.Status.ToString().ToLowerInvariant());
    }
}

public sealed record MessageView(long Id, string Url, string Subject, string Body, string Writer, string To, string Date, string DateTime,
    string? Reply, string? ReplyDate, string? ReplyDateTime, string StatusName, string Status);

public sealed record MessageBoxView(bool Enabled, string NewUrl, string LookupUrl, string ListUrl);

public sealed record MessageErrorsView(string? Form, string? AccountId, string? Name, string? Contact, string? Subject, string? Body);

public sealed record MessageFormView(string Action, bool Enabled, string TokenField, string Token, string Honeypot, IReadOnlyList<OptionView> Accounts,
    string Name, string Contact, string Subject, string Body, MessageErrorsView Errors, int ErrorCount,
    int NameMax, int ContactMax, int SubjectMax, int BodyMax);

public sealed record MessageSentView(string Code, string Subject, string LookupUrl, string ListUrl);

public sealed record MessageLookupView(string Action, string TokenField, string Token, string Code, string? Error, MessageView? Found);
