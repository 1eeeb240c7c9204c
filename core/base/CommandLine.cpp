#include "base/CommandLine.h"

namespace idleforge::cli {

namespace {
bool anyOption(const QStringList &args, std::initializer_list<const char *> names)
{
    for (const QString &a : args) {
        if (a == QLatin1String("--"))
            return false;
        for (const char *n : names)
            if (a == QLatin1String(n))
                return true;
    }
    return false;
}
} // namespace

bool helpRequested(const QStringList &args) { return anyOption(args, {"--help", "-h"}); }
bool versionRequested(const QStringList &args) { return anyOption(args, {"--version"}); }

} // namespace idleforge::cli
