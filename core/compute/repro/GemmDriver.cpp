// GEMM driver: blocking, packing, threading and ISA dispatch around the micro-kernels.
//
// Arithmetic contract (Gemm.h): C[i,j] = chain over k = 0..K-1 of fma(A[i,k], B[k,j], c) from
// the initial value. Everything here moves data without touching values: packing copies,
// zero padding of edge panels feeds outputs that are thrown away, and the k loop is cut into
// KC blocks that run one after the other on the same C tile (the running value goes to memory
// between blocks, which is exact). Each C tile belongs to one task, which runs all its k blocks
// in order, so every output's chain is computed start to end, in k order, by one thread.

#include "compute/repro/Gemm.h"

#include "compute/repro/GemmKernels.h"
#include "compute/repro/Runtime.h"
#include "compute/repro/ThreadPool.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <memory>
#include <new>
#include <stdexcept>

namespace idleforge::repro {

namespace {

constexpr std::size_t KC = 256;    // k block: packed A micro-panel + B micro-panel stay in L1
constexpr std::size_t NC = 2048;   // columns per packed B block (multiple of every NR)
constexpr std::size_t MC_MAX = 144; // rows per packed A block (multiple of every MR)

// 64-byte aligned scratch that grows and is kept per thread.
class ScratchBuffer {
public:
    float *get(std::size_t count)
    {
        if (count > m_capacity) {
            m_data.reset(static_cast<float *>(
                ::operator new[](count * sizeof(float), std::align_val_t(64))));
            m_capacity = count;
        }
        return m_data.get();
    }

private:
    struct Free {
        void operator()(float *p) const { ::operator delete[](p, std::align_val_t(64)); }
    };
    std::unique_ptr<float, Free> m_data;
    std::size_t m_capacity = 0;
};

thread_local ScratchBuffer t_packA;
thread_local ScratchBuffer t_packB;

inline float opA(const GemmArgs &g, std::size_t i, std::size_t k)
{
    return g.transA == Trans::No ? g.a[i * g.lda + k] : g.a[k * g.lda + i];
}

inline float opB(const GemmArgs &g, std::size_t k, std::size_t j)
{
    return g.transB == Trans::No ? g.b[k * g.ldb + j] : g.b[j * g.ldb + k];
}

std::size_t roundUp(std::size_t x, std::size_t to)
{
    return (x + to - 1) / to * to;
}

// A block rows [i0, i0+mc) x k [k0, k0+kc) -> MR-row panels, k-major, zero padded.
void packA(const GemmArgs &g, std::size_t i0, std::size_t mc, std::size_t k0, std::size_t kc,
           std::size_t mr, float *dst)
{
    for (std::size_t p = 0; p < mc; p += mr) {
        const std::size_t rows = std::min(mr, mc - p);
        for (std::size_t k = 0; k < kc; ++k) {
            for (std::size_t r = 0; r < rows; ++r)
                dst[r] = opA(g, i0 + p + r, k0 + k);
            for (std::size_t r = rows; r < mr; ++r)
                dst[r] = 0.0f;
            dst += mr;
        }
    }
}

// One NR-column panel of B: k [k0, k0+kc) x columns [j0, j0+cols), zero padded to nr.
void packBPanel(const GemmArgs &g, std::size_t k0, std::size_t kc, std::size_t j0,
                std::size_t cols, std::size_t nr, float *dst)
{
    for (std::size_t k = 0; k < kc; ++k) {
        if (g.transB == Trans::No && cols == nr) {
            std::memcpy(dst, g.b + (k0 + k) * g.ldb + j0, nr * sizeof(float));
        } else {
            for (std::size_t j = 0; j < cols; ++j)
                dst[j] = opB(g, k0 + k, j0 + j);
            for (std::size_t j = cols; j < nr; ++j)
                dst[j] = 0.0f;
        }
        dst += nr;
    }
}

void initRows(const GemmArgs &g, std::size_t i0, std::size_t rows, std::size_t j0,
              std::size_t cols)
{
    for (std::size_t i = i0; i < i0 + rows; ++i) {
        float *c = g.c + i * g.ldc + j0;
        if (g.init == Init::Bias)
            std::memcpy(c, g.bias + j0, cols * sizeof(float));
        else
            std::fill(c, c + cols, 0.0f);
    }
}

// Runs the micro-kernel over C rows [i0, i0+mc) x columns [j0, j0+cols), whose packed A block
// is pa and whose packed B panels (starting at column j0) are pb.
void runTiles(const detail::MicroKernel &kern, const GemmArgs &g, std::size_t kc,
              std::size_t i0, std::size_t mc, std::size_t j0, std::size_t cols,
              const float *pa, const float *pb)
{
    const std::size_t mr = kern.mr, nr = kern.nr;
    alignas(64) float edge[16 * 64];
    for (std::size_t jr = 0; jr < cols; jr += nr) {
        const std::size_t nCols = std::min(nr, cols - jr);
        const float *panelB = pb + (jr / nr) * nr * kc;
        for (std::size_t ir = 0; ir < mc; ir += mr) {
            const std::size_t nRows = std::min(mr, mc - ir);
            const float *panelA = pa + (ir / mr) * mr * kc;
            float *c = g.c + (i0 + ir) * g.ldc + (j0 + jr);
            if (nRows == mr && nCols == nr) {
                kern.run(kc, panelA, panelB, c, g.ldc);
                continue;
            }
            // Edge tile: run on a full-size copy; padded outputs are computed and dropped.
            std::fill(edge, edge + mr * nr, 0.0f);
            for (std::size_t r = 0; r < nRows; ++r)
                std::memcpy(edge + r * nr, c + r * g.ldc, nCols * sizeof(float));
            kern.run(kc, panelA, panelB, edge, nr);
            for (std::size_t r = 0; r < nRows; ++r)
                std::memcpy(c + r * g.ldc, edge + r * nr, nCols * sizeof(float));
        }
    }
}

// One task owns the C tile (row block x column chunk) for the whole k loop: it packs its own
// A block and B panels for each k block and runs them in k order. Every output's chain is then
// computed start to end by one thread, and the only join is at the end (no barrier per k
// block, which matters on a busy machine). Re-packing B per row block costs about 1/MC of the
// arithmetic.
void runTask(const detail::MicroKernel &kern, const GemmArgs &g, std::size_t i0,
             std::size_t rows, std::size_t j0, std::size_t cols)
{
    const std::size_t mr = kern.mr, nr = kern.nr;
    for (std::size_t jc = j0; jc < j0 + cols; jc += NC) {
        const std::size_t nc = std::min(NC, j0 + cols - jc);
        const std::size_t panels = (nc + nr - 1) / nr;
        if (g.init != Init::Accumulate)
            initRows(g, i0, rows, jc, nc);
        for (std::size_t pc = 0; pc < g.k; pc += KC) {
            const std::size_t kc = std::min(KC, g.k - pc);
            float *pb = t_packB.get(panels * nr * kc);
            for (std::size_t p = 0; p < panels; ++p) {
                const std::size_t jp = jc + p * nr;
                packBPanel(g, pc, kc, jp, std::min(nr, jc + nc - jp), nr, pb + p * nr * kc);
            }
            float *pa = t_packA.get(roundUp(rows, mr) * kc);
            packA(g, i0, rows, pc, kc, mr, pa);
            runTiles(kern, g, kc, i0, rows, jc, nc, pa, pb);
        }
    }
}

void gemmImpl(const GemmArgs &g, bool serial)
{
    if (g.m == 0 || g.n == 0)
        return;
    const detail::MicroKernel kern = detail::kernelFor(activeIsa());
    const std::size_t mr = kern.mr, nr = kern.nr;
    const int threads = serial || ThreadPool::insideTask() ? 1 : threadCount();

    if (g.k == 0) {
        if (g.init != Init::Accumulate)
            initRows(g, 0, g.m, 0, g.n);
        return;
    }

    // About three tasks per thread: rows in blocks of at most MC_MAX, and columns split into
    // chunks (whole NR panels) when there are too few row blocks. One thread: few, big blocks.
    const std::size_t wanted = threads == 1 ? 1 : std::size_t(threads) * 3;
    const std::size_t mc = std::clamp(roundUp((g.m + wanted - 1) / wanted, mr), mr, MC_MAX);
    const std::size_t rowBlocks = (g.m + mc - 1) / mc;
    const std::size_t panels = (g.n + nr - 1) / nr;
    const std::size_t colChunks =
        threads == 1 ? 1 : std::min(panels, (wanted + rowBlocks - 1) / rowBlocks);
    const std::size_t panelsPerChunk = (panels + colChunks - 1) / colChunks;

    auto task = [&](std::size_t t) {
        const std::size_t i0 = (t / colChunks) * mc;
        const std::size_t j0 = (t % colChunks) * panelsPerChunk * nr;
        if (j0 >= g.n)
            return;
        runTask(kern, g, i0, std::min(mc, g.m - i0), j0, std::min(panelsPerChunk * nr, g.n - j0));
    };
    if (threads == 1) {
        for (std::size_t t = 0; t < rowBlocks * colChunks; ++t)
            task(t);
    } else {
        parallelFor(rowBlocks * colChunks, task);
    }
}

} // namespace

namespace {
std::atomic<GemmDevice *> g_device{nullptr};
} // namespace

void setGemmDevice(GemmDevice *device) { g_device.store(device); }

GemmDevice *gemmDevice() { return g_device.load(); }

void gemm(const GemmArgs &args)
{
    if (GemmDevice *device = g_device.load(); device && !ThreadPool::insideTask()) {
        std::string error;
        if (!device->run(args, &error))
            throw std::runtime_error("GEMM on the device failed: " + error);
        return;
    }
    gemmImpl(args, false);
}

void gemmSerial(const GemmArgs &args)
{
    gemmImpl(args, true);
}

void gemmReference(const GemmArgs &g)
{
    for (std::size_t i = 0; i < g.m; ++i) {
        for (std::size_t j = 0; j < g.n; ++j) {
            float c = g.init == Init::Zero ? 0.0f
                      : g.init == Init::Bias ? g.bias[j]
                                             : g.c[i * g.ldc + j];
            for (std::size_t k = 0; k < g.k; ++k)
                c = std::fma(opA(g, i, k), opB(g, k, j), c);
            g.c[i * g.ldc + j] = c;
        }
    }
}

} // namespace idleforge::repro
