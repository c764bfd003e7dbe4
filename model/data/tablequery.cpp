#include "model/data/tablequery.h"

#include "model/query/querysql.h"
#include "model/sqlident.h"

#include <QCoreApplication>

namespace dbx::model {

namespace {

QString tuple(const QStringList &items)
{
    if (items.size() == 1)
        return items.first();
    return QLatin1Char('(') + items.join(QLatin1String(", ")) + QLatin1Char(')');
}

// "($3, $4)": the values bound into `st`, as a tuple.
QString boundTuple(const QVariantList &values, Statement *st)
{
    QStringList marks;
    for (const QVariant &v : values)
        marks << st->bind(v);
    return tuple(marks);
}

} // namespace

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

QString TableQuery::whereClause(Statement *st) const
{
    return filteredWhere({}, false, -1, st);
}

QString TableQuery::filteredWhere(const QVariantList &cursor, bool reversed, qint64 blockBound,
                                  Statement *st) const
{
    // The filter first, so that the values are numbered in the order they are written.
    QStringList parts;
    if (!m_filter.isEmpty())
        parts << QLatin1Char('(') + query::filterSql(m_filter, st) + QLatin1Char(')');
    if (!cursor.isEmpty())
        parts << keysetCondition(cursor, reversed, st);
    if (blockBound >= 0) {
        parts << quoteIdent(QStringLiteral("ctid")) + QLatin1String(reversed ? " >= " : " < ") +
                     st->bind(QStringLiteral("(%1,0)").arg(blockBound));
    }
    if (parts.isEmpty())
        return {};
    return QLatin1String(" WHERE ") + parts.join(QLatin1String(" AND "));
}

QString TableQuery::keysetCondition(const QVariantList &cursor, bool reversed, Statement *st) const
{
    const QStringList keys = orderKeys();
    QStringList quoted;
    for (const QString &k : keys)
        quoted << quoteIdent(k);
    const bool ascending = (m_sort.order == Qt::AscendingOrder) != reversed;
    const QLatin1String cmp(ascending ? " > " : " < ");
    const QLatin1String bound(ascending ? " >= " : " <= ");
    const bool sorted = !m_sort.column.isEmpty();
    const bool nullable = sorted && m_paging != Paging::Offset &&
                          !m_keyColumns.contains(m_sort.column) &&
                          !m_notNull.contains(m_sort.column);
    if (!nullable) {
        // The sort column alone first: redundant, but lets an index on it bound the scan.
        // Each bind in a statement of its own: the order of operands of + is unspecified.
        QString sql;
        if (sorted && keys.size() > 1)
            sql = quoted.first() + bound + st->bind(cursor.value(0)) + QLatin1String(" AND ");
        const QString values = boundTuple(cursor.mid(0, keys.size()), st);
        return sql + tuple(quoted) + cmp + values;
    }
    const bool nullsFirst = m_sort.nullsFirst() != reversed;
    const QString s = quoted.first();
    const QStringList rest = quoted.mid(1);
    if (cursor.value(0).isNull()) {
        // Inside the NULL block: order by the key alone, then (NULLS FIRST) every value.
        const QString values = boundTuple(cursor.mid(1, rest.size()), st);
        const QString inBlock = s + QLatin1String(" IS NULL AND ") + tuple(rest) + cmp + values;
        if (!nullsFirst)
            return QLatin1Char('(') + inBlock + QLatin1Char(')');
        return QLatin1String("((") + inBlock + QLatin1String(") OR ") + s +
               QLatin1String(" IS NOT NULL)");
    }
    const QString first = st->bind(cursor.value(0));
    const QString values = boundTuple(cursor.mid(0, keys.size()), st);
    const QString after = s + bound + first + QLatin1String(" AND ") + tuple(quoted) + cmp + values;
    if (nullsFirst)
        return QLatin1Char('(') + after + QLatin1Char(')');
    return QLatin1String("((") + after + QLatin1String(") OR ") + s + QLatin1String(" IS NULL)");
}

Statement TableQuery::page(const QVariantList &cursor, int limit, bool reversed) const
{
    Statement st;
    st.sql = QLatin1String("SELECT ") + selectList() + QLatin1String(" FROM ") + from();
    st.sql += filteredWhere(cursor, reversed, -1, &st);
    st.sql += orderBy(reversed) + QLatin1String(" LIMIT ") + QString::number(limit);
    return st;
}

bool TableQuery::usesBlockWindows() const
{
    return m_paging == Paging::Ctid && m_sort.column.isEmpty();
}

Statement TableQuery::pageInBlocks(const QVariantList &cursor, int limit, bool reversed,
                                   qint64 blockBound) const
{
    Statement st;
    st.sql = QLatin1String("SELECT ") + selectList() + QLatin1String(" FROM ") + from();
    st.sql += filteredWhere(cursor, reversed, blockBound, &st);
    st.sql += orderBy(reversed) + QLatin1String(" LIMIT ") + QString::number(limit);
    return st;
}

Statement TableQuery::firstPage(int limit) const
{
    return page({}, limit, false);
}

Statement TableQuery::lastPage(int limit) const
{
    return page({}, limit, true);
}

Statement TableQuery::pageAfter(const QVariantList &cursor, int limit) const
{
    return page(cursor, limit, false);
}

Statement TableQuery::pageBefore(const QVariantList &cursor, int limit) const
{
    return page(cursor, limit, true);
}

Statement TableQuery::pageFromSortValue(const QVariant &value, int limit) const
{
    Statement st;
    st.sql = QLatin1String("SELECT ") + selectList() + QLatin1String(" FROM ") + from();
    QStringList parts;
    if (!m_filter.isEmpty())
        parts << QLatin1Char('(') + query::filterSql(m_filter, &st) + QLatin1Char(')');
    const bool ascending = m_sort.order == Qt::AscendingOrder;
    parts << quoteIdent(m_sort.column) + QLatin1String(ascending ? " >= " : " <= ") +
                 st.bind(value);
    st.sql += QLatin1String(" WHERE ") + parts.join(QLatin1String(" AND "));
    st.sql += orderBy(false) + QLatin1String(" LIMIT ") + QString::number(limit);
    return st;
}

Statement TableQuery::pageAt(qint64 offset, int limit) const
{
    Statement st = page({}, limit, false);
    st.sql += QLatin1String(" OFFSET ") + QString::number(offset);
    return st;
}

Statement TableQuery::selectAll() const
{
    Statement st;
    QStringList items;
    for (const QString &c : m_columns)
        items << quoteIdent(c);
    st.sql = QLatin1String("SELECT ") + items.join(QLatin1String(", ")) + QLatin1String(" FROM ") +
             from() + whereClause(&st) + orderBy(false);
    return st;
}

Statement TableQuery::rowByKey(const QVariantList &key) const
{
    Statement st;
    QStringList parts;
    for (qsizetype i = 0; i < m_keyColumns.size(); ++i)
        parts << quoteIdent(m_keyColumns.at(i)) + QLatin1String(" = ") + st.bind(key.value(i));
    st.sql = QLatin1String("SELECT ") + selectList() + QLatin1String(" FROM ") + from() +
             QLatin1String(" WHERE ") + parts.join(QLatin1String(" AND "));
    return st;
}

Statement TableQuery::count() const
{
    Statement st;
    st.sql = QLatin1String("SELECT count(*) FROM ") + from() + whereClause(&st);
    return st;
}

Statement TableQuery::countUpTo(qint64 limit) const
{
    Statement st;
    st.sql = QLatin1String("SELECT count(*) FROM (SELECT 1 FROM ") + from() + whereClause(&st) +
             QLatin1String(" LIMIT ") + QString::number(limit) + QLatin1String(") bounded");
    return st;
}

Statement TableQuery::positionSample(double percent) const
{
    if (m_view || m_paging == Paging::Offset)
        return {};
    Statement st;
    QStringList items;
    const QStringList keys = orderKeys();
    for (qsizetype i = 0; i < keys.size(); ++i) {
        items << quoteIdent(keys.at(i)) + QLatin1String("::text AS ") +
                     quoteIdent(QStringLiteral("dbx_cursor_%1").arg(i));
    }
    st.sql = QLatin1String("SELECT ") + items.join(QLatin1String(", ")) + QLatin1String(" FROM ") +
             from() + QLatin1String(" TABLESAMPLE SYSTEM (") +
             QString::number(qBound(0.0001, percent, 100.0), 'f', 4) + QLatin1Char(')');
    st.sql += whereClause(&st) + orderBy(false);
    return st;
}

Statement TableQuery::estimate() const
{
    Statement st;
    st.sql = QLatin1String("EXPLAIN (FORMAT JSON) SELECT 1 FROM ") + from() + whereClause(&st);
    return st;
}

} // namespace dbx::model
