#include "secrets/Log.h"

Q_LOGGING_CATEGORY(lcSecrets, "idleforge.secrets", QtInfoMsg)
