#pragma once
// A Vulkan device running a training run's repro kernels: opened, probed, and while this object
// lives the device of every repro::gemm() call (the linear layers' forward and backward GEMMs)
// and of the GELU, LayerNorm, attention, cross-entropy and AdamW ops (repro::ElementDevice). The probe decides: a device
// whose fma mode is "none" is refused, with the probe's reason. The adds, ReLU, SGD and bias
// gradients run there too; only the embeddings (and the initialisation) still run on
// the CPU's repro kernels; the state is the CPU's bit for bit either way.

#include "compute/vulkan/VulkanDevices.h"
#include "compute/vulkan/VulkanProbe.h"

#include <cstdint>
#include <memory>
#include <string>

namespace idleforge::compute::vulkan {

class Context;
class Elementwise;
class Gemm;

class ReproDevice {
public:
    // Opens "vulkan:N", runs the probe and installs the GEMM. Null with `error` set when the id is
    // not a Vulkan device, the device cannot be opened, or it does not meet the contract.
    static std::unique_ptr<ReproDevice> open(const std::string &id, std::string *error);
    ~ReproDevice(); // the CPU runs the GEMMs again
    ReproDevice(const ReproDevice &) = delete;
    ReproDevice &operator=(const ReproDevice &) = delete;

    const DeviceFacts &facts() const;
    const ProbeResult &probe() const { return m_probe; }
    std::uint64_t gemmCalls() const;
    double gemmFlops() const;
    std::uint64_t elementCalls() const; // element-wise, LayerNorm, attention and loss calls run here

private:
    ReproDevice() = default;
    std::unique_ptr<Context> m_context;
    std::unique_ptr<Gemm> m_gemm;
    std::unique_ptr<Elementwise> m_elementwise;
    ProbeResult m_probe;
};

} // namespace idleforge::compute::vulkan
