#include "model/console/completioncatalogsource.h"

#include "model/db/database.h"
#include "model/script/sqltokens.h"

namespace dbx::model {

CompletionCatalogSource::CompletionCatalogSource(Database *database, QObject *parent)
    : QObject(parent)
    , m_database(database)
    , m_catalog(std::make_shared<CompletionCatalog>())
{}

void CompletionCatalogSource::refresh()
{
    if (!m_database)
        return;
    m_loading = m_database->run<CompletionCatalog>(
        [](QSqlDatabase &db, const JobContext &job) { return CompletionCatalog::read(db, &job); },
        this,
        [this](Ticket ticket, const Result<CompletionCatalog> &result) {
            if (ticket != m_loading)
                return; // superseded by a later refresh
            m_loading = 0;
            if (!result) {
                emit loadFailed(result.error().message);
                return;
            }
            m_catalog = std::make_shared<const CompletionCatalog>(result.value());
            emit loaded();
        });
}

void CompletionCatalogSource::statementRan(const QString &sql)
{
    if (changesSchema(sql))
        refresh();
}

bool CompletionCatalogSource::changesSchema(const QString &sql)
{
    static const QStringList ddl = {
        QStringLiteral("create"),  QStringLiteral("alter"),    QStringLiteral("drop"),
        QStringLiteral("comment"), QStringLiteral("import"),   QStringLiteral("refresh"),
        QStringLiteral("grant"),   QStringLiteral("revoke"),   QStringLiteral("set"),
        QStringLiteral("reset"),   QStringLiteral("rollback"), QStringLiteral("commit")};
    const QByteArray utf8 = sql.toUtf8();
    for (const SqlToken &t : scanSql(utf8)) {
        if (t.kind == sqltoken::kLineComment || t.kind == sqltoken::kBlockComment)
            continue;
        if (!t.isKeyword())
            return false;
        // SET search_path and the end of a transaction that held DDL change what names mean.
        const QString word = QString::fromUtf8(utf8.mid(t.start, t.end - t.start)).toLower();
        if (word == QLatin1String("set") || word == QLatin1String("reset"))
            return sql.contains(QLatin1String("search_path"), Qt::CaseInsensitive);
        return ddl.contains(word);
    }
    return false;
}

} // namespace dbx::model
