#pragma once
// One Vulkan device opened for compute: host-visible storage buffers, kernels from SPIR-V
// (compiled at build time by glslc from shaders/*.comp), and a synchronous dispatch. Small on
// purpose: the repro kernels need exact arithmetic, not overlap; the caller copies in, runs,
// copies out. Every failure is a message, never an exception or an abort.

#include "compute/vulkan/SpirvFloatControls.h"
#include "compute/vulkan/VulkanDevices.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace idleforge::compute::vulkan {

class Context {
public:
    class Buffer;
    class Kernel;

    // Opens device `index` (VulkanDevices' order) with one compute queue; shaderFloat64 and
    // VK_KHR_shader_float_controls are enabled where the device has them. Null with `error` set on failure.
    static std::unique_ptr<Context> open(int index, std::string *error);
    ~Context();
    Context(const Context &) = delete;
    Context &operator=(const Context &) = delete;

    const DeviceFacts &facts() const { return m_facts; }
    // The fp32 float-controls modes declared in every kernel of this context: those the device
    // honours, where it has VK_KHR_shader_float_controls; none elsewhere (the probe then checks
    // what the driver does undeclared).
    const FloatControls &floatControls() const;
    // shaderFloat16 is enabled (the device has it and VK_KHR_shader_float16_int8).
    bool fp16() const;

    // A storage buffer of `bytes` (at least 4), mapped: data() is valid until it is destroyed.
    std::unique_ptr<Buffer> buffer(std::size_t bytes, std::string *error);
    // A storage buffer in device-local memory where the device has a heap of it that the host
    // cannot see (a discrete GPU's VRAM), else as buffer(); data() is null when not mapped.
    std::unique_ptr<Buffer> deviceBuffer(std::size_t bytes, std::string *error);
    // A host-visible buffer kept between calls: `slot` when it holds `bytes` (at least 4), else a
    // new one with some headroom (shapes repeat with small changes). Null with `error` on failure.
    Buffer *reuse(std::unique_ptr<Buffer> &slot, std::size_t bytes, std::string *error);

    // A kernel with `bindings` storage buffers (binding 0..n-1 of set 0), `pushBytes` of push
    // constants and the given specialization constants (constant_id 0, 1, ...: 32-bit each).
    std::unique_ptr<Kernel> kernel(const std::uint32_t *spirv, std::size_t words, int bindings, std::uint32_t pushBytes,
                                   const std::vector<std::uint32_t> &specConstants, std::string *error);

    // Dispatches (gx, gy, gz) workgroups and waits for them. `buffers` in binding order.
    bool run(Kernel &kernel, const std::vector<Buffer *> &buffers, const void *push, std::uint32_t gx, std::uint32_t gy,
             std::uint32_t gz, std::string *error);

private:
    struct Impl;
    explicit Context(std::unique_ptr<Impl> impl, DeviceFacts facts);
    static bool createDevice(Impl &impl, const DeviceFacts &facts, std::string *error);
    std::unique_ptr<Buffer> makeBuffer(std::size_t bytes, std::uint32_t type, bool map, std::string *error);
    std::unique_ptr<Impl> m_impl;
    DeviceFacts m_facts;
};

class Context::Buffer {
public:
    ~Buffer();
    void *data() const { return m_data; }
    std::size_t size() const { return m_size; }

private:
    friend class Context;
    struct Impl;
    std::unique_ptr<Impl> m_impl;
    void *m_data = nullptr;
    std::size_t m_size = 0;
    Buffer();
};

class Context::Kernel {
public:
    ~Kernel();

private:
    friend class Context;
    struct Impl;
    std::unique_ptr<Impl> m_impl;
    Kernel();
};

} // namespace idleforge::compute::vulkan
