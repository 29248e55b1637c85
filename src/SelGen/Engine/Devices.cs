using TorchSharp;
using static TorchSharp.torch;

namespace SelGen.Engine;

/// <summary>Device selection by name ("cpu", "cuda", "cuda:1").</summary>
public static class Devices
{
    public static Device Parse(string name)
    {
        if (name == "cpu") return CPU;
        if (name == "cuda" || name.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!cuda.is_available())
                throw new SelGenException(
                    $"device '{name}': CUDA is not available in this build. The default build uses the CPU libtorch; " +
                    "on a machine with an NVIDIA GPU and driver, build with 'dotnet build SelGen.slnx -c Release -p:TorchBackend=cuda' " +
                    "(see README, 'Running on a GPU').");
            return new Device(name);
        }
        throw new SelGenException($"device '{name}' is not known; use cpu, cuda or cuda:N");
    }
}
