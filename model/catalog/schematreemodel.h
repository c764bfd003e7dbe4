#pragma once

#include "model/catalog/schemasnapshot.h"

#include <QAbstractItemModel>

#include <memory>

namespace dbx::model {

// The schema tree (schemas -> tables / views / enum types / functions / sequences -> columns,
// keys, indexes, checks) as a Qt item model over a SchemaSnapshot, the user's schemas first and
// the bookkeeping ones last (SchemaSnapshot::displayOrder). Carries no colours or icons: the UI
// decorates rows by their NodeKind (KindRole), which keeps this model free of QtGui.
class SchemaTreeModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum class NodeKind {
        Schema,
        TablesFolder,
        ViewsFolder,
        EnumsFolder,
        Table,
        View,
        Enum,
        EnumLabel,
        ColumnsFolder,
        Column,
        PrimaryKeyColumn,
        ForeignKeyColumn,
        KeysFolder,
        PrimaryKey,
        ForeignKey,
        Unique,
        IndexesFolder,
        Index,
        ChecksFolder,
        Check,
        FunctionsFolder,
        Function,
        SequencesFolder,
        Sequence,
    };
    Q_ENUM(NodeKind)

    enum Role {
        KindRole = Qt::UserRole + 1, // NodeKind as int
        SchemaNameRole,              // the schema the node belongs to
        TableNameRole,               // the table or view the node belongs to, if any
        ObjectNameRole,              // the node's own object name (column, index, ...)
        BookkeepingRole,             // bool: it belongs to a bookkeeping schema (dimmed)
    };

    explicit SchemaTreeModel(QObject *parent = nullptr);
    ~SchemaTreeModel() override;

    void setSnapshot(const SchemaSnapshot &snapshot);
    const SchemaSnapshot &snapshot() const;
    // The index of a table or view node, or invalid.
    QModelIndex tableIndex(const QString &schema, const QString &table) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    struct Node;
    std::unique_ptr<Node> m_root;
    SchemaSnapshot m_snapshot;
};

} // namespace dbx::model
