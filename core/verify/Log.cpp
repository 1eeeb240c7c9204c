#include "verify/Log.h"

Q_LOGGING_CATEGORY(lcVerify, "idleforge.verify")
