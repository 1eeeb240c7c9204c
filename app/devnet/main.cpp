// idleforge-devnet: the reference coordinator for development, tests and offline use.
#include "crypto/SecureBuffer.h"
#include "devnet/DevnetApp.h"
#include "base/BuildVersion.h"

#include "base/CommandLine.h"
#include "base/Log.h"
#include "base/Paths.h"
#include "devnet/CoordinatorKey.h"
#include "devnet/DemoSubmitter.h"
#include "protocol/Envelope.h"
#include "secrets/OpenStore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>

#include <cstdio>
#include <memory>

using namespace idleforge;

namespace {

void out(const QString &s)
{
    std::fputs(s.toUtf8().constData(), stdout);
    std::fflush(stdout);
}

int fail(const Error &e, int code = 1)
{
    std::fprintf(stderr, "idleforge-devnet: %s\n", qPrintable(e.toString()));
    return code;
}

Result<std::unique_ptr<secrets::SecretStore>> openKeyStore(const QCommandLineParser &p)
{
    auto store = secrets::openStore(p.value(QStringLiteral("key-store")),
                                    secrets::PasswordChoice{p.value(QStringLiteral("password-env")), p.value(QStringLiteral("password-fd")),
                                                            true, QStringLiteral("Password for the devnet key file: ")},
                                    QStringLiteral("IdleForge devnet"));
    if (!store && store.error().code == QLatin1String("secrets.usage"))
        return makeError("devnet.usage", QStringLiteral("--key-store: ") + store.error().message);
    return store;
}

std::optional<qint64> positive(const QCommandLineParser &p, const char *name, qint64 fallback)
{
    if (!p.isSet(QLatin1String(name)))
        return fallback;
    bool ok = false;
    const qint64 v = p.value(QLatin1String(name)).toLongLong(&ok);
    return ok && v > 0 ? std::optional<qint64>(v) : std::nullopt;
}

void addPoolOptions(QCommandLineParser &p);

void addOptions(QCommandLineParser &p)
{
    p.setApplicationDescription(QStringLiteral("IdleForge reference coordinator (devnet)."));
    p.addHelpOption();
    p.addVersionOption();
    p.addOptions({
        {QStringLiteral("listen"), QStringLiteral("Control endpoint HOST:PORT (default 127.0.0.1:7800; port 0 picks one)."), QStringLiteral("addr")},
        {QStringLiteral("blob-port"), QStringLiteral("Blob HTTP port (default: listen port + 1)."), QStringLiteral("port")},
        {QStringLiteral("data-dir"), QStringLiteral("State directory (default: the IdleForge data dir)."), QStringLiteral("dir")},
        {QStringLiteral("print-key"), QStringLiteral("Print the coordinator public key (creating the key if needed) and exit.")},
        {QStringLiteral("key-store"), QStringLiteral("Where the coordinator key lives: keychain (default) or file:PATH."), QStringLiteral("spec"), QStringLiteral("keychain")},
        {QStringLiteral("password-env"), QStringLiteral("Key file password from the environment variable NAME."), QStringLiteral("name")},
        {QStringLiteral("password-fd"), QStringLiteral("Key file password from the first line of file descriptor N."), QStringLiteral("n")},
        {QStringLiteral("lease-ms"), QStringLiteral("Lease lifetime past the last heartbeat (default 60000)."), QStringLiteral("ms")},
        {QStringLiteral("heartbeat-ms"), QStringLiteral("Heartbeat interval told to nodes (default 15000)."), QStringLiteral("ms")},
        {QStringLiteral("sweep-ms"), QStringLiteral("How often expired leases are swept (default 1000)."), QStringLiteral("ms")},
        {QStringLiteral("game-timeout-ms"), QStringLiteral("An audit or dispute with no message for this long times out (default 120000)."), QStringLiteral("ms")},
        {QStringLiteral("replicate-timeout-ms"), QStringLiteral("A dispute whose parties are not ready by then is abandoned (default 600000)."), QStringLiteral("ms")},
        {QStringLiteral("max-connections"), QStringLiteral("Control connections in total (default 1024)."), QStringLiteral("n")},
        {QStringLiteral("max-per-address"), QStringLiteral("Control connections per peer address (default 32)."), QStringLiteral("n")},
        {QStringLiteral("register-deadline-ms"), QStringLiteral("Close a control connection with no signed message by then (default 10000)."), QStringLiteral("ms")},
        {QStringLiteral("blob-max-connections"), QStringLiteral("Blob connections in total (default 256)."), QStringLiteral("n")},
        {QStringLiteral("blob-max-per-address"), QStringLiteral("Blob connections per peer address (default 32)."), QStringLiteral("n")},
        {QStringLiteral("blob-idle-ms"), QStringLiteral("Cut a blob body that moves nothing this long (default 30000)."), QStringLiteral("ms")},
        {QStringLiteral("blob-min-rate"), QStringLiteral("Cut a blob body slower than N bytes/s on average after 30 s (default 16384)."), QStringLiteral("n")},
        {QStringLiteral("blob-quota-bytes"), QStringLiteral("Bytes each key may upload per rolling hour (default 8 GiB)."), QStringLiteral("n")},
        {QStringLiteral("port-file"), QStringLiteral("Write \"<ws port> <blob port>\" to FILE once listening."), QStringLiteral("file")},
        {QStringLiteral("tls-cert"), QStringLiteral("Serve wss:// and https:// with this PEM certificate (chain, leaf first); needs --tls-key."), QStringLiteral("file")},
        {QStringLiteral("tls-key"), QStringLiteral("The PEM private key of --tls-cert (not encrypted)."), QStringLiteral("file")},
    });
    addPoolOptions(p);
}

// The money and the pool: stakes, submitters' funds, expiry, housekeeping, the demo.
void addPoolOptions(QCommandLineParser &p)
{
    p.addOptions({
        {QStringLiteral("stake-grant"), QStringLiteral("Stake granted to each new provider, in micro-credits (default 1000000; "
                                                       "0: no stakes, no slashing)."), QStringLiteral("n"), QStringLiteral("1000000")},
        {QStringLiteral("submitter-grant"), QStringLiteral("Credit granted to each new submitter key on its first submit, in "
                                                           "micro-credits (default 1000000; 0: none)."), QStringLiteral("n")},
        {QStringLiteral("fund"), QStringLiteral("Credit submitter KEY with N micro-credits (once per KEY and N; repeatable)."),
         QStringLiteral("key=n")},
        {QStringLiteral("task-expiry-ms"), QStringLiteral("Cancel and refund a task still pooled this long after its submission "
                                                          "(default 86400000; 0: never)."), QStringLiteral("ms")},
        {QStringLiteral("blob-grace-ms"), QStringLiteral("Keep an unreferenced blob this long after its upload (default 3600000)."),
         QStringLiteral("ms")},
        {QStringLiteral("housekeeping-ms"), QStringLiteral("How often unreferenced blobs, settled relay logs and old events are "
                                                           "deleted (default 60000; 0: never)."), QStringLiteral("ms")},
        {QStringLiteral("demo"), QStringLiteral("Keep a few small gpt tasks on real text (IdleForge's README) in the pool, as "
                                                "idleforge --devnet does.")},
    });
}

// --submitter-grant, --task-expiry-ms, --fund KEY=N (the submitters' money) and the
// housekeeping times, into `config` and `funds`; a usage error otherwise.
Result<void> poolOptions(const QCommandLineParser &p, devnet::Coordinator::Options &config,
                          QList<std::pair<QString, qint64>> &funds)
{
    const auto amount = [&](const QString &text, qint64 &out) {
        bool ok = false;
        out = text.toLongLong(&ok);
        return ok && out >= 0 && out <= config.maxReward;
    };
    if (p.isSet(QStringLiteral("submitter-grant")) && !amount(p.value(QStringLiteral("submitter-grant")), config.submitterGrant))
        return makeError("devnet.usage", QStringLiteral("--submitter-grant takes micro-credits 0..%1").arg(config.maxReward));
    if (p.isSet(QStringLiteral("task-expiry-ms")) && !amount(p.value(QStringLiteral("task-expiry-ms")), config.taskExpiryMs))
        return makeError("devnet.usage", QStringLiteral("--task-expiry-ms takes an integer >= 0 (0: never)"));
    auto &h = config.housekeeping;
    if ((p.isSet(QStringLiteral("blob-grace-ms")) && !amount(p.value(QStringLiteral("blob-grace-ms")), h.blobGraceMs)) ||
        (p.isSet(QStringLiteral("housekeeping-ms")) && !amount(p.value(QStringLiteral("housekeeping-ms")), h.intervalMs)))
        return makeError("devnet.usage", QStringLiteral("--blob-grace-ms and --housekeeping-ms take integers >= 0"));
    for (const QString &f : p.values(QStringLiteral("fund"))) {
        const qsizetype eq = f.indexOf(QLatin1Char('='));
        qint64 n = 0;
        if (eq <= 0 || !protocol::keyFromBase58(f.left(eq)) || !amount(f.mid(eq + 1), n))
            return makeError("devnet.usage", QStringLiteral("--fund takes KEY=N: a base58 public key and micro-credits, not %1").arg(f));
        funds.append({f.left(eq), n});
    }
    return {};
}

// --blob-*: the blob server's caps, body time-outs and upload quota.
Result<void> blobOptions(const QCommandLineParser &p, devnet::BlobServer::Limits &limits)
{
    const auto connections = positive(p, "blob-max-connections", limits.maxConnections);
    const auto perAddress = positive(p, "blob-max-per-address", limits.maxPerAddress);
    const auto idleMs = positive(p, "blob-idle-ms", limits.idleTimeoutMs);
    const auto rate = positive(p, "blob-min-rate", limits.minBytesPerSecond);
    const auto quota = positive(p, "blob-quota-bytes", limits.quotaBytes);
    if (!connections || !perAddress || !idleMs || !rate || !quota || *connections > 1'000'000 || *perAddress > 1'000'000 ||
        *idleMs > 3'600'000)
        return makeError("devnet.usage", QStringLiteral("--blob-max-connections, --blob-max-per-address, --blob-idle-ms, "
                                                        "--blob-min-rate and --blob-quota-bytes take positive integers"));
    limits.maxConnections = int(*connections);
    limits.maxPerAddress = int(*perAddress);
    limits.idleTimeoutMs = int(*idleMs);
    limits.minBytesPerSecond = *rate;
    limits.quotaBytes = *quota;
    return {};
}

// The listening and timing options into `config`; devnet.usage when one is malformed.
Result<void> readConfig(const QCommandLineParser &p, devnet::DevnetConfig &config)
{
    if (p.isSet(QStringLiteral("listen"))) {
        const QString listen = p.value(QStringLiteral("listen"));
        const qsizetype colon = listen.lastIndexOf(QLatin1Char(':'));
        bool ok = false;
        const uint port = colon > 0 ? listen.mid(colon + 1).toUInt(&ok) : 0;
        QString host = colon > 0 ? listen.left(colon) : QString();
        if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
            host = host.mid(1, host.size() - 2);
        config.address = QHostAddress(host);
        if (!ok || port > 65535 || config.address.isNull())
            return makeError("devnet.usage", QStringLiteral("--listen takes HOST:PORT, e.g. 127.0.0.1:7800"));
        config.port = quint16(port);
    }
    if (p.isSet(QStringLiteral("blob-port"))) {
        bool ok = false;
        const uint port = p.value(QStringLiteral("blob-port")).toUInt(&ok);
        if (!ok || port > 65535)
            return makeError("devnet.usage", QStringLiteral("--blob-port takes a port number"));
        config.blobPort = quint16(port);
    }
    const auto leaseMs = positive(p, "lease-ms", config.coordinator.leaseMs);
    const auto heartbeatMs = positive(p, "heartbeat-ms", config.coordinator.heartbeatMs);
    const auto sweepMs = positive(p, "sweep-ms", config.sweepMs);
    if (!leaseMs || !heartbeatMs || !sweepMs || *sweepMs > 3'600'000)
        return makeError("devnet.usage", QStringLiteral("--lease-ms, --heartbeat-ms and --sweep-ms take positive integers"));
    config.coordinator.leaseMs = *leaseMs;
    config.coordinator.heartbeatMs = *heartbeatMs;
    config.sweepMs = int(*sweepMs);
    const auto gameMs = positive(p, "game-timeout-ms", config.coordinator.gameTimeoutMs);
    const auto replicateMs = positive(p, "replicate-timeout-ms", config.coordinator.replicateTimeoutMs);
    if (!gameMs || !replicateMs)
        return makeError("devnet.usage", QStringLiteral("--game-timeout-ms and --replicate-timeout-ms take positive integers"));
    config.coordinator.gameTimeoutMs = *gameMs;
    config.coordinator.replicateTimeoutMs = *replicateMs;
    const auto maxConnections = positive(p, "max-connections", config.limits.maxConnections);
    const auto maxPerAddress = positive(p, "max-per-address", config.limits.maxPerAddress);
    const auto deadlineMs = positive(p, "register-deadline-ms", config.limits.registrationDeadlineMs);
    if (!maxConnections || !maxPerAddress || !deadlineMs || *maxConnections > 1'000'000 || *maxPerAddress > 1'000'000
        || *deadlineMs > 3'600'000)
        return makeError("devnet.usage", QStringLiteral("--max-connections, --max-per-address and "
                                                        "--register-deadline-ms take positive integers"));
    config.limits.maxConnections = int(*maxConnections);
    config.limits.maxPerAddress = int(*maxPerAddress);
    config.limits.registrationDeadlineMs = int(*deadlineMs);
    if (auto r = blobOptions(p, config.blobLimits); !r)
        return r;
    config.portFile = p.value(QStringLiteral("port-file"));
    {
        bool ok = false;
        config.coordinator.stakeGrant = p.value(QStringLiteral("stake-grant")).toLongLong(&ok);
        if (!ok || config.coordinator.stakeGrant < 0 || config.coordinator.stakeGrant > (qint64(1) << 50))
            return makeError("devnet.usage", QStringLiteral("--stake-grant takes micro-credits >= 0"));
    }
    if (p.isSet(QStringLiteral("tls-cert")) != p.isSet(QStringLiteral("tls-key")))
        return makeError("devnet.usage", QStringLiteral("--tls-cert and --tls-key go together"));
    config.tlsCertFile = p.value(QStringLiteral("tls-cert"));
    config.tlsKeyFile = p.value(QStringLiteral("tls-key"));
    return {};
}

} // namespace

int main(int argc, char **argv)
{
    idleforge::crypto::makeProcessUndumpable(); // it holds the coordinator key
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("IdleForge"));
    QCoreApplication::setApplicationVersion(QStringLiteral(IDLEFORGE_VERSION));
    installLogFormat();

    QCommandLineParser p;
    addOptions(p);
    // --help and --version win over everything, bad options included (core/base/CommandLine.h).
    const QStringList args = QCoreApplication::arguments();
    if (cli::versionRequested(args.mid(1)))
        p.showVersion();
    if (cli::helpRequested(args.mid(1)))
        p.showHelp(0);
    p.process(app);

    if (p.isSet(QStringLiteral("data-dir")))
        paths::setDataDir(QDir(p.value(QStringLiteral("data-dir"))).absolutePath());

    devnet::DevnetConfig config;
    if (auto r = readConfig(p, config); !r)
        return fail(r.error(), 2);
    QList<std::pair<QString, qint64>> funds;
    if (auto r = poolOptions(p, config.coordinator, funds); !r)
        return fail(r.error(), 2);
    auto keyStore = openKeyStore(p);
    if (!keyStore)
        return fail(keyStore.error(), keyStore.error().code == QLatin1String("devnet.usage") ? 2 : 1);

    if (p.isSet(QStringLiteral("print-key"))) {
        auto key = devnet::loadOrCreateCoordinatorKey(**keyStore);
        if (!key)
            return fail(key.error());
        if (auto pub = devnet::writePublicKeyFile(paths::dataDir(), key->key.publicKey()); !pub)
            return fail(pub.error());
        out(protocol::keyToBase58(key->key.publicKey()) + QLatin1Char('\n'));
        return 0;
    }

    devnet::DevnetApp devnetApp;
    if (auto r = devnetApp.start(config, **keyStore); !r)
        return fail(r.error());
    for (const auto &[key, n] : funds)
        if (auto r = devnetApp.coordinator().fund(key, n, QStringLiteral("fund-%1").arg(n)); !r)
            return fail(r.error());
    out(devnetApp.summary());
    std::unique_ptr<devnet::DemoSubmitter> demo;
    if (p.isSet(QStringLiteral("demo"))) {
        QFile corpus(QStringLiteral(":/idleforge/demo/corpus.txt"));
        if (!corpus.open(QIODevice::ReadOnly))
            return fail(makeError("devnet.demo", QStringLiteral("the demo corpus is missing from this build")));
        demo = std::make_unique<devnet::DemoSubmitter>(devnetApp.coordinator(), devnetApp.coordinator().store(), devnetApp.blobs(),
                                                       corpus.readAll(), devnet::DemoSubmitter::Options{});
        if (auto r = demo->start(); !r)
            return fail(r.error());
        out(QStringLiteral("demo submitter on: a few gpt tasks on README.md stay in the pool\n"));
    }
    return app.exec();
}
