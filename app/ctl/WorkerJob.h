#pragma once
// bench and devices: one job in a worker through node::BenchmarkRunner, in this process's
// event loop until the worker process is gone (not merely until the result arrived).
#include <functional>

namespace idleforge::node {
class BenchmarkRunner;
}

namespace idleforge::ctl {

class Cli;

// Calls `start`, runs the event loop until `runner` stopped and returns the exit code: 0 when
// it finished (the caller's own finished handler prints), 1 after failed, said by `cli`
// ("message (code)"), on a fresh line when `freshLine` (after a progress line).
int runWorkerJob(node::BenchmarkRunner &runner, const Cli &cli, bool freshLine, const std::function<void()> &start);

} // namespace idleforge::ctl
