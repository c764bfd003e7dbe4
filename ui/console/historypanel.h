#pragma once

#include "model/console/queryhistory.h"

#include <QPointer>
#include <QWidget>

class QCheckBox;
class QLineEdit;
class QPushButton;
class QTreeView;

namespace dbx::ui {

class HistoryModel;
class MainWindow;

// The query history: a search field (substring, or whole words with the box checked), the
// matching statements newest first, and Copy to Editor / Run Again, which only emit signals:
// the console decides where the SQL goes. Double-click copies to the editor.
// Widgets: "historySearch", "historyWholeWords", "historyList", "historyCopy", "historyRun".
class HistoryPanel : public QWidget {
    Q_OBJECT
public:
    explicit HistoryPanel(model::QueryHistory *history, QWidget *parent = nullptr);

    HistoryModel *model() const { return m_model; }
    QTreeView *list() const { return m_list; }

signals:
    void copyToEditor(const QString &sql);
    void runAgain(const QString &sql);

private:
    void refresh();
    QString currentSql() const;
    void updateButtons();

    QPointer<model::QueryHistory> m_history;
    HistoryModel *m_model;
    QLineEdit *m_search;
    QCheckBox *m_words;
    QTreeView *m_list;
    QPushButton *m_copy;
    QPushButton *m_run;
};

// Puts the history into the main window: View → History and Query → History open its tab
// (made when first shown); the panel's two signals come out of this object, so the console
// connects them once whichever panel is open.
class HistoryMenu : public QObject {
    Q_OBJECT
public:
    static HistoryMenu *install(MainWindow *window, model::QueryHistory *history);

    HistoryPanel *showHistory();
    HistoryPanel *panel() const { return m_panel; }

signals:
    void copyToEditor(const QString &sql);
    void runAgain(const QString &sql);

private:
    HistoryMenu(MainWindow *window, model::QueryHistory *history);

    MainWindow *m_window;
    model::QueryHistory *m_history;
    QPointer<HistoryPanel> m_panel;
};

} // namespace dbx::ui
