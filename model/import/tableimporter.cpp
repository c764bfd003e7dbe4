#include "model/import/tableimporter.h"

namespace dbx::model {

TableImporter::TableImporter(Database *db, QObject *parent)
    : QObject(parent)
    , m_db(db)
{
    connect(db, &Database::progress, this, [this](Ticket ticket, qint64 done) {
        if (ticket == m_ticket)
            emit progress(done);
    });
}

TableImporter::~TableImporter()
{
    cancel();
}

Ticket TableImporter::start(const ImportRequest &request)
{
    cancel();
    if (!m_db)
        return 0;
    auto job = [request](QSqlDatabase &db, const JobContext &ctx) -> Result<ImportSummary> {
        return importCsv(db, request, &ctx);
    };
    m_ticket = m_db->run<ImportSummary>(
        job, this, [this](Ticket ticket, const Result<ImportSummary> &result) {
            if (ticket != m_ticket)
                return; // a cancelled import replaced by a newer one
            m_ticket = 0;
            emit finished(result);
        });
    return m_ticket;
}

void TableImporter::cancel()
{
    if (m_ticket != 0 && m_db)
        m_db->cancel(m_ticket);
}

} // namespace dbx::model
