#pragma once
// The policy engine's settings from the settings table (mode, idle_minutes, the limits, the
// schedule). `headless`: an unset `mode` means `always` (dedicated machines), not `auto`.
#include "policy/PolicyEngine.h"

namespace idleforge::settings {

class Settings;

policy::PolicySettings policySettings(const Settings &s, bool headless);
QStringList exclusiveApps(const Settings &s);

} // namespace idleforge::settings
