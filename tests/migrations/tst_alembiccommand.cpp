#include "alembicfixture.h"
#include "printcapture.h"
#include "testcluster.h"

#include "app/migratecommand.h"
#include "migrations/alembicproject.h"

#include <QTest>

using dbx::test::AlembicDemoProject;
using dbx::test::PrintCapture;
using dbx::test::TestCluster;

namespace {

QString connectionTo(const QString &database)
{
    QString error;
    if (!TestCluster::instance().recreateDatabase(database, &error))
        qWarning("cannot recreate %s: %s", qPrintable(database), qPrintable(error));
    return TestCluster::instance().directSpec(database).toKeywordString();
}

int migrate(const QStringList &args)
{
    PrintCapture::clear();
    return dbx::app::runMigrateCommand(QStringList{QStringLiteral("dbexplorer migrate")} + args);
}

QString both()
{
    return PrintCapture::out() + PrintCapture::err();
}

QSqlDatabase db(const QString &name)
{
    return TestCluster::instance().openDirect(name);
}

} // namespace

// `dbexplorer migrate --alembic DIR COMMAND [TARGET] CONNECTION` in-process: what it prints and
// its exit codes (0 done, 1 failed, 2 usage error or no such revision), with Debian's alembic
// running the demo schema's Alembic project against the test cluster.
class TestAlembicCommand : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        DBX_REQUIRE_CLUSTER();
        PrintCapture::install();
    }

    void usageErrorsExitTwo()
    {
        AlembicDemoProject project;
        const QString conn = QStringLiteral("host=/nonexistent dbname=x");
        const QString dir = project.path();
        QCOMPARE(migrate({QStringLiteral("--alembic"), QStringLiteral("/nonexistent/project"),
                          QStringLiteral("current"), conn}),
                 2);
        QVERIFY(both().contains(QLatin1String("/nonexistent/project is not a folder")));
        QCOMPARE(migrate({QStringLiteral("--alembic"), QStringLiteral("/tmp"),
                          QStringLiteral("current"), conn}),
                 2);
        QVERIFY(both().contains(QLatin1String("it has no alembic.ini")));
        QCOMPARE(migrate({QStringLiteral("--alembic"), dir, QStringLiteral("revision"), conn}), 2);
        QCOMPARE(migrate({QStringLiteral("--alembic"), dir, QStringLiteral("upgrade"), conn}), 2);
        QCOMPARE(migrate({QStringLiteral("--alembic"), dir, QStringLiteral("current"),
                          QStringLiteral("--sql"), conn}),
                 2);
        QCOMPARE(migrate({QStringLiteral("--alembic"), dir, QStringLiteral("current")}), 2);
    }

    void upgradeHistoryCurrentDowngrade()
    {
        AlembicDemoProject project;
        const QString conn = connectionTo(QStringLiteral("alembic_cli"));
        const QStringList base{QStringLiteral("--alembic"), project.path()};
        QCOMPARE(
            migrate(base + QStringList{QStringLiteral("upgrade"), QStringLiteral("head"), conn}),
            0);
        QVERIFY2(PrintCapture::err().contains(
                     QLatin1String("Running upgrade 8c41e07d2a55 -> 1b6f8d2e4a70")),
                 qPrintable(both()));
        QVERIFY(PrintCapture::err().contains(
            QLatin1String("alembic_version of alembic_cli is at 1b6f8d2e4a70.")));
        QCOMPARE(dbx::test::alembicVersion(db(QStringLiteral("alembic_cli"))),
                 QLatin1String(AlembicDemoProject::Vacancies));

        QCOMPARE(migrate(base + QStringList{QStringLiteral("history"), conn}), 0);
        const QStringList lines = PrintCapture::out().trimmed().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines.first(), QStringLiteral("8c41e07d2a55 -> 1b6f8d2e4a70 (head, current) add "
                                               "vacancies and replies  [applied]"));
        QCOMPARE(lines.last(), QStringLiteral("base -> 3f2a9c1d7b01 create workers  [applied]"));

        QCOMPARE(migrate(base + QStringList{QStringLiteral("current"), conn}), 0);
        QVERIFY(PrintCapture::out().contains(QLatin1String("1b6f8d2e4a70 (head)")));

        QCOMPARE(
            migrate(base + QStringList{QStringLiteral("downgrade"), QStringLiteral("-1"), conn}),
            0);
        QCOMPARE(dbx::test::alembicVersion(db(QStringLiteral("alembic_cli"))),
                 QLatin1String(AlembicDemoProject::Resumes));
        QCOMPARE(migrate(base + QStringList{QStringLiteral("history"), conn}), 0);
        QVERIFY(PrintCapture::out().contains(
            QLatin1String("1b6f8d2e4a70 (head) add vacancies and replies  [pending]")));
        QCOMPARE(
            migrate(base + QStringList{QStringLiteral("downgrade"), QStringLiteral("base"), conn}),
            0);
        QCOMPARE(dbx::test::demoObjects(db(QStringLiteral("alembic_cli"))), QStringList{});
        QCOMPARE(migrate(base + QStringList{QStringLiteral("stamp"), QStringLiteral("8c41e07d2a55"),
                                            conn}),
                 0);
        QCOMPARE(dbx::test::alembicVersion(db(QStringLiteral("alembic_cli"))),
                 QLatin1String(AlembicDemoProject::Resumes));
    }

    void offlineSqlAndHeadsNeedNoServer()
    {
        AlembicDemoProject project;
        const QStringList base{QStringLiteral("--alembic"), project.path()};
        QCOMPARE(migrate(base + QStringList{QStringLiteral("heads")}), 0);
        QCOMPARE(PrintCapture::out().trimmed(), QStringLiteral("1b6f8d2e4a70 (head)"));
        QCOMPARE(migrate(base + QStringList{QStringLiteral("upgrade"), QStringLiteral("head"),
                                            QStringLiteral("--sql"),
                                            QStringLiteral("host=/nonexistent dbname=x")}),
                 0);
        QVERIFY(PrintCapture::out().contains(QLatin1String("CREATE TABLE vacancies_replies")));
        QVERIFY(PrintCapture::out().startsWith(QLatin1String("BEGIN;")));
        QVERIFY(!PrintCapture::out().contains(QLatin1String("INFO ")));
        // Offline, a downgrade names both ends: refused before Alembic starts, then written.
        QCOMPARE(migrate(base + QStringList{QStringLiteral("downgrade"), QStringLiteral("base"),
                                            QStringLiteral("--sql"),
                                            QStringLiteral("host=/nonexistent dbname=x")}),
                 2);
        QVERIFY2(both().contains(QLatin1String("give the range FROM:TO, for example head:base")),
                 qPrintable(both()));
        QCOMPARE(migrate(base + QStringList{QStringLiteral("downgrade"),
                                            QStringLiteral("head:base"), QStringLiteral("--sql"),
                                            QStringLiteral("host=/nonexistent dbname=x")}),
                 0);
        QVERIFY2(PrintCapture::out().contains(QLatin1String("DROP TABLE vacancies_replies")),
                 qPrintable(PrintCapture::out()));
    }

    void failuresExitOneOrTwo()
    {
        AlembicDemoProject project;
        project.addRevision(QStringLiteral("9f00000000aa"),
                            QLatin1String(AlembicDemoProject::Vacancies), QStringLiteral("broken"),
                            {QStringLiteral("INSERT INTO no_such_table VALUES (1)")});
        const QString conn = connectionTo(QStringLiteral("alembic_cli_fail"));
        const QStringList base{QStringLiteral("--alembic"), project.path()};
        QCOMPARE(migrate(base + QStringList{QStringLiteral("upgrade"),
                                            QStringLiteral("0123456789ab"), conn}),
                 2);
        QVERIFY(PrintCapture::err().contains(
            QLatin1String("No such revision in this Alembic project: 0123456789ab")));
        QCOMPARE(
            migrate(base + QStringList{QStringLiteral("upgrade"), QStringLiteral("head"), conn}),
            1);
        QVERIFY2(PrintCapture::err().contains(QLatin1String(
                     "Revision 9f00000000aa failed: relation \"no_such_table\" does not exist")),
                 qPrintable(both()));
        QVERIFY(PrintCapture::err().contains(
            QLatin1String("statement: INSERT INTO no_such_table VALUES (1)")));
        QCOMPARE(dbx::test::alembicVersion(db(QStringLiteral("alembic_cli_fail"))), QString());
        QCOMPARE(migrate(base + QStringList{QStringLiteral("current"),
                                            TestCluster::instance()
                                                .directSpec(QStringLiteral("alembic_none_here"))
                                                .toKeywordString()}),
                 1);
    }

    void ownUrlIsNamed()
    {
        AlembicDemoProject project;
        const QString conn = connectionTo(QStringLiteral("alembic_cli_open"));
        connectionTo(QStringLiteral("alembic_cli_other"));
        project.useOwnUrl(dbx::migrations::alembicUrl(
            TestCluster::instance().directSpec(QStringLiteral("alembic_cli_other"))));
        QCOMPARE(migrate({QStringLiteral("--alembic"), project.path(), QStringLiteral("upgrade"),
                          QStringLiteral("head"), conn}),
                 0);
        QVERIFY2(PrintCapture::err().contains(
                     QLatin1String("env.py chose its own database: Alembic ran against database "
                                   "alembic_cli_other on ")),
                 qPrintable(both()));
        QVERIFY(PrintCapture::err().contains(QLatin1String("not alembic_cli_open.")));
    }
};

QTEST_GUILESS_MAIN(TestAlembicCommand)
#include "tst_alembiccommand.moc"
