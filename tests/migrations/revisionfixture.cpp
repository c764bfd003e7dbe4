#include "revisionfixture.h"

#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

namespace dbx::test {

RevisionDir::RevisionDir() = default;

void RevisionDir::write(const QString &id, const QStringList &parents, const QString &upgrade,
                        const QString &downgrade, const QString &extraHeader)
{
    QFile file(m_dir.filePath(id + QStringLiteral(".sql")));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write %s", qPrintable(file.fileName()));
    const QString text =
        QStringLiteral("-- revision: %1\n-- parents: %2\n-- message: test %1\n"
                       "%3\n-- upgrade\n%4\n%5")
            .arg(id, parents.join(QLatin1String(", ")), extraHeader, upgrade, downgrade);
    file.write(text.toUtf8());
}

void RevisionDir::remove(const QString &id)
{
    QFile::remove(m_dir.filePath(id + QStringLiteral(".sql")));
}

migrations::RevisionGraph RevisionDir::graph() const
{
    const auto graph = migrations::RevisionSource::loadDirectory(path());
    if (!graph)
        qFatal("test revisions do not load: %s", qPrintable(graph.error().message));
    return graph.value();
}

QStringList rows(QSqlDatabase db, const QString &sql)
{
    QSqlQuery query(db);
    QStringList result;
    if (!query.exec(sql)) {
        result << QStringLiteral("query failed: %1").arg(query.lastError().text());
        return result;
    }
    while (query.next()) {
        QStringList fields;
        for (int i = 0; i < query.record().count(); ++i)
            fields << query.value(i).toString();
        result << fields.join(QLatin1Char('|'));
    }
    return result;
}

int count(QSqlDatabase db, const QString &sql)
{
    return rows(db, sql).value(0).toInt();
}

} // namespace dbx::test
