#pragma once

#include "model/catalog/schematreemodel.h"
#include "popupmenu.h"
#include "ui/schema/schemapane.h"

#include <QSignalSpy>
#include <QTreeView>

#include <functional>
#include <optional>

namespace dbx::test {

// The schema tree of a SchemaPane as the schema-change tests use it: read again, a node found
// by its text (and kind, when a column and a type share a name), a context menu opened on it.

inline QTreeView *schemaTree(ui::SchemaPane &pane)
{
    return pane.findChild<QTreeView *>(QStringLiteral("schemaTree"));
}

// Reads the catalog again and expands every node; false when it did not load in time.
inline bool reloadSchema(ui::SchemaPane &pane)
{
    QSignalSpy loaded(&pane, &ui::SchemaPane::snapshotLoaded);
    pane.reload();
    if (!loaded.wait(15000))
        return false;
    schemaTree(pane)->expandAll();
    return true;
}

inline QModelIndex schemaNode(const QAbstractItemModel *model, const QString &text,
                              std::optional<model::SchemaTreeModel::NodeKind> kind = {},
                              const QModelIndex &parent = {})
{
    for (int row = 0; row < model->rowCount(parent); ++row) {
        const QModelIndex index = model->index(row, 0, parent);
        if (index.data().toString() == text &&
            (!kind || index.data(model::SchemaTreeModel::KindRole).toInt() == int(*kind)))
            return index;
        if (const QModelIndex below = schemaNode(model, text, kind, index); below.isValid())
            return below;
    }
    return {};
}

// What a test does with a menu most often: trigger the entry of that object name.
inline std::function<void(QMenu *)> triggerEntry(const QString &objectName)
{
    return [objectName](QMenu *menu) {
        for (QAction *action : menu->actions())
            if (action->objectName() == objectName)
                action->trigger();
    };
}

// Opens the context menu on the node and runs `act` on it; false when there is no such node.
inline bool onSchemaMenu(ui::SchemaPane &pane, const QString &text,
                         std::optional<model::SchemaTreeModel::NodeKind> kind,
                         std::function<void(QMenu *)> act)
{
    QTreeView *tree = schemaTree(pane);
    const QModelIndex index = schemaNode(tree->model(), text, kind);
    if (!index.isValid())
        return false;
    tree->scrollTo(index);
    whenMenu(std::move(act));
    emit tree->customContextMenuRequested(tree->visualRect(index).center());
    return true;
}

} // namespace dbx::test
