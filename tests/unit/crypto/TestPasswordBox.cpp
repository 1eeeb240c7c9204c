// Argon2id + XChaCha20-Poly1305 sealed blobs: round trip and every way a file can go bad.
#include "crypto/PasswordBox.h"

#include "TestUtil.h"

#include <QTest>

using namespace idleforge::crypto;
using namespace idleforge::testutil;

namespace {
const QByteArray kSecret("the wallet seed goes here");
const QByteArray kPassword("correct horse battery staple");

std::vector<std::uint8_t> sealed()
{
    return seal(bytes(kSecret), bytes(kPassword), KdfParams::fastForTests());
}
} // namespace

class TestPasswordBox : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTrip()
    {
        const auto s = sealed();
        QCOMPARE(s.size(), std::size_t(68 + kSecret.size() + 16));
        const Opened o = open(s, bytes(kPassword));
        QVERIFY(o.ok());
        QCOMPARE(QByteArray(o.plaintext.view().data(), qsizetype(o.plaintext.size())), kSecret);
        QCOMPARE(sealedParams(s).opsLimit, 1u);
    }

    void freshSaltAndNonceEachTime() { QVERIFY(sealed() != sealed()); }

    void emptyPlaintext()
    {
        const auto s = seal({}, bytes(kPassword), KdfParams::fastForTests());
        const Opened o = open(s, bytes(kPassword));
        QVERIFY(o.ok());
        QCOMPARE(o.plaintext.size(), std::size_t(0));
    }

    void wrongPassword()
    {
        const QByteArray wrong("Correct horse battery staple");
        QCOMPARE(open(sealed(), bytes(wrong)).error, OpenError::WrongPasswordOrDamaged);
    }

    void truncated()
    {
        auto s = sealed();
        s.pop_back();
        QCOMPARE(open(s, bytes(kPassword)).error, OpenError::Truncated);
        s.resize(40);
        QCOMPARE(open(s, bytes(kPassword)).error, OpenError::Truncated);
    }

    void trailingData()
    {
        auto s = sealed();
        s.push_back(0);
        QCOMPARE(open(s, bytes(kPassword)).error, OpenError::TrailingData);
    }

    // Flip every single byte in turn: never accepted, never a crash.
    void everyFlippedByteIsRejected()
    {
        const auto good = sealed();
        for (std::size_t i = 0; i < good.size(); ++i) {
            auto s = good;
            s[i] ^= 0x04;
            const Opened o = open(s, bytes(kPassword));
            QVERIFY2(!o.ok(), qPrintable(QStringLiteral("byte %1 flipped yet accepted").arg(i)));
        }
    }

    void notSealed()
    {
        const QByteArray junk("{\"mnemonic\": \"plaintext\"}");
        QCOMPARE(open(bytes(junk), bytes(kPassword)).error, OpenError::NotSealed);
    }

    void hostileParametersRefused()
    {
        auto s = sealed();
        s[19] = 0x7f; // memlimit KiB high byte: ~2 TiB
        QCOMPARE(open(s, bytes(kPassword)).error, OpenError::BadParameters);
    }

    void newerVersionNamed()
    {
        auto s = sealed();
        s[6] = 2;
        QCOMPARE(open(s, bytes(kPassword)).error, OpenError::UnsupportedVersion);
        QVERIFY(QByteArray(describeOpenError(OpenError::UnsupportedVersion)).contains("newer"));
    }
};

QTEST_GUILESS_MAIN(TestPasswordBox)
#include "TestPasswordBox.moc"
