// A fake NVML with the C ABI of libnvidia-ml (the subset platform/Nvml.cpp uses): two GPUs, the
// second without power readings; three compute processes on GPU 0 (so the caller must size its
// buffer after NVML_ERROR_INSUFFICIENT_SIZE), graphics processes refused (NO_PERMISSION).
// FAKE_NVML_INIT_ERROR=<code> makes nvmlInit_v2 fail with that code.
#include <cstdlib>
#include <cstring>

namespace {
struct Utilization { unsigned gpu; unsigned memory; };
struct Memory { unsigned long long total; unsigned long long free; unsigned long long used; };
struct ProcessInfo { unsigned pid; unsigned long long usedGpuMemory; unsigned gpuInstanceId; unsigned computeInstanceId; };

int g_devices[2];
int index(void *dev) { return dev == &g_devices[0] ? 0 : dev == &g_devices[1] ? 1 : -1; }
int copy(char *out, unsigned len, const char *text)
{
    if (std::strlen(text) + 1 > len)
        return 7; // INSUFFICIENT_SIZE
    std::strcpy(out, text);
    return 0;
}
} // namespace

extern "C" {
__attribute__((visibility("default"))) int nvmlInit_v2()
{
    const char *e = std::getenv("FAKE_NVML_INIT_ERROR");
    return e ? std::atoi(e) : 0;
}
__attribute__((visibility("default"))) int nvmlShutdown() { return 0; }
__attribute__((visibility("default"))) const char *nvmlErrorString(int r)
{
    return r == 9 ? "Driver Not Loaded" : r == 3 ? "Not Supported" : "Fake Error";
}
__attribute__((visibility("default"))) int nvmlSystemGetDriverVersion(char *v, unsigned len) { return copy(v, len, "550.54.15"); }
__attribute__((visibility("default"))) int nvmlSystemGetNVMLVersion(char *v, unsigned len) { return copy(v, len, "12.550.54.15"); }
__attribute__((visibility("default"))) int nvmlDeviceGetCount_v2(unsigned *n) { *n = 2; return 0; }
__attribute__((visibility("default"))) int nvmlDeviceGetHandleByIndex_v2(unsigned i, void **dev)
{
    if (i > 1) return 2;
    *dev = &g_devices[i];
    return 0;
}
__attribute__((visibility("default"))) int nvmlDeviceGetName(void *dev, char *name, unsigned len)
{
    return copy(name, len, index(dev) == 0 ? "NVIDIA H100 80GB HBM3" : "NVIDIA GeForce RTX 4090");
}
__attribute__((visibility("default"))) int nvmlDeviceGetUUID(void *dev, char *uuid, unsigned len)
{
    return copy(uuid, len, index(dev) == 0 ? "GPU-00112233-4455-6677-8899-aabbccddeeff" : "GPU-ffeeddcc-bbaa-9988-7766-554433221100");
}
__attribute__((visibility("default"))) int nvmlDeviceGetTemperature(void *dev, int sensor, unsigned *t)
{
    if (sensor != 0) return 2;
    *t = index(dev) == 0 ? 41 : 67;
    return 0;
}
__attribute__((visibility("default"))) int nvmlDeviceGetEnforcedPowerLimit(void *dev, unsigned *mw)
{
    if (index(dev) == 1) return 3; // NOT_SUPPORTED
    *mw = 700000;
    return 0;
}
__attribute__((visibility("default"))) int nvmlDeviceGetPowerUsage(void *dev, unsigned *mw)
{
    if (index(dev) == 1) return 3;
    *mw = 123456;
    return 0;
}
__attribute__((visibility("default"))) int nvmlDeviceGetUtilizationRates(void *dev, Utilization *u)
{
    u->gpu = index(dev) == 0 ? 97 : 0;
    u->memory = index(dev) == 0 ? 55 : 1;
    return 0;
}
__attribute__((visibility("default"))) int nvmlDeviceGetMemoryInfo(void *, Memory *m)
{
    m->total = 85899345920ULL;
    m->used = 1073741824ULL;
    m->free = m->total - m->used;
    return 0;
}
__attribute__((visibility("default"))) int nvmlDeviceGetComputeRunningProcesses_v3(void *dev, unsigned *count, ProcessInfo *infos)
{
    const unsigned have = index(dev) == 0 ? 3 : 0;
    if (*count < have || (!infos && have > 0)) {
        *count = have;
        return 7; // INSUFFICIENT_SIZE
    }
    for (unsigned i = 0; i < have; ++i)
        infos[i] = ProcessInfo{1000 + i, i == 2 ? ~0ULL : (i + 1) * 1048576ULL, 0, 0};
    *count = have;
    return 0;
}
__attribute__((visibility("default"))) int nvmlDeviceGetGraphicsRunningProcesses_v3(void *, unsigned *, ProcessInfo *)
{
    return 4; // NO_PERMISSION
}
}
