using Xunit;

// libtorch has one global random generator per process: tests that seed it and compare two trainings
// (determinism, kill/resume, batch = accumulation) get different draws when another test class creates a
// model at the same moment. Parallel test classes made those tests flaky, so classes run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
