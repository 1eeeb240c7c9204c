// idleforgectl devnet: talk to a running idleforge-devnet.
//
//   idleforgectl devnet submit SPEC --reward N [--data FILE] [--url ws://HOST:PORT | wss://...]
//                                [--ca FILE] [--key BASE58 | --key-file F] [--json]
//   idleforgectl devnet status [--url ...] [--ca FILE] [--key ... | --key-file F] [--json]
//
// Requests are signed with a fresh throw-away key: a devnet submitter has no account yet
// (payment for tasks arrives with settlement). Without --key/--key-file the coordinator key is
// trusted on first use and printed, so it can be pinned next time. A wss:// URL is checked
// against the system CAs plus --ca (a self-signed devnet certificate); an untrusted certificate
// fails the command.
#include "Cli.h"
#include "Commands.h"

#include "base/BoundedRead.h"

#include "devnet/CoordinatorKey.h"
#include "protocol/BlobUploader.h"
#include "protocol/CanonicalJson.h"
#include "protocol/Channel.h"
#include "protocol/MessageBodies.h"
#include "protocol/Messages.h"
#include "protocol/Tls.h"
#include "task/DatasetStore.h"
#include "task/TaskSpec.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QTimer>

#include <cstdio>

namespace idleforge::ctl {

namespace {

namespace msg = protocol::msg;

const char *kUsage =
    "usage: idleforgectl devnet <submit|status> [options]\n"
    "  submit SPEC --reward N   submit a task spec (JSON file) with a reward in micro-credits;\n"
    "                           a spec that trains on a file uploads it first (--data FILE,\n"
    "                           else from the local store)\n"
    "  status                   providers, tasks by state, leases\n"
    "options:\n"
    "  --url ws://HOST:PORT     the devnet (default ws://127.0.0.1:7800; wss:// for TLS)\n"
    "  --ca FILE                also trust the PEM CA certificate(s) in FILE for wss://\n"
    "                           (alias --coordinator-ca)\n"
    "  --key BASE58             pin the coordinator key\n"
    "  --key-file FILE          pin the key in FILE (e.g. the devnet's coordinator.pub)\n"
    "  --json                   print the reply as JSON\n";

const Cli cli("devnet");

int usageError(const QString &why) { return cli.usageError(why, kUsage); }

constexpr qint64 kMaxSpecBytes = 16 << 20;

// A whole file, at most `limit` bytes (a FIFO or /dev/zero gets an error, not all memory).
Result<QByteArray> readFile(const QString &path, qint64 limit)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return makeError("devnet.io", QStringLiteral("cannot read %1: %2").arg(path, f.errorString()));
    auto bytes = readAtMost(f, limit);
    if (!bytes)
        return makeError("devnet.io", QStringLiteral("cannot read %1: %2").arg(path, bytes.error().message));
    return bytes;
}

// Connects, uploads `blob` (if any) to the blob server the hello names, sends one request and
// waits for its reply (bounded by the request timeout).
Result<protocol::Envelope> roundTrip(const QUrl &url, std::optional<crypto::PublicKey> pin, const QSslConfiguration &tls,
                                     const QString &type, const QJsonObject &body, QString *coordinatorKey,
                                     const QByteArray &blob = {})
{
    const auto key = crypto::Ed25519KeyPair::generate();
    protocol::Channel channel(protocol::Signer::of(key), pin);
    channel.setTlsConfiguration(tls);
    protocol::BlobUploader uploader;
    uploader.setTlsConfiguration(tls);
    uploader.setSigner(protocol::Signer::of(key)); // the blob server admits keys signed in on a live channel
    std::optional<Result<protocol::Envelope>> result;
    QEventLoop loop;
    const auto send = [&] {
        channel.request(type, body, [&](Result<protocol::Envelope> r) {
            result = std::move(r);
            loop.quit();
        });
    };
    const auto upload = [&] {
        const auto hello = protocol::HelloBody::fromJson(channel.hello());
        if (!hello) {
            result = hello.error();
            loop.quit();
            return;
        }
        const QUrl blobs(hello->blobs);
        uploader.upload(blobs, blob, [&, blobs](Result<crypto::Hash256> h) {
            if (!h) {
                result = makeError("devnet.upload", QStringLiteral("uploading the dataset to %1 failed: %2").arg(blobs.toString(), h.error().message));
                loop.quit();
                return;
            }
            std::fprintf(stderr, "uploaded the dataset (%lld bytes) to %s\n", qint64(blob.size()), qPrintable(blobs.toString()));
            send();
        });
    };
    QObject::connect(&channel, &protocol::Channel::opened, &loop, [&] {
        if (blob.isEmpty())
            return send();
        // One signed request first: it signs this key in on the channel, which is what lets
        // the blob server take its upload.
        channel.request(protocol::msg::kStatus, {}, [&](Result<protocol::Envelope> r) {
            if (!r) {
                result = std::move(r);
                loop.quit();
                return;
            }
            upload();
        });
    });
    QObject::connect(&channel, &protocol::Channel::refused, &loop, [&](const Error &e) {
        if (!channel.isOpen()) { // the hello itself was refused (wrong pin, bad signature)
            result = e;
            loop.quit();
        }
    });
    QObject::connect(&channel, &protocol::Channel::closed, &loop, [&](const QString &reason) {
        if (!result)
            result = makeError("devnet.unreachable", QStringLiteral("cannot reach %1: %2").arg(url.toString(), reason));
        loop.quit();
    });
    QTimer::singleShot(30'000, &loop, [&] {
        if (!result)
            result = makeError("devnet.unreachable", QStringLiteral("no answer from %1 within 30 s").arg(url.toString()));
        loop.quit();
    });
    channel.open(url);
    loop.exec();
    if (auto k = channel.coordinatorKey())
        *coordinatorKey = protocol::keyToBase58(*k);
    return std::move(*result);
}

struct Request {
    QString type;
    QJsonObject body;
    QByteArray dataset; // uploaded before the request when not empty
};

// The dataset a spec trains on: --data FILE (checked against the spec's hash), else the local store.
Result<QByteArray> datasetFor(const QCommandLineParser &p, const task::TaskSpec &spec)
{
    if (!p.isSet(QStringLiteral("data"))) {
        auto local = task::DatasetStore().load(spec.data.hash);
        if (!local)
            return makeError("devnet.no_data", QStringLiteral("the spec trains on dataset %1, which is not in the local "
                                                              "store; pass it with --data FILE")
                                                   .arg(task::hashHex(spec.data.hash).left(16)));
        return local;
    }
    const QString file = p.value(QStringLiteral("data"));
    auto data = readFile(file, task::ValidationLimits{}.maxDatasetBytes);
    if (!data)
        return data.error();
    const QByteArray &d = *data;
    if (crypto::blake2b256(std::string_view(d.constData(), size_t(d.size()))) != spec.data.hash)
        return makeError("devnet.wrong_data", QStringLiteral("%1 is not the dataset the spec names (its hash differs)").arg(file));
    return data;
}

// submit SPEC --reward N [--data FILE]: 0 and the request, or the exit code.
int submitRequest(const QCommandLineParser &p, const QStringList &pos, Request &request)
{
    if (pos.size() != 2 || !p.isSet(QStringLiteral("reward")))
        return usageError(QStringLiteral("submit takes SPEC and --reward N"));
    bool ok = false;
    const qint64 reward = p.value(QStringLiteral("reward")).toLongLong(&ok);
    if (!ok || reward < 0 || reward > protocol::kMaxSafeInteger)
        return usageError(QStringLiteral("--reward takes a non-negative integer (micro-credits)"));
    auto text = readFile(pos.at(1), kMaxSpecBytes);
    if (!text)
        return cli.fail(text.error());
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(*text, &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        return cli.fail(makeError("task.bad_json", QStringLiteral("%1 is not a JSON object: %2").arg(pos.at(1), err.errorString())));
    // A spec that trains on a file: the coordinator serves the file to its solver, so it
    // goes up first, from --data or from the local store where `task new --data` put it.
    auto spec = task::parseTaskSpec(doc.object());
    if (!spec)
        return cli.fail(spec.error());
    if (spec->data.kind == task::DatasetRef::Kind::Bytes) {
        auto data = datasetFor(p, *spec);
        if (!data)
            return cli.fail(data.error());
        request.dataset = std::move(data).value();
    }
    request.type = msg::kSubmit;
    request.body = protocol::SubmitBody{QString::fromUtf8(doc.toJson(QJsonDocument::Compact)), reward}.toJson();
    return 0;
}

void printHuman(const protocol::SubmittedBody &b)
{
    std::printf("task %s submitted, reward %lld micro-credits (minimum %lld), spec %s\n", qPrintable(b.task), b.reward,
                b.minimumReward, qPrintable(b.specHash));
}

void printHuman(const protocol::StatusReplyBody &b)
{
    std::printf("providers %lld, active leases %lld, expired leases %lld, refused messages %lld\ntasks:", b.providers,
                b.leasesActive, b.leasesExpired, b.refusedMessages);
    for (const auto &[state, count] : b.tasks)
        std::printf(" %s %lld", qPrintable(state), count);
    std::printf("\n");
}

// The reply, read as its typed body `Body` (which leaves out "re"): 0, or the exit code.
template <class Body>
int printReplyAs(const QJsonObject &reply, bool json)
{
    const auto b = Body::fromJson(reply);
    if (!b)
        return cli.fail(b.error());
    if (json)
        printJson(b->toJson());
    else
        printHuman(*b);
    return 0;
}

int printReply(const QString &type, const QJsonObject &reply, bool json)
{
    return type == msg::kSubmit ? printReplyAs<protocol::SubmittedBody>(reply, json)
                                : printReplyAs<protocol::StatusReplyBody>(reply, json);
}

} // namespace

int runDevnet(const QStringList &args)
{
    if (printHelpIfAsked(args, kUsage))
        return 0;
    QCommandLineParser p;
    p.addPositionalArgument(QStringLiteral("action"), QStringLiteral("submit | status"));
    p.addOptions({{QStringLiteral("url"), QString(), QStringLiteral("url"), QStringLiteral("ws://127.0.0.1:7800")},
                  {QStringLiteral("reward"), QString(), QStringLiteral("n")},
                  {QStringLiteral("key"), QString(), QStringLiteral("base58")},
                  {QStringLiteral("key-file"), QString(), QStringLiteral("file")},
                  {{QStringLiteral("ca"), QStringLiteral("coordinator-ca")}, QString(), QStringLiteral("file")},
                  {QStringLiteral("data"), QString(), QStringLiteral("file")},
                  {QStringLiteral("json"), QString()}});
    if (!p.parse(args))
        return usageError(p.errorText());
    const QStringList pos = p.positionalArguments();
    if (pos.isEmpty() || pos.first() == QLatin1String("help")) {
        std::fputs(kUsage, pos.isEmpty() ? stderr : stdout);
        return pos.isEmpty() ? 2 : 0;
    }
    const QUrl url(p.value(QStringLiteral("url")));
    if (!url.isValid() || (url.scheme() != QLatin1String("ws") && url.scheme() != QLatin1String("wss")))
        return usageError(QStringLiteral("--url takes ws://HOST:PORT or wss://HOST:PORT"));
    QList<QSslCertificate> cas;
    if (p.isSet(QStringLiteral("ca"))) {
        auto loaded = protocol::loadCaCertificates(p.value(QStringLiteral("ca")));
        if (!loaded)
            return cli.fail(loaded.error());
        cas = *loaded;
    }
    std::optional<crypto::PublicKey> pin;
    if (p.isSet(QStringLiteral("key"))) {
        pin = protocol::keyFromBase58(p.value(QStringLiteral("key")));
        if (!pin)
            return usageError(QStringLiteral("--key is not a base58 Ed25519 public key"));
    } else if (p.isSet(QStringLiteral("key-file"))) {
        auto k = devnet::readPublicKeyFile(p.value(QStringLiteral("key-file")));
        if (!k)
            return cli.fail(k.error());
        pin = *k;
    }

    Request request;
    if (pos.first() == QLatin1String("submit")) {
        if (const int rc = submitRequest(p, pos, request); rc != 0)
            return rc;
    } else if (pos.first() == QLatin1String("status")) {
        request.type = msg::kStatus;
    } else {
        return usageError(QStringLiteral("unknown action \"%1\"").arg(pos.first()));
    }
    const QString &type = request.type;

    QString coordinatorKey;
    auto reply = roundTrip(url, pin, protocol::clientTlsConfiguration(cas), type, request.body, &coordinatorKey, request.dataset);
    if (!pin && !coordinatorKey.isEmpty())
        std::fprintf(stderr, "coordinator key %s (not pinned; pass --key to pin it)\n", qPrintable(coordinatorKey));
    if (!reply)
        return cli.fail(reply.error());
    return printReply(type, reply->body, p.isSet(QStringLiteral("json")));
}

} // namespace idleforge::ctl
