#pragma once

#include <QHash>
#include <QIcon>
#include <QObject>
#include <QPointer>

class QTabWidget;

namespace dbx::model {
class Database;
}

namespace dbx::ui {

class ConnectionRegistry;

// Ties the central tabs to their connections: each panel's tab carries its connection's colour
// and production badge, names it in the tooltip (and in the text once several are open); the
// tab in front makes its connection current; closing a connection asks each of its panels
// about pending edits (PanelGuard) before any of them closes.
class ConnectionTabs : public QObject {
    Q_OBJECT
public:
    ConnectionTabs(QTabWidget *tabs, ConnectionRegistry *connections, QObject *parent = nullptr);

    // Labels `panel`'s tab (already added) as belonging to `owner`.
    void tag(QWidget *panel, model::Database *owner, const QString &title, const QIcon &icon);
    // A tagged panel's title changed (a console's file name, its "*").
    void retitle(QWidget *panel, const QString &title);
    model::Database *owner(QWidget *panel) const;
    QList<QWidget *> panels(model::Database *owner) const;
    // Asks every panel of `database`; when none objects, closes them and the connection and
    // returns true. The other connections and their tabs stay as they are.
    bool closeConnection(model::Database *database);

private:
    struct Tag {
        QPointer<model::Database> owner;
        QString title;
        QIcon icon;
    };
    void relabel();
    void relabel(QWidget *panel, const Tag &tag, bool several);

    QTabWidget *m_tabs;
    ConnectionRegistry *m_connections;
    QHash<QWidget *, Tag> m_tags;
};

} // namespace dbx::ui
