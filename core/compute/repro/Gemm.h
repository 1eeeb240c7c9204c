#pragma once

// The reproducible GEMM. Contract (see README.md, "GEMM"):
//
//   C[i,j] = chain_k( fma(A[i,k], B[k,j], c) ), k = 0 .. K-1 in this order, one fp32 value c
//   per output, c starting from: 0 (Init::Zero), bias[j] (Init::Bias) or the current C[i,j]
//   (Init::Accumulate).
//
// Packing, blocking over M/N/K, SIMD width and threads never change that chain, so the result
// is bitwise identical on every ISA path and thread count. K = 0 leaves the initial value.
// All matrices are row-major with explicit leading dimensions (elements between rows), so a
// column slice of a wider matrix (e.g. the Q part of a [T, 3C] qkv buffer) can be passed as is.

#include <cstddef>
#include <string>

namespace idleforge::repro {

enum class Trans { No, Yes };
enum class Init { Zero, Bias, Accumulate };

struct GemmArgs {
    std::size_t m = 0, n = 0, k = 0;
    // op(A) is [m, k]: Trans::No reads A[i*lda + k], Trans::Yes reads A[k*lda + i].
    const float *a = nullptr;
    std::size_t lda = 0;
    Trans transA = Trans::No;
    // op(B) is [k, n]: Trans::No reads B[k*ldb + j], Trans::Yes reads B[j*ldb + k].
    const float *b = nullptr;
    std::size_t ldb = 0;
    Trans transB = Trans::No;
    float *c = nullptr; // [m, n], C[i*ldc + j]; must not alias A or B
    std::size_t ldc = 0;
    Init init = Init::Zero;
    const float *bias = nullptr; // [n], read only with Init::Bias
};

// Multithreaded over output tiles with the kernel thread pool (serial when called from inside
// a pool task, so nested use from per-head attention loops is safe).
void gemm(const GemmArgs &args);

// A device that runs gemm() calls in place of the CPU kernels: the same contract, so the same
// bits (compute/vulkan's Gemm is one). run() returns false with `error` set when the device fails.
class GemmDevice {
public:
    virtual ~GemmDevice() = default;
    virtual bool run(const GemmArgs &args, std::string *error) = 0;
};

// While a device is set, gemm() runs on it (gemmSerial, and gemm() called inside a pool task,
// stay on the CPU: they are the small per-head GEMMs of attention); a device failure throws
// std::runtime_error, which fails the step. nullptr returns to the CPU. Process-wide, like the
// thread count: set it before kernels run, never while they do.
void setGemmDevice(GemmDevice *device);
GemmDevice *gemmDevice();

// Same arithmetic on the calling thread only.
void gemmSerial(const GemmArgs &args);

// The specification itself: three plain loops with std::fma. Slow; used by tests as the
// bitwise reference and by referees who want the most obvious code.
void gemmReference(const GemmArgs &args);

} // namespace idleforge::repro
