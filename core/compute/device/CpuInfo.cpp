#include "compute/device/CpuInfo.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>
#include <utility>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

namespace idleforge::compute {

namespace {

std::string trim(std::string s)
{
    const auto notSpace = [](unsigned char c) { return !std::isspace(c); };
    s.erase(s.begin(), std::find_if(s.begin(), s.end(), notSpace));
    s.erase(std::find_if(s.rbegin(), s.rend(), notSpace).base(), s.end());
    return s;
}

std::uint64_t readMeminfoKb(const std::string &key)
{
    std::ifstream in("/proc/meminfo");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(key + ":", 0) == 0) {
            std::istringstream fields(line.substr(key.size() + 1));
            std::uint64_t kb = 0;
            fields >> kb;
            return kb;
        }
    }
    return 0;
}

double readSysfsKhzAsMhz(const char *path)
{
    std::ifstream in(path);
    double khz = 0;
    if (in >> khz)
        return khz / 1000.0;
    return 0;
}

#if defined(__x86_64__) || defined(__i386__)
void addX86Features(std::set<std::string> &out)
{
    unsigned a = 0, b = 0, c = 0, d = 0;
    if (!__get_cpuid(1, &a, &b, &c, &d))
        return;
    const bool osxsave = c & (1u << 27);
    if (c & (1u << 20)) out.insert("sse4.2");
    if (c & (1u << 12)) out.insert("fma");
    // AVX state must be enabled by the OS (XCR0 bits 1,2); AVX-512 also needs bits 5-7.
    unsigned long long xcr0 = 0;
    if (osxsave) {
        unsigned lo = 0, hi = 0;
        __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
        xcr0 = (static_cast<unsigned long long>(hi) << 32) | lo;
    }
    const bool avxOs = (xcr0 & 0x6) == 0x6;
    const bool avx512Os = (xcr0 & 0xe6) == 0xe6;
    if ((c & (1u << 28)) && avxOs) out.insert("avx");
    if (!avxOs)
        out.erase("fma");
    if (__get_cpuid_count(7, 0, &a, &b, &c, &d)) {
        if ((b & (1u << 5)) && avxOs) out.insert("avx2");
        if (avx512Os) {
            if (b & (1u << 16)) out.insert("avx512f");
            if (b & (1u << 17)) out.insert("avx512dq");
            if (b & (1u << 30)) out.insert("avx512bw");
            if (b & (1u << 31)) out.insert("avx512vl");
            if (c & (1u << 11)) out.insert("avx512vnni");
        }
    }
    if (__get_cpuid_count(7, 1, &a, &b, &c, &d) && avx512Os && (a & (1u << 5)))
        out.insert("avx512bf16");
}
#endif

} // namespace

bool CpuInfo::has(const std::string &feature) const
{
    return std::find(features.begin(), features.end(), feature) != features.end();
}

int CpuInfo::fp32Lanes() const
{
    const bool amd = vendor == "AuthenticAMD" || vendor == "HygonGenuine";
    if (has("avx512f")) {
        // Zen 4 (family 0x19) runs 512-bit ops as two 256-bit halves.
        if (amd && family == 0x19) return 8;
        return 16;
    }
    if ((has("avx2") && has("fma")) || has("avx")) {
        // Zen / Zen+ (family 0x17 models below 0x30) and Hygon Dhyana have 128-bit FMA units:
        // a 256-bit FMA takes both halves of the datapath. Hypervisors often report a generic
        // family/model (this project's Zen 2+ guests say "family 23 model 1" and measure above
        // the Zen 1 peak), so in a guest the full-width upper bound is kept: efficiency <= 1.
        if (amd && !virtualized && (family == 0x18 || (family == 0x17 && modelId < 0x30))) return 4;
        return 8;
    }
    if (has("neon") || has("sse4.2")) return 4;
    return 1;
}

int CpuInfo::fmaUnitsPerCore() const
{
    // Client and server x86 cores since Haswell and Zen issue two FMAs per cycle; AVX-512 parts
    // vary (1 or 2 512-bit ports) and we take 2 as the upper bound so efficiency never exceeds 1
    // for an honest measurement. ARM cores: 2 NEON FMA pipes on common designs.
    if (has("fma") || has("neon"))
        return 2;
    return 1;
}

CpuInfo parseCpuinfo(const std::string &text)
{
    CpuInfo info;
    std::set<std::string> features;
    std::set<std::pair<int, int>> cores; // (physical id, core id)
    int processors = 0;
    int physId = 0;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        const auto colon = line.find(':');
        if (colon == std::string::npos)
            continue;
        const std::string key = trim(line.substr(0, colon));
        const std::string value = trim(line.substr(colon + 1));
        if (key == "processor") ++processors;
        else if (key == "vendor_id" && info.vendor.empty()) info.vendor = value;
        else if ((key == "model name" || key == "Model") && info.model.empty()) info.model = value;
        else if (key == "cpu family" && info.family == 0) info.family = std::atoi(value.c_str());
        else if (key == "model" && info.modelId == 0) info.modelId = std::atoi(value.c_str());
        else if (key == "cpu MHz" && info.baseMhz == 0) info.baseMhz = std::atof(value.c_str());
        else if (key == "physical id") physId = std::atoi(value.c_str());
        else if (key == "core id") cores.insert({physId, std::atoi(value.c_str())});
        else if (key == "flags") {
            std::istringstream words(value);
            for (std::string w; words >> w;)
                if (w == "hypervisor") info.virtualized = true;
        }
        else if (key == "Features") { // ARM
            std::istringstream words(value);
            for (std::string w; words >> w;)
                if (w == "asimd") features.insert("neon");
        }
    }
    info.features.assign(features.begin(), features.end());
    info.logicalThreads = processors;
    info.physicalCores = cores.empty() ? processors : static_cast<int>(cores.size());

    // The "@ 2.40GHz" in an x86 model string is the nominal clock and wins over "cpu MHz",
    // which is only the clock of the moment.
    const auto at = info.model.find('@');
    if (at != std::string::npos) {
        const double ghz = std::atof(info.model.c_str() + at + 1);
        if (ghz > 0) info.baseMhz = ghz * 1000.0;
    }
    return info;
}

CpuInfo detectCpu()
{
    std::string text;
    {
        std::ifstream in("/proc/cpuinfo");
        std::ostringstream all;
        all << in.rdbuf();
        text = all.str();
    }
    CpuInfo info = parseCpuinfo(text);
#if defined(__x86_64__)
    info.arch = "x86_64";
#elif defined(__aarch64__)
    info.arch = "aarch64";
#else
    info.arch = "unknown";
#endif
    std::set<std::string> features(info.features.begin(), info.features.end());
#if defined(__x86_64__) || defined(__i386__)
    addX86Features(features);
#endif
#if defined(__aarch64__)
    features.insert("neon");
#endif
    info.features.assign(features.begin(), features.end());
    if (info.logicalThreads <= 0) {
        info.logicalThreads = static_cast<int>(std::thread::hardware_concurrency());
        info.physicalCores = info.logicalThreads;
    }

    const double cpuinfoMhz = info.baseMhz;
    const bool fromModel = info.model.find('@') != std::string::npos;
    if (!fromModel) {
        const double base = readSysfsKhzAsMhz("/sys/devices/system/cpu/cpu0/cpufreq/base_frequency");
        if (base > 0) info.baseMhz = base;
    }
    info.maxMhz = readSysfsKhzAsMhz("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq");
    if (info.maxMhz < info.baseMhz) info.maxMhz = std::max(info.baseMhz, cpuinfoMhz);

    info.memoryBytes = readMeminfoKb("MemTotal") * 1024ull;
    info.availableMemoryBytes = readMeminfoKb("MemAvailable") * 1024ull;
    if (info.vendor.empty()) info.vendor = "unknown";
    if (info.model.empty()) info.model = info.arch + " CPU";
    return info;
}

} // namespace idleforge::compute
