#include "ledger/Log.h"

Q_LOGGING_CATEGORY(lcLedger, "idleforge.ledger", QtInfoMsg)
