#include "model/data/foreignkeylookup.h"

#include "model/db/executor.h"
#include "model/sqlident.h"

namespace dbx::model {

namespace {

bool labelled(const ForeignLabel &fk)
{
    return !fk.labelColumn.isEmpty() && fk.labelColumn != fk.refColumn;
}

void registerTypes()
{
    static const bool done = [] {
        qRegisterMetaType<LookupItem>();
        qRegisterMetaType<QList<LookupItem>>();
        return true;
    }();
    Q_UNUSED(done);
}

} // namespace

ForeignKeyLookup::ForeignKeyLookup(Database *db, const ForeignLabel &fk, QObject *parent)
    : QObject(parent)
    , m_db(db)
    , m_fk(fk)
{
    registerTypes();
}

ForeignKeyLookup::~ForeignKeyLookup()
{
    cancel();
}

bool ForeignKeyLookup::hasLabel() const
{
    return labelled(m_fk);
}

Statement ForeignKeyLookup::statement(const ForeignLabel &fk, const QString &text)
{
    const QString key = quoteIdent(fk.refColumn);
    const QString from = quoteQualified(fk.refSchema, fk.refTable);
    const QString limitSql = QStringLiteral(" LIMIT %1").arg(limit);
    Statement st;
    if (!labelled(fk)) {
        st.sql = QStringLiteral("SELECT %1::text, NULL::text FROM %2").arg(key, from);
        if (!text.isEmpty()) {
            // LIKE's default escape character is the backslash escapeLike() writes; naming it
            // in a literal would read differently under standard_conforming_strings off.
            st.sql += QStringLiteral(" WHERE %1::text LIKE $1").arg(key);
            st.params << QVariant(escapeLike(text) + QLatin1Char('%'));
        }
        st.sql += QStringLiteral(" ORDER BY %1").arg(key) + limitSql;
        return st;
    }
    const QString label = quoteIdent(fk.labelColumn);
    st.sql = QStringLiteral("SELECT %1::text, %2::text FROM %3").arg(key, label, from);
    if (text.isEmpty()) {
        st.sql += QStringLiteral(" ORDER BY %1, %2").arg(label, key) + limitSql;
        return st;
    }
    // The row whose key was typed comes first, so fifty label matches cannot hide it.
    st.sql += QStringLiteral(" WHERE %2::text ILIKE $1 OR %1::text = $2"
                             " ORDER BY %1::text = $2 DESC, %2, %1")
                  .arg(key, label) +
              limitSql;
    st.params << QVariant(QLatin1Char('%') + escapeLike(text) + QLatin1Char('%')) << QVariant(text);
    return st;
}

void ForeignKeyLookup::cancel()
{
    if (m_ticket != 0 && m_db)
        m_db->cancel(m_ticket);
    m_ticket = 0;
}

void ForeignKeyLookup::search(const QString &text)
{
    cancel();
    if (!m_db)
        return;
    const Statement st = statement(m_fk, text);
    m_ticket = m_db->run<QList<LookupItem>>(
        [st](QSqlDatabase &db, const JobContext &) -> Result<QList<LookupItem>> {
            const Result<PgRows> rows = exec(db, st);
            if (!rows)
                return rows.error();
            QList<LookupItem> items;
            items.reserve(rows->rows.size());
            for (const QList<QVariant> &row : rows->rows)
                items << LookupItem{row.value(0).toString(), row.value(1).toString()};
            return items;
        },
        this,
        [this](Ticket ticket, const Result<QList<LookupItem>> &result) {
            // An older search finishing late (or cancelled) says nothing about the current text.
            if (ticket != m_ticket)
                return;
            m_ticket = 0;
            if (result)
                emit resultsReady(result.value());
            else if (!result.error().isCancelled())
                emit failed(result.error());
        });
}

} // namespace dbx::model
