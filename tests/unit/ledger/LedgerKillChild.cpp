// ledger_kill_child <db>: writes signed receipts as fast as it can, each committed together
// with its activity row, and prints the number of committed receipts after every commit.
// TestLedgerKill SIGKILLs it mid-stream.
#include "ledger/Ledger.h"

#include "LedgerTestUtil.h"

#include <QCoreApplication>

#include <cstdio>

using namespace idleforge;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 2)
        return 2;
    const auto key = ledgertest::coordinator();
    auto ledger = ledger::Ledger::open(QString::fromLocal8Bit(argv[1]), key.publicKey());
    if (!ledger) {
        std::fprintf(stderr, "%s\n", qPrintable(ledger.error().toString()));
        return 1;
    }
    for (qint64 i = 1;; ++i) {
        const auto fields = ledgertest::receiptFields(QStringLiteral("k-%1").arg(i), QStringLiteral("reward"), i,
                                                      1'700'000'000'000 + i, QStringLiteral("job-%1").arg(i % 7));
        const auto r = (*ledger)->addReceipt(ledgertest::signedReceipt(key, fields));
        if (!r) {
            std::fprintf(stderr, "%s\n", qPrintable(r.error().toString()));
            return 1;
        }
        std::printf("%lld\n", static_cast<long long>(i));
        std::fflush(stdout);
    }
}
