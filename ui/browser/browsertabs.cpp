#include "ui/browser/browsertabs.h"

#include "model/db/database.h"
#include "ui/browser/tablebrowser.h"
#include "ui/common/icons.h"
#include "ui/connection/connectionregistry.h"
#include "ui/schema/schemadock.h"
#include "ui/shell/mainwindow.h"
#include "ui/shell/overviewpage.h"

#include <QCloseEvent>
#include <QDialog>
#include <QTableView>
#include <QVBoxLayout>

namespace dbx::ui {

namespace {

// A record opened from a child grid: its own window, asking before pending edits are lost.
class RecordWindow : public QDialog {
public:
    explicit RecordWindow(QWidget *parent)
        : QDialog(parent)
    {
        setAttribute(Qt::WA_DeleteOnClose);
        setWindowFlag(Qt::WindowMaximizeButtonHint);
        new QVBoxLayout(this);
        layout()->setContentsMargins(4, 4, 4, 4);
    }
    TableBrowser *browser = nullptr;

protected:
    void closeEvent(QCloseEvent *event) override
    {
        if (browser && !browser->confirmClose())
            event->ignore();
        else
            QDialog::closeEvent(event);
    }
    void reject() override
    {
        if (!browser || browser->confirmClose())
            QDialog::reject();
    }
};

} // namespace

BrowserTabs *BrowserTabs::install(MainWindow *window, model::Database *)
{
    return new BrowserTabs(window);
}

BrowserTabs::BrowserTabs(MainWindow *window)
    : QObject(window)
    , m_window(window)
{
    auto openTable = [this](const QString &schema, const QString &table) { open(schema, table); };
    connect(window->schemaDock(), &SchemaDock::tableActivated, this, openTable);
    connect(window->overviewPage(), &OverviewPage::tableActivated, this, openTable);
    auto openForm = [this](const QString &schema, const QString &table) {
        if (TableBrowser *browser = open(schema, table))
            browser->setFormVisible(true);
    };
    connect(window->schemaDock(), &SchemaDock::formRequested, this, openForm);
    connect(window->overviewPage(), &OverviewPage::formRequested, this, openForm);
    for (model::Database *database : window->connections()->databases())
        follow(database);
    connect(window->connections(), &ConnectionRegistry::added, this, &BrowserTabs::follow);
}

void BrowserTabs::follow(model::Database *database)
{
    auto *background = new model::Database(this);
    m_background.insert(database, background);
    connect(database, &model::Database::connected, background,
            [database, background] { background->connectTo(database->spec()); });
    connect(m_window->connections(), &ConnectionRegistry::closing, background,
            [database, background](model::Database *closed) {
                if (closed == database)
                    background->disconnectFromServer();
            });
}

model::Database *BrowserTabs::current() const
{
    return m_window->connections()->current();
}

// Tabs are told apart by connection too: the same table of two databases is two tabs.
QString BrowserTabs::keyOf(const QString &schema, const QString &table) const
{
    return QString::number(quintptr(current()), 16) + QLatin1Char('/') + schema + QLatin1Char('.') +
           table;
}

TableBrowser *BrowserTabs::browser(const QString &schema, const QString &table) const
{
    return m_tabs.value(keyOf(schema, table));
}

TableBrowser *BrowserTabs::create(const QString &schema, const QString &table, QWidget *parent)
{
    model::Database *database = current();
    const model::SchemaSnapshot &snapshot = m_window->schemaDock()->snapshot(database);
    const model::TableInfo *info = snapshot.table(schema, table);
    if (!info)
        return nullptr;
    model::Database *background = m_background.value(database);
    if (background && background->state() != model::Database::State::Connected)
        background = nullptr;
    auto *browser = new TableBrowser(database, background, *info, snapshot, parent);
    connect(browser, &TableBrowser::openRecord, this, &BrowserTabs::openRecord);
    connect(browser, &TableBrowser::rowCountKnown, m_window->overviewPage(),
            &OverviewPage::setRowCount);
    return browser;
}

TableBrowser *BrowserTabs::open(const QString &schema, const QString &table)
{
    const QString key = keyOf(schema, table);
    if (TableBrowser *existing = m_tabs.value(key)) {
        m_window->showPanel(existing);
        return existing;
    }
    TableBrowser *browser = create(schema, table, nullptr);
    if (!browser)
        return nullptr;
    const bool view = browser->table().kind != model::TableInfo::Kind::Table &&
                      browser->table().kind != model::TableInfo::Kind::PartitionedTable;
    const QString title =
        schema == QLatin1String("public") ? table : schema + QLatin1Char('.') + table;
    m_window->addPanel(browser, icon(view ? QStringLiteral("view") : QStringLiteral("table")),
                       title);
    m_tabs.insert(key, browser);
    browser->view()->setFocus();
    return browser;
}

TableBrowser *BrowserTabs::openRecord(const QString &schema, const QString &table,
                                      const QString &keyColumn, const QVariant &keyValue)
{
    auto *window = new RecordWindow(m_window);
    TableBrowser *browser = create(schema, table, window);
    if (!browser) {
        delete window;
        return nullptr;
    }
    window->browser = browser;
    window->layout()->addWidget(browser);
    window->setWindowTitle(tr("%1 where %2 = %3").arg(table, keyColumn, keyValue.toString()));
    browser->filterBy(keyColumn, keyValue);
    browser->setFormVisible(true);
    window->resize(1000, 640);
    window->show();
    return browser;
}

} // namespace dbx::ui
