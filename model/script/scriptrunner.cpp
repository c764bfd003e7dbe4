#include "model/script/scriptrunner.h"

#include "model/db/databaseworker.h"
#include "model/db/pgnative.h"

#include <QCoreApplication>

#include <algorithm>

namespace dbx::model {

namespace {

constexpr quint32 kTextOid = 25;

// The server counts its error position in characters; a QString in UTF-16 units.
qsizetype indexOfCharacter(const QString &text, int character)
{
    qsizetype index = 0;
    for (int n = 0; n < character && index < text.size(); ++n)
        index += text.at(index).isHighSurrogate() ? 2 : 1;
    return std::min(index, text.size());
}

DbError missingParameters(const QStringList &names)
{
    QStringList shown;
    for (const QString &name : names)
        shown << (name.at(0).isDigit() ? QLatin1Char('$') : QLatin1Char(':')) + name;
    DbError error;
    error.kind = DbError::Kind::InvalidSpec;
    error.message = QCoreApplication::translate("ScriptRunner", "no value for the parameter(s) %1")
                        .arg(shown.join(QLatin1String(", ")));
    return error;
}

// Binds the values the plan's slots name; names without one are added to `missing`.
void bindValues(ScriptStep &step, const ParameterValues &values, QStringList &missing)
{
    for (const QString &slot : step.plan.placeholders()) {
        if (slot.isEmpty()) {
            step.statement.params << QVariant();
            step.statement.types << kTextOid;
            continue;
        }
        const auto it = values.constFind(slot);
        if (it == values.cend() && !missing.contains(slot))
            missing << slot;
        const bool hasValue = it != values.cend() && it->has_value();
        step.statement.params << (hasValue ? QVariant(it->value()) : QVariant());
        step.statement.types << 0;
    }
}

// The parser counts the comments after the previous statement as part of this one; its line
// is that of its first token.
void skipLeadingComments(ScriptStep &step)
{
    const qsizetype first = firstTokenIndex(step.source.sql);
    if (first == 0)
        return;
    step.source.line += int(QStringView(step.source.sql).left(first).count(u'\n'));
    step.source.sql = step.source.sql.mid(first);
    step.offset += first;
}

// COPY ... TO STDOUT through the executor's copy path, its data handed on as it comes.
Result<PgRows> copyToObserver(QSqlDatabase &db, const Statement &copy, ScriptObserver &observer,
                              bool &observerStopped, const JobContext *context)
{
    const Result<qint64> lines = copyOut(
        db, copy,
        [&](const char *data, int length) {
            observerStopped = !observer.copyData(data, length);
            return !observerStopped;
        },
        context);
    if (!lines)
        return lines.error();
    PgRows summary;
    summary.affected = lines.value();
    summary.command = QStringLiteral("COPY %1").arg(lines.value());
    return summary;
}

} // namespace

Result<QList<ScriptStep>> ScriptRunner::prepare(const QString &script,
                                                const ParameterValues &values)
{
    const QString masked = maskNamedParameters(script);
    QList<ScriptStep> steps;
    QStringList missing;
    qsizetype from = 0;
    for (const ScriptStatement &statement : splitScript(masked)) {
        if (statement.sql.isEmpty())
            continue;
        ScriptStep step;
        // The statement is a piece of the script: found where the previous one ended.
        const qsizetype at = masked.indexOf(statement.sql, from);
        step.offset = at < 0 ? from : at;
        from = step.offset + (at < 0 ? 0 : statement.sql.size());
        step.source = statement;
        if (at >= 0)
            step.source.sql = script.mid(at, statement.sql.size());
        skipLeadingComments(step);
        step.plan = ParameterPlan(step.source.sql);
        step.statement.sql = step.plan.sql();
        bindValues(step, values, missing);
        steps << step;
    }
    if (!missing.isEmpty())
        return missingParameters(missing);
    return steps;
}

ScriptRunner::ScriptRunner(QString script, QList<ScriptStep> steps, ScriptOptions options)
    : m_script(std::move(script))
    , m_steps(std::move(steps))
    , m_options(options)
{}

ScriptFailure ScriptRunner::locate(const ScriptStep &step, const DbError &error) const
{
    ScriptFailure failure;
    failure.error = error;
    failure.statementLine = step.source.line;
    if (error.position <= 0 || error.statement != step.statement.sql)
        return failure;
    const qsizetype rewritten = indexOfCharacter(step.statement.sql, error.position - 1);
    const qsizetype at =
        std::min(step.offset + step.plan.originalIndex(rewritten), m_script.size());
    const qsizetype lineStart = at == 0 ? 0 : m_script.lastIndexOf(u'\n', at - 1) + 1;
    qsizetype lineEnd = m_script.indexOf(u'\n', at);
    if (lineEnd < 0)
        lineEnd = m_script.size();
    failure.line = 1 + int(QStringView(m_script).left(lineStart).count(u'\n'));
    failure.column = int(at - lineStart) + 1;
    failure.lineText = m_script.mid(lineStart, lineEnd - lineStart);
    if (failure.lineText.endsWith(u'\r'))
        failure.lineText.chop(1);
    return failure;
}

Status ScriptRunner::control(QSqlDatabase &db, const QString &sql) const
{
    const Result<PgRows> done = exec(db, Statement(sql));
    if (!done)
        return done.error();
    return {};
}

Result<PgRows> ScriptRunner::execute(QSqlDatabase &db, const Statement &statement,
                                     const RawRowStream &stream, const JobContext *context) const
{
    if (!std::count(statement.types.cbegin(), statement.types.cend(), 0u))
        return execStreamRaw(db, statement, stream, context);
    // Where the context says nothing of a value's type (`:v IS NULL`, `SELECT :v || 'x'`) the
    // server refuses to guess (42P18 or 42P08, before anything ran): the untyped values go
    // again as text. Inside a transaction the failure would spoil it: a savepoint keeps it
    // harmless.
    const bool guarded = transactionState(db) == TransactionState::InTransaction;
    if (guarded)
        control(db, QStringLiteral("SAVEPOINT dbx_parameters"));
    Result<PgRows> done = execStreamRaw(db, statement, stream, context);
    const QString state = done ? QString() : done.error().sqlState;
    if (state == QLatin1String("42P18") || state == QLatin1String("42P08")) {
        if (guarded)
            control(db, QStringLiteral("ROLLBACK TO SAVEPOINT dbx_parameters"));
        Statement asText = statement;
        for (quint32 &type : asText.types) {
            if (type == 0)
                type = kTextOid;
        }
        done = execStreamRaw(db, asText, stream, context);
    }
    if (guarded && done)
        control(db, QStringLiteral("RELEASE SAVEPOINT dbx_parameters"));
    return done;
}

bool ScriptRunner::runStep(QSqlDatabase &db, const ScriptStep &step, ScriptObserver &observer,
                           const JobContext *context, ScriptOutcome &outcome) const
{
    bool hadRows = false;
    bool observerStopped = false;
    RawRowStream stream;
    stream.onColumns = [&](const PgResult &described) {
        hadRows = true;
        observer.columns(step, described);
    };
    stream.onRow = [&](const PgResult &row) {
        observerStopped = !observer.row(row);
        return !observerStopped;
    };
    const Result<PgRows> done =
        isCopyToStdout(step.statement.sql)
            ? copyToObserver(db, step.statement, observer, observerStopped, context)
            : execute(db, step.statement, stream, context);
    ++outcome.executed;
    if (observerStopped) {
        outcome.stopped = true;
        return false;
    }
    if (!done) {
        ++outcome.failed;
        outcome.stopped = done.error().isCancelled();
        observer.failed(step, locate(step, done.error()));
        return false;
    }
    observer.finished(step, done.value(), hadRows);
    return true;
}

ScriptOutcome ScriptRunner::run(QSqlDatabase &db, ScriptObserver &observer,
                                const JobContext *context) const
{
    ScriptOutcome outcome;
    const NoticeScope notices([&observer](const Notice &notice) { observer.notice(notice); });
    const bool single = m_options.singleTransaction;
    // Inside one transaction a failed statement spoils the rest unless it ran in a savepoint.
    const bool savepoints = single && m_options.continueOnError;
    if (single) {
        if (const Status begun = control(db, QStringLiteral("BEGIN")); !begun) {
            outcome.failed = 1;
            observer.failed(ScriptStep(), locate(ScriptStep(), begun.error()));
            return outcome;
        }
    }
    for (const ScriptStep &step : m_steps) {
        if (context && context->cancelled()) {
            outcome.stopped = true;
            break;
        }
        if (savepoints)
            control(db, QStringLiteral("SAVEPOINT dbx_script"));
        const bool ok = runStep(db, step, observer, context, outcome);
        if (savepoints && !outcome.stopped)
            control(db, ok ? QStringLiteral("RELEASE SAVEPOINT dbx_script")
                           : QStringLiteral("ROLLBACK TO SAVEPOINT dbx_script"));
        if (outcome.stopped || (!ok && !m_options.continueOnError))
            break;
    }
    if (single)
        endTransaction(db, observer, outcome);
    return outcome;
}

void ScriptRunner::endTransaction(QSqlDatabase &db, ScriptObserver &observer,
                                  ScriptOutcome &outcome) const
{
    if (outcome.failed > 0 || outcome.stopped) {
        control(db, QStringLiteral("ROLLBACK"));
        outcome.rolledBack = true;
        return;
    }
    const Result<PgRows> committed = exec(db, Statement(QStringLiteral("COMMIT")));
    // COMMIT of a transaction the script itself left aborted answers ROLLBACK, not an error.
    if (!committed || committed->command != QLatin1String("COMMIT")) {
        outcome.rolledBack = true;
        ++outcome.failed;
        const DbError error =
            !committed ? committed.error()
                       : DbError::plain(QCoreApplication::translate(
                             "ScriptRunner", "the transaction was rolled back instead of "
                                             "committed: the script left it aborted"));
        const ScriptStep last = m_steps.isEmpty() ? ScriptStep() : m_steps.last();
        observer.failed(last, locate(ScriptStep(), error));
    }
}

} // namespace dbx::model
