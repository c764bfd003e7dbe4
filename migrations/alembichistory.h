#pragma once

#include "model/result.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace dbx::migrations {

// One revision of an Alembic project as `alembic history --verbose` describes it, with its
// state in the database once the versions in alembic_version are known.
struct AlembicRevision {
    enum class State { Unknown, Applied, Pending };
    QString id;
    QStringList parents; // empty for a base revision; several for a merge
    QString message;
    QString path;
    QStringList branchLabels;
    bool isHead = false;
    bool isBranchPoint = false;
    bool isMergePoint = false;
    State state = State::Unknown;
    bool isCurrent = false;
};

// Reads `alembic history --verbose` (newest first, as Alembic prints it).
QList<AlembicRevision> parseAlembicHistory(const QString &output);

// Marks every revision at or below one of `versions` applied, the rest pending; the versions
// themselves are current. Versions the history does not know are returned.
QStringList applyAlembicVersions(QList<AlembicRevision> *revisions, const QStringList &versions);

// What alembic_version says, read through the one executor on the open connection.
struct AlembicVersionTable {
    QString table;        // schema-qualified; empty when the database has none
    QStringList versions; // the current heads
};
AlembicVersionTable readAlembicVersionTable(QSqlDatabase &db);

// After a cancel: the server sessions a killed Alembic left (by their application_name) are
// ended, so its open transaction is rolled back before the versions are read back.
model::Result<AlembicVersionTable> endOrphansAndRead(QSqlDatabase &db,
                                                     const QString &applicationName);

QString alembicStateLabel(AlembicRevision::State state);

} // namespace dbx::migrations
