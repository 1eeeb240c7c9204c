// TLS on the devnet: DevnetApp in-process with a throw-away self-signed certificate (made by
// `openssl req` at test time). A client that trusts the certificate explicitly registers over
// wss:// and moves a blob over https:// (PUT, then GET with the hash checked); a client that
// does not trust it gets nothing and says why; plain ws:// and http:// to the TLS ports fail;
// an unusable certificate or key is a start-up error naming the file.
#include "crypto/Blake2b.h"
#include "devnet/DevnetApp.h"
#include "node/CoordinatorClient.h"
#include "protocol/BlobFetcher.h"
#include "protocol/BlobUploader.h"
#include "protocol/Channel.h"
#include "protocol/Messages.h"
#include "protocol/Tls.h"
#include "secrets/MemoryStore.h"
#include "task/DatasetStore.h"
#include "wallet/NodeIdentity.h"
#include "wallet/PayoutWallet.h"

#include <QFile>
#include <QJsonArray>
#include <QMutex>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace idleforge;
using node::CoordinatorClient;

namespace {

crypto::Hash256 hashOf(const QByteArray &bytes)
{
    return crypto::blake2b256(
        std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t *>(bytes.constData()), std::size_t(bytes.size())));
}

// Warnings from the code under test, to check that a refused certificate is logged.
QMutex logMutex;
QStringList logLines;
QtMessageHandler previousHandler = nullptr;
void captureLog(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    {
        QMutexLocker lock(&logMutex);
        logLines << message;
    }
    previousHandler(type, context, message);
}
bool logged(const QString &needle)
{
    QMutexLocker lock(&logMutex);
    for (const QString &l : logLines)
        if (l.contains(needle, Qt::CaseInsensitive))
            return true;
    return false;
}

// A self-signed certificate for 127.0.0.1 and its key, as PEM files in `dir`.
bool makeCertificate(const QString &dir, const QString &name)
{
    QProcess openssl;
    openssl.setProcessChannelMode(QProcess::MergedChannels);
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                   QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                   QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"),
                   QStringLiteral("-addext"), QStringLiteral("subjectAltName=IP:127.0.0.1"), QStringLiteral("-keyout"),
                   dir + QLatin1Char('/') + name + QStringLiteral("-key.pem"), QStringLiteral("-out"),
                   dir + QLatin1Char('/') + name + QStringLiteral("-cert.pem")});
    if (!openssl.waitForFinished(60'000) || openssl.exitStatus() != QProcess::NormalExit || openssl.exitCode() != 0) {
        qWarning().noquote() << "openssl req failed:" << openssl.readAll();
        return false;
    }
    return true;
}

QJsonObject hardwareRecord()
{
    return QJsonObject{{QStringLiteral("schema"), QStringLiteral("idleforge.capability/1")},
                       {QStringLiteral("devices"),
                        QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("cpu")},
                                               {QStringLiteral("type"), QStringLiteral("cpu")},
                                               {QStringLiteral("cores"), 2},
                                               {QStringLiteral("usable_memory_bytes"), qint64(4) << 30},
                                               {QStringLiteral("throughput"),
                                                QJsonArray{QJsonObject{{QStringLiteral("kind"), QStringLiteral("gemm_fp32")},
                                                                       {QStringLiteral("value"), 52000}}}}}}}};
}

} // namespace

class TestDevnetTls : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    QString cert, key, otherCert;
    secrets::MemoryStore keyStore;
    std::unique_ptr<devnet::DevnetApp> app;
    const wallet::NodeIdentity identity = wallet::NodeIdentity::generate();

    QString path(const QString &name) const { return dir.filePath(name); }

    devnet::DevnetConfig tlsConfig(const QString &dataDir) const
    {
        devnet::DevnetConfig c;
        c.address = QHostAddress::LocalHost;
        c.port = 0;
        c.blobPort = 0;
        c.dataDir = dataDir;
        c.tlsCertFile = cert;
        c.tlsKeyFile = key;
        return c;
    }

    std::unique_ptr<CoordinatorClient> makeClient(QList<QSslCertificate> cas)
    {
        CoordinatorClient::Options o;
        o.url = app->url();
        o.coordinatorKey = app->key().publicKey();
        o.trustedCas = std::move(cas);
        o.capability = CoordinatorClient::summarize(hardwareRecord(), wallet::addressOf(identity.publicKey()));
        o.minBackoffMs = 50;
        o.maxBackoffMs = 200;
        return std::make_unique<CoordinatorClient>(identity, o);
    }

    QList<QSslCertificate> devnetCa() const { return protocol::loadCaCertificates(cert).value(); }

private Q_SLOTS:
    void initTestCase()
    {
        previousHandler = qInstallMessageHandler(captureLog);
        QVERIFY(dir.isValid());
        QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty(),
                 "openssl is needed to make the test certificate (installer/install-deps.sh installs it)");
        QVERIFY2(QSslSocket::supportsSsl(), "Qt has no TLS backend (qt6/plugins/tls)");
        QVERIFY(makeCertificate(dir.path(), QStringLiteral("devnet")));
        QVERIFY(makeCertificate(dir.path(), QStringLiteral("other")));
        cert = path(QStringLiteral("devnet-cert.pem"));
        key = path(QStringLiteral("devnet-key.pem"));
        otherCert = path(QStringLiteral("other-cert.pem"));

        app = std::make_unique<devnet::DevnetApp>();
        auto r = app->start(tlsConfig(path(QStringLiteral("state"))), keyStore);
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().toString()));
        QVERIFY(app->secure());
        QCOMPARE(app->url().scheme(), QStringLiteral("wss"));
        QVERIFY2(app->summary().contains(QStringLiteral("listening on wss://127.0.0.1:")), qPrintable(app->summary()));
        QVERIFY2(app->summary().contains(QStringLiteral("(blobs https://127.0.0.1:")), qPrintable(app->summary()));
        QVERIFY(app->summary().contains(cert));
        QVERIFY(app->coordinator().helloBody().value(QLatin1String("blobs")).toString().startsWith(QLatin1String("https://")));
    }

    void cleanupTestCase()
    {
        app.reset();
        qInstallMessageHandler(previousHandler);
    }

    void clientTrustingTheCaRegistersOverWss()
    {
        auto client = makeClient(devnetCa());
        QSignalSpy registered(client.get(), &CoordinatorClient::registered);
        client->start();
        QVERIFY(registered.wait(15'000));
        QCOMPARE(client->state(), CoordinatorClient::State::Ready);
        QCOMPARE(client->blobBase().scheme(), QStringLiteral("https"));
        QVERIFY(app->coordinator().store().provider(identity.nodeId())->has_value());
        client->stop();
    }

    void blobRoundTripOverHttps()
    {
        const QByteArray bytes = QByteArray("a blob that travels over TLS ").repeated(2000);
        const crypto::Hash256 hash = hashOf(bytes);
        const QUrl base = QUrl(app->coordinator().helloBody().value(QLatin1String("blobs")).toString());
        QCOMPARE(base.scheme(), QStringLiteral("https"));

        protocol::BlobUploader uploader;
        uploader.setTlsConfiguration(protocol::clientTlsConfiguration(devnetCa()));
        // The provider registered by the test before: a party the blob server takes uploads from.
        uploader.setSigner(protocol::Signer{identity.publicKey(), [this](std::span<const std::uint8_t> m) { return identity.sign(m); }});
        std::optional<Result<crypto::Hash256>> up;
        uploader.upload(base, bytes, [&](Result<crypto::Hash256> r) { up = std::move(r); });
        QVERIFY(QTest::qWaitFor([&] { return up.has_value(); }, 15'000));
        QVERIFY2(up->ok(), up->ok() ? "" : qPrintable(up->error().toString()));
        QCOMPARE(**up, hash);
        QVERIFY(app->blobs().contains(hash));

        protocol::BlobFetcher fetcher;
        fetcher.setTlsConfiguration(protocol::clientTlsConfiguration(devnetCa()));
        std::optional<Result<QByteArray>> got;
        fetcher.fetch(base, hash, [&](Result<QByteArray> r) { got = std::move(r); });
        QVERIFY(QTest::qWaitFor([&] { return got.has_value(); }, 15'000));
        QVERIFY2(got->ok(), got->ok() ? "" : qPrintable(got->error().toString()));
        QCOMPARE(**got, bytes);
        QCOMPARE(hashOf(**got), hash);
    }

    // DevnetApp's rule for who may upload: a registered provider (above), or a key signed in
    // on a live control connection (what `idleforgectl devnet submit` does); not a stranger.
    void uploadsOnlyFromKnownParties()
    {
        const QUrl base = QUrl(app->coordinator().helloBody().value(QLatin1String("blobs")).toString());
        const auto key = crypto::Ed25519KeyPair::generate();
        const auto put = [&](const QByteArray &bytes) {
            protocol::BlobUploader uploader;
            uploader.setTlsConfiguration(protocol::clientTlsConfiguration(devnetCa()));
            uploader.setSigner(protocol::Signer::of(key));
            std::optional<Result<crypto::Hash256>> up;
            uploader.upload(base, bytes, [&](Result<crypto::Hash256> r) { up = std::move(r); });
            (void)QTest::qWaitFor([&] { return up.has_value(); }, 15'000);
            return up.value_or(makeError("test.no_answer", QStringLiteral("no answer")));
        };
        auto refused = put("from a stranger");
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().message.contains(QLatin1String("HTTP 403")), qPrintable(refused.error().message));
        QVERIFY(!app->blobs().contains(hashOf("from a stranger")));

        auto channel = std::make_unique<protocol::Channel>(protocol::Signer::of(key), app->key().publicKey());
        channel->setTlsConfiguration(protocol::clientTlsConfiguration(devnetCa()));
        QSignalSpy opened(channel.get(), &protocol::Channel::opened);
        channel->open(app->url());
        QVERIFY(opened.wait(15'000));
        // Open is not enough: the key signs in with its first accepted message.
        QVERIFY(!put("before signing in").ok());
        std::optional<Result<protocol::Envelope>> reply;
        channel->request(protocol::msg::kStatus, {}, [&](Result<protocol::Envelope> r) { reply = std::move(r); });
        QVERIFY(QTest::qWaitFor([&] { return reply.has_value(); }, 15'000));
        QVERIFY(reply->ok());
        auto stored = put("from a signed-in submitter");
        QVERIFY2(stored.ok(), stored.ok() ? "" : qPrintable(stored.error().toString()));
        QVERIFY(app->blobs().contains(hashOf("from a signed-in submitter")));

        channel.reset(); // the connection goes, and with it the admission
        QVERIFY(QTest::qWaitFor([&] { return !app->server().hasLiveSession(protocol::keyToBase58(key.publicKey())); }, 15'000));
        QVERIFY(!put("after it left").ok());
    }

    void clientWithoutTheCaGetsNothing()
    {
        // A bare Channel: closed with the certificate named, never opened.
        const auto key = crypto::Ed25519KeyPair::generate();
        protocol::Channel channel(protocol::Signer::of(key), app->key().publicKey());
        QSignalSpy opened(&channel, &protocol::Channel::opened);
        QSignalSpy closed(&channel, &protocol::Channel::closed);
        channel.open(app->url());
        QVERIFY(closed.wait(15'000));
        QCOMPARE(opened.count(), 0);
        const QString reason = closed.first().first().toString();
        QVERIFY2(reason.contains(QStringLiteral("certificate"), Qt::CaseInsensitive), qPrintable(reason));
        QVERIFY(logged(QStringLiteral("TLS: not trusting")));

        // Trusting some other CA is no better.
        protocol::Channel other(protocol::Signer::of(key), app->key().publicKey());
        other.setTlsConfiguration(protocol::clientTlsConfiguration(protocol::loadCaCertificates(otherCert).value()));
        QSignalSpy otherOpened(&other, &protocol::Channel::opened);
        QSignalSpy otherClosed(&other, &protocol::Channel::closed);
        other.open(app->url());
        QVERIFY(otherClosed.wait(15'000));
        QCOMPARE(otherOpened.count(), 0);

        // The node's client: never registers, keeps retrying with backoff.
        auto client = makeClient({});
        QSignalSpy registered(client.get(), &CoordinatorClient::registered);
        client->start();
        QVERIFY(QTest::qWaitFor([&] { return client->reconnects() >= 3; }, 15'000));
        QCOMPARE(registered.count(), 0);
        QCOMPARE(client->state(), CoordinatorClient::State::Connecting);
        client->stop();

        // Blobs: the upload stores nothing, the fetch returns nothing.
        const QByteArray bytes("never stored");
        const QUrl base = QUrl(app->coordinator().helloBody().value(QLatin1String("blobs")).toString());
        protocol::BlobUploader uploader;
        std::optional<Result<crypto::Hash256>> up;
        uploader.upload(base, bytes, [&](Result<crypto::Hash256> r) { up = std::move(r); });
        QVERIFY(QTest::qWaitFor([&] { return up.has_value(); }, 15'000));
        QVERIFY(!up->ok());
        QVERIFY2(up->error().message.contains(QStringLiteral("certificate"), Qt::CaseInsensitive), qPrintable(up->error().message));
        QVERIFY(!app->blobs().contains(hashOf(bytes)));

        protocol::BlobFetcher fetcher;
        std::optional<Result<QByteArray>> got;
        const QByteArray stored = QByteArray("a blob that travels over TLS ").repeated(2000);
        fetcher.fetch(base, hashOf(stored), [&](Result<QByteArray> r) { got = std::move(r); });
        QVERIFY(QTest::qWaitFor([&] { return got.has_value(); }, 15'000));
        QVERIFY(!got->ok());
        QCOMPARE(got->error().code, QStringLiteral("blob.http"));
        QVERIFY2(got->error().message.contains(QStringLiteral("certificate"), Qt::CaseInsensitive), qPrintable(got->error().message));
    }

    void plainProtocolsToTlsPortsFail()
    {
        QUrl ws = app->url();
        ws.setScheme(QStringLiteral("ws"));
        const auto key = crypto::Ed25519KeyPair::generate();
        protocol::Channel channel(protocol::Signer::of(key), app->key().publicKey());
        QSignalSpy opened(&channel, &protocol::Channel::opened);
        QSignalSpy closed(&channel, &protocol::Channel::closed);
        channel.open(ws);
        QVERIFY(closed.wait(15'000));
        QCOMPARE(opened.count(), 0);

        QUrl http = QUrl(app->coordinator().helloBody().value(QLatin1String("blobs")).toString());
        http.setScheme(QStringLiteral("http"));
        protocol::BlobFetcher fetcher;
        std::optional<Result<QByteArray>> got;
        fetcher.fetch(http, hashOf(QByteArray("x")), [&](Result<QByteArray> r) { got = std::move(r); });
        QVERIFY(QTest::qWaitFor([&] { return got.has_value(); }, 15'000));
        QVERIFY(!got->ok());
        QCOMPARE(got->error().code, QStringLiteral("blob.http"));
    }

    void unusableCertificateOrKeyFailsStart_data()
    {
        QTest::addColumn<QString>("certFile");
        QTest::addColumn<QString>("keyFile");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("named");
        QFile garbage(path(QStringLiteral("garbage.pem")));
        QVERIFY(garbage.open(QIODevice::WriteOnly));
        garbage.write("-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
        garbage.close();
        QFile text(path(QStringLiteral("text.txt")));
        QVERIFY(text.open(QIODevice::WriteOnly));
        text.write("hello\n");
        text.close();
        const QString missing = path(QStringLiteral("missing.pem"));
        QTest::newRow("missing cert") << missing << key << "tls.cert" << missing;
        QTest::newRow("garbage cert") << path(QStringLiteral("garbage.pem")) << key << "tls.cert" << path(QStringLiteral("garbage.pem"));
        QTest::newRow("not pem cert") << path(QStringLiteral("text.txt")) << key << "tls.cert" << path(QStringLiteral("text.txt"));
        QTest::newRow("missing key") << cert << missing << "tls.key" << missing;
        QTest::newRow("garbage key") << cert << path(QStringLiteral("garbage.pem")) << "tls.key" << path(QStringLiteral("garbage.pem"));
        QTest::newRow("cert as key") << cert << cert << "tls.key" << cert;
        QTest::newRow("no key") << cert << QString() << "devnet.usage" << QString();
    }

    void unusableCertificateOrKeyFailsStart()
    {
        QFETCH(QString, certFile);
        QFETCH(QString, keyFile);
        QFETCH(QString, code);
        QFETCH(QString, named);
        devnet::DevnetConfig c = tlsConfig(path(QStringLiteral("bad-state")));
        c.tlsCertFile = certFile;
        c.tlsKeyFile = keyFile;
        secrets::MemoryStore store;
        devnet::DevnetApp bad;
        auto r = bad.start(c, store);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, code);
        QVERIFY2(r.error().message.contains(named), qPrintable(r.error().message));
    }

    void caFileErrors()
    {
        auto missing = protocol::loadCaCertificates(path(QStringLiteral("missing.pem")));
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code, QStringLiteral("tls.ca"));
        QVERIFY(missing.error().message.contains(path(QStringLiteral("missing.pem"))));
        auto garbage = protocol::loadCaCertificates(path(QStringLiteral("garbage.pem")));
        QVERIFY(!garbage.ok());
        QCOMPARE(garbage.error().code, QStringLiteral("tls.ca"));
        QCOMPARE(protocol::loadCaCertificates(cert)->size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestDevnetTls)
#include "TestDevnetTls.moc"
