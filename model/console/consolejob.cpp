#include "model/console/consolejob.h"

#include "model/db/databaseworker.h"
#include "model/db/pgnative.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSqlDatabase>

namespace dbx::model::console {

namespace {

constexpr quint32 kTextOid = 25;

Status control(QSqlDatabase &db, const QString &sql)
{
    const Result<PgRows> done = exec(db, Statement(sql));
    if (!done)
        return done.error();
    return {};
}

QList<QVariantList> rowsOf(const PgResult &result)
{
    QList<QVariantList> rows;
    rows.reserve(result.rowCount());
    for (int r = 0; r < result.rowCount(); ++r)
        rows << result.row(r);
    return rows;
}

bool untypedParameter(const DbError &error)
{
    return error.sqlState == QLatin1String("42P18") || error.sqlState == QLatin1String("42P08");
}

// Collects what a statement without a cursor returns, keeping the first rows and counting all.
class StaticObserver : public ScriptObserver {
public:
    StaticObserver(int index, const JobEvents &events)
        : m_index(index)
        , m_events(events)
    {}
    CursorPage page;
    qint64 total = 0;
    bool hadRows = false;
    bool failedOnce = false;

    void columns(const ScriptStep &, const PgResult &described) override
    {
        hadRows = true;
        page.columns = described.columnNames();
        page.types = described.columnTypes();
    }
    bool row(const PgResult &row) override
    {
        if (page.rows.size() < ResultSetModel::kMaxStaticRows)
            page.rows << row.row(0);
        ++total;
        return true;
    }
    bool copyData(const char *data, int length) override
    {
        if (!hadRows) {
            hadRows = true;
            page.columns = QStringList{QStringLiteral("COPY")};
            page.types = {kTextOid};
        }
        if (page.rows.size() < ResultSetModel::kMaxStaticRows)
            page.rows << QVariantList{QString::fromUtf8(data, length)
                                          .chopped(length > 0 && data[length - 1] == '\n' ? 1 : 0)};
        ++total;
        return true;
    }
    void finished(const ScriptStep &, const PgRows &summary, bool) override { m_summary = summary; }
    void notice(const Notice &notice) override { m_events.notice(m_index, notice); }
    void failed(const ScriptStep &, const ScriptFailure &failure) override
    {
        failedOnce = true;
        m_events.failed(m_index, failure);
    }
    const PgRows &summary() const { return m_summary; }

private:
    int m_index;
    const JobEvents &m_events;
    PgRows m_summary;
};

class Runner {
public:
    Runner(QSqlDatabase &db, const JobContext &context, const JobPlan &plan,
           const JobEvents &events)
        : m_db(db)
        , m_context(context)
        , m_plan(plan)
        , m_events(events)
        , m_locator(plan.text, {}, {})
    {}

    JobOutcome run();

private:
    bool runStep(int index);
    bool runCursor(int index, bool own, bool &keepOpen, StatementSummary &summary);
    bool runPlain(int index, StatementSummary &summary);
    Result<PgRows> declare(const ScriptStep &step, const QString &name);
    void fail(int index, DbError error);
    void begin(const ScriptStep &step, bool &ok);

    QSqlDatabase &m_db;
    const JobContext &m_context;
    const JobPlan &m_plan;
    const JobEvents &m_events;
    ScriptRunner m_locator;
    JobOutcome m_result;
    int m_current = -1;
};

void Runner::fail(int index, DbError error)
{
    ++m_result.outcome.failed;
    if (error.isCancelled())
        m_result.outcome.cancelled = true;
    m_events.failed(index, m_locator.locate(m_plan.steps.at(index), error));
}

// Not a ReadCursor: that one lives within one job (its destructor rolls back) and reads
// forward only; a console result's cursor outlives the job that declared it, in the user's or
// the session's transaction, and is read at any position as the view scrolls.
Result<PgRows> Runner::declare(const ScriptStep &step, const QString &name)
{
    const QString prefix = QStringLiteral("DECLARE %1 SCROLL CURSOR FOR ").arg(name);
    Statement declare = step.statement;
    declare.sql = prefix + step.statement.sql;
    // DECLARE runs in a transaction: a retry with untyped values as text (as ScriptRunner does)
    // needs a savepoint so the first refusal does not spoil it.
    const bool guarded = std::count(declare.types.cbegin(), declare.types.cend(), 0u) > 0;
    if (guarded)
        control(m_db, QStringLiteral("SAVEPOINT dbx_console_declare"));
    Result<PgRows> done = exec(m_db, declare);
    if (guarded && !done && untypedParameter(done.error())) {
        control(m_db, QStringLiteral("ROLLBACK TO SAVEPOINT dbx_console_declare"));
        for (quint32 &type : declare.types) {
            if (type == 0)
                type = kTextOid;
        }
        done = exec(m_db, declare);
    }
    if (guarded && done)
        control(m_db, QStringLiteral("RELEASE SAVEPOINT dbx_console_declare"));
    if (!done) {
        // The user's statement, not the DECLARE around it, is what the position counts in.
        DbError error = done.error();
        if (error.statement == declare.sql) {
            error.statement = step.statement.sql;
            error.position = std::max(0, error.position - int(prefix.size()));
        }
        return error;
    }
    return done;
}

bool Runner::runCursor(int index, bool own, bool &keepOpen, StatementSummary &summary)
{
    const ScriptStep &step = m_plan.steps.at(index);
    const int cursorId = m_plan.cursorIds.at(index);
    const QString name = cursorName(cursorId);
    if (const Result<PgRows> declared = declare(step, name); !declared) {
        fail(index, declared.error());
        return false;
    }
    Result<PgResult> first = execRaw(
        m_db,
        Statement(
            QStringLiteral("FETCH FORWARD %1 FROM %2").arg(ResultSetModel::kPageRows).arg(name)));
    if (!first) {
        DbError error = first.error();
        error.statement = step.statement.sql;
        error.position = 0;
        fail(index, error);
        return false;
    }
    CursorPage page;
    page.columns = first->columnNames();
    page.types = first->columnTypes();
    page.rows = rowsOf(first.value());
    page.atEnd = page.rows.size() < ResultSetModel::kPageRows;
    const bool later = index + 1 < m_plan.steps.size();
    keepOpen = !page.atEnd && !(own && later);
    if (!keepOpen)
        control(m_db, QStringLiteral("CLOSE ") + name);
    page.keptOpen = keepOpen;
    page.resultTransaction = keepOpen && own;
    m_events.cursorResult(index, cursorId, page);
    // The count is known only when the first page held every row.
    summary.command =
        page.atEnd ? QStringLiteral("SELECT %1").arg(page.rows.size()) : QStringLiteral("SELECT");
    summary.hasResult = true;
    summary.rowsAffected = page.atEnd ? page.rows.size() : -1;
    return true;
}

bool Runner::runPlain(int index, StatementSummary &summary)
{
    const ScriptStep &step = m_plan.steps.at(index);
    StaticObserver observer(index, m_events);
    // One step at a time through the script runner: its COPY path, its retry of untyped values
    // and its notices; the locator maps errors into the whole text.
    const ScriptRunner single(m_plan.text, {step}, {});
    const ScriptOutcome done = single.run(m_db, observer, &m_context);
    if (observer.failedOnce || done.failed > 0) {
        ++m_result.outcome.failed;
        m_result.outcome.cancelled = m_result.outcome.cancelled || done.stopped;
        return false;
    }
    if (observer.hadRows)
        m_events.staticResult(index, observer.page, observer.total);
    summary.command = observer.summary().command;
    summary.rowsAffected = observer.summary().affected;
    summary.hasResult = observer.hadRows;
    return true;
}

void Runner::begin(const ScriptStep &step, bool &ok)
{
    const Status begun = control(m_db, m_plan.readOnly ? QStringLiteral("BEGIN READ ONLY")
                                                       : QStringLiteral("BEGIN"));
    ok = begun.ok();
    if (!ok) {
        DbError error = begun.error();
        error.statement = step.statement.sql;
        error.position = 0;
        fail(m_current, error);
    }
}

bool Runner::runStep(int index)
{
    const ScriptStep &step = m_plan.steps.at(index);
    const StatementShape &shape = m_plan.shapes.at(index);
    m_events.started(index, step.source.sql, step.source.line);
    QElapsedTimer timer;
    timer.start();
    const bool idle = transactionState(m_db) == TransactionState::Idle;
    // Auto-commit opens a transaction of its own only where one is needed: for a cursor, or
    // for a read-only statement (a session SET would not survive a transaction pooler).
    const bool own = idle && !shape.transactionControl && m_plan.autoCommit &&
                     (shape.cursorReadable || m_plan.readOnly);
    if (idle && !shape.transactionControl && (own || !m_plan.autoCommit)) {
        bool ok = false;
        begin(step, ok);
        if (!ok)
            return false;
    }
    const bool savepoint = m_plan.continueOnError && !own && !shape.transactionControl &&
                           transactionState(m_db) == TransactionState::InTransaction;
    if (savepoint)
        control(m_db, QStringLiteral("SAVEPOINT dbx_console"));
    bool keepOpen = false;
    StatementSummary summary;
    const bool ok =
        shape.cursorReadable ? runCursor(index, own, keepOpen, summary) : runPlain(index, summary);
    if (!ok) {
        m_context.endCancellable();
        if (own)
            control(m_db, QStringLiteral("ROLLBACK"));
        else if (savepoint)
            control(m_db, QStringLiteral("ROLLBACK TO SAVEPOINT dbx_console"));
        return false;
    }
    if (savepoint)
        control(m_db, QStringLiteral("RELEASE SAVEPOINT dbx_console"));
    if (own && !keepOpen) {
        if (const Status committed = control(m_db, QStringLiteral("COMMIT")); !committed) {
            fail(index, committed.error());
            return false;
        }
    }
    if (own && keepOpen)
        m_result.resultTransaction = true;
    // The user's own BEGIN under the read-only switch: the transaction it opened is read-only.
    if (shape.transactionControl && idle && m_plan.readOnly &&
        transactionState(m_db) == TransactionState::InTransaction)
        control(m_db, QStringLiteral("SET TRANSACTION READ ONLY"));
    summary.elapsedMs = timer.elapsed();
    m_events.finished(index, summary);
    return true;
}

JobOutcome Runner::run()
{
    const NoticeScope notices([this](const Notice &notice) { m_events.notice(m_current, notice); });
    m_result.outcome.statements = int(m_plan.steps.size());
    if (m_plan.endResultTransaction && transactionState(m_db) == TransactionState::InTransaction)
        control(m_db, QStringLiteral("COMMIT"));
    for (int i = 0; i < m_plan.steps.size(); ++i) {
        if (m_context.cancelled()) {
            m_result.outcome.cancelled = true;
            break;
        }
        m_current = i;
        ++m_result.outcome.executed;
        const bool ok = runStep(i);
        if (m_result.outcome.cancelled || (!ok && !m_plan.continueOnError))
            break;
    }
    return m_result;
}

} // namespace

QString cursorName(int cursorId)
{
    return QStringLiteral("dbx_console_%1").arg(cursorId);
}

JobOutcome runJob(QSqlDatabase &db, const JobContext &context, const JobPlan &plan,
                  const JobEvents &events)
{
    Runner runner(db, context, plan, events);
    return runner.run();
}

bool cursorExists(QSqlDatabase &db, int cursorId)
{
    if (transactionState(db) != TransactionState::InTransaction)
        return false;
    const Result<QVariant> found =
        execScalar(db, Statement(QStringLiteral("SELECT count(*) FROM pg_cursors WHERE name = $1"),
                                 {cursorName(cursorId)}));
    return found && found->toLongLong() > 0;
}

Result<QList<QVariantList>> fetchRows(QSqlDatabase &db, int cursorId, qint64 first, int count)
{
    const QString name = cursorName(cursorId);
    if (!cursorExists(db, cursorId))
        return DbError::plain(QCoreApplication::translate(
            "ConsoleSession", "The result's cursor is closed: its transaction ended."));
    if (const Status moved =
            control(db, QStringLiteral("MOVE ABSOLUTE %1 IN %2").arg(first).arg(name));
        !moved)
        return moved.error();
    const Result<PgResult> rows =
        execRaw(db, Statement(QStringLiteral("FETCH FORWARD %1 FROM %2").arg(count).arg(name)));
    if (!rows)
        return rows.error();
    return rowsOf(rows.value());
}

Result<qint64> countRows(QSqlDatabase &db, int cursorId, qint64 known)
{
    const QString name = cursorName(cursorId);
    if (!cursorExists(db, cursorId))
        return DbError::plain(QCoreApplication::translate(
            "ConsoleSession", "The result's cursor is closed: its transaction ended."));
    if (const Status moved =
            control(db, QStringLiteral("MOVE ABSOLUTE %1 IN %2").arg(known).arg(name));
        !moved)
        return moved.error();
    const Result<PgRows> rest =
        exec(db, Statement(QStringLiteral("MOVE FORWARD ALL IN %1").arg(name)));
    if (!rest)
        return rest.error();
    return known + rest->affected;
}

Status closeCursor(QSqlDatabase &db, int cursorId, bool commit)
{
    if (!cursorExists(db, cursorId))
        return {}; // the transaction that held it has ended, and the cursor with it
    if (const Status closed = control(db, QStringLiteral("CLOSE ") + cursorName(cursorId)); !closed)
        return closed;
    return commit ? control(db, QStringLiteral("COMMIT")) : Status();
}

} // namespace dbx::model::console
