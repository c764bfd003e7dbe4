#pragma once

#include <Qsci/qsciscintilla.h>

#include <QString>
#include <QStringList>

namespace dbx::ui {

class PostgresLexer;

// A piece of the editor's text, in QString indices (UTF-16), as the model's splitter and error
// positions count; the editor converts them to Scintilla's UTF-8 byte positions itself.
struct EditorSpan {
    qsizetype start = 0;
    qsizetype length = 0;
    int line = 1; // 1-based line of its first character
    QString text;
    bool isEmpty() const { return text.trimmed().isEmpty(); }
};

// The console's SQL editor: QScintilla's SQL lexer with PostgreSQL's keywords, line numbers,
// brace matching, the current line highlighted, Ctrl+/ to toggle `--` comments, the statement
// under the caret as PostgreSQL's parser delimits it, and errors marked where the server says.
class SqlEditor : public QsciScintilla {
    Q_OBJECT
public:
    explicit SqlEditor(QWidget *parent = nullptr);

    // Replaces the highlighted keywords, e.g. with the server's pg_get_keywords().
    void setKeywords(const QStringList &keywords);
    QStringList keywords() const;
    static QStringList postgresKeywords();

    // Comments out the selected lines (or the caret's), or uncomments them when all are.
    void toggleComment();

    // The statement the caret is in (or the last one before it), split by libpg_query.
    EditorSpan statementAtCursor() const;
    // The selection when there is one, else the statement under the caret.
    EditorSpan textToRun() const;
    // Every statement of the text, in order.
    QList<EditorSpan> statements() const;

    // Underlines the place, writes the message under its line and moves the caret there.
    // `line` and `column` are 1-based, the column counted in characters of that line.
    void markError(int line, int column, const QString &message);
    void clearErrors();
    bool hasErrorMark() const { return m_errorLine >= 0; }

    // Whether text is selected now. QsciScintilla::hasSelectedText() answers from a copy that
    // is refreshed only when the view updates, so right after typing it can still see the
    // selection the typing replaced.
    bool hasSelection() const;

    // The caret as a QString index into text(), and back.
    qsizetype cursorIndex() const;
    void setCursorIndex(qsizetype index);
    // Converts a QString index into text() to a Scintilla (byte) position.
    int positionOfIndex(qsizetype index) const;
    qsizetype indexOfPosition(int position) const;

private:
    void setUpLook();
    void setUpMargins();

    PostgresLexer *m_lexer;
    int m_errorIndicator;
    int m_errorLine = -1;
};

} // namespace dbx::ui
