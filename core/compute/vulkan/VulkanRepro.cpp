#include "compute/vulkan/VulkanRepro.h"

#include "compute/repro/Gemm.h"
#include "compute/vulkan/VulkanContext.h"
#include "compute/vulkan/VulkanGemm.h"

namespace idleforge::compute::vulkan {

std::unique_ptr<ReproDevice> ReproDevice::open(const std::string &id, std::string *error)
{
    const int index = indexOf(id);
    if (index < 0) {
        if (error)
            *error = "'" + id + "' is not a Vulkan device id (vulkan:N)";
        return nullptr;
    }
    std::unique_ptr<ReproDevice> d(new ReproDevice);
    d->m_context = Context::open(index, error);
    if (!d->m_context || !runProbe(*d->m_context, d->m_probe, error))
        return nullptr;
    d->m_gemm = Gemm::create(*d->m_context, d->m_probe.fmaMode, error);
    if (!d->m_gemm)
        return nullptr;
    repro::setGemmDevice(d->m_gemm.get());
    return d;
}

ReproDevice::~ReproDevice()
{
    if (m_gemm && repro::gemmDevice() == m_gemm.get())
        repro::setGemmDevice(nullptr);
}

const DeviceFacts &ReproDevice::facts() const { return m_context->facts(); }

std::uint64_t ReproDevice::gemmCalls() const { return m_gemm->calls(); }

double ReproDevice::gemmFlops() const { return m_gemm->flops(); }

} // namespace idleforge::compute::vulkan
