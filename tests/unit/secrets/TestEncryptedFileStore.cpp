// Encrypted-file store: round trip across reopen, owner-only permissions, and wrong password /
// truncated / flipped byte -> a clear error with the file left exactly as it was.
#include "secrets/EncryptedFileStore.h"

#include <QCryptographicHash>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace idleforge;
using namespace idleforge::secrets;

namespace {
std::span<const std::uint8_t> b(std::string_view s) { return {reinterpret_cast<const std::uint8_t *>(s.data()), s.size()}; }
const crypto::KdfParams kFast = crypto::KdfParams::fastForTests();

QByteArray fileBytes(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
void writeBytes(const QString &path, const QByteArray &data)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(data);
}
} // namespace

class TestEncryptedFileStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_path = m_dir.filePath(QStringLiteral("secrets.sealed"));
        QFile::remove(m_path);
        auto s = EncryptedFileStore::open(m_path, b("pw-1"), kFast);
        QVERIFY(s.ok());
        QVERIFY(!(*s)->existsOnDisk()); // nothing written until the first change
        QVERIFY((*s)->writeSync(QStringLiteral("payout-wallet"), b("words words words")).ok());
        QVERIFY((*s)->writeSync(QStringLiteral("node-identity"), b(std::string_view("\0\1\2", 3))).ok());
    }

    void roundTripAcrossReopen()
    {
        auto s = EncryptedFileStore::open(m_path, b("pw-1"));
        QVERIFY(s.ok());
        QCOMPARE((*s)->keys(), QStringList({QStringLiteral("node-identity"), QStringLiteral("payout-wallet")}));
        QCOMPARE((*s)->readSync(QStringLiteral("payout-wallet"))->view(), std::string_view("words words words"));
        QCOMPARE((*s)->readSync(QStringLiteral("node-identity"))->size(), std::size_t(3));
        QVERIFY((*s)->removeSync(QStringLiteral("node-identity")).ok());
        auto again = EncryptedFileStore::open(m_path, b("pw-1"));
        QCOMPARE((*again)->readSync(QStringLiteral("node-identity")).error().code, QStringLiteral("secrets.not_found"));
        // The async interface goes through the same code.
        QCOMPARE(readNow(**again, QStringLiteral("payout-wallet"))->view(), std::string_view("words words words"));
    }

    void ownerOnlyAndNoPlaintext()
    {
        QCOMPARE(QFile::permissions(m_path) & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther),
                 QFileDevice::Permissions());
        QVERIFY(!fileBytes(m_path).contains("words"));
        QVERIFY(!fileBytes(m_path).contains("payout-wallet"));
    }

    void wrongPassword()
    {
        const QByteArray before = fileBytes(m_path);
        const auto s = EncryptedFileStore::open(m_path, b("pw-2"));
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, QStringLiteral("secrets.bad_password"));
        QVERIFY2(s.error().message.contains(QLatin1String("wrong password")), qPrintable(s.error().message));
        QVERIFY(s.error().message.contains(QLatin1String("not changed")));
        QCOMPARE(fileBytes(m_path), before);
    }

    void truncatedFile()
    {
        QByteArray data = fileBytes(m_path);
        data.chop(5);
        writeBytes(m_path, data);
        const auto s = EncryptedFileStore::open(m_path, b("pw-1"));
        QCOMPARE(s.error().code, QStringLiteral("secrets.damaged"));
        QVERIFY2(s.error().message.contains(QLatin1String("truncated")), qPrintable(s.error().message));
        QCOMPARE(fileBytes(m_path), data);
    }

    void flippedByte_data()
    {
        QTest::addColumn<int>("offset");
        QTest::newRow("magic") << 0;
        QTest::newRow("argon2 ops") << 12;
        QTest::newRow("salt") << 25;
        QTest::newRow("nonce") << 40;
        QTest::newRow("length") << 60;
        QTest::newRow("ciphertext") << 80;
        QTest::newRow("tag (last byte)") << -1;
    }
    void flippedByte()
    {
        QFETCH(int, offset);
        QByteArray data = fileBytes(m_path);
        const qsizetype at = offset < 0 ? data.size() - 1 : offset;
        data[at] = static_cast<char>(data[at] ^ 0x10);
        writeBytes(m_path, data);
        const auto s = EncryptedFileStore::open(m_path, b("pw-1"));
        QVERIFY(!s.ok());
        QVERIFY2(s.error().code == QLatin1String("secrets.bad_password") || s.error().code == QLatin1String("secrets.damaged"),
                 qPrintable(s.error().toString()));
        QVERIFY(!s.error().message.isEmpty());
        QCOMPARE(fileBytes(m_path), data);
    }

    void emptyPasswordRefused()
    {
        QCOMPARE(EncryptedFileStore::open(m_dir.filePath(QStringLiteral("new")), {}).error().code,
                 QStringLiteral("secrets.bad_password"));
    }

    void unwritableLocationReported()
    {
        auto s = EncryptedFileStore::open(QStringLiteral("/proc/idleforge-no/secrets"), b("pw"), kFast);
        QVERIFY(s.ok());
        const auto w = (*s)->writeSync(QStringLiteral("k"), b("v"));
        QCOMPARE(w.error().code, QStringLiteral("secrets.io"));
        QCOMPARE((*s)->readSync(QStringLiteral("k")).error().code, QStringLiteral("secrets.not_found"));
    }

    void plaintextLayout()
    {
        // "IFSTORE1", u32 count, then u16 key length, key, u32 value length, value.
        const QByteArray good = QByteArray("IFSTORE1\x02\0\0\0", 12) + QByteArray("\x01\0k\x02\0\0\0v1", 9) +
                                QByteArray("\x01\0k\x01\0\0\0w", 8);
        const auto span = [](const QByteArray &bytes) {
            return std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t *>(bytes.constData()),
                                                 std::size_t(bytes.size()));
        };
        const auto entries = parseStoreEntries(span(good));
        QVERIFY(entries.ok());
        QCOMPARE(entries->size(), std::size_t(1)); // a repeated key keeps its last value
        QCOMPARE(entries->at(QStringLiteral("k")).view(), std::string_view("w"));
        QVERIFY(parseStoreEntries(span(QByteArray("IFSTORE1\0\0\0\0", 12)))->empty());
        const QList<QByteArray> damaged{good.left(11), good.left(good.size() - 1), good + 'x', "IFSTORE2" + good.mid(8),
                                        QByteArray("IFSTORE1\xff\xff\xff\xff", 12)};
        for (const QByteArray &bad : damaged)
            QCOMPARE(parseStoreEntries(span(bad)).error().code, QStringLiteral("secrets.damaged"));
    }

private:
    QTemporaryDir m_dir;
    QString m_path;
};

QTEST_GUILESS_MAIN(TestEncryptedFileStore)
#include "TestEncryptedFileStore.moc"
