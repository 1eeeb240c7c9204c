#include "compute/repro/Runtime.h"

#include <atomic>
#include <cfloat>
#include <cfenv>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <mutex>
#include <string>
#include <thread>

#if defined(IDLEFORGE_REPRO_X86)
#include <immintrin.h>
#endif

namespace idleforge::repro {

// Every float operation must round to binary32 on the spot (no x87-style excess precision),
// or no written sequence of operations would mean the same thing twice.
static_assert(FLT_EVAL_METHOD == 0, "repro kernels need FLT_EVAL_METHOD == 0 (SSE2, NEON...)");
static_assert(std::numeric_limits<float>::is_iec559, "repro kernels need IEEE-754 binary32");

namespace {

bool cpuHas(Isa isa)
{
    switch (isa) {
    case Isa::Generic:
        return true;
#if defined(IDLEFORGE_REPRO_X86)
    case Isa::Avx2:
        return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case Isa::Avx512:
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("fma");
#else
    case Isa::Avx2:
    case Isa::Avx512:
        return false;
#endif
    }
    return false;
}

Isa bestIsa()
{
    if (cpuHas(Isa::Avx512))
        return Isa::Avx512;
    if (cpuHas(Isa::Avx2))
        return Isa::Avx2;
    return Isa::Generic;
}

Isa environmentIsa()
{
    const char *value = std::getenv("IDLEFORGE_REPRO_ISA");
    if (!value || !*value)
        return bestIsa();
    const auto parsed = parseIsa(value);
    if (!parsed || !cpuHas(*parsed)) {
        const Isa best = bestIsa();
        std::fprintf(stderr, "idleforge.repro: IDLEFORGE_REPRO_ISA=%s is %s here; using %s\n",
                     value, parsed ? "not supported" : "unknown",
                     std::string(isaName(best)).c_str());
        return best;
    }
    return *parsed;
}

std::once_flag g_isaOnce;
std::atomic<Isa> g_isa{Isa::Generic};
std::atomic<int> g_threads{0};

int defaultThreads()
{
    if (const char *value = std::getenv("IDLEFORGE_REPRO_THREADS"); value && *value) {
        const int parsed = std::atoi(value);
        if (parsed >= 1)
            return parsed;
    }
    const unsigned hw = std::thread::hardware_concurrency();
    return hw == 0 ? 1 : int(hw);
}

void initIsa()
{
    std::call_once(g_isaOnce, [] { g_isa.store(environmentIsa()); });
}

} // namespace

std::string_view isaName(Isa isa)
{
    switch (isa) {
    case Isa::Generic:
        return "generic";
    case Isa::Avx2:
        return "avx2";
    case Isa::Avx512:
        return "avx512";
    }
    return "unknown";
}

std::optional<Isa> parseIsa(std::string_view name)
{
    for (Isa isa : {Isa::Generic, Isa::Avx2, Isa::Avx512}) {
        if (name == isaName(isa))
            return isa;
    }
    return std::nullopt;
}

bool isaSupported(Isa isa)
{
    return cpuHas(isa);
}

Isa activeIsa()
{
    initIsa();
    return g_isa.load();
}

bool forceIsa(Isa isa)
{
    initIsa();
    if (!cpuHas(isa))
        return false;
    g_isa.store(isa);
    return true;
}

void resetIsa()
{
    initIsa();
    g_isa.store(environmentIsa());
}

int threadCount()
{
    int threads = g_threads.load();
    if (threads == 0) {
        threads = defaultThreads();
        int expected = 0;
        if (!g_threads.compare_exchange_strong(expected, threads))
            threads = expected;
    }
    return threads;
}

void setThreadCount(int threads)
{
    g_threads.store(threads < 1 ? 1 : threads);
}

std::string floatingPointEnvironmentProblem()
{
    std::string problem;
    if (std::fegetround() != FE_TONEAREST)
        problem = "rounding mode is not to-nearest";
#if defined(IDLEFORGE_REPRO_X86)
    const unsigned csr = _mm_getcsr();
    if (csr & 0x8000u) // MXCSR.FTZ
        problem += problem.empty() ? "flush-to-zero is on" : "; flush-to-zero is on";
    if (csr & 0x0040u) // MXCSR.DAZ
        problem += problem.empty() ? "denormals-are-zero is on" : "; denormals-are-zero is on";
#endif
    return problem;
}

} // namespace idleforge::repro
