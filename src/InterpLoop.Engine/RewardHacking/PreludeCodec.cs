using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using static TorchSharp.torch;

namespace InterpLoop.Engine.RewardHacking;

/// <summary>
/// A prelude as bytes, losslessly: each tensor's raw float32, int64 or bool elements (little-endian) with its
/// name, dtype and shape, the probe's doubles bit for bit, and a SHA-256 of everything before it, so a
/// truncated or altered snapshot is refused rather than misread. Layout (BinaryWriter):
/// magic, layout version, key, vocabulary answers, max tokens, the detector's threshold and sharpness, its member
/// count and per member its layer, probe kind, aggregation and training cross-entropy; AUROC, FPR, TPR, tensor count,
/// then per tensor: name, dtype, rank, shape, byte count, bytes; then the hash.
/// </summary>
internal static class PreludeCodec
{
    const string Magic = "interploop.prelude";
    /// <summary>2: the detector may read several layers (probe.layer = all).</summary>
    const int Layout = 2;
    const int HashBytes = 32;
    /// <summary>Embedding, two blocks of weight and bias, read-out weight and bias (<see cref="PolicyNetwork.Initialise"/>).</summary>
    const int ReferenceParameters = 7;

    enum Element : byte { Float32 = 1, Int64 = 2, Bool = 3 }

    public static byte[] Encode(Prelude prelude, PreludeKey key)
    {
        using var scope = NewDisposeScope();   // contiguous copies, if any
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            var parts = prelude.Probe.Detector.Parts;
            var report = prelude.Probe.Report;
            w.Write(Magic);
            w.Write(Layout);
            w.Write(key.Value);
            w.Write(prelude.Reference.Vocabulary.Answers);
            w.Write(prelude.Reference.MaxTokens);
            w.Write(parts.Threshold);
            w.Write(parts.Sharpness);
            w.Write(parts.Members.Count);
            foreach (var (layer, probe) in parts.Members)
            {
                w.Write(layer);
                w.Write((int)probe.Kind);
                w.Write((int)probe.Aggregation);
                w.Write(probe.TrainingCrossEntropy);
            }
            w.Write(report.AurocReference);
            w.Write(report.FprReference);
            w.Write(report.TprReference);
            var tensors = Named(prelude).ToList();
            w.Write(tensors.Count);
            foreach (var (name, t) in tensors) WriteTensor(w, name, t);
        }
        buffer.Write(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
        return buffer.ToArray();
    }

    /// <summary>The prelude these bytes hold; throws <see cref="FormatException"/> when they are not a sound snapshot of <paramref name="key"/>.</summary>
    public static Prelude Decode(byte[] bytes, PreludeKey key)
    {
        if (bytes.Length < HashBytes) throw new FormatException($"{bytes.Length} bytes is too short for a prelude snapshot");
        var body = bytes.AsSpan(0, bytes.Length - HashBytes);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - HashBytes)))
            throw new FormatException("its checksum does not match its contents");
        // The tensors read belong to this scope until the prelude is whole; a bad snapshot leaves nothing behind.
        using var scope = NewDisposeScope();
        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes, 0, body.Length), Encoding.UTF8);
            if (r.ReadString() != Magic) throw new FormatException("it is not a prelude snapshot");
            if (r.ReadInt32() is var layout && layout != Layout) throw new FormatException($"its layout is {layout}, this engine reads {Layout}");
            if (r.ReadString() is var stored && stored != key.Value) throw new FormatException($"it holds the prelude of key {stored}");
            var vocabulary = new Vocabulary(r.ReadInt32());
            int maxTokens = r.ReadInt32();
            double threshold = r.ReadDouble(), sharpness = r.ReadDouble();
            int memberCount = r.ReadInt32();
            if (memberCount < 1 || memberCount > 64) throw new FormatException($"its detector reads {memberCount} layers");
            var members = new List<(int Layer, ProbeKind Kind, ProbeAggregation Aggregation, double CrossEntropy)>();
            for (int m = 0; m < memberCount; m++)
            {
                var member = (r.ReadInt32(), (ProbeKind)r.ReadInt32(), (ProbeAggregation)r.ReadInt32(), r.ReadDouble());
                if (!Enum.IsDefined(member.Item2) || !Enum.IsDefined(member.Item3)) throw new FormatException("its probe kind or aggregation is unknown");
                members.Add(member);
            }
            var report = new ProbeReport(r.ReadDouble(), r.ReadDouble(), r.ReadDouble());

            int count = r.ReadInt32();
            var byName = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            for (int i = 0; i < count; i++)
            {
                var (name, t) = ReadTensor(r);
                if (!byName.TryAdd(name, t)) throw new FormatException($"it holds tensor '{name}' twice");
            }
            if (r.BaseStream.Position != body.Length) throw new FormatException("it has bytes after its last tensor");

            Tensor Take(string name) => byName.Remove(name, out var t) ? t : throw new FormatException($"it has no tensor '{name}'");
            Tensor[] Sequence(string prefix) => byName.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).OrderBy(k => int.Parse(k[prefix.Length..]))
                .ToList().Select(Take).ToArray();
            ProbeData Data(string prefix) => new(Take(prefix + "x"), Take(prefix + "tokens"), Take(prefix + "emitted"), Take(prefix + "labels"));

            var parameters = Sequence("reference.");
            if (parameters.Length != ReferenceParameters) throw new FormatException($"its reference has {parameters.Length} parameter tensors, not {ReferenceParameters}");
            var reference = PolicyNetwork.FromParameters(parameters, vocabulary, maxTokens);
            var detector = Detector.FromParts(new DetectorParts(
                members.Select((m, i) => (m.Layer, new ProbeParts(m.Kind, m.Aggregation, Sequence($"probe.{i}."), m.CrossEntropy))).ToList(),
                threshold, sharpness));
            var fitted = new FittedProbe(detector, report, Data("train."), Data("test."));
            if (byName.Count > 0) throw new FormatException($"it holds unexpected tensors ({string.Join(", ", byName.Keys)})");
            var prelude = new Prelude(reference, fitted);
            foreach (var t in prelude.Tensors) t.DetachFromDisposeScope();
            return prelude;
        }
        catch (Exception e) when (e is EndOfStreamException or ArgumentException or IOException or OverflowException)
        {
            throw new FormatException($"it is malformed ({e.Message})", e);
        }
    }

    static IEnumerable<(string Name, Tensor Tensor)> Named(Prelude p)
    {
        var reference = p.Reference.Parameters;
        for (int i = 0; i < reference.Length; i++) yield return ($"reference.{i}", reference[i]);
        var probes = p.Probe.Detector.Probes;
        for (int m = 0; m < probes.Count; m++)
        {
            var weights = probes[m].Parts.Weights;
            for (int i = 0; i < weights.Count; i++) yield return ($"probe.{m}.{i}", weights[i]);
        }
        foreach (var (prefix, d) in new[] { ("train.", p.Probe.Train), ("test.", p.Probe.Test) })
        {
            yield return (prefix + "x", d.X);
            yield return (prefix + "tokens", d.Tokens);
            yield return (prefix + "emitted", d.Emitted);
            yield return (prefix + "labels", d.Labels);
        }
    }

    static void WriteTensor(BinaryWriter w, string name, Tensor t)
    {
        var c = t.contiguous();
        var (element, bytes) = c.dtype switch
        {
            ScalarType.Float32 => (Element.Float32, MemoryMarshal.AsBytes(HostTensors.Read<float>(c)).ToArray()),
            ScalarType.Int64 => (Element.Int64, MemoryMarshal.AsBytes(HostTensors.Read<long>(c)).ToArray()),
            ScalarType.Bool => (Element.Bool, c.data<bool>().ToArray().Select(b => b ? (byte)1 : (byte)0).ToArray()),
            var other => throw new NotSupportedException($"a prelude holds no {other} tensors ({name})"),
        };
        GC.KeepAlive(c);                                                                 // read in place
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("prelude snapshots are little-endian");
        w.Write(name);
        w.Write((byte)element);
        w.Write(t.shape.Length);
        foreach (var n in t.shape) w.Write(n);
        w.Write(bytes.Length);
        w.Write(bytes);
    }

    static (string Name, Tensor Tensor) ReadTensor(BinaryReader r)
    {
        var name = r.ReadString();
        var element = (Element)r.ReadByte();
        int rank = r.ReadInt32();
        if (rank is < 0 or > 8) throw new FormatException($"tensor '{name}' has rank {rank}");
        var shape = new long[rank];
        long elements = 1;
        for (int i = 0; i < rank; i++)
        {
            shape[i] = r.ReadInt64();
            if (shape[i] < 0) throw new FormatException($"tensor '{name}' has a negative dimension");
            elements = checked(elements * shape[i]);
        }
        int length = r.ReadInt32();
        long size = element switch { Element.Float32 => 4, Element.Int64 => 8, Element.Bool => 1, _ => throw new FormatException($"tensor '{name}' has unknown element type {(byte)element}") };
        if (length != checked(elements * size)) throw new FormatException($"tensor '{name}' has {length} bytes for {elements} elements");
        var bytes = r.ReadBytes(length);
        if (bytes.Length != length) throw new EndOfStreamException($"tensor '{name}' is cut short");
        var t = element switch
        {
            Element.Float32 => HostTensors.From(MemoryMarshal.Cast<byte, float>(bytes), shape),
            Element.Int64 => HostTensors.From(MemoryMarshal.Cast<byte, long>(bytes), shape),
            _ => tensor(bytes.Select(b => b switch { 0 => false, 1 => true, _ => throw new FormatException($"tensor '{name}' holds a bool that is neither 0 nor 1") }).ToArray(), shape),
        };
        return (name, t);
    }
}
