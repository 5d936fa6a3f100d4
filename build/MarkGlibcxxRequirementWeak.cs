#nullable enable
using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

// Marks one GLIBCXX version requirement of an ELF64 shared library as weak (VER_FLG_WEAK), when and
// only when the system's libstdc++ does not define that version. See LibTorchSharpGlibcxxFix.targets.
public sealed class MarkGlibcxxRequirementWeak : Task
{
    [Required] public ITaskItem[] Libraries { get; set; } = Array.Empty<ITaskItem>();
    [Required] public string Version { get; set; } = "";

    const uint ShtGnuVerneed = 0x6ffffffe;
    const ushort VerFlgWeak = 0x2;

    static readonly string[] SystemLibstdcxxCandidates =
    {
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6", "/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6",
        "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
    };

    public override bool Execute()
    {
        string? system = null;
        foreach (var c in SystemLibstdcxxCandidates) if (File.Exists(c)) { system = c; break; }
        if (system != null && Contains(File.ReadAllBytes(system), Encoding.ASCII.GetBytes(Version + "\0")))
        {
            Log.LogMessage(MessageImportance.Low, $"{system} defines {Version}; libLibTorchSharp.so left as shipped.");
            return true;
        }
        foreach (var item in Libraries)
        {
            var path = item.ItemSpec;
            try
            {
                var bytes = File.ReadAllBytes(path);
                var result = MarkWeak(bytes, Version);
                if (result == null) { Log.LogWarning($"{path}: not a little-endian ELF64 file with version needs; left alone."); continue; }
                if (result == false) { Log.LogMessage(MessageImportance.Low, $"{path}: {Version} already weak or not required."); continue; }
                // Replace by rename, never in place: the output copy may be a hard link into the NuGet cache.
                var tmp = path + ".interploop-tmp";
                File.WriteAllBytes(tmp, bytes);
                File.Delete(path);
                File.Move(tmp, path);
                Log.LogMessage(MessageImportance.High,
                    $"InterpLoop: marked {Version} weak in {path} (system libstdc++ {(system ?? "not found")} lacks it).");
            }
            catch (Exception e)
            {
                Log.LogError($"InterpLoop: could not patch {path}: {e.Message}");
            }
        }
        return !Log.HasLoggedErrors;
    }

    // Returns true when a requirement was changed, false when there was nothing to change,
    // null when the file is not an ELF64 little-endian shared object.
    static bool? MarkWeak(byte[] b, string version)
    {
        if (b.Length < 64 || b[0] != 0x7f || b[1] != (byte)'E' || b[2] != (byte)'L' || b[3] != (byte)'F') return null;
        if (b[4] != 2 || b[5] != 1) return null;
        long shoff = (long)BitConverter.ToUInt64(b, 0x28);
        int shentsize = BitConverter.ToUInt16(b, 0x3A);
        int shnum = BitConverter.ToUInt16(b, 0x3C);
        bool changed = false, found = false;
        for (int i = 0; i < shnum; i++)
        {
            long sh = shoff + (long)i * shentsize;
            if (BitConverter.ToUInt32(b, (int)sh + 4) != ShtGnuVerneed) continue;
            found = true;
            long offset = (long)BitConverter.ToUInt64(b, (int)sh + 0x18);
            int link = (int)BitConverter.ToUInt32(b, (int)sh + 0x28);
            int count = (int)BitConverter.ToUInt32(b, (int)sh + 0x2C);
            long strtab = (long)BitConverter.ToUInt64(b, (int)(shoff + (long)link * shentsize) + 0x18);
            long vn = offset;
            for (int n = 0; n < count; n++)
            {
                int cnt = BitConverter.ToUInt16(b, (int)vn + 2);
                long aux = vn + BitConverter.ToUInt32(b, (int)vn + 8);
                for (int a = 0; a < cnt; a++)
                {
                    ushort flags = BitConverter.ToUInt16(b, (int)aux + 4);
                    long name = strtab + BitConverter.ToUInt32(b, (int)aux + 8);
                    if (CString(b, name) == version && (flags & VerFlgWeak) == 0)
                    {
                        var f = BitConverter.GetBytes((ushort)(flags | VerFlgWeak));
                        b[aux + 4] = f[0]; b[aux + 5] = f[1];
                        changed = true;
                    }
                    aux += BitConverter.ToUInt32(b, (int)aux + 12);
                }
                vn += BitConverter.ToUInt32(b, (int)vn + 12);
            }
        }
        return found ? changed : (bool?)null;
    }

    static string CString(byte[] b, long at)
    {
        long end = at;
        while (end < b.Length && b[end] != 0) end++;
        return Encoding.ASCII.GetString(b, (int)at, (int)(end - at));
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
