#include "compute/vulkan/SpirvFloatControls.h"

#include <algorithm>
#include <cstring>
#include <set>
#include <utility>

namespace idleforge::compute::vulkan {

namespace {

// SPIR-V numbers (the unified1 grammar).
constexpr std::uint32_t kMagic = 0x07230203;
constexpr std::uint32_t kOpExtension = 10, kOpCapability = 17, kOpEntryPoint = 15, kOpExecutionMode = 16,
                        kOpExecutionModeId = 331;
struct Mode {
    bool FloatControls::*flag;
    std::uint32_t capability, executionMode;
    const char *name;
};
constexpr Mode kModes[] = {
    {&FloatControls::denormPreserve, 4464, 4459, "DenormPreserve"},
    {&FloatControls::roundingRte, 4467, 4462, "RoundingModeRTE"},
    {&FloatControls::signedZeroInfNanPreserve, 4466, 4461, "SignedZeroInfNanPreserve"},
};
constexpr char kExtension[] = "SPV_KHR_float_controls";

std::vector<std::uint32_t> literalString(const char *s)
{
    const std::size_t bytes = std::strlen(s) + 1; // with its NUL, padded to a word with zeros
    std::vector<std::uint32_t> words((bytes + 3) / 4, 0);
    std::memcpy(words.data(), s, bytes); // SPIR-V strings are little-endian bytes in words
    return words;
}

std::uint32_t opWord(std::size_t count, std::uint32_t op) { return std::uint32_t(count) << 16 | op; }

// Where the additions go, and what the module already has.
struct Layout {
    std::size_t capsEnd = 5, extsEnd = 0, modesEnd = 0;
    std::set<std::uint32_t> capabilities;
    std::set<std::pair<std::uint32_t, std::uint32_t>> modes; // (entry point id, execution mode)
    std::vector<std::uint32_t> entryPoints;
    bool hasExtension = false;
};

bool scan(std::span<const std::uint32_t> m, Layout &l, std::string *error)
{
    const auto fail = [&](const std::string &why) {
        if (error)
            *error = "SPIR-V module: " + why;
        return false;
    };
    if (m.size() < 5 || m[0] != kMagic)
        return fail("no SPIR-V header");
    const std::vector<std::uint32_t> ext = literalString(kExtension);
    for (std::size_t i = 5; i < m.size();) {
        const std::size_t count = m[i] >> 16;
        const std::uint32_t op = m[i] & 0xffff;
        if (count == 0 || count > m.size() - i)
            return fail("truncated instruction at word " + std::to_string(i));
        if (op == kOpCapability && count == 2) {
            l.capabilities.insert(m[i + 1]);
            l.capsEnd = i + count;
        } else if (op == kOpExtension) {
            l.hasExtension = l.hasExtension || (count == ext.size() + 1 && std::equal(ext.begin(), ext.end(), &m[i + 1]));
            l.extsEnd = i + count;
        } else if (op == kOpEntryPoint && count >= 3) {
            l.entryPoints.push_back(m[i + 2]);
            l.modesEnd = std::max(l.modesEnd, i + count);
        } else if ((op == kOpExecutionMode || op == kOpExecutionModeId) && count >= 3) {
            l.modes.insert({m[i + 1], m[i + 2]});
            l.modesEnd = i + count;
        }
        i += count;
    }
    if (l.entryPoints.empty())
        return fail("no entry point");
    if (l.extsEnd == 0)
        l.extsEnd = l.capsEnd;
    return true;
}

} // namespace

std::vector<std::string> FloatControls::names() const
{
    std::vector<std::string> out;
    for (const Mode &mode : kModes)
        if (this->*mode.flag)
            out.emplace_back(mode.name);
    return out;
}

std::vector<std::uint32_t> declareFloatControls(std::span<const std::uint32_t> module, const FloatControls &modes,
                                                std::string *error)
{
    Layout l;
    if (!scan(module, l, error))
        return {};
    std::vector<std::uint32_t> caps, ext, execModes;
    for (const Mode &mode : kModes) {
        if (!(modes.*mode.flag))
            continue;
        if (!l.capabilities.count(mode.capability))
            caps.insert(caps.end(), {opWord(2, kOpCapability), mode.capability});
        for (std::uint32_t entry : l.entryPoints)
            if (!l.modes.count({entry, mode.executionMode}))
                execModes.insert(execModes.end(), {opWord(4, kOpExecutionMode), entry, mode.executionMode, 32});
    }
    if (modes.any() && !l.hasExtension) {
        const std::vector<std::uint32_t> name = literalString(kExtension);
        ext.push_back(opWord(name.size() + 1, kOpExtension));
        ext.insert(ext.end(), name.begin(), name.end());
    }
    // capsEnd <= extsEnd <= modesEnd: capabilities, extensions, imports, memory model, entry
    // points, execution modes is the order the SPIR-V spec requires.
    std::vector<std::uint32_t> out;
    out.reserve(module.size() + caps.size() + ext.size() + execModes.size());
    const auto copy = [&](std::size_t from, std::size_t to) { out.insert(out.end(), module.begin() + from, module.begin() + to); };
    copy(0, l.capsEnd);
    out.insert(out.end(), caps.begin(), caps.end());
    copy(l.capsEnd, l.extsEnd);
    out.insert(out.end(), ext.begin(), ext.end());
    copy(l.extsEnd, l.modesEnd);
    out.insert(out.end(), execModes.begin(), execModes.end());
    copy(l.modesEnd, module.size());
    return out;
}

} // namespace idleforge::compute::vulkan
