#pragma once

#include "model/catalog/schemasnapshot.h"
#include "ui/schema/schemachangedialog.h"

#include <QObject>
#include <QPointer>

#include <functional>

class QAction;
class QMenu;
class QWidget;

namespace dbx::model {
class Database;
}
namespace dbx::migrations {
class MigrationService;
}

namespace dbx::ui {

class ChangeForm;

// The schema changes offered in context menus (the schema tree's and the overview's): each
// entry opens a SchemaChangeDialog with the form for that change. Entries are disabled on a
// read-only server, with the server's reason as their tooltip.
class SchemaEditor : public QObject {
    Q_OBJECT
public:
    SchemaEditor(model::Database *database, std::function<model::SchemaSnapshot()> snapshot,
                 QWidget *dialogParent);

    // Where Save as Revision writes; without one, only Run Now is possible.
    void setMigrationService(migrations::MigrationService *service) { m_service = service; }

    void addCreateTable(QMenu *menu, const QString &schema);
    void addTableActions(QMenu *menu, const QString &schema, const QString &table);
    void addColumnActions(QMenu *menu, const QString &schema, const QString &table,
                          const QString &column);
    // On an enum type or one of its labels (`label`: where the new one goes after).
    void addEnumActions(QMenu *menu, const QString &schema, const QString &type,
                        const QString &label);

    // The dialog opened last, while it is open (tests).
    SchemaChangeDialog *dialog() const { return m_dialog; }

signals:
    void applied();
    void revisionSaved(const QString &path, const QString &id);

private:
    QAction *addEntry(QMenu *menu, const QString &text, const QString &name,
                      std::function<ChangeForm *()> form);
    void open(ChangeForm *form, const QString &title);

    model::Database *m_database;
    std::function<model::SchemaSnapshot()> m_snapshot;
    QPointer<QWidget> m_parent;
    migrations::MigrationService *m_service = nullptr;
    QPointer<SchemaChangeDialog> m_dialog;
};

} // namespace dbx::ui
