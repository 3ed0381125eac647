// Each test runs a cluster of real processes with a membership probe timeout of 1 s: running several at once on
// a small machine would starve the probes and declare live silos dead.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
