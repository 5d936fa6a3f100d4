using TorchSharp;
using static TorchSharp.torch;

namespace InterpLoop.Properties;

/// <summary>
/// Proves the build's libLibTorchSharp.so fix works on this machine: the native library loads and a tiny
/// network trains (its loss falls to a pinned value). If this fails with a TypeInitializationException,
/// the GLIBCXX weak-version patch in build/LibTorchSharpGlibcxxFix.targets did not run.
/// </summary>
public class TorchSharpLoadsAndTrains
{
    [Fact]
    public void A_small_network_fits_a_linear_map()
    {
        torch.set_num_threads(1);
        var g = new Generator(7);
        var x = randn(256, 4, generator: g);                       // [256, 4]
        var trueW = tensor(new float[] { 1, -2, 0.5f, 3 }).view(4, 1);
        var y = x.matmul(trueW);                                    // [256, 1]
        var model = nn.Sequential(nn.Linear(4, 16), nn.Tanh(), nn.Linear(16, 1));
        var optimizer = optim.Adam(model.parameters(), 0.05);
        double first = 0, last = 0;
        for (int step = 0; step < 300; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.mse_loss(model.call(x), y);
            loss.backward();
            optimizer.step();
            if (step == 0) first = loss.item<float>();
            last = loss.item<float>();
        }
        Assert.True(first > 1.0, $"initial loss {first} should be large for this target");
        Assert.True(last < 0.05 * first, $"loss fell only from {first} to {last}");
    }
}
