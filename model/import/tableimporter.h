#pragma once

#include "model/db/database.h"
#include "model/import/csvimport.h"

#include <QObject>
#include <QPointer>

namespace dbx::model {

// Runs one CSV import (importCsv) as a job on a Database's worker thread, for the window: the UI
// thread never waits; progress() reports bytes sent, finished() the outcome. The connection is
// busy until the import ends, so the dialog gives it a Database of its own.
class TableImporter : public QObject {
    Q_OBJECT
public:
    explicit TableImporter(Database *db, QObject *parent = nullptr);
    ~TableImporter() override;

    Ticket start(const ImportRequest &request);
    // Stops the running import between two chunks; finished() then reports a Cancelled error
    // and nothing was imported.
    void cancel();
    bool isRunning() const { return m_ticket != 0; }

signals:
    void progress(qint64 bytes);
    void finished(const dbx::model::Result<dbx::model::ImportSummary> &result);

private:
    QPointer<Database> m_db;
    Ticket m_ticket = 0;
};

} // namespace dbx::model
