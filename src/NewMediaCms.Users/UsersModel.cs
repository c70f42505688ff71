using Microsoft.EntityFrameworkCore;
using NewMediaCms.Core.Data;
using NewMediaCms.Users.Sessions;
using NewMediaCms.Users.SignIn;

namespace NewMediaCms.Users;

/// <summary>The tables of sign-in beside Identity's own: server-side sessions, sign-in failure counters, challenges.</summary>
internal sealed class UsersModel : IModelContributor
{
    public void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<UserSession>(b =>
        {
            b.ToTable("UserSessions");
            b.HasKey(s => s.Id);
            b.Property(s => s.Id).HasMaxLength(64);
            b.Property(s => s.UserId).HasMaxLength(450).IsRequired();
            b.Property(s => s.UserName).HasMaxLength(256).IsRequired();
            b.Property(s => s.RevokedReason).HasMaxLength(32);
            b.Property(s => s.ClientAddress).HasMaxLength(64);
            b.Property(s => s.UserAgent).HasMaxLength(256);
            b.HasIndex(s => s.UserId);
        });
        modelBuilder.Entity<SignInCounter>(b =>
        {
            b.ToTable("SignInCounters");
            b.HasKey(c => c.Key);
            b.Property(c => c.Key).HasMaxLength(400);
        });
        modelBuilder.Entity<SignInChallenge>(b =>
        {
            b.ToTable("SignInChallenges");
            b.HasKey(c => c.Id);
            b.Property(c => c.Id).HasMaxLength(64);
            b.HasIndex(c => c.ExpiresUtc);
        });
    }
}
