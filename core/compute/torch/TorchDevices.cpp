#include "compute/torch/TorchDevices.h"

#include <torch/cuda.h>
#include <torch/version.h>

#include <dlfcn.h>

namespace idleforge::compute {

namespace {

// CUDA device attributes through the driver API, loaded with dlopen so that neither the build
// nor a CPU-only machine needs CUDA. Attribute numbers are from cuda.h (stable ABI).
struct CudaDriver {
    using InitFn = int (*)(unsigned);
    using GetFn = int (*)(int *, int);
    using NameFn = int (*)(char *, int, int);
    using MemFn = int (*)(std::size_t *, int);
    using AttrFn = int (*)(int *, int, int);
    struct Uuid { unsigned char bytes[16]; };
    using UuidFn = int (*)(Uuid *, int);
    void *lib = nullptr;
    UuidFn uuid = nullptr; // optional (CUDA 9.2+)
    AttrFn attr = nullptr;
    NameFn name = nullptr;
    MemFn mem = nullptr;
    GetFn get = nullptr;

    CudaDriver()
    {
        lib = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
        if (!lib)
            return;
        auto init = reinterpret_cast<InitFn>(dlsym(lib, "cuInit"));
        get = reinterpret_cast<GetFn>(dlsym(lib, "cuDeviceGet"));
        attr = reinterpret_cast<AttrFn>(dlsym(lib, "cuDeviceGetAttribute"));
        name = reinterpret_cast<NameFn>(dlsym(lib, "cuDeviceGetName"));
        mem = reinterpret_cast<MemFn>(dlsym(lib, "cuDeviceTotalMem_v2"));
        uuid = reinterpret_cast<UuidFn>(dlsym(lib, "cuDeviceGetUuid"));
        if (!init || !get || !attr || !name || !mem || init(0) != 0)
            attr = nullptr;
    }
    bool ok() const { return attr != nullptr; }
    int attribute(int device, int which) const
    {
        int handle = 0, value = 0;
        if (get(&handle, device) != 0 || attr(&value, which, handle) != 0)
            return 0;
        return value;
    }
};

enum : int {
    kClockRateKhz = 13,
    kSmCount = 16,
    kMemoryClockKhz = 36,
    kMemoryBusBits = 37,
    kCcMajor = 75,
    kCcMinor = 76,
};

// NVML's spelling of a GPU UUID, so the two can be matched: "GPU-" then 8-4-4-4-12 hex digits.
std::string formatUuid(const unsigned char (&b)[16])
{
    static const char hex[] = "0123456789abcdef";
    std::string out = "GPU-";
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out += '-';
        out += hex[b[i] >> 4];
        out += hex[b[i] & 0xf];
    }
    return out;
}

} // namespace

bool cudaAvailable() { return torch::cuda::is_available(); }

std::string torchVersion() { return TORCH_VERSION; }

std::vector<DeviceFacts> listDevices()
{
    std::vector<DeviceFacts> out;
    DeviceFacts cpu;
    cpu.id = "cpu";
    cpu.type = "cpu";
    cpu.cpu = detectCpu();
    cpu.name = cpu.cpu.model;
    cpu.memoryBytes = cpu.cpu.memoryBytes;
    cpu.precisions = {"fp32"};
    if (cpu.cpu.has("avx512bf16"))
        cpu.precisions.push_back("bf16");
    out.push_back(std::move(cpu));

    if (!cudaAvailable())
        return out;
    static const CudaDriver driver;
    const auto count = static_cast<int>(torch::cuda::device_count());
    for (int i = 0; i < count; ++i) {
        DeviceFacts gpu;
        gpu.id = "cuda:" + std::to_string(i);
        gpu.type = "cuda";
        gpu.name = "CUDA device " + std::to_string(i);
        if (driver.ok()) {
            int handle = 0;
            char name[256] = {};
            std::size_t bytes = 0;
            if (driver.get(&handle, i) == 0) {
                if (driver.name(name, sizeof name, handle) == 0)
                    gpu.name = name;
                if (driver.mem(&bytes, handle) == 0)
                    gpu.memoryBytes = bytes;
                CudaDriver::Uuid id{};
                if (driver.uuid && driver.uuid(&id, handle) == 0)
                    gpu.uuid = formatUuid(id.bytes);
            }
            gpu.ccMajor = driver.attribute(i, kCcMajor);
            gpu.ccMinor = driver.attribute(i, kCcMinor);
            gpu.smCount = driver.attribute(i, kSmCount);
            gpu.clockMhz = driver.attribute(i, kClockRateKhz) / 1000.0;
            gpu.memoryClockMhz = driver.attribute(i, kMemoryClockKhz) / 1000.0;
            gpu.memoryBusBits = driver.attribute(i, kMemoryBusBits);
        }
        gpu.precisions = {"fp32"};
        if (gpu.ccMajor >= 8) gpu.precisions.insert(gpu.precisions.end(), {"tf32", "bf16"});
        if (gpu.ccMajor >= 7 || (gpu.ccMajor == 6 && gpu.ccMinor == 0)) gpu.precisions.push_back("fp16");
        out.push_back(std::move(gpu));
    }
    return out;
}

} // namespace idleforge::compute
