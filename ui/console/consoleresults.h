#pragma once

#include <QWidget>

class QAbstractItemModel;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTableView;

namespace dbx::ui {

// What one run showed under the editor: a tab per statement (its rows in a grid, or its
// command tag and rows affected) and a Messages tab with the notices as they arrived and the
// errors with their SQLSTATE, DETAIL, HINT and position.
class ConsoleResults : public QWidget {
    Q_OBJECT
public:
    explicit ConsoleResults(QWidget *parent = nullptr);

    // Removes every statement's tab and the messages: a new run begins.
    void clear();

    // A statement's rows in a grid over `model` (not owned; the session's lazy model). The
    // title is the statement's start; `status` says how many rows are fetched so far.
    QTableView *addRows(const QString &statement, QAbstractItemModel *model);
    // The status line and the Fetch All button of the tab showing `model`.
    void setRowsStatus(QAbstractItemModel *model, const QString &status, bool canFetchAll);
    // A statement without rows: its command tag ("UPDATE 3") and how long it took.
    void addCommand(const QString &statement, const QString &commandTag, qint64 elapsedMs);

    void appendNotice(const QString &statement, const QString &severity, const QString &message);
    void appendError(const QString &statement, const QString &text);
    void appendInfo(const QString &text);
    void showMessages();

    QTabWidget *tabs() const { return m_tabs; }
    QPlainTextEdit *messages() const { return m_messages; }
    int statementTabCount() const;

    // The short title of a statement's tab: its first line, cut at 40 characters.
    static QString titleOf(const QString &statement);

signals:
    void fetchAllRequested(QAbstractItemModel *model);

private:
    QTabWidget *m_tabs;
    QPlainTextEdit *m_messages;
};

} // namespace dbx::ui
