// One PNG per page of the full dashboard (tests/gui/FullDashboard.h: Main.qml with every view
// model, an in-process devnet, the real worker) after real events: a benchmark measured into
// the ledger, a task trained, audited and paid, a dispute over it decided and slashed, a second
// task training while the Overview is taken, a payout wallet imported. Each page at 1024x700
// (<page>.png) and at 1920x1080 (<page>-large.png), into IDLEFORGE_SCREENSHOTS (tests/gui/screenshots.sh
// sets it; else a temporary folder). Each image is checked here: its
// size, and that it is not blank. With IDLEFORGE_SCREENSHOT_LANG=de the settings, the locale and
// (once built) the translations are German.
#include "ActivityFilterModel.h"
#include "FullDashboard.h"
#include "protocol/GameBodies.h"
#include "protocol/Messages.h"
#include "protocol/Receipt.h"

#include <QImage>
#include <QSet>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(IdleForgePlugin)

using namespace idleforge;
using guitest::item;

namespace {
QString textOf(QQuickItem *i) { return i ? i->property("text").toString() : QString(); }

// Not blank: a page shows text and tiles, so it has many colours; a blank grab has one or two.
int colourCount(const QImage &image)
{
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 3)
        for (int x = 0; x < image.width(); x += 3)
            colours.insert(image.pixel(x, y));
    return int(colours.size());
}
} // namespace

class TestScreenshots : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    QString m_out;
    std::unique_ptr<test::FullDashboard> m_dash;

    bool snapAt(const QString &name, QSize size)
    {
        QQuickWindow *w = m_dash->window();
        if (w->size() != size) {
            w->resize(size);
            QTest::qWait(400); // layouts settle, delegates come
        }
        QTest::qWait(300); // the batched models' last refresh
        const QImage image = w->grabWindow();
        const QString file = m_out + u'/' + name + QStringLiteral(".png");
        if (image.size() != size * w->devicePixelRatio() || !image.save(file)) {
            qWarning() << "cannot take" << file << image.size();
            return false;
        }
        if (const int colours = colourCount(image); colours < 16) {
            qWarning() << file << "looks blank:" << colours << "colours";
            return false;
        }
        return true;
    }
    // The current page, small then large, then back to small.
    bool snap(const QString &name)
    {
        const bool ok = snapAt(name, {1024, 700}) && snapAt(name + QStringLiteral("-large"), {1920, 1080});
        m_dash->window()->resize(1024, 700);
        QTest::qWait(200);
        return ok;
    }
    bool show(const QString &page) { return guitest::showPage(m_dash->window(), page); }

    // What the coordinator pushes when an audit of `taskId` fails, its decided settlement and
    // the signed slash (as TestDashboard does): the task is lost and slashed, with a ruling.
    void disputeOver(const QString &taskId)
    {
        auto &net = m_dash->net();
        protocol::DisputeOpenBody open;
        open.dispute = QStringLiteral("g900");
        open.task = taskId;
        open.specText = devnettest::specText(devnettest::smallSpec(60));
        open.specHash = QString(64, QLatin1Char('a'));
        open.role = QStringLiteral("a");
        open.audit = QStringLiteral("g899");
        open.blobs = net.url().toString();
        m_dash->recorder().gameJoined(protocol::msg::kDisputeOpen, open.toJson());
        protocol::DisputeVerdict verdict;
        verdict.winner = QStringLiteral("b");
        verdict.reason = QStringLiteral("a's output of node 3 differs from the referee's");
        verdict.ruling = protocol::DisputeVerdict::Ruling{41, 3, QStringLiteral("matmul"), QStringLiteral("attn.q"), 6, 2, 17};
        m_dash->recorder().settled(protocol::SettledBody{taskId, QStringLiteral("g900"), QStringLiteral("decided"), verdict.toJson(), {}}.toJson());
        const QString nodeId = m_dash->solver().node->nodeId();
        const QJsonObject slash = protocol::Receipt::sign(QJsonObject{{QStringLiteral("v"), 1}, {QStringLiteral("id"), QStringLiteral("slash-1")},
                                                                      {QStringLiteral("kind"), QStringLiteral("slash")}, {QStringLiteral("amount"), 250'000},
                                                                      {QStringLiteral("state"), QStringLiteral("settled")}, {QStringLiteral("job"), taskId},
                                                                      {QStringLiteral("node"), nodeId}, {QStringLiteral("payee"), nodeId},
                                                                      {QStringLiteral("ts"), QDateTime::currentMSecsSinceEpoch()}},
                                                          net.key())->toJson();
        QVERIFY(m_dash->solver().ledger->addReceipt(slash).ok());
        m_dash->recorder().receiptStored(slash);
    }

private Q_SLOTS:
    void initTestCase()
    {
        // tests/gui/screenshots.sh names the folder; a plain ctest run checks the images in a
        // temporary one.
        m_out = qEnvironmentVariable("IDLEFORGE_SCREENSHOTS");
        if (m_out.isEmpty())
            m_out = m_tmp.path();
        QVERIFY2(QDir().mkpath(m_out), qPrintable(m_out));
        QVERIFY2(!qEnvironmentVariable("DISPLAY").isEmpty(), "no DISPLAY: run under tests/with-test-env.sh");
        QVERIFY2(QFileInfo::exists(qEnvironmentVariable("IDLEFORGE_WORKER")), "IDLEFORGE_WORKER must name idleforge-worker");
        m_dash = std::make_unique<test::FullDashboard>();
        const QString why = m_dash->start();
        QVERIFY2(why.isEmpty(), qPrintable(why));
    }
    void cleanupTestCase() { m_dash.reset(); }

    void everyPage()
    {
        QQuickWindow *window = m_dash->window();
        // A task trained, audited, verified and paid; then a dispute over it.
        const QString first = m_dash->submitTask(60);
        QVERIFY(!first.isEmpty());
        QVERIFY(show(QStringLiteral("activity")));
        auto *list = item(window, QStringLiteral("activityList"));
        QTRY_VERIFY_WITH_TIMEOUT(m_dash->activity().rowCount() >= 1 && m_dash->activity().index(0, 0).data(ui::ActivityModel::StateRole).toString()
                                     == QLatin1String("verified"), 180000);
        QTRY_VERIFY_WITH_TIMEOUT(*m_dash->solver().ledger->lifetimeEarnings() > 0, 60000);
        disputeOver(first);
        QTRY_COMPARE_WITH_TIMEOUT(list->property("count").toInt(), 2, 10000);
        // The benchmark is in (the Hardware page's figures and history).
        QTRY_COMPARE_WITH_TIMEOUT(m_dash->nodeService().status(), node::NodeService::Status::Ready, 120000);
        QTRY_VERIFY_WITH_TIMEOUT(m_dash->pages().wallet->property("hasWallet").toBool(), 30000);

        // A second task running for the Overview (step of steps, progress, rate).
        // Long enough to be still running when the pages are taken (the small model trains
        // hundreds of steps a second); the nodes stop it at the end.
        const QString second = m_dash->submitTask(100000, 2);
        QVERIFY(show(QStringLiteral("overview")));
        QTRY_VERIFY_WITH_TIMEOUT(textOf(item(window, QStringLiteral("taskLabel"))).contains(second), 120000);
        QTRY_VERIFY_WITH_TIMEOUT(textOf(item(window, QStringLiteral("stepLabel"))).contains(QLocale().toString(100000)), 20000);
        QTest::qWait(2000); // a few steps: the rate and the ETA
        QVERIFY(snap(QStringLiteral("overview")));

        // Activity with the verified task's details open (run commitment, samples, receipts).
        QVERIFY(show(QStringLiteral("activity")));
        auto *rows = qobject_cast<ui::ActivityFilterModel *>(m_dash->activity().filtered());
        for (int i = 0; i < rows->rowCount(); ++i)
            if (rows->index(i, 0).data(ui::ActivityModel::KindRole).toString() == QLatin1String("task")
                && rows->index(i, 0).data(ui::ActivityModel::StateRole).toString() != QLatin1String("running"))
                list->setProperty("currentIndex", i);
        QTRY_VERIFY(!textOf(item(window, QStringLiteral("detailsRunRoot"))).isEmpty());
        QVERIFY(snap(QStringLiteral("activity")));
        for (int i = 0; i < rows->rowCount(); ++i)
            if (rows->index(i, 0).data(ui::ActivityModel::KindRole).toString() == QLatin1String("dispute"))
                list->setProperty("currentIndex", i);
        QTRY_VERIFY(!textOf(item(window, QStringLiteral("detailsVerdict"))).isEmpty());
        QVERIFY(snap(QStringLiteral("activity-dispute")));

        for (const QString &page : {QStringLiteral("earnings"), QStringLiteral("wallet"), QStringLiteral("hardware"),
                                   QStringLiteral("settings"), QStringLiteral("logs")}) {
            QVERIFY2(show(page), qPrintable(page));
            if (page == QLatin1String("hardware"))
                QTest::qWait(2500); // the sensors' second sample: the CPU's share needs two
            QVERIFY2(snap(page), qPrintable(page));
        }
        QVERIFY2(m_dash->qmlWarnings().isEmpty(), qPrintable(m_dash->qmlWarnings().join(u'\n')));
    }
};

QTEST_MAIN(TestScreenshots)
#include "TestScreenshots.moc"
