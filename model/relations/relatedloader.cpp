#include "model/relations/relatedloader.h"

#include "model/db/executor.h"
#include "model/db/pgvalue.h"
#include "model/query/queryjson.h"
#include "model/query/querysql.h"
#include "model/sqlident.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QSet>
#include <QSettings>
#include <QUrl>

namespace dbx::model {

namespace {

using Kind = Relationship::Kind;

const QChar kKeySeparator(0x1F);
const QString kComma = QStringLiteral(", ");
const QString kAnd = QStringLiteral(" AND ");

DbError statementError(const QString &message)
{
    DbError error;
    error.kind = DbError::Kind::Statement;
    error.message = message;
    return error;
}

QStringList qualified(const QString &alias, const QStringList &columns)
{
    QStringList out;
    for (const QString &c : columns)
        out << alias + QLatin1Char('.') + quoteIdent(c);
    return out;
}

// "a.x = b.y AND ..." pairwise.
QString matchColumns(const QStringList &left, const QStringList &right)
{
    QStringList parts;
    for (qsizetype i = 0; i < left.size(); ++i)
        parts << left.at(i) + QLatin1String(" = ") + right.value(i);
    return parts.join(kAnd);
}

// `columns` matching any of `keys`: `= ANY($n)` for one column, the keys bound as one array
// (read by the server as an array of the column's own type, so the comparison keeps using
// the column's indexes); a row IN list for composite keys (a row list, not VALUES, so every
// value takes the type of the column it is compared with).
QString keyListMatch(const QStringList &columns, const QList<QVariantList> &keys, Statement *st)
{
    if (columns.size() == 1) {
        QVariantList values;
        for (const QVariantList &key : keys)
            values << key.value(0);
        return columns.first() + QLatin1String(" = ANY(") + st->bind(values) + QLatin1Char(')');
    }
    QStringList rows;
    for (const QVariantList &key : keys) {
        QStringList marks;
        for (qsizetype i = 0; i < columns.size(); ++i)
            marks << st->bind(key.value(i));
        rows << QLatin1Char('(') + marks.join(kComma) + QLatin1Char(')');
    }
    return QLatin1Char('(') + columns.join(kComma) + QLatin1String(") IN (") + rows.join(kComma) +
           QLatin1Char(')');
}

QString keyMatch(const QStringList &columns, const QVariantList &key, Statement *st)
{
    QStringList parts;
    for (qsizetype i = 0; i < columns.size(); ++i)
        parts << columns.at(i) + QLatin1String(" = ") + st->bind(key.value(i));
    return parts.join(kAnd);
}

// The related table as `r`.
QString relatedSource(const TableInfo &related, const RelatedCondition &condition, Statement *st)
{
    return filteredRelation(related, condition.filter, st) + QLatin1String(" r");
}

// Everything a strategy needs to know about a relationship, checked once.
struct Plan {
    const Relationship *rel = nullptr;
    const TableInfo *parent = nullptr;
    const TableInfo *related = nullptr;
    const TableInfo *via = nullptr;
    QStringList columns;      // what a row holds, as shown
    QStringList selectItems;  // the same as SQL, after the key columns
    QString orderBy;          // " ORDER BY ..."
    QList<QVariantList> keys; // distinct, non-NULL parent keys
    // Where a row's parent key is: inside the related row (the positions of rel.toColumns) or,
    // through an association table, in as many extra leading columns (empty positions).
    QList<qsizetype> keyPositions;
    QStringList keyPrefix(const QStringList &keyColumns) const
    {
        return keyPositions.isEmpty() ? keyColumns : QStringList();
    }
};

Result<Plan> makePlan(const SchemaSnapshot &snapshot, const Relationship &rel,
                      const QList<QVariantList> &parentKeys, const RelatedCondition &condition)
{
    Plan plan;
    plan.rel = &rel;
    plan.parent = snapshot.table(rel.from.schema, rel.from.name);
    plan.related = snapshot.table(rel.to.schema, rel.to.name);
    const bool manyToMany = rel.kind == Kind::ManyToMany;
    if (manyToMany)
        plan.via = snapshot.table(rel.via.schema, rel.via.name);
    if (!plan.parent || !plan.related || (manyToMany && !plan.via) || rel.fromColumns.isEmpty()) {
        return statementError(QCoreApplication::translate(
            "RelatedLoader", "The relationship refers to a table that no longer exists."));
    }
    for (const ColumnInfo &c : plan.related->columns) {
        plan.columns << c.name;
        plan.selectItems << QLatin1String("r.") + quoteIdent(c.name);
    }
    if (manyToMany) {
        for (const QString &attribute : rel.linkAttributes) {
            // A link attribute named like a column of the related table is told apart by the
            // association table's name.
            plan.columns << (plan.columns.contains(attribute)
                                 ? rel.via.name + QLatin1Char('.') + attribute
                                 : attribute);
            plan.selectItems << QLatin1String("v.") + quoteIdent(attribute);
        }
    }
    if (!manyToMany) {
        for (const QString &c : rel.toColumns)
            plan.keyPositions << plan.columns.indexOf(c);
    }
    QStringList order;
    if (!condition.orderColumn.isEmpty()) {
        if (!plan.related->column(condition.orderColumn)) {
            return statementError(
                QCoreApplication::translate("RelatedLoader", "%1 has no column %2.")
                    .arg(rel.to.name, condition.orderColumn));
        }
        order << QLatin1String("r.") + quoteIdent(condition.orderColumn) +
                     (condition.order == Qt::DescendingOrder ? QLatin1String(" DESC")
                                                             : QLatin1String(" ASC"));
    }
    // Ties are broken by the key (or every column) so that all strategies agree on the order.
    const QStringList tieBreak = plan.related->primaryKey.isEmpty()
                                     ? plan.columns.mid(0, plan.related->columns.size())
                                     : plan.related->primaryKey;
    for (const QString &c : tieBreak) {
        if (c != condition.orderColumn)
            order << QLatin1String("r.") + quoteIdent(c);
    }
    if (!order.isEmpty())
        plan.orderBy = QLatin1String(" ORDER BY ") + order.join(kComma);

    QSet<QString> seen;
    for (const QVariantList &key : parentKeys) {
        if (key.size() != rel.fromColumns.size()) {
            return statementError(QCoreApplication::translate(
                                      "RelatedLoader", "A parent key has %1 values; %2 expects %3.")
                                      .arg(key.size())
                                      .arg(rel.describe())
                                      .arg(rel.fromColumns.size()));
        }
        const QString text = relatedKeyText(key);
        if (text.isEmpty() || seen.contains(text))
            continue;
        seen.insert(text);
        plan.keys << key;
    }
    return plan;
}

// The FROM and key columns of the selectin and lazy statements: the related table alone, or
// through the association table (whose key columns then name the parent).
QString childFrom(const Plan &plan, const RelatedCondition &condition, QStringList *keyColumns,
                  Statement *st)
{
    const Relationship &rel = *plan.rel;
    if (rel.kind != Kind::ManyToMany) {
        *keyColumns = qualified(QStringLiteral("r"), rel.toColumns);
        return relatedSource(*plan.related, condition, st);
    }
    *keyColumns = qualified(QStringLiteral("v"), rel.viaFromColumns);
    return quoteQualified(rel.via.schema, rel.via.name) + QLatin1String(" v JOIN ") +
           relatedSource(*plan.related, condition, st) + QLatin1String(" ON ") +
           matchColumns(qualified(QStringLiteral("r"), rel.toColumns),
                        qualified(QStringLiteral("v"), rel.viaToColumns));
}

Statement childStatement(const Plan &plan, const RelatedCondition &condition,
                            const QList<QVariantList> &keys, bool single)
{
    Statement st;
    QStringList keyColumns;
    const QString from = childFrom(plan, condition, &keyColumns, &st);
    const QString where = single ? keyMatch(keyColumns, keys.first(), &st)
                                 : keyListMatch(keyColumns, keys, &st);
    st.sql = QLatin1String("SELECT ") +
             (plan.keyPrefix(keyColumns) + plan.selectItems).join(kComma) +
             QLatin1String(" FROM ") + from + QLatin1String(" WHERE ") + where + plan.orderBy;
    return st;
}

Statement joinedStatement(const Plan &plan, const RelatedCondition &condition)
{
    const Relationship &rel = *plan.rel;
    Statement st;
    const QStringList parentKeys = qualified(QStringLiteral("p"), rel.fromColumns);
    QString parent = quoteQualified(rel.from.schema, rel.from.name);
    // Many rows of the parent table can share a many-to-one key: join each key once, or every
    // related row would come back once per sharing parent (the duplicates the seed warns of).
    if (rel.kind == Kind::ManyToOne) {
        QStringList distinct;
        for (const QString &c : rel.fromColumns)
            distinct << quoteIdent(c);
        parent = QLatin1String("(SELECT DISTINCT ") + distinct.join(kComma) +
                 QLatin1String(" FROM ") + parent + QLatin1Char(')');
    }
    QString from = parent + QLatin1String(" p JOIN ");
    if (rel.kind == Kind::ManyToMany) {
        from += quoteQualified(rel.via.schema, rel.via.name) + QLatin1String(" v ON ") +
                matchColumns(qualified(QStringLiteral("v"), rel.viaFromColumns), parentKeys) +
                QLatin1String(" JOIN ") + relatedSource(*plan.related, condition, &st) +
                QLatin1String(" ON ") +
                matchColumns(qualified(QStringLiteral("r"), rel.toColumns),
                             qualified(QStringLiteral("v"), rel.viaToColumns));
    } else {
        from += relatedSource(*plan.related, condition, &st) + QLatin1String(" ON ") +
                matchColumns(qualified(QStringLiteral("r"), rel.toColumns), parentKeys);
    }
    const QString where = keyListMatch(parentKeys, plan.keys, &st);
    st.sql = QLatin1String("SELECT ") +
             (plan.keyPrefix(parentKeys) + plan.selectItems).join(kComma) +
             QLatin1String(" FROM ") + from + QLatin1String(" WHERE ") + where + plan.orderBy;
    return st;
}

// Runs one statement, logs it, and files its rows under the key in their first columns.
Status runLogged(QSqlDatabase &db, const Statement &st, const Plan &plan, RelatedLoad *load)
{
    QElapsedTimer timer;
    timer.start();
    const Result<PgRows> rows = exec(db, st);
    LoggedStatement logged;
    logged.sql = st.sql;
    logged.params = st.params;
    logged.ms = double(timer.nsecsElapsed()) / 1e6;
    if (!rows.ok())
        return rows.error();
    logged.rows = rows->rows.size();
    load->statements << logged;
    const qsizetype prefix = plan.keyPositions.isEmpty() ? plan.rel->fromColumns.size() : 0;
    for (const QList<QVariant> &row : rows->rows) {
        QVariantList key = row.mid(0, prefix);
        for (qsizetype at : plan.keyPositions)
            key << row.value(at);
        load->rows[relatedKeyText(key)] << row.mid(prefix);
    }
    return {};
}

// Conditions saved before the filter models became one: a group of column tests with the old
// operator numbers. Read once, written back in the query format.
query::Filter filterFromOldSettings(const QVariantMap &map)
{
    using query::Filter;
    static const std::pair<Filter::Op, bool> oldOps[] = {
        {Filter::Op::Eq, false},         {Filter::Op::Ne, false},
        {Filter::Op::Lt, false},         {Filter::Op::Le, false},
        {Filter::Op::Gt, false},         {Filter::Op::Ge, false},
        {Filter::Op::Contains, false},   {Filter::Op::StartsWith, false},
        {Filter::Op::EndsWith, false},   {Filter::Op::Contains, true},
        {Filter::Op::StartsWith, true},  {Filter::Op::EndsWith, true},
        {Filter::Op::In, false},         {Filter::Op::Between, false},
        {Filter::Op::IsNull, false},     {Filter::Op::IsNotNull, false},
    };
    QList<Filter> parts;
    for (const QVariant &item : map.value(QStringLiteral("conditions")).toList()) {
        const QVariantMap c = item.toMap();
        const int op = c.value(QStringLiteral("op"), -1).toInt();
        const QString column = c.value(QStringLiteral("column")).toString();
        if (op < 0 || op >= int(std::size(oldOps)) || column.isEmpty())
            continue; // written by another version, or damaged: dropped, never guessed
        parts << Filter::column(column, oldOps[op].first, c.value(QStringLiteral("values")).toList())
                     .ignoringCase(oldOps[op].second);
    }
    for (const QVariant &item : map.value(QStringLiteral("groups")).toList())
        parts << filterFromOldSettings(item.toMap());
    const bool any = map.value(QStringLiteral("or")).toBool();
    return any ? Filter::group(Filter::Logic::Or, parts) : Filter::allOf(parts);
}

} // namespace

qint64 RelatedLoad::rowCount() const
{
    qint64 n = 0;
    for (const QList<QVariantList> &list : rows)
        n += list.size();
    return n;
}

QString relatedKeyText(const QVariantList &key)
{
    QStringList parts;
    for (const QVariant &v : key) {
        if (v.isNull())
            return {};
        // The server's text form, as the grid reads keys (::text): typed and text keys agree.
        parts << (v.typeId() == QMetaType::QString ? v.toString() : pgTextValue(v).toString());
    }
    return parts.join(kKeySeparator);
}

Result<RelatedLoad> loadRelated(QSqlDatabase &db, const SchemaSnapshot &snapshot,
                                const Relationship &rel, const QList<QVariantList> &parentKeys,
                                LoadStrategy strategy, const RelatedCondition &condition)
{
    const Result<Plan> plan = makePlan(snapshot, rel, parentKeys, condition);
    if (!plan.ok())
        return plan.error();
    RelatedLoad load;
    load.strategy = strategy;
    load.relatedColumns = plan->columns;
    QElapsedTimer timer;
    timer.start();
    if (!plan->keys.isEmpty()) {
        switch (strategy) {
        case LoadStrategy::Lazy:
            // What an ORM does when each parent's collection is touched in turn.
            for (const QVariantList &key : plan->keys) {
                const Status s = runLogged(db, childStatement(plan.value(), condition, {key}, true),
                                           plan.value(), &load);
                if (!s.ok())
                    return s.error();
            }
            break;
        case LoadStrategy::Selectin: {
            const Status s =
                runLogged(db, childStatement(plan.value(), condition, plan->keys, false),
                          plan.value(), &load);
            if (!s.ok())
                return s.error();
            break;
        }
        case LoadStrategy::Joined: {
            const Status s =
                runLogged(db, joinedStatement(plan.value(), condition), plan.value(), &load);
            if (!s.ok())
                return s.error();
            break;
        }
        }
    }
    load.totalMs = double(timer.nsecsElapsed()) / 1e6;
    return load;
}

Result<QList<QPair<Relationship, qint64>>>
countRelated(QSqlDatabase &db, const SchemaSnapshot &snapshot, const RelationshipGraph &graph,
             const TableRef &table, const QVariantList &key,
             const QHash<QString, RelatedCondition> &conditions)
{
    const TableInfo *info = snapshot.table(table.schema, table.name);
    if (!info || info->primaryKey.isEmpty() || key.size() != info->primaryKey.size()) {
        return statementError(QCoreApplication::translate(
            "RelatedLoader", "Related rows can be counted only for a row of a table with a "
                             "primary key."));
    }
    const QList<Relationship> relationships = graph.from(table);
    QList<QPair<Relationship, qint64>> out;
    if (relationships.isEmpty())
        return out;
    Statement st;
    QStringList counts;
    for (const Relationship &rel : relationships) {
        const TableInfo *related = snapshot.table(rel.to.schema, rel.to.name);
        if (!related)
            return statementError(QCoreApplication::translate(
                "RelatedLoader", "The relationship refers to a table that no longer exists."));
        const RelatedCondition condition = conditions.value(conditionSettingsKey(rel));
        const QStringList parentColumns = qualified(QStringLiteral("t"), rel.fromColumns);
        QString sub = QLatin1String("(SELECT count(*) FROM ");
        if (rel.kind == Kind::ManyToMany) {
            sub += quoteQualified(rel.via.schema, rel.via.name) + QLatin1String(" v JOIN ") +
                   relatedSource(*related, condition, &st) + QLatin1String(" ON ") +
                   matchColumns(qualified(QStringLiteral("r"), rel.toColumns),
                                qualified(QStringLiteral("v"), rel.viaToColumns)) +
                   QLatin1String(" WHERE ") +
                   matchColumns(qualified(QStringLiteral("v"), rel.viaFromColumns), parentColumns);
        } else {
            sub += relatedSource(*related, condition, &st) + QLatin1String(" WHERE ") +
                   matchColumns(qualified(QStringLiteral("r"), rel.toColumns), parentColumns);
        }
        counts << sub + QLatin1Char(')');
    }
    st.sql = QLatin1String("SELECT ") + counts.join(kComma) + QLatin1String(" FROM ") +
             quoteQualified(table.schema, table.name) + QLatin1String(" t WHERE ") +
             keyMatch(qualified(QStringLiteral("t"), info->primaryKey), key, &st);
    const Result<PgRows> rows = exec(db, st);
    if (!rows.ok())
        return rows.error();
    if (rows->rows.isEmpty()) {
        return statementError(
            QCoreApplication::translate("RelatedLoader", "The row no longer exists."));
    }
    const QList<QVariant> &row = rows->rows.first();
    for (qsizetype i = 0; i < relationships.size(); ++i)
        out << qMakePair(relationships.at(i), row.value(i).toLongLong());
    return out;
}

// A filter goes into a subquery: it names columns unqualified, and beside the parent and the
// association table those names could be ambiguous. PostgreSQL flattens the subquery, so the
// plan is the same as a plain WHERE.
QString filteredRelation(const TableInfo &related, const query::Filter &filter, Statement *st)
{
    const QString table = quoteQualified(related.schema, related.name);
    if (filter.isEmpty())
        return table;
    return QLatin1String("(SELECT * FROM ") + table + QLatin1String(" WHERE ") +
           query::filterSql(filter, st) + QLatin1Char(')');
}

QString conditionSettingsKey(const Relationship &rel)
{
    const QString id = rel.from.qualified() + QLatin1Char('|') + rel.constraintName +
                       QLatin1Char('|') + rel.kindName();
    // Percent-encoded: QSettings would turn a '/' or '\' of a name into a sub-group.
    return QLatin1String("relations/conditions/") +
           QString::fromLatin1(QUrl::toPercentEncoding(id));
}

void saveCondition(QSettings &settings, const Relationship &rel, const RelatedCondition &condition)
{
    const QString key = conditionSettingsKey(rel);
    if (condition.isEmpty()) {
        settings.remove(key);
        return;
    }
    settings.beginGroup(key);
    settings.remove(QStringLiteral("filter"));
    const QJsonDocument where(query::filterToJson(condition.filter).toObject());
    settings.setValue(QStringLiteral("where"),
                      QString::fromUtf8(where.toJson(QJsonDocument::Compact)));
    settings.setValue(QStringLiteral("orderColumn"), condition.orderColumn);
    settings.setValue(QStringLiteral("descending"), condition.order == Qt::DescendingOrder);
    settings.setValue(QStringLiteral("name"), condition.name);
    settings.endGroup();
}

RelatedCondition loadCondition(QSettings &settings, const Relationship &rel)
{
    RelatedCondition condition;
    settings.beginGroup(conditionSettingsKey(rel));
    const QString where = settings.value(QStringLiteral("where")).toString();
    if (!where.isEmpty()) {
        const QJsonDocument doc = QJsonDocument::fromJson(where.toUtf8());
        const Result<query::Filter> filter = query::filterFromJson(doc.object());
        if (filter)
            condition.filter = filter.value(); // a damaged entry is dropped, never guessed
    } else if (settings.contains(QStringLiteral("filter"))) {
        condition.filter = filterFromOldSettings(settings.value(QStringLiteral("filter")).toMap());
    }
    condition.orderColumn = settings.value(QStringLiteral("orderColumn")).toString();
    condition.order = settings.value(QStringLiteral("descending")).toBool() ? Qt::DescendingOrder
                                                                            : Qt::AscendingOrder;
    condition.name = settings.value(QStringLiteral("name")).toString();
    settings.endGroup();
    return condition;
}

Result<ParentPage> readParentPage(QSqlDatabase &db, const SchemaSnapshot &snapshot,
                                  const Relationship &rel, const QList<QVariantList> &primaryKeys)
{
    const TableInfo *parent = snapshot.table(rel.from.schema, rel.from.name);
    if (!parent || parent->primaryKey.isEmpty()) {
        return statementError(QCoreApplication::translate(
            "RelatedLoader", "Related rows can be loaded only for rows of a table with a "
                             "primary key."));
    }
    ParentPage page;
    QList<QVariantList> keys;
    QSet<QString> seen;
    for (const QVariantList &key : primaryKeys) {
        const QString text = relatedKeyText(key);
        if (key.size() != parent->primaryKey.size() || text.isEmpty() || seen.contains(text))
            continue;
        seen.insert(text);
        keys << key;
    }
    if (keys.isEmpty())
        return page;
    Statement st;
    const QStringList pk = qualified(QStringLiteral("p"), parent->primaryKey);
    st.sql = QLatin1String("SELECT ") +
             qualified(QStringLiteral("p"), rel.fromColumns).join(kComma) +
             QLatin1String(" FROM ") + quoteQualified(rel.from.schema, rel.from.name) +
             QLatin1String(" p WHERE ") + keyListMatch(pk, keys, &st) +
             QLatin1String(" ORDER BY ") + pk.join(kComma);
    page.statement.sql = st.sql;
    page.statement.params = st.params;
    QElapsedTimer timer;
    timer.start();
    const Result<PgRows> rows = exec(db, st);
    page.statement.ms = double(timer.nsecsElapsed()) / 1e6;
    if (!rows.ok())
        return rows.error();
    page.statement.rows = rows->rows.size();
    for (const QList<QVariant> &row : rows->rows)
        page.keys << row;
    return page;
}

Ticket compareStrategies(Database &database, const SchemaSnapshot &snapshot,
                         const Relationship &rel, const QList<QVariantList> &parentPrimaryKeys,
                         const QList<LoadStrategy> &strategies, const RelatedCondition &condition,
                         QObject *context,
                         std::function<void(Ticket, const Result<StrategyComparison> &)> done)
{
    return database.run<StrategyComparison>(
        [snapshot, rel, parentPrimaryKeys, strategies,
         condition](QSqlDatabase &db, const JobContext &ctx) -> Result<StrategyComparison> {
            StrategyComparison out;
            Result<ParentPage> page = readParentPage(db, snapshot, rel, parentPrimaryKeys);
            if (!page.ok())
                return page.error();
            out.parents = std::move(page).value();
            for (LoadStrategy strategy : strategies) {
                if (ctx.cancelled())
                    return DbError::cancelled();
                Result<RelatedLoad> load =
                    loadRelated(db, snapshot, rel, out.parents.keys, strategy, condition);
                if (!load.ok())
                    return load.error();
                out.loads << std::move(load).value();
            }
            return out;
        },
        context, std::move(done));
}

Ticket loadRelatedAsync(Database &database, const SchemaSnapshot &snapshot, const Relationship &rel,
                        const QList<QVariantList> &parentKeys, LoadStrategy strategy,
                        const RelatedCondition &condition, QObject *context,
                        std::function<void(Ticket, const Result<RelatedLoad> &)> done)
{
    return database.run<RelatedLoad>(
        [snapshot, rel, parentKeys, strategy, condition](QSqlDatabase &db, const JobContext &) {
            return loadRelated(db, snapshot, rel, parentKeys, strategy, condition);
        },
        context, std::move(done));
}

Ticket loadRelatedCounts(
    Database &database, const SchemaSnapshot &snapshot, const RelationshipGraph &graph,
    const TableRef &table, const QVariantList &key,
    const QHash<QString, RelatedCondition> &conditions, QObject *context,
    std::function<void(Ticket, const Result<QList<QPair<Relationship, qint64>>> &)> done)
{
    return database.run<QList<QPair<Relationship, qint64>>>(
        [snapshot, graph, table, key, conditions](QSqlDatabase &db, const JobContext &) {
            return countRelated(db, snapshot, graph, table, key, conditions);
        },
        context, std::move(done));
}

} // namespace dbx::model
