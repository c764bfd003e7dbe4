#pragma once

#include "model/console/resultsetmodel.h"
#include "model/db/database.h"
#include "model/db/executor.h"
#include "model/script/scriptrunner.h"
#include "model/script/statementrisk.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>

namespace dbx::model {

namespace console {
struct CursorPage;
struct JobEvents;
struct JobOutcome;
} // namespace console

struct ConsoleRunOptions {
    // Run the statements after a failing one too (in manual mode each behind a savepoint, so
    // the later ones are not refused as "transaction is aborted").
    bool continueOnError = false;
    // The part of the editor's text to run: [selectionStart, selectionStart + selectionLength);
    // -1 = to the end. Lines, columns and offsets in the signals are those of the whole text.
    qsizetype selectionStart = 0;
    qsizetype selectionLength = -1;
};

// What one statement did.
struct StatementSummary {
    QString command;          // the command tag: "UPDATE 3", "SELECT 500", "CREATE TABLE"
    qint64 rowsAffected = -1; // -1 when the tag has no count
    qint64 elapsedMs = 0;     // for a SELECT read through a cursor: until its first page
    bool hasResult = false;   // its rows are in a ResultSetModel (resultReady)
};

struct ConsoleRunOutcome {
    int statements = 0; // in the text that ran
    int executed = 0;   // failed ones included
    int failed = 0;
    bool cancelled = false;
};

// The SQL console's session: a connection of its own (its SETs, temporary tables and
// transactions never reach the grid's, the builder's or the migrations' connections), opened
// with the main connection's ConnectionSpec, and everything the console runs on it.
//
// Transactions. Auto-commit (default): every statement commits on its own. A SELECT is read
// through a cursor, which needs a transaction: the session opens one for the result and holds
// it only while that result may still be read; it ends (COMMIT) when the user runs anything
// else, closes the result (deletes the model), or every row is in the client (the first page
// held them all, or the pages read so far do and the end is known). In a script, a
// SELECT followed by more statements keeps its first page and closes (closedReason says so)
// before the next statement runs, so the later ones commit on their own as always. A result
// nobody reads from for kResultIdleSeconds is closed the same way, keeping its rows: an open
// transaction holds its locks (a migration's ALTER TABLE would wait behind it) and, behind a
// transaction pooler, a server connection. Manual:
// the first statement opens a transaction (BEGIN, or BEGIN READ ONLY); commit() or rollback()
// ends it. Its results' cursors live in it, several at once; after COMMIT or ROLLBACK they
// are Closed with the rows they kept.
//
// Read-only is per transaction (BEGIN READ ONLY, or SET TRANSACTION READ ONLY after the user's
// own BEGIN), since a session-level SET would not survive a transaction pooler: in
// auto-commit mode each statement runs in a read-only transaction of its own.
class ConsoleSession : public QObject, private ResultSource {
    Q_OBJECT
public:
    enum class Transaction { Idle, InTransaction, Failed };
    Q_ENUM(Transaction)

    explicit ConsoleSession(QObject *parent = nullptr);
    ~ConsoleSession() override;

    // Opens the session's own connection; ready() or connectionFailed() follows.
    void open(const ConnectionSpec &spec);
    bool isReady() const;
    Database &database() { return m_db; }

    // Runs `editorText` (the part options.selection... names of it: a selection, one statement
    // or a whole script), split by PostgreSQL's parser, `:name` and `$n` bound on the server.
    // Returns false (and emits runRejected) when a parameter has no value or a run is going.
    bool run(const QString &editorText, const ParameterValues &values,
             const ConsoleRunOptions &options = {});
    // Stops the running statement on the server (SQLSTATE 57014); the rest does not run.
    void cancel();
    bool isRunning() const { return m_runTicket != 0; }

    bool autoCommit() const { return m_autoCommit; }
    // Switching to auto-commit with a transaction open leaves it open until commit/rollback.
    void setAutoCommit(bool on);
    bool readOnly() const { return m_readOnly; }
    // Takes effect from the next transaction.
    void setReadOnly(bool on);
    void commit();
    void rollback();
    Transaction transaction() const { return m_transaction; }

    // How long an auto-commit result may stay unread before it is closed.
    static constexpr int kResultIdleSeconds = 120;
    void setResultIdleTimeout(std::chrono::milliseconds timeout);

    // The risks of what run() would run, for the confirmation before it.
    static QList<StatementRisk> risksOf(const QString &editorText,
                                        const ConsoleRunOptions &options = {});

signals:
    void ready();
    void connectionFailed(const dbx::model::DbError &error);
    void runRejected(const dbx::model::DbError &error);
    // run() accepted the text: it has `statements` statements (0 for only comments).
    void runStarted(int statements);
    void statementStarted(int index, const QString &text, int line);
    // A statement's rows; the model belongs to the session until the UI takes it (setParent)
    // and may be deleted to close the result.
    void resultReady(int index, dbx::model::ResultSetModel *model);
    void statementFinished(int index, const dbx::model::StatementSummary &summary);
    // A NOTICE, WARNING or RAISE as libpq receives it, with the statement it came from.
    void notice(int index, const dbx::model::Notice &notice);
    void statementFailed(int index, const dbx::model::ScriptFailure &failure);
    void runFinished(const dbx::model::ConsoleRunOutcome &outcome);
    void transactionChanged(dbx::model::ConsoleSession::Transaction state);
    // commit() or rollback() answered; error set when it failed.
    void transactionEnded(const QString &command, const dbx::model::DbError &error);
    void busyChanged(bool busy);

private:
    void requestRows(int cursorId, qint64 first, int count) override;
    void requestTotal(int cursorId, qint64 known) override;
    void releaseCursor(int cursorId) override;
    std::function<void(const Notice &)> noticeReceiver(int cursorId);
    // Closes the cursor of a result whose every row is in the client.
    void finishIfWhole(int cursorId);

    console::JobEvents jobEvents();
    void jobDone(const Result<console::JobOutcome> &done);
    void cursorResult(int index, int cursorId, const console::CursorPage &page);
    void staticResult(int index, const console::CursorPage &page, qint64 total);
    void endTransaction(const QString &command);
    // Marks every open cursor's model Closed (their transaction ended).
    void closeCursors(const QString &reason);
    void updateTransaction();
    void rawStateChanged(TransactionState raw);
    // (Re)starts the idle clock of an open auto-commit result, or stops it.
    void armResultIdle();
    void closeIdleResult();

    Database m_db;
    bool m_autoCommit = true;
    bool m_readOnly = false;
    Transaction m_transaction = Transaction::Idle;
    TransactionState m_raw = TransactionState::Unknown;
    Ticket m_runTicket = 0;
    int m_nextCursor = 0;
    // Open cursors and the model each feeds.
    QHash<int, QPointer<ResultSetModel>> m_cursors;
    // The auto-commit transaction the session opened to hold a result's cursor.
    bool m_resultTransaction = false;
    QTimer m_resultIdle;
    int m_runSteps = 0;
};

} // namespace dbx::model

Q_DECLARE_METATYPE(dbx::model::StatementSummary)
Q_DECLARE_METATYPE(dbx::model::ConsoleRunOutcome)
Q_DECLARE_METATYPE(dbx::model::ScriptFailure)
Q_DECLARE_METATYPE(dbx::model::Notice)
