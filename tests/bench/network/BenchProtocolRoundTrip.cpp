// Protocol round trip on loopback: a signed heartbeat from a node to an in-process devnet and
// the signed ack back (sign, send, verify + replay check, SQLite update in a transaction, sign
// the reply, verify it). Baseline, measured in the same process and the same way: a raw
// WebSocket echo of a message of the same size (transport and event loop only), plus Ed25519
// sign and verify alone. Client and server share one thread, so a round trip is the sum of
// both sides' work. Prints JSON.
//
//   bench_protocol_roundtrip [round trips, default 2000]
#include "DevnetTestUtil.h"
#include "devnet/Coordinator.h"
#include "devnet/DevnetServer.h"
#include "protocol/Channel.h"
#include "protocol/Messages.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QWebSocket>
#include <QWebSocketServer>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace idleforge;
namespace msg = idleforge::protocol::msg;

namespace {

QJsonObject stats(std::vector<double> us)
{
    std::sort(us.begin(), us.end());
    const auto at = [&](double q) { return us[std::min(us.size() - 1, size_t(q * double(us.size())))]; };
    double sum = 0;
    for (double v : us)
        sum += v;
    return QJsonObject{{QStringLiteral("p50_us"), at(0.50)}, {QStringLiteral("p90_us"), at(0.90)},
                       {QStringLiteral("p99_us"), at(0.99)}, {QStringLiteral("max_us"), us.back()},
                       {QStringLiteral("mean_us"), sum / double(us.size())}};
}

// Spins the event loop until `done` (bounded).
template <typename F>
bool spinUntil(F done, int timeoutMs = 20000)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    }
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int n = argc > 1 ? std::max(10, atoi(argv[1])) : 2000;
    QTemporaryDir dir;

    // The devnet in process.
    const auto coordKey = crypto::Ed25519KeyPair::generate();
    auto store = devnet::DevnetStore::open(dir.filePath(QStringLiteral("devnet.sqlite"))).value();
    devnet::Coordinator coord(*store, coordKey.publicKey(), devnet::Coordinator::Options{.leaseMs = 3'600'000});
    devnet::DevnetServer server(coord, coordKey);
    if (!server.listen(QHostAddress::LocalHost, 0)) {
        std::fprintf(stderr, "cannot listen\n");
        return 1;
    }
    const auto node = crypto::Ed25519KeyPair::generate();
    protocol::Channel ch(protocol::Signer::of(node), coordKey.publicKey());
    ch.open(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(server.port())));
    if (!spinUntil([&] { return ch.isOpen(); }))
        return 1;

    auto call = [&](const QString &type, const QJsonObject &body) {
        std::optional<Result<protocol::Envelope>> got;
        ch.request(type, body, [&](Result<protocol::Envelope> r) { got = std::move(r); });
        spinUntil([&] { return got.has_value(); });
        return got.value_or(makeError("bench.timeout", QString()));
    };
    auto sub = protocol::signEnvelope(msg::kSubmit,
                                      QJsonObject{{QStringLiteral("spec"), devnettest::specText(devnettest::smallSpec())},
                                                  {QStringLiteral("reward"), 5000}},
                                      protocol::Signer::of(crypto::Ed25519KeyPair::generate()), Clock::instance().msecsSinceEpoch());
    coord.handle(*sub);
    if (!call(msg::kRegister, devnettest::registerBody(node)) || !call(msg::kLeaseRequest, {}))
        return 1;

    std::vector<double> heartbeat;
    const qint64 sentBefore = ch.bytesSent(), receivedBefore = ch.bytesReceived();
    QElapsedTimer t;
    for (int i = 0; i < n; ++i) {
        t.start();
        auto r = call(msg::kHeartbeat, QJsonObject{{QStringLiteral("lease"), QStringLiteral("l1")}, {QStringLiteral("step"), i}});
        heartbeat.push_back(double(t.nsecsElapsed()) / 1000.0);
        if (!r) {
            std::fprintf(stderr, "heartbeat failed: %s\n", qPrintable(r.error().toString()));
            return 1;
        }
    }
    const double bytesOut = double(ch.bytesSent() - sentBefore) / n;
    const double bytesIn = double(ch.bytesReceived() - receivedBefore) / n;

    // Baseline 1: raw WebSocket echo of a message the size of a heartbeat.
    QWebSocketServer echo(QStringLiteral("echo"), QWebSocketServer::NonSecureMode);
    echo.listen(QHostAddress::LocalHost, 0);
    QObject::connect(&echo, &QWebSocketServer::newConnection, &echo, [&] {
        QWebSocket *s = echo.nextPendingConnection();
        QObject::connect(s, &QWebSocket::textMessageReceived, s, [s](const QString &m) { s->sendTextMessage(m); });
    });
    QWebSocket client;
    int echoed = 0;
    QObject::connect(&client, &QWebSocket::textMessageReceived, &client, [&](const QString &) { ++echoed; });
    client.open(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(echo.serverPort())));
    if (!spinUntil([&] { return client.state() == QAbstractSocket::ConnectedState; }))
        return 1;
    const QString payload(qsizetype(bytesOut), QLatin1Char('x'));
    std::vector<double> raw;
    for (int i = 0; i < n; ++i) {
        const int before = echoed;
        t.start();
        client.sendTextMessage(payload);
        spinUntil([&] { return echoed > before; });
        raw.push_back(double(t.nsecsElapsed()) / 1000.0);
    }

    // Baseline 2: the crypto alone.
    const QByteArray wire = protocol::signEnvelope(msg::kHeartbeat, QJsonObject{{QStringLiteral("lease"), QStringLiteral("l1")}, {QStringLiteral("step"), 1}},
                                                   protocol::Signer::of(node), 1)->toWire();
    t.start();
    for (int i = 0; i < n; ++i)
        (void)protocol::signEnvelope(msg::kHeartbeat, QJsonObject{{QStringLiteral("step"), i}}, protocol::Signer::of(node), 1);
    const double signUs = double(t.nsecsElapsed()) / 1000.0 / n;
    t.start();
    for (int i = 0; i < n; ++i)
        (void)protocol::Envelope::parse(wire)->signatureValid();
    const double verifyUs = double(t.nsecsElapsed()) / 1000.0 / n;

    const QJsonObject hb = stats(heartbeat), echoStats = stats(raw);
    const QJsonObject out{
        {QStringLiteral("bench"), QStringLiteral("protocol_roundtrip")},
        {QStringLiteral("round_trips"), n},
        {QStringLiteral("heartbeat"), hb},
        {QStringLiteral("baseline_ws_echo"), echoStats},
        {QStringLiteral("sign_envelope_us"), signUs},
        {QStringLiteral("parse_verify_envelope_us"), verifyUs},
        {QStringLiteral("bytes_per_round_trip"), QJsonObject{{QStringLiteral("request"), bytesOut}, {QStringLiteral("reply"), bytesIn}}},
        {QStringLiteral("protocol_overhead_p50_us"), hb.value(QLatin1String("p50_us")).toDouble() - echoStats.value(QLatin1String("p50_us")).toDouble()},
        {QStringLiteral("ratio_p50"), hb.value(QLatin1String("p50_us")).toDouble() / echoStats.value(QLatin1String("p50_us")).toDouble()},
    };
    std::fputs(QJsonDocument(out).toJson(QJsonDocument::Indented).constData(), stdout);
    return 0;
}
