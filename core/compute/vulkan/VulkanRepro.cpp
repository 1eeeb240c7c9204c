#include "compute/vulkan/VulkanRepro.h"

#include "compute/repro/Gemm.h"
#include "compute/repro/ElementDevice.h"
#include "compute/vulkan/VulkanContext.h"
#include "compute/vulkan/VulkanElementwise.h"
#include "compute/vulkan/VulkanGemm.h"
#include "compute/vulkan/VulkanSelfCheck.h"

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
    d->m_elementwise = Elementwise::create(*d->m_context, d->m_probe.fmaMode, error);
    if (!d->m_elementwise)
        return nullptr;
    std::string why;
    if (!selfCheck(*d->m_gemm, *d->m_elementwise, &why)) {
        if (error)
            *error = id + " (" + d->m_context->facts().name + ") failed its self-check: " + why;
        return nullptr;
    }
    // What the job reports counts its own calls, not the self-check's.
    d->m_gemmCallsBefore = d->m_gemm->calls();
    d->m_gemmFlopsBefore = d->m_gemm->flops();
    d->m_elementCallsBefore = d->m_elementwise->calls();
    repro::setGemmDevice(d->m_gemm.get());
    repro::setElementDevice(d->m_elementwise.get());
    return d;
}

ReproDevice::~ReproDevice()
{
    if (m_gemm && repro::gemmDevice() == m_gemm.get())
        repro::setGemmDevice(nullptr);
    if (m_elementwise && repro::elementDevice() == m_elementwise.get())
        repro::setElementDevice(nullptr);
}

const DeviceFacts &ReproDevice::facts() const { return m_context->facts(); }

std::uint64_t ReproDevice::gemmCalls() const { return m_gemm->calls() - m_gemmCallsBefore; }

double ReproDevice::gemmFlops() const { return m_gemm->flops() - m_gemmFlopsBefore; }

std::uint64_t ReproDevice::elementCalls() const { return m_elementwise->calls() - m_elementCallsBefore; }

} // namespace idleforge::compute::vulkan
