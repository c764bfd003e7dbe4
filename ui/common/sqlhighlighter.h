#pragma once

#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace dbx::ui {

// Colours the SQL the query builder generates and the DDL that Show DDL shows: keywords,
// "quoted identifiers", 'string literals' (with '' inside), numbers, $n parameters and --
// comments. A small scanner rather than regular expressions per rule, so a keyword inside a
// string or comment stays a string. Colours come from the widget's palette where that reads well
// on light and dark themes.
class SqlHighlighter : public QSyntaxHighlighter {
    Q_OBJECT
public:
    explicit SqlHighlighter(QTextDocument *document);

    QTextCharFormat keywordFormat() const { return m_keyword; }
    QTextCharFormat stringFormat() const { return m_string; }
    QTextCharFormat identifierFormat() const { return m_identifier; }
    QTextCharFormat numberFormat() const { return m_number; }
    QTextCharFormat parameterFormat() const { return m_parameter; }
    QTextCharFormat commentFormat() const { return m_comment; }

    static bool isKeyword(const QString &word);

protected:
    void highlightBlock(const QString &text) override;

private:
    QTextCharFormat m_keyword;
    QTextCharFormat m_string;
    QTextCharFormat m_identifier;
    QTextCharFormat m_number;
    QTextCharFormat m_parameter;
    QTextCharFormat m_comment;
};

} // namespace dbx::ui
