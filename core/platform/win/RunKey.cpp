#include "RunKey.h"

#include <windows.h>

#include <vector>

namespace idleforge::platform::win {

namespace {
const wchar_t *const kRunKey = L"Software\\Microsoft\\Windows\\CurrentVersion\\Run";
constexpr DWORD kMaxValueBytes = 64 * 1024;

std::wstring wide(const std::string &s)
{
    if (s.empty())
        return {};
    const int n = MultiByteToWideChar(CP_UTF8, 0, s.data(), int(s.size()), nullptr, 0);
    std::wstring out(std::size_t(std::max(n, 0)), L'\0');
    if (n > 0)
        MultiByteToWideChar(CP_UTF8, 0, s.data(), int(s.size()), out.data(), n);
    return out;
}

std::string utf8(const std::wstring &s)
{
    if (s.empty())
        return {};
    const int n = WideCharToMultiByte(CP_UTF8, 0, s.data(), int(s.size()), nullptr, 0, nullptr, nullptr);
    std::string out(std::size_t(std::max(n, 0)), '\0');
    if (n > 0)
        WideCharToMultiByte(CP_UTF8, 0, s.data(), int(s.size()), out.data(), n, nullptr, nullptr);
    return out;
}

std::string describe(LSTATUS rc)
{
    wchar_t buf[512];
    const DWORD n = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, nullptr, DWORD(rc), 0, buf, DWORD(std::size(buf)), nullptr);
    return n ? utf8(std::wstring(buf, n)) : "Windows error " + std::to_string(rc);
}
} // namespace

std::string runCommand(const std::string &program, const std::string &arguments)
{
    // A path cannot hold '"' on Windows, so plain quotes are enough.
    return '"' + program + '"' + (arguments.empty() ? std::string() : ' ' + arguments);
}

std::optional<std::string> readRunValue(const std::string &name)
{
    DWORD size = 0;
    const std::wstring value = wide(name);
    if (RegGetValueW(HKEY_CURRENT_USER, kRunKey, value.c_str(), RRF_RT_REG_SZ, nullptr, nullptr, &size) != ERROR_SUCCESS || size > kMaxValueBytes)
        return std::nullopt;
    std::vector<wchar_t> buf(size / sizeof(wchar_t) + 1, L'\0');
    size = DWORD(buf.size() * sizeof(wchar_t));
    if (RegGetValueW(HKEY_CURRENT_USER, kRunKey, value.c_str(), RRF_RT_REG_SZ, nullptr, buf.data(), &size) != ERROR_SUCCESS)
        return std::nullopt;
    return utf8(std::wstring(buf.data()));
}

bool writeRunValue(const std::string &name, const std::string &command, std::string &error)
{
    const std::wstring data = wide(command);
    const LSTATUS rc = RegSetKeyValueW(HKEY_CURRENT_USER, kRunKey, wide(name).c_str(), REG_SZ, data.c_str(),
                                       DWORD((data.size() + 1) * sizeof(wchar_t)));
    if (rc != ERROR_SUCCESS)
        error = describe(rc);
    return rc == ERROR_SUCCESS;
}

bool deleteRunValue(const std::string &name, std::string &error)
{
    const LSTATUS rc = RegDeleteKeyValueW(HKEY_CURRENT_USER, kRunKey, wide(name).c_str());
    if (rc != ERROR_SUCCESS && rc != ERROR_FILE_NOT_FOUND) {
        error = describe(rc);
        return false;
    }
    return true;
}

} // namespace idleforge::platform::win
