#pragma once
// Logging categories of core/base. Every module declares its own in its Log.h, named
// "idleforge.<module>", so users and tests can filter with QT_LOGGING_RULES.
#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcBase)

namespace idleforge {
// Installs the message format used by all binaries (time, level, category, message) and
// hides our debug messages unless QT_LOGGING_RULES asks for them.
void installLogFormat();
} // namespace idleforge
