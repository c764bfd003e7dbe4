#pragma once

#include "model/catalog/schemasnapshot.h"
#include "model/db/database.h"
#include "model/result.h"

#include <QList>
#include <QMetaType>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QVariantList>

#include <functional>

namespace dbx::model {

// One consequence of deleting rows: what PostgreSQL's foreign keys would do to the rows of one
// related table reached along one chain of constraints. Shown before a delete so that "delete
// this worker" does not silently take its resumes and their replies with it.
struct CascadeEffect {
    enum class Action {
        Delete,     // ON DELETE CASCADE: the rows go too (depth 0: the rows asked for)
        SetNull,    // ON DELETE SET NULL: the rows stay, their reference becomes NULL
        SetDefault, // ON DELETE SET DEFAULT: the rows stay, their reference gets its default
        Blocked,    // RESTRICT / NO ACTION with rows: the whole delete would fail
    };

    QString schema;
    QString table;
    Action action = Action::Delete;
    qint64 rows = 0; // rows of `table` reached along `path`
    int depth = 0;   // 0 for the table the delete starts from, 1 for its direct referrers ...
    QString constraintName; // the foreign key of `table` that leads here; empty at depth 0
    QString onDelete;       // the constraint's rule as declared ("NO ACTION", "RESTRICT" ...)
    QStringList path;       // table names from the start: workers, resumes, vacancies_replies
    // Rows of `table` that this action reaches over every path together, a row reached twice
    // counted once; equal to `rows` unless the table is reached by more than one chain. For the
    // starting table (more of its own rows deleted through a self-reference) it leaves out the
    // rows asked for.
    qint64 tableRows = 0;
    // The chain goes on past the depth limit (a self-reference or a cycle of cascades that the
    // data still follows): rows further down are not counted.
    bool truncated = false;
};

// Counts what deleting the rows of `table` whose primary keys are `keys` would do through every
// foreign key that refers to it, following ON DELETE CASCADE from table to table. `keys` holds
// one tuple per row, in primaryKey order, as text (or any value pgTextValue understands).
// The result lists the starting table first (depth 0, rows = how many of the keys exist), then
// every effect with rows, depth first, so that each follows the effect it comes from. Effects
// with no rows are left out. Counts come from one read-only, repeatable-read snapshot (or, when
// a transaction is already open on the connection, from inside it, where the delete would run).
// Runs on the worker thread; stops with a Cancelled error when `context` is cancelled.
Result<QList<CascadeEffect>> previewDelete(QSqlDatabase &db, const SchemaSnapshot &snapshot,
                                           const TableInfo &table, const QList<QVariantList> &keys,
                                           const JobContext *context = nullptr);

// Runs previewDelete on `database`'s worker and hands the result to `done` in `context`'s thread.
Ticket loadDeletePreview(Database &database, const SchemaSnapshot &snapshot, const TableInfo &table,
                         const QList<QVariantList> &keys, QObject *context,
                         std::function<void(Ticket, const Result<QList<CascadeEffect>> &)> done);

// True when some effect would make PostgreSQL refuse the delete.
bool deleteIsBlocked(const QList<CascadeEffect> &effects);

// One paragraph in plain words: "Deleting 1 row of workers also deletes 3 rows of resumes and
// 4 rows of vacancies_replies." plus what is set to NULL and what blocks the delete.
QString describe(const QList<CascadeEffect> &effects);

} // namespace dbx::model

Q_DECLARE_METATYPE(dbx::model::CascadeEffect)
