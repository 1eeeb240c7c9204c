#include "Log.h"

Q_LOGGING_CATEGORY(lcUi, "idleforge.ui")
