namespace SelGen.Text;

/// <summary>
/// The shape every chat format accepts: an optional system message, then user and assistant turns
/// alternating, starting with the user. Content must not be empty or blank.
/// </summary>
public static class Conversation
{
    /// <summary>What the last turn must be.</summary>
    public enum Ending { Any, User, Assistant }

    /// <summary>Returns null if <paramref name="messages"/> is well formed, else what is wrong (naming the message index).</summary>
    public static string? Problem(IReadOnlyList<ChatMessage> messages, Ending ending = Ending.Any)
    {
        if (messages.Count == 0) return "'messages' is empty; a conversation needs at least a user message";
        int start = messages[0].Role == ChatMessage.System ? 1 : 0;
        for (int i = 0; i < messages.Count; i++)
        {
            var m = messages[i];
            if (m.Role is not (ChatMessage.System or ChatMessage.User or ChatMessage.Assistant))
                return $"messages[{i}].role is '{m.Role}'; expected one of system, user, assistant";
            if (string.IsNullOrWhiteSpace(m.Content))
                return $"messages[{i}] ({m.Role}) has empty content";
            if (i < start) continue;
            var expected = (i - start) % 2 == 0 ? ChatMessage.User : ChatMessage.Assistant;
            if (m.Role != expected)
                return m.Role == ChatMessage.System
                    ? $"messages[{i}] is a system message; only the first message may be one"
                    : $"messages[{i}].role is '{m.Role}' but turns must alternate user, assistant, user, ... after the optional system message; expected '{expected}'";
        }
        if (messages.Count == start) return "the conversation has a system message but no user message";
        var last = messages[^1].Role;
        if (ending == Ending.User && last != ChatMessage.User)
            return $"the last message is from the {last}; a prompt must end with a user message (the model writes the reply)";
        if (ending == Ending.Assistant && last != ChatMessage.Assistant)
            return $"the last message is from the {last}; a training conversation must end with an assistant reply";
        return null;
    }

    /// <summary>Throws a <see cref="SelGenException"/> prefixed by <paramref name="source"/> (e.g. "file.jsonl:3") if malformed.</summary>
    public static void Validate(IReadOnlyList<ChatMessage> messages, Ending ending = Ending.Any, string source = "conversation")
    {
        if (Problem(messages, ending) is { } problem) throw new SelGenException($"{source}: {problem}");
    }

    /// <summary>The conversation without its final assistant reply: the prompt that reply answered.</summary>
    public static IReadOnlyList<ChatMessage> WithoutFinalReply(IReadOnlyList<ChatMessage> messages) =>
        messages.Count > 0 && messages[^1].Role == ChatMessage.Assistant ? messages.Take(messages.Count - 1).ToList() : messages;
}
