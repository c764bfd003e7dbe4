#include "ui/schema/schemadock.h"

#include "model/db/database.h"
#include "ui/common/icons.h"
#include "ui/connection/connectionlook.h"
#include "ui/connection/connectionregistry.h"
#include "ui/schema/schemaeditor.h"
#include "ui/schema/schemapane.h"

#include <QSignalBlocker>
#include <QTabWidget>

namespace dbx::ui {

using model::Database;

SchemaDock::SchemaDock(ConnectionRegistry *connections, QWidget *parent)
    : QDockWidget(tr("Schema"), parent)
    , m_connections(connections)
    , m_pages(new QTabWidget(this))
{
    setObjectName(QStringLiteral("schemaDock"));
    m_pages->setObjectName(QStringLiteral("schemaPages"));
    m_pages->setMinimumWidth(minimumUsableWidth);
    m_pages->setDocumentMode(true);
    m_pages->setTabBarAutoHide(true);
    m_pages->setUsesScrollButtons(true);
    setWidget(m_pages);
    for (Database *database : connections->databases())
        addPane(database);
    connect(connections, &ConnectionRegistry::added, this, &SchemaDock::addPane);
    connect(connections, &ConnectionRegistry::stateChanged, this, &SchemaDock::syncPages);
    connect(connections, &ConnectionRegistry::currentChanged, this, &SchemaDock::showCurrent);
    connect(connections, &ConnectionRegistry::closing, this, [this](Database *database) {
        if (SchemaPane *pane = m_panes.value(database))
            pane->clear();
    });
    connect(m_pages, &QTabWidget::currentChanged, this, [this](int index) {
        if (auto *pane = qobject_cast<SchemaPane *>(m_pages->widget(index)); pane && !m_syncing)
            m_connections->setCurrent(pane->database());
    });
    syncPages();
}

void SchemaDock::addPane(Database *database)
{
    auto *pane = new SchemaPane(database, this);
    pane->hide();
    m_panes.insert(database, pane);
    connect(pane, &SchemaPane::snapshotLoaded, this,
            [this, database](const model::SchemaSnapshot &snapshot) {
                emit snapshotLoadedFor(database, snapshot);
                if (database == m_connections->current())
                    emit snapshotLoaded(snapshot);
            });
    const auto forward = [this, database](auto signal) {
        return [this, database, signal](const QString &schema, const QString &table) {
            m_connections->setCurrent(database);
            emit(this->*signal)(schema, table);
        };
    };
    connect(pane, &SchemaPane::tableActivated, this, forward(&SchemaDock::tableActivated));
    connect(pane, &SchemaPane::formRequested, this, forward(&SchemaDock::formRequested));
}

// A page per open connection, in the order they were opened; with none open, the first
// connection's page says "Not connected.".
void SchemaDock::syncPages()
{
    QList<Database *> wanted = m_connections->openDatabases();
    if (wanted.isEmpty())
        wanted << m_connections->databases().first();
    m_syncing = true;
    while (m_pages->count() > 0)
        m_pages->removeTab(0);
    for (Database *database : std::as_const(wanted)) {
        const model::ConnectionSpec look = m_connections->look(database);
        const QString label = m_connections->label(database);
        const int index = m_pages->addTab(
            m_panes.value(database), connectionIcon(look, icon(QStringLiteral("database"))), label);
        m_pages->setTabToolTip(index, connectionToolTip(label, look));
    }
    m_syncing = false;
    showCurrent();
}

void SchemaDock::showCurrent()
{
    if (SchemaPane *pane = m_panes.value(m_connections->current())) {
        const int index = m_pages->indexOf(pane);
        if (index >= 0) {
            const QSignalBlocker blocker(m_pages);
            m_pages->setCurrentIndex(index);
        }
    }
}

SchemaPane *SchemaDock::currentPane() const
{
    return m_panes.value(m_connections->current());
}

const model::SchemaSnapshot &SchemaDock::snapshot() const
{
    return currentPane()->snapshot();
}

const model::SchemaSnapshot &SchemaDock::snapshot(Database *database) const
{
    static const model::SchemaSnapshot none;
    SchemaPane *pane = m_panes.value(database);
    return pane ? pane->snapshot() : none;
}

bool SchemaDock::isLoading() const
{
    return currentPane()->isLoading();
}

void SchemaDock::showDdl(const model::DdlObject &object)
{
    currentPane()->showDdl(object);
}

DdlDialog *SchemaDock::ddlDialog() const
{
    return currentPane()->ddlDialog();
}

void SchemaDock::reload()
{
    currentPane()->reload();
}

void SchemaDock::clear()
{
    currentPane()->clear();
}

SchemaEditor *SchemaDock::editor() const
{
    SchemaPane *pane = currentPane();
    return pane ? pane->editor() : nullptr;
}

} // namespace dbx::ui
