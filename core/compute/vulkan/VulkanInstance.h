#pragma once
// Internal to core/compute/vulkan: the one VkInstance (Vulkan 1.1, no layers, no surface
// extensions: compute only) and the physical devices it lists.

#include "compute/vulkan/VulkanDevices.h"

#include <vulkan/vulkan.h>

#include <string>
#include <utility>
#include <vector>

namespace idleforge::compute::vulkan {

class Instance {
public:
    static Instance create(std::string *error)
    {
        VkApplicationInfo app{VK_STRUCTURE_TYPE_APPLICATION_INFO};
        app.pApplicationName = "IdleForge";
        app.apiVersion = VK_API_VERSION_1_1;
        VkInstanceCreateInfo info{VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO};
        info.pApplicationInfo = &app;
        Instance out;
        const VkResult r = vkCreateInstance(&info, nullptr, &out.m_instance);
        if (r != VK_SUCCESS) {
            out.m_instance = VK_NULL_HANDLE;
            if (error)
                *error = r == VK_ERROR_INCOMPATIBLE_DRIVER ? "no Vulkan driver (ICD) is installed"
                                                           : "vkCreateInstance failed (" + std::to_string(int(r)) + ")";
        }
        return out;
    }
    Instance() = default;
    Instance(Instance &&o) noexcept : m_instance(std::exchange(o.m_instance, VK_NULL_HANDLE)) {}
    Instance &operator=(Instance &&o) noexcept
    {
        std::swap(m_instance, o.m_instance);
        return *this;
    }
    Instance(const Instance &) = delete;
    Instance &operator=(const Instance &) = delete;
    ~Instance()
    {
        if (m_instance)
            vkDestroyInstance(m_instance, nullptr);
    }
    explicit operator bool() const { return m_instance != VK_NULL_HANDLE; }
    VkInstance handle() const { return m_instance; }

    std::vector<VkPhysicalDevice> physicalDevices(std::string *error) const
    {
        std::uint32_t n = 0;
        if (vkEnumeratePhysicalDevices(m_instance, &n, nullptr) != VK_SUCCESS) {
            if (error)
                *error = "vkEnumeratePhysicalDevices failed";
            return {};
        }
        std::vector<VkPhysicalDevice> out(n);
        if (n > 0 && vkEnumeratePhysicalDevices(m_instance, &n, out.data()) < VK_SUCCESS)
            return {};
        out.resize(n);
        return out;
    }

private:
    VkInstance m_instance = VK_NULL_HANDLE;
};

// The facts of one physical device (VulkanDevices.cpp).
DeviceFacts describe(VkPhysicalDevice device, int index);

} // namespace idleforge::compute::vulkan
