#include "base/Log.h"

Q_LOGGING_CATEGORY(lcBase, "idleforge.base")

namespace idleforge {

void installLogFormat()
{
    qSetMessagePattern(QStringLiteral(
        "%{time yyyy-MM-ddThh:mm:ss.zzz} "
        "%{if-debug}D%{endif}%{if-info}I%{endif}%{if-warning}W%{endif}%{if-critical}C%{endif}%{if-fatal}F%{endif} "
        "%{category}: %{message}"));
}

} // namespace idleforge
