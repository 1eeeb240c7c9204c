#include "devnet/Log.h"

Q_LOGGING_CATEGORY(lcDevnet, "idleforge.devnet", QtInfoMsg)
