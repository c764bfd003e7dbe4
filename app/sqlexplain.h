#pragma once

#include "model/export/tableexporter.h"
#include "model/script/scriptrunner.h"

#include <functional>

class QSqlDatabase;

namespace dbx::app {

// `dbexplorer sql --explain [--analyze]`: each statement's plan instead of its rows, the text
// form with --format table and the server's JSON documents (one array) with --format json.
// ANALYZE runs each statement inside a transaction that is rolled back, and says so.
struct ExplainRequest {
    bool analyze = false;
    bool continueOnError = false;
    model::ExportFormat format = model::ExportFormat::Table;
};

int explainScript(const QString &script, const QList<model::ScriptStep> &steps,
                  const ExplainRequest &request, QSqlDatabase &db, const model::JobContext *context,
                  const std::function<void(const QString &)> &message);

} // namespace dbx::app
