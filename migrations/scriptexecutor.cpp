#include "migrations/scriptexecutor.h"

#include "model/db/executor.h"
#include "model/db/pgnative.h"
#include "model/sqlscript.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>

namespace dbx::migrations {

namespace {

void appendSentence(QString *message, const QString &sentence)
{
    if (!message->endsWith(QLatin1Char('.')))
        *message += QLatin1Char('.');
    *message += QLatin1Char(' ') + sentence;
}

// The server's DETAIL, HINT and CONTEXT lines: its first line is already in the message.
QString serverDetail(const model::DbError &error)
{
    QStringList lines = error.detail.split(QLatin1Char('\n'));
    if (!lines.isEmpty() && lines.first().startsWith(QLatin1String("ERROR:")))
        lines.removeFirst();
    const QString code = QStringLiteral("(%1)").arg(error.sqlState);
    lines.removeIf([&](const QString &line) { return line.trimmed() == code; });
    return lines.join(QLatin1Char('\n')).trimmed();
}

QString firstLine(const QString &sql)
{
    const QString line = sql.section(QLatin1Char('\n'), 0, 0);
    if (line.size() > 200) // a statement of megabytes on one line is not echoed whole
        return model::abbreviatedSql(line, 200);
    return line.size() < sql.size() ? line + QStringLiteral(" …") : line;
}

} // namespace

ScriptExecutor::ScriptExecutor(QSqlDatabase db, const RevisionGraph &graph, const Ledger &ledger)
    : m_db(std::move(db))
    , m_graph(graph)
    , m_ledger(ledger)
{}

void ScriptExecutor::log(LogLine::Level level, const QString &text, const QString &revision) const
{
    if (m_log)
        m_log({level, text, revision});
}

model::Status ScriptExecutor::run(const RevisionScript &script)
{
    QElapsedTimer timer;
    timer.start();
    log(LogLine::Level::Info, script.title, script.revision);
    for (const SqlStep &step : script.steps) {
        model::DbError error;
        if (m_cancelled && m_cancelled()) {
            error = model::DbError::cancelled(step.sql);
        } else {
            if (step.role == SqlStep::Role::Statement)
                log(LogLine::Level::Sql,
                    QCoreApplication::translate("ScriptExecutor", "line %1: %2")
                        .arg(step.line)
                        .arg(firstLine(step.sql)),
                    script.revision);
            const model::Status status = step.run(m_db);
            if (status)
                continue;
            error = status.error();
        }
        error = describe(script, step, error);
        recover(script, &error, timer.elapsed());
        log(LogLine::Level::Error, error.message, script.revision);
        return error;
    }
    log(LogLine::Level::Info,
        QCoreApplication::translate("ScriptExecutor", "Done in %1 ms.").arg(timer.elapsed()),
        script.revision);
    return {};
}

model::DbError ScriptExecutor::describe(const RevisionScript &script, const SqlStep &step,
                                        model::DbError error) const
{
    error.detail = serverDetail(error);
    const Revision *revision = m_graph.find(script.revision);
    const bool cancelled = error.isCancelled();
    if (!revision) {
        error.message =
            cancelled ? QCoreApplication::translate("ScriptExecutor", "The stamp was cancelled.")
                      : QCoreApplication::translate("ScriptExecutor", "The stamp failed: %1")
                            .arg(error.message);
        return error;
    }
    if (step.role == SqlStep::Role::Statement) {
        error.message =
            cancelled ? QCoreApplication::translate(
                            "ScriptExecutor",
                            "Revision %1 (\"%2\") was cancelled at statement %3 (%4, line %5).")
                            .arg(revision->id, revision->message)
                            .arg(step.number)
                            .arg(revision->fileName)
                            .arg(step.line)
                      : QCoreApplication::translate(
                            "ScriptExecutor",
                            "Revision %1 (\"%2\") failed at statement %3 (%4, line %5): %6")
                            .arg(revision->id, revision->message)
                            .arg(step.number)
                            .arg(revision->fileName)
                            .arg(step.line)
                            .arg(error.message);
    } else {
        error.message =
            cancelled
                ? QCoreApplication::translate("ScriptExecutor",
                                              "Revision %1 (\"%2\") was cancelled.")
                      .arg(revision->id, revision->message)
                : QCoreApplication::translate("ScriptExecutor", "Revision %1 (\"%2\") failed: %3")
                      .arg(revision->id, revision->message, error.message);
    }
    return error;
}

// Puts the session back where it was before the revision and records the failure. The event is
// written after the rollback, in its own transaction, or the rollback would erase it too.
void ScriptExecutor::recover(const RevisionScript &script, model::DbError *error, qint64 elapsedMs)
{
    if (error->kind == model::DbError::Kind::ConnectionLost || model::connectionBroken(m_db)) {
        appendSentence(&error->message,
                       QCoreApplication::translate(
                           "ScriptExecutor", "The server rolls back the open transaction; the "
                                             "failure could not be recorded."));
        return;
    }
    const model::TransactionState state = model::transactionState(m_db);
    if (state == model::TransactionState::InTransaction ||
        state == model::TransactionState::InFailedTransaction)
        SqlStep::control(QStringLiteral("ROLLBACK")).run(m_db);
    if (script.transactional) {
        appendSentence(
            &error->message,
            QCoreApplication::translate("ScriptExecutor", "Rolled back: nothing of it remains."));
    } else {
        appendSentence(&error->message,
                       QCoreApplication::translate("ScriptExecutor",
                                                   "It runs without a transaction, so the "
                                                   "statements before this one stay applied; "
                                                   "finish or undo them by hand, then stamp."));
    }
    if (error->sqlState == QLatin1String("55P03"))
        error->detail = QCoreApplication::translate(
                            "ScriptExecutor",
                            "Gave up waiting for a lock. Sessions with open transactions:\n%1")
                            .arg(openTransactions()) +
                        QLatin1Char('\n') + error->detail;
    const model::Status recorded =
        m_ledger.failureEvent(script.revision, actionName(script.action), *error, elapsedMs)
            .run(m_db);
    if (!recorded)
        error->detail +=
            QLatin1Char('\n') +
            QCoreApplication::translate("ScriptExecutor", "The failure could not be recorded: %1")
                .arg(recorded.error().message);
}

QString ScriptExecutor::openTransactions()
{
    const auto rows =
        model::exec(m_db, model::Statement(QStringLiteral(
                              "SELECT pid, usename, application_name, state, xact_start, "
                              "left(query, 120) FROM pg_stat_activity "
                              "WHERE pid <> pg_backend_pid() AND datname = current_database() "
                              "AND xact_start IS NOT NULL ORDER BY xact_start")));
    QStringList lines;
    for (const QVariantList &row : rows ? rows->rows : QList<QVariantList>()) {
        lines.append(QCoreApplication::translate(
                         "ScriptExecutor", "  pid %1, user %2, application \"%3\", %4 since %5: %6")
                         .arg(row.value(0).toString(), row.value(1).toString(),
                              row.value(2).toString(), row.value(3).toString(),
                              row.value(4).toDateTime().toLocalTime().toString(Qt::ISODate),
                              row.value(5).toString().simplified()));
    }
    return lines.isEmpty() ? QCoreApplication::translate("ScriptExecutor", "  (none left)")
                           : lines.join(QLatin1Char('\n'));
}

} // namespace dbx::migrations
