#include "platform/Descriptors.h"

#include <limits>

#ifdef Q_OS_UNIX
#include <sys/resource.h>
#endif

namespace idleforge::platform {

qint64 raiseDescriptorLimit()
{
#ifdef Q_OS_UNIX
    rlimit rl{};
    if (::getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return 1024;
    if (rl.rlim_cur < rl.rlim_max) {
        rlimit raised = rl;
        raised.rlim_cur = rl.rlim_max;
        if (::setrlimit(RLIMIT_NOFILE, &raised) == 0)
            rl = raised;
    }
    if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > rlim_t(std::numeric_limits<int>::max()))
        return std::numeric_limits<int>::max();
    return qint64(rl.rlim_cur);
#else
    return 8192; // Windows: no per-process descriptor limit of this kind for sockets
#endif
}

} // namespace idleforge::platform
