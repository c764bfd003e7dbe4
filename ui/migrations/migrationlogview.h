#pragma once

#include "migrations/migrationlog.h"

#include <QPlainTextEdit>

namespace dbx::model {
struct DbError;
}

namespace dbx::ui {

// The live log of migration runs: one timestamped line per event the runner reports, SQL in
// grey, warnings and errors in colour. Read-only, kept across runs so a failure can be compared
// with what came before; the newest line stays in view.
class MigrationLogView : public QPlainTextEdit {
    Q_OBJECT
public:
    explicit MigrationLogView(QWidget *parent = nullptr);

    void append(const migrations::LogLine &line);
    // A failure as the log shows it: the message, the statement and the server's detail.
    void appendError(const model::DbError &error);
    // Every line as plain text, for tests and copying.
    QString text() const { return toPlainText(); }

private:
    QString m_lastError;
};

} // namespace dbx::ui
