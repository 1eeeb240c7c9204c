#include "wallet/Log.h"

Q_LOGGING_CATEGORY(lcWallet, "idleforge.wallet", QtInfoMsg)
