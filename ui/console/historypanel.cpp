#include "ui/console/historypanel.h"

#include "ui/console/historymodel.h"
#include "ui/shell/mainwindow.h"

#include <QAction>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace dbx::ui {

HistoryPanel::HistoryPanel(model::QueryHistory *history, QWidget *parent)
    : QWidget(parent)
    , m_history(history)
    , m_model(new HistoryModel(this))
    , m_search(new QLineEdit(this))
    , m_words(new QCheckBox(tr("Whole words"), this))
    , m_list(new QTreeView(this))
    , m_copy(new QPushButton(tr("Copy to Editor"), this))
    , m_run(new QPushButton(tr("Run Again"), this))
{
    m_search->setObjectName(QStringLiteral("historySearch"));
    m_words->setObjectName(QStringLiteral("historyWholeWords"));
    m_list->setObjectName(QStringLiteral("historyList"));
    m_copy->setObjectName(QStringLiteral("historyCopy"));
    m_run->setObjectName(QStringLiteral("historyRun"));
    m_search->setPlaceholderText(tr("Search the statements run"));
    m_search->setClearButtonEnabled(true);
    m_words->setToolTip(tr("Match every word as a whole word, in any order"));
    m_list->setModel(m_model);
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_list->header()->setStretchLastSection(true);

    auto *top = new QHBoxLayout;
    top->addWidget(m_search, 1);
    top->addWidget(m_words);
    top->addWidget(m_copy);
    top->addWidget(m_run);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_list, 1);

    connect(m_search, &QLineEdit::textChanged, this, &HistoryPanel::refresh);
    connect(m_words, &QCheckBox::toggled, this, &HistoryPanel::refresh);
    connect(m_copy, &QPushButton::clicked, this, [this] { emit copyToEditor(currentSql()); });
    connect(m_run, &QPushButton::clicked, this, [this] { emit runAgain(currentSql()); });
    connect(m_list, &QTreeView::doubleClicked, this, [this] { emit copyToEditor(currentSql()); });
    if (history)
        connect(history, &model::QueryHistory::appended, this, &HistoryPanel::refresh);
    refresh();
}

void HistoryPanel::refresh()
{
    if (!m_history)
        return;
    const auto match = m_words->isChecked() ? model::QueryHistory::Match::Words
                                            : model::QueryHistory::Match::Substring;
    m_model->setEntries(m_history->search(m_search->text(), match, 2000));
    for (int c = 0; c < HistoryModel::Sql; ++c)
        m_list->resizeColumnToContents(c);
    if (m_model->rowCount() > 0)
        m_list->setCurrentIndex(m_model->index(0, 0));
    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &HistoryPanel::updateButtons, Qt::UniqueConnection);
    updateButtons();
}

QString HistoryPanel::currentSql() const
{
    const QModelIndex current = m_list->currentIndex();
    return current.isValid() ? m_model->entry(current.row()).sql : QString();
}

void HistoryPanel::updateButtons()
{
    const bool any = m_list->currentIndex().isValid();
    m_copy->setEnabled(any);
    m_run->setEnabled(any);
}

HistoryMenu *HistoryMenu::install(MainWindow *window, model::QueryHistory *history)
{
    return new HistoryMenu(window, history);
}

HistoryMenu::HistoryMenu(MainWindow *window, model::QueryHistory *history)
    : QObject(window)
    , m_window(window)
    , m_history(history)
{
    setObjectName(QStringLiteral("historyMenu"));
    QAction *view = window->menu(MainWindow::Menu::View)
                        ->addAction(tr("&History"), this, &HistoryMenu::showHistory);
    view->setObjectName(QStringLiteral("actionViewHistory"));
    QAction *query = window->menu(MainWindow::Menu::Query)
                         ->addAction(tr("&History"), this, &HistoryMenu::showHistory);
    query->setObjectName(QStringLiteral("actionQueryHistory"));
}

HistoryPanel *HistoryMenu::showHistory()
{
    if (m_panel) {
        m_window->showPanel(m_panel);
        return m_panel;
    }
    m_panel = new HistoryPanel(m_history, m_window);
    m_panel->setObjectName(QStringLiteral("historyPanel"));
    connect(m_panel, &HistoryPanel::copyToEditor, this, &HistoryMenu::copyToEditor);
    connect(m_panel, &HistoryPanel::runAgain, this, &HistoryMenu::runAgain);
    m_window->addPanel(m_panel, QIcon(), tr("History"));
    return m_panel;
}

} // namespace dbx::ui
