// Benchmark: repro GEMM (each ISA path this CPU has) against OpenBLAS cblas_sgemm, same sizes,
// same layout, same thread count, measured in this process. Prints one JSON document.
//
//   bench_repro_gemm [--threads N] [--quick] [--case NAME]
//
// ratio = repro GFLOP/s / OpenBLAS GFLOP/s (the target is >= 0.7 on the native path).
// Each timing is the best of interleaved rounds after a warm-up (at least 5 rounds and 1 s);
// the generic path runs once per size (it is the portable fallback, not a fast path).

#include "compute/repro/Ops.h"

#include <cblas.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

using namespace idleforge::repro;

namespace {

struct Case {
    const char *name;
    std::size_t m, n, k;
    Trans transA, transB;
};

double seconds()
{
    using clock = std::chrono::steady_clock;
    return std::chrono::duration<double>(clock::now().time_since_epoch()).count();
}

} // namespace

int main(int argc, char **argv)
{
    int threads = threadCount();
    bool quick = false;
    std::string only; // --case NAME: run only the cases whose name contains NAME
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--threads") && i + 1 < argc)
            threads = std::max(1, std::atoi(argv[++i]));
        else if (!std::strcmp(argv[i], "--quick"))
            quick = true;
        else if (!std::strcmp(argv[i], "--case") && i + 1 < argc)
            only = argv[++i];
    }
    setThreadCount(threads);
    openblas_set_num_threads(threads);

    // Square sizes, then the linear layers of a d=128 GPT at B*T = 4096 positions:
    // forward x[N,K] w[O,K]^T, input gradient dOut[N,O] w[O,K], weight gradient dOut^T x.
    std::vector<Case> cases = {
        {"square_256", 256, 256, 256, Trans::No, Trans::No},
        {"square_512", 512, 512, 512, Trans::No, Trans::No},
        {"square_1024", 1024, 1024, 1024, Trans::No, Trans::No},
        {"square_2048", 2048, 2048, 2048, Trans::No, Trans::No},
        {"gpt_fwd_qkv_4096x384x128", 4096, 384, 128, Trans::No, Trans::Yes},
        {"gpt_fwd_fc_4096x512x128", 4096, 512, 128, Trans::No, Trans::Yes},
        {"gpt_fwd_proj_4096x128x512", 4096, 128, 512, Trans::No, Trans::Yes},
        {"gpt_dx_fc_4096x128x512", 4096, 128, 512, Trans::No, Trans::No},
        {"gpt_dw_fc_512x128x4096", 512, 128, 4096, Trans::Yes, Trans::No},
        {"gpt_fwd_head_4096x256x128", 4096, 256, 128, Trans::No, Trans::Yes},
    };
    if (quick)
        cases.resize(2);
    if (!only.empty())
        std::erase_if(cases, [&](const Case &c) { return std::string(c.name).find(only) == std::string::npos; });

    std::vector<Isa> isas;
    for (Isa isa : {Isa::Generic, Isa::Avx2, Isa::Avx512})
        if (isaSupported(isa))
            isas.push_back(isa);
    const Isa native = isas.back();

    std::printf("{\n  \"benchmark\": \"repro_gemm_vs_openblas\",\n  \"threads\": %d,\n"
                "  \"native_isa\": \"%s\",\n  \"results\": [\n",
                threads, std::string(isaName(native)).c_str());
    double nativeRatioMin = 1e30, nativeRatioSum = 0.0;
    for (std::size_t ci = 0; ci < cases.size(); ++ci) {
        const Case &c = cases[ci];
        const std::size_t aRows = c.transA == Trans::No ? c.m : c.k;
        const std::size_t aCols = c.transA == Trans::No ? c.k : c.m;
        const std::size_t bRows = c.transB == Trans::No ? c.k : c.n;
        const std::size_t bCols = c.transB == Trans::No ? c.n : c.k;
        std::vector<float> a(aRows * aCols), b(bRows * bCols), out(c.m * c.n), ref(c.m * c.n);
        fillUniform(a.data(), a.size(), {.seed = 1, .step = 1}, -1.0f, 1.0f);
        fillUniform(b.data(), b.size(), {.seed = 1, .step = 2}, -1.0f, 1.0f);
        const double flops = 2.0 * double(c.m) * double(c.n) * double(c.k);

        auto blas = [&] {
            cblas_sgemm(CblasRowMajor, c.transA == Trans::No ? CblasNoTrans : CblasTrans,
                        c.transB == Trans::No ? CblasNoTrans : CblasTrans, int(c.m), int(c.n),
                        int(c.k), 1.0f, a.data(), int(aCols), b.data(), int(bCols), 0.0f,
                        ref.data(), int(c.n));
        };
        const GemmArgs args{.m = c.m, .n = c.n, .k = c.k,
                            .a = a.data(), .lda = aCols, .transA = c.transA,
                            .b = b.data(), .ldb = bCols, .transB = c.transB,
                            .c = out.data(), .ldc = c.n, .init = Init::Zero};
        // Interleaved rounds (OpenBLAS, then each fast path), best time of each: a machine
        // whose load changes during the run then affects both sides alike.
        std::vector<double> best(isas.size() + 1, 1e30);
        auto timeOnce = [&](const std::function<void()> &fn) {
            const double t0 = seconds();
            fn();
            return seconds() - t0;
        };
        blas();
        for (Isa isa : isas)
            if (isa != Isa::Generic)
                forceIsa(isa), gemm(args);
        double spent = 0.0;
        for (int round = 0; (round < 5 || spent < 1.0) && round < 300; ++round) {
            const double tb = timeOnce(blas);
            best[0] = std::min(best[0], tb);
            spent += tb;
            for (std::size_t ii = 0; ii < isas.size(); ++ii) {
                if (isas[ii] == Isa::Generic)
                    continue;
                forceIsa(isas[ii]);
                const double t = timeOnce([&] { gemm(args); });
                best[ii + 1] = std::min(best[ii + 1], t);
                spent += t;
            }
        }
        const double blasGflops = flops / best[0] * 1e-9;
        std::printf("    {\"case\": \"%s\", \"m\": %zu, \"n\": %zu, \"k\": %zu, "
                    "\"openblas_gflops\": %.2f, \"repro\": {",
                    c.name, c.m, c.n, c.k, blasGflops);
        for (std::size_t ii = 0; ii < isas.size(); ++ii) {
            const Isa isa = isas[ii];
            double t = best[ii + 1];
            if (isa == Isa::Generic) { // the portable fallback: one run, small sizes only
                if (flops > 2.5e9) {
                    std::printf("%s\"%s\": null", ii ? ", " : "", std::string(isaName(isa)).c_str());
                    continue;
                }
                forceIsa(isa);
                t = timeOnce([&] { gemm(args); });
            }
            const double gflops = flops / t * 1e-9;
            const double ratio = gflops / blasGflops;
            if (isa == native) {
                nativeRatioMin = std::min(nativeRatioMin, ratio);
                nativeRatioSum += ratio;
            }
            std::printf("%s\"%s\": {\"gflops\": %.2f, \"ratio\": %.3f}", ii ? ", " : "",
                        std::string(isaName(isa)).c_str(), gflops, ratio);
        }
        std::printf("}}%s\n", ci + 1 < cases.size() ? "," : "");
        std::fflush(stdout);
    }
    std::printf("  ],\n  \"native_ratio_min\": %.3f,\n  \"native_ratio_mean\": %.3f,\n"
                "  \"target_ratio\": 0.7\n}\n",
                nativeRatioMin, nativeRatioSum / double(cases.size()));
    return 0;
}
