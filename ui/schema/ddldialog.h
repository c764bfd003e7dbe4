#pragma once

#include "model/catalog/ddlreader.h"

#include <QDialog>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace dbx::ui {

// Show DDL: one object's definition as PostgreSQL writes it (pg_dump, or the catalog for
// functions and enums), highlighted, read-only and copyable. Opens at once with "Reading…"
// and fills in when the DdlReader answers; nothing waits for the server or pg_dump.
class DdlDialog : public QDialog {
    Q_OBJECT
public:
    DdlDialog(model::Database *database, const model::DdlObject &object, QWidget *parent = nullptr);

    QString ddl() const;
    bool isLoading() const;

private:
    void showDdl(const QString &ddl);
    void showError(const model::DbError &error);
    void copy();

    model::DdlReader *m_reader;
    QPlainTextEdit *m_text;
    QLabel *m_note;
    QPushButton *m_copy;
};

} // namespace dbx::ui
