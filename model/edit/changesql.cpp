#include "model/edit/changesql.h"

#include "model/db/pgexec.h"
#include "model/sqlident.h"

namespace dbx::model {

namespace {

QString placeholder(const QVariantList &params)
{
    return QLatin1Char('$') + QString::number(params.size());
}

} // namespace

ChangeSql::ChangeSql(const TableQuery &table)
    : m_table(table)
{}

QString ChangeSql::keyCondition(const QVariantList &key, QVariantList *params) const
{
    QStringList parts;
    const QStringList &columns = m_table.keyColumns();
    for (qsizetype i = 0; i < columns.size(); ++i) {
        *params << key.value(i);
        parts << quoteIdent(columns.at(i)) + QLatin1String(" = ") + placeholder(*params);
    }
    return parts.join(QLatin1String(" AND "));
}

SqlStatement ChangeSql::statement(const RowChange &change) const
{
    SqlStatement st;
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
            st.params << it.value();
            marks << placeholder(st.params);
        }
        st.sql = QLatin1String("INSERT INTO ") + table + QLatin1String(" (") +
                 names.join(QLatin1String(", ")) + QLatin1String(") VALUES (") +
                 marks.join(QLatin1String(", ")) + QLatin1Char(')');
        break;
    }
    case RowChange::Kind::Update: {
        QStringList sets;
        for (auto it = change.values.cbegin(); it != change.values.cend(); ++it) {
            st.params << it.value();
            sets << quoteIdent(columns.value(it.key())) + QLatin1String(" = ") +
                        placeholder(st.params);
        }
        st.sql = QLatin1String("UPDATE ") + table + QLatin1String(" SET ") +
                 sets.join(QLatin1String(", ")) + QLatin1String(" WHERE ") +
                 keyCondition(change.key, &st.params);
        break;
    }
    case RowChange::Kind::Delete:
        st.sql = QLatin1String("DELETE FROM ") + table + QLatin1String(" WHERE ") +
                 keyCondition(change.key, &st.params);
        break;
    }
    if (!change.isInsert() && !change.version.isEmpty()) {
        st.params << change.version;
        st.sql += QLatin1String(" AND xmin = ") + placeholder(st.params) + QLatin1String("::xid");
    }
    return st;
}

SqlStatement ChangeSql::current(const QVariantList &key) const
{
    SqlStatement st;
    QStringList items;
    for (const QString &c : m_table.columns())
        items << quoteIdent(c);
    items << QStringLiteral("xmin::text");
    st.sql = QLatin1String("SELECT ") + items.join(QLatin1String(", ")) + QLatin1String(" FROM ") +
             quoteQualified(m_table.schema(), m_table.name()) + QLatin1String(" WHERE ") +
             keyCondition(key, &st.params);
    return st;
}

QString ChangeSql::literal(const QVariant &value)
{
    const QVariant text = pgTextValue(value);
    if (text.isNull())
        return QStringLiteral("NULL");
    QString s = text.toString();
    s.replace(QLatin1Char('\''), QLatin1String("''"));
    return QLatin1Char('\'') + s + QLatin1Char('\'');
}

QString ChangeSql::script(const QList<RowChange> &changes) const
{
    QStringList lines;
    lines << QStringLiteral("BEGIN;");
    for (const RowChange &change : changes) {
        const SqlStatement st = statement(change);
        lines << st.sql + QLatin1Char(';');
        QStringList bound;
        for (qsizetype i = 0; i < st.params.size(); ++i)
            bound << QStringLiteral("$%1 = %2").arg(i + 1).arg(literal(st.params.at(i)));
        if (!bound.isEmpty())
            lines << QLatin1String("  -- ") + bound.join(QLatin1String(", "))
                                                  .replace(QLatin1Char('\n'), QLatin1String("\\n"));
    }
    lines << QStringLiteral("COMMIT;");
    return lines.join(QLatin1Char('\n'));
}

} // namespace dbx::model
