#include "compute/vulkan/VulkanContext.h"

#include "compute/vulkan/VulkanInstance.h"

#include <vulkan/vulkan.h>

#include <algorithm>
#include <cstring>

namespace idleforge::compute::vulkan {

namespace {
bool check(VkResult r, const char *what, std::string *error)
{
    if (r == VK_SUCCESS)
        return true;
    if (error)
        *error = std::string(what) + " failed (VkResult " + std::to_string(int(r)) + ")";
    return false;
}

// Whether the device's driver lists extension `name`.
bool hasExtension(VkPhysicalDevice physical, const char *name)
{
    std::uint32_t count = 0;
    if (vkEnumerateDeviceExtensionProperties(physical, nullptr, &count, nullptr) != VK_SUCCESS)
        return false;
    std::vector<VkExtensionProperties> all(count);
    if (vkEnumerateDeviceExtensionProperties(physical, nullptr, &count, all.data()) != VK_SUCCESS)
        return false;
    return std::any_of(all.begin(), all.begin() + count,
                       [name](const VkExtensionProperties &e) { return std::strcmp(e.extensionName, name) == 0; });
}
} // namespace

struct Context::Impl {
    Instance instance;
    VkPhysicalDevice physical = VK_NULL_HANDLE;
    VkDevice device = VK_NULL_HANDLE;
    VkQueue queue = VK_NULL_HANDLE;
    std::uint32_t queueFamily = 0;
    VkCommandPool pool = VK_NULL_HANDLE;
    VkFence fence = VK_NULL_HANDLE;
    std::uint32_t hostMemoryType = 0;
    std::int64_t deviceMemoryType = -1; // device-local and not host-visible, if there is one
    FloatControls floatControls;        // declared in every kernel (SpirvFloatControls.h)
    bool fp16 = false;                  // shaderFloat16 enabled

    ~Impl()
    {
        if (device) {
            vkDeviceWaitIdle(device);
            if (fence)
                vkDestroyFence(device, fence, nullptr);
            if (pool)
                vkDestroyCommandPool(device, pool, nullptr);
            vkDestroyDevice(device, nullptr);
        }
    }
};

struct Context::Buffer::Impl {
    VkDevice device = VK_NULL_HANDLE;
    VkBuffer buffer = VK_NULL_HANDLE;
    VkDeviceMemory memory = VK_NULL_HANDLE;
    bool mapped = true;
    ~Impl()
    {
        if (memory) {
            if (mapped)
                vkUnmapMemory(device, memory);
            vkFreeMemory(device, memory, nullptr);
        }
        if (buffer)
            vkDestroyBuffer(device, buffer, nullptr);
    }
};

struct Context::Kernel::Impl {
    VkDevice device = VK_NULL_HANDLE;
    int bindings = 0;
    std::uint32_t pushBytes = 0;
    VkShaderModule module = VK_NULL_HANDLE;
    VkDescriptorSetLayout setLayout = VK_NULL_HANDLE;
    VkPipelineLayout layout = VK_NULL_HANDLE;
    VkPipeline pipeline = VK_NULL_HANDLE;
    VkDescriptorPool descriptors = VK_NULL_HANDLE;
    VkDescriptorSet set = VK_NULL_HANDLE;
    ~Impl()
    {
        if (descriptors)
            vkDestroyDescriptorPool(device, descriptors, nullptr);
        if (pipeline)
            vkDestroyPipeline(device, pipeline, nullptr);
        if (layout)
            vkDestroyPipelineLayout(device, layout, nullptr);
        if (setLayout)
            vkDestroyDescriptorSetLayout(device, setLayout, nullptr);
        if (module)
            vkDestroyShaderModule(device, module, nullptr);
    }
};

Context::Buffer::Buffer() : m_impl(std::make_unique<Impl>()) {}
Context::Buffer::~Buffer() = default;
Context::Kernel::Kernel() : m_impl(std::make_unique<Impl>()) {}
Context::Kernel::~Kernel() = default;

Context::Context(std::unique_ptr<Impl> impl, DeviceFacts facts) : m_impl(std::move(impl)), m_facts(std::move(facts)) {}
Context::~Context() = default;

std::unique_ptr<Context> Context::open(int index, std::string *error)
{
    auto impl = std::make_unique<Impl>();
    impl->instance = Instance::create(error);
    if (!impl->instance)
        return nullptr;
    const std::vector<VkPhysicalDevice> devices = impl->instance.physicalDevices(error);
    if (index < 0 || std::size_t(index) >= devices.size()) {
        if (error)
            *error = "no Vulkan device vulkan:" + std::to_string(index) + " (" + std::to_string(devices.size()) + " found)";
        return nullptr;
    }
    impl->physical = devices[std::size_t(index)];
    DeviceFacts facts = describe(impl->physical, index);

    std::uint32_t familyCount = 0;
    vkGetPhysicalDeviceQueueFamilyProperties(impl->physical, &familyCount, nullptr);
    std::vector<VkQueueFamilyProperties> families(familyCount);
    vkGetPhysicalDeviceQueueFamilyProperties(impl->physical, &familyCount, families.data());
    bool found = false;
    for (std::uint32_t i = 0; i < familyCount && !found; ++i)
        if (families[i].queueFlags & VK_QUEUE_COMPUTE_BIT) {
            impl->queueFamily = i;
            found = true;
        }
    if (!found) {
        if (error)
            *error = facts.name + " has no compute queue";
        return nullptr;
    }

    // Host-visible, coherent memory: the simplest correct choice (on a discrete GPU it is
    // slower than device-local memory with staging; exactness, not speed, is this layer's aim).
    VkPhysicalDeviceMemoryProperties memory{};
    vkGetPhysicalDeviceMemoryProperties(impl->physical, &memory);
    const VkMemoryPropertyFlags want = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
    found = false;
    for (std::uint32_t i = 0; i < memory.memoryTypeCount && !found; ++i)
        if ((memory.memoryTypes[i].propertyFlags & want) == want) {
            impl->hostMemoryType = i;
            found = true;
        }
    if (!found) {
        if (error)
            *error = facts.name + " has no host-visible coherent memory";
        return nullptr;
    }
    for (std::uint32_t i = 0; i < memory.memoryTypeCount && impl->deviceMemoryType < 0; ++i) {
        const VkMemoryPropertyFlags f = memory.memoryTypes[i].propertyFlags;
        if ((f & VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT) && !(f & VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT))
            impl->deviceMemoryType = i;
    }

    if (!createDevice(*impl, facts, error))
        return nullptr;
    vkGetDeviceQueue(impl->device, impl->queueFamily, 0, &impl->queue);
    VkCommandPoolCreateInfo poolInfo{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
    poolInfo.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
    poolInfo.queueFamilyIndex = impl->queueFamily;
    if (!check(vkCreateCommandPool(impl->device, &poolInfo, nullptr, &impl->pool), "vkCreateCommandPool", error))
        return nullptr;
    VkFenceCreateInfo fenceInfo{VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
    if (!check(vkCreateFence(impl->device, &fenceInfo, nullptr, &impl->fence), "vkCreateFence", error))
        return nullptr;
    return std::unique_ptr<Context>(new Context(std::move(impl), std::move(facts)));
}

// One compute queue; shaderFloat64 where the device has it; VK_KHR_shader_float_controls where
// it has that, with the fp32 modes of the contract it honours chosen for every kernel; and
// shaderFloat16 (VK_KHR_shader_float16_int8) for the benchmark's fp16 GEMM. The instance asks for
// Vulkan 1.1, so the extensions are enabled by name (Vulkan 1.2 drivers list them too).
bool Context::createDevice(Impl &impl, const DeviceFacts &facts, std::string *error)
{
    const float priority = 1.0f;
    VkDeviceQueueCreateInfo queue{VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO};
    queue.queueFamilyIndex = impl.queueFamily;
    queue.queueCount = 1;
    queue.pQueuePriorities = &priority;
    VkPhysicalDeviceFeatures enabled{};
    enabled.shaderFloat64 = facts.fp64 ? VK_TRUE : VK_FALSE;
    std::vector<const char *> extensions;
    const bool floatControls = facts.floatControlsKnown && hasExtension(impl.physical, VK_KHR_SHADER_FLOAT_CONTROLS_EXTENSION_NAME);
    if (floatControls)
        extensions.push_back(VK_KHR_SHADER_FLOAT_CONTROLS_EXTENSION_NAME);
    VkPhysicalDeviceShaderFloat16Int8Features f16{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_FLOAT16_INT8_FEATURES};
    impl.fp16 = facts.fp16 && hasExtension(impl.physical, VK_KHR_SHADER_FLOAT16_INT8_EXTENSION_NAME);
    if (impl.fp16) {
        extensions.push_back(VK_KHR_SHADER_FLOAT16_INT8_EXTENSION_NAME);
        f16.shaderFloat16 = VK_TRUE;
    }
    VkDeviceCreateInfo info{VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO};
    info.pNext = impl.fp16 ? &f16 : nullptr;
    info.queueCreateInfoCount = 1;
    info.pQueueCreateInfos = &queue;
    info.pEnabledFeatures = &enabled;
    info.enabledExtensionCount = std::uint32_t(extensions.size());
    info.ppEnabledExtensionNames = extensions.empty() ? nullptr : extensions.data();
    if (!check(vkCreateDevice(impl.physical, &info, nullptr, &impl.device), "vkCreateDevice", error))
        return false;
    if (floatControls) {
        impl.floatControls.denormPreserve = facts.denormPreserve32;
        impl.floatControls.roundingRte = facts.roundingRte32;
        impl.floatControls.signedZeroInfNanPreserve = facts.signedZeroInfNanPreserve32;
    }
    return true;
}

bool Context::fp16() const { return m_impl->fp16; }
const FloatControls &Context::floatControls() const { return m_impl->floatControls; }

// A storage buffer in memory type `type`, mapped when `map` (host-visible memory only).
std::unique_ptr<Context::Buffer> Context::makeBuffer(std::size_t bytes, std::uint32_t type, bool map, std::string *error)
{
    bytes = std::max<std::size_t>(bytes, 4);
    if (m_facts.maxAllocationBytes > 0 && bytes > m_facts.maxAllocationBytes) {
        if (error)
            *error = "a buffer of " + std::to_string(bytes) + " bytes is over the device's limit";
        return nullptr;
    }
    std::unique_ptr<Buffer> b(new Buffer);
    b->m_impl->device = m_impl->device;
    b->m_impl->mapped = false;
    VkBufferCreateInfo info{VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO};
    info.size = bytes;
    info.usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;
    info.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
    if (!check(vkCreateBuffer(m_impl->device, &info, nullptr, &b->m_impl->buffer), "vkCreateBuffer", error))
        return nullptr;
    VkMemoryRequirements req{};
    vkGetBufferMemoryRequirements(m_impl->device, b->m_impl->buffer, &req);
    if (!(req.memoryTypeBits & (1u << type))) {
        if (error)
            *error = "the device's storage buffers cannot live in that memory";
        return nullptr;
    }
    VkMemoryAllocateInfo alloc{VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO};
    alloc.allocationSize = req.size;
    alloc.memoryTypeIndex = type;
    if (!check(vkAllocateMemory(m_impl->device, &alloc, nullptr, &b->m_impl->memory), "vkAllocateMemory", error))
        return nullptr;
    if (!check(vkBindBufferMemory(m_impl->device, b->m_impl->buffer, b->m_impl->memory, 0), "vkBindBufferMemory", error))
        return nullptr;
    b->m_size = bytes;
    if (map) {
        if (!check(vkMapMemory(m_impl->device, b->m_impl->memory, 0, VK_WHOLE_SIZE, 0, &b->m_data), "vkMapMemory", error))
            return nullptr;
        b->m_impl->mapped = true;
        std::memset(b->m_data, 0, bytes);
    }
    return b;
}

Context::Buffer *Context::reuse(std::unique_ptr<Buffer> &slot, std::size_t bytes, std::string *error)
{
    bytes = std::max<std::size_t>(bytes, 4);
    if (!slot || slot->size() < bytes) {
        slot.reset();
        slot = buffer(bytes + bytes / 4, error);
    }
    return slot.get();
}

std::unique_ptr<Context::Buffer> Context::deviceBuffer(std::size_t bytes, std::string *error)
{
    if (m_impl->deviceMemoryType >= 0)
        if (auto b = makeBuffer(bytes, std::uint32_t(m_impl->deviceMemoryType), false, nullptr))
            return b;
    return buffer(bytes, error); // no separate VRAM (integrated GPUs, lavapipe): host-visible memory
}

std::unique_ptr<Context::Buffer> Context::buffer(std::size_t bytes, std::string *error)
{
    return makeBuffer(bytes, m_impl->hostMemoryType, true, error);
}

std::unique_ptr<Context::Kernel> Context::kernel(const std::uint32_t *spirv, std::size_t words, int bindings, std::uint32_t pushBytes,
                                                 const std::vector<std::uint32_t> &specConstants, std::string *error)
{
    std::unique_ptr<Kernel> k(new Kernel);
    Kernel::Impl &K = *k->m_impl;
    K.device = m_impl->device;
    K.bindings = bindings;
    K.pushBytes = pushBytes;
    std::vector<std::uint32_t> declared;
    if (m_impl->floatControls.any()) {
        declared = declareFloatControls({spirv, words}, m_impl->floatControls, error);
        if (declared.empty())
            return nullptr;
    }
    VkShaderModuleCreateInfo moduleInfo{VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO};
    moduleInfo.codeSize = (declared.empty() ? words : declared.size()) * sizeof(std::uint32_t);
    moduleInfo.pCode = declared.empty() ? spirv : declared.data();
    if (!check(vkCreateShaderModule(K.device, &moduleInfo, nullptr, &K.module), "vkCreateShaderModule", error))
        return nullptr;

    std::vector<VkDescriptorSetLayoutBinding> slots(static_cast<std::size_t>(bindings));
    for (int i = 0; i < bindings; ++i) {
        slots[std::size_t(i)].binding = std::uint32_t(i);
        slots[std::size_t(i)].descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
        slots[std::size_t(i)].descriptorCount = 1;
        slots[std::size_t(i)].stageFlags = VK_SHADER_STAGE_COMPUTE_BIT;
    }
    VkDescriptorSetLayoutCreateInfo setInfo{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO};
    setInfo.bindingCount = std::uint32_t(bindings);
    setInfo.pBindings = slots.data();
    if (!check(vkCreateDescriptorSetLayout(K.device, &setInfo, nullptr, &K.setLayout), "vkCreateDescriptorSetLayout", error))
        return nullptr;
    VkPushConstantRange range{VK_SHADER_STAGE_COMPUTE_BIT, 0, pushBytes};
    VkPipelineLayoutCreateInfo layoutInfo{VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO};
    layoutInfo.setLayoutCount = 1;
    layoutInfo.pSetLayouts = &K.setLayout;
    layoutInfo.pushConstantRangeCount = pushBytes > 0 ? 1 : 0;
    layoutInfo.pPushConstantRanges = pushBytes > 0 ? &range : nullptr;
    if (!check(vkCreatePipelineLayout(K.device, &layoutInfo, nullptr, &K.layout), "vkCreatePipelineLayout", error))
        return nullptr;

    std::vector<VkSpecializationMapEntry> entries(specConstants.size());
    for (std::size_t i = 0; i < specConstants.size(); ++i)
        entries[i] = {std::uint32_t(i), std::uint32_t(i * sizeof(std::uint32_t)), sizeof(std::uint32_t)};
    VkSpecializationInfo spec{std::uint32_t(entries.size()), entries.data(), specConstants.size() * sizeof(std::uint32_t),
                              specConstants.data()};
    VkComputePipelineCreateInfo pipeInfo{VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO};
    pipeInfo.stage.sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO;
    pipeInfo.stage.stage = VK_SHADER_STAGE_COMPUTE_BIT;
    pipeInfo.stage.module = K.module;
    pipeInfo.stage.pName = "main";
    pipeInfo.stage.pSpecializationInfo = specConstants.empty() ? nullptr : &spec;
    pipeInfo.layout = K.layout;
    if (!check(vkCreateComputePipelines(K.device, VK_NULL_HANDLE, 1, &pipeInfo, nullptr, &K.pipeline), "vkCreateComputePipelines", error))
        return nullptr;

    VkDescriptorPoolSize size{VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, std::uint32_t(std::max(bindings, 1))};
    VkDescriptorPoolCreateInfo poolInfo{VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
    poolInfo.maxSets = 1;
    poolInfo.poolSizeCount = 1;
    poolInfo.pPoolSizes = &size;
    if (!check(vkCreateDescriptorPool(K.device, &poolInfo, nullptr, &K.descriptors), "vkCreateDescriptorPool", error))
        return nullptr;
    VkDescriptorSetAllocateInfo allocInfo{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO};
    allocInfo.descriptorPool = K.descriptors;
    allocInfo.descriptorSetCount = 1;
    allocInfo.pSetLayouts = &K.setLayout;
    if (!check(vkAllocateDescriptorSets(K.device, &allocInfo, &K.set), "vkAllocateDescriptorSets", error))
        return nullptr;
    return k;
}

bool Context::run(Kernel &kernel, const std::vector<Buffer *> &buffers, const void *push, std::uint32_t gx, std::uint32_t gy,
                  std::uint32_t gz, std::string *error)
{
    Kernel::Impl &K = *kernel.m_impl;
    if (int(buffers.size()) != K.bindings) {
        if (error)
            *error = "the kernel takes " + std::to_string(K.bindings) + " buffers, not " + std::to_string(buffers.size());
        return false;
    }
    std::vector<VkDescriptorBufferInfo> infos(buffers.size());
    std::vector<VkWriteDescriptorSet> writes(buffers.size());
    for (std::size_t i = 0; i < buffers.size(); ++i) {
        infos[i] = {buffers[i]->m_impl->buffer, 0, VK_WHOLE_SIZE};
        writes[i] = VkWriteDescriptorSet{VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET};
        writes[i].dstSet = K.set;
        writes[i].dstBinding = std::uint32_t(i);
        writes[i].descriptorCount = 1;
        writes[i].descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
        writes[i].pBufferInfo = &infos[i];
    }
    vkUpdateDescriptorSets(m_impl->device, std::uint32_t(writes.size()), writes.data(), 0, nullptr);

    VkCommandBufferAllocateInfo allocInfo{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
    allocInfo.commandPool = m_impl->pool;
    allocInfo.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
    allocInfo.commandBufferCount = 1;
    VkCommandBuffer cmd = VK_NULL_HANDLE;
    if (!check(vkAllocateCommandBuffers(m_impl->device, &allocInfo, &cmd), "vkAllocateCommandBuffers", error))
        return false;
    struct Free {
        VkDevice d;
        VkCommandPool p;
        VkCommandBuffer c;
        ~Free() { vkFreeCommandBuffers(d, p, 1, &c); }
    } freeLater{m_impl->device, m_impl->pool, cmd};
    VkCommandBufferBeginInfo begin{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
    begin.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
    if (!check(vkBeginCommandBuffer(cmd, &begin), "vkBeginCommandBuffer", error))
        return false;
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, K.pipeline);
    vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, K.layout, 0, 1, &K.set, 0, nullptr);
    if (K.pushBytes > 0 && push)
        vkCmdPushConstants(cmd, K.layout, VK_SHADER_STAGE_COMPUTE_BIT, 0, K.pushBytes, push);
    vkCmdDispatch(cmd, gx, gy, gz);
    // The results are read by the host through the mapped memory.
    VkMemoryBarrier barrier{VK_STRUCTURE_TYPE_MEMORY_BARRIER};
    barrier.srcAccessMask = VK_ACCESS_SHADER_WRITE_BIT;
    barrier.dstAccessMask = VK_ACCESS_HOST_READ_BIT;
    vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_PIPELINE_STAGE_HOST_BIT, 0, 1, &barrier, 0, nullptr, 0, nullptr);
    if (!check(vkEndCommandBuffer(cmd), "vkEndCommandBuffer", error))
        return false;
    VkSubmitInfo submit{VK_STRUCTURE_TYPE_SUBMIT_INFO};
    submit.commandBufferCount = 1;
    submit.pCommandBuffers = &cmd;
    if (!check(vkResetFences(m_impl->device, 1, &m_impl->fence), "vkResetFences", error))
        return false;
    if (!check(vkQueueSubmit(m_impl->queue, 1, &submit, m_impl->fence), "vkQueueSubmit", error))
        return false;
    // A minute is far more than any one dispatch here; a lost device answers at once.
    return check(vkWaitForFences(m_impl->device, 1, &m_impl->fence, VK_TRUE, 60'000'000'000ull), "vkWaitForFences", error);
}

} // namespace idleforge::compute::vulkan
