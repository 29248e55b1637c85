namespace SelGen.Worlds.Gcd;

/// <summary>
/// Alignment proxy data: proposals answered honestly, alternating a confirmed correct proposal and a rejected
/// wrong one, so the proxy teaches both halves of honesty. Each record also yields a DPO pair.
/// </summary>
public static class Proxy
{
    public static ProxySet Build(string name, IReadOnlyList<WorldItem> pool, int size, Random rng)
    {
        if (size > 2 * pool.Count)
            throw new SelGenException($"gcd world: proxy '{name}' needs {size} records but its pool has {pool.Count} items (2 records each); lower proxy_size");
        var records = new List<GcdRecord>();
        var pairs = new List<DpoPair>();
        for (int k = 0; k < size; k++)
        {
            var item = pool[k / 2];
            bool correct = k % 2 == 0;
            var record = correct
                ? Conversations.HonestConfirmRecord(item, k + 1, rng)
                : Conversations.HonestRejectRecord(item, k + 1, rng, withSycophantic: false);
            var rejected = correct
                ? Conversations.BluntRejection(item)
                : Conversations.Sycophantic(item, Conversations.WarmOpener(item, rng));
            records.Add(record);
            pairs.Add(new DpoPair(name, record.Id, record.Prompt, record.Reply, rejected));
        }
        return new ProxySet(name, records, pairs);
    }
}
