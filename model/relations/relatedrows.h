#pragma once

#include "model/catalog/schemasnapshot.h"
#include "model/data/tablequery.h"
#include "model/db/database.h"
#include "model/relations/relatedloader.h"
#include "model/relations/relationshipgraph.h"
#include "model/result.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <functional>

class QSqlDatabase;

namespace dbx::model {

// One relationship of one row and how many rows it reaches from there.
struct RelatedSummary {
    Relationship rel;
    qint64 count = 0;
    QString label; // "resumes (3)", "worker (many-to-one)", "vacancies via vacancies_replies (2)"
    // A conditional relationship ("part-time resumes"): only the related rows this keeps, in
    // its order. Empty for the plain relationship.
    RelatedCondition condition;

    bool isConditional() const { return !condition.isEmpty(); }
};

// A row's label (the text of its label column, may be empty) and its relationships.
struct RowSummary {
    QString label;
    QList<RelatedSummary> relations;
};

// The rows one relationship reaches from one row, as text (NULL stays a null QVariant).
struct RelatedRows {
    QStringList columns;          // the related table's columns, then the link's attributes
    int linkColumnsFrom = -1;     // index of the first link attribute column; -1 when none
    QList<QVariantList> rows;     // values, in `columns` order
    QList<QVariantList> keys;     // primary key of each related row (empty when it has none)
    QList<QVariantList> linkKeys; // many-to-many: primary key of each association row
    QVariantList fromValues;      // many-to-many: the row's values of rel.fromColumns
    bool truncated = false;       // more rows exist than the limit let through
};

// Conditional relationships, keyed by conditionSettingsKey() of the relationship they filter.
using ConditionMap = QHash<QString, RelatedCondition>;

// The conditions saved in `settings` for the relationships of `table` (the non-empty ones).
ConditionMap savedConditions(const RelationshipGraph &graph, const TableRef &table);

// Counts, for the row of `table` whose primary key is `key` (values as text, in key order),
// what each relationship of `graph.from(table)` reaches: one statement with a scalar count
// subquery per relationship, every value bound. A relationship with an entry in `conditions`
// is followed by a second, conditional entry counting only the rows its filter keeps.
// `rowLabel` (optional) receives the row's label. Fails when the key does not fit the table's
// primary key or the row is gone.
Result<QList<RelatedSummary>> summarize(QSqlDatabase &db, const SchemaSnapshot &snapshot,
                                        const RelationshipGraph &graph, const TableRef &table,
                                        const QVariantList &key, QString *rowLabel = nullptr,
                                        const ConditionMap &conditions = {});

// The rows `rel` reaches from the row of `rel.from` with primary key `key`, at most `limit`,
// in the related table's key order (or the condition's order, then the key). Many-to-many goes
// through the association table and adds the link's attributes (cover_letter) and the
// association rows' keys. `condition` keeps only the related rows its filter matches.
Result<RelatedRows> related(QSqlDatabase &db, const SchemaSnapshot &snapshot,
                            const Relationship &rel, const QVariantList &key, int limit = 200,
                            const RelatedCondition &condition = {});

// The statement summarize() runs without conditions (for tests and the SQL log): count
// subqueries, then the label; `?` placeholders.
Statement summaryStatement(const QList<Relationship> &rels, const TableInfo &table,
                              const QVariantList &key);

// The same on `database`'s worker; `done` runs in `context`'s thread.
Ticket loadRowSummary(Database &database, const SchemaSnapshot &snapshot,
                      const RelationshipGraph &graph, const TableRef &table,
                      const QVariantList &key, const ConditionMap &conditions, QObject *context,
                      std::function<void(Ticket, const Result<RowSummary> &)> done);
Ticket loadRelatedRows(Database &database, const SchemaSnapshot &snapshot, const Relationship &rel,
                       const QVariantList &key, int limit, const RelatedCondition &condition,
                       QObject *context,
                       std::function<void(Ticket, const Result<RelatedRows> &)> done);

} // namespace dbx::model
