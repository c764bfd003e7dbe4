#include "ui/schema/schemapane.h"

#include "model/catalog/catalogreader.h"
#include "model/catalog/schematreemodel.h"
#include "model/db/database.h"
#include "model/sqlident.h"
#include "ui/common/icons.h"
#include "ui/schema/ddldialog.h"
#include "ui/schema/schemaeditor.h"
#include "ui/schema/schemaiconproxy.h"

#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QRegularExpression>
#include <QSortFilterProxyModel>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

#include <optional>

namespace dbx::ui {

using model::SchemaTreeModel;

SchemaPane::SchemaPane(model::Database *database, QWidget *parent)
    : QWidget(parent)
    , m_database(database)
    , m_model(new SchemaTreeModel(this))
    , m_icons(new SchemaIconProxy(this))
    , m_filter(new QSortFilterProxyModel(this))
    , m_editor(new SchemaEditor(
          database, [this] { return m_model->snapshot(); }, this))
{
    setObjectName(QStringLiteral("schemaPane"));
    QWidget *body = this;
    auto *layout = new QVBoxLayout(body);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);

    auto *bar = new QHBoxLayout;
    m_filterEdit = new QLineEdit(body);
    m_filterEdit->setObjectName(QStringLiteral("schemaFilter"));
    m_filterEdit->setPlaceholderText(tr("Filter tables, columns…"));
    m_filterEdit->setClearButtonEnabled(true);
    m_refresh = new QToolButton(body);
    m_refresh->setObjectName(QStringLiteral("schemaRefresh"));
    m_refresh->setIcon(icon(QStringLiteral("refresh")));
    m_refresh->setToolTip(tr("Reload the schema from the database (F5)"));
    bar->addWidget(m_filterEdit);
    bar->addWidget(m_refresh);
    layout->addLayout(bar);

    m_icons->setSourceModel(m_model);
    m_filter->setSourceModel(m_icons);
    m_filter->setRecursiveFilteringEnabled(true);
    m_filter->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_tree = new QTreeView(body);
    m_tree->setObjectName(QStringLiteral("schemaTree"));
    m_tree->setModel(m_filter);
    m_tree->setHeaderHidden(true);
    m_tree->setUniformRowHeights(true);
    m_tree->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    layout->addWidget(m_tree, 1);

    m_status = new QLabel(body);
    m_status->setObjectName(QStringLiteral("schemaStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);
    // Narrower, the tree's names are cut to nothing; no panel beside it may take that room,
    // and a narrower width saved by an older version does not come back.
    body->setMinimumWidth(minimumUsableWidth);
    setStatus(tr("Not connected."));
    connect(database, &model::Database::connected, this, &SchemaPane::reload);
    connect(database, &model::Database::connectionFailed, this, &SchemaPane::clear);

    connect(m_filterEdit, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_filter->setFilterFixedString(text);
        if (!text.isEmpty())
            m_tree->expandToDepth(2);
    });
    connect(m_refresh, &QToolButton::clicked, this, &SchemaPane::reload);
    connect(m_tree, &QTreeView::activated, this, &SchemaPane::activate);
    connect(m_tree, &QWidget::customContextMenuRequested, this, &SchemaPane::showContextMenu);
    connect(m_editor, &SchemaEditor::applied, this, &SchemaPane::reload);
}

const model::SchemaSnapshot &SchemaPane::snapshot() const
{
    return m_model->snapshot();
}

void SchemaPane::clear()
{
    if (m_pending)
        m_database->cancel(m_pending);
    m_pending = 0;
    m_model->setSnapshot({});
    setStatus(tr("Not connected."));
}

void SchemaPane::reload()
{
    if (m_pending)
        m_database->cancel(m_pending);
    setStatus(tr("Reading the catalog…"));
    m_pending = model::CatalogReader::load(
        *m_database, this,
        [this](model::Ticket ticket, const model::Result<model::SchemaSnapshot> &result) {
            applySnapshot(ticket, result);
        });
}

void SchemaPane::applySnapshot(model::Ticket ticket,
                               const model::Result<model::SchemaSnapshot> &result)
{
    if (ticket != m_pending)
        return; // a newer reload superseded this one
    m_pending = 0;
    if (!result) {
        if (!result.error().isCancelled())
            setStatus(result.error().message, true);
        return;
    }
    m_model->setSnapshot(result.value());
    const model::SchemaSnapshot &snapshot = result.value();
    setStatus(tr("%n table(s) and view(s)", nullptr, snapshot.tableCount()));
    // Open the schemas and their folders so the tables are visible at once.
    m_tree->expandToDepth(1);
    emit snapshotLoaded(snapshot);
}

void SchemaPane::setStatus(const QString &text, bool error)
{
    m_status->setText(text);
    m_status->setStyleSheet(error ? QStringLiteral("color: #b3261e;") : QString());
}

void SchemaPane::activate(const QModelIndex &index)
{
    const auto kind =
        static_cast<SchemaTreeModel::NodeKind>(index.data(SchemaTreeModel::KindRole).toInt());
    if (kind != SchemaTreeModel::NodeKind::Table && kind != SchemaTreeModel::NodeKind::View)
        return;
    emit tableActivated(index.data(SchemaTreeModel::SchemaNameRole).toString(),
                        index.data(SchemaTreeModel::TableNameRole).toString());
}

namespace {

// What Show DDL reads for a node, or nothing for nodes without a definition of their own.
std::optional<model::DdlObject::Kind> ddlKindOf(SchemaTreeModel::NodeKind kind)
{
    using Node = SchemaTreeModel::NodeKind;
    using Ddl = model::DdlObject::Kind;
    switch (kind) {
    case Node::Table:
        return Ddl::Table;
    case Node::View: // views and materialized views: pg_dump tells them apart itself
        return Ddl::View;
    case Node::Enum:
        return Ddl::Enum;
    case Node::Function:
        return Ddl::Function;
    case Node::Sequence:
        return Ddl::Sequence;
    default:
        return std::nullopt;
    }
}

} // namespace

// Open, Open Form, Show DDL and Copy Name for a table or view; Show DDL for an enum, a function
// or a sequence; Copy Name for any named object; Refresh anywhere.
void SchemaPane::showContextMenu(const QPoint &at)
{
    const QModelIndex index = m_tree->indexAt(at);
    const auto kind =
        static_cast<SchemaTreeModel::NodeKind>(index.data(SchemaTreeModel::KindRole).toInt());
    const bool relation = index.isValid() && (kind == SchemaTreeModel::NodeKind::Table ||
                                              kind == SchemaTreeModel::NodeKind::View);
    const QString schema = index.data(SchemaTreeModel::SchemaNameRole).toString();
    const QString table = index.data(SchemaTreeModel::TableNameRole).toString();
    const QString object = index.data(SchemaTreeModel::ObjectNameRole).toString();
    QMenu menu(this);
    if (relation) {
        menu.addAction(tr("Open"), this,
                       [this, schema, table] { emit tableActivated(schema, table); })
            ->setObjectName(QStringLiteral("schemaOpen"));
        menu.addAction(tr("Open Form"), this,
                       [this, schema, table] { emit formRequested(schema, table); })
            ->setObjectName(QStringLiteral("schemaOpenForm"));
    }
    if (const auto ddlKind = ddlKindOf(kind); index.isValid() && ddlKind) {
        model::DdlObject ddl;
        ddl.kind = *ddlKind;
        ddl.schema = schema;
        ddl.name = relation ? table : object;
        menu.addAction(tr("Show DDL"), this, [this, ddl] { showDdl(ddl); })
            ->setObjectName(QStringLiteral("schemaShowDdl"));
    }
    if (index.isValid() && !object.isEmpty()) {
        // As SQL would name it: quotes only where the name needs them.
        static const QRegularExpression plain(QStringLiteral("^[a-z_][a-z0-9_$]*$"));
        const auto sqlName = [](const QString &n) {
            return plain.match(n).hasMatch() ? n : model::quoteIdent(n);
        };
        const QString name = relation ? sqlName(schema) + u'.' + sqlName(table) : object;
        menu.addAction(tr("Copy Name"), this, [name] { QApplication::clipboard()->setText(name); })
            ->setObjectName(QStringLiteral("schemaCopyName"));
    }
    addSchemaChanges(&menu, index);
    if (!menu.isEmpty())
        menu.addSeparator();
    menu.addAction(icon(QStringLiteral("refresh")), tr("Refresh"), this, &SchemaPane::reload)
        ->setObjectName(QStringLiteral("schemaRefreshMenu"));
    menu.exec(m_tree->viewport()->mapToGlobal(at));
}

// Create Table anywhere; the table's changes on a table, the column's on a column, a new
// label on an enum type.
void SchemaPane::addSchemaChanges(QMenu *menu, const QModelIndex &index)
{
    using Node = SchemaTreeModel::NodeKind;
    const auto kind = static_cast<Node>(index.data(SchemaTreeModel::KindRole).toInt());
    const QString schema = index.data(SchemaTreeModel::SchemaNameRole).toString();
    const QString table = index.data(SchemaTreeModel::TableNameRole).toString();
    if (!menu->isEmpty())
        menu->addSeparator();
    m_editor->addCreateTable(menu, schema);
    if (kind == Node::Table)
        m_editor->addTableActions(menu, schema, table);
    if (kind == Node::Column || kind == Node::PrimaryKeyColumn || kind == Node::ForeignKeyColumn)
        m_editor->addColumnActions(menu, schema, table,
                                   index.data(SchemaTreeModel::ObjectNameRole).toString());
    const QString object = index.data(SchemaTreeModel::ObjectNameRole).toString();
    if (kind == Node::Enum)
        m_editor->addEnumActions(menu, schema, object, {});
    if (kind == Node::EnumLabel)
        m_editor->addEnumActions(
            menu, schema, index.parent().data(SchemaTreeModel::ObjectNameRole).toString(), object);
}

void SchemaPane::showDdl(const model::DdlObject &object)
{
    auto *dialog = new DdlDialog(m_database, object, window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_ddlDialog = dialog;
    dialog->show();
}

} // namespace dbx::ui
