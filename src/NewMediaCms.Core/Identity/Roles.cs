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

    public static readonly IReadOnlyList<string> Matrix = [SystemAdmin, MatrixAdmin, Auditor];
    public static readonly IReadOnlyList<string> Department = [DepartmentAdmin, Editor, Reviewer];
    public static readonly IReadOnlyList<string> All = [.. Matrix, .. Department];

    public static readonly IReadOnlyDictionary<string, string> DisplayNames = new Dictionary<string, string>
    {
        [SystemAdmin] = "系统管理员",
        [MatrixAdmin] = "矩阵管理员",
        [Auditor] = "检查员",
        [DepartmentAdmin] = "部门管理员",
        [Editor] = "编辑",
        [Reviewer] = "审核人",
    };

    public static bool IsMatrixRole(string role) => Matrix.Contains(role);
}
