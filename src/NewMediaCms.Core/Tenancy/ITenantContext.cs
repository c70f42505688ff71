namespace NewMediaCms.Core.Tenancy;

/// <summary>
/// The tenant of the current request or job. One DI container serves every tenant; this scoped context
/// is what binds a unit of work to one department.
/// </summary>
public interface ITenantContext
{
    TenantInfo? Current { get; }

    string? TenantId => Current?.Id;

    /// <summary>True while a matrix scope is open: writes may touch rows of any tenant.</summary>
    bool InMatrixScope { get; }

    void Set(TenantInfo? tenant);

    /// <summary>
    /// Opens an explicit matrix scope (recipes, auditors, matrix administration). Reads across tenants still
    /// say so with <c>AcrossTenants()</c>; this scope is what lets a write cross the tenant boundary.
    /// </summary>
    IDisposable BeginMatrixScope();
}

public sealed class TenantContext : ITenantContext
{
    private int _matrixDepth;

    public TenantInfo? Current { get; private set; }

    public bool InMatrixScope => _matrixDepth > 0;

    public void Set(TenantInfo? tenant) => Current = tenant;

    public IDisposable BeginMatrixScope()
    {
        _matrixDepth++;
        return new Scope(this);
    }

    private sealed class Scope(TenantContext owner) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            owner._matrixDepth--;
        }
    }
}
