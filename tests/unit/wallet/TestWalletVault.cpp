// WalletVault on the in-memory store: payout secret round trip, identity create/rotate leaves
// the payout wallet alone, public record in the data dir.
#include "base/Paths.h"
#include "secrets/MemoryStore.h"
#include "wallet/WalletVault.h"

#include <QTemporaryDir>
#include <QTest>

using namespace idleforge;
using namespace idleforge::wallet;

namespace {
const char *kWords = "neither lonely flavor argue grass remind eye tag avocado spot unusual intact";
}

class TestWalletVault : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { paths::setDataDir(m_dir.path()); }

    void payoutRoundTrip()
    {
        secrets::MemoryStore store;
        WalletVault vault(store);
        QCOMPARE(vault.loadPayout().error().code, QStringLiteral("wallet.no_wallet"));
        PayoutSecret s;
        s.mnemonic = crypto::SecureBuffer::copyOf(std::string_view(kWords));
        s.passphrase = crypto::SecureBuffer::copyOf(std::string_view("line1\nline2"));
        s.account = 3;
        const auto w = vault.storePayout(s);
        QVERIFY(w.ok());
        const auto back = vault.loadPayout();
        QVERIFY(back.ok());
        QCOMPARE(back->account, 3u);
        QCOMPARE(back->passphrase.view(), std::string_view("line1\nline2"));
        QCOMPARE(back->wallet()->address(), w->address());
    }

    void invalidMnemonicNotStored()
    {
        secrets::MemoryStore store;
        WalletVault vault(store);
        PayoutSecret s;
        s.mnemonic = crypto::SecureBuffer::copyOf(std::string_view("neither lonely flavor argue grass remind eye tag avocado spot unusual unusual"));
        QCOMPARE(vault.storePayout(s).error().code, QStringLiteral("wallet.bad_checksum"));
        QCOMPARE(store.size(), std::size_t(0));
    }

    void identityRotationKeepsPayout()
    {
        secrets::MemoryStore store;
        WalletVault vault(store);
        PayoutSecret s;
        s.mnemonic = crypto::SecureBuffer::copyOf(std::string_view(kWords));
        QVERIFY(vault.storePayout(s).ok());
        const auto id1 = vault.loadOrCreateIdentity();
        QVERIFY(id1.ok());
        QCOMPARE(vault.loadOrCreateIdentity()->nodeId(), id1->nodeId());
        const auto id2 = vault.rotateIdentity();
        QVERIFY(id2->nodeId() != id1->nodeId());
        QCOMPARE(vault.loadPayout()->wallet()->address(), QStringLiteral("5vftMkHL72JaJG6ExQfGAsT2uGVHpRR7oTNUPMs68Y2N"));
    }

    void storeErrorsPassThrough()
    {
        secrets::MemoryStore store;
        store.setFailure(makeError("secrets.unavailable", QStringLiteral("no keychain")));
        WalletVault vault(store);
        QCOMPARE(vault.loadPayout().error().code, QStringLiteral("secrets.unavailable"));
        QCOMPARE(vault.loadOrCreateIdentity().error().code, QStringLiteral("secrets.unavailable"));
    }

    void publicRecord()
    {
        QCOMPARE(WalletInfo::load().error().code, QStringLiteral("wallet.no_wallet"));
        WalletInfo info;
        info.address = QStringLiteral("5vftMkHL72JaJG6ExQfGAsT2uGVHpRR7oTNUPMs68Y2N");
        info.path = solanaPath(0);
        info.store = QStringLiteral("keychain");
        QVERIFY(info.save().ok());
        QCOMPARE(WalletInfo::load()->address, info.address);
    }

    void secretFormatRejectsJunk()
    {
        const QByteArray junk("IFW1\nx\nwords\n");
        QVERIFY(!PayoutSecret::decode({reinterpret_cast<const std::uint8_t *>(junk.constData()), std::size_t(junk.size())}).ok());
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestWalletVault)
#include "TestWalletVault.moc"
