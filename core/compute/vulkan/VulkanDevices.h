#pragma once
// Vulkan compute devices (issue 16): what the loader (Debian's libvulkan1) and each driver say
// about every physical device, as `vulkan:N` in the worker's "devices" job and the capability
// record. No Qt, no torch; linked only by the worker and tests (the app never loads a driver).

#include <cstdint>
#include <string>
#include <vector>

namespace idleforge::compute::vulkan {

struct DeviceFacts {
    int index = 0;             // N of "vulkan:N": the loader's order of physical devices
    std::string name;          // "NVIDIA GeForce RTX 4070", "llvmpipe (LLVM 15.0.6, 256 bits)"
    std::uint32_t vendorId = 0;
    std::string vendor;        // "NVIDIA", "AMD", "Intel", "Mesa" (software), else the id in hex
    std::string type;          // "discrete", "integrated", "virtual", "cpu", "other"
    std::string driverName;    // VkPhysicalDeviceDriverProperties (Vulkan 1.2), else empty
    std::string driverInfo;
    std::string apiVersion;    // "1.3.230"
    std::uint32_t driverVersion = 0;
    std::uint64_t vramBytes = 0;       // device-local heaps (on a CPU driver: system memory it offers)
    std::uint64_t maxAllocationBytes = 0; // the largest single buffer (maxMemoryAllocationSize, or maxStorageBufferRange)
    std::uint32_t subgroupSize = 0;
    std::uint32_t maxSharedMemoryBytes = 0;
    std::uint32_t maxWorkgroupInvocations = 0;
    bool fp16 = false;   // shaderFloat16
    bool fp64 = false;   // shaderFloat64 (the exact fma emulation uses it)
    // Float controls (VkPhysicalDeviceFloatControlsProperties, Vulkan 1.2): what the driver can
    // be asked to guarantee for fp32. Unknown (false) before 1.2.
    bool floatControlsKnown = false;
    bool denormPreserve32 = false;
    bool denormFlushToZero32 = false;
    bool roundingRte32 = false;
    bool signedZeroInfNanPreserve32 = false;
};

// Every physical device, in the loader's order. Empty with `error` set when there is no loader,
// no driver, or instance creation fails; never throws.
std::vector<DeviceFacts> listDevices(std::string *error = nullptr);

// "vulkan:3" -> 3; -1 when `id` is not of that form.
int indexOf(const std::string &id);

} // namespace idleforge::compute::vulkan
