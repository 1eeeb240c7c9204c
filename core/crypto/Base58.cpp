#include "crypto/Base58.h"

#include <algorithm>

namespace idleforge::crypto {

namespace {
constexpr std::string_view kAlphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

int digitValue(char c)
{
    const auto pos = kAlphabet.find(c);
    return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}
} // namespace

// Schoolbook base conversion, O(n^2): inputs are keys and signatures (<= 64 bytes).
std::string base58Encode(std::span<const std::uint8_t> bytes)
{
    std::size_t zeros = 0;
    while (zeros < bytes.size() && bytes[zeros] == 0)
        ++zeros;
    std::vector<std::uint8_t> digits; // base-58 digits, least significant first
    digits.reserve(bytes.size() * 138 / 100 + 1);
    for (std::size_t i = zeros; i < bytes.size(); ++i) {
        unsigned carry = bytes[i];
        for (auto &d : digits) {
            carry += static_cast<unsigned>(d) << 8;
            d = static_cast<std::uint8_t>(carry % 58);
            carry /= 58;
        }
        while (carry > 0) {
            digits.push_back(static_cast<std::uint8_t>(carry % 58));
            carry /= 58;
        }
    }
    std::string out(zeros, '1');
    for (auto it = digits.rbegin(); it != digits.rend(); ++it)
        out.push_back(kAlphabet[*it]);
    return out;
}

std::optional<std::vector<std::uint8_t>> base58Decode(std::string_view text)
{
    std::size_t ones = 0;
    while (ones < text.size() && text[ones] == '1')
        ++ones;
    std::vector<std::uint8_t> bytes; // base-256, least significant first
    bytes.reserve(text.size() * 733 / 1000 + 1);
    for (std::size_t i = ones; i < text.size(); ++i) {
        const int v = digitValue(text[i]);
        if (v < 0)
            return std::nullopt;
        unsigned carry = static_cast<unsigned>(v);
        for (auto &b : bytes) {
            carry += static_cast<unsigned>(b) * 58;
            b = static_cast<std::uint8_t>(carry & 0xff);
            carry >>= 8;
        }
        while (carry > 0) {
            bytes.push_back(static_cast<std::uint8_t>(carry & 0xff));
            carry >>= 8;
        }
    }
    std::vector<std::uint8_t> out(ones, 0);
    out.insert(out.end(), bytes.rbegin(), bytes.rend());
    return out;
}

} // namespace idleforge::crypto
