using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NewMediaCms.Audit;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Identity;
using NewMediaCms.Core.Security;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Interaction;

namespace NewMediaCms.Web.Security;

public enum ControlState
{
    /// <summary>符合.</summary>
    Met,

    /// <summary>部分符合.</summary>
    Partial,

    /// <summary>未配置: the mechanism exists, the setting that turns it on is not set.</summary>
    NotConfigured,

    /// <summary>未实现: the application has no mechanism for it.</summary>
    NotImplemented,
}

/// <summary>One application-layer requirement of GB/T 22239-2019 level 3, what meets it here, and its state now.</summary>
public sealed record AssessmentItem(string Clause, string ControlPoint, string Requirement, string Mechanism, string Current, ControlState State)
{
    public string StateText => State switch
    {
        ControlState.Met => "符合",
        ControlState.Partial => "部分符合",
        ControlState.NotConfigured => "未配置",
        _ => "未实现",
    };
}

/// <summary>
/// The security administrator's self-assessment against GB/T 22239-2019 (等保 2.0) level 3, 安全计算环境 (8.1.4) and
/// 安全管理中心 (8.1.5), application layer only. Every "current" value is read from the running application (options,
/// services, files, the store), never assumed; a requirement the application has no mechanism for says 未实现.
/// </summary>
public sealed class SecurityAssessment(
    NewMediaCms.Users.Policy.SecurityPolicyStore policies,
    IOptions<NewMediaCms.Users.SignIn.SignInThrottleOptions> throttle,
    IOptions<PasswordHasherOptions> hasher,
    IOptions<HttpsOptions> https,
    IOptions<AuditOptions> audit,
    IOptions<NewMediaCms.Core.Data.StoreOptions> store,
    UserManager<NmcUser> users,
    CspReports cspReports,
    DataProtectionKeys dataProtection,
    SecretKeys secrets,
    ContactEncryptionState contacts,
    EndpointDataSource endpoints,
    IHostEnvironment environment,
    TimeProvider clock)
{
    public async Task<IReadOnlyList<AssessmentItem>> EvaluateAsync(CancellationToken ct)
    {
        var items = new List<AssessmentItem>();
        var signIn = throttle.Value;
        var policy = await policies.GetAsync(ct);
        var httpsOn = https.Value.Enabled;

        // 8.1.4.1 身份鉴别
        const string auth = "身份鉴别";
        items.Add(new("8.1.4.1 a)", auth, "用户身份标识唯一，鉴别信息具有复杂度要求并定期更换。",
            "ASP.NET Core Identity：用户名唯一；安全策略（安全管理员在“安全策略”页设定）：长度、字符类别、常用口令表、口令中不得含用户名、定期更换。",
            $"口令最短 {policy.PasswordMinLength} 位，至少含大写字母、小写字母、数字、符号中的 {policy.PasswordClasses} 类；常用口令表与口令中含用户名均拒绝；"
            + (policy.PasswordMaxAgeDays > 0 ? $"每 {policy.PasswordMaxAgeDays} 天须更换。" : "未要求定期更换（安全策略“密码有效期”为 0）。"),
            policy.PasswordMaxAgeDays > 0 ? ControlState.Met : ControlState.Partial));
        items.Add(new("8.1.4.1 b)", auth, "具有登录失败处理功能，限制非法登录次数，登录连接超时自动退出。",
            "登录限制（配置节 SignIn）：按用户名与客户端地址锁定，不存在的用户名同样计数，多次失败后出算术验证码；服务端会话（退出、停用、重置口令即时失效）与空闲、绝对超时（安全策略）；按客户端限制登录频率（速率限制策略 sign-in）。",
            $"{signIn.WindowMinutes} 分钟内连续失败 {signIn.LockoutFailures} 次锁定 {signIn.LockoutMinutes} 分钟（对该客户端地址）；同一客户端失败 {signIn.ClientBlockFailures} 次后拒绝其登录；"
            + $"空闲 {policy.SessionIdleMinutes} 分钟、登录 {policy.SessionLifetimeHours} 小时后会话结束；"
            + $"登录限流：{RateLimited(RateLimits.SignIn)}。",
            signIn.LockoutFailures > 0 && policy.SessionIdleMinutes <= 30 ? ControlState.Met : ControlState.Partial));
        items.Add(new("8.1.4.1 c)", auth, "远程管理时防止鉴别信息在网络传输过程中被窃听。",
            "HTTPS（配置节 Https 或 https 监听地址）：HTTP 308 跳转、HSTS、所有 Cookie 带 Secure。",
            httpsOn ? $"已配置 HTTPS（跳转端口 {https.Value.Port?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "443"}，HSTS {https.Value.HstsMaxAgeDays} 天）。" : "未配置 HTTPS：口令以明文 HTTP 传输。请设置 Https:Enabled=true 或 https 监听地址。",
            httpsOn ? ControlState.Met : ControlState.NotConfigured));
        items.Add(new("8.1.4.1 d)", auth, "采用两种或两种以上组合的鉴别技术，其中一种至少使用密码技术。",
            "第二因素：TOTP（ASP.NET Core Identity 验证器）与恢复码；安全策略可要求管理角色必须使用。",
            policy.TwoFactorRequiredForAdmins ? "矩阵角色、三权管理员与部门管理员必须使用 TOTP 第二因素。" : "TOTP 可由用户自行启用；安全策略未要求管理角色必须使用。",
            policy.TwoFactorRequiredForAdmins ? ControlState.Met : ControlState.Partial));

        // 8.1.4.2 访问控制
        const string access = "访问控制";
        items.Add(new("8.1.4.2 a)", access, "对登录的用户分配账户和权限。",
            "内置角色与部门策略（Security/TenantAuthorization.cs）；部门用户只在本部门操作，EF Core 租户过滤器约束每次读取。",
            $"{Roles.All.Count} 个内置角色；{await users.Users.CountAsync(ct)} 个账户。", ControlState.Met));
        var admin = await users.FindByNameAsync("admin");
        items.Add(new("8.1.4.2 b)", access, "重命名或删除默认账户，修改默认账户的默认口令。",
            "首次启动生成随机口令（Setup:AdminPassword 未设置时）。",
            admin is null ? "默认账户 admin 已不存在。" : $"默认账户 admin 仍在使用（最近登录 {Local(admin.LastLoginUtc)}）：建议为管理员建立个人账户后停用 admin。",
            admin is null ? ControlState.Met : ControlState.Partial));
        var stale = clock.GetUtcNow().UtcDateTime.AddDays(-90);
        // SQLite cannot compare DateTimeOffset (LockoutEnd): the stale accounts come from the store, the lock is judged here.
        var now = clock.GetUtcNow();
        var unused = (await users.Users.Where(u => (u.LastLoginUtc == null && u.CreatedUtc < stale) || u.LastLoginUtc < stale)
                .Select(u => u.LockoutEnd).ToListAsync(ct))
            .Count(lockoutEnd => lockoutEnd is null || lockoutEnd < now);
        items.Add(new("8.1.4.2 c)", access, "及时删除或停用多余的、过期的账户，避免共享账户。",
            "用户管理（/admin/users）：停用即无限期锁定并更新安全戳。",
            unused == 0 ? "没有 90 天以上未登录的启用账户。" : $"{unused} 个启用账户 90 天以上未登录，请核实后停用。",
            unused == 0 ? ControlState.Met : ControlState.Partial));
        var duty = await SeparationAsync();
        items.Add(new("8.1.4.2 d)", access, "授予管理用户所需的最小权限，实现管理用户的权限分离。",
            "三权分立角色：系统管理员、安全管理员、审计管理员（Roles.SeparatedDuties），策略 SecurityAdministration / AuditAdministration。",
            duty.Text, duty.State));
        items.Add(new("8.1.4.2 e) f)", access, "由授权主体配置访问控制策略；粒度主体为用户级、客体为数据库表级。",
            "角色由部门管理员或矩阵管理员分配；每个后台页面和接口按策略授权；租户过滤器到行级。", "已启用（代码内置，不可关闭）。", ControlState.Met));

        // 8.1.4.3 安全审计
        const string auditing = "安全审计";
        items.Add(new("8.1.4.3 a) b)", auditing, "启用安全审计，覆盖每个用户；记录日期时间、用户、事件类型、结果等。",
            "每个状态变更通过 IAuditableEvent 在同一事务中写入审计链（AuditableEventHandler）。", "已启用（随每次保存写入，不可关闭）。", ControlState.Met));
        var a = audit.Value;
        items.Add(new("8.1.4.3 c)", auditing, "保护审计记录，定期备份，避免未预期的删除、修改或覆盖。",
            "带密钥的 MAC 链（Audit:Algorithm），密钥不在数据库；外部签名检查点；可选 syslog；保留期与签名归档。",
            $"算法 {AuditKeyRing.AlgorithmName(a.Algorithm)}；密钥来自{(string.IsNullOrEmpty(a.Key) ? $"密钥文件（目录 Audit:KeyDirectory = {a.KeyDirectory}）" : "配置项 Audit:Key")}；"
            + $"每 {a.CheckpointEvery} 条写检查点；远程副本 {(string.IsNullOrEmpty(a.SyslogHost) ? "未配置（Audit:SyslogHost）" : $"syslog {a.SyslogHost}:{a.SyslogPort}/{a.SyslogProtocol}")}；保留 {a.RetentionDays} 天。",
            string.IsNullOrEmpty(a.SyslogHost) ? ControlState.Partial : ControlState.Met));
        items.Add(new("8.1.4.3 d)", auditing, "保护审计进程，防止未经授权的中断。",
            "审计条目与业务变更同一事务提交：审计失败则变更不生效；审计管理员之外无人可读或删除审计记录。", "已启用。", ControlState.Met));

        // 8.1.4.4 入侵防范
        const string intrusion = "入侵防范";
        items.Add(new("8.1.4.4 c)", intrusion, "限制通过网络进行管理的管理终端（接入方式或网络地址范围）。",
            "后台地址白名单。", "未实现：请在反向代理或防火墙上限制 /admin 的来源地址。", ControlState.NotImplemented));
        var limited = new[] { RateLimits.PublicForm, RateLimits.PublicLookup, RateLimits.Search, RateLimits.Api, RateLimits.SignIn }
            .Select(p => $"{p}：{RateLimited(p)}").ToList();
        items.Add(new("8.1.4.4 d)", intrusion, "提供数据有效性检验，保证人机接口或通信接口输入的内容符合系统设定要求。",
            "表单与接口的输入校验（中文错误提示）；按客户端/令牌的速率限制（RateLimits）。",
            "速率限制：" + string.Join("；", limited) + "。", limited.Any(l => l.EndsWith("未应用", StringComparison.Ordinal)) ? ControlState.Partial : ControlState.Met));
        items.Add(new("8.1.4.4 f)", intrusion, "检测对重要节点的入侵行为，在发生严重入侵事件时报警。",
            "内容安全策略（CSP，禁止内联脚本）与违规报告 /csp-report；页面监测（篡改、暗链、可用性）。",
            $"CSP 已强制执行；本次启动以来收到违规报告 {cspReports.Count} 条{(cspReports.LastUtc is { } last ? $"（最近 {Local(last.UtcDateTime)}）" : "")}。", ControlState.Met));

        // 8.1.4.7 数据完整性
        const string integrity = "数据完整性";
        items.Add(new("8.1.4.7 a)", integrity, "采用校验技术或密码技术保证重要数据在传输过程中的完整性。",
            "TLS（HTTPS）；防跨站请求伪造令牌（antiforgery）。",
            httpsOn ? "HTTPS 已配置；表单带防伪令牌。" : "未配置 HTTPS（表单带防伪令牌）。", httpsOn ? ControlState.Met : ControlState.NotConfigured));
        items.Add(new("8.1.4.7 b)", integrity, "采用校验技术或密码技术保证重要数据在存储过程中的完整性。",
            "审计链 MAC；审核通过绑定内容哈希；已发布页面的完整性封签与页面监测。", $"审计 MAC：{AuditKeyRing.AlgorithmName(a.Algorithm)}；封签与审核哈希已启用。", ControlState.Met));

        // 8.1.4.8 数据保密性
        const string confidentiality = "数据保密性";
        items.Add(new("8.1.4.8 a)", confidentiality, "采用密码技术保证重要数据在传输过程中的保密性。",
            "HTTPS、HSTS、Secure Cookie。", httpsOn ? "已配置。" : "未配置 HTTPS。", httpsOn ? ControlState.Met : ControlState.NotConfigured));
        var plainKeys = dataProtection.PlaintextKeyCount();
        var (sealedContacts, plainContacts) = await contacts.CountsAsync(ct);
        var (dbMode, dbPrivate) = DatabaseFileMode();
        items.Add(new("8.1.4.8 b)", confidentiality, "采用密码技术保证重要数据在存储过程中的保密性（鉴别数据、重要业务数据、个人信息）。",
            "口令 PBKDF2 哈希（Identity）；数据保护密钥加密存储；留言联系方式 AES-256-GCM 加密；密钥不在数据库。",
            $"口令哈希迭代 {hasher.Value.IterationCount} 次；数据保护密钥 {dataProtection.KeyCount()} 个，{(plainKeys == 0 ? "均已加密" : $"{plainKeys} 个仍为明文")}（{dataProtection.Describe(secrets)}）；"
            + $"联系方式已加密 {sealedContacts} 条、明文 {plainContacts} 条（密钥：{contacts.KeyDescription}）；{dbMode}",
            plainKeys == 0 && plainContacts == 0 && dbPrivate ? ControlState.Met : ControlState.Partial));

        // 8.1.4.9 数据备份恢复
        items.Add(new("8.1.4.9 a)", "数据备份恢复", "提供重要数据的本地数据备份与恢复功能。",
            "备份命令。", "未实现：请按运维规程备份数据库、App_Data 与密钥（密钥与数据分开保存）。", ControlState.NotImplemented));

        // 8.1.4.11 个人信息保护
        const string personal = "个人信息保护";
        items.Add(new("8.1.4.11 a)", personal, "仅采集和保存业务必需的用户个人信息。",
            "留言表单：姓名、联系方式均可不填；查询码只存哈希。", "已启用。", ControlState.Met));
        items.Add(new("8.1.4.11 b)", personal, "禁止未授权访问和非法使用用户个人信息。",
            "联系方式不公开，只有本部门答复人员可见，加密存储；发布前的内容安全检查识别身份证号、手机号、银行卡号。",
            plainContacts == 0 ? "联系方式均已加密；检查已启用。" : $"{plainContacts} 条联系方式仍为明文（下次启动时加密）。",
            plainContacts == 0 ? ControlState.Met : ControlState.Partial));

        // 8.1.5 安全管理中心
        items.Add(new("8.1.5", "安全管理中心", "系统管理员、审计管理员、安全管理员分别进行身份鉴别，只允许通过特定命令或界面操作，并对操作进行审计。",
            "三个角色各自的页面与策略；每个操作进入审计链。", duty.Text, duty.State));
        return items;
    }

    /// <summary>Which endpoints carry a rate-limiting policy (read from the routing table, not assumed).</summary>
    private string RateLimited(string policy)
    {
        var routes = endpoints.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == policy)
            .Select(e => e.RoutePattern.RawText ?? "")
            .Distinct().Take(4).ToList();
        return routes.Count == 0 ? "未应用" : string.Join("、", routes);
    }

    private async Task<(string Text, ControlState State)> SeparationAsync()
    {
        var holders = new Dictionary<string, List<string>>();
        foreach (var role in Roles.SeparatedDuties)
        {
            holders[role] = (await users.GetUsersInRoleAsync(role)).Select(u => u.UserName ?? u.Id).ToList();
        }
        var combined = holders.SelectMany(h => h.Value.Select(u => (User: u, Role: h.Key))).GroupBy(x => x.User).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}（{string.Join("、", g.Select(x => Roles.DisplayNames[x.Role]))}）").ToList();
        var missing = holders.Where(h => h.Value.Count == 0).Select(h => Roles.DisplayNames[h.Key]).ToList();
        var text = string.Join("；", Roles.SeparatedDuties.Select(r => $"{Roles.DisplayNames[r]} {holders[r].Count} 人"));
        if (combined.Count > 0)
        {
            return (text + $"；一人兼任：{string.Join("、", combined)}。", ControlState.Partial);
        }
        if (missing.Count > 0)
        {
            return (text + $"；尚未指定：{string.Join("、", missing)}。", ControlState.Partial);
        }
        return (text + "；无人兼任。", ControlState.Met);
    }

    private (string Text, bool Private) DatabaseFileMode()
    {
        if (store.Value.Provider != StoreProvider.Sqlite)
        {
            return ("数据库为 PostgreSQL（访问权限由数据库服务器控制）。", true);
        }
        if (OperatingSystem.IsWindows())
        {
            return ("SQLite 文件权限由 Windows 访问控制列表决定（未检查）。", true);
        }
        var appData = Path.IsPathRooted(store.Value.AppDataPath) ? store.Value.AppDataPath : Path.Combine(environment.ContentRootPath, store.Value.AppDataPath);
        var file = Path.Combine(appData, "newmediacms.db");
        if (!File.Exists(file))
        {
            return ("未找到 SQLite 数据库文件。", true);
        }
        var mode = File.GetUnixFileMode(file);
        var others = mode & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite);
        return others == 0 ? ("SQLite 文件仅属主可读写。", true) : ($"SQLite 文件 {file} 其他用户可读（{Octal(mode)}），请改为 0600。", false);
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode & 0x1FF, 8).PadLeft(4, '0');

    private static string Local(DateTime? utc) => utc is null ? "从未"
        : TimeZoneInfo.ConvertTimeFromUtc(utc.Value, TenantClock.FindZone(null)).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
