#include "model/console/consolesession.h"

#include "model/console/consolejob.h"

#include <QCoreApplication>

namespace dbx::model {

namespace {

QString selectionOf(const QString &text, const ConsoleRunOptions &options)
{
    const qsizetype start = std::clamp<qsizetype>(options.selectionStart, 0, text.size());
    return options.selectionLength < 0 ? text.mid(start) : text.mid(start, options.selectionLength);
}

qsizetype selectionStart(const QString &text, const ConsoleRunOptions &options)
{
    return std::clamp<qsizetype>(options.selectionStart, 0, text.size());
}

int linesBefore(const QString &text, qsizetype at)
{
    return int(QStringView(text).left(at).count(u'\n'));
}

DbError busyError()
{
    return DbError::plain(QCoreApplication::translate(
        "ConsoleSession", "A statement is still running: wait for it or cancel it first."));
}

} // namespace

ConsoleSession::ConsoleSession(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<StatementSummary>();
    qRegisterMetaType<ConsoleRunOutcome>();
    qRegisterMetaType<ScriptFailure>();
    qRegisterMetaType<Notice>();
    connect(&m_db, &Database::connected, this, &ConsoleSession::ready);
    connect(&m_db, &Database::connectionFailed, this, &ConsoleSession::connectionFailed);
    connect(&m_db, &Database::connectionLost, this, [this](const DbError &error) {
        closeCursors(
            QCoreApplication::translate("ConsoleSession", "Closed: the connection was lost."));
        emit connectionFailed(error);
    });
    connect(&m_db, &Database::transactionStateChanged, this, &ConsoleSession::rawStateChanged);
    connect(&m_db, &Database::busyChanged, this, &ConsoleSession::busyChanged);
    m_resultIdle.setSingleShot(true);
    m_resultIdle.setInterval(std::chrono::seconds(kResultIdleSeconds));
    connect(&m_resultIdle, &QTimer::timeout, this, &ConsoleSession::closeIdleResult);
}

void ConsoleSession::setResultIdleTimeout(std::chrono::milliseconds timeout)
{
    m_resultIdle.setInterval(timeout);
    armResultIdle();
}

void ConsoleSession::armResultIdle()
{
    if (m_autoCommit && m_resultTransaction && !m_cursors.isEmpty() && !isRunning())
        m_resultIdle.start();
    else
        m_resultIdle.stop();
}

void ConsoleSession::closeIdleResult()
{
    if (!m_autoCommit || !m_resultTransaction || isRunning())
        return; // a run ends the result's transaction itself
    m_resultTransaction = false;
    const int seconds =
        int(std::chrono::duration_cast<std::chrono::seconds>(m_resultIdle.intervalAsDuration())
                .count());
    closeCursors(QCoreApplication::translate(
        "ConsoleSession",
        "Closed after %n second(s) unread, so that its transaction holds no locks "
        "(auto-commit); the rows read are kept, run the statement again for the rest.",
        nullptr, seconds));
    m_db.run<bool>(
        [](QSqlDatabase &db, const JobContext &) -> Result<bool> {
            // COMMIT closes the result's cursor with the transaction.
            const Result<PgRows> done = exec(db, Statement(QStringLiteral("COMMIT")));
            if (!done)
                return done.error();
            return true;
        },
        this, [this](Ticket, const Result<bool> &) { updateTransaction(); });
}

ConsoleSession::~ConsoleSession()
{
    // Models the UI still holds must not call back into a session that is gone.
    for (const QPointer<ResultSetModel> &model : std::as_const(m_cursors)) {
        if (model)
            model->attach(nullptr, 0);
    }
}

void ConsoleSession::open(const ConnectionSpec &spec)
{
    m_db.connectTo(spec);
}

bool ConsoleSession::isReady() const
{
    return m_db.state() == Database::State::Connected;
}

QList<StatementRisk> ConsoleSession::risksOf(const QString &editorText,
                                             const ConsoleRunOptions &options)
{
    const qsizetype start = selectionStart(editorText, options);
    QList<StatementRisk> risks = statementRisks(selectionOf(editorText, options));
    const int lines = linesBefore(editorText, start);
    for (StatementRisk &risk : risks) {
        risk.offset += start;
        risk.line += lines;
    }
    return risks;
}

bool ConsoleSession::run(const QString &editorText, const ParameterValues &values,
                         const ConsoleRunOptions &options)
{
    if (isRunning()) {
        emit runRejected(busyError());
        return false;
    }
    const qsizetype start = selectionStart(editorText, options);
    Result<QList<ScriptStep>> steps =
        ScriptRunner::prepare(selectionOf(editorText, options), values);
    if (!steps) {
        emit runRejected(steps.error());
        return false;
    }
    auto plan = std::make_shared<console::JobPlan>();
    plan->text = editorText;
    plan->continueOnError = options.continueOnError;
    plan->autoCommit = m_autoCommit;
    plan->readOnly = m_readOnly;
    const int lines = linesBefore(editorText, start);
    for (ScriptStep &step : steps.value()) {
        step.offset += start;
        step.source.line += lines;
        const StatementShape shape = statementShape(step.source.sql);
        plan->shapes << shape;
        plan->cursorIds << (shape.cursorReadable ? ++m_nextCursor : 0);
        plan->steps << step;
    }
    if (m_autoCommit && m_resultTransaction) {
        plan->endResultTransaction = true;
        m_resultTransaction = false;
        closeCursors(QCoreApplication::translate(
            "ConsoleSession",
            "Closed: another statement ran, which ended the transaction that held "
            "this result (auto-commit)."));
    }
    m_runSteps = int(plan->steps.size());
    const console::JobEvents events = jobEvents();
    m_runTicket = m_db.run<console::JobOutcome>(
        [plan, events](QSqlDatabase &db, const JobContext &context) {
            return Result<console::JobOutcome>(console::runJob(db, context, *plan, events));
        },
        this, [this](Ticket, const Result<console::JobOutcome> &done) { jobDone(done); });
    emit runStarted(m_runSteps);
    return true;
}

console::JobEvents ConsoleSession::jobEvents()
{
    // Called in the worker thread: each event is queued into the session's thread, in order.
    const auto post = [this](std::function<void()> fn) {
        QMetaObject::invokeMethod(this, std::move(fn), Qt::QueuedConnection);
    };
    console::JobEvents events;
    events.started = [post, this](int index, const QString &text, int line) {
        post([this, index, text, line] { emit statementStarted(index, text, line); });
    };
    events.cursorResult = [post, this](int index, int cursorId, const console::CursorPage &page) {
        post([this, index, cursorId, page] { cursorResult(index, cursorId, page); });
    };
    events.staticResult = [post, this](int index, const console::CursorPage &page, qint64 total) {
        post([this, index, page, total] { staticResult(index, page, total); });
    };
    events.finished = [post, this](int index, const StatementSummary &summary) {
        post([this, index, summary] { emit statementFinished(index, summary); });
    };
    events.notice = [post, this](int index, const Notice &notice) {
        post([this, index, notice] { emit this->notice(index, notice); });
    };
    events.failed = [post, this](int index, const ScriptFailure &failure) {
        post([this, index, failure] { emit statementFailed(index, failure); });
    };
    return events;
}

void ConsoleSession::jobDone(const Result<console::JobOutcome> &done)
{
    m_runTicket = 0;
    ConsoleRunOutcome outcome;
    if (!done) {
        outcome.statements = m_runSteps;
        outcome.cancelled = done.error().isCancelled();
        emit runRejected(done.error());
    } else {
        outcome = done->outcome;
    }
    updateTransaction();
    emit runFinished(outcome);
}

void ConsoleSession::cursorResult(int index, int cursorId, const console::CursorPage &page)
{
    auto *model = new ResultSetModel(index, page.columns, page.types, this);
    if (page.keptOpen) {
        model->attach(this, cursorId);
        m_cursors.insert(cursorId, model);
        if (page.resultTransaction)
            m_resultTransaction = true;
    }
    model->deliverRows(0, page.rows, ResultSetModel::kPageRows);
    if (!page.keptOpen)
        model->markClosed(
            page.atEnd ? QString()
                       : QCoreApplication::translate(
                             "ConsoleSession",
                             "Only the first %n rows were read: a later statement of the script "
                             "ended the transaction that held this result (auto-commit).",
                             nullptr, ResultSetModel::kPageRows));
    updateTransaction();
    emit resultReady(index, model);
}

void ConsoleSession::staticResult(int index, const console::CursorPage &page, qint64 total)
{
    auto *model = new ResultSetModel(index, page.columns, page.types, this);
    model->deliverStatic(page.rows, total);
    emit resultReady(index, model);
}

void ConsoleSession::requestRows(int cursorId, qint64 first, int count)
{
    armResultIdle(); // being read
    const auto notices = noticeReceiver(cursorId);
    m_db.run<QList<QVariantList>>(
        [cursorId, first, count, notices](QSqlDatabase &db, const JobContext &) {
            const NoticeScope scope(notices);
            return console::fetchRows(db, cursorId, first, count);
        },
        this,
        [this, cursorId, first, count](Ticket, const Result<QList<QVariantList>> &rows) {
            ResultSetModel *model = m_cursors.value(cursorId);
            if (!model)
                return;
            if (rows)
                model->deliverRows(first, rows.value(), count);
            else
                model->markFailed(rows.error());
            finishIfWhole(cursorId);
        });
}

void ConsoleSession::requestTotal(int cursorId, qint64 known)
{
    armResultIdle();
    const auto notices = noticeReceiver(cursorId);
    m_db.run<qint64>(
        [cursorId, known, notices](QSqlDatabase &db, const JobContext &) {
            const NoticeScope scope(notices);
            return console::countRows(db, cursorId, known);
        },
        this,
        [this, cursorId](Ticket, const Result<qint64> &total) {
            ResultSetModel *model = m_cursors.value(cursorId);
            if (!model)
                return;
            if (total)
                model->deliverTotal(total.value());
            else
                model->markFailed(total.error());
            finishIfWhole(cursorId);
        });
}

// Rows computed for a later page can raise notices too (a function in the select list): they
// belong to the statement of the result, as those of its first page do. Called in the worker.
std::function<void(const Notice &)> ConsoleSession::noticeReceiver(int cursorId)
{
    const ResultSetModel *model = m_cursors.value(cursorId);
    const int index = model ? model->statementIndex() : -1;
    return [this, index](const Notice &notice) {
        QMetaObject::invokeMethod(
            this, [this, index, notice] { emit this->notice(index, notice); },
            Qt::QueuedConnection);
    };
}

void ConsoleSession::finishIfWhole(int cursorId)
{
    ResultSetModel *model = m_cursors.value(cursorId);
    if (!model || model->state() != ResultSetModel::State::Open || !model->totalCount() ||
        model->cachedRowCount() < *model->totalCount())
        return;
    // Every row is in the client: the cursor, and an auto-commit result's transaction, can go.
    releaseCursor(cursorId);
    model->attach(nullptr, 0);
    model->markClosed(QString());
}

void ConsoleSession::releaseCursor(int cursorId)
{
    if (!m_cursors.remove(cursorId))
        return;
    const bool commit = m_autoCommit && m_resultTransaction && m_cursors.isEmpty();
    if (commit)
        m_resultTransaction = false;
    m_db.run<bool>(
        [cursorId, commit](QSqlDatabase &db, const JobContext &) -> Result<bool> {
            const Status closed = console::closeCursor(db, cursorId, commit);
            if (!closed)
                return closed.error();
            return true;
        },
        this, [this](Ticket, const Result<bool> &) { updateTransaction(); });
}

void ConsoleSession::cancel()
{
    if (m_runTicket != 0)
        m_db.cancel(m_runTicket);
}

void ConsoleSession::setAutoCommit(bool on)
{
    m_autoCommit = on;
    updateTransaction();
}

void ConsoleSession::setReadOnly(bool on)
{
    m_readOnly = on;
}

void ConsoleSession::commit()
{
    endTransaction(QStringLiteral("COMMIT"));
}

void ConsoleSession::rollback()
{
    endTransaction(QStringLiteral("ROLLBACK"));
}

void ConsoleSession::endTransaction(const QString &command)
{
    m_db.run<QString>(
        [command](QSqlDatabase &db, const JobContext &) -> Result<QString> {
            if (transactionState(db) == TransactionState::Idle)
                return QString(); // nothing to end
            const Result<PgRows> done = exec(db, Statement(command));
            if (!done)
                return done.error();
            return done->command;
        },
        this,
        [this, command](Ticket, const Result<QString> &done) {
            emit transactionEnded(done ? (done->isEmpty() ? command : done.value()) : command,
                                  done ? DbError() : done.error());
        });
}

void ConsoleSession::closeCursors(const QString &reason)
{
    const auto cursors = std::exchange(m_cursors, {});
    for (const QPointer<ResultSetModel> &model : cursors) {
        if (!model)
            continue;
        model->attach(nullptr, 0);
        model->markClosed(reason);
    }
}

void ConsoleSession::rawStateChanged(TransactionState raw)
{
    m_raw = raw;
    if (raw == TransactionState::Idle) {
        m_resultTransaction = false;
        closeCursors(QCoreApplication::translate(
            "ConsoleSession", "Closed: the transaction that held this result ended."));
    } else if (raw == TransactionState::InFailedTransaction) {
        closeCursors(QCoreApplication::translate(
            "ConsoleSession", "Closed: the transaction that held this result failed."));
    }
    updateTransaction();
}

void ConsoleSession::updateTransaction()
{
    Transaction state = Transaction::Idle;
    if (m_raw == TransactionState::InFailedTransaction)
        state = Transaction::Failed;
    else if (m_raw == TransactionState::InTransaction || m_raw == TransactionState::Active)
        state =
            m_autoCommit && m_resultTransaction ? Transaction::Idle : Transaction::InTransaction;
    armResultIdle();
    if (state == m_transaction)
        return;
    m_transaction = state;
    emit transactionChanged(state);
}

} // namespace dbx::model
