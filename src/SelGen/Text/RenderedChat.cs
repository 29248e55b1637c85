namespace SelGen.Text;

/// <summary>Which tokens of a rendered conversation are loss targets.</summary>
public enum TrainOn
{
    /// <summary>Every assistant reply's content and its end-of-turn token (the default).</summary>
    Assistant,

    /// <summary>Every token, prompt included (what the published reference code did).</summary>
    All,
}

/// <summary>A conversation as token ids; <see cref="Trained"/>[t] says whether token t is a loss target.</summary>
public sealed record RenderedChat(int[] Ids, bool[] Trained)
{
    public int Length => Ids.Length;
    public int TrainedCount => Trained.Count(t => t);

    /// <summary>Keeps the first <paramref name="maxLength"/> tokens (Hugging Face's right truncation); an explicit choice, never automatic.</summary>
    public RenderedChat Truncate(int maxLength) =>
        Length <= maxLength ? this : new RenderedChat(Ids[..maxLength], Trained[..maxLength]);
}
