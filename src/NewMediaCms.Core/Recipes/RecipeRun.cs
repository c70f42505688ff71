using Microsoft.EntityFrameworkCore;
using NewMediaCms.Core.Data;

namespace NewMediaCms.Core.Recipes;

/// <summary>A record of each successful recipe run: what ran, from which file content, and how much it changed.</summary>
public sealed class RecipeRun
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    public string File { get; set; } = "";

    public string Sha256 { get; set; } = "";

    public DateTime RanUtc { get; set; }

    public int Changed { get; set; }
}

internal sealed class RecipeRunModel : IModelContributor
{
    public void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<RecipeRun>(b =>
        {
            b.ToTable("RecipeRuns");
            b.HasKey(r => r.Id);
            b.Property(r => r.Name).HasMaxLength(200);
            b.Property(r => r.File).HasMaxLength(500);
            b.Property(r => r.Sha256).HasMaxLength(64);
        });
    }
}
