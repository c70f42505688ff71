namespace NewMediaCms.Web.Pages.Admin.Accounts;

/// <summary>One text field of the account forms: its input name, error key, label, value and error.</summary>
public sealed record AccountField(string Name, string Key, string Label, string? Value, string? Error, bool Required, int Max, string? Hint = null);
