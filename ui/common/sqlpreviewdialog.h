#pragma once

#include <QDialog>

class QLabel;
class QPlainTextEdit;

namespace dbx::ui {

// The exact SQL a migration run would send, in order and runnable as it stands, to read before
// running it or to hand to a DBA: monospace, read-only, with Copy and Save As.
class SqlPreviewDialog : public QDialog {
    Q_OBJECT
public:
    SqlPreviewDialog(const QString &title, const QString &sql, QWidget *parent = nullptr);

    QString sql() const;

private:
    void copy();
    void saveAs();

    QPlainTextEdit *m_text;
    QLabel *m_note;
};

} // namespace dbx::ui
