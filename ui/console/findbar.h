#pragma once

#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QToolButton;

namespace dbx::ui {

class SqlEditor;

// Find and replace inside one SqlEditor, shown under it: Ctrl+F finds, Ctrl+H replaces,
// Enter / F3 the next match, Shift+Enter / Shift+F3 the previous, Escape hides the bar; match
// case and regular expressions (ECMAScript syntax) on request.
class FindBar : public QWidget {
    Q_OBJECT
public:
    explicit FindBar(SqlEditor *editor, QWidget *parent = nullptr);

    // Shows the bar with the editor's selection as the text to find; `replace` shows the
    // replace row too.
    void open(bool replace);
    bool findNext();
    bool findPrevious();
    // Replaces the current match, if the selection is one, and goes to the next.
    bool replaceCurrent();
    int replaceAll();

protected:
    void keyPressEvent(QKeyEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    bool find(bool forward, bool fromSelectionStart);
    void showStatus(const QString &text);

    SqlEditor *m_editor;
    QLineEdit *m_find;
    QLineEdit *m_replace;
    QCheckBox *m_matchCase;
    QCheckBox *m_regex;
    QWidget *m_replaceRow;
    QLabel *m_status;
};

} // namespace dbx::ui
