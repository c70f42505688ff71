namespace NewMediaCms.Core.Identity;

/// <summary>A signed-in person as other capabilities see them: name, department (null for matrix users), e-mail and roles.</summary>
public sealed record Person(string UserName, string DisplayName, string? TenantId, string? Email, IReadOnlySet<string> Roles);

/// <summary>
/// Who works where: the people holding a role in a department (or, for a matrix role with a null department, in the
/// matrix), and one person by name. Disabled (locked-out) people are not returned. Implemented by Notifications,
/// read by Editorial to name the reviewers who may act at a review level.
/// </summary>
public interface IPeopleDirectory
{
    Task<IReadOnlyList<Person>> InRoleAsync(string role, string? tenantId, CancellationToken cancellationToken);

    Task<Person?> FindAsync(string userName, CancellationToken cancellationToken);
}
