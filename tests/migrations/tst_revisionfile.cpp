#include "migrations/revisionfile.h"
#include "migrations/revisionsource.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace dbx::migrations;

// The file format and every load-time rejection, each with its file and line.
class TestRevisionFile : public QObject {
    Q_OBJECT

private:
    static QString file(const QString &body, const QString &header = {})
    {
        return QStringLiteral("-- revision: 0123456789ab\n"
                              "-- parents:\n"
                              "-- message: test revision\n") +
               header + body;
    }

    static QString errorOf(const QString &text)
    {
        const auto parsed = RevisionFile::parse(text, QStringLiteral("t.sql"));
        return parsed ? QString() : parsed.error().message;
    }

private slots:
    void parsesHeaderAndSections()
    {
        const QString text =
            QStringLiteral("-- revision: 3f2a9c1d7b01\n"
                           "-- parents: aaaaaaaaaaaa, bbbbbbbbbbbb\n"
                           "-- message: merge and create\n"
                           "-- created: 2024-03-01\n"
                           "-- Free comments without a key are allowed in the header.\n"
                           "\n"
                           "-- upgrade\n"
                           "CREATE TABLE a (id int);\n"
                           "\n"
                           "  -- a comment before the statement\n"
                           "INSERT INTO a VALUES (1);\n"
                           "-- downgrade\n"
                           "DROP TABLE a;\n");
        const auto parsed = RevisionFile::parse(text, QStringLiteral("x.sql"));
        QVERIFY2(parsed, qPrintable(parsed.error().message));
        const Revision &revision = parsed.value();
        QCOMPARE(revision.id, QStringLiteral("3f2a9c1d7b01"));
        QCOMPARE(revision.parents,
                 QStringList({QStringLiteral("aaaaaaaaaaaa"), QStringLiteral("bbbbbbbbbbbb")}));
        QCOMPARE(revision.message, QStringLiteral("merge and create"));
        QCOMPARE(revision.created, QStringLiteral("2024-03-01"));
        QVERIFY(revision.transactional);
        QCOMPARE(revision.upgrade.size(), 2);
        QCOMPARE(revision.upgrade.at(0).sql, QStringLiteral("CREATE TABLE a (id int)"));
        QCOMPARE(revision.upgrade.at(0).line, 8);
        QCOMPARE(revision.upgrade.at(1).sql, QStringLiteral("INSERT INTO a VALUES (1)"));
        QCOMPARE(revision.upgrade.at(1).line, 11);
        QCOMPARE(revision.downgrade.kind, Downgrade::Kind::Statements);
        QCOMPARE(revision.downgrade.statements.size(), 1);
        QCOMPARE(revision.downgrade.statements.at(0).line, 13);
        QCOMPARE(revision.checksum.size(), 64);
        QCOMPARE(revision.idLine, 1);
        QCOMPARE(revision.parentsLine, 2);
    }

    void splitsLikeTheServer()
    {
        const QString body = QStringLiteral(
            "-- upgrade\n"
            "CREATE FUNCTION f() RETURNS text LANGUAGE plpgsql AS $body$\n"
            "BEGIN\n"
            "    RETURN 'a;b';\n"
            "END;\n"
            "$body$;\n"
            "SELECT E'it\\'s; here', $$ ; $$;\n"
            "/* outer /* nested; */ still comment; */ SELECT \"semi;colon\" FROM (SELECT 1 AS "
            "\"semi;colon\") s;\n"
            "SELECT 'x' -- trailing; comment\n"
            ";\n"
            "-- downgrade\n"
            "DROP FUNCTION f();\n");
        const auto parsed = RevisionFile::parse(file(body), QStringLiteral("t.sql"));
        QVERIFY2(parsed, qPrintable(parsed.error().message));
        const QList<Statement> &statements = parsed->upgrade;
        QCOMPARE(statements.size(), 4);
        QVERIFY(statements.at(0).sql.startsWith(QLatin1String("CREATE FUNCTION")));
        QVERIFY(statements.at(0).sql.endsWith(QLatin1String("$body$")));
        QCOMPARE(statements.at(0).line, 5);
        QCOMPARE(statements.at(1).sql, QStringLiteral("SELECT E'it\\'s; here', $$ ; $$"));
        QCOMPARE(statements.at(1).line, 10);
        QVERIFY(statements.at(2).sql.startsWith(QLatin1String("SELECT \"semi;colon\"")));
        QCOMPARE(statements.at(2).line, 11);
        QCOMPARE(statements.at(3).line, 12);
        QVERIFY(!statements.at(0).transactionControl);
    }

    void rejectsWithFileAndLine_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        const QString down = QStringLiteral("-- downgrade\nSELECT 1;\n");
        QTest::newRow("unknown key") << QStringLiteral("-- revision: 0123456789ab\n"
                                                       "-- parents:\n"
                                                       "-- mesage: typo\n"
                                                       "-- upgrade\nSELECT 1;\n") +
                                            down
                                     << QStringLiteral("t.sql:3: unknown header key \"mesage\"");
        QTest::newRow("malformed id")
            << QStringLiteral("-- revision: 0123456789AB\n-- parents:\n-- message: m\n"
                              "-- upgrade\nSELECT 1;\n") +
                   down
            << QStringLiteral("t.sql:1: malformed revision id \"0123456789AB\"");
        QTest::newRow("short id")
            << QStringLiteral("-- revision: abc\n-- parents:\n-- message: m\n-- upgrade\n") + down
            << QStringLiteral("t.sql:1: malformed revision id \"abc\"");
        QTest::newRow("malformed parent")
            << QStringLiteral("-- revision: 0123456789ab\n-- parents: 12345\n-- message: m\n"
                              "-- upgrade\n") +
                   down
            << QStringLiteral("t.sql:2: malformed parent id \"12345\"");
        QTest::newRow("no parents header")
            << QStringLiteral("-- revision: 0123456789ab\n-- message: m\n-- upgrade\n") + down
            << QStringLiteral("t.sql:1: no \"-- parents:\" header");
        QTest::newRow("duplicate key")
            << file(QStringLiteral("-- upgrade\n") + down, QStringLiteral("-- message: again\n"))
            << QStringLiteral("t.sql:4: header \"message\" given twice");
        QTest::newRow("missing upgrade")
            << file(down) << QStringLiteral("no \"-- upgrade\" section marker");
        QTest::newRow("missing downgrade")
            << file(QStringLiteral("-- upgrade\nSELECT 1;\n"))
            << QStringLiteral("t.sql:6: no \"-- downgrade\" section");
        QTest::newRow("empty downgrade")
            << file(QStringLiteral("-- upgrade\nSELECT 1;\n-- downgrade\n\n"))
            << QStringLiteral("t.sql:6: the downgrade section is empty");
        QTest::newRow("irreversible without reason")
            << file(QStringLiteral("-- upgrade\nSELECT 1;\n-- downgrade: irreversible\n"))
            << QStringLiteral("t.sql:6: say why the revision is irreversible");
        QTest::newRow("begin") << file(QStringLiteral("-- upgrade\nSELECT 1;\n\nBEGIN;\n") + down)
                               << QStringLiteral("t.sql:7: transaction control (\"BEGIN\")");
        QTest::newRow("commit in downgrade")
            << file(QStringLiteral("-- upgrade\nSELECT 1;\n-- downgrade\nSELECT 2;\nCOMMIT;\n"))
            << QStringLiteral("t.sql:8: transaction control (\"COMMIT\")");
        QTest::newRow("savepoint")
            << file(QStringLiteral("-- upgrade\nSAVEPOINT s;\n") + down)
            << QStringLiteral("t.sql:5: transaction control (\"SAVEPOINT s\")");
        QTest::newRow("concurrently")
            << file(QStringLiteral("-- upgrade\nCREATE INDEX CONCURRENTLY i ON t (a);\n") + down)
            << QStringLiteral("t.sql:5: CREATE INDEX CONCURRENTLY cannot run inside a transaction");
        QTest::newRow("vacuum") << file(QStringLiteral("-- upgrade\nSELECT 1;\nVACUUM t;\n") + down)
                                << QStringLiteral(
                                       "t.sql:6: VACUUM cannot run inside a transaction");
        QTest::newRow("create database")
            << file(QStringLiteral("-- upgrade\nCREATE DATABASE x;\n") + down)
            << QStringLiteral("t.sql:5: CREATE DATABASE cannot run inside a transaction");
        QTest::newRow("alter system")
            << file(QStringLiteral("-- upgrade\nALTER SYSTEM SET work_mem = '8MB';\n") + down)
            << QStringLiteral("t.sql:5: ALTER SYSTEM cannot run inside a transaction");
        QTest::newRow("enum value used at once")
            << file(QStringLiteral("-- upgrade\nALTER TYPE w ADD VALUE 'contract';\n"
                                   "UPDATE r SET workload = 'contract';\n") +
                    down)
            << QStringLiteral("t.sql:6: uses the enum value 'contract' added on line 5");
        QTest::newRow("syntax error")
            << file(QStringLiteral("-- upgrade\nSELECT 1;\n\nSELEC 2;\n") + down)
            << QStringLiteral("t.sql:7: the SQL does not parse: syntax error at or near "
                              "\"SELEC\"");
        QTest::newRow("bad transaction mode")
            << file(QStringLiteral("-- upgrade\n") + down, QStringLiteral("-- transaction: off\n"))
            << QStringLiteral("t.sql:4: \"transaction\" must be per-revision or none");
        QTest::newRow("bad date") << file(QStringLiteral("-- upgrade\n") + down,
                                          QStringLiteral("-- created: soon\n"))
                                  << QStringLiteral("t.sql:4: \"created\" is not an ISO date");
        QTest::newRow("sql before upgrade")
            << file(QStringLiteral("CREATE TABLE t (id int);\n-- upgrade\n") + down)
            << QStringLiteral("t.sql:4: SQL before the \"-- upgrade\" marker");
        QTest::newRow("downgrade first")
            << file(QStringLiteral("-- downgrade\nSELECT 1;\n-- upgrade\nSELECT 2;\n"))
            << QStringLiteral("t.sql:6: the upgrade section must come before the downgrade");
    }

    void rejectsWithFileAndLine()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        const QString error = errorOf(text);
        QVERIFY2(error.startsWith(QLatin1String("t.sql:")), qPrintable(error));
        QVERIFY2(error.contains(expected), qPrintable(error));
    }

    void noTransactionModeAllowsConcurrently()
    {
        const QString text = file(QStringLiteral("-- upgrade\nCREATE INDEX CONCURRENTLY i ON t "
                                                 "(a);\n-- downgrade\nDROP INDEX CONCURRENTLY "
                                                 "i;\n"),
                                  QStringLiteral("-- transaction: none\n"));
        const auto parsed = RevisionFile::parse(text, QStringLiteral("t.sql"));
        QVERIFY2(parsed, qPrintable(parsed.error().message));
        QVERIFY(!parsed->transactional);
        QCOMPARE(parsed->upgrade.at(0).needsNoTransaction,
                 QStringLiteral("CREATE INDEX CONCURRENTLY"));
        // Transaction control stays forbidden even then.
        QVERIFY(errorOf(file(QStringLiteral("-- upgrade\nCOMMIT;\n-- downgrade: empty\n"),
                             QStringLiteral("-- transaction: none\n")))
                    .contains(QLatin1String("transaction control")));
    }

    void explicitDowngradeModes()
    {
        const auto empty = RevisionFile::parse(
            file(QStringLiteral("-- upgrade\nSELECT 1;\n-- downgrade: empty\n")),
            QStringLiteral("t.sql"));
        QVERIFY2(empty, qPrintable(empty.error().message));
        QCOMPARE(empty->downgrade.kind, Downgrade::Kind::Empty);
        const auto irreversible = RevisionFile::parse(
            file(QStringLiteral("-- upgrade\nSELECT 1;\n-- downgrade: irreversible the old "
                                "column's data is gone\n")),
            QStringLiteral("t.sql"));
        QVERIFY2(irreversible, qPrintable(irreversible.error().message));
        QCOMPARE(irreversible->downgrade.kind, Downgrade::Kind::Irreversible);
        QCOMPARE(irreversible->downgrade.reason, QStringLiteral("the old column's data is gone"));
        QVERIFY(errorOf(file(QStringLiteral("-- upgrade\nSELECT 1;\n-- downgrade: empty\nSELECT "
                                            "2;\n")))
                    .startsWith(QLatin1String("t.sql:7: a downgrade marked \"empty\" cannot")));
        // A merge revision has nothing to run: an empty upgrade is fine.
        QVERIFY(RevisionFile::parse(file(QStringLiteral("-- upgrade\n-- downgrade: empty\n")),
                                    QStringLiteral("t.sql")));
    }

    void checksumIgnoresLineEndingsAndTrailingSpace()
    {
        const QString a = QStringLiteral("CREATE TABLE a (id int);\nSELECT 1;\n");
        const QString b =
            QStringLiteral("\r\n\r\nCREATE TABLE a (id int);   \r\nSELECT 1;\t\r\n\r\n");
        QCOMPARE(RevisionFile::checksum(a), RevisionFile::checksum(b));
        QVERIFY(RevisionFile::checksum(a) !=
                RevisionFile::checksum(QStringLiteral("CREATE TABLE a (id bigint);\nSELECT 1;")));
        QCOMPARE(
            RevisionFile::checksum(QString()),
            QStringLiteral("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
        const QString crlfFile = file(QStringLiteral("-- upgrade\r\nSELECT 1;   \r\n-- "
                                                     "downgrade: empty\r\n"))
                                     .replace(QLatin1String("\n"), QLatin1String("\r\n"));
        const QString lfFile = file(QStringLiteral("-- upgrade\nSELECT 1;\n-- downgrade: empty\n"));
        QCOMPARE(RevisionFile::parse(crlfFile, QStringLiteral("a.sql"))->checksum,
                 RevisionFile::parse(lfFile, QStringLiteral("b.sql"))->checksum);
    }

    void embeddedDemoChainLoads()
    {
        const auto graph = RevisionSource::loadEmbedded();
        QVERIFY2(graph, qPrintable(graph.error().message));
        QCOMPARE(graph->revisions().size(), 5);
        QCOMPARE(graph->bases(), QStringList{QStringLiteral("3f2a9c1d7b01")});
        QCOMPARE(graph->heads(), QStringList{QStringLiteral("1b6f8d2e4a70")});
        for (const Revision &revision : graph->revisions()) {
            QVERIFY(revision.transactional);
            QCOMPARE(revision.downgrade.kind, Downgrade::Kind::Statements);
            QVERIFY(!revision.upgrade.isEmpty());
        }
    }

    void directoryErrorsListEveryFile()
    {
        const auto graph = RevisionSource::loadFiles(
            {{QStringLiteral("a.sql"), file(QStringLiteral("-- upgrade\nSELEC;\n-- downgrade: "
                                                           "empty\n"))},
             {QStringLiteral("b.sql"), QStringLiteral("-- revision: nope\n")}});
        QVERIFY(!graph);
        QVERIFY2(graph.error().message.startsWith(QLatin1String("a.sql:5:")),
                 qPrintable(graph.error().message));
        QVERIFY(graph.error().detail.contains(QLatin1String("b.sql:1:")));
    }

    // The problems are listed once: the first as the message, the others as its detail.
    void aSingleProblemIsNotRepeatedInTheDetail()
    {
        const auto graph = RevisionSource::loadFiles(
            {{QStringLiteral("a.sql"), file(QStringLiteral("-- upgrade\nSELEC;\n-- downgrade: "
                                                           "empty\n"))}});
        QVERIFY(!graph);
        QVERIFY(graph.error().message.startsWith(QLatin1String("a.sql:5:")));
        QVERIFY2(graph.error().detail.isEmpty(), qPrintable(graph.error().detail));
    }

    // libpg_query reads a C string: the statements after a NUL would silently not run, and the
    // revision would still be recorded as applied.
    void nulByteIsRefusedWithItsLine()
    {
        QString text = file(QStringLiteral("-- upgrade\ncreate table a(i int);\n"
                                           "create table b(i int);\n-- downgrade: empty\n"));
        text.insert(text.indexOf(QLatin1String("\ncreate table b")), QChar(0));
        const QString error = errorOf(text);
        QVERIFY2(error.startsWith(QLatin1String("t.sql:5: ")), qPrintable(error));
        QVERIFY2(error.contains(QLatin1String("NUL")), qPrintable(error));
    }

    // 80,000 statements: the lines of the statements are counted once, not from the start of
    // the section for every statement. Measured against a quarter of them, so that a busy
    // machine does not decide: linear reading takes about four times as long, the quadratic one
    // took sixteen times (12 s for 80,000).
    void manyStatementsAreReadInLinearTime()
    {
        const auto readMs = [](int n, int *lastLine) {
            QString body = QStringLiteral("-- upgrade\n");
            body.reserve(n * 40);
            for (int i = 0; i < n; ++i)
                body += QStringLiteral("INSERT INTO t VALUES (%1);\n").arg(i);
            body += QStringLiteral("-- downgrade: empty\n");
            const QString text = file(body);
            QElapsedTimer timer;
            timer.start();
            const auto parsed = RevisionFile::parse(text, QStringLiteral("t.sql"));
            const qint64 ms = timer.elapsed();
            *lastLine = parsed && parsed->upgrade.size() == n ? parsed->upgrade.last().line : -1;
            return ms;
        };
        int line = 0;
        const qint64 quarter = readMs(20000, &line);
        QCOMPARE(line, 5 + 20000 - 1);
        const qint64 whole = readMs(80000, &line);
        QCOMPARE(line, 5 + 80000 - 1);
        qInfo("80,000 statements read in %lld ms (20,000 in %lld ms)", whole, quarter);
        QVERIFY2(whole <= 8 * qMax<qint64>(quarter, 25),
                 qPrintable(QStringLiteral("%1 ms against %2 ms").arg(whole).arg(quarter)));
        QVERIFY2(whole < 10000, qPrintable(QStringLiteral("%1 ms").arg(whole)));
    }

    // A revision that is a link to /dev/zero, a FIFO or a huge file would never finish
    // reading: refused by name instead.
    void nonRegularAndOversizedFilesAreRefused()
    {
        QTemporaryDir dir;
        QVERIFY(QFile::link(QStringLiteral("/dev/zero"), dir.filePath(QStringLiteral("z.sql"))));
        auto graph = RevisionSource::loadDirectory(dir.path());
        QVERIFY(!graph);
        QVERIFY2(graph.error().message.contains(QLatin1String("z.sql")) &&
                     graph.error().message.contains(QLatin1String("not a regular file")),
                 qPrintable(graph.error().message));
        QVERIFY(QFile::remove(dir.filePath(QStringLiteral("z.sql"))));
        QFile big(dir.filePath(QStringLiteral("big.sql")));
        QVERIFY(big.open(QIODevice::WriteOnly));
        QVERIFY(big.resize(RevisionSource::maxFileBytes + 1)); // sparse: nothing is written
        big.close();
        graph = RevisionSource::loadDirectory(dir.path());
        QVERIFY(!graph);
        QVERIFY2(graph.error().message.contains(QLatin1String("big.sql")) &&
                     graph.error().message.contains(QLatin1String("256 MB")),
                 qPrintable(graph.error().message));
    }
};

QTEST_GUILESS_MAIN(TestRevisionFile)
#include "tst_revisionfile.moc"
