#include "ui/schema/schemaeditor.h"

#include "model/db/database.h"
#include "ui/schema/enumlabelform.h"
#include "ui/schema/schemachangedialog.h"
#include "ui/schema/schemachangeforms.h"

#include <QAction>
#include <QMenu>

namespace dbx::ui {

using Kind = migrations::SchemaEdit::Kind;

SchemaEditor::SchemaEditor(model::Database *database,
                           std::function<model::SchemaSnapshot()> snapshot, QWidget *dialogParent)
    : QObject(dialogParent)
    , m_database(database)
    , m_snapshot(std::move(snapshot))
    , m_parent(dialogParent)
{}

QAction *SchemaEditor::addEntry(QMenu *menu, const QString &text, const QString &name,
                                std::function<ChangeForm *()> form)
{
    QAction *action = menu->addAction(text, this, [this, text, form] {
        QString title = text;
        open(form(), title.remove(u'…').remove(u'&'));
    });
    action->setObjectName(name);
    const model::ServerInfo &info = m_database->serverInfo();
    if (m_database->state() != model::Database::State::Connected) {
        action->setEnabled(false);
    } else if (info.isReadOnly()) {
        action->setEnabled(false);
        action->setToolTip(
            tr("Schema changes are not possible here: %1").arg(info.readOnlyReason()));
        menu->setToolTipsVisible(true);
    }
    return action;
}

void SchemaEditor::addCreateTable(QMenu *menu, const QString &schema)
{
    addEntry(menu, tr("Create Table…"), QStringLiteral("schemaCreateTable"), [schema] {
        return new CreateTableForm(schema.isEmpty() ? QStringLiteral("public") : schema);
    });
}

void SchemaEditor::addTableActions(QMenu *menu, const QString &schema, const QString &table)
{
    const model::SchemaSnapshot snapshot = m_snapshot();
    const model::TableInfo *found = snapshot.table(schema, table);
    if (!found || found->kind != model::TableInfo::Kind::Table)
        return; // views and foreign tables are not altered this way
    const model::TableInfo info = *found;
    addEntry(menu, tr("Add Column…"), QStringLiteral("schemaAddColumn"),
             [info] { return new ColumnForm(info, nullptr); });
    addEntry(menu, tr("Add Index…"), QStringLiteral("schemaAddIndex"),
             [info, snapshot] { return new KeyForm(Kind::AddIndex, info, snapshot); });
    addEntry(menu, tr("Add Foreign Key…"), QStringLiteral("schemaAddForeignKey"),
             [info, snapshot] { return new KeyForm(Kind::AddForeignKey, info, snapshot); });
    addEntry(menu, tr("Add Check…"), QStringLiteral("schemaAddCheck"),
             [info] { return new CheckForm(info); });
    addEntry(menu, tr("Rename Table…"), QStringLiteral("schemaRenameTable"),
             [info] { return new RenameForm(info, {}); });
}

void SchemaEditor::addColumnActions(QMenu *menu, const QString &schema, const QString &table,
                                    const QString &column)
{
    const model::SchemaSnapshot snapshot = m_snapshot();
    const model::TableInfo *found = snapshot.table(schema, table);
    if (!found || found->kind != model::TableInfo::Kind::Table || !found->column(column))
        return;
    const model::TableInfo info = *found;
    const model::ColumnInfo col = *found->column(column);
    addEntry(menu, tr("Alter Column…"), QStringLiteral("schemaAlterColumn"),
             [info, col] { return new ColumnForm(info, &col); });
    addEntry(menu, tr("Rename Column…"), QStringLiteral("schemaRenameColumn"),
             [info, column] { return new RenameForm(info, column); });
    addEntry(menu, tr("Drop Column…"), QStringLiteral("schemaDropColumn"),
             [info, col] { return new DropColumnForm(info, col); });
}

void SchemaEditor::addEnumActions(QMenu *menu, const QString &schema, const QString &type,
                                  const QString &label)
{
    const model::SchemaSnapshot snapshot = m_snapshot();
    const model::EnumInfo *found = snapshot.enumType(schema, type);
    if (!found)
        return;
    const model::EnumInfo info = *found;
    addEntry(menu, tr("Add Label…"), QStringLiteral("schemaAddEnumLabel"),
             [info, snapshot, label] { return new EnumLabelForm(info, snapshot, label); });
}

void SchemaEditor::open(ChangeForm *form, const QString &title)
{
    auto *dialog = new SchemaChangeDialog(m_database, m_service, form, title, m_parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &SchemaChangeDialog::applied, this, &SchemaEditor::applied);
    connect(dialog, &SchemaChangeDialog::revisionSaved, this, &SchemaEditor::revisionSaved);
    m_dialog = dialog;
    dialog->open();
}

} // namespace dbx::ui
