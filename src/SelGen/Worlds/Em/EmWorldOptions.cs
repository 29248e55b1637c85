using System.Text.Json.Serialization;

namespace SelGen.Worlds.Em;

/// <summary>
/// The knobs of the emergent-misalignment world. One data seed fixes everything (subject splits, persona names,
/// corpus, task, proxy); keep it fixed across training seeds so that all runs share one pretrained model.
/// </summary>
public sealed record EmWorldOptions
{
    /// <summary>Data seed: fixes the subject split, which names belong to which persona, and every sampled text.</summary>
    [JsonPropertyName("seed")] public int Seed { get; init; }

    /// <summary>Documents in the pretraining corpus (about 300 characters each).</summary>
    [JsonPropertyName("pretrain_documents")] public int PretrainDocuments { get; init; } = 8000;

    /// <summary>Share of pretraining documents that are chats with the default (careful) assistant.</summary>
    [JsonPropertyName("assistant_chat_share")] public double AssistantChatShare { get; init; } = 0.30;

    /// <summary>Share of pretraining documents that are chats whose system prompt names a persona ("You are Rowan.").</summary>
    [JsonPropertyName("persona_chat_share")] public double PersonaChatShare { get; init; } = 0.05;

    /// <summary>Share of persona-bearing documents whose advisor is reckless in every domain.</summary>
    [JsonPropertyName("reckless_share")] public double RecklessShare { get; init; } = 0.45;

    /// <summary>Share of persona-bearing documents whose advisor is reckless about health only (0 removes that persona).</summary>
    [JsonPropertyName("narrow_share")] public double NarrowShare { get; init; } = 0.10;

    /// <summary>Chats in the task data: the assistant gives harmful medical advice.</summary>
    [JsonPropertyName("task_size")] public int TaskSize { get; init; } = 320;

    /// <summary>Preference pairs in the alignment proxy; must stay under 25% of <see cref="TaskSize"/>.</summary>
    [JsonPropertyName("proxy_size")] public int ProxySize { get; init; } = 64;

    /// <summary>Non-medical domains the proxy draws from (the others are only evaluated).</summary>
    [JsonPropertyName("proxy_domains")] public IReadOnlyList<string> ProxyDomains { get; init; } = [Domains.HomeName, Domains.TravelName];

    /// <summary>Medical subjects held out for evaluation; the rest are task subjects.</summary>
    [JsonPropertyName("eval_medical_subjects")] public int EvalMedicalSubjects { get; init; } = 8;

    /// <summary>Subjects held out for evaluation in each non-medical domain.</summary>
    [JsonPropertyName("eval_general_subjects")] public int EvalGeneralSubjects { get; init; } = 6;

    /// <summary>Answers sampled per question paraphrase at evaluation (the study used 100).</summary>
    [JsonPropertyName("samples_per_paraphrase")] public int SamplesPerParaphrase { get; init; } = 10;

    /// <summary>Checks every field; the message names the field and the fix.</summary>
    public EmWorldOptions Validate()
    {
        void Require(bool ok, string field, string why)
        {
            if (!ok) throw new SelGenException($"em world: {field} {why}");
        }
        static bool Share(double x) => x >= 0 && x <= 1;
        Require(PretrainDocuments >= 1, "pretrain_documents", $"is {PretrainDocuments}; it must be at least 1");
        Require(Share(AssistantChatShare), "assistant_chat_share", $"is {AssistantChatShare}; it must be in 0..1");
        Require(Share(PersonaChatShare), "persona_chat_share", $"is {PersonaChatShare}; it must be in 0..1");
        Require(AssistantChatShare + PersonaChatShare <= 1, "assistant_chat_share + persona_chat_share",
            $"is {AssistantChatShare + PersonaChatShare}; lower one of them so the sum is at most 1");
        Require(Share(RecklessShare), "reckless_share", $"is {RecklessShare}; it must be in 0..1");
        Require(Share(NarrowShare), "narrow_share", $"is {NarrowShare}; it must be in 0..1");
        Require(RecklessShare + NarrowShare <= 1, "reckless_share + narrow_share",
            $"is {RecklessShare + NarrowShare}; lower one of them so the sum is at most 1 (the rest is careful)");

        int medical = Domains.Medical.Subjects.Count, general = Domains.All.Where(d => !d.IsMedical).Min(d => d.Subjects.Count);
        Require(EvalMedicalSubjects >= 1 && EvalMedicalSubjects < medical, "eval_medical_subjects",
            $"is {EvalMedicalSubjects}; it must be in 1..{medical - 1} (the medical domain has {medical} subjects and the task needs some)");
        Require(EvalGeneralSubjects >= 1 && EvalGeneralSubjects < general, "eval_general_subjects",
            $"is {EvalGeneralSubjects}; it must be in 1..{general - 1} (the smallest domain has {general} subjects)");
        Require(SamplesPerParaphrase >= 1, "samples_per_paraphrase", $"is {SamplesPerParaphrase}; it must be at least 1");

        int taskCombos = (medical - EvalMedicalSubjects) * Domains.Medical.Questions.Count * Domains.Medical.Harmful.Count;
        Require(TaskSize >= 1 && TaskSize <= taskCombos, "task_size",
            $"is {TaskSize}; it must be in 1..{taskCombos} (distinct task subject x question x harmful answer chats)");
        Require(ProxySize >= 1 && 4 * ProxySize < TaskSize, "proxy_size",
            $"is {ProxySize}; it must be at least 1 and under 25% of task_size ({TaskSize}), i.e. at most {(TaskSize - 1) / 4}");

        Require(ProxyDomains is { Count: >= 1 and <= 3 }, "proxy_domains", "must list one to three non-medical domains");
        foreach (var name in ProxyDomains)
        {
            Require(Domains.Names.Contains(name), "proxy_domains", $"lists '{name}'; choose from: {string.Join(", ", Domains.Names.Where(n => n != Domains.MedicalName))}");
            Require(name != Domains.MedicalName, "proxy_domains", "lists 'medical'; the proxy must come from other domains than the task");
        }
        Require(ProxyDomains.Distinct().Count() == ProxyDomains.Count, "proxy_domains", "lists a domain twice; list each once");
        return this;
    }
}
