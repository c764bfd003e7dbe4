#pragma once

#include "migrations/autogenerate.h"
#include "model/db/databaseworker.h"

#include <QObject>

namespace dbx::migrations {

class MigrationService;

// Autogenerate and the drift check for the GUI: each runs as a job on the Database's worker
// (the shadow database is built there, never on the UI thread), with the graph and folder the
// MigrationService has in use; results come back as signals. A newer request of the same kind
// drops the late result of an older one.
class AutogenerateService : public QObject {
    Q_OBJECT
public:
    explicit AutogenerateService(MigrationService *migrations, QObject *parent = nullptr);

    MigrationService *migrations() const { return m_migrations; }
    void setOptions(const AutogenerateOptions &options) { m_options = options; }
    const AutogenerateOptions &options() const { return m_options; }

    void generate(const QString &message);
    // Writes the revision into the folder in use and stamps the database unless told not to.
    void save(const GeneratedRevision &revision, bool stamp);
    void check();
    bool isBusy() const { return m_ticket != 0; }

signals:
    void generated(const dbx::migrations::GeneratedRevision &revision);
    void saved(const QString &path);
    void checked(const QList<dbx::migrations::SchemaDifference> &differences);
    void failed(const dbx::model::DbError &error);
    void busyChanged(bool busy);

private:
    template <typename T>
    void start(std::function<model::Result<T>(Autogenerate &)> work,
               std::function<void(const T &)> done);

    MigrationService *m_migrations;
    AutogenerateOptions m_options;
    model::Ticket m_ticket = 0;
};

} // namespace dbx::migrations
