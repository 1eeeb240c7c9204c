#pragma once
// The repro GEMM (core/compute/repro/Gemm.h: every output one fma chain in k order) on a
// Vulkan device, bit for bit the CPU's. `fmaMode` is the probe's: "native" runs GLSL fma(),
// "fma64" the binary64 round-to-odd emulation; a device the probe found "none" gets no kernel.

#include "compute/repro/Gemm.h"

#include <cstdint>
#include <memory>
#include <string>

namespace idleforge::compute::vulkan {

class Context;

class Gemm final : public repro::GemmDevice {
public:
    static std::unique_ptr<Gemm> create(Context &context, const std::string &fmaMode, std::string *error);
    ~Gemm() override;

    // C = op(A) op(B) (+ bias or C) as GemmArgs says; A, B, bias and C are host memory, copied
    // to the device and back (through buffers kept and grown between calls). false with `error`
    // set on a device failure or a size over its limits.
    bool run(const repro::GemmArgs &args, std::string *error) override;

    // What ran here so far: calls and floating-point operations (2 m n k each).
    std::uint64_t calls() const;
    double flops() const;

private:
    struct Impl;
    explicit Gemm(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace idleforge::compute::vulkan
