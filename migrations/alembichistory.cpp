#include "migrations/alembichistory.h"

#include "migrations/ledger.h"
#include "model/db/executor.h"

#include <QCoreApplication>
#include <QHash>
#include <QRegularExpression>

namespace dbx::migrations {

namespace {

QStringList commaList(const QString &text)
{
    QStringList result;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString id = part.trimmed();
        if (!id.isEmpty() && id != QLatin1String("<base>"))
            result << id;
    }
    return result;
}

// "Rev: 1b6f8d2e4a70 (head) (mergepoint)"
void readRevLine(const QString &line, AlembicRevision *revision)
{
    const QString rest = line.mid(5).trimmed();
    revision->id = rest.section(QLatin1Char(' '), 0, 0);
    revision->isHead = rest.contains(QLatin1String("(head)"));
    revision->isBranchPoint = rest.contains(QLatin1String("(branchpoint)"));
    revision->isMergePoint = rest.contains(QLatin1String("(mergepoint)"));
}

void readField(const QString &line, AlembicRevision *revision)
{
    const auto value = [&line](const char *key) { return line.mid(qstrlen(key)).trimmed(); };
    if (line.startsWith(QLatin1String("Parent:")))
        revision->parents = commaList(value("Parent:"));
    else if (line.startsWith(QLatin1String("Merges:")))
        revision->parents = commaList(value("Merges:"));
    else if (line.startsWith(QLatin1String("Path:")))
        revision->path = value("Path:");
    else if (line.startsWith(QLatin1String("Branch names:")))
        revision->branchLabels = commaList(value("Branch names:"));
    else if (revision->message.isEmpty() && line.startsWith(QLatin1String("    ")) &&
             !line.trimmed().isEmpty())
        revision->message = line.trimmed();
}

} // namespace

QList<AlembicRevision> parseAlembicHistory(const QString &output)
{
    QList<AlembicRevision> revisions;
    for (const QString &line : output.split(QLatin1Char('\n'))) {
        if (line.startsWith(QLatin1String("Rev: "))) {
            revisions.append(AlembicRevision{});
            readRevLine(line, &revisions.last());
        } else if (!revisions.isEmpty()) {
            readField(line, &revisions.last());
        }
    }
    return revisions;
}

QStringList applyAlembicVersions(QList<AlembicRevision> *revisions, const QStringList &versions)
{
    QHash<QString, int> index;
    for (int i = 0; i < revisions->size(); ++i) {
        index.insert(revisions->at(i).id, i);
        (*revisions)[i].state = AlembicRevision::State::Pending;
        (*revisions)[i].isCurrent = false;
    }
    QStringList unknown;
    QStringList todo;
    for (const QString &version : versions) {
        if (!index.contains(version))
            unknown << version;
        else {
            (*revisions)[index.value(version)].isCurrent = true;
            todo << version;
        }
    }
    while (!todo.isEmpty()) {
        AlembicRevision &revision = (*revisions)[index.value(todo.takeLast())];
        if (revision.state == AlembicRevision::State::Applied)
            continue;
        revision.state = AlembicRevision::State::Applied;
        for (const QString &parent : revision.parents) {
            if (index.contains(parent))
                todo << parent;
        }
    }
    return unknown;
}

AlembicVersionTable readAlembicVersionTable(QSqlDatabase &db)
{
    LedgerState state;
    Ledger::readAlembic(db, &state);
    return {state.alembicTable, state.alembicVersions};
}

model::Result<AlembicVersionTable> endOrphansAndRead(QSqlDatabase &db,
                                                     const QString &applicationName)
{
    // pg_terminate_backend waits (up to the timeout) until the session is gone, so its
    // transaction has been rolled back when the versions are read.
    const auto ended = model::exec(
        db, model::Statement(QStringLiteral("SELECT pg_terminate_backend(pid, 5000) FROM "
                                            "pg_stat_activity WHERE application_name = $1 AND "
                                            "pid <> pg_backend_pid()"),
                             {applicationName}));
    if (!ended)
        return ended.error();
    return readAlembicVersionTable(db);
}

QString alembicStateLabel(AlembicRevision::State state)
{
    switch (state) {
    case AlembicRevision::State::Applied:
        return QCoreApplication::translate("AlembicHistory", "applied");
    case AlembicRevision::State::Pending:
        return QCoreApplication::translate("AlembicHistory", "pending");
    case AlembicRevision::State::Unknown:
        break;
    }
    return QCoreApplication::translate("AlembicHistory", "unknown");
}

} // namespace dbx::migrations
