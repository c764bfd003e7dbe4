// dbexplorer on servers that take no changes, as a user runs it: a hot standby made by
// pg_basebackup -R from the test's own cluster, and a primary database whose sessions start
// read-only. ping says which it is; migrations that would change anything are refused up front
// (exit 1) and leave the primary as it was; the read-only commands still work.

#include "standbycluster.h"
#include "testcluster.h"

#include "model/db/executor.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using dbx::test::StandbyCluster;
using dbx::test::TestCluster;

class TestReplicas : public QObject {
    Q_OBJECT

private:
    struct Run {
        int exitCode = -1;
        QString out;
        QString err;
    };

    QTemporaryDir m_home;

    Run run(const QStringList &args, const QString &locale = QStringLiteral("C.UTF-8"))
    {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_home.path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.path() + QStringLiteral("/config"));
        env.insert(QStringLiteral("LANG"), locale);
        env.insert(QStringLiteral("LC_ALL"), locale);
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(DBX_APP_PATH), args);
        Run r;
        if (!process.waitForFinished(60000)) {
            process.kill();
            process.waitForFinished();
            r.err = QStringLiteral("timed out");
            return r;
        }
        r.exitCode = process.exitCode();
        r.out = QString::fromUtf8(process.readAllStandardOutput());
        r.err = QString::fromUtf8(process.readAllStandardError());
        return r;
    }

    static QString primary(const QString &database)
    {
        return TestCluster::instance().directSpec(database).toKeywordString();
    }
    static QString standby(const QString &database)
    {
        return StandbyCluster::instance().spec(database).toKeywordString();
    }

    // What the primary holds that a migration would change: tables, types and the ledger.
    static QString primaryState(const QString &database)
    {
        QSqlDatabase db = TestCluster::instance().openDirect(database);
        const auto rows = dbx::model::exec(
            db, dbx::model::Statement(QStringLiteral(
                    "SELECT (SELECT string_agg(n.nspname || '.' || c.relname || ':' || "
                    "c.relkind::text, "
                    "',' ORDER BY 1) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')), "
                    "(SELECT string_agg(typname, ',' ORDER BY 1) FROM pg_type "
                    "WHERE typtype = 'e'), "
                    "to_regclass('dbx_migrations.events') IS NOT NULL")));
        if (!rows || rows->rows.isEmpty())
            return QStringLiteral("unreadable: ") + rows.error().message;
        QString state = rows->rows.first().value(0).toString() + QLatin1Char('|') +
                        rows->rows.first().value(1).toString();
        if (rows->rows.first().value(2).toBool()) {
            const auto ledger = dbx::model::exec(
                db, dbx::model::Statement(
                        QStringLiteral("SELECT (SELECT string_agg(revision, ',' ORDER BY revision) "
                                       "FROM dbx_migrations.applied_revisions), "
                                       "(SELECT count(*) FROM dbx_migrations.events)")));
            if (ledger && !ledger->rows.isEmpty())
                state += QStringLiteral("|%1|%2")
                             .arg(ledger->rows.first().value(0).toString())
                             .arg(ledger->rows.first().value(1).toLongLong());
        }
        return state;
    }

    static QString firstLine(const QString &text) { return text.section(QLatin1Char('\n'), 0, 0); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        DBX_REQUIRE_CLUSTER();
        TestCluster &cluster = TestCluster::instance();
        // Made on the primary after the standby's copy: they reach it by replication.
        QVERIFY(cluster.recreateDatabase(QStringLiteral("shop")));
        QVERIFY(cluster.recreateDatabase(QStringLiteral("frozen")));
        QVERIFY(cluster.exec(QStringLiteral("postgres"),
                             QStringLiteral("ALTER DATABASE frozen SET "
                                            "default_transaction_read_only = on")));
        DBX_REQUIRE_STANDBY();
        const Run up = run({QStringLiteral("migrate"), QStringLiteral("upgrade"),
                            QStringLiteral("head"), primary(QStringLiteral("shop"))});
        QVERIFY2(up.exitCode == 0, qPrintable(up.err));
        QVERIFY(StandbyCluster::instance().waitForReplay());
    }

    void pingRecognisesTheStandby()
    {
        const Run onPrimary = run({QStringLiteral("ping"), primary(QStringLiteral("shop"))});
        QCOMPARE(onPrimary.exitCode, 0);
        const QString primaryLine = firstLine(onPrimary.out);
        QVERIFY2(primaryLine.startsWith(QLatin1String("PostgreSQL ")), qPrintable(primaryLine));
        QVERIFY(primaryLine.endsWith(QLatin1String(", database shop, user postgres")));
        QVERIFY2(!onPrimary.out.contains(QLatin1String("standby")), qPrintable(onPrimary.out));

        const Run r = run({QStringLiteral("ping"), standby(QStringLiteral("shop"))});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QStringList lines = r.out.trimmed().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines.at(0), primaryLine + QStringLiteral(", hot standby, read-only"));
        static const QRegularExpression lag(
            QStringLiteral("^replication: (last transaction replayed [0-9]+\\.[0-9] s ago|no "
                           "transaction replayed yet), [0-9.]+ (bytes|KiB|MiB|GiB) received and "
                           "not yet replayed$"));
        QVERIFY2(lag.match(lines.at(1)).hasMatch(), qPrintable(lines.at(1)));
    }

    void pingRecognisesAReadOnlyDatabase()
    {
        const Run r = run({QStringLiteral("ping"), primary(QStringLiteral("frozen"))});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(
            r.out.trimmed().endsWith(QLatin1String(", database frozen, user postgres, read-only "
                                                   "(default_transaction_read_only = on)")),
            qPrintable(r.out));
        QCOMPARE(r.out.trimmed().count(QLatin1Char('\n')), 0); // no replication line
    }

    void migrationsAreRefusedOnTheStandby_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("upgrade") << QStringList{QStringLiteral("upgrade"), QStringLiteral("head")};
        QTest::newRow("downgrade")
            << QStringList{QStringLiteral("downgrade"), QStringLiteral("base")};
        QTest::newRow("step down")
            << QStringList{QStringLiteral("downgrade"), QStringLiteral("-1")};
        QTest::newRow("stamp") << QStringList{QStringLiteral("stamp"), QStringLiteral("base")};
    }

    void migrationsAreRefusedOnTheStandby()
    {
        QFETCH(QStringList, args);
        const QString before = primaryState(QStringLiteral("shop"));
        QVERIFY2(before.contains(QLatin1String("dbx_migrations.events")), qPrintable(before));
        const Run r = run(QStringList{QStringLiteral("migrate")} + args +
                          QStringList{standby(QStringLiteral("shop"))});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(
            r.err.trimmed(),
            QStringLiteral("dbexplorer: shop is a hot standby: migrations run on the primary."));
        QVERIFY2(r.out.isEmpty(), qPrintable(r.out)); // nothing started, nothing logged
        QVERIFY(StandbyCluster::instance().waitForReplay());
        QCOMPARE(primaryState(QStringLiteral("shop")), before);
    }

    // The refusal and ping's words in the user's language.
    void russian()
    {
        const QString ru = QStringLiteral("ru_RU.UTF-8");
        const Run ping = run({QStringLiteral("ping"), standby(QStringLiteral("shop"))}, ru);
        QCOMPARE(ping.exitCode, 0);
        QVERIFY2(firstLine(ping.out).endsWith(QStringLiteral(", горячий резерв, только чтение")),
                 qPrintable(ping.out));
        QVERIFY2(ping.out.contains(QStringLiteral("репликация: ")), qPrintable(ping.out));
        const Run migrate = run({QStringLiteral("migrate"), QStringLiteral("upgrade"),
                                 QStringLiteral("head"), standby(QStringLiteral("shop"))},
                                ru);
        QCOMPARE(migrate.exitCode, 1);
        QCOMPARE(migrate.err.trimmed(),
                 QStringLiteral("dbexplorer: shop — горячий резерв (hot standby): миграции "
                                "выполняются на основном сервере."));
    }

    void readOnlyCommandsWorkOnTheStandby()
    {
        const Run onPrimary = run({QStringLiteral("migrate"), QStringLiteral("current"),
                                   primary(QStringLiteral("shop"))});
        QCOMPARE(onPrimary.exitCode, 0);
        const Run current = run({QStringLiteral("migrate"), QStringLiteral("current"),
                                 standby(QStringLiteral("shop"))});
        QVERIFY2(current.exitCode == 0, qPrintable(current.err));
        QCOMPARE(current.out, onPrimary.out);
        QVERIFY(current.out.contains(QLatin1String("(head, current)")));
        const Run history = run({QStringLiteral("migrate"), QStringLiteral("history"),
                                 standby(QStringLiteral("shop"))});
        QVERIFY2(history.exitCode == 0, qPrintable(history.err));
        QVERIFY(history.out.contains(QLatin1String("[applied]")));
        // The SQL preview changes nothing either.
        const Run sql =
            run({QStringLiteral("migrate"), QStringLiteral("downgrade"), QStringLiteral("base"),
                 QStringLiteral("--sql"), standby(QStringLiteral("shop"))});
        QVERIFY2(sql.exitCode == 0, qPrintable(sql.err));
        QVERIFY(sql.out.contains(QLatin1String("DROP TABLE")));
    }

    void migrationsAreRefusedOnAReadOnlyDatabase()
    {
        const QString before = primaryState(QStringLiteral("frozen"));
        const Run r = run({QStringLiteral("migrate"), QStringLiteral("upgrade"),
                           QStringLiteral("head"), primary(QStringLiteral("frozen"))});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.err.trimmed(),
                 QStringLiteral("dbexplorer: frozen is read-only (default_transaction_read_only "
                                "= on): migrations need a database that accepts changes."));
        QCOMPARE(primaryState(QStringLiteral("frozen")), before);
        QVERIFY2(!before.startsWith(QLatin1String("unreadable")), qPrintable(before));
        QVERIFY2(!before.contains(QLatin1String("dbx_migrations")), qPrintable(before));
        const Run current = run({QStringLiteral("migrate"), QStringLiteral("current"),
                                 primary(QStringLiteral("frozen"))});
        QCOMPARE(current.exitCode, 0);
        QCOMPARE(current.out.trimmed(), QStringLiteral("base (no revision applied)"));
    }
};

QTEST_GUILESS_MAIN(TestReplicas)
#include "tst_replicas.moc"
