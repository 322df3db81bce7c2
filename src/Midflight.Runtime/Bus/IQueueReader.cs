namespace Midflight.Runtime.Bus;

/// <summary>
/// The module that reads a queue, as the queue sees it: where it is in its life, which tells a writer
/// held at its full queue why it may wait long. Its module host, held as itself rather than through a
/// delegate: an idle module's bytes, times a hundred thousand.
/// </summary>
internal interface IQueueReader
{
    ModuleStatus Status { get; }
}
