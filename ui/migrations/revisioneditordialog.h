#pragma once

#include <QDialog>

class QLabel;
class QPlainTextEdit;

namespace dbx::ui {

// Edits a revision file just written by New Revision: the SQL highlighted, Save refused (with
// the line) while the text would not load as a revision, so the folder never holds a file the
// runner rejects. Emits saved() after the file was written; the panel then reads the folder
// again.
class RevisionEditorDialog : public QDialog {
    Q_OBJECT
public:
    RevisionEditorDialog(const QString &path, QWidget *parent = nullptr);

    QString path() const { return m_path; }
    QPlainTextEdit *editor() const { return m_text; }
    // Validates and writes; false (and the problem shown) when it did not.
    bool save();

signals:
    void saved(const QString &path);

private:
    QString m_path;
    QPlainTextEdit *m_text;
    QLabel *m_problem;
};

} // namespace dbx::ui
