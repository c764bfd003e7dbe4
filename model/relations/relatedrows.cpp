#include "model/relations/relatedrows.h"

#include "model/data/rowlabel.h"
#include "model/db/executor.h"
#include "model/relations/conditiontext.h"
#include "model/sqlident.h"

#include <QCoreApplication>
#include <QSettings>

namespace dbx::model {

namespace {

DbError failure(const QString &message)
{
    DbError error;
    error.kind = DbError::Kind::Statement;
    error.message = message;
    return error;
}

DbError rowGone()
{
    return failure(QCoreApplication::translate("RelatedRows", "The row no longer exists."));
}

QString column(const QString &alias, const QString &name)
{
    return alias + QLatin1Char('.') + quoteIdent(name);
}

// "a.x = b.y AND ..." for two parallel column lists.
QString matchColumns(const QString &leftAlias, const QStringList &left, const QString &rightAlias,
                     const QStringList &right)
{
    QStringList parts;
    for (qsizetype i = 0; i < left.size(); ++i)
        parts << column(leftAlias, left.at(i)) + QLatin1String(" = ") +
                     column(rightAlias, right.value(i));
    return parts.join(QLatin1String(" AND "));
}

// "r.pk1 = $1 AND ..." with the key's values bound into `st`.
QString matchKey(const QString &alias, const TableInfo &table, const QVariantList &key,
                 Statement *st)
{
    QStringList parts;
    for (qsizetype i = 0; i < table.primaryKey.size(); ++i)
        parts << column(alias, table.primaryKey.at(i)) + QLatin1String(" = ") +
                     st->bind(key.value(i));
    return parts.join(QLatin1String(" AND "));
}

QString fromClause(const TableRef &table, const QString &alias)
{
    return quoteQualified(table.schema, table.name) + QLatin1Char(' ') + alias;
}

// What a person calls the relationship: the row's "worker" (worker_id without its suffix) for
// a foreign key it holds, the table's name otherwise; a second key between the same two tables
// is told apart by its columns.
QString relationName(const Relationship &rel, const QList<Relationship> &all)
{
    if (rel.kind == Relationship::Kind::ManyToMany)
        return QCoreApplication::translate("RelatedRows", "%1 via %2")
            .arg(rel.to.name, rel.via.name);
    if (rel.owning && rel.fromColumns.size() == 1) {
        const QString fk = rel.fromColumns.first();
        if (fk.endsWith(QLatin1String("_id")) && fk.size() > 3)
            return fk.left(fk.size() - 3);
        return fk;
    }
    int same = 0;
    for (const Relationship &other : all)
        same += other.kind == rel.kind && other.owning == rel.owning && other.to == rel.to;
    if (same > 1)
        return QCoreApplication::translate("RelatedRows", "%1 by %2")
            .arg(rel.to.name, rel.toColumns.join(QLatin1String(", ")));
    return rel.to.name;
}

QString summaryLabel(const Relationship &rel, qint64 count, const QList<Relationship> &all)
{
    const QString name = relationName(rel, all);
    switch (rel.kind) {
    case Relationship::Kind::ManyToOne:
    case Relationship::Kind::OneToOne:
        if (count == 0)
            return QCoreApplication::translate("RelatedRows", "%1 (none)").arg(name);
        return rel.kind == Relationship::Kind::ManyToOne
                   ? QCoreApplication::translate("RelatedRows", "%1 (many-to-one)").arg(name)
                   : QCoreApplication::translate("RelatedRows", "%1 (one-to-one)").arg(name);
    case Relationship::Kind::OneToMany:
    case Relationship::Kind::ManyToMany:
        break;
    }
    return QStringLiteral("%1 (%2)").arg(name).arg(count);
}

bool keyFits(const TableInfo &table, const QVariantList &key)
{
    return !table.primaryKey.isEmpty() && key.size() == table.primaryKey.size();
}

DbError keyMismatch(const TableInfo &table)
{
    return failure(
        QCoreApplication::translate("RelatedRows",
                                    "Relationships can be followed only from rows of a table with "
                                    "a primary key; %1 has none or the key does not fit it.")
            .arg(table.name));
}

} // namespace

// A filter needs the related table's columns, hence the snapshot; without one conditions are
// ignored (the public overload is for showing the statement's shape).
static Statement countStatement(const QList<Relationship> &rels, const TableInfo &table,
                                   const QVariantList &key,
                                   const QList<RelatedCondition> &conditions,
                                   const SchemaSnapshot *snapshot)
{
    Statement st;
    QStringList select;
    for (qsizetype i = 0; i < rels.size(); ++i) {
        const Relationship &rel = rels.at(i);
        const RelatedCondition condition = conditions.value(i);
        const TableInfo *related = snapshot ? snapshot->table(rel.to.schema, rel.to.name) : nullptr;
        const bool filtered = related && !condition.filter.isEmpty();
        const bool viaLink = rel.kind == Relationship::Kind::ManyToMany;
        QString from;
        if (viaLink) {
            // Count the links; a filter on the far side joins its rows to them.
            from = fromClause(rel.via, QStringLiteral("t"));
            if (filtered) {
                from += QLatin1String(" JOIN ") +
                        filteredRelation(*related, condition.filter, &st) +
                        QLatin1String(" c ON ") +
                        matchColumns(QStringLiteral("c"), rel.toColumns, QStringLiteral("t"),
                                     rel.viaToColumns);
            }
        } else {
            from = filtered ? filteredRelation(*related, condition.filter, &st) +
                                  QLatin1String(" t")
                            : fromClause(rel.to, QStringLiteral("t"));
        }
        const QStringList &countedColumns = viaLink ? rel.viaFromColumns : rel.toColumns;
        select << QLatin1String("(SELECT count(*) FROM ") + from + QLatin1String(" WHERE ") +
                      matchColumns(QStringLiteral("t"), countedColumns, QStringLiteral("r"),
                                   rel.fromColumns) +
                      QLatin1Char(')');
    }
    const QString label = labelColumn(table);
    select << (label.isEmpty() ? QStringLiteral("NULL")
                               : column(QStringLiteral("r"), label) + QLatin1String("::text"));
    st.sql = QLatin1String("SELECT ") + select.join(QLatin1String(", ")) + QLatin1String(" FROM ") +
             fromClause(TableRef{table.schema, table.name}, QStringLiteral("r")) +
             QLatin1String(" WHERE ") + matchKey(QStringLiteral("r"), table, key, &st);
    return st;
}

Statement summaryStatement(const QList<Relationship> &rels, const TableInfo &table,
                              const QVariantList &key)
{
    return countStatement(rels, table, key, {}, nullptr);
}

ConditionMap savedConditions(const RelationshipGraph &graph, const TableRef &table)
{
    ConditionMap out;
    QSettings settings;
    for (const Relationship &rel : graph.from(table)) {
        const RelatedCondition condition = loadCondition(settings, rel);
        if (!condition.isEmpty())
            out.insert(conditionSettingsKey(rel), condition);
    }
    return out;
}

Result<QList<RelatedSummary>> summarize(QSqlDatabase &db, const SchemaSnapshot &snapshot,
                                        const RelationshipGraph &graph, const TableRef &table,
                                        const QVariantList &key, QString *rowLabel,
                                        const ConditionMap &conditions)
{
    const TableInfo *info = snapshot.table(table.schema, table.name);
    if (!info)
        return failure(QCoreApplication::translate("RelatedRows", "The table %1 is not known.")
                           .arg(table.qualified()));
    if (!keyFits(*info, key))
        return keyMismatch(*info);
    const QList<Relationship> plain = graph.from(table);
    // Each conditional relationship right after the one it filters.
    QList<Relationship> rels;
    QList<RelatedCondition> entryConditions;
    for (const Relationship &rel : plain) {
        rels << rel;
        entryConditions << RelatedCondition();
        const auto found = conditions.constFind(conditionSettingsKey(rel));
        if (found != conditions.constEnd() && !found->isEmpty()) {
            rels << rel;
            entryConditions << *found;
        }
    }
    const Statement st = countStatement(rels, *info, key, entryConditions, &snapshot);
    const Result<PgRows> rows = exec(db, st);
    if (!rows.ok())
        return rows.error();
    if (rows->rows.isEmpty())
        return rowGone();
    const QVariantList &values = rows->rows.first();
    QList<RelatedSummary> out;
    for (qsizetype i = 0; i < rels.size(); ++i) {
        RelatedSummary s;
        s.rel = rels.at(i);
        s.count = values.value(i).toLongLong();
        s.condition = entryConditions.at(i);
        s.label =
            s.isConditional()
                ? QStringLiteral("%1 (%2)").arg(conditionLabel(s.rel, s.condition)).arg(s.count)
                : summaryLabel(s.rel, s.count, plain);
        out << s;
    }
    if (rowLabel)
        *rowLabel = values.value(rels.size()).toString();
    return out;
}

Result<RelatedRows> related(QSqlDatabase &db, const SchemaSnapshot &snapshot,
                            const Relationship &rel, const QVariantList &key, int limit,
                            const RelatedCondition &condition)
{
    const TableInfo *from = snapshot.table(rel.from.schema, rel.from.name);
    const TableInfo *to = snapshot.table(rel.to.schema, rel.to.name);
    const bool viaLink = rel.kind == Relationship::Kind::ManyToMany;
    const TableInfo *via = viaLink ? snapshot.table(rel.via.schema, rel.via.name) : nullptr;
    if (!from || !to || (viaLink && !via))
        return failure(
            QCoreApplication::translate("RelatedRows", "The relationship's tables are not known."));
    if (!keyFits(*from, key))
        return keyMismatch(*from);

    RelatedRows out;
    if (viaLink) {
        // A new link needs the row's own values of the referenced columns, which are not
        // always its key; read them even when no link exists yet.
        Statement st;
        QStringList cols;
        for (const QString &c : rel.fromColumns)
            cols << column(QStringLiteral("r"), c) + QLatin1String("::text");
        st.sql = QLatin1String("SELECT ") + cols.join(QLatin1String(", ")) +
                 QLatin1String(" FROM ") + fromClause(rel.from, QStringLiteral("r")) +
                 QLatin1String(" WHERE ") + matchKey(QStringLiteral("r"), *from, key, &st);
        const Result<PgRows> own = exec(db, st);
        if (!own.ok())
            return own.error();
        if (own->rows.isEmpty())
            return rowGone();
        out.fromValues = own->rows.first();
    }

    QStringList select;
    for (const ColumnInfo &c : to->columns) {
        out.columns << c.name;
        select << column(QStringLiteral("t"), c.name) + QLatin1String("::text");
    }
    if (viaLink && !rel.linkAttributes.isEmpty()) {
        out.linkColumnsFrom = int(out.columns.size());
        for (const QString &a : rel.linkAttributes) {
            out.columns << a;
            select << column(QStringLiteral("v"), a) + QLatin1String("::text");
        }
    }
    QStringList order;
    if (!condition.orderColumn.isEmpty() && to->column(condition.orderColumn)) {
        order << column(QStringLiteral("t"), condition.orderColumn) +
                     (condition.order == Qt::DescendingOrder ? QLatin1String(" DESC")
                                                             : QLatin1String(" ASC"));
    }
    for (const QString &k : to->primaryKey) {
        select << column(QStringLiteral("t"), k) + QLatin1String("::text");
        order << column(QStringLiteral("t"), k);
    }
    if (viaLink) {
        for (const QString &k : via->primaryKey)
            select << column(QStringLiteral("v"), k) + QLatin1String("::text");
    }
    if (order.isEmpty())
        order << QStringLiteral("1");

    Statement st;
    QString joins;
    if (viaLink) {
        joins = QLatin1String(" JOIN ") + fromClause(rel.via, QStringLiteral("v")) +
                QLatin1String(" ON ") +
                matchColumns(QStringLiteral("v"), rel.viaToColumns, QStringLiteral("t"),
                             rel.toColumns) +
                QLatin1String(" JOIN ") + fromClause(rel.from, QStringLiteral("r")) +
                QLatin1String(" ON ") +
                matchColumns(QStringLiteral("v"), rel.viaFromColumns, QStringLiteral("r"),
                             rel.fromColumns);
    } else {
        joins =
            QLatin1String(" JOIN ") + fromClause(rel.from, QStringLiteral("r")) +
            QLatin1String(" ON ") +
            matchColumns(QStringLiteral("t"), rel.toColumns, QStringLiteral("r"), rel.fromColumns);
    }
    // The filter's values come first: the related table is the first FROM item.
    const QString target =
        filteredRelation(*to, condition.filter, &st) + QLatin1String(" t");
    st.sql = QLatin1String("SELECT ") + select.join(QLatin1String(", ")) + QLatin1String(" FROM ") +
             target + joins + QLatin1String(" WHERE ") +
             matchKey(QStringLiteral("r"), *from, key, &st) + QLatin1String(" ORDER BY ") +
             order.join(QLatin1String(", ")) + QLatin1String(" LIMIT ") +
             QString::number(qMax(0, limit) + 1);
    const Result<PgRows> rows = exec(db, st);
    if (!rows.ok())
        return rows.error();

    const qsizetype shown = out.columns.size();
    const qsizetype keyCount = to->primaryKey.size();
    for (const QVariantList &row : rows->rows) {
        if (out.rows.size() >= limit) {
            out.truncated = true;
            break;
        }
        out.rows << row.mid(0, shown);
        out.keys << row.mid(shown, keyCount);
        if (viaLink)
            out.linkKeys << row.mid(shown + keyCount);
    }
    return out;
}

Ticket loadRowSummary(Database &database, const SchemaSnapshot &snapshot,
                      const RelationshipGraph &graph, const TableRef &table,
                      const QVariantList &key, const ConditionMap &conditions, QObject *context,
                      std::function<void(Ticket, const Result<RowSummary> &)> done)
{
    return database.run<RowSummary>(
        [snapshot, graph, table, key, conditions](QSqlDatabase &db,
                                                  const JobContext &) -> Result<RowSummary> {
            RowSummary summary;
            const auto relations =
                summarize(db, snapshot, graph, table, key, &summary.label, conditions);
            if (!relations.ok())
                return relations.error();
            summary.relations = relations.value();
            return summary;
        },
        context, std::move(done));
}

Ticket loadRelatedRows(Database &database, const SchemaSnapshot &snapshot, const Relationship &rel,
                       const QVariantList &key, int limit, const RelatedCondition &condition,
                       QObject *context,
                       std::function<void(Ticket, const Result<RelatedRows> &)> done)
{
    return database.run<RelatedRows>(
        [snapshot, rel, key, limit, condition](QSqlDatabase &db, const JobContext &) {
            return related(db, snapshot, rel, key, limit, condition);
        },
        context, std::move(done));
}

} // namespace dbx::model
