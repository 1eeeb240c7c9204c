#include "task/Log.h"

Q_LOGGING_CATEGORY(lcTask, "idleforge.task")
