#include "base/Log.h"

Q_LOGGING_CATEGORY(lcBase, "idleforge.base")

namespace idleforge {

void installLogFormat()
{
    // Debug messages of our categories are for developers; QT_LOGGING_RULES (which takes
    // precedence over these rules) turns them on, e.g. "idleforge.node.debug=true".
    QLoggingCategory::setFilterRules(QStringLiteral("idleforge.*.debug=false"));
    qSetMessagePattern(QStringLiteral(
        "%{time yyyy-MM-ddThh:mm:ss.zzz} "
        "%{if-debug}D%{endif}%{if-info}I%{endif}%{if-warning}W%{endif}%{if-critical}C%{endif}%{if-fatal}F%{endif} "
        "%{category}: %{message}"));
}

} // namespace idleforge
