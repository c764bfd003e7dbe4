#pragma once

#include "migrations/migrationrunner.h"
#include "migrations/revisionsource.h"

#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace dbx::test {

// Revision files written to a temporary directory, for tests that need their own graph (a
// failing revision, an edited file) rather than the embedded demo chain.
class RevisionDir {
public:
    RevisionDir();
    QString path() const { return m_dir.path(); }
    // Writes `<id>.sql` with the given parents, upgrade and downgrade bodies.
    void write(const QString &id, const QStringList &parents, const QString &upgrade,
               const QString &downgrade = QStringLiteral("-- downgrade: empty\n"),
               const QString &extraHeader = {});
    void remove(const QString &id);
    migrations::RevisionGraph graph() const;

private:
    QTemporaryDir m_dir;
};

// Rows of a query as "a|b|c" lines, for compact assertions on the bookkeeping tables.
QStringList rows(QSqlDatabase db, const QString &sql);
int count(QSqlDatabase db, const QString &sql);

} // namespace dbx::test
