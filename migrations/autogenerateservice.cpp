#include "migrations/autogenerateservice.h"

#include "migrations/migrationservice.h"
#include "model/db/database.h"

namespace dbx::migrations {

AutogenerateService::AutogenerateService(MigrationService *migrations, QObject *parent)
    : QObject(parent)
    , m_migrations(migrations)
{}

template <typename T>
void AutogenerateService::start(std::function<model::Result<T>(Autogenerate &)> work,
                                std::function<void(const T &)> done)
{
    model::Database *database = m_migrations->database();
    if (m_ticket)
        database->cancel(m_ticket);
    m_ticket = database->run<T>(
        [work, spec = database->spec(), graph = m_migrations->graph(),
         options = m_options](QSqlDatabase &db, const model::JobContext &) {
            Autogenerate autogenerate(db, spec, graph, options);
            return work(autogenerate);
        },
        this,
        [this, done](model::Ticket ticket, const model::Result<T> &result) {
            if (ticket != m_ticket)
                return;
            m_ticket = 0;
            emit busyChanged(false);
            if (result)
                done(result.value());
            else
                emit failed(result.error());
        });
    emit busyChanged(true);
}

void AutogenerateService::generate(const QString &message)
{
    start<GeneratedRevision>(
        [message](Autogenerate &a) { return a.prepare(message); },
        [this](const GeneratedRevision &revision) { emit generated(revision); });
}

void AutogenerateService::save(const GeneratedRevision &revision, bool stamp)
{
    const QString directory = m_migrations->revisionDirectory();
    start<QString>([revision, directory,
                    stamp](Autogenerate &a) { return a.save(revision, directory, stamp); },
                   [this](const QString &path) {
                       emit saved(path);
                       m_migrations->setRevisionDirectory(m_migrations->revisionDirectory());
                       m_migrations->refreshStatus();
                   });
}

void AutogenerateService::check()
{
    start<QList<SchemaDifference>>(
        [](Autogenerate &a) { return a.check(); },
        [this](const QList<SchemaDifference> &differences) { emit checked(differences); });
}

} // namespace dbx::migrations
