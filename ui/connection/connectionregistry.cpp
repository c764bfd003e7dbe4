#include "ui/connection/connectionregistry.h"

#include "model/db/database.h"
#include "ui/connection/connectioncontroller.h"

#include <algorithm>
#include <utility>

namespace dbx::ui {

using model::Database;

ConnectionRegistry::ConnectionRegistry(Database *first, ConnectionController *firstController,
                                       QObject *parent)
    : QObject(parent)
    , m_current(first)
{
    track({first, firstController, false});
}

ConnectionRegistry::~ConnectionRegistry()
{
    for (const Slot &slot : std::as_const(m_slots)) {
        if (slot.owned) {
            delete slot.controller;
            delete slot.database;
        }
    }
}

void ConnectionRegistry::track(const Slot &slot)
{
    m_slots << slot;
    connect(slot.database, &Database::stateChanged, this,
            [this, db = slot.database] { onStateChanged(db); });
    connect(slot.controller, &ConnectionController::disconnected, this,
            [this, db = slot.database] { close(db); });
    // The demo server may fail before the database is even asked to connect.
    connect(slot.controller, &ConnectionController::failed, this, [this, db = slot.database] {
        if (db->state() != Database::State::Connected && std::exchange(slotOf(db)->inUse, false))
            emit stateChanged(db);
    });
    emit added(slot.database);
}

ConnectionRegistry::Slot *ConnectionRegistry::slotOf(const Database *database)
{
    for (Slot &slot : m_slots) {
        if (slot.database == database)
            return &slot;
    }
    return nullptr;
}

// A lost connection stays in use (its tabs reconnect on their next request); only a connect
// that failed frees the slot.
void ConnectionRegistry::onStateChanged(Database *database)
{
    Slot *slot = slotOf(database);
    if (database->state() == Database::State::Connecting)
        slot->inUse = true;
    else if (database->state() == Database::State::Failed)
        slot->inUse = false;
    emit stateChanged(database);
    // The connection the user just opened is the one they want to look at.
    if (database->state() == Database::State::Connected)
        setCurrent(database);
}

QList<Database *> ConnectionRegistry::databases() const
{
    QList<Database *> all;
    for (const Slot &slot : m_slots)
        all << slot.database;
    return all;
}

bool ConnectionRegistry::isOpen(const Database *database) const
{
    const auto it = std::find_if(m_slots.cbegin(), m_slots.cend(), [database](const Slot &slot) {
        return slot.database == database;
    });
    return it != m_slots.cend() && it->inUse;
}

QList<Database *> ConnectionRegistry::openDatabases() const
{
    QList<Database *> open;
    for (const Slot &slot : m_slots) {
        if (slot.inUse)
            open << slot.database;
    }
    return open;
}

void ConnectionRegistry::setCurrent(Database *database)
{
    if (!database || database == m_current || !controller(database))
        return;
    m_current = database;
    emit currentChanged(database);
}

ConnectionController *ConnectionRegistry::controller(Database *database) const
{
    const auto it = std::find_if(m_slots.cbegin(), m_slots.cend(), [database](const Slot &slot) {
        return slot.database == database;
    });
    return it == m_slots.cend() ? nullptr : it->controller;
}

Database *ConnectionRegistry::findOpen(const QString &name) const
{
    if (name.isEmpty())
        return nullptr;
    for (const Slot &slot : m_slots) {
        if (isOpen(slot.database) && !slot.controller->isDemo() &&
            slot.database->spec().name == name)
            return slot.database;
    }
    return nullptr;
}

Database *ConnectionRegistry::openDemoDatabase() const
{
    for (const Slot &slot : m_slots) {
        if (isOpen(slot.database) && slot.controller->isDemo())
            return slot.database;
    }
    return nullptr;
}

// A slot neither connected nor connecting is reused; the first one is never thrown away.
Database *ConnectionRegistry::freeSlot()
{
    for (const Slot &slot : std::as_const(m_slots)) {
        if (!isOpen(slot.database))
            return slot.database;
    }
    auto *database = new Database;
    track({database, controller(m_slots.first().database)->createSibling(database), true});
    return database;
}

Database *ConnectionRegistry::open(const model::ConnectionSpec &spec, bool interactive)
{
    if (Database *already = findOpen(spec.name)) {
        setCurrent(already);
        return already;
    }
    Database *database = freeSlot();
    slotOf(database)->inUse = true; // taken now, before the connect even starts
    controller(database)->connectTo(spec, interactive);
    return database;
}

Database *ConnectionRegistry::openDemo(bool interactive)
{
    if (Database *already = openDemoDatabase()) {
        setCurrent(already);
        return already;
    }
    Database *database = freeSlot();
    slotOf(database)->inUse = true; // the demo server starts first
    controller(database)->openDemo(interactive);
    return database;
}

void ConnectionRegistry::showDialog()
{
    controller(freeSlot())->showDialog();
}

void ConnectionRegistry::close(Database *database)
{
    Slot *slot = slotOf(database);
    if (!slot || !slot->inUse)
        return;
    emit closing(database);
    slot->inUse = false;
    if (database->state() != Database::State::Disconnected)
        database->disconnectFromServer();
    emit stateChanged(database);
    if (m_current == database) {
        const QList<Database *> open = openDatabases();
        if (!open.isEmpty())
            setCurrent(open.first());
    }
}

model::ConnectionSpec ConnectionRegistry::look(const Database *database) const
{
    model::ConnectionSpec spec = database->spec();
    ConnectionController *owner = controller(const_cast<Database *>(database));
    if (owner && owner->isDemo()) {
        spec.name = tr("demo");
        if (spec.color.isEmpty())
            spec.color = QStringLiteral("#2e7d32");
    }
    return spec;
}

QString ConnectionRegistry::label(const Database *database) const
{
    const model::ConnectionSpec spec = look(database);
    if (!spec.name.isEmpty())
        return spec.name;
    return spec.database.isEmpty() ? spec.displayName() : spec.database;
}

} // namespace dbx::ui
