using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Events;
using NewMediaCms.Core.Security;
using NewMediaCms.Core.Tenancy;

namespace NewMediaCms.Interaction;

/// <summary>
/// A citizen's contact (phone, e-mail, address) is stored encrypted: the column <c>CitizenMessages.Contact</c> holds
/// <see cref="CitizenMessage.ContactSealed"/>, AES-256-GCM under the secret key <c>Contacts</c> (<see cref="SecretKeys"/>:
/// configuration or a 0600 key file, never the database). Code sees only <see cref="CitizenMessage.Contact"/>: opened
/// when a message is read from the store, sealed when it is saved. Nothing searches by contact (a sealed value cannot be
/// matched in SQL; the admin inbox finds messages by subject, state and date).
/// </summary>
internal sealed class ContactEncryption(SecretKeys secrets) : ISaveChangesInterceptor
{
    public const string SecretName = "Contacts";

    private const string Purpose = "NewMediaCms.CitizenMessage.Contact";

    private byte[] Key => secrets.Get(SecretName);

    public string? Seal(string? contact) => contact is null ? null : FieldCipher.Seal(Key, Purpose, contact);

    /// <summary>A row written before encryption holds the plain text; it is sealed at start (<see cref="ContactEncryptionAtStart"/>).</summary>
    public string? Open(string? stored)
    {
        if (stored is null || !FieldCipher.IsSealed(stored))
        {
            return stored;
        }
        try
        {
            return FieldCipher.Open(Key, Purpose, stored);
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            throw new SecretKeyException($"留言联系方式无法解密：密钥与加密时不同。请恢复原来的 {SecretKeys.Section}:{SecretName} 或其密钥文件（{secrets.FileOf(SecretName)}）。", ex);
        }
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        SealChanged(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        SealChanged(eventData.Context);
        return ValueTask.FromResult(result);
    }

    /// <summary>Seals a contact that is new, changed or still in plain text; an unchanged one keeps its stored value.</summary>
    private void SealChanged(DbContext? db)
    {
        if (db is null)
        {
            return;
        }
        foreach (var entry in db.ChangeTracker.Entries<CitizenMessage>())
        {
            if (entry.State is EntityState.Deleted or EntityState.Detached)
            {
                continue;
            }
            var m = entry.Entity;
            var stored = m.ContactSealed;
            var current = m.Contact;
            var upToDate = current is null ? stored is null : FieldCipher.IsSealed(stored) && Open(stored) == current;
            if (!upToDate)
            {
                entry.Property(x => x.ContactSealed).CurrentValue = Seal(current);
            }
        }
    }
}

/// <summary>
/// Opens the contact of every message read from the store. One shared instance for every application: EF Core keys its
/// internal service provider on materialization interceptors, so a per-application instance would build one per test
/// host. The application's <see cref="ContactEncryption"/> is found through the context.
/// </summary>
internal sealed class ContactMaterializer : IMaterializationInterceptor
{
    public static readonly ContactMaterializer Instance = new();

    private ContactMaterializer()
    {
    }

    public object InitializedInstance(MaterializationInterceptionData materializationData, object entity)
    {
        if (entity is CitizenMessage { ContactSealed: not null } message)
        {
            var services = materializationData.Context.GetService<Microsoft.EntityFrameworkCore.Infrastructure.IDbContextOptions>()
                .FindExtension<Microsoft.EntityFrameworkCore.Infrastructure.CoreOptionsExtension>()?.ApplicationServiceProvider
                ?? throw new InvalidOperationException("The store context has no application service provider.");
            message.Contact = services.GetRequiredService<ContactEncryption>().Open(message.ContactSealed);
        }
        return entity;
    }
}

/// <summary>At start: seals every contact still stored in plain text (rows written before encryption), audited once.</summary>
internal sealed class ContactEncryptionAtStart(IServiceScopeFactory scopes, ILogger<ContactEncryptionAtStart> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NmcDbContext>();
        var tenant = scope.ServiceProvider.GetRequiredService<ITenantContext>();
        using var matrix = tenant.BeginMatrixScope();
        var total = 0;
        while (true)
        {
            var batch = await db.Set<CitizenMessage>().AcrossTenants()
                .Where(m => m.ContactSealed != null && !m.ContactSealed.StartsWith(FieldCipher.Prefix))
                .OrderBy(m => m.Id).Take(500).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }
            total += batch.Count;
            await db.SaveChangesAsync(cancellationToken); // the interceptor seals what is still plain text
            db.ChangeTracker.Clear();
        }
        if (total > 0)
        {
            db.Raise(new Audited(new AuditRecord("messages.contacts-encrypted", "CitizenMessage", "*",
                Detail: $"{total} 条留言的联系方式由明文改为加密存储")));
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Encrypted the contact of {Count} citizen messages stored in plain text.", total);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>What the self-assessment page shows of contact encryption: counts of sealed and plain-text contacts, and where the key is.</summary>
public sealed class ContactEncryptionState(NmcDbContext db, ITenantContext tenant, SecretKeys secrets)
{
    public string KeyDescription => secrets.Describe(ContactEncryption.SecretName);

    public async Task<(int Sealed, int Plain)> CountsAsync(CancellationToken ct)
    {
        using var matrix = tenant.BeginMatrixScope();
        var rows = db.Set<CitizenMessage>().AcrossTenants().Where(m => m.ContactSealed != null);
        var sealedCount = await rows.CountAsync(m => m.ContactSealed!.StartsWith(FieldCipher.Prefix), ct);
        var all = await rows.CountAsync(ct);
        return (sealedCount, all - sealedCount);
    }
}
