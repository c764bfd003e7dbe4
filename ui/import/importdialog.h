#pragma once

#include "model/catalog/schemasnapshot.h"
#include "model/connection/connectionspec.h"
#include "model/import/tableimporter.h"

#include <QDialog>
#include <QPointer>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace dbx::ui {

class ImportPreview;

// Imports a CSV file into the grid's table: the file and its CSV options, a preview of the first
// records with each file column mapped to a table column and the values checked against the
// columns' types, then COPY FROM STDIN in one transaction with progress and Cancel. The import
// runs on a connection of its own, so the window stays responsive; a failure imports nothing.
class ImportDialog : public QDialog {
    Q_OBJECT
public:
    ImportDialog(const model::ConnectionSpec &spec, const model::TableInfo &table,
                 const model::SchemaSnapshot &snapshot, QWidget *parent = nullptr);
    ~ImportDialog() override;

    // Shows the file in the preview with the options chosen (what changing them does).
    void setFile(const QString &path);
    // What the Import button does.
    void startImport();
    bool isImporting() const { return !m_db.isNull(); }

public slots:
    void reject() override;

signals:
    // After each import: whether the rows were imported (the grid then reloads).
    void importFinished(bool ok);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void buildLayout();
    model::CsvOptions options() const;
    void refreshPreview();
    void showCheck();
    void browse();
    void begin();
    void finish(const model::Result<model::ImportSummary> &result);
    void setRunning(bool running);

    model::ConnectionSpec m_spec;
    model::TableInfo m_table;
    QLineEdit *m_path;
    QPushButton *m_browse;
    QCheckBox *m_header;
    QLineEdit *m_delimiter;
    QLineEdit *m_quote;
    QLineEdit *m_null;
    QComboBox *m_encoding;
    ImportPreview *m_preview;
    QProgressBar *m_progress;
    QLabel *m_status;
    QDialogButtonBox *m_buttons;
    QPushButton *m_import;
    QPushButton *m_close;

    QPointer<model::Database> m_db;
    model::TableImporter *m_importer = nullptr;
    model::ImportRequest m_request;
    bool m_cancelling = false;
    int m_records = 0;
};

} // namespace dbx::ui
