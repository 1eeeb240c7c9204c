#include "protocol/Log.h"

Q_LOGGING_CATEGORY(lcProtocol, "idleforge.protocol", QtInfoMsg)
