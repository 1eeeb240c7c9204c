// The Logs page and its model: real qCInfo/qCWarning messages through the installed handler
// (which still chains to the one before it), batched into a bounded ring, filtered by level
// from the page's combo box, copied to the real clipboard.
#include "LogModel.h"
#include "PageHarness.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QLoggingCategory>
#include <QSignalSpy>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(IdleForgePlugin)

Q_LOGGING_CATEGORY(lcTestNode, "idleforge.node")
Q_LOGGING_CATEGORY(lcForeign, "qt.somethingelse")

using namespace idleforge;

namespace {
int g_chained = 0;
QtMessageHandler g_before = nullptr;
void countingHandler(QtMsgType type, const QMessageLogContext &ctx, const QString &msg)
{
    ++g_chained;
    if (g_before)
        g_before(type, ctx, msg);
}
} // namespace

class TestLogsPage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(test::prepareDisplay(), "no X display: GUI tests need Xvfb (tests/with-test-env.sh)");
        g_before = qInstallMessageHandler(countingHandler); // stands for the app's earlier handler
        ui::LogCapture::install();
        ui::LogCapture::install(); // a second call changes nothing
        QVERIFY(ui::LogCapture::isInstalled());
        (void)ui::LogCapture::take();
    }

    void capturesOurCategoriesAndChains()
    {
        ui::LogModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester filteredTester(qobject_cast<QAbstractItemModel *>(model.filtered()),
                                                QAbstractItemModelTester::FailureReportingMode::QtTest);
        const int chainedBefore = g_chained;
        qCInfo(lcTestNode) << "job 7 committed";
        qCWarning(lcTestNode) << "audit failed";
        qCWarning(lcForeign) << "not ours";
        qWarning() << "a default-category warning";
        QCOMPARE(g_chained, chainedBefore + 4); // every message still reaches the earlier handler
        QCOMPARE(model.rowCount(), 0);          // batched: nothing until the next tick
        QTRY_COMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(0).data(ui::LogModel::MessageRole).toString(), QStringLiteral("job 7 committed"));
        QCOMPARE(model.index(0).data(ui::LogModel::CategoryRole).toString(), QStringLiteral("idleforge.node"));
        QCOMPARE(model.index(1).data(ui::LogModel::LevelRole).toInt(), 2);
        QCOMPARE(model.index(2).data(ui::LogModel::CategoryRole).toString(), QStringLiteral("default"));
    }

    void ringKeepsTheNewest()
    {
        ui::LogModel model(nullptr, 100);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        for (int i = 0; i < 250; ++i)
            qCInfo(lcTestNode).noquote() << QStringLiteral("line %1").arg(i);
        model.drain();
        QCOMPARE(model.rowCount(), 100);
        QCOMPARE(inserted.count(), 1); // one batch, one insertion
        QCOMPARE(model.index(0).data(ui::LogModel::MessageRole).toString(), QStringLiteral("line 150"));
        for (int i = 250; i < 260; ++i)
            qCInfo(lcTestNode).noquote() << QStringLiteral("line %1").arg(i);
        model.drain();
        QCOMPARE(model.rowCount(), 100);
        QCOMPARE(model.index(0).data(ui::LogModel::MessageRole).toString(), QStringLiteral("line 160"));
        QCOMPARE(model.index(99).data(ui::LogModel::MessageRole).toString(), QStringLiteral("line 259"));
    }

    void pageFiltersAndCopies()
    {
        ui::LogModel model;
        test::PageHarness page(QStringLiteral("LogsPage"), QStringLiteral("logs"), &model);
        QVERIFY2(page.ok(), qPrintable(page.errors().join(u'\n')));
        qCInfo(lcTestNode) << "lease 3 started";
        qCWarning(lcTestNode) << "worker restarted";
        qCCritical(lcTestNode) << "dispute lost";
        QQuickItem *list = page.find(QStringLiteral("logList"));
        QVERIFY(list);
        QTRY_COMPARE(list->property("count").toInt(), 3);
        page.shot(QStringLiteral("logs"));

        QQuickItem *filter = page.find(QStringLiteral("logLevelFilter"));
        QVERIFY(filter);
        QCOMPARE(filter->property("currentIndex").toInt(), 1); // info and above
        filter->forceActiveFocus();
        QTest::keyClick(page.window(), Qt::Key_Down); // warnings and errors
        QTRY_COMPARE(model.minimumLevel(), 2);
        QTRY_COMPARE(list->property("count").toInt(), 2);
        QTest::keyClick(page.window(), Qt::Key_Down); // errors only
        QTRY_COMPARE(list->property("count").toInt(), 1);

        QQuickItem *copy = page.find(QStringLiteral("copyLogsButton"));
        QVERIFY(copy);
        QTRY_VERIFY(copy->isEnabled());
        QGuiApplication::clipboard()->setText(QStringLiteral("before"));
        QTest::keyClick(page.window(), Qt::Key_Escape); // no popup of the combo box in the way
        page.click(copy);
        QTRY_VERIFY(page.find(QStringLiteral("copiedNote"))->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(QGuiApplication::clipboard()->text().contains(QLatin1String("dispute lost")), 5000);
        const QString copied = QGuiApplication::clipboard()->text();
        QVERIFY2(!copied.contains(QLatin1String("lease 3 started")), qPrintable(copied));
        QVERIFY(copied.contains(QLatin1String("idleforge.node")));

        QVERIFY2(page.errors().isEmpty(), qPrintable(page.errors().join(u'\n')));
    }
};

QTEST_MAIN(TestLogsPage)
#include "TestLogsPage.moc"
