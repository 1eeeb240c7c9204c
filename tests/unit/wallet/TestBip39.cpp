// BIP39 against the official Trezor vectors (tests/data/bip39-vectors.json, English, passphrase
// "TREZOR"), plus the user-facing errors: word count, unknown word with suggestions, checksum.
#include "crypto/Blake2b.h"
#include "wallet/Bip39.h"
#include "wallet/Bip39WordList.h"

#include "../crypto/TestUtil.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace idleforge;
using namespace idleforge::wallet;
using namespace idleforge::testutil;

class TestBip39 : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void wordListIsTheOfficialOne()
    {
        const auto &w = bip39EnglishWords();
        QByteArray joined;
        for (const char *word : w)
            joined += QByteArray(word) + '\n';
        QCOMPARE(QCryptographicHash::hash(joined, QCryptographicHash::Sha256).toHex(),
                 QByteArray("2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda"));
        QCOMPARE(QByteArray(w.front()), QByteArray("abandon"));
        QCOMPARE(QByteArray(w.back()), QByteArray("zoo"));
    }

    void trezorVectors_data()
    {
        QTest::addColumn<QByteArray>("entropy");
        QTest::addColumn<QByteArray>("mnemonic");
        QTest::addColumn<QByteArray>("seed");
        const QJsonArray rows = loadVectors("bip39-vectors.json").object().value(QLatin1String("english")).toArray();
        QCOMPARE(rows.size(), 24);
        int i = 0;
        for (const auto &r : rows) {
            const QJsonArray row = r.toArray();
            QTest::addRow("%d", i++) << hex(row.at(0).toString()) << row.at(1).toString().toUtf8()
                                     << hex(row.at(2).toString());
        }
    }
    void trezorVectors()
    {
        QFETCH(QByteArray, entropy);
        QFETCH(QByteArray, mnemonic);
        QFETCH(QByteArray, seed);
        QCOMPARE(toQBA(bip39::mnemonicFromEntropy(bytes(entropy)).view()), mnemonic);
        const auto back = bip39::entropyFromMnemonic(mnemonic.toStdString());
        QVERIFY(back.ok());
        QCOMPARE(toQBA(back->span()), entropy);
        QCOMPARE(toQBA(bip39::mnemonicToSeed(mnemonic.toStdString(), "TREZOR").span()), seed);
    }

    void forgivesCaseAndSpacing()
    {
        const std::string messy = "  Legal winner THANK year wave sausage\tworth useful legal winner thank   yellow\n";
        QVERIFY(bip39::entropyFromMnemonic(messy).ok());
        QCOMPARE(toQBA(bip39::mnemonicToSeed(messy, "TREZOR").span()),
                 hex("2e8905819b8723fe2c1d161860e5ee1830318dbf49a83bd451cfb8440c28bd6fa457fe1296106559a3c80937a1c1069be3a3a5bd381ee6260e8d9739fce1f607"));
    }

    void wrongWordCount()
    {
        const auto r = bip39::entropyFromMnemonic("abandon abandon abandon");
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("wallet.word_count"));
        QVERIFY(r.error().message.contains(QLatin1String("3")));
    }

    void unknownWordNamedWithSuggestions()
    {
        const auto r = bip39::entropyFromMnemonic(
            "legal winner thank year wave sausage wrth useful legal winner thank yellow");
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("wallet.unknown_word"));
        QVERIFY2(r.error().message.contains(QLatin1String("word 7")), qPrintable(r.error().message));
        QVERIFY(r.error().message.contains(QLatin1String("\"wrth\"")));
        QVERIFY(r.error().message.contains(QLatin1String("worth")));
    }

    void closestWords()
    {
        QCOMPARE(bip39::closestWords(QStringLiteral("abandn")).first(), QStringLiteral("abandon"));
        QCOMPARE(bip39::closestWords(QStringLiteral("zooo")).first(), QStringLiteral("zoo"));
        QVERIFY(bip39::closestWords(QStringLiteral("wrth")).contains(QStringLiteral("worth")));
        QCOMPARE(bip39::closestWords(QStringLiteral("x"), 5).size(), 5);
    }

    // Found by fuzz_mnemonic (slow inputs, tests/fuzz/README.md): an unknown "word" that is a
    // pasted blob was compared letter by letter with every list word (minutes for a few MiB)
    // and then echoed whole in the message.
    void pastedBlobAnsweredQuickly()
    {
        std::string phrase;
        for (int i = 0; i < 11; ++i)
            phrase += "abandon ";
        phrase += std::string(std::size_t(4) << 20, 'q');
        QElapsedTimer timer;
        timer.start();
        const auto r = bip39::entropyFromMnemonic(phrase);
        QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("wallet.unknown_word"));
        QVERIFY2(r.error().message.size() < 300, qPrintable(r.error().message.left(300)));
        QVERIFY(r.error().message.contains(QLatin1String("word 12 (\"qqqq")));
        QCOMPARE(bip39::closestWords(QString(4 << 20, QLatin1Char('q'))).size(), 3);
    }

    void badChecksum()
    {
        // Valid words, last word changed: "about" -> "above".
        const auto r = bip39::entropyFromMnemonic(
            "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon above");
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("wallet.bad_checksum"));
    }

    void generatedMnemonicsAreValid()
    {
        for (int words : {12, 15, 18, 21, 24}) {
            const auto m = bip39::generateMnemonic(words);
            const auto e = bip39::entropyFromMnemonic(m.view());
            QVERIFY(e.ok());
            QCOMPARE(int(e->size()), words / 3 * 4);
        }
        QVERIFY(bip39::generateMnemonic().view() != bip39::generateMnemonic().view());
    }

    // BIP39 normalises the passphrase with NFKD: a precomposed and a decomposed "é" agree.
    void passphraseIsNfkdNormalised()
    {
        const std::string m = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
        const auto a = bip39::mnemonicToSeed(m, "caf\xc3\xa9");
        const auto b = bip39::mnemonicToSeed(m, "cafe\xcc\x81");
        QCOMPARE(toQBA(a.span()), toQBA(b.span()));
        QVERIFY(toQBA(a.span()) != toQBA(bip39::mnemonicToSeed(m, "cafe").span()));
    }
};

QTEST_GUILESS_MAIN(TestBip39)
#include "TestBip39.moc"
