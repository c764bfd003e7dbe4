#include "model/edit/changesql.h"

#include "model/db/pgvalue.h"
#include "model/sqlident.h"

namespace dbx::model {

ChangeSql::ChangeSql(const TableQuery &table)
    : m_table(table)
{}

QString ChangeSql::keyCondition(const QVariantList &key, Statement *st) const
{
    QStringList parts;
    const QStringList &columns = m_table.keyColumns();
    for (qsizetype i = 0; i < columns.size(); ++i)
        parts << quoteIdent(columns.at(i)) + QLatin1String(" = ") + st->bind(key.value(i));
    return parts.join(QLatin1String(" AND "));
}

Statement ChangeSql::statement(const RowChange &change) const
{
    Statement st;
    const QString table = quoteQualified(m_table.schema(), m_table.name());
    const QStringList &columns = m_table.columns();
    switch (change.kind) {
    case RowChange::Kind::Insert: {
        if (change.values.isEmpty()) {
            st.sql = QLatin1String("INSERT INTO ") + table + QLatin1String(" DEFAULT VALUES");
            break;
        }
        QStringList names;
        QStringList marks;
        for (auto it = change.values.cbegin(); it != change.values.cend(); ++it) {
            names << quoteIdent(columns.value(it.key()));
            marks << st.bind(it.value());
        }
        st.sql = QLatin1String("INSERT INTO ") + table + QLatin1String(" (") +
                 names.join(QLatin1String(", ")) + QLatin1String(") VALUES (") +
                 marks.join(QLatin1String(", ")) + QLatin1Char(')');
        break;
    }
    case RowChange::Kind::Update: {
        QStringList sets;
        for (auto it = change.values.cbegin(); it != change.values.cend(); ++it)
            sets << quoteIdent(columns.value(it.key())) + QLatin1String(" = ") +
                        st.bind(it.value());
        st.sql = QLatin1String("UPDATE ") + table + QLatin1String(" SET ") +
                 sets.join(QLatin1String(", ")) + QLatin1String(" WHERE ") +
                 keyCondition(change.key, &st);
        break;
    }
    case RowChange::Kind::Delete:
        st.sql = QLatin1String("DELETE FROM ") + table + QLatin1String(" WHERE ") +
                 keyCondition(change.key, &st);
        break;
    }
    if (!change.isInsert() && !change.version.isEmpty()) {
        st.sql += QLatin1String(" AND xmin = ") + st.bind(change.version) + QLatin1String("::xid");
    }
    return st;
}

Statement ChangeSql::current(const QVariantList &key) const
{
    Statement st;
    QStringList items;
    for (const QString &c : m_table.columns())
        items << quoteIdent(c);
    items << QStringLiteral("xmin::text");
    st.sql = QLatin1String("SELECT ") + items.join(QLatin1String(", ")) + QLatin1String(" FROM ") +
             quoteQualified(m_table.schema(), m_table.name()) + QLatin1String(" WHERE ") +
             keyCondition(key, &st);
    return st;
}

QString ChangeSql::script(const QList<RowChange> &changes) const
{
    QStringList lines;
    lines << QStringLiteral("BEGIN;");
    for (const RowChange &change : changes) {
        const Statement st = statement(change);
        lines << st.sql + QLatin1Char(';');
        QStringList bound;
        for (qsizetype i = 0; i < st.params.size(); ++i)
            bound << QStringLiteral("$%1 = %2").arg(i + 1).arg(sqlLiteral(st.params.at(i)));
        if (!bound.isEmpty())
            lines << QLatin1String("  -- ") + bound.join(QLatin1String(", "));
    }
    lines << QStringLiteral("COMMIT;");
    return lines.join(QLatin1Char('\n'));
}

} // namespace dbx::model
