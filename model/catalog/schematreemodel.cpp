#include "model/catalog/schematreemodel.h"

#include "model/sqlident.h"

#include <QRegularExpression>

#include <vector>

namespace dbx::model {

namespace {

using NodeKind = SchemaTreeModel::NodeKind;

// One row of the tree with everything data() needs already rendered: the tree is built once
// per snapshot, so data() stays a lookup however often a view asks.
struct TreeNode {
    NodeKind kind = NodeKind::Schema;
    QString display;
    QString toolTip;
    QString schema; // the schema the node belongs to
    QString table;  // the table or view it belongs to, empty above tables
    QString object; // its own object name, empty for folders
    TreeNode *parent = nullptr;
    int row = 0;
    std::vector<std::unique_ptr<TreeNode>> children;

    TreeNode *adopt(std::unique_ptr<TreeNode> child)
    {
        child->parent = this;
        child->row = int(children.size());
        children.push_back(std::move(child));
        return children.back().get();
    }
    // A child that inherits the schema and table it lives in.
    TreeNode *add(NodeKind childKind, const QString &text, const QString &name = {},
                  const QString &tip = {})
    {
        auto child = std::make_unique<TreeNode>();
        child->kind = childKind;
        child->display = text;
        child->toolTip = tip;
        child->schema = schema;
        child->table = table;
        child->object = name;
        return adopt(std::move(child));
    }
};

// Names in key and index texts read like SQL, so names that need quotes get them; plain
// lower-case names stay bare for readability.
QString ident(const QString &name)
{
    static const QRegularExpression plain(QStringLiteral("^[a-z_][a-z0-9_$]*$"));
    return plain.match(name).hasMatch() ? name : quoteIdent(name);
}

QString qualified(const QString &schema, const QString &name)
{
    return ident(schema) + QLatin1Char('.') + ident(name);
}

QString identList(const QStringList &names)
{
    QStringList quoted;
    for (const QString &name : names)
        quoted << ident(name);
    return quoted.join(QLatin1String(", "));
}

QString folderLabel(NodeKind kind, int n)
{
    switch (kind) {
    case NodeKind::TablesFolder:
        return SchemaTreeModel::tr("Tables (%n)", nullptr, n);
    case NodeKind::ViewsFolder:
        return SchemaTreeModel::tr("Views (%n)", nullptr, n);
    case NodeKind::EnumsFolder:
        return SchemaTreeModel::tr("Enum types (%n)", nullptr, n);
    case NodeKind::ColumnsFolder:
        return SchemaTreeModel::tr("Columns (%n)", nullptr, n);
    case NodeKind::KeysFolder:
        return SchemaTreeModel::tr("Keys (%n)", nullptr, n);
    case NodeKind::IndexesFolder:
        return SchemaTreeModel::tr("Indexes (%n)", nullptr, n);
    case NodeKind::ChecksFolder:
        return SchemaTreeModel::tr("Checks (%n)", nullptr, n);
    case NodeKind::FunctionsFolder:
        return SchemaTreeModel::tr("Functions (%n)", nullptr, n);
    case NodeKind::SequencesFolder:
        return SchemaTreeModel::tr("Sequences (%n)", nullptr, n);
    default:
        return {};
    }
}

// Runs `fill` on a new folder and keeps the folder only when it got children, labelled with
// their count.
template <typename Fill> void addFolder(TreeNode *parent, NodeKind kind, Fill fill)
{
    auto folder = std::make_unique<TreeNode>();
    folder->kind = kind;
    folder->schema = parent->schema;
    folder->table = parent->table;
    fill(folder.get());
    if (folder->children.empty())
        return;
    folder->display = folderLabel(kind, int(folder->children.size()));
    // A long label in a narrow dock ("Последовательности (3)") can still be read on hover.
    folder->toolTip = folder->display;
    parent->adopt(std::move(folder));
}

QString kindLabel(TableInfo::Kind kind)
{
    switch (kind) {
    case TableInfo::Kind::Table:
        return SchemaTreeModel::tr("Table");
    case TableInfo::Kind::View:
        return SchemaTreeModel::tr("View");
    case TableInfo::Kind::MaterializedView:
        return SchemaTreeModel::tr("Materialized view");
    case TableInfo::Kind::ForeignTable:
        return SchemaTreeModel::tr("Foreign table");
    case TableInfo::Kind::PartitionedTable:
        return SchemaTreeModel::tr("Partitioned table");
    }
    return {};
}

QString tableToolTip(const TableInfo &table)
{
    QStringList lines;
    lines << SchemaTreeModel::tr("%1 %2").arg(kindLabel(table.kind),
                                              qualified(table.schema, table.name));
    if (!table.comment.isEmpty())
        lines << table.comment;
    if (table.estimatedRows >= 0)
        lines << SchemaTreeModel::tr("About %1 rows (planner estimate)").arg(table.estimatedRows);
    return lines.join(QLatin1Char('\n'));
}

QString columnToolTip(const TableInfo &table, const ColumnInfo &column)
{
    QString tip = SchemaTreeModel::tr("%1 : %2").arg(column.name, column.type);
    if (column.notNull)
        tip += SchemaTreeModel::tr(" NOT NULL");
    if (column.identity)
        tip += SchemaTreeModel::tr(" GENERATED AS IDENTITY");
    else if (column.generated)
        tip += SchemaTreeModel::tr(" GENERATED ALWAYS AS (%1) STORED").arg(column.defaultExpr);
    else if (!column.defaultExpr.isEmpty())
        tip += SchemaTreeModel::tr(" DEFAULT %1").arg(column.defaultExpr);
    for (const ForeignKeyInfo &fk : table.foreignKeys) {
        const qsizetype at = fk.columns.indexOf(column.name);
        if (at >= 0 && at < fk.refColumns.size()) {
            tip += QLatin1Char('\n') +
                   SchemaTreeModel::tr("References %1(%2)")
                       .arg(qualified(fk.refSchema, fk.refTable), ident(fk.refColumns.at(at)));
        }
    }
    return tip;
}

void addColumns(TreeNode *folder, const TableInfo &table)
{
    for (const ColumnInfo &column : table.columns) {
        NodeKind kind = NodeKind::Column;
        if (table.primaryKey.contains(column.name))
            kind = NodeKind::PrimaryKeyColumn;
        else if (table.isForeignKeyColumn(column.name))
            kind = NodeKind::ForeignKeyColumn;
        folder->add(kind, SchemaTreeModel::tr("%1 : %2").arg(column.name, column.type), column.name,
                    columnToolTip(table, column));
    }
}

QString foreignKeyText(const ForeignKeyInfo &fk)
{
    QString text = SchemaTreeModel::tr("%1: (%2) -> %3(%4)")
                       .arg(fk.name, identList(fk.columns), qualified(fk.refSchema, fk.refTable),
                            identList(fk.refColumns));
    if (!fk.onDelete.isEmpty() && fk.onDelete != QLatin1String("NO ACTION"))
        text += SchemaTreeModel::tr(" ON DELETE %1").arg(fk.onDelete);
    if (!fk.onUpdate.isEmpty() && fk.onUpdate != QLatin1String("NO ACTION"))
        text += SchemaTreeModel::tr(" ON UPDATE %1").arg(fk.onUpdate);
    return text;
}

void addKeys(TreeNode *folder, const TableInfo &table)
{
    if (!table.primaryKey.isEmpty()) {
        // The snapshot keeps no constraint name for the key; its index carries the same name.
        QString name;
        for (const IndexInfo &index : table.indexes) {
            if (index.primary)
                name = index.name;
        }
        folder->add(NodeKind::PrimaryKey,
                    SchemaTreeModel::tr("PRIMARY KEY (%1)").arg(identList(table.primaryKey)), name);
    }
    for (const ForeignKeyInfo &fk : table.foreignKeys)
        folder->add(NodeKind::ForeignKey, foreignKeyText(fk), fk.name);
    for (const UniqueInfo &unique : table.uniques) {
        folder->add(
            NodeKind::Unique,
            SchemaTreeModel::tr("%1: UNIQUE (%2)").arg(unique.name, identList(unique.columns)),
            unique.name);
    }
}

void addIndexes(TreeNode *folder, const TableInfo &table)
{
    for (const IndexInfo &index : table.indexes) {
        QStringList columns;
        // Expressions are shown as the server printed them; only real column names get quoted.
        for (const QString &column : index.columns)
            columns << (table.column(column) ? ident(column) : column);
        QString text =
            SchemaTreeModel::tr("%1 (%2)").arg(index.name, columns.join(QLatin1String(", ")));
        if (index.primary)
            text += SchemaTreeModel::tr(" PRIMARY");
        else if (index.unique)
            text += SchemaTreeModel::tr(" UNIQUE");
        folder->add(NodeKind::Index, text, index.name, index.definition);
    }
}

void addRelation(TreeNode *folder, const TableInfo &table, NodeKind kind)
{
    TreeNode *node = folder->add(kind, table.name, table.name, tableToolTip(table));
    node->table = table.name;
    addFolder(node, NodeKind::ColumnsFolder, [&](TreeNode *f) { addColumns(f, table); });
    addFolder(node, NodeKind::KeysFolder, [&](TreeNode *f) { addKeys(f, table); });
    addFolder(node, NodeKind::IndexesFolder, [&](TreeNode *f) { addIndexes(f, table); });
    addFolder(node, NodeKind::ChecksFolder, [&](TreeNode *f) {
        for (const CheckInfo &check : table.checks)
            f->add(NodeKind::Check, SchemaTreeModel::tr("%1: %2").arg(check.name, check.expression),
                   check.name);
    });
}

bool isView(const TableInfo &table)
{
    return table.kind == TableInfo::Kind::View || table.kind == TableInfo::Kind::MaterializedView;
}

void addSchema(TreeNode *root, const SchemaInfo &schema)
{
    auto node = std::make_unique<TreeNode>();
    node->kind = NodeKind::Schema;
    node->display = schema.name;
    node->schema = schema.name;
    node->object = schema.name;
    TreeNode *schemaNode = root->adopt(std::move(node));
    addFolder(schemaNode, NodeKind::TablesFolder, [&](TreeNode *folder) {
        for (const TableInfo &table : schema.tables) {
            if (!isView(table))
                addRelation(folder, table, NodeKind::Table);
        }
    });
    addFolder(schemaNode, NodeKind::ViewsFolder, [&](TreeNode *folder) {
        for (const TableInfo &table : schema.tables) {
            if (isView(table))
                addRelation(folder, table, NodeKind::View);
        }
    });
    addFolder(schemaNode, NodeKind::EnumsFolder, [&](TreeNode *folder) {
        for (const EnumInfo &info : schema.enums) {
            TreeNode *enumNode = folder->add(NodeKind::Enum, info.name, info.name,
                                             info.labels.join(QLatin1String(", ")));
            for (const QString &label : info.labels)
                enumNode->add(NodeKind::EnumLabel, label, label);
        }
    });
    addFolder(schemaNode, NodeKind::FunctionsFolder, [&](TreeNode *folder) {
        for (const RoutineInfo &function : schema.functions)
            folder->add(NodeKind::Function,
                        QStringLiteral("%1(%2)").arg(function.name, function.arguments),
                        function.name);
    });
    addFolder(schemaNode, NodeKind::SequencesFolder, [&](TreeNode *folder) {
        for (const QString &sequence : schema.sequences)
            folder->add(NodeKind::Sequence, sequence, sequence);
    });
}

QVariant textOrNull(const QString &text)
{
    return text.isEmpty() ? QVariant() : QVariant(text);
}

} // namespace

// The root of the tree; the header only names it, the rows are TreeNodes.
struct SchemaTreeModel::Node : TreeNode {};

namespace {
const TreeNode *nodeFor(const QModelIndex &index, const TreeNode *root)
{
    return index.isValid() ? static_cast<const TreeNode *>(index.internalPointer()) : root;
}
} // namespace

SchemaTreeModel::SchemaTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
    , m_root(std::make_unique<Node>())
{}

SchemaTreeModel::~SchemaTreeModel() = default;

void SchemaTreeModel::setSnapshot(const SchemaSnapshot &snapshot)
{
    beginResetModel();
    m_snapshot = snapshot;
    m_root = std::make_unique<Node>();
    for (const SchemaInfo &schema : m_snapshot.displayOrder())
        addSchema(m_root.get(), schema);
    endResetModel();
}

const SchemaSnapshot &SchemaTreeModel::snapshot() const
{
    return m_snapshot;
}

QModelIndex SchemaTreeModel::tableIndex(const QString &schema, const QString &table) const
{
    for (const auto &schemaNode : m_root->children) {
        if (schemaNode->schema != schema)
            continue;
        for (const auto &folder : schemaNode->children) {
            if (folder->kind != NodeKind::TablesFolder && folder->kind != NodeKind::ViewsFolder)
                continue;
            for (const auto &node : folder->children) {
                if (node->table == table)
                    return createIndex(node->row, 0, node.get());
            }
        }
    }
    return {};
}

QModelIndex SchemaTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    const TreeNode *parentNode = nodeFor(parent, m_root.get());
    return createIndex(row, column, parentNode->children.at(size_t(row)).get());
}

QModelIndex SchemaTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const TreeNode *parentNode = nodeFor(child, m_root.get())->parent;
    if (!parentNode || parentNode == m_root.get())
        return {};
    return createIndex(parentNode->row, 0, parentNode);
}

int SchemaTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return 0;
    return int(nodeFor(parent, m_root.get())->children.size());
}

int SchemaTreeModel::columnCount(const QModelIndex &) const
{
    return 1;
}

QVariant SchemaTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, QAbstractItemModel::CheckIndexOption::IndexIsValid))
        return {};
    const TreeNode *node = nodeFor(index, m_root.get());
    switch (role) {
    case Qt::DisplayRole:
        return node->display;
    case Qt::ToolTipRole:
        return textOrNull(node->toolTip);
    case KindRole:
        return int(node->kind);
    case SchemaNameRole:
        return textOrNull(node->schema);
    case TableNameRole:
        return textOrNull(node->table);
    case ObjectNameRole:
        return textOrNull(node->object);
    case BookkeepingRole: {
        const SchemaInfo *schema = m_snapshot.schema(node->schema);
        return schema && schema->isBookkeeping();
    }
    default:
        return {};
    }
}

QVariant SchemaTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (section == 0 && orientation == Qt::Horizontal && role == Qt::DisplayRole)
        return tr("Name");
    return {};
}

QHash<int, QByteArray> SchemaTreeModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractItemModel::roleNames();
    names.insert(KindRole, QByteArrayLiteral("kind"));
    names.insert(SchemaNameRole, QByteArrayLiteral("schemaName"));
    names.insert(TableNameRole, QByteArrayLiteral("tableName"));
    names.insert(ObjectNameRole, QByteArrayLiteral("objectName"));
    names.insert(BookkeepingRole, QByteArrayLiteral("bookkeeping"));
    return names;
}

} // namespace dbx::model
