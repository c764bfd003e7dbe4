#pragma once

#include "model/catalog/schemasnapshot.h"
#include "model/data/tablequery.h"
#include "model/db/database.h"
#include "model/db/statement.h"
#include "model/query/querydef.h"
#include "model/relations/relationshipgraph.h"
#include "model/result.h"

#include <QHash>
#include <QList>
#include <QPair>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QVariantList>

#include <functional>

class QSettings;

namespace dbx::model {

// How the related rows of many parents are fetched, after the ORM strategies of the seed notes:
// one SELECT per parent (lazy: the N+1 problem), one SELECT of every parent's related rows by
// key list (selectin), or one SELECT joining the parents to their related rows (joined).
enum class LoadStrategy { Lazy, Joined, Selectin };

// A filter and an order on the related side: the seed's conditional relationship (only
// part-time resumes, newest first). An empty filter matches every related row; an empty order
// column keeps the related table's key order.
struct RelatedCondition {
    query::Filter filter;
    QString orderColumn;
    Qt::SortOrder order = Qt::AscendingOrder;
    // What the user calls the filtered relationship ("part-time resumes"); empty: described
    // from the filter.
    QString name;

    bool isEmpty() const { return filter.isEmpty() && orderColumn.isEmpty(); }
};

// One statement the loader sent, as the user should see it.
struct LoggedStatement {
    QString sql;
    QVariantList params;
    double ms = 0;
    qint64 rows = 0;
};

// The related rows of a set of parents. Rows are grouped by the parent's key (see
// relatedKeyText()), each row holding `relatedColumns` as text, in the condition's order.
struct RelatedLoad {
    LoadStrategy strategy = LoadStrategy::Selectin;
    QHash<QString, QList<QVariantList>> rows;
    QStringList relatedColumns; // the related table's columns, then a link's own attributes
    QList<LoggedStatement> statements;
    double totalMs = 0;

    qint64 rowCount() const;
};

// The text a parent key is grouped under: its values (rel.fromColumns, in the server's text
// form) joined by U+001F. Empty when a value is NULL (such a parent has no related rows).
QString relatedKeyText(const QVariantList &key);

// Loads the related rows along `rel` of the parents whose values of rel.fromColumns are
// `parentKeys` (text, as the grid reads them; duplicates and NULL keys are skipped). Values are
// always bound; identifiers come from the catalog and are quoted.
Result<RelatedLoad> loadRelated(QSqlDatabase &db, const SchemaSnapshot &snapshot,
                                const Relationship &rel, const QList<QVariantList> &parentKeys,
                                LoadStrategy strategy, const RelatedCondition &condition = {});

// For one row of `table` (its primary key values, text), how many rows each relationship from
// it reaches, in RelationshipGraph::from() order. One statement of scalar subqueries. A
// relationship whose conditionSettingsKey() is in `conditions` counts only the rows that
// condition's filter keeps.
Result<QList<QPair<Relationship, qint64>>>
countRelated(QSqlDatabase &db, const SchemaSnapshot &snapshot, const RelationshipGraph &graph,
             const TableRef &table, const QVariantList &key,
             const QHash<QString, RelatedCondition> &conditions = {});

// `related` as a FROM item with `filter` applied (values bound into `statement`): the table
// itself, or a subquery of its filtered rows. Give it an alias.
QString filteredRelation(const TableInfo &related, const query::Filter &filter,
                         Statement *statement);

// Conditions are remembered per relationship (table, constraint and direction, since both ends
// of a foreign key share its name) under "relations/conditions/" in `settings`.
QString conditionSettingsKey(const Relationship &rel);
void saveCondition(QSettings &settings, const Relationship &rel, const RelatedCondition &condition);
RelatedCondition loadCondition(QSettings &settings, const Relationship &rel);

// A page of parents read as a grid reads it, by primary key: the statement that ran and, per
// parent in key order, its values of rel.fromColumns (what loadRelated() takes). For a
// many-to-one relationship those are the foreign key's columns, which the caller does not hold.
struct ParentPage {
    LoggedStatement statement;
    QList<QVariantList> keys;
};
Result<ParentPage> readParentPage(QSqlDatabase &db, const SchemaSnapshot &snapshot,
                                  const Relationship &rel, const QList<QVariantList> &primaryKeys);

struct StrategyComparison {
    ParentPage parents;
    QList<RelatedLoad> loads; // in the order the strategies were asked for
};

// The parents' page, then each strategy one after another, on `database`'s worker: the
// side-by-side comparison of the Loading view. `parentPrimaryKeys` are the parents' primary
// key values (text); `done` is called in `context`'s thread.
Ticket compareStrategies(Database &database, const SchemaSnapshot &snapshot,
                         const Relationship &rel, const QList<QVariantList> &parentPrimaryKeys,
                         const QList<LoadStrategy> &strategies, const RelatedCondition &condition,
                         QObject *context,
                         std::function<void(Ticket, const Result<StrategyComparison> &)> done);
// One load on the worker.
Ticket loadRelatedAsync(Database &database, const SchemaSnapshot &snapshot, const Relationship &rel,
                        const QList<QVariantList> &parentKeys, LoadStrategy strategy,
                        const RelatedCondition &condition, QObject *context,
                        std::function<void(Ticket, const Result<RelatedLoad> &)> done);
// countRelated() on the worker.
Ticket loadRelatedCounts(
    Database &database, const SchemaSnapshot &snapshot, const RelationshipGraph &graph,
    const TableRef &table, const QVariantList &key,
    const QHash<QString, RelatedCondition> &conditions, QObject *context,
    std::function<void(Ticket, const Result<QList<QPair<Relationship, qint64>>> &)> done);

} // namespace dbx::model
