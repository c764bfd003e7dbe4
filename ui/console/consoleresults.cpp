#include "ui/console/consoleresults.h"

#include <QAbstractItemModel>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace dbx::ui {

namespace {

const char *const kModelProperty = "dbxResultModel";

// A tab's status line and its Fetch All button, found again by the model they show.
struct RowsTabParts {
    QLabel *status = nullptr;
    QPushButton *fetchAll = nullptr;
};

} // namespace

ConsoleResults::ConsoleResults(QWidget *parent)
    : QWidget(parent)
    , m_tabs(new QTabWidget(this))
    , m_messages(new QPlainTextEdit(this))
{
    setObjectName(QStringLiteral("consoleResults"));
    m_tabs->setObjectName(QStringLiteral("consoleResultTabs"));
    m_tabs->setDocumentMode(true);
    m_messages->setObjectName(QStringLiteral("consoleMessages"));
    m_messages->setReadOnly(true);
    m_messages->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_tabs->addTab(m_messages, tr("Messages"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);
}

void ConsoleResults::clear()
{
    while (m_tabs->count() > 1) {
        QWidget *page = m_tabs->widget(0);
        m_tabs->removeTab(0);
        delete page;
    }
    m_messages->clear();
}

int ConsoleResults::statementTabCount() const
{
    return m_tabs->count() - 1;
}

QString ConsoleResults::titleOf(const QString &statement)
{
    QString first = statement.trimmed().section(u'\n', 0, 0).simplified();
    if (first.size() > 40)
        first = first.left(39) + QChar(0x2026);
    return first;
}

QTableView *ConsoleResults::addRows(const QString &statement, QAbstractItemModel *model)
{
    auto *page = new QWidget;
    page->setProperty(kModelProperty, QVariant::fromValue(static_cast<QObject *>(model)));
    auto *view = new QTableView(page);
    view->setObjectName(QStringLiteral("consoleRows"));
    view->setModel(model);
    view->setAlternatingRowColors(true);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
    // Columns as wide as their names and first rows, none wider than a third of a screen.
    view->horizontalHeader()->setMaximumSectionSize(400);
    view->resizeColumnsToContents();
    auto *status = new QLabel(page);
    status->setObjectName(QStringLiteral("consoleRowsStatus"));
    auto *fetchAll = new QPushButton(tr("Fetch &All"), page);
    fetchAll->setObjectName(QStringLiteral("consoleFetchAll"));
    fetchAll->setEnabled(false);
    connect(fetchAll, &QPushButton::clicked, this,
            [this, model] { emit fetchAllRequested(model); });
    auto *bar = new QHBoxLayout;
    bar->addWidget(status, 1);
    bar->addWidget(fetchAll);
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(view, 1);
    layout->addLayout(bar);
    const int at = m_tabs->insertTab(m_tabs->count() - 1, page, titleOf(statement));
    m_tabs->setTabToolTip(at, statement.left(2000));
    m_tabs->setCurrentIndex(at);
    return view;
}

void ConsoleResults::setRowsStatus(QAbstractItemModel *model, const QString &status,
                                   bool canFetchAll)
{
    for (int i = 0; i + 1 < m_tabs->count(); ++i) {
        QWidget *page = m_tabs->widget(i);
        if (page->property(kModelProperty).value<QObject *>() != model)
            continue;
        if (auto *label = page->findChild<QLabel *>(QStringLiteral("consoleRowsStatus")))
            label->setText(status);
        if (auto *button = page->findChild<QPushButton *>(QStringLiteral("consoleFetchAll")))
            button->setEnabled(canFetchAll);
    }
}

void ConsoleResults::addCommand(const QString &statement, const QString &commandTag,
                                qint64 elapsedMs)
{
    auto *label = new QLabel;
    label->setObjectName(QStringLiteral("consoleCommandResult"));
    label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    label->setMargin(8);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setText(tr("%1\nin %2 ms").arg(commandTag, QLocale().toString(elapsedMs)));
    const int at = m_tabs->insertTab(m_tabs->count() - 1, label, titleOf(statement));
    m_tabs->setTabToolTip(at, statement.left(2000));
    m_tabs->setCurrentIndex(at);
}

void ConsoleResults::appendNotice(const QString &statement, const QString &severity,
                                  const QString &message)
{
    m_messages->appendPlainText(
        tr("%1: %2    [%3]").arg(severity, message.trimmed(), titleOf(statement)));
}

void ConsoleResults::appendError(const QString &statement, const QString &text)
{
    m_messages->appendPlainText(tr("%1\n    in: %2").arg(text, titleOf(statement)));
}

void ConsoleResults::appendInfo(const QString &text)
{
    m_messages->appendPlainText(text);
}

void ConsoleResults::showMessages()
{
    m_tabs->setCurrentWidget(m_messages);
}

} // namespace dbx::ui
