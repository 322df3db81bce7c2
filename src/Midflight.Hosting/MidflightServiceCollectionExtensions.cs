using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Midflight.Hosting;

/// <summary>Runs a Midflight node in a generic host.</summary>
public static class MidflightServiceCollectionExtensions
{
    /// <summary>
    /// Adds a node that starts and stops with the host: its <see cref="MidflightOptions"/> are bound
    /// from the host configuration's <c>Midflight</c> section, then given to <paramref name="configure"/>,
    /// and checked when the host starts. The running node is <see cref="MidflightNode.Node"/>.
    /// </summary>
    public static IServiceCollection AddMidflight(this IServiceCollection services, Action<MidflightOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<MidflightOptions>().BindConfiguration(MidflightOptions.Section);
        if (configure is not null)
        {
            options.Configure(configure);
        }
        options.ValidateOnStart();
        // The control API's answers are plain records: serializable by reflection when the application
        // gives its JSON no resolver for them (a slim or AOT-minded application), after its own resolvers.
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Add(new DefaultJsonTypeInfoResolver()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MidflightOptions>, MidflightOptionsValidation>());
        if (!services.Any(service => service.ServiceType == typeof(MidflightNode)))
        {
            services.AddSingleton<MidflightNode>();
            services.AddHostedService(provider => provider.GetRequiredService<MidflightNode>());
        }
        return services;
    }
}
