#include "compute/vulkan/VulkanDevices.h"

#include "compute/vulkan/VulkanInstance.h"

#include <vulkan/vulkan.h>

#include <cstdio>
#include <cstring>

namespace idleforge::compute::vulkan {

namespace {

std::string versionText(std::uint32_t v)
{
    return std::to_string(VK_API_VERSION_MAJOR(v)) + '.' + std::to_string(VK_API_VERSION_MINOR(v)) + '.' +
           std::to_string(VK_API_VERSION_PATCH(v));
}

std::string vendorOf(std::uint32_t id)
{
    switch (id) {
    case 0x10de: return "NVIDIA";
    case 0x1002: return "AMD";
    case 0x8086: return "Intel";
    case 0x13b5: return "ARM";
    case 0x5143: return "Qualcomm";
    case 0x106b: return "Apple";
    case 0x10005: return "Mesa"; // VK_VENDOR_ID_MESA: lavapipe and other software drivers
    default: break;
    }
    char hex[16];
    std::snprintf(hex, sizeof hex, "0x%04x", id);
    return hex;
}

std::string typeOf(VkPhysicalDeviceType t)
{
    switch (t) {
    case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU: return "discrete";
    case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU: return "integrated";
    case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU: return "virtual";
    case VK_PHYSICAL_DEVICE_TYPE_CPU: return "cpu";
    default: return "other";
    }
}

DeviceFacts factsOf(VkPhysicalDevice pd, int index)
{
    DeviceFacts f;
    f.index = index;
    VkPhysicalDeviceProperties base{};
    vkGetPhysicalDeviceProperties(pd, &base);
    const bool v12 = base.apiVersion >= VK_API_VERSION_1_2;

    VkPhysicalDeviceSubgroupProperties subgroup{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SUBGROUP_PROPERTIES};
    VkPhysicalDeviceFloatControlsProperties floats{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FLOAT_CONTROLS_PROPERTIES};
    VkPhysicalDeviceDriverProperties driver{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_DRIVER_PROPERTIES};
    VkPhysicalDeviceMaintenance3Properties maint3{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MAINTENANCE_3_PROPERTIES};
    VkPhysicalDeviceProperties2 props{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2};
    props.pNext = &subgroup;
    subgroup.pNext = &maint3;
    if (v12) { // these two structures are core only from Vulkan 1.2
        maint3.pNext = &floats;
        floats.pNext = &driver;
    }
    vkGetPhysicalDeviceProperties2(pd, &props);

    VkPhysicalDeviceShaderFloat16Int8Features f16{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_FLOAT16_INT8_FEATURES};
    VkPhysicalDeviceFeatures2 features{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2};
    if (v12)
        features.pNext = &f16;
    vkGetPhysicalDeviceFeatures2(pd, &features);

    const VkPhysicalDeviceProperties &p = props.properties;
    f.name = p.deviceName;
    f.vendorId = p.vendorID;
    f.vendor = vendorOf(p.vendorID);
    f.type = typeOf(p.deviceType);
    f.apiVersion = versionText(p.apiVersion);
    f.driverVersion = p.driverVersion;
    if (v12) {
        f.driverName = driver.driverName;
        f.driverInfo = driver.driverInfo;
        f.floatControlsKnown = true;
        f.denormPreserve32 = floats.shaderDenormPreserveFloat32 == VK_TRUE;
        f.denormFlushToZero32 = floats.shaderDenormFlushToZeroFloat32 == VK_TRUE;
        f.roundingRte32 = floats.shaderRoundingModeRTEFloat32 == VK_TRUE;
        f.signedZeroInfNanPreserve32 = floats.shaderSignedZeroInfNanPreserveFloat32 == VK_TRUE;
        f.fp16 = f16.shaderFloat16 == VK_TRUE;
    }
    f.fp64 = features.features.shaderFloat64 == VK_TRUE;
    f.subgroupSize = subgroup.subgroupSize;
    f.maxSharedMemoryBytes = p.limits.maxComputeSharedMemorySize;
    f.maxWorkgroupInvocations = p.limits.maxComputeWorkGroupInvocations;
    f.maxAllocationBytes = maint3.maxMemoryAllocationSize > 0 ? maint3.maxMemoryAllocationSize : p.limits.maxStorageBufferRange;

    VkPhysicalDeviceMemoryProperties memory{};
    vkGetPhysicalDeviceMemoryProperties(pd, &memory);
    for (std::uint32_t i = 0; i < memory.memoryHeapCount; ++i)
        if (memory.memoryHeaps[i].flags & VK_MEMORY_HEAP_DEVICE_LOCAL_BIT)
            f.vramBytes += memory.memoryHeaps[i].size;
    return f;
}

} // namespace

std::vector<DeviceFacts> listDevices(std::string *error)
{
    std::vector<DeviceFacts> out;
    std::string why;
    Instance instance = Instance::create(&why);
    if (!instance) {
        if (error)
            *error = why;
        return out;
    }
    const std::vector<VkPhysicalDevice> devices = instance.physicalDevices(&why);
    if (devices.empty() && error)
        *error = why.empty() ? "the Vulkan loader lists no device" : why;
    for (std::size_t i = 0; i < devices.size(); ++i)
        out.push_back(factsOf(devices[i], int(i)));
    return out;
}

DeviceFacts describe(VkPhysicalDevice device, int index) { return factsOf(device, index); }

int indexOf(const std::string &id)
{
    static constexpr char prefix[] = "vulkan:";
    if (id.rfind(prefix, 0) != 0 || id.size() == sizeof prefix - 1 || id.size() > sizeof prefix + 3)
        return -1;
    int n = 0;
    for (std::size_t i = sizeof prefix - 1; i < id.size(); ++i) {
        if (id[i] < '0' || id[i] > '9')
            return -1;
        n = n * 10 + (id[i] - '0');
    }
    return n;
}

} // namespace idleforge::compute::vulkan
