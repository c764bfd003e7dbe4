// ConsoleSession against a real server (and, as tst_consolesession_pgbouncer, behind pgbouncer
// in transaction pooling): hostile :name values round-trip and run nothing extra; notices
// arrive live and in order with their statement; Cancel stops pg_sleep(30) within 100 ms;
// manual Commit, Rollback and the failed state; read-only refuses a write with the server's
// error; the console's SETs stay on its own connection; errors point into the whole editor
// text; a 10^6-row SELECT keeps the client's rows bounded while it is scrolled and fetched
// whole; the cursor's transaction ends when another statement runs.

#include "model/console/consolesession.h"
#include "model/db/executor.h"
#include "testcluster.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QtTest>

using namespace dbx::model;

namespace {

const QString kDb = QStringLiteral("consolesession");

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

// Resident memory of this process, from /proc/self/status.
qint64 rssKb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

// What a run reported, in order, as text; the models it produced.
struct Recorder {
    QStringList events;
    QList<QPointer<ResultSetModel>> models;
    QList<ScriptFailure> failures;
    QList<StatementSummary> summaries;
    bool finished = false;
    ConsoleRunOutcome outcome;

    explicit Recorder(ConsoleSession &session)
    {
        QObject::connect(
            &session, &ConsoleSession::statementStarted, &session,
            [this](int i, const QString &text, int line) {
                events << QStringLiteral("started %1 line %2: %3").arg(i).arg(line).arg(text);
            });
        QObject::connect(&session, &ConsoleSession::resultReady, &session,
                         [this](int i, ResultSetModel *model) {
                             events << QStringLiteral("result %1").arg(i);
                             models << model;
                         });
        QObject::connect(&session, &ConsoleSession::statementFinished, &session,
                         [this](int i, const StatementSummary &summary) {
                             events << QStringLiteral("finished %1 %2").arg(i).arg(summary.command);
                             summaries << summary;
                         });
        QObject::connect(&session, &ConsoleSession::notice, &session,
                         [this](int i, const Notice &notice) {
                             events << QStringLiteral("notice %1 %2").arg(i).arg(notice.message);
                         });
        QObject::connect(&session, &ConsoleSession::statementFailed, &session,
                         [this](int i, const ScriptFailure &failure) {
                             events << QStringLiteral("failed %1 %2 %3:%4 %5")
                                           .arg(i)
                                           .arg(failure.error.sqlState)
                                           .arg(failure.line)
                                           .arg(failure.column)
                                           .arg(failure.error.message);
                             failures << failure;
                         });
        QObject::connect(&session, &ConsoleSession::runRejected, &session,
                         [this](const DbError &error) {
                             events << QStringLiteral("rejected ") + error.message;
                         });
        QObject::connect(&session, &ConsoleSession::runFinished, &session,
                         [this](const ConsoleRunOutcome &o) {
                             finished = true;
                             outcome = o;
                         });
    }
};

QString cell(ResultSetModel *model, int row, int column)
{
    return model->data(model->index(row, column)).toString();
}

} // namespace

class TestConsoleSession : public QObject {
    Q_OBJECT

private:
    dbx::test::TestCluster &cluster() { return dbx::test::TestCluster::instance(); }

    std::unique_ptr<ConsoleSession> openSession()
    {
        auto session = std::make_unique<ConsoleSession>();
        QSignalSpy ready(session.get(), &ConsoleSession::ready);
        session->open(cluster().spec(kDb));
        if (!ready.wait(10000))
            return nullptr;
        return session;
    }

    // Runs `text` and waits for the run's end.
    bool runAndWait(ConsoleSession &session, Recorder &recorder, const QString &text,
                    const ParameterValues &values = {}, const ConsoleRunOptions &options = {})
    {
        recorder.finished = false;
        if (!session.run(text, values, options))
            return false;
        QDeadlineTimer deadline(60000);
        while (!recorder.finished && !deadline.hasExpired())
            QTest::qWait(2);
        return recorder.finished;
    }

    qint64 count(const QString &sql)
    {
        QSqlDatabase db = cluster().openDirect(kDb);
        const Result<QVariant> value = execScalar(db, Statement(sql));
        return value ? value->toLongLong() : -1;
    }

private slots:
    void initTestCase()
    {
        DBX_REQUIRE_CLUSTER();
        QString error;
        QVERIFY2(cluster().recreateDatabase(kDb, &error), qPrintable(error));
        QVERIFY2(cluster().exec(kDb,
                                s("CREATE TABLE workers (id int PRIMARY KEY, username text);"
                                  "INSERT INTO workers VALUES (1, 'ann'), (2, 'bob');"
                                  "CREATE TABLE big AS SELECT g AS id, md5(g::text) AS txt "
                                  "FROM generate_series(1, 1000000) g;"
                                  "ALTER TABLE big ADD PRIMARY KEY (id); ANALYZE big;"),
                                &error),
                 qPrintable(error));
    }

    // A notice raised while a later page is computed belongs to the result's statement too.
    void noticesOfLaterPages()
    {
        QVERIFY(cluster().exec(
            kDb, s("CREATE OR REPLACE FUNCTION noisy(i int) RETURNS int LANGUAGE plpgsql AS $$ "
                   "BEGIN IF i = 700 THEN RAISE NOTICE 'row %', i; END IF; RETURN i; END $$")));
        auto session = openSession();
        QVERIFY(session);
        Recorder recorder(*session);
        QVERIFY(runAndWait(*session, recorder,
                           s("SELECT noisy(g) FROM generate_series(1, 2000) AS g")));
        ResultSetModel *model = recorder.models.at(0);
        QCOMPARE(model->rowCount(), ResultSetModel::kPageRows);
        QVERIFY(!recorder.events.contains(s("notice 0 row 700")));
        model->fetchMore();
        QTRY_COMPARE(model->rowCount(), 2 * ResultSetModel::kPageRows);
        QTRY_VERIFY2(recorder.events.contains(s("notice 0 row 700")),
                     qPrintable(recorder.events.join(u'\n')));
    }

    void hostileParametersRoundTrip()
    {
        auto session = openSession();
        QVERIFY(session);
        Recorder recorder(*session);
        const QStringList hostile{s("'); DROP TABLE workers; --"),
                                  s("$1"),
                                  s(":other"),
                                  s("\\' OR 1=1 --"),
                                  s("$$; DELETE FROM workers; $$"),
                                  s("Зоя 🙂 \"q\"")};
        for (const QString &value : hostile) {
            recorder.models.clear();
            QVERIFY(runAndWait(*session, recorder, s("SELECT :v AS v, :v = :v AS same"),
                               {{s("v"), value}}));
            QCOMPARE(recorder.models.size(), 1);
            ResultSetModel *model = recorder.models.at(0);
            QCOMPARE(model->rowCount(), 1);
            QCOMPARE(model->data(model->index(0, 0), ResultSetModel::ValueRole).toString(), value);
        }
        // As a value written to a table, too; then nothing else ran.
        QVERIFY(runAndWait(*session, recorder, s("INSERT INTO workers VALUES (:id, :name)"),
                           {{s("id"), s("3")}, {s("name"), hostile.at(0)}}));
        QCOMPARE(count(s("SELECT count(*) FROM workers")), 3);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM workers WHERE username = '%1'")
                           .arg(QString(hostile.at(0)).replace(s("'"), s("''")))),
                 1);
        QVERIFY(runAndWait(*session, recorder, s("DELETE FROM workers WHERE id = :id"),
                           {{s("id"), s("3")}}));
        QCOMPARE(count(s("SELECT count(*) FROM workers")), 2);
        // A NULL value and a missing one.
        recorder.models.clear();
        QVERIFY(runAndWait(*session, recorder, s("SELECT :v IS NULL AS isnull"),
                           {{s("v"), std::nullopt}}));
        QCOMPARE(cell(recorder.models.at(0), 0, 0), s("true"));
        QVERIFY(!session->run(s("SELECT :missing"), {}));
        QVERIFY2(recorder.events.last().contains(s(":missing")),
                 qPrintable(recorder.events.last()));
    }

    void noticesArriveLive()
    {
        auto session = openSession();
        QVERIFY(session);
        Recorder recorder(*session);
        bool liveWhileRunning = false;
        connect(session.get(), &ConsoleSession::notice, this, [&](int index, const Notice &notice) {
            if (index == 0 && notice.message == s("one"))
                liveWhileRunning =
                    session->isRunning() && !recorder.events.join(u'\n').contains(s("finished 0"));
        });
        QVERIFY(runAndWait(*session, recorder,
                           s("DO $$ BEGIN RAISE NOTICE 'one'; PERFORM pg_sleep(0.5); "
                             "RAISE NOTICE 'two'; END $$;\n"
                             "DO $$ BEGIN RAISE WARNING 'three'; END $$")));
        QVERIFY2(liveWhileRunning, "the first notice came only after its statement ended");
        const QStringList noticesAndEnds =
            recorder.events.filter(QRegularExpression(s("^(notice|finished)")));
        QCOMPARE(noticesAndEnds,
                 (QStringList{s("notice 0 one"), s("notice 0 two"), s("finished 0 DO"),
                              s("notice 1 three"), s("finished 1 DO")}));
    }

    void cancelWithin100ms_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::newRow("select (cursor)") << s("SELECT pg_sleep(30)");
        QTest::newRow("statement") << s("DO $$ BEGIN PERFORM pg_sleep(30); END $$");
    }

    void cancelWithin100ms()
    {
        QFETCH(QString, sql);
        auto session = openSession();
        QVERIFY(session);
        Recorder recorder(*session);
        QVERIFY(session->run(sql, {}));
        QTRY_VERIFY(recorder.events.join(u'\n').contains(s("started 0")));
        QTest::qWait(300); // the statement is on the server now
        QVERIFY(!recorder.finished);
        QElapsedTimer timer;
        timer.start();
        session->cancel();
        // Polled every millisecond (QTRY_ polls every 50 ms, too coarse for the bound).
        while (!recorder.finished && timer.elapsed() < 5000)
            QTest::qWait(1);
        const qint64 ms = timer.elapsed();
        qInfo("cancel took %lld ms", ms);
        QVERIFY2(ms < 100, qPrintable(QStringLiteral("cancel took %1 ms").arg(ms)));
        QVERIFY(recorder.outcome.cancelled);
        QCOMPARE(recorder.failures.size(), 1);
        QVERIFY(recorder.failures.at(0).error.isCancelled());
        QCOMPARE(session->transaction(), ConsoleSession::Transaction::Idle);
        // The session is usable at once.
        recorder.models.clear();
        QVERIFY(runAndWait(*session, recorder, s("SELECT 42")));
        QCOMPARE(cell(recorder.models.at(0), 0, 0), s("42"));
    }

    void manualCommitAndRollback()
    {
        auto session = openSession();
        QVERIFY(session);
        Recorder recorder(*session);
        QSignalSpy ended(session.get(), &ConsoleSession::transactionEnded);
        session->setAutoCommit(false);
        QVERIFY(runAndWait(*session, recorder, s("INSERT INTO workers VALUES (10, 'tx')")));
        QTRY_COMPARE(session->transaction(), ConsoleSession::Transaction::InTransaction);
        QCOMPARE(count(s("SELECT count(*) FROM workers WHERE id = 10")), 0);
        session->rollback();
        QTRY_COMPARE(ended.size(), 1);
        QTRY_COMPARE(session->transaction(), ConsoleSession::Transaction::Idle);
        QCOMPARE(count(s("SELECT count(*) FROM workers WHERE id = 10")), 0);

        QVERIFY(runAndWait(*session, recorder, s("INSERT INTO workers VALUES (10, 'tx')")));
        QTRY_COMPARE(session->transaction(), ConsoleSession::Transaction::InTransaction);
        session->commit();
        QTRY_COMPARE(ended.size(), 2);
        QCOMPARE(ended.at(1).at(0).toString(), s("COMMIT"));
        QTRY_COMPARE(session->transaction(), ConsoleSession::Transaction::Idle);
        QCOMPARE(count(s("SELECT count(*) FROM workers WHERE id = 10")), 1);

        // A failure leaves the transaction failed until Rollback.
        QVERIFY(runAndWait(*session, recorder, s("SELECT 1/0")));
        QTRY_COMPARE(session->transaction(), ConsoleSession::Transaction::Failed);
        recorder.failures.clear();
        QVERIFY(runAndWait(*session, recorder, s("SELECT 1")));
        QCOMPARE(recorder.failures.size(), 1);
        QCOMPARE(recorder.failures.at(0).error.sqlState, s("25P02"));
        session->rollback();
        QTRY_COMPARE(session->transaction(), ConsoleSession::Transaction::Idle);
        QVERIFY(runAndWait(*session, recorder, s("DELETE FROM workers WHERE id = 10")));
        session->commit();
        QTRY_COMPARE(session->transaction(), ConsoleSession::Transaction::Idle);
        QCOMPARE(count(s("SELECT count(*) FROM workers WHERE id = 10")), 0);
    }

    void readOnlyRefusesWrites()
    {
        auto session = openSession();
        QVERIFY(session);
        Recorder recorder(*session);
        session->setReadOnly(true);
        for (const bool autoCommit : {true, false}) {
            session->setAutoCommit(autoCommit);
            recorder.failures.clear();
            QVERIFY(runAndWait(*session, recorder, s("INSERT INTO workers VALUES (20, 'ro')")));
            QCOMPARE(recorder.failures.size(), 1);
            QCOMPARE(recorder.failures.at(0).error.sqlState, s("25006"));
            QVERIFY2(recorder.failures.at(0).error.message.contains(s("read-only")),
                     qPrintable(recorder.failures.at(0).error.message));
            session->rollback();
            QTRY_COMPARE(session->transaction(), ConsoleSession::Transaction::Idle);
        }
        // The user's own BEGIN is read-only too; reads work.
        session->setAutoCommit(true);
        recorder.failures.clear();
        QVERIFY(runAndWait(*session, recorder,
                           s("BEGIN;\nSELECT count(*) FROM workers;\nUPDATE workers SET id = id")));
        QCOMPARE(recorder.failures.size(), 1);
        QCOMPARE(recorder.failures.at(0).error.sqlState, s("25006"));
        QCOMPARE(recorder.failures.at(0).statementLine, 3);
        session->rollback();
        QTRY_COMPARE(session->transaction(), ConsoleSession::Transaction::Idle);
        session->setReadOnly(false);
        QCOMPARE(count(s("SELECT count(*) FROM workers WHERE id = 20")), 0);
    }

    // Directly, a session SET stays on the console's connection. Behind a transaction pooler a
    // session SET belongs to whichever server connection ran it, so there the console's own
    // transaction (manual mode) is what keeps it, and it must not reach anyone else either.
    void setsStayInTheConsole()
    {
        auto session = openSession();
        QVERIFY(session);
        const bool pooled = cluster().pooled();
        if (pooled)
            session->setAutoCommit(false);
        Recorder recorder(*session);
        QVERIFY(runAndWait(*session, recorder, s("SET work_mem = '7777kB'")));
        recorder.models.clear();
        QVERIFY(runAndWait(*session, recorder, s("SHOW work_mem")));
        QCOMPARE(cell(recorder.models.at(0), 0, 0), s("7777kB"));
        Database other;
        QSignalSpy connected(&other, &Database::connected);
        other.connectTo(cluster().spec(kDb));
        QVERIFY(connected.wait(10000));
        QSignalSpy finished(&other, &Database::finished);
        other.execute(Statement(s("SHOW work_mem")));
        QVERIFY(finished.wait(10000));
        const SqlResult result = finished.at(0).at(1).value<SqlResult>();
        QVERIFY(result.ok());
        QVERIFY(result.rows.at(0).at(0).toString() != s("7777kB"));
        if (pooled) {
            session->rollback();
            QTRY_COMPARE(session->transaction(), ConsoleSession::Transaction::Idle);
        }
    }

    void errorsPointIntoTheEditor()
    {
        auto session = openSession();
        QVERIFY(session);
        Recorder recorder(*session);
        // Only the selection runs; the positions are those of the whole text.
        const QString text = s("SELECT 1;\n\nSELECT id,\n       nope\nFROM workers;\nSELECT 2;");
        ConsoleRunOptions options;
        options.selectionStart = text.indexOf(s("SELECT id"));
        options.selectionLength = text.indexOf(s("SELECT 2")) - options.selectionStart;
        QVERIFY(runAndWait(*session, recorder, text, {}, options));
        QCOMPARE(recorder.failures.size(), 1);
        const ScriptFailure &failure = recorder.failures.at(0);
        QCOMPARE(failure.error.sqlState, s("42703"));
        QCOMPARE(failure.statementLine, 3);
        QCOMPARE(failure.line, 4);
        QCOMPARE(failure.column, 8);
        QCOMPARE(failure.lineText, s("       nope"));
        QVERIFY(recorder.events.at(0).startsWith(s("started 0 line 3")));
        // A plain statement (not read through a cursor) too.
        recorder.failures.clear();
        QVERIFY(runAndWait(*session, recorder, s("SELECT 1;\nUPDATE workers\n SET nope = 1")));
        QCOMPARE(recorder.failures.size(), 1);
        QCOMPARE(recorder.failures.at(0).line, 3);
        QCOMPARE(recorder.failures.at(0).column, 6);
    }

    void deleteWithoutWhereIsFlagged()
    {
        const QString text = s("SELECT 1;\nDELETE FROM workers;\nDELETE FROM workers WHERE true;");
        const QList<StatementRisk> risks = ConsoleSession::risksOf(text);
        QCOMPARE(risks.size(), 1);
        QCOMPARE(risks.at(0).line, 2);
        QCOMPARE(risks.at(0).description, s("DELETE without WHERE removes every row of workers"));
        ConsoleRunOptions selection;
        selection.selectionStart = text.indexOf(s("DELETE FROM workers WHERE"));
        QVERIFY(ConsoleSession::risksOf(text, selection).isEmpty());
    }

    void millionRowsStayBounded()
    {
        auto session = openSession();
        QVERIFY(session);
        Recorder recorder(*session);
        const qint64 before = rssKb();
        QVERIFY(runAndWait(*session, recorder, s("SELECT * FROM big ORDER BY id")));
        QCOMPARE(recorder.models.size(), 1);
        ResultSetModel *model = recorder.models.at(0);
        QCOMPARE(model->rowCount(), ResultSetModel::kPageRows);
        QCOMPARE(model->state(), ResultSetModel::State::Open);
        QCOMPARE(cell(model, 0, 0), s("1"));
        // The auto-commit session reports no transaction of the user's.
        QCOMPARE(session->transaction(), ConsoleSession::Transaction::Idle);
        // The view's scrolling to the bottom.
        for (int i = 0; i < 3; ++i) {
            QVERIFY(model->canFetchMore());
            model->fetchMore();
            QTRY_COMPARE(model->rowCount(), ResultSetModel::kPageRows * (i + 2));
        }
        QCOMPARE(cell(model, 1999, 0), s("2000"));
        // Fetch All: the total, no row sent; then rows load as they are looked at.
        model->fetchAll();
        QTRY_COMPARE(model->totalCount().value_or(-1), 1000000);
        QCOMPARE(model->rowCount(), 1000000);
        QVERIFY(!model->canFetchMore());
        QCOMPARE(model->data(model->index(999999, 0), ResultSetModel::LoadingRole).toBool(), true);
        QCOMPARE(cell(model, 999999, 0), ResultSetModel::loadingText());
        QTRY_COMPARE(cell(model, 999999, 0), s("1000000"));
        // Scroll the whole result from the top to the end, a page in every ten.
        int most = 0;
        for (int row = 0; row < 1000000; row += 10 * ResultSetModel::kPageRows) {
            QTRY_COMPARE(cell(model, row, 0), QString::number(row + 1));
            most = std::max(most, model->cachedRowCount());
        }
        const qint64 after = rssKb();
        qInfo("cached rows at most %d; RSS %lld kB before, %lld kB after", most, before, after);
        QVERIFY(most <= ResultSetModel::kPageRows * ResultSetModel::kMaxCachedPages);
        QVERIFY2(after - before < 64 * 1024, "the client's memory grew by more than 64 MB");
        // Closing the result ends the transaction that held its cursor.
        delete model;
        QTRY_COMPARE(count(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                                          "'%1' AND state = 'idle in transaction'")
                               .arg(kDb)),
                     0);
    }

    void cursorLifetime()
    {
        auto session = openSession();
        QVERIFY(session);
        Recorder recorder(*session);
        // A later statement of the same script ends the auto-commit result's transaction.
        QVERIFY(runAndWait(*session, recorder,
                           s("SELECT * FROM big ORDER BY id;\nSELECT count(*) FROM workers")));
        QCOMPARE(recorder.models.size(), 2);
        QCOMPARE(recorder.models.at(0)->state(), ResultSetModel::State::Closed);
        QCOMPARE(recorder.models.at(0)->rowCount(), ResultSetModel::kPageRows);
        QVERIFY(!recorder.models.at(0)->closedReason().isEmpty());
        QCOMPARE(recorder.models.at(1)->state(), ResultSetModel::State::Complete);
        // The last result stays open until something else runs.
        recorder.models.clear();
        QVERIFY(runAndWait(*session, recorder, s("SELECT * FROM big ORDER BY id")));
        QPointer<ResultSetModel> open = recorder.models.at(0);
        QCOMPARE(open->state(), ResultSetModel::State::Open);
        QVERIFY(runAndWait(*session, recorder, s("SELECT 1")));
        QCOMPARE(open->state(), ResultSetModel::State::Closed);
        QCOMPARE(cell(open, 10, 0), s("11")); // what it kept stays readable
        // Once every row is in the client the cursor and its transaction go.
        recorder.models.clear();
        QVERIFY(runAndWait(*session, recorder, s("SELECT * FROM big WHERE id <= 700 ORDER BY id")));
        QPointer<ResultSetModel> small = recorder.models.at(0);
        QCOMPARE(small->state(), ResultSetModel::State::Open);
        QVERIFY(small->canFetchMore());
        small->fetchMore();
        QTRY_COMPARE(small->state(), ResultSetModel::State::Complete);
        QCOMPARE(small->rowCount(), 700);
        QCOMPARE(cell(small, 699, 0), s("700"));
        QTRY_COMPARE(count(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                                          "'%1' AND state = 'idle in transaction'")
                               .arg(kDb)),
                     0);
        // Manual mode: results live in the user's transaction, several at once, until COMMIT.
        session->setAutoCommit(false);
        recorder.models.clear();
        QVERIFY(
            runAndWait(*session, recorder,
                       s("SELECT * FROM big ORDER BY id;\nSELECT * FROM big ORDER BY id DESC")));
        QCOMPARE(recorder.models.size(), 2);
        QCOMPARE(recorder.models.at(0)->state(), ResultSetModel::State::Open);
        QCOMPARE(recorder.models.at(1)->state(), ResultSetModel::State::Open);
        QCOMPARE(session->transaction(), ConsoleSession::Transaction::InTransaction);
        recorder.models.at(0)->fetchMore();
        QTRY_COMPARE(recorder.models.at(0)->rowCount(), 2 * ResultSetModel::kPageRows);
        session->commit();
        QTRY_COMPARE(recorder.models.at(1)->state(), ResultSetModel::State::Closed);
        QCOMPARE(recorder.models.at(0)->state(), ResultSetModel::State::Closed);
        QCOMPARE(session->transaction(), ConsoleSession::Transaction::Idle);
    }

    // An auto-commit result left unread is closed with its rows kept, so its transaction holds
    // no locks; one that is being read stays open.
    void unreadResultCloses()
    {
        auto session = openSession();
        QVERIFY(session);
        session->setResultIdleTimeout(std::chrono::seconds(3));
        Recorder recorder(*session);
        QVERIFY(runAndWait(*session, recorder, s("SELECT * FROM big ORDER BY id")));
        QPointer<ResultSetModel> model = recorder.models.at(0);
        QCOMPARE(model->state(), ResultSetModel::State::Open);
        const QString heldOpen = QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE "
                                                "datname = '%1' AND state = 'idle in transaction'")
                                     .arg(kDb);
        QCOMPARE(count(heldOpen), 1);
        QTest::qWait(2000);
        model->fetchMore(); // read: the clock starts again
        QTRY_COMPARE(model->rowCount(), 2 * ResultSetModel::kPageRows);
        QTest::qWait(2000);
        QCOMPARE(model->state(), ResultSetModel::State::Open);
        QTRY_COMPARE_WITH_TIMEOUT(model->state(), ResultSetModel::State::Closed, 10000);
        QVERIFY2(model->closedReason().contains(QLatin1String("unread")),
                 qPrintable(model->closedReason()));
        QCOMPARE(model->rowCount(), 2 * ResultSetModel::kPageRows);
        QCOMPARE(cell(model, 999, 0), s("1000"));
        QTRY_COMPARE(count(heldOpen), 0);
        QCOMPARE(session->transaction(), ConsoleSession::Transaction::Idle);
        // The session goes on as before.
        recorder.models.clear();
        QVERIFY(runAndWait(*session, recorder, s("SELECT count(*) FROM big")));
        QCOMPARE(cell(recorder.models.at(0), 0, 0), s("1000000"));
    }
};

QTEST_GUILESS_MAIN(TestConsoleSession)
#include "tst_consolesession.moc"
