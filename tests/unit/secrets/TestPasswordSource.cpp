#include "secrets/PasswordSource.h"

#include <QTest>

#include <unistd.h>

using namespace idleforge;
using namespace idleforge::secrets;

class TestPasswordSource : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fromEnv()
    {
        qputenv("IF_TEST_PW", "s3cret\n");
        QCOMPARE(passwordFromEnv(QStringLiteral("IF_TEST_PW"))->view(), std::string_view("s3cret"));
        qunsetenv("IF_TEST_PW");
        const auto r = passwordFromEnv(QStringLiteral("IF_TEST_PW"));
        QVERIFY(!r.ok());
        QVERIFY(r.error().message.contains(QLatin1String("IF_TEST_PW")));
        qputenv("IF_TEST_PW", "");
        QVERIFY(!passwordFromEnv(QStringLiteral("IF_TEST_PW")).ok());
    }

    void fromFd()
    {
        int p[2];
        QCOMPARE(::pipe(p), 0);
        const char text[] = "pass word\r\nsecond line";
        QCOMPARE(::write(p[1], text, sizeof text - 1), ssize_t(sizeof text - 1));
        ::close(p[1]);
        QCOMPARE(passwordFromFd(p[0])->view(), std::string_view("pass word"));
        ::close(p[0]);
        QVERIFY(!passwordFromFd(p[0]).ok()); // closed
    }
};

QTEST_GUILESS_MAIN(TestPasswordSource)
#include "TestPasswordSource.moc"
