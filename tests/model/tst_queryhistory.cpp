// The query history: entries persist across instances, a torn last line (a crash mid-write)
// loses only itself, search finds by substring and by whole words newest first, and the file
// stays bounded.

#include "model/console/queryhistory.h"

#include <QtTest>

using namespace dbx::model;

namespace {

HistoryEntry entry(const QString &sql, HistoryEntry::Status status = HistoryEntry::Status::Ok)
{
    HistoryEntry e;
    e.startedAt = QDateTime::currentDateTimeUtc();
    e.connection = QStringLiteral("demo");
    e.database = QStringLiteral("jobs");
    e.durationMs = 12;
    e.rows = 3;
    e.status = status;
    if (status == HistoryEntry::Status::Failed)
        e.error = QStringLiteral("relation \"nope\" does not exist");
    e.sql = sql;
    return e;
}

QStringList sqls(const QList<HistoryEntry> &entries)
{
    QStringList out;
    for (const HistoryEntry &e : entries)
        out << e.sql;
    return out;
}

} // namespace

class TestQueryHistory : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString path(const char *name) const { return m_dir.filePath(QLatin1String(name)); }

private slots:
    void persistsAndReloads()
    {
        const QString file = path("a/history.jsonl");
        {
            QueryHistory history(file);
            QSignalSpy appended(&history, &QueryHistory::appended);
            QVERIFY(history.append(entry(QStringLiteral("SELECT 1"))).ok());
            QVERIFY(history
                        .append(entry(QStringLiteral("SELECT * FROM nope"),
                                      HistoryEntry::Status::Failed))
                        .ok());
            QCOMPARE(appended.count(), 2);
        }
        QueryHistory again(file);
        QCOMPARE(again.entries().size(), 2);
        const HistoryEntry &failed = again.entries().at(1);
        QCOMPARE(failed.status, HistoryEntry::Status::Failed);
        QCOMPARE(failed.error, QStringLiteral("relation \"nope\" does not exist"));
        QCOMPARE(failed.connection, QStringLiteral("demo"));
        QCOMPARE(failed.database, QStringLiteral("jobs"));
        QCOMPARE(failed.durationMs, 12);
        QCOMPARE(failed.rows, 3);
        QVERIFY(failed.startedAt.isValid());
        QCOMPARE(again.skippedLines(), 0);
    }

    void tornLineLosesOnlyItself()
    {
        const QString file = path("torn.jsonl");
        {
            QueryHistory history(file);
            QVERIFY(history.append(entry(QStringLiteral("SELECT 'kept'"))).ok());
        }
        // What a kill in the middle of a write leaves: half a line, no newline.
        QFile raw(file);
        QVERIFY(raw.open(QIODevice::Append));
        raw.write("{\"at\":\"2026-12-03T10:00:00.000Z\",\"sql\":\"SELECT 'ha");
        raw.close();
        {
            QueryHistory history(file);
            QCOMPARE(history.entries().size(), 1);
            QCOMPARE(history.skippedLines(), 1);
            QVERIFY(history.append(entry(QStringLiteral("SELECT 'after'"))).ok());
        }
        QueryHistory reread(file);
        QCOMPARE(sqls(reread.entries()),
                 (QStringList{QStringLiteral("SELECT 'kept'"), QStringLiteral("SELECT 'after'")}));
    }

    void searchesNewestFirst()
    {
        QueryHistory history(path("search.jsonl"));
        for (const char *sql : {"SELECT * FROM workers",
                                "SELECT * FROM resumes r JOIN workers w "
                                "ON w.id = r.worker_id",
                                "UPDATE workers SET username = $1",
                                "select count(*) from "
                                "workers_archive"})
            QVERIFY(history.append(entry(QString::fromUtf8(sql))).ok());
        QCOMPARE(history.search(QString()).size(), 4);
        QCOMPARE(history.search(QString()).first().sql,
                 QStringLiteral("select count(*) from workers_archive"));
        // Substring, any case: workers_archive too.
        QCOMPARE(history.search(QStringLiteral("WORKERS")).size(), 4);
        // Whole words in any order: not workers_archive, not "worker_id" for "worker".
        QCOMPARE(sqls(history.search(QStringLiteral("workers select"), QueryHistory::Match::Words)),
                 (QStringList{QStringLiteral("SELECT * FROM resumes r JOIN workers w ON w.id = "
                                             "r.worker_id"),
                              QStringLiteral("SELECT * FROM workers")}));
        QCOMPARE(history.search(QStringLiteral("worker"), QueryHistory::Match::Words).size(), 0);
        QCOMPARE(history.search(QStringLiteral("$1"), QueryHistory::Match::Words).size(), 1);
        QCOMPARE(
            history.search(QStringLiteral("workers"), QueryHistory::Match::Substring, 2).size(), 2);
    }

    void staysBounded()
    {
        const QString file = path("bounded.jsonl");
        QueryHistory history(file, 40);
        for (int i = 0; i < 100; ++i)
            QVERIFY(history.append(entry(QStringLiteral("SELECT %1").arg(i))).ok());
        QVERIFY(history.entries().size() <= 40);
        QCOMPARE(history.entries().last().sql, QStringLiteral("SELECT 99"));
        const qsizetype kept = history.entries().size();
        QueryHistory reread(file, 40);
        QCOMPARE(reread.entries().size(), kept);
        QCOMPARE(reread.entries().last().sql, QStringLiteral("SELECT 99"));
        // A huge statement is kept cut, and says so.
        QVERIFY(history.append(entry(QString(QueryHistory::kMaxSqlChars + 10, u'x'))).ok());
        QVERIFY(history.entries().last().sqlTruncated);
        QCOMPARE(history.entries().last().sql.size(), QueryHistory::kMaxSqlChars);
    }

    void unwritableFileIsAClearError()
    {
        QueryHistory history(QStringLiteral("/proc/no-such-dir/history.jsonl"));
        const Status written = history.append(entry(QStringLiteral("SELECT 1")));
        QVERIFY(!written.ok());
        QVERIFY(written.error().message.contains(QStringLiteral("/proc/no-such-dir")));
        QCOMPARE(history.entries().size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestQueryHistory)
#include "tst_queryhistory.moc"
