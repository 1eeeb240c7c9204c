#pragma once

// Run-time configuration of the repro kernels: which instruction-set path runs the GEMM
// micro-kernels and how many threads share the work. Neither choice changes a single output
// bit; they exist for speed and so that tests can prove exactly that.

#include <optional>
#include <string>
#include <string_view>

namespace idleforge::repro {

enum class Isa {
    Generic, // portable C++ with std::fma, any CPU
    Avx2,    // x86-64 AVX2 + FMA
    Avx512,  // x86-64 AVX-512F
};

// Name as used by IDLEFORGE_REPRO_ISA: "generic", "avx2", "avx512".
std::string_view isaName(Isa isa);
std::optional<Isa> parseIsa(std::string_view name);

// Whether this build contains the path and this CPU can execute it.
bool isaSupported(Isa isa);

// The path in use. Chosen once: IDLEFORGE_REPRO_ISA if set (an unknown or unsupported value
// falls back to the best supported path and writes one line to stderr), else the best path
// this CPU supports. forceIsa() overrides it (tests, benchmarks); returns false and changes
// nothing when the path is not supported. resetIsa() returns to the environment/auto choice.
Isa activeIsa();
bool forceIsa(Isa isa);
void resetIsa();

// Worker threads used by the kernels (the calling thread counts as one). Default: the
// environment variable IDLEFORGE_REPRO_THREADS if set, else std::thread::hardware_concurrency().
// Values < 1 mean 1. Changing it joins the old pool; do not call while kernels run.
int threadCount();
void setThreadCount(int threads);

// The kernels assume IEEE defaults: round to nearest even, subnormals kept (no FTZ/DAZ).
// Returns an empty string when the calling thread's floating-point environment is so, else
// what is wrong ("rounding mode is not to-nearest", "flush-to-zero is on", ...). Pool threads
// reset their own environment to the default when they start.
std::string floatingPointEnvironmentProblem();

} // namespace idleforge::repro
