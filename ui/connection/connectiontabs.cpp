#include "ui/connection/connectiontabs.h"

#include "model/db/database.h"
#include "ui/common/panelguard.h"
#include "ui/connection/connectionlook.h"
#include "ui/connection/connectionregistry.h"

#include <QTabWidget>

namespace dbx::ui {

using model::Database;

ConnectionTabs::ConnectionTabs(QTabWidget *tabs, ConnectionRegistry *connections, QObject *parent)
    : QObject(parent)
    , m_tabs(tabs)
    , m_connections(connections)
{
    connect(tabs, &QTabWidget::currentChanged, this, [this](int index) {
        if (Database *database = owner(m_tabs->widget(index)))
            m_connections->setCurrent(database);
    });
    connect(connections, &ConnectionRegistry::stateChanged, this,
            qOverload<>(&ConnectionTabs::relabel));
}

void ConnectionTabs::tag(QWidget *panel, Database *owner, const QString &title, const QIcon &icon)
{
    m_tags.insert(panel, {owner, title, icon});
    connect(panel, &QObject::destroyed, this, [this, panel] { m_tags.remove(panel); });
    relabel(panel, m_tags.value(panel), m_connections->openDatabases().size() > 1);
}

void ConnectionTabs::retitle(QWidget *panel, const QString &title)
{
    auto it = m_tags.find(panel);
    if (it == m_tags.end())
        return;
    it->title = title;
    relabel(panel, *it, m_connections->openDatabases().size() > 1);
}

Database *ConnectionTabs::owner(QWidget *panel) const
{
    return m_tags.value(panel).owner;
}

QList<QWidget *> ConnectionTabs::panels(Database *owner) const
{
    QList<QWidget *> found;
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (m_tags.value(m_tabs->widget(i)).owner == owner)
            found << m_tabs->widget(i);
    }
    return found;
}

bool ConnectionTabs::closeConnection(Database *database)
{
    const QList<QWidget *> owned = panels(database);
    for (QWidget *panel : owned) {
        if (auto *guard = dynamic_cast<PanelGuard *>(panel)) {
            m_tabs->setCurrentWidget(panel);
            if (!guard->confirmClose())
                return false;
        }
    }
    for (QWidget *panel : owned)
        delete panel;
    m_connections->close(database);
    return true;
}

void ConnectionTabs::relabel()
{
    const bool several = m_connections->openDatabases().size() > 1;
    for (auto it = m_tags.cbegin(); it != m_tags.cend(); ++it)
        relabel(it.key(), it.value(), several);
}

// One connection open: the tab keeps its short title; with several, the text names the
// connection too, since the colour alone is not enough for everyone.
void ConnectionTabs::relabel(QWidget *panel, const Tag &tag, bool several)
{
    const int index = m_tabs->indexOf(panel);
    if (index < 0 || !tag.owner)
        return;
    const model::ConnectionSpec look = m_connections->look(tag.owner);
    const QString label = m_connections->label(tag.owner);
    m_tabs->setTabIcon(index, connectionIcon(look, tag.icon));
    m_tabs->setTabText(index, several ? tr("%1 · %2").arg(tag.title, label) : tag.title);
    m_tabs->setTabToolTip(index, tag.title + QLatin1Char('\n') + connectionToolTip(label, look));
}

} // namespace dbx::ui
