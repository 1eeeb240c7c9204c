#pragma once
// The conformance probe (issue 16): does this Vulkan device compute fp32 the way the repro
// contract (core/compute/repro/README.md) needs? Vulkan promises correctly rounded + - *, but
// not that GLSL fma() is fused, nor what happens to subnormals, so each is asked of the device
// with known-answer arithmetic (shaders/probe.comp) and compared bit for bit on the host.

#include <cstdint>
#include <string>
#include <vector>

namespace idleforge::compute::vulkan {

class Context;

struct ProbeCheck {
    std::string name;     // "fma_fused", "denormal_input", ...
    bool pass = false;
    std::uint32_t got = 0, want = 0; // the bits (for the NaN check: 1 = NaN seen)
};

struct ProbeResult {
    std::vector<ProbeCheck> checks;
    bool fmaFused = false;        // GLSL fma() rounds once
    bool fma64Exact = false;      // the binary64 emulation (fp64 devices) gives the fused results
    bool denormalsPreserved = false; // subnormal inputs and results are kept
    bool roundsToNearestEven = false;
    bool signedZeroAndSpecials = false; // -0, NaN, inf as IEEE says
    // How this device runs the repro kernels: "native" (fma() fused), "fma64" (the binary64
    // emulation), or "none" (it cannot meet the contract: no repro task goes to it).
    std::string fmaMode;
    // The float-controls modes the probe (and every kernel of its context) ran under
    // (Context::floatControls(): "RoundingModeRTE", ...); empty where none could be declared.
    std::vector<std::string> floatControlsDeclared;
    bool meetsContract() const { return fmaMode != "none"; }
};

// Runs the probe on an open device; false with `error` set when it could not run.
bool runProbe(Context &context, ProbeResult &out, std::string *error);

} // namespace idleforge::compute::vulkan
