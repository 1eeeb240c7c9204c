#pragma once
// A Vulkan device running a training run's repro kernels: opened, probed, and while this object
// lives the device of every repro::gemm() call (the linear layers' forward and backward GEMMs)
// and of the GELU, LayerNorm, attention, cross-entropy and AdamW ops (repro::ElementDevice). The probe decides: a device
// whose fma mode is "none" is refused, with the probe's reason, and so is one whose kernels fail
// the self-check (VulkanSelfCheck.h: every kernel once against the CPU's bits). The adds, ReLU,
// SGD, bias gradients and embeddings run there too; only the initialisation still runs on the
// CPU's repro kernels; the state is the CPU's bit for bit either way.

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
    // Opens "vulkan:N", runs the probe and the self-check, and installs the kernels. Null with
    // `error` set when the id is not a Vulkan device, the device cannot be opened, or it does not
    // meet the contract (the probe or the self-check).
    static std::unique_ptr<ReproDevice> open(const std::string &id, std::string *error);
    ~ReproDevice(); // the CPU runs the GEMMs again
    ReproDevice(const ReproDevice &) = delete;
    ReproDevice &operator=(const ReproDevice &) = delete;

    const DeviceFacts &facts() const;
    const ProbeResult &probe() const { return m_probe; }
    // Since open() (the self-check's calls not counted).
    std::uint64_t gemmCalls() const;
    double gemmFlops() const;
    std::uint64_t elementCalls() const; // element-wise, LayerNorm, attention and loss calls run here

private:
    ReproDevice() = default;
    std::unique_ptr<Context> m_context;
    std::unique_ptr<Gemm> m_gemm;
    std::unique_ptr<Elementwise> m_elementwise;
    ProbeResult m_probe;
    std::uint64_t m_gemmCallsBefore = 0, m_elementCallsBefore = 0; // the self-check's
    double m_gemmFlopsBefore = 0;
};

} // namespace idleforge::compute::vulkan
