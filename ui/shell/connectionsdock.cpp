#include "ui/shell/connectionsdock.h"

#include "model/connection/connectionstore.h"
#include "model/db/database.h"
#include "ui/common/icons.h"
#include "ui/connection/connectioncontroller.h"
#include "ui/connection/connectiondialog.h"
#include "ui/connection/connectionlook.h"
#include "ui/connection/connectionregistry.h"
#include "ui/schema/schemadock.h"
#include "ui/shell/mainwindow.h"

#include <QHeaderView>
#include <QMenu>
#include <QSignalBlocker>
#include <QTreeWidget>

namespace dbx::ui {

using model::ConnectionSpec;
using model::Database;

namespace {

enum Role { SpecRole = Qt::UserRole, DatabaseRole };

Database *databaseOf(const QTreeWidgetItem *item)
{
    return item ? static_cast<Database *>(item->data(0, DatabaseRole).value<void *>()) : nullptr;
}

} // namespace

ConnectionsDock *ConnectionsDock::install(MainWindow *window, model::ConnectionStore *store)
{
    auto *dock = new ConnectionsDock(window, store);
    // The window restored its layout before this dock existed: it goes where it was left, or
    // the first time above the schema tree (first pick the connection, then the table).
    if (!window->restoreDockWidget(dock)) {
        window->addDockWidget(Qt::LeftDockWidgetArea, dock);
        window->splitDockWidget(dock, window->schemaDock(), Qt::Vertical);
    }
    QAction *toggle = dock->toggleViewAction();
    toggle->setObjectName(QStringLiteral("actionShowConnections"));
    window->menu(MainWindow::Menu::View)->addAction(toggle);
    return dock;
}

ConnectionsDock::ConnectionsDock(MainWindow *window, model::ConnectionStore *store)
    : QDockWidget(tr("Connections"), window)
    , m_window(window)
    , m_connections(window->connections())
    , m_store(store)
    , m_tree(new QTreeWidget(this))
{
    setObjectName(QStringLiteral("connectionsDock"));
    m_tree->setObjectName(QStringLiteral("connectionsTree"));
    m_tree->setHeaderHidden(true);
    m_tree->setRootIsDecorated(true);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    setWidget(m_tree);
    connect(m_tree, &QTreeWidget::itemActivated, this,
            [this](QTreeWidgetItem *item) { activate(item); });
    connect(m_tree, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        if (Database *database = databaseOf(item))
            m_connections->setCurrent(database);
    });
    connect(m_tree, &QWidget::customContextMenuRequested, this, &ConnectionsDock::showContextMenu);
    // Later, not at once: a state change may come from a click on the very item a rebuild
    // would delete.
    const auto later = [this] {
        QMetaObject::invokeMethod(this, &ConnectionsDock::refresh, Qt::QueuedConnection);
    };
    connect(m_connections, &ConnectionRegistry::stateChanged, this, later);
    connect(m_connections, &ConnectionRegistry::currentChanged, this, later);
    refresh();
}

QTreeWidgetItem *ConnectionsDock::groupItem(const QString &group)
{
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
        if (m_tree->topLevelItem(i)->text(0) == group)
            return m_tree->topLevelItem(i);
    }
    auto *item = new QTreeWidgetItem(m_tree, {group});
    item->setIcon(0, icon(QStringLiteral("folder")));
    item->setFlags(Qt::ItemIsEnabled);
    return item;
}

void ConnectionsDock::addEntry(const ConnectionSpec &spec, Database *open)
{
    const ConnectionSpec look = open ? m_connections->look(open) : spec;
    const QString label = open ? m_connections->label(open) : spec.name;
    const QString group = spec.name.isEmpty() || (open && spec.name != open->spec().name)
                              ? tr("Open, not saved")
                              : (spec.group.isEmpty() ? tr("Saved") : spec.group);
    auto *item = new QTreeWidgetItem(groupItem(group), {label});
    item->setIcon(0, connectionIcon(look, icon(QStringLiteral("database"))));
    item->setData(0, SpecRole, QVariant::fromValue(open ? open->spec() : spec));
    item->setData(0, DatabaseRole, QVariant::fromValue<void *>(open));
    QString tip = connectionToolTip(label, look) + QLatin1Char('\n') + look.toUri();
    if (open) {
        QFont font = item->font(0);
        font.setBold(true);
        item->setFont(0, font);
        tip += QLatin1Char('\n') + tr("Open in this window");
    }
    item->setToolTip(0, tip);
    if (open && open == m_connections->current())
        m_tree->setCurrentItem(item);
}

void ConnectionsDock::refresh()
{
    const QSignalBlocker blocker(m_tree);
    m_tree->clear();
    const QList<Database *> open = m_connections->openDatabases();
    QList<Database *> shown;
    for (const ConnectionSpec &spec : m_store->saved()) {
        Database *database = m_connections->findOpen(spec.name);
        addEntry(spec, database);
        shown << database;
    }
    for (Database *database : open) {
        if (!shown.contains(database))
            addEntry({}, database);
    }
    m_tree->expandAll();
}

void ConnectionsDock::activate(QTreeWidgetItem *item)
{
    if (!item || !(item->flags() & Qt::ItemIsSelectable))
        return;
    if (Database *database = databaseOf(item))
        m_connections->setCurrent(database);
    else
        m_connections->open(item->data(0, SpecRole).value<ConnectionSpec>());
}

// The dialog connects in a free slot, beside the connection in front.
void ConnectionsDock::edit(const ConnectionSpec &spec)
{
    ConnectionController *controller = m_connections->freeController();
    controller->showDialog({}, spec);
    if (ConnectionDialog *dialog = controller->dialog())
        connect(dialog, &QDialog::finished, this, &ConnectionsDock::refresh, Qt::UniqueConnection);
}

void ConnectionsDock::showContextMenu(const QPoint &at)
{
    QTreeWidgetItem *item = m_tree->itemAt(at);
    const bool entry = item && (item->flags() & Qt::ItemIsSelectable);
    Database *open = databaseOf(item);
    const auto spec = entry ? item->data(0, SpecRole).value<ConnectionSpec>() : ConnectionSpec();
    QMenu menu(this);
    if (entry && !open) {
        menu.addAction(icon(QStringLiteral("connect")), tr("Open"), this,
                       [this, spec] { m_connections->open(spec); })
            ->setObjectName(QStringLiteral("connectionOpen"));
    }
    if (open) {
        menu.addAction(icon(QStringLiteral("disconnect")), tr("Close"), this,
                       [this, open] { m_window->closeConnection(open); })
            ->setObjectName(QStringLiteral("connectionClose"));
    }
    if (entry && !spec.name.isEmpty() && item->parent() &&
        item->parent()->text(0) != tr("Open, not saved")) {
        menu.addAction(tr("Edit…"), this, [this, spec] { edit(spec); })
            ->setObjectName(QStringLiteral("connectionEdit"));
    }
    menu.addAction(tr("New Connection…"), this, [this] { edit({}); })
        ->setObjectName(QStringLiteral("connectionNew"));
    menu.exec(m_tree->viewport()->mapToGlobal(at));
}

} // namespace dbx::ui
