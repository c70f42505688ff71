namespace NewMediaCms.Core.Data;

/// <summary>A row that belongs to one department. Reads are filtered to the current tenant by default.</summary>
public interface ITenantOwned
{
    string TenantId { get; set; }
}

/// <summary>A capability's contribution to the one shared model (entity mappings, indexes).</summary>
public interface IModelContributor
{
    void Configure(Microsoft.EntityFrameworkCore.ModelBuilder modelBuilder);
}
