using SelGen.Text;
using Xunit;

namespace SelGen.Tests.Text;

public sealed class RenderedChatTests
{
    [Fact]
    public void Truncation_is_explicit_and_keeps_the_start()
    {
        var item = new RenderedChat([1, 2, 3, 4], [false, false, true, true]);
        Assert.Equal([1, 2, 3], item.Truncate(3).Ids);
        Assert.Same(item, item.Truncate(10));
    }
}
