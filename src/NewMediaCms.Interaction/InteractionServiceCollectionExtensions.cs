using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NewMediaCms.Core.Security;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Inspection;
using NewMediaCms.Core.Recipes;

namespace NewMediaCms.Interaction;

public static class InteractionServiceCollectionExtensions
{
    /// <summary>
    /// Citizen messages (留言) and replies (答复): the messages table, the message service, reply deadlines in working days,
    /// the "messages" recipe step and the evidence for the inspection rules NM-D10, WEB-V04 and NM-V07.
    /// The public pages are in PublicSite (MapPublicSite), the department's inbox in the web host (Pages/Admin/Messages).
    /// A citizen's contact is encrypted in the store (<see cref="ContactEncryption"/>).
    /// </summary>
    public static IServiceCollection AddInteraction(this IServiceCollection services)
    {
        services.AddSingleton<IModelContributor, InteractionModel>();
        services.AddScoped<ReplyDeadlines>();
        services.AddScoped<MessageService>();
        services.AddScoped<IRecipeStep, MessagesRecipeStep>();
        services.AddScoped<IInteractionEvidence, InteractionEvidence>();
        services.TryAddSingleton<SecretKeys>();
        services.AddSingleton<ContactEncryption>();
        services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>(sp => sp.GetRequiredService<ContactEncryption>());
        services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>(ContactMaterializer.Instance);
        services.AddHostedService<ContactEncryptionAtStart>();
        services.AddScoped<ContactEncryptionState>();
        return services;
    }
}
