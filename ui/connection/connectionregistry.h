#pragma once

#include "model/connection/connectionspec.h"

#include <QList>
#include <QObject>
#include <QPointer>

namespace dbx::model {
class Database;
}

namespace dbx::ui {

class ConnectionController;

// The connections of one window: each a model::Database of its own (so its own worker
// connections) with the controller that connects it, and the "current" one, which the tab in
// front or the connection picked in a dock makes current. Features take their database from
// current() when they open a panel, so a panel belongs to the connection it was opened on.
// The first slot is the application's own database and is never destroyed; a slot closed, or
// whose connect failed, is free and the next open() reuses it.
class ConnectionRegistry : public QObject {
    Q_OBJECT
public:
    ConnectionRegistry(model::Database *first, ConnectionController *firstController,
                       QObject *parent = nullptr);
    ~ConnectionRegistry() override;

    // Every slot, free ones included, in the order they were made.
    QList<model::Database *> databases() const;
    // The slots in use: connecting, connected, or connected and lost for a moment (the next
    // request reconnects); not the ones closed or whose connect failed.
    QList<model::Database *> openDatabases() const;
    model::Database *current() const { return m_current; }
    void setCurrent(model::Database *database);
    ConnectionController *controller(model::Database *database) const;
    // The open connection saved under `name`, if any.
    model::Database *findOpen(const QString &name) const;
    // The open connection to the demo server, if any.
    model::Database *openDemoDatabase() const;
    bool isOpen(const model::Database *database) const;

    // Opens `spec` beside the others (a saved connection already open is brought forward).
    model::Database *open(const model::ConnectionSpec &spec, bool interactive = true);
    model::Database *openDemo(bool interactive = true);
    // The connection dialog, for a connection beside the open ones.
    void showDialog();
    // The controller of a slot not in use, made if needed.
    ConnectionController *freeController() { return controller(freeSlot()); }
    // Disconnects `database` and frees its slot; asking about pending edits is the caller's job.
    void close(model::Database *database);

    // The saved name, "demo", or the database's name: how tabs and docks name a connection.
    QString label(const model::Database *database) const;
    // The connection's spec, with the demo's look when it is the demo.
    model::ConnectionSpec look(const model::Database *database) const;

signals:
    void added(dbx::model::Database *database);
    // A slot connected, failed, closed or started connecting.
    void stateChanged(dbx::model::Database *database);
    void currentChanged(dbx::model::Database *database);
    // A connection is about to be closed: its panels go first.
    void closing(dbx::model::Database *database);

private:
    struct Slot {
        model::Database *database;
        ConnectionController *controller;
        bool owned;
        bool inUse = false;
    };
    model::Database *freeSlot();
    void track(const Slot &slot);
    Slot *slotOf(const model::Database *database);
    void onStateChanged(model::Database *database);

    QList<Slot> m_slots;
    model::Database *m_current;
};

} // namespace dbx::ui
