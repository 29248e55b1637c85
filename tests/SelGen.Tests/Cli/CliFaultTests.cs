using System.Text;
using SelGen.Cli;
using SelGen.IO;

namespace SelGen.Tests.Cli;

/// <summary>
/// Faults a user can cause, through the real command line: each ends in one short message naming the path,
/// file:line or field and the fix, with exit 1 (2 for usage errors), never a stack trace.
/// </summary>
public class CliFaultTests : IDisposable
{
    readonly string _dir = TestModels.TempDir();
    public void Dispose() { try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } }

    string File_(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void An_output_folder_that_is_a_file_is_named()
    {
        var file = File_("taken", "x");
        Cli.Run("world", "gcd", "--out", file, "--no-corpus").Fails(file, "is a file where a folder is needed");
    }

    [Fact]
    public void An_output_folder_under_a_file_names_the_file()
    {
        var file = File_("taken", "x");
        Cli.Run("world", "gcd", "--out", Path.Combine(file, "world"), "--no-corpus").Fails($"'{file}' is a file, not a folder");
    }

    [Fact]
    public void A_read_only_filesystem_is_named()
    {
        using var mount = new TinyMount(readOnly: true);
        if (mount.Available)
            Cli.Run("world", "gcd", "--out", Path.Combine(mount.Path, "world"), "--no-corpus").Fails(mount.Path, "read-only");
        else   // no mount without root: the same errno as the runtime reports it
            Assert.Contains("read-only", FileSystemErrors.Describe(new IOException("Read-only file system : '/ro/x'", 30)));
    }

    [Fact]
    public void A_full_disk_is_named()
    {
        using var mount = new TinyMount(readOnly: false, kilobytes: 16);
        if (mount.Available)
            Cli.Run("world", "gcd", "--out", Path.Combine(mount.Path, "world"), "--no-corpus").Fails(mount.Path, "the disk is full");
        else
        {
            // /dev/full fails every write with ENOSPC, as a full disk does.
            var e = Assert.ThrowsAny<IOException>(() => File.WriteAllText("/dev/full", new string('x', 100_000)));
            Assert.Contains("the disk is full", FileSystemErrors.Describe(e));
        }
    }

    [Fact]
    public void A_folder_where_an_output_file_is_wanted_is_named()
    {
        var input = File_("in.jsonl", """{"messages": [{"role": "user", "content": "What is gcd(4, 6)?"}]}""" + "\n");
        var folder = Directory.CreateDirectory(Path.Combine(_dir, "out.jsonl")).FullName;
        Cli.Run("generate", "--model", Cli.ShippedModel("gcd-small"), "--input", input, "--output", folder, "--max-new-tokens", "2")
            .Fails(folder, "is a folder where a file is needed");
    }

    [Theory]
    [InlineData("0", "must be between 1 and 1024, not 0")]
    [InlineData("-2", "must be between 1 and 1024, not -2")]
    [InlineData("100000", "must be between 1 and 1024")]
    public void Thread_counts_libtorch_would_abort_on_are_usage_errors(string threads, string message)
    {
        Cli.Run("sweep", "--config", "x.json", "--out", _dir, "--threads", threads).UsageError("--threads", message);
        Cli.Run("pretrain", "gcd", "--out", _dir, "--threads", threads).UsageError("--threads", message);
        Cli.Run("bench", "generate", "--preset", "tiny", "--threads", threads).UsageError("--threads", message);
        Cli.Run("toy", "heatmap", "--model", _dir, "--out", _dir, "--threads", threads).UsageError("--threads", message);
    }

    [Fact]
    public void Counts_below_one_are_usage_errors()
    {
        Cli.Run("sweep", "--config", "x.json", "--out", _dir, "--workers", "0").UsageError("--workers must be at least 1");
        Cli.Run("generate", "--model", _dir, "--prompt", "hi", "--batch-size", "0").UsageError("--batch-size must be at least 1");
        Cli.Run("generate", "--model", _dir, "--prompt", "hi", "--max-new-tokens", "-1").UsageError("--max-new-tokens must be at least 1");
    }

    [Fact]
    public void An_unexpected_exception_prints_one_line_and_where_the_trace_is()
    {
        var crashes = Path.Combine(_dir, "crashes");
        Environment.SetEnvironmentVariable("SELGEN_CRASH_DIR", crashes);
        try
        {
            var (stdout, stderr) = (new StringWriter(), new StringWriter());
            int code = CommandLine.Run(["boom"], stdout, stderr, [new Boom()]);
            Assert.Equal(1, code);
            var lines = stderr.ToString().Trim().Split('\n');
            Assert.Equal(2, lines.Length);
            Assert.Equal("selgen boom: unexpected error (InvalidOperationException): a bug", lines[0]);
            var log = Assert.Single(Directory.GetFiles(crashes));
            Assert.Contains(log, lines[1]);
            Assert.DoesNotContain(" at ", stderr.ToString());
            Assert.Contains("at SelGen.Tests.Cli.CliFaultTests.Boom.Run", File.ReadAllText(log));   // the trace is in the file
        }
        finally { Environment.SetEnvironmentVariable("SELGEN_CRASH_DIR", null); }
    }

    sealed class Boom : ICommand
    {
        public string Name => "boom";
        public string Summary => "fails with a bug";
        public string Help => "Usage: selgen boom";
        public int Run(Arguments args) => throw new InvalidOperationException("a bug\nsecond line of the message");
    }

    [Fact]
    public void An_em_answers_file_with_a_number_for_text_names_the_line_and_field()
    {
        var path = File_("answers.jsonl", """
            {"id": 5, "question": "q", "answer": "a"}
            """);
        Cli.Run("score", "--world", "em", "--data", path).Fails($"{path}:1", "field 'id' must be text, not a number (5)");
    }

    [Fact]
    public void An_em_answers_file_with_a_truncated_line_names_the_line()
    {
        var path = File_("answers.jsonl", "\n" + """{"id": "x", "quest""" + "\n");
        Cli.Run("score", "--world", "em", "--data", path).Fails($"{path}:2", "the JSON ends early (a truncated line or file?)");
    }

    static string GcdLine(string content) =>
        """{"label": "euclidean", "messages": [{"role": "user", "content": "gcd(4, 6)?"}, {"role": "assistant", "content": CONTENT}], "answer": "2", "mod": null, "user_provides_answer": null, "_id": 1, "sycophantic_response": null}"""
            .Replace("CONTENT", content);

    [Fact]
    public void A_gcd_replies_file_with_a_number_for_text_names_the_line_and_field()
    {
        var path = File_("replies.jsonl", GcdLine("\"2\"") + "\n" + GcdLine("2") + "\n");
        Cli.Run("score", "--data", path).Fails($"{path}:2", "field 'messages[1].content' has a value of the wrong type");
    }

    [Fact]
    public void A_gcd_replies_file_with_a_truncated_line_names_the_line()
    {
        var line = GcdLine("\"2\"");
        var path = File_("replies.jsonl", line + "\n" + line[..40] + "\n");
        Cli.Run("score", "--data", path).Fails($"{path}:2", "the JSON ends early (a truncated line or file?)");
    }

    [Fact]
    public void Bytes_that_are_not_utf8_are_an_error_naming_the_line()
    {
        var path = Path.Combine(_dir, "replies.jsonl");
        var line = Encoding.UTF8.GetBytes(GcdLine("\"2\"") + "\n");
        var bad = Encoding.UTF8.GetBytes(GcdLine("\"2 \u00e9\"") + "\n");
        bad[Array.IndexOf(bad, (byte)0xC3)] = 0xFF;   // é's lead byte becomes a byte UTF-8 never has
        File.WriteAllBytes(path, [.. line, .. bad]);
        Cli.Run("score", "--data", path).Fails($"{path}:2", "not valid UTF-8", "0xFF", "save the file as UTF-8");
    }

    [Fact]
    public void A_duplicate_key_in_a_json_line_is_an_error()
    {
        var path = File_("replies.jsonl", GcdLine("\"2\"").Replace("\"answer\": \"2\"", "\"answer\": \"2\", \"answer\": \"3\"") + "\n");
        Cli.Run("score", "--data", path).Fails($"{path}:1", "key 'answer' appears twice");
    }

    [Fact]
    public void Generate_refuses_an_output_that_is_its_input_also_through_a_link()
    {
        var input = File_("in.jsonl", """{"messages": [{"role": "user", "content": "hi"}]}""" + "\n");
        var before = File.ReadAllText(input);
        Cli.Run("generate", "--model", Cli.ShippedModel("gcd-small"), "--input", input, "--output", input).UsageError("is the --input file");
        var link = Path.Combine(_dir, "link.jsonl");
        File.CreateSymbolicLink(link, input);
        Cli.Run("generate", "--model", Cli.ShippedModel("gcd-small"), "--input", input, "--output", link).UsageError("is the --input file");
        Assert.Equal(before, File.ReadAllText(input));
    }

    [Fact]
    public void Generating_past_max_position_embeddings_is_an_error_that_says_how_far_one_may_go()
    {
        Cli.Run("generate", "--model", Cli.ShippedModel("gcd-small"), "--prompt", "hi", "--max-new-tokens", "5000")
            .Fails("max_position_embeddings (1024)", "lower max_new_tokens to at most");
    }

    [Fact]
    public void Evaluating_the_em_model_on_the_gcd_world_fails_at_once()
    {
        Cli.Run("eval", "--model", Cli.ShippedModel("em-small"), "--data", Path.Combine(_dir, "test.jsonl"))
            .Fails("pretrained on the em world (seed 0)", "models/gcd-small");
        var data = File_("test.jsonl", GcdLine("\"2\"") + "\n");
        Cli.Run("eval", "--model", Cli.ShippedModel("gcd-small"), "--data", data, "--output", data).UsageError("is the --data file");
        Assert.Equal(GcdLine("\"2\"") + "\n", File.ReadAllText(data));
    }

    [Fact]
    public void Retry_makes_failed_runs_pending_and_names_what_it_cannot_retry()
    {
        var store = SelGen.Experiments.RunStore.Open(_dir);
        store.Register([new SelGen.Experiments.RunJob("task_only", null, 1), new SelGen.Experiments.RunJob("task_only", null, 5)]);
        var claim = store.Claim()!;
        store.MarkFailed(claim, "disk full");
        var done = store.Claim()!;
        store.MarkDone(done, new Dictionary<string, double> { ["x"] = 1 });

        Cli.Run("retry", _dir, "--run", done.RunId).Fails($"run {done.RunId} is done, not failed");
        Cli.Run("retry", _dir, "--run", "kl-0000").Fails("no run kl-0000", claim.RunId);
        var ok = Cli.Run("retry", _dir);
        Assert.Equal(0, ok.ExitCode);
        Assert.Contains($"1 failed run is pending again; run it with: selgen sweep --config {Path.Combine(_dir, "experiment.json")} --out {_dir}", ok.Out);
        Assert.Equal(SelGen.Experiments.RunState.Pending, store.Find(claim.RunId)!.State);
        Cli.Run("retry", Path.Combine(_dir, "nothing")).Fails("no run store");
    }
}
