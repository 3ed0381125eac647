// Each test runs a cluster of real processes with a 4 s failure timeout: running several at
// once on a small machine would starve heartbeats and declare live silos dead.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
