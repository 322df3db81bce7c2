namespace Midflight.Runtime.Bus;

/// <summary>A message in a queue; a request carries the queue its reply goes to.</summary>
internal readonly record struct Envelope(Message Message, Inbox? ReplyTo = null);
