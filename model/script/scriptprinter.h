#pragma once

#include "model/export/exportwriter.h"
#include "model/export/tableexporter.h"
#include "model/script/scriptrunner.h"

#include <functional>
#include <memory>

namespace dbx::model {

// Prints a running script the way psql does, for the command line: rows through the export
// writers (a psql-like table, CSV or JSON) into `out` as they arrive; the command tags of
// other statements ("UPDATE 3") after them in a table, or as messages when the output is CSV
// or JSON so that the data stays clean; notices and errors as messages, errors with their
// line and column in the script, DETAIL and HINT. Messages are whole lines without the line
// break (stderr, for the command line).
class ScriptPrinter : public ScriptObserver {
public:
    using MessageSink = std::function<void(const QString &line)>;
    ScriptPrinter(ExportFormat format, ExportFile &out, MessageSink messages);

    void columns(const ScriptStep &step, const PgResult &described) override;
    bool row(const PgResult &row) override;
    bool copyData(const char *data, int length) override;
    void finished(const ScriptStep &step, const PgRows &summary, bool hadRows) override;
    void notice(const Notice &notice) override;
    void failed(const ScriptStep &step, const ScriptFailure &failure) override;

    // Writing to `out` failed (a full disk, a closed pipe): the first such error.
    const Status &writeStatus() const { return m_written; }
    // The lines failed() prints, for the console window too.
    static QStringList describe(const ScriptFailure &failure);

private:
    void endResult();
    void flush();

    ExportFormat m_format;
    ExportFile &m_out;
    MessageSink m_messages;
    std::unique_ptr<RowWriter> m_writer;
    Status m_written;
};

} // namespace dbx::model
