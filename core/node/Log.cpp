#include "node/Log.h"

Q_LOGGING_CATEGORY(lcNode, "idleforge.node")
