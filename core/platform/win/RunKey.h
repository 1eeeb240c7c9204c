#pragma once
// The HKCU Run key (Software\Microsoft\Windows\CurrentVersion\Run): what Windows starts at login
// for this user. Plain Win32, no Qt (AutostartWin.cpp uses it). Strings are UTF-8.
#include <optional>
#include <string>

namespace idleforge::platform::win {

// The command line of a Run value: the program quoted, then its arguments ("C:\..\idleforge.exe" --minimized).
std::string runCommand(const std::string &program, const std::string &arguments);
// The value named `name`, nullopt when absent or not a string.
std::optional<std::string> readRunValue(const std::string &name);
// Writes (REG_SZ) or deletes the value; false with `error` set when Windows refuses.
bool writeRunValue(const std::string &name, const std::string &command, std::string &error);
bool deleteRunValue(const std::string &name, std::string &error);

} // namespace idleforge::platform::win
