#include "compute/device/Peak.h"

namespace idleforge::compute {

double cpuPeakFp32Gflops(const CpuInfo &cpu)
{
    const double mhz = cpu.baseMhz > 0 ? cpu.baseMhz : cpu.maxMhz;
    if (mhz <= 0 || cpu.physicalCores <= 0)
        return 0;
    return cpu.physicalCores * cpu.fp32Lanes() * cpu.fmaUnitsPerCore() * 2.0 * mhz / 1000.0;
}

namespace {
struct SmRates { // dense flops per clock per SM, fp32 accumulation, full-rate (non-GeForce) parts
    double fp32;
    double tf32;
    double fp16;
    double bf16;
};

// Checked against the whitepapers' totals: V100 80 SM x 1530 MHz x 1024 = 125 TFLOP/s fp16;
// A100 108 x 1410 x 2048 = 312 fp16, x 1024 = 156 tf32; H100 SXM 132 x 1980 x 256 = 66.9 fp32,
// 132 x 1830 x 4096 = 989 fp16; A6000 84 x 1800 x 1024 = 154.8 fp16; L40S 142 x 2520 x 1024 = 366.
SmRates ratesFor(int major, int minor)
{
    if (major == 12) return {256, 512, 1024, 1024};                      // Blackwell consumer/workstation (GB20x)
    if (major == 10) return {256, 4096, 8192, 8192};                     // Blackwell data center (B100/B200)
    if (major == 9) return {256, 2048, 4096, 4096};                      // Hopper
    if (major == 8 && minor == 0) return {128, 1024, 2048, 2048};        // A100
    if (major == 8) return {256, 512, 1024, 1024};                       // GA10x (8.6, 8.7), Ada (8.9)
    if (major == 7) return {128, 0, 1024, 0};                            // Volta (7.0, 7.2), Turing (7.5)
    if (major == 6) return {128, 0, minor == 1 ? 2.0 : 256.0, 0};        // Pascal: GP10x fp16 is 1/64 rate
    if (major > 12) return {256, 512, 1024, 1024};                       // unknown newer: a conservative guess
    return {128, 0, 0, 0};
}
} // namespace

bool isGeForceName(const std::string &deviceName)
{
    return deviceName.find("GeForce") != std::string::npos;
}

double cudaPeakGflops(int ccMajor, int ccMinor, int smCount, double clockMhz, const std::string &precision,
                      bool geforce)
{
    if (smCount <= 0 || clockMhz <= 0)
        return 0;
    const SmRates r = ratesFor(ccMajor, ccMinor);
    // GeForce tensor cores accumulate in fp32 at half rate (Turing onwards).
    const double tensorScale = geforce && ccMajor >= 7 ? 0.5 : 1.0;
    double perClock = 0;
    if (precision == "fp32") perClock = r.fp32;
    else if (precision == "tf32") perClock = r.tf32 * tensorScale;
    else if (precision == "fp16") perClock = (ccMajor >= 7 ? r.fp16 * tensorScale : r.fp16);
    else if (precision == "bf16") perClock = r.bf16 * tensorScale;
    return perClock * smCount * clockMhz / 1000.0;
}

double cudaPeakBandwidthGBs(int busWidthBits, double memClockMhz)
{
    if (busWidthBits <= 0 || memClockMhz <= 0)
        return 0;
    return busWidthBits / 8.0 * memClockMhz * 2.0 / 1000.0;
}

} // namespace idleforge::compute
