namespace NewMediaCms.Core.Identity;

/// <summary>The built-in roles. Matrix roles act across departments; department roles act inside one.</summary>
public static class Roles
{
    public const string SystemAdmin = "SystemAdmin";
    public const string MatrixAdmin = "MatrixAdmin";
    public const string Auditor = "Auditor";
    public const string DepartmentAdmin = "DepartmentAdmin";
    public const string Editor = "Editor";
    public const string Reviewer = "Reviewer";

    /// <summary>三权分立 (GB/T 22239-2019 level 3): manages users, roles and security policies; cannot read the audit log.</summary>
    public const string SecurityAdmin = "SecurityAdmin";

    /// <summary>三权分立: reads, verifies and exports the audit log; cannot change users or settings.</summary>
    public const string AuditAdmin = "AuditAdmin";

    /// <summary>The three separated duties (system, security, audit administration): one person holds at most one of them.</summary>
    public static readonly IReadOnlyList<string> SeparatedDuties = [SystemAdmin, SecurityAdmin, AuditAdmin];

    public static readonly IReadOnlyList<string> Matrix = [SystemAdmin, MatrixAdmin, Auditor];
    public static readonly IReadOnlyList<string> Department = [DepartmentAdmin, Editor, Reviewer];
    /// <summary>Every role; the security and audit administrators hold no department and read no department's content.</summary>
    public static readonly IReadOnlyList<string> All = [.. Matrix, SecurityAdmin, AuditAdmin, .. Department];

    public static readonly IReadOnlyDictionary<string, string> DisplayNames = new Dictionary<string, string>
    {
        [SystemAdmin] = "系统管理员",
        [MatrixAdmin] = "矩阵管理员",
        [Auditor] = "检查员",
        [DepartmentAdmin] = "部门管理员",
        [Editor] = "编辑",
        [Reviewer] = "审核人",
        [SecurityAdmin] = "安全管理员",
        [AuditAdmin] = "审计管理员",
    };

    public static bool IsMatrixRole(string role) => Matrix.Contains(role);
}
