#pragma once

#include "model/catalog/schemasnapshot.h"
#include "model/query/querydef.h"

#include <QDialog>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace dbx::ui {

// "From SQL…": a SELECT typed or pasted by hand, read back into the builder by PostgreSQL's own
// parser. What the builder cannot show is named in the dialog, which stays open with the text
// as it was, so nothing typed is lost. Widgets: "importSqlText", "importSqlError"; OK is
// "Show in Builder".
class SqlImportDialog : public QDialog {
    Q_OBJECT
public:
    SqlImportDialog(const model::SchemaSnapshot &snapshot, QWidget *parent = nullptr);

    void setSql(const QString &sql);
    QString errorText() const;

signals:
    void imported(const dbx::model::query::Query &query);

public slots:
    void accept() override;

private:
    model::SchemaSnapshot m_snapshot;
    QPlainTextEdit *m_text;
    QLabel *m_error;
    QPushButton *m_ok = nullptr;
};

} // namespace dbx::ui
