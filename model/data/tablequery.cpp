#include "model/data/tablequery.h"

#include "model/sqlident.h"

#include <QCoreApplication>

namespace dbx::model {

namespace {

QLatin1String operatorText(FilterCondition::Op op)
{
    using Op = FilterCondition::Op;
    switch (op) {
    case Op::Equal:
        return QLatin1String("=");
    case Op::NotEqual:
        return QLatin1String("<>");
    case Op::Less:
        return QLatin1String("<");
    case Op::LessEqual:
        return QLatin1String("<=");
    case Op::Greater:
        return QLatin1String(">");
    case Op::GreaterEqual:
        return QLatin1String(">=");
    case Op::Contains:
    case Op::StartsWith:
    case Op::EndsWith:
        return QLatin1String("LIKE");
    case Op::ContainsCi:
    case Op::StartsWithCi:
    case Op::EndsWithCi:
        return QLatin1String("ILIKE");
    default:
        return QLatin1String("");
    }
}

QString likePattern(FilterCondition::Op op, const QVariant &value)
{
    using Op = FilterCondition::Op;
    const QString text = escapeLike(value.toString());
    const QString any = QStringLiteral("%");
    switch (op) {
    case Op::StartsWith:
    case Op::StartsWithCi:
        return text + any;
    case Op::EndsWith:
    case Op::EndsWithCi:
        return any + text;
    default:
        return any + text + any;
    }
}

QString conditionSql(const FilterCondition &c, QVariantList *params)
{
    using Op = FilterCondition::Op;
    const QString column = quoteIdent(c.column);
    const QVariant first = c.values.value(0);
    switch (c.op) {
    case Op::IsNull:
        return column + QLatin1String(" IS NULL");
    case Op::IsNotNull:
        return column + QLatin1String(" IS NOT NULL");
    case Op::Between:
        *params << first << c.values.value(1);
        return column + QLatin1String(" BETWEEN ? AND ?");
    case Op::In: {
        if (c.values.isEmpty())
            return QStringLiteral("FALSE");
        QStringList marks;
        for (const QVariant &v : c.values) {
            marks << QStringLiteral("?");
            *params << v;
        }
        return column + QLatin1String(" IN (") + marks.join(QLatin1String(", ")) + QLatin1Char(')');
    }
    case Op::Contains:
    case Op::StartsWith:
    case Op::EndsWith:
    case Op::ContainsCi:
    case Op::StartsWithCi:
    case Op::EndsWithCi:
        // Through text so "contains" also works on numbers, dates and enums.
        *params << likePattern(c.op, first);
        return column + QLatin1String("::text ") + operatorText(c.op) + QLatin1String(" ?");
    default:
        *params << first;
        return column + QLatin1Char(' ') + operatorText(c.op) + QLatin1String(" ?");
    }
}

QString groupSql(const FilterGroup &group, QVariantList *params)
{
    QStringList parts;
    for (const FilterCondition &c : group.conditions)
        parts << conditionSql(c, params);
    for (const FilterGroup &g : group.groups) {
        if (!g.isEmpty())
            parts << QLatin1Char('(') + groupSql(g, params) + QLatin1Char(')');
    }
    if (parts.isEmpty())
        return QStringLiteral("TRUE");
    const QLatin1String glue(group.logic == FilterGroup::Logic::And ? " AND " : " OR ");
    return parts.join(glue);
}

QString tuple(const QStringList &items)
{
    if (items.size() == 1)
        return items.first();
    return QLatin1Char('(') + items.join(QLatin1String(", ")) + QLatin1Char(')');
}

QStringList marks(qsizetype n)
{
    return QStringList(n, QStringLiteral("?"));
}

} // namespace

bool FilterGroup::isEmpty() const
{
    if (!conditions.isEmpty())
        return false;
    for (const FilterGroup &g : groups) {
        if (!g.isEmpty())
            return false;
    }
    return true;
}

bool SortSpec::nullsFirst() const
{
    if (nulls == Nulls::Default)
        return order == Qt::DescendingOrder;
    return nulls == Nulls::First;
}

TableQuery TableQuery::fromTable(const TableInfo &table)
{
    QStringList columns;
    QStringList notNull;
    for (const ColumnInfo &c : table.columns) {
        columns << c.name;
        if (c.notNull)
            notNull << c.name;
    }
    QStringList key = table.primaryKey;
    if (key.isEmpty()) {
        for (const UniqueInfo &u : table.uniques) {
            bool allNotNull = !u.columns.isEmpty();
            for (const QString &c : u.columns)
                allNotNull = allNotNull && notNull.contains(c);
            if (allNotNull) {
                key = u.columns;
                break;
            }
        }
    }
    const bool view = table.kind == TableInfo::Kind::View;
    TableQuery q;
    q.setRelation(table.schema, table.name, columns, key, view);
    // ctid exists only on relations with storage; foreign and partitioned tables have
    // their own or none, so they page by OFFSET like views.
    if (key.isEmpty() && table.kind != TableInfo::Kind::Table &&
        table.kind != TableInfo::Kind::MaterializedView)
        q.m_paging = Paging::Offset;
    q.setNotNullColumns(notNull);
    q.setCatalogEstimate(table.estimatedRows);
    return q;
}

void TableQuery::setRelation(const QString &schema, const QString &name, const QStringList &columns,
                             const QStringList &keyColumns, bool isView)
{
    m_schema = schema;
    m_name = name;
    m_columns = columns;
    m_keyColumns = keyColumns;
    m_view = isView;
    if (!keyColumns.isEmpty())
        m_paging = Paging::Keyset;
    else
        m_paging = isView ? Paging::Offset : Paging::Ctid;
}

QString TableQuery::readOnlyReason() const
{
    switch (m_paging) {
    case Paging::Ctid:
        return QCoreApplication::translate(
            "TableQuery", "The table has no primary key, so its rows cannot be identified "
                          "reliably for editing.");
    case Paging::Offset:
        return QCoreApplication::translate(
            "TableQuery", "This relation has no unique key: rows are paged by position and "
                          "cannot be edited here.");
    case Paging::Keyset:
        break;
    }
    if (m_view)
        return QCoreApplication::translate("TableQuery", "Views are shown read-only.");
    return {};
}

QString TableQuery::from() const
{
    return quoteQualified(m_schema, m_name);
}

QStringList TableQuery::orderKeys() const
{
    QStringList keys;
    if (!m_sort.column.isEmpty())
        keys << m_sort.column;
    if (m_paging == Paging::Offset)
        return keys;
    if (m_paging == Paging::Ctid) {
        keys << QStringLiteral("ctid");
        return keys;
    }
    for (const QString &k : m_keyColumns) {
        if (k != m_sort.column)
            keys << k;
    }
    return keys;
}

int TableQuery::cursorColumnCount() const
{
    return m_paging == Paging::Offset ? 0 : int(orderKeys().size());
}

bool TableQuery::hasRowVersion() const
{
    return m_paging == Paging::Keyset && !m_view;
}

int TableQuery::versionIndex() const
{
    return hasRowVersion() ? int(m_columns.size()) + cursorColumnCount() : -1;
}

int TableQuery::labelIndex(int column) const
{
    const QString name = m_columns.value(column);
    for (qsizetype i = 0; i < m_labels.size(); ++i) {
        if (m_labels.at(i).column == name)
            return int(m_columns.size()) + cursorColumnCount() + (hasRowVersion() ? 1 : 0) + int(i);
    }
    return -1;
}

QList<int> TableQuery::keyIndexes() const
{
    QList<int> out;
    if (m_paging != Paging::Keyset)
        return out;
    const QStringList keys = orderKeys();
    for (const QString &k : m_keyColumns) {
        // The sort column comes first among the cursor columns and is not repeated.
        const qsizetype at = keys.indexOf(k);
        out << int(m_columns.size() + at);
    }
    return out;
}

QString TableQuery::selectList() const
{
    QStringList items;
    for (const QString &c : m_columns)
        items << quoteIdent(c);
    if (m_paging != Paging::Offset) {
        // As text: bound back later they keep every digit and microsecond.
        // Named apart so ORDER BY "id" cannot be ambiguous between the two.
        const QStringList keys = orderKeys();
        for (qsizetype i = 0; i < keys.size(); ++i) {
            items << quoteIdent(keys.at(i)) + QLatin1String("::text AS ") +
                         quoteIdent(QStringLiteral("dbx_cursor_%1").arg(i));
        }
    }
    if (hasRowVersion())
        items << QLatin1String("xmin::text AS dbx_version");
    for (qsizetype i = 0; i < m_labels.size(); ++i) {
        const ForeignLabel &l = m_labels.at(i);
        // Qualified by the full name: inside the subquery the alias hides the referenced
        // table's own name, so a self-reference still reaches the outer row.
        items << QLatin1String("(SELECT r.") + quoteIdent(l.labelColumn) +
                     QLatin1String("::text FROM ") + quoteQualified(l.refSchema, l.refTable) +
                     QLatin1String(" r WHERE r.") + quoteIdent(l.refColumn) + QLatin1String(" = ") +
                     from() + QLatin1Char('.') + quoteIdent(l.column) +
                     QLatin1String(" LIMIT 1) AS ") +
                     quoteIdent(QStringLiteral("dbx_label_%1").arg(i));
    }
    return items.join(QLatin1String(", "));
}

QString TableQuery::orderBy(bool reversed) const
{
    const QStringList keys = orderKeys();
    if (keys.isEmpty())
        return {};
    const bool ascending = (m_sort.order == Qt::AscendingOrder) != reversed;
    const QLatin1String direction(ascending ? " ASC" : " DESC");
    QStringList items;
    for (qsizetype i = 0; i < keys.size(); ++i) {
        QString item = quoteIdent(keys.at(i)) + direction;
        if (i == 0 && !m_sort.column.isEmpty()) {
            const bool nullsFirst = m_sort.nullsFirst() != reversed;
            item += QLatin1String(nullsFirst ? " NULLS FIRST" : " NULLS LAST");
        }
        items << item;
    }
    return QLatin1String(" ORDER BY ") + items.join(QLatin1String(", "));
}

QString TableQuery::filterSql(QVariantList *params) const
{
    return groupSql(m_filter, params);
}

QString TableQuery::whereClause(const QString &extra, QVariantList *params) const
{
    QStringList parts;
    if (!m_filter.isEmpty())
        parts << QLatin1Char('(') + filterSql(params) + QLatin1Char(')');
    if (!extra.isEmpty())
        parts << extra;
    if (parts.isEmpty())
        return {};
    return QLatin1String(" WHERE ") + parts.join(QLatin1String(" AND "));
}

QString TableQuery::keysetCondition(const QVariantList &cursor, bool reversed,
                                    QVariantList *params) const
{
    const QStringList keys = orderKeys();
    QStringList quoted;
    for (const QString &k : keys)
        quoted << quoteIdent(k);
    const bool ascending = (m_sort.order == Qt::AscendingOrder) != reversed;
    const QLatin1String cmp(ascending ? " > " : " < ");
    const bool sorted = !m_sort.column.isEmpty();
    const bool nullable = sorted && m_paging != Paging::Offset &&
                          !m_keyColumns.contains(m_sort.column) &&
                          !m_notNull.contains(m_sort.column);
    if (!nullable) {
        QString sql = tuple(quoted) + cmp + tuple(marks(keys.size()));
        if (sorted && keys.size() > 1) {
            // Redundant, but lets an index on the sort column alone bound the scan.
            *params << cursor.value(0);
            sql = quoted.first() + QLatin1String(ascending ? " >= ?" : " <= ?") +
                  QLatin1String(" AND ") + sql;
        }
        *params << cursor.mid(0, keys.size());
        return sql;
    }
    const bool nullsFirst = m_sort.nullsFirst() != reversed;
    const QString s = quoted.first();
    const QStringList rest = quoted.mid(1);
    if (cursor.value(0).isNull()) {
        // Inside the NULL block: order by the key alone, then (NULLS FIRST) every value.
        *params << cursor.mid(1, rest.size());
        QString inBlock =
            s + QLatin1String(" IS NULL AND ") + tuple(rest) + cmp + tuple(marks(rest.size()));
        if (!nullsFirst)
            return QLatin1Char('(') + inBlock + QLatin1Char(')');
        return QLatin1String("((") + inBlock + QLatin1String(") OR ") + s +
               QLatin1String(" IS NOT NULL)");
    }
    *params << cursor.value(0) << cursor.mid(0, keys.size());
    const QString after = s + QLatin1String(ascending ? " >= ?" : " <= ?") +
                          QLatin1String(" AND ") + tuple(quoted) + cmp + tuple(marks(keys.size()));
    if (nullsFirst)
        return QLatin1Char('(') + after + QLatin1Char(')');
    return QLatin1String("((") + after + QLatin1String(") OR ") + s + QLatin1String(" IS NULL)");
}

SqlStatement TableQuery::page(const QVariantList &cursor, int limit, bool reversed) const
{
    SqlStatement st;
    QString extra;
    QVariantList keyParams;
    if (!cursor.isEmpty())
        extra = keysetCondition(cursor, reversed, &keyParams);
    st.sql = QLatin1String("SELECT ") + selectList() + QLatin1String(" FROM ") + from();
    st.sql += whereClause(extra, &st.params);
    st.params << keyParams;
    st.sql += orderBy(reversed) + QLatin1String(" LIMIT ") + QString::number(limit);
    return st;
}

bool TableQuery::usesBlockWindows() const
{
    return m_paging == Paging::Ctid && m_sort.column.isEmpty();
}

SqlStatement TableQuery::pageInBlocks(const QVariantList &cursor, int limit, bool reversed,
                                      qint64 blockBound) const
{
    QStringList extra;
    QVariantList keyParams;
    if (!cursor.isEmpty())
        extra << keysetCondition(cursor, reversed, &keyParams);
    if (blockBound >= 0) {
        extra << quoteIdent(QStringLiteral("ctid")) + QLatin1String(reversed ? " >= ?" : " < ?");
        keyParams << QStringLiteral("(%1,0)").arg(blockBound);
    }
    SqlStatement st;
    st.sql = QLatin1String("SELECT ") + selectList() + QLatin1String(" FROM ") + from();
    st.sql += whereClause(extra.join(QLatin1String(" AND ")), &st.params);
    st.params << keyParams;
    st.sql += orderBy(reversed) + QLatin1String(" LIMIT ") + QString::number(limit);
    return st;
}

SqlStatement TableQuery::firstPage(int limit) const
{
    return page({}, limit, false);
}

SqlStatement TableQuery::lastPage(int limit) const
{
    return page({}, limit, true);
}

SqlStatement TableQuery::pageAfter(const QVariantList &cursor, int limit) const
{
    return page(cursor, limit, false);
}

SqlStatement TableQuery::pageBefore(const QVariantList &cursor, int limit) const
{
    return page(cursor, limit, true);
}

SqlStatement TableQuery::pageAt(qint64 offset, int limit) const
{
    SqlStatement st = page({}, limit, false);
    st.sql += QLatin1String(" OFFSET ") + QString::number(offset);
    return st;
}

SqlStatement TableQuery::selectAll() const
{
    SqlStatement st;
    QStringList items;
    for (const QString &c : m_columns)
        items << quoteIdent(c);
    st.sql = QLatin1String("SELECT ") + items.join(QLatin1String(", ")) + QLatin1String(" FROM ") +
             from() + whereClause({}, &st.params) + orderBy(false);
    return st;
}

SqlStatement TableQuery::rowByKey(const QVariantList &key) const
{
    SqlStatement st;
    QStringList parts;
    for (qsizetype i = 0; i < m_keyColumns.size(); ++i) {
        parts << quoteIdent(m_keyColumns.at(i)) + QLatin1String(" = ?");
        st.params << key.value(i);
    }
    st.sql = QLatin1String("SELECT ") + selectList() + QLatin1String(" FROM ") + from() +
             QLatin1String(" WHERE ") + parts.join(QLatin1String(" AND "));
    return st;
}

SqlStatement TableQuery::count() const
{
    SqlStatement st;
    st.sql = QLatin1String("SELECT count(*) FROM ") + from() + whereClause({}, &st.params);
    return st;
}

SqlStatement TableQuery::countUpTo(qint64 limit) const
{
    SqlStatement st;
    st.sql = QLatin1String("SELECT count(*) FROM (SELECT 1 FROM ") + from() +
             whereClause({}, &st.params) + QLatin1String(" LIMIT ") + QString::number(limit) +
             QLatin1String(") bounded");
    return st;
}

SqlStatement TableQuery::positionSample(double percent) const
{
    if (m_view || m_paging == Paging::Offset)
        return {};
    SqlStatement st;
    QStringList items;
    const QStringList keys = orderKeys();
    for (qsizetype i = 0; i < keys.size(); ++i) {
        items << quoteIdent(keys.at(i)) + QLatin1String("::text AS ") +
                     quoteIdent(QStringLiteral("dbx_cursor_%1").arg(i));
    }
    st.sql = QLatin1String("SELECT ") + items.join(QLatin1String(", ")) + QLatin1String(" FROM ") +
             from() + QLatin1String(" TABLESAMPLE SYSTEM (") +
             QString::number(qBound(0.0001, percent, 100.0), 'f', 4) + QLatin1Char(')');
    st.sql += whereClause({}, &st.params) + orderBy(false);
    return st;
}

SqlStatement TableQuery::estimate() const
{
    SqlStatement st;
    st.sql = QLatin1String("EXPLAIN (FORMAT JSON) SELECT 1 FROM ") + from() +
             whereClause({}, &st.params);
    return st;
}

} // namespace dbx::model
