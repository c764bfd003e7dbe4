#include "app/sqlexplain.h"

#include "model/explain/explainrequest.h"
#include "model/script/scriptprinter.h"

#include <QCoreApplication>

#include <cstdio>

namespace dbx::app {

namespace {

void writeOut(const QByteArray &bytes)
{
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
}

} // namespace

int explainScript(const QString &script, const QList<model::ScriptStep> &steps,
                  const ExplainRequest &request, QSqlDatabase &db, const model::JobContext *context,
                  const std::function<void(const QString &)> &message)
{
    const model::ScriptRunner runner(script, steps);
    const auto mode =
        request.analyze ? model::explain::ExplainMode::Analyze : model::explain::ExplainMode::Plan;
    const bool json = request.format == model::ExportFormat::Json;
    int failed = 0;
    bool first = true;
    if (json)
        writeOut("[");
    for (const model::ScriptStep &step : steps) {
        const auto outcome = model::explain::runExplain(db, step.statement, mode, context);
        if (!outcome) {
            ++failed;
            for (const QString &line :
                 model::ScriptPrinter::describe(runner.locate(step, outcome.error())))
                message(line);
            if (!request.continueOnError || outcome.error().isCancelled())
                break;
            continue;
        }
        if (json) {
            writeOut(first ? "\n" : ",\n");
            writeOut(outcome->plan.json.trimmed());
        } else {
            writeOut(outcome->text.toUtf8());
            if (!outcome->text.endsWith(QLatin1Char('\n')))
                writeOut("\n");
        }
        first = false;
        if (outcome->rolledBack && outcome->kind.changesData)
            message(QCoreApplication::translate(
                        "SqlCommand", "line %1: %2 analyzed inside a transaction that was rolled "
                                      "back: nothing it changed was kept")
                        .arg(step.source.line)
                        .arg(outcome->kind.command));
    }
    if (json)
        writeOut("\n]\n");
    std::fflush(stdout);
    return failed > 0 ? 1 : 0;
}

} // namespace dbx::app
