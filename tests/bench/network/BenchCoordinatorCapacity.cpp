// Coordinator capacity: simulated providers (lightweight in-process protocol clients, each
// with its own key, connection and lease) send signed heartbeats every interval; the number of
// providers doubles until the p99 heartbeat round trip passes 50 ms. Client and coordinator
// share one thread and both sides sign and verify, so the figure is a lower bound of what a
// coordinator alone sustains. Baseline, same process: the round trip with one provider.
//
//   bench_coordinator_capacity [interval ms, default 1000] [seconds per level, default 3]
#include "DevnetTestUtil.h"
#include "devnet/Coordinator.h"
#include "devnet/DevnetServer.h"
#include "protocol/Channel.h"
#include "protocol/Messages.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

using namespace idleforge;
namespace msg = idleforge::protocol::msg;

namespace {

struct Provider {
    crypto::Ed25519KeyPair key = crypto::Ed25519KeyPair::generate();
    std::unique_ptr<protocol::Channel> channel;
    QString lease;
};

template <typename F>
bool spinUntil(F done, int timeoutMs = 60000)
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

double percentile(std::vector<double> v, double q)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t(q * double(v.size())))];
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int intervalMs = argc > 1 ? std::max(50, atoi(argv[1])) : 1000;
    const int levelSeconds = argc > 2 ? std::max(1, atoi(argv[2])) : 3;
    QTemporaryDir dir;
    const auto coordKey = crypto::Ed25519KeyPair::generate();
    auto store = devnet::DevnetStore::open(dir.filePath(QStringLiteral("devnet.sqlite"))).value();
    devnet::Coordinator coord(*store, coordKey.publicKey(), devnet::Coordinator::Options{.leaseMs = 3'600'000});
    devnet::DevnetServer server(coord, coordKey);
    // Every simulated provider dials from 127.0.0.1: lift the per-address and total caps.
    devnet::DevnetServer::Limits limits;
    limits.maxConnections = limits.maxPerAddress = 1'000'000;
    server.setLimits(limits);
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 1;
    const QUrl url(QStringLiteral("ws://127.0.0.1:%1").arg(server.port()));
    const auto submitter = crypto::Ed25519KeyPair::generate();
    const QString spec = devnettest::specText(devnettest::smallSpec());

    std::vector<std::unique_ptr<Provider>> providers;
    // Adds providers up to n: connect, register, one task each, lease it.
    auto grow = [&](size_t n) {
        while (providers.size() < n) {
            auto p = std::make_unique<Provider>();
            auto sub = protocol::signEnvelope(msg::kSubmit, QJsonObject{{QStringLiteral("spec"), spec}, {QStringLiteral("reward"), 5000}},
                                              protocol::Signer::of(submitter), Clock::instance().msecsSinceEpoch());
            coord.handle(*sub);
            p->channel = std::make_unique<protocol::Channel>(protocol::Signer::of(p->key), coordKey.publicKey());
            p->channel->open(url);
            if (!spinUntil([&] { return p->channel->isOpen(); }))
                return false;
            bool done = false;
            Provider *raw = p.get();
            raw->channel->request(msg::kRegister, devnettest::registerBody(raw->key), [&, raw](Result<protocol::Envelope>) {
                raw->channel->request(msg::kLeaseRequest, {}, [&, raw](Result<protocol::Envelope> r) {
                    if (r && r->type == msg::kLease)
                        raw->lease = r->body.value(QLatin1String("lease")).toString();
                    done = true;
                });
            });
            if (!spinUntil([&] { return done; }) || raw->lease.isEmpty())
                return false;
            providers.push_back(std::move(p));
        }
        return true;
    };

    // Every provider heartbeats once per interval, spread evenly; returns the round trips.
    auto measure = [&](int seconds) {
        std::vector<double> rtts;
        int pending = 0;
        QElapsedTimer clock;
        clock.start();
        const qint64 end = qint64(seconds) * 1000;
        std::vector<qint64> next(providers.size());
        for (size_t i = 0; i < providers.size(); ++i)
            next[i] = qint64(double(i) * intervalMs / double(providers.size()));
        while (clock.elapsed() < end) {
            const qint64 now = clock.elapsed();
            for (size_t i = 0; i < providers.size(); ++i) {
                if (next[i] > now)
                    continue;
                next[i] += intervalMs;
                const qint64 sentNs = clock.nsecsElapsed();
                ++pending;
                providers[i]->channel->request(
                    msg::kHeartbeat, QJsonObject{{QStringLiteral("lease"), providers[i]->lease}, {QStringLiteral("step"), now}},
                    [&, sentNs](Result<protocol::Envelope>) {
                        rtts.push_back(double(clock.nsecsElapsed() - sentNs) / 1000.0);
                        --pending;
                    });
            }
            QCoreApplication::processEvents(QEventLoop::AllEvents, 1);
        }
        spinUntil([&] { return pending == 0; }, 20000);
        return rtts;
    };

    if (!grow(1))
        return 1;
    const auto baseline = measure(levelSeconds);
    QJsonArray levels;
    size_t reached = 1;
    for (size_t n = 25; n <= 3200; n *= 2) {
        if (!grow(n)) {
            std::fprintf(stderr, "could not add providers up to %zu\n", n);
            break;
        }
        const auto rtts = measure(levelSeconds);
        const double p99 = percentile(rtts, 0.99);
        levels.append(QJsonObject{{QStringLiteral("providers"), qint64(n)},
                                  {QStringLiteral("heartbeats_per_s"), double(rtts.size()) / levelSeconds},
                                  {QStringLiteral("p50_ms"), percentile(rtts, 0.5) / 1000.0},
                                  {QStringLiteral("p99_ms"), p99 / 1000.0}});
        if (p99 > 50'000.0)
            break;
        reached = n;
    }
    const QJsonObject out{{QStringLiteral("bench"), QStringLiteral("coordinator_capacity")},
                          {QStringLiteral("heartbeat_interval_ms"), intervalMs},
                          {QStringLiteral("seconds_per_level"), levelSeconds},
                          {QStringLiteral("baseline_one_provider"),
                           QJsonObject{{QStringLiteral("p50_ms"), percentile(baseline, 0.5) / 1000.0},
                                       {QStringLiteral("p99_ms"), percentile(baseline, 0.99) / 1000.0}}},
                          {QStringLiteral("levels"), levels},
                          {QStringLiteral("providers_with_p99_under_50ms"), qint64(reached)}};
    std::fputs(QJsonDocument(out).toJson(QJsonDocument::Indented).constData(), stdout);
    return 0;
}
