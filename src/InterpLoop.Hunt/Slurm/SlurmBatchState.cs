using System.Text.Json;
using System.Text.Json.Serialization;

namespace InterpLoop.Hunt.Slurm;

/// <summary>
/// What a coordinator has submitted for one batch, kept next to its plan so a coordinator killed and started again
/// polls the same job instead of submitting the work twice: the plan's hash, the shard count, the job ids and how
/// many times each shard was submitted.
/// </summary>
public sealed class SlurmBatchState
{
    [JsonPropertyName("plan_hash")] public string PlanHash { get; set; } = "";
    [JsonPropertyName("shards")] public int Shards { get; set; }
    [JsonPropertyName("jobs")] public List<string> Jobs { get; set; } = new();
    /// <summary>Submissions per shard (1-based index as text, for JSON).</summary>
    [JsonPropertyName("attempts")] public Dictionary<string, int> Attempts { get; set; } = new();

    /// <summary>The job each shard was last submitted in.</summary>
    [JsonPropertyName("task_jobs")] public Dictionary<string, string> TaskJobs { get; set; } = new();

    public string? JobOf(int shard) => TaskJobs.GetValueOrDefault(shard.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public int AttemptsOf(int shard) => Attempts.GetValueOrDefault(shard.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public void Submitted(int shard, string job)
    {
        var name = shard.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Attempts[name] = AttemptsOf(shard) + 1;
        TaskJobs[name] = job;
        if (!Jobs.Contains(job)) Jobs.Add(job);
    }

    static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    /// <summary>The state in <paramref name="path"/> when it is this plan's; a missing, unreadable or other plan's file is a fresh start.</summary>
    public static SlurmBatchState LoadFor(string path, string planHash, int shards)
    {
        try
        {
            if (File.Exists(path) && JsonSerializer.Deserialize<SlurmBatchState>(File.ReadAllText(path)) is { } s && s.PlanHash == planHash && s.Shards == shards)
                return s;
        }
        catch (JsonException) { }
        return new SlurmBatchState { PlanHash = planHash, Shards = shards };
    }

    public void Save(string path)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, Options));
        File.Move(temporary, path, overwrite: true);
    }
}
