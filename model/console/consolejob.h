#pragma once

// The worker-thread side of ConsoleSession: what runs on its connection. Internal to
// model/console; the session posts every event back to its own thread.

#include "model/console/consolesession.h"

#include <functional>

class QSqlDatabase;

namespace dbx::model::console {

// A result's cursor on the session's connection.
QString cursorName(int cursorId);

struct JobPlan {
    QString text; // the whole editor text (positions are reported in it)
    QList<ScriptStep> steps;
    QList<StatementShape> shapes;
    QList<int> cursorIds; // per step: the cursor a readable SELECT gets
    bool continueOnError = false;
    bool autoCommit = true;
    bool readOnly = false;
    // The auto-commit transaction holding an earlier result's cursor: committed first.
    bool endResultTransaction = false;
};

struct CursorPage {
    QStringList columns;
    QList<quint32> types;
    QList<QVariantList> rows;
    bool atEnd = false;    // every row is in `rows`
    bool keptOpen = false; // the cursor stays open for more
    // Kept open in an auto-commit transaction of the session's own (not the user's).
    bool resultTransaction = false;
};

// Called in the worker thread; each posts to the session.
struct JobEvents {
    std::function<void(int index, const QString &text, int line)> started;
    std::function<void(int index, int cursorId, const CursorPage &page)> cursorResult;
    std::function<void(int index, const CursorPage &page, qint64 total)> staticResult;
    std::function<void(int index, const StatementSummary &summary)> finished;
    std::function<void(int index, const Notice &notice)> notice;
    std::function<void(int index, const ScriptFailure &failure)> failed;
};

struct JobOutcome {
    ConsoleRunOutcome outcome;
    bool resultTransaction = false; // an auto-commit transaction now holds a result's cursor
};

JobOutcome runJob(QSqlDatabase &db, const JobContext &context, const JobPlan &plan,
                  const JobEvents &events);

// Rows [first, first + count) of an open scroll cursor.
Result<QList<QVariantList>> fetchRows(QSqlDatabase &db, int cursorId, qint64 first, int count);
// The cursor's row count, from `known` rows on (MOVE: no row is sent).
Result<qint64> countRows(QSqlDatabase &db, int cursorId, qint64 known);
// True when the cursor is open (a FETCH or CLOSE of a gone one would spoil a transaction).
bool cursorExists(QSqlDatabase &db, int cursorId);
// Closes a cursor, and with `commit` the auto-commit transaction that held it.
Status closeCursor(QSqlDatabase &db, int cursorId, bool commit);

} // namespace dbx::model::console
