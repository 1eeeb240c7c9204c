#pragma once
// The compute devices libtorch can use: the CPU always, CUDA GPUs when the installed libtorch
// was built with CUDA and a driver is present.
#include "compute/device/CpuInfo.h"

#include <cstdint>
#include <string>
#include <vector>

namespace idleforge::compute {

struct DeviceFacts {
    std::string id;        // "cpu", "cuda:0", ...
    std::string type;      // "cpu" | "cuda"
    std::string name;
    std::uint64_t memoryBytes = 0;
    std::vector<std::string> precisions; // "fp32", "tf32", "fp16", "bf16"
    // CPU only
    CpuInfo cpu;
    // CUDA only (0 when unknown)
    int ccMajor = 0, ccMinor = 0, smCount = 0;
    double clockMhz = 0;          // max SM clock
    std::string uuid;             // "GPU-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", as NVML prints it
    int memoryBusBits = 0;
    double memoryClockMhz = 0;    // peak memory clock
};

std::vector<DeviceFacts> listDevices();
std::string torchVersion();
bool cudaAvailable();

} // namespace idleforge::compute
