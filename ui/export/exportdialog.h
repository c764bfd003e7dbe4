#pragma once

#include "model/connection/connectionspec.h"
#include "model/data/tablequery.h"
#include "model/export/tableexporter.h"

#include <QDialog>
#include <QElapsedTimer>
#include <QList>
#include <QPointer>
#include <QTimer>
#include <QVariantList>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;

namespace dbx::model {
class Database;
}

namespace dbx::ui {

// Exports a grid (its filter and sort, or the selected rows) to a CSV or JSON file with progress
// and Cancel. The export runs on a connection of its own, opened for the export and closed after
// it, so the grid keeps browsing on its connection while a long export runs.
class ExportDialog : public QDialog {
    Q_OBJECT
public:
    ExportDialog(const model::ConnectionSpec &spec, const model::TableQuery &query,
                 const QList<QVariantList> &selectedKeys, QWidget *parent = nullptr);
    ~ExportDialog() override;

    // What the Export button does with the choices in the dialog; for tests and callers that
    // choose for the user. `selectionOnly` without selected rows exports all rows, as the
    // dialog offers no other choice then.
    void startExport(model::ExportFormat format, const QString &path, bool selectionOnly);
    bool isExporting() const { return !m_db.isNull(); }

public slots:
    void reject() override;

signals:
    // After each export: whether the file was written.
    void exportFinished(bool ok);

private:
    void browse();
    void exportClicked();
    void begin();
    void showProgress();
    void finish(const model::Result<model::ExportSummary> &result);
    void setRunning(bool running);
    QString elapsed() const;

    model::ConnectionSpec m_spec;
    model::TableQuery m_query;
    QList<QVariantList> m_selectedKeys;

    QRadioButton *m_csv;
    QRadioButton *m_json;
    QCheckBox *m_header;
    QLineEdit *m_path;
    QPushButton *m_browse;
    QRadioButton *m_all;
    QRadioButton *m_selection;
    QLabel *m_status;
    QDialogButtonBox *m_buttons;
    QPushButton *m_export;
    QPushButton *m_close;

    // Set while an export runs (the Database is created per export).
    QPointer<model::Database> m_db;
    model::TableExporter *m_exporter = nullptr;
    model::ExportFormat m_format = model::ExportFormat::Csv;
    QString m_target;
    bool m_selectionOnly = false;
    bool m_cancelling = false;
    qint64 m_rows = 0;
    QElapsedTimer m_clock;
    QTimer m_tick;
};

} // namespace dbx::ui
