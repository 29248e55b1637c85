using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

// Renames libLibTorchSharp.so's version need GLIBCXX_3.4.32 to GLIBCXX_3.4.30
// when the system libstdc++ lacks 3.4.32. See LibTorchSharpGlibcxx.targets.
public class PatchGlibcxxVersionNeed : Task
{
    [Required] public string Directory { get; set; } = "";

    const string Wanted = "GLIBCXX_3.4.32";
    const string Replacement = "GLIBCXX_3.4.30";
    const uint ShtGnuVerneed = 0x6ffffffe;

    static readonly string[] SystemLibstdcxx =
    {
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6",
        "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
    };

    public override bool Execute()
    {
        string[] candidates =
        {
            Path.Combine(Directory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so"),
            Path.Combine(Directory, "libLibTorchSharp.so"),
        };
        foreach (var path in candidates)
        {
            if (!File.Exists(path)) continue;
            try { PatchIfNeeded(path); }
            catch (Exception e)
            {
                Log.LogError(
                    "Could not patch {0} for this system's libstdc++ ({1}). " +
                    "Install a libstdc++6 that provides GLIBCXX_3.4.32 (GCC 13 or newer), " +
                    "or report this with the output of 'readelf -V {0}'.", path, e.Message);
                return false;
            }
        }
        return true;
    }

    void PatchIfNeeded(string path)
    {
        var system = Array.Find(SystemLibstdcxx, File.Exists);
        if (system == null)
        {
            Log.LogMessage(MessageImportance.Low, "No system libstdc++.so.6 found; leaving {0} as it is.", path);
            return;
        }
        if (Contains(File.ReadAllBytes(system), Encoding.ASCII.GetBytes(Wanted + "\0")))
            return; // the system provides the version: nothing to do

        var bytes = File.ReadAllBytes(path);
        var modified = File.GetLastWriteTimeUtc(path);
        if (bytes.Length < 64 || bytes[0] != 0x7f || bytes[1] != (byte)'E' || bytes[4] != 2 || bytes[5] != 1)
            throw new InvalidDataException("not a 64-bit little-endian ELF file");

        ulong shoff = BitConverter.ToUInt64(bytes, 0x28);
        int shentsize = BitConverter.ToUInt16(bytes, 0x3A);
        int shnum = BitConverter.ToUInt16(bytes, 0x3C);
        for (int i = 0; i < shnum; i++)
        {
            int sh = checked((int)shoff + i * shentsize);
            if (BitConverter.ToUInt32(bytes, sh + 4) != ShtGnuVerneed) continue;
            int verneed = checked((int)BitConverter.ToUInt64(bytes, sh + 24));
            int count = (int)BitConverter.ToUInt32(bytes, sh + 44);
            int link = (int)BitConverter.ToUInt32(bytes, sh + 40);
            int dynstr = checked((int)BitConverter.ToUInt64(bytes, (int)shoff + link * shentsize + 24));
            if (RenameNeed(bytes, verneed, count, dynstr))
            {
                File.WriteAllBytes(path, bytes);
                // Keep the timestamp so MSBuild's incremental copy does not overwrite the patched file.
                File.SetLastWriteTimeUtc(path, modified);
                Log.LogMessage(MessageImportance.High,
                    "Patched {0}: version need {1} -> {2} (system libstdc++ lacks {1}).", path, Wanted, Replacement);
            }
            return;
        }
        throw new InvalidDataException("no .gnu.version_r section");
    }

    static bool RenameNeed(byte[] bytes, int verneed, int count, int dynstr)
    {
        int need = verneed;
        for (int n = 0; n < count; n++)
        {
            int auxCount = BitConverter.ToUInt16(bytes, need + 2);
            int aux = need + (int)BitConverter.ToUInt32(bytes, need + 8);
            for (int a = 0; a < auxCount; a++)
            {
                int name = dynstr + (int)BitConverter.ToUInt32(bytes, aux + 8);
                if (ReadString(bytes, name) == Wanted)
                {
                    Encoding.ASCII.GetBytes(Replacement).CopyTo(bytes, name);
                    BitConverter.GetBytes(ElfHash(Replacement)).CopyTo(bytes, aux);
                    return true;
                }
                aux += (int)BitConverter.ToUInt32(bytes, aux + 12);
            }
            need += (int)BitConverter.ToUInt32(bytes, need + 12);
        }
        return false; // already patched, or never needed it
    }

    static string ReadString(byte[] bytes, int start)
    {
        int end = Array.IndexOf(bytes, (byte)0, start);
        return Encoding.ASCII.GetString(bytes, start, end - start);
    }

    // The System V ABI hash that vna_hash must hold for the name.
    static uint ElfHash(string name)
    {
        uint h = 0;
        foreach (char c in name)
        {
            h = (h << 4) + c;
            uint g = h & 0xf0000000;
            if (g != 0) h ^= g >> 24;
            h &= ~g;
        }
        return h;
    }

    static bool Contains(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
        {
            int j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j]) j++;
            if (j == needle.Length) return true;
        }
        return false;
    }
}
