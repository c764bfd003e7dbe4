#pragma once

#include <QStringList>
#include <QVariantList>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QTabWidget;
class QToolButton;

namespace dbx::ui {

class SqlHighlighter;

// The query builder's live SQL: read-only and monospace, in two tabs. "Parameterized"
// (QPlainTextEdit "parameterizedSql") is what runs: the SQL with $n placeholders followed by
// one "-- $n = value" comment line per bound value. "With values" ("literalSql") is the same
// query with the values written in, for pasting into psql. Problems the validator reports show
// in a red-tinted label ("sqlProblems") above the text, hidden when there are none. Updates
// replace a text only when it changed and keep its scroll position, so typing in the builder
// neither flickers nor jumps.
class SqlView : public QWidget {
    Q_OBJECT
public:
    explicit SqlView(QWidget *parent = nullptr);

    void setSql(const QString &parameterized, const QVariantList &params, const QString &literal);
    void setProblems(const QStringList &problems); // empty hides the label
    QString parameterizedText() const;
    QString literalText() const;

    // The comment lines listing bound values, as shown under the parameterized SQL.
    static QString paramComments(const QVariantList &params);

public slots:
    void copy(); // the visible tab's text to the clipboard

private:
    QTabWidget *m_tabs = nullptr;
    QPlainTextEdit *m_parameterized = nullptr;
    QPlainTextEdit *m_literal = nullptr;
    QLabel *m_problems = nullptr;
    QToolButton *m_copy = nullptr;
};

} // namespace dbx::ui
