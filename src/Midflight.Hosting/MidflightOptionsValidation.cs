using Microsoft.Extensions.Options;

namespace Midflight.Hosting;

/// <summary>Refuses options a node cannot start with, naming the setting, before the host starts anything.</summary>
internal sealed class MidflightOptionsValidation : IValidateOptions<MidflightOptions>
{
    public ValidateOptionsResult Validate(string? name, MidflightOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Configuration))
        {
            failures.Add($"{MidflightOptions.Section}:{nameof(MidflightOptions.Configuration)} must name the application's configuration file (.mil)");
        }
        if (options.QueueCapacity is { } capacity && !Model.InterfaceSpec.IsCapacity(capacity))
        {
            failures.Add($"{MidflightOptions.Section}:{nameof(MidflightOptions.QueueCapacity)} must be from 1 to {Model.InterfaceSpec.MaximumCapacity} messages, not {capacity}");
        }
        Positive(nameof(MidflightOptions.HealthWindow), options.HealthWindow);
        Positive(nameof(MidflightOptions.ProgressTimeout), options.ProgressTimeout);
        Positive(nameof(MidflightOptions.QuiesceTimeout), options.QuiesceTimeout);
        Positive(nameof(MidflightOptions.StopTimeout), options.StopTimeout);
        if (!Enum.IsDefined(options.ControlEndpoint))
        {
            failures.Add($"{MidflightOptions.Section}:{nameof(MidflightOptions.ControlEndpoint)} must be {string.Join(" or ", Enum.GetNames<ControlEndpointMode>())}");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Positive(string setting, TimeSpan? value)
        {
            if (value is { } span && span <= TimeSpan.Zero)
            {
                failures.Add($"{MidflightOptions.Section}:{setting} must be a positive duration (e.g. 00:00:30), not {span}");
            }
        }
    }
}
