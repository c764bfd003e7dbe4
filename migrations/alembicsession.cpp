#include "migrations/alembicsession.h"

#include "model/db/database.h"

#include <QCoreApplication>

namespace dbx::migrations {

namespace {

QString versionsText(const AlembicVersionTable &table)
{
    if (table.table.isEmpty())
        return AlembicSession::tr("base (no alembic_version table yet)");
    return table.versions.isEmpty() ? AlembicSession::tr("base")
                                    : table.versions.join(QLatin1String(", "));
}

} // namespace

AlembicSession::AlembicSession(model::Database *database, QObject *parent)
    : QObject(parent)
    , m_database(database)
    , m_process(new AlembicProcess(this))
{
    // The history is shown as the revisions themselves; its text would only flood the log.
    connect(m_process, &AlembicProcess::logLine, this, [this](const LogLine &line) {
        if (m_running.kind != AlembicCommand::Kind::History || line.level != LogLine::Level::Info)
            emit logLine(line);
    });
    connect(m_process, &AlembicProcess::finished, this, &AlembicSession::processFinished);
}

void AlembicSession::setProject(const AlembicProject &project)
{
    m_project = project;
    m_revisions.clear();
    m_versions = {};
    m_other.reset();
    emit revisionsChanged();
    log(LogLine::Level::Info, tr("Alembic project %1.").arg(project.directory()));
    refresh();
}

void AlembicSession::refresh()
{
    if (!m_project || isRunning())
        return;
    m_reportRun = false;
    startProcess(AlembicCommand::make(QStringLiteral("history"), {}, false).value());
}

void AlembicSession::run(const AlembicCommand &command)
{
    if (!m_project)
        return;
    if (isRunning()) {
        emit failed(model::DbError::plain(tr("Alembic is still running; wait or cancel it.")));
        return;
    }
    m_reportRun = true;
    startProcess(command);
}

void AlembicSession::cancel()
{
    m_process->cancel();
}

void AlembicSession::startProcess(const AlembicCommand &command)
{
    m_running = command;
    m_process->start(*m_project, m_tool, m_database->spec(), command);
    // After start: listeners ask isRunning(). A program that cannot start has finished already.
    if (m_process->isRunning())
        emit runningChanged(true);
}

void AlembicSession::processFinished(const AlembicOutcome &outcome)
{
    if (m_running.kind == AlembicCommand::Kind::History) {
        historyRead(outcome);
        return;
    }
    checkReached(outcome);
    m_lastOk = outcome.ok;
    if (outcome.cancelled) {
        log(LogLine::Level::Warning, tr("Alembic was stopped."));
        readState(m_process->applicationName());
        return;
    }
    if (!outcome.ok)
        emit failed(outcome.error);
    else
        log(LogLine::Level::Info, tr("alembic %1 done.").arg(m_running.name()));
    if (m_running.connects())
        readState({});
    else
        setBusy(false);
}

void AlembicSession::historyRead(const AlembicOutcome &outcome)
{
    m_lastOk = outcome.ok;
    if (!outcome.ok) {
        m_revisions.clear();
        emit revisionsChanged();
        emit failed(outcome.error);
        setBusy(false);
        return;
    }
    m_revisions = parseAlembicHistory(outcome.output);
    log(LogLine::Level::Info,
        tr("%n revision(s) in the project.", nullptr, int(m_revisions.size())));
    readState({});
}

void AlembicSession::checkReached(const AlembicOutcome &outcome)
{
    m_other.reset();
    const QString open = m_database->serverInfo().database;
    for (const AlembicReach &reach : outcome.reached) {
        if (!reachedOpenDatabase(reach, m_database->spec(), open)) {
            m_other = reach;
            log(LogLine::Level::Warning,
                tr("This project's env.py chose its own database: Alembic ran against %1, not "
                   "the open connection's database %2. The states shown are those of %2.")
                    .arg(reach.describe(), open));
            emit reachedOtherDatabase(reach);
            return;
        }
    }
}

void AlembicSession::readState(const QString &orphans)
{
    if (m_database->state() != model::Database::State::Connected) {
        applyAlembicVersions(&m_revisions, {});
        emit revisionsChanged();
        setBusy(false);
        return;
    }
    m_reading = true;
    m_database->run<AlembicVersionTable>(
        [orphans](QSqlDatabase &db,
                  const model::JobContext &) -> model::Result<AlembicVersionTable> {
            if (orphans.isEmpty())
                return readAlembicVersionTable(db);
            return endOrphansAndRead(db, orphans);
        },
        this,
        [this, orphans](model::Ticket, const model::Result<AlembicVersionTable> &table) {
            m_reading = false;
            if (!table) {
                emit failed(table.error());
            } else {
                m_versions = table.value();
                const QStringList unknown = applyAlembicVersions(&m_revisions, m_versions.versions);
                if (!unknown.isEmpty())
                    log(LogLine::Level::Warning,
                        tr("alembic_version names revisions this project does not have: %1")
                            .arg(unknown.join(QLatin1String(", "))));
                const QString where = versionsText(m_versions);
                log(LogLine::Level::Info,
                    orphans.isEmpty()
                        ? tr("The database is at %1.").arg(where)
                        : tr("Alembic left the database at %1: the revisions it had not "
                             "committed were rolled back.")
                              .arg(where));
            }
            emit revisionsChanged();
            setBusy(false);
        });
}

void AlembicSession::log(LogLine::Level level, const QString &text)
{
    emit logLine({level, text, {}});
}

void AlembicSession::setBusy(bool reading)
{
    m_reading = reading;
    if (isRunning())
        return;
    emit runningChanged(false);
    if (m_reportRun) {
        m_reportRun = false;
        emit runFinished(m_lastOk);
    }
}

} // namespace dbx::migrations
