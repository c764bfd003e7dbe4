#pragma once

#include "model/console/completioncatalog.h"
#include "model/db/databaseworker.h"

#include <QObject>
#include <QPointer>

#include <memory>

namespace dbx::model {

class Database;

// Keeps the completion catalog of one connection current: loads it on the connection's
// worker (never on the UI thread), again on refresh() or after a statement that changes the
// schema, and hands out the last one loaded. Editors share one source per connection; the
// catalog they get is immutable, so a reload never changes a list being computed.
class CompletionCatalogSource : public QObject {
    Q_OBJECT
public:
    explicit CompletionCatalogSource(Database *database, QObject *parent = nullptr);

    // The last catalog loaded; an empty one until the first load has finished.
    std::shared_ptr<const CompletionCatalog> catalog() const { return m_catalog; }
    bool isLoading() const { return m_loading != 0; }
    // Starts a reload on the worker; a reload already under way is superseded (its late
    // result dropped). Does nothing without a database.
    void refresh();
    // For the console after it ran `sql`: reloads when it was DDL (CREATE, ALTER, DROP, ...,
    // judged by the statement's first keyword as PostgreSQL's scanner reads it).
    void statementRan(const QString &sql);
    static bool changesSchema(const QString &sql);

signals:
    void loaded();
    void loadFailed(const QString &message);

private:
    QPointer<Database> m_database;
    std::shared_ptr<const CompletionCatalog> m_catalog;
    Ticket m_loading = 0;
};

} // namespace dbx::model
